"""Who may open the observatory: observers of any pole and staff; others 403, anonymous → login."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

URLS = (
    "observatory-typology-paper",
    "observatory-compare",
    "observatory-typology",
    "observatory-map",
    "observatory-map-pdf",
)


@pytest.mark.parametrize("name", URLS)
@pytest.mark.parametrize(
    ("role", "status"),
    [("observer", 200), ("coordinator", 403), ("member", 403), ("funder", 403)],
)
def test_only_observers_get_in(client, make_pole, make_user, name, role, status):
    pole = make_pole("pole-a", shares_with_observatory=True)
    client.force_login(make_user("u", pole=pole, role=role))
    assert client.get(reverse(name)).status_code == status


@pytest.mark.parametrize("name", URLS)
def test_staff_without_a_role_gets_in_and_a_user_without_any_role_does_not(
    client, make_user, name
):
    user = make_user("personne")
    client.force_login(user)
    assert client.get(reverse(name)).status_code == 403
    user.is_staff = True
    user.save()
    assert client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", URLS)
def test_anonymous_is_sent_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", URLS)
def test_pages_only_read(client, make_pole, make_user, name):
    client.force_login(make_user("obs", pole=make_pole("p"), role="observer"))
    assert client.post(reverse(name)).status_code == 405


def test_every_page_links_to_the_others_and_to_the_referential(client, make_pole, make_user):
    client.force_login(make_user("obs", pole=make_pole("p"), role="observer"))
    for name in URLS[:-1]:
        html = client.get(reverse(name)).content.decode()
        for target in (*URLS[:-1], "observatory-referential"):
            assert f'href="{reverse(target)}"' in html, (name, target)
