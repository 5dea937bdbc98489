"""The seeded assignment draw (随机抽取评审专家).

Each candidate gets the round's N experts (`Round.experts_per_candidate`) from the panel that scores
its industry section, never a conflicted one (`conflicts.conflicted_pairs`), the load balanced:

  1. Candidates are taken most-constrained first (fewest eligible experts), ties in a random order.
  2. Each candidate takes the N least-loaded eligible experts of its panel; ties broken at random.
  3. A rebalancing pass moves an assignment from the most- to the least-loaded expert of a panel
     while their loads differ by more than one and the candidate allows the move.

All randomness comes from one `random.Random(seed)` over inputs read in primary-key order, so the same
seed and the same data give the same assignment list, and its SHA-256 (`result_hash`) proves it.
A candidate with fewer than N eligible experts refuses the whole draw, with their names.
"""
import hashlib
import json
import random
import secrets
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction

from apps.applicants.enums import ApplicationStatus
from apps.core import audit
from apps.core.exceptions import DomainError
from apps.rounds import permissions as round_permissions

from .conflicts import conflicted_pairs
from .models import Assignment, AssignmentStatus, DrawRecord, Panel

ALGORITHM = "least-loaded-v1"
# Who is drawn for: candidates past formal review.
DRAW_STATUSES = (ApplicationStatus.FORMAL_PASSED, ApplicationStatus.UNDER_REVIEW)


@dataclass(frozen=True)
class DrawResult:
    seed: int
    assignments: tuple  # (application_id, expert_id, panel_id), sorted
    result_hash: str
    parameters: dict


def result_hash(assignments):
    """SHA-256 of the sorted (application_id, expert_id, panel_id) list, as compact JSON."""
    payload = json.dumps(sorted([list(row) for row in assignments]), separators=(",", ":"))
    return hashlib.sha256(payload.encode()).hexdigest()


def candidates_for(round):
    from apps.applicants.models import Application

    return Application.objects.filter(round=round, status__in=DRAW_STATUSES)


def compute_draw(round, seed, *, applications=None):
    """The draw for `round` with `seed`, computed (nothing written). Raises DomainError when it cannot be made.

    Queries: candidates, panels with members (2), conflicts (constant): constant in the numbers.
    """
    n = round.experts_per_candidate
    applications = candidates_for(round) if applications is None else applications
    candidates = list(applications.order_by("pk").values_list("pk", "industry", "full_name"))
    panels = list(Panel.objects.filter(round=round).order_by("pk").prefetch_related("members"))
    panel_of, members = {}, {}
    for panel in panels:
        members[panel.pk] = sorted(expert.pk for expert in panel.members.all() if expert.is_active)
        for letter in panel.industries:
            if letter in panel_of:
                raise DomainError(f"行业门类 {letter} 同时属于两个专家组，请先调整专家组设置。", code="panel_overlap")
            panel_of[letter] = panel.pk
    conflicts = conflicted_pairs(round, applications=applications)

    missing_panel, short = [], []
    eligible = {}
    for application_id, industry, name in candidates:
        panel_id = panel_of.get(industry)
        if panel_id is None:
            missing_panel.append(name or f"#{application_id}")
            continue
        experts = [e for e in members[panel_id] if (e, application_id) not in conflicts]
        if len(experts) < n:
            short.append(f"{name or f'#{application_id}'}（{len(experts)}名）")
        eligible[application_id] = (panel_id, experts)
    if missing_panel:
        raise DomainError(f"以下候选人的行业门类没有对应的专家组：{_names(missing_panel)}。", code="no_panel")
    if short:
        raise DomainError(
            f"以下候选人可抽取的无利益冲突专家不足{n}名，请先补充专家组成员：{_names(short)}。", code="too_few_experts"
        )

    rng = random.Random(seed)
    order = [application_id for application_id, _, _ in candidates]
    ties = {application_id: rng.random() for application_id in order}
    order.sort(key=lambda a: (len(eligible[a][1]), ties[a]))

    load = defaultdict(int)
    chosen = {}
    for application_id in order:
        panel_id, experts = eligible[application_id]
        tie = {e: rng.random() for e in experts}
        picked = sorted(experts, key=lambda e: (load[e], tie[e]))[:n]
        for e in picked:
            load[e] += 1
        chosen[application_id] = set(picked)
    _rebalance(chosen, eligible, load, members)

    rows = tuple(sorted((a, e, eligible[a][0]) for a, experts in chosen.items() for e in experts))
    parameters = {
        "algorithm": ALGORITHM, "experts_per_candidate": n, "candidates": len(candidates),
        "panels": len(panels), "experts": sum(len(m) for m in members.values()),
    }
    return DrawResult(seed=seed, assignments=rows, result_hash=result_hash(rows), parameters=parameters)


