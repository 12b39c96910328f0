"""Writes of the economic model: funding lines, volunteer time and rates, contributions in kind.

Every write is validated, atomic and audited (`pole_row_save`, or `audit_log` inside a
transaction for deletes and rates). Refusals raise `ValidationError` keyed by field, with a
French message that names the field, so the form shows it where the user typed.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ptce.core.audit import audit_log
from ptce.core.exceptions import PtceError
from ptce.core.services import pole_row_save
from ptce.economics.models import (
    FundingLine,
    InKindContribution,
    SourceKind,
    VolunteerRate,
    VolunteerTime,
)
from ptce_analytics.economics import PUBLIC_KINDS

# Money that someone gives: a line of these kinds must say who gives it (a stress scenario
# "this grant ends" needs to know whose grant it is).
FUNDER_REQUIRED_KINDS = frozenset(
    {*PUBLIC_KINDS, SourceKind.PRIVATE_FOUNDATION, SourceKind.PRIVATE_COMPANY}
)


def _day(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def funding_line_errors(
    *,
    source_kind: str | None,
    funder: Any,
    funder_name: str,
    agreement_start: dt.date | None,
    agreement_end: dt.date | None,
) -> dict[str, str]:
    """field → French message for what a funding line may not be; empty when it is fine."""
    errors: dict[str, str] = {}
    name = (funder_name or "").strip()
    if source_kind in FUNDER_REQUIRED_KINDS and funder is None and not name:
        errors["funder"] = _(
            "Indiquez le financeur : choisissez une structure de l'annuaire ou écrivez son "
            "nom dans « Financeur »."
        )
    if funder is not None and name:
        errors["funder_name"] = _(
            "Financeur : choisissez une structure de l'annuaire ou écrivez un nom, pas les deux."
        )
    if agreement_start and agreement_end and agreement_end < agreement_start:
        errors["agreement_end"] = _(
            "Convention : fin — le %(end)s précède le début de la convention (%(start)s)."
        ) % {"end": _day(agreement_end), "start": _day(agreement_start)}
    return errors


def _same_pole(pole: Any, **related: Any) -> None:
    """A related row from another pole is refused (a forged form must not link across poles)."""
    for field, obj in related.items():
        if obj is not None and obj.pole_id != pole.pk:
            raise PtceError(_("Cet élément n'appartient pas au pôle."), field=field)


def funding_line_save(*, actor: Any, pole: Any, line: FundingLine) -> FundingLine:
    errors = funding_line_errors(
        source_kind=line.source_kind,
        funder=line.funder if line.funder_id else None,
        funder_name=line.funder_name,
        agreement_start=line.agreement_start,
        agreement_end=line.agreement_end,
    )
    if errors:
        raise ValidationError(errors)
    _same_pole(
        pole,
        funder=line.funder if line.funder_id else None,
        project=line.project if line.project_id else None,
    )
    line.funder_name = line.funder_name.strip()
    return pole_row_save(
        line,
        actor=actor,
        pole=pole,
        data={
            "year": line.year,
            "source_kind": line.source_kind,
            "section": line.section,
            "amount": str(line.amount),
            "funder_id": line.funder_id,
            "funder_name": line.funder_name,
        },
    )


def _delete(*, actor: Any, pole: Any, obj: Any, data: dict[str, Any]) -> None:
    if obj.pole_id != pole.pk:
        raise PtceError(_("Cet élément n'appartient pas au pôle."))
    with transaction.atomic():
        audit_log(
            action=f"ptce.{obj._meta.model_name}.deleted",
            actor=actor,
            pole=pole,
            obj=obj,
            data={"id": obj.pk, **data},
        )
        obj.delete()


def funding_line_delete(*, actor: Any, pole: Any, line: FundingLine) -> None:
    _delete(
        actor=actor,
        pole=pole,
        obj=line,
        data={"year": line.year, "source_kind": line.source_kind, "amount": str(line.amount)},
    )


def volunteer_time_save(*, actor: Any, pole: Any, entry: VolunteerTime) -> VolunteerTime:
    _same_pole(
        pole,
        person=entry.person if entry.person_id else None,
        organisation=entry.organisation if entry.organisation_id else None,
    )
    return pole_row_save(
        entry,
        actor=actor,
        pole=pole,
        data={"year": entry.year, "activity": entry.activity, "hours": str(entry.hours)},
    )


def volunteer_time_delete(*, actor: Any, pole: Any, entry: VolunteerTime) -> None:
    _delete(
        actor=actor,
        pole=pole,
        obj=entry,
        data={"year": entry.year, "activity": entry.activity, "hours": str(entry.hours)},
    )


def volunteer_rate_set(
    *, actor: Any, pole: Any, year: int, hourly_rate: Decimal, basis: str
) -> VolunteerRate:
    """Set (or change) the hourly rate the pole values `year`'s volunteering at."""
    basis = basis.strip()
    if hourly_rate is None or hourly_rate <= 0:
        raise ValidationError(
            {"hourly_rate": _("Taux horaire : indiquez un montant supérieur à 0 €.")}
        )
    if not basis:
        raise ValidationError(
            {"basis": _("Base du taux : dites d'où vient ce taux (SMIC chargé, grille, …).")}
        )
    with transaction.atomic():
        rate = VolunteerRate.objects.filter(pole=pole, year=year).select_for_update().first()
        created = rate is None
        if created:
            rate = VolunteerRate(pole=pole, year=year)
        previous = None if created else str(rate.hourly_rate)
        rate.hourly_rate = hourly_rate
        rate.basis = basis
        rate.full_clean()
        rate.save()
        audit_log(
            action=f"ptce.volunteerrate.{'created' if created else 'changed'}",
            actor=actor,
            pole=pole,
            obj=rate,
            data={
                "year": year,
                "hourly_rate": str(hourly_rate),
                "previous": previous,
                "basis": basis,
            },
        )
    return rate


def in_kind_save(*, actor: Any, pole: Any, contribution: InKindContribution) -> InKindContribution:
    _same_pole(pole, provider=contribution.provider if contribution.provider_id else None)
    contribution.provider_name = contribution.provider_name.strip()
    return pole_row_save(
        contribution,
        actor=actor,
        pole=pole,
        data={
            "year": contribution.year,
            "kind": contribution.kind,
            "value": str(contribution.value),
        },
    )


def in_kind_delete(*, actor: Any, pole: Any, contribution: InKindContribution) -> None:
    _delete(
        actor=actor,
        pole=pole,
        obj=contribution,
        data={
            "year": contribution.year,
            "kind": contribution.kind,
            "value": str(contribution.value),
        },
    )
