"""Writes to the pole's cooperative life: validate, save in a transaction, log.

Callers run inside the pole's scope (see `ptce.poles.access`); every function also takes the
pole explicitly and refuses rows of another pole, so a wrong id can never cross poles.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ptce.core.audit import audit_log
from ptce.core.exceptions import PtceError
from ptce.core.services import pole_row_save
from ptce.meetings.models import (
    Action,
    ActionStatus,
    Attendance,
    AttendanceStatus,
    CalendarFeed,
    Decision,
    Meeting,
    WorkingGroup,
)
from ptce.poles.models import Pole
from ptce.registry.models import Organisation, Person
from ptce.registry.selectors import member_organisations

# Statuses a member may give their own invitation; presence itself is recorded by the pole.
RSVP_STATUSES = (AttendanceStatus.REGISTERED, AttendanceStatus.EXCUSED)

_UNSET: Any = object()


def _check_pole(obj: Any, pole: Pole, field: str) -> None:
    if obj is not None and obj.pole_id != pole.pk:
        raise ValidationError({field: _("Cet élément n'appartient pas au pôle.")})


# --- Working groups and meetings ---------------------------------------------------------------


def working_group_save(
    *,
    actor: Any,
    pole: Pole,
    working_group: WorkingGroup,
    members: Iterable[Person] | None = None,
) -> WorkingGroup:
    """Create or update a working group; `members`, when given, replaces the member list."""
    _check_pole(working_group.lead, pole, "lead")
    member_list = list(members) if members is not None else None
    for person in member_list or ():
        _check_pole(person, pole, "members")
    with transaction.atomic():
        pole_row_save(working_group, actor=actor, pole=pole, data={"theme": working_group.theme})
        if member_list is not None:
            working_group.members.set(member_list)
    return working_group


def meeting_save(*, actor: Any, pole: Pole, meeting: Meeting) -> Meeting:
    _check_pole(meeting.working_group, pole, "working_group")
    data = {"title": meeting.title, "kind": meeting.kind, "date": meeting.date.isoformat()}
    return pole_row_save(meeting, actor=actor, pole=pole, data=data)


# --- Invitations and attendance ------------------------------------------------------------------


def meeting_invite(
    *,
    actor: Any,
    pole: Pole,
    meeting: Meeting,
    working_group: WorkingGroup | None = None,
    member_structures: bool = False,
    persons: Iterable[Person] = (),
) -> int:
    """Invite people to a meeting; returns how many were newly invited.

    Idempotent: someone already on the list keeps their row and status (an "excused" answer is
    not overwritten by a second round of invitations).
    """
    _check_pole(meeting, pole, "meeting")
    _check_pole(working_group, pole, "working_group")
    invitees: dict[int, Person] = {}
    if working_group is not None:
        invitees.update((p.pk, p) for p in working_group.members.all())
    if member_structures:
        # Structures that are members on the meeting's day, not today's, for past meetings.
        structures = member_organisations(on=meeting.date)
        people = Person.objects.filter(pole=pole, organisation__in=structures)
        invitees.update((p.pk, p) for p in people)
    for person in persons:
        _check_pole(person, pole, "persons")
        invitees[person.pk] = person
    already = set(
        Attendance.objects.filter(meeting=meeting, person_id__in=invitees).values_list(
            "person_id", flat=True
        )
    )
    new = [
        Attendance(
            pole=pole,
            meeting=meeting,
            person=person,
            organisation_id=person.organisation_id,
            status=AttendanceStatus.INVITED,
            is_synthetic=meeting.is_synthetic,
        )
        for pk, person in invitees.items()
        if pk not in already
    ]
    with transaction.atomic():
        Attendance.objects.bulk_create(new, ignore_conflicts=True)
        audit_log(
            action="ptce.meeting.invited",
            actor=actor,
            pole=pole,
            obj=meeting,
            data={
                "invited": len(new),
                "working_group": working_group.pk if working_group else None,
                "member_structures": member_structures,
            },
        )
    return len(new)


def attendance_set(
    *,
    actor: Any,
    pole: Pole,
    meeting: Meeting,
    person: Person,
    status: str,
    organisation: Organisation | None = _UNSET,
) -> Attendance:
    """Record one person's status at a meeting, creating their row if needed.

    The represented structure defaults to the person's own; an existing row keeps the one it
    had unless `organisation` is given.
    """
    _check_pole(meeting, pole, "meeting")
    _check_pole(person, pole, "person")
    if status not in AttendanceStatus.values:
        raise ValidationError({"status": _("Statut de présence inconnu.")})
    with transaction.atomic():
        attendance = (
            Attendance.objects.select_for_update().filter(meeting=meeting, person=person).first()
        )
        if attendance is None:
            attendance = Attendance(
                pole=pole,
                meeting=meeting,
                person=person,
                organisation_id=person.organisation_id,
                is_synthetic=meeting.is_synthetic,
            )
        if organisation is not _UNSET:
            _check_pole(organisation, pole, "organisation")
            attendance.organisation = organisation
        previous = attendance.status if attendance.pk else None
        attendance.status = status
        pole_row_save(
            attendance,
            actor=actor,
            pole=pole,
            data={"meeting": meeting.pk, "person": person.pk, "from": previous, "to": status},
        )
    return attendance


def attendances_set(
    *, actor: Any, pole: Pole, meeting: Meeting, statuses: Mapping[int, str]
) -> int:
    """Apply a whole attendance sheet ({person id: status}) at once; returns how many changed.

    Only people already on the meeting's list are touched: the sheet is the form that lists
    them, so an id outside it is ignored rather than invited behind the coordinator's back.
    """
    _check_pole(meeting, pole, "meeting")
    unknown = set(statuses.values()) - set(AttendanceStatus.values)
    if unknown:
        raise ValidationError({"status": _("Statut de présence inconnu.")})
    changed = [
        attendance
        for attendance in Attendance.objects.filter(meeting=meeting, person_id__in=statuses)
        if attendance.status != statuses[attendance.person_id]
    ]
    for attendance in changed:
        attendance.status = statuses[attendance.person_id]
    with transaction.atomic():
        Attendance.objects.bulk_update(changed, ["status"])
        audit_log(
            action="ptce.meeting.attendance_sheet",
            actor=actor,
            pole=pole,
            obj=meeting,
            data={"changed": {a.person_id: a.status for a in changed}},
        )
    return len(changed)


def walk_in_add(
    *,
    actor: Any,
    pole: Pole,
    meeting: Meeting,
    first_name: str,
    last_name: str,
    organisation: Organisation | None = None,
) -> Attendance:
    """Someone not in the registry came: create the person and mark them present, together.

    Either both rows exist afterwards or neither does, so a failed quick add leaves no
    half-created person behind.
    """
    _check_pole(meeting, pole, "meeting")
    _check_pole(organisation, pole, "organisation")
    person = Person(
        pole=pole,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        organisation=organisation,
        is_synthetic=False,
    )
    with transaction.atomic():
        pole_row_save(
            person, actor=actor, pole=pole, data={"name": str(person), "walk_in": meeting.pk}
        )
        return attendance_set(
            actor=actor,
            pole=pole,
            meeting=meeting,
            person=person,
            status=AttendanceStatus.PRESENT,
            organisation=organisation,
        )


def own_person(*, user: Any, pole: Pole) -> Person | None:
    """The registry entry of a platform account in this pole, if the pole linked one."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Person.objects.filter(pole=pole, user=user).select_related("organisation").first()


