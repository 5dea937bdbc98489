"""Publicity (公示): the office opens it for the approved candidates, edits their summaries, keeps the calendar.

"公示" puts the party group's approved list before the public for a number of working days
(default 5); objections may be filed until it ends (`Publicity.ends_at`, to the minute).
"""
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.accounts.roles import is_programme_staff
from apps.applicants.enums import ApplicationStatus
from apps.applicants.models import Application
from apps.applicants.services import apply_move
from apps.core import audit
from apps.core.edits import save_edits
from apps.core.exceptions import DomainError
from apps.core.validators import has_control_characters
from apps.rounds.enums import RoundStatus
from apps.rounds.models import Round

from .calendar import publicity_end
from .models import CalendarDay, DayKind, DaySource, Publicity, PublicityEntry

SUMMARY_MAX_LENGTH = 300
DEFAULT_CONTACT = (
    "对公示人选有异议的，请在公示期内通过本页面“提出异议”以实名方式提出，写明与被公示人的关系、异议内容，"
    "并可附证明材料。匿名或逾期的异议不予受理。"
)


def _office(by):
    if not is_programme_staff(by):
        raise PermissionDenied


def default_summary(application):
    """The summary a notice starts from: the titles held and national placings the applicant stated."""
    parts = [text.strip() for text in (application.titles_held, application.competition_placings) if text and text.strip()]
    text = "；".join(part.replace("\n", "；") for part in parts) or f"{application.post or '一线岗位'}，技能突出。"
    return text[:SUMMARY_MAX_LENGTH]


def clean_summary(text):
    text = (text or "").strip()
    if not text:
        raise DomainError("请填写主要事迹简介。", code="summary_required")
    if has_control_characters(text, allow="\n"):
        raise DomainError("事迹简介中含有无法显示的控制字符，请删除后重试。", code="invalid_text")
    if len(text) > SUMMARY_MAX_LENGTH:
        raise DomainError(f"事迹简介不超过{SUMMARY_MAX_LENGTH}字，当前{len(text)}字。", code="too_long")
    return text


def _approved(round):
    return (
        Application.objects.filter(round=round, status=ApplicationStatus.APPROVED)
        .select_related("unit")
        .order_by("unit__kind", "unit__region", "unit__name", "unit_rank", "pk")
    )


@transaction.atomic
def open_publicity(round, *, by, starts_on, working_days=5, contact=""):
    """Open the round's publicity for its approved candidates: each moves to `in_publicity` (and hears of it).

    Refused unless the round is in its publicity phase, has approved candidates and no publicity yet,
    and `starts_on` is not in the past. Audits `publicity.publicity.opened` with the dates.
    """
    _office(by)
    round = Round.objects.select_for_update().get(pk=round.pk)
    if round.status != RoundStatus.PUBLICITY:
        raise DomainError(f"{round}当前处于“{round.get_status_display()}”阶段，进入“公示中”阶段后方可发布公示。", code="wrong_phase")
    if Publicity.objects.filter(round=round).exists():
        raise DomainError(f"{round}已发布公示，不能重复发布。", code="already_open")
    if not isinstance(starts_on, datetime.date):
        raise DomainError("请填写有效的公示开始日期。", code="starts_on")
    if starts_on < timezone.localdate():
        raise DomainError("公示开始日期不能早于今天。", code="starts_on")
    if not 1 <= int(working_days) <= 30:
        raise DomainError("公示期须为 1 至 30 个工作日。", code="working_days")
    candidates = list(_approved(round))
    if not candidates:
        raise DomainError(f"{round}没有党组审议通过的人选，无法发布公示。", code="nothing_to_publish")
    publicity = Publicity(
        round=round, starts_on=starts_on, working_days=int(working_days),
        ends_at=publicity_end(starts_on, int(working_days)), contact=(contact or "").strip() or DEFAULT_CONTACT, opened_by=by,
    )
    try:
        publicity.full_clean()
    except ValidationError as error:
        raise DomainError("；".join(error.messages), code="invalid") from None
    try:
        with transaction.atomic():
            publicity.save()
    except IntegrityError:  # a second office click that got past the check
        raise DomainError(f"{round}已发布公示，不能重复发布。", code="already_open") from None
    PublicityEntry.objects.bulk_create(
        PublicityEntry(publicity=publicity, application=application, position=position, summary=default_summary(application))
        for position, application in enumerate(candidates, start=1)
    )
    for application in candidates:
        apply_move(application, ApplicationStatus.IN_PUBLICITY, by=by)
    audit.record(
        by, "publicity.publicity.opened", publicity, starts_on=starts_on.isoformat(), working_days=publicity.working_days,
        ends_at=timezone.localtime(publicity.ends_at).strftime("%Y-%m-%d %H:%M"), count=len(candidates),
    )
    return publicity


@transaction.atomic
def update_summary(entry, *, by, summary):
    """Edit a candidate's summary while the publicity has not ended. Audited with old and new text."""
    _office(by)
    stored = PublicityEntry.objects.select_for_update().select_related("publicity").get(pk=entry.pk)
    if timezone.now() >= stored.publicity.ends_at:
        raise DomainError("公示期已结束，事迹简介不能再修改。", code="ended")
    entry.summary = clean_summary(summary)
    if entry.summary == stored.summary:
        return stored
    saved = save_edits(entry, stored, by=by, action="publicity.publicityentry.summary_changed", fields=["summary"])
    Publicity.objects.filter(pk=stored.publicity_id).update(updated_at=timezone.now())  # the public list's version
    return saved


@transaction.atomic
def set_calendar_day(*, by, date, kind, name=""):
    """The office marks `date` a holiday or an in-lieu working day (replacing what was there). Audited."""
    _office(by)
    if kind not in DayKind.values:
        raise DomainError("请选择“法定节假日”或“调休上班日”。", code="kind")
    name = (name or "").strip()[:30]
    day, _ = CalendarDay.objects.update_or_create(date=date, defaults={"kind": kind, "name": name, "source": DaySource.OFFICE})
    audit.record(by, "publicity.calendarday.set", day, date=date.isoformat(), kind=kind, name=name)
    return day


@transaction.atomic
def remove_calendar_day(day, *, by):
    """The office removes an exception: the date is again what its weekday says. Audited."""
    _office(by)
    audit.record(by, "publicity.calendarday.removed", day, date=day.date.isoformat(), kind=day.kind)
    day.delete()
