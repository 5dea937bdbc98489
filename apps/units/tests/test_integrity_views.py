"""The integrity flags' pages and API: who sees which flag, the other unit's side hidden, constant queries, the cache."""
import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from apps.accounts.tests.factories import UserFactory
from apps.applicants.enums import ApplicationStatus
from apps.applicants.models import Application, StatementAnswer
from apps.applicants.tests.factories import ApplicationFactory
from apps.units import integrity
from apps.units.selectors_integrity import flags_for
from apps.units.tests.test_integrity import text
from tests.querycount import capture_queries

pytestmark = pytest.mark.django_db

CODE = "91110000100000000X"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def write_statement(application, answers):
    indicators = list(application.round.indicators.order_by("position"))
    StatementAnswer.objects.bulk_create(
        StatementAnswer(application=application, indicator=indicator, text=answer, version=1)
        for indicator, answer in zip(indicators, answers)
    )


def own_answers(seed):
    return [text(f"{seed}:{i}", 120) for i in range(15)]


@pytest.fixture
def copied_pair(application_a, application_b):
    """B's statement copies 12 of A's 15 answers; its 3 others are B's own."""
    answers_a = own_answers("a")
    answers_b = answers_a[:12] + own_answers("b")[12:]
    write_statement(application_a, answers_a)
    write_statement(application_b, answers_b)
    return answers_a, answers_b


def test_unit_page_shows_a_near_duplicate_with_the_other_units_side_hidden(client, unit_staff_a, copied_pair):
    answers_a, answers_b = copied_pair
    client.force_login(unit_staff_a)

    response = client.get(reverse("units:integrity"))

    [flag] = response.context["flags"]
    assert flag.kind == integrity.NEAR_DUPLICATE
    assert [(side.visible, side.label) for side in flag.sides] == [(True, "王建国"), (False, "另一推荐单位的申报")]
    assert [whose for passage in flag.passages for whose, _, _ in passage.texts] == ["王建国"] * 12
    assert {text for passage in flag.passages for _, _, text in passage.texts} == set(answers_a[:12])
    content = response.content.decode()
    assert "另一推荐单位的申报" in content
    assert answers_a[0] in content
    for secret in ("李秀英", "上海市总工会", *answers_b[12:]):
        assert secret not in content


def test_other_unit_sees_the_same_flag_from_its_side(client, unit_staff_b, copied_pair):
    client.force_login(unit_staff_b)

    [flag] = client.get(reverse("units:integrity")).context["flags"]

    assert [(side.visible, side.label) for side in flag.sides] == [(False, "另一推荐单位的申报"), (True, "李秀英")]


def test_office_sees_both_sides_once_both_are_forwarded(client, programme_staff, round, application_a, application_b, copied_pair):
    client.force_login(programme_staff)
    url = reverse("units:office-integrity", kwargs={"pk": round.pk})
    before = client.get(url).context["flags"]
    Application.objects.filter(pk=application_a.pk).update(status=ApplicationStatus.FORWARDED, forwarded_at=timezone.now())
    one_forwarded = client.get(url).context["flags"]
    Application.objects.filter(pk=application_b.pk).update(status=ApplicationStatus.FORWARDED, forwarded_at=timezone.now())

    [flag] = client.get(url).context["flags"]

    assert before == []
    assert [(side.visible, side.label) for side in one_forwarded[0].sides] == [(True, "王建国"), (False, "推荐单位尚未报送的申报")]
    assert [(side.visible, side.label, side.unit_name) for side in flag.sides] == [
        (True, "王建国", "北京市总工会"), (True, "李秀英", "上海市总工会"),
    ]
    assert [whose for whose, _, _ in flag.passages[0].texts] == ["王建国", "李秀英"]


def test_no_flag_between_unrelated_statements(client, unit_staff_a, application_a, application_b):
    write_statement(application_a, own_answers("a"))
    write_statement(application_b, own_answers("b"))
    client.force_login(unit_staff_a)

    response = client.get(reverse("units:integrity"))

    assert response.context["flags"] == []
    assert "本年度暂未发现需要提示的情况" in response.content.decode()


