"""The economics pages run as many queries for 500 funding lines as for 10."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ptce.economics.models import (
    FundingLine,
    InKindContribution,
    VolunteerRate,
    VolunteerTime,
)
from ptce.registry.models import Organisation, Person

KINDS = ("dues", "grant_region", "grant_epci", "own_revenue", "private_foundation", "loan")
# Session, user and role (3), then the page's own reads: the dashboard reads funding lines,
# rates, volunteering hours and contributions in kind (4), whatever the scenario.
MAX_QUERIES = {
    "economics-dashboard": 7,
    "funding-list": 5,
    "volunteering-list": 7,
    "in-kind-list": 5,
    "in-kind-annex": 8,
}


def _pole(make_pole, slug: str, n: int):
    """`n` funding lines over five years, with as many volunteering and in-kind rows."""
    pole = make_pole(slug)
    orgs = [Organisation.objects.create(pole=pole, name=f"S{i}") for i in range(5)]
    person = Person.objects.create(pole=pole, first_name="P", last_name="Q", organisation=orgs[0])
    FundingLine.objects.bulk_create(
        FundingLine(
            pole=pole,
            year=2020 + i % 5,
            source_kind=KINDS[i % len(KINDS)],
            funder=orgs[i % 5] if i % 2 else None,
            funder_name="" if i % 2 else f"Financeur {i % 7}",
            label=f"L{i}",
            amount=Decimal(1000 + i),
            agreement_start=dt.date(2020 + i % 5, 1, 1),
            agreement_end=dt.date(2021 + i % 5, 12, 31),
        )
        for i in range(n)
    )
    VolunteerTime.objects.bulk_create(
        VolunteerTime(
            pole=pole,
            year=2020 + i % 5,
            activity="events",
            hours=Decimal(3),
            person=person if i % 2 else None,
            organisation=orgs[i % 5],
        )
        for i in range(n)
    )
    InKindContribution.objects.bulk_create(
        InKindContribution(
            pole=pole,
            year=2020 + i % 5,
            kind=("goods", "premises", "services")[i % 3],
            provider=orgs[i % 5],
            description=f"C{i}",
            value=Decimal(100),
        )
        for i in range(n)
    )
    VolunteerRate.objects.create(pole=pole, year=2024, hourly_rate=Decimal(15), basis="b")
    return pole


@pytest.mark.parametrize("name", sorted(MAX_QUERIES))
def test_same_bound_small_and_large(
    make_pole, make_user, client, name, django_assert_max_num_queries
):
    counts = []
    for slug, n in (("petit", 10), ("grand", 500)):
        pole = _pole(make_pole, slug, n)
        client.force_login(make_user(f"u-{slug}", pole=pole, role="coordinator"))
        url = reverse(name, args=[slug])
        if name == "economics-dashboard":
            url += "?scenario=public&baisse=20"
        with (
            django_assert_max_num_queries(MAX_QUERIES[name]),
            CaptureQueriesContext(connection) as captured,
        ):
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(captured))
        if name == "economics-dashboard":
            assert response.context["stress"]["scenario"]
    assert counts[0] == counts[1], counts
