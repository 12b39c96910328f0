"""Cooperation-network measures on small, hand-computed graphs, networkx as an oracle where it
has the same measure, then general properties."""

from __future__ import annotations

import dataclasses
import datetime as dt
import doctest
import itertools
import json
import math
from collections import defaultdict

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ptce_analytics import network
from ptce_analytics.network import (
    DEFAULT_WEIGHTS,
    DEFINITIONS,
    FAMILIES,
    SOURCES,
    betweenness,
    betweenness_error,
    brokers,
    build_graph,
    communities,
    compare_windows,
    cross_sector_indicator,
    cross_sector_share,
    density_indicator,
    ei_family,
    ei_index,
    ei_indicator,
    leader_dependence,
    network_metrics,
)

D = dt.date
ESS, NON_ESS, PUBLIC, RESEARCH, CITIZEN = FAMILIES


def nodes_frame(*rows):
    """Rows of (node_id, family[, naf_section])."""
    rows = [(*row, None) if len(row) == 2 else row for row in rows]
    return pd.DataFrame(rows, columns=["node_id", "family", "naf_section"])


def ties_frame(*rows):
    """Rows of (source, group_id, node_id[, date]); date defaults to undated."""
    rows = [(*row, None) if len(row) == 3 else row for row in rows]
    return pd.DataFrame(rows, columns=["source", "group_id", "node_id", "date"])


def group(source, group_id, members, date=None):
    return [(source, group_id, member, date) for member in members]


def two_cliques():
    """Two K4 (0-3 and 4-7) joined by the bridge 3–4: 6 + 6 + 1 = 13 ties."""
    G = nx.complete_graph(4)
    G.add_edges_from(nx.complete_graph(range(4, 8)).edges)
    G.add_edge(3, 4)
    return G


def assert_ranking(actual, expected):
    """(node, score) pairs: the same nodes in the same order, scores to 1e-12."""
    assert [node for node, _ in actual] == [node for node, _ in expected]
    assert [score for _, score in actual] == pytest.approx([s for _, s in expected], abs=1e-12)


def with_families(G, families):
    nx.set_node_attributes(G, families, "family")
    return G


# --- building the graph -------------------------------------------------------------------------


def test_every_node_is_in_the_graph_and_each_group_is_a_clique():
    nodes = nodes_frame((1, ESS), (2, PUBLIC), (3, NON_ESS), (4, None), (5, CITIZEN))
    ties = ties_frame(
        *group("project", "p1", [1, 2, 3]),
        *group("pooling", "x", [1, 2]),
        *group("meeting", "m1", [2, 3]),
        *group("meeting", "m2", [2, 3]),
        ("working_group", "w", 4),  # alone in its group: no tie
    )
    G = build_graph(nodes, ties)
    assert list(G.nodes) == [1, 2, 3, 4, 5]  # 4 and 5 are isolated but present
    assert G.number_of_edges() == 3
    # 1–2: project + pooling = 1 + 1; 2–3: project + two meetings = 1 + 0.25 + 0.25
    assert G.edges[1, 2] == {"weight": 2.0, "groups": 2, "sources": ["pooling", "project"]}
    assert G.edges[2, 3] == {"weight": 1.5, "groups": 3, "sources": ["meeting", "project"]}
    assert G.edges[1, 3] == {"weight": 1.0, "groups": 1, "sources": ["project"]}
    assert G.nodes[4] == {"family": None, "naf_section": None, "label": None}
    assert G.graph["groups"] == 5
    assert G.graph["skipped_groups"] == 0
    assert G.graph["weights"] == dict(DEFAULT_WEIGHTS)


def test_node_attributes_and_plain_ids():
    nodes = pd.DataFrame(
        {
            "node_id": np.array([10, 20], dtype=np.int64),
            "family": [ESS, PUBLIC],
            "label": ["Coop", "Mairie"],
            "naf_section": ["C", None],
        }
    )
    G = build_graph(nodes, ties_frame(*group("project", 1, [10, 20])))
    assert [type(node) for node in G] == [int, int]
    assert G.nodes[10] == {"family": ESS, "naf_section": "C", "label": "Coop"}
    assert G.nodes[20]["naf_section"] is None


def test_weights_override_the_defaults():
    nodes = nodes_frame((1, ESS), (2, ESS))
    ties = ties_frame(*group("meeting", 1, [1, 2]), *group("project", 1, [1, 2]))
    G = build_graph(nodes, ties, weights={"meeting": 0.5})
    # meeting 1 and project 1 are two groups: the same id in two sources is not one group
    assert G.edges[1, 2]["weight"] == 1.5
    assert G.edges[1, 2]["groups"] == 2
    for bad in ({"meeting": 0}, {"meeting": -1.0}, {"meeting": math.nan}, {"lunch": 1.0}):
        with pytest.raises(ValueError, match="weights"):
            build_graph(nodes, ties, weights=bad)


