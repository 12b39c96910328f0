"""Pages of the cooperation network and of governance.

* ``network-graph``: the interactive graph (cytoscape.js, served locally), the metric cards and
  the same information as tables, which is all a browser without JavaScript shows;
* ``network-data``: the graph as JSON for the page's script, with the same filters;
* ``network-gexf`` / ``network-graphml``: the graph for Gephi;
* ``governance``: parity, citizens, small structures, tenure and rotation of offices.

Every role sees them (`Capability.VIEW_NETWORK`). People appear, as nodes or names, only with
`Capability.VIEW_PEOPLE` (coordinators, and members for the people who agreed to be in the
directory); funders and observers see structures and aggregates.

Nothing is computed here: `ptce.network.analysis` calls `ptce_analytics`; the views choose,
label and format. The number of queries does not depend on the size of the pole.
"""

from __future__ import annotations

import math
from typing import Any

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ptce.network import analysis, exports, selectors
from ptce.network.display import (
    FAMILY_STYLES,
    SOURCE_LABELS,
    SOURCE_SINGULAR,
    Shown,
    decimal,
    family_label,
    integer,
    percent,
    reason,
    years,
)
from ptce.network.forms import GovernanceFilters, read_filters
from ptce.poles.access import PoleRequest, pole_view
from ptce.poles.permissions import Capability
from ptce.registry.models import BodyKind, Office
from ptce.registry.selectors import people_visible_to
from ptce_analytics import governance, network

# The tables list every actor of a pole (a few hundred at most); the ties table the strongest.
TOP_TIES = 20
TOP_LIST = 10


def _day(day) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _people_allowed(request: PoleRequest) -> bool:
    return Capability.VIEW_PEOPLE in request.capabilities


def _visible_people(request: PoleRequest) -> set[int] | None:
    """None when every name may be shown (coordinators); else the pks whose names may be."""
    if request.role == "coordinator":
        return None
    return set(people_visible_to(role=request.role).values_list("pk", flat=True))


def _report(request: PoleRequest, *, full: bool = True):
    today = timezone.localdate()
    people_allowed = _people_allowed(request)
    form, choice = read_filters(request.GET, people_allowed=people_allowed, today=today)
    report = analysis.network_report(
        request.pole,
        choice.window,
        sources=choice.sources,
        people=choice.people,
        visible_people=_visible_people(request) if choice.people else None,
        today=today,
        full=full,
        quick=True,
    )
    return form, choice, report


# --- the graph as data --------------------------------------------------------------------------


def graph_payload(report: analysis.NetworkReport) -> dict[str, Any]:
    """The graph in cytoscape.js's element format, with what the page's script draws."""
    G = report.graph
    degrees = dict(G.degree())
    top = max(degrees.values(), default=0) or 1
    community = report.community_of
    nodes = []
    for node, attributes in G.nodes(data=True):
        style = FAMILY_STYLES.get(attributes.get("family"), FAMILY_STYLES[None])
        nodes.append(
            {
                "data": {
                    "id": str(node),
                    "label": attributes.get("label") or str(node),
                    "family": attributes.get("family") or "",
                    "family_label": str(style["label"]),
                    "colour": style["colour"],
                    "shape": style["shape"],
                    "degree": degrees[node],
                    "betweenness": round(report.betweenness.get(node, 0.0), 4),
                    "community": community.get(node),
                    # Sized by number of partners: 18 px isolated, 60 px for the most tied.
                    "size": round(18 + 42 * math.sqrt(degrees[node] / top), 1),
                }
            }
        )
    weights = [w for _u, _v, w in G.edges(data="weight")]
    heaviest = max(weights, default=1.0) or 1.0
    edges = [
        {
            "data": {
                "id": f"{u}-{v}",
                "source": str(u),
                "target": str(v),
                "weight": round(weight, 2),
                "groups": groups,
                "sources": sources,
                "width": round(1 + 5 * weight / heaviest, 1),
            }
        }
        for u, v, weight, groups, sources in (
            (u, v, d["weight"], d["groups"], d["sources"]) for u, v, d in G.edges(data=True)
        )
    ]
    return {
        "window": {"start": report.window.start.isoformat(), "end": report.window.end.isoformat()},
        "sources": list(report.sources),
        "counts": {"nodes": G.number_of_nodes(), "edges": G.number_of_edges()},
        "nodes": nodes,
        "edges": edges,
    }


# --- cards --------------------------------------------------------------------------------------


