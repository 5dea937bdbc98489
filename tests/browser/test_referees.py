"""The applicant invites a referee; the referee opens the mailed link on a phone, confirms and uploads the signed letter.

Screenshots at 1366×900 and 390×844 go to var/screenshots/referees-*.png and referee-link-*.png.
"""
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from apps.accounts.roles import Role
from apps.accounts.tests.factories import UserFactory
from apps.applicants.enums import ApplicationStatus
from apps.applicants.models import Referee
from apps.applicants.samples import pdf_bytes
from apps.applicants.tests.factories import ApplicationFactory
from apps.rounds.tests.factories import RoundFactory
from apps.units.demo import employer_credit_code
from apps.units.enums import UnitKind
from apps.units.tests.factories import RecommendingUnitFactory

from .test_pages import SIZES, check_page, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LATIN = ("PDF", "JPEG", "PNG", "MB")


@pytest.fixture
def draft():
    unit = RecommendingUnitFactory(name="北京市总工会", kind=UnitKind.PROVINCIAL_UNION, region="11")
    applicant = UserFactory(username="wangjianguo", display_name="王建国", role=Role.APPLICANT)
    return ApplicationFactory(
        round=RoundFactory(year=2026), unit=unit, applicant=applicant, full_name="王建国",
        employer_name="中车长春轨道客车股份有限公司", status=ApplicationStatus.DRAFT,
    )


def test_applicant_invites_and_the_referee_confirms_through_the_link(page, browser, live_server, draft, artifacts_dir):
    page.set_viewport_size(SIZES["desktop"])
    signed_in(page, live_server, draft.applicant)
    page.goto(f"{live_server.url}/applications/{draft.pk}/referees/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("推荐专家")

    # The applicant's own employer under another legal form is refused with the reason.
    page.get_by_label("推荐专家姓名").fill("张志强")
    page.get_by_label("推荐专家电子邮箱").fill("zhang.zhiqiang@example.com")
    page.get_by_label("职称或技能等级").select_option(label="正高级专业技术职称")
    page.get_by_label("工作单位", exact=True).fill("中车长春轨道客车有限公司")
    page.get_by_test_id("invite").click()
    expect(page.get_by_text("推荐专家须为非本单位专家")).to_be_visible()
    page.get_by_label("工作单位", exact=True).fill("吉林大学")
    page.get_by_label("工作单位统一社会信用代码").fill(employer_credit_code("吉林大学", "22"))
    page.get_by_label("与您的关系").fill("校企合作项目的技术指导专家")
    page.get_by_test_id("invite").click()
    expect(page.get_by_role("status")).to_contain_text("已向推荐专家张志强发送邀请邮件")
    expect(page.get_by_test_id("referee-slot-1").get_by_test_id("referee-state")).to_have_text("待确认")
    check_page(page, live_server, None, artifacts_dir / "referees-desktop.png", "desktop", allow=LATIN)

    # The referee: no account, a phone, the link from the mail.
    link = re.search(r"https?://\S+/referee/\S+/", mail.outbox[-1].body).group()
    path = link.split("://", 1)[1].split("/", 1)[1]
    referee_context = browser.new_context(viewport=SIZES["phone"], locale="zh-CN")
    phone = referee_context.new_page()
    phone.goto(f"{live_server.url}/{path}")
    expect(phone.get_by_role("heading", level=1)).to_have_text("确认推荐")
    check_page(phone, live_server, None, artifacts_dir / "referee-link-phone.png", "phone", allow=LATIN)
    phone.get_by_label("您的职称或技能等级").select_option(label="正高级专业技术职称")
    phone.get_by_label("与申报人的关系").fill("校企合作项目的技术指导专家，共同完成转向架焊接工艺攻关")
    phone.get_by_label("签名的推荐信").set_input_files({"name": "推荐信.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes("Signed letter")})
    phone.get_by_label("本人确认以上信息真实").check()
    phone.get_by_test_id("confirm-referee").click()
    expect(phone.get_by_test_id("referee-done")).to_contain_text("推荐和推荐信已提交")
    check_page(phone, live_server, None, artifacts_dir / "referee-link-done-phone.png", "phone", allow=LATIN)
    phone.goto(f"{live_server.url}/{path}")
    expect(phone.get_by_test_id("link-problem")).to_contain_text("该链接已使用")
    referee_context.close()

    referee = Referee.objects.get()
    assert (referee.status, referee.letter_name) == ("confirmed", "推荐信.pdf")
    page.reload()
    expect(page.get_by_test_id("referee-slot-1").get_by_test_id("referee-state")).to_have_text("已确认")
    expect(page.get_by_test_id("letter")).to_have_text("推荐信.pdf")
    page.set_viewport_size(SIZES["phone"])
    check_page(page, live_server, None, artifacts_dir / "referees-phone.png", "phone", allow=LATIN)
