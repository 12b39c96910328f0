"""Permission-matrix rows for the employer_group pages (see matrix_core.py for the vocabulary).

An employer group's pages show employees' names, contracts and wages: coordinator only.
Objects built here: "employer_group" (a pooling of kind employer_group), "shared_employee", and
"employer_month", a stand-in whose `pk` is the month as it appears in URLs ("2026-03").
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from matrix_core import COORD_ONLY, Row

from ptce.pooling.models import (
    HourAllocation,
    Pooling,
    PoolingKind,
    PoolingParticipant,
    SharedEmployee,
)

GROUP = ("pk:employer_group",)
GROUP_MONTH = ("pk:employer_group", "month:employer_month")

ROWS: dict[str, Row] = {
    "employer-group": Row(COORD_ONLY, objects=GROUP),
    "employee-create": Row(COORD_ONLY, objects=GROUP),
    "employee-edit": Row(COORD_ONLY, objects=("pk:shared_employee",)),
    "allocation-month": Row(COORD_ONLY, objects=GROUP_MONTH),
    "employer-statement": Row(COORD_ONLY, objects=GROUP_MONTH),
    "employer-statement-pdf": Row(COORD_ONLY, objects=GROUP_MONTH),
    "employer-statement-xlsx": Row(COORD_ONLY, objects=GROUP_MONTH),
    "employer-liability-key": Row(COORD_ONLY, objects=GROUP),
}


def build_objects(pole: Any, objects: dict[str, Any]) -> dict[str, Any]:
    """Objects of `pole` that this area's URLs name in `Row.objects`."""
    organisation = objects["organisation"]
    group = Pooling.objects.create(
        pole=pole,
        kind=PoolingKind.EMPLOYER_GROUP,
        name=f"Groupement d'employeurs {pole.slug}",
        carrier=organisation,
    )
    PoolingParticipant.objects.create(pole=pole, pooling=group, organisation=organisation)
    employee = SharedEmployee.objects.create(
        pole=pole,
        pooling=group,
        name=f"Camille {pole.slug}",
        monthly_hours=Decimal("151.67"),
        hourly_cost=Decimal("22.50"),
        started_on=dt.date(2025, 1, 1),
    )
    HourAllocation.objects.create(
        pole=pole,
        employee=employee,
        organisation=organisation,
        month=dt.date(2026, 3, 1),
        hours=Decimal("80"),
    )
    return {
        "employer_group": group,
        "shared_employee": employee,
        "employer_month": SimpleNamespace(pk="2026-03"),
    }
