"""The five-powers statement: saving one answer of an application, by its applicant, while it may be edited.

Audit decision: every *stored change* is one entry `applicants.statement.saved` with the indicator, the
new length and whether it came from an autosave, never the text (the text is in the answer row; the
audit trail is kept for years and read by auditors). A save that changes nothing stores and audits
nothing, and the page autosaves only after the applicant pauses typing for two seconds, so a paragraph
typed in one go is a handful of entries, not one per keystroke.
"""
import unicodedata

from django.core.exceptions import PermissionDenied
from django.db import transaction

from apps.core import audit
from apps.core.exceptions import DomainError
from apps.rounds.enums import RoundStatus

from . import permissions
from .enums import ApplicationStatus
from .models import Application, StatementAnswer
from .models_evidence import ANSWER_MAX_LENGTH

# While the applicant may still change the content of an application.
EDITABLE_STATUSES = frozenset({ApplicationStatus.DRAFT, ApplicationStatus.RETURNED})


class StaleEdit(DomainError):
    code = "stale_edit"
    default_message = "该项陈述已在其他页面或设备上修改，为避免覆盖，本次内容未保存。请复制您的内容，刷新页面后再修改。"


def is_editable(application):
    """May the content (statement, evidence) of `application` change now? Its status and its round's phase."""
    return application.status in EDITABLE_STATUSES and application.round.status == RoundStatus.RECOMMENDING


def check_editable_by(application, by):
    """Refuse unless `by` is the applicant and the application may be edited now."""
    if not permissions.is_owner(by, application):
        raise PermissionDenied
    if application.round.status != RoundStatus.RECOMMENDING:
        raise DomainError(f"{application.round.year}年度遴选当前处于“{application.round.get_status_display()}”阶段，申报内容不能再修改。")
    if application.status not in EDITABLE_STATUSES:
        raise DomainError(f"申报当前状态为“{application.get_status_display()}”，内容不能修改；退回修改后方可再次修改。")


def clean_answer_text(text):
    """The text as stored: line breaks as `\\n`, no outer whitespace; refused when too long or holding control characters."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    text = unicodedata.normalize("NFC", text)
    if any(unicodedata.category(char) in ("Cc", "Cs") and char not in "\n\t" for char in text):
        raise DomainError("陈述中含有无法保存的控制字符，请删除后重试。", code="invalid_text")
    if len(text) > ANSWER_MAX_LENGTH:
        raise DomainError(f"每项陈述不超过{ANSWER_MAX_LENGTH}字，当前{len(text)}字，请精简后保存。", code="too_long")
    return text


@transaction.atomic
def save_answer(application, indicator, *, by, text, version, autosave=False):
    """Store the applicant's answer to `indicator`, if it was loaded at `version` (0: never saved).

    Refuses another user (403), an application that may not be edited now, an indicator of another round,
    text too long or with control characters, and a stale version (`StaleEdit`: edited elsewhere meanwhile).
    Saving the same text again is a no-op. Audits `applicants.statement.saved` (indicator, length, autosave).
    """
    # Lock the application first: its status decides whether the answer may change, and the unit may be
    # returning or the applicant submitting it in another request. It also serialises the first save of an answer.
    application = Application.objects.select_for_update(of=("self",)).select_related("round").get(pk=application.pk)
    check_editable_by(application, by)
    if indicator.round_id != application.round_id:
        raise DomainError("该评价指标不属于本申报的遴选年度。", code="wrong_indicator")
    text = clean_answer_text(text)
    try:
        version = int(version)
    except (TypeError, ValueError):
        raise DomainError("页面已过期，请刷新后再修改。", code="stale_edit") from None
    answer = StatementAnswer.objects.select_for_update().filter(application=application, indicator=indicator).first()
    if answer is None:
        answer = StatementAnswer(application=application, indicator=indicator)
    if answer.version != version:
        raise StaleEdit()
    if answer.text == text:
        return answer  # nothing changed (an empty answer never saved stays unsaved)
    answer.text = text
    answer.version += 1
    answer.save()
    audit.record(by, "applicants.statement.saved", application, indicator=str(indicator), length=len(text), autosave=bool(autosave))
    return answer