def _rebalance(chosen, eligible, load, members):
    """Move assignments from an expert with load L to one of the same panel with load ≤ L-2 while a candidate allows it.

    Each move lowers the sum of squared loads, so the loop ends. Deterministic: experts and candidates in pk order.
    """
    by_expert = defaultdict(set)
    for application_id, experts in chosen.items():
        for e in experts:
            by_expert[e].add(application_id)
    for experts in members.values():
        moved = True
        while moved:
            moved = False
            heavy_first = sorted(experts, key=lambda e: (-load[e], e))
            light_first = sorted(experts, key=lambda e: (load[e], e))
            for heavy in heavy_first:
                for light in light_first:
                    if load[heavy] - load[light] <= 1:
                        break
                    for application_id in sorted(by_expert[heavy]):
                        if light not in chosen[application_id] and light in eligible[application_id][1]:
                            chosen[application_id].discard(heavy)
                            chosen[application_id].add(light)
                            by_expert[heavy].discard(application_id)
                            by_expert[light].add(application_id)
                            load[heavy] -= 1
                            load[light] += 1
                            moved = True
                            break
                    if moved:
                        break
                if moved:
                    break


def _names(names, limit=10):
    shown = "、".join(names[:limit])
    return shown + (f"等{len(names)}人" if len(names) > limit else "")


@transaction.atomic
def draw_assignments(round, *, by, seed=None):
    """Draw and store the round's assignments (one DrawRecord, one Assignment per expert and candidate).

    Refuses when the round already has active assignments (change them one by one, audited), or when
    the draw cannot be made. `seed` None takes a fresh random one; it is stored on the round and the
    record, so `compute_draw(round, record.seed)` reproduces the list. Audits `reviews.draw.performed`.
    """
    from apps.rounds.models import Round

    if not round_permissions.can_manage_rounds(by):
        raise PermissionDenied
    round = Round.objects.select_for_update().get(pk=round.pk)
    if Assignment.objects.filter(round=round, status=AssignmentStatus.ACTIVE).exists():
        raise DomainError("本年度已抽取评审专家；如需调整，请逐项人工调整。", code="already_drawn")
    if seed is None:
        seed = secrets.randbelow(2**62)
    result = compute_draw(round, seed)
    if not result.assignments:
        raise DomainError("没有可抽取专家的候选人（须已通过形式审查）。", code="no_candidates")
    record = DrawRecord.objects.create(
        round=round, seed=seed, parameters=result.parameters, result_hash=result.result_hash,
        assignment_count=len(result.assignments), drawn_by=by,
    )
    Assignment.objects.bulk_create(
        Assignment(round=round, application_id=a, expert_id=e, panel_id=p, draw=record)
        for a, e, p in result.assignments
    )
    round.draw_seed = seed
    round.save(update_fields=["draw_seed", "updated_at"])
    audit.record(
        by, "reviews.draw.performed", record, seed=str(seed), assignments=len(result.assignments),
        result_hash=result.result_hash, **{k: v for k, v in result.parameters.items() if k != "algorithm"},
    )
    return record
