"""The recommending units: their list (the office's), and each unit's check of its applications.

Which statuses use one of a unit's quota places (`apps.applicants.enums.PLACE_USING`, why in
`apps.applicants.guards.unit_quota_has_place`): FORWARDED and every later status of a candidate still
standing, i.e. all of FORWARDED_OR_LATER except FORMAL_FAILED and OBJECTION_UPHELD; never WITHDRAWN,
RETURNED or UNIT_REJECTED. A unit may recall (`withdraw_forward`) a forwarded candidate until formal
review starts, i.e. while the round is still recommending and the application still FORWARDED (the
office reviews only in REVIEWING); the recalled candidate is back on its desk (SUBMITTED) and its place
is free, as is the place of a candidate who withdraws themselves. After formal review has begun, a
unit recalls nothing: the office decides.
"""
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from apps.accounts.roles import is_programme_staff
from apps.applicants.enums import ApplicationStatus
from apps.applicants.services import apply_move
from apps.core import audit
from apps.core.edits import save_edits
from apps.core.exceptions import DomainError

from .models import RecommendingUnit


def _may_manage_units(by):
    # `by=None` is the system itself: management commands such as seed_demo.
    return by is None or is_programme_staff(by)


@transaction.atomic
def create_unit(unit, *, by):
    """Save a new recommending unit. Audits `units.recommendingunit.created`."""
    if not _may_manage_units(by):
        raise PermissionDenied
    unit.full_clean()
    unit.save()
    audit.record(by, "units.recommendingunit.created", unit, kind=unit.kind, region=unit.region)
    return unit


@transaction.atomic
def update_unit(unit, *, by, fields):
    """Save edits to a unit (name, kind, region, active). Audits `units.recommendingunit.changed` with old and new."""
    stored = RecommendingUnit.objects.select_for_update().get(pk=unit.pk)
    if not _may_manage_units(by):
        raise PermissionDenied
    if not fields:
        return stored
    return save_edits(unit, stored, by=by, action="units.recommendingunit.changed", fields=fields)


# --- The unit's check of its applications (issue 10 items 2-3) ---------------------------------
#
# Each is a named service over `apps.applicants.services.apply_move`, which locks the application,
# checks the move of `apps.applicants.enums.TRANSITIONS` (actor: the unit's staff; phase: recommending;
# reason where required), runs its guards and effects, notifies and audits `applicants.application.<to>`.

OPINION_MAX_LENGTH = 500


@transaction.atomic
def return_application(application, *, by, reason):
    """Return a submitted application to its applicant for fixes (RETURNED: it reopens for them to edit
    and resubmit before the deadline). A reason is required; the applicant is notified with it.
    Clears its rank. Audits `applicants.application.returned`."""
    return apply_move(application, ApplicationStatus.RETURNED, by=by, reason=reason)


@transaction.atomic
def reject_application(application, *, by, reason):
    """Decline to recommend a submitted application (UNIT_REJECTED: final for the round; no move leaves it).
    A reason is required; the applicant is notified with it. Clears its rank. Audits
    `applicants.application.unit_rejected`."""
    return apply_move(application, ApplicationStatus.UNIT_REJECTED, by=by, reason=reason)


@transaction.atomic
def forward_application(application, *, by, opinion, political_quality=False, craftsman_spirit=False):
    """Forward a submitted application to the programme office with the unit's 推荐意见 and attestation.

    `opinion` is required (at most OPINION_MAX_LENGTH characters); `political_quality` and
    `craftsman_spirit` are the unit's attestation of the two conditions only it can judge (政治素质,
    工匠精神), both required, recorded with who attested and when. The move's guards run in
    `apply_move`: before the recommend deadline (`guards.forward_deadline_open`), within the unit's
    quota under the `Quota` row lock (`guards.unit_quota_has_place`). Stamps `forwarded_at`, from
    which the office sees it. Audits `applicants.application.forwarded` (the opinion as its reason,
    the attestation beside it); notifies the applicant after commit.
    """
    opinion = (opinion or "").strip()

    def check_recommendation():
        if not opinion:
            raise DomainError("推荐报送须填写推荐意见。", code="opinion_required")
        if len(opinion) > OPINION_MAX_LENGTH:
            raise DomainError(f"推荐意见不超过 {OPINION_MAX_LENGTH} 字（现为 {len(opinion)} 字）。", code="opinion_too_long")
        if not (political_quality and craftsman_spirit):
            raise DomainError("推荐报送须由推荐单位确认人选的政治素质和工匠精神均符合条件。", code="attestation_required")

    extra = {
        "recommendation_opinion": opinion,
        "attests_political_quality": True,
        "attests_craftsman_spirit": True,
        "attested_by": by,
        "attested_at": timezone.now(),
    }
    attested = {"attests_political_quality": True, "attests_craftsman_spirit": True}
    return apply_move(
        application, ApplicationStatus.FORWARDED, by=by, reason=opinion, via="forward_application",
        extra=extra, audit_data=attested, check=check_recommendation,
    )


@transaction.atomic
def withdraw_forward(application, *, by, reason):
    """Recall a forwarded candidate until formal review starts (the round still recommending).

    Back to SUBMITTED on the unit's desk: `forwarded_at`, the opinion and the attestation are cleared
    (the office no longer sees it; a new forward records them again), its rank kept. Its quota place is
    free again (`enums.PLACE_USING`), so the unit may forward another before the deadline. A reason is
    required. Notifies the applicant and the unit's staff (`application.forward_withdrawn`). Audits
    `applicants.application.forward_withdrawn` with `previous=forwarded` and the reason.
    """
    return apply_move(application, ApplicationStatus.SUBMITTED, by=by, reason=reason, via="withdraw_forward")
