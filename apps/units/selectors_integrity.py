"""The integrity flags of a round, as each viewer may see them.

Computed on demand and cached per round under a cheap data version (decision, see the issue's note):
two aggregate queries over the round's submitted applications and their answers (count, sum of ids,
of profile and answer versions, latest submission) change whenever anything a flag reads changes, and
the cache key carries them and the settings. A hit costs those two queries; a miss loads the round's
rows in two more and computes: about 4 s of CPU for 1,000 statements of 15 answers of ~300 characters
(benchmarks/integrity.py; 0.1 s for the demo's 26). No Celery task and no table: a flag is evidence for
a person looking at the page, never a state, and with Redis down the page is only slower (the cache
forgives, the page computes). If national rounds make the first view after a submission too slow, the
next step is a task that warms `round_flags` after each submission commits (the same key), not a table.

Who sees what: every flag is computed over all submitted applications of the round (the system's view),
then each viewer gets the flags that involve at least one application the access policy lets them see
(`applicants.application`'s policy: a unit its own submitted applications, the office what was
forwarded). The other side of a flag is shown only if the viewer may see it, else as
"另一推荐单位的申报" (for a unit) or "推荐单位尚未报送的申报" (for the office): no name, no unit,
no employer, no text of it; of a near-duplicate the viewer sees the shared passages in their own
applicant's text.
"""
import hashlib
from dataclasses import dataclass, field
from importlib.util import find_spec

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Sum

from apps.accounts.roles import is_programme_staff, is_unit_staff
from apps.applicants.models import Application, StatementAnswer
from apps.core import policy

from . import integrity

CACHE_SECONDS = 24 * 3600
KIND_ORDER = (integrity.NEAR_DUPLICATE, integrity.CREDIT_CODE_CONFLICT, integrity.REFEREE_MANY, integrity.REFEREE_EMPLOYER)


def config():
    return integrity.Config(**settings.INTEGRITY)


def _submitted(round):
    return Application.objects.filter(round=round, submitted_at__isnull=False)


# --- Referees (branch `referees`): wired when apps/applicants/models_referees.py lands ----------------

HAS_REFEREES = find_spec("apps.applicants.models_referees") is not None


def _referees(round):
    from apps.applicants.models_referees import Referee  # noqa: PLC0415  (only once the model exists)

    # Live referees only: a replaced one's row stays for the record but recommends no one.
    return Referee.objects.filter(application__round=round, application__submitted_at__isnull=False).exclude(status="replaced")


def referee_rows(round):
    """[{application_id, name, employer_name, employer_credit_code}] of the round's submitted applications."""
    if not HAS_REFEREES:
        return []
    return list(_referees(round).order_by("application_id", "pk").values("application_id", "name", "employer_name", "employer_credit_code"))


def _referee_version(round):
    if not HAS_REFEREES:
        return None
    return _referees(round).aggregate(n=Count("pk"), ids=Sum("pk"), last=Max("updated_at"))


# --- The round's flags (the system's view, cached) ----------------------------------------------------


def data_version(round):
    """A digest that changes whenever anything the flags read changes (two or three aggregate queries)."""
    applications = _submitted(round).aggregate(
        n=Count("pk"), ids=Sum("pk"), profiles=Sum("profile_version"), last=Max("submitted_at")
    )
    answers = StatementAnswer.objects.filter(application__round=round, application__submitted_at__isnull=False).aggregate(
        n=Count("pk"), versions=Sum("version"), last=Max("updated_at")
    )
    text = repr((sorted(applications.items()), sorted(answers.items()), _referee_version(round), config().key))
    return hashlib.sha256(text.encode()).hexdigest()[:24]


@dataclass(frozen=True)
class RoundFlags:
    applications: dict  # id -> {name, unit_id, unit_name, employer_name, employer_credit_code}
    flags: tuple  # (kind, evidence) pairs, evidence one of integrity's dataclasses


def compute_round_flags(round):
    """Every flag of `round` over its submitted applications (two or three queries, then pure functions)."""
    conf = config()
    rows = list(
        _submitted(round).order_by("pk").values(
            "id", "full_name", "applicant__display_name", "applicant__username", "unit_id", "unit__name",
            "employer_name", "employer_credit_code",
        )
    )
    applications = {
        row["id"]: {
            "name": row["full_name"] or row["applicant__display_name"] or row["applicant__username"],
            "unit_id": row["unit_id"], "unit_name": row["unit__name"],
            "employer_name": row["employer_name"], "employer_credit_code": row["employer_credit_code"],
        }
        for row in rows
    }
    statements = {}
    answers = (
        StatementAnswer.objects.filter(application__round=round, application__submitted_at__isnull=False)
        .exclude(text="").order_by("application_id", "indicator__position").values_list("application_id", "indicator__name", "text")
    )
    for application_id, label, text in answers:
        statements.setdefault(application_id, []).append((label, text))
    referees = referee_rows(round)
    flags = [(integrity.NEAR_DUPLICATE, pair) for pair in integrity.near_duplicates(statements, conf)]
    flags += [(integrity.CREDIT_CODE_CONFLICT, c) for c in integrity.credit_code_conflicts([{"id": k, **v} for k, v in applications.items()])]
    flags += [(integrity.REFEREE_MANY, r) for r in integrity.referees_recommending_many(referees, conf.referee_many)]
    flags += [(integrity.REFEREE_EMPLOYER, r) for r in integrity.referee_employer_matches(referees, applications)]
    return RoundFlags(applications, tuple(flags))


