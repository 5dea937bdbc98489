"""Application pages in the admin: names, status and timeline, never codes, raw JSON or bare ids."""
import re

import pytest
from django.urls import reverse

from apps.applicants.enums import ApplicationStatus
from apps.applicants.services import set_application_status
from apps.core.tests.html_text import visible_text

CODE = re.compile(r"\b[a-z_]+\.[a-z_]+\.[a-z_]+\b")
RAW_JSON = re.compile(r"[{\[]\s*\"")


@pytest.fixture
def forwarded(application_a, unit_staff_a):
    """Application A, returned once with a reason, resubmitted and forwarded, all through the service."""
    application = set_application_status(application_a, ApplicationStatus.RETURNED, by=unit_staff_a, reason="请补充技能等级证书。")
    application = set_application_status(application, ApplicationStatus.SUBMITTED, by=application.applicant, reason="")
    return set_application_status(application, ApplicationStatus.FORWARDED, by=unit_staff_a, reason="")


def _no_codes_json_or_ids(text, application):
    assert CODE.findall(text) == []
    assert RAW_JSON.findall(text) == []
    assert re.findall(rf"#\s*{application.pk}\b", text) == []


def test_application_list_in_the_admin_names_applicant_round_and_status(client, programme_staff, forwarded):
    client.force_login(programme_staff)

    response = client.get(reverse("admin:applicants_application_changelist"))

    text = visible_text(response)
    assert list(response.context["cl"].result_list) == [forwarded]
    assert ("王建国" in text, "2026年度大国工匠人才培养工程遴选" in text, "已推荐报送" in text) == (True, True, True)
    _no_codes_json_or_ids(text, forwarded)


def test_application_page_in_the_admin_shows_status_and_timeline(client, programme_staff, forwarded):
    client.force_login(programme_staff)

    response = client.get(reverse("admin:applicants_application_change", args=[forwarded.pk]))

    text = visible_text(response)
    assert response.status_code == 200
    assert "王建国（2026年度申报）" in text  # title and breadcrumbs by name
    timeline = text[text.index("时间线"):]
    assert [label for label in ("推荐报送", "提交申报", "退回修改") if label in timeline] == ["推荐报送", "提交申报", "退回修改"]
    assert timeline.index("推荐报送") < timeline.index("提交申报") < timeline.index("退回修改")  # newest first
    assert ("张伟" in timeline, "理由：请补充技能等级证书。" in timeline, "原状态：已提交" in timeline) == (True, True, True)
    assert "在申报详情页办理" in text
    _no_codes_json_or_ids(text, forwarded)


def test_application_page_links_to_the_offices_working_page(client, programme_staff, forwarded):
    client.force_login(programme_staff)

    response = client.get(reverse("admin:applicants_application_change", args=[forwarded.pk]))

    assert f'href="{reverse("applicants:detail", args=[forwarded.pk])}"' in response.content.decode()


def test_application_history_page_in_the_admin_is_titled_by_name(client, programme_staff, forwarded):
    client.force_login(programme_staff)

    response = client.get(reverse("admin:applicants_application_history", args=[forwarded.pk]))

    text = visible_text(response)
    assert "修改历史：王建国（2026年度申报）" in text
    _no_codes_json_or_ids(text, forwarded)
