"""The three referees of an application: invite, resend, replace (the applicant) and confirm (the referee, by link).

The rules: exactly 3 live referees (one per slot); each holds a senior title (正高级/副高级 or 高级技师 and
above, `RefereeTitle`); none is from the applicant's employer, compared by unified social credit code and
by normalised name (`normalise_employer_name`), when invited and again when they confirm with the employer
they state themselves. The applicant's changes need an editable application (`statement.check_editable_by`),
and so does a confirmation.

The link: a random token mailed to the referee; only its HMAC (`token_digest`) is stored, so the database
cannot mail or forge a link. A link works once (confirming uses it) and until `token_expires_at`
(settings.REFEREE_LINK_DAYS); resending makes a new token and the old one dead; replacing a referee makes
theirs say so. Neither the token nor its digest is audited or logged (`apps.core.masking` masks the path).
"""
import hashlib
import hmac
import secrets
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from apps.core import audit
from apps.core.exceptions import DomainError
from apps.core.validators import normalize_credit_code, validate_credit_code

from . import filechecks
from .models import Application, Referee
from .models_referees import EXPIRED, SLOTS, RefereeStatus, RefereeTitle, link_days
from .registration import _mail
from .statement import check_editable_by, is_editable

REFEREES_REQUIRED = len(SLOTS)
RELATIONSHIP_MAX_LENGTH = 200
TOKEN_SALT = b"applicants.referee-link"

TITLE_RULE = "推荐专家须具有正高级或副高级专业技术职称，或高级技师及以上技能等级（高级技师、特级技师、首席技师）。"


# --- Employers --------------------------------------------------------------------------------

# Legal-form endings that do not tell two employers apart, longest first.
_LEGAL_SUFFIXES = (
    "股份有限公司", "有限责任公司", "集团有限公司", "有限公司", "股份公司", "集团公司", "总公司", "分公司", "公司", "集团",
    "coltd", "limited", "ltd", "inc",
)


def normalise_employer_name(name):
    """An employer's name for comparison: full-width folded, lower case, no spaces or punctuation, no legal-form ending.

    `中国 第一汽车（集团）有限公司` and `中国第一汽车集团` compare equal (a group and its company are one
    employer); `中车株洲电力机车有限公司` and `中车株洲电力机车研究所有限公司` do not, nor does a branch named
    after its company (`…有限公司长春分公司`): the credit code, or the office, catches those.
    """
    text = unicodedata.normalize("NFKC", str(name or "")).lower()
    text = "".join(char for char in text if unicodedata.category(char)[0] in "LN")
    changed = True
    while changed:
        changed = False
        for suffix in _LEGAL_SUFFIXES:
            if text.endswith(suffix) and len(text) > len(suffix):
                text, changed = text[: -len(suffix)], True
                break
    return text


def same_employer_reason(application, *, employer_name, employer_credit_code=""):
    """Why a referee at this employer is from the applicant's own employer (a sentence), or None."""
    code = normalize_credit_code(employer_credit_code or "")
    own_code = normalize_credit_code(application.employer_credit_code or "")
    if code and own_code and code == own_code:
        return f"推荐专家须为非本单位专家：其工作单位的统一社会信用代码与申报人工作单位（{application.employer_name}）相同。"
    name, own_name = normalise_employer_name(employer_name), normalise_employer_name(application.employer_name)
    if name and own_name and name == own_name:
        return f"推荐专家须为非本单位专家：其工作单位“{employer_name}”与申报人工作单位“{application.employer_name}”为同一单位。"
    return None


# --- Input ---------------------------------------------------------------------------------------


def _text(value, label, max_length, *, required=True):
    value = unicodedata.normalize("NFC", str(value or "")).strip()
    if any(unicodedata.category(char) in ("Cc", "Cf", "Cs") for char in value):
        raise DomainError(f"{label}中含有无法保存的控制字符。", code="invalid_text")
    if required and not value:
        raise DomainError(f"请填写{label}。", code="required")
    if len(value) > max_length:
        raise DomainError(f"{label}不超过{max_length}个字。", code="too_long")
    return value


def clean_title(title):
    if title not in RefereeTitle.values:
        raise DomainError(TITLE_RULE, code="referee_title")
    return title


def clean_credit_code(code, *, required):
    code = normalize_credit_code(code or "")
    if not code:
        if required:
            raise DomainError("请填写工作单位的统一社会信用代码（18位）。", code="credit_code")
        return ""
    try:
        return validate_credit_code(code)
    except ValidationError as error:
        raise DomainError(error.messages[0], code="credit_code") from None


