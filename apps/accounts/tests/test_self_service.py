"""Password reset by email, the office's account pages and API, password change and API tokens."""
import re
import uuid

import pytest
from axes.models import AccessAttempt
from django.core import mail
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from apps.accounts.models import User
from apps.accounts.roles import Role
from apps.accounts.tests.factories import PASSWORD, UserFactory
from apps.core.models import AuditEntry

RESET = "/accounts/password/reset/"
NEW_PASSWORD = "Another-Craft-2027!"


@pytest.fixture
def fresh_cache(settings):
    """A local-memory cache of the test's own, so only its requests count against the throttles."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": f"pages-{uuid.uuid4()}"}
    }


@pytest.fixture
def mailed(django_capture_on_commit_callbacks):
    """Run what services queue for after commit (the reset mail), and give the outbox."""

    def run(call):
        with django_capture_on_commit_callbacks(execute=True):
            response = call()
        return response, mail.outbox

    return run


def link_in(message):
    return re.search(r"https?://\S+/accounts/password/reset/\S+/", message.body).group()


def path_of(link):
    return "/" + link.split("/", 3)[3]


def actions_on(user):
    return list(AuditEntry.objects.filter(object_id=str(user.pk), object_type="accounts.user").order_by("seq").values_list("action", flat=True))


def set_password_from(client, link, password=NEW_PASSWORD):
    form_page = client.get(path_of(link))  # Django moves the token into the session and redirects
    return client.post(form_page.url, {"new_password1": password, "new_password2": password})


# --- Password reset by email ------------------------------------------------------------------------


def test_password_reset_mails_a_link_that_sets_the_password_once(client, applicant_a, mailed):
    applicant_a.email = "wang@example.com"
    applicant_a.save()

    response, outbox = mailed(lambda: client.post(RESET, {"email": "Wang@Example.com"}))
    link = link_in(outbox[0])
    first = set_password_from(client, link)
    second = client.get(path_of(link), follow=True)

    applicant_a.refresh_from_db()
    assert (response.status_code, response.url, [message.to for message in outbox]) == (
        302, "/accounts/password/reset/sent/", [["wang@example.com"]]
    )
    assert (first.status_code, first.url, applicant_a.check_password(NEW_PASSWORD)) == (
        302, "/accounts/password/reset/complete/", True
    )
    assert "链接已失效" in second.content.decode()
    assert actions_on(applicant_a) == ["accounts.user.password_reset_requested", "accounts.user.password_reset"]


def test_password_reset_answers_the_same_for_an_unknown_address(client, applicant_a, mailed):
    applicant_a.email = "wang@example.com"
    applicant_a.save()

    known, _ = mailed(lambda: client.post(RESET, {"email": "wang@example.com"}))
    unknown, outbox = mailed(lambda: client.post(RESET, {"email": "nobody@example.com"}))

    assert (known.status_code, known.url) == (unknown.status_code, unknown.url)
    assert [message.to for message in outbox] == [["wang@example.com"]]


def test_password_reset_link_expires(client, applicant_a, mailed, settings):
    applicant_a.email = "wang@example.com"
    applicant_a.save()
    _, outbox = mailed(lambda: client.post(RESET, {"email": "wang@example.com"}))

    settings.PASSWORD_RESET_TIMEOUT = -1  # any link is now older than the timeout
    response = client.get(path_of(link_in(outbox[0])), follow=True)

    applicant_a.refresh_from_db()
    assert ("链接已失效" in response.content.decode(), applicant_a.check_password(PASSWORD)) == (True, True)


def test_password_reset_lifts_the_lockout_of_the_username(client, applicant_a, mailed):
    applicant_a.email = "wang@example.com"
    applicant_a.save()
    for _ in range(5):
        client.post("/accounts/login/", {"username": "applicant_a", "password": "wrong"})
    _, outbox = mailed(lambda: client.post(RESET, {"email": "wang@example.com"}))

    set_password_from(client, link_in(outbox[0]))
    response = client.post("/accounts/login/", {"username": "applicant_a", "password": NEW_PASSWORD})

    assert (response.status_code, AccessAttempt.objects.filter(username="applicant_a").count()) == (302, 0)


def test_password_reset_mails_an_address_at_most_its_rate_and_still_answers_the_same(
    client, applicant_a, mailed, settings, fresh_cache
):
    settings.PAGE_THROTTLE_RATES = {**settings.PAGE_THROTTLE_RATES, "password-reset-email": "2/hour"}
    applicant_a.email = "wang@example.com"
    applicant_a.save()

    responses = [mailed(lambda: client.post(RESET, {"email": "wang@example.com"}))[0] for _ in range(3)]

    assert [(response.status_code, response.url) for response in responses] == [(302, "/accounts/password/reset/sent/")] * 3
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_password_reset_page_is_throttled_per_address(client, settings, fresh_cache):
    settings.PAGE_THROTTLE_RATES = {**settings.PAGE_THROTTLE_RATES, "password-reset": "2/hour"}

    statuses = [client.post(RESET, {"email": f"n{n}@example.com"}).status_code for n in range(3)]
    elsewhere = client.post(RESET, {"email": "x@example.com"}, REMOTE_ADDR="198.51.100.9")

    assert (statuses, elsewhere.status_code) == ([302, 302, 429], 302)


# --- Page throttles ---------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_login_pages_are_throttled_per_address(client, settings, fresh_cache, url):
    settings.PAGE_THROTTLE_RATES = {**settings.PAGE_THROTTLE_RATES, "login": "3/min"}

    statuses = [client.post(url, {"username": f"u{n}", "password": "x"}).status_code for n in range(4)]

    assert statuses[-1] == 429 and "请求过于频繁" in client.post(url, {}).content.decode()
    assert statuses[:3] == [200, 200, 200]


@pytest.mark.django_db
def test_page_throttle_lets_requests_through_when_the_cache_is_down(client, settings):
    # A Redis on a closed port: the throttle cannot count, and must not fail the login page.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}
    settings.PAGE_THROTTLE_RATES = {**settings.PAGE_THROTTLE_RATES, "login": "1/min"}

    statuses = [client.post("/accounts/login/", {"username": "nobody", "password": "x"}).status_code for _ in range(2)]

    assert statuses == [200, 200]


# --- Password change --------------------------------------------------------------------------------


def change(client, old=PASSWORD, new=NEW_PASSWORD):
    return client.post("/accounts/password/", {"old_password": old, "new_password1": new, "new_password2": new})


def test_password_change_is_audited_and_keeps_the_session(client, applicant_a):
    client.force_login(applicant_a)

    response = change(client)
    still_in = client.get("/accounts/password/done/")

    applicant_a.refresh_from_db()
    assert (response.status_code, applicant_a.check_password(NEW_PASSWORD), still_in.status_code) == (302, True, 200)
    assert actions_on(applicant_a) == ["accounts.user.password_changed"]


def test_password_change_is_throttled_per_user(client, applicant_a, settings, fresh_cache):
    settings.PAGE_THROTTLE_RATES = {**settings.PAGE_THROTTLE_RATES, "password-change": "2/hour"}
    client.force_login(applicant_a)

    statuses = [change(client, old="wrong").status_code for _ in range(3)]

    assert statuses == [200, 200, 429]


# --- Office pages and API ---------------------------------------------------------------------------


NEW_UNIT_STAFF = {"username": "li_unit", "display_name": "李四", "email": "li@example.com", "role": Role.UNIT_STAFF}


def test_office_creates_a_unit_staff_account_and_mails_a_link_to_set_its_password(
    client, programme_staff, unit_a, mailed
):
    client.force_login(programme_staff)

    response, outbox = mailed(lambda: client.post("/office/accounts/new/", {**NEW_UNIT_STAFF, "unit": unit_a.pk}))

    account = User.objects.get(username="li_unit")
    assert (response.status_code, response.url, account.unit, account.has_usable_password()) == (
        302, "/office/accounts/", unit_a, False
    )
    assert ([message.to for message in outbox], "请打开下面的链接设置密码" in outbox[0].body) == ([["li@example.com"]], True)
    assert actions_on(account) == ["accounts.user.created", "accounts.user.password_reset_sent"]
    client.logout()
    set_password_from(client, link_in(outbox[0]))
    assert client.post("/accounts/login/", {"username": "li_unit", "password": NEW_PASSWORD}).status_code == 302


def test_office_account_form_requires_a_unit_for_unit_staff(client, programme_staff):
    client.force_login(programme_staff)

    response = client.post("/office/accounts/new/", NEW_UNIT_STAFF)

    assert (response.status_code, list(response.context["form"].non_field_errors())) == (
        200, ["推荐单位工作人员必须选择所属推荐单位。"]
    )
    assert not User.objects.filter(username="li_unit").exists()


def test_office_unlocks_a_locked_username(client, programme_staff, expert):
    for _ in range(5):
        client.post("/accounts/login/", {"username": expert.username, "password": "wrong"})
    client.force_login(programme_staff)

    listed = client.get("/office/accounts/")
    response = client.post(f"/office/accounts/{expert.pk}/unlock/")
    client.logout()
    login = client.post("/accounts/login/", {"username": expert.username, "password": PASSWORD})

    assert "登录已锁定" in listed.content.decode()
    assert (response.status_code, login.status_code) == (302, 302)
    assert actions_on(expert) == ["accounts.user.unlocked"]


def test_office_deactivates_an_account(client, programme_staff, expert):
    client.force_login(programme_staff)

    client.post(f"/office/accounts/{expert.pk}/deactivate/")

    expert.refresh_from_db()
    assert (expert.is_active, actions_on(expert)) == (False, ["accounts.user.deactivated"])


def test_office_sends_a_reset_link(client, programme_staff, expert, mailed):
    expert.email = "chen@example.com"
    expert.save()
    client.force_login(programme_staff)

    _, outbox = mailed(lambda: client.post(f"/office/accounts/{expert.pk}/send-reset/"))

    assert ([message.to for message in outbox], actions_on(expert)) == ([["chen@example.com"]], ["accounts.user.password_reset_sent"])


def test_office_pages_do_not_reach_superusers(client, programme_staff):
    superuser = UserFactory(role=Role.PROGRAMME_STAFF, is_superuser=True)
    client.force_login(programme_staff)

    response = client.post(f"/office/accounts/{superuser.pk}/deactivate/")

    superuser.refresh_from_db()
    assert (response.status_code, superuser.is_active) == (404, True)


def test_api_office_creates_an_expert_account(programme_staff, mailed):
    api = APIClient()
    api.force_login(programme_staff)

    response, outbox = mailed(lambda: api.post(
        "/api/v1/accounts/", {"username": "zhao_expert", "display_name": "赵六", "email": "zhao@example.com", "role": "expert"},
        format="json",
    ))

    assert (response.status_code, response.json()["role"], response.json()["unit"], len(outbox)) == (201, "expert", None, 1)


def test_api_office_refuses_to_create_an_applicant_or_office_account(programme_staff):
    api = APIClient()
    api.force_login(programme_staff)

    response = api.post(
        "/api/v1/accounts/", {"username": "x", "display_name": "某", "email": "x@example.com", "role": "programme_staff"},
        format="json",
    )

    assert (response.status_code, response.json()["error"]["code"]) == (400, "invalid")


def test_api_unlock_reports_the_account_unlocked(client, programme_staff, expert):
    for _ in range(5):
        client.post("/accounts/login/", {"username": expert.username, "password": "wrong"})
    api = APIClient()
    api.force_login(programme_staff)

    before = api.get(f"/api/v1/accounts/{expert.pk}/").json()["locked"]
    after = api.post(f"/api/v1/accounts/{expert.pk}/unlock/").json()["locked"]

    assert (before, after) == (True, False)


# --- API tokens -------------------------------------------------------------------------------------


def test_api_token_is_issued_to_oneself_replaces_the_old_one_and_is_audited(applicant_a):
    api = APIClient()
    api.force_login(applicant_a)

    first = api.post("/api/v1/me/token/").json()["token"]
    second = api.post("/api/v1/me/token/").json()["token"]
    token_client = APIClient()
    token_client.credentials(HTTP_AUTHORIZATION=f"Token {second}")

    assert (first != second, list(Token.objects.filter(user=applicant_a).values_list("key", flat=True))) == (True, [second])
    assert token_client.get("/api/v1/me/").json()["username"] == "applicant_a"
    assert actions_on(applicant_a) == ["accounts.user.token_created", "accounts.user.token_created"]
    assert all(first not in str(data) and second not in str(data) for data in AuditEntry.objects.values_list("data", flat=True))


# --- Query counts of the office's lists ---------------------------------------------------------------


def grow_unit_staff(count):
    from apps.accounts.tests.factories import UnitStaffFactory

    UnitStaffFactory.create_batch(count)


def test_office_accounts_page_query_count(client, programme_staff, assert_constant_queries):
    client.force_login(programme_staff)

    assert_constant_queries(client, "/office/accounts/", grow=grow_unit_staff, expected=5)


def test_api_account_list_query_count(programme_staff, assert_constant_queries):
    api = APIClient()
    api.force_login(programme_staff)

    assert_constant_queries(api, "/api/v1/accounts/", grow=grow_unit_staff, expected=4)
