"""`ptce demo`: poolings, employer groups, bookings, projects and budgets of the 13 poles.

Oracles: the YAML's sourced `premises` and `investment` keys (Le Périscope's 1,200 m²
building, inaugurated on 10 March 2016, with €1,200,000 from the Sicoval and €600,000 from the
Région), the employer-group charging rule of `ptce_analytics.employer_group`, and the booking
rule (two live bookings of a resource never overlap).
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
from django.contrib.auth import get_user_model
from django.db.models import Count, F, Q, Sum

from ptce.demo.economy import DEMO_ALLOCATION_MONTHS, DEMO_BUDGET_YEARS
from ptce.demo.services import OBSERVED_POLE, pole_records, run_demo
from ptce.economics.models import (
    FundingLine,
    InKindContribution,
    Section,
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
from ptce.projects.models import PartnerRole, Project, ProjectPartner, StudyKind
from ptce.registry.models import Membership, Person
from ptce.territory.models import Commune
from ptce_analytics.economics import stress_test
from ptce_analytics.employer_group import monthly_statement

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 18)  # a Wednesday
PARIS = ZoneInfo("Europe/Paris")
ECONOMY_MODELS = [Pooling, PoolingParticipant, PoolingCost, SharedEmployee, HourAllocation,
                  SharedResource, Booking, Project, ProjectPartner, FundingLine, VolunteerTime,
                  VolunteerRate, InKindContribution]


def _records() -> dict[str, dict]:
    return {record["slug"]: record for record in pole_records()}


def _periscope_premises() -> Pooling:
    return Pooling.objects.get(pole__slug=OBSERVED_POLE, kind=PoolingKind.PREMISES)


# --- sourced facts -------------------------------------------------------------------------------


def test_le_periscope_has_its_sourced_1200_m2_premises_and_investment():
    run_demo(today=TODAY)
    premises = _periscope_premises()
    assert premises.name == "Le Périscope — locaux partagés"
    assert premises.started_on == dt.date(2016, 3, 10)
    assert premises.unit == "m2"
    assert not premises.is_synthetic
    # 1,200 m² shared among its twelve tenants (RTES), whose shares are drawn.
    participants = premises.participants.all()
    assert participants.count() == 12
    assert participants.aggregate(total=Sum("quantity"))["total"] == Decimal(1200)
    assert not participants.filter(is_synthetic=False).exists()

    lines = FundingLine.objects.filter(pole__slug=OBSERVED_POLE, section=Section.INVESTMENT,
                                       is_synthetic=False)
    assert sorted(lines.values_list("source_kind", "amount")) == [
        ("grant_epci", Decimal("1200000.00")), ("grant_region", Decimal("600000.00")),
    ]
    region = lines.get(source_kind="grant_region")
    assert region.funder_name == "Région Midi-Pyrénées"
    sicoval = lines.get(source_kind="grant_epci")
    if Commune.objects.exists():
        # The registry has the Sicoval (the pole's intercommunality): it is the funder, and
        # the owner carrying the premises.
        assert "Sicoval" in sicoval.funder.name
        assert premises.carrier_id == sicoval.funder_id
    else:
        assert sicoval.funder_name == "Sicoval"
    assert {line.year for line in lines} == {2015}
    assert all("ToulÉco" in line.label for line in lines)


def test_every_new_row_is_synthetic_except_the_sourced_ones():
    run_demo(today=TODAY)
    expected_places = {
        (slug, record["premises"]["name"]) for slug, record in _records().items()
        if record.get("premises")
    }
    assert len(expected_places) == 7
    assert set(Pooling.objects.filter(is_synthetic=False).values_list(
        "pole__slug", "name")) == expected_places
    assert FundingLine.objects.filter(is_synthetic=False).count() == 2
    assert not FundingLine.objects.filter(is_synthetic=False).exclude(
        pole__slug=OBSERVED_POLE, section=Section.INVESTMENT).exists()
    for model in ECONOMY_MODELS:
        assert model.objects.exists(), model.__name__
        if model not in (Pooling, FundingLine):
            assert not model.objects.filter(is_synthetic=False).exists(), model.__name__
    # A documented place keeps its unknowns: no area where the sources give none or disagree.
    for slug, record in _records().items():
        block = record.get("premises")
        if block and block.get("area_m2") is None:
            pooling = Pooling.objects.get(pole__slug=slug, name=block["name"])
            assert pooling.unit == ""
            assert not pooling.participants.filter(quantity__isnull=False).exists(), slug
            assert pooling.started_on == block.get("opened_on"), slug


# --- employer groups ----------------------------------------------------------------------------


def _month_frames(pooling: Pooling, month: dt.date) -> tuple[pd.DataFrame, pd.DataFrame]:
    end = (month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    employees = pooling.employees.filter(started_on__lte=end).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=month))
    employee_frame = pd.DataFrame.from_records(
        employees.values("id", "monthly_hours", "hourly_cost"),
        columns=["id", "monthly_hours", "hourly_cost"],
    ).rename(columns={"id": "employee_id"})
    allocations = pd.DataFrame.from_records(
        HourAllocation.objects.filter(employee__pooling=pooling, month=month)
        .values("employee_id", "organisation_id", "month", "hours"),
        columns=["employee_id", "organisation_id", "month", "hours"],
    )
    return employee_frame, allocations


def test_employer_group_statements_charge_members_exactly_the_staff_cost():
    run_demo(today=TODAY)
    groups = Pooling.objects.filter(kind=PoolingKind.EMPLOYER_GROUP)
    expected = {r["slug"] for r in pole_records() if r.get("employer_group") is True}
    assert set(groups.values_list("pole__slug", flat=True)) == expected | {OBSERVED_POLE}

    periscope = groups.get(pole__slug=OBSERVED_POLE)
    assert 2 <= periscope.employees.count() <= 3
    months = sorted(set(HourAllocation.objects.filter(employee__pooling=periscope)
                        .values_list("month", flat=True)))
    assert len(months) == DEMO_ALLOCATION_MONTHS >= 12
    assert months[-1] == TODAY.replace(day=1)
    for pooling in groups:
        for month in sorted(set(HourAllocation.objects.filter(employee__pooling=pooling)
                                .values_list("month", flat=True))):
            employees, allocations = _month_frames(pooling, month)
            statement = monthly_statement(employees, allocations, month)
            # Every employee is lent that month: nothing is left for the group to absorb.
            assert statement.unallocated == []
            cost = sum(
                int((row.hourly_cost * max(row.monthly_hours, Decimal(str(
                    allocations.loc[allocations.employee_id == row.employee_id, "hours"].sum()
                )))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) * 100)
                for row in employees.itertuples()
            )
            assert statement.total_cents == cost
            assert sum(m.amount_cents for m in statement.members) == cost
            assert 3 <= len(statement.members) <= 6
    # Lent to member structures of the same pole, never to the carrying group itself.
    assert not HourAllocation.objects.exclude(organisation__pole=F("pole")).exists()
    assert not HourAllocation.objects.filter(
        organisation=F("employee__pooling__carrier")).exists()


# --- bookings ---------------------------------------------------------------------------------


def test_live_bookings_never_overlap_and_the_calendar_has_upcoming_ones():
    run_demo(today=TODAY)
    live = Booking.objects.filter(cancelled_at__isnull=True).order_by("resource_id", "starts_at")
    previous = None
    for booking in live:
        if previous is not None and previous.resource_id == booking.resource_id:
            assert previous.ends_at <= booking.starts_at, (previous, booking)
        previous = booking
        local_start, local_end = booking.starts_at.astimezone(PARIS), \
            booking.ends_at.astimezone(PARIS)
        assert local_start.weekday() < 5
        assert dt.time(8) <= local_start.time() and local_end.time() <= dt.time(19)
        assert local_start.date() == local_end.date()
        assert booking.resource.is_bookable
        assert booking.organisation.pole_id == booking.pole_id
    periscope = Booking.objects.filter(pole__slug=OBSERVED_POLE, cancelled_at__isnull=True)
    upcoming = periscope.filter(starts_at__date__gt=TODAY)
    assert upcoming.count() >= 10
    assert upcoming.values("resource").distinct().count() >= 4
    assert periscope.filter(resource__name="Salle de réunion Canal",
                            resource__capacity=40).exists()
    # A cancelled booking keeps its place in the record while a live one took the slot.
    cancelled = Booking.objects.get(pole__slug=OBSERVED_POLE, cancelled_at__isnull=False)
    assert live.filter(resource=cancelled.resource, starts_at__lt=cancelled.ends_at,
                       ends_at__gt=cancelled.starts_at).exists()
    # The `membre` account booked for its own structure.
    membre = get_user_model().objects.get(username="membre")
    structure = Person.objects.get(user=membre).organisation_id
    mine = periscope.filter(booked_by=membre)
    assert mine.exists()
    assert set(mine.values_list("organisation_id", flat=True)) == {structure}
    # A ceased pole books nothing.
    assert not Booking.objects.filter(pole__slug="initiatives-et-cite").exists()


# --- budgets, volunteering, in kind -------------------------------------------------------------


def _funding_frame(slug: str) -> pd.DataFrame:
    return pd.DataFrame.from_records(
        FundingLine.objects.filter(pole__slug=slug).values(
            "id", "year", "source_kind", "funder_id", "amount", "agreement_start",
            "agreement_end", "section",
        )
    ).rename(columns={"id": "line_id", "funder_id": "funder"})


def test_periscope_budget_has_member_dues_grants_and_an_agreement_ending():
    run_demo(today=TODAY)
    lines = FundingLine.objects.filter(pole__slug=OBSERVED_POLE, section=Section.OPERATING)
    assert sorted(set(lines.values_list("year", flat=True))) == list(DEMO_BUDGET_YEARS)
    for year in DEMO_BUDGET_YEARS:
        dues = dict(lines.filter(year=year, source_kind="dues").values_list("funder_id",
                                                                            "amount"))
        members = {
            m.organisation_id: m.dues_eur
            for m in Membership.objects.filter(pole__slug=OBSERVED_POLE, dues_eur__isnull=False)
            if (m.start_date is None or m.start_date.year <= year)
            and (m.end_date is None or m.end_date.year >= year)
        }
        assert dues == members
        kinds = set(lines.filter(year=year).values_list("source_kind", flat=True))
        assert {"dues", "grant_epci", "grant_region", "grant_departement",
                "own_revenue"} <= kinds
    # Shared rents come from the tenants of the building.
    tenants = set(_periscope_premises().participants.values_list("organisation_id", flat=True))
    rents = set(lines.filter(label="Loyer et charges des locaux")
                .values_list("funder_id", flat=True))
    assert rents == tenants

    # The Sicoval's agreement ends with 2025: projected from 2025, 2026 already has a gap.
    result = stress_test(_funding_frame(OBSERVED_POLE), base_year=2025)
    assert result.years[0].year == 2026
    assert result.years[0].baseline_gap > 0
    assert lines.filter(year=2025, agreement_end=dt.date(2025, 12, 31)).exists()

    hours = VolunteerTime.objects.filter(pole__slug=OBSERVED_POLE)
    assert hours.values("activity").distinct().count() >= 5
    assert hours.filter(person__isnull=False).exists()
    assert hours.filter(organisation__isnull=False).exists()
    assert set(VolunteerRate.objects.filter(pole__slug=OBSERVED_POLE)
               .values_list("year", flat=True)) == set(DEMO_BUDGET_YEARS)
    assert set(InKindContribution.objects.filter(pole__slug=OBSERVED_POLE)
               .values_list("year", flat=True)) == set(DEMO_BUDGET_YEARS)


def test_every_pole_has_a_budget_and_a_ceased_pole_stops_with_its_last_year():
    run_demo(today=TODAY)
    for record in pole_records():
        years = set(FundingLine.objects.filter(
            pole__slug=record["slug"], section=Section.OPERATING
        ).values_list("year", flat=True))
        if record.get("ceased"):
            assert years and max(years) < record["ceased"], record["slug"]
        else:
            assert years == set(DEMO_BUDGET_YEARS), record["slug"]
    # Funders named in the registry are structures of the same pole.
    assert not FundingLine.objects.exclude(funder=None).exclude(funder__pole=F("pole")).exists()
    # A line names its funder one way or the other, except the lumped and own-revenue lines.
    assert not FundingLine.objects.filter(funder=None, funder_name="").exclude(
        source_kind__in=("dues", "own_revenue")).exists()


# --- projects ---------------------------------------------------------------------------------


def test_projects_have_one_lead_and_unknown_jobs_stay_unknown():
    run_demo(today=TODAY)
    projects = Project.objects.filter(pole__slug=OBSERVED_POLE)
    assert projects.count() >= 5
    leads = projects.annotate(leads=Count("partners", filter=Q(partners__role=PartnerRole.LEAD)))
    assert set(leads.values_list("leads", flat=True)) == {1}
    assert all(project.partners.count() >= 2 for project in projects)
    # Some projects counted their jobs, others did not: unknown is None, never 0.
    everywhere = Project.objects.all()
    assert everywhere.filter(jobs_created_fte__isnull=True).exists()
    assert everywhere.filter(jobs_created_fte__gt=0).exists()
    # The Périscope's action research, with a research partner, funded by a foundation.
    research = projects.get(study_kind=StudyKind.ACTION_RESEARCH)
    assert research.partners.filter(organisation__legal_category="7383").exists()
    # Funded projects run while their funders' agreements do.
    funded = FundingLine.objects.filter(project__isnull=False).select_related("project")
    assert funded.filter(pole__slug=OBSERVED_POLE).count() >= 4
    for line in funded:
        project = line.project
        assert project.status in ("active", "completed"), project.name
        assert project.started_on.year <= line.year, project.name
        assert project.ended_on is None or line.year <= project.ended_on.year, project.name
    assert research.funding_lines.filter(source_kind="private_foundation").exists()
    assert Project.objects.filter(pole__slug="les-articulteurs",
                                  study_kind=StudyKind.ACTION_RESEARCH).exists()
    assert not ProjectPartner.objects.exclude(organisation__pole=F("pole")).exists()
    # Some projects came out of the Périscope's working groups, none out of another pole's.
    assert projects.filter(working_group__pole=F("pole")).exists()
    assert not Project.objects.exclude(working_group=None).exclude(
        working_group__pole=F("pole")).exists()


# --- reruns -----------------------------------------------------------------------------------


def _content() -> list[list[tuple]]:
    """Every economy row by content (ids differ from one run to the next)."""
    queries = [
        Pooling.objects.values_list("pole__slug", "kind", "name", "started_on", "carrier__name"),
        PoolingParticipant.objects.values_list("pole__slug", "pooling__name",
                                               "organisation__name", "quantity"),
        HourAllocation.objects.values_list("pole__slug", "employee__name",
                                           "organisation__name", "month", "hours"),
        Booking.objects.values_list("pole__slug", "resource__name", "starts_at",
                                    "organisation__name", "cancelled_at"),
        FundingLine.objects.values_list("pole__slug", "year", "source_kind", "label", "amount",
                                        "funder__name", "funder_name"),
        Project.objects.values_list("pole__slug", "name", "status", "jobs_created_fte"),
    ]
    return [sorted(query, key=repr) for query in queries]


def test_a_second_run_creates_nothing_and_a_run_from_scratch_is_the_same():
    run_demo(today=TODAY)
    first = _content()
    counts = {model.__name__: model.objects.count() for model in ECONOMY_MODELS}
    report = run_demo(today=TODAY)
    assert report.economy.counts.total == 0
    assert len(report.economy.poles_skipped) == 13
    assert {model.__name__: model.objects.count() for model in ECONOMY_MODELS} == counts

    # Bookings and funding lines restrict deleting a structure, not deleting its pole.
    Pole.objects.all().delete()
    run_demo(today=TODAY)
    assert _content() == first
