"""Every guarded move posted to the generic status endpoint (page and API) is refused and changes nothing.

The cases come from the table (every move with a named action), posted by its rightful actor in a
state where the named action would succeed, so only the endpoint's refusal stops it.
"""
import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from rest_framework.test import APIClient

from apps.accounts.roles import Role
from apps.applicants.enums import ACTION_LABELS, TRANSITIONS, ApplicationStatus as S
from apps.applicants.models import Application
from apps.applicants.tests.factories import ApplicationFactory
from apps.core.models import AuditEntry
from apps.notices.models import Notice
from apps.rounds.enums import RoundStatus

ACTOR_OF = {Role.APPLICANT: "applicant_a", Role.UNIT_STAFF: "unit_staff_a", Role.PROGRAMME_STAFF: "programme_staff"}
def _sees(user, source):
    # The owner always; unit A once submitted; the office from forwarding on (the unit's recall's source).
    return user == "applicant_a" or (user == "unit_staff_a" and source != S.DRAFT) or (
        user == "programme_staff" and source == S.FORWARDED
    )


GUARDED = [
    pytest.param(source, target, ACTOR_OF[move.actor], id=f"{source}->{target}")
    for (source, target), move in TRANSITIONS.items()
    if move.action
]


def _world(round, unit_a, applicant_a, source, target):
    round.status = min(TRANSITIONS[(source, target)].round_statuses, key=lambda status: status != RoundStatus.RECOMMENDING)
    round.save(update_fields=["status"])
    return ApplicationFactory(round=round, unit=unit_a, applicant=applicant_a, status=source)


def _state(application):
    row = Application.objects.values("status", "status_reason", "submitted_at", "forwarded_at", "updated_at").get(pk=application.pk)
    return row, AuditEntry.objects.count(), Notice.objects.count()


def test_there_are_guarded_moves_to_test():
    # submit, resubmit, forward, the unit's recall of a forward, formal review's pass and fail, the decision's two
    # moves, an upheld objection, publishing
    assert len(GUARDED) == 10


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target", "actor"), GUARDED)
def test_the_status_page_refuses_a_guarded_move_with_400(request, client, round, unit_a, applicant_a, source, target, actor):
    application = _world(round, unit_a, applicant_a, source, target)
    client.force_login(request.getfixturevalue(actor))
    before = _state(application)

    response = client.post(reverse("applicants:change-status", args=[application.pk]), {"to": target, "reason": "试图绕过"})

    assert response.status_code == 400
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        f"“{ACTION_LABELS[target]}”须通过其专门的办理入口办理，此处不能直接变更为“{target.label}”。"
    ]
    assert _state(application) == before


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target", "actor"), GUARDED)
def test_the_status_api_refuses_a_guarded_move_with_400(request, round, unit_a, applicant_a, source, target, actor):
    application = _world(round, unit_a, applicant_a, source, target)
    api = APIClient()
    api.force_login(request.getfixturevalue(actor))
    before = _state(application)

    response = api.post(reverse("api:application-change-status", args=[application.pk]), {"to": target}, format="json")

    assert (response.status_code, response.json()["error"]["code"]) == (400, "named_action_required")
    assert response.json()["error"]["message"].startswith(f"“{ACTION_LABELS[target]}”须通过其专门的办理入口办理")
    assert _state(application) == before


OTHERS = [
    pytest.param(source, target, other, 403 if _sees(other, source) else 404, id=f"{source}->{target}-by-{other}")
    for (source, target), move in TRANSITIONS.items()
    if move.action
    for other in ("applicant_a", "unit_staff_a", "programme_staff")
    if other != ACTOR_OF[move.actor]
]


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target", "other", "http_status"), OTHERS)
def test_the_status_api_refuses_a_guarded_move_to_anyone_else_with_403_or_404(
    request, round, unit_a, applicant_a, source, target, other, http_status
):
    application = _world(round, unit_a, applicant_a, source, target)
    api = APIClient()
    api.force_login(request.getfixturevalue(other))
    before = _state(application)

    response = api.post(reverse("api:application-change-status", args=[application.pk]), {"to": target}, format="json")

    assert response.status_code == http_status
    assert _state(application) == before
