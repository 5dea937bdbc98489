"""Named queries of a unit's own pages: its list of applications and the rows of its balance panel.

Both start from the access policy (`applicants.selectors.applications_visible_to`), so a unit's staff reach
only what was submitted to their own unit, whatever the filters say.
"""
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Case, CharField, Count, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.http import Http404

from apps.accounts.roles import is_unit_staff
from apps.applicants.enums import ApplicationStatus
from apps.applicants.models import Application, StatementAnswer
from apps.applicants.profile import masked_profile
from apps.applicants.profile_enums import Gender, Industry, SkillLevel
from apps.applicants.selectors import applications_visible_to
from apps.rounds.enums import RoundStatus
from apps.rounds.models import Indicator, Round
from apps.rounds.selectors import current_round
from apps.units.regions import PROVINCE_NAMES

from .balance import BalanceRow

# Complete (齐全), for the list: every profile field a submission needs filled, and every indicator of the
# round answered. A cheap reading for filtering a list in SQL; the applicant's checklist is the full rule.
# The mobile number is encrypted (no SQL lookup but `isnull`), so the list does not check it; the ID number
# is checked through its keyed hash.
PROFILE_FILLED = (
    ~Q(full_name="") & ~Q(gender="") & Q(birth_date__isnull=False) & Q(resident_id_hash__isnull=False)
    & ~Q(employer_name="") & ~Q(industry="") & ~Q(region="") & ~Q(post="") & Q(frontline_years__isnull=False)
    & ~Q(skill_level="")
)

# What a row of the unit's list shows (and nothing the page does not print).
LIST_FIELDS = (
    "id", "status", "full_name", "gender", "industry", "region", "skill_level", "employer_name", "submitted_at",
    "unit_rank", "resident_id", "mobile", "round_id", "unit_id", "applicant_id",
    "applicant__id", "applicant__username", "applicant__display_name",
)

SORTS = {
    "rank": ("unit_rank_missing", "unit_rank", "submitted_at", "pk"),
    "-rank": ("unit_rank_missing", "-unit_rank", "submitted_at", "pk"),
    "name": ("sort_name", "pk"),
    "-name": ("-sort_name", "-pk"),
    "submitted": ("submitted_at", "pk"),
    "-submitted": ("-submitted_at", "-pk"),
    "status": ("status_order", "unit_rank_missing", "unit_rank", "pk"),
    "-status": ("-status_order", "unit_rank_missing", "unit_rank", "pk"),
}
DEFAULT_SORT = "rank"


def unit_of(user):
    """The unit `user` works for; 403 for anyone who is not a unit's staff."""
    if not is_unit_staff(user):
        raise PermissionDenied
    return user.unit


def deployed_rounds():
    """Every deployed round, newest first (one query): the page's choice of round, and the current one."""
    return list(Round.objects.exclude(status=RoundStatus.DRAFT).order_by("-year"))


def round_for_unit(round_pk, rounds):
    """The round a unit's page shows, from `rounds` (`deployed_rounds()`): `round_pk`, else the current one.

    An unknown or draft round is 404; None before the first deployment.
    """
    if round_pk in (None, ""):
        return current_round(rounds)
    round = next((round for round in rounds if str(round.pk) == str(round_pk).strip()), None)
    if round is None:
        raise Http404
    return round


def unit_applications(user, round):
    """The applications submitted to `user`'s unit in `round`, within the access policy, annotated for the
    list's filters and sorts: `is_complete`, `sort_name`, `status_order`, `unit_rank_missing`."""
    unit = unit_of(user)
    answered = (
        StatementAnswer.objects.filter(application=OuterRef("pk")).exclude(text="")
        .order_by().values("application").annotate(count=Count("pk")).values("count")
    )
    indicators = Indicator.objects.filter(round=OuterRef("round_id")).order_by().values("round").annotate(count=Count("pk")).values("count")
    return (
        applications_visible_to(user)
        .filter(unit=unit, round=round)
        .annotate(
            answered_count=Coalesce(Subquery(answered, output_field=IntegerField()), 0),
            indicator_count=Coalesce(Subquery(indicators, output_field=IntegerField()), 0),
        )
        .annotate(
            is_complete=Case(
                When(PROFILE_FILLED & Q(answered_count__gte=F("indicator_count")), then=Value(True)), default=Value(False),
            ),
            sort_name=Coalesce(NullIf("full_name", Value("")), NullIf("applicant__display_name", Value("")), "applicant__username", output_field=CharField()),
            status_order=Case(*(When(status=status, then=Value(i)) for i, status in enumerate(ApplicationStatus)), output_field=IntegerField()),
            unit_rank_missing=Case(When(unit_rank__isnull=True, then=Value(1)), default=Value(0), output_field=IntegerField()),
        )
    )


def for_list(queryset):
    """`queryset` narrowed to LIST_FIELDS, in the default order (the `sort` filter may change it)."""
    return queryset.select_related(None).select_related("applicant").only(*LIST_FIELDS).order_by(*SORTS[DEFAULT_SORT])


# --- Rows for the page and the API ---------------------------------------------------------------

GENDER_LABELS = dict(Gender.choices)
INDUSTRY_LABELS = dict(Industry.choices)
SKILL_LABELS = dict(SkillLevel.choices)


@dataclass(frozen=True)
class ListRow:
    """One application as the unit's list shows it: labels read from dicts, ID and phone masked."""

    application: Application
    name: str
    gender_label: str
    industry_label: str
    region_label: str
    skill_label: str
    resident_id_masked: str
    mobile_masked: str
    is_complete: bool

    @property
    def pk(self):
        return self.application.pk


def list_rows(applications):
    """ListRows of `applications` (a page of `sorted_for_list`); no query. Unit staff see ID and phone masked."""
    rows = []
    for application in applications:
        masked = masked_profile(application)
        rows.append(ListRow(
            application=application,
            name=application.full_name or str(application.applicant),
            gender_label=GENDER_LABELS.get(application.gender, ""),
            industry_label=INDUSTRY_LABELS.get(application.industry, ""),
            region_label=PROVINCE_NAMES.get(application.region, ""),
            skill_label=SKILL_LABELS.get(application.skill_level, ""),
            resident_id_masked=masked["resident_id"],
            mobile_masked=masked["mobile"],
            is_complete=application.is_complete,
        ))
    return rows


def balance_rows(user, round):
    """Every application submitted to `user`'s unit in `round`, as BalanceRows; one query."""
    unit = unit_of(user)
    values = (
        applications_visible_to(user).filter(unit=unit, round=round).order_by("pk")
        .values_list("id", "full_name", "applicant__display_name", "applicant__username", "status", "unit_rank",
                     "gender", "industry", "region", "skill_level")
    )
    return [
        BalanceRow(pk, full_name or display_name or username, status, rank, gender, industry, region, skill)
        for pk, full_name, display_name, username, status, rank, gender, industry, region, skill in values
    ]
