"""The applicant reads the checklist, submits, reads the frozen version; the unit returns it and the applicant
resubmits (version 2). Screenshots at 1366×900 and 390×844 go to var/screenshots/submission-*.png."""
import pytest
from playwright.sync_api import expect

from apps.accounts.roles import Role
from apps.accounts.tests.factories import UnitStaffFactory, UserFactory
from apps.applicants.enums import ApplicationStatus
from apps.applicants.models import Application, ApplicationSnapshot
from apps.applicants.services import set_application_status
from apps.applicants.tests.complete import complete_application
from apps.applicants.tests.factories import ApplicationFactory
from apps.rounds.tests.factories import RoundFactory
from apps.units.enums import UnitKind
from apps.units.tests.factories import RecommendingUnitFactory

from .test_pages import SIZES, check_page, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LATIN = ("KB", "MB", "PDF")


@pytest.fixture
def people():
    unit = RecommendingUnitFactory(name="北京市总工会", kind=UnitKind.PROVINCIAL_UNION, region="11")
    staff = UnitStaffFactory(username="zhangwei", display_name="张伟", unit=unit)
    applicant = UserFactory(username="wangjianguo", display_name="王建国", role=Role.APPLICANT)
    draft = ApplicationFactory(
        round=RoundFactory(year=2026), unit=unit, applicant=applicant, employer_name="中车长春轨道客车股份有限公司", status=ApplicationStatus.DRAFT,
    )
    return {"applicant": applicant, "staff": staff, "draft": complete_application(draft)}


def test_submit_read_the_version_return_and_resubmit(page, live_server, people, artifacts_dir):
    draft, applicant = people["draft"], people["applicant"]
    page.on("dialog", lambda dialog: dialog.accept())
    signed_in(page, live_server, applicant)
    for size in SIZES:
        page.set_viewport_size(SIZES[size])
        check_page(page, live_server, draft.get_absolute_url(), artifacts_dir / f"submission-checklist-{size}.png", size, allow=LATIN)
    expect(page.get_by_test_id("progress-label")).to_have_text("4/4 项已完成")
    expect(page.get_by_test_id("statement-section")).to_contain_text("传承力")

    page.get_by_test_id("move-submitted").click()

    expect(page.get_by_test_id("status")).to_have_text("已提交")
    page.get_by_test_id("version-1").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("第1版")
    for size in SIZES:
        page.set_viewport_size(SIZES[size])
        check_page(page, live_server, None, artifacts_dir / f"submission-version-{size}.png", size, allow=LATIN)
    assert draft.resident_id not in page.locator("body").inner_text()

    set_application_status(Application.objects.get(pk=draft.pk), ApplicationStatus.RETURNED, by=people["staff"], reason="请补充近三年业绩证明。")
    page.goto(f"{live_server.url}{draft.get_absolute_url()}")
    expect(page.get_by_test_id("return-reason")).to_contain_text("请补充近三年业绩证明。")
    page.set_viewport_size(SIZES["phone"])
    check_page(page, live_server, None, artifacts_dir / "submission-returned-phone.png", "phone", allow=LATIN)
    page.get_by_test_id("move-submitted").click()

    expect(page.get_by_test_id("version-2")).to_be_visible()
    assert list(ApplicationSnapshot.objects.filter(application=draft).values_list("version", flat=True)) == [1, 2]
