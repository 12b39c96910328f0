"""A pole's territory in a real browser: live commune search (htmx), add, remove; read-only roles.

The territory data migration loads the real communes, but the live server needs a transactional
database, which later tests may find flushed: the rows used here are created if missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from browser_helpers import PASSWORD, haute_garonne_commune, log_in
from playwright.sync_api import Page, expect

from ptce.poles.models import Pole

pytestmark = pytest.mark.browser

COORDINATOR = "coordination-test"
OBSERVER = "observatoire-test"
RAMONVILLE = "Ramonville-Saint-Agne"
TOULOUSE = "Toulouse"


@dataclass(frozen=True)
class TerritoryData:
    pole: Pole


@pytest.fixture
def territory_data(transactional_db, make_pole, make_user) -> TerritoryData:
    haute_garonne_commune("31446", RAMONVILLE, "31520")
    toulouse = haute_garonne_commune("31555", TOULOUSE, "31000 31100 31200 31300 31400 31500")
    pole = make_pole("pole-canal", name="Pôle du Canal", town=RAMONVILLE)
    pole.communes.add(toulouse)  # Ramonville-Saint-Agne is not in the territory yet
    make_user(COORDINATOR, pole=pole, role="coordinator", password=PASSWORD)
    make_user(OBSERVER, pole=pole, role="observer", password=PASSWORD)
    return TerritoryData(pole=pole)


def _open_territory(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/p/pole-canal/")
    page.get_by_role("navigation", name="Navigation principale")\
        .get_by_role("link", name="Territoire").click()
    expect(page).to_have_url(re.compile(r"/p/pole-canal/territoire/$"))
    expect(page.get_by_role("heading", level=1, name="Territoire — Pôle du Canal")).to_be_visible()


def _territory_table(page: Page):
    return page.get_by_role("region", name="Communes du territoire, par EPCI").get_by_role(
        "table", name="Communes du territoire, regroupées par EPCI, avec la population"
    )


def test_coordinator_finds_adds_and_removes_a_commune(
    page: Page, live_server, territory_data: TerritoryData, screenshot_dir: Path
) -> None:
    log_in(page, live_server.url, COORDINATOR)
    _open_territory(page, live_server.url)
    table = _territory_table(page)
    expect(table.get_by_role("rowheader", name=TOULOUSE, exact=True)).to_be_visible()
    expect(table).not_to_contain_text(RAMONVILLE)

    assert page.evaluate("typeof window.htmx") == "object", "htmx did not load on the territory"
    page.evaluate("window.__sameDocument = true")
    # "st" stands for "saint", and the words may come in any order.
    page.get_by_label("Nom, code postal ou code INSEE").press_sequentially("st agne", delay=20)
    results = page.locator("#commune-results")
    expect(results).to_contain_text("trouvée")
    expect(results).to_contain_text("pour « st agne »")
    expect(results.get_by_role("row", name=re.compile(RAMONVILLE))).to_contain_text("31520")
    assert page.evaluate("window.__sameDocument === true"), "the search reloaded the whole page"
    expect(page).to_have_url(re.compile(r"/p/pole-canal/territoire/$"))

    # Another query replaces the results in place.
    search = page.get_by_label("Nom, code postal ou code INSEE")
    search.fill("")
    search.press_sequentially("ramonville", delay=20)
    expect(results).to_contain_text("pour « ramonville »")
    pick = results.get_by_label(RAMONVILLE, exact=True)
    expect(pick).to_be_visible()
    expect(pick).not_to_be_checked()
    pick.check()
    results.get_by_role("button", name="Ajouter les communes cochées").click()

    expect(page).to_have_url(re.compile(r"/p/pole-canal/territoire/$"))
    expect(page.get_by_role("status")).to_have_text("1 commune ajoutée au territoire.")
    table = _territory_table(page)
    expect(table.get_by_role("rowheader", name=RAMONVILLE, exact=True)).to_be_visible()
    expect(table.get_by_role("rowheader", name=TOULOUSE, exact=True)).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("2 communes")
    assert set(territory_data.pole.communes.values_list("code", flat=True)) == {"31446", "31555"}
    page.screenshot(path=screenshot_dir / "territory.png", full_page=True)

    page.get_by_label(f"Retirer {RAMONVILLE}", exact=True).check()
    page.get_by_role("button", name="Retirer les communes cochées", exact=True).click()
    expect(page.get_by_role("status")).to_have_text("1 commune retirée du territoire.")
    table = _territory_table(page)
    expect(table).not_to_contain_text(RAMONVILLE)
    expect(table.get_by_role("rowheader", name=TOULOUSE, exact=True)).to_be_visible()
    assert set(territory_data.pole.communes.values_list("code", flat=True)) == {"31555"}


def test_observer_sees_the_territory_without_add_or_remove_forms(
    page: Page, live_server, territory_data: TerritoryData
) -> None:
    log_in(page, live_server.url, OBSERVER)
    _open_territory(page, live_server.url)
    table = _territory_table(page)
    expect(table.get_by_role("rowheader", name=TOULOUSE, exact=True)).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("1 commune")

    main = page.get_by_role("main")
    expect(main.locator("form")).to_have_count(0)
    expect(main.get_by_role("checkbox")).to_have_count(0)
    expect(main.get_by_role("searchbox")).to_have_count(0)
    expect(main.get_by_role("button")).to_have_count(0)
    expect(main.get_by_role("columnheader", name="Retirer")).to_have_count(0)
    expect(main.get_by_role("heading", name="Ajouter des communes au territoire")).to_have_count(0)

    # The search still works as a plain GET parameter for managers; for an observer it is inert.
    page.goto(f"{live_server.url}/p/pole-canal/territoire/?q=ramonville")
    expect(page.get_by_role("main")).not_to_contain_text(RAMONVILLE)
