"""The unit's ranking (`apps.units.ranking`): one service for drag-and-drop and rank numbers."""
import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from rest_framework.test import APIClient

from apps.applicants.enums import ApplicationStatus
from apps.applicants.models import Application
from apps.applicants.tests.factories import ApplicationFactory
from apps.core.exceptions import DomainError
from apps.core.models import AuditEntry
from apps.rounds.enums import RoundStatus
from apps.rounds.tests.factories import RoundFactory
from apps.units.ranking import order_from_numbers, rank_candidates, rankable_candidates, ranking_version
from apps.units.services import return_application

S = ApplicationStatus


@pytest.fixture
def candidates(round, unit_a):
    """Unit A's three standing candidates (two submitted, one forwarded), unranked, and its non-standing ones."""
    standing = [
        ApplicationFactory(round=round, unit=unit_a, status=S.SUBMITTED),
        ApplicationFactory(round=round, unit=unit_a, status=S.FORWARDED),
        ApplicationFactory(round=round, unit=unit_a, status=S.SUBMITTED),
    ]
    for status in (S.DRAFT, S.RETURNED, S.UNIT_REJECTED, S.WITHDRAWN):
        ApplicationFactory(round=round, unit=unit_a, status=status)
    return standing


def _ranks(applications):
    return [Application.objects.get(pk=application.pk).unit_rank for application in applications]


@pytest.mark.django_db
def test_ranking_by_order_and_by_numbers_gives_the_same_ranks(round, unit_a, unit_staff_a, candidates):
    first, second, third = candidates

    rank_candidates(unit_a, round, [third.pk, first.pk, second.pk], by=unit_staff_a)
    by_order = _ranks(candidates)
    Application.objects.filter(pk__in=[c.pk for c in candidates]).update(unit_rank=None)
    rank_candidates(unit_a, round, order_from_numbers({second.pk: "9", third.pk: "1", first.pk: "4"}), by=unit_staff_a)

    assert by_order == _ranks(candidates) == [2, 3, 1]
    assert [c.pk for c in rankable_candidates(unit_a, round)] == [third.pk, first.pk, second.pk]


@pytest.mark.django_db
def test_a_ranking_is_audited_once_and_the_same_order_again_changes_nothing(round, unit_a, unit_staff_a, candidates):
    order = [c.pk for c in candidates]

    rank_candidates(unit_a, round, order, by=unit_staff_a)
    rank_candidates(unit_a, round, order, by=unit_staff_a)

    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.data) == ("units.recommendingunit.ranked", unit_staff_a, {"round": 2026, "order": order})


@pytest.mark.django_db
@pytest.mark.parametrize("numbers", [{"a": "1"}, {1: "0"}, {1: "-2"}, {1: "一"}, {1: "1", 2: "1"}])
def test_rank_numbers_must_be_distinct_whole_numbers(numbers):
    with pytest.raises(DomainError) as refused:
        order_from_numbers(numbers)

    assert refused.value.code in {"rank_invalid", "rank_duplicate"}


@pytest.mark.django_db
def test_a_ranking_refuses_ids_of_another_unit_round_or_not_standing(round, unit_a, unit_b, unit_staff_a, candidates):
    other_unit = ApplicationFactory(round=round, unit=unit_b, status=S.SUBMITTED)
    other_round = ApplicationFactory(round=RoundFactory(year=2025), unit=unit_a, status=S.SUBMITTED)
    returned = Application.objects.get(unit=unit_a, round=round, status=S.RETURNED)
    order = [c.pk for c in candidates]

    for stranger in (other_unit, other_round, returned):
        with pytest.raises(DomainError) as refused:
            rank_candidates(unit_a, round, [*order, stranger.pk], by=unit_staff_a)
        assert refused.value.code == "not_rankable"
    with pytest.raises(DomainError) as refused:
        rank_candidates(unit_a, round, [order[0], order[0], order[1], order[2]], by=unit_staff_a)

    assert refused.value.code == "rank_duplicate"
    assert _ranks(candidates) == [None, None, None]
    assert AuditEntry.objects.count() == 0


@pytest.mark.django_db
def test_a_stale_ranking_is_refused(round, unit_a, unit_staff_a, candidates):
    first, second, third = candidates
    version = ranking_version(rankable_candidates(unit_a, round))
    rank_candidates(unit_a, round, [second.pk, first.pk, third.pk], by=unit_staff_a)  # another staff member saves first

    with pytest.raises(DomainError) as stale:
        rank_candidates(unit_a, round, [third.pk, second.pk, first.pk], by=unit_staff_a, version=version)
    with pytest.raises(DomainError) as incomplete:
        rank_candidates(unit_a, round, [third.pk, second.pk], by=unit_staff_a)

    assert (stale.value.code, incomplete.value.code) == ("ranking_stale", "ranking_stale")
    assert _ranks(candidates) == [2, 1, 3]


@pytest.mark.django_db
def test_only_the_units_staff_rank_and_only_while_recommending(round, unit_a, unit_staff_a, unit_staff_b, programme_staff, candidates):
    order = [c.pk for c in candidates]

    for outsider in (unit_staff_b, programme_staff):
        with pytest.raises(PermissionDenied):
            rank_candidates(unit_a, round, order, by=outsider)
    round.status = RoundStatus.REVIEWING
    round.save(update_fields=["status"])
    with pytest.raises(DomainError):
        rank_candidates(unit_a, round, order, by=unit_staff_a)

    assert _ranks(candidates) == [None, None, None]


