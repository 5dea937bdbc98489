"""Objection pages: the public form and status look-up (no login), and the office's handling.

Public pages are never cached (`no-store`: they carry a one-time question, a receipt, a phone).
The office's pages ask the objections' access policy (the office alone); anyone else gets 403/404.
"""
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods, require_POST

from apps.accounts.roles import Role, is_programme_staff
from apps.applicants.views_evidence import content_disposition
from apps.core.exceptions import DomainError
from apps.core.request_context import client_ip_of

from . import challenge, objections, selectors
from .forms import ConcludeForm, ObjectionForm, ObjectionLookupForm
from .models import Publicity
from .models_objections import ObjectionStatus

LOOKUP_NOT_FOUND = "未找到与该受理编号和手机号码对应的异议，请核对后重试。"


def _no_store(response):
    add_never_cache_headers(response)
    return response


def _form_page(request, entry, form, *, error="", status=200):
    question, token = challenge.new_challenge()
    form.data = form.data.copy() if form.is_bound else form.data
    if form.is_bound:
        form.data["challenge_token"] = token
        form.data["challenge_answer"] = ""
    else:
        form.initial["challenge_token"] = token
    refusal = ""
    try:
        objections.check_period(entry.publicity)
    except DomainError as refused:
        refusal = refused.message
    context = {"entry": entry, "publicity": entry.publicity, "form": form, "question": question, "error": error, "refusal": refusal}
    return _no_store(render(request, "publicity/objection_form.html", context, status=status))


@require_http_methods(["GET", "POST"])
def objection_form(request, pk):
    """GET: the form for one candidate on the list (or, outside the period, the refusal with the dates).
    POST: throttled per address and phone, the challenge, then `file_objection`; the receipt on success."""
    entry = selectors.public_entry(selectors.current_publicity_of_entry(pk), pk)
    if request.method == "GET":
        return _form_page(request, entry, ObjectionForm())
    form = ObjectionForm(request.POST, request.FILES)
    form.is_valid()
    data = form.cleaned_data
    try:
        objections.check_throttles(ip=client_ip_of(request), phone=data.get("phone", ""))
    except objections.Throttled as refused:
        return _form_page(request, entry, form, error=refused.message, status=429)
    if getattr(request, "upload_too_large", False):
        return _form_page(request, entry, form, error=objections.filechecks.too_large().message, status=400)
    try:
        challenge.check(data.get("challenge_token"), data.get("challenge_answer"))
        objection = objections.file_objection(
            entry, name=data.get("objector_name"), phone=data.get("phone"), relationship=data.get("relationship"),
            content=data.get("content"), upload=data.get("evidence"), ip=client_ip_of(request),
        )
    except DomainError as refused:
        return _form_page(request, entry, form, error=refused.message, status=400)
    return _no_store(render(request, "publicity/objection_received.html", {"objection": objection, "entry": entry}))


@require_http_methods(["GET", "POST"])
def objection_status(request):
    """Receipt + phone (POSTed: never in a URL or an access log) -> the status and, once concluded, the conclusion."""
    form = ObjectionLookupForm(request.POST or None)
    objection, error, status = None, "", 200
    if request.method == "POST":
        form.is_valid()
        try:
            objections.check_lookup_throttle(ip=client_ip_of(request))
        except objections.Throttled as refused:
            error, status = refused.message, 429
        else:
            objection = objections.find_objection(form.cleaned_data.get("receipt"), form.cleaned_data.get("phone"))
            if objection is None:
                error, status = LOOKUP_NOT_FOUND, 404
    return _no_store(render(request, "publicity/objection_status.html", {"form": form, "objection": objection, "error": error}, status=status))


# --- The office ------------------------------------------------------------------------------------


def _office(request):
    if not is_programme_staff(request.user):
        raise PermissionDenied


def handlers():
    return get_user_model().objects.filter(is_active=True, role=Role.PROGRAMME_STAFF).order_by("pk")


@login_required
def office_objections(request, pk):
    """A publicity's objections, filtered by status (?status=) and candidate (?entry=)."""
    _office(request)
    publicity = get_object_or_404(Publicity.objects.select_related("round"), pk=pk)
    status = request.GET.get("status", "")
    status = status if status in ObjectionStatus.values else ""
    entries = selectors.office_entries(publicity)
    entry = next((e for e in entries if str(e.pk) == request.GET.get("entry", "")), None)
    rows = selectors.office_objections(request.user, publicity, status=status, entry=entry)
    context = {
        "publicity": publicity, "round": publicity.round, "rows": rows, "status": status, "entry": entry, "entries": entries,
        "statuses": ObjectionStatus.choices, "open_count": objections.open_objections(publicity).count(),
    }
    return _no_store(render(request, "publicity/office_objections.html", context))


@login_required
def office_objection(request, pk):
    _office(request)
    objection = selectors.get_objection_for_office(request.user, pk)
    context = {"objection": objection, "handlers": handlers(), "conclude_form": ConcludeForm(), "now": timezone.now()}
    return _no_store(render(request, "publicity/office_objection.html", context))


def _act(request, pk, action):
    _office(request)
    objection = selectors.get_objection_for_office(request.user, pk)
    try:
        message = action(objection)
    except DomainError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, message)
    return redirect("publicity:office-objection", pk=objection.pk)


@login_required
@require_POST
def office_assign(request, pk):
    def assign(objection):
        handler = handlers().filter(pk=request.POST.get("handler") or None).first() if (request.POST.get("handler") or "").isdigit() else None
        objections.assign_handler(objection, by=request.user, handler=handler)
        return f"已指定承办人：{handler.display_name}。"

    return _act(request, pk, assign)


@login_required
@require_POST
def office_investigate(request, pk):
    def investigate(objection):
        objections.record_investigation(objection, by=request.user, notes=request.POST.get("investigation", ""))
        return "调查核实情况已保存。"

    return _act(request, pk, investigate)


@login_required
@require_POST
def office_conclude(request, pk):
    def conclude(objection):
        form = ConcludeForm(request.POST)
        if not form.is_valid():
            raise DomainError(form.errors["result"][0] if "result" in form.errors else "请检查填写的内容。")
        upheld = form.cleaned_data["result"] == "upheld"
        objections.conclude_objection(objection, by=request.user, upheld=upheld, reasons=form.cleaned_data["reasons"])
        return "已作出结论：异议成立，该人选已退出公示名单。" if upheld else "已作出结论：异议不成立。"

    return _act(request, pk, conclude)


@login_required
def office_evidence(request, pk):
    """The objection's evidence file, as an attachment (the office only)."""
    from django.http import FileResponse, Http404

    _office(request)
    objection = selectors.get_objection_for_office(request.user, pk)
    if not objection.evidence:
        raise Http404
    try:
        stream = objection.evidence.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(stream, content_type=objection.evidence_type)
    response["Content-Length"] = str(objection.evidence_size)
    response["Content-Disposition"] = content_disposition(objection.evidence_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
