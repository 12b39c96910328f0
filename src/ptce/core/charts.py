"""Server-side charts: small, deterministic, accessible SVG drawn with matplotlib.

Every chart is a string of inline SVG with `role="img"`, an `aria-label` and a `<title>`; the
page that shows it always gives the same figures as a table too (a chart alone is not
accessible). Text stays text (`svg.fonttype = "none"`) in DejaVu Sans, the platform's font.

The output is deterministic: no creation date, a fixed hash salt, and element ids prefixed
with the chart's id so that several charts can sit on one page without clashing ids. Tests can
therefore compare two renderings byte for byte.

matplotlib is imported inside the functions: it takes a noticeable time to import, and only
the dashboard pages need it. The object-oriented API (`Figure`, no `pyplot`) keeps no global
figure state between requests; the rc settings are applied through `rc_context` for the
duration of one drawing.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from functools import wraps
from html import escape
from typing import Any

__all__ = ["PALETTE", "bar_chart", "line_chart", "stacked_bar_chart"]

# Each colour reaches 4.5:1 against white (WCAG 2.1 AA for text, more than the 3:1 that
# graphical objects need), and consecutive colours differ in hue so adjacent series are told
# apart; series are also named in the legend and the table.
PALETTE = (
    "#0b4f8a",  # blue, the platform's accent
    "#b03a00",  # rust
    "#165c2b",  # green
    "#6a3d9a",  # purple
    "#6b3d00",  # brown
    "#a4001d",  # red
    "#4a4a4a",  # grey
)
INK = "#1b1b1b"
MUTED = "#4a4a4a"
GRID = "#c9c9c9"

WIDTH_IN, HEIGHT_IN = 7.2, 3.2
_RC = {
    "svg.fonttype": "none",
    "svg.hashsalt": "ptce",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "text.color": INK,
    "axes.labelcolor": INK,
    "axes.edgecolor": MUTED,
    "xtick.color": MUTED,
    "ytick.color": MUTED,
    "axes.spines.top": False,
    "axes.spines.right": False,
}

Number = float | int | None


def _value(value: Number) -> float:
    # None and NaN mean "not measurable": drawn as a gap, never as 0.
    if value is None:
        return math.nan
    return float(value)


def _new_axes(figsize: tuple[float, float] | None = None) -> tuple[Any, Any]:
    from matplotlib.figure import Figure

    # No layout engine: `bbox_inches="tight"` at save time fits the labels for less work.
    figure = Figure(figsize=figsize or (WIDTH_IN, HEIGHT_IN))
    axes = figure.add_subplot()
    axes.grid(axis="y", color=GRID, linewidth=0.6)
    axes.set_axisbelow(True)
    return figure, axes


def _percent_axis(axes: Any, *, axis: str = "y") -> None:
    from matplotlib.ticker import PercentFormatter

    target = axes.yaxis if axis == "y" else axes.xaxis
    target.set_major_formatter(PercentFormatter(xmax=1, decimals=0))


def _integer_axis(axes: Any, *, axis: str = "y") -> None:
    from matplotlib.ticker import MaxNLocator

    target = axes.yaxis if axis == "y" else axes.xaxis
    target.set_major_locator(MaxNLocator(integer=True))


def _svg(figure: Any, *, chart_id: str, title: str) -> str:
    buffer = io.StringIO()
    figure.savefig(
        buffer, format="svg", metadata={"Date": None}, bbox_inches="tight", pad_inches=0.08
    )
    text = buffer.getvalue()
    # Inline SVG needs neither the XML declaration nor the DOCTYPE.
    text = text[text.index("<svg") :]
    # The RDF metadata block only names the format and the creator: dead weight in a page.
    text = re.sub(r"\s*<metadata>.*?</metadata>", "", text, count=1, flags=re.DOTALL)
    # matplotlib names every group; only the ids something points at are kept (a lighter page),
    # and those are prefixed with the chart id, since ids are unique per document.
    referenced = set(re.findall(r"url\(#([^)]+)\)", text)) | set(
        re.findall(r'href="#([^"]+)"', text)
    )
    text = re.sub(r' id="([^"]+)"', lambda m: m.group(0) if m.group(1) in referenced else "", text)
    prefix = re.sub(r"[^A-Za-z0-9_-]", "-", chart_id)
    text = re.sub(r'\bid="([^"]+)"', rf'id="{prefix}-\1"', text)
    text = re.sub(r"url\(#([^)]+)\)", rf"url(#{prefix}-\1)", text)
    text = re.sub(r'href="#([^"]+)"', rf'href="#{prefix}-\1"', text)
    label = escape(title, quote=True)
    # The fixed size in points gives way to the viewBox, so the chart follows the page width.
    text = re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r"<svg\1", text, count=1)
    opening_end = text.index(">") + 1
    opening = text[: opening_end - 1] + (
        f' role="img" aria-label="{label}" class="chart"'
        ' style="width: 100%; max-width: 48rem; height: auto">'
    )
    return f"{opening}\n <title>{label}</title>{text[opening_end:]}"


def _draw(build: Any, *, chart_id: str, title: str) -> str:
    import matplotlib

    with matplotlib.rc_context(_RC):
        figure = build()
        return _svg(figure, chart_id=chart_id, title=title)


def _legend(axes: Any, count: int) -> None:
    # Above the plot, in one row: beside it, the legend would take width from the data.
    if count > 1:
        axes.legend(
            frameon=False, loc="lower left", bbox_to_anchor=(0, 1.0), ncols=count, borderaxespad=0
        )


# Beyond this many points, every point is no longer marked (only isolated ones are).
MAX_MARKED_POINTS = 60


def _break_gaps(
    x: Sequence[Any], columns: list[list[float]], max_gap: Any
) -> tuple[list[Any], list[list[float]]]:
    """Insert a missing point wherever consecutive x values are more than `max_gap` apart."""
    if max_gap is None or len(x) < 2:
        return list(x), columns
    new_x: list[Any] = [x[0]]
    new_columns = [[column[0]] for column in columns]
    for i in range(1, len(x)):
        if x[i] - x[i - 1] > max_gap:
            new_x.append(x[i - 1] + (x[i] - x[i - 1]) / 2)
            for new_column in new_columns:
                new_column.append(math.nan)
        new_x.append(x[i])
        for new_column, column in zip(new_columns, columns, strict=True):
            new_column.append(column[i])
    return new_x, new_columns


def _isolated(values: list[float]) -> list[int]:
    """Positions of the values with no value on either side: a line alone would not show them."""
    present = [not math.isnan(v) for v in values]
    last = len(values) - 1
    return [
        i
        for i, here in enumerate(present)
        if here and (i == 0 or not present[i - 1]) and (i == last or not present[i + 1])
    ]


# Drawing an SVG with matplotlib costs 0.1–0.3 s; the output depends only on the arguments, so
# a dashboard seen again with unchanged data reuses its charts. Bounded, per process.
_CACHE_SIZE = 256
_cache: OrderedDict[str, str] = OrderedDict()
_cache_lock = threading.Lock()


def _memoised(chart: Callable[..., str]) -> Callable[..., str]:
    @wraps(chart)
    def wrapper(**kwargs: Any) -> str:
        key = f"{chart.__name__}:{kwargs!r}"
        with _cache_lock:
            if key in _cache:
                _cache.move_to_end(key)
                return _cache[key]
        svg = chart(**kwargs)
        with _cache_lock:
            _cache[key] = svg
            while len(_cache) > _CACHE_SIZE:
                _cache.popitem(last=False)
        return svg

    return wrapper


@_memoised
def line_chart(
    *,
    chart_id: str,
    title: str,
    x: Sequence[Any],
    series: Mapping[str, Sequence[Number]],
    y_label: str = "",
    percent: bool = False,
    max_gap: Any = None,
) -> str:
    """Lines over `x` (dates, shown as mm/yyyy, or numbers), one per entry of `series`.

    A missing value (None or NaN) breaks the line instead of dropping it to 0, and so does a
    gap in `x` wider than `max_gap` (e.g. a `timedelta`): a line across a year without
    meetings would suggest values that were never measured. Every point is marked when there
    are few of them; otherwise only the isolated ones, which no line segment would show.
    """

    def build() -> Any:
        figure, axes = _new_axes()
        dates = bool(x) and isinstance(x[0], dt.date)
        columns = [[_value(v) for v in values] for values in series.values()]
        xs, columns = _break_gaps(x, columns, max_gap)
        mark_all = len(x) <= MAX_MARKED_POINTS
        for index, (label, ys) in enumerate(zip(series, columns, strict=True)):
            colour = PALETTE[index % len(PALETTE)]
            axes.plot(
                xs,
                ys,
                label=label,
                color=colour,
                linewidth=1.6,
                marker="o" if mark_all else None,
                markersize=3.5,
            )
            if not mark_all:
                alone = _isolated(ys)
                if alone:
                    axes.plot(
                        [xs[i] for i in alone],
                        [ys[i] for i in alone],
                        linestyle="none",
                        marker="o",
                        markersize=3,
                        color=colour,
                    )
        if dates:
            from matplotlib.dates import AutoDateLocator, DateFormatter

            axes.xaxis.set_major_locator(AutoDateLocator(minticks=3, maxticks=8))
            # Numeric months: the same in French and in English, no locale needed.
            axes.xaxis.set_major_formatter(DateFormatter("%m/%Y"))
        if percent:
            _percent_axis(axes)
            axes.set_ylim(0, 1.05)
        else:
            _integer_axis(axes)
            axes.set_ylim(bottom=0)
        axes.set_ylabel(y_label)
        _legend(axes, len(series))
        return figure

    return _draw(build, chart_id=chart_id, title=title)


@_memoised
def bar_chart(
    *,
    chart_id: str,
    title: str,
    labels: Sequence[str],
    values: Sequence[Number],
    value_label: str = "",
    percent: bool = False,
    horizontal: bool = True,
    missing_text: str = "—",
    value_texts: Sequence[str] | None = None,
) -> str:
    """One bar per label. Horizontal by default: long French labels stay readable.

    A missing value gets no bar but `missing_text` in its place, so "not measurable" is never
    drawn as 0. `value_texts`, when given, writes each value at the end of its bar, formatted
    by the caller (who knows the language: "67 %" in French).
    """

    def build() -> Any:
        height = max(1.6, 0.9 + 0.34 * len(labels)) if horizontal else HEIGHT_IN
        figure, axes = _new_axes((WIDTH_IN, height))
        numbers = [_value(v) for v in values]
        positions = list(range(len(labels)))
        drawn = [0.0 if math.isnan(n) else n for n in numbers]
        if horizontal:
            axes.grid(axis="y", visible=False)
            axes.grid(axis="x", color=GRID, linewidth=0.6)
            axes.barh(positions, drawn, color=PALETTE[0], height=0.6)
            axes.set_yticks(positions, list(labels))
            axes.invert_yaxis()  # first label on top, as in the table
            axes.set_xlabel(value_label)
            axis = "x"
        else:
            axes.bar(positions, drawn, color=PALETTE[0], width=0.6)
            axes.set_xticks(positions, list(labels))
            axes.set_ylabel(value_label)
            axis = "y"
        texts = list(value_texts) if value_texts is not None else [None] * len(labels)
        for position, number, text in zip(positions, numbers, texts, strict=True):
            if math.isnan(number):
                text, color, at = missing_text, MUTED, 0.0
            elif text is None:
                continue
            else:
                color, at = INK, number
            axes.annotate(
                text,
                (at, position) if horizontal else (position, at),
                xytext=(4, 0) if horizontal else (0, 4),
                textcoords="offset points",
                va="center" if horizontal else "bottom",
                ha="left" if horizontal else "center",
                color=color,
            )
        # Room after the longest bar for its value.
        headroom = 1.18 if value_texts is not None else 1.05
        if percent:
            _percent_axis(axes, axis=axis)
            (axes.set_xlim if horizontal else axes.set_ylim)(0, headroom)
        else:
            _integer_axis(axes, axis=axis)
            top = max(drawn, default=0.0) or 1.0
            (axes.set_xlim if horizontal else axes.set_ylim)(0, top * headroom)
        return figure

    return _draw(build, chart_id=chart_id, title=title)


@_memoised
def stacked_bar_chart(
    *,
    chart_id: str,
    title: str,
    labels: Sequence[str],
    series: Mapping[str, Sequence[Number]],
    y_label: str = "",
) -> str:
    """Vertical bars, one per label, each split into the stacked `series` (counts).

    Segments are separated by a thin white line so that adjacent colours stay distinct.
    """

    def build() -> Any:
        figure, axes = _new_axes()
        positions = list(range(len(labels)))
        bottoms = [0.0] * len(labels)
        for index, (label, values) in enumerate(series.items()):
            heights = [0.0 if math.isnan(_value(v)) else _value(v) for v in values]
            axes.bar(
                positions,
                heights,
                bottom=bottoms,
                label=label,
                color=PALETTE[index % len(PALETTE)],
                edgecolor="#ffffff",
                linewidth=0.8,
                width=0.7,
            )
            bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
        axes.set_xticks(positions, list(labels))
        if len(labels) > 8:
            for tick in axes.get_xticklabels():
                tick.set_rotation(45)
                tick.set_horizontalalignment("right")
        _integer_axis(axes)
        axes.set_ylabel(y_label)
        _legend(axes, len(series))
        return figure

    return _draw(build, chart_id=chart_id, title=title)


# --- radar (the référentiel's main objectives) ---------------------------------------------------

__all__ += ["radar_chart"]

RADAR_SIZE_IN = 5.6


@_memoised
def radar_chart(
    *,
    chart_id: str,
    title: str,
    labels: Sequence[str],
    series: Mapping[str, Sequence[Number]],
    max_value: float = 4,
) -> str:
    """One spoke per label (e.g. the nine main objectives), one closed line per entry of `series`.

    Values run from 0 at the centre to `max_value` at the rim, the rings numbered (the page
    says what each level means). A missing value (None or NaN) leaves its point
    out and breaks the line on both sides: "not measurable" is never drawn as 0. The first
    series is drawn solid and filled lightly, the others dashed, so that they are told apart
    without colour; each point is marked, and the legend names every series.
    """

    def build() -> Any:
        from matplotlib.figure import Figure

        count = len(labels)
        figure = Figure(figsize=(RADAR_SIZE_IN, RADAR_SIZE_IN))
        axes = figure.add_subplot(projection="polar")
        axes.set_theta_offset(math.pi / 2)  # first spoke at the top
        axes.set_theta_direction(-1)  # clockwise, as one reads
        angles = [2 * math.pi * i / count for i in range(count)] if count else []
        axes.set_xticks(angles, list(labels))
        axes.tick_params(axis="x", pad=6, colors=INK)
        rings = list(range(int(max_value) + 1))
        axes.set_ylim(0, max_value)
        axes.set_yticks(rings, [str(r) for r in rings])
        # The ring numbers sit between the first two spokes, clear of the lines.
        axes.set_rlabel_position(180 / max(count, 1))
        axes.tick_params(axis="y", labelsize=7, colors=MUTED)
        axes.grid(color=GRID, linewidth=0.6)
        axes.spines["polar"].set_color(MUTED)
        styles = ("-", "--", ":", "-.")
        for index, (label, values) in enumerate(series.items()):
            colour = PALETTE[index % len(PALETTE)]
            numbers = [_value(v) for v in values]
            # Closed: the last spoke joins the first again.
            xs, ys = [*angles, *angles[:1]], [*numbers, *numbers[:1]]
            axes.plot(
                xs,
                ys,
                label=label,
                color=colour,
                linewidth=1.8,
                linestyle=styles[index % len(styles)],
                marker="os^D"[index % 4],
                markersize=4,
            )
            if index == 0 and not any(math.isnan(n) for n in numbers):
                axes.fill(xs, ys, color=colour, alpha=0.12)
        if len(series) > 1:
            axes.legend(
                frameon=False,
                loc="upper center",
                bbox_to_anchor=(0.5, -0.08),
                ncols=len(series),
                borderaxespad=0,
            )
        return figure

    return _draw(build, chart_id=chart_id, title=title)


# --- factor map (observatory typology) -----------------------------------------------------------

FACTOR_MAP_SIZE_IN = (7.2, 5.4)
# One marker shape per group, with its colour: groups are told apart without colour too.
GROUP_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "<", ">", "h")


@_memoised
def factor_map(
    *,
    chart_id: str,
    title: str,
    points: Sequence[tuple[str, float, float, str, bool]],
    groups: Sequence[tuple[str, str]] = (),
    x_label: str = "",
    y_label: str = "",
    hollow_label: str = "",
) -> str:
    """A plane of a factor analysis (e.g. Dim 1 × Dim 2 of an MCA): one labelled point each.

    `points` are (label, x, y, group key, hollow): a point of group `key` (see `groups`, pairs
    of key and legend label, in legend order) gets that group's colour and marker shape; a
    hollow point (a supplementary individual, placed on the map but not part of its
    computation) is drawn as an empty marker of its group, labelled in italics, and named in
    the legend by `hollow_label`. Points at the same place share one label ("A, B"); nothing
    is moved. Both axes keep the same scale, as factor maps must, and cross at the origin.
    """

    def build() -> Any:
        figure, axes = _new_axes(FACTOR_MAP_SIZE_IN)
        axes.grid(axis="both", color=GRID, linewidth=0.4)
        axes.axhline(0, color=MUTED, linewidth=0.8, linestyle="--")
        axes.axvline(0, color=MUTED, linewidth=0.8, linestyle="--")
        style = {
            key: (PALETTE[i % len(PALETTE)], GROUP_MARKERS[i % len(GROUP_MARKERS)], label)
            for i, (key, label) in enumerate(groups)
        }
        default = (INK, "o", "")
        labelled: dict[tuple[float, float, bool], list[str]] = {}
        for key in [*style, None]:
            colour, marker, label = style.get(key, default) if key is not None else default
            for hollow in (False, True):
                chosen = [p for p in points if (p[3] if p[3] in style else None) == key
                          and p[4] == hollow]
                if not chosen:
                    continue
                axes.scatter(
                    [p[1] for p in chosen],
                    [p[2] for p in chosen],
                    s=36,
                    marker=marker,
                    facecolors="none" if hollow else colour,
                    edgecolors=colour,
                    linewidths=1.4 if hollow else 0.6,
                    label=None if hollow else (label or None),
                    zorder=3,
                )
                for p in chosen:
                    spot = (round(p[1], 3), round(p[2], 3), hollow)
                    labelled.setdefault(spot, []).append(p[0])
        for (x, y, hollow), names in labelled.items():
            axes.annotate(
                ", ".join(names),
                (x, y),
                xytext=(5, 4),
                textcoords="offset points",
                fontsize=7,
                fontstyle="italic" if hollow else "normal",
                color=INK,
                zorder=4,
            )
        if any(p[4] for p in points) and hollow_label:
            axes.scatter([], [], s=36, marker="o", facecolors="none", edgecolors=INK,
                         linewidths=1.4, label=hollow_label)
        axes.set_aspect("equal", adjustable="datalim")
        axes.margins(0.12)
        axes.set_xlabel(x_label)
        axes.set_ylabel(y_label)
        handles, _labels = axes.get_legend_handles_labels()
        if handles:
            axes.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0),
                        borderaxespad=0, fontsize=8)
        return figure

    return _draw(build, chart_id=chart_id, title=title)
