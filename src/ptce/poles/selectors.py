from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet, Sum

from ptce.poles.models import Pole, RoleAssignment
from ptce.registry.selectors import member_organisations
from ptce.territory.models import Commune
from ptce_analytics.registry import MembershipFigures, membership_figures


def roles_of(user) -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.filter(user=user).select_related("pole").order_by("pole__name")


@dataclass(frozen=True)
class TerritoryFigures:
    communes: int
    epcis: int
    departements: list[str]
    population: int | None  # None when no commune is set: unknown, not zero


def territory_figures(pole: Pole) -> TerritoryFigures:
    communes = Commune.objects.filter(poles=pole)
    totals = communes.aggregate(
        n=Count("pk"), epcis=Count("epci", distinct=True), population=Sum("population")
    )
    departements = sorted(set(communes.values_list("departement_id", flat=True)))
    return TerritoryFigures(
        communes=totals["n"],
        epcis=totals["epcis"],
        departements=departements,
        population=totals["population"] if totals["n"] else None,
    )


def pole_membership_figures() -> MembershipFigures:
    """Key membership figures of the pole in scope."""
    rows = member_organisations().values_list("actor_family", "is_ess")
    return membership_figures(rows)
