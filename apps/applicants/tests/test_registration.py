"""Registration with a verified email, a unit's invitation, consent: pages and services."""
import re
import uuid

import pytest
from django.contrib.auth import authenticate
from django.core import mail, signing
from django.test import RequestFactory
from django.urls import reverse

from apps.accounts.models import User
from apps.accounts.roles import Role
from apps.applicants import registration
from apps.applicants.models import Consent, Registration
from apps.core.models import AuditEntry

pytestmark = pytest.mark.django_db

GOOD = {
    "name": "周明", "email": "Zhou.Ming@example.com", "mobile": "１３９ ０００１ ２３４５",
    "password1": "Lathe-Master-2026", "password2": "Lathe-Master-2026", "consent": "on",
}


def register(client, captured, **changes):
    with captured(execute=True):
        return client.post(reverse("applicants:register"), {**GOOD, **changes})


def can_sign_in(username, password):
    return authenticate(RequestFactory().post("/accounts/login/"), username=username, password=password) is not None


def path_of(message):
    url = re.search(r"https?://\S+", message.body).group(0)
    return "/" + url.split("/", 3)[3]


def test_registering_creates_an_inactive_account_with_consent_and_mails_a_link(client, django_capture_on_commit_callbacks):
    response = register(client, django_capture_on_commit_callbacks)

    assert response.status_code == 302 and response["Location"] == reverse("applicants:register-done")
    user = User.objects.get()
    assert (user.username, user.email, user.display_name, user.phone, user.role, user.is_active) == (
        "zhou.ming@example.com", "zhou.ming@example.com", "周明", "13900012345", Role.APPLICANT, False
    )
    consent = Consent.objects.get()
    assert (consent.user, consent.purpose, consent.policy_version, consent.ip_address) == (user, "registration", "2026.1", "127.0.0.1")
    assert [message.to for message in mail.outbox] == [["zhou.ming@example.com"]]
    assert "/register/verify/" in mail.outbox[0].body
    assert list(AuditEntry.objects.order_by("seq").values_list("action", flat=True)) == [
        "applicants.consent.given", "applicants.registration.created"
    ]


def test_an_unverified_account_cannot_sign_in(client, django_capture_on_commit_callbacks):
    register(client, django_capture_on_commit_callbacks)

    assert not can_sign_in("zhou.ming@example.com", GOOD["password1"])


def test_the_verification_link_activates_once_and_then_says_it_was_used(client, django_capture_on_commit_callbacks):
    register(client, django_capture_on_commit_callbacks)
    link = path_of(mail.outbox[0])

    shown = client.get(link)
    assert shown.status_code == 200 and "确认验证" in shown.content.decode()
    assert not User.objects.get().is_active  # opening the link (a mail scanner, say) spends nothing
    verified = client.post(link)
    again = client.post(link)

    assert verified.status_code == 302 and verified["Location"] == reverse("accounts:login")
    assert User.objects.get().is_active
    assert can_sign_in("zhou.ming@example.com", GOOD["password1"])
    assert registration.LINK_USED in again.content.decode()
    assert AuditEntry.objects.filter(action="applicants.registration.verified").count() == 1


def test_an_expired_link_says_so(client, django_capture_on_commit_callbacks, settings):
    register(client, django_capture_on_commit_callbacks)
    settings.REGISTRATION_LINK_TIMEOUT = -1

    response = client.post(path_of(mail.outbox[0]))

    assert "该链接已过期。请重新注册" in response.content.decode()
    assert not User.objects.get().is_active


def test_a_forged_link_is_invalid(client, django_capture_on_commit_callbacks):
    register(client, django_capture_on_commit_callbacks)
    forged = signing.dumps({"r": Registration.objects.get().pk}, salt="another-salt")

    response = client.post(reverse("applicants:verify-email", kwargs={"token": forged}))

    assert registration.LINK_INVALID in response.content.decode()
    assert not User.objects.get().is_active


def test_registering_a_known_address_answers_the_same_and_mails_the_owner(client, django_capture_on_commit_callbacks, applicant_a):
    applicant_a.email = "zhou.ming@example.com"
    applicant_a.save()

    response = register(client, django_capture_on_commit_callbacks)

    assert response.status_code == 302 and response["Location"] == reverse("applicants:register-done")
    assert User.objects.count() == 1 and not Consent.objects.exists()
    assert [message.to for message in mail.outbox] == [["zhou.ming@example.com"]]
    assert "本邮箱已有账号" in mail.outbox[0].body and "/accounts/password/reset/" in mail.outbox[0].body


