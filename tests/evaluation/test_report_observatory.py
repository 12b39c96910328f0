"""The observatory view: consenting poles side by side, aggregates only, for observers and staff."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from report_fixtures import ANSWERS, MEASURES, NAMES, make_campaign

from ptce.evaluation.models import CampaignStatus

pytestmark = pytest.mark.django_db

URL = "observatory-referential"


@pytest.fixture
def poles(make_pole):
    sharing = make_pole("pole-partage", name="Pôle qui partage", shares_with_observatory=True)
    make_campaign(
        sharing,
        {"A1.1": [0]},
        {"A1.1": (10, 0)},
        status=CampaignStatus.PUBLISHED,
        reference_date=dt.date(2024, 12, 31),
        title="Campagne 2024",
    )
    make_campaign(
        sharing, ANSWERS, MEASURES, status=CampaignStatus.PUBLISHED, title="Campagne 2026"
    )
    # Sharing, but its only campaign is not published yet.
    waiting = make_pole("pole-en-attente", name="Pôle en attente", shares_with_observatory=True)
    make_campaign(waiting, ANSWERS, MEASURES, status=CampaignStatus.CLOSED)
    # Published, but the pole did not agree to share.
    private = make_pole("pole-discret", name="Pôle discret")
    make_campaign(private, ANSWERS, MEASURES, status=CampaignStatus.PUBLISHED)
    return {"sharing": sharing, "waiting": waiting, "private": private}


def test_observers_see_the_latest_published_campaign_of_consenting_poles_only(
    client, make_user, poles
):
    client.force_login(make_user("obs", pole=poles["private"], role="observer"))
    response = client.get(reverse(URL))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Pôle qui partage" in html and "Campagne 2026" in html
    assert "Campagne 2024" not in html  # only the latest published one
    assert "Pôle discret" not in html  # did not agree, even to its own observer
    assert "Pôle en attente" in html  # named among those with nothing published yet
    table = html[html.index('id="observatoire-objectifs-v2026"') :]
    b1 = table[table.index("B1 Coopérer") :]
    b1 = b1[: b1.index("</tr>")]
    assert ">3<" in b1 and ">1<" in b1  # declared 3, measured 1
    indicators = html[html.index('id="observatoire-indicateurs-v2026"') :]
    a11 = indicators[indicators.index("A1.1 ") :]
    assert ">3<" in a11[: a11.index("</tr>")]  # A1.1's measured score
    assert "A1.4" not in indicators[: indicators.index("</table>")]  # declared: no score


def test_no_personal_data_and_no_comment(client, make_user, poles):
    client.force_login(make_user("obs", pole=poles["sharing"], role="observer"))
    html = client.get(reverse(URL)).content.decode()
    for name in NAMES:
        assert name not in html
    assert "Le diagnostic date de 2019" not in html


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("coordinator", 403),
        ("member", 403),
        ("funder", 403),
        ("observer", 200),
    ],
)
def test_only_observers_and_staff(client, make_user, poles, role, status):
    client.force_login(make_user("u", pole=poles["sharing"], role=role))
    assert client.get(reverse(URL)).status_code == status


def test_staff_without_a_role(client, make_user, poles):
    user = make_user("admin")
    user.is_staff = True
    user.save()
    client.force_login(user)
    assert client.get(reverse(URL)).status_code == 200


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse(URL))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_queries_grow_with_poles_not_with_answers(
    client, make_user, make_pole, poles, django_assert_max_num_queries
):
    for index in range(3):
        pole = make_pole(f"pole-{index}", shares_with_observatory=True)
        make_campaign(pole, ANSWERS, MEASURES, status=CampaignStatus.PUBLISHED)
    client.force_login(make_user("obs", pole=poles["sharing"], role="observer"))
    with django_assert_max_num_queries(10 + 5 * 5):
        assert client.get(reverse(URL)).status_code == 200
