"""Writes to a pole's territory: the communes it covers (`Pole.communes`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet

from ptce.core.audit import audit_log
from ptce.poles.models import Pole
from ptce.territory.models import Commune, Departement, Epci

BATCH_SIZE = 500


def _selection(
    communes: Iterable[Commune | str], epci: Epci | None, departement: Departement | None
) -> QuerySet[Commune]:
    """The communes picked one by one, plus every commune of the EPCI and the département."""
    codes = [c.pk if isinstance(c, Commune) else c for c in communes]
    picked = Q(pk__in=codes) if codes else Q(pk__in=[])
    if epci is not None:
        picked |= Q(epci=epci)
    if departement is not None:
        picked |= Q(departement=departement)
    return Commune.objects.filter(picked)


def _audit_data(
    operation: str, count: int, communes: Iterable[Commune | str], epci: Epci | None,
    departement: Departement | None,
) -> dict[str, Any]:
    # The request, not the expanded list: a département alone can be hundreds of communes.
    return {
        "operation": operation,
        "count": count,
        "communes": sorted(c.pk if isinstance(c, Commune) else c for c in communes),
        "epci": epci.pk if epci is not None else None,
        "departement": departement.pk if departement is not None else None,
    }


def pole_territory_add(
    *, actor: Any, pole: Pole, communes: Iterable[Commune | str] = (), epci: Epci | None = None,
    departement: Departement | None = None,
) -> int:
    """Add the selected communes to the pole's territory; return how many were new."""
    communes = list(communes)
    with transaction.atomic():
        # One subquery, no list of ids in Python: a département can exceed SQLite's parameter cap.
        new_codes = list(
            _selection(communes, epci, departement).exclude(poles=pole)
            .values_list("pk", flat=True)
        )
        through = Pole.communes.through
        through.objects.bulk_create(
            [through(pole_id=pole.pk, commune_id=code) for code in new_codes],
            batch_size=BATCH_SIZE, ignore_conflicts=True,
        )
        audit_log(
            action="ptce.territory.changed", actor=actor, pole=pole, obj=pole,
            data=_audit_data("add", len(new_codes), communes, epci, departement),
        )
    return len(new_codes)


def pole_territory_remove(
    *, actor: Any, pole: Pole, communes: Iterable[Commune | str] = (), epci: Epci | None = None,
    departement: Departement | None = None,
) -> int:
    """Remove the selected communes from the pole's territory; return how many were removed."""
    communes = list(communes)
    with transaction.atomic():
        removed, _ = Pole.communes.through.objects.filter(
            pole_id=pole.pk, commune__in=_selection(communes, epci, departement)
        ).delete()
        audit_log(
            action="ptce.territory.changed", actor=actor, pole=pole, obj=pole,
            data=_audit_data("remove", removed, communes, epci, departement),
        )
    return removed
