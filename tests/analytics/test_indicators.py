"""`ptce_analytics.indicators`: the référentiel's measures that no other module computes, each
checked on a table small enough to compute by hand."""

from __future__ import annotations

import doctest
import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ptce_analytics import indicators as ind

# --- territory -----------------------------------------------------------------------------------


def test_territorial_share_of_members():
    # 5 members: 2 in the territory, 1 outside, 2 of unknown commune (left out) → 2 / 3.
    share = ind.territorial_share(["31555", "31069", None, "31446", None], {"31555", "31446"})
    assert share.value == pytest.approx(200 / 3)
    assert (share.part, share.whole, share.counted, share.unknown) == (2, 3, 3, 2)
    assert share.missing is None


def test_territorial_share_of_jobs():
    # FTE 6 (in), 2 (in), 2.5 (out), unknown (in: left out), 4 (no commune: left out)
    # → 8 / 10.5.
    share = ind.territorial_share(
        ["T", "T", "X", "T", None], {"T"}, weights=[6, 2.0, 2.5, float("nan"), 4]
    )
    assert share.value == pytest.approx(800 / 10.5)
    assert (share.counted, share.unknown) == (3, 2)


@pytest.mark.parametrize(
    ("communes", "territory", "weights", "missing"),
    [
        (["T"], set(), None, ind.NO_TERRITORY),
        ([], {"T"}, None, ind.NO_MEMBER),
        ([None, None], {"T"}, None, ind.NO_COMMUNE),
        (["T", "X"], {"T"}, [None, None], ind.NO_FTE),
        ([None, None], {"T"}, [None, None], ind.NO_FTE),
        ([None, "T"], {"T"}, [3, None], ind.NO_COMMUNE_AND_FTE),
        (["T", "X"], {"T"}, [0, 0], ind.NO_JOB),
    ],
)
def test_territorial_share_not_measurable(communes, territory, weights, missing):
    share = ind.territorial_share(communes, territory, weights=weights)
    assert (share.value, share.missing) == (None, missing)


def test_territorial_share_refuses_bad_weights():
    with pytest.raises(ValueError, match="one value per commune"):
        ind.territorial_share(["T"], {"T"}, weights=[1, 2])
    with pytest.raises(ValueError, match="0 or more"):
        ind.territorial_share(["T"], {"T"}, weights=[-1])


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["A", "B", "C", None]),
            st.one_of(st.none(), st.floats(min_value=0, max_value=1e6)),
        ),
        max_size=30,
    )
)
def test_territorial_share_is_a_percentage(rows):
    communes = [commune for commune, _fte in rows]
    weights = [fte for _commune, fte in rows]
    for share in (
        ind.territorial_share(communes, {"A", "B"}),
        ind.territorial_share(communes, {"A", "B"}, weights=weights),
    ):
        assert (share.value is None) == (share.missing is not None)
        if share.value is not None:
            assert 0 <= share.value <= 100


def test_local_authorities():
    assert all(ind.is_local_authority(code) for code in ("7210", "7220", "7230", " 7346 "))
    assert not any(ind.is_local_authority(code) for code in ("7361", "7383", "9220", "", None))


# --- sectors -------------------------------------------------------------------------------------


def test_sector_entropy_by_hand():
    # Q, Q, I, C: p = 0.5, 0.25, 0.25; H = 0.5 ln 2 + 2 × 0.25 ln 4 = 1.0397; ln 4 = 1.3863.
    entropy = ind.sector_entropy(["Q", "Q", "I", "C", None])
    expected = (0.5 * math.log(2) + 0.5 * math.log(4)) / math.log(4)
    assert entropy.value == pytest.approx(expected)
    assert (entropy.members, entropy.sections, entropy.unknown) == (4, 3, 1)


def test_sector_entropy_extremes():
    assert ind.sector_entropy(["Q"] * 5).value == 0.0
    assert ind.sector_entropy(list("ABCDE")).value == 1.0
    # 42 members spread evenly over the 21 sections reach the largest entropy: ln 21 / ln 21.
    assert ind.sector_entropy(list(ind.NAF_SECTIONS) * 2).value == pytest.approx(1.0)
    assert ind.sector_entropy(["Q", None, None]).missing == ind.FEW_SECTIONS
    assert ind.sector_entropy([]).value is None


