"""A small pole with a hand-computed economic model (see `eco_pole` for the arithmetic)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from ptce.economics.models import (
    FundingLine,
    InKindContribution,
    VolunteerRate,
    VolunteerTime,
)
from ptce.registry.models import Membership, Organisation, Person

D = Decimal


@pytest.fixture
def eco_pole(make_pole):
    """Two years of resources, volunteering and contributions in kind.

    2024 (operating, loans excluded), budget = 100 000 €:
      dues  Atelier A (structure)            10 000
      dues  Bureau B (structure)              5 000
      grant_region "Région Occitanie"        40 000  agreement 01/01/2023–31/12/2025 (36 months)
      grant_epci   Communauté (structure)    20 000  agreement 01/01/2024–31/12/2024 (12 months)
      own_revenue  (no funder)               25 000
    apart: loan "Banque coopérative" 30 000 (operating), grant_state "État" 15 000 (investment).
      public share   = 60 000 / 100 000 = 60 %
      own share      = (15 000 + 25 000) / 100 000 = 40 %
      diversification = 1 − (0.1² + 0.05² + 0.4² + 0.2² + 0.25²) = 1 − 0.275 = 0.725
      multi-year public = 40 000 / 60 000 = 66.7 % (the EPCI's one-year agreement is not)
      volunteering: 100 h + 50 h = 150 h × 20 €/h = 3 000 €, share 3 000 / 103 000 = 2.9 %
      in kind: premises 6 000 (861/871) + goods 1 000 (860/870) + services 2 000 (862/871)
               = 9 000 €
    2023: dues Atelier A 8 000 + grant_region 32 000 = 40 000 € (public 80 %, own 20 %);
          40 h of volunteering and no rate: not valued.
    """
    pole = make_pole("eco", "Pôle Éco")
    a = Organisation.objects.create(pole=pole, name="Atelier A")
    b = Organisation.objects.create(pole=pole, name="Bureau B")
    epci = Organisation.objects.create(pole=pole, name="Communauté de communes")
    for org in (a, b):
        Membership.objects.create(pole=pole, organisation=org)
    camille = Person.objects.create(
        pole=pole,
        first_name="Camille",
        last_name="Bénévole",
        organisation=a,
        consent_directory=True,
    )
    dominique = Person.objects.create(
        pole=pole,
        first_name="Dominique",
        last_name="Discrète",
        organisation=b,
        consent_directory=False,
    )

    def line(year, kind, amount, label, **fields):
        return FundingLine.objects.create(
            pole=pole, year=year, source_kind=kind, amount=D(amount), label=label, **fields
        )

    lines = SimpleNamespace(
        dues_a=line(2024, "dues", "10000", "Cotisation A", funder=a),
        dues_b=line(2024, "dues", "5000", "Cotisation B", funder=b),
        region=line(
            2024, "grant_region", "40000", "Subvention Région",
            funder_name="Région Occitanie",
            agreement_start=dt.date(2023, 1, 1), agreement_end=dt.date(2025, 12, 31),
        ),
        epci=line(
            2024, "grant_epci", "20000", "Subvention EPCI", funder=epci,
            agreement_start=dt.date(2024, 1, 1), agreement_end=dt.date(2024, 12, 31),
        ),
        own=line(2024, "own_revenue", "25000", "Prestations"),
        loan=line(2024, "loan", "30000", "Prêt", funder_name="Banque coopérative"),
        investment=line(
            2024, "grant_state", "15000", "Équipement", funder_name="État", section="investment"
        ),
        dues_a_2023=line(2023, "dues", "8000", "Cotisation A", funder=a),
        region_2023=line(
            2023, "grant_region", "32000", "Subvention Région",
            funder_name="Région Occitanie",
            agreement_start=dt.date(2023, 1, 1), agreement_end=dt.date(2025, 12, 31),
        ),
    )  # fmt: skip
    VolunteerRate.objects.create(pole=pole, year=2024, hourly_rate=D("20"), basis="Convention")
    VolunteerTime.objects.create(
        pole=pole, year=2024, activity="governance", hours=D("100"), person=camille
    )
    VolunteerTime.objects.create(
        pole=pole, year=2024, activity="events", hours=D("50"), person=dominique,
        note="Tenue du stand de Dominique",
    )  # fmt: skip
    VolunteerTime.objects.create(pole=pole, year=2023, activity="governance", hours=D("40"))
    for kind, value, description in (
        ("premises", "6000", "Salle prêtée"),
        ("goods", "1000", "Mobilier donné"),
        ("services", "2000", "Comptabilité offerte"),
    ):
        InKindContribution.objects.create(
            pole=pole, year=2024, kind=kind, value=D(value), description=description,
            provider=a if kind == "premises" else None,
            provider_name="Jean Particulier" if kind == "goods" else "",
        )  # fmt: skip
    return SimpleNamespace(
        pole=pole, a=a, b=b, epci=epci, camille=camille, dominique=dominique, lines=lines
    )


@pytest.fixture
def login(client, make_user):
    """Log a user in with `role` on `pole`; returns the client."""

    def log(pole, role="coordinator", username=None):
        client.force_login(make_user(username or f"u-{role}", pole=pole, role=role))
        return client

    return log
