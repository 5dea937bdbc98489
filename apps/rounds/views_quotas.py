"""The office's quota pages: the factor values (form and Excel), the proposal with its what-if, the
allocation, an override and the confirmation. Every write goes through its service.

The allocation runs in the request, through the service itself, not the Celery task: for 1,000 units it
takes about 0.1–0.3 s (benchmarks/quotas.py), and the office wants to see the result on the next page.
The task (`tasks.allocate_quotas`) stays for scripts and the API's callers that prefer a queue.
"""
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from apps.core.exceptions import DomainError

from . import factor_sheets, quotas, selectors
from .forms_office import FactorImportForm, QuotaOverrideForm, QuotaSchemeForm
from .models import Round
from .quota_services import FACTOR_NAMES, FactorRowsInvalid, factor_stamp, save_quota_factors
from .services import allocate_quotas, confirm_quotas, override_quota

FACTORS_PER_PAGE = 50


def _frozen(round):
    return round.status not in quotas.QUOTAS_EDITABLE


@login_required
def quota_factors(request, pk):
    """The units' four factor values, 50 units to a page; POST saves the page's rows (all or none)."""
    round = selectors.get_round_for_office(request.user, pk)
    search = request.GET.get("q", "").strip()[:50]
    units = selectors.units_for_quotas(round)
    page = Paginator(units.filter(name__icontains=search) if search else units, FACTORS_PER_PAGE).get_page(request.GET.get("page"))
    errors, cells = [], frozenset()
    if request.method == "POST":
        rows = [_posted_row(request.POST, unit_pk) for unit_pk in request.POST.getlist("unit")[:FACTORS_PER_PAGE]]
        try:
            saved = save_quota_factors(round, by=request.user, rows=rows)
        except FactorRowsInvalid as error:
            errors, cells = error.errors, error.cells
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"已保存 {len(saved)} 个推荐单位的名额分配因素。" if saved else "数值没有变化，未作修改。")
            return redirect(request.get_full_path())
    return _factors_page(request, round, page, errors=errors, cells=cells, posted=request.POST if errors else None,
                         search=search)


def _posted_row(post, unit_pk):
    return {"unit": unit_pk, **{name: post.get(f"{unit_pk}-{name}", "") for name in FACTOR_NAMES}, "seen": post.get(f"{unit_pk}-seen", "")}


def _factors_page(request, round, page, *, errors=(), cells=frozenset(), posted=None, search="", import_form=None,
                  import_errors=(), status=200):
    """`rows`: (unit, seen, [(factor, label, value shown, is invalid)]) for the page's units."""
    rows = [
        (unit, factor_stamp(unit.factors_updated_at), [
            (name, label, posted.get(f"{unit.pk}-{name}", "") if posted is not None else _shown(getattr(unit, name)),
             (unit.pk, name) in cells)
            for name, label in quotas.FACTORS
        ])
        for unit in page.object_list
    ]
    context = {"search": search,
        "round": round, "page": page, "rows": rows, "factors": quotas.FACTORS, "errors": errors, "frozen": _frozen(round),
        "import_form": import_form or FactorImportForm(), "import_errors": import_errors,
    }
    return render(request, "rounds/office/quota_factors.html", context, status=status)


def _shown(value):
    return "" if value is None else f"{value:f}"


@login_required
def quota_factors_template(request, pk):
    """The Excel template: every active unit with its current values, and the instructions."""
    round = selectors.get_round_for_office(request.user, pk)
    content = factor_sheets.build_template(round, selectors.units_for_quotas(round))
    response = HttpResponse(content, content_type=factor_sheets.XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(factor_sheets.template_filename(round))}"
    return response


@login_required
@require_POST
def quota_factors_import(request, pk):
    """Import a filled template: every row and cell checked, nothing saved on any error (listed on the page)."""
    round = selectors.get_round_for_office(request.user, pk)
    form = FactorImportForm(request.POST, request.FILES)
    import_errors = []
    if form.is_valid():
        try:
            rows = factor_sheets.read_factor_rows(form.cleaned_data["file"], selectors.units_for_quotas(round))
            saved = save_quota_factors(round, by=request.user, rows=rows, source="import")
        except FactorRowsInvalid as error:  # the sheet's errors (FactorSheetInvalid) or the rows'
            import_errors = error.errors
        except DomainError as error:
            import_errors = [error.message]
        else:
            kept = len(selectors.units_for_quotas(round)) - len(rows)
            messages.success(
                request, f"导入完成：文件中 {len(rows)} 个推荐单位，其中 {len(saved)} 个的数值有变化并已保存"
                + (f"；文件中没有的 {kept} 个推荐单位保留原有数值。" if kept else "。"),
            )
            return redirect("rounds:quota-factors", pk=round.pk)
    page = Paginator(selectors.units_for_quotas(round), FACTORS_PER_PAGE).get_page(1)
    return _factors_page(request, round, page, import_form=form, import_errors=import_errors, status=400)


