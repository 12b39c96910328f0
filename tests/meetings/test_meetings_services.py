"""The meetings services: invitations, attendance, walk-ins, answers, decisions and actions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ptce.core.exceptions import PtceError
from ptce.core.models import AuditEntry
from ptce.meetings import services
from ptce.meetings.models import (
    Action,
    ActionStatus,
    Attendance,
    AttendanceStatus,
    CalendarFeed,
    Decision,
    DecisionMode,
    Meeting,
    MeetingKind,
    WorkingGroup,
)
from ptce.registry.models import Membership, Organisation, Person


def test_meeting_save_validates_and_logs(pole, coordinator):
    meeting = Meeting(
        title="Plénière de rentrée", kind=MeetingKind.PLENARY, date=dt.date(2025, 9, 18)
    )
    services.meeting_save(actor=coordinator, pole=pole, meeting=meeting)
    assert meeting.pk and meeting.pole == pole
    assert AuditEntry.objects.filter(action="ptce.meeting.created", pole=pole).count() == 1

    meeting.start_time, meeting.end_time = dt.time(18, 0), dt.time(17, 0)
    with pytest.raises(ValidationError, match="L'heure de fin précède l'heure de début"):
        services.meeting_save(actor=coordinator, pole=pole, meeting=meeting)


def test_a_meeting_cannot_use_another_poles_working_group(pole, coordinator, make_pole):
    other = make_pole("autre")
    group = WorkingGroup.objects.create(pole=other, theme="Alimentation")
    meeting = Meeting(
        title="GT", kind=MeetingKind.WORKING_GROUP, date=dt.date(2025, 3, 1), working_group=group
    )
    with pytest.raises(ValidationError):
        services.meeting_save(actor=coordinator, pole=pole, meeting=meeting)
    assert not Meeting.objects.exists()


def test_invite_member_structures_is_idempotent_and_keeps_answers(
    pole, coordinator, make_meeting, make_structures
):
    structures = make_structures(3, 4)
    # A structure that left the pole before the meeting, and one that never joined.
    former = Organisation.objects.create(pole=pole, name="Ancienne")
    Membership.objects.create(
        pole=pole, organisation=former, start_date=dt.date(2019, 1, 1), end_date=dt.date(2020, 1, 1)
    )
    Person.objects.create(pole=pole, first_name="Ex", last_name="Membre", organisation=former)
    outsider = Organisation.objects.create(pole=pole, name="Partenaire non adhérent")
    Person.objects.create(pole=pole, first_name="Non", last_name="Adhérent", organisation=outsider)
    meeting = make_meeting()

    assert (
        services.meeting_invite(
            actor=coordinator, pole=pole, meeting=meeting, member_structures=True
        )
        == 12
    )
    invited = Attendance.objects.filter(meeting=meeting)
    assert {a.organisation_id for a in invited} == {s.pk for s in structures}
    assert all(a.status == AttendanceStatus.INVITED for a in invited)

    first = invited.first()
    first.status = AttendanceStatus.EXCUSED
    first.save()
    assert (
        services.meeting_invite(
            actor=coordinator, pole=pole, meeting=meeting, member_structures=True
        )
        == 0
    )
    assert Attendance.objects.filter(meeting=meeting).count() == 12
    first.refresh_from_db()
    assert first.status == AttendanceStatus.EXCUSED
    assert AuditEntry.objects.filter(action="ptce.meeting.invited").count() == 2


def test_invite_a_working_group_and_single_persons(pole, coordinator, make_meeting):
    people = [Person.objects.create(pole=pole, first_name=f"P{i}", last_name="X") for i in range(4)]
    group = WorkingGroup.objects.create(pole=pole, theme="Mobilités")
    group.members.add(*people[:3])
    meeting = make_meeting()
    count = services.meeting_invite(
        actor=coordinator, pole=pole, meeting=meeting, working_group=group, persons=[people[2]]
    )
    assert count == 3
    count = services.meeting_invite(
        actor=coordinator, pole=pole, meeting=meeting, persons=[people[3], people[0]]
    )
    assert count == 1
    assert Attendance.objects.filter(meeting=meeting).count() == 4


def test_invite_refuses_a_person_of_another_pole(pole, coordinator, make_meeting, make_pole):
    stranger = Person.objects.create(pole=make_pole("autre"), first_name="A", last_name="B")
    with pytest.raises(ValidationError):
        services.meeting_invite(
            actor=coordinator, pole=pole, meeting=make_meeting(), persons=[stranger]
        )
    assert not Attendance.objects.exists()


def test_attendance_set_defaults_to_the_persons_structure(pole, coordinator, make_meeting):
    home = Organisation.objects.create(pole=pole, name="Régie de quartier")
    other = Organisation.objects.create(pole=pole, name="Collectif")
    person = Person.objects.create(pole=pole, first_name="Lou", last_name="M", organisation=home)
    meeting = make_meeting()

    attendance = services.attendance_set(
        actor=coordinator, pole=pole, meeting=meeting, person=person, status="present"
    )
    assert attendance.organisation == home and attendance.status == "present"

    services.attendance_set(
        actor=coordinator,
        pole=pole,
        meeting=meeting,
        person=person,
        status="present",
        organisation=other,
    )
    attendance = services.attendance_set(
        actor=coordinator, pole=pole, meeting=meeting, person=person, status="excused"
    )
    # An update without a structure keeps the one recorded for that day.
    assert attendance.organisation == other and attendance.status == "excused"
    assert Attendance.objects.count() == 1

    with pytest.raises(ValidationError):
        services.attendance_set(
            actor=coordinator, pole=pole, meeting=meeting, person=person, status="maybe"
        )


def test_walk_in_creates_the_person_and_marks_them_present(pole, coordinator, make_meeting):
    structure = Organisation.objects.create(pole=pole, name="Ressourcerie")
    meeting = make_meeting(days=0)
    attendance = services.walk_in_add(
        actor=coordinator,
        pole=pole,
        meeting=meeting,
        first_name=" Awa ",
        last_name="Diallo",
        organisation=structure,
    )
    person = attendance.person
    assert (person.first_name, person.last_name, person.organisation) == (
        "Awa",
        "Diallo",
        structure,
    )
    assert person.pole == pole and person.is_synthetic is False
    assert attendance.status == AttendanceStatus.PRESENT and attendance.organisation == structure

    alone = services.walk_in_add(
        actor=coordinator, pole=pole, meeting=meeting, first_name="Jo", last_name="Sans"
    )
    assert alone.person.organisation is None and alone.organisation is None


def test_walk_in_is_atomic(pole, coordinator, make_meeting, monkeypatch):
    meeting = make_meeting()

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "attendance_set", broken)
    with pytest.raises(RuntimeError):
        services.walk_in_add(
            actor=coordinator, pole=pole, meeting=meeting, first_name="Awa", last_name="Diallo"
        )
    assert not Person.objects.filter(last_name="Diallo").exists()


def test_walk_in_refuses_another_poles_structure(pole, coordinator, make_meeting, make_pole):
    foreign = Organisation.objects.create(pole=make_pole("autre"), name="Ailleurs")
    with pytest.raises(ValidationError):
        services.walk_in_add(
            actor=coordinator,
            pole=pole,
            meeting=make_meeting(),
            first_name="Awa",
            last_name="Diallo",
            organisation=foreign,
        )
    assert not Person.objects.filter(last_name="Diallo").exists()


def test_walk_in_requires_a_name(pole, coordinator, make_meeting):
    with pytest.raises(ValidationError):
        services.walk_in_add(
            actor=coordinator, pole=pole, meeting=make_meeting(), first_name="", last_name="X"
        )
    assert not Attendance.objects.exists()


def test_attendance_sheet_changes_only_listed_people(pole, coordinator, make_meeting):
    meeting = make_meeting()
    listed = Person.objects.create(pole=pole, first_name="A", last_name="Listed")
    unlisted = Person.objects.create(pole=pole, first_name="B", last_name="Unlisted")
    Attendance.objects.create(pole=pole, meeting=meeting, person=listed)
    changed = services.attendances_set(
        actor=coordinator,
        pole=pole,
        meeting=meeting,
        statuses={listed.pk: "present", unlisted.pk: "present"},
    )
    assert changed == 1
    assert Attendance.objects.get(person=listed).status == "present"
    assert not Attendance.objects.filter(person=unlisted).exists()


# --- Answers to invitations ------------------------------------------------------------------


def test_rsvp_on_own_invitation_to_a_future_meeting(pole, member_user, member_person, make_meeting):
    meeting = make_meeting(days=5)
    Attendance.objects.create(pole=pole, meeting=meeting, person=member_person)
    attendance = services.rsvp(actor=member_user, pole=pole, meeting=meeting, status="registered")
    assert attendance.status == AttendanceStatus.REGISTERED
    attendance = services.rsvp(actor=member_user, pole=pole, meeting=meeting, status="excused")
    assert attendance.status == AttendanceStatus.EXCUSED
    # The day of the meeting still counts as to come.
    today = make_meeting(days=0)
    Attendance.objects.create(pole=pole, meeting=today, person=member_person)
    services.rsvp(actor=member_user, pole=pole, meeting=today, status="registered")


def test_rsvp_refuses_past_meetings(pole, member_user, member_person, make_meeting):
    meeting = make_meeting(days=-1)
    Attendance.objects.create(pole=pole, meeting=meeting, person=member_person)
    with pytest.raises(PtceError, match="déjà eu lieu"):
        services.rsvp(actor=member_user, pole=pole, meeting=meeting, status="registered")
    assert Attendance.objects.get().status == AttendanceStatus.INVITED


def test_rsvp_needs_an_invitation_of_ones_own(pole, member_user, make_meeting):
    meeting = make_meeting()
    someone = Person.objects.create(pole=pole, first_name="Autre", last_name="Personne")
    Attendance.objects.create(pole=pole, meeting=meeting, person=someone)
    with pytest.raises(PtceError, match="pas invité·e"):
        services.rsvp(actor=member_user, pole=pole, meeting=meeting, status="registered")
    assert Attendance.objects.get(person=someone).status == AttendanceStatus.INVITED


def test_rsvp_needs_a_linked_person_and_a_valid_answer(
    pole, make_user, member_user, member_person, make_meeting
):
    meeting = make_meeting()
    Attendance.objects.create(pole=pole, meeting=meeting, person=member_person)
    unlinked = make_user("sans-fiche", pole=pole, role="member")
    with pytest.raises(PtceError, match="aucune personne du pôle"):
        services.rsvp(actor=unlinked, pole=pole, meeting=meeting, status="registered")
    with pytest.raises(PtceError):
        services.rsvp(actor=member_user, pole=pole, meeting=meeting, status="present")


def test_rsvp_cannot_change_a_recorded_presence(pole, member_user, member_person, make_meeting):
    meeting = make_meeting(days=0)
    Attendance.objects.create(pole=pole, meeting=meeting, person=member_person, status="present")
    with pytest.raises(PtceError, match="déjà été relevée"):
        services.rsvp(actor=member_user, pole=pole, meeting=meeting, status="excused")


# --- Decisions and actions -------------------------------------------------------------------


@pytest.fixture
def decision(pole, make_meeting):
    return Decision.objects.create(
        pole=pole,
        meeting=make_meeting(days=-3),
        mode=DecisionMode.VOTE,
        text="Ouvrir un tiers-lieu",
    )


def test_action_update_own_changes_only_the_members_actions(
    pole, member_user, member_person, decision
):
    mine = Action.objects.create(
        pole=pole, decision=decision, title="Visiter le local", owner_person=member_person
    )
    someone = Person.objects.create(pole=pole, first_name="Autre", last_name="Porteuse")
    theirs = Action.objects.create(
        pole=pole, decision=decision, title="Écrire au maire", owner_person=someone
    )
    nobodys = Action.objects.create(pole=pole, decision=decision, title="Sans porteur")

    services.action_update_own(actor=member_user, pole=pole, action=mine, status="in_progress")
    assert Action.objects.get(pk=mine.pk).status == ActionStatus.IN_PROGRESS
    for action in (theirs, nobodys):
        with pytest.raises(PermissionDenied):
            services.action_update_own(actor=member_user, pole=pole, action=action, status="done")
        action.refresh_from_db()
        assert action.status == ActionStatus.OPEN and action.completed_on is None


def test_completing_sets_the_day_and_reopening_clears_it(
    pole, member_user, member_person, decision
):
    action = Action.objects.create(
        pole=pole, decision=decision, title="Visiter le local", owner_person=member_person
    )
    services.action_update_own(actor=member_user, pole=pole, action=action, status="done")
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE and action.completed_on == timezone.localdate()

    services.action_update_own(actor=member_user, pole=pole, action=action, status="open")
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN and action.completed_on is None

    services.action_update_own(
        actor=member_user, pole=pole, action=action, status="done", completed_on=dt.date(2025, 5, 2)
    )
    action.refresh_from_db()
    assert action.completed_on == dt.date(2025, 5, 2)
    # Done again without a date: the recorded day stays.
    services.action_update_own(actor=member_user, pole=pole, action=action, status="done")
    action.refresh_from_db()
    assert action.completed_on == dt.date(2025, 5, 2)
    assert AuditEntry.objects.filter(action="ptce.action.changed").count() == 4


def test_action_save_fills_and_clears_the_completion_day(pole, coordinator, decision):
    action = Action(decision=decision, title="Déposer le dossier", status=ActionStatus.DONE)
    services.action_save(actor=coordinator, pole=pole, action=action)
    assert action.completed_on == timezone.localdate()
    action.status = ActionStatus.DROPPED
    services.action_save(actor=coordinator, pole=pole, action=action)
    action.refresh_from_db()
    assert action.completed_on is None
    assert AuditEntry.objects.filter(action="ptce.action.created").count() == 1


def test_decision_save_logs(pole, coordinator, make_meeting):
    decision = Decision(meeting=make_meeting(), mode=DecisionMode.CONSENSUS, text="Adhérer")
    services.decision_save(actor=coordinator, pole=pole, decision=decision)
    assert AuditEntry.objects.filter(action="ptce.decision.created").exists()


def test_working_group_members_must_belong_to_the_pole(pole, coordinator, make_pole):
    mine = Person.objects.create(pole=pole, first_name="A", last_name="Ici")
    stranger = Person.objects.create(pole=make_pole("autre"), first_name="B", last_name="Là")
    group = WorkingGroup(theme="Économie circulaire")
    with pytest.raises(ValidationError):
        services.working_group_save(
            actor=coordinator, pole=pole, working_group=group, members=[mine, stranger]
        )
    assert not WorkingGroup.objects.exists()
    services.working_group_save(actor=coordinator, pole=pole, working_group=group, members=[mine])
    assert list(group.members.all()) == [mine]


def test_regenerating_a_feed_replaces_its_token(pole, coordinator, member_person):
    first = services.calendar_feed_regenerate(actor=coordinator, pole=pole)
    second = services.calendar_feed_regenerate(actor=coordinator, pole=pole)
    assert first.token != second.token
    personal = services.calendar_feed_regenerate(actor=coordinator, pole=pole, person=member_person)
    assert set(CalendarFeed.objects.values_list("token", flat=True)) == {
        second.token,
        personal.token,
    }
