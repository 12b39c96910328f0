"""Bookings of the pole's shared rooms and equipment: who may book for whom, and no overlap.

Two live (not cancelled) bookings of one resource never overlap; touching ones (10:00–12:00
then 12:00–14:00) do not. The rule is checked here on every database, inside a transaction that
first locks the resource, so two people booking the same room at once are served one after the
other. On PostgreSQL the exclusion constraint `booking_no_overlap` (migration 0002) is the last
guard against any other writer; its violation gives the user the same message.

Callers run inside the pole's scope (see `ptce.poles.access`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ptce.core.audit import audit_log
from ptce.core.exceptions import PtceError
from ptce.meetings.services import own_person
from ptce.poles.models import RoleAssignment
from ptce.poles.permissions import Capability, has_capability
from ptce.pooling.models import Booking, SharedResource
from ptce.registry.models import Organisation

# Beyond a week, a resource is not booked but rented: that is a pooling of its own.
MAX_DURATION = dt.timedelta(days=7)
OVERLAP_CONSTRAINT = "booking_no_overlap"


# --- Who may book, and for whom ---------------------------------------------------------------


def role_of(user: Any, pole: Any) -> str | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        RoleAssignment.objects.filter(user=user, pole=pole).values_list("role", flat=True).first()
    )


def own_structure(user: Any, pole: Any) -> Organisation | None:
    """The structure a member account represents: its linked person's organisation."""
    person = own_person(user=user, pole=pole)
    return person.organisation if person is not None else None


def no_structure_message() -> str:
    return _(
        "Votre compte n'est relié à aucune structure du pôle : demandez à la coordination de "
        "vous rattacher à votre structure pour pouvoir réserver."
    )


def live_bookings() -> QuerySet[Booking]:
    return Booking.objects.filter(cancelled_at__isnull=True)


def overlapping(resource: SharedResource, starts_at: dt.datetime, ends_at: dt.datetime) -> Q:
    """Live bookings of `resource` sharing some time with [starts_at, ends_at)."""
    return Q(
        resource=resource, cancelled_at__isnull=True, starts_at__lt=ends_at, ends_at__gt=starts_at
    )


def bookings_cancellable_by(user: Any, role: str | None) -> QuerySet[Booking]:
    """The coordination may cancel any booking; a member only the ones they made."""
    qs = Booking.objects.all()
    if has_capability(role, Capability.MANAGE_POOLINGS):
        return qs
    if has_capability(role, Capability.BOOK_RESOURCES):
        return qs.filter(booked_by=user)
    return qs.none()


# --- Messages ---------------------------------------------------------------------------------


def _when(starts_at: dt.datetime, ends_at: dt.datetime) -> str:
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    if start.date() == end.date():
        return _("le %(day)s de %(start)s à %(end)s") % {
            "day": f"{start:%d/%m/%Y}",
            "start": f"{start:%H:%M}",
            "end": f"{end:%H:%M}",
        }
    return _("du %(start)s au %(end)s") % {
        "start": f"{start:%d/%m/%Y %H:%M}",
        "end": f"{end:%d/%m/%Y %H:%M}",
    }


def conflict_message(booking: Booking | None) -> str:
    if booking is None:
        return _(
            "Ce créneau chevauche une autre réservation de cette ressource, enregistrée à "
            "l'instant : choisissez un autre créneau."
        )
    return _("Ce créneau chevauche la réservation « %(title)s » de %(structure)s, %(when)s.") % {
        "title": booking.title,
        "structure": booking.organisation.name,
        "when": _when(booking.starts_at, booking.ends_at),
    }


def _find_conflict(
    resource: SharedResource, starts_at: dt.datetime, ends_at: dt.datetime
) -> Booking | None:
    return (
        Booking.objects.filter(overlapping(resource, starts_at, ends_at))
        .select_related("organisation")
        .order_by("starts_at", "pk")
        .first()
    )


def _is_overlap_violation(exc: IntegrityError) -> bool:
    diag = getattr(exc.__cause__, "diag", None)
    name = getattr(diag, "constraint_name", None)
    return name == OVERLAP_CONSTRAINT or (name is None and OVERLAP_CONSTRAINT in str(exc))


def _lock(resource: SharedResource) -> None:
    """Serialise the bookings of one resource until the end of the transaction.

    PostgreSQL locks the resource's row. SQLite ignores SELECT … FOR UPDATE: a write takes the
    database's write lock, which a concurrent booking waits for before it reads.
    """
    rows = SharedResource.objects.filter(pk=resource.pk)
    if connection.features.has_select_for_update:
        list(rows.select_for_update().values_list("pk", flat=True))
    else:
        rows.update(is_bookable=F("is_bookable"))


