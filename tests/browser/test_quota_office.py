"""The office allocates a new round's quotas in Chromium: creates the round, downloads the factor
template, fills it and imports it, allocates, previews a what-if, overrides one quota with a reason,
confirms and deploys; each unit's staff find the deployment notice with their own quota in the inbox
and in the mail sent (issue 8's whole office flow). Screenshots of the settings, factors and proposal pages at desktop and phone size go to
var/screenshots/.
"""
import io
from decimal import Decimal

import pytest
from django.core import mail
from openpyxl import load_workbook
from playwright.sync_api import expect

from apps.accounts.roles import Role
from apps.accounts.tests.factories import PASSWORD, UserFactory
from apps.rounds.models import Quota, QuotaFactors, Round
from apps.units.enums import UnitKind
from apps.units.tests.factories import RecommendingUnitFactory
from tests.browser.pages import sign_in, sign_out
from tests.browser.test_pages import SIZES, check_page

EXCEL = ("Excel", "xlsx")  # the file format's names, as the office knows them
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

UNITS = (
    ("北京市总工会", UnitKind.PROVINCIAL_UNION, "11", 9_000_000),
    ("河北省总工会", UnitKind.PROVINCIAL_UNION, "13", 6_000_000),
    ("山西省总工会", UnitKind.PROVINCIAL_UNION, "14", 3_000_000),
    ("中国机械冶金建材工会全国委员会", UnitKind.NATIONAL_INDUSTRIAL_UNION, "", 4_000_000),
    ("中国航天科技集团有限公司", UnitKind.CENTRAL_ENTERPRISE, "", 500_000),
)


