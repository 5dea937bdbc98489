import pytest
from axes.models import AccessAttempt

from apps.accounts.tests.factories import PASSWORD

LOGIN_URL = "/accounts/login/"
LOGIN_ERROR = "用户名或密码错误。连续失败5次将锁定该账号30分钟。"
LOCKOUT_TEXT = "该账号连续5次登录失败，已被锁定30分钟。其他账号不受影响。"
ADDRESS_LOCKOUT_TEXT = "当前网络地址的登录失败次数过多，来自该地址的登录已暂停30分钟。"


def log_in(client, username, password, ip="192.0.2.10"):
    return client.post(LOGIN_URL, {"username": username, "password": password}, REMOTE_ADDR=ip)


def fail_from(client, username, ips):
    """One wrong password for `username` from each address in `ips`; the status codes."""
    return [log_in(client, username, "wrong-password", ip=ip).status_code for ip in ips]


def login_errors(response):
    return list(response.context["form"].non_field_errors())


@pytest.mark.django_db
def test_login_page_speaks_chinese(client):
    response = client.get(LOGIN_URL)

    content = response.content.decode()
    assert (response.status_code, "<h1>登录</h1>" in content, "用户名" in content, "请输入密码" in content) == (
        200, True, True, True,
    )


def test_login_with_correct_password_goes_to_the_dashboard(client, applicant_a):
    response = log_in(client, "applicant_a", PASSWORD)

    assert (response.status_code, response.url, client.session["_auth_user_id"]) == (302, "/", str(applicant_a.pk))


def test_login_with_wrong_password_shows_the_chinese_error(client, applicant_a):
    response = log_in(client, "applicant_a", "wrong-password")

    logged_in = "_auth_user_id" in client.session
    assert (response.status_code, login_errors(response), logged_in) == (200, [LOGIN_ERROR], False)


def test_login_errors_are_the_same_for_unknown_user_and_wrong_password(client, applicant_a):
    wrong_password = log_in(client, "applicant_a", "wrong-password", ip="192.0.2.11")
    unknown_user = log_in(client, "nobody", "wrong-password", ip="192.0.2.12")

    assert (login_errors(wrong_password), login_errors(unknown_user)) == ([LOGIN_ERROR], [LOGIN_ERROR])


def test_login_errors_are_the_same_for_an_inactive_user(client, applicant_a):
    applicant_a.is_active = False
    applicant_a.save()

    response = log_in(client, "applicant_a", PASSWORD)

    logged_in = "_auth_user_id" in client.session
    assert (response.status_code, login_errors(response), logged_in) == (200, [LOGIN_ERROR], False)


def test_login_locks_the_account_after_five_failures(client, applicant_a):
    statuses = fail_from(client, "applicant_a", ["192.0.2.10"] * 5)

    response = log_in(client, "applicant_a", PASSWORD)

    logged_in = "_auth_user_id" in client.session
    assert (statuses, response.status_code, LOCKOUT_TEXT in response.content.decode(), logged_in) == (
        [200, 200, 200, 200, 429], 429, True, False
    )


def test_login_lockout_follows_the_username_across_addresses(client, applicant_a):
    fail_from(client, "applicant_a", [f"198.51.100.{n}" for n in range(1, 6)])

    response = log_in(client, "applicant_a", PASSWORD, ip="203.0.113.50")

    assert (response.status_code, LOCKOUT_TEXT in response.content.decode()) == (429, True)


def test_login_typos_of_one_person_do_not_lock_out_colleagues_behind_the_same_address(client, applicant_a, applicant_b):
    # The office's shared address: applicant A mistypes until locked, applicant B then logs in.
    statuses = fail_from(client, "applicant_a", ["198.51.100.7"] * 5)

    colleague = log_in(client, "applicant_b", PASSWORD, ip="198.51.100.7")

    assert (statuses, colleague.status_code, client.session["_auth_user_id"]) == (
        [200, 200, 200, 200, 429], 302, str(applicant_b.pk)
    )


