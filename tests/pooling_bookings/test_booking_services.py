"""The booking service: no overlap on one resource, who books for whom, cancelling."""

from __future__ import annotations

import datetime as dt

import pytest
from booking_helpers import at, day_ahead
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ptce.core.exceptions import PtceError
from ptce.core.models import AuditEntry
from ptce.pooling import bookings
from ptce.pooling.models import Booking, Pooling, PoolingKind, ResourceKind, SharedResource
from ptce.registry.models import Organisation, Person

DAY = day_ahead(10)


def _live(resource) -> list[tuple[dt.datetime, dt.datetime]]:
    return list(
        Booking.objects.filter(resource=resource, cancelled_at__isnull=True)
        .order_by("starts_at")
        .values_list("starts_at", "ends_at")
    )


# --- Overlaps ---------------------------------------------------------------------------------


def test_an_overlapping_booking_is_refused_with_a_message_naming_the_booking(room, book, cafe):
    book(room, at(DAY, 14), at(DAY, 16), title="Réunion CA")
    with pytest.raises(PtceError) as refused:
        book(room, at(DAY, 15), at(DAY, 17), title="Atelier réparation", organisation=cafe)
    assert refused.value.message == (
        "Ce créneau chevauche la réservation « Réunion CA » de Atelier Bois, "
        f"le {DAY:%d/%m/%Y} de 14:00 à 16:00."
    )
    assert _live(room) == [(at(DAY, 14), at(DAY, 16))]


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ((10, 0), (12, 0)),  # the same slot
        ((9, 0), (10, 30)),  # ends inside
        ((11, 59), (13, 0)),  # starts inside
        ((10, 30), (11, 0)),  # inside
        ((9, 0), (13, 0)),  # around
    ],
)
def test_every_kind_of_overlap_is_refused(room, book, start, end):
    book(room, at(DAY, 10), at(DAY, 12))
    with pytest.raises(PtceError, match="chevauche la réservation « Réunion CA »"):
        book(room, at(DAY, *start), at(DAY, *end), title="Autre")
    assert Booking.objects.count() == 1


def test_touching_bookings_are_not_overlaps(room, book):
    book(room, at(DAY, 10), at(DAY, 12), title="Matin")
    book(room, at(DAY, 12), at(DAY, 14), title="Midi")
    book(room, at(DAY, 8), at(DAY, 10), title="Tôt")
    assert _live(room) == [
        (at(DAY, 8), at(DAY, 10)),
        (at(DAY, 10), at(DAY, 12)),
        (at(DAY, 12), at(DAY, 14)),
    ]


def test_another_resource_at_the_same_time_is_free(room, workshop, book):
    book(room, at(DAY, 10), at(DAY, 12))
    book(workshop, at(DAY, 10), at(DAY, 12))
    assert len(_live(room)) == len(_live(workshop)) == 1


def test_a_cancelled_booking_frees_its_slot_and_stays_on_record(room, book, coordinator, cafe):
    first = book(room, at(DAY, 10), at(DAY, 12))
    bookings.cancel_booking(coordinator, first)
    second = book(room, at(DAY, 10), at(DAY, 12), title="Permanence", organisation=cafe)
    first.refresh_from_db()
    assert first.cancelled_at is not None
    assert second.cancelled_at is None
    assert Booking.objects.count() == 2
    assert _live(room) == [(at(DAY, 10), at(DAY, 12))]


def test_the_message_spells_out_a_booking_over_several_days(room, book):
    book(room, at(DAY, 18), at(DAY + dt.timedelta(days=2), 9), title="Résidence d'artistes")
    with pytest.raises(PtceError) as refused:
        book(room, at(DAY + dt.timedelta(days=1), 10), at(DAY + dt.timedelta(days=1), 11))
    later = DAY + dt.timedelta(days=2)
    assert refused.value.message == (
        "Ce créneau chevauche la réservation « Résidence d'artistes » de Atelier Bois, "
        f"du {DAY:%d/%m/%Y} 18:00 au {later:%d/%m/%Y} 09:00."
    )


