"""Bookings as iCalendar: one resource's to download, or a feed calendars subscribe to.

The response, content type and time zone are the meetings' (`ptce.meetings.ical`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from icalendar import Calendar, Event

from ptce.meetings.ical import (
    PARIS,
    add_timezone,
    calendar_response,
    new_calendar,
    stamp_now,
)
from ptce.pooling.models import Booking

__all__ = ["booking_uid", "booking_event", "build_booking_calendar", "calendar_response"]

# Feeds start this far back: recent bookings stay visible, old ones do not weigh on the feed.
FEED_HISTORY = dt.timedelta(days=90)


def booking_uid(booking: Booking) -> str:
    # Stable across downloads and feeds, so a calendar updates the event instead of adding one.
    return f"booking-{booking.pk}@ptce"


def booking_summary(booking: Booking) -> str:
    return f"{booking.title} — {booking.organisation.name}"


def booking_event(booking: Booking, *, url: str, stamp: dt.datetime) -> Event:
    """`booking` needs its resource and organisation loaded (select_related)."""
    event = Event()
    event.add("uid", booking_uid(booking))
    event.add("dtstamp", stamp)
    event.add("dtstart", booking.starts_at.astimezone(PARIS))
    event.add("dtend", booking.ends_at.astimezone(PARIS))
    event.add("summary", booking_summary(booking))
    event.add("location", booking.resource.name)
    event.add("url", url)
    return event


def build_booking_calendar(
    bookings: Iterable[Booking], *, name: str, url_for: Callable[[Booking], str]
) -> Calendar:
    calendar = new_calendar(name=name, prodid="-//ptce//Réservations du pôle//FR")
    stamp = stamp_now()
    first: dt.date | None = None
    for booking in bookings:
        calendar.add_component(booking_event(booking, url=url_for(booking), stamp=stamp))
        day = booking.starts_at.astimezone(PARIS).date()
        first = day if first is None else min(first, day)
    return add_timezone(calendar, first)
