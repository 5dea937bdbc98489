"""The statement and evidence pages: autosave, stale edits, upload, download headers, deletion, access, query counts."""
import hashlib
import re
from urllib.parse import unquote

import pytest
from django.urls import reverse

from apps.applicants.tests.complete import complete_application
from apps.applicants.enums import ApplicationStatus
from apps.applicants.evidence import upload_evidence
from apps.applicants.models import EvidenceFile, StatementAnswer
from apps.applicants.tests import evidence_files as files
from apps.applicants.tests.factories import ApplicationFactory
from apps.applicants.tests.evidence_files import draft, indicator  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}



def save_url(application, indicator):
    return reverse("applicants:statement-save", args=[application.pk, indicator.pk])


def test_the_statement_page_groups_the_indicators_by_power_with_their_guidance(client, draft, applicant_a, indicator):
    client.force_login(applicant_a)

    response = client.get(reverse("applicants:statement", args=[draft.pk]))

    assert response.status_code == 200
    assert [group.label for group in response.context["groups"]] == ["引领力", "实践力", "创新力", "攻关力", "传承力"]
    assert all(len(group.rows) == 3 for group in response.context["groups"])
    html = response.content.decode()
    assert indicator.description in html
    assert "已填写 <span data-testid=\"answered-count\">0</span> / 15 项" in html
    assert "不超过1500字" in html and 'hx-trigger="input changed delay:2s"' in html
    assert "<script>" not in html and " style=" not in html


def test_an_autosave_answers_with_a_small_partial_and_the_new_version(client, draft, applicant_a, indicator):
    client.force_login(applicant_a)

    response = client.post(save_url(draft, indicator), {"text": "带领班组完成高铁转向架焊接攻关。", "version": 0, "autosave": "1"}, **HTMX)

    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r"已自动保存 \d\d:\d\d", html)
    assert 'id="version-%d" hx-swap-oob="true"' % indicator.pk in html and 'value="1"' in html
    assert "<html" not in html
    assert StatementAnswer.objects.get().text == "带领班组完成高铁转向架焊接攻关。"


def test_a_stale_autosave_from_a_second_tab_is_refused_with_a_message(client, draft, applicant_a, indicator):
    client.force_login(applicant_a)
    client.post(save_url(draft, indicator), {"text": "第一个标签页", "version": 0}, **HTMX)

    response = client.post(save_url(draft, indicator), {"text": "第二个标签页", "version": 0, "autosave": "1"}, **HTMX)

    assert response.status_code == 409
    assert "其他页面或设备上修改" in response.content.decode()
    assert StatementAnswer.objects.get().text == "第一个标签页"


def test_without_js_the_save_button_saves_and_returns_to_the_answer(client, draft, applicant_a, indicator):
    client.force_login(applicant_a)

    response = client.post(save_url(draft, indicator), {"text": "不用脚本也能保存。", "version": 0})

    assert response.status_code == 302
    assert response["Location"].endswith(f"/statement/#indicator-{indicator.pk}")
    assert StatementAnswer.objects.get().version == 1


def test_without_js_a_refused_save_keeps_what_was_typed(client, draft, applicant_a, indicator):
    client.force_login(applicant_a)

    response = client.post(save_url(draft, indicator), {"text": "长" * 1501, "version": 0})

    assert response.status_code == 400
    assert "长" * 1501 in response.content.decode()
    assert "不超过1500字" in response.content.decode()
    assert not StatementAnswer.objects.exists()


def test_only_the_applicant_saves(client, draft, applicant_b, indicator):
    client.force_login(applicant_b)

    assert client.post(save_url(draft, indicator), {"text": "x", "version": 0}).status_code == 404


def test_a_submitted_statement_reads_without_a_form(client, application_a, applicant_a, unit_staff_a, indicator):
    StatementAnswer.objects.create(application=application_a, indicator=indicator, text="第一行\n第二行", version=1)
    for user in (applicant_a, unit_staff_a):
        client.force_login(user)
        html = client.get(reverse("applicants:statement", args=[application_a.pk])).content.decode()
        assert "第一行<br>第二行" in html
        assert "<textarea" not in html


def test_upload_through_the_page(client, draft, applicant_a, indicator):
    client.force_login(applicant_a)
    content = files.pdf_bytes("Award")

    response = client.post(
        reverse("applicants:evidence-upload", args=[draft.pk]),
        {"indicator": indicator.pk, "file": files.upload(content, "全国技术能手证书.pdf")},
    )

    assert response.status_code == 302
    evidence = EvidenceFile.objects.get()
    assert (evidence.display_name, evidence.indicator, evidence.sha256) == ("全国技术能手证书.pdf", indicator, hashlib.sha256(content).hexdigest())


