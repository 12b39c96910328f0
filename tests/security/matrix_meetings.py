"""Permission-matrix rows for the meetings pages (see matrix_core.py for the vocabulary).

Funders and observers get 403 on every page here: meetings list people, and they never see
personal data. `calendar-feed` is not here: it needs no login (the token is the secret) and is
tested in tests/meetings/test_meetings_ical.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from matrix_core import COORD_ONLY, DENIED, MEMBERS_AND_COORD, NOT_FOUND, OK, Row

from ptce.meetings.models import (
    Action,
    Attendance,
    Decision,
    DecisionMode,
    Meeting,
    MeetingKind,
    WorkingGroup,
)

MEETING = ("pk:meeting",)

ROWS: dict[str, Row] = {
    "meeting-list": Row(MEMBERS_AND_COORD),
    "meeting-create": Row(COORD_ONLY),
    "meeting-detail": Row(MEMBERS_AND_COORD, objects=MEETING),
    "meeting-edit": Row(COORD_ONLY, objects=MEETING),
    "meeting-ics": Row(MEMBERS_AND_COORD, objects=MEETING),
    "meeting-rsvp": Row(MEMBERS_AND_COORD, method="post", objects=MEETING),
    "meeting-attendance": Row(COORD_ONLY, objects=MEETING),
    "attendance-set": Row(COORD_ONLY, method="post", objects=("pk:meeting", "person_pk:person")),
    "attendance-walk-in": Row(COORD_ONLY, method="post", objects=MEETING),
    "meeting-invite": Row(COORD_ONLY, method="post", objects=MEETING),
    "decision-create": Row(COORD_ONLY, objects=MEETING),
    "decision-edit": Row(COORD_ONLY, objects=("pk:decision",)),
    "action-create": Row(COORD_ONLY, objects=("pk:decision",)),
    "action-edit": Row(COORD_ONLY, objects=("pk:action",)),
    # The fixture's action belongs to a person without an account: to a member it is someone
    # else's action, which answers like a missing one.
    "action-update-own": Row(
        {"coordinator": OK, "member": NOT_FOUND, "funder": DENIED, "observer": DENIED},
        method="post",
        objects=("pk:action",),
    ),
    "my-actions": Row(MEMBERS_AND_COORD),
    "working-group-list": Row(MEMBERS_AND_COORD),
    "working-group-create": Row(COORD_ONLY),
    "working-group-detail": Row(MEMBERS_AND_COORD, objects=("pk:working_group",)),
    "working-group-edit": Row(COORD_ONLY, objects=("pk:working_group",)),
    "calendar-feeds": Row(MEMBERS_AND_COORD),
    "calendar-regenerate": Row(MEMBERS_AND_COORD, method="post"),
}


def build_objects(pole: Any, objects: dict[str, Any]) -> dict[str, Any]:
    """Objects of `pole` that this area's URLs name in `Row.objects` (e.g. "pk:meeting")."""
    person = objects["person"]
    group = WorkingGroup.objects.create(pole=pole, theme=f"Mobilités {pole.slug}", lead=person)
    group.members.add(person)
    meeting = Meeting.objects.create(
        pole=pole,
        title=f"Séminaire {pole.slug}",
        kind=MeetingKind.SEMINAR,
        date=dt.date.today() + dt.timedelta(days=10),
        start_time=dt.time(9, 30),
        working_group=group,
    )
    Attendance.objects.create(
        pole=pole, meeting=meeting, person=person, organisation=person.organisation
    )
    decision = Decision.objects.create(
        pole=pole, meeting=meeting, mode=DecisionMode.CONSENSUS, text="Créer une ressourcerie"
    )
    action = Action.objects.create(
        pole=pole, decision=decision, title="Chercher un local", owner_person=person
    )
    return {"working_group": group, "meeting": meeting, "decision": decision, "action": action}