def _names(report: analysis.NetworkReport, nodes, limit: int = TOP_LIST) -> str:
    names = [report.label(node) for node in list(nodes)[:limit]]
    extra = len(list(nodes)) - limit
    text = ", ".join(names)
    if extra > 0:
        text += " " + ngettext("et %(n)s autre", "et %(n)s autres", extra) % {"n": extra}
    return text


def _cards(report: analysis.NetworkReport) -> list[dict[str, Any]]:
    m = report.metrics
    few = _("moins de deux acteurs")
    empty = _("aucun acteur sur la période")
    cards = [
        {
            "key": "density",
            "label": _("densité"),
            "value": percent(m.density, reason=few, digits=1),
            "sentence": _(
                "Part des coopérations possibles qui existent : sur 100 paires d'acteurs, "
                "combien ont travaillé ensemble sur la période. Un petit pôle est souvent "
                "plus dense qu'un grand : comparez le pôle à lui-même d'une période à l'autre."
            ),
        },
        {
            "key": "mean_degree",
            "label": _("partenaires en moyenne"),
            "value": decimal(m.mean_degree, 1, reason=empty),
            "sentence": _(
                "Nombre moyen d'acteurs avec qui chaque structure a coopéré sur la période, "
                "isolées comprises."
            ),
        },
        {
            "key": "clustering",
            "label": _("coefficient de regroupement"),
            "value": decimal(m.clustering, 2, reason=empty),
            "sentence": _(
                "Quand deux acteurs coopèrent avec un même troisième, probabilité qu'ils "
                "coopèrent aussi entre eux (de 0 à 1). Élevé : des cercles soudés ; bas : des "
                "relations qui passent par des intermédiaires."
            ),
        },
        {
            "key": "degree_centralisation",
            "label": _("centralisation (Freeman)"),
            "value": decimal(m.degree_centralisation, 2, reason=_("moins de trois acteurs")),
            "sentence": _(
                "1 : toutes les coopérations passent par un seul acteur, comme une étoile ; "
                "0 : chacun a autant de partenaires que les autres. Un chiffre élevé dit que "
                "le pôle repose sur un acteur pivot."
            ),
        },
        {
            "key": "components",
            "label": ngettext("morceau séparé", "morceaux séparés", m.components),
            "value": integer(m.components),
            "sentence": _(
                "Groupes d'acteurs sans aucun lien entre eux, une structure isolée comptant "
                "pour un. Le plus grand réunit %(share)s des acteurs."
            )
            % {"share": percent(m.largest_component_share).text or _("—")},
        },
        {
            "key": "ei_index",
            "label": _("indice E–I (décloisonnement)"),
            "value": decimal(
                report.ei.index,
                2,
                reason=_("aucun lien entre acteurs dont la famille est connue"),
                signed=True,
            ),
            "sentence": _(
                "−1 : toutes les coopérations restent entre acteurs de la même famille ; +1 : "
                "toutes relient des familles différentes (ESS et hors ESS, public et privé, "
                "recherche et formation, citoyens). Krackhardt et Stern, 1988."
            ),
        },
    ]
    return cards


def _leader(report: analysis.NetworkReport) -> dict[str, Any]:
    d = report.leader
    none = _("aucun lien sur la période")
    if d is None:
        return {
            "leader": None,
            "reason": _(
                "le plus grand ensemble d'acteurs reliés est trop dense pour chercher sur la "
                "page combien de départs le couperaient ; la commande « ptce network » fait "
                "ce calcul"
            ),
        }
    if d.leader is None:
        return {"leader": None, "reason": none}
    if d.min_split_size is None:
        split = Shown(
            None,
            _("le réseau ne peut pas être coupé : moins de trois acteurs reliés, ou tous reliés"),
        )
    else:
        split = integer(d.min_split_size)
    return {
        "leader": report.label(d.leader),
        "degree": d.leader_degree,
        "tie_share": percent(d.leader_tie_share, reason=none),
        "remaining_largest_share": percent(
            d.remaining_largest_share, reason=_("aucun autre acteur")
        ),
        "remaining_components": integer(d.remaining_components, reason=none),
        "components": report.metrics.components,
        "min_split_size": split,
        "min_split_cut": _names(report, d.min_split_cut),
        "leader_is_cut": d.min_split_cut == [d.leader],
    }


