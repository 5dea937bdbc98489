"""The accounts pages in Chromium: password reset, lockout, throttle and the office's account pages.

Each page is visited at 1366x900 and 390x844 with the checks of test_pages.check_page (no sideways
overflow on the phone, a one-row top bar, no English, no 你) and saved to
var/screenshots/<who>-<page>-<size>.png. The main path: the office creates an expert's account, the
expert sets a password from the mailed link and lands on the expert desk.
"""
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from apps.accounts.models import User
from apps.accounts.roles import Role
from apps.accounts.tests.factories import PASSWORD, UnitStaffFactory, UserFactory
from apps.rounds.tests.factories import RoundFactory
from apps.units.tests.factories import RecommendingUnitFactory

from .pages import sign_in, sign_out
from .test_pages import SIZES, check_page, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "Gongjiang-Chen-2026"


@pytest.fixture
def office():
    RoundFactory(year=2026, title="2026年度大国工匠人才培养工程遴选")
    unit = RecommendingUnitFactory(name="北京市总工会")
    UnitStaffFactory(username="zhangwei", display_name="张伟", unit=unit, email="zhangwei@example.com")
    UserFactory(username="chenjing", display_name="陈静", role=Role.EXPERT, is_active=False)
    return UserFactory(username="zhaomin", display_name="赵敏", role=Role.PROGRAMME_STAFF)


def path_of_link_in(message):
    return re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+/)", message.body).group(1)


@pytest.mark.parametrize("size", list(SIZES))
def test_the_office_account_pages_fit(page, live_server, office, size, artifacts_dir):
    # Past the page size of 50, the list has a second page.
    User.objects.bulk_create(
        User(username=f"zhuanjia{number:02}", display_name=f"专家{number:02}", role=Role.EXPERT) for number in range(55)
    )
    page.set_viewport_size(SIZES[size])
    signed_in(page, live_server, office)

    for name, path in [
        ("accounts", "/office/accounts/"), ("accounts-page-2", "/office/accounts/?page=2"),
        ("accounts-search", "/office/accounts/?q=张伟"), ("accounts-none", "/office/accounts/?q=无此人"),
        ("account-create", "/office/accounts/new/"),
    ]:
        check_page(page, live_server, path, artifacts_dir / f"office-{name}-{size}.png", size)
    expect(page.get_by_role("heading", level=1)).to_have_text("新建账号")
    page.get_by_role("button", name="创建并发送链接").click()
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    check_page(page, live_server, None, artifacts_dir / f"office-account-create-errors-{size}.png", size)

    page.goto(f"{live_server.url}/office/accounts/?q=无此人")
    expect(page.get_by_test_id("empty-state")).to_contain_text("没有符合“无此人”的账号")
    page.goto(f"{live_server.url}/office/accounts/?page=2")
    expect(page.get_by_test_id("account-list").locator("tbody tr")).to_have_count(8)  # 58 accounts, 50 a page


@pytest.mark.parametrize("size", list(SIZES))
def test_the_password_reset_pages_fit(page, live_server, office, size, artifacts_dir):
    page.set_viewport_size(SIZES[size])

    check_page(page, live_server, "/accounts/password/reset/", artifacts_dir / f"anonymous-password-reset-{size}.png", size)
    page.get_by_label("注册邮箱").fill("zhangwei@example.com")
    page.get_by_role("button", name="发送重设链接").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("请查收邮件")
    check_page(page, live_server, None, artifacts_dir / f"anonymous-password-reset-sent-{size}.png", size)

    check_page(page, live_server, path_of_link_in(mail.outbox[0]),
               artifacts_dir / f"anonymous-password-reset-confirm-{size}.png", size)
    expect(page.get_by_role("heading", level=1)).to_have_text("设置新密码")
    page.get_by_label("新密码", exact=True).fill("123")
    page.get_by_label("确认新密码").fill("456")
    page.get_by_role("button", name="保存新密码").click()
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    check_page(page, live_server, None, artifacts_dir / f"anonymous-password-reset-confirm-errors-{size}.png", size)

    check_page(page, live_server, "/accounts/password/reset/MQ/bad-token/",
               artifacts_dir / f"anonymous-password-reset-invalid-{size}.png", size)
    expect(page.get_by_role("heading", level=1)).to_have_text("链接已失效")
    check_page(page, live_server, "/accounts/password/reset/complete/",
               artifacts_dir / f"anonymous-password-reset-complete-{size}.png", size)


