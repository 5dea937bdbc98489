"""The ranking page, the meeting pages and the exports (views_ranking, selectors_ranking, exports)."""
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from apps.applicants.enums import ApplicationStatus as S
from apps.applicants.models import Application
from apps.core.models import AuditEntry
from apps.reviews.models import Meeting
from apps.reviews.tests.factories import ExpertFactory, PanelFactory
from apps.reviews.tests.test_aggregation import WORLD_1, score_world
from apps.rounds.enums import AggregationRule, RoundStatus
from tests.querycount import assert_query_count_constant

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def reviewing(round):
    round.status, round.national_target, round.aggregation_rule = RoundStatus.REVIEWING, 2, AggregationRule.TRIMMED_MEAN
    round.save()
    return round


@pytest.fixture
def world(reviewing, unit_a):
    candidates, _, _ = score_world(reviewing, unit_a, WORLD_1)
    return candidates


def test_ranking_page_shows_raw_and_normalised_rankings_with_agreement(client, reviewing, world, programme_staff):
    client.force_login(programme_staff)

    response = client.get(reverse("reviews:ranking", args=[reviewing.pk]))

    assert response.status_code == 200
    view = response.context["view"]
    assert [row["application_id"] for row in view.rows] == [world[n].pk for n in "ABC"]
    assert [(row["inside"], row["rank"]) for row in view.rows] == [(True, 1), (True, 2), (False, 3)]
    html = response.content.decode()
    assert "0.310" in html  # Kendall's W of world 1, computed by hand in test_aggregation
    assert "ICC(2,1)" in html
    assert view.disagreeing_count == 3
    assert 'data-testid="line-stable"' in html


def test_ranking_page_banner_names_who_would_cross_the_line(client, reviewing, unit_a, programme_staff):
    """World 2 of test_aggregation: normalised, P enters the top 2 and T leaves."""
    candidates, _, _ = score_world(reviewing, unit_a, {"P": [4, None], "U": [3, None], "Q": [2, None], "R": [None, 8], "T": [None, 7]})
    client.force_login(programme_staff)

    response = client.get(reverse("reviews:ranking", args=[reviewing.pk]))

    view = response.context["view"]
    assert [p.id for p in view.entering] == [candidates["P"].pk] and [p.id for p in view.leaving] == [candidates["T"].pk]
    html = response.content.decode()
    assert 'data-testid="line-banner"' in html
    assert f"{candidates['P'].full_name}（" in html


def test_ranking_page_shows_the_tie_break(client, reviewing, unit_a, programme_staff):
    """X and Y trim to 90; X's plain mean is higher; Y and Z tie on everything and Y applied first."""
    candidates, _, _ = score_world(reviewing, unit_a, {"Y": [6] * 5, "Z": [6] * 5, "X": [4, 6, 6, 6, 10]})
    client.force_login(programme_staff)

    response = client.get(reverse("reviews:ranking", args=[reviewing.pk]))

    assert [row["tie"] for row in response.context["view"].rows] == [
        "", "与上一名同分，按全部评分表平均分排序", "与上一名同分同均分同份数，按申报先后排序",
    ]


def test_ranking_page_query_count_is_constant(client, reviewing, unit_a, programme_staff):
    experts = [ExpertFactory() for _ in range(3)]
    panel = PanelFactory(round=reviewing, industries="C", members=experts)
    client.force_login(programme_staff)

    assert_query_count_constant(
        client, reverse("reviews:ranking", args=[reviewing.pk]),
        grow=lambda n: score_world(reviewing, unit_a, {f"K{i}{n}{id(object())}": [5, 6, 7] for i in range(n)}, panel=panel, experts=experts),
        expected=10,
    )


def test_meeting_page_query_count_is_constant(client, reviewing, unit_a, programme_staff):
    experts = [ExpertFactory() for _ in range(3)]
    panel = PanelFactory(round=reviewing, industries="C", members=experts)
    score_world(reviewing, unit_a, {"K": [5, 6, 7]}, panel=panel, experts=experts)
    client.force_login(programme_staff)
    client.post(reverse("reviews:meeting-generate", args=[reviewing.pk]))
    reviewing.national_target = 200
    reviewing.save()

    def grow(n):
        score_world(reviewing, unit_a, {f"K{i}{id(object())}": [5, 6, 7] for i in range(n)}, panel=panel, experts=experts)
        Meeting.objects.get().entries.all().delete()
        from apps.reviews import meeting

        meeting.generate_list(reviewing, by=programme_staff)

    assert_query_count_constant(client, reverse("reviews:meeting", args=[reviewing.pk]), grow=grow, expected=9)


