"""Le Périscope's cooperative life in `ptce demo` tells the paper's story (section II.2).

The oracle is the YAML `observation` block: 80 working meetings from October 2012 to February
2014, six working groups with their themes, and a third seminar of 60 people from about twenty
structures, twice the first.
"""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pandas as pd
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count, Q
from django.utils import timezone

from ptce.core.text import fold
from ptce.demo.services import OBSERVED_POLE, pole_records, run_demo
from ptce.meetings.models import (
    Action,
    Attendance,
    Decision,
    Meeting,
    MeetingKind,
    WorkingGroup,
)
from ptce.poles.models import Pole
from ptce.registry.models import Membership, Person
from ptce_analytics.execution import classify_actions, decision_follow_up
from ptce_analytics.mobilisation import mobilisation_summary, newcomers_and_returning

pytestmark = pytest.mark.django_db

PERIOD = (dt.date(2012, 10, 1), dt.date(2014, 2, 28))
LIFE_MODELS = [WorkingGroup, Meeting, Attendance, Decision, Action, Person]


def _demo() -> str:
    out = StringIO()
    call_command("demo", stdout=out, stderr=StringIO())
    return out.getvalue()


def _observation() -> dict:
    return next(r for r in pole_records() if r["slug"] == OBSERVED_POLE)["observation"]


def _in_period():
    return Meeting.objects.filter(pole__slug=OBSERVED_POLE, date__range=PERIOD)


def _frames() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    where = {"pole__slug": OBSERVED_POLE}
    meetings = pd.DataFrame.from_records(
        Meeting.objects.filter(**where).values("id", "date", "kind", "working_group_id")
    ).rename(columns={"id": "meeting_id"})
    attendance = pd.DataFrame.from_records(
        Attendance.objects.filter(**where).values(
            "meeting_id", "person_id", "organisation_id", "status"
        )
    )
    members = pd.DataFrame.from_records(
        Membership.objects.filter(**where).values("organisation_id", "start_date", "end_date")
    )
    return meetings, attendance, members


def _seminars_present() -> list[tuple[int, int, int]]:
    """(people, structures, elected officials) present at each seminar of the period."""
    rows = (
        _in_period().filter(kind=MeetingKind.SEMINAR).order_by("date")
        .annotate(
            people=Count("attendances", filter=Q(attendances__status="present")),
            structures=Count("attendances__organisation", distinct=True,
                             filter=Q(attendances__status="present")),
            elected=Count("attendances", filter=Q(attendances__status="present",
                                                   attendances__person__kind="elected")),
        )
        .values_list("people", "structures", "elected")
    )
    return list(rows)


def test_the_periscope_holds_80_working_meetings_and_three_seminars_as_in_the_paper():
    output = _demo()
    observation = _observation()

    working = _in_period().exclude(kind=MeetingKind.CONVIVIAL)
    assert working.count() == observation["working_meetings"] == 80
    # Convivial moments come on top and are not working meetings.
    assert _in_period().filter(kind=MeetingKind.CONVIVIAL).exists()
    assert set(working.values_list("kind", flat=True)) == {
        "plenary", "seminar", "steering_committee", "working_group", "training",
    }
    assert "80 réunions de travail" in output

    seminars = _seminars_present()
    assert len(seminars) == 3
    (first, _s1, _e1), (second, _s2, _e2), (third, structures, elected) = seminars
    assert abs(first - 30) <= 3
    assert abs(second - 45) <= 4
    assert first < second < third == observation["seminar_3_participants"] == 60
    assert abs(third / first - observation["seminar_3_vs_seminar_1"]) <= 0.1
    assert 19 <= structures <= 21
    assert elected >= 2

    # The analytics the dashboards and the CLI use read the same story.
    meetings, attendance, members = _frames()
    summary = mobilisation_summary(meetings, attendance, members, start=PERIOD[0], end=PERIOD[1])
    assert summary.working_meetings == 80
    assert summary.seminar_ratio_3_1 == pytest.approx(2.0, abs=0.1)
    assert len(summary.seminar_structures) == 3
    assert 19 <= summary.seminar_structures[2] <= 21
    # Some structures drift away: none of them came to the last plenaries and seminars.
    assert summary.at_risk
    # Newcomers arrive at every seminar after the first.
    arrivals = newcomers_and_returning(meetings, attendance).merge(meetings[["meeting_id", "kind"]])
    seminar_newcomers = arrivals.loc[arrivals["kind"].eq("seminar"), "newcomers"].tolist()
    assert all(count > 0 for count in seminar_newcomers)


def test_six_working_groups_with_the_papers_themes_led_by_people_of_the_pole():
    _demo()
    groups = WorkingGroup.objects.filter(pole__slug=OBSERVED_POLE)
    assert groups.count() == 6
    assert {fold(g.theme) for g in groups} == {fold(t) for t in _observation()[
        "working_group_themes"]}
    for group in groups:
        assert group.lead is not None and group.lead.pole_id == group.pole_id
        assert group.members.filter(pk=group.lead.pk).exists()
        assert group.members.count() >= 5
        assert group.meetings.filter(date__range=PERIOD).count() >= 6
    assert not Meeting.objects.filter(kind=MeetingKind.WORKING_GROUP, working_group=None).exists()

    people = Person.objects.filter(pole__slug=OBSERVED_POLE)
    assert people.count() >= 60
    assert people.filter(kind="elected").count() >= 3
    assert not people.filter(organisation=None).exclude(kind="inhabitant").exists()
    assert not people.exclude(organisation=None).exclude(
        organisation__pole__slug=OBSERVED_POLE).exists()
    # Every invitation is for someone of the pole, representing their own structure.
    attendance = Attendance.objects.filter(pole__slug=OBSERVED_POLE)
    assert not attendance.exclude(person__pole__slug=OBSERVED_POLE).exists()
    assert attendance.filter(person__organisation__isnull=False).count() == attendance.filter(
        organisation__isnull=False).count()
    past = attendance.filter(meeting__date__lte=PERIOD[1])
    assert set(past.values_list("status", flat=True)) == {"present", "excused", "absent"}


