"""Formal review in Chromium: from the office desk of a reviewing round, the office opens the queue,
reads each candidate's checks, passes the clean ones in one confirmed step, fails one whose checks
fail with a reason, and the unit's staff read the failure in their inbox. Screenshots at 1366x900 and
390x844 in var/screenshots/formal-review-*."""
import pytest
from playwright.sync_api import expect

from apps.accounts.roles import Role
from apps.accounts.tests.factories import UnitStaffFactory, UserFactory
from apps.applicants.enums import ApplicationStatus as S
from apps.applicants.models import Application
from apps.applicants.tests.factories import ApplicationFactory
from apps.reviews.tests.test_formal import complete
from apps.rounds.enums import RoundStatus
from apps.rounds.tests.factories import QuotaFactory, RoundFactory
from apps.units.enums import UnitKind
from apps.units.tests.factories import RecommendingUnitFactory

from .test_pages import SIZES, check_page, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def reviewing_world():
    office = UserFactory(username="zhaomin", display_name="赵敏", role=Role.PROGRAMME_STAFF)
    beijing = RecommendingUnitFactory(name="北京市总工会", kind=UnitKind.PROVINCIAL_UNION, region="11")
    staff = UnitStaffFactory(username="zhangwei", display_name="张伟", unit=beijing)
    round = RoundFactory(year=2026, status=RoundStatus.REVIEWING)
    QuotaFactory(round=round, unit=beijing, places=3)
    names = ["王建国", "李秀英", "陈志强"]
    applications = [
        complete(ApplicationFactory(
            round=round, unit=beijing, status=S.FORWARDED, unit_rank=rank,
            applicant=UserFactory(display_name=name, role=Role.APPLICANT),
        ), frontline_years=3 if name == "陈志强" else 12)
        for rank, name in enumerate(names, start=1)
    ]
    return {"office": office, "staff": staff, "round": round, "applications": applications}


def test_the_office_passes_the_clean_candidates_and_fails_one_with_a_reason(page, live_server, reviewing_world, artifacts_dir):
    world = reviewing_world
    page.on("dialog", lambda dialog: dialog.accept())
    page.set_viewport_size(SIZES["desktop"])
    signed_in(page, live_server, world["office"])
    page.goto(f"{live_server.url}/office/")
    page.get_by_test_id("desk-formal-review").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("形式审查")
    rows = page.get_by_test_id("formal-row")
    expect(rows).to_have_count(3)
    expect(page.locator('[data-testid="formal-row"][data-clean="no"]')).to_contain_text("陈志强")
    expect(page.locator('[data-testid="formal-row"][data-clean="no"]')).to_contain_text("一线生产工作满5年")
    check_page(page, live_server, None, artifacts_dir / "formal-review-queue-desktop.png", "desktop")
    page.set_viewport_size(SIZES["phone"])
    check_page(page, live_server, None, artifacts_dir / "formal-review-queue-phone.png", "phone")
    page.set_viewport_size(SIZES["desktop"])

    page.get_by_test_id("pass-clean-link").click()
    expect(page.get_by_test_id("pass-clean-summary")).to_contain_text("以下 2 名人选")
    expect(page.get_by_test_id("pass-clean-list")).not_to_contain_text("陈志强")
    check_page(page, live_server, None, artifacts_dir / "formal-review-pass-clean-desktop.png", "desktop")
    page.get_by_test_id("confirm-pass-clean").click()

    expect(page.locator(".messages")).to_contain_text("已通过 2 名人选的形式审查")
    expect(rows).to_have_count(1)
    rows.first.get_by_role("link", name="审查").click()

    expect(page.locator('[data-check="frontline_years"]')).to_contain_text("填报一线生产工作 3 年（须满 5 年）")
    check_page(page, live_server, None, artifacts_dir / "formal-review-decide-desktop.png", "desktop")
    page.set_viewport_size(SIZES["phone"])
    check_page(page, live_server, None, artifacts_dir / "formal-review-decide-phone.png", "phone")
    page.set_viewport_size(SIZES["desktop"])
    page.get_by_test_id("decision").get_by_label("不通过原因（必填）").fill("一线生产工作年限不足5年")
    page.get_by_test_id("formal-fail").click()

    expect(page.locator(".messages")).to_contain_text("陈志强")
    expect(page.get_by_test_id("empty-state")).to_contain_text("没有待形式审查的人选")
    statuses = dict(Application.objects.values_list("applicant__display_name", "status"))
    assert statuses == {"王建国": S.FORMAL_PASSED, "李秀英": S.FORMAL_PASSED, "陈志强": S.FORMAL_FAILED}

    page.context.clear_cookies()
    signed_in(page, live_server, world["staff"])
    page.goto(f"{live_server.url}/notices/")
    expect(page.locator(".notices li").filter(has_text="陈志强")).to_contain_text("一线生产工作年限不足5年")
    check_page(page, live_server, None, artifacts_dir / "formal-review-unit-inbox-phone.png", "desktop")
