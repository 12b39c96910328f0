"""Governance indicators on small, hand-computed seat tables, then general properties."""

from __future__ import annotations

import dataclasses
import datetime as dt
import doctest
import json

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ptce_analytics import governance
from ptce_analytics.governance import (
    DEFINITIONS,
    SEAT_COLUMNS,
    natural_person_share,
    parity_index,
    representation_ratio,
    tenure_and_rotation,
)

D = dt.date
ON = D(2024, 6, 30)
SINCE = D(2020, 1, 1)


def seat(
    person_id,
    *,
    gender=None,
    office="member",
    natural=False,
    organisation_id=None,
    org_fte=None,
    start=SINCE,
    end=None,
    body_id=1,
    body_kind="board",
):
    return {
        "body_id": body_id,
        "body_kind": body_kind,
        "person_id": person_id,
        "organisation_id": organisation_id,
        "gender": gender,
        "is_natural_person": natural,
        "office": office,
        "org_fte": org_fte,
        "start": start,
        "end": end,
    }


def seats_frame(*rows):
    return pd.DataFrame(list(rows), columns=list(SEAT_COLUMNS))


def members_frame(*rows):
    """Rows of (organisation_id, fte, is_natural_person)."""
    return pd.DataFrame(list(rows), columns=["organisation_id", "fte", "is_natural_person"])


NO_SEATS = seats_frame()

# A board of 7 current seats and a bureau of 3, plus seats that do not count on ON.
SEATS = seats_frame(
    seat(1, gender="male", office="chair", organisation_id=10, org_fte=120.0),
    seat(2, gender="male", office="treasurer", organisation_id=11, org_fte=4.0),
    seat(3, gender="female", office="secretary", natural=True),
    seat(4, gender="female", natural=True),
    seat(5, gender="male", organisation_id=12, org_fte=35.0),
    seat(6, gender=None, organisation_id=13, org_fte=None),  # undeclared, FTE unknown
    seat(7, gender="other", organisation_id=14, org_fte=9.5),
    seat(
        1,
        gender="male",
        office="chair",
        body_id=2,
        body_kind="bureau",
        organisation_id=10,
        org_fte=120.0,
    ),
    seat(3, gender="female", office="vice_chair", body_id=2, body_kind="bureau", natural=True),
    seat(8, gender="female", body_id=2, body_kind="bureau", organisation_id=15, org_fte=10.0),
    # not current on ON
    seat(9, gender="female", end=D(2024, 6, 29)),  # ended the day before
    seat(10, gender="female", start=D(2024, 7, 1)),  # starts the day after
)


# --- current seats ------------------------------------------------------------------------------


def test_a_seat_counts_from_its_start_to_its_end_inclusive():
    seats = seats_frame(
        seat(1, gender="female", start=ON),  # starts on the reference date
        seat(2, gender="female", end=ON),  # ends on it
        seat(3, gender="female", start=None),  # held since before the records began
        seat(4, gender="male", end=D(2024, 6, 29)),
        seat(5, gender="male", start=D(2024, 7, 1)),
    )
    assert parity_index(seats, ON).seats == 3
    assert parity_index(seats, ON).index == 0.0  # three women, no man: a measured 0


# --- parity -------------------------------------------------------------------------------------


def test_parity_index():
    parity = parity_index(SEATS, ON)
    assert parity.seats == 10
    # women: 3, 4, 3 (bureau), 8 = 4; men: 1, 2, 5, 1 (bureau) = 4
    assert (parity.women, parity.men, parity.other, parity.undeclared) == (4, 4, 1, 1)
    assert parity.index == 1.0  # 2·min(4, 4) / 8
    # chairs: person 1 on both bodies, a man
    assert (parity.chair_women, parity.chair_men, parity.chair_index) == (0, 2, 0.0)
    assert parity.missing is None
    assert parity.on == ON


def test_parity_index_per_body_kind():
    parity = parity_index(SEATS, ON, body_kinds=["board"])
    # women 3, 4; men 1, 2, 5: 2·2 / 5
    assert (parity.women, parity.men) == (2, 3)
    assert parity.index == pytest.approx(0.8)
    assert (parity.chair_men, parity.chair_index) == (1, 0.0)