@pytest.mark.django_db
def test_ranks_are_unique_per_unit_and_round_in_the_database(round, unit_a, unit_b):
    ApplicationFactory(round=round, unit=unit_a, status=S.SUBMITTED, unit_rank=1)
    ApplicationFactory(round=round, unit=unit_b, status=S.SUBMITTED, unit_rank=1)  # another unit: fine
    ApplicationFactory(round=RoundFactory(year=2025), unit=unit_a, status=S.SUBMITTED, unit_rank=1)  # another round: fine
    ApplicationFactory.create_batch(2, round=round, unit=unit_a, status=S.SUBMITTED, unit_rank=None)  # unranked: fine

    with pytest.raises(IntegrityError), transaction.atomic():
        ApplicationFactory(round=round, unit=unit_a, status=S.SUBMITTED, unit_rank=1)


@pytest.mark.django_db
def test_leaving_the_ranking_clears_the_rank_and_the_rest_can_be_ranked_again(round, unit_a, unit_staff_a, candidates):
    first, second, third = candidates
    rank_candidates(unit_a, round, [first.pk, second.pk, third.pk], by=unit_staff_a)

    return_application(first, by=unit_staff_a, reason="请补充证明材料")
    rank_candidates(unit_a, round, [third.pk, second.pk], by=unit_staff_a)

    assert _ranks(candidates) == [None, 2, 1]


@pytest.mark.django_db
def test_the_ranking_page_saves_rank_numbers_without_javascript(client, round, unit_a, unit_staff_a, candidates):
    first, second, third = candidates
    client.force_login(unit_staff_a)
    page = client.get(reverse("units:ranking"))
    version = page.context["version"]

    response = client.post(
        reverse("units:ranking"),
        {"version": version, f"rank-{first.pk}": "3", f"rank-{second.pk}": "1", f"rank-{third.pk}": "2"},
        follow=True,
    )

    assert "排序已保存" in response.content.decode()
    assert _ranks(candidates) == [3, 1, 2]
    assert [c.pk for c in response.context["candidates"]] == [second.pk, third.pk, first.pk]


@pytest.mark.django_db
def test_the_ranking_page_shows_why_a_save_was_refused(client, round, unit_a, unit_staff_a, candidates):
    first, second, third = candidates
    client.force_login(unit_staff_a)

    response = client.post(
        reverse("units:ranking"), {f"rank-{first.pk}": "1", f"rank-{second.pk}": "1", f"rank-{third.pk}": "2"}, follow=True
    )

    assert "排序号不能重复" in response.content.decode()
    assert _ranks(candidates) == [None, None, None]


@pytest.mark.django_db
def test_the_ranking_api_takes_an_order_or_numbers_and_refuses_another_units_ids(round, unit_a, unit_b, unit_staff_a, candidates):
    first, second, third = candidates
    stranger = ApplicationFactory(round=round, unit=unit_b, status=S.SUBMITTED)
    api = APIClient()
    api.force_login(unit_staff_a)
    url = reverse("api:unit-ranking")
    version = api.get(url).json()["version"]

    by_order = api.post(url, {"ordered_ids": [third.pk, first.pk, second.pk], "version": version}, format="json")
    by_numbers = api.post(url, {"ranks": {str(first.pk): 1, str(second.pk): 2, str(third.pk): 3}}, format="json")
    refused = api.post(url, {"ordered_ids": [first.pk, second.pk, third.pk, stranger.pk]}, format="json")

    assert [c["id"] for c in by_order.json()["candidates"]] == [third.pk, first.pk, second.pk]
    assert [c["unit_rank"] for c in by_numbers.json()["candidates"]] == [1, 2, 3]
    assert (refused.status_code, refused.json()["error"]["code"]) == (400, "not_rankable")
    assert _ranks(candidates) == [1, 2, 3]


@pytest.mark.django_db
def test_the_ranking_page_runs_a_constant_number_of_queries(client, round, unit_a, unit_staff_a, quota_a, assert_constant_queries):
    client.force_login(unit_staff_a)

    def grow(n):
        ApplicationFactory.create_batch(n, round=round, unit=unit_a, status=S.SUBMITTED)

    assert_constant_queries(client, reverse("units:ranking"), grow, sizes=(1, 5), expected=8)


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_two_staff_saving_rankings_read_at_the_same_version_at_once_one_wins_the_other_is_told_it_is_stale(round, unit_a):
    import threading

    from django.db import connection

    from apps.accounts.tests.factories import UnitStaffFactory
    from apps.applicants.models import Application as Row

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks")
    first, second, third = [ApplicationFactory(round=round, unit=unit_a, status=S.SUBMITTED) for _ in range(3)]
    staff = UnitStaffFactory.create_batch(2, unit=unit_a)
    version = ranking_version(rankable_candidates(unit_a, round))
    orders = ([first.pk, second.pk, third.pk], [third.pk, second.pk, first.pk])
    start = threading.Barrier(2)
    results = {}

    def save(key):
        try:
            start.wait(timeout=10)
            results[key] = rank_candidates(unit_a, round, orders[key], by=staff[key], version=version)
        except Exception as error:  # surfaced in the assertion
            results[key] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(key,)) for key in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    failures = [result for result in results.values() if isinstance(result, Exception)]
    assert len(results) == 2 and [getattr(error, "code", repr(error)) for error in failures] == ["ranking_stale"]
    winner = orders[next(key for key, result in results.items() if not isinstance(result, Exception))]
    assert [Row.objects.get(pk=pk).unit_rank for pk in winner] == [1, 2, 3]