def test_window_is_inclusive_and_keeps_undated_participations():
    nodes = nodes_frame((1, ESS), (2, ESS), (3, ESS), (4, ESS), (5, ESS))
    ties = ties_frame(
        *group("project", 1, [1, 2], D(2024, 1, 1)),  # on the start: in
        *group("project", 2, [2, 3], D(2024, 12, 31)),  # on the end: in
        *group("project", 3, [3, 4], D(2023, 12, 31)),  # the day before: out
        *group("project", 4, [4, 5]),  # undated: always in
    )
    G = build_graph(nodes, ties, start="2024-01-01", end=D(2024, 12, 31))
    assert sorted(G.edges) == [(1, 2), (2, 3), (4, 5)]
    assert (G.graph["start"], G.graph["end"]) == (D(2024, 1, 1), D(2024, 12, 31))
    # a participation dated differently from its group's other rows only counts in its window
    ties = ties_frame(("project", 9, 1, "2024-06-01"), ("project", 9, 2, "2023-06-01"))
    assert build_graph(nodes, ties, start="2024-01-01").number_of_edges() == 0


def test_sources_filter():
    nodes = nodes_frame((1, ESS), (2, ESS), (3, ESS))
    ties = ties_frame(*group("meeting", 1, [1, 2]), *group("working_group", 1, [2, 3]))
    G = build_graph(nodes, ties, sources=["working_group"])
    assert sorted(G.edges) == [(2, 3)]
    assert G.graph["sources"] == ["working_group"]
    with pytest.raises(ValueError, match="unknown source"):
        build_graph(nodes, ties, sources=["lunch"])
    with pytest.raises(ValueError, match="start must not be after end"):
        build_graph(nodes, ties, start="2024-02-01", end="2024-01-31")


def test_large_groups_are_skipped_and_counted():
    nodes = nodes_frame(*[(i, ESS) for i in range(5)])
    ties = ties_frame(
        *group("meeting", "plenary", [0, 1, 2, 3, 4]),  # 5 participants > 4: skipped
        *group("project", "p", [0, 1, 2, 3]),  # 4 participants: kept
        # 3 members plus 2 guests who are not nodes: the group has 5 participants, skipped
        *group("working_group", "w", [2, 3, 4, "guest a", "guest b"]),
    )
    G = build_graph(nodes, ties, max_group_size=4)
    assert G.graph["skipped_groups"] == 2
    assert G.graph["groups"] == 1
    assert G.graph["outside_participants"] == 2
    assert G.number_of_edges() == 6  # the project's K4
    assert G.degree(4) == 0
    # the default cap (60) keeps them all: 10 distinct ties, 4 from the working group only
    assert build_graph(nodes, ties).number_of_edges() == 10
    with pytest.raises(ValueError, match="max_group_size"):
        build_graph(nodes, ties, max_group_size=1)


def test_a_participant_listed_twice_counts_once():
    nodes = nodes_frame((1, ESS), (2, ESS))
    ties = ties_frame(*group("project", 1, [1, 2, 2, 1]))
    G = build_graph(nodes, ties, max_group_size=2)
    assert G.edges[1, 2]["weight"] == 1.0
    assert G.graph["skipped_groups"] == 0


def test_no_ties_gives_isolated_nodes():
    G = build_graph(nodes_frame((1, ESS), (2, PUBLIC)), ties_frame())
    assert (G.number_of_nodes(), G.number_of_edges(), G.graph["groups"]) == (2, 0, 0)


@pytest.mark.parametrize(
    ("nodes", "ties", "message"),
    [
        (pd.DataFrame({"node_id": [1]}), ties_frame(), "nodes is missing column"),
        (nodes_frame((1, ESS)), pd.DataFrame({"node_id": [1]}), "ties is missing column"),
        (nodes_frame((1, "charity")), ties_frame(), "nodes.family has unknown value"),
        (nodes_frame((1, "research")), ties_frame(), "nodes.family has unknown value"),
        (nodes_frame((1, ESS), (1, PUBLIC)), ties_frame(), "duplicates"),
        (nodes_frame((None, ESS)), ties_frame(), "nodes.node_id has missing"),
        (nodes_frame((1, ESS, "Z")), ties_frame(), "NAF section"),
        (nodes_frame((1, ESS)), ties_frame(("lunch", 1, 1)), "ties.source has unknown"),
        (nodes_frame((1, ESS)), ties_frame(("project", None, 1)), "ties.group_id"),
        (nodes_frame((1, ESS)), ties_frame(("project", 1, None)), "ties.node_id"),
    ],
)
def test_bad_input_is_refused(nodes, ties, message):
    with pytest.raises(ValueError, match=message):
        build_graph(nodes, ties)