def test_sector_entropy_refuses_what_is_not_a_section():
    with pytest.raises(ValueError, match="Z"):
        ind.sector_entropy(["A", "Z"])


@given(st.lists(st.sampled_from([*ind.NAF_SECTIONS, None]), max_size=60))
def test_sector_entropy_lies_between_0_and_1_whatever_the_order(sections):
    entropy = ind.sector_entropy(sections)
    if entropy.value is None:
        assert entropy.members < 2
    else:
        assert 0 <= entropy.value <= 1
        assert ind.sector_entropy(list(reversed(sections))).value == pytest.approx(entropy.value)


# --- growth --------------------------------------------------------------------------------------


def figures(rows):
    return pd.DataFrame(rows, columns=["organisation_id", "year", "value"])


def test_growth_same_members_by_hand():
    # 1: 10 → 12, 2: 5 → 4, 3: only 2025 (left out), 4: 2022 unknown (left out)
    # → (16 − 15) / 15 = 6.67 %.
    table = figures(
        [
            (1, 2022, 10),
            (1, 2025, 12),
            (2, 2022, 5),
            (2, 2025, 4),
            (3, 2025, 100),
            (4, 2022, None),
            (4, 2025, 8),
            (1, 2023, 1000),
        ]
    )
    growth = ind.growth_same_members(table, start_year=2022, end_year=2025)
    assert growth.value == pytest.approx(100 / 15)
    assert (growth.members, growth.start_total, growth.end_total) == (2, 15, 16)


def test_growth_not_measurable():
    no_pair = ind.growth_same_members(figures([(1, 2025, 3)]), start_year=2022, end_year=2025)
    assert (no_pair.value, no_pair.missing) == (None, ind.NO_PAIR)
    zero = ind.growth_same_members(
        figures([(1, 2022, 0), (1, 2025, 3)]), start_year=2022, end_year=2025
    )
    assert (zero.value, zero.missing) == (None, ind.ZERO_START)


def test_growth_refuses_duplicates_and_negatives():
    with pytest.raises(ValueError, match="two rows"):
        ind.growth_same_members(
            figures([(1, 2022, 1), (1, 2022, 2)]), start_year=2022, end_year=2025
        )
    with pytest.raises(ValueError, match="0 or more"):
        ind.growth_same_members(figures([(1, 2022, -1)]), start_year=2022, end_year=2025)


# --- projects ------------------------------------------------------------------------------------

PROJECTS = pd.DataFrame(
    {
        # 0 active, running; 1 completed in the window; 2 completed long ago; 3 an idea without
        # dates; 4 active, starting after the reference date; 5 abandoned, no end date
        "status": ["active", "completed", "completed", "idea", "active", "abandoned"],
        "started_on": ["2023-01-01", "2022-09-01", "2019-01-01", None, "2025-09-01", "2024-02-01"],
        "ended_on": [None, "2023-06-30", "2020-12-31", None, None, None],
        "jobs_created_fte": [2.0, None, 10.0, None, 1.0, None],
        "jobs_consolidated_fte": [1.0, None, None, None, None, 0.5],
        "new_activities": [1, None, 3, None, None, None],
        "new_enterprises": [None, None, None, None, 1, 0],
        "innovation": ["social", "none", "technological", None, "", "technological"],
        "goal_economic": [True, False, True, False, True, False],
        "goal_social": [False, True, True, False, False, False],
        "goal_environmental": [True, False, False, False, False, False],
        "study_kind": ["none", "study", "rd", "evaluation", "none", "action_research"],
        "partner_ids": [[10, 11], [12], [13], [14], [15], [16]],
    }
)
START, END = "2022-07-01", "2025-06-30"


def test_projects_in_window_and_active():
    # In the window: 0, 1 and 5 (abandoned, no end: counted from its start, 2024); 2 is
    # older, 3 not placed in time, 4 starts later.
    assert ind.projects_in_window(PROJECTS, START, END).tolist() == [
        True,
        True,
        False,
        False,
        False,
        True,
    ]
    # Active on 30/06/2025: only 0 (5 has no end date known; 1 ended in 2023).
    assert ind.projects_active_on(PROJECTS, END).tolist() == [
        True,
        False,
        False,
        False,
        False,
        False,
    ]
    # On 01/03/2023, 1 was running although completed since.
    assert ind.projects_active_on(PROJECTS, "2023-03-01").tolist()[:2] == [True, True]


