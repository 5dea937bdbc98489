"""The phase change from the office desk (rounds:advance) and the admin: what it does, what blocks it
(every failing precondition at once), the stale and the blocked POST, and the confirmed move."""
import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from apps.applicants.enums import ApplicationStatus
from apps.applicants.tests.factories import ApplicationFactory
from apps.core.models import AuditEntry
from apps.core.tests.html_text import visible_text
from apps.notices.models import Notice
from apps.rounds.enums import RoundStatus
from apps.rounds.models import Round
from apps.rounds.readiness import phase_blockers, phase_check
from apps.rounds.services import allocate_quotas, confirm_quotas
from apps.rounds.tests.factories import RoundFactory, past_schedule

pytestmark = pytest.mark.django_db


def _messages(response):
    return [(m.level_tag, m.message) for m in get_messages(response.wsgi_request)]


def _url(round):
    return reverse("rounds:advance", args=[round.pk])


@pytest.fixture
def bare_draft():
    """A draft with no target, no deadlines and no quotas: every deployment guard refuses."""
    return RoundFactory(year=2031, status=RoundStatus.DRAFT, national_target=0)


@pytest.fixture
def ready_draft(unit_a, unit_b, programme_staff):
    """A draft that may deploy: a schedule ahead, quotas allocated and confirmed over units A and B."""
    now = timezone.now()
    round = RoundFactory(
        year=2032, status=RoundStatus.DRAFT, national_target=10,
        recommend_deadline=now + datetime.timedelta(days=30), formal_review_deadline=now + datetime.timedelta(days=50),
        expert_review_deadline=now + datetime.timedelta(days=70),
    )
    allocate_quotas(round, by=programme_staff)
    confirm_quotas(round, by=programme_staff)
    return Round.objects.get(pk=round.pk)


def _state(round):
    return (Round.objects.get(pk=round.pk).status, AuditEntry.objects.filter(action__startswith="rounds.round.").count(),
            Notice.objects.count())


def test_phase_blockers_lists_every_failing_precondition_with_where_to_fix_it(bare_draft):
    blockers = phase_blockers(bare_draft, RoundStatus.DEPLOYED)

    assert [blocker.guard for blocker in blockers] == ["has_national_target", "has_phase_deadlines", "quotas_confirmed"]
    assert blockers[0].message == "部署前须设定全国培育目标人数。"
    assert "尚缺：推荐截止时间、形式审查截止时间、专家评审截止时间" in blockers[1].message
    assert blockers[1].fix_url == reverse("rounds:round-settings", args=[bare_draft.pk])
    # The office's quota page once it exists (another branch builds it), the admin's list of the round's quotas until then.
    quota_page = (
        reverse("rounds:quotas", args=[bare_draft.pk]) if _resolves("rounds:quotas", bare_draft)
        else reverse("admin:rounds_quota_changelist") + f"?round__id__exact={bare_draft.pk}"
    )
    assert blockers[2].fix_url == quota_page
    assert blockers[2].fix_label == "分配并确认推荐名额"


def _resolves(name, round):
    from django.urls import NoReverseMatch

    try:
        reverse(name, args=[round.pk])
    except NoReverseMatch:
        return False
    return True


def test_phase_blockers_writes_nothing_and_a_move_that_is_not_next_is_one_blocker(bare_draft):
    before = _state(bare_draft)

    blockers = phase_blockers(bare_draft, RoundStatus.REVIEWING)

    assert [(blocker.message, blocker.guard) for blocker in blockers] == [("当前状态“草稿”不能变更为“评审中”。", "")]
    assert _state(bare_draft) == before


def test_leaving_recommending_is_blocked_while_applications_wait_and_counts_each_unit(round, unit_a, unit_b, application_a):
    ApplicationFactory(round=round, unit=unit_b, status=ApplicationStatus.RETURNED)

    check = phase_check(round)

    assert (check.to, check.can_advance) == (RoundStatus.REVIEWING, False)
    assert [blocker.message for blocker in check.blockers] == [
        "推荐截止时间未到，仍有 2 份申报待推荐单位办理或待申报人修改，不能提前结束推荐。"
    ]
    assert [(row.unit_name, row.unsubmitted, row.unforwarded) for row in check.unit_counts] == [
        ("北京市总工会", 0, 1), ("上海市总工会", 1, 0)
    ]


def test_the_page_says_what_the_move_does_and_disables_the_button_when_blocked(client, bare_draft, programme_staff):
    client.force_login(programme_staff)

    response = client.get(_url(bare_draft))

    text = visible_text(response)
    html = response.content.decode()
    assert response.status_code == 200
    assert ("草稿" in text, "已部署" in text, "部署后，推荐单位和申报人可以看到" in text) == (True, True, True)
    assert "以下 3 项条件尚未满足，暂不能推进" in text
    assert "部署前须设定全国培育目标人数。" in text and "部署前须分配并确认各推荐单位的推荐名额。" in text
    assert 'data-testid="confirm-advance" disabled' in html
    assert "各推荐单位的申报情况" not in text  # nothing to count before deployment


