"""Permission matrix rows of publicity (see tests/matrix.py): the public list for everyone, the office's
page and API, the objections' public form and look-up (the anonymous column is the public) and the office's
handling. The world's round is recommending and has no publicity: the public list is empty, a year's
list 404, the office's opening refused for the phase (400), nothing changes."""
from apps.publicity.models import Objection, Publicity
from tests.matrix import GET, LOGIN, POST, AdminPages, Row


def round_pk(world):
    return {"pk": world.round.pk}


def publicities(world):
    return Publicity.objects.count()


def objections(world):
    return Objection.objects.count()


def published(world):
    from apps.cultivation.models import Cultivation

    return (Publicity.objects.filter(published_at__isnull=False).count(), Cultivation.objects.count())


def calendar_day(world):
    return world.calendar_day


MISSING = lambda world: {"pk": 987654}  # noqa: E731  (the world has no publicity, so no entry or objection)
FILE = {"objector_name": "周立新", "phone": "13912345678", "relationship": "同厂职工", "content": "名次不实。",
        "challenge_token": "x", "challenge_answer": "1"}
OFFICE_ONLY_404 = (LOGIN, 403, 403, 403, 403, 403, 404, 404, LOGIN)
API_OFFICE_ONLY_404 = (401, 403, 403, 403, 403, 403, 404, 404, 401)

OPEN = {"starts_on": "2099-06-01", "working_days": "5", "contact": "请通过本页面提出异议。", "confirm": "yes"}
ALL_200 = (200,) * 9

# fmt: off
ROWS = (
    # name, method                                   anonymous          applicant_a        applicant_b        unit_staff_a       unit_staff_b       expert             programme_staff    superuser          inactive
    Row("publicity:public-list", GET, ALL_200),
    Row("publicity:public-list-year", GET, (404,) * 9, kwargs=lambda world: {"year": world.round.year}),
    Row("publicity:office", GET, (                   LOGIN,             403,               403,               403,               403,               403,               200,               200,               LOGIN),
        kwargs=round_pk),
    Row("publicity:office", POST, (                  LOGIN,             403,               403,               403,               403,               403,               400,               400,               LOGIN),
        kwargs=round_pk, data=OPEN, snapshot=publicities),
    Row("publicity:office-summary", POST, (          LOGIN,             403,               403,               403,               403,               403,               404,               404,               LOGIN),
        kwargs=lambda world: {"pk": 987654}, data={"summary": "事迹"}),
    # Publication: the world's round is not in publicity, so publishing is refused (400) and changes nothing.
    Row("publicity:final-list", GET, (404,) * 9, kwargs=lambda world: {"year": world.round.year}),
    Row("publicity:publication", GET, (              LOGIN,             403,               403,               403,               403,               403,               200,               200,               LOGIN),
        kwargs=round_pk),
    Row("publicity:publication", POST, (             LOGIN,             403,               403,               403,               403,               403,               400,               400,               LOGIN),
        kwargs=round_pk, data={"confirm": "yes"}, snapshot=published),
    Row("api:publication-final-list", GET, (404,) * 9, kwargs=lambda world: {"year": world.round.year}),
    Row("api:round-publication", POST, (             401,               403,               403,               403,               403,               403,               400,               400,               401),
        kwargs=round_pk, json=True, data={}, snapshot=published),
    Row("api:publicity-public", GET, (404,) * 9),
    Row("api:publicity-public-year", GET, (404,) * 9, kwargs=lambda world: {"year": world.round.year}),
    Row("api:round-publicity-open", POST, (          401,               403,               403,               403,               403,               403,               400,               400,               401),
        kwargs=round_pk, json=True, data={"starts_on": "2099-06-01", "working_days": 5}, snapshot=publicities),
    # Objections. The public (anonymous column and everyone else alike) files and looks up; no entry here: 404.
    Row("publicity:objection-new", GET, (404,) * 9, kwargs=MISSING),
    Row("publicity:objection-new", POST, (404,) * 9, kwargs=MISSING, data=FILE, snapshot=objections),
    Row("publicity:objection-status", GET, ALL_200),
    Row("publicity:objection-status", POST, (404,) * 9, data={"receipt": "ABCDEFGHJKMN", "phone": "13912345678"}),
    # The office's handling: everyone else is refused before the (missing) objection is looked up.
    Row("publicity:office-objections", GET, OFFICE_ONLY_404, kwargs=MISSING),
    Row("publicity:office-objection", GET, OFFICE_ONLY_404, kwargs=MISSING),
    Row("publicity:office-objection-evidence", GET, OFFICE_ONLY_404, kwargs=MISSING),
    Row("publicity:office-objection-assign", POST, OFFICE_ONLY_404, kwargs=MISSING, data={"handler": "1"}, snapshot=objections),
    Row("publicity:office-objection-investigate", POST, OFFICE_ONLY_404, kwargs=MISSING, data={"investigation": "已核实。"}, snapshot=objections),
    Row("publicity:office-objection-conclude", POST, OFFICE_ONLY_404, kwargs=MISSING, data={"result": "upheld", "reasons": "不实。"}, snapshot=objections),
    Row("api:objection-challenge", GET, ALL_200),
    Row("api:objection-file", POST, (404,) * 9, kwargs=MISSING, json=True, data=FILE, snapshot=objections),
    Row("api:objection-status", POST, (404,) * 9, json=True, data={"receipt": "ABCDEFGHJKMN", "phone": "13912345678"}),
    Row("api:publicity-objections", GET, API_OFFICE_ONLY_404, kwargs=MISSING),
    Row("api:objection-detail", GET, API_OFFICE_ONLY_404, kwargs=MISSING),
    Row("api:objection-assign", POST, API_OFFICE_ONLY_404, kwargs=MISSING, json=True, data={"handler": 1}, snapshot=objections),
    Row("api:objection-investigate", POST, API_OFFICE_ONLY_404, kwargs=MISSING, json=True, data={"investigation": "已核实。"}, snapshot=objections),
    Row("api:objection-conclude", POST, API_OFFICE_ONLY_404, kwargs=MISSING, json=True, data={"upheld": True, "reasons": "不实。"}, snapshot=objections),
)

ADMIN = (
    AdminPages("publicity.calendarday", obj=calendar_day,
        changelist=(200, 200), add=(200, 200), change=(200, 200), delete=(200, 200), history=(200, 200)),
)
# fmt: on