def test_ei_family_maps_actor_families():
    assert ei_family("research") == ei_family("training") == RESEARCH
    assert ei_family("ess_enterprise") == ESS
    assert ei_family("public_body", natural_person=True) == CITIZEN
    assert ei_family("other") is None
    assert ei_family(None) is None


# --- whole-network measures ---------------------------------------------------------------------


def test_star():
    # centre 0 and 5 leaves: 5 ties out of 15 possible
    metrics = network_metrics(nx.star_graph(5))
    assert (metrics.n_nodes, metrics.n_edges) == (6, 5)
    assert metrics.density == pytest.approx(1 / 3)
    assert metrics.mean_degree == pytest.approx(10 / 6)
    assert metrics.clustering == 0.0
    # Σ (5 − 1) over 5 leaves = 20 = (n − 1)(n − 2) = 5·4
    assert metrics.degree_centralisation == 1.0
    assert (metrics.components, metrics.largest_component_share) == (1, 1.0)
    assert metrics.top_betweenness[0] == (0, 1.0)


def test_path():
    # 0–1–2–3–4: degrees 1, 2, 2, 2, 1
    metrics = network_metrics(nx.path_graph(5))
    assert metrics.density == pytest.approx(4 / 10)
    # Σ (2 − d) = 1 + 0 + 0 + 0 + 1 = 2, over (5 − 1)(5 − 2) = 12
    assert metrics.degree_centralisation == pytest.approx(1 / 6)
    assert metrics.clustering == 0.0
    # node 2 is on the paths 0–3, 0–4, 1–3, 1–4: 4 of the C(4, 2) = 6 pairs; node 1 on 3 of 6
    assert_ranking(metrics.top_betweenness, [(2, 2 / 3), (1, 0.5), (3, 0.5), (0, 0), (4, 0)])


def test_two_cliques_joined_by_a_bridge():
    metrics = network_metrics(two_cliques())
    assert metrics.density == pytest.approx(13 / 28)
    # degrees 3, 3, 3, 4, 4, 3, 3, 3: Σ (4 − d) = 6, over 7·6 = 42
    assert metrics.degree_centralisation == pytest.approx(1 / 7)
    # six nodes at 1; nodes 3 and 4 have 3 tied pairs among their 6 pairs of partners
    assert metrics.clustering == pytest.approx((6 * 1 + 2 * 0.5) / 8)


@pytest.mark.parametrize("G", [nx.complete_graph(5), nx.cycle_graph(6)])
def test_regular_graphs_are_not_centralised(G):
    assert network_metrics(G).degree_centralisation == 0.0


def test_complete_graph():
    metrics = network_metrics(nx.complete_graph(5))
    assert (metrics.density, metrics.clustering, metrics.degree_centralisation) == (1.0, 1.0, 0.0)


def test_tiny_graphs_are_not_measurable():
    empty = network_metrics(nx.Graph())
    assert (empty.n_nodes, empty.components, empty.top_betweenness) == (0, 0, [])
    assert empty.density is empty.mean_degree is empty.clustering is None
    assert empty.degree_centralisation is empty.largest_component_share is None
    one = network_metrics(nx.empty_graph(1))
    assert one.density is None and one.degree_centralisation is None
    assert one.mean_degree == 0.0
    two = network_metrics(nx.path_graph(2))
    assert two.density == 1.0 and two.degree_centralisation is None


def test_isolated_actors_count_in_density_and_components():
    G = nx.path_graph(3)
    G.add_nodes_from([3, 4])
    metrics = network_metrics(G)
    assert metrics.density == pytest.approx(2 / 10)
    assert (metrics.components, metrics.largest_component_share) == (3, 3 / 5)


