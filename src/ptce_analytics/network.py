"""The cooperation network of a pole: who works with whom, around whom, and across which divides.

The research behind the platform observed that 9 of 12 poles are driven by a charismatic
leader, and that their purpose is to *décloisonner*: to bring ESS and non-ESS enterprises,
public bodies, research and training, and citizens to work together. Social network analysis
measures both: how much the network hangs on one actor (centralisation, what breaks if they
leave) and how many of its ties cross the divides between actor families (E–I index).

Conventions shared by every function:

* actors are the nodes; two actors are tied when they took part in the same project, pooling,
  working group or meeting (every group is a clique of its participants);
* every actor of ``nodes`` is in the graph, isolated or not: an actor who cooperates with no
  one is part of the picture, and leaving it out would inflate density;
* graph measures use the unweighted ties unless said otherwise: a tie exists or not. Edge
  weights (how many groups, of which kind, two actors share) serve community detection and
  the weighted E–I variant;
* what cannot be measured (density of a one-actor network, E–I without any tie) is None,
  never 0; indicator results then say why in ``missing``;
* results are deterministic: ties are broken by node id, randomised algorithms take a seed.

Input tables
------------
``nodes``
    One row per actor: ``node_id`` (hashable, unique), ``family`` (one of :data:`FAMILIES`,
    or null when the actor is not classified yet), ``label`` (optional), ``naf_section``
    (optional: a NAF section letter ``"A"`` to ``"U"``, or null).
``ties``
    One row per participation: ``source`` (one of :data:`SOURCES`), ``group_id`` (the
    project, pooling, working group or meeting), ``node_id``, ``date`` (the day the
    participation counts at: a meeting's date, a project's start...; null when undated).
    Participants that are not in ``nodes`` create no tie.

Dates may be ``datetime.date`` objects, strings or datetime64 values; they are compared at day
resolution.

References
----------
Wasserman, S. & Faust, K. (1994). *Social Network Analysis: Methods and Applications*.
Cambridge University Press. Freeman, L. C. (1979). Centrality in social networks: conceptual
clarification. *Social Networks* 1(3), 215–239. Krackhardt, D. & Stern, R. N. (1988).
Informal networks and organizational crises: an experimental simulation. *Social Psychology
Quarterly* 51(2), 123–140. Blondel, V. D., Guillaume, J.-L., Lambiotte, R. & Lefebvre, E.
(2008). Fast unfolding of communities in large networks. *J. Stat. Mech.* P10008.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
from scipy import stats

from ptce_analytics._frames import DateLike, plain, require_columns, to_dates, to_day

__all__ = [
    "COOPERATION_SOURCES",
    "DEFAULT_WEIGHTS",
    "DEFINITIONS",
    "FAMILIES",
    "MAX_GROUP_SIZE",
    "NODE_COLUMNS",
    "SOURCES",
    "TIE_COLUMNS",
    "BetweennessError",
    "Brokers",
    "Communities",
    "EIIndex",
    "LeaderDependence",
    "NetworkIndicator",
    "NetworkMetrics",
    "WindowChange",
    "betweenness",
    "betweenness_error",
    "brokers",
    "build_graph",
    "communities",
    "compare_windows",
    "cross_sector_indicator",
    "cross_sector_share",
    "density_indicator",
    "ei_family",
    "ei_index",
    "ei_indicator",
    "leader_dependence",
    "network_metrics",
]

NODE_COLUMNS = ("node_id", "family")
TIE_COLUMNS = ("source", "group_id", "node_id", "date")
FAMILIES = (
    "ess_enterprise",
    "non_ess_enterprise",
    "public_body",
    "research_training",
    "natural_person",
)
SOURCES = ("project", "pooling", "working_group", "meeting")
# B1.3 and A3.3 speak of cooperation: working together on something. Sitting in the same
# meeting is not that, so meetings stay out of these two indicators.
COOPERATION_SOURCES = ("project", "pooling", "working_group")
# A shared project, pooling or working group means working together over time. Sitting in the
# same meeting is a weaker tie: people can attend side by side without ever cooperating, and a
# meeting lasts hours, not months. A quarter is a convention: four shared meetings weigh as much
# as one shared project.
DEFAULT_WEIGHTS: Mapping[str, float] = {
    "project": 1.0,
    "pooling": 1.0,
    "working_group": 1.0,
    "meeting": 0.25,
}
# A 200-person plenary would tie every pair of attendees: about 20,000 ties that say nothing
# about who works with whom, and that swamp every measure. Groups above this size are skipped.
MAX_GROUP_SIZE = 60
NAF_SECTIONS = frozenset("ABCDEFGHIJKLMNOPQRSTU")
_SOURCE_BITS = {source: 1 << i for i, source in enumerate(SOURCES)}
_TOP = 10

# actors.ActorFamily values that the E–I families merge or leave out.
_ACTOR_FAMILIES = {
    "ess_enterprise": "ess_enterprise",
    "non_ess_enterprise": "non_ess_enterprise",
    "public_body": "public_body",
    "research": "research_training",
    "training": "research_training",
}

DEFINITIONS: dict[str, str] = {
    "n_nodes": "Number of actors in the graph, isolated ones included.",
    "n_edges": "Number of pairs of actors tied by at least one shared group.",
    "density": (
        "2m / (n (n − 1)): the share of possible ties that exist, isolated actors included; "
        "None below 2 actors (Wasserman & Faust 1994, ch. 4)."
    ),
    "mean_degree": "2m / n: the mean number of partners per actor.",
    "clustering": (
        "Mean over actors of the share of pairs of their partners that are tied together "
        "(unweighted; 0 for actors with fewer than 2 partners) (Watts & Strogatz 1998)."
    ),
    "degree_centralisation": (
        "Σ (d_max − d_i) / ((n − 1)(n − 2)) over the n actors, d the number of partners: 1 for "
        "a star where everything goes through one actor, 0 when all have as many partners "
        "(Freeman 1979); None below 3 actors."
    ),
    "betweenness": (
        "Share of the shortest paths between two other actors that go through an actor, "
        "normalised by (n − 1)(n − 2) / 2; unweighted (Freeman 1977, Brandes 2001). Computed "
        "from k sampled sources on large graphs (Brandes & Pich 2007)."
    ),
    "components": "Number of connected components (isolated actors count as one each).",
    "largest_component_share": "Actors in the largest connected component ÷ all actors.",
    "leader": "The actor with the most partners; ties broken by betweenness, then by node id.",
    "leader_tie_share": "Ties involving the leader ÷ all ties.",
    "remaining_largest_share": (
        "Without the leader: actors in the largest component ÷ the n − 1 remaining actors."
    ),
    "remaining_components": "Without the leader: number of connected components.",
    "min_split_size": (
        "Node connectivity of the largest component: the fewest actors whose departure splits "
        "it (Esfahanian's algorithm, as in networkx); None when it cannot be split "
        "(fewer than 3 actors, or all tied to all)."
    ),
    "ei_index": (
        "(E − I) / (E + I), E the ties between actors of different families and I the ties "
        "within a family, counted once each: −1 when all ties stay within families, +1 when "
        "all cross (Krackhardt & Stern 1988). Per family: the same over the ties of that "
        "family's actors. None without any tie."
    ),
    "ei_weighted": "The E–I index with each tie counted by its weight.",
    "cross_sector_share": (
        "Ties joining actors of different NAF sections ÷ ties whose two actors have a known "
        "section."
    ),
    "modularity": (
        "Newman's weighted modularity of the Louvain partition (Blondel et al. 2008): how much "
        "more the ties stay within communities than chance would have it."
    ),
    "articulation_points": "Actors whose departure alone splits their component.",
    "bridges": "Ties whose removal alone splits their component.",
    "B1.3": (
        "Density of the member structures' cooperation graph: shared projects, poolings and "
        "working groups over the last 12 months (meetings excluded)."
    ),
    "C2.3": (
        "(E–I + 1) / 2 over the actor families of the members, all ties of the last 12 months "
        "(projects, poolings, working groups, meetings): 0 when ties stay within families, "
        "1 when they all cross (Krackhardt & Stern 1988)."
    ),
    "A3.3": (
        "Share of cooperation ties (projects, poolings, working groups, last 12 months) that "
        "join members of different NAF sections; the référentiel's bands are in %."
    ),
}


# --- helpers ------------------------------------------------------------------------------------


def _order(node: Any) -> tuple[str, Any]:
    # Node ids may mix types (1 and "a"); the type name keeps them comparable and the order
    # stable.
    return (type(node).__name__, node)


def _sorted(nodes: Iterable[Any]) -> list[Any]:
    return sorted(nodes, key=_order)


def _check_graph(G: nx.Graph) -> None:
    if G.is_directed() or G.is_multigraph():
        raise ValueError("expected an undirected simple graph (networkx.Graph)")
    if nx.number_of_selfloops(G):
        raise ValueError("the graph has self-loops: an actor cannot cooperate with itself")


def _json_ready(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(key): _json_ready(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_json_ready(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return plain(value)


class _Result:
    """Shared ``as_dict`` of the result dataclasses."""

    __slots__ = ()

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready values: dates in ISO format, tuples as lists, NaN as None."""
        return {key: _json_ready(value) for key, value in asdict(self).items()}


