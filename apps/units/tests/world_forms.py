"""The permission matrix world's recommendation form: a ready form of application A (tests/world.py calls `world_forms`)."""
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from apps.applicants.samples import pdf_bytes
from apps.units.models_forms import FormStatus, RecommendationForm

WORLD_FORM_PDF = pdf_bytes("Form")


def world_forms(application_a, forwarded_a, unit_staff_a):
    # A hash no real inputs have: asking for the form of application A again makes a new row.
    form_a = RecommendationForm.objects.create(
        application=application_a, status=FormStatus.READY, input_hash="f" * 64, inputs={"profile": {"full_name": "王建国"}, "round": {"year": 2026}},
        file=f"forms/world/{application_a.pk}.pdf", size=len(WORLD_FORM_PDF), sha256="0" * 64, requested_by=unit_staff_a,
        finished_at=timezone.now(),
    )
    # A failed rendering of the forwarded application: the office's admin shows it; no file to download.
    form_forwarded = RecommendationForm.objects.create(
        application=forwarded_a, status=FormStatus.FAILED, input_hash="e" * 64, inputs={"profile": {"full_name": "孙丽"}},
        error="OSError: font cache unreadable", requested_by=unit_staff_a, attempts=1, finished_at=timezone.now(),
    )
    return {"form_a": form_a, "form_forwarded": form_forwarded}


def stored_form(form):
    """Write `form`'s stored file into the current MEDIA_ROOT (each test has its own) if it is not there."""
    if not default_storage.exists(form.file.name):
        default_storage.save(form.file.name, ContentFile(WORLD_FORM_PDF))
    return form
