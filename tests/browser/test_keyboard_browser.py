"""Keyboard-only use in a real browser: skip link, signing in, filtering the directory.

Every step here is a key press (Tab, Enter, typing, arrow keys); the mouse is never used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from browser_helpers import PASSWORD
from playwright.sync_api import Page, expect

from ptce.poles.models import Pole
from ptce.registry.models import ActorFamily, Organisation

pytestmark = pytest.mark.browser

USERNAME = "observatoire-clavier"
ASSOCIATION = "Les Jardins du Canal"
TOWN_HALL = "Mairie de Ramonville-Saint-Agne"
MAX_TABS = 30  # more presses than any page here has focusable elements before its filters


@dataclass(frozen=True)
class KeyboardData:
    pole: Pole


@pytest.fixture
def keyboard_data(transactional_db, make_pole, make_user) -> KeyboardData:
    pole = make_pole("pole-canal", name="Pôle du Canal")
    association = Organisation.objects.create(pole=pole, name=ASSOCIATION, legal_category="9220")
    town_hall = Organisation.objects.create(pole=pole, name=TOWN_HALL, legal_category="7210")
    assert association.actor_family == ActorFamily.ESS_ENTERPRISE
    assert town_hall.actor_family == ActorFamily.PUBLIC_BODY
    make_user(USERNAME, pole=pole, role="observer", password=PASSWORD)
    return KeyboardData(pole=pole)


def _focused(page: Page) -> str:
    """The focused element, as `tag#id` plus its text or label, for readable assertions."""
    return page.evaluate(
        """() => {
            const e = document.activeElement;
            if (!e || e === document.body) return "body";
            const text = (e.getAttribute("aria-label") || e.textContent || "").trim();
            return `${e.tagName.toLowerCase()}#${e.id} ${text.split("\\n")[0].trim()}`.trim();
        }"""
    )


def _expect_skip_link_first(page: Page) -> None:
    skip = page.get_by_role("link", name="Aller au contenu")
    # Off-screen until it has the focus, then shown at the top left.
    expect(skip).not_to_be_in_viewport()
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0 and box["width"] > 0

    page.keyboard.press("Enter")
    main = page.locator("main#contenu")
    expect(main).to_be_focused()
    expect(page).to_have_url(re.compile(r"#contenu$"))
    expect(skip).not_to_be_in_viewport()  # hidden again once the focus has left it


def test_skip_link_then_sign_in_with_the_keyboard(
    page: Page, live_server, keyboard_data: KeyboardData
) -> None:
    page.goto(f"{live_server.url}/connexion/")
    expect(page.get_by_role("heading", name="Connexion")).to_be_visible()
    # No autofocus: the first Tab is the skip link, as on every page (RGAA 12.7).
    _expect_skip_link_first(page)

    # From <main>, the next stop is the first field of the form, then the password.
    page.keyboard.press("Tab")
    expect(page.get_by_label("Identifiant")).to_be_focused()
    page.keyboard.type(USERNAME)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Mot de passe")).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("button", name=re.compile("Se déconnecter"))).to_be_visible()
    expect(page.get_by_role("heading", level=1, name="Mes pôles")).to_be_visible()


def test_directory_family_filter_with_the_keyboard(
    page: Page, live_server, keyboard_data: KeyboardData
) -> None:
    page.goto(f"{live_server.url}/connexion/?next=/p/pole-canal/annuaire/")
    _expect_skip_link_first(page)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Identifiant")).to_be_focused()
    page.keyboard.type(USERNAME)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/p/pole-canal/annuaire/$"))

    results = page.locator("#directory-results")
    expect(results).to_contain_text("2 structures")
    assert page.evaluate("typeof window.htmx") == "object", "htmx did not load on the directory"
    page.evaluate("window.__sameDocument = true")

    _expect_skip_link_first(page)
    family = page.get_by_label("Famille d'acteurs")
    visited = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        visited.append(_focused(page))
        if visited[-1].startswith("select#id_family"):
            break
    else:
        pytest.fail(f"Tab never reached the family filter; focus went through {visited}")
    expect(family).to_be_focused()
    # From <main>, the search box comes first, then the family filter, nothing else between.
    assert visited == ["input#id_q", visited[-1]], visited

    # A closed <select> changes with the arrow keys on Linux and Windows; htmx sends it.
    page.keyboard.press("ArrowDown")
    expect(family).to_have_value(ActorFamily.ESS_ENTERPRISE.value)
    expect(results).to_contain_text("1 structure")
    expect(results.get_by_role("link", name=ASSOCIATION)).to_be_visible()
    expect(results.get_by_role("link", name=TOWN_HALL)).to_have_count(0)
    expect(page).to_have_url(re.compile(r"family=ess_enterprise"))
    # The results were swapped in place: the focus stays on the filter, for the next change.
    expect(family).to_be_focused()
    assert page.evaluate("window.__sameDocument === true"), "the filter reloaded the whole page"

    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(family).to_have_value(ActorFamily.PUBLIC_BODY.value)
    expect(results.get_by_role("link", name=TOWN_HALL)).to_be_visible()
    expect(results.get_by_role("link", name=ASSOCIATION)).to_have_count(0)
    expect(page).to_have_url(re.compile(r"family=public_body"))
    expect(family).to_be_focused()
