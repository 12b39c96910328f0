"""One pole's cooperation network over a window: the graph and every measure the pages show.

Nothing is measured here: `ptce_analytics.network` builds the graph and computes each figure;
this module reads the tables (`ptce.network.selectors`), calls the analytics once per measure
and keeps the results together for the pages, the exports and the `network` command.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

import networkx as nx
import pandas as pd

from ptce.network import selectors
from ptce.network.selectors import Window
from ptce_analytics import network

__all__ = [
    "EXACT_BETWEENNESS_MAX",
    "NetworkReport",
    "build",
    "network_report",
]

# Up to this many actors betweenness is exact (well under a second); beyond, it is sampled
# from `BETWEENNESS_SAMPLE` sources (see bench/results/network.json for the error).
EXACT_BETWEENNESS_MAX = 2_000
BETWEENNESS_SAMPLE = 100
SEED = 0
# Up to this many actors in the largest component, the leader's cut is quick whatever the
# graph (about a second at worst); see `cut_is_quick`.
QUICK_CUT_MAX_ACTORS = 50


@dataclass(frozen=True)
class Inputs:
    nodes: pd.DataFrame
    ties: pd.DataFrame


def inputs(
    pole,
    window: Window,
    *,
    sources: Iterable[str] = network.SOURCES,
    people: bool = False,
    visible_people: set[int] | None = None,
    today: dt.date | None = None,
) -> Inputs:
    """The nodes and ties tables of `pole` over `window`; a fixed number of queries."""
    ties = selectors.ties_frame(
        pole, start=window.start, end=window.end, sources=sources, today=today
    )
    nodes = selectors.member_nodes(pole, on=window.end)
    if people:
        found = selectors.people_nodes(pole, ties, visible=visible_people)
        if len(found):
            nodes = pd.concat([nodes, found], ignore_index=True)
    return Inputs(nodes=nodes, ties=ties)


def build(data: Inputs, window: Window, sources: Iterable[str]) -> nx.Graph:
    # The selector already windowed the ties; start/end also bound the meetings' dates.
    return network.build_graph(
        data.nodes, data.ties, start=window.start, end=window.end, sources=list(sources)
    )


@dataclass(frozen=True)
class NetworkReport:
    """The graph and its measures. A graph-only report (``full=False``: the JSON and the
    exports) leaves the whole-network measures None; `leader` is also None when its cut
    would take too long for a page (see `cut_is_quick`)."""

    window: Window
    previous_window: Window
    sources: tuple[str, ...]
    graph: nx.Graph
    nodes: pd.DataFrame
    communities: network.Communities
    betweenness: dict[Any, float]
    betweenness_sample: int | None
    metrics: network.NetworkMetrics | None = None
    leader: network.LeaderDependence | None = None
    ei: network.EIIndex | None = None
    brokers: network.Brokers | None = None
    change: network.WindowChange | None = None
    leader_skipped: bool = False

    @property
    def labels(self) -> dict[Any, str]:
        return dict(self.graph.nodes(data="label"))

    def label(self, node: Any) -> str:
        return str(self.graph.nodes[node].get("label") or node) if node in self.graph else ""

    @property
    def community_of(self) -> dict[Any, int]:
        return {
            node: index
            for index, members in enumerate(self.communities.communities, start=1)
            for node in members
        }

    @property
    def betweenness_rank(self) -> dict[Any, int]:
        """Competition ranking by betweenness (1 for the highest; equal scores share a rank)."""
        ranked = sorted(self.betweenness.items(), key=lambda item: -item[1])
        ranks: dict[Any, int] = {}
        previous, rank = None, 0
        for position, (node, score) in enumerate(ranked, start=1):
            if score != previous:
                rank, previous = position, score
            ranks[node] = rank
        return ranks


def cut_is_quick(G: nx.Graph) -> bool:
    """Whether `network.leader_dependence` finds its smallest cut quickly on `G`.

    The analytics find a cut of one actor in linear time (articulation points); otherwise
    they run a flow-based minimum node cut, which on a dense component of a hundred actors
    (regular plenaries tie most members) takes tens of seconds: 6 s for 100 actors and 25 s
    for 150 on this project's 2-core machine. A page does not wait that long; the `network`
    command always computes it.
    """
    components = list(nx.connected_components(G))
    if not components:
        return True
    largest = max(components, key=len)
    size = len(largest)
    if size <= QUICK_CUT_MAX_ACTORS:
        return True
    component = G.subgraph(largest)
    if component.number_of_edges() == size * (size - 1) // 2:
        return True  # tied all to all: nothing to cut
    return not nx.is_biconnected(component)


def network_report(
    pole,
    window: Window,
    *,
    sources: Iterable[str] = network.SOURCES,
    people: bool = False,
    visible_people: set[int] | None = None,
    today: dt.date | None = None,
    full: bool = True,
    quick: bool = False,
) -> NetworkReport:
    """The graph over `window` and, when `full`, every measure of the pages, the change from
    the window of the same length before included. `quick` skips the leader's dependence
    when its cut would be slow (pages); the command computes it whatever it costs."""
    chosen = tuple(source for source in network.SOURCES if source in set(sources))
    previous = window.previous()
    options = {"sources": chosen, "people": people, "visible_people": visible_people}
    current = inputs(pole, window, today=today, **options)
    G = build(current, window, chosen)
    sample = BETWEENNESS_SAMPLE if G.number_of_nodes() > EXACT_BETWEENNESS_MAX else None
    report = NetworkReport(
        window=window,
        previous_window=previous,
        sources=chosen,
        graph=G,
        nodes=current.nodes,
        communities=network.communities(G, seed=SEED),
        betweenness=network.betweenness(G, k=sample, seed=SEED),
        betweenness_sample=sample,
    )
    if not full:
        return report
    before = inputs(pole, previous, today=today, **options)
    G_before = build(before, previous, chosen)
    skip_leader = quick and not cut_is_quick(G)
    return replace(
        report,
        metrics=network.network_metrics(G, sample=sample, seed=SEED),
        leader=None if skip_leader else network.leader_dependence(G, sample=sample, seed=SEED),
        leader_skipped=skip_leader,
        ei=network.ei_index(G),
        brokers=network.brokers(G, sample=sample, seed=SEED),
        change=network.compare_windows(G_before, G),
    )
