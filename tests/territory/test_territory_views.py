from __future__ import annotations

import pytest
from django.urls import reverse

from ptce.territory.models import Commune

pytestmark = pytest.mark.django_db

SICOVAL = "243100633"


@pytest.fixture
def pole(make_pole):
    return make_pole("pole-a")


def login(client, make_user, pole, role, username=None):
    user = make_user(username or role, pole=pole, role=role)
    client.force_login(user)
    return user


def test_page_is_404_for_a_user_without_a_role(client, make_user, make_pole, pole):
    other = make_pole("pole-b")
    client.force_login(make_user("outsider", pole=other, role="coordinator"))
    assert client.get(reverse("territory", args=[pole.slug])).status_code == 404
    assert client.get(reverse("territory", args=["no-such-pole"])).status_code == 404


def test_anonymous_users_are_sent_to_login(client, pole):
    response = client.get(reverse("territory", args=[pole.slug]))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    response = client.get(reverse("commune-search"), {"q": "ramonville"})
    assert response.status_code == 302 and reverse("login") in response["Location"]


@pytest.mark.parametrize("role", ["member", "funder", "observer"])
def test_readers_see_the_territory_without_forms(client, make_user, pole, role):
    pole.communes.add("31446", "31555", "09122")
    login(client, make_user, pole, role)
    response = client.get(reverse("territory", args=[pole.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ramonville-Saint-Agne" in html and "CA du Sicoval" in html
    assert "Toulouse Métropole" in html
    assert reverse("territory-add", args=[pole.slug]) not in html
    assert reverse("territory-remove", args=[pole.slug]) not in html


def test_coordinator_sees_groups_totals_and_forms(client, make_user, pole):
    pole.communes.add("31446", "31555")
    login(client, make_user, pole, "coordinator")
    response = client.get(reverse("territory", args=[pole.slug]))
    html = response.content.decode()
    assert reverse("territory-add", args=[pole.slug]) in html
    assert reverse("territory-remove", args=[pole.slug]) in html
    assert 'scope="rowgroup"' in html
    groups = {g.epci.code: g for g in response.context["groups"]}
    assert groups[SICOVAL].epci_commune_count == 36
    assert [c.code for c in groups[SICOVAL].communes] == ["31446"]
    expected = sum(Commune.objects.filter(code__in=["31446", "31555"])
                   .values_list("population", flat=True))
    assert response.context["population"] == expected


def test_search_works_without_javascript(client, make_user, pole):
    login(client, make_user, pole, "coordinator")
    response = client.get(reverse("territory", args=[pole.slug]),
                          {"q": "ramonville", "epci_q": "sicoval"})
    html = response.content.decode()
    assert 'name="communes" value="31446"' in html
    assert f'name="epci" value="{SICOVAL}"' in html


def test_member_cannot_change_the_territory(client, make_user, pole):
    login(client, make_user, pole, "member")
    response = client.post(reverse("territory-add", args=[pole.slug]), {"epci": SICOVAL})
    assert response.status_code == 403
    response = client.post(reverse("territory-remove", args=[pole.slug]), {"communes": "31446"})
    assert response.status_code == 403
    assert pole.communes.count() == 0


def test_coordinator_adds_and_removes(client, make_user, make_pole, pole):
    other = make_pole("pole-b")
    other.communes.add("31446")
    login(client, make_user, pole, "coordinator")
    add = reverse("territory-add", args=[pole.slug])
    remove = reverse("territory-remove", args=[pole.slug])

    response = client.post(add, {"epci": SICOVAL}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("territory", args=[pole.slug])
    assert "36 communes ajoutées au territoire." in response.content.decode()
    assert pole.communes.count() == 36

    response = client.post(remove, {"communes": ["31446", "31113"]}, follow=True)
    assert "2 communes retirées du territoire." in response.content.decode()
    assert pole.communes.count() == 34

    client.post(add, {"departement": "09"})
    assert pole.communes.filter(departement_id="09").count() > 300
    client.post(remove, {"departement": "09"})
    assert pole.communes.filter(departement_id="09").count() == 0
    assert list(other.communes.values_list("code", flat=True)) == ["31446"]


def test_empty_or_invalid_posts_do_nothing(client, make_user, pole):
    login(client, make_user, pole, "coordinator")
    add = reverse("territory-add", args=[pole.slug])
    response = client.post(add, {}, follow=True)
    assert "Choisissez au moins une commune" in response.content.decode()
    client.post(add, {"communes": ["99999"]})
    assert pole.communes.count() == 0
    assert client.get(add).status_code == 405


def test_commune_search_fragment_and_json(client, make_user, pole):
    login(client, make_user, pole, "observer")
    url = reverse("commune-search")
    html = client.get(url, {"q": "st etienne"}).content.decode()
    assert "Saint-Étienne" in html and "42218" in html and "42000" in html
    assert 'type="checkbox"' not in html
    picked = client.get(url, {"q": "31520", "pick": "1"}).content.decode()
    assert 'name="communes" value="31446"' in picked

    data = client.get(url, {"q": "ramonville", "format": "json"}).json()
    assert data[0] == {
        "code": "31446", "name": "Ramonville-Saint-Agne", "departement": "31",
        "departement_name": "Haute-Garonne", "postcodes": ["31520"],
        "population": data[0]["population"], "epci": SICOVAL, "epci_name": "CA du Sicoval",
    }
    assert client.get(url, {"q": "", "format": "json"}).json() == []


def test_epci_live_search_gets_only_the_results_fragment(client, make_user, pole):
    login(client, make_user, pole, "coordinator")
    response = client.get(reverse("territory", args=[pole.slug]), {"epci_q": "sicoval"},
                          HTTP_HX_REQUEST="true", HTTP_HX_TARGET="epci-results")
    html = response.content.decode()
    assert f'name="epci" value="{SICOVAL}"' in html
    assert "<h1>" not in html
