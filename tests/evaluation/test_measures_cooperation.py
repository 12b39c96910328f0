"""B1.1, B1.2, B1.4, B2.1, B3.1 and B3.2 on « Pôle Mesure » (see measures_helpers), and when
they cannot be measured."""

from __future__ import annotations

import datetime as dt

import pytest
from measures_helpers import build, measure, member, organisation, scored

from ptce.meetings.models import Attendance, Meeting, MeetingKind
from ptce.pooling.models import Pooling, PoolingKind
from ptce.registry.models import Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def mesure(make_pole):
    return build(make_pole)


def test_b1_1_poolings_running_on_the_reference_date(mesure):
    # PL1 (from 2020) and PL3 (from 2021) run; PL2 ended on 31/03/2024, PL4 starts on
    # 01/09/2025 → 2, lower bound of [2, 4).
    assert scored(measure(mesure.pole, "B1.1")) == (2.0, 2, "[2, 4)", "")


def test_b1_2_members_engaged_in_a_pooling_or_an_active_project(mesure):
    # A (PL1, P1), B (PL3, P7), C (P5; it left PL1 on 31/12/2024), E (P1) of the 5 members;
    # D only in PL2 (ended) and P4 (an idea) → 4 / 5 = 80 %, lower bound of ≥ 80.
    assert scored(measure(mesure.pole, "B1.2")) == (80.0, 4, "≥ 80", "")


def test_b1_4_fte_of_shared_employees_under_contract(mesure):
    # S1, S2 and S5 (hired on ON itself), 151.67 h each → 3 × 151.67 / 151.67 = 3 FTE, the
    # lower bound of [3, 6); S3 left on 31/12/2024, S4 starts on 01/07/2025.
    result = measure(mesure.pole, "B1.4")
    assert scored(result) == (3.0, 3, "[3, 6)", "")
    assert result.unit == "fte"


def test_b1_4_part_time_contracts(mesure):
    # S5 works 113.75 h: (151.67 + 151.67 + 113.75) / 151.67 = 2.749983...
    from ptce.pooling.models import SharedEmployee

    SharedEmployee.objects.filter(name="S5").update(monthly_hours="113.75")
    assert measure(mesure.pole, "B1.4").value == pytest.approx(417.09 / 151.67, abs=1e-6)


def test_b2_1_mean_participation_in_plenaries(mesure):
    # Plenaries from 01/07/2024: M1 (A, B of the members A, B, C, D: 2 / 4) and M2 (A: 1 / 4;
    # E is a partner, C excused) → (0.5 + 0.25) / 2 = 37.5 %. M4 (01/05/2024) is older and the
    # seminar M3 is no plenary.
    assert scored(measure(mesure.pole, "B2.1")) == (37.5, 2, "[35, 50)", "")


def test_b2_1_a_plenary_with_nobody_present_is_a_measured_zero(mesure):
    Attendance.objects.filter(meeting__kind=MeetingKind.PLENARY).delete()
    assert scored(measure(mesure.pole, "B2.1"))[:2] == (0.0, 0)


def test_b3_1_signatures_of_the_current_charter(mesure):
    # Charter of 01/01/2019: A (2020) and C (2021) signed it; B signed an older one (2018), D
    # and E did not sign → 2 / 5 = 40 %.
    assert scored(measure(mesure.pole, "B3.1")) == (40.0, 2, "[25, 50)", "")


def test_b3_1_without_a_charter_date_every_signature_counts(mesure):
    mesure.pole.charter_signed_on = None
    mesure.pole.save()
    # A, B and C → 3 / 5 = 60 %.
    assert measure(mesure.pole, "B3.1").value == 60.0


def test_b3_1_no_charter_is_zero(mesure):
    # The référentiel says so: no charter at all → 0, a measure, not a missing value.
    mesure.pole.charter_signed_on = None
    mesure.pole.save()
    Membership.objects.filter(pole=mesure.pole).update(charter_signed_on=None)
    assert scored(measure(mesure.pole, "B3.1")) == (0.0, 0, "= 0", "")


def test_b3_2_actions_done_by_their_due_date_plus_30_days(mesure):
    # Decided from 01/07/2024 to 30/03/2025: a1 (19 days late) and a5 (no due date) in time;
    # a2 (44 days late), a3 (open, due 01/12/2024) and a9 (done only after ON) not → 2 / 5 =
    # 40 %, lower bound of [40, 60). Left out: a4 dropped, a6 open without due date, a7 done
    # on an unknown day, a8 still within its time, a10 decided too recently, a11 too early.
    assert scored(measure(mesure.pole, "B3.2")) == (40.0, 2, "[40, 60)", "")


def test_b3_2_window_follows_months(mesure):
    # Over 36 months M4 counts too, with a11 done on time → 3 / 6 = 50 %.
    assert measure(mesure.pole, "B3.2", months=36).value == 50.0


# --- not measurable ------------------------------------------------------------------------------


def test_without_members(make_pole):
    pole = make_pole("vide")
    empty = "aucune structure membre à cette date : le registre du pôle est vide"
    assert measure(pole, "B1.1").missing == empty
    assert measure(pole, "B1.4").missing == empty
    assert measure(pole, "B1.2").missing == "aucune structure membre à cette date"
    assert measure(pole, "B3.1").missing == "aucune structure membre à cette date"
    for code in ("B1.1", "B1.2", "B1.4", "B3.1"):
        assert measure(pole, code).value is None, code


def test_no_pooling_is_a_real_zero(make_pole):
    pole = make_pole("sans-mutualisation")
    member(pole, organisation(pole, "Seule"))
    assert scored(measure(pole, "B1.1")) == (0.0, 0, "[0, 1)", "")
    assert scored(measure(pole, "B1.4")) == (0.0, 0, "= 0", "")
    Pooling.objects.create(
        pole=pole,
        kind=PoolingKind.SKILLS,
        name="Ancienne",
        started_on=dt.date(2010, 1, 1),
        ended_on=dt.date(2011, 1, 1),
    )
    assert measure(pole, "B1.1").value == 0.0
    assert scored(measure(pole, "B1.2")) == (0.0, 0, "[0, 20)", "")


def test_b2_1_without_plenary_or_members(make_pole):
    pole = make_pole("sans-pleniere")
    result = measure(pole, "B2.1")
    assert result.value is None
    assert result.missing == "aucune plénière ni assemblée générale des 12 derniers mois"
    Meeting.objects.create(
        pole=pole, title="AG", kind=MeetingKind.PLENARY, date=dt.date(2025, 1, 15)
    )
    assert measure(pole, "B2.1").missing == "aucune structure membre aux dates des plénières"


def test_b3_2_without_actions_to_judge(mesure, make_pole):
    pole = make_pole("sans-action")
    result = measure(pole, "B3.2")
    assert result.value is None
    assert result.missing == (
        "aucune action décidée entre le 01/07/2024 et le 30/03/2025 dont on puisse dire si "
        "elle a été réalisée à temps"
    )
    # A window of 3 months holds no decision older than 3 months.
    short = measure(mesure.pole, "B3.2", months=3)
    assert short.value is None
    assert short.missing == "période trop courte : aucune décision n'a plus de 3 mois"
