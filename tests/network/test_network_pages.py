"""The network and governance pages, their JSON and their Gephi exports, role by role."""

from __future__ import annotations

import datetime as dt
import html as htmllib
import io
import json
import re

import networkx as nx
import pytest
from django.urls import reverse
from network_helpers import ON

from ptce.network import analysis
from ptce.network.selectors import window_bounds
from ptce.projects.models import Project, ProjectPartner, ProjectStatus
from ptce.registry.models import Person

YEAR_2024 = {"au": "31/12/2024"}


def _get(client, name, etoile, params=None, **headers):
    return client.get(reverse(name, args=[etoile.pole.slug]), params or {}, **headers)


def _text(response) -> str:
    html = response.content.decode()
    return htmllib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def test_graph_page_has_cards_graph_and_tables(login, etoile):
    response = _get(login("coordinator"), "network-graph", etoile, YEAR_2024)
    assert response.status_code == 200
    html = response.content.decode()
    for card in (
        "density",
        "mean_degree",
        "clustering",
        "degree_centralisation",
        "components",
        "ei_index",
    ):
        assert f'id="carte-{card}"' in html
    for section in (
        "carte-leader",
        "tableau-ei",
        "tableau-communautes",
        "tableau-passeurs",
        "tableau-evolution",
        "tableau-acteurs",
        "tableau-liens",
    ):
        assert f'id="{section}"' in html  # fmt: skip
    # The graph is drawn by the app's own copy of cytoscape.js, from the JSON of the same view.
    assert "/static/ptce/vendor/cytoscape.min.js" in html
    assert "/static/ptce/network.js" in html
    assert (
        f'data-url="{reverse("network-data", args=[etoile.pole.slug])}?au=31%2F12%2F2024"' in html
    )
    assert not re.findall(r'(?:src|href)="(?:https?:)?//', html)
    text = _text(response)
    assert "du 01/01/2024 au 31/12/2024" in text
    # Every structure is in the table, the isolated one too.
    rows = re.findall(r"<tr><th scope=\"row\">([^<]+)</th><td><span", html)
    assert sorted(rows) == sorted(
        ["Maison Pivot", "Atelier Abeille", "Boulangerie Blé SAS", "Commune de Cèdres",
         "Laboratoire Delta", "Entreprise Écho"]
    )  # fmt: skip


def test_a_star_shows_its_leader_and_what_remains_without_it(login, etoile):
    response = _get(
        login("coordinator"), "network-graph", etoile, {**YEAR_2024, "source": "project"}
    )
    text = _text(response)
    assert "L'acteur qui a le plus de partenaires est Maison Pivot (4 partenaires) : 100 %" in text
    assert "Son départ à lui seul couperait" in text
    assert re.search(r"Morceaux séparés sans lui 5 \(contre 2 avec lui\)", text)
    assert re.search(r"Départs qui suffisent à couper le réseau 1 : Maison Pivot", text)
    assert "0,80 centralisation (Freeman)" in text


def test_cards_say_why_a_figure_is_not_measurable(client, make_pole, make_user):
    pole = make_pole("pole-vide")
    client.force_login(make_user("coord-vide", pole=pole, role="coordinator"))
    response = client.get(reverse("network-graph", args=[pole.slug]))
    text = _text(response)
    assert response.status_code == 200
    assert "non mesurable (moins de deux acteurs)" in text
    assert "non mesurable (moins de trois acteurs)" in text
    assert "non mesurable : aucun lien sur la période" in text
    assert "Aucune structure membre à la fin de la période." in text


@pytest.mark.parametrize("role", ["funder", "observer"])
def test_funders_and_observers_see_structures_never_people(login, etoile, role):
    client = login(role)
    params = {**YEAR_2024, "personnes": "on", "filtre": "1", "source": ["working_group"]}
    response = _get(client, "network-graph", etoile, params)
    text = _text(response)
    assert "Atelier Abeille" in text
    assert "Laboratoire Delta" in text
    for name in ("Zoé", "Habitante", "Hugo", "Alice", "Personne n°"):
        assert name not in text
    assert 'name="personnes"' not in response.content.decode()
    data = _get(client, "network-data", etoile, params).json()
    assert {node["data"]["id"][0] for node in data["nodes"]} == {"o"}
    gexf = _get(client, "network-gexf", etoile, params).content.decode()
    assert "Zoé" not in gexf and 'value="person"' not in gexf


