"""The desks' cached bodies (apps/core/fragments.py): a repeat visit renders only the shell, yet a change
shows at the next request, one user's body never reaches another, and Redis down costs a render only."""
import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.accounts.tests.factories import UnitStaffFactory
from apps.applicants.enums import ApplicationStatus as S
from apps.applicants.models import Application
from apps.applicants.services import set_application_status
from apps.applicants.tests.factories import ApplicationFactory
from apps.notices.tests.factories import NoticeFactory
from apps.notices.tests.outage import redis_down
from apps.rounds.tests.factories import QuotaFactory
from apps.units.ranking import rank_candidates
from tests.querycount import capture_queries

QUICK = 3  # seconds: a desk that waited on an unreachable Redis per cache call would take longer


def _rendered(response):
    return [template.name for template in response.templates]


@pytest.mark.django_db
def test_unit_desk_repeat_visit_renders_only_the_shell(client, round, unit_a, unit_staff_a, application_a):
    client.force_login(unit_staff_a)
    first, first_queries = capture_queries(client, reverse("units:dashboard"))

    second, second_queries = capture_queries(client, reverse("units:dashboard"))

    assert "units/dashboard_body.html" in _rendered(first)
    assert "units/dashboard_body.html" not in _rendered(second)
    assert (len(first_queries), len(second_queries)) == (6, 3)
    assert second.content.decode().count("王建国") == first.content.decode().count("王建国") == 1


@pytest.mark.django_db
def test_unit_desk_shows_a_returned_application_at_once(client, round, unit_a, unit_staff_a, application_a):
    client.force_login(unit_staff_a)
    before = client.get(reverse("units:dashboard")).content.decode()

    set_application_status(application_a, S.RETURNED, by=unit_staff_a, reason="缺少证明材料")
    after = client.get(reverse("units:dashboard")).content.decode()

    assert '<span class="status status-submitted">已提交</span>' in before
    assert '<span class="status status-returned">' in after
    assert '<span class="status status-submitted">已提交</span>' not in after


@pytest.mark.django_db
def test_unit_desk_shows_a_new_submission_and_an_edited_quota_at_once(client, round, unit_a, unit_staff_a, quota_a, applicant_b):
    client.force_login(unit_staff_a)
    before = client.get(reverse("units:dashboard")).content.decode()

    ApplicationFactory(round=round, unit=unit_a, applicant=applicant_b, status=S.SUBMITTED)
    quota_a.places = 5
    quota_a.save()
    after = client.get(reverse("units:dashboard")).content.decode()

    assert "李秀英" not in before and "已用 <strong>0</strong> / 2" in before
    assert "李秀英" in after and "已用 <strong>0</strong> / 5" in after


@pytest.mark.django_db
def test_unit_desk_shows_a_write_that_commits_after_a_newer_one(client, round, unit_a, unit_staff_a, application_a, applicant_b):
    # Two overlapping writes: X is saved first (its updated_at is older) but commits after Y. A body
    # rendered between the two commits must not survive X's commit, though the newest updated_at is Y's.
    other = ApplicationFactory(round=round, unit=unit_a, applicant=applicant_b, status=S.SUBMITTED)
    x_saved_at = timezone.now()
    client.force_login(unit_staff_a)
    set_application_status(other, S.RETURNED, by=unit_staff_a, reason="缺少证明材料")  # Y, committed first
    between = client.get(reverse("units:dashboard")).content.decode()

    Application.objects.filter(pk=application_a.pk).update(employer_name="中国中车集团", updated_at=x_saved_at)  # X lands
    after = client.get(reverse("units:dashboard")).content.decode()

    assert "中国中车集团" not in between
    assert "中国中车集团" in after


@pytest.mark.django_db
def test_unit_desk_shows_a_new_ranking_at_once(client, round, unit_a, unit_staff_a, application_a, applicant_b):
    other = ApplicationFactory(round=round, unit=unit_a, applicant=applicant_b, status=S.SUBMITTED)
    client.force_login(unit_staff_a)
    rank_candidates(unit_a, round, [application_a.pk, other.pk], by=unit_staff_a)
    before = client.get(reverse("units:dashboard")).content.decode()

    rank_candidates(unit_a, round, [other.pk, application_a.pk], by=unit_staff_a)
    after = client.get(reverse("units:dashboard")).content.decode()

    assert before.index("王建国") < before.index("李秀英")
    assert after.index("李秀英") < after.index("王建国")


@pytest.mark.django_db
def test_unit_desk_filters_are_cached_apart(client, round, unit_a, unit_staff_a, application_a):
    ApplicationFactory(round=round, unit=unit_a, status=S.RETURNED)
    client.force_login(unit_staff_a)
    client.get(reverse("units:dashboard"))

    response = client.get(reverse("units:dashboard"), {"status": "returned"})

    assert "王建国" not in response.content.decode()
    assert response.context["page"].paginator.count == 1


@pytest.mark.django_db
def test_unread_notice_shows_at_once_on_a_cached_desk(client, round, unit_a, unit_staff_a, application_a):
    client.force_login(unit_staff_a)
    client.get(reverse("units:dashboard"))

    NoticeFactory(recipient=unit_staff_a)
    response = client.get(reverse("units:dashboard"))

    assert "units/dashboard_body.html" not in _rendered(response)  # the body from the cache, the badge fresh
    assert 'data-testid="unread-count">1</span>' in response.content.decode()


@pytest.mark.django_db
def test_a_desk_body_never_reaches_another_user_with_the_same_data(client, round, unit_a, unit_staff_a):
    colleague = UnitStaffFactory(username="unit_a_2", display_name="孙丽", unit=unit_a)
    client.force_login(unit_staff_a)
    client.get(reverse("units:dashboard"))
    client.force_login(colleague)

    response = client.get(reverse("units:dashboard"))

    assert "units/dashboard_body.html" in _rendered(response)  # the same unit and data, but its own body
    assert 'data-testid="current-user">孙丽' in response.content.decode()


