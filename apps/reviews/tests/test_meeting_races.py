"""Races on PostgreSQL around the meeting: two generations at once leave one meeting and one list; two
decisions at once record one, the other is refused as frozen, and each listed candidate moves once."""
import datetime

import pytest
from django.db import connection
from django.utils import timezone

from apps.applicants.enums import ApplicationStatus as S
from apps.applicants.models import Application
from apps.core.exceptions import DomainError
from apps.core.models import AuditEntry
from apps.core.tests.test_locking import run_concurrently
from apps.reviews import meeting as services
from apps.reviews.models import Meeting, ProposedEntry
from apps.reviews.tests.test_aggregation import WORLD_1, score_world
from apps.rounds.enums import RoundStatus

requires_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's row locks")
pytestmark = [requires_postgresql, pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(round, unit_a):
    round.status, round.national_target = RoundStatus.REVIEWING, 2
    round.save()
    candidates, _, _ = score_world(round, unit_a, WORLD_1)
    return candidates


def test_two_generations_at_once_leave_one_list(round, world, programme_staff):
    errors = run_concurrently(
        lambda: services.generate_list(round, by=programme_staff),
        lambda: services.generate_list(round, by=programme_staff),
    )

    assert errors == []
    assert Meeting.objects.count() == 1
    assert sorted(ProposedEntry.objects.values_list("application_id", flat=True)) == sorted([world["A"].pk, world["B"].pk])


def test_two_decisions_at_once_record_one(round, world, programme_staff):
    meeting = services.generate_list(round, by=programme_staff)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    services.record_meeting(meeting, by=programme_staff, meeting_date=yesterday, attendees="委员9人", outcome="同意")

    errors = run_concurrently(
        lambda: services.record_decision(meeting, by=programme_staff, decision_date=timezone.localdate(), document_number="甲号"),
        lambda: services.record_decision(meeting, by=programme_staff, decision_date=timezone.localdate(), document_number="乙号"),
    )

    assert [type(e) for e in errors] == [DomainError] and errors[0].code == "list_frozen"
    assert Meeting.objects.get().document_number in ("甲号", "乙号")
    assert AuditEntry.objects.filter(action="reviews.meeting.decided").count() == 1
    assert AuditEntry.objects.filter(action="applicants.application.approved").count() == 2
    assert Application.objects.get(pk=world["A"].pk).status == S.APPROVED