def test_a_refused_upload_shows_its_chinese_reason_on_the_page(client, draft, applicant_a, indicator):
    client.force_login(applicant_a)

    response = client.post(
        reverse("applicants:evidence-upload", args=[draft.pk]), {"indicator": indicator.pk, "file": files.upload(files.MZ, "证书.pdf")}
    )

    assert response.status_code == 400
    assert "只能上传PDF、JPEG或PNG文件" in response.content.decode()
    assert not EvidenceFile.objects.exists()


def test_a_20_mb_plus_one_byte_upload_is_refused_after_streaming_to_disk(client, draft, applicant_a, indicator):
    """The real limit, through Django's upload handlers: beyond FILE_UPLOAD_MAX_MEMORY_SIZE it is a temporary file."""
    from apps.applicants.filechecks import MAX_FILE_BYTES

    client.force_login(applicant_a)
    content = files.pdf_bytes(padding=MAX_FILE_BYTES + 1 - len(files.pdf_bytes(padding=100)) + 100)
    assert len(content) > MAX_FILE_BYTES

    response = client.post(
        reverse("applicants:evidence-upload", args=[draft.pk]), {"indicator": indicator.pk, "file": files.upload(content, "大文件.pdf")}
    )

    assert response.status_code == 400
    assert "文件超过20 MB" in response.content.decode()
    assert not EvidenceFile.objects.exists()


@pytest.fixture
def stored(draft, applicant_a, indicator):
    return upload_evidence(draft, by=applicant_a, indicator=indicator, upload=files.upload(files.pdf_bytes(), "技能 证书 “高级技师”.pdf"))


