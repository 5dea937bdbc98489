"""The referees' pages: the applicant's page of the three (invite, resend, replace behind confirmations), the
letter download (through the application's access policy), and the referee's public page `/referee/<token>/`."""
from dataclasses import dataclass
from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from apps.core.exceptions import DomainError
from apps.core.throttling import allow, throttle_page

from . import filechecks, permissions, referees, selectors
from .forms_referees import RefereeConfirmForm, RefereeInviteForm
from .models import Referee
from .models_referees import SLOTS
from .statement import is_editable
from .views_evidence import attachment_response


@dataclass
class SlotRow:
    slot: int
    referee: object = None
    state: str = "empty"
    state_label: str = "未邀请"
    may_resend: bool = False
    may_replace: bool = False


def slot_rows(application, live, *, editable):
    """One row per slot (1-3) with its live referee and what the applicant may do with it (no query)."""
    by_slot, now, rows = {referee.slot: referee for referee in live}, timezone.now(), []
    for slot in SLOTS:
        referee = by_slot.get(slot)
        if referee is None:
            rows.append(SlotRow(slot))
            continue
        state = referee.state_at(now)
        rows.append(SlotRow(
            slot, referee, state, referee.state_label_at(now),
            may_resend=editable and referee.status == "invited",
            may_replace=editable and referees.may_replace(application, referee),
        ))
    return rows


def _page(request, application, form=None, status=200):
    live = referees.live_referees(application)
    owner = permissions.is_owner(request.user, application)
    editable = owner and is_editable(application)
    if editable and form is None and len(live) < len(SLOTS):
        form = RefereeInviteForm()
    context = {
        "application": application, "rows": slot_rows(application, live, editable=editable), "owner": owner,
        "editable": editable, "form": form if editable and len(live) < len(SLOTS) else None,
        "confirmed": sum(1 for referee in live if referee.status == "confirmed"), "required": len(SLOTS),
        "missing": referees.referees_missing(application, live),
    }
    return render(request, "applicants/referees.html", context, status=status)


@login_required
def referee_list(request, pk):
    return _page(request, selectors.get_application_for(request.user, pk))


def _mail_allowed(request):
    return allow("referee-mail", f"user:{request.user.pk}")


@login_required
@require_POST
def invite(request, pk):
    application = selectors.get_application_for(request.user, pk)
    form = RefereeInviteForm(request.POST)
    if not form.is_valid():
        return _page(request, application, form=form, status=400)
    if not _mail_allowed(request):
        form.add_error(None, "邀请邮件发送过于频繁，请稍后再试。")
        return _page(request, application, form=form, status=429)
    try:
        referee = referees.invite_referee(application, by=request.user, **form.cleaned_data)
    except DomainError as refused:
        form.add_error(None, refused.message)
        return _page(request, application, form=form, status=400)
    messages.success(request, f"已向推荐专家{referee.name}发送邀请邮件。")
    return redirect("applicants:referees", pk=application.pk)


def _referee_of(application, referee_pk):
    return get_object_or_404(Referee, pk=referee_pk, application=application)


@login_required
def resend(request, pk, referee_pk):
    """GET: the confirmation page; POST: a new link to the referee (the old one stops working)."""
    application = selectors.get_application_for(request.user, pk)
    referee = _referee_of(application, referee_pk)
    if not permissions.is_owner(request.user, application):
        raise PermissionDenied
    if request.method == "POST":
        if not _mail_allowed(request):
            messages.error(request, "邀请邮件发送过于频繁，请稍后再试。")
            return redirect("applicants:referees", pk=application.pk)
        try:
            referees.resend_invitation(referee, by=request.user)
        except DomainError as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, f"已向推荐专家{referee.name}重新发送邀请邮件，之前的链接已失效。")
        return redirect("applicants:referees", pk=application.pk)
    allowed = is_editable(application) and referee.status == "invited"
    return render(request, "applicants/referee_resend.html", {"application": application, "referee": referee, "allowed": allowed, "now": timezone.now()})


@login_required
def replace(request, pk, referee_pk):
    """GET: the replacement form with what it means; POST: the new referee takes the slot."""
    application = selectors.get_application_for(request.user, pk)
    referee = _referee_of(application, referee_pk)
    if not permissions.is_owner(request.user, application):
        raise PermissionDenied
    allowed = is_editable(application) and referee.status != "replaced" and referees.may_replace(application, referee)
    form = RefereeInviteForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid() and _mail_allowed(request):
            try:
                successor = referees.replace_referee(referee, by=request.user, **form.cleaned_data)
            except DomainError as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(request, f"已将推荐专家{referee.slot}更换为{successor.name}，并发送邀请邮件。")
                return redirect("applicants:referees", pk=application.pk)
        elif form.is_valid():
            form.add_error(None, "邀请邮件发送过于频繁，请稍后再试。")
        status = 400
    context = {"application": application, "referee": referee, "form": form, "allowed": allowed}
    return render(request, "applicants/referee_replace.html", context, status=status)


def letter_file(referee):
    """The referee's letter in the shape `attachment_response` serves (as evidence is served)."""
    if not referee.letter:
        raise Http404
    return SimpleNamespace(file=referee.letter, content_type=referee.letter_content_type, size=referee.letter_size, display_name=referee.letter_name)


@login_required
def letter(request, pk, referee_pk):
    application = selectors.get_application_for(request.user, pk)
    return attachment_response(letter_file(_referee_of(application, referee_pk)))


# --- The referee's page (no account) ---------------------------------------------------------------


def _problem_page(request, problem, status=200):
    return render(request, "applicants/referee_link_problem.html", {"problem": problem}, status=status)


@never_cache
@throttle_page("referee-link", methods=("GET", "POST"))
def referee_link(request, token):
    """GET: who asks and the confirmation form; POST: confirm. A bad, used or expired link says so (200)."""
    found = referees.referee_for_token(token)
    if isinstance(found, referees.LinkProblem):
        return _problem_page(request, found)
    application = found.application
    if permissions.is_owner(request.user, application):
        return _problem_page(request, referees.LinkProblem("申报人本人不能代替推荐专家确认推荐。", "owner"), status=403)
    initial = {"title": found.title, "employer_name": found.employer_name, "employer_credit_code": found.employer_credit_code, "relationship": found.relationship}
    form = RefereeConfirmForm(request.POST or None, request.FILES or None, initial=initial)
    status = 200
    if request.method == "POST":
        if getattr(request, "upload_too_large", False):  # apps.core.uploads dropped it while it arrived
            form.is_valid()
            form.errors.pop("letter", None)
            form.add_error("letter", filechecks.too_large().message)
        elif form.is_valid():
            data = {key: value for key, value in form.cleaned_data.items() if key != "agree"}
            try:
                referees.confirm_by_token(token, **data)
            except DomainError as refused:
                form.add_error("letter" if isinstance(refused, filechecks.FileRefused) else None, refused.message)
            else:
                return render(request, "applicants/referee_done.html", {"referee": found, "application": application})
        status = 400
    context = {"referee": found, "application": application, "form": form}
    return render(request, "applicants/referee_link.html", context, status=status)