def round_flags(round):
    """`compute_round_flags(round)`, from the cache while the round's data version holds."""
    key = f"integrity:{round.pk}:{data_version(round)}"
    found = cache.get(key)
    if found is None:
        found = compute_round_flags(round)
        cache.set(key, found, CACHE_SECONDS)
    return found


# --- What one viewer sees -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SideView:
    visible: bool
    label: str  # the applicant's name, or the hidden label
    application_id: int | None = None
    unit_name: str = ""
    employer_name: str = ""
    note: str = ""  # what this side contributes (the name it gave, the referee's match)


@dataclass(frozen=True)
class PassageView:
    length: int
    texts: tuple  # ((whose: applicant's name, answer label, text), ...) of the sides the viewer may see


@dataclass(frozen=True)
class FlagView:
    kind: str
    summary: str
    sides: tuple
    passages: tuple = field(default=())

    @property
    def label(self):
        return integrity.KIND_LABELS[self.kind]


def may_see_flags(user):
    return is_unit_staff(user) or is_programme_staff(user)


def flags_for(user, round):
    """The flags of `round` that `user` (unit staff or the office) may see, each side shown or hidden."""
    visible = set(policy.visible(Application.objects.filter(round=round), user).order_by().values_list("pk", flat=True))
    hidden = HIDDEN_FROM_OFFICE if is_programme_staff(user) else HIDDEN_FROM_UNIT
    return view_flags(round_flags(round), visible, hidden_label=hidden)


HIDDEN_FROM_UNIT = "另一推荐单位的申报"
HIDDEN_FROM_OFFICE = "推荐单位尚未报送的申报"


def view_flags(computed, visible, *, hidden_label):
    """The flags of `computed` (RoundFlags) that involve an application in `visible` (ids), others' sides hidden."""
    view = _Viewer(computed.applications, visible, hidden_label)
    shown = [view.flag(kind, evidence) for kind, evidence in computed.flags]
    shown = [flag for flag in shown if flag is not None]
    shown.sort(key=lambda flag: KIND_ORDER.index(flag.kind))
    return shown


@dataclass
class _Viewer:
    applications: dict
    visible: set
    hidden: str

    def side(self, application_id, note=""):
        if application_id not in self.visible:
            return SideView(False, self.hidden)
        row = self.applications[application_id]
        return SideView(True, row["name"], application_id, row["unit_name"], row["employer_name"], note)

    def flag(self, kind, evidence):
        ids = _application_ids(kind, evidence)
        if not self.visible.intersection(ids):
            return None
        return getattr(self, kind)(evidence)

    def near_duplicate(self, pair):
        sides = (self.side(pair.a), self.side(pair.b))
        passages = tuple(
            PassageView(p.length, tuple(
                (side.label, label, text)
                for side, label, text in ((sides[0], p.label_a, p.text_a), (sides[1], p.label_b, p.text_b))
                if side.visible
            ))
            for p in pair.passages
        )
        summary = f"两份申报的五力陈述相似度为{pair.similarity:.0%}，共有{len(pair.passages)}处相同的段落（每处不少于{config().min_passage}字）。"
        return FlagView(integrity.NEAR_DUPLICATE, summary, sides, passages)

    def credit_code_conflict(self, conflict):
        # A visible side shows the employer name it gave (SideView.employer_name); a hidden one none.
        sides = tuple(self.side(application_id) for application_id, _ in conflict.names)
        summary = f"统一社会信用代码 {conflict.code} 在{len(conflict.names)}份申报中对应了不同的工作单位名称，请核对。"
        return FlagView(integrity.CREDIT_CODE_CONFLICT, summary, sides)

    def referee_many(self, referee):
        sides = tuple(self.side(application_id) for application_id in referee.applications)
        employer = f"（{referee.employer_name}）" if referee.employer_name else ""
        summary = f"推荐专家{referee.name}{employer}在本年度共推荐了{len(referee.applications)}名申报人（含其他推荐单位的申报）。"
        return FlagView(integrity.REFEREE_MANY, summary, sides)

    def referee_employer(self, match):
        whose = {"applicant": "申报人的工作单位", "unit": "推荐单位"}
        how = {"code": "统一社会信用代码相同", "name": "单位名称相同"}
        said = "、".join(f"{whose[target]}（{how[by]}）" for target, by in match.matches)
        summary = f"推荐专家{match.referee}的工作单位“{match.referee_employer}”与{said}一致，请核实其是否为非本单位的同行高级专家。"
        return FlagView(integrity.REFEREE_EMPLOYER, summary, (self.side(match.application),))


def _application_ids(kind, evidence):
    if kind == integrity.NEAR_DUPLICATE:
        return (evidence.a, evidence.b)
    if kind == integrity.CREDIT_CODE_CONFLICT:
        return tuple(application_id for application_id, _ in evidence.names)
    if kind == integrity.REFEREE_MANY:
        return evidence.applications
    return (evidence.application,)
