"""The analytics' input tables read from the database, on the hand-built star pole."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from network_helpers import ON

from ptce.network import analysis, selectors
from ptce.network.naf import DIVISION_SECTIONS, naf_section
from ptce.network.selectors import Window, window_bounds
from ptce_analytics import governance, network

WINDOW = window_bounds(ON, 12)


def _pairs(G) -> set[frozenset[str]]:
    return {frozenset(edge) for edge in G.edges()}


def _graph(etoile, window=WINDOW, *, sources=network.SOURCES, people=False):
    data = analysis.inputs(etoile.pole, window, sources=sources, people=people, today=ON)
    return analysis.build(data, window, sources)


def test_window_counts_back_like_the_indicators():
    assert Window(dt.date(2024, 1, 1), ON, 12) == WINDOW
    nodes = pd.DataFrame({"node_id": [1, 2], "family": [None, None]})
    ties = pd.DataFrame(columns=list(network.TIE_COLUMNS))
    for months in (1, 3, 12, 36):
        result = network.density_indicator(nodes, ties, on=dt.date(2024, 6, 30), months=months)
        assert window_bounds(dt.date(2024, 6, 30), months).start == result.start


def test_previous_window_has_the_same_length():
    assert WINDOW.previous() == Window(dt.date(2023, 1, 1), dt.date(2023, 12, 31), 12)
    custom = Window(dt.date(2024, 3, 1), dt.date(2024, 3, 10))
    assert custom.previous() == Window(dt.date(2024, 2, 20), dt.date(2024, 2, 29))
    with pytest.raises(ValueError):
        Window(dt.date(2024, 3, 2), dt.date(2024, 3, 1))


def test_member_nodes_carry_family_and_naf_section(etoile):
    nodes = selectors.member_nodes(etoile.pole, on=ON).set_index("node_id")
    assert list(nodes.columns) == ["family", "label", "naf_section", "kind", "pk"]
    assert nodes.loc[etoile.node("H"), "family"] == "ess_enterprise"
    assert nodes.loc[etoile.node("D"), "family"] == "research_training"
    assert nodes.loc[etoile.node("E"), "family"] is None  # "other" is qualified by hand
    assert nodes.loc[etoile.node("H"), "naf_section"] == "Q"
    assert nodes.loc[etoile.node("A"), "naf_section"] == "I"
    assert nodes.loc[etoile.node("C"), "naf_section"] is None
    assert nodes.loc[etoile.node("A"), "label"] == "Atelier Abeille"
    # Before their membership started, the structures are not members.
    assert selectors.member_nodes(etoile.pole, on=dt.date(2014, 12, 31)).empty


def test_projects_alone_draw_a_star_around_the_hub(etoile):
    G = _graph(etoile, sources=["project"])
    hub = etoile.node("H")
    assert _pairs(G) == {frozenset({hub, etoile.node(key)}) for key in "ABCD"}
    assert G.number_of_nodes() == 6  # E is a member without any tie, still in the graph
    dependence = network.leader_dependence(G)
    assert dependence.leader == hub
    assert dependence.leader_tie_share == 1.0
    # Without the hub, nobody is tied to anybody: five pieces of one actor each.
    assert dependence.remaining_components == 5
    assert dependence.remaining_largest_share == pytest.approx(1 / 5)
    assert dependence.min_split_size == 1
    assert dependence.min_split_cut == [hub]
    assert network.network_metrics(G).degree_centralisation == pytest.approx(
        # Freeman: Σ (4 − d_i) over H, A, B, C, D, E = 0 + 3·4 + 4 = 16, over (n−1)(n−2) = 20.
        16 / 20
    )


def test_the_window_leaves_the_old_project_out(etoile):
    old = frozenset({etoile.node("A"), etoile.node("B")})
    assert old not in _pairs(_graph(etoile, sources=["project"]))
    then = Window(dt.date(2019, 1, 1), dt.date(2019, 12, 31))
    assert _pairs(_graph(etoile, then, sources=["project"])) == {old}
    # A project without an end date that is completed counts from its start only.
    etoile.projects["old"].ended_on = None
    etoile.projects["old"].save()
    assert old not in _pairs(_graph(etoile, sources=["project"]))


def test_meetings_tie_the_people_present_with_a_quarter_weight(etoile):
    G = _graph(etoile, sources=["meeting"])
    a, b = etoile.node("A"), etoile.node("B")
    assert _pairs(G) == {frozenset({a, b})}  # C's representative was only excused
    assert G.edges[a, b]["weight"] == 0.25
    assert G.edges[a, b]["sources"] == ["meeting"]
    ties = selectors.ties_frame(
        etoile.pole, start=WINDOW.start, end=WINDOW.end, sources=["meeting"]
    )
    assert set(ties["date"]) == {dt.date(2024, 6, 1)}  # meetings keep their day
    # Outside the window, the seminar does not count.
    assert _graph(etoile, window_bounds(dt.date(2024, 5, 31), 12), sources=["meeting"]).size() == 0


def test_a_meeting_ties_the_structure_represented_that_day(etoile):
    attendance = etoile.extra["seminar"].attendances.get(person=etoile.people["B"])
    attendance.organisation = etoile.orgs["D"]
    attendance.save()
    G = _graph(etoile, sources=["meeting"])
    assert _pairs(G) == {frozenset({etoile.node("A"), etoile.node("D")})}


def test_pooling_participations_overlap_the_window(etoile):
    # C left the shared van on 30/06/2023: no tie in 2024, a tie in 2023.
    assert _graph(etoile, sources=["pooling"]).size() == 0
    G = _graph(etoile, WINDOW.previous(), sources=["pooling"])
    assert _pairs(G) == {frozenset({etoile.node("A"), etoile.node("C")})}
    ties = selectors.ties_frame(
        etoile.pole, start=WINDOW.start, end=WINDOW.end, sources=["pooling"]
    )
    assert ties["date"].isna().all()  # intervals are windowed here, passed undated


def test_working_groups_count_when_they_met_or_are_active_now(etoile):
    a, d = etoile.node("A"), etoile.node("D")
    assert _pairs(_graph(etoile, sources=["working_group"])) == {frozenset({a, d})}
    # The group met in March 2024 only: nothing in 2023, though it existed.
    assert _graph(etoile, WINDOW.previous(), sources=["working_group"]).size() == 0
    group = etoile.extra["group"]
    group.is_active = True
    group.save()
    # Active says something about now: it counts in a window that reaches today...
    today_window = window_bounds(dt.date.today(), 12)
    data = analysis.inputs(etoile.pole, today_window, sources=["working_group"])
    assert len(data.ties) == 3
    # ...and not in 2023.
    assert _graph(etoile, WINDOW.previous(), sources=["working_group"]).size() == 0


def test_people_in_their_own_name_are_nodes_only_when_asked(etoile):
    zoe = f"p{etoile.people['Z'].pk}"
    without = _graph(etoile, sources=["working_group"])
    assert zoe not in without
    # She still counts in the group's size.
    assert without.graph["outside_participants"] == 1
    G = _graph(etoile, sources=["working_group"], people=True)
    assert G.nodes[zoe]["family"] == "natural_person"
    assert G.nodes[zoe]["label"] == "Zoé Habitante"
    assert _pairs(G) == {
        frozenset(pair)
        for pair in ((etoile.node("A"), etoile.node("D")), (etoile.node("A"), zoe),
                     (etoile.node("D"), zoe))
    }  # fmt: skip


def test_hidden_people_get_a_neutral_label(etoile):
    ties = selectors.ties_frame(etoile.pole, start=WINDOW.start, end=WINDOW.end)
    nodes = selectors.people_nodes(etoile.pole, ties, visible=set())
    assert list(nodes["label"]) == ["Personne n° 1"]
    assert "Habitante" not in nodes.to_string()


def test_every_source_together(etoile):
    G = _graph(etoile)
    pairs = _pairs(G)
    hub = etoile.node("H")
    assert {frozenset({hub, etoile.node(key)}) for key in "ABCD"} <= pairs
    assert frozenset({etoile.node("A"), etoile.node("B")}) in pairs  # the seminar
    assert frozenset({etoile.node("A"), etoile.node("D")}) in pairs  # the working group
    assert len(pairs) == 6
    # Four projects, the seminar, the working group, and the van that only A still shares:
    # a group with one actor is a recorded absence of cooperation, and counts.
    assert G.graph["groups"] == 4 + 1 + 1 + 1


def test_unknown_source_is_refused(etoile):
    with pytest.raises(ValueError, match="unknown source"):
        selectors.ties_frame(etoile.pole, start=WINDOW.start, end=WINDOW.end, sources=["lunch"])


def test_seats_frame_feeds_the_governance_analytics(etoile):
    seats = selectors.seats_frame(etoile.pole, on=ON)
    assert list(seats.columns) == list(governance.SEAT_COLUMNS)
    assert len(seats) == 5
    by_person = seats.set_index("person_id")
    zoe, hugo, bao = (etoile.people[key].pk for key in ("Z", "H", "B"))
    assert bool(by_person.loc[zoe, "is_natural_person"]) is True
    assert bool(by_person.loc[hugo, "is_natural_person"]) is False
    assert by_person.loc[hugo, "gender"] == "male"
    assert by_person.loc[zoe, "gender"] == "female"
    assert by_person.loc[bao, "gender"] is None
    assert by_person.loc[hugo, "org_fte"] == 25.0
    alice = etoile.people["A"].pk
    # A's latest known FTE (2022: 3); the 2023 row has none and is skipped.
    assert by_person.loc[alice, "org_fte"] == 3.0
    assert pd.isna(by_person.loc[bao, "org_fte"])  # unknown, not 0
    parity = governance.parity_index(seats, ON)
    assert (parity.women, parity.men, parity.undeclared) == (2, 1, 1)
    assert parity.chair_index == 0.0  # a man chairs


def test_latest_fte_is_the_one_known_by_the_reference_year(etoile):
    seats = selectors.seats_frame(etoile.pole, on=dt.date(2022, 12, 31))
    hugo = etoile.people["H"].pk
    assert pd.isna(seats.set_index("person_id").loc[hugo, "org_fte"])  # 2023 is later


def test_members_frame(etoile):
    members = selectors.members_frame(etoile.pole, on=ON)
    assert list(members.columns) == list(governance.MEMBER_COLUMNS)
    assert len(members) == 6
    assert not members["is_natural_person"].any()
    fte = dict(zip(members["organisation_id"], members["fte"], strict=True))
    assert fte[etoile.orgs["H"].pk] == 25.0
    assert pd.isna(fte[etoile.orgs["E"].pk])


def test_selectors_stay_in_their_pole(etoile, make_pole):
    from network_helpers import build_etoile

    other = build_etoile(make_pole("pole-voisin"))
    ties = selectors.ties_frame(etoile.pole, start=WINDOW.start, end=WINDOW.end)
    own = {f"o{pk}" for pk in (o.pk for o in etoile.orgs.values())}
    own |= {f"p{p.pk}" for p in etoile.people.values()}
    assert set(ties["node_id"]) <= own
    assert set(selectors.member_nodes(etoile.pole, on=ON)["node_id"]).isdisjoint(
        selectors.member_nodes(other.pole, on=ON)["node_id"]
    )
    assert len(selectors.seats_frame(etoile.pole, on=ON)) == 5


@pytest.mark.parametrize(
    ("code", "section"),
    [("01.11Z", "A"), ("0311Z", "A"), ("05.10Z", "B"), ("33.20A", "C"), ("35.11Z", "D"),
     ("39.00Z", "E"), ("43.99C", "F"), ("47.11B", "G"), ("53.20Z", "H"), ("55.10Z", "I"),
     ("63.99Z", "J"), ("66.30Z", "K"), ("68.20A", "L"), ("75.00Z", "M"), ("82.99Z", "N"),
     ("84.11Z", "O"), ("85.59A", "P"), ("88.99B", "Q"), ("93.29Z", "R"), ("94.99Z", "S"),
     ("97.00Z", "T"), ("99.00Z", "U"), ("", None), ("04.00Z", None), ("ab", None)],
)  # fmt: skip
def test_naf_sections(code, section):
    assert naf_section(code) == section


def test_naf_table_covers_the_88_divisions():
    assert len(DIVISION_SECTIONS) == 88
    assert set(DIVISION_SECTIONS.values()) == set("ABCDEFGHIJKLMNOPQRSTU")


def test_cut_is_quick():
    import networkx as nx

    from ptce.network.analysis import QUICK_CUT_MAX_ACTORS, cut_is_quick

    big = QUICK_CUT_MAX_ACTORS + 10
    assert cut_is_quick(nx.Graph())
    assert cut_is_quick(nx.cycle_graph(QUICK_CUT_MAX_ACTORS))  # small enough
    assert cut_is_quick(nx.complete_graph(big))  # nothing to cut
    assert cut_is_quick(nx.star_graph(big))  # an articulation point: linear time
    assert not cut_is_quick(nx.cycle_graph(big))  # two departures needed: flows
