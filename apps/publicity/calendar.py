"""Working days in China: Monday to Friday, except statutory holidays, plus weekend days worked in lieu (调休).

The exceptions are `CalendarDay` rows, seeded from the maintained `chinesecalendar` library and
editable by the office. `working_day_after` and `publicity_end` read them in one query.
"""
import datetime

from django.utils import timezone

from .models import DEFAULT_CLOSING_TIME, CalendarDay, DayKind, DaySource

# The library's holiday names (English) in Chinese, as a notice would write them.
HOLIDAY_NAMES = {
    "New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节", "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节", "National Day": "国庆节", "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利纪念日",
}


def exceptions_between(first, last):
    """{date: kind} of the calendar's exceptions from `first` to `last` inclusive (one query)."""
    return dict(CalendarDay.objects.filter(date__range=(first, last)).values_list("date", "kind"))


def is_working_day(day, exceptions):
    kind = exceptions.get(day)
    if kind is not None:
        return kind == DayKind.WORKDAY
    return day.weekday() < 5


def _window(start, count):
    # Wide enough for any count: a week per working day, plus the longest holiday run and its weekends.
    return start, start + datetime.timedelta(days=7 * count + 30)


def nth_working_day(start, count, exceptions=None):
    """The `count`-th working day counting from `start` (itself included when it is one)."""
    if count < 1:
        raise ValueError("count must be at least 1")
    if exceptions is None:
        exceptions = exceptions_between(*_window(start, count))
    day, seen = start, 0
    while True:
        if is_working_day(day, exceptions):
            seen += 1
            if seen == count:
                return day
        day += datetime.timedelta(days=1)


def publicity_end(starts_on, working_days, *, closing_time=DEFAULT_CLOSING_TIME):
    """When objections close: the last of `working_days` working days from `starts_on`, at `closing_time` (local)."""
    last = nth_working_day(starts_on, working_days)
    return timezone.make_aware(datetime.datetime.combine(last, closing_time))


def load_library_days(days=None):
    """Add the library's holidays and in-lieu working days that the calendar lacks; the office's rows stay.

    `days` ({date: (kind, name)}) defaults to everything the installed library knows. Returns the number added.
    """
    if days is None:
        from chinese_calendar import constants

        days = {day: (DayKind.HOLIDAY, name) for day, name in constants.holidays.items()}
        days.update({day: (DayKind.WORKDAY, name) for day, name in constants.workdays.items()})
    have = set(CalendarDay.objects.filter(date__in=list(days)).values_list("date", flat=True))
    rows = [
        CalendarDay(date=day, kind=kind, name=HOLIDAY_NAMES.get(name, name)[:30], source=DaySource.LIBRARY)
        for day, (kind, name) in sorted(days.items())
        if day not in have
    ]
    CalendarDay.objects.bulk_create(rows)
    return len(rows)