def clean_employer(application, *, employer_name, employer_credit_code, code_required):
    """The employer's name and code, refused when invalid or when they are the applicant's own employer."""
    name = _text(employer_name, "推荐专家的工作单位", 100)
    code = clean_credit_code(employer_credit_code, required=code_required)
    reason = same_employer_reason(application, employer_name=name, employer_credit_code=code)
    if reason:
        raise DomainError(reason, code="same_employer")
    return name, code


def clean_invitation(application, *, name, email, title, employer_name, employer_credit_code="", relationship=""):
    """The cleaned fields of a referee the applicant names, or a DomainError saying what is wrong."""
    if not (application.employer_name or "").strip():
        raise DomainError("请先在基本信息中填写您的工作单位，以便核对推荐专家不是本单位人员。", code="no_employer")
    person = _text(name, "推荐专家姓名", 50)
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise DomainError("请输入推荐专家有效的电子邮箱地址。", code="email") from None
    own = {(application.email or "").strip().lower(), (application.applicant.email or "").strip().lower()} - {""}
    if email in own:
        raise DomainError("推荐专家的邮箱不能是申报人本人的邮箱。", code="own_email")
    title = clean_title(title)
    employer, code = clean_employer(application, employer_name=employer_name, employer_credit_code=employer_credit_code, code_required=False)
    return {
        "name": person, "email": email, "title": title, "employer_name": employer, "employer_credit_code": code,
        "relationship": _text(relationship, "与申报人的关系", RELATIONSHIP_MAX_LENGTH, required=False),
    }


# --- Tokens and mail -----------------------------------------------------------------------------


