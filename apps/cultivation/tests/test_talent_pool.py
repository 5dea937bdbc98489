"""The talent pool (工匠人才库): the office's search across rounds, pagination with constant queries, the
Excel export (opened with openpyxl: Chinese headers, ID numbers and phones masked, audited) and the API."""
import io

import openpyxl
import pytest
from django.urls import reverse

from apps.applicants.tests.factories import ApplicationFactory
from apps.applicants.enums import ApplicationStatus as S
from apps.applicants.profile_enums import SkillLevel
from apps.core.models import AuditEntry
from apps.core.validators import resident_id_check_char
from apps.cultivation.enums import CultivationStatus
from apps.cultivation.talent_export import HEADERS
from apps.rounds.enums import RoundStatus
from apps.rounds.tests.factories import RoundFactory
from apps.units.tests.factories import RecommendingUnitFactory
from tests.querycount import assert_query_count_constant

from .factories import CultivationFactory

pytestmark = pytest.mark.django_db


def _resident_id(n):
    first17 = f"11010519800501{n:03d}"
    return first17 + resident_id_check_char(first17)


def _craftsman(round, unit, name, n, **profile):
    application = ApplicationFactory(
        round=round, unit=unit, status=S.PUBLISHED, full_name=name, gender="M", post="焊工", employer_name="中国一重集团有限公司",
        resident_id=_resident_id(n), mobile=f"1390000{n:04d}", industry=profile.pop("industry", "C"),
        region=profile.pop("region", "11"), skill_level=profile.pop("skill_level", "senior_technician"),
    )
    return CultivationFactory(application=application, **profile)


@pytest.fixture
def pool(unit_a, unit_b):
    r2024 = RoundFactory(year=2024, status=RoundStatus.CLOSED)
    r2025 = RoundFactory(year=2025, status=RoundStatus.CLOSED)
    return {
        "wang": _craftsman(r2024, unit_a, "王建国", 1),
        "li": _craftsman(r2025, unit_a, "李秀英", 2, industry="D", skill_level="master_technician"),
        "zhang": _craftsman(r2025, unit_b, "张伟", 3, region="31", status=CultivationStatus.TERMINATED),
    }


def _names(response):
    return [c.application.full_name for c in response.context["page"].object_list]


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ({}, ["李秀英", "张伟", "王建国"]),
        ({"q": "秀"}, ["李秀英"]),
        ({"year": "2024"}, ["王建国"]),
        ({"industry": "D"}, ["李秀英"]),
        ({"region": "31"}, ["张伟"]),
        ({"skill_level": "master_technician"}, ["李秀英"]),
        ({"status": "terminated"}, ["张伟"]),
        ({"status": "in_progress", "year": "2025"}, ["李秀英"]),
        ({"year": "not-a-year", "q": "王"}, ["王建国"]),  # an invalid field is dropped, the rest still filter
    ],
)
def test_the_talent_pool_filters(client, pool, programme_staff, query, names):
    client.force_login(programme_staff)

    response = client.get(reverse("cultivation:talent-pool"), query)

    assert _names(response) == names


def test_the_talent_pool_filters_by_unit(client, pool, programme_staff, unit_b):
    client.force_login(programme_staff)

    response = client.get(reverse("cultivation:talent-pool"), {"unit": unit_b.pk})

    assert _names(response) == ["张伟"]


def test_the_talent_pool_page_shows_no_id_number_or_phone(client, pool, programme_staff):
    client.force_login(programme_staff)

    html = client.get(reverse("cultivation:talent-pool")).content.decode()

    assert [_resident_id(n) in html or _resident_id(n)[-4:] in html for n in (1, 2, 3)] == [False] * 3
    assert "13900000001" not in html and "1390000" not in html


def test_the_talent_pool_is_the_offices(client, pool, unit_staff_a):
    client.force_login(unit_staff_a)

    assert client.get(reverse("cultivation:talent-pool")).status_code == 403
    assert client.get(reverse("cultivation:talent-pool-export")).status_code == 403


POOL_QUERIES = 7  # session, user, the inbox badge, count, years, units, the page's rows


