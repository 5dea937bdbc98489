"""The unit's list of applications (units:applications, api:unit-applications) and its balance pages
(units:balance, api:unit-balance): scope, each filter, search, sorts, pages, counts, masking, what-if."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.applicants.enums import ApplicationStatus as S
from apps.applicants.models import Application, StatementAnswer
from apps.applicants.tests.factories import ApplicationFactory
from apps.core.selectors import history_of
from apps.rounds.enums import RoundStatus
from apps.rounds.tests.factories import QuotaFactory, RoundFactory
from tests.querycount import assert_query_count_constant

pytestmark = pytest.mark.django_db

LIST, BALANCE = reverse("units:applications"), reverse("units:balance")
API_LIST, API_BALANCE = reverse("api:unit-applications"), reverse("api:unit-balance")

# A whole profile except the encrypted numbers (the list checks the ID number through its hash).
PROFILE = {
    "full_name": "王建国", "gender": "M", "birth_date": datetime.date(1980, 5, 1), "employer_name": "北京奔驰汽车有限公司",
    "industry": "C", "region": "11", "post": "数控车工", "frontline_years": 12, "skill_level": "senior_technician",
}
RESIDENT_ID = "11010219800501123X"


def make(round, unit, *, status=S.SUBMITTED, **fields):
    return ApplicationFactory(round=round, unit=unit, status=status, **{**PROFILE, **fields})


def listed(response):
    return [row.pk for row in response.context["rows"]]


def api_listed(response):
    return [item["id"] for item in response.json()["results"]]


@pytest.fixture
def staff(client, unit_staff_a):
    client.force_login(unit_staff_a)
    return client


# --- Scope ------------------------------------------------------------------------------------


def test_list_shows_only_the_units_submitted_applications_in_the_round(staff, round, unit_a, unit_b):
    own = make(round, unit_a)
    make(round, unit_a, status=S.DRAFT)  # not submitted: the unit cannot see it
    make(round, unit_b)
    make(RoundFactory(year=2025, status=RoundStatus.CLOSED), unit_a)  # an earlier round

    response = staff.get(LIST)

    assert (response.status_code, listed(response)) == (200, [own.pk])


def test_list_of_an_earlier_round_by_its_id(staff, round, unit_a):
    earlier = RoundFactory(year=2025, status=RoundStatus.CLOSED)
    old = make(earlier, unit_a)
    make(round, unit_a)

    response = staff.get(LIST, {"round": earlier.pk})

    assert (response.context["round"], listed(response)) == (earlier, [old.pk])


def test_list_of_an_unknown_or_draft_round_is_404(staff, round):
    draft = RoundFactory(year=2030, status=RoundStatus.DRAFT)

    assert (staff.get(LIST, {"round": draft.pk}).status_code, staff.get(LIST, {"round": "x"}).status_code) == (404, 404)


@pytest.mark.parametrize("url", [LIST, BALANCE, API_LIST, API_BALANCE])
def test_other_roles_are_refused(client, applicant_a, programme_staff, expert, url):
    refused = []
    for user in (applicant_a, programme_staff, expert):
        client.force_login(user)
        refused.append(client.get(url).status_code)

    assert refused == [403, 403, 403]


def test_api_lists_only_the_units_applications(client, round, unit_a, unit_b, unit_staff_b):
    make(round, unit_a)
    theirs = make(round, unit_b)
    client.force_login(unit_staff_b)

    response = client.get(API_LIST)

    assert (response.status_code, api_listed(response), response.json()["status_counts"]) == (200, [theirs.pk], {"submitted": 1})


def test_what_if_with_another_units_application_is_refused_and_saves_nothing(staff, round, unit_a, unit_b):
    own = make(round, unit_a, unit_rank=1)
    theirs = make(round, unit_b)
    before = list(Application.objects.order_by("pk").values_list("pk", "status", "unit_rank"))

    page = staff.get(BALANCE, {"ids": [own.pk, theirs.pk]})
    api = staff.get(API_BALANCE, {"ids": f"{own.pk},{theirs.pk}"})

    assert (page.status_code, api.status_code, api.json()["error"]["code"]) == (400, 400, "unknown_ids")
    assert "不属于本单位本年度" in page.content.decode()
    assert list(Application.objects.order_by("pk").values_list("pk", "status", "unit_rank")) == before


# --- Filters, search, sorts -------------------------------------------------------------------


@pytest.mark.parametrize(("field", "value", "other"), [
    ("status", S.RETURNED, S.SUBMITTED),
    ("industry", "E", "C"),
    ("gender", "F", "M"),
    ("region", "31", "11"),
    ("skill_level", "chief_technician", "technician"),
])
def test_each_filter_narrows_the_list_and_the_api(staff, round, unit_a, field, value, other):
    wanted = make(round, unit_a, **{field: value})
    make(round, unit_a, **{field: other})

    page = staff.get(LIST, {field: value})
    api = staff.get(API_LIST, {field: value})

    assert (listed(page), api_listed(api)) == ([wanted.pk], [wanted.pk])


def test_completeness_filter_needs_the_profile_and_every_indicator_answered(staff, round, unit_a):
    complete = make(round, unit_a, resident_id=RESIDENT_ID)
    unanswered = make(round, unit_a, resident_id="110102198005011225")
    no_profile = ApplicationFactory(round=round, unit=unit_a, status=S.SUBMITTED)
    indicators = list(round.indicators.all())
    for application in (complete, no_profile):
        StatementAnswer.objects.bulk_create(StatementAnswer(application=application, indicator=i, text="陈述") for i in indicators)
    StatementAnswer.objects.bulk_create(StatementAnswer(application=unanswered, indicator=i, text="陈述") for i in indicators[1:])

    complete_page = staff.get(LIST, {"completeness": "complete"})
    incomplete_api = staff.get(API_LIST, {"completeness": "incomplete", "sort": "submitted"})

    assert listed(complete_page) == [complete.pk]
    assert sorted(api_listed(incomplete_api)) == sorted([unanswered.pk, no_profile.pk])


def test_search_by_name_finds_the_profile_name_or_the_account_name(staff, round, unit_a):
    by_profile = make(round, unit_a, full_name="李秀英")
    by_account = make(round, unit_a, full_name="")
    by_account.applicant.display_name = "李明"
    by_account.applicant.save()
    other = make(round, unit_a, full_name="张伟")
    other.applicant.display_name = "张伟"  # not a random name (Faker) that could hold the 李 searched for
    other.applicant.save()

    response = staff.get(LIST, {"q": "李", "sort": "submitted"})

    assert listed(response) == [by_profile.pk, by_account.pk]


@pytest.mark.parametrize(("sort", "expected"), [
    # Unranked last either way; statuses in the order of the status table (submitted, returned, ..., forwarded).
    ("rank", ["a", "b", "c"]), ("-rank", ["b", "a", "c"]), ("name", ["a", "b", "c"]), ("-name", ["c", "b", "a"]),
    ("submitted", ["c", "b", "a"]), ("-submitted", ["a", "b", "c"]), ("status", ["b", "a", "c"]), ("-status", ["c", "a", "b"]),
])
def test_sorts(staff, round, unit_a, sort, expected):
    now = timezone.now()
    made = {
        "a": make(round, unit_a, full_name="A甲", unit_rank=1, status=S.RETURNED, submitted_at=now),
        "b": make(round, unit_a, full_name="B乙", unit_rank=2, submitted_at=now - datetime.timedelta(hours=1)),
        "c": make(round, unit_a, full_name="C丙", status=S.FORWARDED, submitted_at=now - datetime.timedelta(hours=2)),
    }
    pks = {application.pk: key for key, application in made.items()}

    page = staff.get(LIST, {"sort": sort})
    api = staff.get(API_LIST, {"sort": sort})

    assert ([pks[pk] for pk in listed(page)], [pks[pk] for pk in api_listed(api)]) == (expected, expected)


def test_pages_of_twenty_and_counts_by_status_ignore_the_status_filter(staff, round, unit_a):
    ApplicationFactory.create_batch(21, round=round, unit=unit_a, status=S.SUBMITTED, gender="M")
    ApplicationFactory.create_batch(2, round=round, unit=unit_a, status=S.RETURNED, gender="M")
    ApplicationFactory(round=round, unit=unit_a, status=S.RETURNED, gender="F")

    second = staff.get(LIST, {"status": "submitted", "gender": "M", "page": 2})

    assert (len(second.context["rows"]), second.context["page"].paginator.count, second.context["status_rows"]) == (
        1, 21, [(S.SUBMITTED, 21), (S.RETURNED, 2)],
    )
    assert "第 2 / 2 页，共 21 条" in second.content.decode()


def test_an_invalid_filter_value_is_ignored_on_the_page_and_refused_by_the_api(staff, round, unit_a):
    application = make(round, unit_a)
    returned = make(round, unit_a, status=S.RETURNED)

    page = staff.get(LIST, {"industry": "Z"})
    returned_page = staff.get(LIST, {"industry": "Z", "status": "returned"})
    api = staff.get(API_LIST, {"industry": "Z"})

    assert (listed(page), api.status_code) == ([application.pk, returned.pk], 400)
    assert (listed(returned_page), returned_page.context["page"].paginator.count) == ([returned.pk], 1)


def test_empty_states_say_why(staff, round, unit_a):
    nothing = staff.get(LIST).content.decode()
    make(round, unit_a)
    filtered = staff.get(LIST, {"q": "无此人"}).content.decode()

    assert "本年度暂无已提交的申报" in nothing
    assert "没有符合条件的申报" in filtered


def test_rows_mask_the_id_and_phone_and_link_to_the_materials(staff, round, unit_a):
    application = make(round, unit_a, resident_id=RESIDENT_ID, mobile="13812345678")

    html = staff.get(LIST).content.decode()
    item = staff.get(API_LIST).json()["results"][0]

    assert ("110***********123X" in html, "138****5678" in html, RESIDENT_ID in html, "13812345678" in html) == (True, True, False, False)
    assert (item["resident_id"], item["mobile"]) == ("110***********123X", "138****5678")
    assert f'href="/applications/{application.pk}/"' in html
    assert f'href="/applications/{application.pk}/evidence/"' in html


def test_list_query_count_is_the_same_for_10_and_500_applications(client, round, unit_a, unit_staff_a):
    client.force_login(unit_staff_a)
    QuotaFactory(round=round, unit=unit_a, places=3)

    def grow(n):
        ApplicationFactory.create_batch(n, round=round, unit=unit_a, status=S.SUBMITTED, **PROFILE)

    # Session, user, the user's unit, the rounds, counts by status, the page's rows, the balance rows, the quota,
    # the unread notices: 9, whatever the number of applications.
    count = assert_query_count_constant(client, LIST, grow, sizes=(10, 500), expected=9)

    assert (count, len(client.get(LIST).context["rows"])) == (9, 20)


def test_api_list_query_count_is_constant(client, round, unit_a, unit_staff_a):
    client.force_login(unit_staff_a)

    def grow(n):
        ApplicationFactory.create_batch(n, round=round, unit=unit_a, status=S.SUBMITTED, **PROFILE)

    assert assert_query_count_constant(client, API_LIST, grow, sizes=(2, 30), expected=7) == 7


# --- The balance panel ------------------------------------------------------------------------


def test_list_shows_the_balance_warning(staff, round, unit_a):
    make(round, unit_a, unit_rank=1)
    make(round, unit_a, unit_rank=2, industry="E")
    make(round, unit_a, gender="F")

    response = staff.get(LIST)

    assert response.context["balance"].warning_codes == ["no_woman"]
    assert "有1名女性申报人，但拟推荐人选中没有女性" in response.content.decode()


def test_balance_page_and_api_what_if(staff, round, unit_a):
    QuotaFactory(round=round, unit=unit_a, places=2)
    man = make(round, unit_a, unit_rank=1)
    make(round, unit_a, unit_rank=2, industry="E")
    woman = make(round, unit_a, gender="F", industry="D")

    current = staff.get(BALANCE)
    what_if = staff.get(BALANCE, {"ids": [man.pk, woman.pk]})
    api = staff.get(API_BALANCE, {"ids": f"{man.pk},{woman.pk}"}).json()

    assert (current.context["balance"].warning_codes, what_if.context["balance"].warning_codes) == (["no_woman"], [])
    assert (api["is_what_if"], api["candidate_ids"], api["warnings"], api["places"]) == (True, [man.pk, woman.pk], [], 2)
    assert [dimension["key"] for dimension in api["dimensions"]] == ["gender", "industry", "region", "skill_level"]
    assert "以下为模拟结果" in what_if.content.decode()


def test_what_if_marks_the_candidates_beyond_the_quota_in_the_proposed_order(staff, round, unit_a):
    QuotaFactory(round=round, unit=unit_a, places=1)
    first, second = make(round, unit_a, full_name="甲", unit_rank=1), make(round, unit_a, full_name="乙", industry="E")

    response = staff.get(BALANCE, {"ids": [second.pk, first.pk]})

    html = response.content.decode()
    assert (response.context["balance"].warning_codes, [row.id for row, _ in response.context["choices"]]) == (
        ["over_quota"], [second.pk, first.pk],
    )
    assert html.count('data-testid="beyond-quota"') == 1
    assert html.index("<li>乙") < html.index("<li>甲") < html.index('data-testid="beyond-quota"')


def test_what_if_saves_nothing(staff, round, unit_a):
    ranked = make(round, unit_a, unit_rank=1)
    other = make(round, unit_a)
    before = (list(Application.objects.order_by("pk").values_list("status", "unit_rank")), len(history_of(ranked)))

    staff.get(BALANCE, {"ids": [other.pk]})
    staff.get(API_BALANCE, {"ids": str(other.pk)})

    assert (list(Application.objects.order_by("pk").values_list("status", "unit_rank")), len(history_of(ranked))) == before


def test_balance_what_if_refuses_a_rejected_application(staff, round, unit_a):
    rejected = make(round, unit_a, status=S.UNIT_REJECTED)

    response = staff.get(API_BALANCE, {"ids": str(rejected.pk)})

    assert (response.status_code, response.json()["error"]["code"]) == (400, "ineligible_ids")


def test_balance_page_query_count_is_constant(client, round, unit_a, unit_staff_a):
    client.force_login(unit_staff_a)

    def grow(n):
        ApplicationFactory.create_batch(n, round=round, unit=unit_a, status=S.SUBMITTED, **PROFILE)

    assert assert_query_count_constant(client, BALANCE, grow, sizes=(2, 30), expected=7) == 7


def test_pages_before_the_first_deployment_say_so(staff):
    assert ("尚未部署" in staff.get(LIST).content.decode(), "尚未部署" in staff.get(BALANCE).content.decode()) == (True, True)
    assert (staff.get(API_LIST).json()["results"], staff.get(API_BALANCE).json()["round"]) == ([], None)
