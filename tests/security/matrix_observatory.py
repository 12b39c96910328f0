"""Permission-matrix rows for the observatory pages (outside any pole)."""

from __future__ import annotations

from typing import Any

from matrix_core import Row

ROWS: dict[str, Row] = {}


def build_objects(pole: Any, objects: dict[str, Any]) -> dict[str, Any]:
    """Objects of `pole` that this area's URLs name in `Row.objects`."""
    return {}
