"""Objections (异议): anyone files one under their real name during the publicity; the office handles it.

Filing is public (no account): name, phone, relationship, content and an optional evidence file (the
same content checks and storage approach as applicant evidence). The objector keeps the receipt number
and checks the status with it and the phone. The office assigns a handler, records the investigation and
concludes; an upheld objection moves the candidate to `objection_upheld` (the named action
`uphold_objection`: the generic status change cannot), off the public list, and tells the unit's staff
(the applicant hears of the status change through `apply_move`).

The objector's name and phone never enter audit data, notices or logs; only the office's pages show them.
"""
import datetime
import secrets
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.accounts.roles import is_programme_staff
from apps.applicants import filechecks
from apps.applicants.enums import ApplicationStatus
from apps.applicants.models import Application
from apps.applicants.services import apply_move
from apps.core import audit, crypto
from apps.core.exceptions import DomainError
from apps.core.fields import blind_index_for
from apps.core.masking import mask_text
from apps.core.throttling import allow
from apps.core.validators import has_control_characters, normalize_mobile, validate_mobile
from apps.notices.kinds import NoticeKind
from apps.notices.services import queue_notices_to_many

from .models import Publicity, PublicityEntry
from .models_objections import (
    CONTENT_MAX_LENGTH, NAME_MAX_LENGTH, OPEN_STATUSES, REASONS_MAX_LENGTH, RELATIONSHIP_MAX_LENGTH, Objection,
    ObjectionStatus,
)

RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read out over the phone without doubt
RECEIPT_LENGTH = 12


class Throttled(DomainError):
    code = "throttled"


def open_objections(publicity):
    """The publicity's objections not yet concluded (received or being investigated): publishing waits for none."""
    return Objection.objects.filter(publicity=publicity, status__in=OPEN_STATUSES)


def new_receipt():
    return "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))


def normalize_receipt(value):
    return "".join(str(value or "").split()).upper().replace("-", "")[:RECEIPT_LENGTH * 2]


def ip_hash(ip):
    """The keyed hash of the client's address (the plain address is never stored)."""
    return crypto.blind_index(f"ip:{ip}") if ip else ""


def check_throttles(*, ip, phone=""):
    """Count one filing attempt from `ip` (and, when it is a valid mobile, for `phone`); refuse past the rates."""
    if not allow("objection", ip or "unknown"):
        raise Throttled("提交过于频繁，请稍后再试。")
    normalized = normalize_mobile(phone or "")
    if normalized and not allow("objection-phone", blind_index_for("mobile", normalized)):
        raise Throttled("该手机号码提交的异议过多，请稍后再试。")


def check_lookup_throttle(*, ip):
    if not allow("objection-lookup", ip or "unknown"):
        raise Throttled("查询过于频繁，请稍后再试。")


def period_text(publicity):
    return f"公示时间为{publicity.starts_on:%Y年%-m月%-d日}至{timezone.localtime(publicity.ends_at):%Y年%-m月%-d日 %H:%M}"


def check_period(publicity, now=None):
    """Objections are received from the first day of the publicity until `ends_at` (to the minute)."""
    now = now or timezone.now()
    starts = timezone.make_aware(datetime.datetime.combine(publicity.starts_on, datetime.time.min))
    if now < starts:
        raise DomainError(f"公示尚未开始，暂不受理异议（{period_text(publicity)}）。", code="not_started")
    if now >= publicity.ends_at:
        raise DomainError(f"公示期已结束，不再受理异议（{period_text(publicity)}）。", code="ended")


def is_receiving(publicity, now=None):
    """Whether objections are received now (the public list's rows then link to the form)."""
    try:
        check_period(publicity, now)
    except DomainError:
        return False
    return True


def _text(value, *, label, max_length, required=True, multiline=False):
    value = (value or "").strip()
    if required and not value:
        raise DomainError(f"请填写{label}。", code="required")
    if has_control_characters(value, allow="\n\r\t" if multiline else ""):
        raise DomainError(f"{label}中含有无法显示的控制字符，请删除后重试。", code="invalid_text")
    if len(value) > max_length:
        raise DomainError(f"{label}不超过{max_length}字，当前{len(value)}字。", code="too_long")
    return value


