"""Issue 10's Done-when as one flow in Chromium: unit staff of a unit with two places and six complete
applications return one, reject one, rank the rest by dragging, see the balance warnings (four ranked for two
places; the two ranked first are men while a woman applied), forward two with opinion and attestation, are
refused a third with the quota's message, and download the recommendation form of a forwarded candidate,
whose PDF text holds the name, the unit and the unit's opinion. Its first page and its opinion page are
rendered to PNG to be looked at (no boxes for Chinese glyphs).

With REDIS_URL the form is rendered by a real Celery worker (tests/workers.py), else in-process at commit.
Each step is saved at 1366x900 and 390x844 to var/screenshots/unit-flow-<step>-<size>.png.
"""
import datetime
import io
import subprocess

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from apps.accounts.roles import Role
from apps.accounts.tests.factories import PASSWORD, UnitStaffFactory, UserFactory
from apps.applicants.enums import ApplicationStatus as S
from apps.applicants.models import Application
from apps.applicants.tests.factories import ApplicationFactory
from apps.core.audit import verify_chain
from apps.reviews.tests.test_formal import complete
from apps.rounds.tests.factories import QuotaFactory, RoundFactory
from apps.units.enums import UnitKind
from apps.units.models_forms import FormStatus, RecommendationForm
from apps.units.tests.factories import RecommendingUnitFactory

from .pages import sign_in
from .test_pages import SIZES, check_page
from .test_recommendation_form import courier  # noqa: F401  (the fixture: a real worker on Redis, else eager)
from .test_unit_rank import decide, forward, names_in_order

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OPINION = "该同志长期扎根生产一线，技术精湛，同意推荐。"  # what `test_unit_rank.forward` types
# (name, gender, employer, post), in the order they submitted.
PEOPLE = [
    ("赵磊", "M", "北京京城机电控股有限责任公司", "钳工"),
    ("张志强", "M", "北京首钢股份有限公司", "轧钢工"),
    ("王建国", "M", "北京精密机械有限公司", "数控车工"),
    ("李秀英", "F", "北京奔驰汽车有限公司", "汽车装调工"),
    ("刘海涛", "M", "中车北京二七机车有限公司", "电焊工"),
    ("陈明", "M", "北京北方华创微电子装备有限公司", "半导体设备装调工"),
]


@pytest.fixture
def beijing_six():
    """北京市总工会 (two places) with six complete submitted applications, one from a woman."""
    round = RoundFactory(year=2026, recommend_deadline=timezone.now() + datetime.timedelta(days=20))
    unit = RecommendingUnitFactory(name="北京市总工会", kind=UnitKind.PROVINCIAL_UNION, region="11")
    QuotaFactory(round=round, unit=unit, places=2)
    UnitStaffFactory(username="zhangwei", display_name="张伟", unit=unit)
    applications = []
    for number, (name, gender, employer, post) in enumerate(PEOPLE):
        application = complete(ApplicationFactory(
            round=round, unit=unit, status=S.SUBMITTED, region="11",
            submitted_at=timezone.now() - datetime.timedelta(hours=len(PEOPLE) - number),
            applicant=UserFactory(username=f"applicant{number}", display_name=name, role=Role.APPLICANT),
        ))
        application.gender, application.employer_name, application.post = gender, employer, post
        application.save()
        applications.append(application)
    return applications


def shoot(page, live_server, artifacts_dir, step):
    """The page as it stands, at desktop then phone size (fits at 390 px, speaks Chinese); back to desktop."""
    for size in ("desktop", "phone"):
        page.set_viewport_size(SIZES[size])
        check_page(page, live_server, None, artifacts_dir / f"unit-flow-{step}-{size}.png", size, allow=("PDF",))
    page.set_viewport_size(SIZES["desktop"])


