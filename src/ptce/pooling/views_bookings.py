"""Pages of the shared rooms and equipment: a resource's week, booking, cancelling, iCal.

Thin views: `BookingForm` reads what was typed, `ptce.pooling.bookings` decides. Funders and
observers see the week with structures only: the person who booked is never shown to them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django_scopes import scope, scopes_disabled

from ptce.core.exceptions import PtceError
from ptce.core.services import pole_row_save
from ptce.core.views import error_text, form_page
from ptce.meetings.ical import feed_still_allowed
from ptce.meetings.models import CalendarFeed
from ptce.meetings.services import own_person
from ptce.poles.access import PoleRequest, pole_view
from ptce.poles.permissions import Capability
from ptce.pooling import bookings as services
from ptce.pooling.bookings_ical import FEED_HISTORY, build_booking_calendar, calendar_response
from ptce.pooling.forms_bookings import BookingForm, ResourceForm, iso_week, parse_week
from ptce.pooling.models import Booking, Pooling, SharedResource
from ptce.registry.models import Organisation

# Where a refusal of the service is shown in the booking form.
SERVICE_FIELDS = {
    "starts_at": "start",
    "ends_at": "end",
    "title": "title",
    "organisation": "organisation",
}


def _resource(request: PoleRequest, pk: int) -> SharedResource:
    return get_object_or_404(
        SharedResource.objects.select_related("pooling").filter(pole=request.pole), pk=pk
    )


def _calendar_url(request: PoleRequest, resource_pk: int, monday: dt.date | None = None) -> str:
    url = reverse("resource-calendar", args=[request.pole.slug, resource_pk])
    return f"{url}?semaine={iso_week(monday)}" if monday else url


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _bookable_structures(request: PoleRequest) -> QuerySet[Organisation] | None:
    """The structures the user may book for; None for a member without a structure."""
    if Capability.MANAGE_POOLINGS in request.capabilities:
        return Organisation.objects.order_by("name_key", "pk")
    own = services.own_structure(request.user, request.pole)
    return Organisation.objects.filter(pk=own.pk) if own is not None else None


# --- The week of one resource ----------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    booking: Booking
    start: str  # "14:00", or "11/03 14:00" when the booking started on an earlier day
    end: str
    mine: bool
    can_cancel: bool
    booked_by: str  # shown to the coordination only


@dataclass(frozen=True)
class Day:
    date: dt.date
    is_today: bool
    entries: list[Entry]


def _clock(moment: dt.datetime, day: dt.date) -> str:
    local = timezone.localtime(moment)
    return f"{local:%H:%M}" if local.date() == day else f"{local:%d/%m %H:%M}"


def _week(request: PoleRequest, resource: SharedResource, monday: dt.date) -> list[Day]:
    """The seven days from `monday`, each with the live bookings that touch it (one query)."""
    week_start, week_end = _midnight(monday), _midnight(monday + dt.timedelta(days=7))
    bookings = list(
        services.live_bookings()
        .filter(resource=resource, starts_at__lt=week_end, ends_at__gt=week_start)
        .select_related("organisation", "booked_by")
        .order_by("starts_at", "pk")
    )
    coordinator = Capability.MANAGE_POOLINGS in request.capabilities
    booker = Capability.BOOK_RESOURCES in request.capabilities
    now, today = timezone.now(), timezone.localdate()
    days = []
    for offset in range(7):
        day = monday + dt.timedelta(days=offset)
        day_start, day_end = _midnight(day), _midnight(day + dt.timedelta(days=1))
        entries = []
        for booking in bookings:
            if not (booking.starts_at < day_end and booking.ends_at > day_start):
                continue
            mine = booker and booking.booked_by_id == request.user.pk
            user = booking.booked_by
            entries.append(
                Entry(
                    booking=booking,
                    start=_clock(booking.starts_at, day),
                    end=_clock(booking.ends_at, day),
                    mine=mine,
                    can_cancel=(coordinator or mine) and booking.ends_at > now,
                    booked_by=(user.get_full_name() or user.get_username())
                    if coordinator and user is not None
                    else "",
                )
            )
        days.append(Day(date=day, is_today=day == today, entries=entries))
    return days


def _feed_urls(request: PoleRequest) -> dict[str, str]:
    """The booking feeds' addresses, for the people who hold calendar tokens (not funders)."""
    if Capability.VIEW_MEETINGS not in request.capabilities:
        return {}
    person = own_person(user=request.user, pole=request.pole)
    wanted = Q(person__isnull=True)
    if person is not None and person.organisation_id is not None:
        wanted |= Q(person=person)
    urls = {"pole": "", "structure": ""}
    for feed in CalendarFeed.objects.filter(wanted):
        url = request.build_absolute_uri(
            reverse("bookings-feed", args=[request.pole.slug, feed.token])
        )
        urls["pole" if feed.person_id is None else "structure"] = url
    return urls