def rsvp(*, actor: Any, pole: Pole, meeting: Meeting, status: str) -> Attendance:
    """A member answers their own invitation to a meeting still to come."""
    _check_pole(meeting, pole, "meeting")
    if status not in RSVP_STATUSES:
        raise PtceError(_("Réponse inconnue : choisissez « inscrit·e » ou « excusé·e »."))
    if meeting.date < timezone.localdate():
        raise PtceError(_("Cette réunion a déjà eu lieu : la réponse n'est plus possible."))
    person = own_person(user=actor, pole=pole)
    if person is None:
        raise PtceError(
            _("Votre compte n'est relié à aucune personne du pôle : demandez-le à la coordination.")
        )
    attendance = Attendance.objects.filter(meeting=meeting, person=person).first()
    if attendance is None:
        raise PtceError(_("Vous n'êtes pas invité·e à cette réunion."))
    if attendance.status in (AttendanceStatus.PRESENT, AttendanceStatus.ABSENT):
        raise PtceError(_("Votre présence a déjà été relevée pour cette réunion."))
    attendance.status = status
    return pole_row_save(
        attendance, actor=actor, pole=pole, data={"meeting": meeting.pk, "rsvp": status}
    )


# --- Decisions and actions -------------------------------------------------------------------


def decision_save(*, actor: Any, pole: Pole, decision: Decision) -> Decision:
    _check_pole(decision.meeting, pole, "meeting")
    data = {"meeting": decision.meeting_id, "mode": decision.mode}
    return pole_row_save(decision, actor=actor, pole=pole, data=data)


