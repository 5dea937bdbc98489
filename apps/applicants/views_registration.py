"""Pages of registration, email verification, a unit's invitation and the personal-information rules.

Anonymous pages: throttled per client address (and registration per email), and they answer the
same whether or not an address has an account. The rules live in `apps.applicants.registration`.
"""
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from apps.accounts.roles import is_unit_staff
from apps.core.exceptions import DomainError
from apps.core.request_context import client_ip_of
from apps.core.throttling import allow, throttle_page
from apps.rounds.selectors import current_round

from . import registration
from .forms_intake import InvitationAcceptForm, InvitationForm, RegistrationForm


def privacy_policy(request):
    return render(request, "applicants/privacy_policy.html", {"version": settings.PRIVACY_POLICY_VERSION})


@throttle_page("register")
def register(request):
    """Register as an applicant. Signed-in users go to their desk."""
    if request.user.is_authenticated:
        return redirect("accounts:home")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            # Past the email's rate the page still says a mail was sent, and none is.
            if allow("register-email", data["email"].strip().lower()):
                registration.register_applicant(
                    name=data["name"], email=data["email"], mobile=data["mobile"], password=data["password1"],
                    ip_address=client_ip_of(request),
                )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return redirect("applicants:register-done")
    return render(request, "applicants/register.html", {"form": form})


def register_done(request):
    if request.user.is_authenticated:
        return redirect("accounts:home")
    return render(request, "applicants/register_done.html", {"hours": settings.REGISTRATION_LINK_TIMEOUT // 3600})


@throttle_page("registration-link", methods=("GET", "POST"))
def verify_email(request, token):
    """GET shows the link's state and a button (mail scanners that fetch links do not spend it); POST verifies."""
    found = registration.registration_for_token(token, invitation=False)
    if isinstance(found, registration.LinkProblem):
        return render(request, "applicants/link_problem.html", {"problem": found, "invitation": False})
    if request.method == "POST":
        try:
            registration.verify_email(found)
        except DomainError as error:
            return render(request, "applicants/link_problem.html", {"problem": registration.LinkProblem(error.message, error.code)})
        messages.success(request, "邮箱验证成功，您的账号已启用。请用注册邮箱和密码登录。")
        return redirect("accounts:login")
    return render(request, "applicants/verify_email.html", {"registration": found})


@throttle_page("registration-link", methods=("GET", "POST"))
def accept_invitation(request, token):
    found = registration.registration_for_token(token, invitation=True)
    if isinstance(found, registration.LinkProblem):
        return render(request, "applicants/link_problem.html", {"problem": found, "invitation": True})
    needs_password = not found.user.has_usable_password()
    form = InvitationAcceptForm(request.POST or None, needs_password=needs_password)
    if request.method == "POST" and form.is_valid():
        try:
            registration.accept_invitation(
                found, password=form.cleaned_data.get("password1"), ip_address=client_ip_of(request)
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"已接受{found.unit}的申报邀请。请用邮箱 {found.user.username} 登录后新建申报。")
            return redirect("accounts:login")
    return render(request, "applicants/accept_invitation.html", {"registration": found, "form": form})


@login_required
def invite(request):
    """A unit's staff invite a person to apply through their unit in this year's round."""
    if not is_unit_staff(request.user):
        raise PermissionDenied
    round = current_round()
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not allow("invite", f"user:{request.user.pk}"):
            form.add_error(None, "邀请发送过于频繁，请稍后再试。")
        else:
            try:
                registration.invite_applicant(by=request.user, round=round, **form.cleaned_data)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, f"已向 {form.cleaned_data['email']} 发送申报邀请。")
                return redirect("units:dashboard")
    return render(request, "applicants/invite.html", {"form": form, "round": round})
