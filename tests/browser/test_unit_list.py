"""Unit staff filter their list of applications and see the balance warning, then try a what-if (issue 10
items 1 and 4), in Chromium at desktop and phone size; screenshots of both pages go to var/screenshots/."""
import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from apps.accounts.roles import Role
from apps.accounts.tests.factories import PASSWORD, UnitStaffFactory, UserFactory
from apps.applicants.enums import ApplicationStatus as S
from apps.applicants.tests.factories import ApplicationFactory
from apps.rounds.tests.factories import QuotaFactory, RoundFactory
from apps.units.enums import UnitKind
from apps.units.tests.factories import RecommendingUnitFactory
from tests.browser.pages import sign_in
from tests.browser.test_pages import SIZES, check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_EMPLOYER = "中国航天科技集团有限公司第一研究院第二一一厂（航天长征火箭技术有限公司）"


def candidate(round, unit, name, *, gender="M", industry="C", rank=None, status=S.SUBMITTED, hours=0):
    # The account's name is the person's too: a random one (Faker) could hold the 王 the search looks for.
    return ApplicationFactory(
        round=round, unit=unit, status=status, full_name=name, gender=gender, industry=industry, region="11",
        applicant=UserFactory(display_name=name, role=Role.APPLICANT),
        skill_level="senior_technician", unit_rank=rank, employer_name=LONG_EMPLOYER, post="数控车工",
        submitted_at=timezone.now() - datetime.timedelta(hours=hours),
    )


def test_unit_staff_filter_the_list_and_see_the_balance_warning(page, live_server, artifacts_dir):
    round = RoundFactory(year=2026, recommend_deadline=timezone.now() + datetime.timedelta(days=20))
    beijing = RecommendingUnitFactory(name="北京市总工会", kind=UnitKind.PROVINCIAL_UNION, region="11")
    QuotaFactory(round=round, unit=beijing, places=2)
    UnitStaffFactory(username="zhangwei", display_name="张伟", unit=beijing)
    first = candidate(round, beijing, "王建国", rank=1, hours=3)
    candidate(round, beijing, "刘强", rank=2, industry="E", hours=2)
    woman = candidate(round, beijing, "李秀英", gender="F", industry="D", hours=1)
    candidate(round, beijing, "赵磊", status=S.RETURNED)
    page.set_viewport_size(SIZES["desktop"])
    sign_in(page, live_server, "zhangwei", PASSWORD)

    # From the desk to the list: all four, and the warning that no woman is among the candidates.
    page.get_by_test_id("unit-list-link").click()
    expect(page.get_by_test_id("unit-application-row")).to_have_count(4)
    expect(page.locator("[data-warning=no_woman]")).to_contain_text("有1名女性申报人，但拟推荐人选中没有女性")

    # Filter: the women, then a name search.
    page.get_by_label("性别").select_option("F")
    page.get_by_test_id("apply-filters").click()
    expect(page.get_by_test_id("unit-application-row")).to_have_count(1)
    expect(page.get_by_test_id("unit-application-list")).to_contain_text("李秀英")
    page.get_by_label("性别").select_option("")
    page.get_by_label("姓名").fill("王")
    page.get_by_test_id("apply-filters").click()
    expect(page.get_by_test_id("unit-application-row")).to_have_count(1)
    expect(page.get_by_test_id("unit-application-list")).to_contain_text("王建国")
    page.get_by_role("link", name="王建国").click()
    expect(page).to_have_url(f"{live_server.url}/applications/{first.pk}/")
    page.go_back()

    # The panel, then a what-if: the woman instead of the second-ranked man. Nothing is saved.
    page.get_by_test_id("balance-link").click()
    expect(page.locator("[data-warning=no_woman]")).to_be_visible()
    for size in SIZES:
        page.set_viewport_size(SIZES[size])
        check_page(page, live_server, None, artifacts_dir / f"unit-balance-{size}.png", size)
    page.get_by_label("刘强").uncheck()
    page.get_by_label("李秀英").check()
    page.get_by_test_id("what-if-submit").click()
    expect(page.get_by_test_id("what-if-note")).to_contain_text("按您勾选的 2 名人选计算，未保存任何改动")
    expect(page.locator("[data-warning=no_woman]")).to_have_count(0)
    woman.refresh_from_db()
    assert woman.unit_rank is None

    for size in SIZES:
        page.set_viewport_size(SIZES[size])
        check_page(page, live_server, "/unit/applications/", artifacts_dir / f"unit-applications-{size}.png", size)
