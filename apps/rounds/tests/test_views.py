"""The programme office dashboard."""
import pytest
from django.urls import reverse

from apps.applicants.enums import ApplicationStatus
from apps.applicants.tests.factories import ApplicationFactory
from apps.rounds.enums import RoundStatus
from apps.rounds.tests.factories import RoundFactory

S = ApplicationStatus


@pytest.mark.django_db
def test_office_dashboard_counts_only_what_the_office_sees(client, round, unit_a, programme_staff):
    for status in (S.DRAFT, S.SUBMITTED, S.RETURNED, S.UNIT_REJECTED, S.FORWARDED, S.FORWARDED, S.FORMAL_PASSED):
        ApplicationFactory(round=round, unit=unit_a, status=status)
    earlier = RoundFactory(year=2025, status=RoundStatus.CLOSED)
    ApplicationFactory(round=earlier, unit=unit_a, status=S.PUBLISHED)
    client.force_login(programme_staff)

    response = client.get(reverse("rounds:dashboard"))

    assert (response.context["round"], response.context["status_rows"], response.context["total"]) == (
        round, [(S.FORWARDED, 2), (S.FORMAL_PASSED, 1)], 3
    )
    assert [(item.year, item.application_count) for item in response.context["rounds"]] == [(2026, 3), (2025, 1)]


@pytest.mark.django_db
@pytest.mark.parametrize("user", ["applicant_a", "unit_staff_a", "expert"])
def test_office_dashboard_refuses_other_roles(request, client, round, user):
    client.force_login(request.getfixturevalue(user))

    response = client.get(reverse("rounds:dashboard"))

    assert response.status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 5])
def test_office_dashboard_query_count(client, round, unit_a, programme_staff, count, django_assert_num_queries):
    ApplicationFactory.create_batch(count, round=round, unit=unit_a, status=S.FORWARDED)
    for year in range(2026 - count, 2026):
        RoundFactory(year=year, status=RoundStatus.CLOSED)
    client.force_login(programme_staff)

    # The units' progress is annotated in one query however many units; the current round is picked from
    # the rounds the desk lists (6, down from 7); the unread-notice badge is read with the rounds (5).
    with django_assert_num_queries(5):
        response = client.get(reverse("rounds:dashboard"))

    assert (response.context["total"], len(response.context["rounds"])) == (count, count + 1)


# --- The office's desk: next actions, deadlines, units -----------------------------------------


@pytest.mark.django_db
def test_office_desk_in_review_lists_what_waits_for_the_office_with_counts(client, round, unit_a, unit_b, programme_staff):
    round.status = RoundStatus.REVIEWING
    round.save()
    for unit, status in [(unit_a, S.FORWARDED), (unit_a, S.FORWARDED), (unit_b, S.FORWARDED), (unit_b, S.FORMAL_PASSED),
                         (unit_b, S.SUBMITTED)]:
        ApplicationFactory(round=round, unit=unit, status=status)
    client.force_login(programme_staff)

    response = client.get(reverse("rounds:dashboard"))

    assert [(status, count) for status, _, count in response.context["todo"]] == [
        (S.FORWARDED, 3), (S.FORMAL_PASSED, 1), (S.UNDER_REVIEW, 0), (S.PROPOSED, 0)
    ]
    assert [(unit.name, unit.forwarded_count, unit.awaiting_formal_count) for unit in response.context["units"]] == [
        ("北京市总工会", 2, 2), ("上海市总工会", 2, 1)
    ]
    html = response.content.decode()
    assert f'href="{reverse("rounds:applications")}?status=forwarded"' in html
    assert f'href="{reverse("rounds:applications")}?unit={unit_a.pk}"' in html


@pytest.mark.django_db
def test_office_desk_shows_every_deadline(client, programme_staff):
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    tz = ZoneInfo("Asia/Shanghai")
    RoundFactory(
        year=2026, recommend_deadline=datetime(2026, 5, 31, 17, 0, tzinfo=tz),
        formal_review_deadline=datetime(2026, 6, 30, 17, 0, tzinfo=tz),
        expert_review_deadline=datetime(2026, 7, 31, 17, 0, tzinfo=tz),
        publicity_start=date(2026, 8, 10), publicity_end=date(2026, 8, 16),
    )
    client.force_login(programme_staff)

    response = client.get(reverse("rounds:dashboard"))

    assert [label for label, _ in response.context["deadlines"]] == ["推荐截止", "形式审查截止", "专家评审截止", "公示期"]
    html = response.content.decode()
    assert "2026年5月31日 17:00" in html and "2026年7月31日 17:00" in html and "2026年8月10日 至 2026年8月16日" in html


