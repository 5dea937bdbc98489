"""Demo accounts for `manage.py seed_demo`: one fixed login per role, all with one demo password.

At national scale every demo unit also gets a staff member (unit_<login>) and an expert panel
pool (expert01 ... expert60) joins them, with the same password.
"""
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from faker import Faker


from .models import User
from .roles import Role
from .services import create_user, grant_superuser

# Passes the project's validators (10+ characters, not common, not numeric); see test_seed_demo.
DEMO_PASSWORD = "Gongjiang@2026"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    display_name: str
    unit: str = ""  # login of the demo unit, for unit staff
    superuser: bool = False


DEMO_LOGINS = (
    DemoLogin("office", Role.PROGRAMME_STAFF, "赵敏"),
    DemoLogin("admin", Role.PROGRAMME_STAFF, "孙立新", superuser=True),
    DemoLogin("unit_bj", Role.UNIT_STAFF, "张伟", unit="bj"),
    DemoLogin("unit_sh", Role.UNIT_STAFF, "刘洋", unit="sh"),
    DemoLogin("expert", Role.EXPERT, "陈静"),
    DemoLogin("applicant", Role.APPLICANT, "王建国"),
    DemoLogin("applicant2", Role.APPLICANT, "李秀英"),
)

_faker = Faker("zh_CN")


def seed(ctx, *, scale):
    """Create the fixed logins (and, at national scale, unit staff and experts) that are missing.

    Sets `ctx.users` (username -> user of every fixed login), `ctx.office` (who runs the round)
    and `ctx.unit_staff` (unit login -> the staff member who acts for it).
    """
    for login in DEMO_LOGINS:
        ctx.users[login.username] = _ensure_login(ctx, login)
    ctx.office = ctx.users["office"]
    ctx.unit_staff.update({login.unit: ctx.users[login.username] for login in DEMO_LOGINS if login.unit})
    if scale.is_national:
        _seed_unit_staff(ctx)
        _seed_experts(ctx, scale.experts)


def _ensure_login(ctx, login):
    user = User.objects.filter(username=login.username).first()
    if user is not None:
        ctx.tally("用户", existing=1)
        return user
    user = create_user(
        by=None,
        username=login.username,
        password=DEMO_PASSWORD,
        role=login.role,
        display_name=login.display_name,
        email=f"{login.username}@example.com",
        phone=demo_mobile(login.username),
        unit=ctx.units[login.unit] if login.unit else None,
    )
    if login.superuser:
        user = grant_superuser(user, by=None)
    ctx.tally("用户", created=1)
    return user


def _seed_unit_staff(ctx):
    missing = {login: unit for login, unit in ctx.units.items() if login not in ctx.unit_staff}
    rows = [(f"unit_{login}", Role.UNIT_STAFF, unit) for login, unit in missing.items()]
    staff = ensure_users(ctx, rows, can_log_in=True)
    ctx.unit_staff.update({login: staff[f"unit_{login}"] for login in missing})


def _seed_experts(ctx, count):
    ensure_users(ctx, [(f"expert{number:02d}", Role.EXPERT, None) for number in range(1, count + 1)], can_log_in=True)


def ensure_users(ctx, rows, *, can_log_in):
    """Create the users of `rows` ((username, role, unit)) that are missing; return all by username.

    Names and phones depend only on the username, so reruns and both scales agree. Users who
    can log in share the demo password: hashing is slow by design (PBKDF2, ~0.25 s each), so the
    hash is computed once and stored for all of them, instead of once per user in create_user.
    """
    users = {user.username: user for user in User.objects.filter(username__in=[row[0] for row in rows])}
    created = []
    for username, role, unit in rows:
        if username not in users:
            users[username] = create_user(
                by=None, username=username, password=None, role=role, display_name=demo_name(username),
                email=f"{username}@example.com", phone=demo_mobile(username), unit=unit,
            )
            created.append(users[username].pk)
    if can_log_in and created:
        User.objects.filter(pk__in=created).update(password=make_password(DEMO_PASSWORD))
    ctx.tally("用户", created=len(created), existing=len(rows) - len(created))
    return users


def bulk_create_applicants(ctx, usernames):
    """Applicant accounts for the national-scale bulk, written in one go (see apps.applicants.demo).

    Each gets what create_user would give an applicant: a name, an email and a phone (encrypted,
    with its blind index, by the fields themselves); applicants hold no object permissions, and
    role permissions come from code (accounts.backends). They cannot log in.
    Returns ({username: user} for all `usernames`, how many were created).
    """
    users = {user.username: user for user in User.objects.filter(username__in=usernames)}
    new = User.objects.bulk_create(
        User(
            username=username, role=Role.APPLICANT, display_name=demo_name(username), password=make_password(None),
            email=f"{username}@example.com", phone=demo_mobile(username),
        )
        for username in usernames
        if username not in users
    )
    users.update({user.username: user for user in new})
    ctx.tally("用户", created=len(new), existing=len(usernames) - len(new))
    return users, len(new)


def demo_name(key, *, female=None):
    """A Chinese name that depends only on `key`; about one in five is a woman's unless told."""
    _faker.seed_instance(key)
    if female is None:
        female = _faker.random_int(1, 5) == 1
    return _faker.name_female() if female else _faker.name_male()


def demo_mobile(key):
    """A valid mainland mobile number that depends only on `key`."""
    rng = random.Random(f"mobile:{key}")
    prefix = rng.choice(("135", "136", "138", "139", "150", "152", "158", "186", "187", "189"))
    return f"{prefix}{rng.randrange(10**8):08d}"