@pytest.mark.parametrize(
    "G", [nx.florentine_families_graph(), nx.krackhardt_kite_graph(), nx.karate_club_graph()]
)
def test_agreement_with_networkx(G):
    G = nx.Graph(G.edges)  # karate club edges carry weights; the measures are unweighted
    metrics = network_metrics(G, top=G.number_of_nodes())
    assert metrics.density == pytest.approx(nx.density(G), abs=1e-12)
    assert metrics.clustering == pytest.approx(nx.average_clustering(G), abs=1e-12)
    exact = nx.betweenness_centrality(G)
    assert dict(metrics.top_betweenness) == pytest.approx(exact, abs=1e-12)
    assert betweenness(G) == pytest.approx(exact, abs=1e-12)
    assert metrics.components == nx.number_connected_components(G)


def test_betweenness_ranking_breaks_ties_by_id_even_with_mixed_ids():
    G = nx.Graph([("b", 1), (1, "a")])
    assert network_metrics(G).top_betweenness == [(1, 1.0), ("a", 0.0), ("b", 0.0)]


def test_graphs_that_are_not_simple_are_refused():
    with pytest.raises(ValueError, match="undirected"):
        network_metrics(nx.DiGraph([(1, 2)]))
    with pytest.raises(ValueError, match="self-loops"):
        network_metrics(nx.Graph([(1, 1), (1, 2)]))


# --- dependence on the leader -------------------------------------------------------------------


def test_leader_of_a_star():
    dependence = leader_dependence(nx.star_graph(5))
    assert (dependence.leader, dependence.leader_degree) == (0, 5)
    assert dependence.leader_tie_share == 1.0
    # without the centre, 5 isolated actors remain
    assert dependence.remaining_components == 5
    assert dependence.remaining_largest_share == pytest.approx(1 / 5)
    assert (dependence.min_split_size, dependence.min_split_cut) == (1, [0])


def test_leader_of_a_path_is_chosen_by_betweenness():
    # 1, 2 and 3 all have 2 partners; 2 has the highest betweenness
    dependence = leader_dependence(nx.path_graph(5))
    assert dependence.leader == 2
    assert dependence.leader_tie_share == 0.5
    assert (dependence.remaining_components, dependence.remaining_largest_share) == (2, 0.5)
    assert (dependence.min_split_size, dependence.min_split_cut) == (1, [2])


def test_leader_of_two_cliques():
    G = two_cliques()
    dependence = leader_dependence(G)
    # 3 and 4 tie on degree (4) and betweenness (12/21): the smaller id wins
    assert dependence.leader == 3
    assert dependence.leader_tie_share == pytest.approx(4 / 13)
    assert dependence.remaining_components == 2
    assert dependence.remaining_largest_share == pytest.approx(4 / 7)
    assert dependence.min_split_size == nx.node_connectivity(G) == 1
    assert dependence.min_split_cut == [3]


def test_leader_of_a_complete_graph_cannot_split_it():
    dependence = leader_dependence(nx.complete_graph(5))
    assert dependence.leader == 0  # everybody ties: the smallest id
    assert dependence.leader_tie_share == pytest.approx(4 / 10)
    assert (dependence.remaining_components, dependence.remaining_largest_share) == (1, 1.0)
    assert dependence.min_split_size is None
    assert dependence.min_split_cut == []


def test_leader_who_is_not_the_weak_point():
    # Krackhardt's kite: Diane (3) has the most partners, but Heather (7) holds the tail
    G = nx.krackhardt_kite_graph()
    dependence = leader_dependence(G)
    assert (dependence.leader, dependence.leader_degree) == (3, 6)
    assert dependence.leader_tie_share == pytest.approx(6 / 18)
    assert (dependence.remaining_components, dependence.remaining_largest_share) == (1, 1.0)
    assert dependence.min_split_size == nx.node_connectivity(G) == 1
    assert dependence.min_split_cut == [7]


def test_min_split_of_a_two_connected_graph():
    G = nx.cycle_graph(6)
    dependence = leader_dependence(G)
    assert dependence.min_split_size == nx.node_connectivity(G) == 2
    rest = G.subgraph(set(G) - set(dependence.min_split_cut))
    assert not nx.is_connected(rest)


def test_min_split_looks_at_the_largest_component():
    G = nx.path_graph(3)  # 0–1–2, split by 1
    G.add_edges_from([(10, 11)])
    dependence = leader_dependence(G)
    assert dependence.leader == 1
    assert (dependence.min_split_size, dependence.min_split_cut) == (1, [1])
    assert dependence.remaining_components == 3  # 0, 2 and 10–11
    # a pair cannot be split
    assert leader_dependence(nx.path_graph(2)).min_split_size is None


def test_no_tie_means_no_leader():
    dependence = leader_dependence(nx.empty_graph(3))
    assert dependence.leader is None
    assert dependence.leader_tie_share is dependence.min_split_size is None
    assert dependence.remaining_components is dependence.remaining_largest_share is None


