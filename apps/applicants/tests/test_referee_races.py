"""Two requests at once, on PostgreSQL's row locks: one link confirms once, the last slot goes to one referee."""
import pytest
from django.db import connection

from apps.applicants.models import Referee
from apps.applicants.referees import confirm_by_token, invite_referee
from apps.applicants.tests.referee_helpers import confirm_data, draft, invite, referee_data  # noqa: F401  (draft is a fixture)
from apps.core.audit import verify_chain
from apps.core.exceptions import DomainError
from apps.core.tests.test_locking import run_concurrently

pytestmark = [
    pytest.mark.postgresql,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's row locks"),
    pytest.mark.django_db(transaction=True),
]


def test_two_confirmations_through_one_link_at_once_use_it_once(draft):
    _, token = invite(draft, 0)

    errors = run_concurrently(
        lambda: confirm_by_token(token, **confirm_data(0)),
        lambda: confirm_by_token(token, **confirm_data(0)),
    )

    assert [error.code for error in errors if isinstance(error, DomainError)] == ["link_used"]
    assert Referee.objects.get().status == "confirmed"
    assert verify_chain().ok


def test_two_invitations_for_the_last_slot_at_once_take_it_once(draft):
    invite(draft, 0)
    invite(draft, 1)

    errors = run_concurrently(
        lambda: invite_referee(draft, by=draft.applicant, **referee_data(2)),
        lambda: invite_referee(draft, by=draft.applicant, **referee_data(3)),
    )

    assert [error.code for error in errors if isinstance(error, DomainError)] == ["referees_full"]
    assert sorted(Referee.objects.values_list("slot", flat=True)) == [1, 2, 3]
