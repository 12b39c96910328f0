"""The week of a resource, the booking form, cancelling, and the resource forms."""

from __future__ import annotations

import datetime as dt
import html
import re
from html.parser import HTMLParser

import pytest
from booking_helpers import at, day_ahead
from django.urls import reverse

from ptce.core.models import AuditEntry
from ptce.meetings.models import CalendarFeed
from ptce.pooling.forms_bookings import iso_week
from ptce.pooling.models import Booking, Pooling, PoolingKind, ResourceKind, SharedResource
from ptce.registry.models import Organisation, Person

DAY = day_ahead(10)
MONDAY = DAY - dt.timedelta(days=DAY.weekday())


def _calendar(pole, resource, **params) -> str:
    url = reverse("resource-calendar", args=[pole.slug, resource.pk])
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"{url}?{query}" if query else url


def _book_url(pole, resource) -> str:
    return reverse("booking-create", args=[pole.slug, resource.pk])


def _form(
    day: dt.date | str = DAY, start="10:00", end="12:00", title="Réunion CA", organisation=None
) -> dict:
    return {
        "date": day if isinstance(day, str) else f"{day:%d/%m/%Y}",
        "start": start,
        "end": end,
        "title": title,
        "organisation": organisation.pk if organisation else "",
    }


def _text(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


# --- The week ---------------------------------------------------------------------------------


def test_the_week_lists_its_live_bookings_day_by_day(client, pole, room, book, cafe, coordinator):
    book(room, at(DAY, 14), at(DAY, 16), title="Réunion CA")
    book(room, at(DAY, 9), at(DAY, 10), title="Permanence", organisation=cafe)
    cancelled = book(room, at(DAY, 10), at(DAY, 11), title="Annulée")
    cancelled.cancelled_at = cancelled.starts_at
    cancelled.save()
    book(
        room,
        at(DAY + dt.timedelta(days=7), 9),
        at(DAY + dt.timedelta(days=7), 10),
        title="Plus tard",
    )
    client.force_login(coordinator)
    response = client.get(_calendar(pole, room, semaine=iso_week(MONDAY)))
    assert response.status_code == 200
    html = _text(response)
    sunday = MONDAY + dt.timedelta(days=6)
    assert f"Semaine du {MONDAY:%d/%m/%Y} au {sunday:%d/%m/%Y}" in html
    assert "Réunion CA" in html and "Permanence" in html
    assert "Annulée" not in html and "Plus tard" not in html
    # In time order within the day, with the structure.
    day_section = html.split(f'id="jour-{DAY:%Y-%m-%d}"')[1].split("</li>")[0]
    assert day_section.index("09:00 – 10:00") < day_section.index("14:00 – 16:00")
    assert "Café Vélo" in day_section and "Atelier Bois" in day_section
    assert html.count("Aucune réservation.") == 6


def test_the_week_can_be_chosen_by_date_and_moves_by_weeks(client, pole, room, book, member):
    book(room, at(DAY, 14), at(DAY, 16), title="Réunion CA")
    client.force_login(member)
    html = _text(client.get(_calendar(pole, room, date=f"{DAY:%d/%m/%Y}")))
    assert "Réunion CA" in html
    assert f'href="?semaine={iso_week(MONDAY - dt.timedelta(days=7))}"' in html
    assert f'href="?semaine={iso_week(MONDAY + dt.timedelta(days=7))}"' in html


def test_an_unreadable_week_says_so_and_shows_the_current_week(client, pole, room, member):
    client.force_login(member)
    html = _text(client.get(_calendar(pole, room, semaine="semaine-13")))
    assert "Semaine « semaine-13 » inconnue" in html
    html = _text(client.get(_calendar(pole, room, date="31/02/2026")))
    assert "Date « 31/02/2026 » illisible" in html


def test_a_booking_over_several_days_shows_on_each_day(client, pole, room, book, coordinator):
    monday = MONDAY + dt.timedelta(days=7)
    booking = book(room, at(monday, 18), at(monday + dt.timedelta(days=2), 9), title="Résidence")
    client.force_login(coordinator)
    html = _text(client.get(_calendar(pole, room, semaine=iso_week(monday))))
    assert html.count(f'data-booking="{booking.pk}"') == 3
    assert f"18:00 – {monday + dt.timedelta(days=2):%d/%m} 09:00" in html
    assert f"{monday:%d/%m} 18:00 – 09:00" in html


def test_funders_see_structures_but_not_who_booked_and_cannot_book(
    client, pole, room, book, member, funder
):
    book(room, at(DAY, 14), at(DAY, 16), actor=member)
    client.force_login(funder)
    html = _text(client.get(_calendar(pole, room, semaine=iso_week(MONDAY))))
    assert "Atelier Bois" in html and "Réunion CA" in html
    assert "Menuisier" not in html and "membre" not in html.split("<main")[1]
    assert "Réserver un créneau" not in html and "Annuler" not in html
    # Nor the calendar addresses, which also open the meetings' feeds.
    CalendarFeed.objects.create(pole=pole)
    html = _text(client.get(_calendar(pole, room, semaine=iso_week(MONDAY))))
    assert "/agenda/" not in html


def test_the_coordination_sees_who_booked(client, pole, room, book, member, coordinator):
    book(room, at(DAY, 14), at(DAY, 16), actor=member)
    client.force_login(coordinator)
    html = _text(client.get(_calendar(pole, room, semaine=iso_week(MONDAY))))
    assert "Malik Menuisier" in html


def test_members_get_the_subscription_addresses(client, pole, room, member):
    person = Person.objects.get(user=member)
    pole_feed = CalendarFeed.objects.create(pole=pole)
    own_feed = CalendarFeed.objects.create(pole=pole, person=person)
    client.force_login(member)
    html = _text(client.get(_calendar(pole, room)))
    for feed in (pole_feed, own_feed):
        assert reverse("bookings-feed", args=[pole.slug, feed.token]) in html


def test_the_week_page_costs_a_bounded_number_of_queries(
    client, pole, room, coordinator, django_assert_max_num_queries
):
    structures = Organisation.objects.bulk_create(
        Organisation(pole=pole, name=f"Structure {i:02d}") for i in range(20)
    )
    Booking.objects.bulk_create(
        Booking(
            pole=pole,
            resource=room,
            organisation=structures[i % 20],
            booked_by=coordinator,
            title=f"Créneau {i}",
            starts_at=at(MONDAY + dt.timedelta(days=i % 7), 8) + dt.timedelta(minutes=10 * i),
            ends_at=at(MONDAY + dt.timedelta(days=i % 7), 8) + dt.timedelta(minutes=10 * i + 5),
        )
        for i in range(70)
    )
    client.force_login(coordinator)
    with django_assert_max_num_queries(10):
        response = client.get(_calendar(pole, room, semaine=iso_week(MONDAY)))
    assert _text(response).count('data-booking="') == 70


# --- Booking through the page -----------------------------------------------------------------


def test_a_member_books_and_sees_the_booking_in_its_week(client, pole, room, member, atelier):
    client.force_login(member)
    response = client.post(_book_url(pole, room), _form(organisation=atelier), follow=True)
    booking = Booking.objects.get()
    assert (booking.starts_at, booking.ends_at) == (at(DAY, 10), at(DAY, 12))
    assert (booking.organisation, booking.booked_by) == (atelier, member)
    assert response.redirect_chain[-1][0] == (
        f"{_calendar(pole, room, semaine=iso_week(MONDAY))}#jour-{DAY:%Y-%m-%d}"
    )
    html = _text(response)
    assert "Réservation « Réunion CA » enregistrée pour Atelier Bois." in html
    assert "10:00 – 12:00" in html


def test_a_member_is_offered_only_their_own_structure(client, pole, room, member, atelier, cafe):
    client.force_login(member)
    html = _text(client.get(_calendar(pole, room)))
    assert "Atelier Bois</option>" in html and "Café Vélo" not in html
    response = client.post(_book_url(pole, room), _form(organisation=cafe))
    assert response.status_code == 200
    assert not Booking.objects.exists()


def test_a_refused_booking_shows_the_message_and_keeps_what_was_typed(
    client, pole, room, book, member, atelier
):
    book(room, at(DAY, 10), at(DAY, 12), title="Réunion CA")
    client.force_login(member)
    response = client.post(
        _book_url(pole, room),
        _form(start="11:00", end="13:00", title="Atelier tournage", organisation=atelier),
    )
    assert response.status_code == 200
    html = _text(response)
    assert (
        "Ce créneau chevauche la réservation « Réunion CA » de Atelier Bois, "
        f"le {DAY:%d/%m/%Y} de 10:00 à 12:00."
    ) in html
    assert 'value="Atelier tournage"' in html
    assert 'value="11:00"' in html and 'value="13:00"' in html
    assert f'value="{DAY:%d/%m/%Y}"' in html
    # The week shown is the one of the date typed, with the booking in the way.
    assert f"Semaine du {MONDAY:%d/%m/%Y}" in html
    assert Booking.objects.count() == 1


def test_a_refusal_is_shown_next_to_its_field(client, pole, room, member, atelier):
    client.force_login(member)
    response = client.post(
        _book_url(pole, room), _form(start="12:00", end="11:00", organisation=atelier)
    )
    form = response.context["form"]
    assert form.errors["end"] == ["Fin : l'heure de fin doit être après l'heure de début."]
    response = client.post(_book_url(pole, room), _form(day="32/13/2026", organisation=atelier))
    assert response.context["form"].errors["date"] == ["Saisissez une date au format jj/mm/aaaa."]
    assert not Booking.objects.exists()


def test_a_member_without_a_structure_is_told_why_they_cannot_book(
    client, pole, room, make_user, atelier
):
    user = make_user("sans-structure", pole=pole, role="member")
    client.force_login(user)
    html = _text(client.get(_calendar(pole, room)))
    assert "Votre compte n'est relié à aucune structure du pôle" in html
    assert 'name="title"' not in html
    response = client.post(_book_url(pole, room), _form(organisation=atelier), follow=True)
    assert "Votre compte n'est relié à aucune structure du pôle" in _text(response)
    assert not Booking.objects.exists()


def test_a_resource_that_is_not_bookable_shows_no_form(client, pole, room, coordinator):
    room.is_bookable = False
    room.save()
    client.force_login(coordinator)
    html = _text(client.get(_calendar(pole, room)))
    assert "pas réservable" in html and 'name="title"' not in html


def test_another_poles_resource_answers_404(client, make_pole, make_user, pole, member):
    other = make_pole("pole-voisin")
    pooling = Pooling.objects.create(pole=other, kind=PoolingKind.PREMISES, name="Locaux")
    resource = SharedResource.objects.create(
        pole=other, pooling=pooling, name="Salle voisine", kind=ResourceKind.ROOM
    )
    client.force_login(member)
    assert client.get(_calendar(pole, resource)).status_code == 404
    assert client.post(_book_url(pole, resource), _form()).status_code == 404
    assert not Booking.objects.exists()


# --- Cancelling -------------------------------------------------------------------------------


def test_a_member_cancels_their_booking_and_not_someone_elses(
    client, pole, room, book, member, other_member, cafe
):
    own = book(room, at(DAY, 9), at(DAY, 10), actor=member, title="Le mien")
    theirs = book(room, at(DAY, 10), at(DAY, 11), actor=other_member, organisation=cafe)
    client.force_login(member)
    html = _text(client.get(_calendar(pole, room, semaine=iso_week(MONDAY))))
    assert reverse("booking-cancel", args=[pole.slug, own.pk]) in html
    assert reverse("booking-cancel", args=[pole.slug, theirs.pk]) not in html
    response = client.post(reverse("booking-cancel", args=[pole.slug, theirs.pk]))
    assert response.status_code == 404
    response = client.post(reverse("booking-cancel", args=[pole.slug, own.pk]), follow=True)
    assert "Réservation « Le mien » de Atelier Bois annulée" in _text(response)
    own.refresh_from_db()
    theirs.refresh_from_db()
    assert own.cancelled_at is not None and theirs.cancelled_at is None
    # The slot is free again in the week.
    assert "Le mien" not in _text(client.get(_calendar(pole, room, semaine=iso_week(MONDAY))))


def test_a_missing_booking_answers_404(client, pole, coordinator):
    client.force_login(coordinator)
    assert client.post(reverse("booking-cancel", args=[pole.slug, 999999])).status_code == 404


# --- Resources --------------------------------------------------------------------------------


def test_the_coordination_adds_a_room_to_shared_premises(client, pole, premises, coordinator):
    client.force_login(coordinator)
    url = reverse("resource-create", args=[pole.slug, premises.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "name": "Salle Jaurès",
            "kind": "room",
            "capacity": "12",
            "area_m2": "35,5",
            "description": "Vidéoprojecteur",
            "is_bookable": "on",
        },
    )
    resource = SharedResource.objects.get(name="Salle Jaurès")
    assert response.status_code == 302
    assert response["Location"] == reverse("resource-calendar", args=[pole.slug, resource.pk])
    assert resource.pooling == premises and str(resource.area_m2) == "35.50"
    assert AuditEntry.objects.filter(action="ptce.sharedresource.created").exists()


def test_a_pooling_without_bookable_resources_has_no_resource_form(client, pole, coordinator):
    purchasing = Pooling.objects.create(pole=pole, kind=PoolingKind.PURCHASING, name="Achats")
    client.force_login(coordinator)
    assert (
        client.get(reverse("resource-create", args=[pole.slug, purchasing.pk])).status_code == 404
    )


def test_the_coordination_edits_a_resource(client, pole, room, coordinator):
    client.force_login(coordinator)
    url = reverse("resource-edit", args=[pole.slug, room.pk])
    response = client.post(url, {"name": "Salle du conseil", "kind": "room", "capacity": "abc"})
    assert response.status_code == 200
    assert response.context["form"].errors["capacity"]
    client.post(url, {"name": "Grande salle", "kind": "room", "capacity": "30"})
    room.refresh_from_db()
    assert (room.name, room.capacity, room.is_bookable) == ("Grande salle", 30, False)


@pytest.mark.parametrize("role", ["member", "funder", "observer"])
def test_only_the_coordination_manages_resources(client, make_user, pole, premises, room, role):
    client.force_login(make_user("u", pole=pole, role=role))
    assert client.get(reverse("resource-create", args=[pole.slug, premises.pk])).status_code == 403
    assert client.get(reverse("resource-edit", args=[pole.slug, room.pk])).status_code == 403


class _Controls(HTMLParser):
    """The form controls of a page, and the ids its labels point to."""

    def __init__(self) -> None:
        super().__init__()
        self.labels: set[str] = set()
        self.controls: list[str] = []
        self.h1 = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "label" and a.get("for"):
            self.labels.add(a["for"])
        elif tag in ("input", "select", "textarea") and a.get("type") not in ("hidden", "submit"):
            self.controls.append(a.get("id") or f"<{tag} name={a.get('name')}>")
        elif tag == "h1":
            self.h1 += 1


def test_every_control_of_the_week_page_has_a_label(client, pole, room, book, member):
    CalendarFeed.objects.create(pole=pole)
    book(room, at(DAY, 9), at(DAY, 10), actor=member)
    client.force_login(member)
    parser = _Controls()
    parser.feed(client.get(_calendar(pole, room, semaine=iso_week(MONDAY))).content.decode())
    assert parser.h1 == 1
    assert len(parser.controls) >= 7  # the date to go to, the five fields, the feed address
    assert [c for c in parser.controls if c not in parser.labels] == []