def storage_name(publicity, extension):
    """A random storage name: nothing of the objector's file name reaches the storage."""
    return f"objections/{publicity.pk}/{uuid.uuid4().hex}{extension}"


@transaction.atomic
def file_objection(entry, *, name, phone, relationship, content, upload=None, ip=None):
    """File a real-name objection to `entry` (a candidate on the list). Returns the new `Objection`.

    Refused (nothing stored): anonymous (no name or phone), an invalid phone, outside the period (with the
    dates), a candidate no longer on the list, over-long or control-character text, an evidence file that
    fails the evidence checks. Audits `publicity.objection.filed` without the objector's identity.
    Throttles and the challenge are the caller's (page and API: `check_throttles`, `challenge.check`).
    """
    entry = PublicityEntry.objects.select_related("publicity__round", "application").get(pk=entry.pk)
    publicity = entry.publicity
    check_period(publicity)
    if entry.application.status != ApplicationStatus.IN_PUBLICITY:
        raise DomainError("该人选已不在公示名单中，不再受理对其的异议。", code="not_listed")
    name = _text(name, label="您的真实姓名（异议须实名提出，匿名异议不予受理）", max_length=NAME_MAX_LENGTH)
    if not (phone or "").strip():
        raise DomainError("请填写您的手机号码（异议须实名提出，匿名异议不予受理）。", code="required")
    try:
        phone = validate_mobile(phone)
    except ValidationError as error:
        raise DomainError(error.messages[0], code="phone") from None
    relationship = _text(relationship, label="与被公示人的关系", max_length=RELATIONSHIP_MAX_LENGTH)
    content = _text(content, label="异议内容", max_length=CONTENT_MAX_LENGTH, multiline=True)
    objection = Objection(
        publicity=publicity, entry=entry, objector_name=name, phone=phone, relationship=relationship, content=content,
        ip_hash=ip_hash(ip),
    )
    if upload:
        checked = filechecks.check_upload(upload)
        objection.evidence_name = filechecks.display_name(getattr(upload, "name", ""), checked.extension)
        objection.evidence_type, objection.evidence_size, objection.evidence_sha256 = checked.content_type, checked.size, checked.sha256
        objection.evidence.save(storage_name(publicity, checked.extension), upload, save=False)
    try:
        for _ in range(5):
            objection.receipt = new_receipt()
            try:
                with transaction.atomic():
                    objection.save()
                break
            except IntegrityError:  # 31^12 receipts: a collision is next to impossible, but retried
                continue
        else:
            raise DomainError("系统繁忙，请稍后再试。", code="receipt")
        audit.record(
            None, "publicity.objection.filed", objection, entry=entry.position, candidate=entry.application.full_name,
            evidence=bool(upload), sha256=objection.evidence_sha256,
        )
    except BaseException:
        if objection.evidence:
            objection.evidence.storage.delete(objection.evidence.name)  # nothing was recorded: no stored file left
        raise
    return objection


def find_objection(receipt, phone):
    """The objection with this receipt AND this phone, or None (a wrong pair and a missing receipt look the same)."""
    receipt = normalize_receipt(receipt)
    digest = blind_index_for("mobile", phone or "")
    if len(receipt) != RECEIPT_LENGTH or not digest:
        return None
    return Objection.objects.select_related("entry__application", "publicity__round").filter(receipt=receipt, phone_hash=digest).first()


# --- The office ------------------------------------------------------------------------------------


def _office(by):
    if not is_programme_staff(by):
        raise PermissionDenied


def _locked(objection):
    locked = Objection.objects.select_for_update().get(pk=objection.pk)
    if locked.concluded:
        raise DomainError(f"异议 {locked.receipt} 已办结（{locked.get_status_display()}），不能再办理。", code="concluded")
    return locked