# Quarter hours of one day: start and length.
SLOTS = st.lists(
    st.tuples(st.integers(min_value=0, max_value=90), st.integers(min_value=1, max_value=16)),
    min_size=1,
    max_size=12,
)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(slots=SLOTS)
def test_accepted_bookings_never_overlap_and_only_overlaps_are_refused(room, book, slots):
    """Whatever the order of the requests, a booking is accepted exactly when it shares no time
    with one accepted before it."""
    Booking.objects.all().delete()
    midnight = at(DAY, 0)
    accepted: list[tuple[dt.datetime, dt.datetime]] = []
    for start, length in slots:
        starts_at = midnight + dt.timedelta(minutes=15 * start)
        ends_at = starts_at + dt.timedelta(minutes=15 * length)
        clash = any(s < ends_at and e > starts_at for s, e in accepted)
        try:
            book(room, starts_at, ends_at)
        except PtceError as exc:
            assert clash, exc.message
        else:
            assert not clash
            accepted.append((starts_at, ends_at))
    assert _live(room) == sorted(accepted)


# --- Checks on the slot -----------------------------------------------------------------------


def test_a_start_in_the_past_is_refused(room, book):
    now = timezone.localtime().replace(second=0, microsecond=0)
    with pytest.raises(PtceError, match="^Début : ") as refused:
        book(room, now - dt.timedelta(hours=1), now + dt.timedelta(hours=1))
    assert refused.value.field == "starts_at"


def test_an_end_before_or_at_the_start_is_refused(room, book):
    for end in (at(DAY, 10), at(DAY, 9)):
        with pytest.raises(PtceError, match="^Fin : l'heure de fin doit être après") as refused:
            book(room, at(DAY, 10), end)
        assert refused.value.field == "ends_at"


def test_seven_days_at_most(room, book):
    start = at(DAY, 9)
    with pytest.raises(PtceError, match="^Fin : une réservation ne peut pas dépasser 7 jours"):
        book(room, start, start + dt.timedelta(days=7, minutes=1))
    book(room, start, start + dt.timedelta(days=7))
    assert Booking.objects.count() == 1


def test_a_blank_title_is_refused(room, book):
    with pytest.raises(PtceError, match="^Objet : ") as refused:
        book(room, at(DAY, 9), at(DAY, 10), title="   ")
    assert refused.value.field == "title"


def test_a_resource_marked_not_bookable_is_refused(room, book):
    room.is_bookable = False
    room.save()
    with pytest.raises(PtceError, match="n'est pas réservable"):
        book(room, at(DAY, 9), at(DAY, 10))


def test_a_resource_of_a_pooling_that_is_not_premises_or_equipment_is_refused(pole, book):
    purchasing = Pooling.objects.create(pole=pole, kind=PoolingKind.PURCHASING, name="Achats")
    resource = SharedResource.objects.create(
        pole=pole, pooling=purchasing, name="Camion", kind=ResourceKind.VEHICLE
    )
    with pytest.raises(PtceError, match="n'est pas réservable"):
        book(resource, at(DAY, 9), at(DAY, 10))


# --- Who books for whom -----------------------------------------------------------------------


def test_the_coordination_books_for_any_structure(room, book, coordinator, cafe):
    booking = book(room, at(DAY, 9), at(DAY, 10), organisation=cafe, actor=coordinator)
    assert booking.organisation == cafe
    assert booking.booked_by == coordinator


def test_a_member_books_for_their_own_structure(room, book, member, atelier):
    booking = book(room, at(DAY, 9), at(DAY, 10), organisation=atelier, actor=member)
    assert (booking.organisation, booking.booked_by) == (atelier, member)


