"""The member directory in a real browser: log in, reach a pole, filter, search, open a structure.

These tests drive Debian's Chromium against pytest-django's live server, so they exercise the
real templates, static files (htmx included) and session cookies, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from browser_helpers import PASSWORD, haute_garonne_commune, log_in
from playwright.sync_api import Page, expect

from ptce.poles.models import Pole
from ptce.registry.models import ActorFamily, Membership, Organisation

pytestmark = pytest.mark.browser


# Fictitious structures with valid SIREN/SIRET keys (Luhn), one per actor family.
ASSOCIATION = "Les Jardins du Canal"
SCOP = "Scop Atelier Vélo Solidaire"
SAS = "Garage Martin SAS"
TOWN_HALL = "Mairie de Ramonville-Saint-Agne"
ASSOCIATION_SIRET = "41263901500012"


@dataclass(frozen=True)
class DirectoryData:
    pole: Pole
    username: str
    association: Organisation


@pytest.fixture
def directory_data(transactional_db, make_pole, make_user) -> DirectoryData:
    ramonville = haute_garonne_commune("31446", "Ramonville-Saint-Agne")
    toulouse = haute_garonne_commune("31555", "Toulouse")
    pole = make_pole("pole-canal", name="Pôle du Canal", town="Ramonville-Saint-Agne")
    pole.communes.add(ramonville, toulouse)
    rows = [
        (ASSOCIATION, "9220", ASSOCIATION_SIRET, ramonville),
        (SCOP, "5458", "52148722300013", toulouse),
        (SAS, "5710", "83374515100013", toulouse),
        (TOWN_HALL, "7210", "21310446600015", ramonville),
    ]
    organisations = {}
    for name, category, siret, commune in rows:
        org = Organisation.objects.create(
            pole=pole, name=name, legal_category=category, siret=siret, commune=commune
        )
        Membership.objects.create(pole=pole, organisation=org, start_date=dt.date(2023, 1, 15))
        organisations[name] = org
    # The families the directory filters on are derived when the row is saved.
    assert organisations[ASSOCIATION].actor_family == ActorFamily.ESS_ENTERPRISE
    assert organisations[SCOP].actor_family == ActorFamily.ESS_ENTERPRISE
    assert organisations[SAS].actor_family == ActorFamily.NON_ESS_ENTERPRISE
    assert organisations[TOWN_HALL].actor_family == ActorFamily.PUBLIC_BODY

    # Another pole the user has no role in: it must never show up.
    other = make_pole("pole-voisin", name="Pôle Voisin")
    Organisation.objects.create(pole=other, name="Structure d'un autre pôle", legal_category="9220")

    make_user("observatoire-test", pole=pole, role="observer", password=PASSWORD)
    return DirectoryData(
        pole=pole, username="observatoire-test", association=organisations[ASSOCIATION]
    )


def test_directory_filter_search_and_detail(
    page: Page, live_server, directory_data: DirectoryData, screenshot_dir: Path
) -> None:
    base = live_server.url
    log_in(page, base, directory_data.username)

    page.get_by_role("link", name="Mes pôles").click()
    expect(page.get_by_role("heading", name="Mes pôles")).to_be_visible()
    expect(page.get_by_text("Pôle Voisin")).to_have_count(0)
    page.get_by_role("link", name="Pôle du Canal").click()
    expect(page.get_by_role("heading", level=1, name="Pôle du Canal")).to_be_visible()

    page.get_by_role("link", name="Annuaire", exact=True).click()
    expect(page).to_have_url(re.compile(r"/p/pole-canal/annuaire/$"))
    results = page.locator("#directory-results")
    for name in (ASSOCIATION, SCOP, SAS, TOWN_HALL):
        expect(results.get_by_role("link", name=name)).to_be_visible()
    expect(results).not_to_contain_text("Structure d'un autre pôle")
    expect(results).to_contain_text("4 structures")

    assert page.evaluate("typeof window.htmx") == "object", "htmx did not load on the directory"
    # htmx swaps the results in place: a full page load would drop this marker.
    page.evaluate("window.__sameDocument = true")
    page.get_by_label("Famille d'acteurs").select_option(label="Entreprise de l'ESS")
    expect(results.get_by_role("link", name=SAS)).to_have_count(0)
    expect(results.get_by_role("link", name=TOWN_HALL)).to_have_count(0)
    expect(results.get_by_role("link", name=ASSOCIATION)).to_be_visible()
    expect(results.get_by_role("link", name=SCOP)).to_be_visible()
    expect(results).to_contain_text("2 structures")
    expect(page).to_have_url(re.compile(r"family=ess_enterprise"))
    assert page.evaluate("window.__sameDocument === true"), "the filter reloaded the whole page"

    # Live search, keystroke by keystroke, within the family filter; accents do not matter.
    page.get_by_label("Rechercher").press_sequentially("jardins du canal", delay=20)
    expect(results.get_by_role("link", name=SCOP)).to_have_count(0)
    expect(results.get_by_role("link", name=ASSOCIATION)).to_be_visible()
    expect(results).to_contain_text("1 structure")
    page.screenshot(path=screenshot_dir / "directory-filtered.png", full_page=True)

    page.get_by_label("Rechercher").fill("")
    page.get_by_label("Rechercher").press_sequentially("velo", delay=20)
    expect(results.get_by_role("link", name=SCOP)).to_be_visible()
    expect(results.get_by_role("link", name=ASSOCIATION)).to_have_count(0)

    page.get_by_label("Rechercher").fill("")
    page.get_by_label("Rechercher").press_sequentially("jardins", delay=20)
    results.get_by_role("link", name=ASSOCIATION).click()
    expect(page).to_have_url(
        re.compile(rf"/p/pole-canal/structures/{directory_data.association.pk}/$")
    )
    expect(page.get_by_role("heading", level=1, name=ASSOCIATION)).to_be_visible()
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text("412 639 015 00012")  # SIRET, grouped as administrations do
    expect(facts).to_contain_text("412 639 015")  # SIREN, derived from the SIRET
    expect(facts).to_contain_text("Association déclarée")
    expect(facts).to_contain_text("Entreprise de l'ESS")
    expect(facts).to_contain_text("Ramonville-Saint-Agne (31446)")
    page.screenshot(path=screenshot_dir / "organisation-detail.png", full_page=True)


def test_directory_filter_works_without_javascript(
    page_without_js: Page, live_server, directory_data: DirectoryData
) -> None:
    page = page_without_js
    log_in(page, live_server.url, directory_data.username)
    page.goto(f"{live_server.url}/p/pole-canal/annuaire/")
    page.get_by_label("Famille d'acteurs").select_option(label="Collectivité ou organisme public")
    page.get_by_role("button", name="Filtrer").click()
    expect(page).to_have_url(re.compile(r"family=public_body"))
    results = page.locator("#directory-results")
    expect(results.get_by_role("link", name=TOWN_HALL)).to_be_visible()
    expect(results.get_by_role("link", name=ASSOCIATION)).to_have_count(0)
    expect(results.get_by_role("link", name=SAS)).to_have_count(0)


def test_anonymous_visit_to_a_pole_goes_to_login_then_back(
    page: Page, live_server, directory_data: DirectoryData, screenshot_dir: Path
) -> None:
    page.goto(f"{live_server.url}/p/pole-canal/")
    expect(page).to_have_url(re.compile(r"/connexion/\?next=/p/pole-canal/$"))
    expect(page.get_by_role("heading", name="Connexion")).to_be_visible()
    expect(page.get_by_text("Pôle du Canal")).to_have_count(0)
    page.screenshot(path=screenshot_dir / "login.png", full_page=True)

    page.get_by_label("Identifiant").fill(directory_data.username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page).to_have_url(re.compile(r"/p/pole-canal/$"))
    expect(page.get_by_role("heading", level=1, name="Pôle du Canal")).to_be_visible()
    page.screenshot(path=screenshot_dir / "pole-home.png", full_page=True)


def test_foreign_pole_answers_404_in_the_browser(
    page: Page, live_server, directory_data: DirectoryData
) -> None:
    log_in(page, live_server.url, directory_data.username)
    response = page.goto(f"{live_server.url}/p/pole-voisin/annuaire/")
    assert response is not None
    assert response.status == 404
    expect(page.get_by_text("Structure d'un autre pôle")).to_have_count(0)
