from __future__ import annotations

from typing import Any

from ptce.core.models import AuditEntry


def audit_log(
    *,
    action: str,
    actor: Any = None,
    pole: Any = None,
    obj: Any = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Record a write. `action` is a dotted id such as `ptce.organisation.created`."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        actor=user,
        pole=pole,
        action=action,
        object_repr=str(obj)[:200] if obj is not None else "",
        data=data or {},
    )