# --- E–I index ----------------------------------------------------------------------------------


def textbook_ei_graph():
    """Four ESS enterprises a1–a4 and three public bodies b1–b3.

    Internal ties: a1–a2, a2–a3, a3–a4, a4–a1 (4 in the ESS family) and b1–b2 (1 public).
    External ties: a1–b1 (weight 3) and a3–b2. b3 has no tie.
    """
    G = nx.Graph()
    G.add_edges_from([("a1", "a2"), ("a2", "a3"), ("a3", "a4"), ("a4", "a1"), ("b1", "b2")])
    G.add_edge("a1", "b1", weight=3.0)
    G.add_edge("a3", "b2")
    G.add_node("b3")
    families = {node: ESS if node.startswith("a") else PUBLIC for node in G}
    return with_families(G, families)


def test_ei_index_textbook_example():
    result = ei_index(textbook_ei_graph())
    # E = 2, I = 4 + 1 = 5: (2 − 5) / (2 + 5) = −3/7
    assert (result.external, result.internal) == (2, 5)
    assert result.index == pytest.approx(-3 / 7)
    # weighted: E = 3 + 1 = 4, I = 5·1 = 5: (4 − 5) / 9 = −1/9
    assert result.weighted_index == pytest.approx(-1 / 9)
    # ESS family: E = 2, I = 4 → −2/6; public bodies: E = 2, I = 1 → 1/3
    assert result.by_group == pytest.approx({ESS: -1 / 3, PUBLIC: 1 / 3})
    assert result.unclassified_edges == 0


def test_ei_index_extremes():
    internal = with_families(nx.Graph([(1, 2), (3, 4)]), {1: ESS, 2: ESS, 3: PUBLIC, 4: PUBLIC})
    assert ei_index(internal).index == -1.0
    assert ei_index(internal).by_group == {ESS: -1.0, PUBLIC: -1.0}
    external = with_families(nx.complete_bipartite_graph(2, 3), {0: ESS, 1: ESS})
    nx.set_node_attributes(external, dict.fromkeys([2, 3, 4], RESEARCH), "family")
    assert ei_index(external).index == 1.0
    assert ei_index(external).weighted_index == 1.0
    assert ei_index(with_families(nx.empty_graph(2), {0: ESS, 1: PUBLIC})).index is None


def test_ei_index_leaves_out_unclassified_actors():
    G = with_families(nx.Graph([(1, 2), (2, 3), (3, 4)]), {1: ESS, 2: ESS, 3: None, 4: PUBLIC})
    result = ei_index(G)
    assert (result.external, result.internal, result.unclassified_edges) == (0, 1, 2)
    assert result.index == -1.0
    # the public body has no classified tie: not measurable rather than 0
    assert result.by_group == {ESS: -1.0, PUBLIC: None}
    only_unclassified = with_families(nx.Graph([(1, 2)]), {1: ESS, 2: None})
    assert ei_index(only_unclassified).index is None


def test_ei_index_on_another_attribute():
    G = nx.Graph([(1, 2), (2, 3)])
    nx.set_node_attributes(G, {1: "A", 2: "A", 3: "Q"}, "naf_section")
    result = ei_index(G, attribute="naf_section")
    assert result.attribute == "naf_section"
    assert result.index == 0.0  # E = 1, I = 1


def test_cross_sector_share():
    G = nx.Graph([(1, 2), (2, 3), (3, 4), (4, 5)])
    nx.set_node_attributes(G, {1: "A", 2: "A", 3: "Q", 4: "C", 5: None}, "naf_section")
    # known ties: 1–2 (same), 2–3, 3–4 (different); 4–5 unknown
    assert cross_sector_share(G) == pytest.approx(2 / 3)
    nx.set_node_attributes(G, dict.fromkeys(G), "naf_section")
    assert cross_sector_share(G) is None


# --- communities and brokers --------------------------------------------------------------------


def test_louvain_finds_the_two_cliques():
    G = two_cliques()
    found = communities(G, seed=0)
    assert found.communities == [[0, 1, 2, 3], [4, 5, 6, 7]]
    # each community: 6 internal ties of the m = 13, degree sum 13 of 2m = 26
    # Q = 2·(6/13 − (13/26)²) = 12/13 − 1/2 = 11/26
    assert found.modularity == pytest.approx(11 / 26)
    assert found.modularity == pytest.approx(
        nx.community.modularity(G, found.communities), abs=1e-12
    )
    assert communities(G, seed=0) == found