@pytest.mark.parametrize("size", list(SIZES))
def test_the_locked_out_and_throttled_pages_fit(page, live_server, office, size, artifacts_dir, settings):
    page.set_viewport_size(SIZES[size])
    page.goto(f"{live_server.url}/accounts/login/")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.get_by_label("用户名").fill("zhangwei")
        page.get_by_label("密码").fill("wrong-password")
        page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("登录已暂时锁定")
    check_page(page, live_server, None, artifacts_dir / f"anonymous-locked-out-{size}.png", size)
    expect(page.get_by_role("link", name="通过邮箱重设密码")).to_be_visible()

    settings.PAGE_THROTTLE_RATES = {**settings.PAGE_THROTTLE_RATES, "password-reset": "0/hour"}
    page.goto(f"{live_server.url}/accounts/password/reset/")
    page.get_by_label("注册邮箱").fill("zhangwei@example.com")
    page.get_by_role("button", name="发送重设链接").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("请求过于频繁")
    check_page(page, live_server, None, artifacts_dir / f"anonymous-throttled-{size}.png", size)


def test_the_login_page_leads_to_password_reset(page, live_server, db):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_test_id("forgot-password").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("忘记密码")


def test_the_office_creates_an_expert_who_sets_a_password_and_lands_on_the_desk(page, live_server, office, artifacts_dir):
    sign_in(page, live_server, "zhaomin", PASSWORD)
    page.get_by_test_id("desk-accounts").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("账号管理")
    page.get_by_test_id("create-account").click()
    page.get_by_label("用户名").fill("liuzhuanjia")
    page.get_by_label("姓名").fill("刘专家")
    page.get_by_label("邮箱").fill("liu@example.com")
    page.get_by_label("角色").select_option(label="评审专家")
    page.get_by_role("button", name="创建并发送链接").click()

    expect(page.get_by_role("status")).to_contain_text("已创建账号“liuzhuanjia”")
    expect(page.get_by_test_id("account-liuzhuanjia")).to_contain_text("刘专家")
    assert [message.to for message in mail.outbox] == [["liu@example.com"]]
    sign_out(page)

    page.goto(f"{live_server.url}{path_of_link_in(mail.outbox[0])}")
    page.get_by_label("新密码", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("确认新密码").fill(NEW_PASSWORD)
    page.get_by_role("button", name="保存新密码").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("密码已设置")
    page.get_by_role("link", name="现在登录").click()
    sign_in(page, live_server, "liuzhuanjia", NEW_PASSWORD)

    expect(page).to_have_url(f"{live_server.url}/expert/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("评审专家工作台")
    expect(page.get_by_test_id("current-user")).to_contain_text("刘专家 · 评审专家")


def test_the_office_deactivates_only_after_saying_yes(page, live_server, office):
    signed_in(page, live_server, office)
    page.goto(f"{live_server.url}/office/accounts/")
    expect(page.get_by_test_id("nav-accounts")).to_have_count(1)
    questions = []
    answers = iter([False, True])
    page.on("dialog", lambda dialog: (questions.append(dialog.message),
                                      dialog.accept() if next(answers) else dialog.dismiss()))
    deactivate = page.get_by_test_id("deactivate-zhangwei")
    expect(deactivate).to_have_class(re.compile(r"\bbtn-outline-danger\b"))

    deactivate.click()
    expect(page.get_by_test_id("account-zhangwei")).to_contain_text("正常")
    deactivate.click()

    expect(page.get_by_role("status")).to_contain_text("已停用账号“zhangwei”")
    expect(page.get_by_test_id("account-zhangwei")).to_contain_text("已停用")
    assert questions == ["确定要停用“张伟”的账号吗？停用后该账号无法登录，可随时重新启用。"] * 2
    assert User.objects.get(username="zhangwei").is_active is False


def test_the_office_is_not_offered_to_deactivate_itself(page, live_server, office):
    signed_in(page, live_server, office)
    page.goto(f"{live_server.url}/office/accounts/")

    expect(page.get_by_test_id("account-zhaomin")).to_contain_text("赵敏 （您本人）")
    expect(page.get_by_test_id("deactivate-zhaomin")).to_have_count(0)
    expect(page.get_by_test_id("deactivate-zhangwei")).to_have_count(1)
