"""The permission matrix's vocabulary and the registry's rows.

Each area keeps its rows in a `matrix_<area>.py` module beside this one; the test merges them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

OK, DENIED, NOT_FOUND = "ok", 403, 404
ROLES = ("coordinator", "member", "funder", "observer")
COORD_ONLY = {"coordinator": OK, "member": DENIED, "funder": DENIED, "observer": DENIED}
EVERY_ROLE = dict.fromkeys(ROLES, OK)
MEMBERS_AND_COORD = {"coordinator": OK, "member": OK, "funder": DENIED, "observer": DENIED}


@dataclass(frozen=True)
class Row:
    expected: dict[str, object] = field(default_factory=dict)
    method: str = "get"
    pole_scoped: bool = True
    # kwargs other than pole_slug, built from the pole's fixture objects
    objects: tuple[str, ...] = ()


ROWS: dict[str, Row] = {
    "my-poles": Row(pole_scoped=False),
    "commune-search": Row(pole_scoped=False),
    "pole-home": Row(EVERY_ROLE),
    "directory": Row(EVERY_ROLE),
    "organisation-create": Row(COORD_ONLY),
    "organisation-detail": Row(EVERY_ROLE, objects=("pk:organisation",)),
    "organisation-edit": Row(COORD_ONLY, objects=("pk:organisation",)),
    "membership-create": Row(COORD_ONLY, objects=("pk:organisation",)),
    "membership-edit": Row(COORD_ONLY, objects=("pk:membership",)),
    "organisation-year": Row(COORD_ONLY, objects=("pk:organisation",)),
    "person-create": Row(COORD_ONLY),
    "person-detail": Row(MEMBERS_AND_COORD, objects=("pk:person",)),
    "person-edit": Row(COORD_ONLY, objects=("pk:person",)),
    "territory": Row(EVERY_ROLE),
    "territory-add": Row(COORD_ONLY, method="post"),
    "territory-remove": Row(COORD_ONLY, method="post"),
    "import-upload": Row(COORD_ONLY),
    "import-template": Row(COORD_ONLY),
    "import-mapping": Row(COORD_ONLY),
    "import-preview": Row(COORD_ONLY),
}
