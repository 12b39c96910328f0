"""The economy of the generated poles, for `ptce generate`: poolings and their participants and
costs, employer groups with twelve months of allocations, rooms and equipment with their
bookings, cooperative projects and partners, five years of funding lines (member dues one by
one), volunteering and contributions in kind.

It uses the demo's builder (`economy.PoleEconomy`) on fixed dates, like the rest of the
generated data: budgets 2020-2024, allocations January to December 2024, bookings from June to
December 2024. Each pole's draws come from a generator seeded with (seed, pole number) alone,
so the registry and the cooperative life are the same with or without it. Everything is
synthetic. Rows are written with `bulk_create` once per batch of poles (about 500 rows a pole).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from ptce.demo.economy import (
    MEMBER_FIELDS,
    EconomyCounts,
    Member,
    PoleEconomy,
    PoleFacts,
    PremisesSpec,
    Rows,
    member_from_values,
    month_starts,
    workdays,
)
from ptce.demo.generate_life import PoleSeed
from ptce.demo.synthetic import EMPLOYER_GROUP
from ptce.poles.models import Pole
from ptce.registry.models import Membership

BUDGET_YEARS = (2020, 2021, 2022, 2023, 2024)
ALLOCATION_MONTHS = month_starts(dt.date(2024, 12, 1), 12)
# The generated world's "today": bookings after it are the upcoming ones.
GENERATED_TODAY = dt.date(2024, 11, 4)
BOOKING_DAYS = workdays(dt.date(2024, 6, 3), dt.date(2024, 12, 20))
ROWS_PER_INSERT = 2000
# Dues below this are summed into one line, as the accounts of poles of 50+ members do.
LUMP_DUES_BELOW = Decimal(150)

_ROOMS = (
    ("Grande salle", "room", 40, 80), ("Salle de réunion", "room", 16, 35),
    ("Salle de formation", "room", 20, 45), ("Atelier de fabrication", "workshop", 10, 90),
    ("Bureau nomade", "office", 2, 12), ("Cuisine pédagogique", "workshop", 12, 40),
)


def create_economy(poles: Sequence[PoleSeed], *, seed: int) -> EconomyCounts:
    """Write the economy of `poles` (just created, in this transaction)."""
    if not poles:
        return EconomyCounts()
    pole_ids = [p.pole_id for p in poles]
    members: dict[int, list[Member]] = defaultdict(list)
    for row in (Membership.objects.filter(pole_id__in=pole_ids)
                .order_by("pole_id", "organisation_id").values_list(*MEMBER_FIELDS)):
        members[row[0]].append(member_from_values(row))
    showcase = dict(Pole.objects.filter(pk__in=pole_ids).values_list("pk", "showcase_place"))
    places = _places(pole_ids)
    rows = Rows()
    for pole in poles:
        rng = random.Random(f"ptce-generate-economy:{seed}:{pole.index}")
        region, departement = places.get(pole.pole_id, (None, None))
        pole_members = members[pole.pole_id]
        if not pole_members:
            continue
        facts = PoleFacts(
            pole_id=pole.pole_id, members=pole_members, years=BUDGET_YEARS,
            months=ALLOCATION_MONTHS, booking_days=BOOKING_DAYS, today=GENERATED_TODAY,
            budget_eur=60_000 + 2_500 * len(pole_members) + rng.randint(0, 40) * 1000,
            employer_group=any(m.legal_category == EMPLOYER_GROUP for m in pole_members),
            showcase_place=showcase.get(pole.pole_id),
            region=f"Région {region}" if region else None,
            departement=f"Conseil départemental ({departement})" if departement else None,
        )
        _pole(PoleEconomy(rows, rng, facts))
    return rows.flush(batch_size=ROWS_PER_INSERT)


def _places(pole_ids: Sequence[int]) -> dict[int, tuple[str, str]]:
    """Pole → (region, département) of the first commune of its territory."""
    through = Pole.communes.through
    places: dict[int, tuple[str, str]] = {}
    for pole_id, departement, region in (
        through.objects.filter(pole_id__in=list(pole_ids)).order_by("pole_id", "commune_id")
        .values_list("pole_id", "commune__departement__name",
                     "commune__departement__region__name")
    ):
        places.setdefault(pole_id, (region, departement))
    return places


def _pole(economy: PoleEconomy) -> None:
    rng, facts = economy.rng, economy.facts
    organisations = [m.organisation_id for m in facts.enterprises]
    if facts.showcase_place:
        premises = economy.premises(PremisesSpec(
            name="Locaux partagés du pôle", area_m2=rng.randint(6, 30) * 50,
            opened_on=dt.date(rng.randint(2008, 2019), rng.randint(1, 12), rng.randint(1, 28)),
            tenants=rng.randint(5, 14),
        ))
        for room in economy.rooms(premises, rng.sample(_ROOMS, rng.randint(2, 4))):
            economy.bookings(room, rng.randint(15, 30), organisations=organisations,
                             future=rng.randint(2, 6))
    if facts.employer_group:
        carrier = next(m for m in facts.members if m.legal_category == EMPLOYER_GROUP)
        economy.employer_group(carrier_id=carrier.organisation_id, name=carrier.name)
    for pooling in economy.other_poolings(rng.randint(2, 4)):
        for resource in economy.equipment(pooling):
            economy.bookings(resource, rng.randint(5, 15), organisations=organisations,
                             future=rng.randint(0, 3))
    economy.cooperative_projects(rng.randint(4, 10))
    economy.dues(lump_below=LUMP_DUES_BELOW)
    economy.rent_lines(rng.randint(80, 160))
    economy.grants(economy.drawn_grants())
    # One pole in five never set a volunteering rate for its first years: value unknown.
    economy.volunteering(rate_years=BUDGET_YEARS[2:] if rng.random() < 0.2 else None)
    economy.in_kind()
