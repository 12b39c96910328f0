"""The input tables of `ptce_analytics.network` and `ptce_analytics.governance`, read from the
database.

Callers run inside the pole's scope (`pole_view` does it for pages, the commands open it);
every query also filters on the pole it is given. Each function runs a fixed number of queries
whatever the size of the pole: rows are read with `values_list`, related columns are joined in
SQL, never followed object by object.

Actors and their ids
--------------------
The graph's actors are the member structures on the window's last day (node id ``"o<pk>"``)
and, when asked, the people who took part in their own name (``"p<pk>"``, family
``natural_person``): present at a meeting without representing a structure, or in a working
group without one. Participants who are not actors of the graph (a project partner outside
the pole, a person without a structure when people are not asked for) are still listed in the
ties: they create no tie, but they count in the size of their group (see
`ptce_analytics.network.build_graph`).

Time windows
------------
The analytics date every participation with one day. Projects, poolings and working groups
last months or years, so they are windowed here, by overlap, and passed with ``date`` None
(which the analytics always keep); meetings are passed with their date. A group counts in the
window [start, end] (both included) when:

* project: it started on or before ``end`` and ended on or after ``start``; without an end
  date, an idea or a project in progress runs on, a completed or abandoned one counts from its
  start only (as in `ptce.projects.selectors.active_in_year`); a project without a start date
  is not placed in time and never counts;
* pooling: the pooling and the structure's participation both overlap the window, a missing
  start or end date meaning "open" (as in `ptce.pooling.models.active_on`);
* working group: it held a meeting in the window, or it is marked active and the window
  reaches today (a group has no dates: being active says something about now, not about
  2013);
* meeting: it was held in the window; only people marked present count, each for the
  structure they represented that day (or their usual structure when none was recorded).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from ptce.meetings.models import Attendance, AttendanceStatus, Meeting, WorkingGroup
from ptce.network.naf import naf_section
from ptce.pooling.models import PoolingParticipant
from ptce.projects.models import ProjectPartner, ProjectStatus
from ptce.registry.models import Gender, Mandate, OrganisationYear, Person
from ptce.registry.selectors import member_organisations
from ptce_analytics import governance, network

__all__ = [
    "NODE_COLUMNS",
    "Window",
    "member_nodes",
    "members_frame",
    "organisation_node",
    "people_nodes",
    "person_node",
    "seats_frame",
    "ties_frame",
    "window_bounds",
]

# The analytics' node columns, and what the pages need besides: the kind of actor and its pk.
NODE_COLUMNS = ("node_id", "family", "label", "naf_section", "kind", "pk")
ORGANISATION, PERSON = "organisation", "person"
# Statuses of projects still running when they have no end date (see projects.selectors).
_RUNNING = (ProjectStatus.IDEA, ProjectStatus.ACTIVE)
_GENDERS = {Gender.WOMAN: "female", Gender.MAN: "male", Gender.NON_BINARY: "other"}


def organisation_node(pk: int) -> str:
    return f"o{pk}"


def person_node(pk: int) -> str:
    return f"p{pk}"


@dataclass(frozen=True)
class Window:
    """A time window, both days included; `months` is set when it was counted in months."""

    start: dt.date
    end: dt.date
    months: int | None = None

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ValueError("start must not be after end")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Window:
        """The window of the same length that ends the day before this one starts."""
        before = self.start - dt.timedelta(days=1)
        if self.months is not None:
            return window_bounds(before, self.months)
        return Window(before - dt.timedelta(days=self.days - 1), before)


def window_bounds(on: dt.date, months: int) -> Window:
    """The last `months` months up to `on` included, as the analytics' indicators count them.

    Counted back from the day after `on`: 12 months to 30/06/2024 start on 01/07/2023
    (the same rule as `ptce_analytics.network.density_indicator`).
    """
    if months < 1:
        raise ValueError("months must be at least 1")
    start = pd.Timestamp(on) + pd.Timedelta(days=1) - pd.DateOffset(months=months)
    return Window(start.date(), on, months)


# --- actors -------------------------------------------------------------------------------------


def _nodes(records: Iterable[Sequence[Any]]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(list(records), columns=list(NODE_COLUMNS))
    for column in ("node_id", "family", "label", "naf_section", "kind"):
        # Missing stays None (pandas would turn it into NaN).
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame


def member_nodes(pole, *, on: dt.date) -> pd.DataFrame:
    """The member structures on `on`, one row each; one query.

    Columns `NODE_COLUMNS`: ``family`` is the E–I family of the structure's actor family
    (None when not classified or "other"), ``naf_section`` the section of its NAF code.
    """
    rows = (
        member_organisations(on=on)
        .filter(pole=pole)
        .order_by("pk")
        .values_list("pk", "name", "actor_family", "naf_code")
    )
    return _nodes(
        (
            organisation_node(pk),
            network.ei_family(family or None),
            name,
            naf_section(naf_code),
            ORGANISATION,
            pk,
        )
        for pk, name, family, naf_code in rows
    )


def people_nodes(pole, ties: pd.DataFrame, *, visible: set[int] | None = None) -> pd.DataFrame:
    """The people who take part in their own name in `ties`; one query (none without any).

    ``label`` is the person's name when `visible` is None or holds their pk, else a neutral
    "Personne n° k" (k counts the hidden people in pk order): a member who may not see a
    person's name still sees that someone took part.
    """
    ids = sorted(
        {int(node[1:]) for node in ties["node_id"] if isinstance(node, str) and node[0] == "p"}
    )
    if not ids:
        return _nodes([])
    people = Person.objects.filter(pole=pole, pk__in=ids).order_by("pk")
    records, hidden = [], 0
    for pk, first, last in people.values_list("pk", "first_name", "last_name"):
        if visible is None or pk in visible:
            label = f"{first} {last}".strip()
        else:
            hidden += 1
            label = _("Personne n° %(n)s") % {"n": hidden}
        family = network.ei_family(None, natural_person=True)
        records.append((person_node(pk), family, label, None, PERSON, pk))
    return _nodes(records)


# --- ties ---------------------------------------------------------------------------------------


def _project_overlaps(start: dt.date, end: dt.date) -> Q:
    return Q(project__started_on__isnull=False, project__started_on__lte=end) & (
        Q(project__ended_on__gte=start)
        | Q(project__ended_on__isnull=True, project__status__in=_RUNNING)
        | Q(project__ended_on__isnull=True, project__started_on__gte=start)
    )


def _open_overlap(prefix: str, first: str, last: str, start: dt.date, end: dt.date) -> Q:
    return (Q(**{f"{prefix}{first}__isnull": True}) | Q(**{f"{prefix}{first}__lte": end})) & (
        Q(**{f"{prefix}{last}__isnull": True}) | Q(**{f"{prefix}{last}__gte": start})
    )


def _participant(organisation_id: int | None, person_id: int | None) -> str | None:
    if organisation_id is not None:
        return organisation_node(organisation_id)
    if person_id is not None:
        return person_node(person_id)
    return None


def ties_frame(
    pole,
    *,
    start: dt.date,
    end: dt.date,
    sources: Iterable[str] = network.SOURCES,
    today: dt.date | None = None,
) -> pd.DataFrame:
    """Participations in the groups of `sources` that count in [start, end]; one query per
    source.

    Columns `ptce_analytics.network.TIE_COLUMNS`; ``date`` is None for projects, poolings and
    working groups (already windowed here) and the meeting's date for meetings. See the module
    documentation for the rules.
    """
    chosen = set(sources)
    unknown = chosen - set(network.SOURCES)
    if unknown:
        raise ValueError(f"unknown source(s): {', '.join(sorted(unknown))}")
    today = today or timezone.localdate()
    records: list[tuple[str, int, str, dt.date | None]] = []
    if "project" in chosen:
        rows = (
            ProjectPartner.objects.filter(pole=pole)
            .filter(_project_overlaps(start, end))
            .order_by("project_id", "organisation_id")
            .values_list("project_id", "organisation_id")
        )
        records += [("project", group, organisation_node(org), None) for group, org in rows]
    if "pooling" in chosen:
        rows = (
            PoolingParticipant.objects.filter(pole=pole)
            .filter(_open_overlap("pooling__", "started_on", "ended_on", start, end))
            .filter(_open_overlap("", "joined_on", "left_on", start, end))
            .order_by("pooling_id", "organisation_id")
            .values_list("pooling_id", "organisation_id")
        )
        records += [("pooling", group, organisation_node(org), None) for group, org in rows]
    if "working_group" in chosen:
        met = Meeting.objects.filter(
            pole=pole, working_group=OuterRef("workinggroup_id"), date__range=(start, end)
        )
        counts = Exists(met)
        if end >= today:
            counts |= Q(workinggroup__is_active=True)
        rows = (
            WorkingGroup.members.through.objects.filter(workinggroup__pole=pole)
            .filter(counts)
            .order_by("workinggroup_id", "person_id")
            .values_list("workinggroup_id", "person__organisation_id", "person_id")
        )
        records += [
            ("working_group", group, _participant(org, person), None) for group, org, person in rows
        ]
    if "meeting" in chosen:
        rows = (
            Attendance.objects.filter(
                pole=pole, status=AttendanceStatus.PRESENT, meeting__date__range=(start, end)
            )
            .annotate(represented=Coalesce(F("organisation_id"), F("person__organisation_id")))
            .order_by("meeting_id", "person_id")
            .values_list("meeting_id", "represented", "person_id", "meeting__date")
        )
        records += [
            ("meeting", group, _participant(org, person), day) for group, org, person, day in rows
        ]
    return pd.DataFrame.from_records(records, columns=list(network.TIE_COLUMNS)).astype(object)


# --- governance ---------------------------------------------------------------------------------


def _latest_fte(outer: str, year: int) -> Subquery:
    """The structure's FTE of the latest year up to `year` where it is known."""
    return Subquery(
        OrganisationYear.objects.filter(
            organisation=OuterRef(outer), fte__isnull=False, year__lte=year
        )
        .order_by("-year")
        .values("fte")[:1]
    )


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def seats_frame(pole, *, on: dt.date) -> pd.DataFrame:
    """Every mandate of the pole's governing bodies, past ones included; one query.

    Columns `ptce_analytics.governance.SEAT_COLUMNS`. A mandate without a represented
    structure is held by a natural person in their own name; ``org_fte`` is the represented
    structure's FTE of the latest year up to `on` where it is known; ``gender`` is the
    person's self-declared gender (None when not declared).
    """
    rows = (
        Mandate.objects.filter(pole=pole)
        .annotate(org_fte=_latest_fte("organisation_id", on.year))
        .order_by("body_id", "start_date", "pk")
        .values_list(
            "body_id",
            "body__kind",
            "person_id",
            "organisation_id",
            "person__gender",
            "office",
            "org_fte",
            "start_date",
            "end_date",
        )
    )
    records = [
        (
            body,
            kind,
            person,
            organisation,
            _GENDERS.get(gender),
            organisation is None,
            office,
            _float(fte),
            start,
            end_date,
        )
        for body, kind, person, organisation, gender, office, fte, start, end_date in rows
    ]
    frame = pd.DataFrame.from_records(records, columns=list(governance.SEAT_COLUMNS))
    frame["gender"] = frame["gender"].astype(object).where(frame["gender"].notna(), None)
    return frame.astype({"is_natural_person": bool, "org_fte": float})


