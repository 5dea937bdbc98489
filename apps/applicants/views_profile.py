"""Pages of `新建申报` and the applicant's profile. The rules are in `services.start_application` and `profile`."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from apps.accounts.roles import is_applicant
from apps.core.exceptions import DomainError
from apps.core.request_context import client_ip_of
from apps.rounds.enums import RoundStatus
from apps.rounds.selectors import current_round
from apps.units.models import RecommendingUnit

from . import profile, registration, selectors
from .forms_intake import ProfileForm, StartApplicationForm
from .models import Application
from .services import start_application


def _open_round():
    round = current_round()
    return round if round is not None and round.status == RoundStatus.RECOMMENDING and not round.recommend_deadline_passed else None


@login_required
def start(request):
    """新建申报: pick the recommending unit (preselected when a unit invited the applicant) and consent."""
    if not is_applicant(request.user):
        raise PermissionDenied
    round = _open_round()
    existing = Application.objects.filter(applicant=request.user, round=round).first() if round else None
    if existing is not None:
        messages.info(request, "您在本年度已有一份申报，不能重复申报。")
        return redirect("applicants:profile", pk=existing.pk)
    units = RecommendingUnit.objects.filter(is_active=True).order_by("kind", "region", "name")
    needs_consent = not registration.has_current_consent(request.user)
    invited = registration.invited_unit(request.user, round)
    form = StartApplicationForm(
        request.POST or None, units=units, needs_consent=needs_consent, initial={"unit": invited.pk if invited else None}
    )
    if request.method == "POST" and round is not None and form.is_valid():
        try:
            application = start_application(
                by=request.user, round=round, unit=form.cleaned_data["unit"],
                consent=form.cleaned_data.get("consent", False), ip_address=client_ip_of(request),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "已新建申报，请填写申报人基本信息。")
            return redirect("applicants:profile", pk=application.pk)
    return render(request, "applicants/start_application.html", {"form": form, "round": round, "invited": invited})


@login_required
def profile_page(request, pk):
    """The profile: a form for its owner while editable, the facts (ID and mobile masked) for everyone else who may see it."""
    application = selectors.get_application_for(request.user, pk)
    editable = profile.can_edit_profile(request.user, application)
    form = None
    if editable:
        initial = {name: getattr(application, name) for name in profile.PROFILE_FIELDS}
        form = ProfileForm(request.POST or None, initial=initial)
    elif request.method == "POST":
        raise PermissionDenied
    version = application.profile_version
    if request.method == "POST" and form.is_valid():
        try:
            profile.update_profile(application, by=request.user, data=form.cleaned_data, version=request.POST.get("version"))
        except profile.ProfileInvalid as error:
            for name, message in error.details.items():
                form.add_error(name if name in form.fields else None, message)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "已保存申报人基本信息。")
            return redirect("applicants:profile", pk=application.pk)
        version = request.POST.get("version", version)
    return _render(request, application, form=form, version=version)


def _render(request, application, *, form=None, version=None, full_resident_id=None):
    context = {
        "application": application,
        "form": form,
        "version": version,
        "masked": profile.masked_profile(application),
        "full_resident_id": full_resident_id if full_resident_id is not None
        else (application.resident_id if profile.sees_full_resident_id(request.user, application) else None),
        "may_reveal": profile.may_reveal_resident_id(request.user, application),
    }
    return render(request, "applicants/profile.html", context)


@login_required
@require_POST
def reveal_resident_id(request, pk):
    """The office reads the full ID number: shown once on this response, audited by the service."""
    application = selectors.get_application_for(request.user, pk)
    number = profile.reveal_resident_id(application, by=request.user)
    return _render(request, application, full_resident_id=number)
