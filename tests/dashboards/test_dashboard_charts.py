"""Charts are valid, accessible, deterministic inline SVG."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest

from ptce.core import charts

SVG = "{http://www.w3.org/2000/svg}"
D = dt.date


def _line(**overrides) -> str:
    arguments = {
        "chart_id": "participation",
        "title": "Personnes & structures <présentes>",
        "x": [D(2024, 1, 10), D(2024, 2, 10), D(2024, 4, 10)],
        "series": {"Personnes": [2, None, 4], "Structures": [2, 2, 3]},
        "y_label": "Nombre",
    }
    return charts.line_chart(**{**arguments, **overrides})


CHARTS = {
    "line": _line,
    "bar": lambda: charts.bar_chart(
        chart_id="etats",
        title="Actions par état",
        labels=["Faites", "En retard", "Abandonnées"],
        values=[3, 1, 0],
        value_texts=["3", "1", "0"],
    ),
    "bar-percent": lambda: charts.bar_chart(
        chart_id="taux",
        title="Taux",
        labels=["Salarié·e", "Bénévole"],
        values=[0.5, None],
        percent=True,
        missing_text="non mesurable",
    ),
    "stacked": lambda: charts.stacked_bar_chart(
        chart_id="venus",
        title="Nouveaux venus",
        labels=[f"{day:02d}/01/24" for day in range(1, 13)],
        series={"Nouveaux": list(range(12)), "Déjà venus": [1] * 12},
    ),
}


@pytest.mark.parametrize("name", CHARTS)
def test_chart_is_valid_svg_with_an_accessible_name(name):
    svg = CHARTS[name]()
    root = ET.fromstring(svg)  # no XML declaration, no DOCTYPE: ready to inline
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-label")
    assert root.find(f"{SVG}title").text == root.get("aria-label")
    assert not svg.startswith("<?xml") and "<!DOCTYPE" not in svg
    # Text stays text, in the platform's font.
    assert list(root.iter(f"{SVG}text"))
    assert "DejaVu Sans" in svg


def test_title_is_escaped():
    root = ET.fromstring(_line())
    assert root.get("aria-label") == "Personnes & structures <présentes>"


@pytest.mark.parametrize("name", CHARTS)
def test_chart_is_deterministic(name):
    assert CHARTS[name]() == CHARTS[name]()


def test_ids_are_prefixed_so_charts_can_share_a_page():
    first, second = _line(chart_id="a"), _line(chart_id="b")
    ids_a = set(re.findall(r'\bid="([^"]+)"', first))
    ids_b = set(re.findall(r'\bid="([^"]+)"', second))
    assert ids_a and not ids_a & ids_b
    assert all(value.startswith("a-") for value in ids_a)
    # Every reference points at an id of the same chart.
    for reference in re.findall(r"url\(#([^)]+)\)", first):
        assert reference in ids_a


def test_missing_values_are_written_not_drawn_as_zero():
    svg = CHARTS["bar-percent"]()
    assert "non mesurable" in svg


def test_no_creation_date_in_the_output():
    assert "<dc:date>" not in _line()


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("colour", [*charts.PALETTE, charts.INK, charts.MUTED])
def test_colours_reach_aa_contrast_on_white(colour):
    ratio = 1.05 / (_luminance(colour) + 0.05)
    assert ratio >= 4.5, (colour, round(ratio, 2))


def test_empty_series_still_draw():
    ET.fromstring(charts.line_chart(chart_id="vide", title="Rien", x=[], series={"a": []}))


def test_a_chart_drawn_again_with_the_same_data_comes_from_the_cache():
    from ptce.core import charts

    arguments = {"chart_id": "memo", "title": "Mémo", "labels": ["a", "b"], "values": [1, 2]}
    first = charts.bar_chart(**arguments)
    cached = len(charts._cache)
    assert charts.bar_chart(**arguments) == first
    assert len(charts._cache) == cached
    assert charts.bar_chart(**{**arguments, "values": [1, 3]}) != first