def _calendar_page(
    request: PoleRequest,
    resource: SharedResource,
    *,
    monday: dt.date,
    week_error: str = "",
    form: BookingForm | None = None,
) -> HttpResponse:
    bookable = resource.is_bookable and resource.pooling.is_bookable
    can_book = bookable and Capability.BOOK_RESOURCES in request.capabilities
    structures = _bookable_structures(request) if can_book else None
    if can_book and structures is not None and form is None:
        form = BookingForm(structures=structures, initial={"date": max(monday, _today())})
    context: dict[str, Any] = {
        "pole": request.pole,
        "resource": resource,
        "pooling": resource.pooling,
        "monday": monday,
        "sunday": monday + dt.timedelta(days=6),
        "days": _week(request, resource, monday),
        "week_error": week_error,
        "previous_week": iso_week(monday - dt.timedelta(days=7)),
        "next_week": iso_week(monday + dt.timedelta(days=7)),
        "is_current_week": monday == _monday(_today()),
        "bookable": bookable,
        "can_book": can_book,
        "no_structure": can_book and structures is None,
        "no_structure_message": services.no_structure_message(),
        "form": form if can_book else None,
        "can_manage": Capability.MANAGE_POOLINGS in request.capabilities,
        "sees_bookers": Capability.MANAGE_POOLINGS in request.capabilities,
        "feed_urls": _feed_urls(request),
    }
    return render(request, "pooling/bookings/calendar.html", context)


def _today() -> dt.date:
    return timezone.localdate()


@pole_view(Capability.VIEW_POOLINGS)
@require_safe
def resource_calendar(request: PoleRequest, pk: int) -> HttpResponse:
    resource = _resource(request, pk)
    monday, error = parse_week(request.GET.get("semaine"), request.GET.get("date"))
    return _calendar_page(request, resource, monday=monday, week_error=error)


@pole_view(Capability.BOOK_RESOURCES)
@require_POST
def booking_create(request: PoleRequest, pk: int) -> HttpResponse:
    """The calendar's form posts here; a refusal shows the calendar again with what was typed."""
    resource = _resource(request, pk)
    structures = _bookable_structures(request)
    if structures is None:
        messages.error(request, services.no_structure_message())
        return redirect(_calendar_url(request, resource.pk))
    form = BookingForm(request.POST, structures=structures)
    monday = _monday(_today())
    if form.is_valid():
        monday = _monday(form.cleaned_data["date"])
        starts_at, ends_at = form.slot()
        try:
            booking = services.create_booking(
                request.user,
                resource,
                form.cleaned_data["organisation"],
                form.cleaned_data["title"],
                starts_at,
                ends_at,
            )
        except (PtceError, ValidationError) as exc:
            field = SERVICE_FIELDS.get(exc.field or "") if isinstance(exc, PtceError) else None
            for message in error_text(exc):
                form.add_error(field, message)
        else:
            messages.success(
                request,
                _("Réservation « %(title)s » enregistrée pour %(structure)s.")
                % {"title": booking.title, "structure": booking.organisation.name},
            )
            # Straight to the day of the new booking in its week.
            day = timezone.localtime(booking.starts_at).date()
            return redirect(f"{_calendar_url(request, resource.pk, monday)}#jour-{day:%Y-%m-%d}")
    elif isinstance(form.cleaned_data.get("date"), dt.date):
        monday = _monday(form.cleaned_data["date"])
    return _calendar_page(request, resource, monday=monday, form=form)


