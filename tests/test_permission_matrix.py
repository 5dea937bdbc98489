"""The permission matrix: every URL pattern of the project against every role.

One row per URL pattern name and method; one column per role. Each cell is its own test
(`<name>/<method>/<role>`) and asserts the exact answer: the status code, where a redirect goes,
which objects a list shows, and, for state-changing POSTs, whether the target object changed.

Objects in the world belong to someone: `application_a` is applicant A's submitted application
in unit A, `application_b` is B's, `forwarded_a` is a third applicant's application that unit A
has forwarded (so the programme office has something it may see), and `notice_a` is an unread
notice to applicant A. A POST row sends a body that would be valid for the rightful actor, so a
refusal proves the access rule, not a malformed request.

Coverage: `test_every_url_pattern_has_a_row` walks the whole URL tree (namespaced includes,
the DRF router, the admin). A new non-admin pattern without a row fails it by name, and so does
a row whose pattern no longer exists. The Django admin is collapsed by `ADMIN_RULE` below.
"""
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, Callable
from urllib.parse import quote

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from apps.accounts.tests.factories import PASSWORD, UserFactory
from apps.applicants.enums import ApplicationStatus
from apps.applicants.tests.factories import ApplicationFactory
from apps.core.selectors import history_of
from apps.notices.models import Notice

ROLES = ("anonymous", "applicant_a", "applicant_b", "unit_staff_a", "unit_staff_b", "expert", "programme_staff")

GET, POST = "GET", "POST"

# ADMIN_RULE: every pattern inside the admin site's namespace is served through
# `AdminSite.admin_view`, which sends anyone who is not an active `is_staff` user to the admin
# login, and then defers to each ModelAdmin's has_*_permission methods (model permissions from
# `apps.accounts.backends.ROLE_PERMISSIONS`). One gate, so a few representative rows (the
# index, the audit log, rounds, users and the application page that must not leak) stand for
# all of them; model-level rules belong to each app's admin tests.
ADMIN_NAMESPACE = admin.site.name


# --- Expected cells -------------------------------------------------------------------------


@dataclass(frozen=True)
class Redirect:
    """302 to the page `to` names: a URL name, or LOGIN / ADMIN_LOGIN (with ?next=<this url>)."""

    to: str
    with_row_kwargs: bool = False


@dataclass(frozen=True)
class Shows:
    """200, and the page's list (the HTML `page` or the API `results`) holds exactly these objects."""

    keys: tuple

    def __init__(self, *keys):
        object.__setattr__(self, "keys", keys)


LOGIN = Redirect("login")
ADMIN_LOGIN = Redirect("admin-login")
HOME = Redirect("accounts:home")
TO_LOGIN_PAGE = Redirect("accounts:login")


# --- Rows -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    name: str
    method: str
    cells: tuple  # one expected answer per role, in the order of ROLES
    kwargs: Callable[[Any], dict] = lambda world: {}
    data: dict | None = None
    json: bool = False
    # For POSTs: a snapshot of the target; it must change for exactly the roles in `changes_for`.
    snapshot: Callable[[Any], Any] | None = None
    changes_for: frozenset = field(default_factory=frozenset)
    then: Callable[[Any, str, Any], None] | None = None  # extra check after the request

    def __post_init__(self):
        assert len(self.cells) == len(ROLES), f"{self.name} {self.method}: {len(self.cells)} cells for {len(ROLES)} roles"

    @property
    def id(self):
        return f"{self.name}/{self.method}"


def application_a_pk(world):
    return {"pk": world.application_a.pk}


def application_state(world):
    application = world.application_a
    application.refresh_from_db()
    return (application.status, application.status_reason, application.submitted_at, len(history_of(application)))


def forwarded_a_state(world):
    world.forwarded_a.refresh_from_db()
    return world.forwarded_a.status, len(history_of(world.forwarded_a))


def round_object_id(world):
    return {"object_id": world.round.pk}


def round_status(world):
    world.round.refresh_from_db()
    return world.round.status


def notice_a_state(world):
    return Notice.objects.values_list("read_at", flat=True).get(pk=world.notice_a.pk)


def applicant_a_password(world):
    world.applicant_a.refresh_from_db()
    return world.applicant_a.password


def signed_out(client, role, world):
    assert "_auth_user_id" not in client.session, f"{role} is still signed in after logging out"


