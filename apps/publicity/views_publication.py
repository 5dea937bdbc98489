"""Publication pages: the public final list of a published round (no login; cacheable) and the office's
page that publishes it (what blocks it, then a confirmation)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from apps.applicants.enums import ApplicationStatus
from apps.core.exceptions import DomainError
from apps.rounds.selectors import get_round_for_office

from . import final_list
from .models import Publicity
from .publication import cultivation_end, publication_blockers, publish_round
from .public_cache import public_page
from .views import _office


@require_http_methods(["GET", "HEAD"])
def final_list_page(request, year):
    """The final list of `year` (公布名单): name, gender, employer, post and unit of each published craftsman.

    Cached like the publicity list: the rows' HTML under the list's version, an ETag and public max-age
    for anonymous visitors (a repeat visit gets 304); three queries on a cache miss, two on a hit."""
    publicity = final_list.published_publicity_of_year(year)
    if publicity is None:
        raise Http404
    return public_page(
        request, version=final_list.final_version(publicity), prefix="publicity:final",
        fragment_template="publicity/includes/final_entries.html", rows=lambda: final_list.final_entries(publicity),
        template="publicity/final_list.html", context={"publicity": publicity},
    )


@login_required
@require_http_methods(["GET", "POST"])
def office_publication(request, pk):
    """The office publishes a round's final list: the page lists what blocks it; the POST (confirm=yes) publishes."""
    _office(request)
    round = get_round_for_office(request.user, pk)
    publicity = Publicity.objects.select_related("round", "published_by").filter(round=round).first()
    if request.method == "POST" and request.POST.get("confirm") != "yes":
        messages.error(request, "请在本页核对后确认公布。")
    elif request.method == "POST":
        try:
            publish_round(round, by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"{round}培育对象名单已公布，培育记录已建立。")
            return redirect("publicity:publication", pk=round.pk)
    today = timezone.localdate()
    context = {
        "round": round,
        "started_on": today,
        "ends_on": cultivation_end(today),
        "publicity": publicity,
        "blockers": publication_blockers(publicity) if publicity is None or publicity.published_at is None else [],
        "candidates": publicity.entries.filter(application__status=ApplicationStatus.IN_PUBLICITY).count() if publicity else 0,
        "published": publicity.entries.filter(application__status=ApplicationStatus.PUBLISHED).count() if publicity else 0,
    }
    return render(request, "publicity/publication.html", context, status=400 if request.method == "POST" else 200)
