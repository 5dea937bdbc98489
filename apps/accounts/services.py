from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from rest_framework.authtoken.models import Token

from apps.core import audit
from apps.core.exceptions import DomainError

from .models import User
from .roles import Role, is_programme_staff

# The roles the programme office creates accounts for; applicants register themselves.
OFFICE_CREATED_ROLES = (Role.UNIT_STAFF, Role.EXPERT)


def _may_manage_accounts(by):
    # `by=None` is the system itself: management commands such as seed_demo.
    return by is None or is_programme_staff(by)


@transaction.atomic
def create_user(*, by, username, password, role, display_name="", email="", phone="", unit=None):
    """Create an account for `role`. Programme staff may use the admin. Audits `accounts.user.created`.

    The password must pass the configured validators; `password=None` makes an account that
    cannot log in until a password is set.
    """
    if not _may_manage_accounts(by):
        raise PermissionDenied
    user = User(
        username=username,
        role=role,
        display_name=display_name,
        email=email,
        phone=phone,
        unit=unit,
        is_staff=role == Role.PROGRAMME_STAFF,
    )
    user.full_clean(exclude=["password"])
    if password is not None:
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise DomainError("；".join(error.messages), code="weak_password") from None
    user.set_password(password)
    user.save()
    audit.record(by, "accounts.user.created", user, role=role, unit=str(unit or ""))
    return user


@transaction.atomic
def grant_superuser(user, *, by):
    """Make `user` a superuser. Only the system or another superuser may. Audits `accounts.user.superuser_granted`."""
    if by is not None and not by.is_superuser:
        raise PermissionDenied
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_superuser:
        return user
    user.is_superuser = True
    user.save(update_fields=["is_superuser"])
    audit.record(by, "accounts.user.superuser_granted", user)
    return user


@transaction.atomic
def move_unit_staff(user, *, unit, by):
    """Move a unit staff member to another unit (membership is `user.unit` alone).

    Audits `accounts.user.unit_changed`.
    """
    if not _may_manage_accounts(by):
        raise PermissionDenied
    user = User.objects.select_for_update(of=("self",)).select_related("unit").get(pk=user.pk)
    if user.role != Role.UNIT_STAFF:
        raise DomainError("只有推荐单位工作人员可以调整所属单位。")
    previous = user.unit
    if previous == unit:
        return user
    user.unit = unit
    user.save(update_fields=["unit"])
    audit.record(by, "accounts.user.unit_changed", user, previous=str(previous or ""), unit=str(unit or ""))
    return user


@transaction.atomic
def set_user_active(user, *, by, active):
    """Activate or deactivate `user`'s account. Programme staff may; only a superuser may for a superuser.

    A deactivated user can no longer log in, and their sessions and API tokens stop working.
    Nobody deactivates their own account. Audits `accounts.user.activated` or
    `accounts.user.deactivated`; asking for the state the account is in changes nothing.
    """
    if not is_programme_staff(by):
        raise PermissionDenied
    user = User.objects.select_for_update().get(pk=user.pk)
    # Like grant_superuser: programme staff must not be able to lock the superusers out.
    if user.is_superuser and not by.is_superuser:
        raise PermissionDenied
    if user.is_active == active:
        return user
    if not active and user.pk == by.pk:
        raise DomainError("不能停用自己的账号。", code="self_deactivation")
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit.record(by, f"accounts.user.{'activated' if active else 'deactivated'}", user)
    return user


def _validated_password(password, user):
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise DomainError("；".join(error.messages), code="weak_password") from None
    return password


@transaction.atomic
def create_account(*, by, username, display_name, email, role, unit=None, phone=""):
    """The office creates a unit-staff or expert account and mails a link to set its password.

    Nobody types a password for someone else: the account has none until the person follows the
    link (accounts.services.reset_password). Audits `accounts.user.created` and
    `accounts.user.password_reset_sent`; the mail leaves after commit.
    """
    if not is_programme_staff(by):
        raise PermissionDenied
    if role not in OFFICE_CREATED_ROLES:
        raise DomainError("只能创建推荐单位工作人员或评审专家账号。", code="role_not_allowed")
    if role == Role.UNIT_STAFF and unit is None:
        raise DomainError("推荐单位工作人员必须选择所属推荐单位。", code="unit_required")
    if not email:
        raise DomainError("请填写邮箱：设置密码的链接将发送到该邮箱。", code="email_required")
    try:
        user = create_user(
            by=by, username=username, password=None, role=role, display_name=display_name, email=email,
            phone=phone, unit=unit if role == Role.UNIT_STAFF else None,
        )
    except ValidationError as error:
        raise DomainError("；".join(error.messages), code="invalid_account") from None
    _queue_reset_mail(user, by=by, new_account=True)
    return user


