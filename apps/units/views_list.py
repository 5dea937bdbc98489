"""The unit's list of applications (filters, search, sorts, counts by status) and its balance panel with a what-if."""
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from apps.applicants.selectors import status_counts
from apps.core.exceptions import DomainError
from apps.rounds.selectors import unit_quota_places

from . import balance as panel
from .filters import UnitApplicationFilter
from .selectors import balance_rows, deployed_rounds, for_list, list_rows, round_for_unit, unit_applications, unit_of

PAGE_SIZE = 20


def filtered_list(user, round, data):
    """(filterset, status rows, the filtered queryset in its order) of the unit's list for the GET `data`.

    The counts by status are those of the other filters (a status filter narrows the list, not its counts).
    """
    base = for_list(unit_applications(user, round))
    filterset = UnitApplicationFilter(data, queryset=base)
    status_rows = status_counts(UnitApplicationFilter(_without(data, "status"), queryset=base).qs)
    return filterset, status_rows, filterset.qs


def _without(data, key):
    data = data.copy()
    data.pop(key, None)
    return data


def paged(queryset, status_rows, status, number):
    """Page `number` of `queryset`; its count taken from the counts by status (no COUNT query of its own)."""
    paginator = Paginator(queryset, PAGE_SIZE)
    counts = dict(status_rows)
    paginator.count = counts.get(status, 0) if status else sum(counts.values())
    return paginator.get_page(number)


@login_required
def applications(request):
    """The unit's applications in the current round (or `?round=`): filters, search, sorts, 20 to a page."""
    unit = unit_of(request.user)
    rounds = deployed_rounds()
    round = round_for_unit(request.GET.get("round"), rounds)
    context = {"unit": unit, "round": round, "rounds": rounds}
    if round is not None:
        filterset, status_rows, queryset = filtered_list(request.user, round, request.GET)
        filterset.is_valid()  # cleans the form: an invalid value is left out, the valid ones still filter
        status = filterset.form.cleaned_data.get("status")
        page = paged(queryset, status_rows, status, request.GET.get("page"))
        rows = balance_rows(request.user, round)
        context.update(
            filterset=filterset,
            form=filterset.form,
            status_rows=status_rows,
            status_filter=status or "",
            total=sum(count for _, count in status_rows),
            page=page,
            rows=list_rows(page.object_list),
            filtered=any(request.GET.get(name) for name in filterset.filters if name != "sort"),
            balance=panel.balance(rows, places=unit_quota_places(round, unit)),
        )
    return render(request, "units/applications.html", context)


@login_required
def balance(request):
    """The balance panel of the unit's candidates; `?ids=` (a what-if) shows it for a proposed selection, unsaved."""
    unit = unit_of(request.user)
    rounds = deployed_rounds()
    round = round_for_unit(request.GET.get("round"), rounds)
    context, status = {"unit": unit, "round": round, "rounds": rounds}, 200
    if round is not None:
        rows = balance_rows(request.user, round)
        places = unit_quota_places(round, unit)
        proposal, error = None, None
        if "ids" in request.GET:
            try:
                proposal = panel.proposed_candidates(rows, panel.parse_ids(request.GET.getlist("ids")))
            except DomainError as refusal:
                error, status = refusal.message, 400
        result = panel.balance(rows, candidates=proposal, places=places)
        # The candidates first, in their order (a what-if sent from here keeps it), then the others who could be.
        chosen = {row.id for row in result.candidates}
        others = [row for row in rows if row.status in panel.CANDIDATE_STATUSES and row.id not in chosen]
        context.update(
            balance=result,
            error=error,
            choices=[(row, True) for row in result.candidates] + [(row, False) for row in others],
        )
    return render(request, "units/balance.html", context, status=status)
