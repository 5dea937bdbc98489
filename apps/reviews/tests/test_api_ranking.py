"""The ranking and meeting endpoints under /api/v1/ (api_ranking): the same services as the pages."""
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from apps.applicants.enums import ApplicationStatus as S
from apps.applicants.models import Application
from apps.reviews.models import Meeting
from apps.reviews.tests.test_aggregation import WORLD_1, score_world
from apps.rounds.enums import AggregationRule, RoundStatus

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate().isoformat()


@pytest.fixture
def world(round, unit_a):
    round.status, round.national_target, round.aggregation_rule = RoundStatus.REVIEWING, 2, AggregationRule.TRIMMED_MEAN
    round.save()
    candidates, _, _ = score_world(round, unit_a, WORLD_1)
    return candidates


def url(name, round, **kwargs):
    return reverse(f"api:round-{name}", kwargs={"pk": round.pk, **kwargs})


def test_ranking_endpoint_gives_both_rankings_and_agreement(client, round, world, programme_staff):
    client.force_login(programme_staff)

    data = client.get(url("ranking", round)).json()

    assert data["count"] == 3 and data["target"] == 2
    assert [(row["id"], row["rank"], row["score"]) for row in data["results"]] == [
        (world["A"].pk, 1, 120), (world["B"].pk, 2, 100), (world["C"].pk, 3, 75),
    ]
    assert data["panels"][0]["kendall_w"] == pytest.approx(0.31) and data["panels"][0]["icc_model"] == "ICC(2,1)"
    assert len(data["panels"][0]["icc"]) == 15 and len(data["experts"]) == 5
    assert data["entering"] == [] and data["leaving"] == []


def test_the_office_runs_the_meeting_through_the_api(client, round, world, programme_staff):
    client.force_login(programme_staff)

    generated = client.post(url("meeting-generate", round)).json()
    added = client.post(url("meeting-add", round), {"application": world["C"].pk, "reason": "会议研究增补"}, content_type="application/json")
    entry_b = next(e for e in added.json()["entries"] if e["application_id"] == world["B"].pk)
    client.post(url("meeting-remove", round, entry_pk=entry_b["id"]), {"reason": "待核实"}, content_type="application/json")
    client.post(url("meeting-record", round), {"meeting_date": TODAY, "attendees": "委员9人", "outcome": "同意"}, content_type="application/json")
    decided = client.post(url("meeting-decide", round), {"decision_date": TODAY, "document_number": "总工党〔2026〕12号"}, content_type="application/json")
    verified = client.post(url("meeting-verify", round))

    assert [e["application_id"] for e in generated["entries"]] == [world["A"].pk, world["B"].pk]
    assert decided.status_code == 200 and decided.json()["meeting"]["frozen"] is True
    assert [e["application_id"] for e in decided.json()["entries"]] == [world["A"].pk, world["C"].pk]
    assert decided.json()["meeting"]["decision_hash"] == Meeting.objects.get().decision_hash
    assert verified.json()["matches"] is True
    statuses = dict(Application.objects.filter(pk__in=[a.pk for a in world.values()]).values_list("pk", "status"))
    assert statuses == {world["A"].pk: S.APPROVED, world["B"].pk: S.UNDER_REVIEW, world["C"].pk: S.APPROVED}
    refused = client.post(url("meeting-add", round), {"application": world["B"].pk, "reason": "再增补"}, content_type="application/json")
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "list_frozen"


def test_a_decision_before_the_meeting_answers_400(client, round, world, programme_staff):
    client.force_login(programme_staff)
    client.post(url("meeting-generate", round))

    response = client.post(url("meeting-decide", round), {"decision_date": TODAY, "document_number": "文号"}, content_type="application/json")

    assert response.status_code == 400
    assert Meeting.objects.get().decided_at is None


def test_exports_through_the_api_open_with_openpyxl(client, round, world, programme_staff):
    client.force_login(programme_staff)
    client.post(url("meeting-generate", round))

    scores = client.get(url("ranking-export", round))
    listed = client.get(url("meeting-export", round))

    assert openpyxl.load_workbook(io.BytesIO(b"".join(scores))).sheetnames == ["评分汇总", "逐项评分"]
    assert openpyxl.load_workbook(io.BytesIO(b"".join(listed))).sheetnames == ["建议名单"]


@pytest.mark.parametrize("who", ["expert", "unit_staff_a", "applicant_a"])
def test_the_api_refuses_everyone_but_the_office(client, round, world, who, request):
    client.force_login(request.getfixturevalue(who))

    assert client.get(url("ranking", round)).status_code == 403
    assert client.get(url("ranking-export", round)).status_code == 403
    assert client.post(url("meeting-generate", round)).status_code == 403
    assert not Meeting.objects.exists()