def test_communities_are_sorted_by_size_then_id():
    G = nx.Graph([(5, 6), (1, 2), (7, 8), (8, 9), (7, 9)])
    G.add_node(0)
    found = communities(G)
    assert found.communities == [[7, 8, 9], [1, 2], [5, 6], [0]]


def test_communities_without_ties():
    found = communities(nx.empty_graph(3))
    assert found.communities == [[0], [1], [2]]
    assert found.modularity is None
    assert communities(nx.Graph()).communities == []


def test_brokers_of_two_cliques():
    found = brokers(two_cliques())
    assert found.articulation_points == [3, 4]
    assert found.bridges == [(3, 4)]
    # 3 is on the 3·4 = 12 shortest paths between {0, 1, 2} and {4, ..., 7}, of C(7, 2) = 21
    assert_ranking(found.top_betweenness, [(3, 12 / 21), (4, 12 / 21)])
    assert_ranking(brokers(two_cliques(), k=1).top_betweenness, [(3, 12 / 21)])


def test_brokers_of_a_complete_graph():
    found = brokers(nx.complete_graph(4))
    assert (found.articulation_points, found.bridges, found.top_betweenness) == ([], [], [])


# --- change over time ---------------------------------------------------------------------------


def test_compare_windows():
    nodes = nodes_frame((1, ESS), (2, ESS), (3, PUBLIC), (4, NON_ESS))
    ties = ties_frame(
        *group("project", 1, [1, 2], D(2023, 3, 1)),
        *group("project", 2, [2, 3], D(2024, 3, 1)),
        *group("project", 3, [3, 4], D(2024, 4, 1)),
    )
    before = build_graph(nodes, ties, start="2023-01-01", end="2023-12-31")
    after = build_graph(nodes, ties, start="2024-01-01", end="2024-12-31")
    change = compare_windows(before, after)
    assert change.density_before == pytest.approx(1 / 6)
    assert change.density_after == pytest.approx(2 / 6)
    assert change.density_change == pytest.approx(1 / 6)
    # before: degrees 1, 1, 0, 0: Σ (1 − d) = 2 over 3·2; after: 0, 1, 2, 1: Σ (2 − d) = 4
    assert change.centralisation_before == pytest.approx(2 / 6)
    assert change.centralisation_change == pytest.approx(4 / 6 - 2 / 6)
    # before: one ESS–ESS tie (−1); after: two ties across families (+1)
    assert (change.ei_before, change.ei_after, change.ei_change) == (-1.0, 1.0, 2.0)
    assert (change.joined, change.left) == ([3, 4], [1])


def test_compare_windows_with_nothing_to_compare():
    change = compare_windows(nx.empty_graph(1), nx.path_graph(2))
    assert change.density_before is None and change.density_change is None
    assert change.density_after == 1.0
    assert change.ei_change is None
    assert (change.joined, change.left) == ([0, 1], [])


# --- betweenness and its sampling ---------------------------------------------------------------


def test_sampled_betweenness():
    G = nx.karate_club_graph()
    sampled = betweenness(G, k=10, seed=1)
    assert sampled == nx.betweenness_centrality(G, k=10, seed=1)
    assert betweenness(G, k=10, seed=1) == sampled  # reproducible
    assert betweenness(G, k=G.number_of_nodes()) == pytest.approx(betweenness(G))
    with pytest.raises(ValueError, match="k must be at least 1"):
        betweenness(G, k=0)


def test_betweenness_error():
    G = nx.karate_club_graph()
    exact = betweenness_error(G, k=G.number_of_nodes())
    assert (exact.max_abs_error, exact.spearman) == (0.0, pytest.approx(1.0))
    rough = betweenness_error(G, k=8, seed=3)
    approximate, truth = betweenness(G, k=8, seed=3), betweenness(G)
    assert rough.max_abs_error == pytest.approx(max(abs(approximate[n] - truth[n]) for n in G))
    assert rough.max_abs_error > 0
    assert 0 < rough.spearman <= 1
    assert (rough.k, rough.n_nodes) == (8, 34)
    # every betweenness of a complete graph is 0: no ranking, no correlation
    assert betweenness_error(nx.complete_graph(5), k=2).spearman is None


# --- référentiel indicators ---------------------------------------------------------------------


MEMBERS = nodes_frame((1, ESS, "A"), (2, ESS, "A"), (3, PUBLIC, "O"), (4, NON_ESS, None))
ON = D(2024, 6, 30)