def members_frame(pole, *, on: dt.date) -> pd.DataFrame:
    """The member structures on `on` with their latest known FTE; one query.

    Columns `ptce_analytics.governance.MEMBER_COLUMNS` (``is_natural_person`` is False: only
    structures hold memberships).
    """
    rows = (
        member_organisations(on=on)
        .filter(pole=pole)
        .annotate(fte=_latest_fte("pk", on.year))
        .order_by("pk")
        .values_list("pk", "fte")
    )
    records = [(pk, _float(fte), False) for pk, fte in rows]
    frame = pd.DataFrame.from_records(records, columns=list(governance.MEMBER_COLUMNS))
    return frame.astype({"is_natural_person": bool, "fte": float})


def current_officers(pole, *, on: dt.date) -> list[dict[str, Any]]:
    """Current officers (every office but plain member) with names, for the governance page;
    one query. Callers decide whether names may be shown."""
    rows = (
        Mandate.objects.filter(pole=pole, start_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .filter(office__in=governance.OFFICER_OFFICES)
        .order_by("body__name", "office", "start_date", "pk")
        .values(
            "pk",
            "body__name",
            "office",
            "start_date",
            "person_id",
            "person__first_name",
            "person__last_name",
            "person__consent_directory",
            "organisation__name",
        )
    )
    return list(rows)