# --- Writes -----------------------------------------------------------------------------------


def _check_booker(actor: Any, resource: SharedResource, organisation: Organisation) -> None:
    pole = resource.pole
    role = role_of(actor, pole)
    if not has_capability(role, Capability.BOOK_RESOURCES):
        raise PermissionDenied
    if organisation.pole_id != pole.pk:
        raise PtceError(
            _("Structure : cette structure n'appartient pas au pôle."), field="organisation"
        )
    if has_capability(role, Capability.MANAGE_POOLINGS):
        return
    own = own_structure(actor, pole)
    if own is None:
        raise PtceError(no_structure_message(), field="organisation")
    if own.pk != organisation.pk:
        raise PtceError(
            _("Structure : vous ne pouvez réserver que pour votre structure (%(name)s).")
            % {"name": own.name},
            field="organisation",
        )


def _check_slot(
    resource: SharedResource, title: str, starts_at: dt.datetime, ends_at: dt.datetime
) -> None:
    if not (resource.is_bookable and resource.pooling.is_bookable):
        raise PtceError(_("Cette ressource n'est pas réservable."), field="resource")
    if not title.strip():
        raise PtceError(_("Objet : indiquez l'objet de la réservation."), field="title")
    if len(title) > Booking._meta.get_field("title").max_length:
        raise PtceError(_("Objet : 200 caractères au plus."), field="title")
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        raise ValueError("booking times must be timezone-aware")
    if starts_at < timezone.now():
        raise PtceError(
            _("Début : ce créneau est déjà commencé ou passé ; choisissez un créneau à venir."),
            field="starts_at",
        )
    if ends_at <= starts_at:
        raise PtceError(
            _("Fin : l'heure de fin doit être après l'heure de début."), field="ends_at"
        )
    if ends_at - starts_at > MAX_DURATION:
        raise PtceError(_("Fin : une réservation ne peut pas dépasser 7 jours."), field="ends_at")


def create_booking(
    actor: Any,
    resource: SharedResource,
    organisation: Organisation,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
) -> Booking:
    """Book `resource` for `organisation`; refused with a French message naming the field.

    An overlap with a live booking is refused with a message naming that booking.
    """
    title = title.strip()
    _check_booker(actor, resource, organisation)
    _check_slot(resource, title, starts_at, ends_at)
    booking = Booking(
        pole=resource.pole,
        resource=resource,
        organisation=organisation,
        booked_by=actor if getattr(actor, "is_authenticated", False) else None,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        is_synthetic=resource.is_synthetic,
    )
    try:
        with transaction.atomic():
            _lock(resource)
            conflict = _find_conflict(resource, starts_at, ends_at)
            if conflict is not None:
                raise PtceError(conflict_message(conflict))
            booking.save()
            audit_log(
                action="ptce.booking.created",
                actor=actor,
                pole=resource.pole,
                obj=booking,
                data={
                    "resource": resource.pk,
                    "organisation": organisation.pk,
                    "title": title,
                    "starts_at": starts_at.isoformat(),
                    "ends_at": ends_at.isoformat(),
                },
            )
    except IntegrityError as exc:
        if not _is_overlap_violation(exc):
            raise
        # Another writer got there between the check and the insert: name it if we can.
        raise PtceError(conflict_message(_find_conflict(resource, starts_at, ends_at))) from exc
    return booking


def cancel_booking(actor: Any, booking: Booking) -> Booking:
    """Cancel a booking, which stays on record with its cancellation time and frees the slot."""
    role = role_of(actor, booking.pole)
    if not bookings_cancellable_by(actor, role).filter(pk=booking.pk).exists():
        raise PermissionDenied
    with transaction.atomic():
        # Re-read under the transaction: two clicks on "cancel" record one cancellation.
        current = Booking.objects.select_for_update().get(pk=booking.pk)
        if current.cancelled_at is not None:
            raise PtceError(_("Cette réservation est déjà annulée."))
        if current.ends_at <= timezone.now():
            raise PtceError(
                _("Cette réservation est passée : elle reste dans l'historique du pôle.")
            )
        current.cancelled_at = timezone.now()
        current.save(update_fields=["cancelled_at"])
        audit_log(
            action="ptce.booking.cancelled",
            actor=actor,
            pole=current.pole,
            obj=current,
            data={
                "resource": current.resource_id,
                "organisation": current.organisation_id,
                "starts_at": current.starts_at.isoformat(),
                "ends_at": current.ends_at.isoformat(),
            },
        )
    booking.cancelled_at = current.cancelled_at
    return booking
