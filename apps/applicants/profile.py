"""The applicant's profile (申报人基本信息) on an application: the one place every field is validated.

The page (`views_profile`), the API (`api_profile`) and any later caller go through `update_profile`,
so they refuse the same input with the same Chinese message. The full resident ID number is shown
to its owner and the office only; the office's view is audited (`reveal_resident_id`).
"""
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from apps.accounts.roles import is_programme_staff
from apps.core import audit
from apps.core.edits import save_edits
from apps.core.exceptions import DomainError
from apps.core.fields import blind_index_for
from apps.core.masking import mask_phone, mask_resident_id
from apps.core.validators import birth_date_from_resident_id, validate_credit_code, validate_mobile, validate_resident_id
from apps.units.regions import PROVINCE_NAMES

from .enums import ApplicationStatus
from .models import Application
from .permissions import can_view, is_owner
from .profile_enums import Gender, Industry, SkillLevel

# The fields `update_profile` writes, in the order of the form.
PROFILE_FIELDS = (
    "full_name", "gender", "birth_date", "resident_id", "mobile", "email", "employer_name", "employer_credit_code",
    "industry", "region", "post", "frontline_years", "skill_level", "competition_placings", "titles_held",
)
# The applicant edits the profile while the application is theirs to change.
EDITABLE_STATUSES = frozenset({ApplicationStatus.DRAFT, ApplicationStatus.RETURNED})
MIN_FRONTLINE_YEARS = 5
FRONTLINE_YEARS_REFUSED = (
    "一线生产现场工作经历不足5年，不符合申报基本条件：培育对象要有5年以上一线生产现场工作经历。"
)
DUPLICATE_PERSON = "该居民身份证号码在本年度已有一份申报。每人每年度只能申报一次，请勿使用其他账号重复申报。"
STALE_PROFILE = "基本信息已在其他页面或设备上修改，为避免覆盖，本次保存未生效。请刷新页面，核对后重新填写。"


class ProfileInvalid(DomainError):
    """Some fields did not validate: `details` maps each field to its message."""

    code = "profile_invalid"

    def __init__(self, errors):
        self.details = errors
        super().__init__("；".join(errors.values()))


def _text(limit, label):
    def clean(value):
        value = str(value or "").strip()
        if "\x00" in value:
            raise ValidationError(f"{label}含有无效字符。")
        if len(value) > limit:
            raise ValidationError(f"{label}不能超过{limit}个字。")
        return value

    return clean


def _choice(choices, label):
    def clean(value):
        value = str(value or "").strip()
        if value and value not in dict(choices):
            raise ValidationError(f"请选择有效的{label}。")
        return value

    return clean


def _birth_date(value):
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        date = datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationError("出生日期格式应为“年-月-日”，如 1985-06-01。") from None
    if date.year < 1900 or date > datetime.date.today():
        raise ValidationError("出生日期不合理，请核对。")
    return date


def _resident_id(value):
    value = str(value or "").strip()
    return validate_resident_id(value) if value else ""


def _mobile(value):
    value = str(value or "").strip()
    return validate_mobile(value) if value else ""


def _email(value):
    value = str(value or "").strip()
    if not value:
        return ""
    if len(value) > 254:
        raise ValidationError("电子邮箱不能超过254个字符。")
    try:
        validate_email(value)
    except ValidationError:
        raise ValidationError("请输入有效的电子邮箱地址。") from None
    return value


def _credit_code(value):
    value = str(value or "").strip()
    return validate_credit_code(value) if value else ""


def _frontline_years(value):
    if value in (None, ""):
        return None
    try:
        years = int(str(value).strip())
    except ValueError:
        raise ValidationError("一线生产现场工作年限应为整数（年）。") from None
    if years < 0 or years > 60:
        raise ValidationError("一线生产现场工作年限应在0至60年之间。")
    if years < MIN_FRONTLINE_YEARS:
        raise ValidationError(FRONTLINE_YEARS_REFUSED)
    return years


CLEANERS = {
    "full_name": _text(50, "姓名"),
    "gender": _choice(Gender.choices, "性别"),
    "birth_date": _birth_date,
    "resident_id": _resident_id,
    "mobile": _mobile,
    "email": _email,
    "employer_name": _text(100, "工作单位名称"),
    "employer_credit_code": _credit_code,
    "industry": _choice(Industry.choices, "所属行业"),
    "region": _choice(tuple(PROVINCE_NAMES.items()), "所在地区"),
    "post": _text(100, "岗位"),
    "frontline_years": _frontline_years,
    "skill_level": _choice(SkillLevel.choices, "技能等级"),
    "competition_placings": _text(1000, "全国性职业技能比赛名次"),
    "titles_held": _text(1000, "已获荣誉称号"),
}


def clean_profile(data):
    """`data` (raw values by field name) validated and normalised; raises ProfileInvalid with every field's message.

    Only the fields present in `data` are cleaned. Gender and birth date, when given beside a
    resident ID number, must agree with it (GB 11643: digits 7-14 the birth date, the 17th odd
    for men); when left blank they are taken from it.
    """
    unknown = set(data) - set(PROFILE_FIELDS)
    if unknown:
        raise ProfileInvalid({name: f"未知字段：{name}" for name in sorted(unknown)})
    cleaned, errors = {}, {}
    for name in PROFILE_FIELDS:
        if name in data:
            try:
                cleaned[name] = CLEANERS[name](data[name])
            except ValidationError as error:
                errors[name] = "；".join(error.messages)
    resident_id = cleaned.get("resident_id")
    if resident_id:
        _agree_with_resident_id(cleaned, resident_id, errors)
    if errors:
        raise ProfileInvalid(errors)
    return cleaned