def test_unit_staff_check_rank_forward_within_quota_and_download_the_form(
    page, live_server, beijing_six, courier, artifacts_dir, tmp_path  # noqa: F811
):
    zhao, zhang, wang, li, liu, chen = beijing_six
    page.on("dialog", lambda dialog: dialog.accept())
    page.set_viewport_size(SIZES["desktop"])
    sign_in(page, live_server, "zhangwei", PASSWORD)
    page.get_by_test_id("unit-list-link").click()
    expect(page.get_by_test_id("unit-application-row")).to_have_count(6)
    shoot(page, live_server, artifacts_dir, "1-list")

    # Check: return one for fixes, reject one; each with its reason.
    decide(page, live_server, zhao, "returned", "请补充高级技师职业资格证书扫描件。")
    expect(page.get_by_role("status")).to_contain_text("已退回申报人修改。")
    shoot(page, live_server, artifacts_dir, "2-returned")
    decide(page, live_server, zhang, "unit_rejected", "近五年无一线生产现场工作经历，不符合申报条件。")
    expect(page.get_by_role("status")).to_contain_text("已作出不予推荐的决定。")
    expect(page.get_by_test_id("status")).to_have_text("推荐单位未通过")
    shoot(page, live_server, artifacts_dir, "3-rejected")

    # Rank the four still standing: drag the last to the top, so two men stand first and the woman third.
    page.goto(f"{live_server.url}/unit/")
    page.get_by_test_id("ranking-link").click()
    expect(page.get_by_test_id("rank-item")).to_have_count(4)
    assert names_in_order(page) == ["王建国", "李秀英", "刘海涛", "陈明"]
    items = page.get_by_test_id("rank-item")
    items.nth(3).locator(".drag-handle").drag_to(items.nth(0).locator(".drag-handle"))
    expect(page.get_by_test_id("rank-name").first).to_have_text("陈明")
    assert names_in_order(page) == ["陈明", "王建国", "李秀英", "刘海涛"]
    page.wait_for_timeout(400)  # SortableJS's settling animation, for the screenshot only
    shoot(page, live_server, artifacts_dir, "4-dragged")
    page.get_by_test_id("save-ranking").click()
    expect(page.get_by_role("status")).to_contain_text("排序已保存。")
    assert [Application.objects.get(pk=a.pk).unit_rank for a in (chen, wang, li, liu)] == [1, 2, 3, 4]
    shoot(page, live_server, artifacts_dir, "5-ranked")

    # The balance panel: four ranked for two places; and the two ranked first, who fill the places, are men.
    page.goto(f"{live_server.url}/unit/applications/")
    page.get_by_test_id("balance-link").click()
    expect(page.locator("[data-warning=over_quota]")).to_contain_text("拟推荐人选4人，超过本单位推荐名额2名")
    expect(page.locator("[data-warning=no_woman]")).to_have_count(0)  # the woman is ranked (third)
    shoot(page, live_server, artifacts_dir, "6-balance")
    page.get_by_label("李秀英").uncheck()
    page.get_by_label("刘海涛").uncheck()
    page.get_by_test_id("what-if-submit").click()
    expect(page.get_by_test_id("what-if-note")).to_contain_text("按您勾选的 2 名人选计算，未保存任何改动")
    expect(page.locator("[data-warning=no_woman]")).to_contain_text("有1名女性申报人，但拟推荐人选中没有女性")
    expect(page.locator("[data-warning=over_quota]")).to_have_count(0)
    shoot(page, live_server, artifacts_dir, "7-balance-what-if")

    # Forward the two ranked first, each with the opinion and both attestations.
    for application in (chen, wang):
        forward(page, live_server, application)
        expect(page.get_by_role("status")).to_contain_text("已推荐报送。")
        expect(page.get_by_test_id("status")).to_have_text("已推荐报送")
    shoot(page, live_server, artifacts_dir, "8-forwarded")

    # A third is refused with the quota's own message, and stays as it was.
    forward(page, live_server, li)
    expect(page.get_by_role("status")).to_contain_text("本单位 2026 年度推荐名额 2 名已用完（已推荐报送 2 名），不能再推荐报送。")
    expect(page.get_by_test_id("status")).to_have_text("已提交")
    shoot(page, live_server, artifacts_dir, "9-over-quota")

    # The recommendation form of the first forwarded candidate: request, wait for ready, download.
    page.goto(f"{live_server.url}{chen.get_absolute_url()}")
    panel = page.get_by_test_id("recommendation-form")
    expect(panel).to_contain_text("尚未生成推荐表")
    panel.get_by_test_id("form-request").click()
    expect(page.locator("main")).to_contain_text("已开始生成推荐表，完成后可在本页下载。")
    expect(page.get_by_text("任务队列暂时不可用")).to_have_count(0)  # the broker took it: no false alarm
    expect(page.get_by_test_id("form-status")).to_have_attribute("data-status", "ready", timeout=60_000)
    shoot(page, live_server, artifacts_dir, "10-form-ready")
    with page.expect_download() as download_info:
        page.get_by_test_id("form-download").click()
    saved = tmp_path / "form.pdf"
    download_info.value.save_as(saved)
    assert download_info.value.suggested_filename == "推荐表-2026-陈明.pdf"

    pages = [p.extract_text() for p in PdfReader(io.BytesIO(saved.read_bytes())).pages]
    text = "".join("".join(pages).split())  # pypdf adds or drops spaces between runs: compare without any
    assert ("陈明" in text, "北京市总工会" in text, "北京北方华创微电子装备有限公司" in text) == (True, True, True)
    assert (OPINION in text, "第1位" in text, "已确认申报人政治素质、工匠精神符合推荐条件（确认人：张伟" in text) == (True, True, True)
    # The first page, and the page with the unit's opinion, as images to look at.
    opinion_page = next(number for number, page_text in enumerate(pages, start=1) if "推荐单位意见" in page_text)
    for number, name in ((1, "unit-flow-form-page1"), (opinion_page, "unit-flow-form-opinion")):
        subprocess.run(["pdftoppm", "-r", "80", "-png", "-f", str(number), "-l", str(number), "-singlefile", str(saved),
                        str(artifacts_dir / name)], check=True)

    assert [Application.objects.get(pk=a.pk).status for a in beijing_six] == [
        S.RETURNED, S.UNIT_REJECTED, S.FORWARDED, S.SUBMITTED, S.SUBMITTED, S.FORWARDED,
    ]
    forwarded = Application.objects.get(pk=chen.pk)
    assert (forwarded.recommendation_opinion, forwarded.attests_political_quality, forwarded.attests_craftsman_spirit) == (
        OPINION, True, True
    )
    assert list(RecommendationForm.objects.values_list("application_id", "status", "attempts")) == [(chen.pk, FormStatus.READY, 1)]
    assert verify_chain().ok