def test_credit_code_conflict_shows_both_names_within_the_unit_and_nothing_to_another_unit(
    round, unit_a, unit_staff_a, unit_staff_b, application_b
):
    first = ApplicationFactory(round=round, unit=unit_a, status=ApplicationStatus.SUBMITTED, full_name="赵一", employer_name="北京奔驰汽车有限公司", employer_credit_code=CODE)
    second = ApplicationFactory(round=round, unit=unit_a, status=ApplicationStatus.SUBMITTED, full_name="钱二", employer_name="北京汽车集团有限公司", employer_credit_code=CODE)

    [flag] = flags_for(unit_staff_a, round)
    others = flags_for(unit_staff_b, round)

    assert flag.kind == integrity.CREDIT_CODE_CONFLICT
    assert [(side.application_id, side.employer_name) for side in flag.sides] == [
        (first.pk, "北京奔驰汽车有限公司"), (second.pk, "北京汽车集团有限公司"),
    ]
    assert others == []


def test_credit_code_used_consistently_is_no_flag(round, unit_a, unit_staff_a):
    ApplicationFactory(round=round, unit=unit_a, status=ApplicationStatus.SUBMITTED, employer_name="潍柴动力股份有限公司", employer_credit_code=CODE)
    ApplicationFactory(round=round, unit=unit_a, status=ApplicationStatus.SUBMITTED, employer_name="潍柴动力 有限公司", employer_credit_code=CODE)

    assert flags_for(unit_staff_a, round) == []


def test_drafts_are_not_compared(round, unit_a, unit_staff_a, application_a):
    answers = own_answers("a")
    write_statement(application_a, answers)
    write_statement(ApplicationFactory(round=round, unit=unit_a, status=ApplicationStatus.DRAFT), answers)

    assert flags_for(unit_staff_a, round) == []


def test_api_lists_the_same_flags_with_the_other_side_hidden(client, unit_staff_a, round, copied_pair):
    client.force_login(unit_staff_a)

    response = client.get(reverse("api:integrity-flags"), {"round": round.pk})

    body = response.json()
    assert response.status_code == 200
    assert body["round"] == round.pk
    [flag] = body["results"]
    assert flag["kind"] == "near_duplicate"
    assert [(side["visible"], side["label"], side["application_id"]) for side in flag["sides"]] == [
        (True, "王建国", flag["sides"][0]["application_id"]), (False, "另一推荐单位的申报", None),
    ]
    assert "李秀英" not in response.content.decode()
    assert len(flag["passages"]) == 12


@pytest.mark.parametrize("role", ["applicant_a", "expert"])
def test_flags_refused_to_applicants_and_experts(client, request, role, copied_pair):
    client.force_login(request.getfixturevalue(role))

    assert client.get(reverse("units:integrity")).status_code == 403
    assert client.get(reverse("api:integrity-flags")).status_code == 403


def test_api_answers_404_for_a_missing_round(client, unit_staff_a, round):
    client.force_login(unit_staff_a)

    assert client.get(reverse("api:integrity-flags"), {"round": "99999"}).status_code == 404


def grow_copied(round, unit):
    def grow(n):
        for _ in range(n):
            answers = own_answers(f"grow{Application.objects.count()}")
            for copy in range(2):
                write_statement(ApplicationFactory(round=round, unit=unit, status=ApplicationStatus.SUBMITTED), answers)
    return grow


# The page also counts the unread notices of the navigation bar.
@pytest.mark.parametrize("url_name, expected", [("units:integrity", 11), ("api:integrity-flags", 10)])
def test_flags_query_count_is_constant(client, unit_staff_a, round, unit_a, assert_constant_queries, url_name, expected):
    client.force_login(unit_staff_a)

    # Every size changes the data, so each measured request computes: session, user, round, the visible
    # ids, three version aggregates (applications, answers, referees), the applications, answers and referees.
    assert_constant_queries(client, reverse(url_name), grow_copied(round, unit_a), sizes=(1, 4), expected=expected)

    assert len(flags_for(unit_staff_a, round)) == 4


