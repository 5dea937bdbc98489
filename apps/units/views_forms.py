"""The recommendation form on the application page: request it, follow its status (htmx polls), download it."""
from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from apps.applicants.selectors import get_application_for
from apps.applicants.views_evidence import attachment_response

from . import forms_pdf
from .models_forms import FormStatus


def form_panel(user, application):
    """The application page's context for its recommendation form panel (one query; none for others)."""
    if not forms_pdf.may_have_form(user, application):
        return {}
    return {"recommendation_form_panel": True, **_status_context(application)}


def _status_context(application):
    latest, ready = forms_pdf.latest_and_ready(application)
    return {"application": application, "recommendation_form": latest, "ready_form": ready}


def application_with_form(user, pk):
    application = get_application_for(user, pk)
    if not forms_pdf.may_have_form(user, application):
        raise PermissionDenied
    return application


@login_required
@require_POST
def form_request(request, pk):
    application = get_application_for(request.user, pk)
    form = forms_pdf.request_recommendation_form(application, by=request.user)
    if form.status == FormStatus.READY:
        messages.info(request, "申报内容未变化，推荐表无需重新生成，可直接下载。")
        return redirect("applicants:detail", pk=application.pk)
    # The service's commit has run `publish_form`, which stamps `published_at` in the row when the broker
    # took the task: read it back (the instance returned predates it), or every request would say the queue is down.
    form.refresh_from_db(fields=["status", "published_at"])
    if form.published_at is None and form.status == FormStatus.QUEUED:
        messages.warning(request, "已登记生成推荐表，但任务队列暂时不可用；队列恢复后将自动生成，无需重复点击。")
    else:
        messages.success(request, "已开始生成推荐表，完成后可在本页下载。")
    return redirect("applicants:detail", pk=application.pk)


@login_required
def form_status(request, pk):
    """The status partial: htmx swaps it in every 2 s while the form is queued or rendering."""
    application = application_with_form(request.user, pk)
    return render(request, "units/partials/recommendation_form_status.html", _status_context(application))


@login_required
def form_download(request, pk):
    return ready_form_attachment(application_with_form(request.user, pk))


def ready_form_attachment(application):
    """The latest ready form's PDF as an attachment (nosniff, no caching, sandboxed, as evidence is served); 404 before one."""
    try:
        form = forms_pdf.ready_form(application)
    except forms_pdf.FormNotAvailable:
        raise Http404 from None
    stored = SimpleNamespace(file=form.file, content_type="application/pdf", size=form.size, display_name=forms_pdf.download_name(form))
    return attachment_response(stored)
