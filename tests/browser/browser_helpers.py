"""What the browser tests share: a password, the sign-in, and communes that survive a flush."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from ptce.core.text import search_key
from ptce.territory.models import Commune, Departement, Region

PASSWORD = "motdepasse-navigateur"


def haute_garonne_commune(code: str, name: str, postcodes: str = "") -> Commune:
    """The data migration loads real communes, but a transactional test's flush may remove them."""
    region, _ = Region.objects.get_or_create(code="76", defaults={"name": "Occitanie"})
    departement, _ = Departement.objects.get_or_create(
        code="31", defaults={"name": "Haute-Garonne", "region": region}
    )
    commune, _ = Commune.objects.get_or_create(
        code=code,
        defaults={
            "name": name, "departement": departement, "postcodes": postcodes,
            "search_name": search_key(name),
        },
    )
    return commune


def log_in(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/connexion/")
    main = page.locator("main")
    main.get_by_label("Identifiant").fill(username)
    main.get_by_label("Mot de passe").fill(PASSWORD)
    # The header's language form has its own submit button: take the one of the login form.
    main.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("button", name=re.compile("Se déconnecter"))).to_be_visible()
