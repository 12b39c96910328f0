"""On PostgreSQL the database itself refuses overlapping live bookings (`booking_no_overlap`),
and the service turns that refusal into the same French message as its own check."""

from __future__ import annotations

import threading
from unittest import mock

import pytest
from booking_helpers import at, day_ahead
from django.db import IntegrityError, connection, connections, transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from ptce.core.exceptions import PtceError
from ptce.pooling import bookings
from ptce.pooling.models import Booking

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the exclusion constraint booking_no_overlap exists on PostgreSQL only "
    "(run with DATABASE_URL=postgres://…)",
)

DAY = day_ahead(10)


def _raw(resource, organisation, start_hour: int, end_hour: int, **fields) -> Booking:
    """A booking written straight to the table, bypassing the service's check."""
    return Booking.objects.create(
        pole=resource.pole,
        resource=resource,
        organisation=organisation,
        title=fields.pop("title", "Réunion CA"),
        starts_at=at(DAY, start_hour),
        ends_at=at(DAY, end_hour),
        **fields,
    )


def test_the_database_refuses_an_overlapping_row(room, atelier, cafe):
    _raw(room, atelier, 10, 12)
    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        _raw(room, cafe, 11, 13)
    assert refused.value.__cause__.diag.constraint_name == "booking_no_overlap"
    assert Booking.objects.count() == 1


def test_the_database_accepts_touching_rows_other_resources_and_cancelled_rows(
    room, workshop, atelier
):
    _raw(room, atelier, 10, 12)
    _raw(room, atelier, 12, 14)
    _raw(workshop, atelier, 10, 12)
    _raw(room, atelier, 11, 13, cancelled_at=timezone.now())
    assert Booking.objects.count() == 4
    # Cancelling the one in the way frees the slot for the database too.
    Booking.objects.filter(starts_at=at(DAY, 10), resource=room).update(cancelled_at=timezone.now())
    _raw(room, atelier, 9, 11)
    assert Booking.objects.filter(resource=room, cancelled_at__isnull=True).count() == 2


def test_the_service_names_the_booking_when_the_database_refuses(room, book, cafe):
    """A concurrent writer slipped in between the check and the insert: here, the check is
    made to see nothing the first time, as if the other booking was not yet committed."""
    book(room, at(DAY, 14), at(DAY, 16), title="Réunion CA")
    real = bookings._find_conflict
    calls = []

    def blind_first_time(*args):
        calls.append(args)
        return None if len(calls) == 1 else real(*args)

    with (
        mock.patch.object(bookings, "_find_conflict", side_effect=blind_first_time),
        pytest.raises(PtceError) as refused,
    ):
        book(room, at(DAY, 15), at(DAY, 17), title="Atelier", organisation=cafe)
    assert refused.value.message == (
        "Ce créneau chevauche la réservation « Réunion CA » de Atelier Bois, "
        f"le {DAY:%d/%m/%Y} de 14:00 à 16:00."
    )
    assert len(calls) == 2
    assert Booking.objects.count() == 1
    # The connection is still usable after the refusal.
    book(room, at(DAY, 16), at(DAY, 17), title="Juste après")


def test_the_service_gives_a_generic_message_when_the_conflict_cannot_be_read(room, book):
    book(room, at(DAY, 14), at(DAY, 16))
    with (
        mock.patch.object(bookings, "_find_conflict", return_value=None),
        pytest.raises(PtceError, match="^Ce créneau chevauche une autre réservation"),
    ):
        book(room, at(DAY, 15), at(DAY, 17))
    assert Booking.objects.count() == 1


def test_other_integrity_errors_are_not_taken_for_an_overlap(room, book):
    """A check constraint other than the overlap still surfaces as what it is."""
    with (
        mock.patch.object(bookings, "_check_slot"),
        pytest.raises(IntegrityError, match="booking_ends_after_start"),
    ):
        book(room, at(DAY, 16), at(DAY, 14))


@pytest.mark.django_db(transaction=True)
def test_two_people_booking_the_same_room_at_once_get_one_booking(room, coordinator, atelier, cafe):
    """Two requests at the same instant, each in its own connection: one wins, the other is
    told which booking it ran into."""
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def attempt(title: str, organisation) -> None:
        try:
            with scopes_disabled():
                barrier.wait(timeout=10)
                outcomes[title] = bookings.create_booking(
                    coordinator, room, organisation, title, at(DAY, 10), at(DAY, 12)
                )
        except PtceError as exc:
            outcomes[title] = exc
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=attempt, args=("Réunion CA", atelier)),
        threading.Thread(target=attempt, args=("Atelier réparation", cafe)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    winners = [t for t, o in outcomes.items() if isinstance(o, Booking)]
    losers = [o for o in outcomes.values() if isinstance(o, PtceError)]
    assert len(winners) == 1 and len(losers) == 1, outcomes
    assert f"chevauche la réservation « {winners[0]} »" in losers[0].message
    assert Booking.objects.count() == 1
