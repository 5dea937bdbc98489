"""Application pages in the admin: names, status and timeline, never codes, raw JSON or bare ids."""
import re

import pytest
from django.urls import reverse

from apps.applicants.tests.complete import complete_application
from apps.applicants.enums import ApplicationStatus
from apps.applicants.models import Application
from apps.applicants.services import set_application_status, submit_application
from apps.units.services import forward_application
from apps.units.tests.factories import RECOMMENDATION
from apps.applicants.tests.factories import ApplicationFactory
from apps.core.selectors import history_of
from apps.rounds.enums import RoundStatus
from apps.core.tests.html_text import visible_text

CODE = re.compile(r"\b[a-z_]+\.[a-z_]+\.[a-z_]+\b")
RAW_JSON = re.compile(r"[{\[]\s*\"")


@pytest.fixture
def forwarded(application_a, unit_staff_a):
    """Application A, returned once with a reason, resubmitted and forwarded, all through the service."""
    application = set_application_status(application_a, ApplicationStatus.RETURNED, by=unit_staff_a, reason="请补充技能等级证书。")
    application = submit_application(complete_application(application), by=application.applicant)
    return forward_application(application, by=unit_staff_a, **RECOMMENDATION)


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


def _act(client, action, applications, **data):
    return client.post(
        reverse("admin:applicants_application_changelist"),
        {"action": action, "_selected_action": [application.pk for application in applications], **data},
        follow=True,
    )


def _messages(response):
    from django.contrib.messages import get_messages

    return [(m.level_tag, m.message) for m in get_messages(response.wsgi_request)]


def _moved_on(application, status, round_status):
    """`application` put in `status` and its round in `round_status` (the office's later moves start there)."""
    Application.objects.filter(pk=application.pk).update(status=status)
    application.round.status = round_status
    application.round.save(update_fields=["status"])
    application.refresh_from_db()
    return application


@pytest.fixture
def passed(forwarded):
    """The forwarded application after formal review (made on its own page: the admin has no action for it)."""
    return _moved_on(forwarded, ApplicationStatus.FORMAL_PASSED, RoundStatus.REVIEWING)


def test_the_admin_offers_no_formal_review_action(client, programme_staff, forwarded):
    client.force_login(programme_staff)

    response = client.get(reverse("admin:applicants_application_changelist"))

    actions = [name for name, _ in response.context["action_form"].fields["action"].choices]
    assert ("move_to_formal_passed" in actions, "move_to_formal_failed" in actions, "move_to_under_review" in actions) == (
        False, False, True,
    )


def test_office_move_action_first_shows_what_will_happen_and_changes_nothing(client, programme_staff, passed, unit_a, round):
    other = ApplicationFactory(round=round, unit=unit_a, status=ApplicationStatus.APPROVED)
    client.force_login(programme_staff)

    response = client.post(
        reverse("admin:applicants_application_changelist"),
        {"action": "move_to_under_review", "_selected_action": [passed.pk, other.pk], "index": 0},
    )

    text = visible_text(response).replace("\n", "")
    passed.refresh_from_db()
    assert passed.status == ApplicationStatus.FORMAL_PASSED
    assert [application for application, _ in response.context["ready"]] == [passed]
    assert "将对以下 1 份申报办理“提交专家评审”" in text
    assert "不能办理、将被跳过的申报" in text
    _no_codes_json_or_ids(text, passed)


def test_office_move_action_confirmed_calls_the_service(client, programme_staff, passed):
    client.force_login(programme_staff)

    response = _act(client, "move_to_under_review", [passed], confirm="yes")

    passed.refresh_from_db()
    assert passed.status == ApplicationStatus.UNDER_REVIEW
    assert _messages(response) == [("success", "已对 1 份申报办理“提交专家评审”。")]
    assert history_of(passed)[0].action == "applicants.application.under_review"


def test_office_move_action_reports_what_the_service_refused(client, programme_staff, forwarded):
    client.force_login(programme_staff)
    passed_early = _moved_on(forwarded, ApplicationStatus.FORMAL_PASSED, RoundStatus.RECOMMENDING)

    response = _act(client, "move_to_under_review", [passed_early], confirm="yes")

    passed_early.refresh_from_db()
    assert passed_early.status == ApplicationStatus.FORMAL_PASSED
    assert _messages(response) == [
        ("error", "未办理：王建国（2026年度申报）：2026年度遴选当前处于“推荐中”阶段，不能办理此操作。")
    ]