NEW_PASSWORD = "Another-Craft-2027!"
PASSWORD_CHANGE = {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
# Valid for the rightful actor: unit A's staff may forward applicant A's submitted application.
FORWARD = {"to": ApplicationStatus.FORWARDED, "reason": ""}

A, B, F = "application_a", "application_b", "forwarded_a"
NA, NB, R = "notice_a", "notice_b", "round"

TO_APPLICANT_DESK = Redirect("applicants:dashboard")
TO_UNIT_DESK = Redirect("units:dashboard")
TO_EXPERT_DESK = Redirect("reviews:dashboard")
TO_OFFICE_DESK = Redirect("rounds:dashboard")
TO_PASSWORD_DONE = Redirect("accounts:password-change-done")
TO_DETAIL = Redirect("applicants:detail", with_row_kwargs=True)
TO_INBOX = Redirect("notices:inbox")
TO_ADMIN_INDEX = Redirect("admin:index")
TO_ROUND_ADMIN = Redirect("admin:rounds_round_change", with_row_kwargs=True)
TO_APPLICATION_ADMIN = Redirect("admin:applicants_application_changelist")
OFFICE_FORMAL_PASS = {"action": "move_to_formal_passed", "index": 0, "select_across": 1, "_selected_action": ["0"], "confirm": "yes"}

# fmt: off
ROWS = (
    # name, method                                   anonymous          applicant_a        applicant_b        unit_staff_a       unit_staff_b       expert             programme_staff
    Row("accounts:home", GET, (                      LOGIN,             TO_APPLICANT_DESK, TO_APPLICANT_DESK, TO_UNIT_DESK,      TO_UNIT_DESK,      TO_EXPERT_DESK,    TO_OFFICE_DESK)),
    Row("accounts:login", GET, (                     200,               HOME,              HOME,              HOME,              HOME,              HOME,              HOME)),
    Row("accounts:logout", POST, (                   TO_LOGIN_PAGE,     TO_LOGIN_PAGE,     TO_LOGIN_PAGE,     TO_LOGIN_PAGE,     TO_LOGIN_PAGE,     TO_LOGIN_PAGE,     TO_LOGIN_PAGE),
        then=signed_out),
    Row("accounts:password-change", GET, (           LOGIN,             200,               200,               200,               200,               200,               200)),
    # Everyone changes their own password; nobody but applicant A changes applicant A's.
    Row("accounts:password-change", POST, (          LOGIN,             TO_PASSWORD_DONE,  TO_PASSWORD_DONE,  TO_PASSWORD_DONE,  TO_PASSWORD_DONE,  TO_PASSWORD_DONE,  TO_PASSWORD_DONE),
        data=PASSWORD_CHANGE, snapshot=applicant_a_password, changes_for=frozenset({"applicant_a"})),
    Row("accounts:password-change-done", GET, (      LOGIN,             200,               200,               200,               200,               200,               200)),

    Row("applicants:dashboard", GET, (               LOGIN,             Shows(A),          Shows(B),          403,               403,               403,               403)),
    # A merely submitted application is not yet visible to the office (it has no forwarded_at).
    Row("applicants:detail", GET, (                  LOGIN,             200,               404,               200,               404,               404,               404),
        kwargs=application_a_pk),
    # Applicant A may see the application but forwarding is the unit's move: 403, not 404.
    Row("applicants:change-status", POST, (          LOGIN,             403,               404,               TO_DETAIL,         404,               404,               404),
        kwargs=application_a_pk, data=FORWARD, snapshot=application_state, changes_for=frozenset({"unit_staff_a"})),

    Row("units:dashboard", GET, (                    LOGIN,             403,               403,               Shows(A, F),       Shows(B),          403,               403)),
    Row("rounds:dashboard", GET, (                   LOGIN,             403,               403,               403,               403,               403,               200)),
    Row("reviews:dashboard", GET, (                  LOGIN,             403,               403,               403,               403,               200,               403)),

    Row("notices:inbox", GET, (                      LOGIN,             Shows(NA),         Shows(NB),         Shows(),           Shows(),           Shows(),           Shows())),
    Row("notices:read-all", POST, (                  LOGIN,             TO_INBOX,          TO_INBOX,          TO_INBOX,          TO_INBOX,          TO_INBOX,          TO_INBOX),
        data={}, snapshot=notice_a_state, changes_for=frozenset({"applicant_a"})),

    # The admin, collapsed by ADMIN_RULE. Only programme staff are `is_staff`.
    Row("admin:index", GET, (                        ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       200)),
    Row("admin:core_auditentry_changelist", GET, (   ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       200)),
    Row("admin:rounds_round_changelist", GET, (      ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       200)),
    Row("admin:accounts_user_changelist", GET, (     ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       200)),
    # The admin keeps the office's scope too: a merely submitted application "does not exist"
    # there (the admin answers a missing object with a redirect to its index).
    Row("admin:applicants_application_change", GET, (ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       TO_ADMIN_INDEX),
        kwargs=lambda world: {"object_id": world.application_a.pk}),
    # The office's move actions on applications (here: a confirmed formal pass of every application
    # in reach). The world's round is still recommending, so the service refuses even the office's:
    # nothing changes for anyone; apps/applicants/tests/test_admin.py covers the allowed move.
    Row("admin:applicants_application_changelist", POST, (ADMIN_LOGIN,   ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       TO_APPLICATION_ADMIN),
        data=OFFICE_FORMAL_PASS, snapshot=forwarded_a_state),
    # A phase change: the confirmation page, and its POST (the only request that moves the round).
    Row("admin:rounds_round_advance", GET, (         ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       200),
        kwargs=round_object_id),
    Row("admin:rounds_round_advance", POST, (        ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       TO_ROUND_ADMIN),
        kwargs=round_object_id, data={"to": "reviewing"}, snapshot=round_status, changes_for=frozenset({"programme_staff"})),

    Row("api:me", GET, (                             401,               200,               200,               200,               200,               200,               200)),
    Row("api:application-list", GET, (               401,               Shows(A),          Shows(B),          Shows(A, F),       Shows(B),          Shows(),           Shows(F))),
    Row("api:application-detail", GET, (             401,               200,               404,               200,               404,               404,               404),
        kwargs=application_a_pk),
    Row("api:application-change-status", POST, (     401,               403,               404,               200,               404,               404,               404),
        kwargs=application_a_pk, data=FORWARD, json=True, snapshot=application_state, changes_for=frozenset({"unit_staff_a"})),
    Row("api:round-list", GET, (                     401,               Shows(R),          Shows(R),          Shows(R),          Shows(R),          Shows(R),          Shows(R))),
    Row("api:round-detail", GET, (                   401,               200,               200,               200,               200,               200,               200),
        kwargs=lambda world: {"pk": world.round.pk}),
    Row("api:notice-list", GET, (                    401,               Shows(NA),         Shows(NB),         Shows(),           Shows(),           Shows(),           Shows())),
    Row("api:notice-detail", GET, (                  401,               200,               404,               404,               404,               404,               404),
        kwargs=lambda world: {"pk": world.notice_a.pk}),
    Row("api-schema", GET, (                         401,               200,               200,               200,               200,               200,               200)),
    # The docs are a page: an anonymous visitor is sent to the login page, not answered 401.
    Row("api-docs", GET, (                           LOGIN,             200,               200,               200,               200,               200,               200)),

    Row("healthz", GET, (                            200,               200,               200,               200,               200,               200,               200)),
)
# fmt: on

CELLS = [pytest.param(row, role, id=f"{row.id}/{role}") for row in ROWS for role in ROLES]


# --- The world --------------------------------------------------------------------------------


@pytest.fixture
def world(
    round, unit_a, application_a, application_b, applicant_a, applicant_b,
    unit_staff_a, unit_staff_b, expert, programme_staff,
):
    """The conftest users and objects, plus what makes lists and POSTs telling (see the module doc)."""
    users = {
        "applicant_a": applicant_a, "applicant_b": applicant_b, "unit_staff_a": unit_staff_a,
        "unit_staff_b": unit_staff_b, "expert": expert, "programme_staff": programme_staff,
    }
    forwarded_a = ApplicationFactory(
        round=round, unit=unit_a, applicant=UserFactory(), status=ApplicationStatus.FORWARDED
    )
    notice_a = Notice.objects.create(recipient=applicant_a, kind="test", subject="致申报人A", body="正文")
    notice_b = Notice.objects.create(recipient=applicant_b, kind="test", subject="致申报人B", body="正文")

    return SimpleNamespace(
        **users, round=round, application_a=application_a, application_b=application_b,
        forwarded_a=forwarded_a, notice_a=notice_a, notice_b=notice_b, user=users.get,
    )


# --- The cells ----------------------------------------------------------------------------------


def expected_location(expect, row, url, world):
    if expect.to == "login":
        return f"{reverse('accounts:login')}?next={quote(url)}"
    if expect.to == "admin-login":
        return f"{reverse('admin:login')}?next={quote(url)}"
    return reverse(expect.to, kwargs=row.kwargs(world) if expect.with_row_kwargs else None)


def listed_pks(response, row):
    if row.name.startswith("api:"):
        return sorted(item["id"] for item in response.json()["results"])
    return sorted(item.pk for item in response.context["page"].object_list)


def send(client, row, url):
    if row.method == GET:
        return client.get(url)
    if row.json:
        return client.post(url, row.data, content_type="application/json")
    return client.post(url, row.data)


@pytest.mark.django_db
@pytest.mark.parametrize("row, role", CELLS)
def test_permission_matrix(client, world, row, role):
    expect = row.cells[ROLES.index(role)]
    user = world.user(role)
    if user is not None:
        client.force_login(user)
    url = reverse(row.name, kwargs=row.kwargs(world))
    before = row.snapshot(world) if row.snapshot else None

    response = send(client, row, url)

    status = 302 if isinstance(expect, Redirect) else 200 if isinstance(expect, Shows) else expect
    assert response.status_code == status, (
        f"{row.method} {url} as {role}: expected {status}, got {response.status_code}"
        + (f" to {response.get('Location')}" if response.status_code in (301, 302) else "")
    )
    if isinstance(expect, Redirect):
        assert response["Location"] == expected_location(expect, row, url, world)
    if isinstance(expect, Shows):
        assert listed_pks(response, row) == sorted(getattr(world, key).pk for key in expect.keys)
    if row.snapshot:
        after = row.snapshot(world)
        if role in row.changes_for:
            assert after != before, f"{row.method} {url} as {role} should have changed the target"
        else:
            assert after == before, f"{row.method} {url} as {role} changed the target: {before!r} -> {after!r}"
    if row.then:
        row.then(client, role, world)


def test_permission_matrix_forwarding_cell_really_forwards(client, world):
    """The one cell that may change application A does what the body asks."""
    client.force_login(world.unit_staff_a)

    client.post(reverse("applicants:change-status", kwargs=application_a_pk(world)), FORWARD)

    world.application_a.refresh_from_db()
    assert world.application_a.status == ApplicationStatus.FORWARDED


# --- Coverage: every URL pattern has a row, every row has a pattern -----------------------------


@dataclass(frozen=True)
class Pattern:
    name: str | None  # "namespace:name", or None for an unnamed pattern
    route: str
    namespaces: tuple

    @property
    def is_admin(self):
        return self.namespaces[:1] == (ADMIN_NAMESPACE,)


def collect_patterns(patterns, prefix="", namespaces=()):
    """Every leaf pattern under `patterns`, with its full route and namespaced name."""
    found = []
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespaces + ((pattern.namespace,) if pattern.namespace else ())
            found.extend(collect_patterns(pattern.url_patterns, route, inner))
        elif isinstance(pattern, URLPattern):
            name = ":".join((*namespaces, pattern.name)) if pattern.name else None
            found.append(Pattern(name, route, namespaces))
    return found


def coverage_problems(patterns, rows):
    """Messages naming each non-admin pattern without a row and each row without a pattern."""
    row_names = {row.name for row in rows}
    problems = []
    for pattern in patterns:
        if pattern.is_admin:
            continue  # ADMIN_RULE
        if pattern.name is None:
            problems.append(f"URL pattern {pattern.route!r} has no name: name it and add a row to ROWS")
        elif pattern.name not in row_names:
            problems.append(f"URL pattern {pattern.name!r} ({pattern.route!r}) has no row in ROWS")
    known = {pattern.name for pattern in patterns}
    for name in sorted(row_names - known):
        problems.append(f"ROWS has a row for {name!r}, but no URL pattern has that name any more")
    return sorted(set(problems))


def test_every_url_pattern_has_a_row():
    problems = coverage_problems(collect_patterns(get_resolver().url_patterns), ROWS)

    assert problems == [], "permission matrix out of date:\n  " + "\n  ".join(problems)


def test_coverage_check_names_a_new_pattern_and_a_stale_row():
    from django.urls import include, path

    def view(request):
        raise AssertionError("never called")

    extra = [
        path("new-page/", view, name="new-page"),
        path("extra/", include(([path("deep/", view, name="deep")], "extra"), namespace="extra")),
        path("nameless/", view),
    ]
    patterns = collect_patterns([*get_resolver().url_patterns, *extra])
    stale = Row("gone:page", GET, (200,) * len(ROLES))

    problems = coverage_problems(patterns, (*ROWS, stale))

    assert problems == [
        "ROWS has a row for 'gone:page', but no URL pattern has that name any more",
        "URL pattern 'extra:deep' ('extra/deep/') has no row in ROWS",
        "URL pattern 'nameless/' has no name: name it and add a row to ROWS",
        "URL pattern 'new-page' ('new-page/') has no row in ROWS",
    ]


def test_admin_rule_covers_only_the_admin_site():
    patterns = collect_patterns(get_resolver().url_patterns)

    admin_routes = {pattern.route for pattern in patterns if pattern.is_admin}

    assert admin_routes and all(route.startswith("admin/") for route in admin_routes)
    assert not any(pattern.route.startswith("admin/") for pattern in patterns if not pattern.is_admin)
    assert {row.name for row in ROWS if row.name.startswith("admin:")} <= {pattern.name for pattern in patterns}


def test_permission_matrix_summary(capsys):
    """Prints the size of the matrix; every (row, role) pair is a parametrized cell above."""
    cells = len(CELLS)

    assert cells == len(ROWS) * len(ROLES) == len({param.id for param in CELLS})
    with capsys.disabled():
        print(f"\npermission matrix: {cells} cells ({len(ROWS)} rows x {len(ROLES)} roles)")