# --- The office's application list ------------------------------------------------------------


@pytest.mark.django_db
def test_office_list_shows_the_forwarded_applications_of_the_round_filtered_by_unit_and_status(client, round, unit_a, unit_b, programme_staff):
    a_forwarded = ApplicationFactory(round=round, unit=unit_a, status=S.FORWARDED)
    a_passed = ApplicationFactory(round=round, unit=unit_a, status=S.FORMAL_PASSED)
    b_forwarded = ApplicationFactory(round=round, unit=unit_b, status=S.FORWARDED)
    ApplicationFactory(round=round, unit=unit_a, status=S.SUBMITTED)  # not the office's yet
    ApplicationFactory(round=RoundFactory(year=2025, status=RoundStatus.CLOSED), unit=unit_a, status=S.PUBLISHED)
    client.force_login(programme_staff)
    url = reverse("rounds:applications")

    def listed(**params):
        return {application.pk for application in client.get(url, params).context["page"].object_list}

    assert listed() == {a_forwarded.pk, a_passed.pk, b_forwarded.pk}
    assert listed(unit=unit_a.pk) == {a_forwarded.pk, a_passed.pk}
    assert listed(unit=unit_a.pk, status="forwarded") == {a_forwarded.pk}
    assert listed(status="formal_passed") == {a_passed.pk}
    # A value that is not a choice lists everything rather than failing.
    assert listed(unit="x", status="nonsense") == {a_forwarded.pk, a_passed.pk, b_forwarded.pk}


@pytest.mark.django_db
def test_office_list_pages_keep_the_filters(client, round, unit_a, programme_staff):
    ApplicationFactory.create_batch(21, round=round, unit=unit_a, status=S.FORWARDED)
    client.force_login(programme_staff)

    response = client.get(reverse("rounds:applications"), {"unit": unit_a.pk, "page": 2})

    assert (len(response.context["page"].object_list), response.context["page"].paginator.count) == (1, 21)
    assert f"?unit={unit_a.pk}&amp;page=1" in response.content.decode()


@pytest.mark.django_db
def test_office_list_names_applicants_not_ids(client, round, unit_a, applicant_a, programme_staff):
    application = ApplicationFactory(round=round, unit=unit_a, applicant=applicant_a, status=S.FORWARDED)
    client.force_login(programme_staff)

    html = client.get(reverse("rounds:applications")).content.decode()

    assert f'<a href="{application.get_absolute_url()}">王建国</a>' in html
    assert f"#{application.pk}" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("user", ["applicant_a", "unit_staff_a", "expert"])
def test_office_list_refuses_other_roles(request, client, round, user):
    client.force_login(request.getfixturevalue(user))

    assert client.get(reverse("rounds:applications")).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 5])
def test_office_list_query_count(client, round, unit_a, unit_b, programme_staff, count, django_assert_num_queries):
    for unit in (unit_a, unit_b):
        ApplicationFactory.create_batch(count, round=round, unit=unit, status=S.FORWARDED)
    client.force_login(programme_staff)

    # Session, user, round (with the unread-notice badge and the list's data version), the page's count,
    # the unit choices, the page; no session write (apps/core/sessions.py renews at most once a minute).
    with django_assert_num_queries(6):
        response = client.get(reverse("rounds:applications"), {"status": "forwarded"})

    assert len(response.context["page"].object_list) == 2 * count


@pytest.mark.django_db
def test_office_desk_current_round_is_the_newest_deployed_not_a_newer_draft(client, programme_staff):
    RoundFactory(year=2024, status=RoundStatus.CLOSED)
    deployed = RoundFactory(year=2025, status=RoundStatus.RECOMMENDING, title="2025年度遴选")
    RoundFactory(year=2026, status=RoundStatus.DRAFT, title="2026年度遴选")
    client.force_login(programme_staff)

    response = client.get(reverse("rounds:dashboard"))

    assert response.context["round"] == deployed
    assert [item.year for item in response.context["rounds"]] == [2026, 2025, 2024]
    assert '<h2 class="mb-0 me-auto">2025年度遴选</h2>' in response.content.decode()


@pytest.mark.django_db
def test_office_desk_without_a_deployed_round_says_so(client, programme_staff):
    RoundFactory(year=2026, status=RoundStatus.DRAFT)
    client.force_login(programme_staff)

    response = client.get(reverse("rounds:dashboard"))

    assert response.context["round"] is None
    assert "本年度遴选工作尚未部署" in response.content.decode()