@transaction.atomic
def send_password_reset(user, *, by):
    """The office mails `user` a one-time link to set a new password. Audits `accounts.user.password_reset_sent`."""
    if not is_programme_staff(by):
        raise PermissionDenied
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_superuser and not by.is_superuser:
        raise PermissionDenied
    if not user.is_active:
        raise DomainError("该账号已停用，请先启用再发送重设密码邮件。", code="inactive")
    if not user.email:
        raise DomainError("该账号没有登记邮箱，无法发送重设密码邮件。", code="email_required")
    _queue_reset_mail(user, by=by, new_account=False)
    return user


@transaction.atomic
def request_password_reset(*, email):
    """Someone asked for a reset link on the public page: mail every active account with `email`.

    The caller answers the same whether or not an account matched. Audits
    `accounts.user.password_reset_requested` (by the system) for each account mailed.
    """
    users = list(User.objects.filter(email__iexact=email, is_active=True).order_by("pk"))
    for user in users:
        _queue_reset_mail(user, by=None, new_account=False, action="accounts.user.password_reset_requested")
    return len(users)


def _queue_reset_mail(user, *, by, new_account, action="accounts.user.password_reset_sent"):
    audit.record(by, action, user)
    # The link carries a token that only works until the password changes (one-time) and for
    # PASSWORD_RESET_TIMEOUT seconds (expiring); it is built now, but mailed only once committed.
    link = password_reset_link(user)
    context = {
        "user": user, "link": link, "new_account": new_account,
        "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
    }
    subject = render_to_string("accounts/password_reset_subject.txt", context).strip()
    body = render_to_string("accounts/password_reset_email.txt", context)
    recipient = user.email
    transaction.on_commit(lambda: send_mail(subject, body, None, [recipient]))


def password_reset_link(user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse("accounts:password-reset-confirm", kwargs={"uidb64": uid, "token": default_token_generator.make_token(user)})
    return f"{settings.PORTAL_URL.rstrip('/')}{path}"


@transaction.atomic
def reset_password(user, *, new_password):
    """Set the password chosen from a reset link, and lift a lockout of the username.

    The link's token is checked by the view (Django's PasswordResetConfirmView); setting the
    password spends it. Audits `accounts.user.password_reset` by the user.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    user.set_password(_validated_password(new_password, user))
    user.save(update_fields=["password"])
    cleared = _clear_lockout(user)
    audit.record(user, "accounts.user.password_reset", user, cleared_failures=cleared)
    return user


@transaction.atomic
def change_password(user, *, by, new_password):
    """`user` changes their own password (the form has checked the old one). Audits `accounts.user.password_changed`."""
    if by is None or by.pk != user.pk:
        raise PermissionDenied
    user = User.objects.select_for_update().get(pk=user.pk)
    user.set_password(_validated_password(new_password, user))
    user.save(update_fields=["password"])
    audit.record(by, "accounts.user.password_changed", user)
    return user


@transaction.atomic
def unlock_user(user, *, by):
    """The office lifts the login lockout of `user`'s username. Audits `accounts.user.unlocked`.

    Deletes the failed-login counters (axes' AccessAttempt rows) of that username from every
    address; the history (AccessLog, AccessFailureLog) stays. Nothing to clear changes nothing.
    """
    if not is_programme_staff(by):
        raise PermissionDenied
    user = User.objects.select_for_update().get(pk=user.pk)
    cleared = _clear_lockout(user)
    if cleared:
        audit.record(by, "accounts.user.unlocked", user, cleared_failures=cleared)
    return user


def _clear_lockout(user):
    attempts = AccessAttempt.objects.filter(username=user.get_username())
    failures = sum(attempts.values_list("failures_since_start", flat=True))
    attempts.delete()
    return failures


@transaction.atomic
def create_api_token(user, *, by):
    """Issue `user` a new API token, replacing any earlier one. Only for oneself.

    Returns the token; its key is shown once. Audits `accounts.user.token_created` (never the key).
    """
    if by is None or by.pk != user.pk or not by.is_active:
        raise PermissionDenied
    user = User.objects.select_for_update().get(pk=user.pk)
    replaced = Token.objects.filter(user=user).delete()[0] > 0
    token = Token.objects.create(user=user)
    audit.record(by, "accounts.user.token_created", user, replaced=replaced)
    return token