def fill_template(path):
    """Fill every unit's four factors in the downloaded template (head counts from UNITS)."""
    book = load_workbook(io.BytesIO(path.read_bytes()))
    sheet = book["名额分配因素"]
    workers = {name: count for name, _, _, count in UNITS}
    for row in sheet.iter_rows(min_row=2):
        row[2].value, row[3].value, row[5].value = 70, 80.5, 60
        row[4].value = workers[row[1].value]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_office_allocates_confirms_and_deploys_a_new_rounds_quotas(page, live_server, artifacts_dir, eager_tasks):
    units = {name: RecommendingUnitFactory(name=name, kind=kind, region=region) for name, kind, region, _ in UNITS}
    staff = {  # two units' staff, to read their own deployment notice
        name: UserFactory(username=login, email=f"{login}@example.com", role=Role.UNIT_STAFF, unit=units[name])
        for name, login in (("北京市总工会", "bj_staff"), ("山西省总工会", "sx_staff"))
    }
    UserFactory(username="zhaomin", display_name="赵敏", role=Role.PROGRAMME_STAFF)
    page.set_viewport_size(SIZES["desktop"])
    sign_in(page, live_server, "zhaomin", PASSWORD)

    # The desk leads to the rounds; the office creates this year's round.
    page.get_by_test_id("desk-rounds").click()
    page.get_by_test_id("create-round").click()
    page.get_by_label("年度").fill("2031")
    page.get_by_label("全国培育目标人数").fill("10")
    page.get_by_label("推荐截止时间").fill("2031-04-30T17:00")
    page.get_by_label("形式审查截止时间").fill("2031-05-31T17:00")
    page.get_by_label("专家评审截止时间").fill("2031-06-30T17:00")
    page.get_by_role("button", name="创建遴选年度").click()
    expect(page.locator(".alert-success")).to_contain_text("已创建2031年度大国工匠人才培养工程遴选")
    round = Round.objects.get(year=2031)
    for size in SIZES:
        page.set_viewport_size(SIZES[size])
        check_page(page, live_server, None, str(artifacts_dir / f"office-round-settings-{size}.png"), size)
    page.set_viewport_size(SIZES["desktop"])

    # Factors: download the template, fill it, import it.
    page.get_by_role("link", name="名额分配因素").first.click()
    with page.expect_download() as download:
        page.get_by_test_id("download-template").click()
    filled = fill_template(download.value.path())
    page.get_by_label("填好的 Excel 文件（.xlsx）").set_input_files(
        {"name": "因素.xlsx", "mimeType": "application/octet-stream", "buffer": filled}
    )
    page.get_by_role("button", name="导入").click()
    expect(page.locator(".alert-success")).to_contain_text("导入完成：文件中 5 个推荐单位，其中 5 个的数值有变化并已保存")
    assert QuotaFactors.objects.get(round=round, unit__name="北京市总工会").worker_count == Decimal("9000000")
    for size in SIZES:
        page.set_viewport_size(SIZES[size])
        check_page(page, live_server, None, str(artifacts_dir / f"office-quota-factors-{size}.png"), size, allow=EXCEL)
    page.set_viewport_size(SIZES["desktop"])

    # Allocate: 15 places over five units.
    page.get_by_role("link", name="推荐名额").first.click()
    page.get_by_test_id("allocate").click()
    expect(page.locator(".alert-success")).to_contain_text("已按当前方案分配推荐名额，共 15 个")
    expect(page.get_by_test_id("totals")).to_contain_text("现有名额合计 15 个")

    # What-if: weigh only the head count; the table swaps in place (htmx) and shows the moves.
    form = page.get_by_test_id("whatif-form")
    for label in ("地区发展状况权重", "行业技术水平权重", "人才培养环境权重"):
        form.get_by_label(label).fill("0")
    form.get_by_label("职工人数权重").fill("1")
    form.get_by_role("button", name="试算").click()
    expect(page.get_by_test_id("whatif-table")).to_be_visible()
    moved = page.get_by_test_id("whatif-table").locator("td.delta-up, td.delta-down")
    expect(moved.first).to_be_visible()
    assert moved.count() >= 2
    assert Round.objects.get(pk=round.pk).worker_count_weight == Decimal("1.00")  # nothing saved
    for size in SIZES:
        page.set_viewport_size(SIZES[size])
        check_page(page, live_server, None, str(artifacts_dir / f"office-quotas-whatif-{size}.png"), size)
    page.set_viewport_size(SIZES["desktop"])

    # Override one quota with a reason (the browser asks first), then confirm.
    page.get_by_role("link", name="取消试算").click()
    page.get_by_test_id("proposal-table").get_by_role("row", name="山西省总工会").get_by_role("link", name="调整").click()
    page.get_by_label("调整后的推荐名额").fill("5")
    page.get_by_label("调整原因").fill("重点产业集中，适当增加")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="确认调整").click()
    expect(page.locator(".alert-success")).to_contain_text("已将山西省总工会的推荐名额调整为 5 个")
    for size in SIZES:
        page.set_viewport_size(SIZES[size])
        check_page(page, live_server, None, str(artifacts_dir / f"office-quotas-{size}.png"), size)
    page.set_viewport_size(SIZES["desktop"])

    page.get_by_test_id("confirm-link").click()
    expect(page.get_by_test_id("overrides")).to_contain_text("重点产业集中，适当增加")
    page.get_by_test_id("confirm-quotas").click()
    expect(page.get_by_test_id("quota-state")).to_contain_text("已确认")
    shanxi = Quota.objects.get(round=round, unit__name="山西省总工会")
    assert (shanxi.places, shanxi.override_reason) == (5, "重点产业集中，适当增加")
    assert Round.objects.get(pk=round.pk).quotas_confirmed_at is not None

    # Deploy from the desk: the phase page has nothing left to block the move.
    page.goto(f"{live_server.url}/office/")
    page.get_by_test_id("round-advance-2031").click()
    expect(page.get_by_test_id("no-blockers")).to_be_visible()
    page.get_by_test_id("confirm-advance").click()
    expect(page.locator(".messages")).to_contain_text("已进入“已部署”阶段")
    assert Round.objects.get(pk=round.pk).status == "deployed"

    # Each unit's staff read their own quota, in the inbox and in the mail.
    places = {name: Quota.objects.get(round=round, unit__name=name).places for name in staff}
    for name, user in staff.items():
        sign_out(page)
        sign_in(page, live_server, user.username, PASSWORD)
        page.goto(f"{live_server.url}/notices/")
        notice = page.locator(".notices li").filter(has_text="关于开展2031年度大国工匠人才培养工程遴选工作的通知")
        expect(notice).to_contain_text(f"{name}：")
        expect(notice).to_contain_text(f"贵单位推荐名额为 {places[name]} 名")
    sent = {message.to[0]: message.body for message in mail.outbox if "2031年度" in message.subject}
    assert set(sent) == {"bj_staff@example.com", "sx_staff@example.com"}
    assert f"贵单位推荐名额为 {places['山西省总工会']} 名" in sent["sx_staff@example.com"]
    assert places["山西省总工会"] == 5
