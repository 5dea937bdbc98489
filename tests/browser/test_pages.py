"""Every page of every role, in Chromium at desktop (1366x900) and phone (390x844) size.

On each page: the body never overflows sideways on the phone (lists scroll inside their card),
the top bar stays one row, no English word is shown to a non-superuser, and the page is saved
to var/screenshots/<role>-<page>-<size>.png to be looked at. Each desk also shows its next
action (待办) with the count and the link that leads to it.
"""
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from apps.accounts.roles import Role
from apps.accounts.tests.factories import UnitStaffFactory, UserFactory
from apps.applicants.enums import ApplicationStatus
from apps.applicants.tests.factories import ApplicationFactory
from apps.notices.tests.factories import NoticeFactory
from apps.rounds.tests.factories import QuotaFactory, RoundFactory
from apps.units.enums import UnitKind
from apps.units.tests.factories import RecommendingUnitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

S = ApplicationStatus
SIZES = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
LONG_EMPLOYER = "中国航天科技集团有限公司第一研究院第二一一厂（航天长征火箭技术有限公司）"
# Latin letters a user may legitimately see: none, on the portal's own pages.
ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")


@pytest.fixture
def world():
    """A recommending round with work waiting for every role but the expert."""
    now = timezone.now()
    round = RoundFactory(
        year=2026, title="2026年度大国工匠人才培养工程遴选",
        recommend_deadline=now + timedelta(days=20), formal_review_deadline=now + timedelta(days=40),
        expert_review_deadline=now + timedelta(days=60),
    )
    beijing = RecommendingUnitFactory(name="北京市总工会", kind=UnitKind.PROVINCIAL_UNION, region="11")
    others = [
        RecommendingUnitFactory(name="中国机械冶金建材工会全国委员会", kind=UnitKind.NATIONAL_INDUSTRIAL_UNION),
        RecommendingUnitFactory(name="中国航天科技集团有限公司", kind=UnitKind.CENTRAL_ENTERPRISE),
    ]
    people = {
        "applicant": UserFactory(username="wangjianguo", display_name="王建国", role=Role.APPLICANT),
        "newcomer": UserFactory(username="sunli", display_name="孙丽", role=Role.APPLICANT),
        "unit_staff": UnitStaffFactory(username="zhangwei", display_name="张伟", unit=beijing),
        "expert": UserFactory(username="chenjing", display_name="陈静", role=Role.EXPERT),
        "office": UserFactory(username="zhaomin", display_name="赵敏", role=Role.PROGRAMME_STAFF),
    }
    QuotaFactory(round=round, unit=beijing, places=3)  # the unit desk's badge: 1 of 3 used (周杰, forwarded below)
    own = ApplicationFactory(
        round=round, unit=beijing, applicant=people["applicant"], employer_name=LONG_EMPLOYER,
        status=S.RETURNED, status_reason="请补充近三年业绩证明材料。",
    )
    ApplicationFactory(round=RoundFactory(year=2025, status="closed"), unit=beijing, applicant=people["applicant"],
                       employer_name="北京京城机电控股有限责任公司", status=S.PUBLISHED)
    submitted = [
        ApplicationFactory(round=round, unit=beijing, applicant=UserFactory(display_name=name), employer_name=employer,
                           status=S.SUBMITTED)
        for name, employer in [("李秀英", "首钢集团有限公司"), ("欧阳娜娜", LONG_EMPLOYER), ("刘洋", "北京奔驰汽车有限公司")]
    ]
    forwarded = [
        ApplicationFactory(round=round, unit=unit, applicant=UserFactory(display_name=name), employer_name=LONG_EMPLOYER,
                           status=S.FORWARDED)
        for name, unit in [("周杰", beijing), ("吴敏", others[0]), ("郑强", others[1]), ("冯涛", others[1])]
    ]
    NoticeFactory(recipient=people["applicant"], subject="申报状态变更：已退回修改",
                  body="您的王建国 · 2026年度申报已被退回修改。\n原因：请补充近三年业绩证明材料。", link=own.get_absolute_url())
    return {"round": round, "people": people, "own": own, "submitted": submitted, "forwarded": forwarded, "unit": beijing}


