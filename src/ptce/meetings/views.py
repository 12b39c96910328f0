"""Pages of the pole's cooperative life: meetings, attendance, decisions, actions, calendars.

Thin views: forms validate input, `ptce.meetings.services` writes. Pages that list people
follow the registry's rule: coordinators see everyone, others only people who consented to the
directory (`consent_directory`).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe
from django_scopes import scope, scopes_disabled

from ptce.core.exceptions import PtceError
from ptce.core.views import error_text, form_page
from ptce.meetings import ical, services
from ptce.meetings.forms import (
    ActionForm,
    ActionStatusForm,
    CalendarRegenerateForm,
    DecisionForm,
    InviteForm,
    MeetingFilterForm,
    MeetingForm,
    RsvpForm,
    WalkInForm,
    WorkingGroupForm,
)
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
from ptce.poles.access import PoleRequest, pole_view
from ptce.poles.permissions import Capability
from ptce.registry.models import Organisation, Person

PAGE_SIZE = 50
# The order of the status controls on the attendance sheet: what is recorded on the day first.
SHEET_STATUSES = [
    (s.value, s.label)
    for s in (
        AttendanceStatus.PRESENT,
        AttendanceStatus.EXCUSED,
        AttendanceStatus.ABSENT,
        AttendanceStatus.REGISTERED,
        AttendanceStatus.INVITED,
    )
]
# Statuses that put a meeting in a person's own calendar feed: they have not declined it.
FEED_STATUSES = (AttendanceStatus.INVITED, AttendanceStatus.REGISTERED, AttendanceStatus.PRESENT)
OPEN_ACTION_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


def _can_manage(request: PoleRequest) -> bool:
    return Capability.MANAGE_MEETINGS in request.capabilities


def _sees_everyone(request: PoleRequest) -> bool:
    # Same rule as `ptce.registry.selectors.people_visible_to`.
    return request.role == "coordinator"


def _meeting_url(request: PoleRequest, meeting_id: int, anchor: str = "") -> str:
    url = reverse("meeting-detail", args=[request.pole.slug, meeting_id])
    return f"{url}#{anchor}" if anchor else url


# --- Meetings --------------------------------------------------------------------------------


@pole_view(Capability.VIEW_MEETINGS)
def meeting_list(request: PoleRequest) -> HttpResponse:
    groups = list(WorkingGroup.objects.order_by("theme"))
    form = MeetingFilterForm(request.GET, working_groups=groups)
    meetings = (
        Meeting.objects.select_related("working_group")
        .annotate(
            # Counted in the query: one query for the page, however many meetings it shows.
            present_count=Count("attendances", filter=Q(attendances__status="present")),
            invited_count=Count("attendances"),
        )
        .order_by("-date", F("start_time").desc(nulls_last=True), "-pk")
    )
    if form.is_valid():
        data = form.cleaned_data
        if data["kind"]:
            meetings = meetings.filter(kind=data["kind"])
        if data["working_group"]:
            meetings = meetings.filter(working_group_id=data["working_group"])
        if data["date_from"]:
            meetings = meetings.filter(date__gte=data["date_from"])
        if data["date_to"]:
            meetings = meetings.filter(date__lte=data["date_to"])
    page = Paginator(meetings, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "pole": request.pole,
        "form": form,
        "page": page,
        "today": timezone.localdate(),
        "can_manage": _can_manage(request),
    }
    template = "meetings/_meeting_results.html" if request.htmx else "meetings/meeting_list.html"
    return render(request, template, context)


def _meeting_form(request: PoleRequest, meeting: Meeting) -> HttpResponse:
    return form_page(
        request,
        MeetingForm(request.POST or None, instance=meeting),
        save=lambda form: services.meeting_save(
            actor=request.user, pole=request.pole, meeting=form.save(commit=False)
        ),
        template="meetings/meeting_form.html",
        success=_("Réunion enregistrée."),
        next_url=lambda obj: _meeting_url(request, obj.pk),
        context={"object": meeting},
    )


@pole_view(Capability.MANAGE_MEETINGS)
def meeting_create(request: PoleRequest) -> HttpResponse:
    return _meeting_form(request, Meeting(pole=request.pole))


@pole_view(Capability.MANAGE_MEETINGS)
def meeting_edit(request: PoleRequest, pk: int) -> HttpResponse:
    return _meeting_form(request, get_object_or_404(Meeting, pk=pk))


@pole_view(Capability.VIEW_MEETINGS)
def meeting_detail(request: PoleRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("working_group"), pk=pk)
    by_status = dict(
        Attendance.objects.filter(meeting=meeting)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    summary = [(label, by_status.get(value, 0)) for value, label in SHEET_STATUSES]
    present_structures = (
        Organisation.objects.filter(
            attendances__meeting=meeting, attendances__status=AttendanceStatus.PRESENT
        )
        .distinct()
        .order_by("name_key")
    )
    actions = Action.objects.select_related("owner_person", "owner_organisation")
    decisions = meeting.decisions.prefetch_related(Prefetch("actions", queryset=actions))
    person = services.own_person(user=request.user, pole=request.pole)
    invitation = (
        Attendance.objects.filter(meeting=meeting, person=person).first() if person else None
    )
    can_rsvp = (
        invitation is not None
        and Capability.RESPOND_TO_INVITATIONS in request.capabilities
        and meeting.date >= timezone.localdate()
        and invitation.status not in (AttendanceStatus.PRESENT, AttendanceStatus.ABSENT)
    )
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "pole": request.pole,
            "meeting": meeting,
            "summary": summary,
            "present_structures": list(present_structures),
            "decisions": decisions,
            "invitation": invitation,
            "can_rsvp": can_rsvp,
            "own_person": person,
            "can_manage": _can_manage(request),
            "sees_everyone": _sees_everyone(request),
        },
    )


@pole_view(Capability.VIEW_MEETINGS)
@require_safe
def meeting_ics(request: PoleRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    calendar = ical.build_calendar(
        [meeting],
        name=meeting.title,
        url_for=lambda m: request.build_absolute_uri(_meeting_url(request, m.pk)),
    )
    return ical.calendar_response(calendar, filename=f"reunion-{meeting.pk}.ics")


@pole_view(Capability.RESPOND_TO_INVITATIONS)
@require_POST
def meeting_rsvp(request: PoleRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    form = RsvpForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Réponse inconnue : choisissez « inscrit·e » ou « excusé·e »."))
        return redirect(_meeting_url(request, meeting.pk))
    try:
        attendance = services.rsvp(
            actor=request.user,
            pole=request.pole,
            meeting=meeting,
            status=form.cleaned_data["status"],
        )
    except PtceError as exc:
        messages.error(request, exc.message)
    else:
        if attendance.status == AttendanceStatus.REGISTERED:
            messages.success(request, _("C'est noté : vous êtes inscrit·e."))
        else:
            messages.success(request, _("C'est noté : vous êtes excusé·e."))
    return redirect(_meeting_url(request, meeting.pk))


# --- The attendance sheet --------------------------------------------------------------------


def _sheet(meeting: Meeting) -> dict[str, Any]:
    """The meeting's attendance rows grouped by represented structure, and the counters.

    One query whatever the number of people: the rows with their person and structure
    joined, grouped here rather than queried structure by structure.
    """
    rows = list(
        Attendance.objects.filter(meeting=meeting)
        .select_related("person", "organisation")
        .order_by(
            F("organisation__name_key").asc(nulls_last=True),
            "organisation_id",
            "person__last_name",
            "person__first_name",
            "pk",
        )
    )
    groups: list[dict[str, Any]] = []
    without: list[Attendance] = []
    for row in rows:
        if row.organisation_id is None:
            without.append(row)
        elif groups and groups[-1]["organisation"].pk == row.organisation_id:
            groups[-1]["rows"].append(row)
        else:
            groups.append({"organisation": row.organisation, "rows": [row]})
    return {"groups": groups, "without": without, "counter": _counter(rows), "total": len(rows)}


def _counter(rows: list[Attendance]) -> dict[str, int]:
    present = [r for r in rows if r.status == AttendanceStatus.PRESENT]
    return {
        "present": len(present),
        "structures": len({r.organisation_id for r in present if r.organisation_id}),
        "excused": sum(r.status == AttendanceStatus.EXCUSED for r in rows),
        "total": len(rows),
    }


def _counter_from_db(meeting: Meeting) -> dict[str, int]:
    rows = list(Attendance.objects.filter(meeting=meeting).only("status", "organisation_id"))
    return _counter(rows)


def _walk_in_form(data: Any = None) -> WalkInForm:
    return WalkInForm(
        data, prefix="walkin", organisations=Organisation.objects.order_by("name_key")
    )


def _focused(form: WalkInForm) -> WalkInForm:
    # After an htmx quick add the form is replaced: put the focus back in it (htmx honours
    # autofocus in swapped content) so the next walk-in can be typed at once.
    field = next((name for name in form.errors if name in form.fields), "first_name")
    form.fields[field].widget.attrs["autofocus"] = True
    return form


def _attendance_page(
    request: PoleRequest,
    meeting: Meeting,
    *,
    walk_in: WalkInForm | None = None,
    invite: InviteForm | None = None,
) -> HttpResponse:
    not_listed = (
        Person.objects.select_related("organisation")
        .exclude(attendances__meeting=meeting)
        .order_by("last_name", "first_name")
    )
    invite = invite or InviteForm(
        prefix="invite",
        people=not_listed,
        initial={"working_group": meeting.working_group_id},
    )
    return render(
        request,
        "meetings/attendance.html",
        {
            "pole": request.pole,
            "meeting": meeting,
            "statuses": SHEET_STATUSES,
            "walk_in_form": walk_in or _walk_in_form(),
            "invite_form": invite,
            **_sheet(meeting),
        },
    )


@pole_view(Capability.MANAGE_MEETINGS)
def meeting_attendance(request: PoleRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("working_group"), pk=pk)
    if request.method == "POST":
        # Without JavaScript the whole sheet is submitted at once: apply what changed.
        statuses = {
            int(key.removeprefix("status-")): value
            for key, value in request.POST.items()
            if key.startswith("status-") and key.removeprefix("status-").isdigit()
        }
        try:
            changed = services.attendances_set(
                actor=request.user, pole=request.pole, meeting=meeting, statuses=statuses
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                ngettext(
                    "Feuille de présence enregistrée : %(n)d changement.",
                    "Feuille de présence enregistrée : %(n)d changements.",
                    changed,
                )
                % {"n": changed},
            )
        return redirect("meeting-attendance", request.pole.slug, meeting.pk)
    return _attendance_page(request, meeting)


@pole_view(Capability.MANAGE_MEETINGS)
@require_POST
def attendance_set(request: PoleRequest, pk: int, person_pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    person = get_object_or_404(Person, pk=person_pk)
    # The sheet names each control after its person; a plain "status" is accepted too.
    status = request.POST.get(f"status-{person.pk}") or request.POST.get("status", "")
    if status not in AttendanceStatus.values:
        message = _("Statut de présence inconnu.")
        if request.htmx:
            return HttpResponse(message, status=400)
        messages.error(request, message)
        return redirect("meeting-attendance", request.pole.slug, meeting.pk)
    attendance = services.attendance_set(
        actor=request.user, pole=request.pole, meeting=meeting, person=person, status=status
    )
    if not request.htmx:
        messages.success(
            request,
            _("%(person)s : %(status)s.")
            % {"person": person, "status": attendance.get_status_display()},
        )
        return redirect("meeting-attendance", request.pole.slug, meeting.pk)
    attendance = Attendance.objects.select_related("person", "organisation").get(pk=attendance.pk)
    return render(
        request,
        "meetings/_attendance_row_response.html",
        {
            "pole": request.pole,
            "meeting": meeting,
            "row": attendance,
            "statuses": SHEET_STATUSES,
            "counter": _counter_from_db(meeting),
        },
    )


@pole_view(Capability.MANAGE_MEETINGS)
@require_POST
def attendance_walk_in(request: PoleRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("working_group"), pk=pk)
    form = _walk_in_form(request.POST)
    added: Attendance | None = None
    if form.is_valid():
        try:
            added = services.walk_in_add(
                actor=request.user, pole=request.pole, meeting=meeting, **form.cleaned_data
            )
        except (ValidationError, PtceError) as exc:
            for message in error_text(exc):
                form.add_error(None, message)
    feedback = _("%(person)s ajouté·e, présent·e.") % {"person": added.person} if added else ""
    if not request.htmx:
        if added:
            messages.success(request, feedback)
            return redirect("meeting-attendance", request.pole.slug, meeting.pk)
        return _attendance_page(request, meeting, walk_in=form)
    return render(
        request,
        "meetings/_walk_in_response.html",
        {
            "pole": request.pole,
            "meeting": meeting,
            "statuses": SHEET_STATUSES,
            "walk_in_form": _focused(_walk_in_form() if added else form),
            "feedback": feedback,
            **_sheet(meeting),
        },
    )


@pole_view(Capability.MANAGE_MEETINGS)
@require_POST
def meeting_invite(request: PoleRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    form = InviteForm(request.POST, prefix="invite")
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    else:
        data = form.cleaned_data
        count = services.meeting_invite(
            actor=request.user,
            pole=request.pole,
            meeting=meeting,
            working_group=data["working_group"],
            member_structures=data["member_structures"],
            persons=[data["person"]] if data["person"] else (),
        )
        if count:
            messages.success(
                request,
                ngettext("%(n)d personne invitée.", "%(n)d personnes invitées.", count)
                % {"n": count},
            )
        else:
            messages.success(request, _("Ces personnes étaient déjà sur la liste."))
    return redirect("meeting-attendance", request.pole.slug, meeting.pk)


# --- Decisions and actions -------------------------------------------------------------------


def _decision_form(request: PoleRequest, decision: Decision) -> HttpResponse:
    return form_page(
        request,
        DecisionForm(request.POST or None, instance=decision),
        save=lambda form: services.decision_save(
            actor=request.user, pole=request.pole, decision=form.save(commit=False)
        ),
        template="meetings/decision_form.html",
        success=_("Décision enregistrée."),
        next_url=lambda obj: _meeting_url(request, obj.meeting_id, f"decision-{obj.pk}"),
        context={"object": decision, "meeting": decision.meeting},
    )


@pole_view(Capability.MANAGE_MEETINGS)
def decision_create(request: PoleRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    return _decision_form(request, Decision(pole=request.pole, meeting=meeting))


@pole_view(Capability.MANAGE_MEETINGS)
def decision_edit(request: PoleRequest, pk: int) -> HttpResponse:
    decision = get_object_or_404(Decision.objects.select_related("meeting"), pk=pk)
    return _decision_form(request, decision)


def _action_form(request: PoleRequest, action: Action) -> HttpResponse:
    return form_page(
        request,
        ActionForm(request.POST or None, instance=action),
        save=lambda form: services.action_save(
            actor=request.user, pole=request.pole, action=form.save(commit=False)
        ),
        template="meetings/action_form.html",
        success=_("Action enregistrée."),
        next_url=lambda obj: _meeting_url(
            request, action.decision.meeting_id, f"decision-{obj.decision_id}"
        ),
        context={"object": action, "decision": action.decision},
    )


@pole_view(Capability.MANAGE_MEETINGS)
def action_create(request: PoleRequest, pk: int) -> HttpResponse:
    decision = get_object_or_404(Decision.objects.select_related("meeting"), pk=pk)
    return _action_form(request, Action(pole=request.pole, decision=decision))


@pole_view(Capability.MANAGE_MEETINGS)
def action_edit(request: PoleRequest, pk: int) -> HttpResponse:
    return _action_form(
        request, get_object_or_404(Action.objects.select_related("decision__meeting"), pk=pk)
    )


@pole_view(Capability.UPDATE_OWN_ACTIONS)
def my_actions(request: PoleRequest) -> HttpResponse:
    actions = (
        Action.objects.filter(owner_person__user=request.user)
        .select_related("decision__meeting", "owner_organisation")
        .order_by(F("due_date").asc(nulls_last=True), "pk")
    )
    current = [a for a in actions if a.status in OPEN_ACTION_STATUSES]
    closed = [a for a in actions if a.status not in OPEN_ACTION_STATUSES]
    return render(
        request,
        "meetings/my_actions.html",
        {
            "pole": request.pole,
            "current": current,
            "closed": closed,
            "statuses": ActionStatus.choices,
            "today": timezone.localdate(),
            "has_person": services.own_person(user=request.user, pole=request.pole) is not None,
        },
    )


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@pole_view(Capability.UPDATE_OWN_ACTIONS)
@require_POST
def action_update_own(request: PoleRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(Action.objects.select_related("owner_person"), pk=pk)
    coordinator = _can_manage(request)
    # Someone else's action answers like a missing one: its id reveals nothing.
    if not coordinator and not services.is_own_action(action, request.user):
        raise Http404
    back = _safe_next(request, reverse("my-actions", args=[request.pole.slug]))
    form = ActionStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez un statut valide pour l'action."))
        return redirect(back)
    update = services.action_set_status if coordinator else services.action_update_own
    try:
        update(actor=request.user, pole=request.pole, action=action, **form.cleaned_data)
    except (ValidationError, PtceError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(
            request,
            _("« %(title)s » : %(status)s.")
            % {"title": action.title, "status": action.get_status_display()},
        )
    return redirect(back)


# --- Working groups --------------------------------------------------------------------------


@pole_view(Capability.VIEW_MEETINGS)
def working_group_list(request: PoleRequest) -> HttpResponse:
    groups = (
        WorkingGroup.objects.select_related("lead")
        .annotate(
            member_count=Count("members", distinct=True),
            meeting_count=Count("meetings", distinct=True),
        )
        .order_by("-is_active", "theme")
    )
    return render(
        request,
        "meetings/working_group_list.html",
        {
            "pole": request.pole,
            "groups": groups,
            "can_manage": _can_manage(request),
            "sees_everyone": _sees_everyone(request),
        },
    )


@pole_view(Capability.VIEW_MEETINGS)
def working_group_detail(request: PoleRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(WorkingGroup.objects.select_related("lead"), pk=pk)
    members = list(group.members.select_related("organisation").order_by("last_name"))
    visible = members if _sees_everyone(request) else [p for p in members if p.consent_directory]
    meetings = group.meetings.annotate(
        present_count=Count("attendances", filter=Q(attendances__status="present"))
    ).order_by("-date")
    return render(
        request,
        "meetings/working_group_detail.html",
        {
            "pole": request.pole,
            "group": group,
            "members": visible,
            "hidden_members": len(members) - len(visible),
            "meetings": meetings,
            "can_manage": _can_manage(request),
            "sees_everyone": _sees_everyone(request),
        },
    )


def _working_group_form(request: PoleRequest, group: WorkingGroup) -> HttpResponse:
    def save(form: WorkingGroupForm) -> WorkingGroup:
        return services.working_group_save(
            actor=request.user,
            pole=request.pole,
            working_group=form.save(commit=False),
            members=form.cleaned_data["members"],
        )

    return form_page(
        request,
        WorkingGroupForm(request.POST or None, instance=group),
        save=save,
        template="meetings/working_group_form.html",
        success=_("Groupe de travail enregistré."),
        next_url=lambda obj: reverse("working-group-detail", args=[request.pole.slug, obj.pk]),
        context={"object": group},
    )


@pole_view(Capability.MANAGE_MEETINGS)
def working_group_create(request: PoleRequest) -> HttpResponse:
    return _working_group_form(request, WorkingGroup(pole=request.pole))


@pole_view(Capability.MANAGE_MEETINGS)
def working_group_edit(request: PoleRequest, pk: int) -> HttpResponse:
    return _working_group_form(request, get_object_or_404(WorkingGroup, pk=pk))


# --- Calendar feeds --------------------------------------------------------------------------


def _feed_url(request: HttpRequest, feed: CalendarFeed | None) -> str:
    if feed is None:
        return ""
    return request.build_absolute_uri(reverse("calendar-feed", args=[feed.pole.slug, feed.token]))


@pole_view(Capability.VIEW_MEETINGS)
def calendar_feeds(request: PoleRequest) -> HttpResponse:
    person = services.own_person(user=request.user, pole=request.pole)
    wanted = Q(person__isnull=True)
    if person is not None:
        wanted |= Q(person=person)
    feeds = list(CalendarFeed.objects.select_related("pole").filter(wanted))
    pole_feed = next((f for f in feeds if f.person_id is None), None)
    personal_feed = next((f for f in feeds if person and f.person_id == person.pk), None)
    return render(
        request,
        "meetings/calendar_feeds.html",
        {
            "pole": request.pole,
            "person": person,
            "pole_feed_url": _feed_url(request, pole_feed),
            "personal_feed_url": _feed_url(request, personal_feed),
            "can_manage": _can_manage(request),
        },
    )


@pole_view(Capability.VIEW_MEETINGS)
@require_POST
def calendar_regenerate(request: PoleRequest) -> HttpResponse:
    back = redirect("calendar-feeds", request.pole.slug)
    form = CalendarRegenerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez l'agenda à créer ou renouveler."))
        return back
    if form.cleaned_data["feed"] == "pole":
        exists = CalendarFeed.objects.filter(person__isnull=True).exists()
        # Renewing the pole's address cuts off everyone who subscribed: coordination decides.
        if exists and not _can_manage(request):
            messages.error(
                request, _("Seule la coordination peut renouveler l'adresse de l'agenda du pôle.")
            )
            return back
        services.calendar_feed_regenerate(actor=request.user, pole=request.pole)
        messages.success(request, _("Nouvelle adresse de l'agenda du pôle créée."))
        return back
    person = services.own_person(user=request.user, pole=request.pole)
    if person is None:
        messages.error(
            request,
            _(
                "Votre compte n'est relié à aucune personne du pôle : "
                "demandez-le à la coordination."
            ),
        )
        return back
    services.calendar_feed_regenerate(actor=request.user, pole=request.pole, person=person)
    messages.success(request, _("Nouvelle adresse de votre agenda personnel créée."))
    return back


@require_safe
def calendar_feed(request: HttpRequest, pole_slug: str, token: str) -> HttpResponse:
    """The subscribed feed. No login: calendar applications cannot sign in, the token is the
    secret. An unknown token, another pole's token and a revoked one all answer 404."""
    with scopes_disabled():
        feed = (
            CalendarFeed.objects.select_related("pole", "person")
            .filter(token=token, pole__slug=pole_slug)
            .first()
        )
        if feed is None or not ical.feed_still_allowed(feed, Capability.VIEW_MEETINGS):
            raise Http404
    with scope(pole=feed.pole):
        meetings: QuerySet[Meeting] = Meeting.objects.order_by("date", "start_time", "pk")
        if feed.person_id is not None:
            meetings = meetings.filter(
                attendances__person_id=feed.person_id, attendances__status__in=FEED_STATUSES
            )
            name = _("%(pole)s — mes réunions") % {"pole": feed.pole.name}
        else:
            name = _("%(pole)s — réunions") % {"pole": feed.pole.name}
        calendar = ical.build_calendar(
            meetings,
            name=name,
            url_for=lambda m: request.build_absolute_uri(
                reverse("meeting-detail", args=[feed.pole.slug, m.pk])
            ),
        )
    return ical.calendar_response(calendar)