def test_project_figures_by_hand():
    # Projects 0, 1, 5: jobs 2 + 1 (0), unknown (1), 0.5 (5) → 3.5, 1 project unknown.
    assert ind.project_jobs(PROJECTS, start=START, end=END) == ind.Total(3.5, 2, 1, None)
    # New activities/enterprises: 1 (0) + 0 (5) → 1.
    assert ind.new_activities(PROJECTS, start=START, end=END) == ind.Total(1.0, 2, 1, None)
    # Studies: 1 (study) and 5 (action research) → 2.
    assert ind.study_projects(PROJECTS, start=START, end=END).value == 2.0
    # Innovation: 0 social, 5 technological; 1 "none" → 2 of 3 known.
    assert ind.innovative_projects(PROJECTS, start=START, end=END) == ind.Total(2.0, 3, 0, None)


def test_goal_shares_by_hand():
    # On 01/03/2023 projects 0 (economic + environmental) and 1 (social) run.
    environmental = ind.environmental_share(PROJECTS, "2023-03-01")
    assert (environmental.value, environmental.counted) == (50.0, 2)
    assert ind.multidimensional_share(PROJECTS, "2023-03-01").value == 50.0


def test_project_figures_not_measurable_and_real_zeros():
    empty_window = ("2000-01-01", "2001-01-01")
    for function in (
        ind.project_jobs,
        ind.new_activities,
        ind.study_projects,
        ind.innovative_projects,
    ):
        assert function(PROJECTS, start=empty_window[0], end=empty_window[1]).value == 0.0
    unknown = PROJECTS.iloc[[1]]  # in the window, nothing known
    assert ind.project_jobs(unknown, start=START, end=END).missing == ind.NO_JOBS_KNOWN
    assert ind.new_activities(unknown, start=START, end=END).missing == ind.NO_ACTIVITIES_KNOWN
    silent = PROJECTS.iloc[[1]].assign(innovation=[None])
    assert ind.innovative_projects(silent, start=START, end=END).missing == ind.NO_INNOVATION_KNOWN
    assert ind.environmental_share(PROJECTS, "2000-01-01").missing == ind.NO_ACTIVE_PROJECT
    no_goal = PROJECTS.iloc[[0]].assign(goal_economic=[False], goal_environmental=[False])
    assert ind.multidimensional_share(no_goal, END).missing == ind.NO_GOALS


def test_projects_refuse_an_unknown_status():
    with pytest.raises(ValueError, match="paused"):
        ind.projects_in_window(PROJECTS.assign(status=["paused"] * 6), START, END)


# --- engagement ----------------------------------------------------------------------------------


def test_engaged_share_by_hand():
    participations = pd.DataFrame(
        {
            "organisation_id": [1, 2, 3],
            "started_on": ["2020-01-01", "2020-01-01", None],
            "ended_on": [None, None, "2024-12-31"],  # 3's pooling has ended
            "joined_on": [None, "2020-01-01", None],
            "left_on": [None, "2025-01-31", None],  # 2 left before 30/06/2025
        }
    )
    # Members 1 (pooling), 2 (left), 3 (ended pooling), 10 (partner of active project 0),
    # 12 (partner of project 1, ended) → 1 and 10 engaged: 2 / 5 = 40 %.
    share = ind.engaged_share([1, 2, 3, 10, 12], participations, PROJECTS, END)
    assert (share.value, share.part, share.whole) == (40.0, 2, 5)
    assert ind.engaged_share([], participations, PROJECTS, END).missing == ind.NO_MEMBER


@given(st.lists(st.integers(min_value=0, max_value=20), max_size=20))
def test_engaged_share_is_a_percentage(members):
    participations = pd.DataFrame(
        {
            "organisation_id": [1, 5],
            "started_on": [None] * 2,
            "ended_on": [None] * 2,
            "joined_on": [None] * 2,
            "left_on": [None] * 2,
        }
    )
    share = ind.engaged_share(members, participations, PROJECTS, END)
    assert (share.value is None) == (not members)
    if share.value is not None:
        assert 0 <= share.value <= 100


def test_docstring_examples_hold():
    assert doctest.testmod(ind).failed == 0
