"""iCalendar: one meeting's download, and the private feeds calendar applications subscribe to."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from ptce.meetings import services
from ptce.meetings.models import Attendance, CalendarFeed
from ptce.poles.models import RoleAssignment
from ptce.registry.models import Person

PARIS = ZoneInfo("Europe/Paris")


def _events(response) -> dict[str, object]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}


def test_download_one_meeting(client, coordinator, pole, make_meeting):
    client.force_login(coordinator)
    meeting = make_meeting(
        title="Plénière d'automne",
        date=dt.date(2025, 10, 9),
        start_time=dt.time(18, 0),
        end_time=dt.time(20, 30),
        place="Salle des fêtes, Ramonville",
        agenda="Bilan de l'année\nÉlection du bureau",
    )
    response = client.get(reverse("meeting-ics", args=[pole.slug, meeting.pk]))
    assert response["Content-Disposition"] == f'attachment; filename="reunion-{meeting.pk}.ics"'
    events = _events(response)
    event = events[f"meeting-{meeting.pk}@ptce"]
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert start == dt.datetime(2025, 10, 9, 18, 0, tzinfo=PARIS)
    assert end == dt.datetime(2025, 10, 9, 20, 30, tzinfo=PARIS)
    assert str(start.tzinfo) == "Europe/Paris"
    assert "TZID=Europe/Paris" in response.content.decode()
    assert "BEGIN:VTIMEZONE" in response.content.decode()
    assert str(event["summary"]) == "Plénière d'automne"
    assert str(event["location"]) == "Salle des fêtes, Ramonville"
    assert str(event["description"]) == "Bilan de l'année\nÉlection du bureau"
    assert str(event["url"]) == (
        f"http://testserver{reverse('meeting-detail', args=[pole.slug, meeting.pk])}"
    )


def test_a_meeting_without_time_is_an_all_day_event(client, coordinator, pole, make_meeting):
    client.force_login(coordinator)
    meeting = make_meeting(date=dt.date(2025, 6, 21), start_time=None, end_time=None)
    event = _events(client.get(reverse("meeting-ics", args=[pole.slug, meeting.pk])))[
        f"meeting-{meeting.pk}@ptce"
    ]
    assert event.decoded("dtstart") == dt.date(2025, 6, 21)
    assert event.decoded("dtend") == dt.date(2025, 6, 22)


def test_a_start_without_an_end_gets_a_default_length(client, coordinator, pole, make_meeting):
    client.force_login(coordinator)
    meeting = make_meeting(start_time=dt.time(9, 0), end_time=None)
    event = _events(client.get(reverse("meeting-ics", args=[pole.slug, meeting.pk])))[
        f"meeting-{meeting.pk}@ptce"
    ]
    assert event.decoded("dtend") - event.decoded("dtstart") == dt.timedelta(hours=2)


@pytest.fixture
def meetings(pole, make_meeting, member_person):
    invited = make_meeting(days=5, title="GT mobilités")
    declined = make_meeting(days=6, title="Comité de pilotage")
    other = make_meeting(days=7, title="Formation")
    Attendance.objects.create(pole=pole, meeting=invited, person=member_person)
    Attendance.objects.create(pole=pole, meeting=declined, person=member_person, status="excused")
    return {"invited": invited, "declined": declined, "other": other}


def test_the_pole_feed_lists_every_meeting_without_login(client, pole, coordinator, meetings):
    feed = services.calendar_feed_regenerate(actor=coordinator, pole=pole)
    url = reverse("calendar-feed", args=[pole.slug, feed.token])
    assert url == f"/p/{pole.slug}/agenda/{feed.token}.ics"
    response = client.get(url)  # anonymous: calendar applications do not sign in
    events = _events(response)
    assert set(events) == {f"meeting-{m.pk}@ptce" for m in meetings.values()}
    for meeting in meetings.values():
        event = events[f"meeting-{meeting.pk}@ptce"]
        assert str(event["url"]) == (
            f"http://testserver{reverse('meeting-detail', args=[pole.slug, meeting.pk])}"
        )
    assert "private" in response["Cache-Control"]
    assert "Pôle du Canal — réunions" in Calendar.from_ical(response.content)["X-WR-CALNAME"]


def test_the_personal_feed_lists_the_persons_meetings(
    client, pole, member_user, member_person, meetings
):
    feed = services.calendar_feed_regenerate(actor=member_user, pole=pole, person=member_person)
    events = _events(client.get(reverse("calendar-feed", args=[pole.slug, feed.token])))
    # Invited yes; excused (declined) and not invited no.
    assert set(events) == {f"meeting-{meetings['invited'].pk}@ptce"}


def test_unknown_token_answers_404(client, pole, coordinator, meetings):
    services.calendar_feed_regenerate(actor=coordinator, pole=pole)
    response = client.get(reverse("calendar-feed", args=[pole.slug, "not-a-real-token"]))
    assert response.status_code == 404
    response = client.get(reverse("calendar-feed", args=["no-such-pole", "not-a-real-token"]))
    assert response.status_code == 404


def test_another_poles_token_in_this_poles_url_answers_404(
    client, pole, coordinator, make_pole, make_meeting, meetings
):
    other = make_pole("pole-voisin", "Pôle voisin")
    make_meeting(target_pole=other, title="Réunion du voisin")
    foreign = services.calendar_feed_regenerate(actor=coordinator, pole=other)
    response = client.get(reverse("calendar-feed", args=[pole.slug, foreign.token]))
    assert response.status_code == 404
    # The same token in its own pole's URL works, and shows only that pole's meeting.
    events = _events(client.get(reverse("calendar-feed", args=[other.slug, foreign.token])))
    assert len(events) == 1


def test_regenerating_invalidates_the_old_token(member_client_factory, pole, meetings):
    client = member_client_factory()
    client.post(reverse("calendar-regenerate", args=[pole.slug]), {"feed": "personal"})
    old = CalendarFeed.objects.get(person__isnull=False).token
    assert client.get(reverse("calendar-feed", args=[pole.slug, old])).status_code == 200

    page = client.get(reverse("calendar-feeds", args=[pole.slug])).content.decode()
    assert f"http://testserver/p/{pole.slug}/agenda/{old}.ics" in page

    client.post(reverse("calendar-regenerate", args=[pole.slug]), {"feed": "personal"})
    new = CalendarFeed.objects.get(person__isnull=False).token
    assert new != old
    assert client.get(reverse("calendar-feed", args=[pole.slug, old])).status_code == 404
    assert client.get(reverse("calendar-feed", args=[pole.slug, new])).status_code == 200


@pytest.fixture
def member_client_factory(client, member_user):
    def make():
        client.force_login(member_user)
        return client

    return make


def test_only_coordinators_renew_the_pole_feed(
    client, pole, coordinator, member_client_factory, meetings
):
    member = member_client_factory()
    url = reverse("calendar-regenerate", args=[pole.slug])
    # A member may create the pole's address when there is none...
    member.post(url, {"feed": "pole"})
    first = CalendarFeed.objects.get(person__isnull=True).token
    # ...but not cut off every subscriber by renewing it.
    response = member.post(url, {"feed": "pole"}, follow=True)
    assert "Seule la coordination peut renouveler" in response.content.decode()
    assert CalendarFeed.objects.get(person__isnull=True).token == first

    client.force_login(coordinator)
    client.post(url, {"feed": "pole"})
    assert CalendarFeed.objects.get(person__isnull=True).token != first


def test_a_personal_feed_stops_when_the_account_loses_access(
    client, pole, member_user, member_person, meetings
):
    feed = services.calendar_feed_regenerate(actor=member_user, pole=pole, person=member_person)
    url = reverse("calendar-feed", args=[pole.slug, feed.token])
    assert client.get(url).status_code == 200
    RoleAssignment.objects.filter(user=member_user).update(role="observer")
    assert client.get(url).status_code == 404
    RoleAssignment.objects.filter(user=member_user).update(role="member")
    Person.objects.filter(pk=member_person.pk).update(user=None)
    assert client.get(url).status_code == 404


def test_the_feed_page_without_a_linked_person(client, make_user, pole):
    client.force_login(make_user("sans-fiche", pole=pole, role="member"))
    html = client.get(reverse("calendar-feeds", args=[pole.slug])).content.decode()
    assert "Votre compte n'est relié à aucune personne du pôle" in html
    response = client.post(
        reverse("calendar-regenerate", args=[pole.slug]), {"feed": "personal"}, follow=True
    )
    assert "aucune personne du pôle" in response.content.decode()
    assert not CalendarFeed.objects.exists()
