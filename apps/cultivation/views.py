"""The talent pool (工匠人才库): the office searches every published craftsman across rounds and exports the result."""
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from .forms import TalentPoolFilter
from .permissions import can_use_talent_pool
from .selectors import pool_rows, pool_years, talent_pool
from .services import export_talent_pool

PAGE_SIZE = 50


def _office(request):
    if not can_use_talent_pool(request.user):
        raise PermissionDenied


@login_required
@require_GET
def talent_pool_page(request):
    """Search by name, unit, industry, region, skill level, year and cultivation status; 50 a page."""
    _office(request)
    form = TalentPoolFilter(request.GET or None)
    filters = form.filters() if request.GET else {}
    page = Paginator(pool_rows(talent_pool(request.user, filters)), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "filters": filters,
        "page": page,
        "units": form.fields["unit"].queryset.values_list("pk", "name"),
        "years": pool_years(),
        "export_query": request.GET.urlencode(),
    }
    return render(request, "cultivation/talent_pool.html", context)


@login_required
@require_GET
def talent_pool_export(request):
    """The same search as an Excel file (audited)."""
    _office(request)
    filters = TalentPoolFilter(request.GET).filters()
    output, _ = export_talent_pool(by=request.user, filters=filters)
    name = f"工匠人才库-{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(
        output, as_attachment=True, filename=name,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
