"""Permission-matrix rows for the dashboards pages (see matrix_core.py for the vocabulary)."""

from __future__ import annotations

from typing import Any

from matrix_core import EVERY_ROLE, MEMBERS_AND_COORD, Row

ROWS: dict[str, Row] = {
    # Aggregates only, never a person's name: every role, funders and observers included.
    "dashboard-mobilisation": Row(EVERY_ROLE),
    "dashboard-execution": Row(EVERY_ROLE),
    # Names who carries late actions: the people taking part in the pole's life only.
    "attention-list": Row(MEMBERS_AND_COORD),
}


def build_objects(pole: Any, objects: dict[str, Any]) -> dict[str, Any]:
    """Objects of `pole` that this area's URLs name in `Row.objects` (e.g. "pk:meeting")."""
    return {}
