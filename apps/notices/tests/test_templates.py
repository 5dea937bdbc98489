"""Notice texts come from per-kind templates the office edits in the admin, audited and validated."""
import importlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from apps.core.models import AuditEntry
from apps.notices.kinds import KIND_TEXTS, NoticeKind
from apps.notices.models import NoticeTemplate
from apps.notices.rendering import render, validate_template
from apps.notices.services import queue_notice, update_notice_template

STATUS = NoticeKind.APPLICATION_STATUS


@pytest.fixture(autouse=True)
def default_templates(db):
    """The rows the data migration ships (a transactional test elsewhere may have flushed them)."""
    from django.apps import apps

    for migration in ("0004_default_notice_templates", "0005_round_and_reminder_kinds", "0006_referee_kinds", "0007_unit_status_kind"):
        importlib.import_module(f"apps.notices.migrations.{migration}").add_defaults(apps, None)


CONTEXT = {"application": "王建国 · 2026年度申报", "round": "2026年度", "previous": "已提交", "status": "已推荐报送", "reason_note": ""}


@pytest.mark.django_db
def test_every_kind_ships_with_its_chinese_default_text():
    rows = {row.kind: (row.subject, row.body) for row in NoticeTemplate.objects.all()}

    assert rows == {kind: (texts.subject, texts.body) for kind, texts in KIND_TEXTS.items()}
    assert rows[STATUS] == ("申报状态变更：{status}", "您的{round}申报状态已由“{previous}”变更为“{status}”。{reason_note}")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("您的{申报}已变更。", "未知的占位符 {申报}。"),
        ("您的{application已变更。", "花括号不成对"),
        ("您的}application{已变更。", "花括号不成对"),
        ("您的{application!r}已变更。", "占位符 {application} 不能带格式说明"),
        ("您的{application.pk}已变更。", "未知的占位符 {application.pk}。"),
        ("{0}", "未知的占位符 {0}。"),
    ],
)
def test_a_template_with_a_broken_placeholder_is_refused(body, message):
    with pytest.raises(ValidationError) as raised:
        validate_template(STATUS, subject="申报状态变更", body=body)

    assert list(raised.value.message_dict) == ["body"]
    assert raised.value.message_dict["body"][0].startswith(message)


def test_literal_braces_written_double_are_fine():
    validate_template(STATUS, subject="{{通知}}{status}", body="{application}")

    assert render(STATUS, CONTEXT)[0] == "申报状态变更：已推荐报送"


@pytest.mark.django_db
def test_a_template_that_slipped_past_validation_does_not_stop_the_notice(applicant_a):
    NoticeTemplate.objects.filter(kind=STATUS).update(subject="状态{status", body="{application.missing}{0}")

    notice = queue_notice(applicant_a, kind=STATUS, context=CONTEXT)

    assert (notice.subject, notice.body) == ("申报状态变更：已推荐报送", "您的2026年度申报状态已由“已提交”变更为“已推荐报送”。")


@pytest.mark.django_db
def test_a_missing_context_value_renders_empty_and_a_missing_template_uses_the_builtin(applicant_a):
    NoticeTemplate.objects.filter(kind=STATUS).delete()

    notice = queue_notice(applicant_a, kind=STATUS, context={"status": "已推荐报送"})

    assert (notice.subject, notice.body) == ("申报状态变更：已推荐报送", "您的申报状态已由“”变更为“已推荐报送”。")


@pytest.mark.django_db
def test_the_office_edits_a_template_in_the_admin_and_the_edit_is_audited(client, programme_staff, applicant_a):
    template = NoticeTemplate.objects.get(kind=STATUS)
    client.force_login(programme_staff)
    url = reverse("admin:notices_noticetemplate_change", args=[template.pk])
    assert client.get(url).status_code == 200

    response = client.post(url, {"subject": "【大国工匠】{status}", "body": template.body})

    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="notices.noticetemplate.changed")
    assert (entry.actor, entry.object_id) == (programme_staff, str(template.pk))
    assert (entry.data["old"], entry.data["new"]) == ({"subject": "申报状态变更：{status}"}, {"subject": "【大国工匠】{status}"})
    assert queue_notice(applicant_a, kind=STATUS, context=CONTEXT).subject == "【大国工匠】已推荐报送"


@pytest.mark.django_db
def test_the_admin_refuses_an_unknown_placeholder_in_chinese(client, programme_staff):
    template = NoticeTemplate.objects.get(kind=STATUS)
    client.force_login(programme_staff)

    response = client.post(
        reverse("admin:notices_noticetemplate_change", args=[template.pk]), {"subject": "{状态}", "body": template.body}
    )

    assert response.status_code == 200
    assert "未知的占位符 {状态}" in response.content.decode()
    template.refresh_from_db()
    assert (template.subject, AuditEntry.objects.filter(action="notices.noticetemplate.changed").count()) == (
        "申报状态变更：{status}", 0
    )


@pytest.mark.django_db
def test_templates_are_neither_added_nor_deleted_in_the_admin(client, programme_staff):
    client.force_login(programme_staff)
    template = NoticeTemplate.objects.get(kind=STATUS)

    add = client.get(reverse("admin:notices_noticetemplate_add"))
    delete = client.get(reverse("admin:notices_noticetemplate_delete", args=[template.pk]))

    assert (add.status_code, delete.status_code) == (403, 403)


@pytest.mark.django_db
def test_only_the_office_edits_templates(applicant_a):
    template = NoticeTemplate.objects.get(kind=STATUS)
    template.subject = "改"

    with pytest.raises(PermissionDenied):
        update_notice_template(template, by=applicant_a, fields=["subject"])

    template.refresh_from_db()
    assert template.subject == "申报状态变更：{status}"
