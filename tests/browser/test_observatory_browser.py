"""The observatory in a real browser: the observer of the demo opens the typology (factor map,
clusters), then the map of France with its legend."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from browser_helpers import PASSWORD, haute_garonne_commune, log_in
from playwright.sync_api import Page, expect

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "observatory"))
from observatory_fixtures import make_documented_poles  # noqa: E402

from ptce.poles.models import RoleAssignment  # noqa: E402
from ptce.registry.models import Organisation  # noqa: E402

pytestmark = pytest.mark.browser

USERNAME = "observatoire"


@pytest.fixture
def observatory(transactional_db, make_user):
    poles = make_documented_poles()
    # A flush between transactional tests may have emptied the official geography.
    ramonville = haute_garonne_commune("31446", "Ramonville-Saint-Agne", "31520")
    periscope = poles["le-periscope"]
    periscope.communes.set([ramonville])
    Organisation.objects.filter(pole=periscope).update(commune=ramonville)
    user = make_user(USERNAME, password=PASSWORD)
    for pole in poles.values():
        RoleAssignment.objects.create(user=user, pole=pole, role="observer")
    return poles


def test_observer_sees_the_typology_then_the_map(
    page: Page, live_server, observatory, screenshot_dir: Path
) -> None:
    log_in(page, live_server.url, USERNAME)
    page.goto(f"{live_server.url}/observatoire/typologie/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Typologie des pôles")

    factor_map = page.locator('svg[aria-label^="Carte factorielle des pôles"]')
    expect(factor_map).to_be_visible()
    expect(factor_map.get_by_text("Paris Mix", exact=True)).to_be_visible()
    expect(factor_map.get_by_text("Le Périscope", exact=True)).to_be_visible()  # supplementary
    clusters = page.get_by_role("heading", level=3, name=re.compile(r"^Classe \d : \d+ pôles?$"))
    assert clusters.count() >= 3  # FactoMineR's rule proposes 3 clusters at least
    expect(clusters.first).to_be_visible()
    types = page.locator("#typologie-poles")
    expect(types.get_by_role("row", name=re.compile("^Paris Mix"))).to_contain_text("classe ")
    page.screenshot(path=str(screenshot_dir / "observatory-typology.png"), full_page=True)

    page.get_by_role("navigation", name="Observatoire").get_by_role("link", name="Carte").click()
    expect(page).to_have_url(re.compile(r"/observatoire/carte/$"))
    france = page.get_by_role("img", name=re.compile("^Carte des pôles"))
    expect(france).to_be_visible()
    legend = page.locator("svg.map g.map-legend")
    expect(legend).to_be_visible()
    expect(legend).to_contain_text("Structures membres")
    expect(legend).to_contain_text("aucune")
    # Le Périscope's 37 members are in Haute-Garonne, and the table says the same.
    expect(page.locator('svg.map path[data-code="31"]')).to_have_attribute("data-value", "37")
    expect(page.locator("#carte-tableau").get_by_role("row", name=re.compile("Haute-Garonne")))\
        .to_contain_text("37")
    page.screenshot(path=str(screenshot_dir / "observatory-map.png"), full_page=True)