# --- building the graph -------------------------------------------------------------------------


def ei_family(actor_family: str | None, *, natural_person: bool = False) -> str | None:
    """The E–I family of an actor from its :class:`~ptce_analytics.actors.ActorFamily` value.

    Parameters
    ----------
    actor_family
        An ``ActorFamily`` value (``"ess_enterprise"``, ``"research"``, ...) or None.
    natural_person
        True for a person acting in their own name (inhabitant, volunteer, user).

    Returns
    -------
    str or None
        One of :data:`FAMILIES`: research and training merge into ``"research_training"``;
        None for ``"other"`` and unknown families, which must be qualified by hand rather than
        put in a family by default.

    Examples
    --------
    >>> ei_family("training"), ei_family(None, natural_person=True), ei_family("other")
    ('research_training', 'natural_person', None)
    """
    if natural_person:
        return "natural_person"
    return _ACTOR_FAMILIES.get(str(actor_family)) if actor_family is not None else None


def _node_table(nodes: pd.DataFrame) -> list[tuple[Any, dict[str, Any]]]:
    """Validated ``(node_id, attributes)`` pairs in table order."""
    require_columns(nodes, NODE_COLUMNS, "nodes")
    ids = [plain(value) for value in nodes["node_id"]]
    if any(node is None for node in ids):
        raise ValueError("nodes.node_id has missing values")
    if len(set(ids)) != len(ids):
        raise ValueError("nodes.node_id has duplicates")
    families = [plain(value) for value in nodes["family"]]
    unknown = sorted({str(value) for value in families if value is not None} - set(FAMILIES))
    if unknown:
        raise ValueError(
            f"nodes.family has unknown value(s): {', '.join(unknown)} "
            f"(expected one of {', '.join(FAMILIES)})"
        )
    sections: list[str | None] = [None] * len(ids)
    if "naf_section" in nodes.columns:
        sections = [plain(value) for value in nodes["naf_section"]]
        wrong = sorted({str(s) for s in sections if s is not None and s not in NAF_SECTIONS})
        if wrong:
            raise ValueError(
                f"nodes.naf_section has invalid value(s): {', '.join(wrong)} "
                "(expected a NAF section letter A to U)"
            )
    labels: list[Any] = [None] * len(ids)
    if "label" in nodes.columns:
        labels = [plain(value) for value in nodes["label"]]
    return [
        (node, {"family": family, "naf_section": section, "label": label})
        for node, family, section, label in zip(ids, families, sections, labels, strict=True)
    ]


