"""What the ranking page, the meeting page, their API and the exports read: one aggregation call and the
names beside it, in a constant number of queries whatever the round's size."""
from dataclasses import dataclass

from apps.applicants.models import Application
from apps.rounds.models import Indicator
from apps.units.balance import BalanceRow, balance

from .aggregation import aggregate
from .meeting import LISTABLE, active_entries
from .models import ExpertProfile, Meeting, Panel, ProposedEntry

DISAGREEMENT_SHOWN = 100  # the page lists at most this many strongly disagreeing candidates
ADDABLE_SHOWN = 200  # the add form offers the best-ranked candidates below the list (the API takes any id)
NAME_FIELDS = ("id", "full_name", "status", "gender", "industry", "region", "skill_level", "unit__name",
               "applicant__display_name", "applicant__username")
# What a list entry reads of its application (no ID number, no phone: they are never decrypted here).
ENTRY_APPLICATION_FIELDS = (
    "application__id", "application__status", "application__full_name", "application__unit__id", "application__unit__name",
    "application__applicant__id", "application__applicant__display_name", "application__applicant__username",
)


@dataclass(frozen=True)
class Person:
    """A candidate's name and unit for display (never an ID number or a phone)."""

    id: int
    name: str
    unit: str
    status: str


def tie_break(previous, row):
    """Why `row` ranks below `previous` when their deciding scores are equal (see aggregation's tie-break), or ''."""
    if previous is None or round(previous["score"], 6) != round(row["score"], 6):
        return ""
    if round(previous["mean"], 6) != round(row["mean"], 6):
        return "与上一名同分，按全部评分表平均分排序"
    if previous["sheets"] != row["sheets"]:
        return "与上一名同分同均分，按评分表份数排序"
    return "与上一名同分同均分同份数，按申报先后排序"


def annotate_ties(candidates):
    """Each candidate row gets `tie` (the tie-break that placed it, or '')."""
    previous = None
    for row in candidates:
        row["tie"] = tie_break(previous, row)
        previous = row
    return candidates


def people(pks):
    """{application id: Person} for `pks`: one query."""
    rows = Application.objects.filter(pk__in=list(pks)).values_list(
        "id", "full_name", "applicant__display_name", "applicant__username", "unit__name", "status"
    )
    return {pk: Person(pk, full or display or username, unit or "", status) for pk, full, display, username, unit, status in rows}


@dataclass
class RankingView:
    round: object
    result: object  # aggregation.Aggregation
    page: object
    rows: list  # candidate dicts of the page, each with "person", "tie", "inside", "inside_normalised"
    entering: list  # Person, inside the line only if normalised scores decided
    leaving: list
    disagreeing: list  # candidate dicts with "person"
    disagreeing_count: int
    experts: list  # dicts: id, name, panel names, sheets, mean, severity; most severe first
    panels: list  # dicts: id, name, candidates, experts, kendall_w, icc_model, icc (list in indicator order)
    indicators: list  # (id, name)

    @property
    def changes_line(self):
        return bool(self.entering or self.leaving)


def ranking_view(round, *, page_number=None, page_size=50):
    """The ranking page of `round`: the aggregation once, the page's and the lists' names, experts, panels."""
    from django.core.paginator import Paginator

    result = aggregate(round)
    annotate_ties(result.candidates)
    page = Paginator(result.candidates, page_size).get_page(page_number)
    disagreeing = [row for row in result.candidates if row["disagreement"]]
    shown = disagreeing[:DISAGREEMENT_SHOWN]
    named = people({row["application_id"] for row in [*page.object_list, *shown]} | set(result.entering) | set(result.leaving))
    target = result.target
    rows = []
    for row in page.object_list:
        rows.append({**row, "person": named.get(row["application_id"]), "inside": row["rank"] <= target,
                     "inside_normalised": row["normalised_rank"] <= target})
    experts = _experts(result)
    panel_names = dict(Panel.objects.filter(round=round).values_list("pk", "name"))
    indicators = list(Indicator.objects.filter(round=round).order_by("pk").values_list("pk", "name"))
    panels = [
        {"id": pk, "name": panel_names.get(pk, str(pk)), **data, "icc_list": [data["icc"].get(i) for i, _ in indicators]}
        for pk, data in sorted(result.panels.items())
    ]
    return RankingView(
        round=round, result=result, page=page, rows=rows,
        entering=[named[pk] for pk in result.entering if pk in named],
        leaving=[named[pk] for pk in result.leaving if pk in named],
        disagreeing=[{**row, "person": named.get(row["application_id"])} for row in shown],
        disagreeing_count=len(disagreeing), experts=experts, panels=panels, indicators=indicators,
    )


