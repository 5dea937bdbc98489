"""The phase change in the API: the read-only check and the move, the office only, Chinese errors."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from apps.core.models import AuditEntry
from apps.notices.models import Notice
from apps.rounds.enums import RoundStatus
from apps.rounds.models import Round
from apps.rounds.tests.factories import QuotaFactory, RoundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def draft(unit_a):
    now = timezone.now()
    round = RoundFactory(
        year=2030, status=RoundStatus.DRAFT, recommend_deadline=now + datetime.timedelta(days=30),
        formal_review_deadline=now + datetime.timedelta(days=50), expert_review_deadline=now + datetime.timedelta(days=70),
    )
    QuotaFactory(round=round, unit=unit_a, places=5)
    return round


def test_the_check_lists_every_blocker_and_changes_nothing(api, draft, programme_staff):
    Round.objects.filter(pk=draft.pk).update(national_target=0)
    api.force_authenticate(programme_staff)

    response = api.get(reverse("api:round-phase-check", args=[draft.pk]))

    body = response.json()
    assert response.status_code == 200
    assert (body["current"], body["to"], body["to_display"], body["can_advance"]) == ("draft", "deployed", "已部署", False)
    assert [blocker["guard"] for blocker in body["blockers"]] == ["has_national_target", "quotas_confirmed"]
    assert body["consequence"].startswith("部署后")
    assert (Round.objects.get(pk=draft.pk).status, AuditEntry.objects.count()) == (RoundStatus.DRAFT, 0)


def test_advancing_a_blocked_round_answers_every_blocker_in_chinese(api, draft, programme_staff):
    Round.objects.filter(pk=draft.pk).update(national_target=0)
    api.force_authenticate(programme_staff)

    response = api.post(reverse("api:round-advance", args=[draft.pk]), {"to": "deployed"}, format="json")

    assert response.status_code == 400
    assert response.json()["error"] == {
        "code": "phase_blocked", "message": "部署前须设定全国培育目标人数。 部署前须分配并确认各推荐单位的推荐名额。", "details": None,
    }
    assert (Round.objects.get(pk=draft.pk).status, Notice.objects.count()) == (RoundStatus.DRAFT, 0)


def test_a_stale_move_is_refused(api, round, programme_staff):
    api.force_authenticate(programme_staff)

    response = api.post(reverse("api:round-advance", args=[round.pk]), {"to": "deployed"}, format="json")

    assert (response.status_code, response.json()["error"]["code"]) == (400, "transition_not_allowed")
    assert response.json()["error"]["message"] == "当前状态“推荐中”不能变更为“已部署”。"


def test_the_office_deploys_a_draft_and_its_units_hear_of_it(api, draft, unit_staff_a, programme_staff):
    Round.objects.filter(pk=draft.pk).update(quotas_confirmed_at=timezone.now())
    api.force_authenticate(programme_staff)

    response = api.post(reverse("api:round-advance", args=[draft.pk]), {"to": "deployed"}, format="json")

    assert (response.status_code, response.json()["status"], response.json()["status_display"]) == (200, "deployed", "已部署")
    assert list(Notice.objects.values_list("recipient", "kind")) == [(unit_staff_a.pk, "round.deployed")]
    assert "贵单位推荐名额为 5 名" in Notice.objects.get().body


def test_unit_staff_may_neither_check_nor_advance(api, draft, unit_staff_a):
    api.force_authenticate(unit_staff_a)

    check = api.get(reverse("api:round-phase-check", args=[draft.pk]))
    move = api.post(reverse("api:round-advance", args=[draft.pk]), {"to": "deployed"}, format="json")

    assert (check.status_code, move.status_code, Round.objects.get(pk=draft.pk).status) == (403, 403, RoundStatus.DRAFT)


def test_an_unknown_phase_is_invalid_input(api, draft, programme_staff):
    api.force_authenticate(programme_staff)

    response = api.post(reverse("api:round-advance", args=[draft.pk]), {"to": "finished"}, format="json")

    assert (response.status_code, response.json()["error"]["code"]) == (400, "invalid")
