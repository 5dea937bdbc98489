"""Demo data of the recommendation form: one ready form, of this year's first forwarded demo application.

Rendered here, in the seed's process (about two seconds), not by a worker, so a fresh demo shows a
form to download whether or not Celery runs; the task queued after commit finds it ready and does
nothing. Run again with unchanged data, the request returns the same ready form.
"""
from apps.applicants.enums import ApplicationStatus
from apps.applicants.models import Application

from . import forms_pdf
from .models_forms import FormStatus


def seed(ctx, *, scale):
    if ctx.round is None:
        return
    application = (
        Application.objects.filter(round=ctx.round, status=ApplicationStatus.FORWARDED)
        .select_related("round", "unit", "applicant").order_by("pk").first()
    )
    staff = next((user for user in ctx.unit_staff.values() if application and user.unit_id == application.unit_id), None)
    if application is None or staff is None:
        return
    form = forms_pdf.request_recommendation_form(application, by=staff)
    if form.status == FormStatus.READY:
        ctx.tally("推荐表", existing=1)
        return
    form = forms_pdf.render_form(form.pk)
    if form.status != FormStatus.READY:
        ctx.warn(f"演示推荐表未能生成：{form.error}")
    ctx.tally("推荐表", created=1)
