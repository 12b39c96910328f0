"""Meeting, decision, action and working-group pages, as coordinators and members use them."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from ptce.core.models import AuditEntry
from ptce.meetings.models import (
    Action,
    ActionStatus,
    Attendance,
    AttendanceStatus,
    Decision,
    DecisionMode,
    Meeting,
    MeetingKind,
    WorkingGroup,
)
from ptce.registry.models import Organisation, Person


def _meeting_form(**overrides):
    data = {
        "title": "Comité de pilotage de printemps",
        "kind": MeetingKind.STEERING_COMMITTEE,
        "date": "17/04/2025",
        "start_time": "14h30",
        "end_time": "16:45",
        "place": "Mairie",
        "working_group": "",
        "agenda": "1. Budget\n2. Recrutement",
        "minutes": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def member_client(client, member_user):
    client.force_login(member_user)
    return client


# --- Meetings --------------------------------------------------------------------------------


def test_create_a_meeting_with_french_date_and_times(coordinator_client, pole):
    response = coordinator_client.post(reverse("meeting-create", args=[pole.slug]), _meeting_form())
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("meeting-detail", args=[pole.slug, meeting.pk])
    assert meeting.date == dt.date(2025, 4, 17)
    assert (meeting.start_time, meeting.end_time) == (dt.time(14, 30), dt.time(16, 45))
    assert AuditEntry.objects.filter(action="ptce.meeting.created").count() == 1

    page = coordinator_client.get(reverse("meeting-edit", args=[pole.slug, meeting.pk]))
    html = page.content.decode()
    assert 'value="17/04/2025"' in html and 'value="14:30"' in html


def test_meeting_errors_are_in_french(coordinator_client, pole):
    url = reverse("meeting-create", args=[pole.slug])
    html = coordinator_client.post(url, _meeting_form(date="2025-13-45")).content.decode()
    assert "Saisissez une date valide." in html
    html = coordinator_client.post(
        url, _meeting_form(start_time="18h", end_time="17h")
    ).content.decode()
    assert "L&#x27;heure de fin précède l&#x27;heure de début." in html
    html = coordinator_client.post(url, _meeting_form(start_time="25h99")).content.decode()
    assert "Saisissez une heure valide." in html
    assert not Meeting.objects.exists()


def test_meeting_list_filters_and_counts_present_people(
    coordinator_client, pole, make_meeting, make_structures
):
    make_structures(1, 3)
    group = WorkingGroup.objects.create(pole=pole, theme="Mobilités")
    seminar = make_meeting(days=-30, title="Séminaire d'hiver")
    make_meeting(
        days=-10, title="GT mobilités", kind=MeetingKind.WORKING_GROUP, working_group=group
    )
    for i, person in enumerate(Person.objects.all()):
        Attendance.objects.create(
            pole=pole, meeting=seminar, person=person, status="present" if i < 2 else "excused"
        )
    url = reverse("meeting-list", args=[pole.slug])

    html = coordinator_client.get(url).content.decode()
    assert "2 réunions" in html and "Nouvelle réunion" in html
    assert '<td class="num">2</td>' in html  # present at the seminar

    html = coordinator_client.get(url, {"kind": "working_group"}).content.decode()
    assert "GT mobilités" in html and "Séminaire d&#x27;hiver" not in html
    html = coordinator_client.get(url, {"working_group": group.pk}).content.decode()
    assert "1 réunion" in html and "GT mobilités" in html
    past = (timezone.localdate() - dt.timedelta(days=20)).strftime("%d/%m/%Y")
    html = coordinator_client.get(url, {"date_to": past}).content.decode()
    assert "Séminaire d&#x27;hiver" in html and "GT mobilités" not in html
    partial = coordinator_client.get(url, {"date_from": past}, HTTP_HX_REQUEST="true")
    assert "<h1>" not in partial.content.decode() and "GT mobilités" in partial.content.decode()


def test_members_see_meetings_but_not_the_coordinator_buttons(member_client, pole, make_meeting):
    meeting = make_meeting()
    html = member_client.get(reverse("meeting-list", args=[pole.slug])).content.decode()
    assert meeting.title in html and "Nouvelle réunion" not in html
    html = member_client.get(
        reverse("meeting-detail", args=[pole.slug, meeting.pk])
    ).content.decode()
    assert "Feuille de présence" not in html
    assert reverse("meeting-ics", args=[pole.slug, meeting.pk]) in html


def test_navigation_shows_meetings_to_members_only(client, make_user, pole):
    client.force_login(make_user("membre-nav", pole=pole, role="member"))
    html = client.get(reverse("pole-home", args=[pole.slug])).content.decode()
    assert reverse("meeting-list", args=[pole.slug]) in html
    assert reverse("my-actions", args=[pole.slug]) in html
    client.force_login(make_user("financeur", pole=pole, role="funder"))
    html = client.get(reverse("pole-home", args=[pole.slug])).content.decode()
    assert reverse("meeting-list", args=[pole.slug]) not in html
    assert reverse("my-actions", args=[pole.slug]) not in html


def test_detail_shows_rsvp_for_the_members_own_invitation(
    member_client, pole, member_person, make_meeting
):
    meeting = make_meeting(days=3)
    Attendance.objects.create(pole=pole, meeting=meeting, person=member_person)
    detail = reverse("meeting-detail", args=[pole.slug, meeting.pk])
    html = member_client.get(detail).content.decode()
    assert "Votre statut : Invité·e." in html and "Je viendrai" in html

    response = member_client.post(
        reverse("meeting-rsvp", args=[pole.slug, meeting.pk]), {"status": "registered"}, follow=True
    )
    assert "vous êtes inscrit·e" in response.content.decode()
    assert Attendance.objects.get().status == AttendanceStatus.REGISTERED


def test_rsvp_to_a_past_meeting_is_refused_in_french(
    member_client, pole, member_person, make_meeting
):
    meeting = make_meeting(days=-2)
    Attendance.objects.create(pole=pole, meeting=meeting, person=member_person)
    html = member_client.get(reverse("meeting-detail", args=[pole.slug, meeting.pk])).content
    assert "Je viendrai" not in html.decode()
    response = member_client.post(
        reverse("meeting-rsvp", args=[pole.slug, meeting.pk]), {"status": "excused"}, follow=True
    )
    assert "Cette réunion a déjà eu lieu" in response.content.decode()
    assert Attendance.objects.get().status == AttendanceStatus.INVITED


def test_rsvp_without_invitation_is_refused(member_client, pole, make_meeting):
    meeting = make_meeting()
    response = member_client.post(
        reverse("meeting-rsvp", args=[pole.slug, meeting.pk]), {"status": "registered"}, follow=True
    )
    assert "Vous n&#x27;êtes pas invité·e à cette réunion." in response.content.decode()
    assert not Attendance.objects.exists()


def test_detail_hides_non_consenting_owners_from_members(
    member_client, pole, member_person, make_meeting
):
    meeting = make_meeting(days=-1)
    decision = Decision.objects.create(pole=pole, meeting=meeting, mode="vote", text="Adhérer")
    discreet = Person.objects.create(pole=pole, first_name="Dis", last_name="Crète")
    public = Person.objects.create(
        pole=pole, first_name="Pu", last_name="Blic", consent_directory=True
    )
    for owner, title in ((discreet, "A1"), (public, "A2"), (member_person, "A3")):
        Action.objects.create(pole=pole, decision=decision, title=title, owner_person=owner)
    html = member_client.get(
        reverse("meeting-detail", args=[pole.slug, meeting.pk])
    ).content.decode()
    assert "Crète" not in html and "une personne du pôle" in html
    assert "<td>Pu Blic</td>" in html
    assert "<td>vous</td>" in html  # the member's own action


# --- Decisions and actions -------------------------------------------------------------------


def test_coordinator_records_a_decision_and_its_action(coordinator_client, pole, make_meeting):
    meeting = make_meeting(days=-1)
    owner = Person.objects.create(pole=pole, first_name="Lou", last_name="Porteuse")
    response = coordinator_client.post(
        reverse("decision-create", args=[pole.slug, meeting.pk]),
        {"mode": DecisionMode.CONSENSUS, "text": "Lancer une étude de faisabilité"},
    )
    decision = Decision.objects.get()
    assert response["Location"].endswith(f"#decision-{decision.pk}")

    response = coordinator_client.post(
        reverse("action-create", args=[pole.slug, decision.pk]),
        {
            "title": "Rédiger le cahier des charges",
            "owner_person": owner.pk,
            "owner_organisation": "",
            "due_date": "30/06/2025",
            "status": "done",
            "completed_on": "",
        },
    )
    action = Action.objects.get()
    assert response.status_code == 302
    assert action.due_date == dt.date(2025, 6, 30)
    assert action.completed_on == timezone.localdate()

    # Reopening from the edit form clears the completion day instead of refusing the form.
    response = coordinator_client.post(
        reverse("action-edit", args=[pole.slug, action.pk]),
        {
            "title": action.title,
            "owner_person": owner.pk,
            "owner_organisation": "",
            "due_date": "30/06/2025",
            "status": "in_progress",
            "completed_on": timezone.localdate().strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.IN_PROGRESS and action.completed_on is None

    html = coordinator_client.get(response["Location"]).content.decode()
    assert "Lancer une étude de faisabilité" in html and "Rédiger le cahier des charges" in html


def test_decision_text_is_required_in_french(coordinator_client, pole, make_meeting):
    meeting = make_meeting()
    html = coordinator_client.post(
        reverse("decision-create", args=[pole.slug, meeting.pk]), {"mode": "vote", "text": ""}
    ).content.decode()
    assert "Ce champ est obligatoire." in html
    assert not Decision.objects.exists()


@pytest.fixture
def actions(pole, member_person, make_meeting):
    decision = Decision.objects.create(
        pole=pole, meeting=make_meeting(days=-7), mode="vote", text="Créer une épicerie"
    )
    other = Person.objects.create(pole=pole, first_name="Autre", last_name="Porteuse")
    return {
        "mine": Action.objects.create(
            pole=pole, decision=decision, title="Trouver un local", owner_person=member_person
        ),
        "theirs": Action.objects.create(
            pole=pole, decision=decision, title="Écrire les statuts", owner_person=other
        ),
    }


def test_member_sees_only_their_own_actions(member_client, pole, actions):
    html = member_client.get(reverse("my-actions", args=[pole.slug])).content.decode()
    assert "Trouver un local" in html
    assert "Écrire les statuts" not in html


def test_member_updates_their_action_but_not_someone_elses(member_client, pole, actions):
    url = reverse("action-update-own", args=[pole.slug, actions["mine"].pk])
    response = member_client.post(url, {"status": "done", "completed_on": ""}, follow=True)
    assert "« Trouver un local » : Faite." in response.content.decode()
    actions["mine"].refresh_from_db()
    assert actions["mine"].completed_on == timezone.localdate()

    url = reverse("action-update-own", args=[pole.slug, actions["theirs"].pk])
    assert member_client.post(url, {"status": "done"}).status_code == 404
    actions["theirs"].refresh_from_db()
    assert actions["theirs"].status == ActionStatus.OPEN


def test_bad_status_or_date_is_refused_in_french(member_client, pole, actions):
    url = reverse("action-update-own", args=[pole.slug, actions["mine"].pk])
    response = member_client.post(url, {"status": "fini"}, follow=True)
    assert "Choisissez un statut valide" in response.content.decode()
    response = member_client.post(
        url, {"status": "done", "completed_on": "31/02/2025"}, follow=True
    )
    assert "Choisissez un statut valide" in response.content.decode()
    actions["mine"].refresh_from_db()
    assert actions["mine"].status == ActionStatus.OPEN


def test_coordinator_may_update_any_action(coordinator_client, pole, actions):
    url = reverse("action-update-own", args=[pole.slug, actions["theirs"].pk])
    response = coordinator_client.post(url, {"status": "dropped"})
    assert response.status_code == 302
    actions["theirs"].refresh_from_db()
    assert actions["theirs"].status == ActionStatus.DROPPED


def test_update_redirects_only_to_local_pages(member_client, pole, actions):
    url = reverse("action-update-own", args=[pole.slug, actions["mine"].pk])
    response = member_client.post(url, {"status": "in_progress", "next": "https://evil.example/"})
    assert response["Location"] == reverse("my-actions", args=[pole.slug])


# --- Working groups --------------------------------------------------------------------------


def test_working_group_create_with_members(coordinator_client, pole):
    people = [Person.objects.create(pole=pole, first_name=f"P{i}", last_name="M") for i in range(3)]
    response = coordinator_client.post(
        reverse("working-group-create", args=[pole.slug]),
        {
            "theme": "Alimentation durable",
            "description": "",
            "lead": people[0].pk,
            "members": [people[0].pk, people[2].pk],
            "is_active": "on",
        },
    )
    group = WorkingGroup.objects.get()
    assert response["Location"] == reverse("working-group-detail", args=[pole.slug, group.pk])
    assert set(group.members.all()) == {people[0], people[2]}
    html = coordinator_client.get(reverse("working-group-list", args=[pole.slug])).content.decode()
    assert "Alimentation durable" in html


def test_working_group_detail_hides_non_consenting_members_from_members(
    member_client, pole, member_person
):
    group = WorkingGroup.objects.create(pole=pole, theme="Mobilités")
    hidden = Person.objects.create(pole=pole, first_name="Dis", last_name="Crète")
    shown = Person.objects.create(
        pole=pole, first_name="Pu", last_name="Blic", consent_directory=True
    )
    group.members.add(hidden, shown)
    html = member_client.get(
        reverse("working-group-detail", args=[pole.slug, group.pk])
    ).content.decode()
    assert "Pu Blic" in html and "Crète" not in html
    assert "et 1 autre personne" in html


# --- Markup ----------------------------------------------------------------------------------


class _Audit(HTMLParser):
    """One h1, and a label for every form control (see tests/accessibility/test_markup.py)."""

    def __init__(self) -> None:
        super().__init__()
        self.h1 = 0
        self.label_for: set[str] = set()
        self.controls: list[dict] = []
        self.open_labels = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "h1":
            self.h1 += 1
        elif tag == "label":
            self.open_labels += 1
            if a.get("for"):
                self.label_for.add(a["for"])
        elif tag in ("input", "select", "textarea") and a.get("type") not in ("hidden", "submit"):
            self.controls.append({**a, "_wrapped": self.open_labels > 0})

    def handle_endtag(self, tag):
        if tag == "label":
            self.open_labels -= 1


def test_meeting_pages_have_one_h1_and_labelled_controls(
    coordinator_client, pole, make_meeting, make_structures, coordinator
):
    make_structures(2, 2)
    meeting = make_meeting()
    for person in Person.objects.all():
        Attendance.objects.create(pole=pole, meeting=meeting, person=person)
    decision = Decision.objects.create(pole=pole, meeting=meeting, mode="vote", text="Oui")
    person = Person.objects.first()
    person.user = coordinator
    person.save()
    action = Action.objects.create(pole=pole, decision=decision, title="Faire", owner_person=person)
    group = WorkingGroup.objects.create(pole=pole, theme="GT")
    Organisation.objects.create(pole=pole, name="Sans adhésion")
    s = pole.slug
    urls = [
        reverse("meeting-list", args=[s]),
        reverse("meeting-create", args=[s]),
        reverse("meeting-detail", args=[s, meeting.pk]),
        reverse("meeting-edit", args=[s, meeting.pk]),
        reverse("meeting-attendance", args=[s, meeting.pk]),
        reverse("decision-create", args=[s, meeting.pk]),
        reverse("decision-edit", args=[s, decision.pk]),
        reverse("action-create", args=[s, decision.pk]),
        reverse("action-edit", args=[s, action.pk]),
        reverse("my-actions", args=[s]),
        reverse("working-group-list", args=[s]),
        reverse("working-group-create", args=[s]),
        reverse("working-group-detail", args=[s, group.pk]),
        reverse("working-group-edit", args=[s, group.pk]),
        reverse("calendar-feeds", args=[s]),
    ]
    for url in urls:
        response = coordinator_client.get(url)
        assert response.status_code == 200, url
        page = _Audit()
        page.feed(response.content.decode())
        assert page.h1 == 1, url
        for control in page.controls:
            labelled = (
                control["_wrapped"]
                or control.get("id") in page.label_for
                or control.get("aria-label")
            )
            assert labelled, f"{url}: unlabelled control {control}"
