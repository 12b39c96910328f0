"""The one way a pole-owned row is written: validated, saved in a transaction, logged."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ptce.core.audit import audit_log
from ptce.core.exceptions import PtceError


def pole_row_save(obj: Any, *, actor: Any, pole: Any, data: dict[str, Any]) -> Any:
    """Validate and save `obj` in `pole`, logging `ptce.<model>.created` or `.changed`."""
    action = f"ptce.{obj._meta.model_name}.{'created' if obj.pk is None else 'changed'}"
    obj.pole = pole
    obj.full_clean()
    try:
        with transaction.atomic():
            obj.save()
            audit_log(action=action, actor=actor, pole=pole, obj=obj, data=data)
    except IntegrityError as exc:
        # full_clean() checks the constraints first; this only fires on a concurrent write.
        raise PtceError(
            _("Cet enregistrement entre en conflit avec une donnée existante.")
        ) from exc
    return obj
