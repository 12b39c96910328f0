"""Bookings as iCalendar: one resource's download, and the feeds behind the meetings' tokens."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from booking_helpers import at, day_ahead
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from ptce.meetings.models import CalendarFeed
from ptce.poles.models import RoleAssignment
from ptce.pooling.models import Booking, Pooling, PoolingKind, ResourceKind, SharedResource
from ptce.registry.models import Organisation, Person

PARIS = ZoneInfo("Europe/Paris")
DAY = day_ahead(10)


def _events(response) -> dict[str, object]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}


def _feed(pole, feed) -> str:
    return reverse("bookings-feed", args=[pole.slug, feed.token])


def _past(resource, organisation, days_ago: int, title: str) -> Booking:
    """Written directly: the service refuses bookings in the past."""
    ends_at = timezone.now().replace(microsecond=0) - dt.timedelta(days=days_ago)
    return Booking.objects.create(
        pole=resource.pole,
        resource=resource,
        organisation=organisation,
        title=title,
        starts_at=ends_at - dt.timedelta(hours=2),
        ends_at=ends_at,
    )


def test_download_one_resources_bookings(client, pole, room, workshop, book, member, funder):
    booking = book(room, at(DAY, 14), at(DAY, 16, 30), title="Réunion CA", actor=member)
    book(workshop, at(DAY, 14), at(DAY, 16), title="Ailleurs")
    client.force_login(funder)
    response = client.get(reverse("resource-ics", args=[pole.slug, room.pk]))
    assert response["Content-Disposition"] == f'attachment; filename="reservations-{room.pk}.ics"'
    events = _events(response)
    assert list(events) == [f"booking-{booking.pk}@ptce"]
    event = events[f"booking-{booking.pk}@ptce"]
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert start == dt.datetime.combine(DAY, dt.time(14, 0), tzinfo=PARIS)
    assert end == dt.datetime.combine(DAY, dt.time(16, 30), tzinfo=PARIS)
    assert str(start.tzinfo) == "Europe/Paris"
    assert "BEGIN:VTIMEZONE" in response.content.decode()
    assert str(event["summary"]) == "Réunion CA — Atelier Bois"
    assert str(event["location"]) == "Salle du conseil"
    assert str(event["url"]).endswith(
        reverse("resource-calendar", args=[pole.slug, room.pk])
        + "?semaine="
        + "{}-W{:02d}".format(*DAY.isocalendar()[:2])
    )
    # Nobody's name: what a funder downloads has structures only.
    assert "Menuisier" not in response.content.decode()


def test_the_pole_feed_has_every_live_booking_of_the_pole_from_90_days_ago(
    client, make_pole, pole, room, workshop, book, cafe, atelier
):
    in_room = book(room, at(DAY, 9), at(DAY, 10), title="Permanence", organisation=cafe)
    in_workshop = book(workshop, at(DAY, 9), at(DAY, 12), title="Chantier")
    cancelled = book(room, at(DAY, 10), at(DAY, 11), title="Annulée")
    cancelled.cancelled_at = timezone.now()
    cancelled.save()
    recent = _past(room, atelier, 30, "Il y a un mois")
    _past(room, atelier, 120, "Il y a quatre mois")
    other_pole = make_pole("pole-voisin")
    elsewhere = Pooling.objects.create(pole=other_pole, kind=PoolingKind.EQUIPMENT, name="Outils")
    Booking.objects.create(
        pole=other_pole,
        resource=SharedResource.objects.create(
            pole=other_pole, pooling=elsewhere, name="Scie", kind=ResourceKind.EQUIPMENT
        ),
        organisation=Organisation.objects.create(pole=other_pole, name="Voisins"),
        title="Pas d'ici",
        starts_at=at(DAY, 9),
        ends_at=at(DAY, 10),
    )
    feed = CalendarFeed.objects.create(pole=pole)
    # No login: calendar applications fetch the address as it is.
    response = client.get(_feed(pole, feed))
    events = _events(response)
    assert set(events) == {f"booking-{b.pk}@ptce" for b in (in_room, in_workshop, recent)}
    assert str(events[f"booking-{in_workshop.pk}@ptce"]["location"]) == "Atelier partagé"
    assert str(events[f"booking-{in_room.pk}@ptce"]["summary"]) == "Permanence — Café Vélo"
    assert response["Cache-Control"] == "private, max-age=300"


def test_a_persons_feed_has_their_structures_bookings(
    client, pole, room, book, member, other_member, cafe
):
    ours = book(room, at(DAY, 9), at(DAY, 10), title="Par la coordination")
    mine = book(room, at(DAY, 10), at(DAY, 11), actor=member, title="Par moi")
    book(room, at(DAY, 11), at(DAY, 12), actor=other_member, organisation=cafe)
    feed = CalendarFeed.objects.create(pole=pole, person=Person.objects.get(user=member))
    events = _events(client.get(_feed(pole, feed)))
    assert set(events) == {f"booking-{ours.pk}@ptce", f"booking-{mine.pk}@ptce"}


def test_a_person_without_a_structure_gets_an_empty_feed(client, pole, room, book, make_user):
    user = make_user("seul", pole=pole, role="member")
    person = Person.objects.create(pole=pole, first_name="Sam", last_name="Seul", user=user)
    book(room, at(DAY, 9), at(DAY, 10))
    feed = CalendarFeed.objects.create(pole=pole, person=person)
    assert _events(client.get(_feed(pole, feed))) == {}


def test_unknown_foreign_and_revoked_tokens_answer_404(client, make_pole, pole, member):
    other = make_pole("pole-voisin")
    foreign = CalendarFeed.objects.create(pole=other)
    assert client.get(reverse("bookings-feed", args=[pole.slug, "pas-un-jeton"])).status_code == 404
    assert client.get(reverse("bookings-feed", args=[pole.slug, foreign.token])).status_code == 404
    personal = CalendarFeed.objects.create(pole=pole, person=Person.objects.get(user=member))
    assert client.get(_feed(pole, personal)).status_code == 200
    RoleAssignment.objects.filter(user=member, pole=pole).delete()
    assert client.get(_feed(pole, personal)).status_code == 404


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_the_feed_is_read_only(client, pole, method):
    feed = CalendarFeed.objects.create(pole=pole)
    assert getattr(client, method)(_feed(pole, feed)).status_code == 405
