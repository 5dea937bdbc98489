"""Expert scoring in Chromium: an expert opens the desk, scores a candidate beside the materials (the running
total follows the inputs), saves a draft, submits (after a confirmation) and the sheet locks; a second expert
declares a conflict and the assignment leaves their desk, the office sees the candidate to reassign.
Screenshots at 1366x900 and 390x844 in var/screenshots/scoring-*."""
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from apps.accounts.roles import Role
from apps.accounts.tests.factories import UserFactory
from apps.applicants.enums import ApplicationStatus as S
from apps.applicants.models import StatementAnswer
from apps.applicants.tests.factories import ApplicationFactory
from apps.reviews.models import Assignment, AssignmentStatus, SheetStatus
from apps.reviews.tests.factories import ExpertFactory, PanelFactory
from apps.rounds.enums import RoundStatus
from apps.rounds.tests.factories import RoundFactory
from apps.units.enums import UnitKind
from apps.units.tests.factories import RecommendingUnitFactory

from .test_pages import SIZES, check_page, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def scoring_world():
    round = RoundFactory(year=2026, status=RoundStatus.REVIEWING)
    unit = RecommendingUnitFactory(name="北京市总工会", kind=UnitKind.PROVINCIAL_UNION, region="11")
    office = UserFactory(username="zhaomin", display_name="赵敏", role=Role.PROGRAMME_STAFF)
    chen = ExpertFactory(user=UserFactory(username="chenjing", display_name="陈静", role=Role.EXPERT), employer_name="清华大学")
    zhou = ExpertFactory(user=UserFactory(username="zhouli", display_name="周立", role=Role.EXPERT), employer_name="哈尔滨工业大学")
    panel = PanelFactory(round=round, name="制造业专家组", industries="C", members=[chen, zhou])
    application = ApplicationFactory(
        round=round, unit=unit, status=S.UNDER_REVIEW, industry="C", full_name="王建国", forwarded_at=timezone.now(),
        employer_name="中国中车股份有限公司", post="高级焊工", frontline_years=18,
        applicant=UserFactory(display_name="王建国", role=Role.APPLICANT),
    )
    first = round.indicators.order_by("position").first()
    StatementAnswer.objects.create(application=application, indicator=first, text="主持高铁转向架焊接工艺攻关，焊缝一次合格率提升到99.8%。", version=1)
    return {
        "round": round, "office": office, "application": application,
        "chen": Assignment.objects.create(round=round, application=application, expert=chen, panel=panel),
        "zhou": Assignment.objects.create(round=round, application=application, expert=zhou, panel=panel),
    }


def test_an_expert_scores_and_submits_and_another_declares_a_conflict(page, live_server, scoring_world, artifacts_dir):
    world = scoring_world
    page.on("dialog", lambda dialog: dialog.accept())
    page.set_viewport_size(SIZES["desktop"])
    signed_in(page, live_server, world["chen"].expert.user)
    page.goto(f"{live_server.url}/expert/")

    expect(page.get_by_test_id("assignment-row")).to_have_count(1)
    expect(page.get_by_test_id("assignment-row")).to_contain_text("王建国")
    check_page(page, live_server, None, artifacts_dir / "scoring-desk-desktop.png", "desktop")
    page.get_by_test_id("score-link").click()

    expect(page.get_by_test_id("materials")).to_contain_text("焊缝一次合格率")
    inputs = page.locator(".score-input")
    expect(inputs).to_have_count(15)
    inputs.nth(0).fill("8")
    inputs.nth(1).fill("7.5")
    expect(page.locator("#score-total")).to_have_text("15.5")
    expect(page.locator("#score-count")).to_contain_text("2/15")
    page.get_by_label("评审意见").fill("技术攻关成效显著。")
    page.get_by_test_id("save-draft").click()

    expect(page.locator(".messages")).to_contain_text("评分草稿已保存（已评2项）")
    expect(page.locator("#score-total")).to_have_text("15.5")
    for i in range(2, 15):
        inputs.nth(i).fill("9")
    expect(page.locator("#score-total")).to_have_text("132.5")
    check_page(page, live_server, None, artifacts_dir / "scoring-sheet-desktop.png", "desktop")
    page.set_viewport_size(SIZES["phone"])
    check_page(page, live_server, None, artifacts_dir / "scoring-sheet-phone.png", "phone")
    page.set_viewport_size(SIZES["desktop"])
    page.get_by_test_id("submit-sheet").click()

    expect(page.locator(".messages")).to_contain_text("已提交对王建国的评分，评分表已锁定")
    expect(page.get_by_test_id("assignment-row")).to_contain_text("已提交")
    assert Assignment.objects.get(pk=world["chen"].pk).sheet.status == SheetStatus.SUBMITTED
    page.get_by_test_id("assignment-row").get_by_role("link", name="查看").click()
    expect(page.get_by_test_id("locked")).to_be_visible()
    expect(page.locator("#score-total")).to_have_text("132.5")

    page.context.clear_cookies()
    signed_in(page, live_server, world["zhou"].expert.user)
    page.goto(f"{live_server.url}/expert/")
    page.get_by_test_id("score-link").click()
    expect(page.locator("#score-total")).to_have_text("—")  # never the other expert's scores
    page.get_by_test_id("declare-conflict-link").click()
    page.get_by_label("回避原因（必填）").fill("曾与该候选人同在一个技术攻关项目组")
    check_page(page, live_server, None, artifacts_dir / "scoring-conflict-phone.png", "desktop")
    page.get_by_test_id("confirm-conflict").click()

    expect(page.locator(".messages")).to_contain_text("已申报回避")
    expect(page.get_by_test_id("empty-state")).to_be_visible()
    page.set_viewport_size(SIZES["phone"])
    check_page(page, live_server, None, artifacts_dir / "scoring-desk-after-conflict-phone.png", "phone")
    assert Assignment.objects.get(pk=world["zhou"].pk).status == AssignmentStatus.WITHDRAWN

    page.context.clear_cookies()
    signed_in(page, live_server, world["office"])
    page.set_viewport_size(SIZES["desktop"])
    page.goto(f"{live_server.url}/office/rounds/{world['round'].pk}/reassign/")
    expect(page.get_by_test_id("reassign-row")).to_contain_text("王建国")
    expect(page.get_by_test_id("reassign-row")).to_contain_text("专家申报利益冲突回避")
    check_page(page, live_server, None, artifacts_dir / "scoring-reassign-desktop.png", "desktop")
    page.set_viewport_size(SIZES["phone"])
    check_page(page, live_server, None, artifacts_dir / "scoring-reassign-phone.png", "phone")


