"""Booking a shared room in a real browser: a member books a slot, then tries an overlapping one.

The member of Atelier Bois opens the meeting room's week, books 10:00–12:00 on a weekday of next
week and sees it in that day of the week; booking 11:00–13:00 the same day is refused with a
French message naming the first booking, what was typed stays in the form, and nothing is added.
With and without JavaScript: the page is a plain form.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from browser_helpers import PASSWORD, log_in
from playwright.sync_api import Locator, Page, expect

from ptce.poles.models import Pole
from ptce.pooling.models import Booking, Pooling, PoolingKind, ResourceKind, SharedResource
from ptce.registry.models import Organisation, Person

pytestmark = pytest.mark.browser

USERNAME = "membre-atelier"


@dataclass(frozen=True)
class Premises:
    pole: Pole
    room: SharedResource
    structure: Organisation

    def calendar_url(self, base: str) -> str:
        return f"{base}/p/{self.pole.slug}/ressources/{self.room.pk}/"


@pytest.fixture
def premises(transactional_db, make_pole, make_user) -> Premises:
    pole = make_pole("pole-bois", name="Pôle Bois et Territoire")
    structure = Organisation.objects.create(pole=pole, name="Atelier Bois")
    Organisation.objects.create(pole=pole, name="Café Vélo")
    user = make_user(USERNAME, pole=pole, role="member", password=PASSWORD)
    Person.objects.create(
        pole=pole, first_name="Malik", last_name="Menuisier", organisation=structure, user=user
    )
    pooling = Pooling.objects.create(
        pole=pole, kind=PoolingKind.PREMISES, name="Tiers-lieu du Canal"
    )
    room = SharedResource.objects.create(
        pole=pole, pooling=pooling, name="Salle du conseil", kind=ResourceKind.ROOM, capacity=20
    )
    return Premises(pole=pole, room=room, structure=structure)


def _next_tuesday() -> dt.date:
    today = dt.date.today()
    return today + dt.timedelta(days=7 - today.weekday() + 1)


def _field(page: Page, label: str) -> Locator:
    # Django labels end with " :" in French; "Fin" must not match another label.
    return page.locator("section[aria-labelledby=reserver]").get_by_label(
        re.compile(rf"^{re.escape(label)}\s*:?$")
    )


def _book(page: Page, day: dt.date, start: str, end: str, title: str) -> None:
    _field(page, "Date").fill(f"{day:%d/%m/%Y}")
    _field(page, "Début").fill(start)
    _field(page, "Fin").fill(end)
    _field(page, "Objet").fill(title)
    page.get_by_role("button", name="Réserver", exact=True).click()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_member_books_a_room_and_an_overlap_is_refused(
    request, live_server, premises: Premises, screenshot_dir: Path, javascript: bool
) -> None:
    page: Page = request.getfixturevalue("page" if javascript else "page_without_js")
    log_in(page, live_server.url, USERNAME)
    page.goto(premises.calendar_url(live_server.url))
    expect(page.get_by_role("heading", level=1)).to_have_text("Réservations — Salle du conseil")
    # A member books for their own structure: it is the only choice, already selected.
    structure = _field(page, "Pour la structure")
    expect(structure.locator("option")).to_have_count(1)
    expect(structure.locator("option:checked")).to_have_text("Atelier Bois")

    day = _next_tuesday()
    _book(page, day, "10:00", "12:00", "Réunion CA")
    expect(
        page.get_by_text("Réservation « Réunion CA » enregistrée pour Atelier Bois.")
    ).to_be_visible()
    day_box = page.locator(f"#jour-{day:%Y-%m-%d}")
    expect(day_box.get_by_role("heading", level=3)).to_contain_text(f"{day:%d/%m/%Y}")
    rows = day_box.locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("10:00 – 12:00")
    expect(rows.first).to_contain_text("Réunion CA")
    expect(rows.first).to_contain_text("Atelier Bois")

    _book(page, day, "11:00", "13:00", "Atelier tournage")
    refusal = (
        "Ce créneau chevauche la réservation « Réunion CA » de Atelier Bois, "
        f"le {day:%d/%m/%Y} de 10:00 à 12:00."
    )
    alert = page.locator("section[aria-labelledby=reserver]").get_by_role("alert")
    expect(alert).to_have_text(refusal)
    # What was typed is still there, to change one time and try again.
    expect(_field(page, "Objet")).to_have_value("Atelier tournage")
    expect(_field(page, "Début")).to_have_value("11:00")
    expect(_field(page, "Fin")).to_have_value("13:00")
    expect(_field(page, "Date")).to_have_value(f"{day:%d/%m/%Y}")
    # The week shown is the one of that day, with only the first booking in it.
    expect(page.locator(f"#jour-{day:%Y-%m-%d} tbody tr")).to_have_count(1)
    assert list(Booking.objects.values_list("title", flat=True)) == ["Réunion CA"]
    page.screenshot(
        path=screenshot_dir / f"booking-refused-{'js' if javascript else 'nojs'}.png",
        full_page=True,
    )
