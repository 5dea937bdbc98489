"""Signing in through the real login page, as each role, in Chromium."""
import pytest
from playwright.sync_api import expect

from apps.accounts.roles import Role
from apps.accounts.tests.factories import PASSWORD, UnitStaffFactory, UserFactory
from apps.applicants.enums import ApplicationStatus
from apps.applicants.tests.factories import ApplicationFactory
from apps.rounds.tests.factories import RoundFactory
from apps.units.enums import UnitKind
from apps.units.tests.factories import RecommendingUnitFactory

from .pages import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# role: (dashboard path, its Chinese heading)
DASHBOARDS = {
    Role.APPLICANT: ("/applicant/", "申报人工作台"),
    Role.UNIT_STAFF: ("/unit/", "推荐单位工作台"),
    Role.EXPERT: ("/expert/", "评审专家工作台"),
    Role.PROGRAMME_STAFF: ("/office/", "全总工作台"),
}


@pytest.fixture
def people():
    """One user per role, committed (the live server's thread must see them), and a little data
    so the dashboards are not all empty."""
    round = RoundFactory(year=2026)
    unit = RecommendingUnitFactory(name="北京市总工会", kind=UnitKind.PROVINCIAL_UNION, region="11")
    users = {
        Role.APPLICANT: UserFactory(username="wangjianguo", display_name="王建国", role=Role.APPLICANT),
        Role.UNIT_STAFF: UnitStaffFactory(username="zhangwei", display_name="张伟", unit=unit),
        Role.EXPERT: UserFactory(username="chenjing", display_name="陈静", role=Role.EXPERT),
        Role.PROGRAMME_STAFF: UserFactory(username="zhaomin", display_name="赵敏", role=Role.PROGRAMME_STAFF),
    }
    ApplicationFactory(
        round=round, unit=unit, applicant=users[Role.APPLICANT], employer_name="中国中车长春轨道客车股份有限公司",
        status=ApplicationStatus.SUBMITTED,
    )
    ApplicationFactory(
        round=round, unit=unit, applicant=UserFactory(display_name="李秀英"), employer_name="首钢集团有限公司",
        status=ApplicationStatus.FORWARDED,
    )
    return users


@pytest.mark.parametrize("role", list(DASHBOARDS), ids=[role.value for role in DASHBOARDS])
def test_login_lands_on_the_role_dashboard(page, live_server, people, role, artifacts_dir):
    user = people[role]
    path, heading = DASHBOARDS[role]

    sign_in(page, live_server, user.username, PASSWORD)

    expect(page).to_have_url(f"{live_server.url}{path}")
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
    expect(page.locator("[data-testid=current-user]")).to_contain_text(user.display_name)
    page.screenshot(path=artifacts_dir / f"dashboard-{role.value}.png", full_page=True)


def test_login_page_speaks_chinese(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")

    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(page.get_by_text("申报人、推荐单位、评审专家和全总工作人员请使用分配的账号登录。")).to_be_visible()
    expect(page.get_by_placeholder("请输入用户名")).to_be_visible()
    expect(page.get_by_placeholder("请输入密码")).to_be_visible()
    # The stylesheet is served (from the finders) and applied: the top bar is the portal's red.
    expect(page.locator("header.topbar")).to_have_css("background-color", "rgb(179, 38, 30)")


def test_wrong_password_shows_the_chinese_error_and_stays(page, live_server, people):
    user = people[Role.APPLICANT]

    sign_in(page, live_server, user.username, "not-the-password")

    expect(page.get_by_role("alert")).to_contain_text("用户名或密码错误")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/")
    expect(page.locator("[data-testid=current-user]")).to_have_count(0)
    expect(page.get_by_label("用户名")).to_have_value(user.username)


def test_logout_returns_to_the_login_page(page, live_server, people):
    user = people[Role.UNIT_STAFF]
    sign_in(page, live_server, user.username, PASSWORD)
    expect(page.locator("[data-testid=current-user]")).to_contain_text(user.display_name)

    page.get_by_role("button", name="退出").click()

    expect(page).to_have_url(f"{live_server.url}/accounts/login/")
    expect(page.locator("[data-testid=current-user]")).to_have_count(0)
    page.goto(f"{live_server.url}/unit/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/unit/")


def test_page_title_names_the_page_and_the_portal(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")

    # templates/base.html joins the two with `{% if self.title %}`, Jinja syntax that Django
    # templates read as an unknown variable, so the separator never appears.
    expect(page).to_have_title("登录 · 大国工匠人才培养工程")
