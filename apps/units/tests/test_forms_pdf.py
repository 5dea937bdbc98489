"""The recommendation form PDF: really rendered (text extracted with pypdf), its row's states, idempotent
retries, the failure path, Redis down, access for others, and a real Celery worker."""
import hashlib
import io
import time
from datetime import timedelta

import pytest
import weasyprint
from django.conf import settings
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader
from rest_framework.test import APIClient

from apps.applicants.models import StatementAnswer
from apps.core.models import AuditEntry
from apps.units import forms_pdf
from apps.units.models_forms import FormStatus, RecommendationForm
from apps.units.tasks import reconcile_recommendation_forms, render_recommendation_form
from tests.workers import wait_for

RESIDENT_ID = "11010519800501123X"


@pytest.fixture
def profiled_a(application_a):
    """Application A with a profile and two answers of its statement."""
    application_a.full_name = "王建国"
    application_a.resident_id = RESIDENT_ID
    application_a.employer_name = "北京精密机械有限公司"
    application_a.post = "数控车工"
    application_a.frontline_years = 22
    application_a.save()
    indicators = list(application_a.round.indicators.order_by("position")[:2])
    StatementAnswer.objects.create(application=application_a, indicator=indicators[0], text="带领班组攻克航空发动机叶片加工难题。", version=1)
    StatementAnswer.objects.create(application=application_a, indicator=indicators[1], text="十年培养高级技师十二名。", version=1)
    return application_a


def pdf_text(form):
    with form.file.open("rb") as stream:
        reader = PdfReader(io.BytesIO(stream.read()))
    return "".join(page.extract_text() for page in reader.pages)


def actions(application):
    return list(AuditEntry.objects.filter(action__startswith="units.recommendationform.").order_by("seq").values_list("action", flat=True))


def requested(application, by, callbacks):
    with callbacks(execute=True):
        form = forms_pdf.request_recommendation_form(application, by=by)
    form.refresh_from_db()
    return form


@pytest.mark.django_db
def test_request_recommendation_form_renders_a_pdf_with_the_name_unit_and_masked_id(
    eager_tasks, django_capture_on_commit_callbacks, profiled_a, unit_staff_a
):
    form = requested(profiled_a, unit_staff_a, django_capture_on_commit_callbacks)

    text = pdf_text(form)
    assert (form.status, form.attempts, form.error, form.published_at is not None) == (FormStatus.READY, 1, "", True)
    assert ("王建国" in text, "北京市总工会" in text, "带领班组攻克航空发动机叶片加工难题" in text) == (True, True, True)
    assert ("110***********123X" in text, RESIDENT_ID in text) == (True, False)
    with form.file.open("rb") as stream:
        content = stream.read()
    assert (form.size, form.sha256, content[:5]) == (len(content), hashlib.sha256(content).hexdigest(), b"%PDF-")
    assert form.file.name.startswith(f"forms/{profiled_a.round_id}/{profiled_a.pk}/") and "王建国" not in form.file.name
    assert actions(profiled_a) == ["units.recommendationform.requested", "units.recommendationform.rendered"]


@pytest.mark.django_db
def test_the_form_holds_the_units_real_opinion_rank_and_attestation(
    eager_tasks, django_capture_on_commit_callbacks, profiled_a, round, unit_staff_a
):
    from apps.applicants.enums import ApplicationStatus
    from apps.applicants.tests.factories import ApplicationFactory
    from apps.units.ranking import rank_candidates
    from apps.units.services import forward_application

    other = ApplicationFactory(round=round, unit=profiled_a.unit, status=ApplicationStatus.SUBMITTED)
    rank_candidates(profiled_a.unit, round, [other.pk, profiled_a.pk], by=unit_staff_a)
    forward_application(
        profiled_a, by=unit_staff_a, opinion="该同志攻克叶片加工难题，带徒成效显著，同意推荐。",
        political_quality=True, craftsman_spirit=True,
    )
    profiled_a.refresh_from_db()
    attested_at = timezone.localtime(profiled_a.attested_at).strftime("%Y-%m-%d %H:%M")

    form = requested(profiled_a, unit_staff_a, django_capture_on_commit_callbacks)

    text = "".join(pdf_text(form).split())  # pypdf drops or adds spaces between runs: compare without any
    assert (form.inputs["opinion"], form.inputs["rank"], form.inputs["attestations"]) == (
        "该同志攻克叶片加工难题，带徒成效显著，同意推荐。", 2, ["政治素质", "工匠精神"]
    )
    assert (form.inputs["attested_by"], form.inputs["attested_at"]) == ("张伟", attested_at)
    assert "该同志攻克叶片加工难题，带徒成效显著，同意推荐。" in text
    assert ("第2位" in text, "已确认申报人政治素质、工匠精神符合推荐条件" in text, "确认人：张伟，" + attested_at.replace(" ", "") in text) == (
        True, True, True
    )


