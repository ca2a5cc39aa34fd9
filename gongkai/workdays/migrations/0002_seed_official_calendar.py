"""Seed 2004–2026 from the chinese_calendar package (official holidays and 调休 workdays).

After this migration the tables are the source of truth: administrators correct or add years in the tables.
"""

from django.db import migrations

from gongkai.workdays.seed import package_years, seed_year

FIRST_YEAR, LAST_YEAR = 2004, 2026


def seed(apps, schema_editor):
    CalendarDay = apps.get_model("workdays", "CalendarDay")
    CalendarYear = apps.get_model("workdays", "CalendarYear")
    first, last = package_years()
    for year in range(max(FIRST_YEAR, first), min(LAST_YEAR, last) + 1):
        if not CalendarYear.objects.filter(year=year, loaded=True).exists():
            seed_year(year, CalendarDay, CalendarYear)


def unseed(apps, schema_editor):
    CalendarDay = apps.get_model("workdays", "CalendarDay")
    CalendarYear = apps.get_model("workdays", "CalendarYear")
    CalendarDay.objects.filter(source="chinese_calendar").delete()
    CalendarYear.objects.filter(source="chinese_calendar").delete()


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
