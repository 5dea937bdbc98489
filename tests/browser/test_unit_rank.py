"""The unit's check in Chromium (issue 10 items 2-3): unit staff return one application, reject one, rank
the rest by dragging, forward within the quota, and see an over-quota forward refused with its message."""
import pytest
from playwright.sync_api import expect

from apps.accounts.roles import Role
from apps.accounts.tests.factories import PASSWORD, UnitStaffFactory, UserFactory
from apps.applicants.enums import ApplicationStatus as S
from apps.applicants.models import Application
from apps.applicants.tests.factories import ApplicationFactory
from apps.core.audit import verify_chain
from apps.core.models import AuditEntry
from apps.rounds.tests.factories import QuotaFactory, RoundFactory
from apps.units.enums import UnitKind
from apps.units.tests.factories import RecommendingUnitFactory

from .pages import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAMES = ("王建国", "李秀英", "张志强", "刘海燕", "陈明")


@pytest.fixture
def unit_with_five():
    """北京市总工会 with five submitted applications and a quota of two places."""
    unit = RecommendingUnitFactory(name="北京市总工会", kind=UnitKind.PROVINCIAL_UNION, region="11")
    UnitStaffFactory(username="zhangwei", display_name="张伟", unit=unit)
    round = RoundFactory(year=2026)
    QuotaFactory(round=round, unit=unit, places=2)
    return [
        ApplicationFactory(
            round=round, unit=unit, status=S.SUBMITTED,
            applicant=UserFactory(username=f"applicant{number}", display_name=name, role=Role.APPLICANT),
        )
        for number, name in enumerate(NAMES)
    ]


def decide(page, live_server, application, move, reason):
    page.goto(f"{live_server.url}{application.get_absolute_url()}")
    page.get_by_label(f"{'退回修改' if move == 'returned' else '不予推荐'}原因（必填）").fill(reason)
    page.get_by_test_id(f"move-{move}").click()


def forward(page, live_server, application):
    page.goto(f"{live_server.url}{application.get_absolute_url()}")
    page.get_by_test_id("forward-opinion").fill("该同志长期扎根生产一线，技术精湛，同意推荐。")
    page.get_by_test_id("attest-political").check()
    page.get_by_test_id("attest-spirit").check()
    page.get_by_test_id("move-forwarded").click()


def names_in_order(page):
    return page.get_by_test_id("rank-name").all_inner_texts()


def test_unit_staff_return_reject_rank_by_dragging_and_forward_within_the_quota(page, live_server, unit_with_five, artifacts_dir):
    returned, rejected, *rest = unit_with_five
    page.on("dialog", lambda dialog: dialog.accept())
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, "zhangwei", PASSWORD)

    decide(page, live_server, returned, "returned", "请补充高级技师证书扫描件。")
    expect(page.get_by_role("status")).to_contain_text("已退回申报人修改。")
    decide(page, live_server, rejected, "unit_rejected", "一线生产现场工作经历不足5年，不符合申报条件。")
    expect(page.get_by_role("status")).to_contain_text("已作出不予推荐的决定。")
    expect(page.get_by_test_id("status")).to_have_text("推荐单位未通过")

    # The ranking lists only the three still standing; drag the last to the top.
    page.goto(f"{live_server.url}/unit/")
    page.get_by_test_id("ranking-link").click()
    expect(page.get_by_test_id("rank-item")).to_have_count(3)
    assert names_in_order(page) == ["张志强", "刘海燕", "陈明"]
    items = page.get_by_test_id("rank-item")
    items.nth(2).locator(".drag-handle").drag_to(items.nth(0).locator(".drag-handle"))
    expect(page.get_by_test_id("rank-name").first).to_have_text("陈明")
    assert page.locator(".rank-number").evaluate_all("inputs => inputs.map(input => input.value)") == ["1", "2", "3"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=artifacts_dir / "unit-ranking.png", full_page=True)
    page.get_by_test_id("save-ranking").click()
    expect(page.get_by_role("status")).to_contain_text("排序已保存。")
    assert names_in_order(page) == ["陈明", "张志强", "刘海燕"]
    chen, zhang, liu = rest[2], rest[0], rest[1]
    assert [Application.objects.get(pk=a.pk).unit_rank for a in (chen, zhang, liu)] == [1, 2, 3]

    # Forward the first two in rank order: the quota's two places.
    for application in (chen, zhang):
        forward(page, live_server, application)
        expect(page.get_by_role("status")).to_contain_text("已推荐报送。")
        expect(page.get_by_test_id("status")).to_have_text("已推荐报送")

    # The third is refused with the quota's own message, and nothing changes.
    forward(page, live_server, liu)
    expect(page.get_by_role("status")).to_contain_text("本单位 2026 年度推荐名额 2 名已用完（已推荐报送 2 名），不能再推荐报送。")
    expect(page.get_by_test_id("status")).to_have_text("已提交")
    page.screenshot(path=artifacts_dir / "unit-over-quota.png", full_page=True)

    statuses = [Application.objects.get(pk=a.pk).status for a in unit_with_five]
    assert statuses == [S.RETURNED, S.UNIT_REJECTED, S.FORWARDED, S.SUBMITTED, S.FORWARDED]
    assert AuditEntry.objects.filter(action="units.recommendingunit.ranked").count() == 1
    assert verify_chain().ok