@login_required
def quota_proposal(request, pk):
    """Each unit's factors, score, share, proposed and stored places; with scheme values in the query, the
    what-if: every unit's quota move under them, saving nothing (htmx swaps the table; without JS a GET)."""
    round = selectors.get_round_for_office(request.user, pk)
    frozen = _frozen(round)
    whatif_form = QuotaSchemeForm(request.GET if "whatif" in request.GET else None, round=round, frozen=frozen)
    units = list(selectors.units_for_quotas(round))
    context = {"round": round, "frozen": frozen, "whatif_form": whatif_form, "factors": quotas.FACTORS, "error": ""}
    try:
        rows = selectors.quota_proposal(round, units) if units else []
        context["rows"] = rows
        if whatif_form.is_bound and whatif_form.is_valid():
            scenario = _scenario(round, whatif_form.cleaned_data)
            context.update(scenario=scenario, moves=selectors.quota_moves(rows, selectors.quota_proposal(scenario, units)),
                           scenario_total=quotas.place_total(scenario))
            context["scenario_sum"] = sum(new for _, _, new, _ in context["moves"])
    except DomainError as error:
        context["error"] = error.message
    total, stored_sum = quotas.place_total(round), sum(unit.quota_places or 0 for unit in units)
    context.update(total=total, stored_sum=stored_sum, over=max(stored_sum - total, 0), short=max(total - stored_sum, 0),
                   allocated=any(unit.quota_id for unit in units))
    template = "rounds/office/quota_table.html" if request.headers.get("HX-Request") else "rounds/office/quotas.html"
    return render(request, template, context)


def _scenario(round, values):
    """An unsaved copy of `round` with the what-if's scheme values (the selector reads them from it)."""
    copy = Round(**{field.attname: getattr(round, field.attname) for field in Round._meta.concrete_fields})
    for name, value in values.items():
        setattr(copy, name, value)
    return copy


@login_required
@require_POST
def quotas_allocate(request, pk):
    round = selectors.get_round_for_office(request.user, pk)
    try:
        allocate_quotas(round, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"已按当前方案分配推荐名额，共 {quotas.place_total(round)} 个。已调整的名额保持不变。")
    return redirect("rounds:quotas", pk=round.pk)


@login_required
def quota_override(request, pk):
    """GET: the unit's places and the form. POST: override_quota with the required reason."""
    quota = selectors.get_quota_for_office(request.user, pk)
    form = QuotaOverrideForm(request.POST or None, initial={"places": quota.places, "reason": quota.override_reason})
    if request.method == "POST" and form.is_valid():
        try:
            override_quota(quota, by=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"已将{quota.unit}的推荐名额调整为 {form.cleaned_data['places']} 个。")
            return redirect("rounds:quotas", pk=quota.round_id)
    return render(request, "rounds/office/quota_override.html", {"quota": quota, "round": quota.round, "form": form,
                                                                 "frozen": _frozen(quota.round)})


@login_required
def quotas_confirm(request, pk):
    """GET: the total against the sum of the places and every override. POST: confirm_quotas."""
    round = selectors.get_round_for_office(request.user, pk)
    if request.method == "POST":
        try:
            confirm_quotas(round, by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "推荐名额已确认。部署遴选年度时，各推荐单位将收到本单位的推荐名额。")
            return redirect("rounds:quotas", pk=round.pk)
    units = list(selectors.units_for_quotas(round))
    context = {
        "round": round, "frozen": _frozen(round), "total": quotas.place_total(round), "unit_count": len(units),
        "stored_sum": sum(unit.quota_places or 0 for unit in units),
        "missing": [unit for unit in units if unit.quota_id is None],
        "overrides": [unit for unit in units if unit.quota_override_reason],
    }
    return render(request, "rounds/office/quotas_confirm.html", context)
