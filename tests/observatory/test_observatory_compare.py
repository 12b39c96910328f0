"""Poles side by side: consenting poles only, aggregates only, in a bounded number of queries."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pandas as pd
import pytest
from django.urls import reverse
from observatory_fixtures import ASSOCIATION, SECRET_PERSON, add_members, make_observatory_poles

from ptce.evaluation.models import CampaignStatus
from ptce.observatory import selectors
from ptce_analytics.economics import resource_mix

pytestmark = pytest.mark.django_db

URL = "observatory-compare"


@pytest.fixture
def poles(make_pole):
    return make_observatory_poles(make_pole)


@pytest.fixture
def observer(client, make_user, poles):
    client.force_login(make_user("obs", pole=poles["discret"], role="observer"))
    return client


def _row(html: str, table_id: str, label: str) -> str:
    table = html[html.index(f'id="{table_id}"') :]
    table = table[: table.index("</table>")]
    row = table[table.index(f">{label}<") :]
    return row[: row.index("</tr>")]


def test_facts_of_a_pole_read_in_its_scope(poles):
    facts = {f.pole.slug: f for f in selectors.pole_facts(selectors.consenting_poles())}
    assert set(facts) == {"pole-landes", "pole-vilaine"}
    landes, vilaine = facts["pole-landes"], facts["pole-vilaine"]
    assert landes.departement == "40" and landes.region_name == "Nouvelle-Aquitaine"
    assert landes.members.members == 3 and landes.members.ess_share == pytest.approx(2 / 3)
    assert landes.members_by_departement == {"40": 2, None: 1}
    assert landes.laureate_2013 and landes.employer_group
    assert landes.territory.communes == 2
    # The seat decides over the intercommunality's larger share in Ille-et-Vilaine.
    assert vilaine.departement == "56"
    assert not vilaine.laureate_2013 and not vilaine.employer_group
    assert vilaine.size_class == "lt10"


def test_observers_see_consenting_poles_side_by_side_without_people(observer, poles):
    html = observer.get(reverse(URL)).content.decode()
    assert "Pôle des Landes" in html and "Pôle de Vilaine" in html
    # The observer's own pole did not agree to share: absent, like any other.
    assert "Pôle Discret" not in html
    assert SECRET_PERSON[1] not in html and "hortense@example.org" not in html
    # No structure is named either: only counts.
    assert "Atelier des Dunes" not in html
    members = _row(html, "comparer-registre", "Structures membres")
    assert ">3<" in members and ">2<" in members
    assert "67\u00a0%" in _row(html, "comparer-registre", "Part de structures de l&#x27;ESS")
    assert "Landes (40)" in _row(html, "comparer-registre", "Département")


def test_economics_of_the_last_complete_year(observer, poles):
    html = observer.get(reverse(URL)).content.decode()
    year = str(dt.date.today().year - 1)
    assert year in _row(html, "comparer-economie", "Dernière année complète")
    assert "40\u00a0000\u00a0€" in _row(html, "comparer-economie", "Budget de fonctionnement")
    assert "75\u00a0%" in _row(html, "comparer-economie", "Part d&#x27;argent public")
    assert "25\u00a0%" in _row(html, "comparer-economie", "Part de ressources propres")
    # A pole without funding lines: not measurable, never 0.
    assert "aucune année complète" in _row(html, "comparer-economie", "Budget de fonctionnement")


def test_a_running_year_is_not_complete():
    frame = pd.DataFrame(
        {
            "line_id": [1, 2], "year": [2025, 2026], "source_kind": ["dues", "dues"],
            "funder": [None, None], "amount": ["10", "20"], "agreement_start": [None, None],
            "agreement_end": [None, None], "section": ["operating", "operating"],
        }
    )
    mix = resource_mix(frame)
    assert selectors.last_complete_year(mix, today=dt.date(2026, 6, 1)).year == 2025
    assert selectors.last_complete_year(mix, today=dt.date(2027, 1, 1)).year == 2026
    assert selectors.last_complete_year(mix, today=dt.date(2025, 6, 1)) is None


def test_queries_do_not_grow_with_the_size_of_the_poles(
    observer, poles, django_assert_max_num_queries
):
    with django_assert_max_num_queries(60) as small:
        observer.get(reverse(URL))
    for pole in (poles["landes"], poles["vilaine"]):
        add_members(pole, [(f"Structure {i}", ASSOCIATION, "40312") for i in range(40)])
    with django_assert_max_num_queries(len(small.captured_queries)):
        observer.get(reverse(URL))


def test_referential_scores_of_the_latest_published_campaign(observer, poles):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "evaluation"))
    from report_fixtures import ANSWERS, MEASURES, NAMES, make_campaign

    make_campaign(poles["landes"], ANSWERS, MEASURES, status=CampaignStatus.PUBLISHED,
                  title="Campagne publiée")
    make_campaign(poles["vilaine"], ANSWERS, MEASURES, status=CampaignStatus.CLOSED,
                  title="Campagne fermée")
    html = observer.get(reverse(URL)).content.decode()
    campaigns = _row(html, "comparer-referentiel", "Campagne")
    assert "Campagne publiée" in campaigns and "Campagne fermée" not in campaigns
    assert "aucune campagne publiée" in campaigns
    # B1: declared 3 (two answers of 3), measured 1 (B1.1's score).
    table = html[html.index('id="comparer-referentiel"') :]
    b1 = table[table.index("B1 ") :]
    assert "3 / 1" in b1[: b1.index("</tr>")]
    for name in NAMES:  # respondents are people: never shown
        assert name not in html
