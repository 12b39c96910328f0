"""The cooperation graph in a real browser: drawn by the app's own cytoscape.js, filtered by
source without reloading the page, and downloaded as GEXF for Gephi.

A small pole: a hub structure with one-to-one projects with four others (a star), and a
seminar where two of the spokes met. Unticking "Réunions" removes the seminar's tie.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import networkx as nx
import pytest
from browser_helpers import PASSWORD, log_in
from playwright.sync_api import Page, expect

from ptce.meetings.models import Attendance, AttendanceStatus, Meeting, MeetingKind
from ptce.projects.models import PartnerRole, Project, ProjectPartner, ProjectStatus
from ptce.registry.models import ActorFamily, Membership, Organisation, Person

pytestmark = pytest.mark.browser

USERNAME = "coordination-reseau"
HUB = "Maison Pivot"
SPOKES = {
    "Atelier Abeille": ActorFamily.ESS_ENTERPRISE,
    "Boulangerie Blé SAS": ActorFamily.NON_ESS_ENTERPRISE,
    "Commune de Cèdres": ActorFamily.PUBLIC_BODY,
    "Laboratoire Delta": ActorFamily.RESEARCH,
}


@pytest.fixture
def star(transactional_db, make_pole, make_user):
    pole = make_pole("pole-etoile", name="Pôle Étoile")
    make_user(USERNAME, pole=pole, role="coordinator", password=PASSWORD)
    today = dt.date.today()
    organisations = {}
    for name, family in {HUB: ActorFamily.ESS_ENTERPRISE, **SPOKES}.items():
        organisations[name] = Organisation.objects.create(
            pole=pole, name=name, family_override=family, override_reason="connue"
        )
        Membership.objects.create(pole=pole, organisation=organisations[name])
    for index, name in enumerate(SPOKES):
        project = Project.objects.create(
            pole=pole,
            name=f"Projet {index}",
            status=ProjectStatus.ACTIVE,
            started_on=today - dt.timedelta(days=100 + index),
        )
        for role, organisation in (
            (PartnerRole.LEAD, organisations[HUB]),
            (PartnerRole.PARTNER, organisations[name]),
        ):
            ProjectPartner.objects.create(
                pole=pole, project=project, organisation=organisation, role=role
            )  # fmt: skip
    seminar = Meeting.objects.create(
        pole=pole, title="Séminaire", kind=MeetingKind.SEMINAR, date=today - dt.timedelta(days=20)
    )
    for name in ("Atelier Abeille", "Boulangerie Blé SAS"):
        person = Person.objects.create(
            pole=pole, first_name="Camille", last_name=name, organisation=organisations[name]
        )
        Attendance.objects.create(
            pole=pole, meeting=seminar, person=person, status=AttendanceStatus.PRESENT
        )
    return pole


def _count(page: Page, what: str) -> int:
    return page.evaluate(f"() => window.ptceGraph ? window.ptceGraph.{what}().length : -1")


def test_graph_is_drawn_filtered_and_exported(
    page: Page, live_server, star, tmp_path: Path, screenshot_dir: Path
) -> None:
    log_in(page, live_server.url, USERNAME)
    page.goto(f"{live_server.url}/p/{star.slug}/reseau/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Réseau de coopération")
    page.wait_for_function("() => window.ptceGraph && window.ptceGraph.nodes().length > 0")
    assert page.evaluate("typeof window.cytoscape") == "function"
    assert _count(page, "nodes") == 5
    # Four projects around the hub, and the seminar's tie between two spokes.
    assert _count(page, "edges") == 5
    # The canvas is really drawn, with the hub bigger than the others.
    canvas = page.locator("#network-graph canvas").first
    expect(canvas).to_be_visible()
    expect(page.locator("#graph-nojs")).to_be_hidden()
    sizes = page.evaluate(
        "() => Object.fromEntries(window.ptceGraph.nodes().map(n => [n.data('label'), n.width()]))"
    )
    assert sizes[HUB] == max(sizes.values())
    expect(page.locator("#graph-status")).to_have_text("Graphe dessiné : 5 acteurs, 5 liens.")
    page.evaluate("window.__sameDocument = true")
    page.screenshot(path=screenshot_dir / "network-graph.png", full_page=True)

    # Untick the meetings: the results are swapped in place and the graph drawn again.
    page.get_by_label("Réunions", exact=True).uncheck()
    page.wait_for_function("() => window.ptceGraph && window.ptceGraph.edges().length === 4")
    assert _count(page, "nodes") == 5
    expect(page.locator("#network-status")).to_contain_text("5 acteurs, 4 liens")
    expect(page.locator("#carte-leader")).to_contain_text(f"est {HUB} (4 partenaires) : 100 %")
    assert page.evaluate("window.__sameDocument === true"), "the page reloaded"
    assert "source=" in page.url  # the filtered view has its own address

    # The GEXF follows the same filters and opens back with networkx.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="GEXF").click()
    download = download_info.value
    assert re.fullmatch(
        rf"reseau-{star.slug}-\d{{4}}-\d{{2}}-\d{{2}}\.gexf", download.suggested_filename
    )
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    G = nx.read_gexf(path)
    assert G.number_of_nodes() == 5
    assert G.number_of_edges() == 4
    families = {data["label"]: data["family"] for _node, data in G.nodes(data=True)}
    assert families == {
        HUB: "ess_enterprise",
        "Atelier Abeille": "ess_enterprise",
        "Boulangerie Blé SAS": "non_ess_enterprise",
        "Commune de Cèdres": "public_body",
        "Laboratoire Delta": "research_training",
    }
    assert {data["sources"] for _u, _v, data in G.edges(data=True)} == {"project"}


def test_without_javascript_the_tables_tell_the_same(page_without_js: Page, live_server, star):
    page = page_without_js
    log_in(page, live_server.url, USERNAME)
    page.goto(f"{live_server.url}/p/{star.slug}/reseau/")
    expect(page.locator("#graph-nojs")).to_contain_text("demande JavaScript")
    rows = page.locator("#tableau-acteurs tbody tr")
    expect(rows).to_have_count(5)
    expect(rows.first).to_contain_text(HUB)
    # The filter form works as a plain GET form.
    page.get_by_label("Réunions", exact=True).uncheck()
    page.get_by_role("button", name="Appliquer").click()
    expect(page.locator("#network-status")).to_contain_text("5 acteurs, 4 liens")
