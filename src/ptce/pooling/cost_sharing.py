"""How a pooling's cost is shared among the structures: to the cent, by a written rule.

A cost (rent, charges, a service contract) is split in proportion to a weight per structure:

- by fixed keys: each participant's share key;
- by use, for premises and equipment: the hours each structure booked the pooling's resources
  within the cost's period (live bookings only, clipped to the period);
- by use, for the other kinds, and by quantity for every kind: each participant's quantity,
  in the pooling's unit (the m² a tenant occupies shares the rent of premises whose rooms are
  also booked).

Only participants whose participation overlaps the cost's period take part, and, by use of
bookable resources, every structure that booked within the period (one that booked without
being a participant is shown as such). A structure with no weight gets 0; when nobody has a
weight, the cost is "non répartissable" and the reason says why: the page shows it, it is not
an error. The cents themselves come from `ptce_analytics.allocation.split_cents`, whose
largest-remainder rule (`ROUNDING_RULE_FR`) guarantees the shares add up to the amount.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.utils import timezone
from django.utils.translation import gettext as _

from ptce.pooling.models import Booking, CostSharing, Pooling, PoolingCost, PoolingParticipant
from ptce_analytics.allocation import ROUNDING_RULE_FR, split_cents

__all__ = [
    "ROUNDING_RULE_FR",
    "CostSplit",
    "ShareLine",
    "booking_hours",
    "share_cost",
    "share_costs",
]

BASIS_KEYS = "fixed_keys"
BASIS_BOOKINGS = "bookings"
BASIS_QUANTITY = "quantity"
_HUNDREDTH = Decimal("0.01")
_MICROSECOND = dt.timedelta(microseconds=1)
_HOUR = dt.timedelta(hours=1)


@dataclass(frozen=True)
class ShareLine:
    organisation_id: int
    organisation_name: str
    # The weight the share is computed from: key, booked hours or quantity; None = not given.
    weight: Fraction | None
    cents: int
    is_participant: bool = True

    @property
    def amount(self) -> Decimal:
        return Decimal(self.cents) / 100

    @property
    def weight_display(self) -> Decimal | None:
        if self.weight is None:
            return None
        return (Decimal(self.weight.numerator) / Decimal(self.weight.denominator)).quantize(
            _HUNDREDTH
        )


@dataclass(frozen=True)
class CostSplit:
    cost: PoolingCost
    basis: str
    lines: list[ShareLine] = field(default_factory=list)
    # Empty when the cost could be split; otherwise why not, in French.
    reason: str = ""

    @property
    def splittable(self) -> bool:
        return not self.reason

    @property
    def total_cents(self) -> int:
        return sum(line.cents for line in self.lines)

    @property
    def basis_label(self) -> str:
        return {
            BASIS_KEYS: _("clés de répartition fixes"),
            BASIS_BOOKINGS: _("heures réservées sur la période"),
            BASIS_QUANTITY: _("quantités des participants"),
        }[self.basis]

    @property
    def rounding_rule(self) -> str:
        return ROUNDING_RULE_FR


def _cents(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value())


def _overlaps(participant: PoolingParticipant, start: dt.date, end: dt.date) -> bool:
    return (participant.joined_on is None or participant.joined_on <= end) and (
        participant.left_on is None or participant.left_on >= start
    )


def _period_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The period as aware datetimes: from `start` at midnight to the midnight after `end`."""
    zone = timezone.get_current_timezone()
    return (
        timezone.make_aware(dt.datetime.combine(start, dt.time.min), zone),
        timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min), zone),
    )


def _bookings(pooling: Pooling, start: dt.date, end: dt.date) -> list[dict]:
    """Live bookings of the pooling's resources overlapping [start, end]; one query."""
    low, high = _period_bounds(start, end)
    return list(
        Booking.objects.filter(
            pole_id=pooling.pole_id,
            resource__pooling=pooling,
            cancelled_at__isnull=True,
            starts_at__lt=high,
            ends_at__gt=low,
        ).values("organisation_id", "organisation__name", "starts_at", "ends_at")
    )


