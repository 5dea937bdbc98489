"""Issue 9 end to end in Chromium: a new applicant registers and verifies the email, starts an application,
fills the profile, answers the 15 indicators, uploads a file for each of the five powers and invites three
referees; each referee confirms through the mailed link with a signed letter; the applicant submits; the
unit returns it with a reason; the applicant reads the reason, edits and resubmits: version 2.

Every step is checked (fits 390 px, speaks Chinese) and saved at 1366x900 and 390x844 to
var/screenshots/intake-flow-<nn>-<step>-<size>.png.
"""
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from apps.accounts.tests.factories import UnitStaffFactory
from apps.applicants.enums import ApplicationStatus
from apps.applicants.models import Application, ApplicationSnapshot, EvidenceFile, Referee, StatementAnswer
from apps.applicants.samples import image_bytes, pdf_bytes
from apps.applicants.tests.test_profile import CREDIT_CODE, MALE_ID
from apps.rounds.tests.factories import RoundFactory
from apps.units.demo import employer_credit_code
from apps.units.enums import UnitKind
from apps.units.tests.factories import RecommendingUnitFactory

from .pages import sign_in
from .test_pages import SIZES, check_page, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Lathe-Master-2026"
EMAIL = "zhou.ming@example.com"
LATIN = ("PDF", "JPEG", "PNG", "KB", "MB", "GB", "SHA")
REASON = "“攻关力”部分缺少具体项目及本人作用，请补充后重新提交。"
EDITED = "主持高速列车转向架构架焊接变形控制攻关，本人负责工艺方案和试验验证，焊后一次合格率由92%提高到99.6%。"
# (name, email, title, employer, region of its credit code, relationship)
REFEREES = (
    ("李强", "li.qiang@example.com", "正高级专业技术职称", "哈尔滨工业大学", "23", "同行业专家，曾共同参与国家重点研发计划项目"),
    ("周敏", "zhou.min@example.com", "副高级专业技术职称", "吉林大学", "22", "校企合作项目的技术指导专家"),
    ("吴海", "wu.hai@example.com", "首席技师", "中国航天科工集团有限公司", "11", "全国职业技能大赛裁判组同事"),
)


@pytest.fixture
def open_round():
    beijing = RecommendingUnitFactory(name="北京市总工会", kind=UnitKind.PROVINCIAL_UNION, region="11")
    RecommendingUnitFactory(name="上海市总工会", kind=UnitKind.PROVINCIAL_UNION, region="31")
    staff = UnitStaffFactory(username="zhangwei", display_name="张伟", unit=beijing)
    round = RoundFactory(year=2026, title="2026年度大国工匠人才培养工程遴选", recommend_deadline=timezone.now() + timedelta(days=20))
    return {"round": round, "staff": staff}


class Shooter:
    """Checks and saves the page of each step at both sizes, numbered in order; back to desktop after."""

    def __init__(self, live_server, artifacts_dir):
        self.live_server, self.artifacts_dir, self.step = live_server, artifacts_dir, 0

    def __call__(self, page, name, sizes=tuple(SIZES)):
        self.step += 1
        for size in sizes:
            page.set_viewport_size(SIZES[size])
            check_page(page, self.live_server, None, self.artifacts_dir / f"intake-flow-{self.step:02d}-{name}-{size}.png", size, allow=LATIN)
        page.set_viewport_size(SIZES["desktop"])


def path_of(link):
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


def mailed_link(to, pattern):
    message = [message for message in mail.outbox if to in message.to][-1]
    return path_of(re.search(pattern, message.body).group(0))