def _experts(result):
    names = {
        pk: display or username
        for pk, display, username in ExpertProfile.objects.filter(pk__in=list(result.experts)).values_list(
            "pk", "user__display_name", "user__username"
        )
    }
    rows = [{"id": pk, "name": names.get(pk, str(pk)), **data} for pk, data in result.experts.items()]
    return sorted(rows, key=lambda row: (row["severity"], row["id"]))


# --- The meeting page -------------------------------------------------------------------------------


@dataclass
class MeetingView:
    round: object
    meeting: object  # Meeting or None
    entries: list  # active ProposedEntry with .row (the aggregation's candidate dict) and .person
    removed: list
    balance: object  # apps.units.balance.Balance of the list against the ranked pool, or None
    candidates_to_add: list  # Person: ranked, listable, not on the list, best first (at most ADDABLE_SHOWN)


def meeting_of(round):
    return Meeting.objects.filter(round=round).select_related("decided_by", "generated_by").first()


def meeting_view(round):
    """The meeting page: the list with each candidate's scores, the removed entries, the national balance panel."""
    meeting = meeting_of(round)
    result = aggregate(round)
    by_app = result.by_application()
    ranked_ids = [row["application_id"] for row in result.candidates]
    values = Application.objects.filter(round=round, pk__in=ranked_ids).values_list(*NAME_FIELDS)
    pool = {}
    for pk, full, status, gender, industry, region, skill, unit, display, username in values:
        pool[pk] = (Person(pk, full or display or username, unit or "", status),
                    BalanceRow(pk, full or display or username, status, None, gender, industry, region, skill))
    entries, removed = [], []
    if meeting is not None:
        entry_rows = meeting.entries.select_related("application__unit", "application__applicant").only(
            *(f.name for f in ProposedEntry._meta.concrete_fields), *ENTRY_APPLICATION_FIELDS,
        ).order_by("added_manually", "raw_rank", "pk")
        for entry in entry_rows:
            entry.row = by_app.get(entry.application_id)
            entry.person = pool[entry.application_id][0] if entry.application_id in pool else _person(entry.application)
            (removed if entry.removed else entries).append(entry)
    listed = {entry.application_id for entry in entries}
    panel = None
    if meeting is not None:
        rows = [pool[pk][1] for pk in ranked_ids if pk in pool and (pool[pk][0].status in LISTABLE or pk in listed)]
        chosen = [pool[entry.application_id][1] for entry in entries if entry.application_id in pool]
        panel = balance(rows, candidates=chosen, places=round.national_target)
    addable = [pool[pk][0] for pk in ranked_ids if pk in pool and pk not in listed and pool[pk][0].status in LISTABLE][:ADDABLE_SHOWN]
    return MeetingView(round, meeting, entries, removed, panel, addable)


def _person(application):
    """A listed candidate no longer in the ranking (its sheets withdrawn after the list was made)."""
    user = application.applicant
    return Person(application.pk, application.full_name or user.display_name or user.username, application.unit.name, application.status)


def listed_ids(meeting):
    return list(active_entries(meeting).values_list("application_id", flat=True))
