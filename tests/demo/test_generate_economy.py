"""`ptce generate`: the generated poles' poolings, employer groups, bookings, projects and
budgets are deterministic, synthetic, consistent within their pole, and follow the rules the
pages rely on (cent-exact employer-group statements, no overlapping bookings)."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from io import StringIO

import pandas as pd
import pytest
from django.core.management import call_command
from django.db.models import Count, F, Q

from ptce.demo.generate import generate
from ptce.demo.generate_economy import ALLOCATION_MONTHS, BUDGET_YEARS
from ptce.economics.models import (
    FundingLine,
    InKindContribution,
    VolunteerRate,
    VolunteerTime,
)
from ptce.poles.models import Pole
from ptce.pooling.models import (
    Booking,
    HourAllocation,
    Pooling,
    PoolingCost,
    PoolingKind,
    PoolingParticipant,
    SharedEmployee,
    SharedResource,
)
from ptce.projects.models import PartnerRole, Project, ProjectPartner
from ptce_analytics.employer_group import monthly_statement

pytestmark = pytest.mark.django_db

COUNTED = {
    "poolings": Pooling, "participants": PoolingParticipant, "costs": PoolingCost,
    "employees": SharedEmployee, "allocations": HourAllocation, "resources": SharedResource,
    "bookings": Booking, "projects": Project, "partners": ProjectPartner,
    "funding_lines": FundingLine, "volunteer_times": VolunteerTime,
    "volunteer_rates": VolunteerRate, "in_kind": InKindContribution,
}
# Rows pointing at a structure: (model, path to the structure).
STRUCTURE_LINKS = [
    (PoolingParticipant, "organisation"), (HourAllocation, "organisation"),
    (Booking, "organisation"), (ProjectPartner, "organisation"), (FundingLine, "funder"),
    (VolunteerTime, "organisation"), (InKindContribution, "provider"), (Pooling, "carrier"),
]


def _content() -> list[list[tuple]]:
    queries = [
        Pooling.objects.values_list("pole__slug", "kind", "name", "started_on", "carrier__name"),
        PoolingParticipant.objects.values_list("pole__slug", "pooling__name",
                                               "organisation__name", "quantity", "share_key"),
        SharedEmployee.objects.values_list("pole__slug", "name", "job_title", "monthly_hours",
                                           "hourly_cost", "started_on", "ended_on"),
        HourAllocation.objects.values_list("pole__slug", "employee__name",
                                           "organisation__name", "month", "hours"),
        Booking.objects.values_list("pole__slug", "resource__name", "starts_at", "ends_at",
                                    "organisation__name", "title"),
        Project.objects.values_list("pole__slug", "name", "status", "started_on",
                                    "jobs_created_fte", "budget_eur"),
        FundingLine.objects.values_list("pole__slug", "year", "source_kind", "label", "amount",
                                        "funder__name", "funder_name", "agreement_end"),
        VolunteerTime.objects.values_list("pole__slug", "year", "activity", "hours",
                                          "organisation__name"),
    ]
    return [sorted(query, key=repr) for query in queries]


def test_generated_poles_get_every_kind_of_economy_row_within_their_pole():
    report = generate(poles=3, seed=1)
    for name, model in COUNTED.items():
        assert getattr(report.economy, name) == model.objects.count() > 0, name
        assert not model.objects.filter(is_synthetic=False).exists(), name
    kinds = set(Pooling.objects.values_list("kind", flat=True))
    assert {PoolingKind.PREMISES, PoolingKind.EMPLOYER_GROUP} <= kinds
    assert len(kinds) >= 4
    for model, path in STRUCTURE_LINKS:
        assert not model.objects.exclude(**{path: None}).exclude(
            **{f"{path}__pole": F("pole")}).exists(), model.__name__
    assert not Booking.objects.exclude(resource__pole=F("pole")).exists()
    assert not HourAllocation.objects.exclude(employee__pole=F("pole")).exists()

    for pole in Pole.objects.all():
        per_year = dict(
            FundingLine.objects.filter(pole=pole).values_list("year")
            .annotate(n=Count("id")).values_list("year", "n")
        )
        assert sorted(per_year) == list(BUDGET_YEARS), pole.slug
        assert all(15 <= n <= 40 for n in per_year.values()), (pole.slug, per_year)
        # Dues come one by one from the members that pay the most, the rest summed up.
        dues = FundingLine.objects.filter(pole=pole, source_kind="dues")
        assert dues.filter(funder__isnull=False).exists()
        assert not dues.filter(funder__isnull=False, amount__lt=150).exists()
        projects = Project.objects.filter(pole=pole)
        assert projects.count() >= 4
        leads = projects.annotate(leads=Count("partners",
                                              filter=Q(partners__role=PartnerRole.LEAD)))
        assert set(leads.values_list("leads", flat=True)) == {1}
    # A grant earmarked for a project falls within the project's years.
    for line in FundingLine.objects.filter(project__isnull=False).select_related("project"):
        project = line.project
        assert project.status in ("active", "completed")
        assert project.started_on.year <= line.year
        assert project.ended_on is None or line.year <= project.ended_on.year
    # Unknown stays unknown: some jobs and some participants' quantities are not given.
    assert Project.objects.filter(jobs_created_fte__isnull=True).exists()
    assert Project.objects.filter(jobs_created_fte__isnull=False).exists()
    assert PoolingParticipant.objects.filter(quantity__isnull=True).exists()


def test_same_seed_same_economy_and_another_seed_another():
    generate(poles=3, seed=1)
    first = _content()
    generate(poles=3, seed=1, replace=True)
    assert _content() == first
    generate(poles=3, seed=2, replace=True)
    other = _content()
    assert other[6] != first[6]  # funding lines
    assert other[4] != first[4]  # bookings


def test_without_meetings_no_economy_either():
    report = generate(poles=2, seed=1, meetings=False)
    assert report.economy.total == 0
    for model in COUNTED.values():
        assert not model.objects.exists(), model.__name__


def test_generated_statements_charge_exactly_and_bookings_never_overlap():
    generate(poles=3, seed=1)
    groups = Pooling.objects.filter(kind=PoolingKind.EMPLOYER_GROUP)
    assert groups.exists()
    for pooling in groups:
        months = sorted(set(HourAllocation.objects.filter(employee__pooling=pooling)
                            .values_list("month", flat=True)))
        assert months == list(ALLOCATION_MONTHS)
        for month in months:
            end = (month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
            staff = pooling.employees.filter(started_on__lte=end).filter(
                Q(ended_on__isnull=True) | Q(ended_on__gte=month))
            employees = pd.DataFrame.from_records(
                staff.values("id", "monthly_hours", "hourly_cost")
            ).rename(columns={"id": "employee_id"})
            allocations = pd.DataFrame.from_records(
                HourAllocation.objects.filter(employee__pooling=pooling, month=month)
                .values("employee_id", "organisation_id", "month", "hours")
            )
            statement = monthly_statement(employees, allocations, month)
            assert statement.unallocated == []
            assert 3 <= len(statement.members) <= 6
            expected = 0
            for employee in staff:
                lent = sum(allocations.loc[allocations.employee_id == employee.pk, "hours"])
                costed = max(employee.monthly_hours, lent)
                expected += int((employee.hourly_cost * costed).quantize(
                    Decimal("0.01"), rounding=ROUND_HALF_UP) * 100)
            assert statement.total_cents == expected
            assert sum(member.amount_cents for member in statement.members) == expected

    previous = None
    for booking in Booking.objects.filter(cancelled_at__isnull=True).order_by("resource_id",
                                                                               "starts_at"):
        if previous is not None and previous.resource_id == booking.resource_id:
            assert previous.ends_at <= booking.starts_at, (previous, booking)
        previous = booking


def test_the_command_reports_the_economy():
    out = StringIO()
    call_command("generate", "--poles", "1", "--seed", "1", stdout=out)
    assert "Économie :" in out.getvalue()
    assert f"{FundingLine.objects.count()} lignes de financement" in out.getvalue()