def test_decisions_lead_to_actions_done_on_time_late_or_forgotten():
    _demo()
    decisions = Decision.objects.filter(pole__slug=OBSERVED_POLE, meeting__date__range=PERIOD)
    actions = Action.objects.filter(pole__slug=OBSERVED_POLE, decision__in=decisions)
    assert decisions.count() >= 40
    assert set(decisions.values_list("mode", flat=True)) == {"consensus", "vote", "delegated"}
    assert decisions.values("meeting").distinct().count() >= 30

    frame = pd.DataFrame.from_records(actions.values(
        "id", "decision_id", "due_date", "status", "completed_on",
    )).rename(columns={"id": "action_id"})
    states = classify_actions(frame, on=timezone.localdate())["state"].value_counts()
    for state in ("done_on_time", "done_late", "overdue", "dropped", "open"):
        assert states.get(state, 0) > 0, state
    assert states["done_on_time"] > states["dropped"]
    # Forgotten: still open more than a year after they were due.
    assert actions.filter(status__in=["open", "in_progress"],
                          due_date__lt=dt.date(2015, 1, 1)).count() >= 5
    assert actions.filter(due_date=None).exists()
    # Some decisions were never followed by any action.
    follow_up = decision_follow_up(
        pd.DataFrame({"decision_id": list(decisions.values_list("pk", flat=True))}), frame
    )
    assert follow_up.without_actions > 0
    assert follow_up.with_actions > follow_up.without_actions

    owned_by_people = actions.exclude(owner_person=None)
    assert set(owned_by_people.values_list("owner_person__kind", flat=True)) <= {
        "employee", "volunteer", "elected",
    }
    assert actions.exclude(owner_organisation=None).exists()
    assert not actions.filter(completed_on__isnull=False).exclude(status="done").exists()


def test_membre_and_coordination_are_people_with_invitations_and_actions():
    _demo()
    today = timezone.localdate()
    users = get_user_model().objects
    membre = Person.objects.get(user=users.get(username="membre"))
    coordination = Person.objects.get(user=users.get(username="coordination"))
    assert membre.pole.slug == coordination.pole.slug == OBSERVED_POLE
    assert membre != coordination
    assert (membre.kind, coordination.kind) == ("volunteer", "employee")

    invitation = Attendance.objects.get(person=membre, meeting__date__gt=today)
    assert invitation.status == "invited"
    assert invitation.meeting.kind == MeetingKind.PLENARY
    assert invitation.meeting.date <= today + dt.timedelta(days=40)
    open_actions = Action.objects.filter(
        owner_person=membre, status__in=["open", "in_progress"], due_date__gte=today
    )
    assert open_actions.count() >= 2
    assert Action.objects.filter(owner_person=coordination).count() >= 5
    assert membre.working_groups.count() >= 1
    # Neither the future plenary nor the recent committee counts in the paper's period.
    assert Meeting.objects.filter(pole__slug=OBSERVED_POLE, date__gt=PERIOD[1]).count() == 2


def test_a_second_run_creates_nothing_every_row_is_synthetic_and_links_come_back():
    _demo()

    def counts() -> dict[str, int]:
        result = {model.__name__: model.objects.count() for model in LIFE_MODELS}
        result["members"] = WorkingGroup.members.through.objects.count()
        return result

    before = counts()
    for model in LIFE_MODELS:
        assert not model.objects.filter(is_synthetic=False).exists(), model.__name__
    # An account deleted and recreated loses its link; the next run puts it back.
    membre = Person.objects.get(user__username="membre")
    Person.objects.filter(pk=membre.pk).update(user=None)

    output = _demo()

    assert counts() == before
    assert "déjà présente" in output
    assert Person.objects.get(user__username="membre") == membre


def test_the_period_is_the_same_whatever_the_day_the_demo_runs():
    def story() -> list[tuple]:
        meetings = sorted(_in_period().values_list("date", "kind", "title", "start_time"))
        attendance = sorted(
            Attendance.objects.filter(meeting__in=_in_period()).values_list(
                "meeting__date", "meeting__title", "person__first_name", "person__last_name",
                "organisation__name", "status",
            )
        )
        actions = sorted(
            Action.objects.filter(decision__meeting__in=_in_period()).values_list(
                "decision__text", "title", "due_date", "status", "completed_on",
                "owner_person__last_name", "owner_organisation__name",
            ), key=repr,
        )
        return [meetings, attendance, actions]

    run_demo(today=dt.date(2026, 3, 2))
    first = story()
    Pole.objects.all().delete()
    run_demo(today=dt.date(2031, 9, 15))
    assert story() == first
    assert Meeting.objects.filter(date__gt=PERIOD[1]).count() == 2
    assert Meeting.objects.filter(date__gt=dt.date(2031, 9, 15)).count() == 1
