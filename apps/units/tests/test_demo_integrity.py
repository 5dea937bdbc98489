"""seed_demo's integrity flags: the planted near-duplicate pair across 北京 and 上海 and credit code conflict,
and the demo referees who each recommend many applicants."""
from collections import Counter

import pytest
from django.core.cache import cache
from django.core.management import call_command

from apps.accounts.models import User
from apps.applicants.models import Application
from apps.rounds.selectors import current_round
from apps.units import demo_integrity, integrity
from apps.units.selectors_integrity import compute_round_flags, flags_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    cache.clear()
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    yield current_round()
    cache.clear()


def names(*usernames):
    return [Application.objects.get(applicant__username=username).pk for username in usernames]


def test_seed_demo_plants_exactly_one_near_duplicate_and_one_credit_code_conflict(seeded):
    flags = compute_round_flags(seeded).flags
    kinds = Counter(kind for kind, _ in flags)

    # The demo's seven referees (demo_referees.py) recommend every default application between them: each is flagged.
    assert kinds == {integrity.NEAR_DUPLICATE: 1, integrity.CREDIT_CODE_CONFLICT: 1, integrity.REFEREE_MANY: 7}
    [pair] = [evidence for kind, evidence in flags if kind == integrity.NEAR_DUPLICATE]
    [conflict] = [evidence for kind, evidence in flags if kind == integrity.CREDIT_CODE_CONFLICT]
    assert [pair.a, pair.b] == names(demo_integrity.ORIGINAL, demo_integrity.COPY)
    assert len(pair.passages) == 11
    source, copy = (Application.objects.get(applicant__username=u) for u in (demo_integrity.CODE_SOURCE, demo_integrity.CODE_COPY))
    same_code = Application.objects.filter(employer_credit_code=source.employer_credit_code, submitted_at__isnull=False)
    assert [application_id for application_id, _ in conflict.names] == sorted(same_code.values_list("pk", flat=True))
    assert {name for _, name in conflict.names} == {source.employer_name, copy.employer_name}
    assert source.employer_name != copy.employer_name


def test_seed_demo_integrity_flags_as_each_unit_and_the_office_see_them(seeded):
    beijing, shanghai, office = (User.objects.get(username=name) for name in ("unit_bj", "unit_sh", "office"))

    bj_pair, bj_code = flags_for(beijing, seeded)[:2]
    sh_pair, sh_code = flags_for(shanghai, seeded)[:2]
    office_flags = [flag for flag in flags_for(office, seeded) if flag.kind != integrity.REFEREE_MANY]
    copy = Application.objects.get(applicant__username=demo_integrity.CODE_COPY)

    assert [(side.visible, side.label) for side in bj_pair.sides][1] == (False, "另一推荐单位的申报")
    assert [(side.visible, side.label) for side in sh_pair.sides][0] == (False, "另一推荐单位的申报")
    assert [side.label for side in bj_code.sides if not side.visible] == ["另一推荐单位的申报"]
    assert [side.application_id for side in sh_code.sides if side.visible] == [copy.pk]
    # Neither side of the near duplicate is forwarded yet; the two forwarded sides of the credit code are shown.
    [office_code] = office_flags
    assert office_code.kind == integrity.CREDIT_CODE_CONFLICT
    forwarded = Application.objects.filter(employer_credit_code=copy.employer_credit_code, forwarded_at__isnull=False).order_by("pk")
    assert [side.application_id for side in office_code.sides if side.visible] == list(forwarded.values_list("pk", flat=True))
    assert set(names(demo_integrity.CODE_SOURCE, demo_integrity.CODE_COPY)) <= {side.application_id for side in office_code.sides if side.visible}


def test_seed_demo_integrity_plant_runs_once(seeded):
    from apps.core.models import AuditEntry

    before = AuditEntry.objects.count()
    call_command("seed_demo", stdout=open("/dev/null", "w"))

    assert AuditEntry.objects.count() == before
    assert len(compute_round_flags(seeded).flags) == 9