def test_registering_again_before_verifying_mails_a_fresh_link(client, django_capture_on_commit_callbacks):
    register(client, django_capture_on_commit_callbacks)
    register(client, django_capture_on_commit_callbacks)

    assert User.objects.count() == 1
    assert len(mail.outbox) == 2 and "/register/verify/" in mail.outbox[1].body


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"mobile": "123"}, "请输入11位中国大陆手机号码，以1开头。"),
        ({"password1": "12345678901", "password2": "12345678901"}, "密码只包含数字。"),
        ({"password2": "Other-Password-2026"}, "两次输入的密码不一致。"),
        ({"consent": ""}, "请阅读并勾选同意《个人信息处理规则》。"),
    ],
)
def test_bad_registrations_create_nothing(client, django_capture_on_commit_callbacks, changes, message):
    response = register(client, django_capture_on_commit_callbacks, **changes)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert (User.objects.count(), Consent.objects.count(), len(mail.outbox)) == (0, 0, 0)


def test_registration_mail_is_throttled_per_address_with_the_same_answer(client, django_capture_on_commit_callbacks, settings):
    settings.PAGE_THROTTLE_RATES = {**settings.PAGE_THROTTLE_RATES, "register-email": "1/hour"}
    email = f"throttled-{uuid.uuid4().hex}@example.com"  # the cache outlives tests: an address of its own
    register(client, django_capture_on_commit_callbacks, email=email)
    response = register(client, django_capture_on_commit_callbacks, email=email)

    assert response.status_code == 302
    assert len(mail.outbox) == 1


def test_signed_in_users_are_sent_to_their_desk(client, applicant_a):
    client.force_login(applicant_a)

    response = client.get(reverse("applicants:register"))

    assert response.status_code == 302 and response["Location"] == reverse("accounts:home")


# --- Invitations ---------------------------------------------------------------------------------


def invite(client, captured, unit_staff, email="li.hua@example.com"):
    client.force_login(unit_staff)
    with captured(execute=True):
        return client.post(reverse("applicants:invite"), {"name": "李华", "email": email})


def test_an_invitation_creates_an_account_that_sets_its_password_through_the_link(
    client, django_capture_on_commit_callbacks, round, unit_staff_a, unit_a
):
    response = invite(client, django_capture_on_commit_callbacks, unit_staff_a)

    assert response.status_code == 302
    invited = User.objects.get(email="li.hua@example.com")
    assert (invited.role, invited.is_active, invited.has_usable_password()) == (Role.APPLICANT, True, False)
    assert "北京市总工会邀请您" in mail.outbox[0].body
    link = path_of(mail.outbox[0])
    client.logout()

    accepted = client.post(link, {"password1": "Welder-Pride-2026", "password2": "Welder-Pride-2026", "consent": "on"})
    again = client.get(link)

    assert accepted.status_code == 302
    assert can_sign_in("li.hua@example.com", "Welder-Pride-2026")
    assert registration.invited_unit(invited, round) == unit_a
    assert Consent.objects.get().user == invited
    assert registration.LINK_USED in again.content.decode()
    assert list(AuditEntry.objects.order_by("seq").values_list("action", flat=True)) == [
        "applicants.registration.invited", "applicants.consent.given", "applicants.registration.accepted"
    ]


def test_the_desk_preselects_the_inviting_unit(client, django_capture_on_commit_callbacks, round, unit_staff_a, unit_a, applicant_a):
    applicant_a.email = "li.hua@example.com"
    applicant_a.save()
    invite(client, django_capture_on_commit_callbacks, unit_staff_a)
    client.force_login(applicant_a)

    response = client.get(reverse("applicants:start"))

    assert response.context["form"].initial["unit"] == unit_a.pk
    assert "北京市总工会邀请了您申报，已为您预选。" in response.content.decode()


def test_inviting_another_role_address_mails_nothing_and_answers_the_same(
    client, django_capture_on_commit_callbacks, round, unit_staff_a, expert
):
    expert.email = "expert@example.com"
    expert.save()

    response = invite(client, django_capture_on_commit_callbacks, unit_staff_a, email="expert@example.com")

    assert response.status_code == 302
    assert (len(mail.outbox), Registration.objects.count()) == (0, 0)


def test_only_unit_staff_invite(client, applicant_a, programme_staff):
    for user in (applicant_a, programme_staff):
        client.force_login(user)
        assert client.get(reverse("applicants:invite")).status_code == 403


def test_an_expired_invitation_says_so(client, django_capture_on_commit_callbacks, round, unit_staff_a, settings):
    invite(client, django_capture_on_commit_callbacks, unit_staff_a)
    settings.INVITATION_LINK_TIMEOUT = -1
    client.logout()

    response = client.get(path_of(mail.outbox[0]))

    assert "该链接已过期。请联系邀请您的推荐单位重新发送邀请。" in response.content.decode()


def test_the_privacy_policy_shows_its_version(client):
    response = client.get(reverse("applicants:privacy-policy"))

    assert "版本：2026.1" in response.content.decode()


def test_a_registration_link_is_not_an_invitation_link(client, django_capture_on_commit_callbacks):
    register(client, django_capture_on_commit_callbacks)
    token = path_of(mail.outbox[0]).rstrip("/").rsplit("/", 1)[1]

    response = client.get(reverse("applicants:accept-invitation", kwargs={"token": token}))

    assert registration.LINK_INVALID in response.content.decode()