@pole_view(Capability.BOOK_RESOURCES)
@require_POST
def booking_cancel(request: PoleRequest, pk: int) -> HttpResponse:
    # Someone else's booking answers like a missing one for a member.
    booking = get_object_or_404(
        services.bookings_cancellable_by(request.user, request.role)
        .filter(pole=request.pole)
        .select_related("organisation"),
        pk=pk,
    )
    try:
        services.cancel_booking(request.user, booking)
    except PtceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Réservation « %(title)s » de %(structure)s annulée : le créneau est libre.")
            % {"title": booking.title, "structure": booking.organisation.name},
        )
    monday = _monday(timezone.localtime(booking.starts_at).date())
    return redirect(_calendar_url(request, booking.resource_id, monday))


# --- Resources -------------------------------------------------------------------------------


def _resource_form(request: PoleRequest, resource: SharedResource) -> HttpResponse:
    def save(form: ResourceForm) -> SharedResource:
        obj = form.save(commit=False)
        return pole_row_save(
            obj,
            actor=request.user,
            pole=request.pole,
            data={"name": obj.name, "pooling": obj.pooling_id, "bookable": obj.is_bookable},
        )

    return form_page(
        request,
        ResourceForm(request.POST or None, instance=resource),
        save=save,
        template="pooling/bookings/resource_form.html",
        success=_("Ressource enregistrée."),
        next_url=lambda obj: _calendar_url(request, obj.pk),
        context={"object": resource, "pooling": resource.pooling},
    )


@pole_view(Capability.MANAGE_POOLINGS)
def resource_create(request: PoleRequest, pk: int) -> HttpResponse:
    pooling = get_object_or_404(Pooling.objects.filter(pole=request.pole), pk=pk)
    if not pooling.is_bookable:
        # Only premises and equipment have rooms and machines to book.
        raise Http404
    return _resource_form(request, SharedResource(pole=request.pole, pooling=pooling))


@pole_view(Capability.MANAGE_POOLINGS)
def resource_edit(request: PoleRequest, pk: int) -> HttpResponse:
    return _resource_form(request, _resource(request, pk))


# --- iCalendar -------------------------------------------------------------------------------


def _feed_bookings(since: dt.datetime) -> QuerySet[Booking]:
    return (
        services.live_bookings()
        .filter(ends_at__gte=since)
        .select_related("resource", "organisation")
        .order_by("starts_at", "pk")
    )


def _booking_url(request: HttpRequest, pole_slug: str, booking: Booking) -> str:
    monday = _monday(timezone.localtime(booking.starts_at).date())
    url = reverse("resource-calendar", args=[pole_slug, booking.resource_id])
    return request.build_absolute_uri(f"{url}?semaine={iso_week(monday)}")


@pole_view(Capability.VIEW_POOLINGS)
@require_safe
def resource_ics(request: PoleRequest, pk: int) -> HttpResponse:
    resource = _resource(request, pk)
    bookings = _feed_bookings(timezone.now() - FEED_HISTORY).filter(resource=resource)
    calendar = build_booking_calendar(
        bookings,
        name=_("%(resource)s — réservations") % {"resource": resource.name},
        url_for=lambda b: _booking_url(request, request.pole.slug, b),
    )
    return calendar_response(calendar, filename=f"reservations-{resource.pk}.ics")


@require_safe
def bookings_feed(request: HttpRequest, pole_slug: str, token: str) -> HttpResponse:
    """The subscribed feed of bookings, with the meetings' tokens. No login: the token is the
    secret. The pole's token gives every booking of the pole, a person's token those of their
    structure. An unknown token, another pole's and a revoked one all answer 404."""
    with scopes_disabled():
        feed = (
            CalendarFeed.objects.select_related("pole", "person", "person__organisation")
            .filter(token=token, pole__slug=pole_slug)
            .first()
        )
        if feed is None or not feed_still_allowed(feed, Capability.VIEW_POOLINGS):
            raise Http404
    with scope(pole=feed.pole):
        bookings = _feed_bookings(timezone.now() - FEED_HISTORY)
        if feed.person_id is not None:
            # A person without a structure books nothing: their feed is empty, not the pole's.
            bookings = bookings.filter(organisation_id=feed.person.organisation_id)
            structure = feed.person.organisation.name if feed.person.organisation else ""
            name = _("%(pole)s — réservations de %(structure)s") % {
                "pole": feed.pole.name,
                "structure": structure,
            }
        else:
            name = _("%(pole)s — réservations") % {"pole": feed.pole.name}
        calendar = build_booking_calendar(
            bookings, name=name, url_for=lambda b: _booking_url(request, feed.pole.slug, b)
        )
    return calendar_response(calendar)
