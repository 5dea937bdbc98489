"""Publication in Chromium (issue 12's Done-when, its last steps): after the publicity period the office opens the
publication page from the publicity page, reads what publishing does, confirms; an anonymous visitor reads the final
list (names and units, nothing private); the cultivation records exist; the talent pool lists them and exports them.
Screenshots at 1366x900 and 390x844 in var/screenshots/publication-*."""
import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from apps.accounts.roles import Role
from apps.accounts.tests.factories import UnitStaffFactory, UserFactory
from apps.applicants.enums import ApplicationStatus as S
from apps.applicants.tests.factories import ApplicationFactory
from apps.core.validators import resident_id_check_char
from apps.cultivation.models import Cultivation
from apps.publicity import calendar
from apps.publicity.models import Publicity
from apps.publicity.services import open_publicity
from apps.rounds.enums import RoundStatus
from apps.rounds.tests.factories import RoundFactory
from apps.units.enums import UnitKind
from apps.units.tests.factories import RecommendingUnitFactory

from .test_pages import SIZES, check_page, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CANDIDATES = (("王建国", "M", "数控车工", "11"), ("李秀英", "F", "焊工", "31"))


def _resident_id(n):
    first17 = f"11010519800501{n:03d}"
    return first17 + resident_id_check_char(first17)


@pytest.fixture
def ended_publicity():
    calendar.load_library_days()
    office = UserFactory(username="zhaomin", display_name="赵敏", role=Role.PROGRAMME_STAFF)
    beijing = RecommendingUnitFactory(name="北京市总工会", kind=UnitKind.PROVINCIAL_UNION, region="11")
    UnitStaffFactory(username="zhangwei", display_name="张伟", unit=beijing)
    round = RoundFactory(year=2027, status=RoundStatus.PUBLICITY, title="2027年度大国工匠人才培养工程遴选")
    applications = [
        ApplicationFactory(
            round=round, unit=beijing, status=S.APPROVED, full_name=name, gender=gender, post=post, region=region, industry="C",
            skill_level="senior_technician", employer_name="北京精密机械有限公司", birth_date=datetime.date(1980, 5, 1),
            resident_id=_resident_id(n), mobile=f"1380013800{n}", titles_held="全国五一劳动奖章",
        )
        for n, (name, gender, post, region) in enumerate(CANDIDATES, start=1)
    ]
    publicity = open_publicity(round, by=office, starts_on=timezone.localdate(), working_days=5)
    # The five working days have passed.
    Publicity.objects.filter(pk=publicity.pk).update(ends_at=timezone.now() - datetime.timedelta(hours=1))
    return {"office": office, "round": round, "applications": applications}


def test_the_office_publishes_after_the_period_and_the_talent_pool_lists_the_craftsmen(page, live_server, ended_publicity, artifacts_dir):
    round = ended_publicity["round"]
    page.set_viewport_size(SIZES["desktop"])
    signed_in(page, live_server, ended_publicity["office"])
    page.goto(f"{live_server.url}/office/rounds/{round.pk}/publicity/")
    page.get_by_test_id("publication-link").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("公布培育对象名单")
    expect(page.get_by_test_id("candidate-count")).to_have_text("2")
    check_page(page, live_server, None, artifacts_dir / "publication-confirm-desktop.png", "desktop")
    page.set_viewport_size(SIZES["phone"])
    check_page(page, live_server, None, artifacts_dir / "publication-confirm-phone.png", "phone")
    page.set_viewport_size(SIZES["desktop"])

    page.get_by_test_id("confirm-publish").click()

    expect(page.locator(".messages")).to_contain_text("培育对象名单已公布，培育记录已建立")
    expect(page.get_by_test_id("published")).to_contain_text("共 2 名培育对象")
    today = timezone.localdate()
    assert sorted(Cultivation.objects.values_list("application__full_name", "started_on", "ends_on")) == sorted(
        (name, today, today.replace(year=today.year + 2)) for name, *_ in CANDIDATES
    )

    page.get_by_test_id("nav-talent-pool").click()
    page.get_by_label("年度").select_option("2027")
    page.get_by_role("button", name="查询").click()
    rows = page.get_by_test_id("talent-row")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("培育中")
    check_page(page, live_server, None, artifacts_dir / "publication-talent-pool-desktop.png", "desktop", allow=("Excel",))
    page.get_by_label("姓名").fill("秀英")
    page.get_by_role("button", name="查询").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("李秀英")
    with page.expect_download() as download:
        page.get_by_test_id("export").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    page.set_viewport_size(SIZES["phone"])
    check_page(page, live_server, "/office/talent-pool/", artifacts_dir / "publication-talent-pool-phone.png", "phone", allow=("Excel",))

    page.context.clear_cookies()
    page.set_viewport_size(SIZES["desktop"])
    page.goto(f"{live_server.url}/published/2027/")
    entries = page.get_by_test_id("final-entry")
    expect(entries).to_have_count(2)
    expect(entries.first).to_contain_text("王建国")
    html = page.content()
    assert not any(application.resident_id in html or application.mobile in html for application in ended_publicity["applications"])
    check_page(page, live_server, None, artifacts_dir / "publication-final-list-desktop.png", "desktop")
    page.set_viewport_size(SIZES["phone"])
    check_page(page, live_server, None, artifacts_dir / "publication-final-list-phone.png", "phone")
