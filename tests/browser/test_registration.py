"""A new applicant in Chromium: registers, opens the verification link from the mail, signs in,
starts this year's application through a unit and fills in the profile. Every step is saved at
desktop (1366x900) and phone (390x844) size to var/screenshots/registration-<step>-<size>.png."""
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from apps.accounts.models import User
from apps.applicants.models import Application
from apps.applicants.tests.test_profile import CREDIT_CODE, MALE_ID
from apps.rounds.tests.factories import RoundFactory
from apps.units.enums import UnitKind
from apps.units.tests.factories import RecommendingUnitFactory

from .pages import sign_in
from .test_pages import SIZES, check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Lathe-Master-2026"


@pytest.fixture
def open_round():
    RecommendingUnitFactory(name="北京市总工会", kind=UnitKind.PROVINCIAL_UNION, region="11")
    RecommendingUnitFactory(name="上海市总工会", kind=UnitKind.PROVINCIAL_UNION, region="31")
    return RoundFactory(year=2026, title="2026年度大国工匠人才培养工程遴选", recommend_deadline=timezone.now() + timedelta(days=20))


def shoot(page, live_server, artifacts_dir, step, allow=()):
    """Check and save the current page at both sizes, then return to the desktop size."""
    for size, viewport in SIZES.items():
        page.set_viewport_size(viewport)
        check_page(page, live_server, None, artifacts_dir / f"registration-{step}-{size}.png", size, allow=allow)
    page.set_viewport_size(SIZES["desktop"])


