"""The balance panel of a unit's candidates: a pure function of rows, no queries of its own.

The rules ask a unit to choose "兼顾行业、性别等" and candidates "以制造业等实体经济领域职工为主，兼顾行业、地区等因素".
The panel sets the unit's candidates beside all its applicants by gender, industry, region and skill level,
and warns where the choice looks unbalanced. Warnings inform the unit's decision; they never block a move.

Who counts:
- applicants: every application submitted to the unit in the round, except those the applicant withdrew
  (returned and rejected ones applied, so they count);
- candidates (拟推荐人选): by default those already forwarded (a status that uses a quota place) and those the
  unit has ranked and may still forward (submitted, with a rank), forwarded first, then by rank; a what-if
  names its own candidates (`proposed_candidates`), in its order, and nothing is saved.

The warnings, each only when there are candidates:
- `no_woman`: women applied but no candidate is a woman;
- `one_industry`: two or more candidates, all from one industry, while the applicants come from several;
- `outside_real_economy`: more than half of the candidates work outside manufacturing and the real economy
  (`applicants.profile_enums.REAL_ECONOMY_INDUSTRIES`; a blank industry is not known to be outside);
- `over_quota`: more candidates than the unit's quota places (when it has a quota).

Rows are `BalanceRow`s (`apps.units.selectors.balance_rows` reads them in one query).
"""
from collections import Counter
from dataclasses import dataclass

from apps.applicants.enums import PLACE_USING, ApplicationStatus
from apps.applicants.profile_enums import REAL_ECONOMY_INDUSTRIES, Gender, Industry, SkillLevel
from apps.core.exceptions import DomainError
from apps.units.regions import PROVINCES

# A candidate of a what-if must still be forwardable (submitted) or already forwarded.
CANDIDATE_STATUSES = frozenset({ApplicationStatus.SUBMITTED, *PLACE_USING})
UNKNOWN_LABEL = "未填写"


@dataclass(frozen=True)
class BalanceRow:
    id: int
    name: str
    status: str
    unit_rank: int | None
    gender: str
    industry: str
    region: str
    skill_level: str

    @property
    def is_forwarded(self):
        return self.status in PLACE_USING

    @property
    def is_ranked_candidate(self):
        return self.status == ApplicationStatus.SUBMITTED and self.unit_rank is not None


@dataclass(frozen=True)
class Share:
    value: str
    label: str
    applicants: int
    candidates: int
    applicant_percent: int
    candidate_percent: int


@dataclass(frozen=True)
class Dimension:
    key: str
    label: str
    shares: tuple  # Share per value present among applicants or candidates, in the choices' order, blank last


@dataclass(frozen=True)
class BalanceWarning:
    code: str
    message: str


@dataclass(frozen=True)
class Balance:
    applicant_count: int
    candidate_count: int
    candidates: tuple  # the candidate rows, in order
    dimensions: tuple
    warnings: tuple
    places: int | None
    is_what_if: bool

    @property
    def warning_codes(self):
        return [warning.code for warning in self.warnings]


DIMENSIONS = (
    ("gender", "性别", Gender.choices),
    ("industry", "行业（国民经济行业门类）", Industry.choices),
    ("region", "地区", PROVINCES),
    ("skill_level", "技能等级", SkillLevel.choices),
)


def applicant_rows(rows):
    """The rows that count as the unit's applicants: all but those the applicant withdrew."""
    return [row for row in rows if row.status != ApplicationStatus.WITHDRAWN]


def default_candidates(rows):
    """The forwarded candidates, then the ranked ones the unit may still forward, by rank."""
    forwarded = sorted((row for row in rows if row.is_forwarded), key=lambda row: (row.unit_rank is None, row.unit_rank or 0, row.id))
    ranked = sorted((row for row in rows if row.is_ranked_candidate), key=lambda row: (row.unit_rank, row.id))
    return forwarded + ranked


def parse_ids(raw):
    """Ids from a what-if (a list of values, each possibly comma-separated), in order; DomainError on junk."""
    ids = []
    for value in raw:
        for part in str(value).replace("，", ",").split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isdigit() or len(part) > 12:
                raise DomainError(f"拟推荐人选的编号“{part[:20]}”无效。", code="invalid_ids")
            ids.append(int(part))
    return ids


