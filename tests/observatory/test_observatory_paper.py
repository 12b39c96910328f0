"""The paper's typology of the twelve pôles témoins, recomputed from the packaged data."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from ptce.observatory.selectors import paper_typology

pytestmark = pytest.mark.django_db

URL = "observatory-typology-paper"


def _counts(lines) -> dict[str, int]:
    return {line.code: line.count for line in lines}


def test_the_counts_are_the_papers():
    typology = paper_typology()
    assert len(typology.poles) == 12
    assert "le-periscope" not in {record["slug"] for record in typology.poles}
    # Territory types 4 / 1 / 4 / 3, activity families 3 / 4 / 5 (Podlewski 2014, II.1).
    assert _counts(typology.territory) == {
        "deindustrialised": 4, "periurban": 1, "rural": 4, "urban_priority_district": 3,
    }
    assert _counts(typology.activity) == {
        "production": 3, "services_engineering": 4, "creative_cultural": 5,
    }
    # Five laureates of the 2013 call, seven others (footnote 18).
    assert typology.laureates_2013.count == 5
    assert typology.others_2013.count == 7
    assert set(typology.laureates_2013.poles).isdisjoint(typology.others_2013.poles)
    # Employer groups: the five of the paper's text; the others are not documented, not "no".
    assert typology.employer_group.count == 5
    assert typology.employer_group_unknown.count == 7
    assert "Paris Mix" in typology.employer_group.poles
    # Every pole is listed exactly once in each table.
    names = sorted(record["name"] for record in typology.poles)
    for table in (typology.territory, typology.activity):
        assert sorted(name for line in table for name in line.poles) == names


def test_the_published_aggregates_are_the_papers():
    published = paper_typology().published
    assert published["origin_counts"] == {
        "citizen_associative": 9, "social_enterprise_group": 2, "employment_basin_committee": 1,
    }
    assert published["charismatic_leader_share"] * 12 == 9
    assert published["showcase_place_share"] == pytest.approx(0.60)


def _row(html: str, table_id: str, label: str) -> str:
    table = html[html.index(f'id="{table_id}"') :]
    table = table[: table.index("</table>")]
    row = table[table.index(label) :]
    return row[: row.index("</tr>")]


def _cell_count(row: str) -> int:
    return int(re.search(r'<td class="num">(\d+)</td>', row).group(1))


def test_the_page_shows_each_table_with_its_poles(client, make_pole, make_user):
    # Works on a database without the demo: the page reads the packaged data.
    client.force_login(make_user("obs", pole=make_pole("p"), role="observer"))
    response = client.get(reverse(URL))
    assert response.status_code == 200
    html = response.content.decode()
    expected = {
        ("temoins-territoires", "Territoire désindustrialisé"): 4,
        ("temoins-territoires", "Territoire périurbain"): 1,
        ("temoins-territoires", "Territoire rural"): 4,
        ("temoins-territoires", "Quartier populaire urbain"): 3,
        ("temoins-activites", "Activités de production"): 3,
        ("temoins-activites", "Activités de services et ingénierie de développement"): 4,
        ("temoins-activites", "Industries créatives et culturelles"): 5,
        ("temoins-appel-2013", "Lauréats de l&#x27;appel à projets 2013"): 5,
        ("temoins-appel-2013", "Autres pôles"): 7,
        ("temoins-groupements", "Avec un groupement d&#x27;employeurs"): 5,
    }
    for (table, label), count in expected.items():
        assert _cell_count(_row(html, table, label)) == count, label
    # Each pole is named in its line.
    assert "Domb&#x27;Innov" in _row(html, "temoins-territoires", "Territoire périurbain")
    tables = html[html.index('id="temoins-territoires"') : html.index('id="temoins-publies"')]
    assert "Le Périscope" not in tables


def test_the_published_aggregates_are_labelled_with_their_source(client, make_pole, make_user):
    client.force_login(make_user("obs", pole=make_pole("p"), role="observer"))
    html = client.get(reverse(URL)).content.decode()
    for key, shown in (
        ("origin_counts", ("Initiative citoyenne ou associative : 9", "emploi : 1")),
        ("charismatic_leader_share", ("9 sur 12",)),
        ("showcase_place_share", ("60\u00a0%",)),
    ):
        row = html[html.index(f'data-key="{key}"') :]
        row = row[: row.index("</tr>")]
        assert "publié" in row and "Podlewski (2014)" in row, key
        for text in shown:
            assert text in row, (key, text)
    assert "RIUESS" in html  # the full reference of the source
