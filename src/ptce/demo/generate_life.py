"""Cooperative life at national scale, for `ptce generate`: people, working groups, meetings,
attendance, decisions and actions of the generated poles.

About 60 people, 5 working groups, 200-220 meetings over two years, 10-11 invitations per
meeting, and decisions with actions at a quarter of the meetings, per pole: 1,000 poles give
200,000+ meetings and 2,000,000+ attendance rows. Each pole's draws come from a generator
seeded with (seed, pole number) alone, apart from the one that drew its registry, so the
registry is the same with or without meetings.

Rows are written with `executemany` on whole tuples, not `bulk_create`: at two million rows
the ORM's per-value preparation costs several times the insert itself (about 100 µs against
15 µs a row on SQLite). Ids of the new rows are then read back in insertion order, which is
their primary-key order: only this transaction writes rows for these brand-new poles.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import connection, models

from ptce.demo.cooperative_life import ACTIONS, DECISIONS, action_fate
from ptce.demo.synthetic import LAST_NAMES, declared_gender, first_name
from ptce.meetings.models import (
    Action,
    Attendance,
    AttendanceStatus,
    Decision,
    DecisionMode,
    Meeting,
    MeetingKind,
    WorkingGroup,
)
from ptce.registry.models import Person, PersonKind

PEOPLE_PER_POLE = (55, 65)
WORKING_GROUPS_PER_POLE = 5
MEETINGS_PER_POLE = (200, 220)
# Never fewer than 10 invitations a meeting: 1,000 poles give 2,000,000 rows at least.
INVITATIONS_PER_MEETING = (10, 11)
DECISION_SHARE = 0.25
# The generated poles' meetings span these two years (like GENERATED_LAST_YEAR, fixed).
FIRST_DAY, LAST_DAY = dt.date(2023, 1, 2), dt.date(2024, 12, 20)

THEMES = (
    "Charte de fonctionnement", "Projets à porter", "Aspect financier", "Communication",
    "Aspect juridique", "Agencement des locaux", "Mutualisation des emplois", "Achats groupés",
    "Formation des bénévoles", "Mobilité", "Alimentation locale",
)
KINDS = (
    MeetingKind.WORKING_GROUP, MeetingKind.STEERING_COMMITTEE, MeetingKind.PLENARY,
    MeetingKind.TRAINING, MeetingKind.CONVIVIAL, MeetingKind.SEMINAR,
)
KIND_WEIGHTS = (55, 16, 10, 8, 8, 3)
KIND_TITLES = {
    MeetingKind.STEERING_COMMITTEE: "Comité de pilotage",
    MeetingKind.PLENARY: "Plénière",
    MeetingKind.TRAINING: "Formation",
    MeetingKind.CONVIVIAL: "Temps convivial",
    MeetingKind.SEMINAR: "Séminaire de coopération",
}
KIND_HOURS = {
    MeetingKind.WORKING_GROUP: (dt.time(14, 0), dt.time(16, 0)),
    MeetingKind.STEERING_COMMITTEE: (dt.time(12, 0), dt.time(14, 0)),
    MeetingKind.PLENARY: (dt.time(18, 0), dt.time(20, 30)),
    MeetingKind.TRAINING: (dt.time(9, 30), dt.time(12, 30)),
    MeetingKind.CONVIVIAL: (dt.time(19, 0), dt.time(23, 0)),
    MeetingKind.SEMINAR: (dt.time(9, 0), dt.time(17, 0)),
}
DECIDING_KINDS = frozenset({
    MeetingKind.WORKING_GROUP, MeetingKind.STEERING_COMMITTEE, MeetingKind.PLENARY,
    MeetingKind.SEMINAR,
})
# Past meetings: answers are in, a few invitations never were.
STATUSES = (AttendanceStatus.PRESENT, AttendanceStatus.EXCUSED, AttendanceStatus.ABSENT,
            AttendanceStatus.INVITED)
STATUS_CUM_WEIGHTS = (66, 82, 97, 100)
PERSON_KINDS = (PersonKind.EMPLOYEE, PersonKind.VOLUNTEER, PersonKind.ELECTED,
                PersonKind.INHABITANT, PersonKind.OTHER)
PERSON_KIND_CUM_WEIGHTS = (40, 80, 88, 95, 100)
OWNER_KINDS = frozenset({PersonKind.EMPLOYEE, PersonKind.VOLUNTEER, PersonKind.ELECTED})
MODES = (DecisionMode.CONSENSUS, DecisionMode.VOTE, DecisionMode.DELEGATED)
DECISION_TEXTS = tuple(text for texts in DECISIONS.values() for text in texts)
ACTION_TITLES = tuple(title for titles in ACTIONS.values() for title in titles)


@dataclass(frozen=True)
class PoleSeed:
    """What the cooperative life of one new pole is drawn from."""

    index: int
    pole_id: int
    organisation_ids: Sequence[int]
    public_ids: Sequence[int]  # local authorities, where elected officials sit


@dataclass
class LifeCounts:
    people: int = 0
    working_groups: int = 0
    meetings: int = 0
    attendances: int = 0
    decisions: int = 0
    actions: int = 0


class _Table:
    """`INSERT` of whole rows with `executemany`; columns not given get the field's default."""

    def __init__(self, model: type[models.Model], fields: Sequence[str]) -> None:
        meta = model._meta
        given = [meta.get_field(name) for name in fields]
        rest = [f for f in meta.concrete_fields if not f.primary_key and f.name not in fields]
        columns = ", ".join(connection.ops.quote_name(f.column) for f in [*given, *rest])
        marks = ", ".join(["%s"] * (len(given) + len(rest)))
        self.model = model
        self.sql = f"INSERT INTO {connection.ops.quote_name(meta.db_table)} ({columns}) " \
                   f"VALUES ({marks})"
        self.defaults = tuple(f.get_db_prep_save(f.get_default(), connection) for f in rest)

    def insert(self, rows: list[tuple]) -> None:
        if not rows:
            return
        if self.defaults:
            rows = [row + self.defaults for row in rows]
        with connection.cursor() as cursor:
            cursor.executemany(self.sql, rows)

    def new_ids(self, pole_ids: Iterable[int]) -> list[int]:
        """Ids of the rows of these poles, in insertion order."""
        return list(
            self.model.objects.filter(pole_id__in=list(pole_ids))
            .order_by("pk").values_list("pk", flat=True)
        )