def proposed_candidates(rows, ids):
    """The rows named by `ids`, in that order: each must be one of the unit's submitted or forwarded
    applications, named once. DomainError otherwise (the what-if shows nothing for bad input)."""
    by_id = {row.id: row for row in rows}
    if len(set(ids)) != len(ids):
        raise DomainError("拟推荐人选中有重复的申报，请每人只选一次。", code="duplicate_ids")
    unknown = [pk for pk in ids if pk not in by_id]
    if unknown:
        raise DomainError("拟推荐人选中有不属于本单位本年度的申报，请刷新页面后重新选择。", code="unknown_ids")
    ineligible = [by_id[pk] for pk in ids if by_id[pk].status not in CANDIDATE_STATUSES]
    if ineligible:
        names = "、".join(row.name for row in ineligible[:5])
        raise DomainError(f"{names}的申报当前不能推荐（已退回、未通过或已撤回），不能列入拟推荐人选。", code="ineligible_ids")
    return [by_id[pk] for pk in ids]


def balance(rows, *, candidates=None, places=None):
    """The panel for the unit's `rows` (every application submitted to it in the round).

    `candidates`: the rows proposed in a what-if (see `proposed_candidates`); None for the default
    (`default_candidates`). `places`: the unit's quota places, or None without a quota.
    """
    applicants = applicant_rows(rows)
    is_what_if = candidates is not None
    candidates = list(candidates) if is_what_if else default_candidates(rows)
    dimensions = tuple(_dimension(key, label, choices, applicants, candidates) for key, label, choices in DIMENSIONS)
    return Balance(
        applicant_count=len(applicants),
        candidate_count=len(candidates),
        candidates=tuple(candidates),
        dimensions=dimensions,
        warnings=tuple(_warnings(applicants, candidates, places)),
        places=places,
        is_what_if=is_what_if,
    )


def _dimension(key, label, choices, applicants, candidates):
    applied = Counter(getattr(row, key) or "" for row in applicants)
    chosen = Counter(getattr(row, key) or "" for row in candidates)
    values = [value for value, _ in choices if value in applied or value in chosen]
    if "" in applied or "" in chosen:
        values.append("")
    labels = dict(choices)
    shares = tuple(
        Share(
            value, labels.get(value, UNKNOWN_LABEL) if value else UNKNOWN_LABEL, applied[value], chosen[value],
            _percent(applied[value], len(applicants)), _percent(chosen[value], len(candidates)),
        )
        for value in values
    )
    return Dimension(key, label, shares)


def _percent(part, whole):
    return round(100 * part / whole) if whole else 0


def _warnings(applicants, candidates, places):
    if not candidates:
        return []
    warnings = []
    women_applied = sum(1 for row in applicants if row.gender == Gender.FEMALE)
    if women_applied and not any(row.gender == Gender.FEMALE for row in candidates):
        warnings.append(BalanceWarning(
            "no_woman", f"有{women_applied}名女性申报人，但拟推荐人选中没有女性。请兼顾性别，优中选优。",
        ))
    industries = {row.industry for row in candidates}
    applied_industries = {row.industry for row in applicants if row.industry}
    if len(candidates) >= 2 and len(industries) == 1 and "" not in industries and len(applied_industries) > 1:
        label = dict(Industry.choices)[next(iter(industries))]
        warnings.append(BalanceWarning(
            "one_industry",
            f"拟推荐人选全部来自“{label}”一个行业，而申报人来自{len(applied_industries)}个行业。请兼顾行业。",
        ))
    outside = sum(1 for row in candidates if row.industry and row.industry not in REAL_ECONOMY_INDUSTRIES)
    if outside * 2 > len(candidates):
        warnings.append(BalanceWarning(
            "outside_real_economy",
            f"拟推荐人选中有{outside}人（共{len(candidates)}人）不在制造业等实体经济领域。"
            "培育对象应以制造业等实体经济领域职工为主。",
        ))
    if places is not None and len(candidates) > places:
        warnings.append(BalanceWarning(
            "over_quota", f"拟推荐人选{len(candidates)}人，超过本单位推荐名额{places}名；报送时超出名额的将被拒绝。",
        ))
    return warnings