def test_the_office_generates_records_and_decides_through_the_pages(client, reviewing, world, programme_staff):
    client.force_login(programme_staff)
    meeting_url = reverse("reviews:meeting", args=[reviewing.pk])

    assert client.post(reverse("reviews:meeting-generate", args=[reviewing.pk]))["Location"] == meeting_url
    client.post(reverse("reviews:meeting-add", args=[reviewing.pk]), {"application": world["C"].pk, "reason": "会议研究增补"})
    client.post(reverse("reviews:meeting-record", args=[reviewing.pk]), {
        "meeting_date": TODAY.isoformat(), "attendees": "评审委员会委员9人", "outcome": "同意建议名单",
    })
    confirm = client.get(reverse("reviews:meeting-decide", args=[reviewing.pk]))
    response = client.post(reverse("reviews:meeting-decide", args=[reviewing.pk]), {
        "decision_date": TODAY.isoformat(), "document_number": "总工党〔2026〕12号",
    })

    assert len(confirm.context["view"].entries) == 3
    assert response.status_code == 302
    assert set(Application.objects.filter(pk__in=[a.pk for a in world.values()]).values_list("status", flat=True)) == {S.APPROVED}
    page = client.get(meeting_url).content.decode()
    assert "总工党〔2026〕12号" in page and Meeting.objects.get().decision_hash in page
    verified = client.post(reverse("reviews:meeting-verify", args=[reviewing.pk]))
    assert verified.context["verification"].matches is True
    assert 'data-testid="verification-result">一致<' in verified.content.decode()


def test_a_refused_decision_answers_400_and_changes_nothing(client, reviewing, world, programme_staff):
    client.force_login(programme_staff)
    client.post(reverse("reviews:meeting-generate", args=[reviewing.pk]))

    response = client.post(reverse("reviews:meeting-decide", args=[reviewing.pk]), {"decision_date": "bad", "document_number": ""})

    assert response.status_code == 400
    assert "请先记录评审会议" in response.content.decode()
    assert Meeting.objects.get().decided_at is None


def _sheet_rows(data, name):
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    return [list(row) for row in book[name].iter_rows(values_only=True)]


def test_score_table_export_opens_with_openpyxl_and_holds_no_id_numbers(client, reviewing, world, programme_staff):
    world["A"].resident_id = "110102198005011225"
    world["A"].save()
    client.force_login(programme_staff)

    response = client.get(reverse("reviews:ranking-export", args=[reviewing.pk]))

    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    rows = _sheet_rows(response.content, "评分汇总")
    assert rows[0][:6] == ["排名", "姓名", "推荐单位", "专家组", "评分表份数", "得分（本年度规则）"]
    assert [(row[0], row[1], row[5]) for row in rows[1:]] == [
        (1, world["A"].full_name, 120), (2, world["B"].full_name, 100), (3, world["C"].full_name, 75),
    ]
    scores = _sheet_rows(response.content, "逐项评分")
    assert len(scores) == 1 + 15 and scores[1][3:18] == [8] * 15
    text = repr(rows) + repr(scores)
    assert "110102198005011225" not in text
    assert AuditEntry.objects.filter(action="reviews.export.score_table").count() == 1


def test_proposed_list_export_opens_with_openpyxl(client, reviewing, world, programme_staff):
    client.force_login(programme_staff)
    assert client.get(reverse("reviews:meeting-export", args=[reviewing.pk])).status_code == 404
    client.post(reverse("reviews:meeting-generate", args=[reviewing.pk]))

    response = client.get(reverse("reviews:meeting-export", args=[reviewing.pk]))

    rows = _sheet_rows(response.content, "建议名单")
    assert rows[1][:3] == ["序号", "姓名", "性别"]
    assert [(row[0], row[1], row[5]) for row in rows[2:]] == [(1, world["A"].full_name, 1), (2, world["B"].full_name, 2)]
    assert AuditEntry.objects.filter(action="reviews.export.proposed_list").count() == 1


@pytest.mark.parametrize("name", ["ranking", "ranking-export", "meeting", "meeting-export", "meeting-decide"])
@pytest.mark.parametrize("who", ["expert", "unit_staff_a", "applicant_a"])
def test_experts_units_and_applicants_are_refused(client, reviewing, world, name, who, request):
    client.force_login(request.getfixturevalue(who))

    assert client.get(reverse(f"reviews:{name}", args=[reviewing.pk])).status_code == 403


@pytest.mark.parametrize("name", ["meeting-generate", "meeting-record", "meeting-verify", "meeting-add"])
def test_experts_cannot_post_the_meeting_actions(client, reviewing, world, expert, name):
    client.force_login(expert)

    assert client.post(reverse(f"reviews:{name}", args=[reviewing.pk])).status_code == 403
    assert not Meeting.objects.exists()
