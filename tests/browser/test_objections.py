"""Objections in Chromium (issue 12 items 2-3): an anonymous visitor files an objection from the public list,
answering the question, gets a receipt and checks the status with it and the phone; the office assigns,
investigates and upholds it; the candidate is then off the public list. Screenshots at 1366x900 and
390x844 in var/screenshots/objections-*."""
import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from apps.accounts.roles import Role
from apps.accounts.tests.factories import UnitStaffFactory, UserFactory
from apps.applicants.enums import ApplicationStatus
from apps.applicants.models import Application
from apps.applicants.tests.factories import ApplicationFactory
from apps.publicity import calendar, services
from apps.publicity.models import Objection
from apps.publicity.tests.objection_helpers import answer
from apps.rounds.enums import RoundStatus
from apps.rounds.tests.factories import RoundFactory
from apps.units.enums import UnitKind
from apps.units.tests.factories import RecommendingUnitFactory

from .test_pages import SIZES, check_page, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = "13912345678"


@pytest.fixture
def in_publicity():
    calendar.load_library_days()
    office = UserFactory(username="zhaomin", display_name="赵敏", role=Role.PROGRAMME_STAFF)
    unit = RecommendingUnitFactory(name="北京市总工会", kind=UnitKind.PROVINCIAL_UNION, region="11")
    UnitStaffFactory(username="zhangwei", display_name="张伟", unit=unit)
    round = RoundFactory(year=2026, status=RoundStatus.PUBLICITY)
    for name in ("王建国", "李秀英"):
        ApplicationFactory(
            round=round, unit=unit, status=ApplicationStatus.APPROVED, full_name=name, gender="M", post="数控车工",
            employer_name="北京精密机械有限公司", titles_held="全国五一劳动奖章", forwarded_at=timezone.now() - datetime.timedelta(days=60),
        )
    publicity = services.open_publicity(round, by=office, starts_on=timezone.localdate(), working_days=5)
    return {"office": office, "publicity": publicity}


def test_an_anonymous_objection_is_filed_checked_upheld_and_the_candidate_leaves_the_list(page, browser, browser_context_args, live_server, in_publicity, artifacts_dir):
    page.set_viewport_size(SIZES["phone"])
    page.goto(f"{live_server.url}/publicity/")
    row = page.get_by_test_id("public-entry").filter(has_text="王建国")
    row.get_by_test_id("object-link").click()

    expect(page.get_by_test_id("objection-candidate")).to_have_text("王建国")
    check_page(page, live_server, None, artifacts_dir / "objections-form-phone.png", "phone", allow=("PDF", "JPEG", "PNG", "MB"))
    page.get_by_label("您的真实姓名").fill("周立新")
    page.get_by_label("您的手机号码").fill(PHONE)
    page.get_by_label("与被公示人的关系").fill("同厂职工")
    page.get_by_label("异议内容").fill("该同志所报全国技能大赛名次与事实不符。")
    page.locator("#id_challenge_answer").fill(answer(page.get_by_test_id("challenge-question").inner_text()))
    page.get_by_test_id("submit-objection").click()

    receipt = page.get_by_test_id("receipt").inner_text().strip()
    assert Objection.objects.get().receipt == receipt
    check_page(page, live_server, None, artifacts_dir / "objections-received-phone.png", "phone")

    page.get_by_role("link", name="查询办理情况").click()
    page.get_by_label("受理编号").fill(receipt.lower())
    page.get_by_label("提交异议时填写的手机号码").fill(PHONE)
    page.get_by_test_id("lookup").click()
    expect(page.get_by_test_id("objection-status")).to_have_text("已受理")
    check_page(page, live_server, None, artifacts_dir / "objections-status-phone.png", "phone")

    # The office handles it.
    page.set_viewport_size(SIZES["desktop"])
    signed_in(page, live_server, in_publicity["office"])
    page.goto(f"{live_server.url}/office/rounds/{in_publicity['publicity'].round_id}/publicity/")
    page.get_by_test_id("entry-objections").click()
    page.get_by_role("link", name=receipt).click()
    expect(page.get_by_test_id("objector")).to_contain_text("周立新")
    page.get_by_test_id("assign").click()
    expect(page.get_by_test_id("objection-status")).to_have_text("调查核实中")
    page.get_by_test_id("investigation").fill("已向推荐单位和大赛组委会核实：该同志未参加所报赛事。")
    page.get_by_test_id("save-investigation").click()
    page.get_by_test_id("result-upheld").check()
    page.get_by_test_id("reasons").fill("经核实，所报全国技能大赛名次不实。")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("conclude").click()
    expect(page.get_by_test_id("objection-status")).to_have_text("异议成立")
    check_page(page, live_server, None, artifacts_dir / "objections-office-desktop.png", "desktop")
    page.set_viewport_size(SIZES["phone"])
    check_page(page, live_server, None, artifacts_dir / "objections-office-phone.png", "phone")
    check_page(page, live_server, f"/office/publicity/{in_publicity['publicity'].pk}/objections/", artifacts_dir / "objections-list-phone.png", "phone")
    assert Application.objects.get(full_name="王建国").status == ApplicationStatus.OBJECTION_UPHELD

    # A visitor (a fresh browser: no cached copy) no longer finds the candidate; the objector reads the conclusion.
    visitor = browser.new_context(**browser_context_args).new_page()
    visitor.goto(f"{live_server.url}/publicity/")
    expect(visitor.get_by_test_id("public-entry")).to_have_count(1)
    expect(visitor.get_by_test_id("public-list")).not_to_contain_text("王建国")
    visitor.goto(f"{live_server.url}/publicity/objections/status/")
    visitor.get_by_label("受理编号").fill(receipt)
    visitor.get_by_label("提交异议时填写的手机号码").fill(PHONE)
    visitor.get_by_test_id("lookup").click()
    expect(visitor.get_by_test_id("objection-status")).to_have_text("异议成立")
    expect(visitor.get_by_test_id("objection-reasons")).to_have_text("经核实，所报全国技能大赛名次不实。")
    visitor.context.close()
