"""Times for the bookings tests: days ahead of today, hours in the pole's time zone."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def day_ahead(days: int = 10) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """An aware datetime in the pole's time zone (Europe/Paris)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))
