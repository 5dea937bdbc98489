"""Conflicts of interest derived from data (利益冲突回避), not only from declarations.

An expert is conflicted on a candidate (an application) when
  1. they share the employer: the same unified social credit code, or the same normalised employer name;
  2. the expert belongs to the candidate's recommending unit;
  3. the candidate named the expert as a referee (matched by e-mail, or by name);
  4. the candidate put the expert on the avoid list (matched by name: a namesake is avoided too, the safe side);
  5. the expert declared a conflict on the candidate.

`conflicted_pairs(round)` answers every conflicted (expert_id, application_id) pair of a round in a
constant number of queries (five, or four before the referees' model exists), whatever the numbers of
experts and candidates: each source is read once with `values_list` and matched through dictionaries.
"""
import importlib.util
import re
import unicodedata
from collections import defaultdict

from apps.core.validators import normalize_credit_code

from .models import AvoidEntry, ConflictDeclaration, ExpertProfile

# Whitespace, punctuation and brackets carry no identity in an employer's name: "中国 中车（集团）" is "中国中车集团".
_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)


def normalise_employer(name):
    """An employer's name for comparison: NFKC (full-width to half-width), case-folded, without spaces or punctuation."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", name or "")).casefold()


def normalise_person(name):
    """A person's name for comparison: NFKC, without spaces or the middle dot variants (·•・), case-folded."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", name or "").replace("·", "").replace("・", "")).casefold()


def referees_available():
    """True once the referees' model (branch `referees`, apps/applicants/models_referees.py) is installed."""
    return importlib.util.find_spec("apps.applicants.models_referees") is not None


def _experts(expert_ids=None):
    queryset = ExpertProfile.objects.all()
    if expert_ids is not None:
        queryset = queryset.filter(pk__in=expert_ids)
    return list(
        queryset.order_by().values_list("pk", "employer_name", "employer_credit_code", "unit_id", "user__email", "user__display_name")
    )


def conflicted_pairs(round, *, applications=None, expert_ids=None):
    """Every conflicted (expert_id, application_id) pair among the round's applications (or `applications`, a
    queryset of them) and the experts of the pool (or `expert_ids`). A set; five queries at most."""
    from apps.applicants.models import Application

    if applications is None:
        applications = Application.objects.filter(round=round)
    applications = applications.order_by()
    candidates = list(applications.values_list("pk", "unit_id", "employer_name", "employer_credit_code"))
    application_ids = applications.values("pk")

    by_code, by_employer, by_unit, by_email, by_name = (defaultdict(set) for _ in range(5))
    for expert_id, employer, code, unit_id, email, name in _experts(expert_ids):
        if code := normalize_credit_code(code):
            by_code[code].add(expert_id)
        if employer := normalise_employer(employer):
            by_employer[employer].add(expert_id)
        if unit_id:
            by_unit[unit_id].add(expert_id)
        if email:
            by_email[email.strip().casefold()].add(expert_id)
        if name := normalise_person(name):
            by_name[name].add(expert_id)

    pairs = set()
    for application_id, unit_id, employer, code in candidates:
        experts = set()
        if code := normalize_credit_code(code):
            experts |= by_code.get(code, set())
        if employer := normalise_employer(employer):
            experts |= by_employer.get(employer, set())
        if unit_id:
            experts |= by_unit.get(unit_id, set())
        pairs.update((expert_id, application_id) for expert_id in experts)

    for application_id, name in AvoidEntry.objects.filter(application__in=application_ids).order_by().values_list(
        "application_id", "name"
    ):
        pairs.update((expert_id, application_id) for expert_id in by_name.get(normalise_person(name), ()))

    if referees_available():
        from apps.applicants.models_referees import Referee

        for application_id, name, email in Referee.objects.filter(application__in=application_ids).order_by().values_list(
            "application_id", "name", "email"
        ):
            matched = by_name.get(normalise_person(name), set()) | by_email.get((email or "").strip().casefold(), set())
            pairs.update((expert_id, application_id) for expert_id in matched)

    declared = ConflictDeclaration.objects.filter(application__in=application_ids)
    if expert_ids is not None:
        declared = declared.filter(expert_id__in=expert_ids)
    pairs.update(declared.values_list("expert_id", "application_id"))
    return pairs


def is_conflicted(expert, application):
    """Whether `expert` (an ExpertProfile) is conflicted on `application`: the same rules, for one pair."""
    from apps.applicants.models import Application

    pairs = conflicted_pairs(
        application.round, applications=Application.objects.filter(pk=application.pk), expert_ids=[expert.pk]
    )
    return (expert.pk, application.pk) in pairs
