import pytest

from apps.rounds.enums import RoundStatus
from apps.rounds.models import QuotaFactors
from apps.rounds.tests.factories import RoundFactory
from apps.units.tests.factories import RecommendingUnitFactory


@pytest.fixture
def three_unit_draft(db):
    """A draft round (target 10, ratio 1.5: 15 places) over three provinces whose head counts are 1 : 3 : 6
    (the other factors equal); factors entered, quotas not allocated yet."""
    round = RoundFactory(year=2031, status=RoundStatus.DRAFT, national_target=10)
    for name, region, workers in (("山西省总工会", "14", 1000), ("辽宁省总工会", "21", 3000), ("吉林省总工会", "22", 6000)):
        unit = RecommendingUnitFactory(name=name, region=region)
        QuotaFactors.objects.create(round=round, unit=unit, region_development=50, industry_level=50,
                                    worker_count=workers, talent_environment=50)
    return round