def test_the_talent_pool_runs_the_same_queries_for_one_and_sixty_craftsmen(client, programme_staff, unit_a):
    round = RoundFactory(year=2025, status=RoundStatus.CLOSED)
    made = []

    def grow(n):
        for _ in range(n):
            made.append(_craftsman(round, unit_a, f"工匠{len(made)}", len(made) + 1))

    client.force_login(programme_staff)
    count = assert_query_count_constant(client, reverse("cultivation:talent-pool"), grow, sizes=(1, 60), expected=POOL_QUERIES)
    assert count == POOL_QUERIES


def test_the_talent_pool_pages_by_fifty(client, programme_staff, unit_a):
    round = RoundFactory(year=2025, status=RoundStatus.CLOSED)
    for n in range(51):
        _craftsman(round, unit_a, f"工匠{n:02d}", n + 1)
    client.force_login(programme_staff)

    second = client.get(reverse("cultivation:talent-pool"), {"page": 2})

    assert (second.context["page"].paginator.count, len(second.context["page"].object_list)) == (51, 1)


def _workbook(response):
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)


def test_the_export_holds_the_search_with_chinese_headers_and_masked_numbers(client, pool, programme_staff):
    client.force_login(programme_staff)

    response = client.get(reverse("cultivation:talent-pool-export"), {"year": "2025"})

    rows = list(_workbook(response)["工匠人才库"].iter_rows(values_only=True))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment" in response["Content-Disposition"]
    assert rows[0] == HEADERS
    assert [row[:7] for row in rows[1:]] == [
        (1, 2025, "李秀英", "男", "110***********" + _resident_id(2)[-4:], "139****0002", "北京市总工会"),
        (2, 2025, "张伟", "男", "110***********" + _resident_id(3)[-4:], "139****0003", "上海市总工会"),
    ]
    assert rows[1][8:15] == ("焊工", "电力、热力、燃气及水生产和供应业", "北京市", SkillLevel.MASTER_TECHNICIAN.label, "培育中", "2025-07-01", "2027-07-01")
    assert rows[2][12] == "已停止培育"
    text = repr(rows)
    assert _resident_id(2) not in text and "13900000002" not in text


def test_the_export_is_audited_with_its_filters_and_count(client, pool, programme_staff, unit_b):
    client.force_login(programme_staff)

    client.get(reverse("cultivation:talent-pool-export"), {"unit": unit_b.pk, "year": "2025"})

    entry = AuditEntry.objects.get(action="cultivation.talentpool.exported")
    assert (entry.actor, entry.data) == (programme_staff, {"count": 1, "filters": {"unit": "上海市总工会", "year": 2025}})


def test_an_empty_export_has_the_headers_only(client, programme_staff):
    client.force_login(programme_staff)

    rows = list(_workbook(client.get(reverse("cultivation:talent-pool-export")))["工匠人才库"].iter_rows(values_only=True))

    assert rows == [HEADERS]


def test_the_api_lists_and_exports_the_talent_pool(client, pool, programme_staff):
    client.force_login(programme_staff)

    listed = client.get(reverse("api:talent-pool"), {"status": "terminated"})
    exported = client.get(reverse("api:talent-pool-export"), {"q": "王"})

    assert [row["name"] for row in listed.json()["results"]] == ["张伟"]
    assert "resident_id" not in listed.json()["results"][0] and "mobile" not in listed.json()["results"][0]
    assert listed.json()["results"][0]["status_label"] == "已停止培育"
    assert [row[2] for row in list(_workbook(exported)["工匠人才库"].iter_rows(values_only=True))[1:]] == ["王建国"]


def test_the_api_talent_pool_is_the_offices(client, pool, unit_staff_a):
    client.force_login(unit_staff_a)

    assert client.get(reverse("api:talent-pool")).status_code == 403


API_POOL_QUERIES = 4  # session, user, count, the page's rows


def test_the_api_talent_pool_runs_the_same_queries_for_one_and_sixty_craftsmen(client, programme_staff, unit_a):
    round = RoundFactory(year=2025, status=RoundStatus.CLOSED)
    made = []

    def grow(n):
        for _ in range(n):
            made.append(_craftsman(round, unit_a, f"工匠{len(made)}", len(made) + 1))

    client.force_login(programme_staff)
    count = assert_query_count_constant(client, reverse("api:talent-pool"), grow, sizes=(1, 60), expected=API_POOL_QUERIES)
    assert count == API_POOL_QUERIES
