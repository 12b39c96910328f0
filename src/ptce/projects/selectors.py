"""Reads of the cooperative projects: the portfolio page's rows and the analytics' frame.

Callers run inside the pole's scope (`pole_view` does it for pages); every query also filters
on the pole it is given. A fixed number of queries whatever the number of projects.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pandas as pd
from django.db.models import Count, Exists, Max, Min, OuterRef, Prefetch, Q, QuerySet

from ptce.projects.models import PartnerRole, Project, ProjectPartner, ProjectStatus
from ptce.registry.models import Organisation

__all__ = [
    "PROJECT_COLUMNS",
    "PortfolioFilters",
    "Total",
    "Totals",
    "active_in_year",
    "portfolio",
    "portfolio_totals",
    "portfolio_years",
    "projects_frame",
    "structures_involved",
]

PROJECT_COLUMNS = (
    "project_id",
    "name",
    "status",
    "started_on",
    "ended_on",
    "budget_eur",
    "jobs_created_fte",
    "jobs_consolidated_fte",
    "innovation",
    "goal_economic",
    "goal_social",
    "goal_environmental",
    "study_kind",
    "new_activities",
    "new_enterprises",
    "working_group_id",
    "lead_id",
    "partner_ids",
    "partner_families",
)
# Statuses of projects still running when they have no end date.
RUNNING = (ProjectStatus.IDEA, ProjectStatus.ACTIVE)


@dataclass(frozen=True)
class PortfolioFilters:
    status: str = ""
    innovation: str = ""  # a value of Innovation, "unknown" or ""
    goal: str = ""  # "economic", "social", "environmental" or ""
    study_kind: str = ""
    structure: int | None = None
    year: int | None = None


def active_in_year(year: int) -> Q:
    """Projects running at some point of `year`.

    A project with no start date is not placed in time. Without an end date, a project still
    in idea or in progress runs on; a completed or abandoned one counts for its start year only.
    """
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return Q(started_on__isnull=False, started_on__lte=last) & (
        Q(ended_on__gte=first)
        | Q(ended_on__isnull=True, status__in=RUNNING)
        | Q(ended_on__isnull=True, started_on__gte=first)
    )


def portfolio(pole, filters: PortfolioFilters) -> QuerySet[Project]:
    """The pole's projects matching `filters`, each with `leads` (0 or 1 partner row, with its
    organisation) and `partners_count`; two queries once evaluated."""
    rows = Project.objects.filter(pole=pole)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.innovation == "unknown":
        rows = rows.filter(innovation="")
    elif filters.innovation:
        rows = rows.filter(innovation=filters.innovation)
    if filters.goal:
        rows = rows.filter(**{f"goal_{filters.goal}": True})
    if filters.study_kind:
        rows = rows.filter(study_kind=filters.study_kind)
    if filters.structure:
        involved = ProjectPartner.objects.filter(
            pole=pole, project=OuterRef("pk"), organisation_id=filters.structure
        )
        rows = rows.filter(Exists(involved))
    if filters.year:
        rows = rows.filter(active_in_year(filters.year))
    leads = ProjectPartner.objects.filter(pole=pole, role=PartnerRole.LEAD).select_related(
        "organisation"
    )
    return (
        rows.annotate(partners_count=Count("partners"))
        .prefetch_related(Prefetch("partners", queryset=leads, to_attr="leads"))
        .order_by("-started_on", "name", "pk")
    )


@dataclass(frozen=True)
class Total:
    """A sum over the projects where the figure is known, and how many do not know it."""

    value: Decimal | None
    unknown: int


@dataclass(frozen=True)
class Totals:
    count: int
    budget_eur: Total
    jobs_created_fte: Total
    jobs_consolidated_fte: Total


def _total(projects: list[Project], field: str) -> Total:
    known = [getattr(p, field) for p in projects if getattr(p, field) is not None]
    return Total(sum(known, Decimal(0)) if known else None, len(projects) - len(known))


def portfolio_totals(projects: list[Project]) -> Totals:
    """Totals of the listed projects; unknown figures are counted apart, never as 0."""
    return Totals(
        count=len(projects),
        budget_eur=_total(projects, "budget_eur"),
        jobs_created_fte=_total(projects, "jobs_created_fte"),
        jobs_consolidated_fte=_total(projects, "jobs_consolidated_fte"),
    )


def structures_involved(pole) -> list[tuple[int, str]]:
    """(id, name) of the structures that are partners of at least one project; one query."""
    partnerships = ProjectPartner.objects.filter(pole=pole, organisation=OuterRef("pk"))
    return list(
        Organisation.objects.filter(pole=pole)
        .filter(Exists(partnerships))
        .order_by("name_key")
        .values_list("pk", "name")
    )


def portfolio_years(pole, *, today: dt.date) -> list[int]:
    """The years the portfolio spans, up to this year; one query."""
    bounds = Project.objects.filter(pole=pole).aggregate(
        first=Min("started_on"), last_start=Max("started_on"), last_end=Max("ended_on")
    )
    if bounds["first"] is None:
        return []
    last = max(
        today.year,
        bounds["last_start"].year,
        bounds["last_end"].year if bounds["last_end"] else today.year,
    )
    return list(range(last, bounds["first"].year - 1, -1))


def _float(value: Any) -> float:
    return float("nan") if value is None else float(value)


def projects_frame(pole) -> pd.DataFrame:
    """One row per project of `pole`, with its lead and partners; two queries.

    Columns `PROJECT_COLUMNS`. Dates are datetime64 (NaT when not given); budget and jobs are
    floats, NaN when unknown (never 0); `innovation` is None when unknown; counts and ids that
    may be missing are the nullable "Int64" type. `partner_ids` lists every partner's
    organisation id, the lead included, in increasing order; `partner_families` gives their
    actor families in the same order ("" when not classified).
    """
    fields = [
        "pk",
        "name",
        "status",
        "started_on",
        "ended_on",
        "budget_eur",
        "jobs_created_fte",
        "jobs_consolidated_fte",
        "innovation",
        "goal_economic",
        "goal_social",
        "goal_environmental",
        "study_kind",
        "new_activities",
        "new_enterprises",
        "working_group_id",
    ]
    projects = list(Project.objects.filter(pole=pole).order_by("pk").values_list(*fields))
    partners: dict[int, list[tuple[int, str, str]]] = {}
    for project_id, organisation_id, role, family in (
        ProjectPartner.objects.filter(pole=pole)
        .order_by("project_id", "organisation_id")
        .values_list("project_id", "organisation_id", "role", "organisation__actor_family")
    ):
        partners.setdefault(project_id, []).append((organisation_id, role, family or ""))
    records = []
    for row in projects:
        values = dict(zip(fields, row, strict=True))
        rows = partners.get(values["pk"], [])
        lead = next((org for org, role, _family in rows if role == PartnerRole.LEAD), None)
        records.append(
            (
                values["pk"],
                values["name"],
                values["status"],
                values["started_on"],
                values["ended_on"],
                _float(values["budget_eur"]),
                _float(values["jobs_created_fte"]),
                _float(values["jobs_consolidated_fte"]),
                values["innovation"] or None,
                values["goal_economic"],
                values["goal_social"],
                values["goal_environmental"],
                values["study_kind"],
                values["new_activities"],
                values["new_enterprises"],
                values["working_group_id"],
                lead,
                [org for org, _role, _family in rows],
                [family for _org, _role, family in rows],
            )
        )
    frame = pd.DataFrame.from_records(records, columns=list(PROJECT_COLUMNS))
    for column in ("started_on", "ended_on"):
        frame[column] = pd.to_datetime(frame[column])
    for column in ("budget_eur", "jobs_created_fte", "jobs_consolidated_fte"):
        frame[column] = frame[column].astype("float64")
    for column in ("new_activities", "new_enterprises", "working_group_id", "lead_id"):
        frame[column] = frame[column].astype("Int64")
    for column in ("goal_economic", "goal_social", "goal_environmental"):
        frame[column] = frame[column].astype("bool")
    frame["project_id"] = frame["project_id"].astype("int64")
    return frame
