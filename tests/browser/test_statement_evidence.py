"""The applicant writes the five-powers statement (autosave), uploads evidence, meets a refusal, deletes a file.

Screenshots at 1366×900 and 390×844 go to var/screenshots/statement-*.png and evidence-*.png.
"""
import pytest
from playwright.sync_api import expect

from apps.accounts.roles import Role
from apps.accounts.tests.factories import UserFactory
from apps.applicants.enums import ApplicationStatus
from apps.applicants.models import EvidenceFile, StatementAnswer
from apps.applicants.samples import image_bytes, pdf_bytes
from apps.applicants.tests.evidence_files import MZ
from apps.applicants.tests.factories import ApplicationFactory
from apps.rounds.tests.factories import RoundFactory
from apps.units.enums import UnitKind
from apps.units.tests.factories import RecommendingUnitFactory

from .test_pages import SIZES, check_page, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANSWER = "十五年来在焊接一线承担高铁转向架关键焊缝的焊接任务。\n带领班组攻克厚板焊接变形难题，一次合格率由92%提高到99.6%。"
LATIN = ("PDF", "JPEG", "PNG", "MB", "KB")


@pytest.fixture
def draft():
    unit = RecommendingUnitFactory(name="北京市总工会", kind=UnitKind.PROVINCIAL_UNION, region="11")
    applicant = UserFactory(username="wangjianguo", display_name="王建国", role=Role.APPLICANT)
    return ApplicationFactory(
        round=RoundFactory(year=2026), unit=unit, applicant=applicant, employer_name="中车长春轨道客车股份有限公司",
        status=ApplicationStatus.DRAFT,
    )


def upload(page, indicator_label, name, mime, content):
    page.get_by_label("对应评价指标").select_option(label=indicator_label)
    page.get_by_label("文件").set_input_files({"name": name, "mimeType": mime, "buffer": content})
    page.get_by_test_id("upload").click()


def test_statement_autosave_evidence_upload_refusal_and_delete(page, live_server, draft, artifacts_dir):
    page.set_viewport_size(SIZES["desktop"])
    signed_in(page, live_server, draft.applicant)
    first = draft.round.indicators.order_by("position").first()
    page.goto(f"{live_server.url}/applicant/")
    page.get_by_test_id("content-links").get_by_text("“工匠五力”陈述").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("“工匠五力”陈述")

    # A second tab opened before the first autosave: its later edit must be refused, not overwrite.
    other = page.context.new_page()
    other.goto(page.url)

    card = page.get_by_test_id(f"answer-{first.code}")
    card.locator("textarea").fill(ANSWER)
    expect(card.get_by_text(f"已输入 {len(ANSWER)} / 1500 字")).to_be_visible()
    expect(card.get_by_test_id("saved")).to_contain_text("已自动保存", timeout=10_000)
    assert StatementAnswer.objects.get(indicator=first).text == ANSWER

    stale = other.get_by_test_id(f"answer-{first.code}")
    stale.locator("textarea").fill("另一个标签页里的旧内容")
    expect(stale.get_by_test_id("save-error")).to_contain_text("其他页面或设备上修改", timeout=10_000)
    other.close()
    assert StatementAnswer.objects.get(indicator=first).text == ANSWER

    page.reload()
    expect(page.get_by_test_id(f"answer-{first.code}").locator("textarea")).to_have_value(ANSWER)
    expect(page.get_by_test_id("answered-count")).to_have_text("1")
    check_page(page, live_server, None, artifacts_dir / "statement-desktop.png", "desktop", allow=LATIN)

    page.get_by_role("link", name="支撑材料").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("支撑材料")
    upload(page, str(first), "全国技术能手证书.pdf", "application/pdf", pdf_bytes("Award"))
    expect(page.get_by_role("status")).to_contain_text("已上传“全国技术能手证书.pdf”")
    upload(page, str(first), "班组合影.png", "image/png", image_bytes("PNG", label="team"))
    expect(page.get_by_role("status")).to_contain_text("已上传“班组合影.png”")
    upload(page, str(first), "技能证书.pdf", "application/pdf", MZ)
    expect(page.get_by_text("只能上传PDF、JPEG或PNG文件")).to_be_visible()
    assert EvidenceFile.objects.count() == 2
    expect(page.get_by_test_id(f"evidence-{first.code}").get_by_test_id("download")).to_have_count(2)
    check_page(page, live_server, None, artifacts_dir / "evidence-refused-desktop.png", "desktop", allow=LATIN)

    page.goto(f"{live_server.url}/applications/{draft.pk}/evidence/")
    check_page(page, live_server, None, artifacts_dir / "evidence-desktop.png", "desktop", allow=LATIN)
    page.get_by_test_id(f"evidence-{first.code}").get_by_test_id("delete").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("删除支撑材料")
    check_page(page, live_server, None, artifacts_dir / "evidence-delete-desktop.png", "desktop", allow=LATIN)
    page.get_by_test_id("confirm-delete").click()
    expect(page.get_by_role("status")).to_contain_text("已删除“全国技术能手证书.pdf”")
    assert list(EvidenceFile.objects.values_list("display_name", flat=True)) == ["班组合影.png"]

    page.set_viewport_size(SIZES["phone"])
    remaining = EvidenceFile.objects.get()
    for name, path in (
        ("statement", f"/applications/{draft.pk}/statement/"),
        ("evidence", f"/applications/{draft.pk}/evidence/"),
        ("evidence-delete", f"/applications/{draft.pk}/evidence/{remaining.pk}/delete/"),
        ("detail", draft.get_absolute_url()),
    ):
        check_page(page, live_server, path, artifacts_dir / f"{name}-phone.png", "phone", allow=LATIN)
