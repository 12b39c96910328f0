"""The attendance sheet in a real browser: a seminar of 20 people from 5 structures.

The coordinator marks people present with the keyboard (Tab from one person to the next, the
arrow keys within a person's choices, as for any group of radio buttons) and with the mouse,
adds a walk-in with the keyboard (Space on the button), and sees the counter change without the
page reloading; a reload shows that every status was saved.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from browser_helpers import PASSWORD, log_in
from playwright.sync_api import Locator, Page, expect

from ptce.meetings.models import Attendance, AttendanceStatus, Meeting, MeetingKind
from ptce.poles.models import Pole
from ptce.registry.models import Membership, Organisation, Person

pytestmark = pytest.mark.browser

USERNAME = "coordination-seminaire"
STRUCTURES = [
    "Atelier Vélo Solidaire",
    "Café des Possibles",
    "Les Jardins du Canal",
    "Recyclerie du Lauragais",
    "Scop Bois et Paille",
]
FIRST_NAMES = ["Awa", "Bruno", "Chloé", "Driss"]
MAX_TABS = 60  # header, tools and forms come before the sheet


@dataclass(frozen=True)
class Seminar:
    pole: Pole
    meeting: Meeting
    people: list[Person]  # in the sheet's order: by structure, then by name
    structures: list[Organisation]

    def url(self, base: str) -> str:
        return f"{base}/p/{self.pole.slug}/reunions/{self.meeting.pk}/presences/"


@pytest.fixture
def seminar(transactional_db, make_pole, make_user) -> Seminar:
    pole = make_pole("pole-canal", name="Pôle du Canal")
    make_user(USERNAME, pole=pole, role="coordinator", password=PASSWORD)
    meeting = Meeting.objects.create(
        pole=pole,
        title="Séminaire de coopération",
        kind=MeetingKind.SEMINAR,
        date=dt.date.today(),
        start_time=dt.time(9, 30),
        place="Maison de l'ESS",
    )
    people, structures = [], []
    for index, name in enumerate(STRUCTURES):
        organisation = Organisation.objects.create(pole=pole, name=name)
        Membership.objects.create(pole=pole, organisation=organisation)
        structures.append(organisation)
        for first in FIRST_NAMES:
            person = Person.objects.create(
                pole=pole,
                first_name=first,
                last_name=f"Nom{index}",
                organisation=organisation,
            )
            Attendance.objects.create(
                pole=pole, meeting=meeting, person=person, organisation=organisation
            )
            people.append(person)
    people.sort(key=lambda p: (p.organisation.name, p.last_name, p.first_name))
    return Seminar(pole=pole, meeting=meeting, people=people, structures=structures)


def _row(page: Page, person: Person) -> Locator:
    return page.locator(f"#attendance-{person.pk}")


def _radio(page: Page, person: Person, status: str) -> Locator:
    return page.locator(f"#st-{person.pk}-{status}")


def _field(page: Page, label: str) -> Locator:
    # Django labels end with " :" in French; "Nom" must not match "Prénom".
    return page.get_by_label(re.compile(rf"^{re.escape(label)}\s*:?$"))


def _focused_id(page: Page) -> str:
    return page.evaluate("() => document.activeElement ? document.activeElement.id : ''")


def _expect_present_count(page: Page, present: int, structures: int) -> None:
    counter = page.locator("#attendance-counter")
    expect(counter.locator(".figure-present")).to_have_text(str(present))
    expect(counter.locator(".figure-structures")).to_have_text(str(structures))


def test_mark_attendance_with_keyboard_and_mouse_then_add_a_walk_in(
    page: Page, live_server, seminar: Seminar, screenshot_dir: Path
) -> None:
    log_in(page, live_server.url, USERNAME)
    page.goto(seminar.url(live_server.url))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Feuille de présence")
    for name in STRUCTURES:
        expect(
            page.get_by_role("heading", level=3, name=re.compile(re.escape(name)))
        ).to_be_visible()
    _expect_present_count(page, 0, 0)
    assert page.evaluate("typeof window.htmx") == "object", "htmx did not load"
    page.evaluate("window.__sameDocument = true")

    first, second, third, fourth = seminar.people[:4]

    # Keyboard only: Tab from the top of the page until the first person's choices.
    visited = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        visited.append(_focused_id(page))
        if visited[-1].startswith(f"st-{first.pk}-"):
            break
    else:
        pytest.fail(f"Tab never reached the sheet; focus went through {visited}")
    # A radio group is one Tab stop, entered on its checked choice.
    expect(_radio(page, first, "invited")).to_be_focused()
    # The arrow keys move within the choices and select; "Présent·e" comes after "Invité·e".
    page.keyboard.press("ArrowDown")
    expect(_row(page, first)).to_have_class(re.compile(r"\bstatus-present\b"))
    _expect_present_count(page, 1, 1)
    # The row was replaced by the server's version; the focus stayed on the chosen control.
    expect(_radio(page, first, "present")).to_be_focused()
    expect(_radio(page, first, "present")).to_be_checked()

    # Tab goes to the next person, whose choices start on "Invité·e" too.
    page.keyboard.press("Tab")
    expect(_radio(page, second, "invited")).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(_row(page, second)).to_have_class(re.compile(r"\bstatus-present\b"))
    _expect_present_count(page, 2, 1)

    # Third person: one more arrow press goes past "Présent·e" to "Excusé·e".
    page.keyboard.press("Tab")
    expect(_radio(page, third, "invited")).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(_row(page, third)).to_have_class(re.compile(r"\bstatus-present\b"))
    page.keyboard.press("ArrowDown")
    expect(_row(page, third)).to_have_class(re.compile(r"\bstatus-excused\b"))
    expect(_radio(page, third, "excused")).to_be_checked()
    _expect_present_count(page, 2, 1)
    expect(page.locator("#attendance-counter")).to_contain_text("1 excusé·e")

    # The mouse: people of two other structures.
    other_structure = seminar.people[4]
    last = seminar.people[-1]
    _row(page, other_structure).get_by_text("Présent·e", exact=True).click()
    expect(_row(page, other_structure)).to_have_class(re.compile(r"\bstatus-present\b"))
    _row(page, last).get_by_label("Présent·e", exact=True).check()
    expect(_row(page, last)).to_have_class(re.compile(r"\bstatus-present\b"))
    _expect_present_count(page, 4, 3)
    _ = fourth  # left invited

    # A walk-in from a structure already on the list, typed at the keyboard: Tab between the
    # fields, arrow keys in the structure list, Space on the button.
    _field(page, "Prénom").focus()
    page.keyboard.type("Zélie")
    page.keyboard.press("Tab")
    expect(_field(page, "Nom")).to_be_focused()
    page.keyboard.type("Arrivée")
    page.keyboard.press("Tab")
    structure = _field(page, "Structure")
    expect(structure).to_be_focused()
    # A closed list changes with the arrow keys: past "— sans structure —" and the first one.
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(structure.locator("option:checked")).to_have_text("Café des Possibles")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Ajouter comme présent·e")).to_be_focused()
    page.keyboard.press("Space")
    expect(page.locator("#attendance-feedback")).to_have_text("Zélie Arrivée ajouté·e, présent·e.")
    _expect_present_count(page, 5, 3)
    walk_in = Person.objects.get(last_name="Arrivée")
    expect(_row(page, walk_in)).to_have_class(re.compile(r"\bstatus-present\b"))
    expect(_row(page, walk_in)).to_contain_text("Arrivée Zélie")
    # The form came back empty with the focus in it, ready for the next walk-in.
    expect(_field(page, "Prénom")).to_be_focused()
    expect(_field(page, "Prénom")).to_have_value("")
    # The sheet was swapped after the walk-in: its controls still work.
    _radio(page, fourth, "absent").click()
    expect(_row(page, fourth)).to_have_class(re.compile(r"\bstatus-absent\b"))

    assert page.evaluate("window.__sameDocument === true"), "the page reloaded"
    page.screenshot(path=screenshot_dir / "attendance-sheet.png", full_page=True)

    expected = {
        first.pk: AttendanceStatus.PRESENT,
        second.pk: AttendanceStatus.PRESENT,
        third.pk: AttendanceStatus.EXCUSED,
        fourth.pk: AttendanceStatus.ABSENT,
        other_structure.pk: AttendanceStatus.PRESENT,
        last.pk: AttendanceStatus.PRESENT,
        walk_in.pk: AttendanceStatus.PRESENT,
    }
    stored = dict(
        Attendance.objects.filter(meeting=seminar.meeting).values_list("person_id", "status")
    )
    assert {pk: stored[pk] for pk in expected} == expected
    assert sum(s == AttendanceStatus.INVITED for s in stored.values()) == 20 - 6

    page.reload()
    assert page.evaluate("window.__sameDocument === undefined")
    for pk, status in expected.items():
        expect(page.locator(f"#st-{pk}-{status}")).to_be_checked()
    _expect_present_count(page, 5, 3)

    # The meeting's page sums it up.
    page.get_by_role("link", name="Retour à la réunion").click()
    expect(page.get_by_role("heading", level=1, name="Séminaire de coopération")).to_be_visible()
    presence = page.locator("section[aria-labelledby=presences]")
    expect(presence).to_contain_text("3 structures représentées")
    expect(presence.locator(".card").first).to_contain_text("5")
    page.screenshot(path=screenshot_dir / "meeting-detail.png", full_page=True)


def test_the_sheet_works_without_javascript(
    page_without_js: Page, live_server, seminar: Seminar
) -> None:
    page = page_without_js
    log_in(page, live_server.url, USERNAME)
    page.goto(seminar.url(live_server.url))
    first, second = seminar.people[:2]
    _radio(page, first, "present").check()
    _radio(page, second, "excused").check()
    page.get_by_role("button", name="Enregistrer la feuille de présence").click()
    expect(page.get_by_text("Feuille de présence enregistrée : 2 changements.")).to_be_visible()
    expect(_radio(page, first, "present")).to_be_checked()
    expect(_radio(page, second, "excused")).to_be_checked()
    _expect_present_count(page, 1, 1)

    _field(page, "Prénom").fill("Jo")
    _field(page, "Nom").fill("Sansjs")
    page.get_by_role("button", name="Ajouter comme présent·e").click()
    expect(page.get_by_text("Jo Sansjs ajouté·e, présent·e.")).to_be_visible()
    expect(
        page.get_by_role("heading", level=3, name=re.compile("Personnes sans structure"))
    ).to_be_visible()
    _expect_present_count(page, 2, 1)
