"""Permission-matrix rows for the network and governance pages (see matrix_core.py).

Every role sees the cooperation graph, its data and exports, and the governance page: funders
and observers get structures and aggregates (people stay out of what they see, which
tests/network checks), coordinators and members may add people.
"""

from __future__ import annotations

from typing import Any

from matrix_core import EVERY_ROLE, Row

ROWS: dict[str, Row] = {
    "network-graph": Row(EVERY_ROLE),
    "network-data": Row(EVERY_ROLE),
    "network-gexf": Row(EVERY_ROLE),
    "network-graphml": Row(EVERY_ROLE),
    "governance": Row(EVERY_ROLE),
}


def build_objects(pole: Any, objects: dict[str, Any]) -> dict[str, Any]:
    """Objects of `pole` that this area's URLs name in `Row.objects`: none, the pages are
    about the whole pole."""
    return {}
