"""Writes to the registry: validate, save in a transaction, log."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ptce.core.audit import audit_log
from ptce.core.services import pole_row_save
from ptce.poles.models import Pole
from ptce.registry.models import Membership, Organisation, OrganisationYear, Person


def organisation_save(*, actor: Any, pole: Pole, organisation: Organisation) -> Organisation:
    """Create or update a structure of the pole."""
    data = {"name": organisation.name, "siret": organisation.siret}
    return pole_row_save(organisation, actor=actor, pole=pole, data=data)


def person_save(*, actor: Any, pole: Pole, person: Person) -> Person:
    if person.organisation_id and person.organisation.pole_id != pole.pk:
        raise ValidationError({"organisation": _("Cette structure n'appartient pas au pôle.")})
    return pole_row_save(person, actor=actor, pole=pole, data={"name": str(person)})


def membership_save(*, actor: Any, pole: Pole, membership: Membership) -> Membership:
    data = {"organisation": membership.organisation_id, "role": membership.role}
    return pole_row_save(membership, actor=actor, pole=pole, data=data)


def organisation_year_save(
    *,
    actor: Any,
    pole: Pole,
    organisation: Organisation,
    year: int,
    fte: Any,
    turnover_eur: Any,
) -> OrganisationYear:
    """Set one year's figures; a blank figure is stored as unknown (NULL), never as 0."""
    with transaction.atomic():
        row, _created = OrganisationYear.objects.update_or_create(
            pole=pole,
            organisation=organisation,
            year=year,
            defaults={"fte": fte, "turnover_eur": turnover_eur},
        )
        audit_log(
            action="ptce.organisation.year_set",
            actor=actor,
            pole=pole,
            obj=organisation,
            data={"year": year, "fte": str(fte), "turnover_eur": str(turnover_eur)},
        )
    return row
