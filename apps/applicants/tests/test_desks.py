"""The applicant's and the unit's desks: the next action, its count and link, the deadline that applies."""
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from apps.accounts.roles import Role
from apps.applicants.enums import ApplicationStatus
from apps.applicants.selectors import statuses_awaiting
from apps.applicants.tests.factories import ApplicationFactory
from apps.rounds.enums import RoundStatus
from apps.rounds.tests.factories import RoundFactory

S = ApplicationStatus
DEADLINE = datetime(2030, 5, 31, 17, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_application_is_named_by_its_applicant_and_year(db, applicant_a, unit_a):
    application = ApplicationFactory(round=RoundFactory(year=2026), applicant=applicant_a, unit=unit_a)

    assert str(application) == "王建国 · 2026年度申报"


@pytest.mark.parametrize(
    ("role", "phase", "expected"),
    [
        (Role.APPLICANT, RoundStatus.RECOMMENDING, [S.DRAFT, S.RETURNED]),
        (Role.UNIT_STAFF, RoundStatus.RECOMMENDING, [S.SUBMITTED]),
        (Role.UNIT_STAFF, RoundStatus.REVIEWING, []),
        (Role.PROGRAMME_STAFF, RoundStatus.RECOMMENDING, []),
        (Role.PROGRAMME_STAFF, RoundStatus.REVIEWING, [S.FORWARDED, S.FORMAL_PASSED, S.UNDER_REVIEW, S.PROPOSED]),
        (Role.PROGRAMME_STAFF, RoundStatus.PUBLICITY, [S.APPROVED, S.IN_PUBLICITY]),
    ],
)
def test_what_waits_for_each_role_in_each_phase(role, phase, expected):
    # Written from the rules: the applicant submits (or resubmits) while recommending; the unit
    # reviews what was submitted; the office reviews, proposes and approves, then publicises.
    # Withdrawing, returning and rejecting are never a to-do.
    assert statuses_awaiting(role, RoundFactory.build(status=phase)) == expected


@pytest.mark.django_db
def test_applicant_without_an_application_while_recommending_reads_what_to_do(client, applicant_a):
    RoundFactory(year=2026, recommend_deadline=DEADLINE)
    client.force_login(applicant_a)

    html = client.get(reverse("applicants:dashboard")).content.decode()

    assert "本年度推荐正在进行，推荐截止时间为 <strong>2030年5月31日 17:00</strong>。您还没有本年度的申报。" in html
    # 新建申报 leads to the intake page.
    assert f'href="{reverse("applicants:start")}" data-testid="start-link">' in html
    assert "网上填写申报书的页面正在建设中" not in html


@pytest.mark.django_db
def test_applicant_with_a_returned_application_is_sent_to_it_with_the_reason(client, round, applicant_a, unit_a):
    application = ApplicationFactory(round=round, applicant=applicant_a, unit=unit_a, status=S.RETURNED,
                                     status_reason="缺少技能等级证书")
    client.force_login(applicant_a)

    response = client.get(reverse("applicants:dashboard"))

    html = response.content.decode()
    assert response.context["current"] == application
    assert "原因：“缺少技能等级证书”请按要求修改后重新提交。" in html
    assert f'href="{application.get_absolute_url()}" data-testid="todo-link">查看并办理申报' in html


@pytest.mark.django_db
def test_applicant_whose_application_waits_for_the_unit_has_nothing_to_do(client, round, application_a, applicant_a):
    client.force_login(applicant_a)

    html = client.get(reverse("applicants:dashboard")).content.decode()

    assert "暂无需要您办理的事项。推荐单位审核后，结果将通过通知告知您。" in html


@pytest.mark.django_db
def test_applicant_desk_shows_the_recommend_deadline_only(client, applicant_a):
    RoundFactory(year=2026, recommend_deadline=DEADLINE, expert_review_deadline=DEADLINE.replace(month=7))
    client.force_login(applicant_a)

    response = client.get(reverse("applicants:dashboard"))

    assert [label for label, _ in response.context["deadlines"]] == ["推荐截止"]
    assert "专家评审截止" not in response.content.decode()


@pytest.mark.django_db
def test_unit_desk_counts_the_submitted_applications_and_links_to_them(client, round, unit_a, unit_staff_a):
    ApplicationFactory.create_batch(2, round=round, unit=unit_a, status=S.SUBMITTED)
    ApplicationFactory(round=round, unit=unit_a, status=S.FORWARDED)
    client.force_login(unit_staff_a)

    response = client.get(reverse("units:dashboard"))

    assert [(status, count) for status, _, count in response.context["todo"]] == [(S.SUBMITTED, 2)]
    assert '<a class="list-group-item list-group-item-action px-0" href="?status=submitted" data-testid="todo-submitted">' in (
        response.content.decode()
    )


@pytest.mark.django_db
def test_unit_desk_filters_its_list_by_status(client, round, unit_a, unit_staff_a):
    submitted = ApplicationFactory(round=round, unit=unit_a, status=S.SUBMITTED)
    ApplicationFactory(round=round, unit=unit_a, status=S.FORWARDED)
    client.force_login(unit_staff_a)

    response = client.get(reverse("units:dashboard"), {"status": "submitted"})

    assert list(response.context["page"].object_list) == [submitted]
    # The counts stay those of the whole round.
    assert response.context["status_rows"] == [(S.SUBMITTED, 1), (S.FORWARDED, 1)]


@pytest.mark.django_db
def test_unit_desk_ignores_a_status_it_has_none_of(client, round, unit_a, unit_staff_a):
    ApplicationFactory(round=round, unit=unit_a, status=S.SUBMITTED)
    client.force_login(unit_staff_a)

    response = client.get(reverse("units:dashboard"), {"status": "published"})

    assert (len(response.context["page"].object_list), response.context["status_filter"]) == (1, None)


@pytest.mark.django_db
def test_unit_desk_after_recommending_has_no_todo_and_says_so(client, unit_a, unit_staff_a):
    RoundFactory(year=2026, status=RoundStatus.REVIEWING)
    client.force_login(unit_staff_a)

    response = client.get(reverse("units:dashboard"))

    assert response.context["todo"] == []
    assert "当前处于“评审中”阶段，暂无需要本单位办理的事项。" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 5])
def test_unit_desk_filtered_query_count(client, round, unit_a, unit_staff_a, count, django_assert_num_queries):
    ApplicationFactory.create_batch(count, round=round, unit=unit_a, status=S.SUBMITTED)
    client.force_login(unit_staff_a)

    # The quota places and the unread-notice badge are read with the round (apps/rounds/selectors.unit_desk_version).
    with django_assert_num_queries(6):
        response = client.get(reverse("units:dashboard"), {"status": "submitted"})

    assert len(response.context["page"].object_list) == count