def test_coordinators_may_add_people_in_their_own_name(login, etoile):
    params = {**YEAR_2024, "personnes": "on", "filtre": "1", "source": ["working_group"]}
    client = login("coordinator")
    text = _text(_get(client, "network-graph", etoile, params))
    assert "Structures et personnes" in text
    assert "Zoé Habitante" in text
    data = _get(client, "network-data", etoile, params).json()
    zoe = next(n["data"] for n in data["nodes"] if n["data"]["id"].startswith("p"))
    assert zoe["family"] == "natural_person"
    assert zoe["degree"] == 2


def test_members_see_only_the_people_who_agreed(login, etoile):
    params = {**YEAR_2024, "personnes": "on", "filtre": "1", "source": ["working_group"]}
    client = login("member")
    text = _text(_get(client, "network-graph", etoile, params))
    assert "Habitante" not in text
    assert "Personne n° 1" in text
    Person.objects.filter(pk=etoile.people["Z"].pk).update(consent_directory=True)
    text = _text(_get(client, "network-graph", etoile, params))
    assert "Zoé Habitante" in text


def test_filters_reported_beside_defaults(login, etoile):
    client = login("coordinator")
    text = _text(_get(client, "network-graph", etoile, {"du": "31/02/2024", "filtre": "1",
                                                         "source": ["project"]}))  # fmt: skip
    assert "Filtre non valide" in text
    text = _text(_get(client, "network-graph", etoile, {"filtre": "1", **YEAR_2024}))
    assert "Cochez au moins une source de liens." in text
    assert "Liens issus de : projets, mutualisations, groupes de travail, réunions." in text
    text = _text(_get(client, "network-graph", etoile, {"du": "01/06/2024", "au": "01/01/2024"}))
    assert "La date de début doit précéder la date de fin." in text


def test_periods_and_dates_choose_the_window(login, etoile):
    client = login("coordinator")
    data = _get(client, "network-data", etoile, {"du": "01/01/2019", "au": "31/12/2019"}).json()
    assert data["window"] == {"start": "2019-01-01", "end": "2019-12-31"}
    assert data["counts"]["edges"] == 1  # the old project of A and B
    data = _get(client, "network-data", etoile, {"periode": "36", "au": "31/12/2024"}).json()
    assert data["window"] == {"start": "2022-01-01", "end": "2024-12-31"}


def test_htmx_gets_the_results_and_the_status(login, etoile):
    response = _get(
        login("coordinator"), "network-graph", etoile, YEAR_2024, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="network-status"' in html and 'hx-swap-oob="true"' in html
    assert 'id="network-graph"' in html


def test_json_follows_the_source_filter(login, etoile):
    client = login("coordinator")
    every = _get(client, "network-data", etoile, YEAR_2024).json()
    assert every["counts"] == {"nodes": 6, "edges": 6}
    assert len(every["nodes"]) == 6 and len(every["edges"]) == 6
    hub = next(n["data"] for n in every["nodes"] if n["data"]["label"] == "Maison Pivot")
    assert hub["degree"] == 4
    assert hub["family"] == "ess_enterprise"
    assert hub["colour"].startswith("#")
    seminar = next(e["data"] for e in every["edges"] if e["data"]["sources"] == ["meeting"])
    assert seminar["weight"] == 0.25
    no_meeting = _get(
        client, "network-data", etoile,
        {**YEAR_2024, "filtre": "1", "source": ["project", "pooling", "working_group"]},
    ).json()  # fmt: skip
    assert no_meeting["counts"]["edges"] == 5
    assert no_meeting["sources"] == ["project", "pooling", "working_group"]


def test_gexf_opens_back_with_families_and_sources(login, etoile):
    response = _get(login("coordinator"), "network-gexf", etoile, YEAR_2024)
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="reseau-pole-etoile-2024-12-31.gexf"'
    )
    G = nx.read_gexf(io.BytesIO(response.content))
    assert G.number_of_nodes() == 6
    assert G.number_of_edges() == 6
    labels = {data["label"]: node for node, data in G.nodes(data=True)}
    hub = labels["Maison Pivot"]
    assert G.nodes[hub]["family"] == "ess_enterprise"
    assert G.nodes[labels["Laboratoire Delta"]]["family"] == "research_training"
    assert G.nodes[labels["Entreprise Écho"]]["family"] == ""
    assert G.nodes[hub]["degree"] == 4
    assert G.nodes[hub]["community"] >= 1
    seminar = G.edges[labels["Atelier Abeille"], labels["Boulangerie Blé SAS"]]
    assert seminar["sources"] == "meeting"
    assert float(seminar["weight"]) == 0.25