def booking_hours(
    bookings: Iterable[dict], start: dt.date, end: dt.date
) -> dict[int, tuple[str, Fraction]]:
    """Organisation id → (name, hours booked within [start, end]), bookings clipped to it."""
    low, high = _period_bounds(start, end)
    hours: dict[int, tuple[str, Fraction]] = {}
    for booking in bookings:
        begin, finish = max(booking["starts_at"], low), min(booking["ends_at"], high)
        if finish <= begin:
            continue
        # Exact: whole microseconds over the microseconds of an hour.
        span = Fraction((finish - begin) // _MICROSECOND, _HOUR // _MICROSECOND)
        key = booking["organisation_id"]
        name, total = hours.get(key, (booking["organisation__name"], Fraction(0)))
        hours[key] = (name, total + span)
    return hours


def _weights(
    cost: PoolingCost,
    pooling: Pooling,
    participants: Sequence[PoolingParticipant],
    bookings: Sequence[dict] | None,
) -> tuple[str, dict[int, tuple[str, Fraction | None, bool]]]:
    """The basis and organisation id → (name, weight or None, is a participant)."""
    present = [p for p in participants if _overlaps(p, cost.period_start, cost.period_end)]
    weights: dict[int, tuple[str, Fraction | None, bool]] = {}
    if pooling.cost_sharing == CostSharing.FIXED_KEYS:
        for p in present:
            key = None if p.share_key is None else Fraction(p.share_key)
            weights[p.organisation_id] = (p.organisation.name, key, True)
        return BASIS_KEYS, weights
    if pooling.is_bookable and pooling.cost_sharing == CostSharing.BY_USE:
        if bookings is None:
            bookings = _bookings(pooling, cost.period_start, cost.period_end)
        used = booking_hours(bookings, cost.period_start, cost.period_end)
        for p in present:
            weights[p.organisation_id] = (
                p.organisation.name,
                used.get(p.organisation_id, ("", Fraction(0)))[1],
                True,
            )
        members = {p.organisation_id for p in participants}
        for organisation_id, (name, hours) in used.items():
            if organisation_id not in weights:
                weights[organisation_id] = (name, hours, organisation_id in members)
        return BASIS_BOOKINGS, weights
    for p in present:
        quantity = None if p.quantity is None else Fraction(p.quantity)
        weights[p.organisation_id] = (p.organisation.name, quantity, True)
    return BASIS_QUANTITY, weights


def _no_weight_reason(basis: str, weights: dict) -> str:
    if not weights:
        return _("aucun participant sur la période du coût")
    if basis == BASIS_KEYS:
        return _("aucune clé de répartition renseignée")
    if basis == BASIS_BOOKINGS:
        return _("aucune réservation des ressources sur la période du coût")
    return _("aucune quantité renseignée pour les participants")


def share_cost(
    cost: PoolingCost,
    *,
    participants: Sequence[PoolingParticipant] | None = None,
    bookings: Sequence[dict] | None = None,
) -> CostSplit:
    """Split `cost` among the structures of its pooling; see the module docstring.

    `participants` (with their organisation) and `bookings` (rows as `_bookings` reads them)
    may be given to share several costs of one pooling without querying again.
    """
    pooling = cost.pooling
    if participants is None:
        participants = list(
            PoolingParticipant.objects.filter(pole_id=cost.pole_id, pooling=pooling)
            .select_related("organisation")
            .order_by("organisation__name_key", "pk")
        )
    basis, weights = _weights(cost, pooling, participants, bookings)
    positive = {key: w for key, (_name, w, _member) in weights.items() if w}
    reason = "" if positive else _no_weight_reason(basis, weights)
    cents = split_cents(_cents(cost.amount), positive) if positive else {}
    lines = sorted(
        (
            ShareLine(key, name, weight, cents.get(key, 0), is_participant)
            for key, (name, weight, is_participant) in weights.items()
        ),
        key=lambda line: (not line.is_participant, line.organisation_name.casefold()),
    )
    return CostSplit(cost, basis, lines, reason=reason)


def share_costs(pooling: Pooling, costs: Sequence[PoolingCost]) -> list[CostSplit]:
    """Every cost of `pooling` split, with the participants and bookings read once."""
    if not costs:
        return []
    participants = list(
        PoolingParticipant.objects.filter(pole_id=pooling.pole_id, pooling=pooling)
        .select_related("organisation")
        .order_by("organisation__name_key", "pk")
    )
    bookings = None
    if pooling.is_bookable and pooling.cost_sharing == CostSharing.BY_USE:
        start = min(cost.period_start for cost in costs)
        end = max(cost.period_end for cost in costs)
        bookings = _bookings(pooling, start, end)
    for cost in costs:
        cost.pooling = pooling
    return [share_cost(c, participants=participants, bookings=bookings) for c in costs]