def test_a_cached_result_costs_three_queries_less_and_a_changed_answer_is_seen(client, unit_staff_a, round, application_a, application_b, copied_pair):
    client.force_login(unit_staff_a)
    url = reverse("units:integrity")
    _, computed = capture_queries(client, url)

    response, cached = capture_queries(client, url)
    StatementAnswer.objects.filter(application=application_b).update(text="", version=2)
    changed = client.get(url)

    assert len(cached) == len(computed) - 3
    assert len(response.context["flags"]) == 1
    assert changed.context["flags"] == []


def test_office_page_refused_to_unit_staff(client, unit_staff_a, round):
    client.force_login(unit_staff_a)

    assert client.get(reverse("units:office-integrity", kwargs={"pk": round.pk})).status_code == 403


def test_unit_page_without_a_deployed_round_says_so(client, db):
    staff = UserFactory(role="unit_staff", unit=ApplicationFactory().unit)
    from apps.rounds.models import Round

    Round.objects.update(status="draft")
    client.force_login(staff)

    response = client.get(reverse("units:integrity"))

    assert response.context["flags"] == []
    assert "尚无已部署的遴选年度" in response.content.decode()


def referee_of(application, slot, name, employer, code=""):
    from apps.applicants.models import Referee

    return Referee.objects.create(
        application=application, slot=slot, name=name, email=f"r{application.pk}-{slot}@example.com", title="full_senior",
        employer_name=employer, employer_credit_code=code, token_hash=f"{application.pk:032d}{slot:032d}",
        token_expires_at=timezone.now(), sent_at=timezone.now(),
    )


def test_a_referee_on_three_applications_across_units_is_flagged_with_the_other_unit_hidden(
    round, unit_a, unit_staff_a, application_a, application_b
):
    third = ApplicationFactory(round=round, unit=unit_a, status=ApplicationStatus.SUBMITTED, full_name="刘洋")
    for application in (application_a, application_b, third):
        referee_of(application, 1, "周立新", "哈尔滨工业大学")
    referee_of(application_a, 2, "吴敏", "浙江大学")

    [flag] = flags_for(unit_staff_a, round)

    assert flag.kind == integrity.REFEREE_MANY
    assert [(side.visible, side.label) for side in flag.sides] == [(True, "王建国"), (False, "另一推荐单位的申报"), (True, "刘洋")]


def test_a_replaced_referee_and_one_on_two_applications_are_not_flagged(round, unit_staff_a, application_a, application_b):
    from apps.applicants.models import Referee

    referee_of(application_a, 1, "周立新", "哈尔滨工业大学")
    referee_of(application_b, 1, "周立新", "哈尔滨工业大学")
    replaced = referee_of(ApplicationFactory(round=round, unit=application_a.unit, status=ApplicationStatus.SUBMITTED), 1, "周立新", "哈尔滨工业大学")
    Referee.objects.filter(pk=replaced.pk).update(status="replaced")

    assert flags_for(unit_staff_a, round) == []


def test_a_referee_from_the_applicants_employer_is_flagged(round, unit_a, unit_staff_a):
    application = ApplicationFactory(round=round, unit=unit_a, status=ApplicationStatus.SUBMITTED, full_name="赵一",
                                     employer_name="首钢集团有限公司", employer_credit_code=CODE)
    referee_of(application, 1, "钱程", "首钢集团", code=CODE)
    referee_of(application, 2, "孙强", "北京科技大学")

    [flag] = flags_for(unit_staff_a, round)

    assert flag.kind == integrity.REFEREE_EMPLOYER
    assert flag.summary.startswith("推荐专家钱程的工作单位“首钢集团”与申报人的工作单位（统一社会信用代码相同）一致")