def test_the_office_previews_and_confirms_the_draw_then_assigns_a_replacement(page, live_server, artifacts_dir):
    round = RoundFactory(year=2026, status=RoundStatus.REVIEWING)
    unit = RecommendingUnitFactory(name="北京市总工会", kind=UnitKind.PROVINCIAL_UNION, region="11")
    office = UserFactory(username="zhaomin", display_name="赵敏", role=Role.PROGRAMME_STAFF)
    experts = [
        ExpertFactory(user=UserFactory(username=f"expert{i}", display_name=name, role=Role.EXPERT), employer_name=f"{name}所在研究院")
        for i, name in enumerate(["陈静", "周立", "吴刚", "郑华"])
    ]
    PanelFactory(round=round, name="制造业专家组", industries="C", members=experts)
    for name in ("王建国", "李秀英"):
        ApplicationFactory(round=round, unit=unit, status=S.FORMAL_PASSED, industry="C", full_name=name, forwarded_at=timezone.now())
    page.on("dialog", lambda dialog: dialog.accept())
    page.set_viewport_size(SIZES["desktop"])
    signed_in(page, live_server, office)
    page.goto(f"{live_server.url}/office/")
    page.get_by_test_id("desk-expert-review").get_by_role("link", name="抽取专家").click()

    page.get_by_label("每名候选人专家数 N").fill("3")
    page.get_by_label("随机种子（留空自动生成）").fill("20260601")
    page.get_by_test_id("draw-preview").click()
    expect(page.get_by_test_id("draw-preview-result")).to_contain_text("2名候选人、6项分配")
    assert not Assignment.objects.exists()
    check_page(page, live_server, None, artifacts_dir / "scoring-draw-preview-desktop.png", "desktop")
    page.set_viewport_size(SIZES["phone"])
    check_page(page, live_server, None, artifacts_dir / "scoring-draw-preview-phone.png", "phone")
    page.get_by_test_id("draw-confirm").click()

    expect(page.locator(".messages")).to_contain_text("6项分配，随机种子 20260601")
    expect(page.get_by_test_id("draw-record")).to_have_count(1)
    check_page(page, live_server, None, artifacts_dir / "scoring-draw-done-phone.png", "phone")
    assert Assignment.objects.filter(status=AssignmentStatus.ACTIVE).count() == 6

    application = Assignment.objects.order_by("pk").first().application
    page.set_viewport_size(SIZES["desktop"])
    page.goto(f"{live_server.url}/office/applications/{application.pk}/assignments/")
    page.get_by_test_id("assignment-row").first.get_by_placeholder("撤回原因").fill("专家出差无法参加评审")
    page.get_by_test_id("assignment-row").first.get_by_test_id("withdraw").click()
    expect(page.locator(".messages")).to_contain_text("已撤回")
    page.get_by_test_id("add-assignment").get_by_label("原因").fill("补充分配")
    page.get_by_test_id("add-assignment-submit").click()
    expect(page.locator(".messages")).to_contain_text("已分配")
    expect(page.locator('[data-testid="assignment-row"][data-status="active"]')).to_have_count(3)
    check_page(page, live_server, None, artifacts_dir / "scoring-assignments-desktop.png", "desktop")
    page.set_viewport_size(SIZES["phone"])
    check_page(page, live_server, None, artifacts_dir / "scoring-assignments-phone.png", "phone")
    for path, name in ((f"/office/rounds/{round.pk}/experts/", "pool"), (f"/office/rounds/{round.pk}/panels/", "panels")):
        check_page(page, live_server, path, artifacts_dir / f"scoring-{name}-phone.png", "phone")
