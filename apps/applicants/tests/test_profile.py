"""The applicant's profile: every field validated in `update_profile`, one person per round, stale edits."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from apps.accounts.roles import Role
from apps.accounts.tests.factories import UserFactory
from apps.applicants.enums import ApplicationStatus as S
from apps.applicants.models import Application
from apps.applicants.profile import (
    DUPLICATE_PERSON,
    FRONTLINE_YEARS_REFUSED,
    STALE_PROFILE,
    ProfileInvalid,
    reveal_resident_id,
    update_profile,
)
from apps.applicants.services import start_application
from apps.applicants.tests.factories import ApplicationFactory
from apps.core.exceptions import DomainError
from apps.core.fields import blind_index_for
from apps.core.models import AuditEntry
from apps.core.tests.test_locking import run_concurrently
from apps.core.validators import resident_id_check_char
from apps.rounds.tests.factories import RoundFactory

pytestmark = pytest.mark.django_db


def make_resident_id(region="110101", birth="19850601", sequence="123"):
    first17 = f"{region}{birth}{sequence}"
    return first17 + resident_id_check_char(first17)


MALE_ID = make_resident_id(sequence="123")  # 17th digit 3: a man
FEMALE_ID = make_resident_id(sequence="124")
CREDIT_CODE = "91110100850001982H"


@pytest.fixture
def draft_a(round, unit_a, applicant_a):
    return ApplicationFactory(round=round, unit=unit_a, applicant=applicant_a, status=S.DRAFT)


def save(application, by, **data):
    application.refresh_from_db()
    return update_profile(application, by=by, data=data, version=application.profile_version)


def errors_of(application, by, **data):
    with pytest.raises(ProfileInvalid) as excinfo:
        save(application, by, **data)
    return excinfo.value.details


def test_update_profile_saves_every_field_and_audits_the_id_masked(draft_a, applicant_a):
    save(
        draft_a, applicant_a, full_name="王建国", resident_id=MALE_ID, mobile="13812345678", email="wang@example.com",
        employer_name="中国中车股份有限公司", employer_credit_code=CREDIT_CODE, industry="C", region="11", post="数控车工",
        frontline_years="18", skill_level="senior_technician", competition_placings="2019年全国数控技能大赛第二名",
        titles_held="全国五一劳动奖章",
    )

    draft_a.refresh_from_db()
    assert (draft_a.full_name, draft_a.gender, draft_a.birth_date, draft_a.resident_id, draft_a.mobile, draft_a.frontline_years) == (
        "王建国", "M", datetime.date(1985, 6, 1), MALE_ID, "13812345678", 18
    )
    assert (draft_a.resident_id_hash, draft_a.profile_version) == (blind_index_for("resident_id", MALE_ID), 1)
    entry = AuditEntry.objects.get(action="applicants.application.profile_updated")
    assert (entry.data["new"]["resident_id"], entry.data["new"]["mobile"]) == ("110***********" + MALE_ID[-4:], "138****5678")
    assert MALE_ID not in str(entry.data) and "13812345678" not in str(entry.data)


def test_update_profile_accepts_full_width_digits_and_a_lower_case_x(draft_a, applicant_a):
    resident_id = next(make_resident_id(sequence=f"{n:03d}") for n in range(1000) if make_resident_id(sequence=f"{n:03d}").endswith("X"))
    full_width = resident_id[:-1].translate(str.maketrans("0123456789", "０１２３４５６７８９")) + "x"

    save(draft_a, applicant_a, resident_id=full_width, mobile="１３８ １２３４ ５６７８", employer_credit_code=CREDIT_CODE.lower())

    draft_a.refresh_from_db()
    assert (draft_a.resident_id, draft_a.mobile, draft_a.employer_credit_code) == (resident_id, "13812345678", CREDIT_CODE)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("resident_id", MALE_ID[:-1] + ("0" if MALE_ID[-1] != "0" else "1"), "居民身份证号码校验码错误，请核对后重新输入。"),
        ("resident_id", "11010119850601123", "居民身份证号码应为18位，前17位为数字，最后一位为数字或X。"),
        ("resident_id", make_resident_id(birth="19850231"), "居民身份证号码中的出生日期不存在。"),
        ("mobile", "12812345678", "请输入11位中国大陆手机号码，以1开头。"),
        ("employer_credit_code", "91110000100012345X", "统一社会信用代码校验码错误，请核对后重新输入。"),
        ("employer_credit_code", "9111", "统一社会信用代码应为18位。"),
        ("employer_name", "厂" * 101, "工作单位名称不能超过100个字。"),
        ("full_name", "王" * 51, "姓名不能超过50个字。"),
        ("post", "岗" * 101, "岗位不能超过100个字。"),
        ("titles_held", "奖" * 1001, "已获荣誉称号不能超过1000个字。"),
        ("email", "not-an-email", "请输入有效的电子邮箱地址。"),
        ("industry", "Z", "请选择有效的所属行业。"),
        ("region", "99", "请选择有效的所在地区。"),
        ("skill_level", "grandmaster", "请选择有效的技能等级。"),
        ("gender", "X", "请选择有效的性别。"),
        ("birth_date", "1985/06/01", "出生日期格式应为“年-月-日”，如 1985-06-01。"),
        ("frontline_years", "4", FRONTLINE_YEARS_REFUSED),
        ("frontline_years", "五年", "一线生产现场工作年限应为整数（年）。"),
        ("frontline_years", "61", "一线生产现场工作年限应在0至60年之间。"),
    ],
)
def test_update_profile_refuses_an_invalid_field_and_changes_nothing(draft_a, applicant_a, field, value, message):
    before = Application.objects.filter(pk=draft_a.pk).values().get()

    assert errors_of(draft_a, applicant_a, **{field: value}) == {field: message}

    assert Application.objects.filter(pk=draft_a.pk).values().get() == before
    assert not AuditEntry.objects.exists()


def test_fewer_than_five_frontline_years_are_refused_with_the_rules_reason(draft_a, applicant_a):
    assert FRONTLINE_YEARS_REFUSED == "一线生产现场工作经历不足5年，不符合申报基本条件：培育对象要有5年以上一线生产现场工作经历。"
    assert errors_of(draft_a, applicant_a, frontline_years=4) == {"frontline_years": FRONTLINE_YEARS_REFUSED}
    save(draft_a, applicant_a, frontline_years=5)
    draft_a.refresh_from_db()
    assert draft_a.frontline_years == 5


def test_birth_date_and_gender_must_agree_with_the_id_number(draft_a, applicant_a):
    assert errors_of(draft_a, applicant_a, resident_id=MALE_ID, birth_date="1985-06-02", gender="F") == {
        "birth_date": "出生日期与居民身份证号码中的出生日期不一致，请核对。",
        "gender": "性别与居民身份证号码不一致，请核对。",
    }
    save(draft_a, applicant_a, resident_id=FEMALE_ID, birth_date="", gender="")
    draft_a.refresh_from_db()
    assert (draft_a.gender, draft_a.birth_date) == ("F", datetime.date(1985, 6, 1))


def test_every_bad_field_is_reported_at_once(draft_a, applicant_a):
    assert set(errors_of(draft_a, applicant_a, mobile="1", employer_credit_code="1", frontline_years=1)) == {
        "mobile", "employer_credit_code", "frontline_years",
    }


def test_a_stale_form_is_refused_instead_of_overwriting(draft_a, applicant_a):
    save(draft_a, applicant_a, post="钳工")

    with pytest.raises(DomainError) as excinfo:
        update_profile(draft_a, by=applicant_a, data={"post": "焊工"}, version=0)

    assert (excinfo.value.message, excinfo.value.code) == (STALE_PROFILE, "stale")
    draft_a.refresh_from_db()
    assert (draft_a.post, draft_a.profile_version) == ("钳工", 1)


@pytest.mark.parametrize("other", ["applicant_b", "unit_staff_a", "programme_staff"])
def test_only_the_owner_edits_the_profile(request, draft_a, other):
    with pytest.raises(PermissionDenied):
        save(draft_a, request.getfixturevalue(other), post="焊工")


def test_a_submitted_application_profile_cannot_be_edited(application_a, applicant_a):
    with pytest.raises(DomainError) as excinfo:
        save(application_a, applicant_a, post="焊工")

    assert excinfo.value.message == "申报当前状态为“已提交”，基本信息不能修改。"


def test_one_person_applies_once_per_round_whatever_the_account(round, unit_a, unit_b, draft_a, applicant_a, applicant_b):
    save(draft_a, applicant_a, resident_id=MALE_ID)
    other = ApplicationFactory(round=round, unit=unit_b, applicant=applicant_b, status=S.DRAFT)

    assert errors_of(other, applicant_b, resident_id=MALE_ID) == {"resident_id": DUPLICATE_PERSON}
    # The same person in another round is fine.
    next_year = ApplicationFactory(round=RoundFactory(year=2027), unit=unit_b, applicant=applicant_b, status=S.DRAFT)
    save(next_year, applicant_b, resident_id=MALE_ID)


def test_start_application_validates_the_employer_and_refuses_a_300_character_name(round, unit_a, applicant_a):
    with pytest.raises(ProfileInvalid) as excinfo:
        start_application(by=applicant_a, round=round, unit=unit_a, employer_name="厂" * 300, employer_credit_code="123", consent=True)

    assert excinfo.value.details == {
        "employer_name": "工作单位名称不能超过100个字。", "employer_credit_code": "统一社会信用代码应为18位。",
    }
    assert not Application.objects.exists()


def test_start_application_needs_consent_once_and_prefills_from_the_previous_year(round, unit_a, applicant_a):
    last_year = ApplicationFactory(round=RoundFactory(year=2025), unit=unit_a, applicant=applicant_a, status=S.DRAFT)
    save(last_year, applicant_a, resident_id=MALE_ID, post="数控车工", frontline_years=17)

    with pytest.raises(DomainError) as excinfo:
        start_application(by=applicant_a, round=round, unit=unit_a)
    assert excinfo.value.code == "consent_required"

    application = start_application(by=applicant_a, round=round, unit=unit_a, consent=True, ip_address="203.0.113.5")

    assert (application.resident_id, application.post, application.frontline_years, application.full_name) == (
        MALE_ID, "数控车工", 17, "王建国"
    )
    consent = applicant_a.consents.get()
    assert (consent.purpose, consent.policy_version, consent.ip_address) == ("application", "2026.1", "203.0.113.5")


def test_start_application_refuses_a_person_already_applying_from_another_account(round, unit_a, applicant_a, applicant_b):
    save(ApplicationFactory(round=round, unit=unit_a, applicant=applicant_a, status=S.DRAFT), applicant_a, resident_id=MALE_ID)
    save(ApplicationFactory(round=RoundFactory(year=2025), unit=unit_a, applicant=applicant_b, status=S.DRAFT), applicant_b, resident_id=MALE_ID)

    with pytest.raises(ProfileInvalid) as excinfo:
        start_application(by=applicant_b, round=round, unit=unit_a, consent=True)

    assert excinfo.value.details == {"resident_id": DUPLICATE_PERSON}


def test_the_office_full_view_of_the_id_number_is_audited(round, unit_a, applicant_a, programme_staff, unit_staff_a):
    forwarded = ApplicationFactory(round=round, unit=unit_a, applicant=applicant_a, status=S.FORWARDED, resident_id=MALE_ID)

    assert reveal_resident_id(forwarded, by=applicant_a) == MALE_ID
    assert not AuditEntry.objects.exists()
    assert reveal_resident_id(forwarded, by=programme_staff) == MALE_ID
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.object_id) == ("applicants.application.resident_id_viewed", programme_staff, str(forwarded.pk))
    with pytest.raises(PermissionDenied):
        reveal_resident_id(forwarded, by=unit_staff_a)


@pytest.mark.postgresql
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's concurrent transactions")
@pytest.mark.django_db(transaction=True)
def test_two_accounts_entering_one_id_number_at_once_yield_one_application_and_a_clear_error():
    round = RoundFactory(year=2026)
    first, second = (
        ApplicationFactory(round=round, applicant=UserFactory(role=Role.APPLICANT), status=S.DRAFT) for _ in range(2)
    )

    errors = run_concurrently(
        lambda: update_profile(first, by=first.applicant, data={"resident_id": MALE_ID}, version=0),
        lambda: update_profile(second, by=second.applicant, data={"resident_id": MALE_ID}, version=0),
    )

    assert [(type(error), error.details) for error in errors] == [(ProfileInvalid, {"resident_id": DUPLICATE_PERSON})]
    assert Application.objects.filter(resident_id_hash=blind_index_for("resident_id", MALE_ID)).count() == 1