def _agree_with_resident_id(cleaned, resident_id, errors):
    birth = birth_date_from_resident_id(resident_id)
    gender = Gender.MALE if int(resident_id[16]) % 2 else Gender.FEMALE
    if cleaned.get("birth_date") and "birth_date" not in errors and cleaned["birth_date"] != birth:
        errors["birth_date"] = "出生日期与居民身份证号码中的出生日期不一致，请核对。"
    elif "birth_date" not in errors:
        cleaned["birth_date"] = birth
    if cleaned.get("gender") and "gender" not in errors and cleaned["gender"] != gender:
        errors["gender"] = "性别与居民身份证号码不一致，请核对。"
    elif "gender" not in errors:
        cleaned["gender"] = gender


def check_person_free_in_round(round_id, resident_id, *, exclude_pk=None):
    """Refuse an ID number that already has an application in the round (another account's, too)."""
    taken = Application.objects.filter(round_id=round_id, resident_id_hash=blind_index_for("resident_id", resident_id))
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ProfileInvalid({"resident_id": DUPLICATE_PERSON})


def can_edit_profile(user, application):
    return is_owner(user, application) and application.status in EDITABLE_STATUSES


@transaction.atomic
def update_profile(application, *, by, data, version):
    """The applicant saves the profile fields in `data`, read at `version` (`profile_version`).

    Refuses anyone but the owner (403), an application past editing, a stale form (another save
    since `version`), any invalid field (`ProfileInvalid`, every message at once) and an ID number
    already applying in the round, under a race too (the unique constraint). Bumps
    `profile_version`. Audits `applicants.application.profile_updated` with the old and new
    values, ID and mobile numbers masked.
    """
    # Lock first: two tabs saving at once must not both pass the version check.
    application = Application.objects.select_for_update(of=("self",)).select_related("round").get(pk=application.pk)
    if not is_owner(by, application):
        raise PermissionDenied
    if application.status not in EDITABLE_STATUSES:
        raise DomainError(f"申报当前状态为“{application.get_status_display()}”，基本信息不能修改。", code="not_editable")
    if version is None or int(version) != application.profile_version:
        raise DomainError(STALE_PROFILE, code="stale")
    cleaned = clean_profile(data)
    if cleaned.get("resident_id"):
        check_person_free_in_round(application.round_id, cleaned["resident_id"], exclude_pk=application.pk)
    stored = Application.objects.get(pk=application.pk)
    for name, value in cleaned.items():
        setattr(application, name, value)
    application.profile_version += 1
    try:
        with transaction.atomic():  # a savepoint: a concurrent twin's commit surfaces here, not as a 500
            save_edits(application, stored, by=by, action="applicants.application.profile_updated", fields=[*cleaned, "profile_version"])
    except IntegrityError:
        raise ProfileInvalid({"resident_id": DUPLICATE_PERSON}) from None
    except ValidationError as error:  # full_clean: a twin committed since the check above, or a model rule
        if cleaned.get("resident_id"):
            check_person_free_in_round(application.round_id, cleaned["resident_id"], exclude_pk=application.pk)
        raise ProfileInvalid({name: "；".join(messages) for name, messages in error.message_dict.items()}) from None
    return application


def previous_profile(user, *, before_round):
    """The profile fields of `user`'s latest application before `before_round`, to prefill a new one."""
    previous = (
        Application.objects.filter(applicant=user, round__year__lt=before_round.year).order_by("-round__year").first()
    )
    if previous is None:
        return {}
    return {name: getattr(previous, name) for name in PROFILE_FIELDS if getattr(previous, name) not in ("", None)}


# --- Showing the profile -----------------------------------------------------------------------


def sees_full_resident_id(user, application):
    """Its owner sees the number whole on the page; the office only through the audited reveal."""
    return is_owner(user, application)


def may_reveal_resident_id(user, application):
    """The office may ask for the full number (audited); the owner sees it anyway."""
    return bool(application.resident_id) and is_programme_staff(user) and not is_owner(user, application)


def masked_profile(application):
    """The ID and mobile numbers as everyone but the owner (and the office's audited view) sees them."""
    return {
        "resident_id": mask_resident_id(application.resident_id) if application.resident_id else "",
        "mobile": mask_phone(application.mobile) if application.mobile else "",
    }


@transaction.atomic
def reveal_resident_id(application, *, by):
    """The office (or the owner) reads the full ID number. The office's read is audited
    (`applicants.application.resident_id_viewed`); anyone else is refused (403)."""
    if not can_view(by, application):
        raise PermissionDenied
    if is_owner(by, application):
        return application.resident_id
    if not is_programme_staff(by):
        raise PermissionDenied
    audit.record(by, "applicants.application.resident_id_viewed", application)
    return application.resident_id
