"""The seeded draw: exactly N experts per candidate from its panel, never a conflict, loads balanced,
refused when a candidate has too few eligible experts, recorded and reproducible from its seed."""
import random
from collections import Counter, defaultdict

import pytest
from django.core.exceptions import PermissionDenied

from apps.applicants.enums import ApplicationStatus
from apps.applicants.tests.factories import ApplicationFactory
from apps.core.exceptions import DomainError
from apps.core.models import AuditEntry
from apps.reviews.conflicts import conflicted_pairs
from apps.reviews.draw import compute_draw, draw_assignments, result_hash
from apps.reviews.models import Assignment, AvoidEntry, ConflictDeclaration, DrawRecord
from apps.reviews.tests.factories import ExpertFactory, PanelFactory
from apps.rounds.tests.factories import RoundFactory
from apps.units.tests.factories import RecommendingUnitFactory

pytestmark = pytest.mark.django_db

INDUSTRIES = "CDEG"


def random_world(seed, *, conflicts=True):
    """A round with 1–3 panels (each 6–10 experts over one or two industry sections), 8–30 candidates,
    N = 3–5, and, with `conflicts`, sparse conflicts of every derived kind (unit, employer, avoid list, declared)."""
    rng = random.Random(seed)
    round = RoundFactory(experts_per_candidate=rng.randint(3, 5))
    units = [RecommendingUnitFactory() for _ in range(3)]
    sections = list(INDUSTRIES)
    rng.shuffle(sections)
    n_panels = rng.randint(1, 3)
    groups = [sections[i::n_panels] for i in range(n_panels)]
    experts = []
    for group in groups:
        members = [ExpertFactory() for _ in range(rng.randint(round.experts_per_candidate + 3, 10))]
        PanelFactory(round=round, industries="".join(group), members=members)
        experts += members
    candidates = [
        ApplicationFactory(
            round=round, unit=rng.choice(units), status=ApplicationStatus.FORMAL_PASSED,
            industry=rng.choice("".join(sections)), employer_name=f"企业{i}", full_name=f"候选人{i}",
        )
        for i in range(rng.randint(8, 30))
    ]
    if conflicts:
        for expert in rng.sample(experts, 2):  # an expert of a unit: conflicted on its candidates
            expert.unit = rng.choice(units)
            expert.save()
        for candidate in rng.sample(candidates, min(4, len(candidates))):
            kind = rng.choice(("employer", "avoid", "declared"))
            expert = rng.choice(experts)
            if kind == "employer":
                expert.employer_name = candidate.employer_name
                expert.save()
            elif kind == "avoid":
                AvoidEntry.objects.create(application=candidate, slot=1, name=expert.user.display_name)
            else:
                ConflictDeclaration.objects.get_or_create(expert=expert, application=candidate, defaults={"reason": "同事"})
    return round


def check_draw(round, rows):
    n = round.experts_per_candidate
    conflicts = conflicted_pairs(round)
    panels = {p.pk: p for p in round.panels.prefetch_related("members")}
    per_candidate = defaultdict(list)
    for application_id, expert_id, panel_id in rows:
        assert (expert_id, application_id) not in conflicts
        assert expert_id in {m.pk for m in panels[panel_id].members.all()}
        per_candidate[application_id].append(expert_id)
    candidates = dict(round.applications.values_list("pk", "industry"))
    assert set(per_candidate) == set(candidates)
    for application_id, experts in per_candidate.items():
        assert len(experts) == len(set(experts)) == n
    load = Counter(expert_id for _, expert_id, _ in rows)
    spreads = {}
    for panel in panels.values():
        loads = [load.get(m.pk, 0) for m in panel.members.all()]
        spreads[panel.pk] = max(loads) - min(loads)
    # "Within one where possible": no assignment could move from an expert to a panel colleague carrying
    # two or more fewer, without a conflict or a double assignment.
    for application_id, experts in per_candidate.items():
        panel_id = next(p for a, _, p in rows if a == application_id)
        for heavy in experts:
            for light in panels[panel_id].members.all():
                if light.pk in experts or (light.pk, application_id) in conflicts:
                    continue
                assert load[heavy] - load.get(light.pk, 0) <= 1, (heavy, light.pk, application_id)
    return spreads


@pytest.mark.parametrize("seed", range(12))
def test_random_worlds_get_n_experts_each_without_conflict_and_loads_balanced_where_possible(seed):
    round = random_world(seed)
    result = compute_draw(round, seed=1000 + seed)
    check_draw(round, result.assignments)


@pytest.mark.parametrize("seed", range(4))
def test_without_conflicts_loads_are_within_one(seed):
    round = random_world(100 + seed, conflicts=False)
    spreads = check_draw(round, compute_draw(round, seed=seed).assignments)
    assert max(spreads.values()) <= 1


def test_the_same_seed_and_data_reproduce_the_draw_and_another_seed_differs():
    round = random_world(7)
    first, again, other = compute_draw(round, 42), compute_draw(round, 42), compute_draw(round, 43)
    assert first.assignments == again.assignments and first.result_hash == again.result_hash
    assert other.assignments != first.assignments


def test_the_stored_draw_is_recorded_audited_and_recomputes_to_its_hash(programme_staff):
    round = random_world(3)
    record = draw_assignments(round, by=programme_staff, seed=2026)
    stored = sorted(Assignment.objects.filter(round=round).values_list("application_id", "expert_id", "panel_id"))
    assert record.seed == 2026 and record.assignment_count == len(stored)
    assert record.result_hash == result_hash(stored) == compute_draw(round, record.seed).result_hash
    round.refresh_from_db()
    assert round.draw_seed == 2026
    entry = AuditEntry.objects.get(action="reviews.draw.performed")
    assert entry.data["seed"] == "2026" and entry.data["result_hash"] == record.result_hash
    # A second draw is refused: changes after the draw are made by hand, one by one.
    with pytest.raises(DomainError, match="已抽取"):
        draw_assignments(round, by=programme_staff, seed=1)
    assert DrawRecord.objects.count() == 1


def test_a_candidate_with_too_few_eligible_experts_refuses_the_whole_draw(round, unit_a, programme_staff):
    members = [ExpertFactory() for _ in range(5)]
    PanelFactory(round=round, industries="C", members=members)
    ok = ApplicationFactory(round=round, unit=unit_a, status=ApplicationStatus.FORMAL_PASSED, industry="C")
    short = ApplicationFactory(
        round=round, unit=unit_a, status=ApplicationStatus.FORMAL_PASSED, industry="C", full_name="赵志强"
    )
    ConflictDeclaration.objects.create(expert=members[0], application=short, reason="亲属")
    assert ok and round.experts_per_candidate == 5
    with pytest.raises(DomainError, match="赵志强（4名）") as refused:
        draw_assignments(round, by=programme_staff, seed=1)
    assert "不足5名" in refused.value.message
    assert not Assignment.objects.exists() and not DrawRecord.objects.exists()


def test_a_candidate_of_a_section_without_panel_is_named(round, unit_a, programme_staff):
    PanelFactory(round=round, industries="C", members=[ExpertFactory() for _ in range(5)])
    ApplicationFactory(round=round, unit=unit_a, status=ApplicationStatus.FORMAL_PASSED, industry="E", full_name="孙丽")
    with pytest.raises(DomainError, match="没有对应的专家组：孙丽"):
        draw_assignments(round, by=programme_staff, seed=1)


def test_only_the_office_draws(round, expert, unit_staff_a):
    for user in (expert, unit_staff_a):
        with pytest.raises(PermissionDenied):
            draw_assignments(round, by=user, seed=1)