def _workdays() -> list[dt.date]:
    days, day = [], FIRST_DAY
    while day <= LAST_DAY:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def create_cooperative_life(poles: Sequence[PoleSeed], *, seed: int) -> LifeCounts:
    """Write the cooperative life of `poles` (just created, in this transaction)."""
    if not poles:
        return LifeCounts()
    ops = connection.ops
    date_value = ops.adapt_datefield_value
    time_value = ops.adapt_timefield_value
    workdays = _workdays()
    workday_values = [date_value(day) for day in workdays]
    hours = {kind: (time_value(start), time_value(end)) for kind, (start, end) in
             KIND_HOURS.items()}
    rngs = {p.index: random.Random(f"ptce-generate-life:{seed}:{p.index}") for p in poles}
    pole_ids = [p.pole_id for p in poles]
    counts = LifeCounts()

    # People: first, since everything else points at them.
    people_table = _Table(Person, (
        "pole", "is_synthetic", "first_name", "last_name", "kind", "organisation", "gender",
        "consent_directory", "consent_contact", "consent_research",
    ))
    kinds_by_pole: dict[int, list[str]] = {}
    orgs_by_pole: dict[int, list[int | None]] = {}
    rows: list[tuple] = []
    for pole in poles:
        rng = rngs[pole.index]
        count = rng.randint(*PEOPLE_PER_POLE)
        kinds = rng.choices(PERSON_KINDS, cum_weights=PERSON_KIND_CUM_WEIGHTS, k=count)
        organisations: list[int | None] = []
        for kind in kinds:
            if kind == PersonKind.INHABITANT:
                organisation = None
            elif kind == PersonKind.ELECTED and pole.public_ids:
                organisation = rng.choice(pole.public_ids)
            else:
                organisation = rng.choice(pole.organisation_ids)
            gender = declared_gender(rng)
            rows.append((
                pole.pole_id, True, first_name(rng, gender), rng.choice(LAST_NAMES), kind,
                organisation, gender, rng.random() < 0.6, rng.random() < 0.7,
                rng.random() < 0.4,
            ))
            organisations.append(organisation)
        kinds_by_pole[pole.pole_id] = kinds
        orgs_by_pole[pole.pole_id] = organisations
    people_table.insert(rows)
    counts.people = len(rows)
    people_ids = _split(people_table.new_ids(pole_ids), [len(kinds_by_pole[p]) for p in pole_ids])

    # Working groups, their lead and members.
    group_table = _Table(WorkingGroup, ("pole", "is_synthetic", "theme", "lead"))
    themes_by_pole: dict[int, list[str]] = {}
    rows = []
    for pole, people in zip(poles, people_ids, strict=True):
        rng = rngs[pole.index]
        themes = rng.sample(THEMES, WORKING_GROUPS_PER_POLE)
        themes_by_pole[pole.pole_id] = themes
        rows += [(pole.pole_id, True, theme, rng.choice(people)) for theme in themes]
    group_table.insert(rows)
    counts.working_groups = len(rows)
    group_ids = _split(group_table.new_ids(pole_ids), [WORKING_GROUPS_PER_POLE] * len(poles))
    through = WorkingGroup.members.through
    members_table = _Table(through, ("workinggroup", "person"))
    members_table.insert([
        (group, person)
        for pole, groups, people in zip(poles, group_ids, people_ids, strict=True)
        for group in groups
        for person in rngs[pole.index].sample(people, rngs[pole.index].randint(5, 8))
    ])

    # Meetings, in date order within each pole.
    meeting_table = _Table(Meeting, (
        "pole", "is_synthetic", "title", "kind", "date", "start_time", "end_time",
        "working_group",
    ))
    plans: list[list[tuple[str, int]]] = []  # per pole: (kind, day index)
    rows = []
    for pole, groups in zip(poles, group_ids, strict=True):
        rng = rngs[pole.index]
        count = rng.randint(*MEETINGS_PER_POLE)
        kinds = rng.choices(KINDS, weights=KIND_WEIGHTS, k=count)
        days = sorted(rng.randrange(len(workdays)) for _ in range(count))
        themes = themes_by_pole[pole.pole_id]
        plan = list(zip(kinds, days, strict=True))
        plans.append(plan)
        for kind, day in plan:
            start, end = hours[kind]
            if kind == MeetingKind.WORKING_GROUP:
                number = rng.randrange(WORKING_GROUPS_PER_POLE)
                title, group = f"Groupe de travail « {themes[number]} »", groups[number]
            else:
                title, group = KIND_TITLES[kind], None
            rows.append((pole.pole_id, True, title, kind, workday_values[day], start, end, group))
    meeting_table.insert(rows)
    counts.meetings = len(rows)
    meeting_ids = _split(meeting_table.new_ids(pole_ids), [len(plan) for plan in plans])

    # Attendance: the bulk of the rows, built as plain tuples in one pass per pole.
    attendance_table = _Table(Attendance, (
        "pole", "is_synthetic", "meeting", "person", "organisation", "status",
    ))
    rows = []
    low, high = INVITATIONS_PER_MEETING
    for pole, meetings, people in zip(poles, meeting_ids, people_ids, strict=True):
        rng = rngs[pole.index]
        organisations = orgs_by_pole[pole.pole_id]
        positions = range(len(people))
        pole_id = pole.pole_id
        for meeting in meetings:
            invited = rng.sample(positions, rng.randint(low, high))
            statuses = rng.choices(STATUSES, cum_weights=STATUS_CUM_WEIGHTS, k=len(invited))
            rows += [
                (pole_id, True, meeting, people[i], organisations[i], status)
                for i, status in zip(invited, statuses, strict=True)
            ]
    attendance_table.insert(rows)
    counts.attendances = len(rows)
    del rows

    # Decisions at a quarter of the deciding meetings, then their actions.
    decision_table = _Table(Decision, ("pole", "is_synthetic", "meeting", "mode", "text"))
    decided: list[list[int]] = []  # per pole: day index of each decision's meeting
    rows = []
    for pole, plan, meetings in zip(poles, plans, meeting_ids, strict=True):
        rng = rngs[pole.index]
        days = []
        for (kind, day), meeting in zip(plan, meetings, strict=True):
            if kind in DECIDING_KINDS and rng.random() < DECISION_SHARE:
                for _ in range(rng.randint(1, 2)):
                    rows.append((pole.pole_id, True, meeting, rng.choice(MODES),
                                 rng.choice(DECISION_TEXTS)))
                    days.append(day)
        decided.append(days)
    decision_table.insert(rows)
    counts.decisions = len(rows)
    decision_ids = _split(decision_table.new_ids(pole_ids), [len(days) for days in decided])

    action_table = _Table(Action, (
        "pole", "is_synthetic", "decision", "title", "owner_person", "owner_organisation",
        "due_date", "status", "completed_on",
    ))
    rows = []
    for pole, decisions, days, people in zip(poles, decision_ids, decided, people_ids,
                                              strict=True):
        rng = rngs[pole.index]
        kinds = kinds_by_pole[pole.pole_id]
        owners = [person for person, kind in zip(people, kinds, strict=True)
                  if kind in OWNER_KINDS] or list(people)
        for decision, day in zip(decisions, days, strict=True):
            for _ in range(rng.choices((0, 1, 2), weights=(20, 50, 30))[0]):
                person, organisation = None, None
                if rng.random() < 0.85:
                    person = rng.choice(owners)
                else:
                    organisation = rng.choice(pole.organisation_ids)
                due, status, completed = action_fate(rng, workdays[day])
                rows.append((
                    pole.pole_id, True, decision, rng.choice(ACTION_TITLES), person,
                    organisation, date_value(due), status, date_value(completed),
                ))
    action_table.insert(rows)
    counts.actions = len(rows)
    return counts


def _split(ids: list[int], sizes: Sequence[int]) -> list[list[int]]:
    """Cut ids read back in insertion order into the per-pole runs they were inserted as."""
    if len(ids) != sum(sizes):
        raise RuntimeError(f"read back {len(ids)} ids for {sum(sizes)} new rows")
    runs, start = [], 0
    for size in sizes:
        runs.append(ids[start:start + size])
        start += size
    return runs