def test_density_indicator_window_and_sources():
    ties = ties_frame(
        *group("project", 1, [1, 2], D(2023, 7, 1)),  # first day of the 12 months: in
        *group("pooling", 1, [2, 3], D(2024, 6, 30)),  # the reference date: in
        *group("working_group", 1, [3, 4], D(2023, 6, 30)),  # a day too early: out
        *group("meeting", 1, [1, 4], D(2024, 1, 1)),  # meetings are not cooperation: out
        *group("project", 2, [1, 2, 3], D(2024, 7, 1)),  # after the reference date: out
    )
    result = density_indicator(MEMBERS, ties, on=ON)
    assert result.code == "B1.3"
    assert result.value == pytest.approx(2 / 6)
    assert result.missing is None
    assert (result.start, result.end) == (D(2023, 7, 1), ON)
    assert (result.members, result.ties, result.groups, result.skipped_groups) == (4, 2, 2, 0)
    three_months = density_indicator(MEMBERS, ties, on=ON, months=3)
    assert (three_months.start, three_months.value) == (D(2024, 4, 1), pytest.approx(1 / 6))


def test_density_indicator_measures_a_recorded_absence_of_cooperation():
    ties = ties_frame(("project", 1, 1, D(2024, 1, 1)), ("project", 2, 2, D(2024, 2, 1)))
    result = density_indicator(MEMBERS, ties, on=ON)
    assert (result.value, result.missing) == (0.0, None)


def test_density_indicator_not_measurable():
    ties = ties_frame(*group("project", 1, [1, 2], D(2024, 1, 1)))
    one = density_indicator(nodes_frame((1, ESS)), ties, on=ON)
    assert (one.value, one.missing) == (None, "fewer than 2 member structures")
    nothing = density_indicator(MEMBERS, ties, on=D(2026, 1, 1))
    assert nothing.value is None
    assert nothing.missing == "no project, pooling or working group of the members in the window"
    meetings_only = density_indicator(
        MEMBERS, ties_frame(*group("meeting", 1, [1, 2], D(2024, 1, 1))), on=ON
    )
    assert meetings_only.value is None and meetings_only.missing is not None
    crowd = ties_frame(*group("project", 1, [1, 2, 3, 4], D(2024, 1, 1)))
    skipped = density_indicator(MEMBERS, crowd, on=ON, max_group_size=3)
    assert skipped.value is None
    assert skipped.missing == "every group in the window has more than 3 participants"
    assert skipped.skipped_groups == 1
    with pytest.raises(ValueError, match="months"):
        density_indicator(MEMBERS, ties, on=ON, months=0)


def test_ei_indicator():
    ties = ties_frame(
        *group("meeting", 1, [1, 2, 3], D(2024, 1, 1)),  # 1–2 internal; 1–3, 2–3 external
        *group("project", 1, [3, 4], D(2024, 2, 1)),  # external
    )
    result = ei_indicator(MEMBERS, ties, on=ON)
    # E = 3, I = 1: E–I = 2/4 = 0.5, so C2.3 = (0.5 + 1) / 2 = 0.75
    assert result.code == "C2.3"
    assert result.value == pytest.approx(0.75)
    assert result.missing is None
    internal = ei_indicator(MEMBERS, ties_frame(*group("pooling", 1, [1, 2])), on=ON)
    assert internal.value == 0.0  # all ties within a family: a measured 0


def test_ei_indicator_not_measurable():
    assert ei_indicator(MEMBERS, ties_frame(), on=ON).missing == "no cooperation tie in the window"
    alone = ei_indicator(MEMBERS, ties_frame(("project", 1, 1), ("project", 2, 2)), on=ON)
    assert (alone.value, alone.missing) == (None, "no cooperation tie in the window")
    unclassified = nodes_frame((1, ESS), (2, None), (3, None))
    result = ei_indicator(unclassified, ties_frame(*group("project", 1, [1, 2, 3])), on=ON)
    assert result.value is None
    assert result.missing == "no cooperation tie between members whose actor family is known"


def test_cross_sector_indicator():
    ties = ties_frame(
        *group("project", 1, [1, 2, 3], D(2024, 1, 1)),  # 1–2 same (A); 1–3, 2–3 differ
        *group("working_group", 1, [3, 4]),  # 4's section unknown: left out
        *group("meeting", 1, [1, 4]),  # meetings are not cooperation
    )
    result = cross_sector_indicator(MEMBERS, ties, on=ON)
    assert result.code == "A3.3"
    assert result.value == pytest.approx(2 / 3)
    unknown = cross_sector_indicator(MEMBERS, ties_frame(*group("project", 1, [3, 4])), on=ON)
    assert unknown.value is None
    assert unknown.missing == "no cooperation tie between members whose NAF section is known"
    empty = cross_sector_indicator(MEMBERS, ties_frame(), on=ON)
    assert empty.missing == "no cooperation tie in the window"
    with pytest.raises(ValueError, match="naf_section"):
        cross_sector_indicator(MEMBERS.drop(columns="naf_section"), ties, on=ON)


