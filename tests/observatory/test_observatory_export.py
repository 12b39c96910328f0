"""`ptce export poles`: consenting poles only, no personal data, formats that parse back."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from observatory_fixtures import SECRET_PERSON, make_observatory_poles

from ptce.observatory import opendata

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def poles(make_pole):
    return make_observatory_poles(make_pole)


def _export(*args: str) -> str:
    out = io.StringIO()
    call_command("export", "poles", *args, stdout=out)
    return out.getvalue()


def _no_personal_data(text: str) -> None:
    for secret in (*SECRET_PERSON, "hortense@example.org", "Atelier des Dunes", "Pôle Discret"):
        assert secret not in text


def test_csv_parses_back_with_one_row_per_consenting_pole(poles):
    text = _export("--format", "csv")
    _no_personal_data(text)
    rows = list(csv.DictReader(io.StringIO(text)))
    # Sorted by name, like every observatory page.
    assert [row["name"] for row in rows] == ["Pôle de Vilaine", "Pôle des Landes"]
    by_slug = {row["slug"]: row for row in rows}
    assert set(by_slug) == {"pole-landes", "pole-vilaine"}
    landes = by_slug["pole-landes"]
    assert list(landes) == list(opendata.FIELD_NAMES)
    assert landes["departement"] == "40" and landes["region_name"] == "Nouvelle-Aquitaine"
    assert landes["member_count"] == "3" and landes["ess_share"] == "0.6667"
    assert landes["families_ess_enterprise"] == "2" and landes["families_public_body"] == "1"
    assert landes["laureate_2013"] == "true" and landes["calls_won"] == "state_2013:2013"
    assert landes["employer_group"] == "true" and landes["showcase_place"] == "true"
    assert landes["synthetic_data"] == "false"
    vilaine = by_slug["pole-vilaine"]
    # Unknown stays empty, never "false" or 0.
    assert vilaine["showcase_place"] == "" and vilaine["legal_form"] == ""
    assert vilaine["departement"] == "56"


def test_french_dialect_uses_semicolons_and_decimal_commas(poles):
    text = _export("--format", "csv", "--dialect", "fr")
    assert text.startswith("\ufeff")  # Excel reads the accents
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    landes = next(row for row in rows if row["slug"] == "pole-landes")
    assert landes["ess_share"] == "0,6667"
    assert re.fullmatch(r"-?\d+,\d+", landes["longitude"])
    assert landes["name"] == "Pôle des Landes"


def test_json_parses_back(poles):
    document = json.loads(_export("--format", "json"))
    assert document["schema"] == "ptce-poles" and document["schema_version"] == 1
    landes = next(p for p in document["poles"] if p["slug"] == "pole-landes")
    assert landes["calls_won"] == [{"call": "state_2013", "year": 2013}]
    assert landes["member_count"] == 3 and landes["territory_communes"] == 2
    assert landes["showcase_place"] is True
    assert next(p for p in document["poles"] if p["slug"] == "pole-vilaine")["origin"] == (
        "citizen_associative"
    )
    _no_personal_data(json.dumps(document, ensure_ascii=False))


def test_geojson_is_a_feature_collection_of_points(poles, tmp_path):
    target = tmp_path / "poles.geojson"
    call_command("export", "poles", "--format", "geojson", "--output", str(target),
                 stderr=io.StringIO())
    document = json.loads(target.read_text("utf-8"))
    assert document["type"] == "FeatureCollection"
    features = {f["id"]: f for f in document["features"]}
    assert set(features) == {"pole-landes", "pole-vilaine"}
    for feature in features.values():
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert -5.2 < lon < 9.6 and 41.3 < lat < 51.1  # metropolitan France
        assert feature["properties"]["location_precision"] == "departement"
    lon, lat = features["pole-landes"]["geometry"]["coordinates"]
    assert -1.5 < lon < 0.2 and 43.5 < lat < 44.6  # the Landes


def test_a_pole_without_territory_has_no_geometry(make_pole):
    make_pole("sans-lieu", shares_with_observatory=True)
    document = json.loads(_export("--format", "geojson"))
    assert document["features"][0]["geometry"] is None
    assert document["features"][0]["properties"]["departement"] is None


def test_usage_errors_exit_with_2(poles):
    with pytest.raises(CommandError) as error:
        _export("--format", "json", "--dialect", "fr")
    assert error.value.returncode == 2
    with pytest.raises(CommandError) as error:
        _export("--format", "xlsx")
    assert error.value.returncode == 2
    with pytest.raises(CommandError) as error:
        _export("--output", "/nonexistent-dir/poles.csv")
    assert error.value.returncode == 2


def test_the_schema_document_describes_every_field():
    text = (ROOT / "docs" / "opendata-schema.md").read_text("utf-8")
    documented = re.findall(r"^\| `([a-z_0-9]+)` \| (\w+) \|", text, re.M)
    assert [name for name, _type in documented] == list(opendata.FIELD_NAMES)
    assert dict(documented) == dict(opendata.FIELDS)
