"""Permission-matrix rows for the poolings pages (see matrix_core.py for the vocabulary).

Every role sees the poolings and how their costs are shared (financial transparency); only
the coordinator changes them. Objects built here: "pooling" (purchasing, shared by fixed
keys), "pooling_participant" and "pooling_cost".
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from matrix_core import COORD_ONLY, EVERY_ROLE, Row

from ptce.pooling.models import (
    CostSharing,
    Pooling,
    PoolingCost,
    PoolingKind,
    PoolingParticipant,
    QuantityUnit,
)

POOLING = ("pk:pooling",)

ROWS: dict[str, Row] = {
    "pooling-list": Row(EVERY_ROLE),
    "pooling-create": Row(COORD_ONLY),
    "pooling-detail": Row(EVERY_ROLE, objects=POOLING),
    "pooling-edit": Row(COORD_ONLY, objects=POOLING),
    "participant-add": Row(COORD_ONLY, objects=POOLING),
    "participant-edit": Row(COORD_ONLY, objects=("pk:pooling_participant",)),
    "participant-remove": Row(COORD_ONLY, method="post", objects=("pk:pooling_participant",)),
    "cost-create": Row(COORD_ONLY, objects=POOLING),
    "cost-edit": Row(COORD_ONLY, objects=("pk:pooling_cost",)),
    "cost-delete": Row(COORD_ONLY, method="post", objects=("pk:pooling_cost",)),
}


def build_objects(pole: Any, objects: dict[str, Any]) -> dict[str, Any]:
    """Objects of `pole` that this area's URLs name in `Row.objects`."""
    pooling = Pooling.objects.create(
        pole=pole,
        kind=PoolingKind.PURCHASING,
        name=f"Achats groupés {pole.slug}",
        unit=QuantityUnit.EUROS,
        cost_sharing=CostSharing.FIXED_KEYS,
        carrier=objects["organisation"],
    )
    participant = PoolingParticipant.objects.create(
        pole=pole,
        pooling=pooling,
        organisation=objects["organisation"],
        quantity=Decimal("1200"),
        share_key=Decimal(1),
    )
    cost = PoolingCost.objects.create(
        pole=pole,
        pooling=pooling,
        label="Frais de gestion",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
        amount=Decimal("240.00"),
    )
    return {"pooling": pooling, "pooling_participant": participant, "pooling_cost": cost}
