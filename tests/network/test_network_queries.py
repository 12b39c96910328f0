"""The network pages run a fixed number of queries, whatever the size of the pole."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ptce.meetings.models import Attendance, AttendanceStatus, Meeting, MeetingKind, WorkingGroup
from ptce.pooling.models import Pooling, PoolingKind, PoolingParticipant
from ptce.projects.models import PartnerRole, Project, ProjectPartner, ProjectStatus
from ptce.registry.models import Membership, Organisation, Person

# Session, user, role, then per window: members, four sources, the people (when asked).
MAX_QUERIES = 16
PARAMS = {"au": "31/12/2024", "personnes": "on", "filtre": "1",
          "source": ["project", "pooling", "working_group", "meeting"]}  # fmt: skip


def _big_pole(make_pole, structures: int = 60):
    pole = make_pole("grand-pole", "Grand pôle")
    rng = random.Random(5)
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(pole=pole, name=f"Structure {i}", naf_code="88.10A")
            for i in range(structures)
        ]
    )
    Membership.objects.bulk_create(
        [
            Membership(pole=pole, organisation=o, start_date=dt.date(2015, 1, 1))
            for o in organisations
        ]
    )
    people = Person.objects.bulk_create(
        [Person(pole=pole, first_name=f"P{i}", last_name="Nom",
                organisation=organisations[i] if i % 5 else None) for i in range(structures)]
    )  # fmt: skip
    for index in range(40):
        project = Project.objects.create(
            pole=pole, name=f"Projet {index}", status=ProjectStatus.ACTIVE,
            started_on=dt.date(2024, 1 + index % 12, 1),
        )  # fmt: skip
        chosen = rng.sample(organisations, 3)
        ProjectPartner.objects.bulk_create(
            [ProjectPartner(pole=pole, project=project, organisation=o,
                            role=PartnerRole.LEAD if k == 0 else PartnerRole.PARTNER)
             for k, o in enumerate(chosen)]
        )  # fmt: skip
    for index in range(10):
        pooling = Pooling.objects.create(pole=pole, kind=PoolingKind.SERVICES, name=f"M{index}")
        PoolingParticipant.objects.bulk_create(
            [PoolingParticipant(pole=pole, pooling=pooling, organisation=o)
             for o in rng.sample(organisations, 4)]
        )  # fmt: skip
    for index in range(5):
        group = WorkingGroup.objects.create(pole=pole, theme=f"GT {index}")
        group.members.set(rng.sample(people, 6))
    for index in range(20):
        meeting = Meeting.objects.create(
            pole=pole, title=f"R{index}", kind=MeetingKind.SEMINAR,
            date=dt.date(2024, 1 + index % 12, 10),
        )  # fmt: skip
        Attendance.objects.bulk_create(
            [Attendance(pole=pole, meeting=meeting, person=p, status=AttendanceStatus.PRESENT)
             for p in rng.sample(people, 15)]
        )  # fmt: skip
    return pole


def _count(client, name: str, pole) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(name, args=[pole.slug]), PARAMS)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["network-graph", "network-data", "network-gexf"])
def test_queries_do_not_grow_with_the_pole(client, make_user, make_pole, etoile, name):
    big = _big_pole(make_pole)
    user = make_user("coord")
    from ptce.poles.models import RoleAssignment

    for pole in (etoile.pole, big):
        RoleAssignment.objects.create(user=user, pole=pole, role="coordinator")
    client.force_login(user)
    small = _count(client, name, etoile.pole)
    large = _count(client, name, big)
    assert small == large
    assert large <= MAX_QUERIES


def test_graph_page_query_bound(client, make_user, make_pole, django_assert_max_num_queries):
    big = _big_pole(make_pole)
    client.force_login(make_user("membre", pole=big, role="member"))
    with django_assert_max_num_queries(MAX_QUERIES + 1):  # the member's visible people
        response = client.get(reverse("network-graph", args=[big.slug]), PARAMS)
    assert response.status_code == 200
    assert "Structure 59" in response.content.decode()


def test_governance_page_query_bound(client, make_user, etoile, django_assert_max_num_queries):
    client.force_login(make_user("coord", pole=etoile.pole, role="coordinator"))
    with django_assert_max_num_queries(8):
        response = client.get(reverse("governance", args=[etoile.pole.slug]))
    assert response.status_code == 200