def test_parity_is_not_measurable_without_declared_women_or_men():
    nobody = parity_index(NO_SEATS, ON)
    assert (nobody.seats, nobody.index, nobody.chair_index) == (0, None, None)
    assert nobody.missing == "no current seat"
    undeclared = parity_index(seats_frame(seat(1), seat(2, gender="other")), ON)
    assert (undeclared.undeclared, undeclared.other, undeclared.index) == (1, 1, None)
    assert undeclared.missing == "no current seat whose holder declared being a woman or a man"
    assert parity_index(SEATS, D(2010, 1, 1)).missing == "no current seat"


def test_chair_parity_without_a_chair():
    parity = parity_index(seats_frame(seat(1, gender="female"), seat(2, gender="male")), ON)
    assert parity.index == 1.0
    assert parity.chair_index is None


# --- natural persons ----------------------------------------------------------------------------


def test_natural_person_share():
    share = natural_person_share(SEATS, ON)
    # persons 3, 4 on the board and 3 on the bureau: 3 of 10 seats
    assert (share.seats, share.natural_person_seats) == (10, 3)
    assert share.share == pytest.approx(0.3)
    assert share.missing is None
    bureau = natural_person_share(SEATS, ON, body_kinds=("bureau",))
    assert bureau.share == pytest.approx(1 / 3)
    assert natural_person_share(SEATS, ON, body_kinds="bureau") == bureau


def test_natural_person_share_not_measurable():
    share = natural_person_share(NO_SEATS, ON)
    assert (share.share, share.missing) == (None, "no current seat")
    none_of_them = natural_person_share(seats_frame(seat(1, organisation_id=10)), ON)
    assert none_of_them.share == 0.0


# --- representation of small structures and citizens --------------------------------------------

MEMBERS = members_frame(
    (10, 120.0, False),
    (11, 4.0, False),  # small
    (12, 35.0, False),
    (13, None, False),  # FTE unknown
    (14, 9.5, False),  # small
    (15, 10.0, False),  # 10 FTE is not small
    (16, 0.0, False),  # small: run by volunteers
    (None, None, True),  # natural persons: always small-or-citizen, size known
    (None, None, True),
    (17, 60.0, False),
)


def test_representation_ratio():
    result = representation_ratio(SEATS, MEMBERS, ON)
    # seats of known size: 10 − 1 (person 6, FTE unknown) = 9; small or citizen: 2 (4 FTE),
    # 3, 4, 7 (9.5 FTE), 3 (bureau) = 5 → 5/9
    assert (result.seats_known, result.small_seats, result.unknown_fte_seats) == (9, 5, 1)
    assert result.seat_share == pytest.approx(5 / 9)
    # members of known size: 10 − 1 = 9; small or citizen: 11, 14, 16 and two persons = 5 → 5/9
    assert (result.members_known, result.small_members, result.unknown_fte_members) == (9, 5, 1)
    assert result.member_share == pytest.approx(5 / 9)
    assert result.ratio == pytest.approx(1.0)
    assert result.missing is None


def test_representation_ratio_under_and_over():
    big_board = seats_frame(
        seat(1, organisation_id=10, org_fte=120.0),
        seat(2, organisation_id=12, org_fte=35.0),
        seat(3, organisation_id=11, org_fte=4.0),
        seat(4, organisation_id=17, org_fte=60.0),
    )
    under = representation_ratio(big_board, MEMBERS, ON)
    # (1/4) ÷ (5/9) = 9/20
    assert under.ratio == pytest.approx(9 / 20)
    assert under.uncapped_ratio == under.ratio
    citizens_board = seats_frame(seat(1, natural=True), seat(2, natural=True))
    over = representation_ratio(citizens_board, MEMBERS, ON)
    # (2/2) ÷ (5/9) = 1.8, capped at 1
    assert over.uncapped_ratio == pytest.approx(9 / 5)
    assert over.ratio == 1.0
    no_small_seat = representation_ratio(big_board.iloc[[0, 1]], MEMBERS, ON)
    assert no_small_seat.ratio == 0.0  # measured: small structures hold no seat


def test_representation_ratio_not_measurable():
    def missing(seats, members):
        result = representation_ratio(seats, members, ON)
        assert result.ratio is None and result.uncapped_ratio is None
        return result.missing

    assert missing(SEATS, members_frame()) == "no member"
    assert missing(SEATS, members_frame((1, None, False))) == "no member whose FTE is known"
    assert missing(SEATS, members_frame((1, 50.0, False))) == (
        "no small structure (under 10 FTE) or natural person among the members"
    )
    assert missing(NO_SEATS, MEMBERS) == "no current seat"
    unknown = seats_frame(seat(1, organisation_id=13, org_fte=None))
    assert missing(unknown, MEMBERS) == "no current seat whose structure's FTE is known"
    assert representation_ratio(unknown, MEMBERS, ON).unknown_fte_seats == 1


