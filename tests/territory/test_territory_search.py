from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ptce.territory.search import search_communes, search_epcis

pytestmark = pytest.mark.django_db


def codes(query: str, limit: int = 20) -> list[str]:
    return [c.code for c in search_communes(query, limit)]


@pytest.mark.parametrize("query", ["st etienne", "Saint-Étienne", "ST-ETIENNE", "saint etienne"])
def test_saint_etienne_comes_first_however_it_is_typed(query):
    assert codes(query)[0] == "42218"


@pytest.mark.parametrize("query", ["ramonville", "Ramonville-St-Agne", "agne ramonville",
                                   "31520", "31446", "ramonville 31"])
def test_ramonville(query):
    assert codes(query)[0] == "31446"


def test_postcode_finds_every_commune_that_has_it():
    assert "31446" in codes("31520")
    assert "75056" in codes("75011")


def test_corsican_insee_codes():
    assert codes("2A004")[0] == "2A004"
    assert codes("2a004")[0] == "2A004"
    assert codes("2B033")[0] == "2B033"  # Bastia


def test_apostrophes_and_accents():
    assert codes("l'hay les roses")[0] == "94038"
    assert codes("Ile d Yeu")[0] == "85113"


def test_ranking_exact_then_prefix_then_population():
    results = search_communes("toulouse")
    assert results[0].code == "31555"
    prefix = [c for c in results if c.search_name.startswith("toulouse")]
    others = [c for c in results if not c.search_name.startswith("toulouse")]
    assert results == prefix + others
    populations = [c.population or 0 for c in others]
    assert populations == sorted(populations, reverse=True)


def test_departement_code_narrows_homonyms():
    assert {c.departement_id for c in search_communes("saint denis 93")} == {"93"}


def test_limit_and_empty_queries():
    assert len(search_communes("saint", limit=7)) == 7
    assert search_communes("") == []
    assert search_communes("  ' - ") == []
    assert search_communes("zzzzqqq") == []


def test_each_search_is_one_query():
    with CaptureQueriesContext(connection) as queries:
        results = search_communes("st etienne")
        [str(c.departement) + str(c.epci) for c in results]
        search_epcis("sicoval")
    assert len(queries) == 2


def test_search_epcis_by_name_and_siren():
    assert search_epcis("sicoval")[0].code == "243100633"
    assert search_epcis("Sicoval")[0].commune_count == 36
    assert search_epcis("243100633")[0].name == "CA du Sicoval"
    assert search_epcis("toulouse metropole")[0].code == "243100518"
    assert search_epcis("") == []