def _apply_completion(action: Action, completed_on: dt.date | None) -> None:
    """Done means done on a day (today unless said); any other status has no completion day."""
    if action.status == ActionStatus.DONE:
        action.completed_on = completed_on or action.completed_on or timezone.localdate()
    else:
        action.completed_on = None


def action_save(*, actor: Any, pole: Pole, action: Action) -> Action:
    _check_pole(action.decision, pole, "decision")
    _check_pole(action.owner_person, pole, "owner_person")
    _check_pole(action.owner_organisation, pole, "owner_organisation")
    _apply_completion(action, action.completed_on)
    data = {"title": action.title, "status": action.status}
    return pole_row_save(action, actor=actor, pole=pole, data=data)


def action_set_status(
    *,
    actor: Any,
    pole: Pole,
    action: Action,
    status: str,
    completed_on: dt.date | None = None,
) -> Action:
    """Move an action to another status (coordination, or its owner through the next function)."""
    _check_pole(action, pole, "action")
    if status not in ActionStatus.values:
        raise ValidationError({"status": _("Statut d'action inconnu.")})
    previous = action.status
    action.status = status
    # A new completion day only when asked; reopening and re-closing gets today's date.
    if previous != ActionStatus.DONE:
        action.completed_on = None
    _apply_completion(action, completed_on)
    data = {"from": previous, "to": status}
    return pole_row_save(action, actor=actor, pole=pole, data=data)


def is_own_action(action: Action, user: Any) -> bool:
    person = action.owner_person
    return person is not None and person.user_id is not None and person.user_id == user.pk


def action_update_own(
    *,
    actor: Any,
    pole: Pole,
    action: Action,
    status: str,
    completed_on: dt.date | None = None,
) -> Action:
    """A member updates an action they carry: only theirs, through their linked person."""
    if not is_own_action(action, actor):
        raise PermissionDenied(_("Cette action n'est pas la vôtre."))
    return action_set_status(
        actor=actor, pole=pole, action=action, status=status, completed_on=completed_on
    )


# --- Calendar feeds ----------------------------------------------------------------------------


def calendar_feed_regenerate(
    *, actor: Any, pole: Pole, person: Person | None = None
) -> CalendarFeed:
    """Create the pole's feed (person=None) or a person's, replacing any previous address.

    The old token stops working at once: that is how a leaked address is revoked.
    """
    _check_pole(person, pole, "person")
    with transaction.atomic():
        CalendarFeed.objects.filter(pole=pole, person=person).delete()
        feed = CalendarFeed.objects.create(pole=pole, person=person)
        audit_log(
            action="ptce.calendarfeed.regenerated",
            actor=actor,
            pole=pole,
            obj=feed,
            data={"person": person.pk if person else None},
        )
    return feed