@pytest.mark.django_db
def test_a_form_of_an_application_not_forwarded_shows_no_opinion_or_attestation(
    eager_tasks, django_capture_on_commit_callbacks, profiled_a, unit_staff_a
):
    form = requested(profiled_a, unit_staff_a, django_capture_on_commit_callbacks)

    text = "".join(pdf_text(form).split())
    assert (form.inputs["opinion"], form.inputs["attestations"], form.inputs["attested_by"], form.inputs["rank"]) == ("", [], "", None)
    assert ("（尚未填写）" in text, "尚未排序" in text, "已确认申报人" not in text) == (True, True, True)


@pytest.mark.django_db
def test_the_form_uses_a_real_cjk_font(eager_tasks, django_capture_on_commit_callbacks, profiled_a, unit_staff_a):
    form = requested(profiled_a, unit_staff_a, django_capture_on_commit_callbacks)

    with form.file.open("rb") as stream:
        reader = PdfReader(io.BytesIO(stream.read()))
    fonts = {str(font["/BaseFont"]) for font in reader.pages[0]["/Resources"]["/Font"].get_object().values()}
    assert all("CJK-SC" in font for font in fonts) and len(fonts) >= 2, fonts


@pytest.mark.django_db
def test_asking_again_with_unchanged_inputs_returns_the_ready_form_without_rendering(
    eager_tasks, django_capture_on_commit_callbacks, profiled_a, unit_staff_a
):
    first = requested(profiled_a, unit_staff_a, django_capture_on_commit_callbacks)

    again = requested(profiled_a, unit_staff_a, django_capture_on_commit_callbacks)

    assert (again.pk, again.status, again.file.name, again.attempts) == (first.pk, FormStatus.READY, first.file.name, 1)
    assert actions(profiled_a) == ["units.recommendationform.requested", "units.recommendationform.rendered"]


@pytest.mark.django_db
def test_changed_inputs_make_a_new_form(eager_tasks, django_capture_on_commit_callbacks, profiled_a, unit_staff_a):
    first = requested(profiled_a, unit_staff_a, django_capture_on_commit_callbacks)
    profiled_a.post = "数控车工班组长"
    profiled_a.save(update_fields=["post"])

    second = requested(profiled_a, unit_staff_a, django_capture_on_commit_callbacks)

    assert (second.pk != first.pk, second.status, second.input_hash != first.input_hash) == (True, FormStatus.READY, True)
    assert "数控车工班组长" in pdf_text(second) and "数控车工班组长" not in pdf_text(first)
    assert forms_pdf.ready_form(profiled_a) == second


@pytest.mark.django_db
def test_a_retried_task_never_renders_twice(eager_tasks, django_capture_on_commit_callbacks, profiled_a, unit_staff_a):
    form = requested(profiled_a, unit_staff_a, django_capture_on_commit_callbacks)
    stored = sorted(default_storage.listdir(f"forms/{profiled_a.round_id}/{profiled_a.pk}")[1])

    render_recommendation_form.delay(form_id=form.pk)
    render_recommendation_form.delay(form_id=form.pk)

    form.refresh_from_db()
    assert (form.status, form.attempts, sorted(default_storage.listdir(f"forms/{profiled_a.round_id}/{profiled_a.pk}")[1])) == (
        FormStatus.READY, 1, stored
    )
    assert actions(profiled_a).count("units.recommendationform.rendered") == 1