@pytest.mark.django_db
def test_applicant_desks_of_two_applicants_without_applications_stay_apart(client, round, applicant_a, applicant_b):
    client.force_login(applicant_a)
    client.get(reverse("applicants:dashboard"))
    client.force_login(applicant_b)

    response = client.get(reverse("applicants:dashboard"))

    body = response.content.decode()
    assert '<small class="d-block d-sm-inline">李秀英</small>' in body
    assert "王建国" not in body


@pytest.mark.django_db
def test_applicant_desk_shows_a_returned_application_at_once(client, round, unit_a, unit_staff_a, applicant_a, application_a):
    client.force_login(applicant_a)
    before = client.get(reverse("applicants:dashboard")).content.decode()

    set_application_status(application_a, S.RETURNED, by=unit_staff_a, reason="缺少证明材料")
    after = client.get(reverse("applicants:dashboard")).content.decode()

    assert "缺少证明材料" not in before
    assert "推荐单位已将申报退回修改，原因：“缺少证明材料”" in after


@pytest.mark.django_db
def test_applicant_desk_hides_the_start_link_once_the_deadline_passes(client, round, applicant_a):
    round.recommend_deadline = timezone.now() + timedelta(seconds=1)
    round.save()
    client.force_login(applicant_a)
    before = client.get(reverse("applicants:dashboard")).content.decode()

    time.sleep(1.1)  # nothing saved: only the clock moved
    after = client.get(reverse("applicants:dashboard")).content.decode()

    assert 'data-testid="start-link"' in before
    assert 'data-testid="start-link"' not in after


@pytest.mark.django_db
def test_office_desk_and_list_show_a_forwarded_application_at_once(client, round, unit_a, programme_staff, application_a):
    client.force_login(programme_staff)
    desk_before = client.get(reverse("rounds:dashboard")).content.decode()
    list_before = client.get(reverse("rounds:applications")).content.decode()

    application_a.status, application_a.forwarded_at = S.FORWARDED, timezone.now()
    application_a.save()
    desk_after = client.get(reverse("rounds:dashboard")).content.decode()
    list_after = client.get(reverse("rounds:applications")).content.decode()

    assert 'data-testid="unit-progress"' not in desk_before and "王建国" not in list_before
    assert "北京市总工会" in desk_after and 'data-testid="unit-progress"' in desk_after
    assert "王建国" in list_after


@pytest.mark.django_db
def test_office_list_shows_a_renamed_unit_at_once(client, round, unit_a, programme_staff, application_a):
    application_a.status, application_a.forwarded_at = S.FORWARDED, timezone.now()
    application_a.save()
    client.force_login(programme_staff)
    url = f"{reverse('rounds:applications')}?unit={unit_a.pk}"
    before = client.get(url).content.decode()

    unit_a.name = "北京市总工会（新）"
    unit_a.save()
    after = client.get(url).content.decode()

    assert "<title>推荐人选 · 北京市总工会 ·" in before
    assert "<title>推荐人选 · 北京市总工会（新） ·" in after
    assert after.count("北京市总工会（新）") >= 2  # the title and the filter's option


@pytest.mark.django_db
def test_expert_desk_shows_a_phase_change_at_once(client, round, expert):
    client.force_login(expert)
    before = client.get(reverse("reviews:dashboard")).content.decode()

    round.status = "reviewing"
    round.save()
    after = client.get(reverse("reviews:dashboard")).content.decode()

    assert "全总正在组织形式审查" not in before
    assert "全总正在组织形式审查" in after


@pytest.mark.django_db
@pytest.mark.parametrize(
    "user, url, text",
    [
        ("unit_staff_a", "units:dashboard", "王建国"),
        ("applicant_a", "applicants:dashboard", "2026年度申报"),
        ("programme_staff", "rounds:dashboard", "历年遴选"),
        ("programme_staff", "rounds:applications", "推荐人选"),
        ("expert", "reviews:dashboard", "暂无分配给您的评审任务"),
    ],
)
def test_desks_render_while_redis_is_down(request, client, round, unit_a, application_a, user, url, text):
    client.force_login(request.getfixturevalue(user))

    with redis_down():
        started = time.perf_counter()
        first = client.get(reverse(url))
        second = client.get(reverse(url))
        elapsed = time.perf_counter() - started

    assert (first.status_code, second.status_code) == (200, 200)
    assert text in first.content.decode() and text in second.content.decode()
    assert elapsed < QUICK, f"two desk requests took {elapsed:.1f} s with Redis down"


@pytest.mark.django_db
def test_fragment_cache_can_be_turned_off(client, settings, round, unit_a, unit_staff_a, application_a):
    settings.FRAGMENT_CACHE_SECONDS = 0
    client.force_login(unit_staff_a)
    client.get(reverse("units:dashboard"))

    response = client.get(reverse("units:dashboard"))

    assert "units/dashboard_body.html" in _rendered(response)


@pytest.mark.django_db
def test_unit_desk_of_another_unit_with_a_quota_of_its_own(client, round, unit_a, unit_b, unit_staff_a, unit_staff_b, quota_a):
    QuotaFactory(round=round, unit=unit_b, places=7)
    client.force_login(unit_staff_a)
    client.get(reverse("units:dashboard"))
    client.force_login(unit_staff_b)

    response = client.get(reverse("units:dashboard"))

    assert "已用 <strong>0</strong> / 7" in response.content.decode()
    assert "北京市总工会" not in response.content.decode()
