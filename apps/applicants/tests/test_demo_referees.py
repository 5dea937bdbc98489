"""seed_demo's referees: every state on the demo applications, letters that pass the real checks, rules kept."""
import io
from collections import Counter

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from apps.applicants import filechecks
from apps.applicants.demo_referees import demo_token
from apps.applicants.enums import ApplicationStatus
from apps.applicants.models import Application, ApplicationSnapshot, Referee
from apps.applicants.referees import referee_for_token, referees_missing, same_employer_reason

pytestmark = pytest.mark.django_db


def test_the_demo_referees_are_in_every_state_and_their_letters_pass_the_checks():
    call_command("seed_demo", stdout=io.StringIO())
    now = timezone.now()

    states = Counter(referee.state_at(now) for referee in Referee.objects.all())
    submitted = Application.objects.exclude(status=ApplicationStatus.DRAFT).filter(applicant__username__startswith="applicant")

    assert states == {"confirmed": 82, "invited": 5, "expired": 3, "replaced": 1}
    assert all(referees_missing(application) == [] for application in submitted)
    # Seeded before the moves: every frozen version holds its three confirmed referees with their letters' hashes.
    snapshots = list(ApplicationSnapshot.objects.all())
    assert snapshots and all(
        [(referee["slot"], referee["status"], len(referee["letter_sha256"])) for referee in snapshot.content["referees"]]
        == [(1, "confirmed", 64), (2, "confirmed", 64), (3, "confirmed", 64)]
        for snapshot in snapshots
    )
    for referee in Referee.objects.select_related("application"):
        assert same_employer_reason(referee.application, employer_name=referee.employer_name, employer_credit_code=referee.employer_credit_code) is None
        if referee.letter_sha256:
            with default_storage.open(referee.letter.name) as stored:
                checked = filechecks.check_upload(SimpleUploadedFile("x", stored.read()))
            assert (checked.sha256, checked.size) == (referee.letter_sha256, referee.letter_size)


def test_a_demo_invited_link_opens_and_seed_demo_prints_one(client):
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    invited = next(referee for referee in Referee.objects.select_related("application__applicant") if referee.state_at(timezone.now()) == "invited")

    found = referee_for_token(demo_token(invited.application.applicant.username, invited.slot))

    assert found == invited
    path = out.getvalue().split("推荐专家确认页（无需登录，演示链接）：")[1].split()[0]
    assert 'data-testid="referee-form"' in client.get(path).content.decode()