@pytest.mark.django_db
def test_a_task_for_a_form_another_worker_is_rendering_leaves_it_alone(profiled_a, unit_staff_a):
    form = forms_pdf.request_recommendation_form(profiled_a, by=unit_staff_a)  # not committed: no task queued
    RecommendationForm.objects.filter(pk=form.pk).update(status=FormStatus.RENDERING, started_at=timezone.now(), attempts=1)

    result = forms_pdf.render_form(form.pk)

    assert (result.status, result.attempts, result.file.name) == (FormStatus.RENDERING, 1, "")


@pytest.mark.django_db
def test_a_form_left_rendering_past_the_lease_is_rendered_again(profiled_a, unit_staff_a):
    form = forms_pdf.request_recommendation_form(profiled_a, by=unit_staff_a)
    long_ago = timezone.now() - forms_pdf.RENDER_LEASE - timedelta(minutes=1)
    RecommendationForm.objects.filter(pk=form.pk).update(status=FormStatus.RENDERING, started_at=long_ago, attempts=1)

    result = forms_pdf.render_form(form.pk)

    assert (result.status, result.attempts, "王建国" in pdf_text(result)) == (FormStatus.READY, 2, True)


@pytest.mark.django_db
def test_a_failed_rendering_records_the_error_and_a_new_request_queues_it_again(
    eager_tasks, django_capture_on_commit_callbacks, monkeypatch, profiled_a, unit_staff_a
):
    # The outside world fails (WeasyPrint's writer), not our code.
    def broken(self, *args, **kwargs):
        raise OSError("font cache unreadable")

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", broken)
    failed = requested(profiled_a, unit_staff_a, django_capture_on_commit_callbacks)
    monkeypatch.undo()

    retried = requested(profiled_a, unit_staff_a, django_capture_on_commit_callbacks)

    assert (failed.status, failed.error, failed.file.name, failed.size) == (FormStatus.FAILED, "OSError: font cache unreadable", "", None)
    assert (retried.pk, retried.status, retried.error, retried.attempts) == (failed.pk, FormStatus.READY, "", 2)
    assert actions(profiled_a) == [
        "units.recommendationform.requested", "units.recommendationform.failed",
        "units.recommendationform.requested", "units.recommendationform.rendered",
    ]


@pytest.mark.django_db
def test_the_applicant_may_not_request_the_form(profiled_a, applicant_a):
    with pytest.raises(forms_pdf.PermissionDenied):
        forms_pdf.request_recommendation_form(profiled_a, by=applicant_a)

    assert RecommendationForm.objects.count() == 0


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_two_staff_asking_at_the_same_instant_get_one_form(profiled_a, unit_staff_a):
    import threading

    from django.db import connection

    from apps.accounts.tests.factories import UnitStaffFactory

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks")
    staff = [unit_staff_a, UnitStaffFactory(username="unit_a_2", unit=profiled_a.unit)]
    start = threading.Barrier(2)
    results = {}

    def ask(key, by):
        try:
            start.wait(timeout=10)
            results[key] = forms_pdf.request_recommendation_form(profiled_a, by=by).pk
        except Exception as error:  # surfaced in the assertion
            results[key] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=ask, args=(key, by)) for key, by in enumerate(staff)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert (len(set(results.values())), list(RecommendationForm.objects.values_list("pk", flat=True))) == (1, [results[0]])
    assert actions(profiled_a).count("units.recommendationform.requested") == 1


@pytest.mark.django_db
def test_the_office_may_have_the_form_of_a_forwarded_application_only(profiled_a, round, unit_a, programme_staff):
    from apps.applicants.enums import ApplicationStatus
    from apps.applicants.tests.factories import ApplicationFactory

    forwarded = ApplicationFactory(round=round, unit=unit_a, status=ApplicationStatus.FORWARDED, full_name="李秀英")

    form = forms_pdf.request_recommendation_form(forwarded, by=programme_staff)
    with pytest.raises(forms_pdf.PermissionDenied):
        forms_pdf.request_recommendation_form(profiled_a, by=programme_staff)

    assert list(RecommendationForm.objects.values_list("pk", "application_id")) == [(form.pk, forwarded.pk)]


