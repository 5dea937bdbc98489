"""Publication (公布): once the publicity period has ended and every objection is concluded, the office
publishes the final list. Each candidate still in publicity is published and becomes a `Cultivation`
(two years from publication) and so an entry in the talent pool (工匠人才库).

`publish_round` is the only way to publish (the move IN_PUBLICITY -> PUBLISHED names it), so the page,
the API and the admin all meet the same refusals.
"""
import importlib.util

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from apps.accounts.roles import is_programme_staff
from apps.applicants.enums import ApplicationStatus
from apps.applicants.services import apply_move
from apps.core import audit
from apps.core.exceptions import DomainError
from apps.cultivation.enums import CULTIVATION_YEARS
from apps.cultivation.models import Cultivation
from apps.notices.kinds import NoticeKind
from apps.notices.services import queue_notice
from apps.rounds.enums import RoundStatus
from apps.rounds.models import Round

from .models import Publicity, PublicityEntry


def open_objection_count(publicity):
    """How many objections to `publicity` are not concluded. The objections module (apps.publicity.objections)
    arrives on its own branch; without it there are none to wait for."""
    if importlib.util.find_spec("apps.publicity.objections") is None:
        return 0
    from apps.publicity.objections import open_objections

    return open_objections(publicity).count()


def publication_blockers(publicity, *, now=None):
    """What stops `publicity` from being published, in the office's words (empty: it may be published)."""
    if publicity is None:
        return ["尚未发布公示，公示期满后方可公布。"]
    if publicity.published_at is not None:
        return [f"{publicity.round.year}年度名单已于{timezone.localtime(publicity.published_at):%Y-%m-%d %H:%M}公布。"]
    blockers = []
    now = now or timezone.now()
    if now < publicity.ends_at:
        blockers.append(f"公示期至{timezone.localtime(publicity.ends_at):%Y-%m-%d %H:%M}结束，期满后方可公布。")
    open_count = open_objection_count(publicity)
    if open_count:
        blockers.append(f"尚有 {open_count} 件异议未办结，全部办结后方可公布。")
    return blockers


def cultivation_end(started_on):
    """Two years from `started_on` (a 29 February start ends on 28 February)."""
    try:
        return started_on.replace(year=started_on.year + CULTIVATION_YEARS)
    except ValueError:
        return started_on.replace(year=started_on.year + CULTIVATION_YEARS, day=28)


def _candidates(publicity):
    return list(
        PublicityEntry.objects.filter(publicity=publicity, application__status=ApplicationStatus.IN_PUBLICITY)
        .select_related("application__unit")
        .order_by("position")
    )


@transaction.atomic
def publish_round(round, *, by):
    """Publish the final list of `round`: every candidate still in publicity moves to `published` and gets a
    `Cultivation` from today for two years; the publicity records when and by whom.

    Refused (whatever the caller) unless `by` is the office, the round is in its publicity phase, its
    publicity has ended, no objection is open, it has not been published and someone is left to publish.
    Side effects: each applicant's status notice (apply_move), one notice to each unit's staff naming its
    craftsmen, audits `applicants.application.published` per candidate and `publicity.publicity.published`.
    """
    if not is_programme_staff(by):
        raise PermissionDenied
    # Lock the round, then its publicity: two office clicks queue here, the second sees `published_at`.
    round = Round.objects.select_for_update().get(pk=round.pk)
    if round.status != RoundStatus.PUBLICITY:
        raise DomainError(f"{round}当前处于“{round.get_status_display()}”阶段，只能在“公示中”阶段公布名单。", code="wrong_phase")
    publicity = Publicity.objects.select_for_update().select_related("round").filter(round=round).first()
    blockers = publication_blockers(publicity)
    if blockers:
        raise DomainError("".join(blockers), code="not_publishable")
    entries = _candidates(publicity)
    if not entries:
        raise DomainError(f"{round}公示名单中已没有可公布的人选。", code="nothing_to_publish")
    now = timezone.now()
    started_on = timezone.localdate(now)
    ends_on = cultivation_end(started_on)
    # Notice rows before the first audit entry (apply_move's): their inserts share-lock the recipients' rows.
    _notify_units(publicity, entries, started_on=started_on, ends_on=ends_on)
    Cultivation.objects.bulk_create(
        Cultivation(application=entry.application, round=round, started_on=started_on, ends_on=ends_on) for entry in entries
    )
    publicity.published_at, publicity.published_by = now, by
    publicity.save(update_fields=["published_at", "published_by", "updated_at"])
    for entry in entries:
        apply_move(entry.application, ApplicationStatus.PUBLISHED, by=by, via="publish_round")
    audit.record(
        by, "publicity.publicity.published", publicity,
        count=len(entries), started_on=started_on.isoformat(), ends_on=ends_on.isoformat(),
    )
    return publicity


def _notify_units(publicity, entries, *, started_on, ends_on):
    """One notice to each active staff member of each unit with published craftsmen, naming them."""
    by_unit = {}
    for entry in entries:
        by_unit.setdefault(entry.application.unit, []).append(entry.application.full_name or str(entry.application.applicant))
    year = publicity.round.year
    for unit, names in by_unit.items():
        subject = f"{year}年度大国工匠培育对象名单已公布"
        body = (
            f"{unit.name}：{year}年度大国工匠培育对象名单已公布，贵单位推荐的{'、'.join(names)}（共 {len(names)} 人）列入培育对象，"
            f"培育期自{started_on:%Y年%-m月%-d日}至{ends_on:%Y年%-m月%-d日}。请按照实施办法制定培养方案，做好培育工作。"
        )
        for staff in unit.staff.filter(is_active=True).order_by("pk"):
            queue_notice(
                staff, kind=NoticeKind.ROUND_PHASE, subject=subject, body=body, obj=publicity,
                event_key=f"publicity:{publicity.pk}:published:unit:{unit.pk}",
            )
