"""The main path of an application's status, clicked through in Chromium:
the unit returns it with a reason, the applicant reads the reason and resubmits, the unit forwards it."""
import pytest
from playwright.sync_api import expect

from apps.accounts.roles import Role
from apps.accounts.tests.factories import PASSWORD, UnitStaffFactory, UserFactory
from apps.applicants.enums import ApplicationStatus
from apps.applicants.models import Application
from apps.applicants.tests.complete import complete_application
from apps.applicants.tests.factories import ApplicationFactory
from apps.core.audit import verify_chain
from apps.core.models import AuditEntry
from apps.rounds.tests.factories import QuotaFactory, RoundFactory
from apps.units.enums import UnitKind
from apps.units.tests.factories import RecommendingUnitFactory

from .pages import sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON = "请补充近三年业绩证明材料。"


@pytest.fixture
def submitted_application():
    unit = RecommendingUnitFactory(name="北京市总工会", kind=UnitKind.PROVINCIAL_UNION, region="11")
    UnitStaffFactory(username="zhangwei", display_name="张伟", unit=unit)
    applicant = UserFactory(username="wangjianguo", display_name="王建国", role=Role.APPLICANT)
    round = RoundFactory(year=2026)
    QuotaFactory(round=round, unit=unit, places=2)
    # Complete (apps.applicants.completeness), so that the resubmission after the return may pass.
    return complete_application(ApplicationFactory(
        round=round, unit=unit, applicant=applicant,
        employer_name="北京京城机电控股有限责任公司", status=ApplicationStatus.SUBMITTED,
    ))


def open_from_dashboard(page, application):
    page.get_by_test_id("application-list").locator(f"a[href='{application.get_absolute_url()}']").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(str(application))


def test_return_resubmit_and_forward_through_the_pages(page, live_server, submitted_application, artifacts_dir):
    application = submitted_application
    page.on("dialog", lambda dialog: dialog.accept())

    sign_in(page, live_server, "zhangwei", PASSWORD)
    open_from_dashboard(page, application)
    page.get_by_label("退回修改原因（必填）").fill(REASON)
    page.get_by_test_id("move-returned").click()
    expect(page.get_by_role("status")).to_contain_text("已退回申报人修改。")
    expect(page.get_by_test_id("status")).to_have_text("已退回修改")
    sign_out(page)

    sign_in(page, live_server, "wangjianguo", PASSWORD)
    expect(page.get_by_test_id("unread-count")).to_have_text("1")
    open_from_dashboard(page, application)
    expect(page.get_by_text(REASON).first).to_be_visible()
    page.get_by_test_id("move-submitted").click()
    expect(page.get_by_test_id("status")).to_have_text("已提交")
    sign_out(page)

    sign_in(page, live_server, "zhangwei", PASSWORD)
    open_from_dashboard(page, application)
    page.get_by_test_id("forward-opinion").fill("技术过硬，工匠精神突出，同意推荐。")
    page.get_by_test_id("attest-political").check()
    page.get_by_test_id("attest-spirit").check()
    page.get_by_test_id("move-forwarded").click()  # posts to the named action, units:forward
    expect(page.get_by_role("status")).to_contain_text("已推荐报送。")
    expect(page.get_by_test_id("status")).to_have_text("已推荐报送")
    expect(page.locator(".timeline li")).to_have_count(3)
    page.screenshot(path=artifacts_dir / "application-forwarded.png", full_page=True)

    application.refresh_from_db()
    actions = list(AuditEntry.objects.filter(object_id=str(application.pk)).order_by("seq").values_list("action", flat=True))
    assert (application.status, actions, verify_chain().ok) == (
        ApplicationStatus.FORWARDED,
        ["applicants.application.returned", "applicants.application.submitted", "applicants.application.forwarded"],
        True,
    )


def test_dismissing_the_confirmation_changes_nothing(page, live_server, submitted_application):
    page.on("dialog", lambda dialog: dialog.dismiss())

    sign_in(page, live_server, "zhangwei", PASSWORD)
    open_from_dashboard(page, submitted_application)
    page.get_by_test_id("forward-opinion").fill("同意推荐。")
    page.get_by_test_id("attest-political").check()
    page.get_by_test_id("attest-spirit").check()
    page.get_by_test_id("move-forwarded").click()

    expect(page.get_by_test_id("status")).to_have_text("已提交")
    assert Application.objects.get(pk=submitted_application.pk).status == ApplicationStatus.SUBMITTED


def test_a_required_reason_is_asked_for_before_anything_is_sent(page, live_server, submitted_application):
    page.on("dialog", lambda dialog: dialog.accept())

    sign_in(page, live_server, "zhangwei", PASSWORD)
    open_from_dashboard(page, submitted_application)
    page.get_by_test_id("move-unit_rejected").click()

    # The browser's own validation stops the empty form; the service would refuse it too.
    assert page.get_by_label("不予推荐原因（必填）").evaluate("field => field.validity.valueMissing") is True
    assert Application.objects.get(pk=submitted_application.pk).status == ApplicationStatus.SUBMITTED
