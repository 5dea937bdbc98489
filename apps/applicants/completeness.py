"""What an application needs before it may be submitted: one registry of requirements, one checklist.

Each requirement is (key, Chinese label, section, the section's page, check). `check(facts)` returns
the list of what is missing (Chinese, for the applicant); an empty list means met. `facts` carries
the application and what the checks read, loaded once (`Facts`), so the checklist costs a constant
number of queries whatever the number of answers or files: the statement rows (indicators, answers,
evidence: three queries) and whatever the referees check asks.

The requirements (the rules' section 三 and the notice's "围绕'工匠五力'提供支撑材料"):

- profile: every field of the profile form except the two optional ones (national competition
  placings and titles already held, which many applicants do not have); at least 5 frontline years
  (`profile.MIN_FRONTLINE_YEARS`, already refused on save, checked again for rows written before).
- statement: every one of the round's indicators answered (a non-empty StatementAnswer).
- evidence: at least one file under each of the five powers (工匠五力: 引领力, 实践力, 创新力,
  攻关力, 传承力), attached to any of that power's indicators. Kept this simple on purpose: the rules
  ask for material that shows the five powers, and the unit judges its substance; the system checks
  that no power is left without any.
- referees: three live referees, each confirmed with a signed letter and none from the applicant's
  employer (`apps.applicants.referees.referees_missing`, given the live referees loaded once: one query).

`version_token(facts)` is the page's token for a stale-form check at submission: it changes with
any stored change of the profile (profile_version), an answer (its version), the set of files, the
status, or the referees' state.
"""
import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable

from django.urls import NoReverseMatch, reverse

from apps.rounds.enums import Power

from . import referees as referee_rules
from . import selectors_evidence
from .profile import FRONTLINE_YEARS_REFUSED, MIN_FRONTLINE_YEARS

# The profile fields a submission needs, with the label the checklist names them by.
REQUIRED_PROFILE_FIELDS = (
    ("full_name", "姓名"), ("gender", "性别"), ("birth_date", "出生日期"), ("resident_id", "居民身份证号码"),
    ("mobile", "手机号码"), ("email", "电子邮箱"), ("employer_name", "工作单位"),
    ("employer_credit_code", "工作单位统一社会信用代码"), ("industry", "所属行业"), ("region", "所在地区"),
    ("post", "岗位"), ("frontline_years", "一线生产现场工作年限"), ("skill_level", "技能等级"),
)

SECTION_LABELS = {"profile": "基本信息", "statement": "五力陈述", "evidence": "支撑材料", "referees": "推荐专家"}


@dataclass(frozen=True)
class Requirement:
    key: str
    label: str
    section: str  # a key of SECTION_LABELS
    url_name: str  # the section's page, reversed with the application's pk
    check: Callable  # check(facts) -> [missing, ...]

    def url(self, application):
        try:
            return reverse(self.url_name, args=[application.pk])
        except NoReverseMatch:  # a section whose page has not landed yet: the application page
            return application.get_absolute_url()


REQUIREMENTS = []


def register(key, label, section, url_name):
    """Add a requirement (a decorator of its check). Order of registration is the checklist's order."""
    def decorate(check):
        REQUIREMENTS[:] = [requirement for requirement in REQUIREMENTS if requirement.key != key]
        REQUIREMENTS.append(Requirement(key, label, section, url_name, check))
        return check
    return decorate


class Facts:
    """What the checks read, loaded once: the application (with its round), the statement rows and the live referees."""

    def __init__(self, application, rows=None, referees=None):
        self.application = application
        self._rows = rows
        self._referees = referees

    @cached_property
    def referees(self):
        if self._referees is None:
            self._referees = referee_rules.live_referees(self.application)
        return self._referees

    @cached_property
    def referees_missing(self):
        return referee_rules.referees_missing(self.application, referees=self.referees)

    @cached_property
    def rows(self):
        if self._rows is None:
            self._rows = selectors_evidence.statement_rows(self.application, with_files=True)
        return self._rows


@dataclass
class Item:
    requirement: Requirement
    missing: list = field(default_factory=list)
    url: str = ""  # the section's page for this application

    @property
    def done(self):
        return not self.missing

    @property
    def section_label(self):
        return SECTION_LABELS.get(self.requirement.section, self.requirement.section)


@dataclass
class Checklist:
    items: list
    version: str

    @property
    def complete(self):
        return all(item.done for item in self.items)

    @property
    def missing(self):
        return [message for item in self.items for message in item.missing]

    @property
    def done_count(self):
        return sum(1 for item in self.items if item.done)

    @property
    def total(self):
        return len(self.items)

    @property
    def percent(self):
        return round(100 * self.done_count / self.total) if self.items else 100


def checklist(application, *, rows=None, referees=None):
    """The checklist of `application` (rows: `selectors_evidence.statement_rows(..., with_files=True)`, referees:
    `referees.live_referees(...)`, if already loaded)."""
    facts = Facts(application, rows, referees)
    items = [Item(requirement, list(requirement.check(facts)), requirement.url(application)) for requirement in REQUIREMENTS]
    return Checklist(items, version_token(facts))


def version_token(facts):
    """A short digest of the state the submitter saw (see the module docstring)."""
    application = facts.application
    parts = [
        f"p{application.profile_version}", f"s{application.status}",
        *(f"a{row.indicator.pk}:{row.version}" for row in facts.rows),
        *(f"e{evidence.pk}" for row in facts.rows for evidence in row.files),
    ]
    parts += [f"r{referee.pk}:{referee.status}:{referee.letter_sha256}" for referee in facts.referees]
    parts += [f"m{message}" for message in facts.referees_missing]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


# --- The requirements ------------------------------------------------------------------------


@register("profile", "申报人基本信息完整", "profile", "applicants:profile")
def profile_complete(facts):
    application = facts.application
    empty = [label for name, label in REQUIRED_PROFILE_FIELDS if getattr(application, name) in ("", None)]
    missing = [f"基本信息未填写：{'、'.join(empty)}。"] if empty else []
    if application.frontline_years is not None and application.frontline_years < MIN_FRONTLINE_YEARS:
        missing.append(FRONTLINE_YEARS_REFUSED)
    return missing


@register("statement", "15项“工匠五力”陈述均已填写", "statement", "applicants:statement")
def statement_answered(facts):
    unanswered = [str(row.indicator) for row in facts.rows if not row.answered]
    if not unanswered:
        return []
    return [f"“工匠五力”陈述还有{len(unanswered)}项未填写：{'、'.join(unanswered)}。"]


@register("evidence", "“工匠五力”每一方面至少有一份支撑材料", "evidence", "applicants:evidence")
def evidence_per_power(facts):
    with_files = {row.indicator.power for row in facts.rows if row.files}
    powers = {row.indicator.power for row in facts.rows}
    labels = dict(Power.choices)
    bare = [labels[power] for power in Power.values if power in powers and power not in with_files]
    if not bare:
        return []
    return [f"以下方面尚无支撑材料，每方面至少上传一份：{'、'.join(bare)}。"]


@register("referees", "3位推荐专家均已确认并上传签名推荐信", "referees", "applicants:referees")
def referees_confirmed(facts):
    return facts.referees_missing