# --- tenure and rotation ------------------------------------------------------------------------


def test_tenure_and_rotation():
    seats = seats_frame(
        # board chair: A 2016–2019 re-elected 2020 (one run), then B from 2022
        seat("A", office="chair", start=D(2016, 7, 1), end=D(2019, 12, 31)),
        seat("A", office="chair", start=D(2020, 1, 1), end=D(2021, 12, 31)),
        seat("B", office="chair", start=D(2022, 7, 1)),
        # board treasurer: C, then D, then C again: two changes
        seat("C", office="treasurer", start=D(2020, 6, 30), end=D(2021, 6, 29)),
        seat("D", office="treasurer", start=D(2021, 6, 30), end=D(2022, 6, 29)),
        seat("C", office="treasurer", start=D(2022, 6, 30)),
        # bureau secretary, start unknown: current, tenure unknown, out of the rotation
        seat("E", office="secretary", start=None, body_id=2, body_kind="bureau"),
        # plain members are not officers
        seat("F", start=D(2010, 1, 1)),
    )
    result = tenure_and_rotation(seats, ON)
    assert result.current_officers == 3
    assert result.unknown_start == 1
    # B: 2022-07-01 → 2024-06-30 = 730 days; C: 2022-06-30 → 2024-06-30 = 731 days
    assert result.tenure_by_office["chair"] == pytest.approx(730 / 365.25)
    assert result.tenure_by_office["treasurer"] == pytest.approx(731 / 365.25)
    assert result.tenure_by_office["secretary"] is None
    assert result.mean_tenure_years == pytest.approx((730 + 731) / 2 / 365.25)
    # chair observed 2016-07-01 → 2024-06-30 = 2921 days, 1 change;
    # treasurer 2020-06-30 → 2024-06-30 = 1461 days, 2 changes
    assert result.changes == 3
    assert result.office_years == pytest.approx((2921 + 1461) / 365.25)
    assert result.rotation == pytest.approx(3 / ((2921 + 1461) / 365.25))
    assert result.rotation_by_office["chair"] == pytest.approx(1 / (2921 / 365.25))
    assert result.rotation_by_office["treasurer"] == pytest.approx(2 / 4.0)
    assert result.rotation_by_office["vice_chair"] is None
    assert result.unidentified == 0


def test_re_election_extends_the_tenure():
    seats = seats_frame(
        seat("A", office="chair", start=D(2018, 6, 30), end=D(2021, 6, 29)),
        seat("A", office="chair", start=D(2021, 6, 30)),
    )
    result = tenure_and_rotation(seats, ON)
    # 2018-06-30 → 2024-06-30 = 2192 days, both mandates of A counted
    assert result.mean_tenure_years == pytest.approx(2192 / 365.25)
    assert (result.changes, result.rotation) == (0, 0.0)  # a measured absence of rotation


def test_the_structure_holds_the_office_when_no_person_is_recorded():
    seats = seats_frame(
        seat(None, office="chair", organisation_id=10, start=D(2020, 6, 30), end=D(2022, 6, 29)),
        seat(None, office="chair", organisation_id=10, start=D(2022, 6, 30)),
        seat(None, office="treasurer", start=D(2023, 6, 30)),  # nobody identified
    )
    result = tenure_and_rotation(seats, ON)
    assert result.changes == 0
    assert result.unidentified == 1
    # the chair's run starts in 2020; the unidentified treasurer keeps their own start
    assert result.tenure_by_office["chair"] == pytest.approx(1461 / 365.25)
    assert result.tenure_by_office["treasurer"] == pytest.approx(366 / 365.25)
    assert result.rotation_by_office["treasurer"] is None  # cannot tell who held it


def test_tenure_and_rotation_not_measurable():
    result = tenure_and_rotation(NO_SEATS, ON)
    assert (result.current_officers, result.mean_tenure_years, result.rotation) == (0, None, None)
    assert result.office_years == 0.0
    members_only = tenure_and_rotation(seats_frame(seat(1), seat(2)), ON)
    assert members_only.mean_tenure_years is None and members_only.rotation is None
    future = tenure_and_rotation(seats_frame(seat(1, office="chair", start=D(2030, 1, 1))), ON)
    assert future.rotation is None and future.current_officers == 0