def signed_in(page, live_server, user):
    """Sign `user` in by session cookie (the login page itself is tested in test_login.py)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def pages_of(role, world):
    """(name, path) of every page the role reaches, its desk first."""
    own, forwarded, unit = world["own"], world["forwarded"][0], world["unit"]
    common = [("notices", "/notices/"), ("password", "/accounts/password/"), ("not-found", "/no-such-page/")]
    return {
        "applicant": [("desk", "/applicant/"), ("detail", own.get_absolute_url()), ("forbidden", "/office/"), *common],
        "newcomer": [("desk", "/applicant/")],
        "unit_staff": [("desk", "/unit/"), ("desk-submitted", "/unit/?status=submitted"),
                       ("list", "/unit/applications/"), ("list-filtered", "/unit/applications/?status=submitted&sort=name"),
                       ("balance", "/unit/balance/"),
                       ("detail", world["submitted"][0].get_absolute_url()), *common],
        "expert": [("desk", "/expert/"), *common],
        "office": [("desk", "/office/"), ("list", "/office/applications/"),
                   ("list-unit", f"/office/applications/?unit={unit.pk}&status=forwarded"),
                   ("detail", forwarded.get_absolute_url()), *common],
    }[role]


def check_page(page, live_server, path, shot, size, allow=()):
    """Check the page at `path`, or the page the browser is on if `path` is None; `allow`: Latin words it may show."""
    if path is None:
        path = page.url.removeprefix(live_server.url)
    else:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status in (200, 403, 404, 429), f"{path}: {response.status}"
    page.screenshot(path=shot, full_page=True)
    if size == "phone":
        widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1], f"{path} overflows sideways at 390 px: {widths[0]} > {widths[1]}"
        # The top bar is one row: brand, bell and menu button side by side.
        assert page.locator("header.topbar").bounding_box()["height"] < 72, f"{path}: the top bar wraps"
    text = page.locator("body").inner_text()
    # Usernames and email addresses are Latin by nature; the page marks them translate="no".
    for latin in page.locator("[translate=no]").all_inner_texts():
        text = text.replace(latin, "")
    english = [word for word in ENGLISH_WORD.findall(text) if word not in allow]
    assert not english, f"{path} shows English: {english}"
    # One voice: the portal addresses its users as 您, never 你.
    assert "你" not in text, f"{path} says 你: {text[max(text.index('你') - 20, 0):text.index('你') + 20]}"


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("role", ["applicant", "newcomer", "unit_staff", "expert", "office"])
def test_every_page_fits_and_speaks_chinese(page, live_server, world, role, size, artifacts_dir):
    page.set_viewport_size(SIZES[size])
    signed_in(page, live_server, world["people"][role])

    for name, path in pages_of(role, world):
        check_page(page, live_server, path, artifacts_dir / f"{role}-{name}-{size}.png", size)


@pytest.mark.parametrize("size", list(SIZES))
def test_anonymous_pages_fit(page, live_server, db, size, artifacts_dir):
    page.set_viewport_size(SIZES[size])
    for name, path in [("login", "/accounts/login/"), ("not-found", "/no-such-page/")]:
        check_page(page, live_server, path, artifacts_dir / f"anonymous-{name}-{size}.png", size)


def test_the_phone_menu_opens_from_one_button(page, live_server, world):
    page.set_viewport_size(SIZES["phone"])
    signed_in(page, live_server, world["people"]["unit_staff"])
    page.goto(f"{live_server.url}/unit/")
    expect(page.get_by_role("button", name="退出")).to_be_hidden()

    page.get_by_test_id("menu-toggle").click()

    expect(page.get_by_role("button", name="退出")).to_be_visible()
    expect(page.get_by_test_id("current-user")).to_contain_text("张伟 · 推荐单位工作人员")


def test_the_applicant_desk_leads_to_the_returned_application(page, live_server, world):
    signed_in(page, live_server, world["people"]["applicant"])
    page.goto(f"{live_server.url}/applicant/")

    todo = page.get_by_test_id("next-action")
    expect(todo).to_contain_text("请补充近三年业绩证明材料。")
    expect(page.get_by_test_id("deadline")).to_have_count(1)
    expect(page.get_by_test_id("deadline")).to_contain_text("推荐截止")
    todo.get_by_test_id("todo-link").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("王建国 · 2026年度申报")
    expect(page.get_by_test_id("move-submitted")).to_be_visible()


def test_an_applicant_without_an_application_reads_what_to_do(page, live_server, world):
    signed_in(page, live_server, world["people"]["newcomer"])
    page.goto(f"{live_server.url}/applicant/")

    todo = page.get_by_test_id("next-action")
    expect(todo).to_contain_text("本年度推荐正在进行")
    expect(todo).to_contain_text("与您所在单位工会或推荐单位联系")
    # The one action: 新建申报, leading to the intake page.
    expect(todo.get_by_test_id("start-link")).to_have_attribute("href", "/applications/new/")


def test_the_unit_desk_counts_what_waits_and_filters_to_it(page, live_server, world):
    signed_in(page, live_server, world["people"]["unit_staff"])
    page.goto(f"{live_server.url}/unit/")

    waiting = page.get_by_test_id("todo-submitted")
    expect(waiting).to_contain_text("3份申报待审核推荐")
    waiting.click()

    rows = page.get_by_test_id("application-list").locator("tbody tr")
    expect(rows).to_have_count(3)
    expect(page.get_by_test_id("application-list")).not_to_contain_text("周杰")


def test_the_expert_desk_shows_the_review_deadline_not_the_recommend_one(page, live_server, world):
    signed_in(page, live_server, world["people"]["expert"])
    page.goto(f"{live_server.url}/expert/")

    expect(page.get_by_test_id("next-action")).to_contain_text("暂无分配给您的评审任务")
    expect(page.get_by_test_id("deadline")).to_have_count(1)
    expect(page.get_by_test_id("deadline")).to_contain_text("专家评审截止")


def test_the_office_desk_links_into_the_list_by_unit(page, live_server, world):
    signed_in(page, live_server, world["people"]["office"])
    page.goto(f"{live_server.url}/office/")

    expect(page.get_by_test_id("next-action")).to_contain_text("已报送 4 人")
    expect(page.get_by_test_id("deadline")).to_have_count(3)
    page.get_by_test_id("unit-progress").get_by_role("link", name="中国航天科技集团有限公司").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("推荐人选")
    names = page.get_by_test_id("application-list").locator("tbody th").all_inner_texts()
    assert sorted(names) == ["冯涛", "郑强"]


def test_a_setback_comes_after_the_primary_action_and_asks_first(page, live_server, world):
    signed_in(page, live_server, world["people"]["unit_staff"])
    page.goto(f"{live_server.url}{world['submitted'][0].get_absolute_url()}")

    buttons = page.get_by_test_id("moves").get_by_role("button").all_inner_texts()
    assert buttons == ["推荐报送", "退回修改", "不予推荐"]
    expect(page.get_by_test_id("move-returned")).to_have_class(re.compile(r"\bbtn-outline-danger\b"))
    expect(page.get_by_test_id("move-forwarded")).to_have_class(re.compile(r"\bbtn-primary\b"))
    questions = []
    page.on("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    page.get_by_label("退回修改原因（必填）").fill("材料不全")
    page.get_by_test_id("move-returned").click()

    assert questions == ["确定要退回修改吗？此操作将记录在案。"]
    expect(page.get_by_test_id("status")).to_have_text("已提交")


def test_the_office_list_filters_in_place_as_a_unit_is_chosen(page, live_server, world):
    signed_in(page, live_server, world["people"]["office"])
    page.goto(f"{live_server.url}/office/applications/")
    rows = page.get_by_test_id("application-list").locator("tbody tr")
    expect(rows).to_have_count(4)
    page.evaluate("window.notReloaded = true")

    page.get_by_label("推荐单位").select_option(label="中国航天科技集团有限公司")

    expect(rows).to_have_count(2)
    expect(page).to_have_url(re.compile(r"/office/applications/\?unit=\d+&status=$"))
    # htmx swapped the list in place: the page itself was not reloaded.
    assert page.evaluate("window.notReloaded") is True


@pytest.mark.parametrize("size", list(SIZES))
def test_the_office_desk_in_review_leads_to_what_waits(page, live_server, world, size, artifacts_dir):
    world["round"].status = "reviewing"
    world["round"].save()
    page.set_viewport_size(SIZES[size])
    signed_in(page, live_server, world["people"]["office"])

    check_page(page, live_server, "/office/", artifacts_dir / f"office-desk-reviewing-{size}.png", size)
    waiting = page.get_by_test_id("todo-forwarded")
    expect(waiting).to_contain_text("4份推荐材料待形式审查")
    waiting.click()

    expect(page).to_have_url(re.compile(r"/office/applications/\?status=forwarded$"))
    expect(page.get_by_test_id("application-list").locator("tbody tr")).to_have_count(4)