def test_graphml_opens_back(login, etoile):
    response = _get(login("coordinator"), "network-graphml", etoile,
                    {**YEAR_2024, "filtre": "1", "source": ["project"]})  # fmt: skip
    assert response["Content-Disposition"].endswith('reseau-pole-etoile-2024-12-31.graphml"')
    G = nx.read_graphml(io.BytesIO(response.content))
    assert G.number_of_edges() == 4
    assert G.graph["sources"] == "project"
    degrees = sorted(data["degree"] for _node, data in G.nodes(data=True))
    assert degrees == [0, 1, 1, 1, 1, 4]
    assert {data["sources"] for _u, _v, data in G.edges(data=True)} == {"project"}


def test_governance_page(login, etoile):
    response = _get(login("coordinator"), "governance", etoile, {"au": "31/12/2024"})
    assert response.status_code == 200
    html = response.content.decode()
    for card in (
        "parity",
        "chair_parity",
        "natural_person_share",
        "representation_ratio",
        "mean_tenure_years",
        "rotation",
    ):
        assert f'id="carte-{card}"' in html  # fmt: skip
    text = _text(response)
    assert "0,67 indice de parité des sièges" in text
    assert "0,00 indice de parité des présidences" in text
    assert "25 % des sièges tenus par des personnes à titre individuel" in text
    assert "1,00 ratio de représentation" in text
    assert "9,0 ans d'ancienneté moyenne" in text  # Hugo chairs since 01/01/2016
    # One change of chair (Henri → Hugo) over 13 years observed.
    assert "1 changement(s) sur 13,0 années-fonction" in text
    assert "Hugo Pivot" in text


def test_governance_at_an_earlier_date(login, etoile):
    text = _text(_get(login("coordinator"), "governance", etoile, {"au": "30/06/2013"}))
    assert "Situation au 30/06/2013" in text
    assert "Henri Ancien" in text
    assert "Hugo" not in text


@pytest.mark.parametrize("role", ["funder", "observer"])
def test_governance_aggregates_only_for_funders(login, etoile, role):
    text = _text(_get(login(role), "governance", etoile, {"au": "31/12/2024"}))
    assert "0,67 indice de parité des sièges" in text
    assert "Hugo" not in text and "Titulaires" not in text


def test_members_see_officers_who_agreed(login, etoile):
    client = login("member")
    assert "Hugo Pivot" in _text(_get(client, "governance", etoile, {"au": "31/12/2024"}))
    Person.objects.filter(pk=etoile.people["H"].pk).update(consent_directory=False)
    text = _text(_get(client, "governance", etoile, {"au": "31/12/2024"}))
    assert "Hugo" not in text and "non publié" in text


def test_governance_not_measurable_without_seats(client, make_pole, make_user):
    pole = make_pole("pole-sans-ca")
    client.force_login(make_user("coord-ca", pole=pole, role="coordinator"))
    text = _text(client.get(reverse("governance", args=[pole.slug])))
    assert "non mesurable (aucun siège occupé à cette date)" in text
    assert "non mesurable (aucun membre à cette date)" in text


def test_json_is_plain(login, etoile):
    response = _get(login("coordinator"), "network-data", etoile, YEAR_2024)
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content)["window"]["end"] == "2024-12-31"


def test_a_slow_cut_is_left_to_the_command(login, etoile, monkeypatch):
    """On a dense component the analytics' flow-based cut takes tens of seconds: the page
    says so instead of waiting; the command computes it."""
    # A project of B and C closes the last cycle: no single actor splits the five.
    project = Project.objects.create(
        pole=etoile.pole, name="B-C", status=ProjectStatus.ACTIVE, started_on=dt.date(2024, 6, 1)
    )
    for key in "BC":
        ProjectPartner.objects.create(
            pole=etoile.pole, project=project, organisation=etoile.orgs[key]
        )
    monkeypatch.setattr(analysis, "QUICK_CUT_MAX_ACTORS", 3)
    response = _get(login("coordinator"), "network-graph", etoile, YEAR_2024)
    text = _text(response)
    assert "trop dense pour chercher sur la page" in text
    assert "« ptce network »" in text
    assert 'id="carte-density"' in response.content.decode()  # the rest is there
    report = analysis.network_report(etoile.pole, window_bounds(ON, 12))
    assert report.leader.min_split_size == 2


def test_the_form_shows_the_filters_in_use(login, etoile):
    client = login("coordinator")
    html = _get(client, "network-graph", etoile, YEAR_2024).content.decode()
    # A link with a date and no sources uses every source, and the boxes say so.
    assert len(re.findall(r'name="source" value="\w+"[^>]*checked', html)) == 4
    assert 'type="hidden" name="filtre" value="1"' in html
    html = _get(
        client, "network-graph", etoile, {**YEAR_2024, "filtre": "1", "source": ["pooling"]}
    ).content.decode()
    assert re.findall(r'name="source" value="(\w+)"[^>]*checked', html) == ["pooling"]