def test_a_new_applicant_registers_verifies_and_fills_the_profile(page, live_server, open_round, artifacts_dir):
    page.set_viewport_size(SIZES["desktop"])
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_test_id("register-link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("注册申报人账号")
    shoot(page, live_server, artifacts_dir, "1-form")

    page.get_by_label("姓名").fill("周明")
    page.get_by_label("电子邮箱").fill("zhou.ming@example.com")
    page.get_by_label("手机号码").fill("13900012345")
    page.get_by_label("密码", exact=True).fill(PASSWORD)
    page.get_by_label("确认密码").fill(PASSWORD)
    page.locator("#id_consent").check()
    page.get_by_role("button", name="注册并发送验证邮件").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("请查收验证邮件")
    shoot(page, live_server, artifacts_dir, "2-sent")
    assert not User.objects.get(username="zhou.ming@example.com").is_active

    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    page.goto(live_server.url + "/" + link.split("/", 3)[3])
    expect(page.get_by_role("heading", level=1)).to_have_text("验证注册邮箱")
    shoot(page, live_server, artifacts_dir, "3-verify")
    page.get_by_test_id("verify-button").click()
    expect(page.get_by_role("status")).to_contain_text("邮箱验证成功")
    shoot(page, live_server, artifacts_dir, "4-verified")

    sign_in(page, live_server, "zhou.ming@example.com", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_contain_text("申报人工作台")
    shoot(page, live_server, artifacts_dir, "5-desk")
    page.get_by_test_id("start-link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("新建申报")
    page.get_by_label("推荐单位").select_option(label="北京市总工会")
    shoot(page, live_server, artifacts_dir, "6-start")
    page.get_by_test_id("start-application").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("申报人基本信息")
    expect(page.locator("#id_full_name")).to_have_value("周明")
    expect(page.locator("#id_mobile")).to_have_value("13900012345")

    page.get_by_label("居民身份证号码").fill(MALE_ID)
    page.get_by_label("一线生产现场工作年限（年）").fill("3")
    page.get_by_test_id("save-profile").click()
    expect(page.locator(".field-error")).to_contain_text("一线生产现场工作经历不足5年")
    shoot(page, live_server, artifacts_dir, "7-refused", allow=("GB",))

    page.get_by_label("一线生产现场工作年限（年）").fill("16")
    page.locator("#id_employer_name").fill("北京京城机电控股有限责任公司")
    page.get_by_label("工作单位统一社会信用代码").fill(CREDIT_CODE)
    page.locator("#id_industry").select_option(label="制造业")
    page.locator("#id_region").select_option(label="北京市")
    page.locator("#id_post").fill("数控车工")
    page.locator("#id_skill_level").select_option(label="高级技师")
    page.get_by_test_id("save-profile").click()
    expect(page.get_by_role("status")).to_contain_text("已保存申报人基本信息")
    expect(page.locator("#id_birth_date")).to_have_value("1985-06-01")  # taken from the ID number
    expect(page.locator("#id_gender")).to_have_value("M")
    shoot(page, live_server, artifacts_dir, "8-saved", allow=("GB",))

    application = Application.objects.get()
    assert (application.unit.name, application.resident_id, application.gender, application.frontline_years, application.profile_version) == (
        "北京市总工会", MALE_ID, "M", 16, 1
    )
    assert application.applicant.consents.count() == 1


def test_a_unit_invites_an_applicant_who_sets_a_password_and_the_unit_sees_the_id_masked(page, live_server, open_round, artifacts_dir):
    from apps.accounts.tests.factories import PASSWORD as STAFF_PASSWORD, UnitStaffFactory
    from apps.applicants.enums import ApplicationStatus
    from apps.applicants.tests.factories import ApplicationFactory
    from apps.units.models import RecommendingUnit

    beijing = RecommendingUnit.objects.get(name="北京市总工会")
    UnitStaffFactory(username="zhangwei", display_name="张伟", unit=beijing)
    page.set_viewport_size(SIZES["desktop"])

    sign_in(page, live_server, "zhangwei", STAFF_PASSWORD)
    page.get_by_test_id("invite-link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("邀请申报人")
    page.get_by_label("申报人姓名").fill("李华")
    page.get_by_label("申报人电子邮箱").fill("li.hua@example.com")
    shoot(page, live_server, artifacts_dir, "invite-1-form")
    page.get_by_role("button", name="发送邀请").click()
    expect(page.get_by_role("status")).to_contain_text("已向 li.hua@example.com 发送申报邀请")
    page.get_by_role("button", name="退出").click()

    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    page.goto(live_server.url + "/" + link.split("/", 3)[3])
    expect(page.get_by_role("heading", level=1)).to_have_text("接受申报邀请")
    shoot(page, live_server, artifacts_dir, "invite-2-accept")
    page.get_by_label("设置密码").fill(PASSWORD)
    page.get_by_label("确认密码").fill(PASSWORD)
    page.locator("#id_consent").check()
    page.get_by_role("button", name="设置密码并接受邀请").click()
    expect(page.get_by_role("status")).to_contain_text("已接受北京市总工会的申报邀请")
    sign_in(page, live_server, "li.hua@example.com", PASSWORD)
    page.get_by_test_id("start-link").click()
    expect(page.get_by_label("推荐单位")).to_have_value(str(beijing.pk))  # preselected by the invitation
    shoot(page, live_server, artifacts_dir, "invite-3-start")
    page.get_by_role("button", name="退出").click()

    invited = User.objects.get(username="li.hua@example.com")
    submitted = ApplicationFactory(round=open_round, unit=beijing, applicant=invited, status=ApplicationStatus.SUBMITTED,
                                   full_name="李华", resident_id=MALE_ID, mobile="13812345678", employer_name="北京京城机电控股有限责任公司")
    sign_in(page, live_server, "zhangwei", STAFF_PASSWORD)
    page.goto(f"{live_server.url}/applications/{submitted.pk}/profile/")
    expect(page.get_by_test_id("resident-id")).to_have_text("110***********" + MALE_ID[-4:])
    shoot(page, live_server, artifacts_dir, "invite-4-unit-sees-masked")


def test_the_rules_page_and_a_used_link_read_well_at_both_sizes(page, live_server, artifacts_dir):
    page.goto(f"{live_server.url}/privacy/")
    expect(page.get_by_test_id("policy-version")).to_have_text("版本：2026.1")
    shoot(page, live_server, artifacts_dir, "rules")

    page.goto(f"{live_server.url}/register/verify/not-a-signed-token/")
    expect(page.get_by_test_id("link-problem")).to_have_text("该链接无效，请检查邮件中的链接是否完整。")
    shoot(page, live_server, artifacts_dir, "link-invalid")
