"""The office's round pages: the list of rounds, creating one, and a round's settings (title, target,
deadlines, the quota scheme and the 15 indicators), each saved through its service."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from apps.accounts.roles import is_programme_staff
from apps.core.exceptions import DomainError

from . import quotas
from .enums import INDICATORS_EDITABLE
from .forms_office import IndicatorForm, QuotaSchemeForm, RoundCreateForm, RoundSettingsForm
from .models import Round
from .quota_services import update_quota_scheme
from .selectors import get_round_for_office, rounds_overview
from .services import create_round, update_indicators, update_round_settings


@login_required
def round_list(request):
    """Every round, newest first, with its phase and the links to its settings, factors and quotas."""
    if not is_programme_staff(request.user):
        raise PermissionDenied
    return render(request, "rounds/office/round_list.html", {"page": Paginator(rounds_overview(), 20).get_page(request.GET.get("page"))})


@login_required
def round_create(request):
    if not is_programme_staff(request.user):
        raise PermissionDenied
    form = RoundCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        round = create_round(form.save(commit=False), by=request.user)
        messages.success(request, f"已创建{round}。请填写名额分配因素并分配推荐名额。")
        return redirect("rounds:round-settings", pk=round.pk)
    return render(request, "rounds/office/round_form.html", {"form": form})


def frozen_notes(round):
    """{setting: why it is frozen} for the settings page (empty where editable)."""
    notes = {}
    if round.status not in quotas.QUOTAS_EDITABLE:
        notes["quotas"] = "推荐阶段已结束，推荐名额已冻结：全国培育目标人数、名额分配方案和名额分配因素不能再修改。"
    if round.status not in INDICATORS_EDITABLE:
        notes["indicators"] = "专家评审已开始，评分依据的评价指标权重和满分不能再修改。"
    return notes


@login_required
def round_settings(request, pk):
    """GET: every setting, frozen ones disabled with the reason. POST `section`=settings or indicators."""
    round = get_round_for_office(request.user, pk)
    notes = frozen_notes(round)
    section = request.POST.get("section") if request.method == "POST" else None
    settings_form = RoundSettingsForm(
        request.POST if section == "settings" else None, instance=round, target_frozen="quotas" in notes
    )
    indicators = list(round.indicators.order_by("position"))
    indicator_forms = [
        IndicatorForm(request.POST if section == "indicators" else None, indicator=indicator, frozen="indicators" in notes)
        for indicator in indicators
    ]
    if section == "settings" and settings_form.is_valid():
        if _saved(request, update_round_settings, settings_form.instance, form=settings_form,
                  fields=settings_form.changed_data, seen_updated_at=request.POST.get("seen", "")):
            return redirect("rounds:round-settings", pk=round.pk)
    elif section == "indicators" and all(form.is_valid() for form in indicator_forms):
        changes = {form.indicator: form.change() for form in indicator_forms if form.has_changed()}
        if _saved(request, update_indicators, round, changes=changes):
            return redirect("rounds:round-settings", pk=round.pk)
    context = {
        "round": Round.objects.get(pk=round.pk) if section else round, "notes": notes, "settings_form": settings_form,
        "scheme_form": QuotaSchemeForm(round=round, frozen="quotas" in notes), "indicator_forms": indicator_forms,
    }
    return render(request, "rounds/office/round_settings.html", context)


def _saved(request, service, obj, *, form=None, **kwargs):
    try:
        service(obj, by=request.user, **kwargs)
    except DomainError as error:
        messages.error(request, error.message)
    except ValidationError as error:
        if form is not None:
            form.add_error(None, error)
        else:
            messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, "设置已保存。")
        return True
    return False


@login_required
@require_POST
def quota_scheme(request, pk):
    """Save the quota scheme, from the settings page or the proposal's what-if ("保存为分配方案")."""
    round = get_round_for_office(request.user, pk)
    form = QuotaSchemeForm(request.POST, round=round)
    back = "rounds:quotas" if request.POST.get("next") == "quotas" else "rounds:round-settings"
    if not form.is_valid():
        messages.error(request, "名额分配方案未保存：" + "；".join(
            f"{form.fields[name].label}：{error}" for name, errors in form.errors.items() for error in errors))
        return redirect(back, pk=round.pk)
    try:
        update_quota_scheme(round, by=request.user, seen_updated_at=request.POST.get("seen", ""), **form.cleaned_data)
    except DomainError as error:
        messages.error(request, error.message)
    except ValidationError as error:
        messages.error(request, "名额分配方案未保存：" + "；".join(error.messages))
    else:
        messages.success(request, "名额分配方案已保存。已分配的名额不会自动改变，请在推荐名额页面点击“分配名额”按新方案重新计算。")
    return redirect(back, pk=round.pk)
