"""The permission matrix's registry: the columns, the row format, and the rows every app declares.

Each app declares its rows next to its code, in `apps/<app>/tests/matrix.py`:

    ROWS = (Row("units:dashboard", GET, (LOGIN, 403, ...one cell per role in ROLES...)),)
    ADMIN = (AdminPages("units.recommendingunit", obj=lambda world: world.unit_a, ...),)

`rows()` collects them all, plus the rows generated for the admin site from `ADMIN`.
`tests/test_permission_matrix.py` runs every cell against one shared world and fails on any URL
pattern without a row, and on any row without a pattern.

Porting a row from the old single-file format: copy it into its app's `matrix.py` and add the
cells of the columns that came since (`superuser`, `inactive`, in the order of ROLES).
"""
from dataclasses import dataclass, field
from importlib import import_module, util
from typing import Any, Callable

from django.apps import apps
from django.contrib import admin

# The columns, in the order of every row's cells.
ROLES = (
    "anonymous", "applicant_a", "applicant_b", "unit_staff_a", "unit_staff_b", "expert", "programme_staff",
    "superuser",  # an is_superuser programme staff member: the portal as the office, the admin unbounded by model perms
    "inactive",  # a deactivated applicant (the applicant of `forwarded_a`): signed in once, now refused
    # Next columns, one per issue, each a user built in `tests.world.build_world` and one more cell per row:
    # "assigned_expert"      (reviews: assigned to application A, no conflict declared)
    # "conflicted_expert"    (reviews: assigned to application A, conflict declared)
    # "public"               (publicity: the public subset, anonymous by design)
)
# Optional columns: a row gives their cells by name in `Row.extra`; rows without one don't test it.
OPTIONAL_ROLES = (
    "referee_link_holder",  # no account; has opened the world's referee link of application A (tests.world)
)

GET, POST = "GET", "POST"


# --- Expected cells -------------------------------------------------------------------------


@dataclass(frozen=True)
class Redirect:
    """302 to the page `to` names: a URL name, or LOGIN / ADMIN_LOGIN (with ?next=<this url>)."""

    to: str
    with_row_kwargs: bool = False
    kwargs: object = None  # or a function of the world giving the target's URL kwargs


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
TO_ADMIN_INDEX = Redirect("admin:index")

# World keys for Shows (see tests.world).
A, B, F = "application_a", "application_b", "forwarded_a"
NA, NB, R = "notice_a", "notice_b", "round"


# --- Rows -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    name: str  # the URL name; for an unnamed pattern, its full route (and `path` builds the URL)
    method: str
    cells: tuple  # one expected answer per role, in the order of ROLES
    kwargs: Callable[[Any], dict] = lambda world: {}
    data: dict | Callable[[Any], dict] | None = None
    json: bool = False
    # For POSTs: a snapshot of the target; it must change for exactly the roles in `changes_for`.
    snapshot: Callable[[Any], Any] | None = None
    changes_for: frozenset = field(default_factory=frozenset)
    then: Callable[[Any, str, Any], None] | None = None  # extra check after the request
    path: Callable[[Any], str] | None = None  # the URL of an unnamed pattern (`name` is then its route)
    case: str = ""  # tells apart two rows of one pattern and method (another object, say)
    extra: dict = field(default_factory=dict)  # cells of OPTIONAL_ROLES, by name: {"referee_link_holder": 200}

    def __post_init__(self):
        assert len(self.cells) == len(ROLES), f"{self.name} {self.method}: {len(self.cells)} cells for {len(ROLES)} roles"
        assert set(self.extra) <= set(OPTIONAL_ROLES), f"{self.name} {self.method}: unknown optional roles {set(self.extra) - set(OPTIONAL_ROLES)}"
        assert self.changes_for <= set(ROLES) | set(self.extra), f"{self.name} {self.method}: unknown roles in changes_for"

    @property
    def roles(self):
        """The columns this row tests: every role, then the optional ones it gives cells for."""
        return (*ROLES, *(role for role in OPTIONAL_ROLES if role in self.extra))

    def cell(self, role):
        return self.extra[role] if role in self.extra else self.cells[ROLES.index(role)]

    @property
    def id(self):
        return f"{self.name}/{self.method}" + (f"/{self.case}" if self.case else "")

    def body(self, world):
        return self.data(world) if callable(self.data) else self.data


