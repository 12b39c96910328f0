"""Permission-matrix rows for the observatory pages (outside any pole).

Observers (of any pole) and staff see them; coordinators, members and funders get 403, since
the pages compare poles other than theirs; anonymous visitors are sent to the login page. What
an observer sees (consenting poles only, never a person) is tested in tests/observatory.
"""

from __future__ import annotations

from typing import Any

from matrix_core import DENIED, OK, Row

OBSERVERS_ONLY = {"coordinator": DENIED, "member": DENIED, "funder": DENIED, "observer": OK}

ROWS: dict[str, Row] = {
    "observatory-typology-paper": Row(OBSERVERS_ONLY, pole_scoped=False),
    "observatory-compare": Row(OBSERVERS_ONLY, pole_scoped=False),
    "observatory-typology": Row(OBSERVERS_ONLY, pole_scoped=False),
    "observatory-map": Row(OBSERVERS_ONLY, pole_scoped=False),
    "observatory-map-pdf": Row(OBSERVERS_ONLY, pole_scoped=False),
}


def build_objects(pole: Any, objects: dict[str, Any]) -> dict[str, Any]:
    """Objects of `pole` that this area's URLs name in `Row.objects`: none, the pages are
    about all the poles that share with the observatory."""
    return {}
