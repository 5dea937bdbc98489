"""Query counts that must not grow with the number of rows, and must be the number the test names.

The guard against N+1 pages. Import the functions, or use the fixtures (this module is a pytest
plugin of the root conftest):

    def test_unit_dashboard_query_count(client, unit_staff_a, assert_constant_queries):
        client.force_login(unit_staff_a)

        assert_constant_queries(
            client, reverse("units:dashboard"),
            grow=lambda n: ApplicationFactory.create_batch(n, unit=unit_staff_a.unit, ...),
            expected=11,
        )

Constancy alone lets a page drift from 9 queries to 30 unnoticed; `expected` pins the number.

`grow(n)` must create `n` more rows each time it is called; the page is fetched once per size.
Before measuring, the page is fetched once to warm process-wide caches (content types, the
permission caches), so the first measurement is not inflated by them.
"""
import re
from collections import Counter

import pytest
from django.db import DEFAULT_DB_ALIAS, connections
from django.test.utils import CaptureQueriesContext

__all__ = ["assert_query_count_constant", "capture_queries", "queries_for"]


def capture_queries(client, url, *, method="get", data=None, status=200, using=DEFAULT_DB_ALIAS, **extra):
    """Fetch `url` with `client` and return (response, the list of executed SQL strings)."""
    with CaptureQueriesContext(connections[using]) as context:
        response = getattr(client, method.lower())(url, data, **extra)
    if status is not None:
        assert response.status_code == status, (
            f"{method.upper()} {url} answered {response.status_code}, not {status}: "
            f"counting its queries would prove nothing{_redirect_note(response)}"
        )
    return response, [query["sql"] for query in context.captured_queries]


def queries_for(client, url, **kwargs):
    """The number of queries one request to `url` runs (asserting it answers 200 by default)."""
    return len(capture_queries(client, url, **kwargs)[1])


def assert_query_count_constant(client, url, grow, sizes=(1, 5), *, expected, warm_up=True, **kwargs):
    """Fail when the number of queries for `url` differs between `sizes` rows, or is not `expected`.

    For each size (ascending), `grow` is called with the number of rows still to add, so the
    total created is that size; then the page is fetched and its queries counted. Returns the
    (constant) count. The failure message lists the runs' SQL and the statements that repeat.
    """
    sizes = sorted(sizes)
    assert len(sizes) >= 2 and sizes[0] >= 1, "compare at least two sizes of one row or more"
    if warm_up:
        capture_queries(client, url, **kwargs)
    runs, created = {}, 0
    for size in sizes:
        grow(size - created)
        created = size
        runs[size] = capture_queries(client, url, **kwargs)[1]
    counts = {size: len(queries) for size, queries in runs.items()}
    if len(set(counts.values())) > 1:
        raise AssertionError(_report(url, runs, counts))
    count = counts[sizes[0]]
    if count != expected:
        lines = [f"query count for {url} is {count} with every size ({', '.join(map(str, sizes))} rows), not {expected}:"]
        lines += [f"  {number:>3}. {sql}" for number, sql in enumerate(runs[sizes[0]], start=1)]
        raise AssertionError("\n".join(lines))
    return count


@pytest.fixture
def queries_for_url():
    """`queries_for(client, url, **kwargs)` as a fixture."""
    return queries_for


@pytest.fixture
def assert_constant_queries():
    """`assert_query_count_constant(client, url, grow, sizes=(1, 5), *, expected, **kwargs)` as a fixture."""
    return assert_query_count_constant


def _redirect_note(response):
    location = response.get("Location")
    return f" (redirect to {location})" if location else ""


_LITERALS = re.compile(r"'(?:[^']|'')*'|\b\d+\b")


def _shape(sql):
    """The statement with its literal values blanked, so per-row repeats group together."""
    return _LITERALS.sub("?", sql)


def _report(url, runs, counts):
    sizes = sorted(runs)
    small, large = runs[sizes[0]], runs[sizes[-1]]
    grown = Counter(map(_shape, large)) - Counter(map(_shape, small))
    lines = [
        f"query count for {url} grows with the rows: "
        + ", ".join(f"{size} rows -> {counts[size]} queries" for size in sizes),
        "",
        f"statements that repeat more with {sizes[-1]} rows than with {sizes[0]} (likely N+1; "
        "add select_related/prefetch_related or annotate in the selector):",
    ]
    lines += [f"  +{extra} x {shape}" for shape, extra in grown.most_common()] or ["  (none; the extra queries differ in shape)"]
    for size in (sizes[0], sizes[-1]):
        lines += ["", f"SQL with {size} rows:"]
        lines += [f"  {number:>3}. {sql}" for number, sql in enumerate(runs[size], start=1)]
    return "\n".join(lines)
