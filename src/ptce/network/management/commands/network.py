"""`ptce network --pole SLUG`: a pole's cooperation network over a window, with definitions.

    ptce network --pole le-periscope --date 28/02/2014 --months 36 --sources project,meeting
    ptce network --pole le-periscope --json

The actors are the member structures on the reference date (people are left out: the command
reports on structures). `--json` writes one JSON document of plain values, null where a
figure is not measurable:
{"pole", "window", "previous_window", "sources", "graph", "metrics", "leader_dependence",
"ei_index", "communities", "brokers", "change", "definitions"}; actors appear as
{"id", "label"}.

Exit codes: 0 printed, 2 usage error (unknown pole, unreadable date, bad option).
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from ptce.network import analysis
from ptce.network.cli import USAGE_ERROR, PoleCommand, parse_day
from ptce.network.selectors import window_bounds
from ptce_analytics import network


def _sources(text: str | None) -> tuple[str, ...]:
    if not text:
        return network.SOURCES
    chosen = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    unknown = [source for source in chosen if source not in network.SOURCES]
    if unknown or not chosen:
        raise CommandError(
            _("Source(s) inconnue(s) : %(unknown)s. Choisissez parmi : %(known)s.")
            % {"unknown": ", ".join(unknown) or "—", "known": ", ".join(network.SOURCES)},
            returncode=USAGE_ERROR,
        )
    return chosen


def report_document(report: analysis.NetworkReport) -> dict[str, Any]:
    """The whole report as plain JSON-ready values; actors as {"id", "label"}."""

    def actor(node: Any) -> dict[str, str] | None:
        return None if node is None else {"id": str(node), "label": report.label(node)}

    def actors(nodes: Any) -> list[dict[str, str] | None]:
        return [actor(node) for node in nodes]

    G = report.graph
    metrics = report.metrics.as_dict()
    metrics["top_betweenness"] = [
        {**actor(node), "betweenness": score} for node, score in report.metrics.top_betweenness
    ]
    leader = report.leader.as_dict()
    leader["leader"] = actor(report.leader.leader)
    leader["min_split_cut"] = actors(report.leader.min_split_cut)
    brokers = {
        "articulation_points": actors(report.brokers.articulation_points),
        "bridges": [actors(edge) for edge in report.brokers.bridges],
        "top_betweenness": [
            {**actor(node), "betweenness": score} for node, score in report.brokers.top_betweenness
        ],
    }
    change = report.change.as_dict()
    change["joined"] = actors(report.change.joined)
    change["left"] = actors(report.change.left)
    return {
        "window": {
            "start": report.window.start.isoformat(),
            "end": report.window.end.isoformat(),
            "months": report.window.months,
        },
        "previous_window": {
            "start": report.previous_window.start.isoformat(),
            "end": report.previous_window.end.isoformat(),
        },
        "sources": list(report.sources),
        "graph": {
            "nodes": G.number_of_nodes(),
            "edges": G.number_of_edges(),
            "groups": G.graph["groups"],
            "skipped_groups": G.graph["skipped_groups"],
            "max_group_size": G.graph["max_group_size"],
            "weights": G.graph["weights"],
            "betweenness_sample": report.betweenness_sample,
        },
        "metrics": metrics,
        "leader_dependence": leader,
        "ei_index": report.ei.as_dict(),
        "communities": {
            "modularity": report.communities.modularity,
            "communities": [actors(members) for members in report.communities.communities],
        },
        "brokers": brokers,
        "change": change,
        "definitions": network.DEFINITIONS,
    }


def _shown(value: Any) -> str:
    if value is None:
        return _("non mesurable")
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


class Command(PoleCommand):
    help = _(
        "Affiche le réseau de coopération d'un pôle sur une période : densité, centralisation, "
        "dépendance à l'acteur le plus central, indice E–I, communautés, passeurs et évolution."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--months",
            "--mois",
            dest="months",
            type=int,
            default=12,
            metavar="N",
            help=_("durée de la période en mois, jusqu'à la date de référence (12 par défaut)"),
        )
        parser.add_argument(
            "--sources",
            metavar="LISTE",
            help=_("sources des liens, séparées par des virgules : %(sources)s (toutes par défaut)")
            % {"sources": ",".join(network.SOURCES)},
        )

    def handle(self, *args: Any, **options: Any) -> None:
        pole = self.pole(options["pole"])
        if options["months"] < 1:
            raise CommandError(_("--months doit valoir au moins 1."), returncode=USAGE_ERROR)
        on = parse_day(options["date"]) if options["date"] else timezone.localdate()
        sources = _sources(options["sources"])
        window = window_bounds(on, options["months"])
        with scope(pole=pole):
            report = analysis.network_report(pole, window, sources=sources)
        document = {"pole": pole.slug, **report_document(report)}
        if options["json"]:
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
            return
        self._print(pole, document)

    def _print(self, pole, document: dict[str, Any]) -> None:
        window, graph, metrics = document["window"], document["graph"], document["metrics"]
        leader = document["leader_dependence"]
        self.stdout.write(f"{pole.name} ({pole.slug}) — {_('réseau de coopération')}")
        self.stdout.write(
            _("Période : du %(start)s au %(end)s ; sources : %(sources)s")
            % {**window, "sources": ", ".join(document["sources"])}
        )
        self.stdout.write(
            _("%(nodes)s acteurs, %(edges)s liens, %(groups)s groupes (%(skipped)s écartés)")
            % {**graph, "skipped": graph["skipped_groups"]}
        )
        lines = [
            ("density", metrics["density"]),
            ("mean_degree", metrics["mean_degree"]),
            ("clustering", metrics["clustering"]),
            ("degree_centralisation", metrics["degree_centralisation"]),
            ("components", metrics["components"]),
            ("largest_component_share", metrics["largest_component_share"]),
            ("leader", leader["leader"]["label"] if leader["leader"] else None),
            ("leader_tie_share", leader["leader_tie_share"]),
            ("remaining_largest_share", leader["remaining_largest_share"]),
            ("remaining_components", leader["remaining_components"]),
            ("min_split_size", leader["min_split_size"]),
            ("ei_index", document["ei_index"]["index"]),
            ("modularity", document["communities"]["modularity"]),
        ]
        for key, value in lines:
            self.stdout.write("")
            self.stdout.write(f"{key}: {_shown(value)}")
            definition = network.DEFINITIONS.get(key)
            if definition:
                self.stdout.write(f"    {definition}")
        change = document["change"]
        self.stdout.write("")
        self.stdout.write(
            _("Évolution (densité, centralisation, E–I) : %(d)s, %(c)s, %(e)s")
            % {
                "d": _shown(change["density_change"]),
                "c": _shown(change["centralisation_change"]),
                "e": _shown(change["ei_change"]),
            }
        )
