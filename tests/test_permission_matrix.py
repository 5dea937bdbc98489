"""The permission matrix: every URL pattern of the project against every role.

Rows live next to each app's code, in `apps/<app>/tests/matrix.py` (format and columns in
tests/matrix.py); the admin's per-model rows are generated from each app's `ADMIN` table. Each
cell is its own test (`<name>/<method>/<role>`) and asserts the exact answer: the status code,
where a redirect goes, which objects a list shows, and, for state-changing POSTs, whether the
target changed. A POST row sends a body that would be valid for the rightful actor, so a refusal
proves the access rule, not a malformed request.

One world (tests/world.py) is built per module; every cell runs in its own transaction, rolled
back after it, and starts by checking that the world is as built.

Coverage: `test_every_url_pattern_has_a_row` walks the whole URL tree (namespaced includes, the
DRF router, the admin). A pattern without a row fails it by name, and so does a row whose pattern
no longer exists.
"""
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from apps.applicants.enums import ApplicationStatus
from apps.applicants.models import Application
from apps.applicants.tests.matrix import FORWARD, RETURN
from tests import world as worlds
from tests.matrix import (
    ADMIN_PAGES, GET, NOT_STAFF, ROLES, AdminPages, Redirect, Row, Shows, admin_pages, app_matrix_modules,
    admin_rows, registered_admin_models, rows,
)

ROWS = rows()
CELLS = [pytest.param(row, role, id=f"{row.id}/{role}") for row in ROWS for role in row.roles]


# --- The world --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pristine_world(django_db_setup, django_db_blocker):
    world, built, close = worlds.open_world(django_db_blocker)
    yield world, built
    close()


@pytest.fixture
def world(pristine_world, db):
    """The shared world, after checking that no earlier cell left a change behind."""
    world, built = pristine_world
    assert worlds.fingerprint() == built, "an earlier test changed the shared world: its transaction was not rolled back"
    return world


# --- The cells ----------------------------------------------------------------------------------


def url_of(row, world):
    return row.path(world) if row.path else reverse(row.name, kwargs=row.kwargs(world))


def expected_location(expect, row, url, world):
    if expect.to == "login":
        return f"{reverse('accounts:login')}?next={quote(url)}"
    if expect.to == "admin-login":
        return f"{reverse('admin:login')}?next={quote(url)}"
    if expect.kwargs is not None:
        return reverse(expect.to, kwargs=expect.kwargs(world))
    return reverse(expect.to, kwargs=row.kwargs(world) if expect.with_row_kwargs else None)


def listed_pks(response, row):
    if row.name.startswith("api:"):
        return sorted(item["id"] for item in response.json()["results"])
    return sorted(item.pk for item in response.context["page"].object_list)


def send(client, row, url, world):
    if row.method == GET:
        return client.get(url)
    if row.method == "PUT":
        return client.put(url, row.body(world), content_type="application/json")
    if row.json:
        return client.post(url, row.body(world), content_type="application/json")
    return client.post(url, row.body(world))


@pytest.mark.parametrize("row, role", CELLS)
def test_permission_matrix(client, world, row, role):
    expect = row.cell(role)
    world.sign_in(client, role)
    url = url_of(row, world)
    before = row.snapshot(world) if row.snapshot else None

    response = send(client, row, url, world)

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


# --- Isolation: a cell's change never reaches the next ------------------------------------------


def test_a_changing_cell_changes_the_shared_world(client, world):
    """The forwarding cell that may change application A does what the body asks, and the fingerprint sees it."""
    built = worlds.fingerprint()
    client.force_login(world.unit_staff_a)

    client.post(reverse("units:forward", kwargs={"pk": world.application_a.pk}), FORWARD)

    application = Application.objects.get(pk=world.application_a.pk)
    assert (application.status, application.status_reason) == (ApplicationStatus.FORWARDED, "同意推荐")
    assert worlds.fingerprint() != built


def test_the_return_cell_really_returns(client, world):
    """The generic change cell that may change application A does what the body asks."""
    client.force_login(world.unit_staff_a)

    client.post(reverse("applicants:change-status", kwargs={"pk": world.application_a.pk}), RETURN)

    assert Application.objects.get(pk=world.application_a.pk).status == ApplicationStatus.RETURNED


def test_the_world_is_pristine_after_a_changing_cell(world):
    """Runs after the test above (and the `world` fixture checks the fingerprint before every cell)."""
    assert Application.objects.get(pk=world.application_a.pk).status == ApplicationStatus.SUBMITTED
    assert Application.objects.count() == 3