def test_the_download_is_an_attachment_with_nosniff_and_the_stored_type(client, draft, applicant_a, stored):
    client.force_login(applicant_a)

    response = client.get(reverse("applicants:evidence-download", args=[draft.pk, stored.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox")  # opened in place anyway, it runs nothing
    assert "no-store" in response["Cache-Control"]
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="')
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == "技能 证书 “高级技师”.pdf"
    assert b"".join(response.streaming_content) == files.pdf_bytes()


def test_a_file_of_another_application_is_not_found_through_this_one(client, round, draft, applicant_a, unit_b, indicator):
    other = ApplicationFactory(round=round, unit=unit_b, status=ApplicationStatus.DRAFT)
    foreign = upload_evidence(other, by=other.applicant, indicator=indicator, upload=files.upload(files.pdf_bytes()))
    client.force_login(applicant_a)

    assert client.get(reverse("applicants:evidence-download", args=[draft.pk, foreign.pk])).status_code == 404
    assert client.get(reverse("applicants:evidence-download", args=[other.pk, foreign.pk])).status_code == 404


@pytest.mark.parametrize("role", ["applicant_b", "unit_staff_b", "expert", "programme_staff"])
def test_no_one_else_reads_a_draft_or_its_files(client, request, draft, stored, role):
    client.force_login(request.getfixturevalue(role))
    for url in (
        reverse("applicants:statement", args=[draft.pk]),
        reverse("applicants:evidence", args=[draft.pk]),
        reverse("applicants:evidence-download", args=[draft.pk, stored.pk]),
        reverse("applicants:evidence-delete", args=[draft.pk, stored.pk]),
        f"/api/v1/applications/{draft.pk}/evidence/",
        f"/api/v1/applications/{draft.pk}/evidence/{stored.pk}/download/",
    ):
        assert client.get(url).status_code == 404, url


def test_anonymous_visitors_are_sent_to_log_in(client, draft, stored):
    response = client.get(reverse("applicants:evidence-download", args=[draft.pk, stored.pk]))

    assert response.status_code == 302 and "/login" in response["Location"]
    assert client.get(f"/api/v1/applications/{draft.pk}/evidence/{stored.pk}/download/").status_code == 401


def test_the_unit_reads_the_files_once_submitted(client, round, unit_a, applicant_a, unit_staff_a, unit_staff_b, indicator):
    from apps.applicants.services import submit_application

    application = ApplicationFactory(round=round, unit=unit_a, applicant=applicant_a, status=ApplicationStatus.DRAFT)
    evidence = upload_evidence(application, by=applicant_a, indicator=indicator, upload=files.upload(files.image_bytes("PNG"), "照片.png"))
    url = reverse("applicants:evidence-download", args=[application.pk, evidence.pk])
    client.force_login(unit_staff_a)
    assert client.get(url).status_code == 404
    submit_application(complete_application(application), by=applicant_a)

    assert client.get(url).status_code == 200
    detail = client.get(reverse("applicants:detail", args=[application.pk])).content.decode()
    assert "照片.png" in detail and url in detail
    client.force_login(unit_staff_b)
    assert client.get(url).status_code == 404


def test_delete_asks_first_then_deletes(client, draft, applicant_a, stored, django_capture_on_commit_callbacks):
    client.force_login(applicant_a)
    url = reverse("applicants:evidence-delete", args=[draft.pk, stored.pk])

    page = client.get(url)
    assert page.status_code == 200 and "确定要删除该文件吗" in page.content.decode()
    assert EvidenceFile.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)

    assert response.status_code == 302
    assert not EvidenceFile.objects.exists()


def test_the_unit_cannot_delete(client, application_a, applicant_a, unit_staff_a, indicator):
    evidence = EvidenceFile.objects.create(
        application=application_a, indicator=indicator, display_name="a.pdf", file="evidence/x.pdf",
        content_type="application/pdf", size=1, sha256="0" * 64, uploaded_by=applicant_a,
    )
    client.force_login(unit_staff_a)
    url = reverse("applicants:evidence-delete", args=[application_a.pk, evidence.pk])

    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert EvidenceFile.objects.exists()


def grow_files(application, indicators):
    made = []

    def grow(n):
        for i in range(n):
            made.append(EvidenceFile.objects.create(
                application=application, indicator=indicators[len(made) % len(indicators)], display_name=f"材料{len(made)}.pdf",
                file=f"evidence/{len(made)}.pdf", content_type="application/pdf", size=100, sha256="0" * 64, uploaded_by=application.applicant,
            ))
    return grow


def test_the_evidence_page_runs_a_constant_number_of_queries(client, draft, applicant_a, round, assert_constant_queries):
    client.force_login(applicant_a)
    indicators = list(round.indicators.all())

    assert_constant_queries(
        client, reverse("applicants:evidence", args=[draft.pk]), grow=grow_files(draft, indicators), sizes=(1, 5, 20), expected=7
    )


def test_the_statement_page_runs_a_constant_number_of_queries(client, draft, applicant_a, round, assert_constant_queries):
    client.force_login(applicant_a)
    indicators = list(round.indicators.all())

    assert_constant_queries(
        client, reverse("applicants:statement", args=[draft.pk]), grow=grow_files(draft, indicators), sizes=(1, 5), expected=7
    )


def test_the_application_page_runs_a_constant_number_of_queries(client, application_a, unit_staff_a, round, assert_constant_queries):
    client.force_login(unit_staff_a)
    indicators = list(round.indicators.all())

    # 8, plus the unit's recommendation form panel (apps.units.views_forms.form_panel), plus the versions list
    # and the live referees, shared by the checklist and the reading section (test_submission.py)
    assert_constant_queries(
        client, reverse("applicants:detail", args=[application_a.pk]), grow=grow_files(application_a, indicators), sizes=(1, 5), expected=11
    )


def test_the_upload_handler_drops_a_file_past_the_limit_while_it_arrives(settings, client, draft, applicant_a, indicator):
    """apps.core.uploads: the bytes past FILE_UPLOAD_MAX_FILE_SIZE are never stored; the page says why."""
    settings.FILE_UPLOAD_MAX_FILE_SIZE = 1000
    client.force_login(applicant_a)

    response = client.post(
        reverse("applicants:evidence-upload", args=[draft.pk]), {"indicator": indicator.pk, "file": files.upload(files.pdf_bytes(padding=5000))}
    )

    assert response.status_code == 400
    assert "文件超过20 MB" in response.content.decode()
    assert "这个字段是必填项" not in response.content.decode()
    assert not EvidenceFile.objects.exists()


def test_the_api_says_why_a_dropped_file_is_missing(settings, client, draft, applicant_a, indicator):
    settings.FILE_UPLOAD_MAX_FILE_SIZE = 1000
    client.force_login(applicant_a)

    response = client.post(f"/api/v1/applications/{draft.pk}/evidence/", {"indicator": indicator.pk, "file": files.upload(files.pdf_bytes(padding=5000))})

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "file_too_large"
