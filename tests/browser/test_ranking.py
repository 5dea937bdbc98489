"""The ranking and the meeting in Chromium: the office reads the raw ranking beside the normalised one with the
panel's agreement figures, generates the proposed list, records the meeting and the party group's decision,
and verifies the decision's hash (一致). Screenshots at 1366x900 and 390x844 in var/screenshots/ranking-*."""
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from apps.accounts.roles import Role
from apps.accounts.tests.factories import UserFactory
from apps.applicants.enums import ApplicationStatus as S
from apps.applicants.models import Application
from apps.reviews.tests.test_aggregation import score_world
from apps.rounds.enums import AggregationRule, RoundStatus
from apps.rounds.tests.factories import RoundFactory
from apps.units.enums import UnitKind
from apps.units.tests.factories import RecommendingUnitFactory

from .test_pages import SIZES, check_page, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# Latin the pages show on purpose: the statistics' names and the hash algorithm, the file format.
ALLOW = ("ICC", "SHA", "Excel")


@pytest.fixture
def scored_world():
    office = UserFactory(username="zhaomin", display_name="赵敏", role=Role.PROGRAMME_STAFF)
    unit = RecommendingUnitFactory(name="北京市总工会", kind=UnitKind.PROVINCIAL_UNION, region="11")
    round = RoundFactory(year=2026, status=RoundStatus.REVIEWING, national_target=2, aggregation_rule=AggregationRule.TRIMMED_MEAN)
    # World 1 of test_aggregation: trimmed means 120, 100, 75; Kendall's W 0.31.
    candidates, _, _ = score_world(round, unit, {"王建国": [8, 9, 7, 10, 2], "李秀英": [6, 7, 7, 5, 8], "陈志强": [4, 5, 6, 3, 9]})
    return {"office": office, "round": round, "candidates": candidates}


def shots(page, live_server, artifacts_dir, name):
    check_page(page, live_server, None, artifacts_dir / f"ranking-{name}-desktop.png", "desktop", allow=ALLOW)
    page.set_viewport_size(SIZES["phone"])
    check_page(page, live_server, None, artifacts_dir / f"ranking-{name}-phone.png", "phone", allow=ALLOW)
    page.set_viewport_size(SIZES["desktop"])


def test_the_office_ranks_generates_the_list_and_records_the_decision(page, live_server, scored_world, artifacts_dir):
    world, round = scored_world, scored_world["round"]
    today = timezone.localdate().isoformat()
    page.set_viewport_size(SIZES["desktop"])
    signed_in(page, live_server, world["office"])
    page.goto(f"{live_server.url}/office/rounds/{round.pk}/ranking/")

    rows = page.get_by_test_id("ranking-row")
    expect(rows).to_have_count(3)
    expect(rows.first).to_contain_text("王建国")
    expect(rows.first).to_contain_text("120.00")
    expect(page.get_by_test_id("kendall-w")).to_have_text("0.310")
    expect(page.get_by_test_id("agreement")).to_contain_text("ICC(2,1)")
    expect(page.get_by_test_id("severity").get_by_test_id("expert-row")).to_have_count(5)
    expect(page.get_by_test_id("line-stable")).to_be_visible()
    shots(page, live_server, artifacts_dir, "page")

    page.get_by_role("link", name="建议名单").first.click()
    page.get_by_test_id("generate").click()
    expect(page.locator(".messages")).to_contain_text("已按本年度规则生成建议名单")
    entries = page.get_by_test_id("entry-row")
    expect(entries).to_have_count(2)
    expect(page.get_by_test_id("proposed-list")).not_to_contain_text("陈志强")
    expect(page.get_by_test_id("balance")).to_be_visible()

    form = page.get_by_test_id("record-form")
    form.get_by_label("会议日期").fill(today)
    form.get_by_label("参会人员").fill("专家评审委员会委员9人")
    form.get_by_label("会议结论").fill("集体研究，同意建议名单")
    page.get_by_test_id("record").click()
    expect(page.get_by_test_id("meeting-record")).to_contain_text("专家评审委员会委员9人")
    shots(page, live_server, artifacts_dir, "meeting")

    page.get_by_test_id("decide-link").click()
    expect(page.get_by_test_id("decide-summary")).to_contain_text("以下 2 名人选")
    page.get_by_label("党组审议日期").fill(today)
    page.get_by_label("决定文号").fill("总工党〔2026〕12号")
    shots(page, live_server, artifacts_dir, "decide")
    page.get_by_test_id("confirm-decision").click()

    expect(page.locator(".messages")).to_contain_text("建议名单已锁定")
    expect(page.get_by_test_id("document-number")).to_have_text("总工党〔2026〕12号")
    expect(page.get_by_test_id("record-form")).to_have_count(0)
    page.get_by_test_id("verify").click()
    expect(page.get_by_test_id("verification-result")).to_have_text("一致")
    shots(page, live_server, artifacts_dir, "decided")
    statuses = dict(Application.objects.values_list("full_name", "status"))
    assert statuses == {"王建国": S.APPROVED, "李秀英": S.APPROVED, "陈志强": S.UNDER_REVIEW}
