"""`|minute` prints what `|date:"Y-m-d H:i"` prints, in the portal's time zone (the lists rely on it)."""
import datetime

import pytest
from django.template import engines
from django.utils import timezone

MINUTE = engines["django"].from_string('{% load portal_dates %}{{ value|minute|default:"—" }}')
DATE = engines["django"].from_string('{{ value|date:"Y-m-d H:i"|default:"—" }}')

UTC = datetime.timezone.utc


@pytest.mark.parametrize(
    ("value", "printed"),
    [
        (datetime.datetime(2026, 12, 31, 16, 5, tzinfo=UTC), "2027-01-01 00:05"),  # Asia/Shanghai is UTC+8
        (datetime.datetime(2026, 3, 1, 1, 0, 59, tzinfo=UTC), "2026-03-01 09:00"),
        (datetime.datetime(2026, 6, 9, 23, 59, tzinfo=UTC), "2026-06-10 07:59"),
        (None, "—"),
    ],
)
def test_minute_prints_local_time_like_the_date_filter(value, printed):
    assert MINUTE.render({"value": value}) == printed
    assert DATE.render({"value": value}) == printed


def test_minute_follows_the_active_time_zone_like_the_date_filter():
    value = datetime.datetime(2026, 5, 1, 12, 30, tzinfo=UTC)
    with timezone.override("Europe/Berlin"):
        assert MINUTE.render({"value": value}) == DATE.render({"value": value}) == "2026-05-01 14:30"
