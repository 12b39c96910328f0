"""The cheap reads behind the measured indicators (`ptce.evaluation.measures`).

Callers run inside the pole's scope; every query also filters on the pole it is given. Each
function runs one query whatever the size of the pole (`values_list` rows, related columns
joined in SQL), so that measuring every indicator costs a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import NamedTuple

from django.db.models import F, Q, Sum
from django.db.models.functions import Coalesce

from ptce.meetings.models import Attendance, AttendanceStatus
from ptce.poles.models import Pole
from ptce.pooling.models import FULL_TIME_MONTHLY_HOURS, SharedEmployee
from ptce.registry.models import Organisation, OrganisationYear
from ptce.registry.selectors import active_memberships

__all__ = [
    "OrganisationRow",
    "YearRow",
    "member_charters",
    "member_years",
    "organisations",
    "present_structures",
    "shared_employment_fte",
    "territory_codes",
]


class OrganisationRow(NamedTuple):
    pk: int
    name_key: str
    legal_category: str
    actor_family: str
    naf_code: str
    commune_id: str | None


class YearRow(NamedTuple):
    organisation_id: int
    year: int
    fte: Decimal | None
    turnover_eur: Decimal | None


def organisations(pole: Pole) -> dict[int, OrganisationRow]:
    """Every structure of the pole's registry, by id: members, partners and funders alike."""
    rows = (
        Organisation.objects.filter(pole=pole)
        .order_by("pk")
        .values_list("pk", "name_key", "legal_category", "actor_family", "naf_code", "commune_id")
    )
    return {row[0]: OrganisationRow(*row) for row in rows}


def member_charters(pole: Pole, *, on: dt.date) -> dict[int, list[dt.date]]:
    """The member structures on `on` (every role, partners included), each with the dates it
    signed the charter on in its running memberships (an empty list when it did not)."""
    rows = (
        active_memberships(on=on)
        .filter(pole=pole)
        .order_by("organisation_id", "pk")
        .values_list("organisation_id", "charter_signed_on")
    )
    members: dict[int, list[dt.date]] = {}
    for organisation_id, signed_on in rows:
        dates = members.setdefault(organisation_id, [])
        if signed_on is not None:
            dates.append(signed_on)
    return members


def member_years(pole: Pole, *, on: dt.date) -> list[YearRow]:
    """The yearly figures, up to `on`'s year, of the structures that are members on `on`."""
    members = active_memberships(on=on).filter(pole=pole).values("organisation_id")
    rows = (
        OrganisationYear.objects.filter(pole=pole, organisation_id__in=members, year__lte=on.year)
        .order_by("organisation_id", "year")
        .values_list("organisation_id", "year", "fte", "turnover_eur")
    )
    return [YearRow(*row) for row in rows]


def territory_codes(pole: Pole) -> frozenset[str]:
    """The INSEE codes of the communes making up the pole's territory."""
    return frozenset(pole.communes.values_list("code", flat=True))


def shared_employment_fte(pole: Pole, *, on: dt.date) -> Decimal:
    """FTE of the shared employees under contract on `on`: their contract hours summed, over
    the legal full time (151.67 hours a month); 0 when nobody is."""
    hours = (
        SharedEmployee.objects.filter(pole=pole, started_on__lte=on)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on))
        .aggregate(total=Sum("monthly_hours"))["total"]
    )
    return (hours or Decimal(0)) / FULL_TIME_MONTHLY_HOURS


def present_structures(pole: Pole, *, start: dt.date, end: dt.date) -> set[int]:
    """Structures represented by someone present at a meeting held between `start` and `end`
    (the structure recorded that day, else the person's own)."""
    rows = (
        Attendance.objects.filter(
            pole=pole, status=AttendanceStatus.PRESENT, meeting__date__range=(start, end)
        )
        .annotate(represented=Coalesce(F("organisation_id"), F("person__organisation_id")))
        .filter(represented__isnull=False)
        .order_by()
        .values_list("represented", flat=True)
        .distinct()
    )
    return set(rows)
