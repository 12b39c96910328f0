"""Attendance recorded on the sheet shows on the mobilisation dashboard straight away."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pytest
from browser_helpers import PASSWORD, log_in
from playwright.sync_api import Page, expect

from ptce.meetings.models import Attendance, Meeting, MeetingKind
from ptce.poles.models import Pole
from ptce.registry.models import Membership, Organisation, Person

pytestmark = pytest.mark.browser

USERNAME = "coordination-tableau"


@dataclass(frozen=True)
class Seminar:
    pole: Pole
    meeting: Meeting
    people: list[Person]


@pytest.fixture
def seminar(transactional_db, make_pole, make_user) -> Seminar:
    pole = make_pole("pole-tableau", name="Pôle du Tableau")
    make_user(USERNAME, pole=pole, role="coordinator", password=PASSWORD)
    meeting = Meeting.objects.create(
        pole=pole,
        title="Séminaire de coopération",
        kind=MeetingKind.SEMINAR,
        date=dt.date.today() - dt.timedelta(days=1),
    )
    people = []
    for structure_name, first_names in [
        ("Régie de quartier", ["Alix", "Basile"]),
        ("Scop Bois", ["Céleste"]),
    ]:
        organisation = Organisation.objects.create(
            pole=pole, name=structure_name, legal_category="9220"
        )
        Membership.objects.create(pole=pole, organisation=organisation)
        for first_name in first_names:
            person = Person.objects.create(
                pole=pole, first_name=first_name, last_name="Martin", organisation=organisation
            )
            Attendance.objects.create(
                pole=pole, meeting=meeting, person=person, organisation=organisation
            )
            people.append(person)
    return Seminar(pole=pole, meeting=meeting, people=people)


def _seminar_row(page: Page, base: str, slug: str):
    page.goto(f"{base}/p/{slug}/tableaux-de-bord/mobilisation/")
    return page.locator("section[aria-labelledby='seminaires'] tbody tr").first


def test_marking_people_present_changes_the_dashboard(page: Page, live_server, seminar):
    log_in(page, live_server.url, USERNAME)
    row = _seminar_row(page, live_server.url, seminar.pole.slug)
    expect(row.locator("td.num").nth(0)).to_have_text("0")  # people present
    expect(row.locator("td.num").nth(1)).to_have_text("0")  # structures represented

    page.goto(f"{live_server.url}/p/{seminar.pole.slug}/reunions/{seminar.meeting.pk}/presences/")
    for person in (seminar.people[0], seminar.people[2]):
        page.locator(f"#st-{person.pk}-present").check()
        expect(page.locator(f"#attendance-{person.pk}")).to_have_class(
            re.compile(r"\bstatus-present\b")
        )
    expect(page.locator("#attendance-counter .figure-present")).to_have_text("2")

    row = _seminar_row(page, live_server.url, seminar.pole.slug)
    expect(row.locator("td.num").nth(0)).to_have_text("2")
    expect(row.locator("td.num").nth(1)).to_have_text("2")