def test_register_fill_invite_confirm_submit_return_and_resubmit(page, browser, live_server, open_round, artifacts_dir):
    shoot = Shooter(live_server, artifacts_dir)
    page.on("dialog", lambda dialog: dialog.accept())
    page.set_viewport_size(SIZES["desktop"])

    # 1. Register and verify the email.
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_test_id("register-link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("注册申报人账号")
    page.get_by_label("姓名").fill("周明")
    page.get_by_label("电子邮箱").fill(EMAIL)
    page.get_by_label("手机号码").fill("13900012345")
    page.get_by_label("密码", exact=True).fill(PASSWORD)
    page.get_by_label("确认密码").fill(PASSWORD)
    page.locator("#id_consent").check()
    shoot(page, "register")
    page.get_by_role("button", name="注册并发送验证邮件").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("请查收验证邮件")
    page.goto(live_server.url + mailed_link(EMAIL, r"https?://\S+"))
    expect(page.get_by_role("heading", level=1)).to_have_text("验证注册邮箱")
    page.get_by_test_id("verify-button").click()
    expect(page.get_by_role("status")).to_contain_text("邮箱验证成功")
    shoot(page, "verified")

    # 2. Sign in and start the application (新建申报).
    sign_in(page, live_server, EMAIL, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_contain_text("申报人工作台")
    page.get_by_test_id("start-link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("新建申报")
    page.get_by_label("推荐单位").select_option(label="北京市总工会")
    shoot(page, "start")
    page.get_by_test_id("start-application").click()

    # 3. The profile.
    expect(page.get_by_role("heading", level=1)).to_contain_text("申报人基本信息")
    page.get_by_label("居民身份证号码").fill(MALE_ID)
    page.get_by_label("一线生产现场工作年限（年）").fill("16")
    page.locator("#id_employer_name").fill("北京京城机电控股有限责任公司")
    page.get_by_label("工作单位统一社会信用代码").fill(CREDIT_CODE)
    page.locator("#id_industry").select_option(label="制造业")
    page.locator("#id_region").select_option(label="北京市")
    page.locator("#id_post").fill("数控车工")
    page.locator("#id_skill_level").select_option(label="高级技师")
    page.get_by_test_id("save-profile").click()
    expect(page.get_by_role("status")).to_contain_text("已保存申报人基本信息")
    shoot(page, "profile")
    application = Application.objects.get()
    detail = f"{live_server.url}{application.get_absolute_url()}"

    # 4. All 15 indicators, saved by the page's autosave.
    page.goto(detail)
    expect(page.get_by_test_id("check-profile")).to_have_attribute("data-done", "yes")
    expect(page.get_by_test_id("progress-label")).to_have_text("1/4 项已完成")
    shoot(page, "checklist-started")
    page.get_by_test_id("statement-link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("“工匠五力”陈述")
    indicators = list(application.round.indicators.order_by("position"))
    assert len(indicators) == 15
    for number, indicator in enumerate(indicators, start=1):
        page.get_by_test_id(f"answer-{indicator.code}").locator("textarea").fill(
            f"第{number}项：在数控车削一线工作十六年，围绕“{indicator.name}”承担关键零件加工任务，带领班组完成攻关并培养徒弟。"
        )
    for indicator in indicators:
        expect(page.get_by_test_id(f"answer-{indicator.code}").get_by_test_id("saved")).to_contain_text("已自动保存", timeout=20_000)
    assert StatementAnswer.objects.filter(application=application).exclude(text="").count() == 15
    page.reload()
    expect(page.get_by_test_id("answered-count")).to_have_text("15")
    shoot(page, "statement")

    # 5. A file for each of the five powers: PDFs and PNGs made here.
    page.goto(f"{live_server.url}/applications/{application.pk}/evidence/")
    first_of_power = {}
    for indicator in indicators:
        first_of_power.setdefault(indicator.power, indicator)
    for number, indicator in enumerate(first_of_power.values()):
        if number % 2:
            name, mime, content = f"{indicator.name}照片.png", "image/png", image_bytes("PNG", label=f"photo {number}")
        else:
            name, mime, content = f"{indicator.name}证书.pdf", "application/pdf", pdf_bytes(f"Certificate {number}")
        page.get_by_label("对应评价指标").select_option(label=str(indicator))
        page.get_by_label("文件").set_input_files({"name": name, "mimeType": mime, "buffer": content})
        page.get_by_test_id("upload").click()
        expect(page.get_by_role("status")).to_contain_text(f"已上传“{name}”")
    assert EvidenceFile.objects.filter(application=application).count() == 5
    shoot(page, "evidence")

    # 6. Three referees invited.
    page.goto(f"{live_server.url}/applications/{application.pk}/referees/")
    for name, email, title, employer, region, relationship in REFEREES:
        page.get_by_label("推荐专家姓名").fill(name)
        page.get_by_label("推荐专家电子邮箱").fill(email)
        page.get_by_label("职称或技能等级").select_option(label=title)
        page.get_by_label("工作单位", exact=True).fill(employer)
        page.get_by_label("工作单位统一社会信用代码").fill(employer_credit_code(employer, region))
        page.get_by_label("与您的关系").fill(relationship)
        page.get_by_test_id("invite").click()
        expect(page.get_by_role("status")).to_contain_text(f"已向推荐专家{name}发送邀请邮件")
    for slot in (1, 2, 3):
        expect(page.get_by_test_id(f"referee-slot-{slot}").get_by_test_id("referee-state")).to_have_text("待确认")
    shoot(page, "referees-invited")
    page.goto(detail)
    expect(page.get_by_test_id("check-referees")).to_have_attribute("data-done", "no")
    expect(page.get_by_test_id("progress-label")).to_have_text("3/4 项已完成")
    shoot(page, "checklist-waiting-for-referees")

    # 7. Each referee opens the mailed link (no account) and confirms with a signed letter.
    for number, (name, email, title, employer, region, relationship) in enumerate(REFEREES):
        context = browser.new_context(viewport=SIZES["phone"], locale="zh-CN")
        phone = context.new_page()
        phone.goto(live_server.url + mailed_link(email, r"https?://\S+/referee/\S+/"))
        expect(phone.get_by_role("heading", level=1)).to_have_text("确认推荐")
        if number == 0:
            shoot(phone, "referee-link")
        phone.get_by_label("您的职称或技能等级").select_option(label=title)
        phone.get_by_label("与申报人的关系").fill(relationship)
        phone.get_by_label("签名的推荐信").set_input_files(
            {"name": f"{name}推荐信.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes(f"Signed letter {number}")}
        )
        phone.get_by_label("本人确认以上信息真实").check()
        phone.get_by_test_id("confirm-referee").click()
        expect(phone.get_by_test_id("referee-done")).to_contain_text("推荐和推荐信已提交")
        if number == 0:
            shoot(phone, "referee-done")
        context.close()
    assert list(Referee.objects.filter(application=application).values_list("status", flat=True).order_by("slot")) == ["confirmed"] * 3

    # 8. Complete: the applicant submits.
    page.goto(detail)
    expect(page.get_by_test_id("progress-label")).to_have_text("4/4 项已完成")
    shoot(page, "checklist-complete")
    page.get_by_test_id("move-submitted").click()
    expect(page.get_by_test_id("status")).to_have_text("已提交")
    expect(page.get_by_test_id("version-1")).to_be_visible()
    shoot(page, "submitted")
    page.get_by_test_id("version-1").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("第1版")
    expect(page.get_by_test_id("snapshot-referees")).to_contain_text("吴海")
    shoot(page, "version-1")

    # 9. The unit's staff return it with a reason.
    staff_context = browser.new_context(viewport=SIZES["desktop"], locale="zh-CN")
    staff = staff_context.new_page()
    staff.on("dialog", lambda dialog: dialog.accept())
    signed_in(staff, live_server, open_round["staff"])
    staff.goto(detail)
    staff.get_by_label("退回修改原因（必填）").fill(REASON)
    shoot(staff, "unit-reads")
    staff.get_by_test_id("move-returned").click()
    expect(staff.get_by_test_id("status")).to_have_text("已退回修改")
    shoot(staff, "unit-returned")
    staff_context.close()

    # 10. The applicant reads the reason, edits the tackling answer and resubmits: version 2.
    page.goto(detail)
    expect(page.get_by_test_id("return-reason")).to_contain_text(REASON)
    shoot(page, "returned")
    page.get_by_test_id("statement-link").click()
    expect(page.get_by_text(REASON).first).to_be_visible()
    tackling = next(indicator for indicator in indicators if indicator.power == "tackling")
    card = page.get_by_test_id(f"answer-{tackling.code}")
    card.locator("textarea").fill(EDITED)
    card.get_by_test_id(f"save-{tackling.code}").click()
    expect(card.get_by_test_id("saved")).to_contain_text("已保存", timeout=10_000)
    shoot(page, "edited")
    page.goto(detail)
    expect(page.get_by_test_id("progress-label")).to_have_text("4/4 项已完成")
    page.get_by_test_id("move-submitted").click()
    expect(page.get_by_test_id("status")).to_have_text("已提交")
    expect(page.get_by_test_id("version-2")).to_be_visible()
    shoot(page, "resubmitted")

    application.refresh_from_db()
    versions = list(ApplicationSnapshot.objects.filter(application=application).order_by("version"))
    assert (application.status, [snapshot.version for snapshot in versions]) == (ApplicationStatus.SUBMITTED, [1, 2])
    texts = [{answer["indicator"]: answer["text"] for answer in snapshot.content["answers"]}[tackling.code] for snapshot in versions]
    assert texts[0] != EDITED and texts[1] == EDITED
    assert [referee["status"] for referee in versions[1].content["referees"]] == ["confirmed"] * 3
    assert MALE_ID not in str(versions[1].content) and "@" not in str(versions[1].content["referees"])
