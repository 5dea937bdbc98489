"""How applicants get an account: they register (and verify their email), or a recommending unit invites them.

Both mail a one-time link. The link is signed with a timestamp (`django.core.signing`), not stored:
it names the `Registration` row, and it works once because using it stamps `confirmed_at`, and only
for REGISTRATION_LINK_TIMEOUT / INVITATION_LINK_TIMEOUT seconds. A registered account stays
inactive (it cannot sign in, so it cannot apply) until its link is used.

Neither page tells anyone whether an address already has an account: registering an address that
has one mails its owner instead, and the page answers the same.
"""
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import User
from apps.accounts.roles import Role, is_applicant, is_unit_staff
from apps.accounts.services import _validated_password, password_reset_link
from apps.core import audit
from apps.core.exceptions import DomainError
from apps.core.validators import validate_mobile
from apps.rounds.enums import RoundStatus

from .models import Consent, Registration
from .profile_enums import ConsentPurpose

LINK_SALT = "applicants.registration-link"
LINK_USED = "该链接已使用过。如您已完成验证或设置了密码，请直接登录。"
LINK_EXPIRED = "该链接已过期。"
LINK_INVALID = "该链接无效，请检查邮件中的链接是否完整。"


# --- Consent --------------------------------------------------------------------------------------


def has_current_consent(user):
    return Consent.objects.filter(user=user, policy_version=settings.PRIVACY_POLICY_VERSION).exists()


def record_consent(user, *, purpose, ip_address=None):
    """Record `user`'s consent to the current rules for `purpose`. Audits `applicants.consent.given`.

    Call inside the caller's transaction (the registration, the invitation's acceptance, the first application).
    """
    consent = Consent.objects.create(
        user=user, purpose=purpose, policy_version=settings.PRIVACY_POLICY_VERSION,
        accepted_at=timezone.now(), ip_address=ip_address,
    )
    audit.record(user, "applicants.consent.given", consent, purpose=purpose, policy_version=consent.policy_version)
    return consent


# --- Links ----------------------------------------------------------------------------------------


def link_token(registration):
    return signing.dumps({"r": registration.pk}, salt=LINK_SALT, compress=True)


def link_for(registration):
    name = "applicants:accept-invitation" if registration.is_invitation else "applicants:verify-email"
    return f"{settings.PORTAL_URL.rstrip('/')}{reverse(name, kwargs={'token': link_token(registration)})}"


@dataclass(frozen=True)
class LinkProblem:
    message: str
    code: str


def registration_for_token(token, *, invitation):
    """The unused `Registration` a link names, or a `LinkProblem` saying (in Chinese) why it does not work."""
    timeout = settings.INVITATION_LINK_TIMEOUT if invitation else settings.REGISTRATION_LINK_TIMEOUT
    try:
        payload = signing.loads(token, salt=LINK_SALT, max_age=timeout)
    except signing.SignatureExpired:
        again = "请联系邀请您的推荐单位重新发送邀请。" if invitation else "请重新注册，我们会向您的邮箱发送新的验证链接。"
        return LinkProblem(LINK_EXPIRED + again, "expired")
    except signing.BadSignature:
        return LinkProblem(LINK_INVALID, "invalid")
    registration = (
        Registration.objects.select_related("user", "unit", "round")
        .filter(pk=payload.get("r"), invited_by__isnull=not invitation)
        .first()
    )
    if registration is None:
        return LinkProblem(LINK_INVALID, "invalid")
    if registration.confirmed_at is not None:
        return LinkProblem(LINK_USED, "used")
    return registration


def _mail(template, recipient, context):
    subject = render_to_string(f"applicants/mail/{template}_subject.txt", context).strip()
    body = render_to_string(f"applicants/mail/{template}.txt", context)
    transaction.on_commit(lambda: send_mail(subject, body, None, [recipient]))


def _hours(seconds):
    return seconds // 3600


# --- Self-registration ----------------------------------------------------------------------------


def _clean_name_and_email(name, email, *, name_label="姓名"):
    """The person's name and email (lower case: it is the username), or a DomainError saying what is wrong."""
    name, email = (name or "").strip(), (email or "").strip().lower()
    if not name or len(name) > 50:
        raise DomainError(f"请填写{name_label}（不超过50个字）。", code="name")
    try:
        validate_email(email)
    except ValidationError:
        raise DomainError("请输入有效的电子邮箱地址。", code="email") from None
    if len(email) > 150:
        raise DomainError("电子邮箱不能超过150个字符。", code="email")
    return name, email


def _account_of(email):
    """The account that has `email`, as its address or its username (a registered applicant's), or None."""
    return User.objects.filter(email__iexact=email).order_by("pk").first() or User.objects.filter(username=email).first()


def _clean_registration(*, name, email, mobile):
    name, email = _clean_name_and_email(name, email)
    try:
        mobile = validate_mobile(mobile)
    except ValidationError as error:
        raise DomainError(error.messages[0], code="mobile") from None
    return name, email, mobile


