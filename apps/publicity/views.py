"""Publicity pages: the public list (no login; only what a notice shows; cacheable) and the office's page."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from apps.accounts.roles import is_programme_staff
from apps.applicants.enums import ApplicationStatus
from apps.core.exceptions import DomainError
from apps.rounds.selectors import get_round_for_office

from . import objections, selectors
from .calendar import publicity_end
from .forms import OpenPublicityForm
from .models import Publicity, PublicityEntry
from .public_cache import public_page
from .services import DEFAULT_CONTACT, open_publicity, update_summary


@require_http_methods(["GET", "HEAD"])
def public_list(request, year=None):
    """The public list of a round's publicity: name, gender, employer, post, unit and summary; how to object, until when.

    The list's HTML is cached under its version (`selectors.list_version`) and answered with an ETag:
    a repeat visitor gets 304, a new one the cached fragment; either way two queries.
    """
    publicity = selectors.publicity_of_year(year) if year else selectors.current_publicity()
    if publicity is None:
        if year:
            raise Http404
        return render(request, "publicity/public_none.html")
    now = timezone.now()
    is_open = objections.is_receiving(publicity)  # the rows' 提出异议 links come and go with the period
    return public_page(
        request, version=f"{selectors.list_version(publicity)}-{int(is_open)}", prefix="publicity:list",
        fragment_template="publicity/includes/public_entries.html", rows=lambda: selectors.public_entries(publicity),
        fragment_context={"open": is_open},
        template="publicity/public_list.html", context={"publicity": publicity, "open": now < publicity.ends_at, "now": now},
    )


def _office(request):
    if not is_programme_staff(request.user):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def office_publicity(request, pk):
    """The office's publicity page of a round: open it (start date, working days, how to object, with the
    computed end shown before confirming), then the list with each summary editable."""
    _office(request)
    round = get_round_for_office(request.user, pk)
    publicity = Publicity.objects.filter(round=round).first()
    form = OpenPublicityForm(request.POST or None, initial={"working_days": 5, "contact": DEFAULT_CONTACT, "starts_on": timezone.localdate()})
    preview, refused = None, request.method == "POST"
    if publicity is None and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if request.POST.get("confirm") != "yes":  # the first POST shows when objections would close
            preview, refused = publicity_end(data["starts_on"], data["working_days"]), False
        else:
            try:
                open_publicity(round, by=request.user, starts_on=data["starts_on"], working_days=data["working_days"], contact=data["contact"])
            except DomainError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, f"{round}已发布公示。")
                return redirect("publicity:office", pk=round.pk)
    context = {
        "round": round,
        "publicity": publicity,
        "entries": selectors.office_entries(publicity) if publicity else [],
        "form": form,
        "preview": preview,
        "approved_count": round.applications.filter(status=ApplicationStatus.APPROVED).count() if publicity is None else 0,
    }
    return render(request, "publicity/office.html", context, status=400 if refused else 200)


@login_required
@require_POST
def office_summary(request, pk):
    """POST {summary}: edit one candidate's summary on the list (the office)."""
    _office(request)
    entry = get_object_or_404(PublicityEntry.objects.select_related("publicity"), pk=pk)
    try:
        update_summary(entry, by=request.user, summary=request.POST.get("summary", ""))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "事迹简介已保存。")
    return redirect("publicity:office", pk=entry.publicity.round_id)
