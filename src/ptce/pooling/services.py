"""Writes to the pole's poolings, their participants and their costs: checked, atomic, logged.

Every function takes the pole explicitly and refuses a row of another pole, so a wrong id can
never cross poles even if a caller forgot to scope its lookups.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ptce.core.audit import audit_log
from ptce.core.services import pole_row_save
from ptce.poles.models import Pole
from ptce.pooling.models import Pooling, PoolingCost, PoolingParticipant


def _check_pole(obj: Any, pole: Pole, field: str) -> None:
    if obj is not None and obj.pole_id != pole.pk:
        raise ValidationError({field: _("Cet élément n'appartient pas au pôle.")})


def pooling_save(*, actor: Any, pole: Pole, pooling: Pooling) -> Pooling:
    _check_pole(pooling.carrier, pole, "carrier")
    data = {"name": pooling.name, "kind": pooling.kind, "cost_sharing": pooling.cost_sharing}
    return pole_row_save(pooling, actor=actor, pole=pole, data=data)


def participant_save(*, actor: Any, pole: Pole, participant: PoolingParticipant) -> Any:
    _check_pole(participant.pooling, pole, "pooling")
    _check_pole(participant.organisation, pole, "organisation")
    joined, left = participant.joined_on, participant.left_on
    if joined and left and left < joined:
        raise ValidationError({"left_on": _("La sortie précède l'entrée.")})
    data = {
        "pooling": participant.pooling_id,
        "organisation": participant.organisation_id,
        "quantity": None if participant.quantity is None else str(participant.quantity),
        "share_key": None if participant.share_key is None else str(participant.share_key),
    }
    return pole_row_save(participant, actor=actor, pole=pole, data=data)


def participant_remove(*, actor: Any, pole: Pole, participant: PoolingParticipant) -> None:
    _check_pole(participant, pole, "participant")
    data = {"pooling": participant.pooling_id, "organisation": participant.organisation_id}
    with transaction.atomic():
        audit_log(
            action="ptce.poolingparticipant.deleted",
            actor=actor,
            pole=pole,
            obj=participant,
            data=data,
        )
        participant.delete()


def cost_save(*, actor: Any, pole: Pole, cost: PoolingCost) -> PoolingCost:
    _check_pole(cost.pooling, pole, "pooling")
    data = {
        "pooling": cost.pooling_id,
        "label": cost.label,
        "amount": str(cost.amount),
        "period": [cost.period_start.isoformat(), cost.period_end.isoformat()],
    }
    return pole_row_save(cost, actor=actor, pole=pole, data=data)


def cost_delete(*, actor: Any, pole: Pole, cost: PoolingCost) -> None:
    _check_pole(cost, pole, "cost")
    data = {"pooling": cost.pooling_id, "label": cost.label, "amount": str(cost.amount)}
    with transaction.atomic():
        audit_log(action="ptce.poolingcost.deleted", actor=actor, pole=pole, obj=cost, data=data)
        cost.delete()