def test_a_member_cannot_book_for_another_structure(room, book, member, cafe):
    with pytest.raises(PtceError) as refused:
        book(room, at(DAY, 9), at(DAY, 10), organisation=cafe, actor=member)
    assert refused.value.message == (
        "Structure : vous ne pouvez réserver que pour votre structure (Atelier Bois)."
    )
    assert not Booking.objects.exists()


def test_a_member_without_a_structure_cannot_book(pole, room, book, make_user, atelier):
    loose = make_user("sans-structure", pole=pole, role="member")
    Person.objects.create(pole=pole, first_name="Sam", last_name="Seul", user=loose)
    unlinked = make_user("sans-fiche", pole=pole, role="member")
    for user in (loose, unlinked):
        with pytest.raises(PtceError, match="n'est relié à aucune structure du pôle"):
            book(room, at(DAY, 9), at(DAY, 10), organisation=atelier, actor=user)
    assert not Booking.objects.exists()


def test_funders_and_observers_cannot_book(pole, room, book, funder, make_user, atelier):
    observer = make_user("observatoire", pole=pole, role="observer")
    for user in (funder, observer):
        with pytest.raises(PermissionDenied):
            book(room, at(DAY, 9), at(DAY, 10), actor=user)


def test_a_structure_of_another_pole_is_refused(make_pole, room, book):
    elsewhere = Organisation.objects.create(pole=make_pole("ailleurs"), name="Ailleurs")
    with pytest.raises(PtceError, match="^Structure : cette structure n'appartient pas au pôle"):
        book(room, at(DAY, 9), at(DAY, 10), organisation=elsewhere)


def test_create_and_cancel_are_audited(room, book, coordinator):
    booking = book(room, at(DAY, 9), at(DAY, 10))
    bookings.cancel_booking(coordinator, booking)
    entries = list(AuditEntry.objects.order_by("pk").values_list("action", "actor_id", "data"))
    assert [(a, u) for a, u, _ in entries] == [
        ("ptce.booking.created", coordinator.pk),
        ("ptce.booking.cancelled", coordinator.pk),
    ]
    assert entries[0][2]["title"] == "Réunion CA"
    assert entries[0][2]["starts_at"] == at(DAY, 9).isoformat()


# --- Cancelling -------------------------------------------------------------------------------


def test_the_coordination_cancels_any_booking(room, book, member, coordinator):
    booking = book(room, at(DAY, 9), at(DAY, 10), actor=member)
    bookings.cancel_booking(coordinator, booking)
    booking.refresh_from_db()
    assert booking.cancelled_at is not None


def test_a_member_cancels_only_their_own_bookings(room, book, member, other_member, cafe):
    own = book(room, at(DAY, 9), at(DAY, 10), actor=member)
    theirs = book(room, at(DAY, 10), at(DAY, 11), actor=other_member, organisation=cafe)
    by_coordination = book(room, at(DAY, 11), at(DAY, 12))  # for Atelier Bois, by someone else
    bookings.cancel_booking(member, own)
    for booking in (theirs, by_coordination):
        with pytest.raises(PermissionDenied):
            bookings.cancel_booking(member, booking)
    assert list(
        Booking.objects.filter(cancelled_at__isnull=False).values_list("pk", flat=True)
    ) == [own.pk]


def test_cancelling_twice_or_a_past_booking_is_refused(room, book, coordinator, atelier):
    booking = book(room, at(DAY, 9), at(DAY, 10))
    bookings.cancel_booking(coordinator, booking)
    with pytest.raises(PtceError, match="déjà annulée"):
        bookings.cancel_booking(coordinator, booking)
    past = Booking.objects.create(
        pole=room.pole,
        resource=room,
        organisation=atelier,
        title="Hier",
        starts_at=timezone.now() - dt.timedelta(days=1, hours=2),
        ends_at=timezone.now() - dt.timedelta(days=1),
    )
    with pytest.raises(PtceError, match="est passée"):
        bookings.cancel_booking(coordinator, past)
    past.refresh_from_db()
    assert past.cancelled_at is None