def _source_weights(weights: Mapping[str, float] | None) -> dict[str, float]:
    merged = {**DEFAULT_WEIGHTS, **(weights or {})}
    unknown = sorted(set(merged) - set(SOURCES))
    if unknown:
        raise ValueError(f"weights has unknown source(s): {', '.join(unknown)}")
    for source, weight in merged.items():
        # A zero weight would create ties worth nothing; leave the source out with `sources`.
        if not (isinstance(weight, int | float) and math.isfinite(weight) and weight > 0):
            raise ValueError(f"weights[{source!r}] must be a positive number, not {weight!r}")
    return {source: float(weight) for source, weight in merged.items()}


def _chosen_sources(sources: Iterable[str] | None) -> tuple[str, ...]:
    if sources is None:
        return SOURCES
    chosen = tuple(dict.fromkeys(sources))
    unknown = sorted(set(chosen) - set(SOURCES))
    if unknown:
        raise ValueError(
            f"unknown source(s): {', '.join(unknown)} (expected among {', '.join(SOURCES)})"
        )
    return chosen


def build_graph(
    nodes: pd.DataFrame,
    ties: pd.DataFrame,
    *,
    weights: Mapping[str, float] | None = None,
    start: DateLike | None = None,
    end: DateLike | None = None,
    sources: Iterable[str] | None = None,
    max_group_size: int = MAX_GROUP_SIZE,
) -> nx.Graph:
    """Build the undirected, weighted cooperation graph of the actors.

    Parameters
    ----------
    nodes, ties
        See the module documentation.
    weights
        Weight of one shared group per source, overriding :data:`DEFAULT_WEIGHTS` for the
        sources given; each must be a positive number.
    start, end
        Inclusive bounds on ``ties.date``; undated participations are always kept.
    sources
        The sources to use (default: all of :data:`SOURCES`).
    max_group_size
        Groups with more distinct participants than this are skipped (see Notes); at least 2.

    Returns
    -------
    networkx.Graph
        One node per row of `nodes`, with attributes ``family``, ``naf_section`` and
        ``label``. Edge attributes: ``weight`` (the sum over shared groups of their source's
        weight), ``groups`` (how many groups the two actors share) and ``sources`` (the
        sorted list of the sources the tie comes from). ``G.graph`` records ``groups`` (the
        groups kept that hold at least one actor of `nodes`), ``skipped_groups``,
        ``outside_participants`` (distinct participants not in `nodes`), ``sources``,
        ``weights``, ``start``, ``end`` and ``max_group_size``.

    Raises
    ------
    ValueError
        When a column is missing, an id is missing or duplicated, a family, NAF section or
        source is unknown, a weight is not positive, `max_group_size` is below 2 or `start`
        is after `end`.

    Notes
    -----
    A group (a ``(source, group_id)`` pair: project 1 and meeting 1 are different groups) is
    a clique: each pair of its participants gets a tie. Its size is the number of distinct
    participants listed for it in the window, including those who are not in `nodes`: a
    plenary of 200 people stays a plenary of 200 even when only 30 of them are members.
    Groups larger than `max_group_size` are skipped whole rather than tied: 200 attendees
    would make about 20,000 ties that say nothing about who works with whom, and would swamp
    every measure; how many were skipped is in ``G.graph["skipped_groups"]``.

    Examples
    --------
    >>> nodes = pd.DataFrame({"node_id": [1, 2, 3, 4],
    ...                       "family": ["ess_enterprise", "public_body", None, None]})
    >>> ties = pd.DataFrame({"source": ["project", "project", "meeting", "meeting", "meeting"],
    ...                      "group_id": [10, 10, 10, 10, 10], "node_id": [1, 2, 1, 2, 3],
    ...                      "date": [None] * 5})
    >>> G = build_graph(nodes, ties)
    >>> sorted(G.edges(data="weight"))
    [(1, 2, 1.25), (1, 3, 0.25), (2, 3, 0.25)]
    >>> G.edges[1, 2]["sources"], G.number_of_nodes()
    (['meeting', 'project'], 4)
    """
    table = _node_table(nodes)
    require_columns(ties, TIE_COLUMNS, "ties")
    source_weights = _source_weights(weights)
    chosen = _chosen_sources(sources)
    if max_group_size < 2:
        raise ValueError("max_group_size must be at least 2")
    if start is not None and end is not None and to_day(start) > to_day(end):
        raise ValueError("start must not be after end")
    unknown = sorted({str(value) for value in pd.unique(ties["source"])} - set(SOURCES))
    if unknown:
        raise ValueError(f"ties.source has unknown value(s): {', '.join(unknown)}")
    if ties["group_id"].isna().any():
        raise ValueError("ties.group_id has missing values")
    participants = [plain(value) for value in ties["node_id"]]
    if any(node is None for node in participants):
        raise ValueError("ties.node_id has missing values")

    G = nx.Graph()
    G.add_nodes_from(table)
    keep = ties["source"].isin(chosen).to_numpy(dtype=bool, copy=True)
    dates = to_dates(ties["date"])
    if start is not None:
        keep &= (dates.isna() | (dates >= to_day(start))).to_numpy()
    if end is not None:
        keep &= (dates.isna() | (dates <= to_day(end))).to_numpy()
    position = {node: index for index, (node, _) in enumerate(table)}
    frame = pd.DataFrame(
        {
            "source": ties["source"].to_numpy(dtype=object),
            "group_id": ties["group_id"].to_numpy(dtype=object),
            # One code per distinct participant, whether in `nodes` or not, to count group sizes.
            "participant": pd.factorize(pd.Series(participants, dtype=object))[0],
            "node": [position.get(node, -1) for node in participants],
        }
    ).loc[keep]
    frame["group"] = frame.groupby(["source", "group_id"], sort=False).ngroup()
    frame = frame.drop_duplicates(["group", "participant"])
    size = frame.groupby("group")["participant"].transform("size")
    skipped = int(frame.loc[size > max_group_size, "group"].nunique())
    used = frame.loc[(size <= max_group_size) & (frame["node"] >= 0), ["group", "source", "node"]]
    G.graph.update(
        groups=int(used["group"].nunique()),
        skipped_groups=skipped,
        outside_participants=int(frame.loc[frame["node"] < 0, "participant"].nunique()),
        sources=list(chosen),
        weights={source: source_weights[source] for source in chosen},
        start=to_day(start).date() if start is not None else None,
        end=to_day(end).date() if end is not None else None,
        max_group_size=max_group_size,
    )
    pairs = used.merge(used[["group", "node"]], on="group")
    pairs = pairs.loc[pairs["node_x"] < pairs["node_y"]]
    if pairs.empty:
        return G
    # One integer key per pair of nodes and sums per key: much cheaper than a pandas groupby,
    # which matters on the national graph.
    n = len(table)
    keys = pairs["node_x"].to_numpy(dtype=np.int64) * n + pairs["node_y"].to_numpy(dtype=np.int64)
    edge_keys, edge_of_pair = np.unique(keys, return_inverse=True)
    weight = np.bincount(
        edge_of_pair, weights=pairs["source"].map(source_weights).to_numpy(dtype=float)
    )
    groups = np.bincount(edge_of_pair)
    # One bit per source: OR-ing them per edge gives the set of sources the edge comes from.
    masks = np.zeros(len(edge_keys), dtype=np.int64)
    np.bitwise_or.at(masks, edge_of_pair, pairs["source"].map(_SOURCE_BITS).to_numpy(np.int64))
    source_lists = {
        mask: sorted(s for s, bit in _SOURCE_BITS.items() if mask & bit)
        for mask in set(masks.tolist())
    }
    names = [node for node, _ in table]
    G.add_edges_from(
        (
            names[key // n],
            names[key % n],
            {"weight": w, "groups": g, "sources": list(source_lists[mask])},
        )
        for key, w, g, mask in zip(
            edge_keys.tolist(), weight.tolist(), groups.tolist(), masks.tolist(), strict=True
        )
    )
    return G


# --- whole-network measures ---------------------------------------------------------------------


def _density(G: nx.Graph) -> float | None:
    return nx.density(G) if G.number_of_nodes() >= 2 else None


def _centralisation(G: nx.Graph) -> float | None:
    n = G.number_of_nodes()
    if n < 3:
        return None
    degrees = [degree for _, degree in G.degree()]
    top = max(degrees)
    # (n − 1)(n − 2) is the sum a star reaches, the most centralised graph on n nodes.
    return sum(top - degree for degree in degrees) / ((n - 1) * (n - 2))


def betweenness(G: nx.Graph, *, k: int | None = None, seed: int = 0) -> dict[Any, float]:
    """Normalised betweenness centrality of every actor, exact or from sampled sources.

    Parameters
    ----------
    G
        An undirected graph.
    k
        None for the exact value (Brandes' algorithm, O(n m)); otherwise the number of source
        actors sampled (Brandes & Pich 2007), at least 1. A `k` of n or more is exact.
    seed
        Seed of the sampling, so that a result can be reproduced.

    Returns
    -------
    dict
        Node → betweenness in [0, 1], normalised by (n − 1)(n − 2) / 2.

    Notes
    -----
    Edge weights are ignored on purpose: networkx reads a weight as a distance, whereas here
    a heavier tie is a *stronger* one, so a weighted shortest path would avoid the strongest
    cooperations. On the national graph (tens of thousands of actors) the exact computation
    is too slow; :func:`betweenness_error` measures what sampling costs in precision.

    Examples
    --------
    >>> betweenness(nx.path_graph(3))
    {0: 0.0, 1: 1.0, 2: 0.0}
    """
    _check_graph(G)
    if k is not None and k < 1:
        raise ValueError("k must be at least 1 (or None for the exact betweenness)")
    if k is None or k >= G.number_of_nodes():
        return nx.betweenness_centrality(G, normalized=True)
    return nx.betweenness_centrality(G, k=k, normalized=True, seed=seed)


def _top(scores: Mapping[Any, float], k: int) -> list[tuple[Any, float]]:
    ranked = sorted(scores.items(), key=lambda item: (-item[1], _order(item[0])))
    return [(node, float(score)) for node, score in ranked[:k]]


def _largest_component(G: nx.Graph) -> set[Any]:
    components = list(nx.connected_components(G))
    if not components:
        return set()
    # Equal sizes: the component holding the smallest node id, so the choice is stable.
    return min(components, key=lambda c: (-len(c), min(_order(node) for node in c)))


@dataclass(frozen=True, slots=True)
class NetworkMetrics(_Result):
    """Whole-network measures; see :data:`DEFINITIONS`."""

    n_nodes: int
    n_edges: int
    density: float | None
    mean_degree: float | None
    clustering: float | None
    degree_centralisation: float | None
    components: int
    largest_component_share: float | None
    top_betweenness: list[tuple[Any, float]]


def network_metrics(
    G: nx.Graph, *, top: int = _TOP, sample: int | None = None, seed: int = 0
) -> NetworkMetrics:
    """Size, density, clustering, centralisation, components and the betweenness ranking.

    Parameters
    ----------
    G
        The cooperation graph, e.g. from :func:`build_graph`.
    top
        How many actors the betweenness ranking lists.
    sample, seed
        Passed to :func:`betweenness` as ``k`` and ``seed`` (None: exact).

    Returns
    -------
    NetworkMetrics
        ``density`` is None below 2 actors, ``degree_centralisation`` below 3,
        ``mean_degree``, ``clustering`` and ``largest_component_share`` for an empty graph.
        ``top_betweenness`` lists ``(node, betweenness)`` by decreasing betweenness, ties by
        node id.

    Notes
    -----
    Freeman's degree centralisation, with :math:`d_i` the number of partners of actor
    :math:`i` and :math:`d^*` the largest:

    .. math:: C_D = \\frac{\\sum_i (d^* - d_i)}{(n - 1)(n - 2)}

    It is 1 for a star (one actor tied to all, no other tie) and 0 for a complete graph or
    a cycle. Clustering is the unweighted average of local clustering coefficients, 0 counted
    for actors with fewer than two partners (networkx's convention).

    Examples
    --------
    >>> metrics = network_metrics(nx.star_graph(4))
    >>> metrics.density, metrics.degree_centralisation, metrics.top_betweenness[0]
    (0.4, 1.0, (0, 1.0))
    """
    _check_graph(G)
    n = G.number_of_nodes()
    m = G.number_of_edges()
    largest = _largest_component(G)
    return NetworkMetrics(
        n_nodes=n,
        n_edges=m,
        density=_density(G),
        mean_degree=2 * m / n if n else None,
        clustering=float(nx.average_clustering(G)) if n else None,
        degree_centralisation=_centralisation(G),
        components=nx.number_connected_components(G),
        largest_component_share=len(largest) / n if n else None,
        top_betweenness=_top(betweenness(G, k=sample, seed=seed), top) if n else [],
    )


# --- dependence on the leader -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LeaderDependence(_Result):
    """How much the network hangs on its most central actor; see :data:`DEFINITIONS`."""

    leader: Any
    leader_degree: int
    leader_tie_share: float | None
    remaining_largest_share: float | None
    remaining_components: int | None
    min_split_size: int | None
    min_split_cut: list[Any]


def leader_dependence(G: nx.Graph, *, sample: int | None = None, seed: int = 0) -> LeaderDependence:
    """The most central actor, and what becomes of the network without them.

    Parameters
    ----------
    G
        The cooperation graph.
    sample, seed
        Passed to :func:`betweenness` when it is needed to break a tie on degree.

    Returns
    -------
    LeaderDependence
        ``leader`` has the most partners (ties broken by betweenness, then by node id);
        ``leader_tie_share`` is the share of all ties that involve them;
        ``remaining_largest_share`` and ``remaining_components`` describe the graph without
        them (the share is of the n − 1 remaining actors, None when none remains);
        ``min_split_size`` is the node connectivity of the largest component and
        ``min_split_cut`` one smallest set of actors whose departure splits it.

        Without any tie there is no leader: ``leader`` and every share, count and size are
        None (``leader_degree`` 0, ``min_split_cut`` empty).

    Notes
    -----
    ``min_split_size`` is None (and ``min_split_cut`` empty) when the largest component
    cannot be split: fewer than 3 actors, or every actor tied to every other. When it is 1,
    the cut given is the leader if their departure alone splits the component, else the
    articulation point with the smallest id; otherwise it is networkx's minimum node cut
    (Esfahanian's algorithm), one among possibly several of that size. The largest component
    is examined, not the whole graph, because a graph already in pieces would otherwise
    always be "split by 0 actors". Of equal-sized largest components, the one holding the
    smallest id is examined.

    The flow-based cut costs O(n) maximum flows: fine for a pole (hundreds of actors), slow
    on the national graph.

    Examples
    --------
    >>> dependence = leader_dependence(nx.star_graph(4))
    >>> dependence.leader, dependence.leader_tie_share, dependence.remaining_components
    (0, 1.0, 4)
    >>> dependence.min_split_size, dependence.min_split_cut
    (1, [0])
    """
    _check_graph(G)
    n = G.number_of_nodes()
    if G.number_of_edges() == 0:
        return LeaderDependence(None, 0, None, None, None, None, [])
    degrees = dict(G.degree())
    most = max(degrees.values())
    tied = [node for node, degree in degrees.items() if degree == most]
    if len(tied) > 1:
        scores = betweenness(G, k=sample, seed=seed)
        leader = min(tied, key=lambda node: (-scores[node], _order(node)))
    else:
        leader = tied[0]
    rest = G.subgraph(node for node in G if node != leader)
    remaining_largest = _largest_component(rest)

    component = G.subgraph(_largest_component(G))
    size = component.number_of_nodes()
    cut: list[Any] = []
    if size >= 3 and component.number_of_edges() < size * (size - 1) // 2:
        # Articulation points are found in linear time; the flow-based cut is only needed
        # when none exists, i.e. when at least two actors must leave to split the component.
        articulation = set(nx.articulation_points(component))
        if leader in articulation:
            cut = [leader]
        elif articulation:
            cut = [min(articulation, key=_order)]
        else:
            cut = _sorted(nx.minimum_node_cut(component))
    return LeaderDependence(
        leader=leader,
        leader_degree=most,
        leader_tie_share=most / G.number_of_edges(),
        remaining_largest_share=len(remaining_largest) / (n - 1) if n > 1 else None,
        remaining_components=nx.number_connected_components(rest),
        min_split_size=len(cut) or None,
        min_split_cut=cut,
    )


# --- décloisonnement ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EIIndex(_Result):
    """Krackhardt & Stern's E–I index of the ties; see :data:`DEFINITIONS`."""

    attribute: str
    external: int
    internal: int
    index: float | None
    weighted_index: float | None
    by_group: dict[Any, float | None]
    unclassified_edges: int


def _ei(external: float, internal: float) -> float | None:
    total = external + internal
    return (external - internal) / total if total else None


def ei_index(G: nx.Graph, attribute: str = "family") -> EIIndex:
    """E–I index of the ties across the groups given by a node attribute.

    Parameters
    ----------
    G
        The cooperation graph.
    attribute
        The node attribute that defines the groups, ``"family"`` by default.

    Returns
    -------
    EIIndex
        ``external`` (E) and ``internal`` (I) tie counts, ``index`` = (E − I) / (E + I),
        ``weighted_index`` the same with ties counted by their ``weight`` (1 when absent),
        and ``by_group``, for each group value held by some actor, the E–I of the ties
        incident to that group's actors. Ties with an actor lacking the attribute (None) are
        left out and counted in ``unclassified_edges``. Indexes are None without ties.

    Notes
    -----
    For a group :math:`g`, :math:`E_g` counts the ties from its actors to actors of other
    groups and :math:`I_g` the ties between two of its actors, each tie once:

    .. math:: EI_g = \\frac{E_g - I_g}{E_g + I_g}

    UCINET counts tie ends instead at group level (an internal tie twice); counting ties
    keeps the group index on the same footing as the overall one. The index is −1 when all
    ties stay within groups, +1 when they all cross.

    References
    ----------
    Krackhardt, D. & Stern, R. N. (1988). Informal networks and organizational crises: an
    experimental simulation. *Social Psychology Quarterly* 51(2), 123–140.

    Examples
    --------
    >>> G = nx.Graph([(1, 2), (2, 3), (3, 4)])
    >>> nx.set_node_attributes(G, {1: "a", 2: "a", 3: "b", 4: "b"}, "family")
    >>> result = ei_index(G)
    >>> result.external, result.internal, round(result.index, 4)  # (1 − 2) / 3
    (1, 2, -0.3333)
    >>> result.by_group
    {'a': 0.0, 'b': 0.0}
    """
    _check_graph(G)
    values = {node: plain(value) for node, value in G.nodes(data=attribute)}
    counts: dict[Any, list[int]] = {value: [0, 0] for value in values.values() if value is not None}
    external = internal = unclassified = 0
    weighted = [0.0, 0.0]
    for u, v, weight in G.edges(data="weight", default=1.0):
        a, b = values[u], values[v]
        if a is None or b is None:
            unclassified += 1
            continue
        if a == b:
            internal += 1
            weighted[1] += weight
            counts[a][1] += 1
        else:
            external += 1
            weighted[0] += weight
            counts[a][0] += 1
            counts[b][0] += 1
    return EIIndex(
        attribute=attribute,
        external=external,
        internal=internal,
        index=_ei(external, internal),
        weighted_index=_ei(*weighted),
        by_group={group: _ei(*counts[group]) for group in _sorted(counts)},
        unclassified_edges=unclassified,
    )


def cross_sector_share(G: nx.Graph) -> float | None:
    """Share of the ties joining actors of different NAF sections (indicator A3.3).

    Parameters
    ----------
    G
        The cooperation graph, with the node attribute ``naf_section``.

    Returns
    -------
    float or None
        Ties between different sections ÷ ties whose two actors have a known section; None
        when no tie has both sections known.

    Examples
    --------
    >>> G = nx.Graph([(1, 2), (2, 3), (3, 4)])
    >>> nx.set_node_attributes(G, {1: "A", 2: "A", 3: "Q", 4: None}, "naf_section")
    >>> cross_sector_share(G)
    0.5
    """
    _check_graph(G)
    sections = {node: plain(value) for node, value in G.nodes(data="naf_section")}
    known = different = 0
    for u, v in G.edges():
        if sections[u] is not None and sections[v] is not None:
            known += 1
            different += sections[u] != sections[v]
    return different / known if known else None


# --- communities and brokers --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Communities(_Result):
    """Louvain communities of the cooperation graph; see :data:`DEFINITIONS`."""

    communities: list[list[Any]]
    modularity: float | None


def communities(G: nx.Graph, seed: int = 0) -> Communities:
    """Communities of actors who cooperate more among themselves (Louvain method).

    Parameters
    ----------
    G
        The cooperation graph; edge ``weight`` is used (1 when absent).
    seed
        Seed of the Louvain method, which visits nodes in random order.

    Returns
    -------
    Communities
        ``communities``: lists of node ids, each sorted, the lists sorted by decreasing size
        then by their smallest id (isolated actors are communities of one);
        ``modularity``: the weighted modularity of that partition, None without ties.

    References
    ----------
    Blondel, V. D., Guillaume, J.-L., Lambiotte, R. & Lefebvre, E. (2008). Fast unfolding of
    communities in large networks. *J. Stat. Mech.* P10008.

    Examples
    --------
    >>> G = nx.Graph([(1, 2), (2, 3), (1, 3), (4, 5), (5, 6), (4, 6), (3, 4)])
    >>> found = communities(G)
    >>> found.communities, round(found.modularity, 4)
    ([[1, 2, 3], [4, 5, 6]], 0.3571)
    """
    _check_graph(G)
    parts = nx.community.louvain_communities(G, weight="weight", seed=seed)
    ordered = sorted((_sorted(part) for part in parts), key=lambda c: (-len(c), _order(c[0])))
    modularity = (
        float(nx.community.modularity(G, parts, weight="weight")) if G.number_of_edges() else None
    )
    return Communities(communities=ordered, modularity=modularity)


@dataclass(frozen=True, slots=True)
class Brokers(_Result):
    """Actors and ties the network's connectedness depends on; see :data:`DEFINITIONS`."""

    articulation_points: list[Any]
    bridges: list[tuple[Any, Any]]
    top_betweenness: list[tuple[Any, float]]


def brokers(G: nx.Graph, k: int = _TOP, *, sample: int | None = None, seed: int = 0) -> Brokers:
    """Articulation points, bridges and the actors with the highest betweenness.

    Parameters
    ----------
    G
        The cooperation graph.
    k
        How many actors to list by betweenness.
    sample, seed
        Passed to :func:`betweenness` as ``k`` and ``seed`` (None: exact).

    Returns
    -------
    Brokers
        ``articulation_points`` sorted by id; ``bridges`` as ``(u, v)`` pairs with
        ``u < v``, sorted; ``top_betweenness`` the `k` actors with the highest positive
        betweenness as ``(node, betweenness)``, by decreasing betweenness then id (an actor
        on no shortest path brokers nothing, so zeros are left out).

    Examples
    --------
    >>> found = brokers(nx.path_graph(4))
    >>> found.articulation_points, found.bridges
    ([1, 2], [(0, 1), (1, 2), (2, 3)])
    >>> [(node, round(score, 4)) for node, score in found.top_betweenness]
    [(1, 0.6667), (2, 0.6667)]
    """
    _check_graph(G)
    scores = {node: score for node, score in betweenness(G, k=sample, seed=seed).items() if score}
    return Brokers(
        articulation_points=_sorted(nx.articulation_points(G)),
        bridges=sorted(
            (tuple(_sorted(edge)) for edge in nx.bridges(G)),
            key=lambda edge: (_order(edge[0]), _order(edge[1])),
        ),
        top_betweenness=_top(scores, k),
    )


# --- change over time ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WindowChange(_Result):
    """Change of the network between two windows; changes are after − before."""

    density_before: float | None
    density_after: float | None
    density_change: float | None
    centralisation_before: float | None
    centralisation_after: float | None
    centralisation_change: float | None
    ei_before: float | None
    ei_after: float | None
    ei_change: float | None
    joined: list[Any]
    left: list[Any]


def _change(before: float | None, after: float | None) -> float | None:
    return after - before if before is not None and after is not None else None


def compare_windows(G_before: nx.Graph, G_after: nx.Graph) -> WindowChange:
    """Compare density, centralisation and E–I (on ``family``) between two windows.

    Parameters
    ----------
    G_before, G_after
        Cooperation graphs of the two windows, e.g. :func:`build_graph` with two
        ``start``/``end`` windows.

    Returns
    -------
    WindowChange
        Each measure before and after, and the change (after − before; None when either is
        not measurable). ``joined`` lists the actors with at least one tie after and none
        before, ``left`` those with ties before and none after, sorted by id.

    Notes
    -----
    Joining and leaving are judged on ties, not on presence in the graph: :func:`build_graph`
    keeps every actor of ``nodes`` whether or not they cooperated in the window.

    Examples
    --------
    >>> before = nx.Graph([(1, 2)])
    >>> after = nx.Graph([(1, 2), (2, 3)])
    >>> change = compare_windows(before, after)
    >>> change.density_before, round(change.density_after, 4), change.joined, change.left
    (1.0, 0.6667, [3], [])
    """
    _check_graph(G_before)
    _check_graph(G_after)
    active_before = {node for node, degree in G_before.degree() if degree}
    active_after = {node for node, degree in G_after.degree() if degree}
    density = (_density(G_before), _density(G_after))
    centralisation = (_centralisation(G_before), _centralisation(G_after))
    ei = (ei_index(G_before).index, ei_index(G_after).index)
    return WindowChange(
        density_before=density[0],
        density_after=density[1],
        density_change=_change(*density),
        centralisation_before=centralisation[0],
        centralisation_after=centralisation[1],
        centralisation_change=_change(*centralisation),
        ei_before=ei[0],
        ei_after=ei[1],
        ei_change=_change(*ei),
        joined=_sorted(active_after - active_before),
        left=_sorted(active_before - active_after),
    )


# --- precision of sampled betweenness -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BetweennessError(_Result):
    """How far sampled betweenness is from the exact one."""

    k: int
    n_nodes: int
    max_abs_error: float
    spearman: float | None


def betweenness_error(G: nx.Graph, k: int, seed: int = 0) -> BetweennessError:
    """Compare betweenness from `k` sampled sources with the exact betweenness.

    Parameters
    ----------
    G
        A graph small enough for the exact computation.
    k, seed
        Passed to :func:`betweenness`.

    Returns
    -------
    BetweennessError
        ``max_abs_error``: the largest absolute difference over actors; ``spearman``: the
        Spearman rank correlation of the two rankings (scipy), None when undefined (fewer
        than 2 actors, or one of the two constant).

    Examples
    --------
    >>> error = betweenness_error(nx.path_graph(5), k=5)
    >>> error.max_abs_error, error.spearman
    (0.0, 1.0)
    """
    exact = betweenness(G)
    approximate = betweenness(G, k=k, seed=seed)
    order = list(G)
    x = np.array([exact[node] for node in order], dtype=float)
    y = np.array([approximate[node] for node in order], dtype=float)
    rho: float | None = None
    # A constant vector has no ranking: scipy would warn and return NaN.
    if len(order) >= 2 and np.ptp(x) > 0 and np.ptp(y) > 0:
        rho = float(stats.spearmanr(x, y).statistic)
    return BetweennessError(
        k=k,
        n_nodes=len(order),
        max_abs_error=float(np.max(np.abs(x - y))) if order else 0.0,
        spearman=rho,
    )


# --- référentiel indicators ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NetworkIndicator(_Result):
    """One measured indicator of the référentiel; ``missing`` says why ``value`` is None."""

    code: str
    value: float | None
    missing: str | None
    start: dt.date
    end: dt.date
    members: int
    ties: int
    groups: int
    skipped_groups: int


def _window_graph(
    nodes: pd.DataFrame,
    ties: pd.DataFrame,
    *,
    on: DateLike,
    months: int,
    sources: Sequence[str],
    max_group_size: int,
) -> nx.Graph:
    if months < 1:
        raise ValueError("months must be at least 1")
    end = to_day(on)
    # The last `months` months up to `on` included: counted back from the day after `on`, so
    # that 12 months to 2024-06-30 start on 2023-07-01 and 3 months on 2024-04-01 (counting
    # back from `on` itself would start on 2024-03-30 + 1, since March 30 keeps June's day).
    start = end + pd.Timedelta(days=1) - pd.DateOffset(months=months)
    return build_graph(
        nodes, ties, start=start, end=end, sources=sources, max_group_size=max_group_size
    )


def _indicator(
    code: str, G: nx.Graph, value: float | None, missing: str | None
) -> NetworkIndicator:
    if G.number_of_nodes() < 2:
        value, missing = None, "fewer than 2 member structures"
    return NetworkIndicator(
        code=code,
        value=value if missing is None else None,
        missing=missing,
        start=G.graph["start"],
        end=G.graph["end"],
        members=G.number_of_nodes(),
        ties=G.number_of_edges(),
        groups=G.graph["groups"],
        skipped_groups=G.graph["skipped_groups"],
    )


def density_indicator(
    nodes: pd.DataFrame,
    ties: pd.DataFrame,
    *,
    on: DateLike,
    months: int = 12,
    max_group_size: int = MAX_GROUP_SIZE,
) -> NetworkIndicator:
    """B1.3: density of the members' cooperation graph over the last `months` months.

    Parameters
    ----------
    nodes
        The pole's member structures (see the module documentation).
    ties
        Participations; meetings are ignored (see :data:`COOPERATION_SOURCES`).
    on
        The reference date: the window is the last `months` months up to `on` included.
    months, max_group_size
        The window's length, and the group cap of :func:`build_graph`.

    Returns
    -------
    NetworkIndicator
        ``value`` is the density. It is None when there are fewer than 2 members, or when no
        project, pooling or working group with a member falls in the window: with nothing
        recorded, a density of 0 would claim that members do not cooperate when the platform
        simply does not know. A recorded group with a single member is a measured absence of
        cooperation, and counts.

    Examples
    --------
    >>> nodes = pd.DataFrame({"node_id": [1, 2, 3], "family": [None] * 3})
    >>> ties = pd.DataFrame({"source": ["project"] * 2, "group_id": [7, 7], "node_id": [1, 2],
    ...                      "date": ["2024-03-01"] * 2})
    >>> result = density_indicator(nodes, ties, on="2024-06-30")
    >>> round(result.value, 4), result.start
    (0.3333, datetime.date(2023, 7, 1))
    >>> density_indicator(nodes, ties, on="2026-01-01").missing
    'no project, pooling or working group of the members in the window'
    """
    G = _window_graph(
        nodes,
        ties,
        on=on,
        months=months,
        sources=COOPERATION_SOURCES,
        max_group_size=max_group_size,
    )
    missing = _no_groups(G, "no project, pooling or working group of the members in the window")
    return _indicator("B1.3", G, _density(G), missing)


def _no_groups(G: nx.Graph, reason: str) -> str | None:
    if G.graph["groups"]:
        return None
    if G.graph["skipped_groups"]:
        return f"every group in the window has more than {G.graph['max_group_size']} participants"
    return reason


def ei_indicator(
    nodes: pd.DataFrame,
    ties: pd.DataFrame,
    *,
    on: DateLike,
    months: int = 12,
    max_group_size: int = MAX_GROUP_SIZE,
) -> NetworkIndicator:
    """C2.3: décloisonnement, (E–I + 1) / 2 across actor families over all sources.

    Parameters
    ----------
    nodes, ties, on, months, max_group_size
        As in :func:`density_indicator`, but every source counts, meetings included (with
        the same group cap).

    Returns
    -------
    NetworkIndicator
        ``value`` in [0, 1]: 0 when every tie stays within a family, 1 when every tie
        crosses. None when there are fewer than 2 members, no tie in the window, or no tie
        between two actors whose family is known.

    Examples
    --------
    >>> nodes = pd.DataFrame({"node_id": [1, 2, 3],
    ...                       "family": ["ess_enterprise", "ess_enterprise", "public_body"]})
    >>> ties = pd.DataFrame({"source": ["meeting"] * 3, "group_id": [7] * 3,
    ...                      "node_id": [1, 2, 3], "date": [None] * 3})
    >>> round(ei_indicator(nodes, ties, on="2024-06-30").value, 4)  # E = 2, I = 1
    0.6667
    """
    G = _window_graph(
        nodes, ties, on=on, months=months, sources=SOURCES, max_group_size=max_group_size
    )
    ei = ei_index(G)
    missing = _no_groups(G, "no cooperation tie in the window")
    if missing is None and G.number_of_edges() == 0:
        missing = "no cooperation tie in the window"
    if missing is None and ei.index is None:
        missing = "no cooperation tie between members whose actor family is known"
    value = (ei.index + 1) / 2 if ei.index is not None else None
    return _indicator("C2.3", G, value, missing)


def cross_sector_indicator(
    nodes: pd.DataFrame,
    ties: pd.DataFrame,
    *,
    on: DateLike,
    months: int = 12,
    max_group_size: int = MAX_GROUP_SIZE,
) -> NetworkIndicator:
    """A3.3: share of cooperation ties joining members of different NAF sections.

    Parameters
    ----------
    nodes, ties, on, months, max_group_size
        As in :func:`density_indicator` (projects, poolings and working groups only).
        `nodes` needs the ``naf_section`` column.

    Returns
    -------
    NetworkIndicator
        ``value`` in [0, 1] (the référentiel's bands are in %: multiply by 100). None when
        there are fewer than 2 members, no cooperation tie in the window, or no tie between
        two members whose NAF section is known.

    Examples
    --------
    >>> nodes = pd.DataFrame({"node_id": [1, 2, 3], "family": [None] * 3,
    ...                       "naf_section": ["A", "A", "Q"]})
    >>> ties = pd.DataFrame({"source": ["project"] * 3, "group_id": [7] * 3,
    ...                      "node_id": [1, 2, 3], "date": [None] * 3})
    >>> round(cross_sector_indicator(nodes, ties, on="2024-06-30").value, 4)
    0.6667
    """
    require_columns(nodes, ("naf_section",), "nodes")
    G = _window_graph(
        nodes,
        ties,
        on=on,
        months=months,
        sources=COOPERATION_SOURCES,
        max_group_size=max_group_size,
    )
    share = cross_sector_share(G)
    missing = _no_groups(G, "no cooperation tie in the window")
    if missing is None and G.number_of_edges() == 0:
        missing = "no cooperation tie in the window"
    if missing is None and share is None:
        missing = "no cooperation tie between members whose NAF section is known"
    return _indicator("A3.3", G, share, missing)
