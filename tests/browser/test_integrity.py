"""Unit staff and the office read the integrity flags in Chromium: a near-duplicate statement across two units
(the other unit's side hidden from each unit, both shown to the office once forwarded) and a credit code given
with two employer names. Pages fit at 390 px and speak Chinese; screenshots go to var/screenshots/.
"""
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from apps.accounts.roles import Role
from apps.accounts.tests.factories import UnitStaffFactory, UserFactory
from apps.applicants.enums import ApplicationStatus as S
from apps.applicants.models import Application
from apps.applicants.tests.factories import ApplicationFactory
from apps.rounds.tests.factories import RoundFactory
from apps.units.demo_integrity import COPY_OWN, ORIGINAL_ANSWERS
from apps.units.enums import UnitKind
from apps.units.tests.factories import RecommendingUnitFactory
from apps.units.tests.test_integrity_views import write_statement
from tests.browser.test_pages import LONG_EMPLOYER, SIZES, check_page, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CODE = "91110000100000000X"


@pytest.fixture
def flagged():
    round = RoundFactory(year=2026, title="2026年度大国工匠人才培养工程遴选")
    beijing = RecommendingUnitFactory(name="北京市总工会", kind=UnitKind.PROVINCIAL_UNION, region="11")
    shanghai = RecommendingUnitFactory(name="上海市总工会", kind=UnitKind.PROVINCIAL_UNION, region="31")
    original = ApplicationFactory(round=round, unit=beijing, status=S.SUBMITTED, full_name="王建国", employer_name=LONG_EMPLOYER, employer_credit_code=CODE)
    copy = ApplicationFactory(round=round, unit=shanghai, status=S.SUBMITTED, full_name="李秀英", employer_name="江南造船（集团）有限责任公司")
    ApplicationFactory(round=round, unit=beijing, status=S.SUBMITTED, full_name="刘洋", employer_name="北京奔驰汽车有限公司", employer_credit_code=CODE)
    write_statement(original, ORIGINAL_ANSWERS)
    write_statement(copy, [COPY_OWN.get(position, text) for position, text in enumerate(ORIGINAL_ANSWERS, start=1)])
    return {
        "round": round, "original": original, "copy": copy,
        "bj": UnitStaffFactory(username="zhangwei", unit=beijing), "sh": UnitStaffFactory(username="liuyang", unit=shanghai),
        "office": UserFactory(username="zhaomin", display_name="赵敏", role=Role.PROGRAMME_STAFF),
    }


@pytest.mark.parametrize("size", list(SIZES))
def test_unit_staff_read_their_flags_with_the_other_unit_hidden(page, live_server, flagged, size, artifacts_dir):
    page.set_viewport_size(SIZES[size])
    signed_in(page, live_server, flagged["bj"])
    page.goto(f"{live_server.url}/unit/")
    page.get_by_test_id("integrity-link").click()

    flags = page.get_by_test_id("flag")
    expect(flags).to_have_count(2)
    near = page.locator("[data-kind=near_duplicate]")
    expect(near.get_by_test_id("hidden-side")).to_have_text("另一推荐单位的申报")
    expect(near.get_by_test_id("passages").locator("li")).to_have_count(11)
    expect(page.locator("[data-kind=credit_code_conflict]")).to_contain_text("北京奔驰汽车有限公司")
    body = page.locator("body").inner_text()
    assert "李秀英" not in body and "上海市总工会" not in body and COPY_OWN[4] not in body
    check_page(page, live_server, None, artifacts_dir / f"integrity-unit-{size}.png", size)


@pytest.mark.parametrize("size", list(SIZES))
def test_the_office_sees_both_sides_once_forwarded(page, live_server, flagged, size, artifacts_dir):
    Application.objects.filter(pk__in=[flagged["original"].pk, flagged["copy"].pk]).update(status=S.FORWARDED, forwarded_at=timezone.now())
    page.set_viewport_size(SIZES[size])
    signed_in(page, live_server, flagged["office"])
    page.goto(f"{live_server.url}/office/rounds/{flagged['round'].pk}/settings/")
    page.get_by_role("link", name="诚信提示").click()

    near = page.locator("[data-kind=near_duplicate]")
    expect(near.get_by_test_id("flag-sides")).to_contain_text("李秀英")
    expect(near.get_by_test_id("flag-sides")).to_contain_text("王建国")
    expect(near.get_by_test_id("hidden-side")).to_have_count(0)
    check_page(page, live_server, None, artifacts_dir / f"integrity-office-{size}.png", size)