# --- definitions, serialisation, docstrings -----------------------------------------------------


def test_definitions_cite_the_literature_and_cover_the_indicators():
    assert "Freeman" in DEFINITIONS["degree_centralisation"]
    assert "Krackhardt" in DEFINITIONS["ei_index"]
    assert "Blondel" in DEFINITIONS["modularity"]
    assert {"B1.3", "C2.3", "A3.3"} <= set(DEFINITIONS)
    metric_fields = {field.name for field in dataclasses.fields(network.NetworkMetrics)}
    assert metric_fields - {"top_betweenness"} <= set(DEFINITIONS)


def test_results_are_json_ready():
    G = two_cliques()
    for result in (
        network_metrics(G),
        leader_dependence(G),
        ei_index(with_families(G, dict.fromkeys(G, ESS))),
        communities(G),
        brokers(G),
        compare_windows(G, G),
        betweenness_error(G, k=3),
        density_indicator(MEMBERS, ties_frame(*group("project", 1, [1, 2])), on=ON),
    ):
        data = result.as_dict()
        assert json.loads(json.dumps(data)) == data
    assert brokers(G).as_dict()["bridges"] == [[3, 4]]
    with pytest.raises(dataclasses.FrozenInstanceError):
        network_metrics(G).density = 0  # type: ignore[misc]


def test_docstring_examples():
    assert doctest.testmod(network).failed == 0


# --- properties ---------------------------------------------------------------------------------


@st.composite
def graphs(draw, max_nodes=12):
    n = draw(st.integers(0, max_nodes))
    pairs = list(itertools.combinations(range(n), 2))
    edges = draw(st.lists(st.sampled_from(pairs), unique=True)) if pairs else []
    G = nx.empty_graph(n)
    G.add_edges_from(edges)
    families = draw(st.lists(st.sampled_from([*FAMILIES, None]), min_size=n, max_size=n))
    for node, family in zip(range(n), families, strict=True):
        G.nodes[node]["family"] = family
    return G


def within(value, low, high):
    return value is None or low - 1e-12 <= value <= high + 1e-12


@settings(max_examples=200, deadline=None)
@given(graphs())
def test_measures_stay_in_their_ranges(G):
    metrics = network_metrics(G)
    assert within(metrics.density, 0, 1)
    assert within(metrics.degree_centralisation, 0, 1)
    assert within(metrics.clustering, 0, 1)
    result = ei_index(G)
    assert within(result.index, -1, 1)
    assert within(result.weighted_index, -1, 1)
    assert all(within(value, -1, 1) for value in result.by_group.values())
    assert result.external + result.internal + result.unclassified_edges == G.number_of_edges()
    if result.index is not None:
        assert result.index == pytest.approx(
            (result.external - result.internal) / (result.external + result.internal)
        )
    dependence = leader_dependence(G)
    assert within(dependence.leader_tie_share, 0, 1)
    if dependence.min_split_size is not None:
        assert dependence.min_split_size == len(dependence.min_split_cut)


participations = st.lists(
    st.tuples(st.sampled_from(SOURCES), st.integers(0, 4), st.integers(0, 7)), max_size=40
)


@settings(max_examples=100, deadline=None)
@given(participations, st.integers(2, 6))
def test_build_graph_matches_a_naive_construction(rows, cap):
    nodes = nodes_frame(*[(i, ESS) for i in range(6)])  # 6 and 7 are guests, not nodes
    G = build_graph(nodes, ties_frame(*rows), max_group_size=cap)
    members: dict[tuple[str, int], set[int]] = defaultdict(set)
    for source, group_id, node in rows:
        members[source, group_id].add(node)
    expected: dict[tuple[int, int], float] = defaultdict(float)
    for (source, _), people in members.items():
        if len(people) > cap:
            continue
        for u, v in itertools.combinations(sorted(people & set(range(6))), 2):
            expected[u, v] += DEFAULT_WEIGHTS[source]
    assert G.number_of_nodes() == 6
    assert {tuple(sorted(edge)): w for *edge, w in G.edges(data="weight")} == pytest.approx(
        dict(expected)
    )
    assert G.graph["skipped_groups"] == sum(len(p) > cap for p in members.values())