def test_login_address_trying_many_usernames_is_stopped_at_fifty_failures(client, applicant_a, applicant_b):
    # Four guesses per username stay under the username's lock; the address meets its own.
    statuses = [log_in(client, f"guess{n // 4}", "wrong-password", ip="198.51.100.7").status_code for n in range(50)]

    locked = log_in(client, "applicant_a", PASSWORD, ip="198.51.100.7")
    elsewhere = log_in(client, "applicant_b", PASSWORD, ip="198.51.100.8")

    assert (statuses, locked.status_code, ADDRESS_LOCKOUT_TEXT in locked.content.decode()) == (
        [200] * 49 + [429], 429, True
    )
    assert (elsewhere.status_code, client.session["_auth_user_id"]) == (302, str(applicant_b.pk))


def test_login_address_below_fifty_failures_still_logs_in(client, applicant_a):
    for n in range(49):
        log_in(client, f"guess{n // 4}", "wrong-password", ip="198.51.100.7")

    response = log_in(client, "applicant_a", PASSWORD, ip="198.51.100.7")

    assert (response.status_code, client.session["_auth_user_id"]) == (302, str(applicant_a.pk))


def test_login_locked_page_says_how_to_get_unlocked(client, applicant_a):
    fail_from(client, "applicant_a", ["192.0.2.10"] * 5)

    response = log_in(client, "applicant_a", PASSWORD)

    content = response.content.decode()
    assert (
        response.status_code, "等待30分钟后" in content, "/accounts/password/reset/" in content,
        "联系全总劳动和经济工作部（项目办公室）为您解锁" in content,
    ) == (429, True, True, True)


@pytest.mark.django_db
def test_login_lockout_applies_to_an_unknown_username(client):
    statuses = fail_from(client, "nobody", [f"198.51.100.{n}" for n in range(1, 6)])

    response = log_in(client, "nobody", "another-guess", ip="203.0.113.50")

    assert (statuses, response.status_code, LOCKOUT_TEXT in response.content.decode()) == (
        [200, 200, 200, 200, 429], 429, True
    )


def test_login_lockout_does_not_touch_other_accounts(client, applicant_a, applicant_b):
    fail_from(client, "applicant_a", [f"198.51.100.{n}" for n in range(1, 6)])

    response = log_in(client, "applicant_b", PASSWORD, ip="203.0.113.50")

    assert (response.status_code, client.session["_auth_user_id"]) == (302, str(applicant_b.pk))


def test_login_success_resets_the_failure_count(client, applicant_a):
    fail_from(client, "applicant_a", ["192.0.2.10"] * 4)
    log_in(client, "applicant_a", PASSWORD)
    client.logout()
    fail_from(client, "applicant_a", ["192.0.2.10"] * 4)

    response = log_in(client, "applicant_a", PASSWORD)

    assert response.status_code == 302


def test_login_success_lets_the_user_fail_four_more_times(client, applicant_a):
    before = fail_from(client, "applicant_a", ["192.0.2.10"] * 3)
    success = log_in(client, "applicant_a", PASSWORD)
    client.logout()
    after = fail_from(client, "applicant_a", ["192.0.2.10"] * 4)

    response = log_in(client, "applicant_a", PASSWORD)

    assert (before, success.status_code, after, response.status_code) == ([200, 200, 200], 302, [200] * 4, 302)


def test_login_success_keeps_failures_against_other_usernames(client, applicant_a, applicant_b):
    fail_from(client, "applicant_a", ["192.0.2.10", "192.0.2.10", "198.51.100.1"])
    fail_from(client, "applicant_b", ["192.0.2.10", "198.51.100.2"])

    log_in(client, "applicant_b", PASSWORD)

    remaining = AccessAttempt.objects.order_by("ip_address").values_list("username", "ip_address", "failures_since_start")
    assert list(remaining) == [("applicant_a", "192.0.2.10", 2), ("applicant_a", "198.51.100.1", 1)]


