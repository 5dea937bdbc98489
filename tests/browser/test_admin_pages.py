"""The admin pages the office works in, at 1366x900 in Chromium: the index, the audit log and one
entry, the applications and one application, a round's advance confirmation and a move action's
confirmation. Each is saved to var/screenshots/office-admin-<page>-desktop.png and shows no English
word (Django's own admin look, in Chinese)."""
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from apps.accounts.roles import Role
from apps.accounts.tests.factories import UnitStaffFactory, UserFactory
from apps.applicants.tests.complete import complete_application
from apps.applicants.enums import ApplicationStatus
from apps.applicants.services import set_application_status, submit_application
from apps.applicants.tests.factories import ApplicationFactory
from apps.rounds.tests.factories import QuotaFactory, RoundFactory
from apps.units.services import forward_application
from apps.units.tests.factories import RECOMMENDATION
from apps.units.tests.factories import RecommendingUnitFactory

from .test_pages import SIZES, check_page, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def office_world():
    now = timezone.now()
    round = RoundFactory(year=2026, title="2026年度大国工匠人才培养工程遴选",
                         formal_review_deadline=now + timedelta(days=20), expert_review_deadline=now + timedelta(days=40))
    unit = RecommendingUnitFactory(name="北京市总工会")
    staff = UnitStaffFactory(username="zhangwei", display_name="张伟", unit=unit)
    QuotaFactory(round=round, unit=unit, places=2)
    applications = []
    for name in ["王建国", "李秀英"]:
        application = complete_application(ApplicationFactory(
            round=round, unit=unit, applicant=UserFactory(display_name=name, role=Role.APPLICANT), status=ApplicationStatus.SUBMITTED,
        ))
        application = set_application_status(application, ApplicationStatus.RETURNED, by=staff, reason="请补充技能等级证书。")
        application = submit_application(application, by=application.applicant)
        applications.append(forward_application(application, by=staff, **RECOMMENDATION))
    round.status = "reviewing"
    round.save()
    office = UserFactory(username="zhaomin", display_name="赵敏", role=Role.PROGRAMME_STAFF, is_staff=True)
    return {"round": round, "applications": applications, "office": office}


def test_the_admin_pages_the_office_uses(page, live_server, office_world, artifacts_dir):
    page.set_viewport_size(SIZES["desktop"])
    signed_in(page, live_server, office_world["office"])
    application, round = office_world["applications"][0], office_world["round"]

    def look(name, path=None):
        # "IP 地址" is how Chinese names a network address (the audit entry's field); a submitted
        # application has its applicant's email (applicant@example.com), which the change page shows.
        check_page(page, live_server, path, artifacts_dir / f"office-admin-{name}-desktop.png", "desktop", allow={"IP", "applicant", "example", "com"})

    look("index", "/admin/")
    expect(page.locator("#user-tools").get_by_role("link", name="账号管理")).to_have_attribute("href", "/office/accounts/")
    look("audit-list", "/admin/core/auditentry/")
    page.locator("#result_list tbody tr th a").first.click()
    look("audit-entry")
    look("applications", "/admin/applicants/application/")
    look("application", f"/admin/applicants/application/{application.pk}/change/")
    look("round", f"/admin/rounds/round/{round.pk}/change/")
    look("round-advance", f"/admin/rounds/round/{round.pk}/advance/")
    expect(page.get_by_role("button", name=re.compile("确认推进"))).to_be_visible()

    page.goto(f"{live_server.url}/admin/applicants/application/")
    page.locator("#result_list tbody input[type=checkbox]").first.check()
    page.locator("select[name=action]").select_option(index=1)
    page.locator("button[name=index]").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("确认办理")
    look("move-confirmation")

    # Formal review's decisions are named moves made on their own page (apps/reviews/views_formal.py): not admin actions.
    page.goto(f"{live_server.url}/admin/applicants/application/")
    actions = page.locator("select[name=action] option").evaluate_all("options => options.map(option => option.value)")
    assert "move_to_formal_failed" not in actions and "move_to_formal_passed" not in actions
