"""The attendance sheet: grouped by structure, htmx row updates, walk-ins, bounded queries."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ptce.core.models import AuditEntry
from ptce.meetings.models import Attendance, AttendanceStatus
from ptce.registry.models import Organisation, Person

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


def _invite_everyone(meeting):
    for person in Person.objects.filter(pole=meeting.pole):
        Attendance.objects.create(
            pole=meeting.pole, meeting=meeting, person=person, organisation=person.organisation
        )


def _queries_for_sheet(client, pole, meeting) -> int:
    url = reverse("meeting-attendance", args=[pole.slug, meeting.pk])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_sheet_costs_the_same_queries_for_10_or_70_people(
    coordinator_client, pole, make_meeting, make_structures
):
    small = make_meeting(title="Petit comité")
    make_structures(2, 5, prefix="Petite")
    _invite_everyone(small)
    assert Attendance.objects.filter(meeting=small).count() == 10

    big = make_meeting(title="Séminaire annuel")
    make_structures(12, 5, prefix="Grande")
    _invite_everyone(big)
    assert Attendance.objects.filter(meeting=big).count() == 70

    # Warm up (session, content types), then count.
    _queries_for_sheet(coordinator_client, pole, small)
    few = _queries_for_sheet(coordinator_client, pole, small)
    many = _queries_for_sheet(coordinator_client, pole, big)
    assert few == many, f"{few} queries for 10 people, {many} for 70"
    assert many <= 12, many


def test_the_sheet_groups_people_by_structure(coordinator_client, pole, make_meeting):
    meeting = make_meeting()
    cafe = Organisation.objects.create(pole=pole, name="Café associatif")
    atelier = Organisation.objects.create(pole=pole, name="Atelier vélo")
    for first, org in (("Zoé", cafe), ("Léa", atelier), ("Tom", None), ("Ana", cafe)):
        person = Person.objects.create(pole=pole, first_name=first, last_name="D", organisation=org)
        Attendance.objects.create(pole=pole, meeting=meeting, person=person, organisation=org)
    html = coordinator_client.get(
        reverse("meeting-attendance", args=[pole.slug, meeting.pk])
    ).content.decode()
    headings = re.findall(r"<h3 id=\"group-[^\"]+\">([^<]+)", html)
    assert [h.strip() for h in headings] == [
        "Atelier vélo",
        "Café associatif",
        "Personnes sans structure",
    ]
    assert html.count('type="radio"') == 4 * 5
    assert "Feuille de présence" in html


def test_htmx_status_change_returns_the_row_and_the_counter(coordinator_client, pole, make_meeting):
    meeting = make_meeting()
    org = Organisation.objects.create(pole=pole, name="Café associatif")
    people = [
        Person.objects.create(pole=pole, first_name=f"P{i}", last_name="D", organisation=org)
        for i in range(3)
    ]
    for person in people:
        Attendance.objects.create(pole=pole, meeting=meeting, person=person, organisation=org)
    target = people[1]
    url = reverse("attendance-set", args=[pole.slug, meeting.pk, target.pk])
    response = coordinator_client.post(url, {f"status-{target.pk}": "present"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(
        f'<li class="attendance-row status-present" id="attendance-{target.pk}"'
    )
    assert f'id="st-{target.pk}-present" name="status-{target.pk}" value="present" checked' in html
    assert 'id="attendance-counter" hx-swap-oob="innerHTML"' in html
    assert re.search(r'class="figure-present">1<', html)
    assert re.search(r'class="figure-structures">1<', html)
    assert Attendance.objects.get(person=target).status == AttendanceStatus.PRESENT
    assert AuditEntry.objects.filter(action="ptce.attendance.changed").count() == 1


def test_status_change_without_htmx_redirects_to_the_sheet(coordinator_client, pole, make_meeting):
    meeting = make_meeting()
    person = Person.objects.create(pole=pole, first_name="Lou", last_name="D")
    url = reverse("attendance-set", args=[pole.slug, meeting.pk, person.pk])
    response = coordinator_client.post(url, {"status": "excused"})
    assert response.status_code == 302
    assert response["Location"] == reverse("meeting-attendance", args=[pole.slug, meeting.pk])
    assert Attendance.objects.get(person=person).status == AttendanceStatus.EXCUSED


def test_an_unknown_status_is_refused(coordinator_client, pole, make_meeting):
    meeting = make_meeting()
    person = Person.objects.create(pole=pole, first_name="Lou", last_name="D")
    url = reverse("attendance-set", args=[pole.slug, meeting.pk, person.pk])
    response = coordinator_client.post(url, {"status": "peut-être"}, **HTMX)
    assert response.status_code == 400
    assert "Statut de présence inconnu" in response.content.decode()
    assert not Attendance.objects.exists()
    assert coordinator_client.get(url).status_code == 405


def test_the_whole_sheet_submits_without_javascript(coordinator_client, pole, make_meeting):
    meeting = make_meeting()
    people = [Person.objects.create(pole=pole, first_name=f"P{i}", last_name="D") for i in range(3)]
    for person in people:
        Attendance.objects.create(pole=pole, meeting=meeting, person=person)
    url = reverse("meeting-attendance", args=[pole.slug, meeting.pk])
    data = {f"status-{p.pk}": "invited" for p in people}
    data[f"status-{people[0].pk}"] = "present"
    data[f"status-{people[2].pk}"] = "absent"
    response = coordinator_client.post(url, data, follow=True)
    assert "2 changements" in response.content.decode()
    statuses = dict(Attendance.objects.values_list("person_id", "status"))
    assert statuses == {people[0].pk: "present", people[1].pk: "invited", people[2].pk: "absent"}


def test_walk_in_with_htmx_returns_the_refreshed_sheet(coordinator_client, pole, make_meeting):
    meeting = make_meeting(days=0)
    org = Organisation.objects.create(pole=pole, name="Ressourcerie")
    url = reverse("attendance-walk-in", args=[pole.slug, meeting.pk])
    response = coordinator_client.post(
        url,
        {"walkin-first_name": "Awa", "walkin-last_name": "Diallo", "walkin-organisation": org.pk},
        **HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="attendance-sheet">')
    assert "Diallo Awa" in html and "Ressourcerie" in html
    assert "Awa Diallo ajouté·e, présent·e." in html
    assert re.search(r'class="figure-present">1<', html)
    # A fresh form, focused for the next walk-in.
    assert re.search(r'<input[^>]*name="walkin-first_name"[^>]*autofocus', html)
    person = Person.objects.get(last_name="Diallo")
    assert person.organisation == org and not person.is_synthetic
    assert Attendance.objects.get(person=person).status == AttendanceStatus.PRESENT


def test_walk_in_errors_are_french_and_create_nothing(coordinator_client, pole, make_meeting):
    meeting = make_meeting()
    url = reverse("attendance-walk-in", args=[pole.slug, meeting.pk])
    response = coordinator_client.post(url, {"walkin-first_name": "Awa"}, **HTMX)
    assert "Ce champ est obligatoire." in response.content.decode()
    assert not Person.objects.exists()

    # Without JavaScript, the page comes back with the form and its errors.
    response = coordinator_client.post(url, {"walkin-first_name": "Awa"})
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in response.content.decode()
    assert "<h1>" in response.content.decode()


def test_walk_in_with_a_foreign_structure_is_refused(
    coordinator_client, pole, make_meeting, make_pole
):
    foreign = Organisation.objects.create(pole=make_pole("autre"), name="Ailleurs")
    url = reverse("attendance-walk-in", args=[pole.slug, make_meeting().pk])
    response = coordinator_client.post(
        url,
        {"walkin-first_name": "A", "walkin-last_name": "B", "walkin-organisation": foreign.pk},
        **HTMX,
    )
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not Person.objects.exists()


def test_invite_from_the_sheet(coordinator_client, pole, make_meeting, make_structures):
    make_structures(2, 3)
    meeting = make_meeting()
    url = reverse("meeting-invite", args=[pole.slug, meeting.pk])
    response = coordinator_client.post(url, {"invite-member_structures": "on"}, follow=True)
    assert "6 personnes invitées." in response.content.decode()
    response = coordinator_client.post(url, {"invite-member_structures": "on"}, follow=True)
    assert "Ces personnes étaient déjà sur la liste." in response.content.decode()
    response = coordinator_client.post(url, {}, follow=True)
    assert "Choisissez qui inviter." in response.content.decode()
    assert Attendance.objects.filter(meeting=meeting).count() == 6
