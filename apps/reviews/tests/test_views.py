"""The expert's desk."""
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from apps.rounds.enums import RoundStatus
from apps.rounds.tests.factories import RoundFactory

TZ = ZoneInfo("Asia/Shanghai")


@pytest.mark.django_db
def test_expert_desk_shows_the_review_deadline_not_the_recommend_deadline(client, expert):
    RoundFactory(year=2026, status=RoundStatus.REVIEWING, recommend_deadline=datetime(2026, 5, 31, 17, 0, tzinfo=TZ),
                 expert_review_deadline=datetime(2026, 7, 31, 17, 0, tzinfo=TZ))
    client.force_login(expert)

    response = client.get(reverse("reviews:dashboard"))

    html = response.content.decode()
    assert [label for label, _ in response.context["deadlines"]] == ["专家评审截止"]
    assert "2026年7月31日 17:00" in html and "2026年5月31日" not in html
    assert "暂无分配给您的评审任务。全总正在组织形式审查和专家评审委员会" in html


@pytest.mark.django_db
def test_expert_desk_before_any_round(client, expert):
    client.force_login(expert)

    html = client.get(reverse("reviews:dashboard")).content.decode()

    assert "本年度遴选工作尚未部署" in html


@pytest.mark.django_db
@pytest.mark.parametrize("user", ["applicant_a", "unit_staff_a", "programme_staff"])
def test_expert_desk_refuses_other_roles(request, client, round, user):
    client.force_login(request.getfixturevalue(user))

    assert client.get(reverse("reviews:dashboard")).status_code == 403


@pytest.mark.django_db
def test_expert_desk_query_count(client, round, expert, django_assert_num_queries):
    client.force_login(expert)

    # Session, user, the round with the unread-notice badge (no session write: renewal is once a minute),
    # the expert's active assignments (assignments_of) and the desk's list of them.
    with django_assert_num_queries(5):
        client.get(reverse("reviews:dashboard"))