# --- Pages and API -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_unit_requests_follows_and_downloads_the_form_on_the_application_page(
    client, eager_tasks, django_capture_on_commit_callbacks, profiled_a, unit_staff_a
):
    client.force_login(unit_staff_a)

    with django_capture_on_commit_callbacks(execute=True):
        posted = client.post(reverse("units:form-request", args=[profiled_a.pk]))
    page = client.get(reverse("applicants:detail", args=[profiled_a.pk]))
    status = client.get(reverse("units:form-status", args=[profiled_a.pk]))
    download = client.get(reverse("units:form-download", args=[profiled_a.pk]))

    assert (posted.status_code, posted["Location"]) == (302, reverse("applicants:detail", args=[profiled_a.pk]))
    assert ('data-testid="form-download"' in page.content.decode(), "htmx.min.js" in page.content.decode()) == (True, True)
    assert ('data-status="ready"' in status.content.decode(), "hx-trigger" in status.content.decode()) == (True, False)
    assert (download.status_code, download["Content-Type"], download["X-Content-Type-Options"]) == (200, "application/pdf", "nosniff")
    assert download["Content-Disposition"].startswith("attachment;") and "%E7%8E%8B%E5%BB%BA%E5%9B%BD" in download["Content-Disposition"]
    assert b"".join(download.streaming_content)[:5] == b"%PDF-"


@pytest.mark.django_db
def test_a_queued_form_polls_every_two_seconds(client, profiled_a, unit_staff_a):
    forms_pdf.request_recommendation_form(profiled_a, by=unit_staff_a)  # in the test's transaction: never published
    client.force_login(unit_staff_a)

    status = client.get(reverse("units:form-status", args=[profiled_a.pk])).content.decode()

    assert ('data-status="queued"' in status, 'hx-trigger="every 2s"' in status, 'data-testid="form-queue-down"' in status) == (True, True, True)


@pytest.mark.django_db
def test_the_applicant_sees_no_form_panel_and_is_refused_the_form(client, eager_tasks, django_capture_on_commit_callbacks, profiled_a, unit_staff_a, applicant_a):
    requested(profiled_a, unit_staff_a, django_capture_on_commit_callbacks)
    client.force_login(applicant_a)

    page = client.get(reverse("applicants:detail", args=[profiled_a.pk]))
    download = client.get(reverse("units:form-download", args=[profiled_a.pk]))

    assert (page.status_code, 'data-testid="recommendation-form"' in page.content.decode(), download.status_code) == (200, False, 403)


@pytest.mark.django_db
def test_another_units_staff_are_refused_the_form_in_pages_files_and_api(
    client, eager_tasks, django_capture_on_commit_callbacks, profiled_a, unit_staff_a, unit_staff_b
):
    requested(profiled_a, unit_staff_a, django_capture_on_commit_callbacks)
    client.force_login(unit_staff_b)
    api = APIClient()
    api.force_login(unit_staff_b)

    answers = [
        client.post(reverse("units:form-request", args=[profiled_a.pk])).status_code,
        client.get(reverse("units:form-status", args=[profiled_a.pk])).status_code,
        client.get(reverse("units:form-download", args=[profiled_a.pk])).status_code,
        api.get(reverse("api:application-recommendation-form", args=[profiled_a.pk])).status_code,
        api.post(reverse("api:application-recommendation-form", args=[profiled_a.pk])).status_code,
        api.get(reverse("api:application-recommendation-form-download", args=[profiled_a.pk])).status_code,
    ]

    assert answers == [404] * 6
    assert RecommendationForm.objects.count() == 1