def _ei_rows(report: analysis.NetworkReport) -> list[dict[str, Any]]:
    families = {node_family for _node, node_family in report.graph.nodes(data="family")}
    rows = []
    for family in (*network.FAMILIES,):
        if family not in families:
            continue
        rows.append(
            {
                "family": family_label(family),
                "symbol": FAMILY_STYLES[family]["symbol"],
                "colour": FAMILY_STYLES[family]["colour"],
                "actors": sum(1 for _n, f in report.graph.nodes(data="family") if f == family),
                "value": decimal(
                    report.ei.by_group.get(family),
                    2,
                    reason=_("aucun lien de cette famille"),
                    signed=True,
                ),
            }
        )
    return rows


def _community_rows(report: analysis.NetworkReport) -> list[dict[str, Any]]:
    degrees = dict(report.graph.degree())
    rows = []
    for number, members in enumerate(report.communities.communities, start=1):
        if len(members) < 2:
            continue  # isolated actors are listed in the structures table
        ordered = sorted(members, key=lambda node: (-degrees[node], report.label(node)))
        rows.append({"number": number, "size": len(members), "names": _names(report, ordered)})
    return rows


def _change(report: analysis.NetworkReport) -> dict[str, Any]:
    c = report.change
    unknown = _("non mesurable sur l'une des deux périodes")

    def row(label: str, before, after, delta, digits: int, *, as_percent: bool = False):
        if as_percent:
            shown = [percent(v, reason=unknown, digits=1) for v in (before, after)]
            change = (
                Shown(None, unknown)
                if delta is None
                else Shown(
                    _("%(points)s points") % {"points": decimal(delta * 100, 1, signed=True).text}
                )
            )
        else:
            shown = [decimal(v, digits, reason=unknown, signed=False) for v in (before, after)]
            change = decimal(delta, digits, reason=unknown, signed=True)
        return {"label": label, "before": shown[0], "after": shown[1], "change": change}

    return {
        "rows": [
            row(
                _("Densité"),
                c.density_before,
                c.density_after,
                c.density_change,
                3,
                as_percent=True,
            ),
            row(
                _("Centralisation"),
                c.centralisation_before,
                c.centralisation_after,
                c.centralisation_change,
                2,
            ),
            row(_("Indice E–I"), c.ei_before, c.ei_after, c.ei_change, 2),
        ],
        "joined": _names(report, c.joined) if c.joined else "",
        "joined_count": len(c.joined),
        "left": _names(report, c.left) if c.left else "",
        "left_count": len(c.left),
    }


def _structure_rows(report: analysis.NetworkReport) -> list[dict[str, Any]]:
    G = report.graph
    ranks = report.betweenness_rank
    community = report.community_of
    rows = []
    for node, attributes in G.nodes(data=True):
        family = attributes.get("family")
        rows.append(
            {
                "label": report.label(node),
                "family": family_label(family),
                "symbol": FAMILY_STYLES.get(family, FAMILY_STYLES[None])["symbol"],
                "colour": FAMILY_STYLES.get(family, FAMILY_STYLES[None])["colour"],
                "degree": G.degree(node),
                "betweenness": decimal(report.betweenness.get(node), 3),
                "rank": ranks.get(node),
                "community": community.get(node) if G.degree(node) else None,
            }
        )
    return sorted(rows, key=lambda row: (-row["degree"], row["label"].casefold()))


def _tie_rows(report: analysis.NetworkReport) -> list[dict[str, Any]]:
    G = report.graph
    edges = sorted(
        G.edges(data=True),
        key=lambda e: (-e[2]["weight"], -e[2]["groups"], report.label(e[0]), report.label(e[1])),
    )
    return [
        {
            "a": report.label(u),
            "b": report.label(v),
            "weight": decimal(data["weight"], 2),
            "groups": data["groups"],
            "sources": ", ".join(str(SOURCE_SINGULAR[s]) for s in data["sources"]),
        }
        for u, v, data in edges[:TOP_TIES]
    ]


def _brokers(report: analysis.NetworkReport) -> dict[str, Any]:
    b = report.brokers
    return {
        "articulation_points": _names(report, b.articulation_points),
        "articulation_count": len(b.articulation_points),
        "bridges": [f"{report.label(u)} — {report.label(v)}" for u, v in b.bridges[:TOP_LIST]],
        "bridges_count": len(b.bridges),
        "top": [
            {"label": report.label(node), "score": decimal(score, 3)}
            for node, score in b.top_betweenness
        ],
    }


def _window_text(window: selectors.Window) -> str:
    return _("du %(start)s au %(end)s") % {"start": _day(window.start), "end": _day(window.end)}


