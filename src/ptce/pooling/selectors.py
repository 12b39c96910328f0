"""Reads of the pole's poolings: the list page's rows and the frames the analytics work on.

Callers run inside the pole's scope (`pole_view` does it for pages); every query also filters
on the pole it is given. Each function runs a fixed number of queries whatever the number of
poolings: rows are read with `values_list`/annotations, never followed object by object.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from django.db.models import Count, Q, QuerySet, Sum

from ptce.pooling.models import Pooling, PoolingParticipant, active_on

__all__ = [
    "PARTICIPATION_COLUMNS",
    "active_poolings_count",
    "pooling_participation_frame",
    "poolings",
]

PARTICIPATION_COLUMNS = (
    "pooling_id",
    "kind",
    "organisation_id",
    "started_on",
    "ended_on",
    "joined_on",
    "left_on",
)
_DATE_COLUMNS = ("started_on", "ended_on", "joined_on", "left_on")


def poolings(pole, *, status: str = "", kind: str = "", today: dt.date) -> QuerySet[Pooling]:
    """The pole's poolings with their participants' count and quantities, one query.

    `status` is "active" (running on `today`), "ended" (ended before `today`) or "" (all).
    `quantity_unknown` counts the participants whose quantity is not given: the total is over
    the others only, never with the unknown ones counted as 0.
    """
    rows = Pooling.objects.filter(pole=pole).select_related("carrier")
    if status == "active":
        rows = rows.filter(active_on(today))
    elif status == "ended":
        rows = rows.filter(ended_on__lt=today)
    if kind:
        rows = rows.filter(kind=kind)
    return rows.annotate(
        participants_count=Count("participants"),
        quantity_total=Sum("participants__quantity"),
        quantity_unknown=Count("participants", filter=Q(participants__quantity__isnull=True)),
    ).order_by("kind", "name", "pk")


def active_poolings_count(pole, *, today: dt.date) -> int:
    return Pooling.objects.filter(pole=pole).filter(active_on(today)).count()


def pooling_participation_frame(pole) -> pd.DataFrame:
    """One row per participation: which structure takes part in which pooling, and when.

    Columns `PARTICIPATION_COLUMNS`; the dates are datetime64 (NaT when not given). One query.
    """
    rows = (
        PoolingParticipant.objects.filter(pole=pole)
        .order_by("pooling_id", "organisation_id")
        .values_list(
            "pooling_id",
            "pooling__kind",
            "organisation_id",
            "pooling__started_on",
            "pooling__ended_on",
            "joined_on",
            "left_on",
        )
    )
    frame = pd.DataFrame.from_records(list(rows), columns=list(PARTICIPATION_COLUMNS))
    for column in _DATE_COLUMNS:
        frame[column] = pd.to_datetime(frame[column])
    frame["pooling_id"] = frame["pooling_id"].astype("int64")
    frame["organisation_id"] = frame["organisation_id"].astype("int64")
    frame["kind"] = frame["kind"].astype("object")
    return frame
