from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST

from apps.core.exceptions import DomainError
from apps.core.throttling import allow, throttle_page, throttled_response

from . import services
from .forms import AccountCreateForm, LoginForm, ResetPasswordForm, ResetRequestForm
from .roles import dashboard_url_name, is_programme_staff
from .selectors import accounts_for_office


@login_required
def home(request):
    """Send each role to its own dashboard."""
    url_name = dashboard_url_name(request.user)
    if url_name is None:
        raise PermissionDenied
    return redirect(url_name)


@method_decorator(throttle_page("login"), name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    """Throttled per user (PAGE_THROTTLE_RATES["password-change"]); the change itself is the audited service."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password-change-done")

    def post(self, request, *args, **kwargs):
        if not allow("password-change", f"user:{request.user.pk}"):
            return throttled_response(request)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        user = services.change_password(self.request.user, by=self.request.user, new_password=form.cleaned_data["new_password1"])
        update_session_auth_hash(self.request, user)
        return HttpResponseRedirect(self.get_success_url())


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


# --- Password reset by email ----------------------------------------------------------------------


@throttle_page("password-reset")
def password_reset(request):
    """Ask for a reset link. The answer is the same whether or not an account has the address.

    Throttled per client address (the decorator) and per email: past the email's rate the page
    still says a mail was sent, and none is.
    """
    form = ResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].strip().lower()
        if allow("password-reset-email", email):
            services.request_password_reset(email=email)
        return redirect("accounts:password-reset-done")
    return render(request, "accounts/password_reset_form.html", {"form": form})


def password_reset_done(request):
    return render(request, "accounts/password_reset_done.html", {"hours": settings.PASSWORD_RESET_TIMEOUT // 3600})


@method_decorator(throttle_page("password-reset"), name="dispatch")
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's check of the one-time, expiring link; the new password goes through services.reset_password."""

    template_name = "accounts/password_reset_confirm.html"
    form_class = ResetPasswordForm
    success_url = reverse_lazy("accounts:password-reset-complete")

    def form_valid(self, form):
        services.reset_password(self.user, new_password=form.cleaned_data["new_password1"])
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


# --- Office pages: the programme office manages unit-staff and expert accounts ----------------------


def _office_only(request):
    if not is_programme_staff(request.user):
        raise PermissionDenied


def get_account_for(user, pk):
    """An account the office may manage: 403 for anyone but the office, 404 outside its reach."""
    if not is_programme_staff(user):
        raise PermissionDenied
    return get_object_or_404(accounts_for_office(), pk=pk)


@login_required
def office_accounts(request):
    _office_only(request)
    search = request.GET.get("q", "").strip()[:50]
    page = Paginator(accounts_for_office(search), 50).get_page(request.GET.get("page"))
    context = {"page": page, "search": search, "failure_limit": settings.AXES_FAILURE_LIMIT}
    return render(request, "accounts/office_accounts.html", context)


@login_required
def office_account_create(request):
    _office_only(request)
    form = AccountCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.create_account(by=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"已创建账号“{user.username}”，设置密码的链接已发送至其邮箱。")
            return redirect("accounts:office-accounts")
    return render(request, "accounts/office_account_form.html", {"form": form})


def _office_action(service, done_message):
    @login_required
    @require_POST
    def view(request, pk):
        account = get_account_for(request.user, pk)
        try:
            service(account, by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, done_message.format(username=account.username))
        return redirect(reverse("accounts:office-accounts"))

    return view


office_account_deactivate = _office_action(
    lambda account, by: services.set_user_active(account, by=by, active=False), "已停用账号“{username}”。"
)
office_account_activate = _office_action(
    lambda account, by: services.set_user_active(account, by=by, active=True), "已启用账号“{username}”。"
)
office_account_unlock = _office_action(services.unlock_user, "已解除账号“{username}”的登录锁定。")
office_account_send_reset = _office_action(services.send_password_reset, "已向账号“{username}”的邮箱发送重设密码链接。")
