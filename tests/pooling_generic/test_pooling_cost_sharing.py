"""How a pooling's cost is split among the structures: exact to the cent, by the right weights."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from ptce.pooling.cost_sharing import ROUNDING_RULE_FR, share_cost, share_costs
from ptce.pooling.models import (
    Booking,
    CostSharing,
    Pooling,
    PoolingCost,
    PoolingKind,
    PoolingParticipant,
    QuantityUnit,
    ResourceKind,
    SharedResource,
)
from ptce.registry.models import Organisation

PERIOD = (dt.date(2025, 1, 1), dt.date(2025, 3, 31))


def _unsaved(kind: str, sharing: str, weights: list[Decimal | None], cents: int):
    """A cost and participants built in memory: the split needs no database when given both."""
    pooling = Pooling(pk=1, pole_id=1, kind=kind, name="Test", cost_sharing=sharing)
    cost = PoolingCost(
        pk=1,
        pole_id=1,
        pooling=pooling,
        label="Loyer",
        period_start=PERIOD[0],
        period_end=PERIOD[1],
        amount=Decimal(cents) / 100,
    )
    participants = []
    for i, weight in enumerate(weights, start=1):
        organisation = Organisation(pk=i, pole_id=1, name=f"Structure {i:02d}")
        field = "share_key" if sharing == CostSharing.FIXED_KEYS else "quantity"
        participants.append(
            PoolingParticipant(
                pk=i, pole_id=1, pooling=pooling, organisation=organisation, **{field: weight}
            )
        )
    return cost, participants


weights_strategy = st.lists(
    st.one_of(
        st.none(),
        st.decimals(min_value=0, max_value=10_000, places=2, allow_nan=False),
    ),
    min_size=1,
    max_size=12,
)


@given(
    weights=weights_strategy,
    cents=st.integers(min_value=0, max_value=10**11),
    sharing=st.sampled_from([CostSharing.FIXED_KEYS, CostSharing.BY_USE]),
)
def test_shares_add_up_to_the_cost_to_the_cent(weights, cents, sharing):
    cost, participants = _unsaved(PoolingKind.SERVICES, sharing, weights, cents)
    split = share_cost(cost, participants=participants)
    by_structure = {line.organisation_id: line.cents for line in split.lines}
    has_weight = any(w for w in weights)
    if has_weight:
        assert split.splittable
        assert split.total_cents == cents
        assert sum(line.amount for line in split.lines) == cost.amount
    else:
        assert not split.splittable
        assert split.reason
        assert split.total_cents == 0
    for i, weight in enumerate(weights, start=1):
        if not weight:
            assert by_structure[i] == 0
        else:
            # Within one cent of the exact share.
            exact = Decimal(cents) * weight / sum(w for w in weights if w)
            assert abs(by_structure[i] - exact) < 1


def test_fixed_keys_split_and_rounding():
    cost, participants = _unsaved(
        PoolingKind.SERVICES, CostSharing.FIXED_KEYS, [Decimal(1), Decimal(1), Decimal(1)], 10000
    )
    split = share_cost(cost, participants=participants)
    assert [line.cents for line in split.lines] == [3334, 3333, 3333]
    assert split.basis == "fixed_keys"
    assert split.rounding_rule == ROUNDING_RULE_FR


def test_participants_without_a_key_pay_nothing():
    cost, participants = _unsaved(
        PoolingKind.SERVICES, CostSharing.FIXED_KEYS, [Decimal(3), None, Decimal(1)], 1000
    )
    split = share_cost(cost, participants=participants)
    assert [(line.weight, line.cents) for line in split.lines] == [(3, 750), (None, 0), (1, 250)]


def test_nobody_with_a_key_is_not_splittable_and_says_why():
    cost, participants = _unsaved(PoolingKind.SERVICES, CostSharing.FIXED_KEYS, [None, 0], 1000)
    split = share_cost(cost, participants=participants)
    assert not split.splittable
    assert split.reason == "aucune clé de répartition renseignée"
    assert [line.cents for line in split.lines] == [0, 0]


def test_nobody_with_a_quantity_says_why():
    cost, participants = _unsaved(PoolingKind.SERVICES, CostSharing.BY_USE, [None], 1000)
    split = share_cost(cost, participants=participants)
    assert split.reason == "aucune quantité renseignée pour les participants"


def test_a_cost_without_participants_says_why():
    cost, _ = _unsaved(PoolingKind.SERVICES, CostSharing.BY_USE, [], 1000)
    assert share_cost(cost, participants=[]).reason == "aucun participant sur la période du coût"


def test_participants_outside_the_cost_period_take_no_part():
    cost, participants = _unsaved(
        PoolingKind.SERVICES, CostSharing.FIXED_KEYS, [Decimal(1), Decimal(1), Decimal(1)], 900
    )
    participants[0].left_on = dt.date(2024, 12, 31)  # left before the period
    participants[1].joined_on = dt.date(2025, 4, 1)  # joins after it
    participants[2].joined_on = dt.date(2025, 3, 31)  # joins on its last day: takes part
    split = share_cost(cost, participants=participants)
    assert [(line.organisation_id, line.cents) for line in split.lines] == [(3, 900)]


# --- By use of bookable resources: hours booked, clipped to the cost's period ------------------


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def premises(pole, structures, make_pooling, add_participant):
    pooling = make_pooling(
        "Tiers-lieu du Canal",
        kind=PoolingKind.PREMISES,
        unit=QuantityUnit.SQUARE_METRES,
        cost_sharing=CostSharing.BY_USE,
    )
    for organisation in structures[:2]:
        add_participant(pooling, organisation, quantity=Decimal(50))
    room = SharedResource.objects.create(
        pole=pole, pooling=pooling, name="Grande salle", kind=ResourceKind.ROOM
    )
    return pooling, room


def _book(room, organisation, start, end, **fields):
    return Booking.objects.create(
        pole=room.pole,
        resource=room,
        organisation=organisation,
        title="Réunion",
        starts_at=start,
        ends_at=end,
        **fields,
    )


def test_by_use_counts_live_booked_hours_clipped_to_the_period(
    pole, structures, premises, make_pooling
):
    pooling, room = premises
    bois, biocoop, theatre = structures
    january, march = dt.date(2025, 1, 10), dt.date(2025, 3, 31)
    _book(room, bois, _at(january, 9), _at(january, 12))  # 3 h
    # Starts on the period's last evening, ends the next morning: 2 h inside (22 h – midnight).
    _book(room, bois, _at(march, 22), _at(march + dt.timedelta(days=1), 8))
    # From the previous year's last evening: 9 h inside (midnight – 9 h).
    _book(room, biocoop, _at(dt.date(2024, 12, 31), 20), _at(dt.date(2025, 1, 1), 9))
    _book(room, biocoop, _at(january, 14), _at(january, 20), cancelled_at=timezone.now())
    # Entirely outside the period, and a booking of another pooling's resource: ignored.
    _book(room, biocoop, _at(dt.date(2025, 4, 2), 9), _at(dt.date(2025, 4, 2), 18))
    other = SharedResource.objects.create(
        pole=pole,
        pooling=make_pooling("Garage", kind=PoolingKind.EQUIPMENT),
        name="Camion",
        kind=ResourceKind.VEHICLE,
    )
    _book(other, biocoop, _at(january, 9), _at(january, 18))
    # A structure that booked without being a participant shares the cost of its hours too.
    _book(room, theatre, _at(january, 8), _at(january, 9))  # 1 h

    cost = PoolingCost.objects.create(
        pole=pole,
        pooling=pooling,
        label="Loyer T1",
        period_start=PERIOD[0],
        period_end=PERIOD[1],
        amount=Decimal("1500.00"),
    )
    split = share_cost(cost)
    lines = {line.organisation_name: line for line in split.lines}
    assert split.basis == "bookings"
    assert {name: line.weight for name, line in lines.items()} == {
        "Atelier Bois": 5,
        "Biocoop du Canal": 9,
        "Compagnie Théâtre": 1,
    }
    # 1500 € over 15 h: 100 € an hour.
    assert {name: line.amount for name, line in lines.items()} == {
        "Atelier Bois": Decimal("500"),
        "Biocoop du Canal": Decimal("900"),
        "Compagnie Théâtre": Decimal("100"),
    }
    assert not lines["Compagnie Théâtre"].is_participant
    # share_costs reads the bookings once for several costs and gives the same answer.
    assert share_costs(pooling, [cost])[0].lines == split.lines


def test_by_use_without_bookings_is_not_splittable(pole, premises):
    pooling, _room = premises
    cost = PoolingCost.objects.create(
        pole=pole,
        pooling=pooling,
        label="Charges",
        period_start=PERIOD[0],
        period_end=PERIOD[1],
        amount=Decimal("300.00"),
    )
    split = share_cost(cost)
    assert split.reason == "aucune réservation des ressources sur la période du coût"
    # The participants are listed, with nothing to pay.
    assert [(line.weight, line.cents) for line in split.lines] == [(0, 0), (0, 0)]


def test_by_quantity_shares_premises_rent_by_area_whatever_the_bookings(make_pole):
    import datetime as dt
    from decimal import Decimal

    from ptce.pooling.cost_sharing import share_cost
    from ptce.pooling.models import CostSharing, Pooling, PoolingCost, PoolingParticipant
    from ptce.registry.models import Organisation

    pole = make_pole("m2")
    pooling = Pooling.objects.create(
        pole=pole, kind="premises", name="Locaux", unit="m2",
        cost_sharing=CostSharing.BY_QUANTITY,
    )  # fmt: skip
    for name, area in (("A", "75"), ("B", "25")):
        PoolingParticipant.objects.create(
            pole=pole, pooling=pooling, quantity=Decimal(area),
            organisation=Organisation.objects.create(pole=pole, name=name),
        )  # fmt: skip
    cost = PoolingCost.objects.create(
        pole=pole, pooling=pooling, label="Loyer", amount=Decimal("1000.01"),
        period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 3, 31),
    )  # fmt: skip
    split = share_cost(cost)
    assert {line.organisation_name: line.cents for line in split.lines} == {
        "A": 75001,  # 100 001 × 0.75 = 75 000.75: the odd cent goes to the larger remainder
        "B": 25000,
    }
    assert not split.reason
