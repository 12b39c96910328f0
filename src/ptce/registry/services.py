"""Writes to the registry: validate, save in a transaction, log."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ptce.core.audit import audit_log
from ptce.core.exceptions import PtceError
from ptce.poles.models import Pole
from ptce.registry.models import Organisation, Person


def _save(obj: Any, *, actor: Any, pole: Pole, action: str, data: dict[str, Any]) -> Any:
    obj.pole = pole
    obj.full_clean()
    try:
        with transaction.atomic():
            obj.save()
            audit_log(action=action, actor=actor, pole=pole, obj=obj, data=data)
    except IntegrityError as exc:
        raise PtceError(
            _("Une structure de ce pôle porte déjà ce SIRET, ce SIREN ou ce numéro RNA.")
        ) from exc
    return obj


def organisation_save(*, actor: Any, pole: Pole, organisation: Organisation) -> Organisation:
    """Create or update a structure of the pole."""
    created = organisation.pk is None
    return _save(
        organisation, actor=actor, pole=pole,
        action="ptce.organisation.created" if created else "ptce.organisation.changed",
        data={"name": organisation.name, "siret": organisation.siret},
    )


def person_save(*, actor: Any, pole: Pole, person: Person) -> Person:
    if person.organisation_id and person.organisation.pole_id != pole.pk:
        raise ValidationError({"organisation": _("Cette structure n'appartient pas au pôle.")})
    created = person.pk is None
    return _save(
        person, actor=actor, pole=pole,
        action="ptce.person.created" if created else "ptce.person.changed",
        data={"name": str(person)},
    )