def test_body_kinds_filter_tenure():
    seats = seats_frame(
        seat("A", office="chair", start=D(2020, 6, 30)),
        seat("B", office="chair", start=D(2023, 6, 30), body_id=2, body_kind="bureau"),
    )
    result = tenure_and_rotation(seats, ON, body_kinds=["bureau"])
    assert result.current_officers == 1
    assert result.mean_tenure_years == pytest.approx(366 / 365.25)


# --- bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (seat(1, office="president"), "seats.office has unknown value"),
        (seat(1, gender="f"), "seats.gender has unknown value"),
        (seat(1, natural=None), "seats.is_natural_person must be True or False"),
        (seat(1, natural="yes"), "seats.is_natural_person must be True or False"),
        (seat(1, org_fte=-1.0), "seats.org_fte has negative values"),
        (seat(1, org_fte="many"), "seats.org_fte has values that are not numbers"),
        (seat(1, start=D(2024, 1, 1), end=D(2023, 1, 1)), "end is before its start"),
    ],
)
def test_bad_seats_are_refused(row, message):
    for function in (parity_index, natural_person_share, tenure_and_rotation):
        with pytest.raises(ValueError, match=message):
            function(seats_frame(row), ON)


def test_bad_tables_are_refused():
    with pytest.raises(ValueError, match="seats is missing column"):
        parity_index(pd.DataFrame({"body_id": [1]}), ON)
    with pytest.raises(ValueError, match="members is missing column"):
        representation_ratio(SEATS, pd.DataFrame({"fte": [1.0]}), ON)
    with pytest.raises(ValueError, match="members.is_natural_person"):
        representation_ratio(SEATS, members_frame((1, 2.0, None)), ON)
    with pytest.raises(ValueError, match="members.fte has negative"):
        representation_ratio(SEATS, members_frame((1, -2.0, False)), ON)


# --- definitions, serialisation, docstrings -----------------------------------------------------


def test_definitions():
    assert "B2.3" in DEFINITIONS["parity_index"]
    assert "B2.2" in DEFINITIONS["natural_person_share"]
    assert "B2.4" in DEFINITIONS["representation_ratio"]
    assert {"mean_tenure_years", "rotation"} <= set(DEFINITIONS)


def test_results_are_json_ready_and_frozen():
    for result in (
        parity_index(SEATS, ON),
        natural_person_share(SEATS, ON),
        representation_ratio(SEATS, MEMBERS, ON),
        tenure_and_rotation(SEATS, ON),
    ):
        data = result.as_dict()
        assert json.loads(json.dumps(data)) == data
        assert data["on"] == "2024-06-30"
        with pytest.raises(dataclasses.FrozenInstanceError):
            result.on = ON  # type: ignore[misc]


def test_docstring_examples():
    assert doctest.testmod(governance).failed == 0


# --- properties ---------------------------------------------------------------------------------

seat_rows = st.lists(
    st.builds(
        seat,
        st.integers(0, 5),
        gender=st.sampled_from([None, "female", "male", "other"]),
        office=st.sampled_from(governance.OFFICES),
        natural=st.booleans(),
        org_fte=st.one_of(st.none(), st.floats(0, 200)),
        start=st.one_of(st.none(), st.dates(D(2015, 1, 1), D(2025, 1, 1))),
        body_id=st.integers(1, 2),
    ),
    max_size=15,
)
member_rows = st.lists(
    st.tuples(st.integers(0, 9), st.one_of(st.none(), st.floats(0, 200)), st.booleans()),
    max_size=10,
)


@settings(max_examples=200, deadline=None)
@given(seat_rows, member_rows)
def test_indicators_stay_in_their_ranges(rows, members):
    seats = seats_frame(*rows)
    parity = parity_index(seats, ON)
    for value in (parity.index, parity.chair_index):
        assert value is None or 0 <= value <= 1
    assert parity.women + parity.men + parity.other + parity.undeclared == parity.seats
    assert (parity.index is None) == (parity.missing is not None)
    share = natural_person_share(seats, ON).share
    assert share is None or 0 <= share <= 1
    result = representation_ratio(seats, members_frame(*members), ON)
    assert result.ratio is None or 0 <= result.ratio <= 1
    assert (result.ratio is None) == (result.missing is not None)
    tenure = tenure_and_rotation(seats, ON)
    assert tenure.mean_tenure_years is None or tenure.mean_tenure_years >= 0
    assert tenure.rotation is None or tenure.rotation >= 0