@transaction.atomic
def assign_handler(objection, *, by, handler):
    """The office names who handles the objection (a programme staff member); it is then being investigated."""
    _office(by)
    if handler is None or not is_programme_staff(handler):
        raise DomainError("承办人须为全总劳动和经济工作部的工作人员。", code="handler")
    objection = _locked(objection)
    previous = objection.handler_id
    objection.handler = handler
    objection.status = ObjectionStatus.INVESTIGATING
    objection.save(update_fields=["handler", "status", "updated_at"])
    audit.record(by, "publicity.objection.assigned", objection, handler=handler.display_name, previous_handler_id=previous)
    return objection


@transaction.atomic
def record_investigation(objection, *, by, notes):
    """The office records (replaces) what the investigation found so far; the objection is being investigated."""
    _office(by)
    notes = _text(notes, label="调查核实情况", max_length=REASONS_MAX_LENGTH, multiline=True)
    objection = _locked(objection)
    objection.investigation = notes
    objection.status = ObjectionStatus.INVESTIGATING
    objection.save(update_fields=["investigation", "status", "updated_at"])
    audit.record(by, "publicity.objection.investigated", objection, notes=mask_text(notes))
    return objection


def uphold_objection(objection, *, by, reasons):
    """The objection is upheld: the candidate leaves the list (see `conclude_objection`)."""
    return conclude_objection(objection, by=by, upheld=True, reasons=reasons)


def dismiss_objection(objection, *, by, reasons):
    """The objection is not upheld: the candidate stays on the list (see `conclude_objection`)."""
    return conclude_objection(objection, by=by, upheld=False, reasons=reasons)


@transaction.atomic
def conclude_objection(objection, *, by, upheld, reasons):
    """Conclude: upheld or not, with reasons (required), after the investigation was recorded.

    Upheld: the candidate moves to `objection_upheld` (named action `uphold_objection`, reason = the reasons),
    which takes them off the public list (its version changes) and tells the applicant; the unit's active
    staff get an `objection.upheld` notice. A candidate already taken off by another upheld objection stays so.
    Audits `publicity.objection.concluded`.
    """
    _office(by)
    reasons = _text(reasons, label="结论理由", max_length=REASONS_MAX_LENGTH, multiline=True)
    if upheld not in (True, False):
        raise DomainError("请选择“异议成立”或“异议不成立”。", code="conclusion")
    objection = _locked(objection)
    if not objection.investigation:
        raise DomainError("请先记录调查核实情况，再作出结论。", code="not_investigated")
    # Lock the candidate first: two objections to one candidate upheld at once must move it once.
    application = Application.objects.select_for_update(of=("self",)).select_related("unit", "round").get(
        pk=PublicityEntry.objects.filter(pk=objection.entry_id).values("application_id")[:1]
    )
    if upheld and application.status == ApplicationStatus.IN_PUBLICITY:
        Publicity.objects.filter(pk=objection.publicity_id).update(updated_at=timezone.now())  # the public list's version
        # Notice rows before the audit entries (apps.core.audit.record: the chain head is the last lock).
        staff = list(application.unit.staff.filter(is_active=True).order_by("pk"))
        context = {
            "application": application, "round": f"{application.round.year}年度",
            "applicant": application.full_name or application.applicant, "unit": application.unit, "reasons": mask_text(reasons),
        }
        queue_notices_to_many(
            staff, kind=NoticeKind.OBJECTION_UPHELD, context=context, obj=application, event_key=f"publicity.objection:{objection.pk}:upheld"
        )
        apply_move(application, ApplicationStatus.OBJECTION_UPHELD, by=by, reason=reasons, via="uphold_objection")
    objection.status = ObjectionStatus.UPHELD if upheld else ObjectionStatus.NOT_UPHELD
    objection.reasons = reasons
    objection.concluded_at = timezone.now()
    objection.concluded_by = by
    objection.save(update_fields=["status", "reasons", "concluded_at", "concluded_by", "updated_at"])
    audit.record(by, "publicity.objection.concluded", objection, result=objection.status, reasons=mask_text(reasons))
    return objection
