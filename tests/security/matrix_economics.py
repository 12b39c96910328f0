"""Permission-matrix rows for the economics pages (see matrix_core.py for the vocabulary).

Every role sees the economic model (financial transparency); only the coordination enters,
changes and deletes its data, and sets the volunteering rate.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from matrix_core import COORD_ONLY, EVERY_ROLE, Row

from ptce.economics.models import FundingLine, InKindContribution, VolunteerTime

LINE = ("pk:funding_line",)
TIME = ("pk:volunteer_time",)
IN_KIND = ("pk:in_kind",)

ROWS: dict[str, Row] = {
    "economics-dashboard": Row(EVERY_ROLE),
    "funding-list": Row(EVERY_ROLE),
    "funding-create": Row(COORD_ONLY),
    "funding-edit": Row(COORD_ONLY, objects=LINE),
    "funding-delete": Row(COORD_ONLY, method="post", objects=LINE),
    "volunteering-list": Row(EVERY_ROLE),
    "volunteering-create": Row(COORD_ONLY),
    "volunteering-edit": Row(COORD_ONLY, objects=TIME),
    "volunteering-delete": Row(COORD_ONLY, method="post", objects=TIME),
    "volunteer-rates": Row(COORD_ONLY),
    "in-kind-list": Row(EVERY_ROLE),
    "in-kind-create": Row(COORD_ONLY),
    "in-kind-edit": Row(COORD_ONLY, objects=IN_KIND),
    "in-kind-delete": Row(COORD_ONLY, method="post", objects=IN_KIND),
    "in-kind-annex": Row(EVERY_ROLE),
    "in-kind-annex-xlsx": Row(EVERY_ROLE),
}


def build_objects(pole: Any, objects: dict[str, Any]) -> dict[str, Any]:
    """Objects of `pole` that this area's URLs name in `Row.objects`."""
    line = FundingLine.objects.create(
        pole=pole,
        year=2024,
        source_kind="dues",
        funder=objects["organisation"],
        label=f"Cotisation {pole.slug}",
        amount=Decimal("500"),
    )
    time = VolunteerTime.objects.create(
        pole=pole, year=2024, activity="governance", hours=Decimal("12"), person=objects["person"]
    )
    in_kind = InKindContribution.objects.create(
        pole=pole, year=2024, kind="premises", description="Salle", value=Decimal("800")
    )
    return {"funding_line": line, "volunteer_time": time, "in_kind": in_kind}