# --- The admin --------------------------------------------------------------------------------

# Generated, because it is one gate for everyone below: `AdminSite.admin_view` sends anyone who is
# not an active `is_staff` user to the admin login, whatever the page. Only programme staff (and
# the superuser) are staff, so every other column of every admin page is ADMIN_LOGIN.
NOT_STAFF = frozenset(ROLES) - {"programme_staff", "superuser"}
ADMIN_PAGES = ("changelist", "add", "change", "delete", "history")


@dataclass(frozen=True)
class AdminPages:
    """Who of the office may open each admin page of one model: (programme_staff, superuser) per page.

    Written by hand per model, from ROLE_PERMISSIONS and the ModelAdmin's has_*_permission;
    `obj` names the object the change, delete and history pages open.
    """

    model: str  # "app_label.model_name"
    obj: Callable[[Any], Any]
    changelist: tuple
    add: tuple
    change: tuple
    delete: tuple
    history: tuple

    @property
    def url_prefix(self):
        return "admin:" + self.model.replace(".", "_")


def admin_rows(pages):
    """The five GET rows of each model's admin pages: ADMIN_LOGIN for NOT_STAFF, the hand cells for the office."""
    rows = []
    for model in pages:
        for page in ADMIN_PAGES:
            staff, superuser = getattr(model, page)
            cells = {role: ADMIN_LOGIN for role in NOT_STAFF} | {"programme_staff": staff, "superuser": superuser}
            kwargs = (lambda world, obj=model.obj: {"object_id": obj(world).pk}) if page in ("change", "delete", "history") else (lambda world: {})
            rows.append(Row(f"{model.url_prefix}_{page}", "GET", tuple(cells[role] for role in ROLES), kwargs=kwargs))
    return rows


def admin_object_redirect_rows(pages):
    """Each model's unnamed `<object_id>/` pattern: Django's redirect to the change page, behind the same gate."""
    rows = []
    for model in pages:
        app_label, model_name = model.model.split(".")
        route = f"admin/{app_label}/{model_name}/<path:object_id>/"
        to_change = Redirect(f"{model.url_prefix}_change", with_row_kwargs=True)
        cells = {role: ADMIN_LOGIN for role in NOT_STAFF} | {"programme_staff": to_change, "superuser": to_change}
        rows.append(Row(
            route, "GET", tuple(cells[role] for role in ROLES),
            kwargs=lambda world, obj=model.obj: {"object_id": obj(world).pk},
            path=lambda world, obj=model.obj, prefix=f"/admin/{app_label}/{model_name}/": f"{prefix}{obj(world).pk}/",
        ))
    return rows


# --- The registry -----------------------------------------------------------------------------


def app_matrix_modules():
    """`apps.<app>.tests.matrix` of every project app that has one, in INSTALLED_APPS order."""
    modules = []
    for config in apps.get_app_configs():
        if not config.name.startswith("apps."):
            continue
        name = f"{config.name}.tests.matrix"
        if util.find_spec(f"{config.name}.tests") and util.find_spec(name):
            modules.append(import_module(name))
    return modules


def admin_pages():
    return [pages for module in app_matrix_modules() for pages in getattr(module, "ADMIN", ())]


def rows():
    """Every row of the matrix: the apps' ROWS and the generated admin rows."""
    declared = [row for module in app_matrix_modules() for row in getattr(module, "ROWS", ())]
    pages = admin_pages()
    return (*declared, *admin_rows(pages), *admin_object_redirect_rows(pages))


def registered_admin_models():
    return sorted(f"{model._meta.app_label}.{model._meta.model_name}" for model in admin.site._registry)
