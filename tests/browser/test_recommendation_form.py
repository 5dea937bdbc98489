"""Unit staff generate an application's recommendation form, watch the status panel refresh by itself
(htmx polls every 2 s) and download the PDF; its text is extracted and its first page rendered to PNG.

With REDIS_URL the form is rendered by a real Celery worker (tests/workers.py), else in-process at commit.
Screenshots and the first page's PNG go to var/screenshots/recommendation-form-*.png.
"""
import io
import subprocess

import pytest
from django.conf import settings
from playwright.sync_api import expect
from pypdf import PdfReader

from apps.accounts.tests.factories import UnitStaffFactory
from apps.applicants.enums import ApplicationStatus
from apps.applicants.models import StatementAnswer
from apps.applicants.tests.factories import ApplicationFactory
from apps.rounds.tests.factories import RoundFactory
from apps.units.enums import UnitKind
from apps.units.tests.factories import RecommendingUnitFactory

from .test_pages import SIZES, check_page, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def courier(request):
    """A real worker on Redis when there is one; else tasks run in-process."""
    return request.getfixturevalue("redis_worker" if settings.REDIS_URL else "eager_tasks")


@pytest.fixture
def submitted():
    unit = RecommendingUnitFactory(name="北京市总工会", kind=UnitKind.PROVINCIAL_UNION, region="11")
    application = ApplicationFactory(
        round=RoundFactory(year=2026), unit=unit, full_name="王建国", employer_name="中车长春轨道客车股份有限公司",
        post="高铁转向架焊工", status=ApplicationStatus.SUBMITTED,
    )
    indicator = application.round.indicators.order_by("position").first()
    StatementAnswer.objects.create(application=application, indicator=indicator, text="带领班组攻克厚板焊接变形难题。", version=1)
    return application, UnitStaffFactory(username="zhangwei", display_name="张伟", unit=unit)


def test_unit_staff_generate_follow_and_download_the_recommendation_form(page, live_server, submitted, courier, artifacts_dir, tmp_path):
    application, staff = submitted
    page.set_viewport_size(SIZES["desktop"])
    signed_in(page, live_server, staff)
    page.goto(f"{live_server.url}{application.get_absolute_url()}")
    panel = page.get_by_test_id("recommendation-form")
    expect(panel).to_contain_text("尚未生成推荐表")

    panel.get_by_test_id("form-request").click()

    # The page came back queued or rendering (or, in-process, ready); the panel refreshes itself until ready.
    expect(page.get_by_test_id("form-status")).to_have_attribute("data-status", "ready", timeout=60_000)
    check_page(page, live_server, None, artifacts_dir / "recommendation-form-desktop.png", "desktop")
    with page.expect_download() as download_info:
        page.get_by_test_id("form-download").click()
    saved = tmp_path / "form.pdf"
    download_info.value.save_as(saved)

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(saved.read_bytes())).pages)
    assert ("王建国" in text, "北京市总工会" in text, "带领班组攻克厚板焊接变形难题" in text) == (True, True, True)
    assert download_info.value.suggested_filename == "推荐表-2026-王建国.pdf"
    # The first page as an image, to look at (no boxes for Chinese glyphs).
    subprocess.run(["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "1", "-singlefile", str(saved),
                    str(artifacts_dir / "recommendation-form-page1")], check=True)
    page.set_viewport_size(SIZES["phone"])
    check_page(page, live_server, application.get_absolute_url(), artifacts_dir / "recommendation-form-phone.png", "phone")