@transaction.atomic
def register_applicant(*, name, email, mobile, password, ip_address=None):
    """Someone registers as an applicant. Answers nothing about whether `email` was known.

    A new address: creates an inactive applicant account (username = the email), its
    `Registration` and the consent (purpose registration), and mails the verification link.
    Audits `applicants.registration.created` and `applicants.consent.given`.
    An address with an account: mails its owner (a fresh link while still unverified, else a
    password-reset link) and creates nothing. Invalid input raises DomainError before anything.
    """
    name, email, mobile = _clean_registration(name=name, email=email, mobile=mobile)
    existing = _account_of(email)
    if existing is not None:
        _mail_existing_owner(existing)
        return None
    user = User(username=email, email=email, display_name=name, phone=mobile, role=Role.APPLICANT, is_active=False)
    _validated_password(password, user)
    user.set_password(password)
    try:
        with transaction.atomic():  # a savepoint: the twin of a double click finds the username taken
            user.save()
    except IntegrityError:
        return None
    registration = Registration.objects.create(user=user, email=email)
    record_consent(user, purpose=ConsentPurpose.REGISTRATION, ip_address=ip_address)
    audit.record(None, "applicants.registration.created", user)
    _mail("verify_email", email, {"user": user, "link": link_for(registration), "hours": _hours(settings.REGISTRATION_LINK_TIMEOUT)})
    return user


def _mail_existing_owner(user):
    pending = user.registrations.filter(confirmed_at__isnull=True, invited_by__isnull=True).order_by("-pk").first()
    if not user.is_active and pending is not None:
        _mail("verify_email", user.email, {"user": user, "link": link_for(pending), "hours": _hours(settings.REGISTRATION_LINK_TIMEOUT)})
    elif user.is_active:
        _mail("already_registered", user.email, {"user": user, "link": password_reset_link(user)})
    # A deactivated account (the office's decision) is not told anything.


@transaction.atomic
def verify_email(registration):
    """The registration's link was followed: activate the account. Audits `applicants.registration.verified`.

    The view has checked the link (`registration_for_token`); the lock makes a second use, even a
    simultaneous one, refused.
    """
    registration = Registration.objects.select_for_update().select_related("user").get(pk=registration.pk)
    if registration.confirmed_at is not None:
        raise DomainError(LINK_USED, code="used")
    user = User.objects.select_for_update().get(pk=registration.user_id)
    registration.confirmed_at = timezone.now()
    registration.save(update_fields=["confirmed_at"])
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit.record(user, "applicants.registration.verified", user)
    return user


# --- Invitations by a recommending unit --------------------------------------------------------------


@transaction.atomic
def invite_applicant(*, by, round, name, email):
    """Unit staff invite a person to apply through their unit in `round` (recommending).

    A new address gets an applicant account without a password and a link to set one (which
    also verifies the address). An address that already has an applicant account gets a mail
    saying the unit invited them, and `新建申报` preselects the unit; the answer to the staff is
    the same either way, and an address of any other account is mailed nothing.
    Audits `applicants.registration.invited`.
    """
    if not is_unit_staff(by):
        raise PermissionDenied
    if round is None or round.status != RoundStatus.RECOMMENDING:
        raise DomainError("本年度推荐尚未开始或已结束，不能邀请申报人。", code="round_closed")
    name, email = _clean_name_and_email(name, email, name_label="申报人姓名")
    user = _account_of(email)
    if user is None:
        user = User(username=email, email=email, display_name=name, role=Role.APPLICANT)
        user.set_unusable_password()
        user.save()
    elif not is_applicant(user) or not user.is_active:
        return None
    registration = Registration.objects.create(user=user, email=email, invited_by=by, unit=by.unit, round=round)
    audit.record(by, "applicants.registration.invited", user, unit=by.unit.name, year=round.year)
    context = {
        "user": user, "unit": by.unit, "round": round, "link": link_for(registration),
        "has_password": user.has_usable_password(), "hours": _hours(settings.INVITATION_LINK_TIMEOUT),
    }
    _mail("invitation", email, context)
    return registration


@transaction.atomic
def accept_invitation(registration, *, password, ip_address=None):
    """The invited person follows the link: sets a password (a new account) and consents.

    For an account that already had a password, nothing but the link's use and the consent is
    recorded. Audits `applicants.registration.accepted` (and `applicants.consent.given`).
    """
    registration = Registration.objects.select_for_update().select_related("user").get(pk=registration.pk)
    if registration.confirmed_at is not None:
        raise DomainError(LINK_USED, code="used")
    user = User.objects.select_for_update().get(pk=registration.user_id)
    if not user.is_active:
        raise DomainError("该账号已停用，请联系全总工作人员。", code="inactive")
    if not user.has_usable_password():
        user.set_password(_validated_password(password or "", user))
        user.save(update_fields=["password"])
    registration.confirmed_at = timezone.now()
    registration.save(update_fields=["confirmed_at"])
    if not has_current_consent(user):
        record_consent(user, purpose=ConsentPurpose.REGISTRATION, ip_address=ip_address)
    audit.record(user, "applicants.registration.accepted", user, unit=registration.unit.name if registration.unit else "")
    return user


def invited_unit(user, round):
    """The unit that last invited `user` to apply in `round`, to preselect on `新建申报`; or None."""
    if round is None:
        return None
    invitation = (
        Registration.objects.filter(user=user, round=round, invited_by__isnull=False, unit__is_active=True)
        .select_related("unit").order_by("-created_at").first()
    )
    return invitation.unit if invitation else None
