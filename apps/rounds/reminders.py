"""Deadline reminders (截止时间提醒): who still has something to do before a round's deadline hears of it
7, 3 and 1 days before, once per person, deadline and threshold.

The rule (`send_deadline_reminders`, run hourly by beat):

- Which deadlines: `recommend_deadline` while the round is recommending (applicants with an
  application in draft or returned for changes; each unit's active staff while the unit has
  submitted applications it has not yet handled, i.e. neither returned, rejected nor forwarded),
  `expert_review_deadline` while it is reviewing (experts with unfinished score sheets: see
  `expert_recipients`, empty until issue 11 brings score sheets). A round in any other phase, or
  without the deadline, reminds nobody.
- Days are counted in hours, not calendar days: the threshold of d days is due from exactly
  d × 24 h before the deadline (the deadline is an instant; Asia/Shanghai only formats it). The
  reminder goes out at the first run at or after that instant, i.e. within the hour with hourly beat.
  The deadline itself and anything after it remind nobody.
- One reminder per run per person and deadline: the nearest threshold due, i.e. the smallest d with
  deadline − now ≤ d days. A threshold missed while beat was down is caught up once by the next run;
  a threshold already overtaken (beat down from 8 to 2 days before: the 7-day one) is never sent,
  since later runs only ever find a smaller threshold due. The text states the days really left
  (rounded up), which after a catch-up may be fewer than the threshold.
- Exactly once across repeated and concurrent runs and worker restarts: each reminder carries the
  event key `reminder:<round pk>:<deadline name>:<deadline ISO, UTC>:<days>`, unique per recipient
  in the database (`notices.Notice`); a concurrent twin's rows are skipped, not doubled. A moved
  deadline is a new key, so it reminds again.
- A run that reminded anyone records one audit entry per round and deadline (`rounds.round.reminded`,
  by the system) with the threshold and how many applicants and unit staff it reminded.

Queries do not grow with the number of recipients: one for the rounds, then per open deadline one
for the applications, one for the units' counts, one for their staff, and the notices' own few.
"""
import math
from datetime import timedelta
from datetime import timezone as dt_timezone

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from apps.accounts.models import User
from apps.accounts.roles import Role
from apps.applicants.enums import ApplicationStatus
from apps.applicants.models import Application
from apps.core import audit
from apps.notices.kinds import NoticeKind
from apps.notices.services import queue_notices_each

from .enums import RoundStatus
from .models import Round

THRESHOLDS = (7, 3, 1)  # days before the deadline, in any order
DAY = timedelta(days=1)

# (deadline field, its label in the notice, the phase in which it is open)
DEADLINES = (
    ("recommend_deadline", "推荐截止", RoundStatus.RECOMMENDING),
    ("expert_review_deadline", "专家评审截止", RoundStatus.REVIEWING),
)

_APPLICANT_TODO = {
    ApplicationStatus.DRAFT: "您的申报尚未提交，请在截止前完成填写并提交。",
    ApplicationStatus.RETURNED: "您的申报已退回修改，请在截止前修改后重新提交。",
}


def due_threshold(deadline, now):
    """The nearest threshold (days) due at `now` for `deadline`, or None (too early, or past the deadline)."""
    if deadline is None or now >= deadline:
        return None
    left = deadline - now
    due = [days for days in THRESHOLDS if left <= days * DAY]
    return min(due) if due else None


def event_key(round, field, deadline, days):
    return f"reminder:{round.pk}:{field}:{deadline.astimezone(dt_timezone.utc).isoformat()}:{days}"


def applicant_recipients(round):
    """[(applicant, todo, application)] with an application in draft or returned in `round`; one query."""
    applications = (
        Application.objects.filter(
            round=round, status__in=list(_APPLICANT_TODO), applicant__is_active=True, applicant__role=Role.APPLICANT
        )
        .select_related("applicant")
        .order_by("pk")
    )
    return [(application.applicant, _APPLICANT_TODO[application.status], application) for application in applications]


def unit_staff_recipients(round):
    """[(staff, todo, None)]: the active staff of each unit with submitted, unhandled applications in `round`.

    Two queries whatever the number of units and staff.
    """
    waiting = dict(
        Application.objects.filter(round=round, status=ApplicationStatus.SUBMITTED)
        .values("unit")
        .annotate(count=Count("pk"))
        .values_list("unit", "count")
    )
    if not waiting:
        return []
    staff = User.objects.filter(role=Role.UNIT_STAFF, is_active=True, unit__in=list(waiting)).select_related("unit")
    return [
        (user, f"{user.unit}尚有 {waiting[user.unit_id]} 份已提交的申报待办理（审核后推荐报送、退回修改或不予推荐），请在截止前办理。", None)
        for user in staff.order_by("pk")
    ]


def expert_recipients(round):
    """Experts with unfinished score sheets before `expert_review_deadline`: none yet.

    Issue 11 (expert review) brings the score sheets; it fills this hook with the experts who still
    have sheets to finish, as [(expert, todo, obj)]. Until then nobody is reminded of this deadline.
    """
    return []


AUDIENCES = {
    "recommend_deadline": (("applicants", applicant_recipients), ("unit_staff", unit_staff_recipients)),
    "expert_review_deadline": (("experts", expert_recipients),),
}


def _deadline_text(deadline):
    local = timezone.localtime(deadline)
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


@transaction.atomic
def send_deadline_reminders(*, now=None):
    """Remind everyone who still has something to do before an open deadline (see the module's rule).

    Runs as the system (beat); returns {(round pk, deadline field, days): {audience: count}} of what it sent.
    """
    now = now or timezone.now()
    phases = [phase for _, _, phase in DEADLINES]
    sent = {}
    for round in Round.objects.filter(status__in=phases).order_by("pk"):
        for field, label, phase in DEADLINES:
            deadline = getattr(round, field)
            days = due_threshold(deadline, now) if round.status == phase else None
            if days is None:
                continue
            left = math.ceil((deadline - now) / DAY)
            key = event_key(round, field, deadline, days)
            counts = {}
            for audience, recipients_of in AUDIENCES[field]:
                contexts = {}  # one per distinct to-do text: the template is filled once for each
                items = []
                for user, todo, obj in recipients_of(round):
                    context = contexts.setdefault(
                        todo,
                        {"round": str(round), "deadline_label": label, "deadline": _deadline_text(deadline), "days": left, "todo": todo},
                    )
                    items.append((user, context, obj))
                counts[audience] = len(queue_notices_each(items, kind=NoticeKind.DEADLINE_REMINDER, event_key=key))
            if any(counts.values()):
                sent[(round.pk, field, days)] = (round, counts)
    # The audit entries last, after every notice row (their chain head is the one lock all audits share).
    for (_, field, days), (round, counts) in sent.items():
        audit.record(None, "rounds.round.reminded", round, deadline=field, days=days, **counts)
    return {key: counts for key, (_, counts) in sent.items()}
