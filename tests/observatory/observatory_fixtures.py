"""Poles for the observatory's tests: two that share with the observatory, one that does not.

Each pole gets member structures in real communes (the official geography the data migration
loads), and a person whose name must never appear on an observatory page or in an export.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ptce.economics.models import FundingLine
from ptce.poles.models import CallAward, CallKind, Pole
from ptce.pooling.models import Pooling, PoolingKind
from ptce.registry.models import Membership, Organisation, Person
from ptce.territory.models import Commune

# A name no page may show: observers never see people.
SECRET_PERSON = ("Hortense", "Confidentielle")
ASSOCIATION, COMMUNE_BODY = "9220", "7210"


def add_members(pole: Pole, specs: list[tuple[str, str, str | None]]) -> list[Organisation]:
    """(name, legal category, commune code or None) → member structures of `pole`."""
    organisations = []
    for name, category, code in specs:
        organisation = Organisation.objects.create(
            pole=pole, name=name, legal_category=category,
            commune=Commune.objects.get(code=code) if code else None,
        )
        Membership.objects.create(pole=pole, organisation=organisation)
        organisations.append(organisation)
    return organisations


def add_person(pole: Pole, organisation: Organisation) -> Person:
    return Person.objects.create(
        pole=pole, first_name=SECRET_PERSON[0], last_name=SECRET_PERSON[1],
        organisation=organisation, consent_directory=True, email="hortense@example.org",
    )


def make_observatory_poles(make_pole: Any) -> dict[str, Pole]:
    """`landes`: shares, Tarnos (40), 3 members (2 in the Landes, 1 without commune), a 2013
    laureate with an employer group. `vilaine`: shares, seat Béganne (56) in an
    intercommunality mostly in Ille-et-Vilaine (35), 2 members in 35. `discret`: does not share.
    """
    landes = make_pole(
        "pole-landes", name="Pôle des Landes", shares_with_observatory=True, town="Tarnos",
        territory_type="deindustrialised", activity_family="services_engineering",
        origin="employment_basin_committee", legal_form="association", grouping_since=1993,
        showcase_place=True,
    )
    landes.communes.set(Commune.objects.filter(code__in=["40312", "40065"]))
    CallAward.objects.create(pole=landes, call=CallKind.STATE_2013, year=2013)
    members = add_members(landes, [
        ("Atelier des Dunes", ASSOCIATION, "40312"),
        ("Commune de Tarnos", COMMUNE_BODY, "40312"),
        ("Coopérative sans adresse", ASSOCIATION, None),
    ])
    add_person(landes, members[0])
    Pooling.objects.create(pole=landes, kind=PoolingKind.EMPLOYER_GROUP, name="GE des Dunes")
    FundingLine.objects.create(
        pole=landes, year=dt.date.today().year - 1, source_kind="grant_region",
        label="Subvention régionale", amount=Decimal("30000"),
    )
    FundingLine.objects.create(
        pole=landes, year=dt.date.today().year - 1, source_kind="dues",
        label="Cotisations", amount=Decimal("10000"),
    )

    vilaine = make_pole(
        "pole-vilaine", name="Pôle de Vilaine", shares_with_observatory=True, town="Béganne",
        territory_type="rural", activity_family="production", origin="citizen_associative",
    )
    redon = Commune.objects.get(code="56011").epci_id
    vilaine.communes.set(Commune.objects.filter(epci_id=redon))
    vilaine_members = add_members(vilaine, [
        ("Éoliennes citoyennes", ASSOCIATION, "35236"),
        ("Ferme du Don", ASSOCIATION, "35236"),
    ])
    add_person(vilaine, vilaine_members[0])

    discret = make_pole(
        "pole-discret", name="Pôle Discret", town="Lille", territory_type="urban_priority_district",
    )
    discret.communes.set(Commune.objects.filter(code="59350"))
    add_members(discret, [("Structure discrète", ASSOCIATION, "59350")])
    return {"landes": landes, "vilaine": vilaine, "discret": discret}


def make_documented_poles(*, share: bool = True) -> dict[str, Pole]:
    """The 13 poles of the packaged data (12 témoins + Le Périscope), as `ptce demo` makes
    them but without its synthetic life: facts, 2013 awards, an employer group where the paper
    names one, and as many member structures as published (20 when unknown, as the demo)."""
    from ptce.demo.services import DEFAULT_MEMBER_COUNT, pole_fields, pole_records

    poles = {}
    for record in pole_records():
        fields = {**pole_fields(record), "shares_with_observatory": share}
        pole = Pole.objects.create(slug=record["slug"], **fields)
        if record.get("laureate_2013") is True:
            CallAward.objects.create(pole=pole, call=CallKind.STATE_2013, year=2013)
        if record.get("employer_group") is True:
            Pooling.objects.create(pole=pole, kind=PoolingKind.EMPLOYER_GROUP, name="GE")
        count = record.get("member_structures") or DEFAULT_MEMBER_COUNT
        organisations = Organisation.objects.bulk_create([
            Organisation(pole=pole, name=f"Structure {i}", name_key=f"structure {i}",
                         is_synthetic=True)
            for i in range(count)
        ])
        Membership.objects.bulk_create([
            Membership(pole=pole, organisation=o, is_synthetic=True) for o in organisations
        ])
        poles[record["slug"]] = pole
    return poles
