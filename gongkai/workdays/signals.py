"""Invalidate the in-memory calendar whenever its tables change in this process; tell the apps that derive dates
from it when a year's official schedule has been entered (`year_entered`, sent inside the same transaction with
year=, actor=, today=, reference=; receivers return what they changed so the page can list it)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

from .models import CalendarDay, CalendarYear


@receiver(post_save, sender=CalendarDay, dispatch_uid="workdays_day_saved")
@receiver(post_delete, sender=CalendarDay, dispatch_uid="workdays_day_deleted")
@receiver(post_save, sender=CalendarYear, dispatch_uid="workdays_year_saved")
@receiver(post_delete, sender=CalendarYear, dispatch_uid="workdays_year_deleted")
def _calendar_changed(sender, **kwargs):
    from .services import invalidate_after_change

    invalidate_after_change()


year_entered = Signal()
