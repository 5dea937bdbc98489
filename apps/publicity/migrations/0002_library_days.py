"""The statutory holidays and in-lieu working days the `chinesecalendar` library knows, as the calendar's first rows."""
from django.db import migrations


def load(apps, schema_editor):
    from apps.publicity.calendar import HOLIDAY_NAMES
    from chinese_calendar import constants

    CalendarDay = apps.get_model("publicity", "CalendarDay")
    days = {day: ("holiday", name) for day, name in constants.holidays.items()}
    days.update({day: ("workday", name) for day, name in constants.workdays.items()})
    have = set(CalendarDay.objects.values_list("date", flat=True))
    CalendarDay.objects.bulk_create(
        CalendarDay(date=day, kind=kind, name=HOLIDAY_NAMES.get(name, name)[:30], source="library")
        for day, (kind, name) in sorted(days.items()) if day not in have
    )


def unload(apps, schema_editor):
    apps.get_model("publicity", "CalendarDay").objects.filter(source="library").delete()


class Migration(migrations.Migration):

    dependencies = [("publicity", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
