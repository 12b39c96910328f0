"""`ptce generate`: deterministic, idempotent, and consistent with what `save()` derives."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F
from stdnum.fr import siret

from ptce.core.text import fold
from ptce.demo.generate import GenerateError, generate
from ptce.meetings.models import Action, Attendance, Decision, Meeting, WorkingGroup
from ptce.poles.models import Pole
from ptce.registry.models import College, Membership, Organisation, Person

pytestmark = pytest.mark.django_db


def _rows() -> list[tuple]:
    return sorted(Organisation.objects.values_list(
        "pole__slug", "name", "siret", "rna", "legal_category", "naf_code", "commune_id",
    ))


def test_same_seed_same_rows_and_another_seed_other_rows():
    report = generate(poles=3, seed=7)
    assert report.poles_created == 3
    first = _rows()
    assert first

    generate(poles=3, seed=7, replace=True)
    assert _rows() == first

    generate(poles=3, seed=8, replace=True)
    other = _rows()
    assert {row[1] for row in other} != {row[1] for row in first}
    assert {row[2] for row in other} != {row[2] for row in first}


def test_growing_keeps_the_poles_already_generated():
    generate(poles=2, seed=7)
    report = generate(poles=3, seed=7)
    assert (report.poles_created, report.poles_skipped) == (1, 2)
    grown = _rows()
    generate(poles=3, seed=7, replace=True)
    assert _rows() == grown


def test_a_second_run_creates_nothing_and_another_seed_is_refused():
    generate(poles=2, seed=7)
    def counts() -> tuple[int, int, int]:
        return Pole.objects.count(), Organisation.objects.count(), Membership.objects.count()

    before = counts()
    report = generate(poles=2, seed=7)
    assert report.poles_created == 0 and report.organisations_created == 0
    assert counts() == before
    with pytest.raises(GenerateError):
        generate(poles=2, seed=8)
    with pytest.raises(CommandError, match="--replace"):
        call_command("generate", poles=2, seed=8, stdout=StringIO())


def test_generated_rows_look_like_saved_rows():
    generate(poles=2, seed=3)
    pole = Pole.objects.get(slug="gen-0001")
    assert pole.name == "Pôle généré 0001"
    organisations = list(Organisation.objects.all())
    assert 100 <= len(organisations) <= 120
    assert all(o.is_synthetic for o in organisations)
    for organisation in organisations:
        assert organisation.name_key == fold(organisation.name)
        if organisation.siret:
            assert siret.is_valid(organisation.siret)
            assert organisation.siren == organisation.siret[:9]
        derived = (organisation.actor_family, organisation.is_ess)
        organisation.classify()
        assert (organisation.actor_family, organisation.is_ess) == derived
    assert Membership.objects.filter(college__isnull=False).count() == len(organisations)
    assert College.objects.filter(pole=pole).exists()
    assert not Membership.objects.filter(is_synthetic=False).exists()


def test_the_command_prints_counts_and_timing():
    out = StringIO()
    call_command("generate", poles=1, seed=1, stdout=out)
    text = out.getvalue()
    assert "1 pôles créés" in text
    assert " s." in text


# --- cooperative life ---------------------------------------------------------------------------


def _life() -> list[list[tuple]]:
    """Every generated meeting-side row, by content (ids differ from one run to the next)."""
    meetings = sorted(Meeting.objects.values_list(
        "pole__slug", "date", "kind", "title", "start_time", "working_group__theme",
    ))
    attendance = sorted(Attendance.objects.values_list(
        "pole__slug", "meeting__date", "meeting__title", "person__first_name",
        "person__last_name", "organisation__name", "status",
    ), key=repr)
    actions = sorted(Action.objects.values_list(
        "pole__slug", "decision__meeting__date", "decision__text", "title", "due_date", "status",
        "completed_on", "owner_person__last_name", "owner_organisation__name",
    ), key=repr)
    people = sorted(Person.objects.values_list(
        "pole__slug", "first_name", "last_name", "kind", "organisation__name",
    ), key=repr)
    return [meetings, attendance, actions, people]


def test_meetings_at_national_scale_per_pole_and_deterministic():
    report = generate(poles=3, seed=7)
    assert report.with_meetings
    for pole in Pole.objects.all():
        meetings = Meeting.objects.filter(pole=pole).count()
        attendance = Attendance.objects.filter(pole=pole).count()
        assert 200 <= meetings <= 220
        assert attendance >= 10 * meetings
        assert 55 <= Person.objects.filter(pole=pole).count() <= 65
        assert WorkingGroup.objects.filter(pole=pole).count() == 5
    assert report.meetings_created == Meeting.objects.count()
    assert report.attendances_created == Attendance.objects.count()
    assert report.decisions_created == Decision.objects.count() > 0
    assert report.actions_created == Action.objects.count() > 0
    first = _life()

    generate(poles=3, seed=7, replace=True)
    assert _life() == first
    generate(poles=3, seed=8, replace=True)
    assert _life()[0] != first[0]


def test_generated_life_stays_within_its_pole_and_looks_like_saved_rows():
    generate(poles=2, seed=5)
    for model in (Person, WorkingGroup, Meeting, Attendance, Decision, Action):
        assert model.objects.exists(), model.__name__
        assert not model.objects.filter(is_synthetic=False).exists(), model.__name__
    assert not Attendance.objects.exclude(meeting__pole=F("pole")).exists()
    assert not Attendance.objects.exclude(person__pole=F("pole")).exists()
    # Inhabitants represent no structure (NULL never equals NULL in SQL: compared apart).
    assert not Attendance.objects.exclude(organisation=None).exclude(
        organisation=F("person__organisation")).exists()
    assert not Attendance.objects.filter(organisation=None, person__organisation__isnull=False) \
        .exists()
    assert not Person.objects.exclude(organisation=None).exclude(
        organisation__pole=F("pole")).exists()
    assert not Action.objects.exclude(decision__pole=F("pole")).exists()
    assert not Action.objects.exclude(owner_person=None).exclude(owner_person__pole=F("pole")) \
        .exists()
    assert not Action.objects.filter(completed_on__isnull=False).exclude(status="done").exists()
    assert not Meeting.objects.filter(kind="working_group", working_group=None).exists()
    assert not Meeting.objects.exclude(working_group=None).exclude(
        working_group__pole=F("pole")).exists()
    assert set(Attendance.objects.values_list("status", flat=True)) >= {
        "present", "excused", "absent",
    }
    # Meetings fall on working days of the generated years.
    dates = list(Meeting.objects.values_list("date", flat=True))
    assert all(d.weekday() < 5 and d.year in (2023, 2024) for d in dates)
    # What the model-level save would reject, the raw insert must not write either.
    for meeting in Meeting.objects.all()[:50]:
        meeting.full_clean()


def test_the_registry_is_the_same_with_or_without_meetings():
    generate(poles=2, seed=7, meetings=False)
    registry = _rows()
    assert not Meeting.objects.exists() and not Person.objects.exists()
    generate(poles=2, seed=7, replace=True)
    assert _rows() == registry
    assert Meeting.objects.exists()


def test_the_command_can_leave_the_meetings_out():
    out = StringIO()
    call_command("generate", "--poles", "1", "--seed", "1", "--no-meetings", stdout=out)
    assert not Meeting.objects.exists()
    assert "Vie coopérative" not in out.getvalue()
    out = StringIO()
    call_command("generate", "--poles", "2", "--seed", "1", "--with-meetings", stdout=out)
    # Pole 1 already there (without meetings) is kept as it is; pole 2 gets its meetings.
    assert set(Meeting.objects.values_list("pole__slug", flat=True)) == {"gen-0002"}
    assert "Vie coopérative" in out.getvalue()
