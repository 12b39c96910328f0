"""Meetings as iCalendar (RFC 5545): one event to download, or a feed calendars subscribe to."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from zoneinfo import ZoneInfo

from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event

from ptce.meetings.models import CalendarFeed, Meeting
from ptce.poles.models import RoleAssignment
from ptce.poles.permissions import Capability, has_capability

PARIS = ZoneInfo("Europe/Paris")
# A meeting with a start but no end still needs an end for calendars to draw it; two hours is
# the usual length of a pole's meetings.
DEFAULT_DURATION = dt.timedelta(hours=2)
CONTENT_TYPE = "text/calendar; charset=utf-8"


def meeting_uid(meeting: Meeting) -> str:
    # Stable across downloads and feeds, so a calendar updates the event instead of adding one.
    return f"meeting-{meeting.pk}@ptce"


def meeting_event(meeting: Meeting, *, url: str, stamp: dt.datetime) -> Event:
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", stamp)
    if meeting.start_time is None:
        # No time known: an all-day event, whose DTEND is the (exclusive) next day.
        event.add("dtstart", meeting.date)
        event.add("dtend", meeting.date + dt.timedelta(days=1))
    else:
        start = dt.datetime.combine(meeting.date, meeting.start_time, tzinfo=PARIS)
        end = (
            dt.datetime.combine(meeting.date, meeting.end_time, tzinfo=PARIS)
            if meeting.end_time is not None
            else start + DEFAULT_DURATION
        )
        event.add("dtstart", start)
        event.add("dtend", end)
    event.add("summary", meeting.title)
    if meeting.place:
        event.add("location", meeting.place)
    if meeting.agenda:
        event.add("description", meeting.agenda)
    event.add("url", url)
    return event


def new_calendar(*, name: str, prodid: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", prodid)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Paris")
    return calendar


def add_timezone(calendar: Calendar, first: dt.date | None) -> Calendar:
    if first is not None:
        # VTIMEZONE for Europe/Paris, from the first event on (not from 1970: smaller feeds).
        calendar.add_missing_timezones(
            first_date=first - dt.timedelta(days=366), last_date=dt.date(2038, 1, 1)
        )
    return calendar


def stamp_now() -> dt.datetime:
    return timezone.now().astimezone(dt.UTC).replace(microsecond=0)


def build_calendar(
    meetings: Iterable[Meeting], *, name: str, url_for: Callable[[Meeting], str]
) -> Calendar:
    calendar = new_calendar(name=name, prodid="-//ptce//Réunions du pôle//FR")
    stamp = stamp_now()
    first: dt.date | None = None
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, url=url_for(meeting), stamp=stamp))
        first = meeting.date if first is None else min(first, meeting.date)
    return add_timezone(calendar, first)


def feed_still_allowed(feed: CalendarFeed, capability: Capability) -> bool:
    """A personal feed lasts only as long as its owner's role on the pole holds `capability`."""
    if feed.person_id is None:
        return True
    user_id = feed.person.user_id
    if user_id is None:
        return False
    role = (
        RoleAssignment.objects.filter(user_id=user_id, pole_id=feed.pole_id)
        .values_list("role", flat=True)
        .first()
    )
    return has_capability(role, capability)


def calendar_response(calendar: Calendar, *, filename: str | None = None) -> HttpResponse:
    response = HttpResponse(calendar.to_ical(), content_type=CONTENT_TYPE)
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Feeds are private to whoever holds the address: no shared cache may keep a copy.
    response["Cache-Control"] = "private, max-age=300"
    return response