@pole_view(Capability.VIEW_NETWORK)
def network_graph(request: PoleRequest) -> HttpResponse:
    form, choice, report = _report(request)
    query = request.GET.urlencode()
    G = report.graph
    context = {
        "pole": request.pole,
        "form": form,
        "choice": choice,
        "report": report,
        "window_text": _window_text(report.window),
        "previous_text": _window_text(report.previous_window),
        "sources_text": ", ".join(str(SOURCE_LABELS[s]).lower() for s in report.sources),
        "query": query,
        "counts": {
            "nodes": G.number_of_nodes(),
            "edges": G.number_of_edges(),
            "groups": G.graph["groups"],
            "skipped": G.graph["skipped_groups"],
            "max_group_size": G.graph["max_group_size"],
        },
        "legend": [
            {"label": style["label"], "colour": style["colour"], "symbol": style["symbol"]}
            for style in FAMILY_STYLES.values()
        ],
        "cards": _cards(report),
        "leader": _leader(report),
        "ei_rows": _ei_rows(report),
        "ei_weighted": decimal(report.ei.weighted_index, 2, signed=True, reason=_("aucun lien")),
        "ei_unclassified": report.ei.unclassified_edges,
        "communities": _community_rows(report),
        "modularity": decimal(report.communities.modularity, 2, reason=_("aucun lien")),
        "brokers": _brokers(report),
        "change": _change(report),
        "structure_rows": _structure_rows(report),
        "tie_rows": _tie_rows(report),
        "sampled": report.betweenness_sample,
        "people_shown": choice.people,
    }
    template = "network/_results.html" if request.htmx else "network/graph.html"
    return render(request, template, context)


@pole_view(Capability.VIEW_NETWORK)
def network_data(request: PoleRequest) -> JsonResponse:
    _form, _choice, report = _report(request, full=False)
    return JsonResponse(graph_payload(report))


def _export(request: PoleRequest, kind: str) -> HttpResponse:
    _form, _choice, report = _report(request, full=False)
    content, content_type = exports.export(report, kind)
    name = f"reseau-{request.pole.slug}-{report.window.end.isoformat()}.{kind}"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@pole_view(Capability.VIEW_NETWORK)
def network_gexf(request: PoleRequest) -> HttpResponse:
    return _export(request, "gexf")


@pole_view(Capability.VIEW_NETWORK)
def network_graphml(request: PoleRequest) -> HttpResponse:
    return _export(request, "graphml")


# --- governance ---------------------------------------------------------------------------------


def _governance_cards(parity, citizens, ratio, tenure) -> list[dict[str, Any]]:
    chair_reason = (
        _("aucune présidence occupée à cette date")
        if parity.seats == 0
        else _("aucune présidence tenue par une femme ou un homme déclaré·e")
    )
    return [
        {
            "key": "parity",
            "label": _("indice de parité des sièges"),
            "value": decimal(parity.index, 2, reason=reason(parity.missing)),
            "sentence": _(
                "1 à la parité, 0 quand un seul sexe occupe tous les sièges (2 × le plus petit "
                "nombre ÷ le total). Sur %(seats)s sièges : %(women)s tenus par des femmes, "
                "%(men)s par des hommes, %(other)s autre, %(undeclared)s sans genre déclaré, "
                "qui restent hors du calcul."
            )
            % {
                "seats": parity.seats,
                "women": parity.women,
                "men": parity.men,
                "other": parity.other,
                "undeclared": parity.undeclared,
            },
        },
        {
            "key": "chair_parity",
            "label": _("indice de parité des présidences"),
            "value": decimal(parity.chair_index, 2, reason=chair_reason),
            "sentence": _(
                "Le même indice sur les seules présidences : %(women)s femme(s), %(men)s "
                "homme(s). Tous les pôles témoins étudiés en 2014 étaient présidés par des "
                "hommes."
            )
            % {"women": parity.chair_women, "men": parity.chair_men},
        },
        {
            "key": "natural_person_share",
            "label": _("des sièges tenus par des personnes à titre individuel"),
            "value": percent(citizens.share, reason=reason(citizens.missing)),
            "sentence": _(
                "Habitant·es, bénévoles, usager·es qui siègent en leur nom propre et non pour "
                "une structure : %(n)s siège(s) sur %(seats)s."
            )
            % {"n": citizens.natural_person_seats, "seats": citizens.seats},
        },
        {
            "key": "representation_ratio",
            "label": _("ratio de représentation des petites structures et des citoyen·nes"),
            "value": decimal(ratio.ratio, 2, reason=reason(ratio.missing)),
            "sentence": _(
                "Leur part des sièges (%(seat_share)s) rapportée à leur part des membres "
                "(%(member_share)s) ; petites structures : moins de 10 ETP. 1 : une place à la "
                "mesure de leur poids parmi les membres ; moins de 1 : sous-représentées. "
                "Plafonné à 1. Effectif inconnu : %(unknown_seats)s siège(s) et "
                "%(unknown_members)s membre(s), laissés hors du calcul."
            )
            % {
                "seat_share": percent(ratio.seat_share).text or _("non mesurable"),
                "member_share": percent(ratio.member_share).text or _("non mesurable"),
                "unknown_seats": ratio.unknown_fte_seats,
                "unknown_members": ratio.unknown_fte_members,
            },
        },
        {
            "key": "mean_tenure_years",
            "label": _("d'ancienneté moyenne dans la fonction"),
            "value": years(
                tenure.mean_tenure_years,
                reason=_("aucune fonction de bureau occupée à cette date"),
            ),
            "sentence": _(
                "Depuis combien de temps les %(n)s titulaires actuel·les d'une fonction "
                "(présidence, vice-présidence, trésorerie, secrétariat) l'occupent, mandats "
                "successifs d'une même personne comptés comme un seul."
            )
            % {"n": tenure.current_officers},
        },
        {
            "key": "rotation",
            "label": _("changements de titulaire par fonction et par an"),
            "value": decimal(
                tenure.rotation, 2, reason=_("aucune fonction de bureau dont le début est connu")
            ),
            "sentence": _(
                "%(changes)s changement(s) sur %(years)s années-fonction observées. 0,20 : "
                "une fonction change de main tous les cinq ans en moyenne ; 0 : les mêmes "
                "depuis le début des registres."
            )
            % {"changes": tenure.changes, "years": decimal(tenure.office_years, 1).text},
        },
    ]