def test_a_post_while_blocked_shows_every_blocker_and_changes_nothing(client, bare_draft, programme_staff):
    client.force_login(programme_staff)
    before = _state(bare_draft)

    response = client.post(_url(bare_draft), {"to": RoundStatus.DEPLOYED})

    text = visible_text(response)
    assert response.status_code == 200
    assert "未能推进，阶段没有变更" in text
    assert text.count("部署前须设定全国培育目标人数。") == 2  # in the refusal and in the blocker list
    assert _state(bare_draft) == before


def test_a_stale_post_is_refused_with_a_clear_message(client, round, programme_staff):
    client.force_login(programme_staff)
    before = _state(round)

    response = client.post(_url(round), {"to": RoundStatus.DEPLOYED})

    assert (response.status_code, response.url) == (302, _url(round))
    assert _messages(response) == [(
        "error", "本页面已过期：2026年度大国工匠人才培养工程遴选当前处于“推荐中”阶段，不能推进到“已部署”阶段。请核对后重新确认。"
    )]
    assert _state(round) == before


def test_confirming_deploys_the_round_audits_it_and_sends_its_notices(client, ready_draft, unit_staff_a, programme_staff):
    client.force_login(programme_staff)

    response = client.post(_url(ready_draft), {"to": RoundStatus.DEPLOYED})

    assert (response.status_code, response.url) == (302, reverse("rounds:dashboard"))
    assert _messages(response) == [("success", "2032年度大国工匠人才培养工程遴选已进入“已部署”阶段，相关通知已发出。")]
    assert Round.objects.get(pk=ready_draft.pk).status == RoundStatus.DEPLOYED
    entry = AuditEntry.objects.get(action="rounds.round.deployed")
    assert (entry.actor_id, entry.data) == (programme_staff.pk, {"previous": "draft"})
    assert list(Notice.objects.values_list("recipient_id", "kind")) == [(unit_staff_a.pk, "round.deployed")]


def test_the_ready_page_has_an_enabled_button_and_no_blockers(client, ready_draft, programme_staff):
    client.force_login(programme_staff)

    response = client.get(_url(ready_draft))

    html = response.content.decode()
    assert 'data-testid="no-blockers"' in html
    assert 'data-testid="confirm-advance">' in html


def test_a_closed_round_offers_no_move(client, programme_staff):
    closed = RoundFactory(year=2020, status=RoundStatus.CLOSED)
    client.force_login(programme_staff)

    response = client.get(_url(closed))

    assert "已是最后阶段，无法继续推进" in visible_text(response)
    assert 'name="to"' not in response.content.decode()


def test_the_desk_links_its_phase_strip_and_every_round_to_the_phase_page(client, round, bare_draft, programme_staff):
    client.force_login(programme_staff)

    response = client.get(reverse("rounds:dashboard"))

    html = response.content.decode()
    assert f'href="{_url(round)}" data-testid="advance-link"' in html
    assert "推进到“评审中”阶段…" in visible_text(response)
    assert f'href="{_url(bare_draft)}" data-testid="round-advance-2031"' in html


def test_the_admin_confirmation_shows_the_same_blockers_and_disables_its_button(client, bare_draft, programme_staff):
    client.force_login(programme_staff)

    response = client.get(reverse("admin:rounds_round_advance", args=[bare_draft.pk]))

    text = visible_text(response)
    assert [blocker.guard for blocker in response.context["check"].blockers] == [
        "has_national_target", "has_phase_deadlines", "quotas_confirmed"
    ]
    assert "以下 3 项条件尚未满足，暂不能推进" in text
    assert 'value="确认推进到“已部署”阶段" disabled' in response.content.decode()


def test_past_schedule_rounds_move_through_every_phase_from_the_desk(client, programme_staff):
    round = RoundFactory(year=2033, status=RoundStatus.DEPLOYED, **past_schedule())
    client.force_login(programme_staff)

    for to in (RoundStatus.RECOMMENDING, RoundStatus.REVIEWING, RoundStatus.PUBLICITY, RoundStatus.PUBLISHED, RoundStatus.CLOSED):
        client.post(_url(round), {"to": to})
        assert Round.objects.get(pk=round.pk).status == to


def test_the_blocker_of_leaving_recommending_links_to_the_counts_on_the_page(round, application_a):
    (blocker,) = phase_check(round).blockers

    assert (blocker.guard, blocker.fix_url, blocker.fix_label) == ("recommending_finished", "#unit-counts", "查看各单位尚未办理的申报")


def test_the_phase_page_costs_the_same_queries_for_few_or_many_units(client, round, programme_staff, assert_constant_queries):
    from apps.units.tests.factories import RecommendingUnitFactory

    def grow(n):
        for unit in RecommendingUnitFactory.create_batch(n):
            ApplicationFactory(round=round, unit=unit, status=ApplicationStatus.SUBMITTED)

    client.force_login(programme_staff)

    # The session and user, the round, the counts by unit, the guard's pending count, the unread notices badge.
    assert_constant_queries(client, _url(round), grow=grow, expected=6)
