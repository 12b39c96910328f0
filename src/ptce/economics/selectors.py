"""Reads of the economic model, as the DataFrames `ptce_analytics.economics` works on.

Callers run inside the pole's scope (`pole_view` does it for pages, the `economics` command
opens it): every query goes through the scoped managers, so a frame only ever holds the
pole's own rows.

Each function runs one query whatever the size of the pole (`values()` rows, sums done in
SQL); `economic_data()` reads everything a page needs in four.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pandas as pd
from django.db.models import Sum

from ptce.core.text import fold
from ptce.economics.models import FundingLine, InKindContribution, VolunteerRate, VolunteerTime
from ptce_analytics.economics import FUNDING_COLUMNS, value_volunteering

__all__ = [
    "EconomicData",
    "economic_data",
    "funder_key",
    "funding_frame",
    "funding_rows",
    "in_kind_by_kind",
    "in_kind_frame",
    "volunteer_hours",
    "volunteer_rates",
    "volunteering_frame",
]

# The prefix of a funder key naming a structure of the registry: "org:12".
ORG_PREFIX = "org:"


def funder_key(funder_id: int | None, funder_name: str | None) -> str | None:
    """Who pays a line, as the analytics compare funders: a structure by its id, otherwise its
    name folded (so "Région Occitanie" and "region occitanie" are one funder), else None."""
    if funder_id is not None:
        return f"{ORG_PREFIX}{funder_id}"
    folded = fold(funder_name or "")
    return folded or None


def funding_rows(*, year: int | None = None) -> list[dict[str, Any]]:
    """The pole's funding lines as dicts (one query), with what pages show next to the figures:
    `label`, `funder_id`, `funder_label` (the structure's name, else the typed name), `key`
    (see `funder_key`) and the project's name."""
    qs = FundingLine.objects.all()
    if year is not None:
        qs = qs.filter(year=year)
    rows = list(
        qs.order_by("-year", "source_kind", "label", "pk").values(
            "pk",
            "year",
            "source_kind",
            "section",
            "funder_id",
            "funder__name",
            "funder_name",
            "label",
            "amount",
            "agreement_start",
            "agreement_end",
            "project_id",
            "project__name",
            "is_synthetic",
        )
    )
    for row in rows:
        row["funder_label"] = row["funder__name"] or row["funder_name"] or ""
        row["key"] = funder_key(row["funder_id"], row["funder_name"])
    return rows


def funding_frame(rows: Iterable[Mapping[str, Any]] | None = None) -> pd.DataFrame:
    """The `funding` table of `ptce_analytics.economics` (columns `FUNDING_COLUMNS`).

    `rows` are `funding_rows()` already read (no query then)."""
    rows = funding_rows() if rows is None else rows
    records = [
        (
            row["pk"],
            row["year"],
            row["source_kind"],
            row["key"],
            row["amount"],
            row["agreement_start"],
            row["agreement_end"],
            row["section"],
        )
        for row in rows
    ]
    return pd.DataFrame.from_records(records, columns=list(FUNDING_COLUMNS))


def volunteer_rates() -> dict[int, Decimal]:
    """year → the hourly rate the pole set for it (one query). A year without a rate is absent:
    its volunteering is not valued (the default rate is only a proposal, see the rates page)."""
    return dict(VolunteerRate.objects.order_by().values_list("year", "hourly_rate"))


def volunteer_hours(*, by_activity: bool = False, year: int | None = None) -> pd.DataFrame:
    """Volunteering hours summed per year (and per activity), in one query; `year` keeps that
    year only.

    Columns: `year`, `hours` (and `activity`)."""
    fields = ["year", "activity"] if by_activity else ["year"]
    qs = VolunteerTime.objects.all() if year is None else VolunteerTime.objects.filter(year=year)
    rows = qs.order_by().values(*fields).annotate(total=Sum("hours")).order_by(*fields)
    records = [(*(row[field] for field in fields), row["total"]) for row in rows]
    return pd.DataFrame.from_records(records, columns=[*fields, "hours"])


def volunteering_frame(rates: Mapping[int, Decimal] | None = None) -> pd.DataFrame:
    """The `volunteering` table: one row per year, its hours valued at the year's rate
    (`value` None for a year without a rate). `rates` already read spare a query."""
    rates = volunteer_rates() if rates is None else rates
    return value_volunteering(volunteer_hours(), rates)


def in_kind_frame() -> pd.DataFrame:
    """The `in_kind` table: the value of contributions in kind summed per year (one query)."""
    rows = (
        InKindContribution.objects.order_by()
        .values("year")
        .annotate(total=Sum("value"))
        .order_by("year")
    )
    return pd.DataFrame.from_records(
        [(row["year"], row["total"]) for row in rows], columns=["year", "value"]
    )


def in_kind_by_kind(year: int) -> dict[str, Decimal]:
    """kind → the value of the year's contributions of that kind (one query)."""
    rows = (
        InKindContribution.objects.filter(year=year)
        .order_by()
        .values("kind")
        .annotate(total=Sum("value"))
    )
    return {row["kind"]: row["total"] for row in rows}


@dataclass(frozen=True)
class EconomicData:
    """Everything the dashboard and the command read, in four queries."""

    rows: list[dict[str, Any]]
    funding: pd.DataFrame
    volunteering: pd.DataFrame
    in_kind: pd.DataFrame
    rates: dict[int, Decimal]

    @property
    def years(self) -> list[int]:
        """Every year with any data, in increasing order."""
        seen = {row["year"] for row in self.rows}
        seen |= {int(year) for year in self.volunteering["year"]}
        seen |= {int(year) for year in self.in_kind["year"]}
        return sorted(seen)


def economic_data() -> EconomicData:
    rows = funding_rows()
    rates = volunteer_rates()
    return EconomicData(
        rows=rows,
        funding=funding_frame(rows),
        volunteering=volunteering_frame(rates),
        in_kind=in_kind_frame(),
        rates=rates,
    )
