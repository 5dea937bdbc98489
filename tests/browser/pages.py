"""Steps every browser test takes, written once."""
from playwright.sync_api import expect


def sign_in(page, live_server, username, password):
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("登录")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def sign_out(page):
    page.get_by_role("button", name="退出").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("登录")