def _officer_rows(request: PoleRequest, on) -> list[dict[str, Any]]:
    visible = _visible_people(request)
    rows = []
    for row in selectors.current_officers(request.pole, on=on):
        shown = visible is None or row["person_id"] in visible
        rows.append(
            {
                "body": row["body__name"],
                "office": str(Office(row["office"]).label),
                "holder": f"{row['person__first_name']} {row['person__last_name']}"
                if shown
                else None,
                "organisation": row["organisation__name"] or "",
                "since": _day(row["start_date"]),
            }
        )
    return rows


@pole_view(Capability.VIEW_NETWORK)
def governance_page(request: PoleRequest) -> HttpResponse:
    today = timezone.localdate()
    form = GovernanceFilters(request.GET or None, initial={"au": today})
    on = today
    if form.is_bound and form.is_valid() and form.cleaned_data.get("au"):
        on = form.cleaned_data["au"]
    seats = selectors.seats_frame(request.pole, on=on)
    members = selectors.members_frame(request.pole, on=on)
    parity = governance.parity_index(seats, on)
    citizens = governance.natural_person_share(seats, on)
    ratio = governance.representation_ratio(seats, members, on)
    tenure = governance.tenure_and_rotation(seats, on)
    kinds = [kind for kind in BodyKind.values if kind in set(seats["body_kind"])]
    by_body = []
    for kind in kinds:
        body = governance.parity_index(seats, on, body_kinds=[kind])
        if body.seats:
            by_body.append(
                {
                    "kind": str(BodyKind(kind).label),
                    "seats": body.seats,
                    "women": body.women,
                    "men": body.men,
                    "undeclared": body.undeclared + body.other,
                    "index": decimal(body.index, 2, reason=reason(body.missing)),
                }
            )
    offices = [
        {
            "office": str(Office(office).label),
            "tenure": years(
                tenure.tenure_by_office.get(office), reason=_("personne dans cette fonction")
            ),
            "rotation": decimal(
                tenure.rotation_by_office.get(office), 2, reason=_("fonction jamais observée")
            ),
        }
        for office in governance.OFFICER_OFFICES
    ]
    context = {
        "pole": request.pole,
        "form": form,
        "on": on,
        "on_text": _day(on),
        "cards": _governance_cards(parity, citizens, ratio, tenure),
        "by_body": by_body,
        "offices": offices,
        "officers": _officer_rows(request, on) if _people_allowed(request) else None,
        "unknown_start": tenure.unknown_start,
        "unidentified": tenure.unidentified,
    }
    return render(request, "network/governance.html", context)
