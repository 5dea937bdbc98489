"""Deploying a round from the office desk, in Chromium: the office opens the phase page of a draft with
confirmed quotas, reads what the move does, confirms; a unit's staff then find the deployment notice
with their own quota in the inbox, and the mail went out. A draft without confirmed quotas shows its
blocker and a disabled button. Screenshots at 1366x900 and 390x844 in var/screenshots/round-phases-*."""
import datetime

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from apps.accounts.roles import Role
from apps.accounts.tests.factories import UnitStaffFactory, UserFactory
from apps.rounds.enums import RoundStatus
from apps.rounds.models import Quota, Round
from apps.rounds.services import allocate_quotas, confirm_quotas, create_round
from apps.units.enums import UnitKind
from apps.units.tests.factories import RecommendingUnitFactory

from .test_pages import SIZES, check_page, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _schedule(year):
    at_five = lambda month, day: timezone.make_aware(datetime.datetime(year, month, day, 17, 0))  # noqa: E731
    return {
        "recommend_deadline": at_five(4, 30), "formal_review_deadline": at_five(5, 31), "expert_review_deadline": at_five(6, 30),
        "publicity_start": datetime.date(year, 7, 10), "publicity_end": datetime.date(year, 7, 16),
    }


@pytest.fixture
def desk_world():
    office = UserFactory(username="zhaomin", display_name="赵敏", role=Role.PROGRAMME_STAFF)
    beijing = RecommendingUnitFactory(name="北京市总工会", kind=UnitKind.PROVINCIAL_UNION, region="11")
    shanghai = RecommendingUnitFactory(name="上海市总工会", kind=UnitKind.PROVINCIAL_UNION, region="31")
    staff = UnitStaffFactory(username="zhangwei", display_name="张伟", unit=beijing, email="zhangwei@example.com")
    UnitStaffFactory(username="liuyang", display_name="刘洋", unit=shanghai, email="liuyang@example.com")
    ready = create_round(Round(year=2027, national_target=20, **_schedule(2027)), by=office)
    allocate_quotas(ready, by=office)
    confirm_quotas(ready, by=office)
    unconfirmed = create_round(Round(year=2028, national_target=20, **_schedule(2028)), by=office)
    places = Quota.objects.get(round=ready, unit=beijing).places
    return {"office": office, "staff": staff, "ready": ready, "unconfirmed": unconfirmed, "places": places}


def test_the_office_deploys_a_round_and_each_units_staff_read_their_quota(page, live_server, desk_world, eager_tasks, artifacts_dir):
    ready, places = desk_world["ready"], desk_world["places"]
    page.set_viewport_size(SIZES["desktop"])
    signed_in(page, live_server, desk_world["office"])
    page.goto(f"{live_server.url}/office/")
    page.get_by_test_id("round-advance-2027").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("推进阶段")
    expect(page.get_by_test_id("next-phase")).to_have_text("已部署")
    expect(page.get_by_test_id("consequence")).to_contain_text("部署后，推荐单位和申报人可以看到本年度遴选的安排")
    expect(page.get_by_test_id("no-blockers")).to_be_visible()
    check_page(page, live_server, None, artifacts_dir / "round-phases-ready-desktop.png", "desktop")
    page.set_viewport_size(SIZES["phone"])
    check_page(page, live_server, None, artifacts_dir / "round-phases-ready-phone.png", "phone")
    page.set_viewport_size(SIZES["desktop"])

    page.get_by_test_id("confirm-advance").click()

    expect(page.locator(".messages")).to_contain_text("2027年度大国工匠人才培养工程遴选已进入“已部署”阶段")
    assert Round.objects.get(pk=ready.pk).status == RoundStatus.DEPLOYED
    expect(page.get_by_test_id("round-phase")).to_have_text("已部署")
    check_page(page, live_server, None, artifacts_dir / "round-phases-deployed-desk-desktop.png", "desktop")

    page.context.clear_cookies()
    signed_in(page, live_server, desk_world["staff"])
    page.goto(f"{live_server.url}/notices/")
    notice = page.locator(".notices li").filter(has_text="关于开展2027年度大国工匠人才培养工程遴选工作的通知")
    expect(notice).to_contain_text(f"贵单位推荐名额为 {places} 名")
    expect(notice).to_contain_text("北京市总工会：")
    expect(notice).to_contain_text("推荐截止时间：2027年4月30日 17:00")
    check_page(page, live_server, None, artifacts_dir / "round-phases-unit-inbox-desktop.png", "desktop")
    page.set_viewport_size(SIZES["phone"])
    check_page(page, live_server, None, artifacts_dir / "round-phases-unit-inbox-phone.png", "phone")

    sent = {message.to[0]: message for message in mail.outbox}
    assert set(sent) == {"zhangwei@example.com", "liuyang@example.com"}
    assert f"贵单位推荐名额为 {places} 名" in sent["zhangwei@example.com"].body
    assert sent["liuyang@example.com"].body.startswith("上海市总工会：")


@pytest.mark.parametrize("size", list(SIZES))
def test_a_draft_without_confirmed_quotas_shows_its_blocker_and_a_disabled_button(page, live_server, desk_world, size, artifacts_dir):
    page.set_viewport_size(SIZES[size])
    signed_in(page, live_server, desk_world["office"])
    page.goto(f"{live_server.url}/office/")
    page.get_by_test_id("round-advance-2028").click()

    expect(page.get_by_test_id("blocker")).to_have_text([
        "部署前须分配并确认各推荐单位的推荐名额。 分配并确认推荐名额"
    ])
    expect(page.get_by_test_id("confirm-advance")).to_be_disabled()
    check_page(page, live_server, None, artifacts_dir / f"round-phases-blocked-{size}.png", size)
    assert Round.objects.get(pk=desk_world["unconfirmed"].pk).status == RoundStatus.DRAFT