@pytest.mark.django_db
def test_the_api_requests_and_reports_the_form(eager_tasks, django_capture_on_commit_callbacks, profiled_a, unit_staff_a):
    api = APIClient()
    api.force_login(unit_staff_a)
    url = reverse("api:application-recommendation-form", args=[profiled_a.pk])

    missing = api.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        posted = api.post(url)
    status = api.get(url).json()
    download = api.get(status["download_url"])

    assert (missing.status_code, posted.status_code) == (404, 202)
    assert (status["status"], status["status_display"], status["queue_unavailable"]) == ("ready", "已生成", False)
    assert (download.status_code, download["Content-Type"], b"".join(download.streaming_content)[:5]) == (200, "application/pdf", b"%PDF-")


@pytest.mark.django_db(transaction=True)
def test_a_request_the_broker_took_says_rendering_has_started_not_that_the_queue_is_down(client, eager_tasks, profiled_a, unit_staff_a):
    # A real commit (no captured callbacks): publishing runs at the service's commit, before the view answers.
    client.force_login(unit_staff_a)

    posted = client.post(reverse("units:form-request", args=[profiled_a.pk]), follow=True)

    content = posted.content.decode()
    assert ("已开始生成推荐表" in content, "任务队列暂时不可用" in content) == (True, False)
    assert RecommendationForm.objects.get().published_at is not None


# --- Redis down --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_redis_down_leaves_the_form_queued_says_so_and_reconcile_renders_it(
    client, eager_tasks, django_capture_on_commit_callbacks, profiled_a, unit_staff_a
):
    from apps.notices.tests.outage import redis_down

    client.force_login(unit_staff_a)
    with redis_down(), django_capture_on_commit_callbacks(execute=True):
        started = time.perf_counter()
        posted = client.post(reverse("units:form-request", args=[profiled_a.pk]), follow=True)
        elapsed = time.perf_counter() - started
    form = RecommendationForm.objects.get()

    assert (form.status, form.published_at, elapsed < 3) == (FormStatus.QUEUED, None, True)
    assert "任务队列暂时不可用" in posted.content.decode() and 'data-testid="form-queue-down"' in posted.content.decode()

    reconcile_recommendation_forms.delay(minutes=10)  # Redis back (eager here): the queued row is rendered

    form.refresh_from_db()
    assert (form.status, form.published_at is not None) == (FormStatus.READY, True)


@pytest.mark.django_db
def test_reconcile_queues_what_waits_and_leaves_the_rest(eager_tasks, profiled_a, application_b, unit_staff_a, unit_staff_b):
    from django.core.management import call_command

    waiting = forms_pdf.request_recommendation_form(profiled_a, by=unit_staff_a)  # never published (no commit here)
    rendering = forms_pdf.request_recommendation_form(application_b, by=unit_staff_b)
    RecommendationForm.objects.filter(pk=rendering.pk).update(status=FormStatus.RENDERING, started_at=timezone.now(), published_at=timezone.now())

    call_command("reconcile_recommendation_forms", stdout=io.StringIO())

    assert dict(RecommendationForm.objects.values_list("pk", "status")) == {waiting.pk: FormStatus.READY, rendering.pk: FormStatus.RENDERING}
    assert settings.CELERY_BEAT_SCHEDULE["reconcile-recommendation-forms"]["task"] == reconcile_recommendation_forms.name


# --- A real worker -----------------------------------------------------------------------------


@pytest.mark.celery_worker
@pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL: renders a form on a real Celery worker on Redis")
@pytest.mark.django_db(transaction=True)
def test_a_real_celery_worker_renders_the_form(redis_worker, profiled_a, unit_staff_a):
    form = forms_pdf.request_recommendation_form(profiled_a, by=unit_staff_a)  # autocommit: published on commit

    ready = wait_for(lambda: RecommendationForm.objects.filter(pk=form.pk, status=FormStatus.READY).first(), seconds=60)

    assert ready is not None, RecommendationForm.objects.filter(pk=form.pk).values("status", "error").first()
    assert (ready.published_at is not None, ready.attempts, "王建国" in pdf_text(ready), "北京市总工会" in pdf_text(ready)) == (True, 1, True, True)