def token_digest(token):
    """The stored form of a link's token: HMAC-SHA256 keyed by SECRET_KEY (a leaked table mails nothing)."""
    key = hmac.new(settings.SECRET_KEY.encode(), TOKEN_SALT, hashlib.sha256).digest()
    return hmac.new(key, str(token).encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()


def _new_link(referee, now):
    """Give `referee` a fresh token (the previous one dies) and return the token, to mail and forget."""
    token = secrets.token_urlsafe(32)
    referee.token_hash = token_digest(token)
    referee.token_expires_at = now + timedelta(days=link_days())
    referee.sent_at = now
    return token


def link_for(token):
    return f"{settings.PORTAL_URL.rstrip('/')}{reverse('applicants:referee-link', kwargs={'token': token})}"


def _mail_invitation(referee, application, token):
    context = {
        "referee": referee, "application": application, "applicant": application.full_name or application.applicant,
        "round": application.round, "link": link_for(token), "days": link_days(), "expires_at": referee.token_expires_at,
    }
    _mail("referee_invitation", referee.email, context)


# --- The applicant's changes ------------------------------------------------------------------


def _locked_application(application, by):
    # Lock the application first: its status decides whether referees may change, and two invitations
    # at once must not both take the last free slot.
    application = Application.objects.select_for_update(of=("self",)).select_related("round", "applicant").get(pk=application.pk)
    check_editable_by(application, by)
    return application


def live_referees(application):
    """The application's referees not replaced, by slot (one query)."""
    return list(Referee.objects.filter(application=application).exclude(status=RefereeStatus.REPLACED).order_by("slot"))


def _check_not_named(application, email, *, besides=None):
    taken = Referee.objects.filter(application=application, email=email).exclude(status=RefereeStatus.REPLACED)
    if besides is not None:
        taken = taken.exclude(pk=besides.pk)
    if taken.exists():
        raise DomainError("该邮箱的推荐专家已在您的推荐专家名单中，请邀请另一位专家。", code="referee_twice")


@transaction.atomic
def invite_referee(application, *, by, name, email, title, employer_name, employer_credit_code="", relationship=""):
    """The applicant names a referee in the first free slot and the referee is mailed a link.

    Refuses: anyone but the applicant (403); an application that may not be edited now; a fourth referee;
    a title below the rule; a referee from the applicant's employer (credit code or normalised name);
    an email already named or the applicant's own. Audits `applicants.referee.invited` (slot, name, title).
    """
    check_editable_by(application, by)
    application = _locked_application(application, by)
    data = clean_invitation(application, name=name, email=email, title=title, employer_name=employer_name,
                            employer_credit_code=employer_credit_code, relationship=relationship)
    taken = {referee.slot for referee in live_referees(application)}
    free = [slot for slot in SLOTS if slot not in taken]
    if not free:
        raise DomainError(f"每份申报须有且只有{REFEREES_REQUIRED}位推荐专家，已邀请{REFEREES_REQUIRED}位；如需调整，请更换尚未确认的推荐专家。", code="referees_full")
    _check_not_named(application, data["email"])
    referee = Referee(application=application, slot=free[0], **data)
    token = _new_link(referee, timezone.now())
    referee.save()
    audit.record(by, "applicants.referee.invited", application, slot=referee.slot, name=referee.name, title=referee.title_label)
    _mail_invitation(referee, application, token)
    return referee


def _locked_referee(referee, application):
    referee = Referee.objects.select_for_update().get(pk=referee.pk)
    if referee.application_id != application.pk:
        raise DomainError("该推荐专家不属于本申报。", code="wrong_application")
    return referee


@transaction.atomic
def resend_invitation(referee, *, by):
    """Mail an invited referee a new link (also after expiry); the previous link stops working.

    Audits `applicants.referee.resent` (slot, name).
    """
    check_editable_by(referee.application, by)
    application = _locked_application(referee.application, by)
    referee = _locked_referee(referee, application)
    if referee.status != RefereeStatus.INVITED:
        raise DomainError(f"推荐专家{referee.name}{referee.get_status_display()}，不需要重新发送邀请。", code="referee_not_invited")
    token = _new_link(referee, timezone.now())
    referee.send_count += 1
    referee.save(update_fields=["token_hash", "token_expires_at", "sent_at", "send_count", "updated_at"])
    audit.record(by, "applicants.referee.resent", application, slot=referee.slot, name=referee.name)
    _mail_invitation(referee, application, token)
    return referee


def may_replace(application, referee):
    """Not yet confirmed; or confirmed but now sharing the applicant's employer (the applicant changed employer)."""
    if referee.status == RefereeStatus.INVITED:
        return True
    return referee.status == RefereeStatus.CONFIRMED and bool(
        same_employer_reason(application, employer_name=referee.employer_name, employer_credit_code=referee.employer_credit_code)
    )


@transaction.atomic
def replace_referee(referee, *, by, name, email, title, employer_name, employer_credit_code="", relationship=""):
    """Put a new referee in the slot of one not yet confirmed; the old link then says it was replaced.

    Same checks as `invite_referee`. Audits `applicants.referee.replaced` (slot, old and new name).
    """
    check_editable_by(referee.application, by)
    application = _locked_application(referee.application, by)
    referee = _locked_referee(referee, application)
    if referee.status == RefereeStatus.REPLACED:
        raise DomainError("该推荐专家已被更换。", code="referee_replaced")
    if not may_replace(application, referee):
        raise DomainError(f"推荐专家{referee.name}已确认推荐，不能更换。", code="referee_confirmed")
    data = clean_invitation(application, name=name, email=email, title=title, employer_name=employer_name,
                            employer_credit_code=employer_credit_code, relationship=relationship)
    _check_not_named(application, data["email"], besides=referee)
    now = timezone.now()
    referee.status, referee.replaced_at = RefereeStatus.REPLACED, now
    referee.save(update_fields=["status", "replaced_at", "updated_at"])
    successor = Referee(application=application, slot=referee.slot, **data)
    token = _new_link(successor, now)
    successor.save()
    audit.record(by, "applicants.referee.replaced", application, slot=referee.slot, previous=referee.name, name=successor.name, title=successor.title_label)
    _mail_invitation(successor, application, token)
    return successor


# --- The referee's link -----------------------------------------------------------------------

LINK_INVALID = "该链接无效或已失效（申报人可能已重新发送邀请），请使用最新邮件中的链接，或联系申报人。"
LINK_USED = "该链接已使用：您已确认过这份推荐，无需再次确认。感谢您的支持！"
LINK_EXPIRED = "该链接已过期，请联系申报人重新发送邀请邮件。"
LINK_REPLACED = "申报人已更换推荐专家，该链接已失效，无需再操作。"
LINK_CLOSED = "该申报当前不能修改（已提交，或本年度推荐阶段已结束），暂不能确认推荐。"


@dataclass(frozen=True)
class LinkProblem:
    message: str
    code: str


def referee_for_token(token):
    """The referee whose live link `token` is, or a `LinkProblem` saying (in Chinese) why the link does not work."""
    token = str(token or "")
    if not token or len(token) > 100:
        return LinkProblem(LINK_INVALID, "invalid")
    referee = Referee.objects.select_related("application__round", "application__applicant").filter(token_hash=token_digest(token)).first()
    if referee is None:
        return LinkProblem(LINK_INVALID, "invalid")
    return _problem(referee) or referee


def _problem(referee, now=None):
    if referee.status == RefereeStatus.CONFIRMED:
        return LinkProblem(LINK_USED, "used")
    if referee.status == RefereeStatus.REPLACED:
        return LinkProblem(LINK_REPLACED, "replaced")
    if referee.state_at(now or timezone.now()) == EXPIRED:
        return LinkProblem(LINK_EXPIRED, "expired")
    if not is_editable(referee.application):
        return LinkProblem(LINK_CLOSED, "closed")
    return None


def letter_storage_name(application, extension):
    """A random storage name, like evidence's: nothing of the referee's file name reaches the storage."""
    return f"referees/{application.round_id}/{application.pk}/{uuid.uuid4().hex}{extension}"


@transaction.atomic
def confirm_by_token(token, *, title, employer_name, employer_credit_code, relationship, letter):
    """The referee confirms through their link, stating title, employer and relationship, with a signed letter.

    Refuses a bad, used, expired or replaced link and an application that may not be edited now
    (`LinkProblem`'s message), a title below the rule, the applicant's own employer, an invalid credit code,
    and a letter that is not a clean PDF, JPEG or PNG (`filechecks`). The link is then used.
    Audits `applicants.referee.confirmed` (slot, name, title, the letter's size and hash) with no actor;
    notifies the applicant (`referee.confirmed`, after commit).
    """
    found = referee_for_token(token)
    if isinstance(found, LinkProblem):
        raise DomainError(found.message, code=f"link_{found.code}")
    application = found.application
    title = clean_title(title)
    employer, code = clean_employer(application, employer_name=employer_name, employer_credit_code=employer_credit_code, code_required=True)
    relationship = _text(relationship, "与申报人的关系", RELATIONSHIP_MAX_LENGTH)
    if letter is None:
        raise DomainError("请上传签名的推荐信（PDF、JPEG或PNG）。", code="letter_required")
    checked = filechecks.check_upload(letter)  # parsed before any lock is taken
    name = filechecks.display_name(getattr(letter, "name", ""), checked.extension)

    # Lock the application, then the referee: a second use of the link, even a simultaneous one, finds it used.
    application = Application.objects.select_for_update(of=("self",)).select_related("round", "applicant", "unit").get(pk=application.pk)
    referee = Referee.objects.select_for_update().get(pk=found.pk)
    referee.application = application
    problem = _problem(referee)
    if problem is not None:
        raise DomainError(problem.message, code=f"link_{problem.code}")
    referee.title, referee.employer_name, referee.employer_credit_code, referee.relationship = title, employer, code, relationship
    referee.letter.save(letter_storage_name(application, checked.extension), letter, save=False)
    referee.letter_name, referee.letter_content_type = name, checked.content_type
    referee.letter_size, referee.letter_sha256 = checked.size, checked.sha256
    referee.status, referee.confirmed_at = RefereeStatus.CONFIRMED, timezone.now()
    try:
        referee.save()
        _queue_confirmed_notice(referee, application)
        audit.record(None, "applicants.referee.confirmed", application, slot=referee.slot, name=referee.name,
                     title=referee.title_label, size=checked.size, sha256=checked.sha256)
    except BaseException:
        referee.letter.storage.delete(referee.letter.name)  # nothing was recorded: leave no stored file behind
        raise
    return referee


def _queue_confirmed_notice(referee, application):
    """Tell the applicant (inbox and mail, after commit) that a referee confirmed, with how many have."""
    from apps.notices.kinds import NoticeKind
    from apps.notices.services import queue_notice

    confirmed = Referee.objects.filter(application=application, status=RefereeStatus.CONFIRMED).count()
    context = {
        "application": application, "round": f"{application.round.year}年度", "applicant": application.applicant,
        "unit": application.unit, "referee": referee.name, "slot": referee.slot, "confirmed": confirmed,
    }
    queue_notice(application.applicant, kind=NoticeKind.REFEREE_CONFIRMED, context=context, obj=application,
                 event_key=f"applicants.referee:{referee.pk}:confirmed")


# --- Completeness ---------------------------------------------------------------------------------


def referees_missing(application, referees=None):
    """What the referees still lack for submission, one Chinese sentence each (empty: complete).

    `referees`: the live referees if the caller has them (`live_referees`), else one query.
    """
    referees = live_referees(application) if referees is None else referees
    now, missing = timezone.now(), []
    if len(referees) < REFEREES_REQUIRED:
        missing.append(f"还需邀请{REFEREES_REQUIRED - len(referees)}位推荐专家（共需{REFEREES_REQUIRED}位非本单位同行高级专家）。")
    for referee in referees:
        state = referee.state_at(now)
        if state == EXPIRED:
            missing.append(f"推荐专家{referee.slot}（{referee.name}）的邀请链接已过期，请重新发送或更换。")
        elif state == RefereeStatus.INVITED:
            missing.append(f"推荐专家{referee.slot}（{referee.name}）尚未确认推荐。")
        elif same_employer_reason(application, employer_name=referee.employer_name, employer_credit_code=referee.employer_credit_code):
            missing.append(f"推荐专家{referee.slot}（{referee.name}）与您现在的工作单位相同，请更换。")
    return missing
