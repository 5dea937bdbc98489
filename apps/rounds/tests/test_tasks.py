"""The allocation task through a real Celery worker on Redis (the eager run is in test_quotas.py)."""
from decimal import Decimal

import pytest
from django.conf import settings

from apps.core.models import AuditEntry
from apps.rounds import tasks
from apps.rounds.enums import RoundStatus
from apps.rounds.models import Quota, QuotaFactors
from apps.rounds.tests.factories import RoundFactory
from apps.units.enums import UnitKind
from apps.units.tests.factories import RecommendingUnitFactory
from tests.workers import wait_for


@pytest.mark.celery_worker
@pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL: runs allocate_quotas on a real Celery worker on Redis")
@pytest.mark.django_db(transaction=True)
def test_allocate_quotas_runs_on_a_real_celery_worker(redis_worker, programme_staff):
    round = RoundFactory(year=2030, status=RoundStatus.DRAFT, national_target=10)  # 15 places, minimum 1
    for name, region, worker_count in (("山西省总工会", "14", 3), ("内蒙古自治区总工会", "15", 1), ("辽宁省总工会", "21", 0)):
        unit = RecommendingUnitFactory(name=name, kind=UnitKind.PROVINCIAL_UNION, region=region)
        QuotaFactors.objects.create(round=round, unit=unit, worker_count=Decimal(worker_count))

    tasks.allocate_quotas.delay(round_id=round.pk, user_id=programme_staff.pk)

    # No result backend: the audited summary, written in the task's one transaction, is the result.
    assert wait_for(lambda: AuditEntry.objects.filter(action="rounds.quota.allocated").exists())
    assert dict(Quota.objects.filter(round=round).values_list("unit__name", "places")) == {
        "山西省总工会": 10, "内蒙古自治区总工会": 4, "辽宁省总工会": 1
    }
    assert AuditEntry.objects.get(action="rounds.quota.allocated").actor == programme_staff
