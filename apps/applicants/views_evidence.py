"""The evidence page, upload, download (through the access policy) and deletion behind a confirmation page."""
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from apps.core.exceptions import DomainError

from . import filechecks, permissions, selectors, selectors_evidence
from .evidence import delete_evidence, may_delete, upload_evidence
from .forms_evidence import EvidenceUploadForm
from .statement import is_editable


def content_summary(user, application, *, rows=None):
    """The application page's statement and evidence section: counts and the files (three queries, none given `rows`)."""
    if rows is None:
        rows = selectors_evidence.statement_rows(application, with_files=True)
    return {
        "content_rows": [row for row in rows if row.files],
        "content_answered": sum(1 for row in rows if row.answered),
        "content_total": len(rows),
        "content_files": sum(row.file_count for row in rows),
        "content_editable": permissions.is_owner(user, application) and is_editable(application),
    }


def _page(request, application, form=None, status=200):
    rows = selectors_evidence.statement_rows(application, with_files=True)
    editable = permissions.is_owner(request.user, application) and is_editable(application)
    if editable and form is None:
        form = EvidenceUploadForm(indicators=[row.indicator for row in rows], initial={"indicator": request.GET.get("indicator")})
    used = sum(evidence.size for row in rows for evidence in row.files)
    context = {
        "application": application,
        "groups": selectors_evidence.grouped_by_power(rows),
        "file_count": sum(row.file_count for row in rows),
        "with_files": sum(1 for row in rows if row.file_count),
        "total": len(rows),
        "used": used,
        "limit": filechecks.max_application_bytes(),
        "editable": editable,
        "form": form,
        "deletable": {evidence.pk for row in rows for evidence in row.files if editable and may_delete(application, evidence)},
    }
    return render(request, "applicants/evidence.html", context, status=status)


@login_required
def evidence(request, pk):
    application = selectors.get_application_for(request.user, pk)
    return _page(request, application)


@login_required
@require_POST
def upload(request, pk):
    application = selectors.get_application_for(request.user, pk)
    indicators = list(application.round.indicators.order_by("position"))
    form = EvidenceUploadForm(request.POST, request.FILES, indicators=indicators)
    if getattr(request, "upload_too_large", False):  # apps.core.uploads dropped it while it arrived
        form.is_valid()
        form.errors.pop("file", None)
        form.add_error("file", filechecks.too_large().message)
        return _page(request, application, form=form, status=400)
    if not form.is_valid():
        return _page(request, application, form=form, status=400)
    try:
        evidence = upload_evidence(
            application, by=request.user, indicator=form.indicators.get(form.cleaned_data["indicator"]), upload=form.cleaned_data["file"]
        )
    except DomainError as refused:
        form.add_error("file", refused.message)
        return _page(request, application, form=form, status=400)
    messages.success(request, f"已上传“{evidence.display_name}”。")
    return redirect("applicants:evidence", pk=application.pk)


def attachment_response(evidence):
    """The stored file as an attachment: its stored type, nosniff, the name in RFC 5987 `filename*`."""
    try:
        stream = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(stream, content_type=evidence.content_type)
    response["Content-Length"] = str(evidence.size)
    response["Content-Disposition"] = content_disposition(evidence.display_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


def content_disposition(name):
    """`attachment` with an ASCII fallback name and the real one as UTF-8 (RFC 5987, RFC 6266)."""
    fallback = "".join(char if char.isascii() and char.isprintable() and char not in '"\\' else "_" for char in name)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


@login_required
def download(request, pk, file_pk):
    application = selectors.get_application_for(request.user, pk)
    return attachment_response(selectors_evidence.get_evidence(application, file_pk))


@login_required
def delete(request, pk, file_pk):
    """GET: the confirmation page; POST: delete. Only the applicant, only before the file was submitted."""
    application = selectors.get_application_for(request.user, pk)
    evidence = selectors_evidence.get_evidence(application, file_pk)
    if request.method == "POST":
        try:
            delete_evidence(evidence, by=request.user)
        except DomainError as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, f"已删除“{evidence.display_name}”。")
        return redirect("applicants:evidence", pk=application.pk)
    if not permissions.is_owner(request.user, application):
        raise PermissionDenied
    context = {"application": application, "evidence": evidence, "allowed": is_editable(application) and may_delete(application, evidence)}
    return render(request, "applicants/evidence_delete.html", context)

