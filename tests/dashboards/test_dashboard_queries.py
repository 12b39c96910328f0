"""The dashboards run as many queries for 2,000 meetings as for 10: the work is in the frames."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ptce.meetings.models import Action, Attendance, Decision, Meeting, WorkingGroup
from ptce.poles.models import RoleAssignment
from ptce.registry.models import Membership, Organisation, Person

KINDS = ("plenary", "seminar", "working_group", "steering_committee", "convivial")
PAGES = ("dashboard-mobilisation", "dashboard-execution", "attention-list")
EXPECTED_MAX = {"dashboard-mobilisation": 7, "dashboard-execution": 6, "attention-list": 9}


def _pole_with_meetings(make_pole, slug: str, n: int):
    """`n` meetings, five people present at each, a decision and an action every 5 meetings.

    The shape (structures, people, who never comes) is the same whatever `n`, so that any
    difference in the number of queries comes from the size alone.
    """
    pole = make_pole(slug)
    orgs = [Organisation.objects.create(pole=pole, name=f"S{i}") for i in range(5)]
    for org in orgs:
        Membership.objects.create(pole=pole, organisation=org)
    # The last structure never comes: it is drifting away in both poles.
    people = [
        Person.objects.create(
            pole=pole, first_name="P", last_name=str(i), organisation=orgs[i % 4], kind="employee"
        )
        for i in range(8)
    ]
    group = WorkingGroup.objects.create(pole=pole, theme="Groupe")
    start = dt.date(2015, 1, 1)
    meetings = Meeting.objects.bulk_create(
        Meeting(
            pole=pole,
            title=f"R{i}",
            kind=KINDS[i % len(KINDS)],
            date=start + dt.timedelta(days=i),
            working_group=group if KINDS[i % len(KINDS)] == "working_group" else None,
        )
        for i in range(n)
    )
    Attendance.objects.bulk_create(
        Attendance(
            pole=pole,
            meeting=meeting,
            person=people[(i + j) % len(people)],
            organisation=people[(i + j) % len(people)].organisation,
            status="present" if j < 5 else "excused",
        )
        for i, meeting in enumerate(meetings)
        for j in range(6)
    )
    decisions = Decision.objects.bulk_create(
        Decision(pole=pole, meeting=meeting, mode="consensus", text=f"D{i}")
        for i, meeting in enumerate(meetings)
        if i % 5 == 0
    )
    Action.objects.bulk_create(
        Action(
            pole=pole,
            decision=decision,
            title=f"A{i}",
            owner_person=people[i % len(people)] if i % 3 else None,
            owner_organisation=orgs[0] if i % 3 == 0 else None,
            due_date=decision.meeting.date + dt.timedelta(days=30),
            status=("open", "done", "dropped", "in_progress")[i % 4],
            completed_on=decision.meeting.date + dt.timedelta(days=20) if i % 4 == 1 else None,
        )
        for i, decision in enumerate(decisions)
        if i % 2 == 0  # every other decision has no action
    )
    return pole


def _queries(client, name: str, pole) -> tuple[int, float]:
    url = reverse(name, args=[pole.slug])
    with CaptureQueriesContext(connection) as queries:
        began = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - began
    assert response.status_code == 200
    return len(queries), elapsed


@pytest.mark.parametrize("page", PAGES)
def test_same_number_of_queries_for_10_and_2000_meetings(client, make_pole, make_user, page):
    small = _pole_with_meetings(make_pole, "petit", 10)
    large = _pole_with_meetings(make_pole, "grand", 2000)
    assert Meeting.objects.filter(pole=large).count() == 2000
    assert Attendance.objects.filter(pole=large).count() == 12000
    user = make_user("coord", pole=small, role="coordinator")
    RoleAssignment.objects.create(user=user, pole=large, role="coordinator")
    client.force_login(user)
    _queries(client, page, small)  # warm-up: session, caches, lazy imports
    small_count, _ = _queries(client, page, small)
    large_count, large_time = _queries(client, page, large)
    assert small_count == large_count, (small_count, large_count)
    # Session, user, role, then one query per frame: nothing grows with the meetings.
    assert small_count <= EXPECTED_MAX[page]
    # Generous: a guard against a quadratic slip, not a benchmark.
    assert large_time < 20
