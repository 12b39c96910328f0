"""The cooperation graph as GEXF or GraphML, the two formats Gephi opens.

Node attributes: ``label``, ``family`` (E–I family key, "" when not classified),
``family_label`` (in French), ``kind`` (organisation or person), ``degree``, ``betweenness``
and ``community`` (the Louvain community's number, 0 for an isolated actor). Edge attributes:
``weight``, ``groups`` (how many groups the two share) and ``sources`` (comma-separated:
project, pooling, working_group, meeting). The graph carries its window and sources.
"""

from __future__ import annotations

import io

import networkx as nx

from ptce.network.analysis import NetworkReport
from ptce.network.display import family_label

CONTENT_TYPES = {
    "gexf": "application/gexf+xml; charset=utf-8",
    "graphml": "application/graphml+xml; charset=utf-8",
}


def export_graph(report: NetworkReport) -> nx.Graph:
    """A copy of the report's graph with plain attributes only (strings and numbers)."""
    G = report.graph
    community = report.community_of
    kinds = dict(zip(report.nodes["node_id"], report.nodes["kind"], strict=True))
    out = nx.Graph(
        name=str(report.graph.graph.get("name") or "ptce"),
        start=report.window.start.isoformat(),
        end=report.window.end.isoformat(),
        sources=",".join(report.sources),
    )
    for node, attributes in G.nodes(data=True):
        family = attributes.get("family")
        out.add_node(
            str(node),
            label=str(attributes.get("label") or node),
            family=family or "",
            family_label=family_label(family),
            kind=str(kinds.get(node, "")),
            degree=int(G.degree(node)),
            betweenness=float(report.betweenness.get(node, 0.0)),
            community=int(community.get(node, 0)) if G.degree(node) else 0,
        )
    for u, v, data in G.edges(data=True):
        out.add_edge(
            str(u),
            str(v),
            weight=float(data["weight"]),
            groups=int(data["groups"]),
            sources=",".join(data["sources"]),
        )
    return out


def export(report: NetworkReport, kind: str) -> tuple[bytes, str]:
    """The file's bytes and its content type; `kind` is "gexf" or "graphml"."""
    graph = export_graph(report)
    buffer = io.BytesIO()
    if kind == "gexf":
        nx.write_gexf(graph, buffer, encoding="utf-8")
    elif kind == "graphml":
        nx.write_graphml(graph, buffer, encoding="utf-8")
    else:
        raise ValueError(f"unknown export format: {kind}")
    return buffer.getvalue(), CONTENT_TYPES[kind]
