import pytest

from apps.core.request_context import client_ip_of


@pytest.mark.parametrize(
    ("proxies", "remote_addr", "forwarded_for", "expected"),
    [
        pytest.param(0, "198.51.100.7", "203.0.113.9", "198.51.100.7", id="no-proxy-ignores-the-header"),
        pytest.param(1, "10.0.0.2", "203.0.113.9", "203.0.113.9", id="one-proxy"),
        pytest.param(1, "10.0.0.2", "6.6.6.6, 203.0.113.9", "203.0.113.9", id="one-proxy-ignores-spoofed-left-entries"),
        pytest.param(2, "10.0.0.3", "6.6.6.6, 203.0.113.9, 10.0.0.2", "203.0.113.9", id="two-proxies"),
        pytest.param(2, "10.0.0.3", "10.0.0.2", "10.0.0.3", id="shorter-header-than-the-proxies-falls-back"),
        pytest.param(1, "10.0.0.2", "not-an-ip", None, id="garbage-is-no-address"),
        pytest.param(1, "10.0.0.2", "2001:DB8::1", "2001:db8::1", id="ipv6-canonical"),
    ],
)
def test_client_ip_of_trusts_only_the_configured_proxies(rf, settings, proxies, remote_addr, forwarded_for, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR=remote_addr, HTTP_X_FORWARDED_FOR=forwarded_for)

    assert client_ip_of(request) == expected


@pytest.mark.django_db
def test_login_lockout_counts_the_forwarded_client_behind_a_proxy(client, settings, applicant_a):
    settings.TRUSTED_PROXY_COUNT = 1
    # The address lock: failures over many usernames from one client (each below the username's lock).
    for number in range(settings.AXES_ADDRESS_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": f"nobody{number}", "password": "x"},
                    REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9")

    locked = client.post("/accounts/login/", {"username": "applicant_a", "password": "x"},
                         REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9")
    other_client = client.post("/accounts/login/", {"username": "applicant_a", "password": "x"},
                               REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.10")

    assert (locked.status_code, other_client.status_code) == (429, 200)