def test_login_success_on_an_own_account_does_not_unlock_guessing_at_another(client, applicant_a, applicant_b):
    # The attack AXES_RESET_ON_SUCCESS allowed: applicant B guesses at A's password from one
    # address, logging in to B's own account from there between rounds to wipe the count.
    statuses = []
    for _ in range(2):
        statuses += fail_from(client, "applicant_a", ["192.0.2.66"] * 4)
        statuses.append(log_in(client, "applicant_b", PASSWORD, ip="192.0.2.66").status_code)
        client.logout()

    # A's own login from elsewhere meets the lock on the username.
    victim = log_in(client, "applicant_a", PASSWORD, ip="203.0.113.50")

    logged_in = "_auth_user_id" in client.session
    assert (statuses, victim.status_code, LOCKOUT_TEXT in victim.content.decode(), logged_in) == (
        # The username, not the address, is what locks: B's own login still works, A's fifth failure locks A.
        [200, 200, 200, 200, 302, 429, 429, 429, 429, 302], 429, True, False
    )


def test_logout_requires_post_and_returns_to_login(client, applicant_a):
    client.force_login(applicant_a)

    response = client.post("/accounts/logout/")

    assert (response.status_code, response.url, "_auth_user_id" in client.session) == (302, LOGIN_URL, False)


# --- Bad input and the admin's login, which shares the portal's form ----------------------------------

LONG_USERNAME = "x" * 300


@pytest.mark.django_db
@pytest.mark.parametrize("url", [LOGIN_URL, "/admin/login/"])
def test_login_refuses_a_username_longer_than_the_field_before_it_reaches_the_lockout(client, url):
    # On PostgreSQL such a name used to reach axes' varchar(255) column and answer 500.
    response = client.post(url, {"username": LONG_USERNAME, "password": "x"}, REMOTE_ADDR="192.0.2.10")

    assert (response.status_code, response.context["form"].errors["username"], AccessAttempt.objects.count()) == (
        200, ["用户名不能超过150个字符。"], 0
    )


def test_admin_login_speaks_the_portal_login_wording(client, programme_staff):
    response = client.post("/admin/login/", {"username": programme_staff.username, "password": "wrong-password"})

    assert (response.status_code, login_errors(response)) == (200, [LOGIN_ERROR])


def test_admin_login_refuses_a_non_staff_account_in_chinese(client, applicant_a):
    response = client.post("/admin/login/", {"username": "applicant_a", "password": PASSWORD})

    assert (response.status_code, login_errors(response)) == (200, ["该账号不能进入管理后台，请从门户首页登录。"])


def test_admin_login_shares_the_portal_lockout(client, programme_staff):
    for _ in range(3):
        client.post("/admin/login/", {"username": programme_staff.username, "password": "wrong"}, REMOTE_ADDR="192.0.2.10")
    fail_from(client, programme_staff.username, ["192.0.2.10"] * 2)

    response = client.post("/admin/login/", {"username": programme_staff.username, "password": PASSWORD}, REMOTE_ADDR="192.0.2.10")

    assert (response.status_code, LOCKOUT_TEXT in response.content.decode()) == (429, True)


def test_login_with_an_email_username_ignores_the_case_it_is_typed_in(client, django_user_model):
    user = django_user_model.objects.create_user(username="zhou.ming@example.com", email="zhou.ming@example.com", password=PASSWORD)

    response = log_in(client, "Zhou.Ming@Example.COM", PASSWORD)

    assert (response.status_code, client.session.get("_auth_user_id")) == (302, str(user.pk))


def test_login_with_a_staff_username_stays_case_sensitive(client, applicant_a):
    response = log_in(client, "Applicant_A", PASSWORD)

    assert (response.status_code, login_errors(response)) == (200, [LOGIN_ERROR])