@pytest.mark.parametrize("role", ROLES)
def test_a_cell_is_signed_in_as_its_role(client, world, role):
    world.sign_in(client, role)

    user = client.get(reverse("accounts:login")).wsgi_request.user
    if role in ("anonymous", "inactive"):
        assert user.is_anonymous
    else:
        assert user.pk == world.user(role).pk


def test_a_test_gets_a_copy_of_the_world_user(world):
    user = world.user("applicant_a")
    user.set_password("changed in memory")

    assert world.user("applicant_a").password == world.applicant_a.password != user.password
    assert world.user("anonymous") is None


# --- Coverage: every URL pattern has a row, every row has a pattern -----------------------------


@dataclass(frozen=True)
class Pattern:
    name: str | None  # "namespace:name", or None for an unnamed pattern
    route: str
    namespaces: tuple


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
    """Messages naming each pattern without a row and each row without a pattern.

    A named pattern is covered by a row of its name; an unnamed one only by a row that names its
    route and builds its URL (`Row.path`), such as the admin's `<object_id>/` redirects.
    """
    row_names = {row.name for row in rows if row.path is None}
    row_routes = {row.name for row in rows if row.path is not None}
    problems = []
    for pattern in patterns:
        if pattern.name is None and pattern.route not in row_routes:
            problems.append(f"URL pattern {pattern.route!r} has no name: name it and add a row to its app's matrix.py")
        elif pattern.name is not None and pattern.name not in row_names:
            problems.append(f"URL pattern {pattern.name!r} ({pattern.route!r}) has no row in its app's matrix.py")
    for name in sorted(row_names - {pattern.name for pattern in patterns}):
        problems.append(f"a matrix row names {name!r}, but no URL pattern has that name any more")
    for route in sorted(row_routes - {pattern.route for pattern in patterns if pattern.name is None}):
        problems.append(f"a matrix row names the route {route!r}, but no unnamed URL pattern has it any more")
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
    stale_route = Row("gone/<int:pk>/", GET, (200,) * len(ROLES), path=lambda world: "/gone/1/")

    problems = coverage_problems(patterns, (*ROWS, stale, stale_route))

    assert problems == [
        "URL pattern 'extra:deep' ('extra/deep/') has no row in its app's matrix.py",
        "URL pattern 'nameless/' has no name: name it and add a row to its app's matrix.py",
        "URL pattern 'new-page' ('new-page/') has no row in its app's matrix.py",
        "a matrix row names 'gone:page', but no URL pattern has that name any more",
        "a matrix row names the route 'gone/<int:pk>/', but no unnamed URL pattern has it any more",
    ]


def test_every_admin_model_has_its_office_columns_written_by_hand():
    declared = [pages.model for pages in admin_pages()]

    assert sorted(declared) == registered_admin_models(), "add an AdminPages to the model's app's matrix.py"
    assert len(declared) == len(set(declared))


def test_admin_rows_are_generated_only_for_the_columns_outside_the_office():
    pages = AdminPages("units.recommendingunit", obj=lambda world: world.unit_a, changelist=(200, 201), add=(202, 203),
                       change=(204, 205), delete=(206, 207), history=(208, 209))
    generated = {row.name: row for row in admin_rows([pages])}

    assert sorted(generated) == sorted(f"admin:units_recommendingunit_{page}" for page in ADMIN_PAGES)
    history = generated["admin:units_recommendingunit_history"].cells
    assert [history[ROLES.index(role)] for role in ("programme_staff", "superuser")] == [208, 209]
    assert {history[ROLES.index(role)].to for role in NOT_STAFF} == {"admin-login"}


def test_every_app_declares_its_rows_next_to_its_code():
    modules = {module.__name__ for module in app_matrix_modules()}
    admin_site_apps = {model._meta.app_config.name for model in admin.site._registry}

    assert {"apps.accounts.tests.matrix", "apps.applicants.tests.matrix", "apps.core.tests.matrix",
            "apps.notices.tests.matrix", "apps.reviews.tests.matrix", "apps.rounds.tests.matrix",
            "apps.publicity.tests.matrix", "apps.cultivation.tests.matrix", "apps.units.tests.matrix"} == modules
    assert {f"{name}.tests.matrix" for name in admin_site_apps if name.startswith("apps.")} <= modules


def test_permission_matrix_summary(capsys):
    """Prints the size of the matrix; every (row, role) pair is a parametrized cell above."""
    cells = len(CELLS)

    extra = sum(len(row.extra) for row in ROWS)
    assert cells == len(ROWS) * len(ROLES) + extra == len({param.id for param in CELLS})
    with capsys.disabled():
        print(f"\npermission matrix: {cells} cells ({len(ROWS)} rows x {len(ROLES)} roles, {extra} optional cells)")
