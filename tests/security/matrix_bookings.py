"""Permission-matrix rows for the bookings pages (see matrix_core.py for the vocabulary).

Every role sees a resource's week (structures only for funders and observers); members and the
coordination book. `bookings-feed` is not here: it needs no login (the token is the secret) and
is tested in tests/pooling_bookings/test_booking_ical.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from matrix_core import COORD_ONLY, DENIED, EVERY_ROLE, MEMBERS_AND_COORD, NOT_FOUND, OK, Row

from ptce.pooling.models import Booking, Pooling, PoolingKind, ResourceKind, SharedResource

RESOURCE = ("pk:booking_resource",)

ROWS: dict[str, Row] = {
    "resource-create": Row(COORD_ONLY, objects=("pk:booking_pooling",)),
    "resource-edit": Row(COORD_ONLY, objects=RESOURCE),
    "resource-calendar": Row(EVERY_ROLE, objects=RESOURCE),
    "resource-ics": Row(EVERY_ROLE, objects=RESOURCE),
    # An empty form: the calendar comes back with the errors.
    "booking-create": Row(MEMBERS_AND_COORD, method="post", objects=RESOURCE),
    # The fixture's booking was made by no account: to a member it is someone else's booking,
    # which answers like a missing one.
    "booking-cancel": Row(
        {"coordinator": OK, "member": NOT_FOUND, "funder": DENIED, "observer": DENIED},
        method="post",
        objects=("pk:booking",),
    ),
}


def build_objects(pole: Any, objects: dict[str, Any]) -> dict[str, Any]:
    """A meeting room in shared premises, with one booking next week."""
    pooling = Pooling.objects.create(
        pole=pole, kind=PoolingKind.PREMISES, name=f"Tiers-lieu {pole.slug}"
    )
    resource = SharedResource.objects.create(
        pole=pole, pooling=pooling, name=f"Salle du conseil {pole.slug}", kind=ResourceKind.ROOM
    )
    starts_at = timezone.now().replace(microsecond=0) + dt.timedelta(days=7)
    booking = Booking.objects.create(
        pole=pole,
        resource=resource,
        organisation=objects["organisation"],
        title="Conseil d'administration",
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=2),
    )
    return {"booking_pooling": pooling, "booking_resource": resource, "booking": booking}
