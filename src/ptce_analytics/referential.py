"""The référentiel: general objectives, main objectives and indicators, with their scoring bands.

The research behind the platform describes a PTCE against a référentiel of 3 general objectives
and 9 main objectives, broken down into indicators. The original list of indicators is not
public, so the platform ships its own operational version, ``v2026`` (36 indicators, four per
main objective), as data: an observatory can edit it, load another version from a YAML or XLSX
file, and every result records which version it used.

Conventions shared by every function:

* an indicator is *measured* (kind ``"M"``, computed from the pole's data and scored through its
  bands) or *declared* (kind ``"D"``, only the members' judgement answers it: no bands);
* scores run from 0 to 4: absent, émergent, en construction, établi, exemplaire;
* a band is a half-open interval ``[from, to)``: a value exactly on a boundary falls in the
  upper band. The one exception is a point band such as "exactly 0", written
  ``{from: 0, to: 0, to_inclusive: true}``, which the band ``(0, …)`` then follows;
* a value that cannot be measured (None, NaN) has no score: None, never 0;
* loading validates the whole file and reports every error at once
  (:class:`ReferentialError`), each naming the indicator (or objective) and the field.

YAML schema
-----------
::

    version: v2026
    title: {fr: ..., en: ...}
    scale:                                   # the levels 0..4, in order
      - {score: 0, label: {fr: absent, en: absent}}
    general_objectives:
      - code: A                              # capital letters
        label: {fr: ..., en: ...}
        main_objectives:
          - code: A1                         # the general code and a number
            label: {fr: ..., en: ...}
            discussion: {fr: ..., en: ...}   # optional: leads when weak or disputed
            indicators:
              - code: A1.1                   # the main code, a dot and a number
                kind: M                      # M or D
                label: {fr: ..., en: ...}
                definition: {fr: ..., en: ...}
                unit: percent                # one of UNITS for M; null for D
                window_months: null          # 12 or 36 for "last 12/36 months", else null
                bands:                       # M only
                  - {score: 0, from: 0, to: 40}
                  - {score: 4, from: 90, to: null}

Every ``{fr, en}`` text needs its French text; English is optional (French stands in). A band
is ``{score, from, to, from_exclusive, to_inclusive}``: ``from``/``to`` are numbers or null
(unbounded), both flags default to false. The bands of an indicator are listed in increasing
order of values, touch without gap or overlap, start at 0 (included) or at null, end at null,
and their scores rise or fall steadily (strictly monotone; a score may be skipped). Percent
indicators hold percentages (0–100; growth rates may be negative), not shares.

XLSX schema
-----------
Sheet ``indicateurs``: one row per indicator under a header row naming the columns of
:data:`XLSX_COLUMNS`; those of :data:`XLSX_REQUIRED_COLUMNS` must be present. An objective's
labels and discussion may be given on its first row only: later rows leave them empty or repeat
them identically. ``bands`` is text such as ``[0,40)=0; [40,60)=1; …; [90,+inf)=4``: intervals
in bracket notation, ``=`` and the score, separated by ``;``, an empty or infinite bound
(``-inf``, ``+inf``, ``∞``) being unbounded, decimals written with a point. "Exactly 0" is
``[0,0]=0``, followed by ``(0,2)=1``.

Sheet ``referentiel``: columns ``key``, ``value``, ``value_en`` with the rows ``version``,
``title`` and ``scale_0`` … ``scale_4`` (French text in ``value``, English in ``value_en``).
:func:`write_referential_xlsx` writes such a workbook, e.g. v2026 as a template to start from.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib.resources import files
from itertools import pairwise
from numbers import Real
from pathlib import Path
from typing import IO, Any

import yaml

from ptce_analytics._frames import plain

__all__ = [
    "KINDS",
    "MAX_SCORE",
    "MIN_SCORE",
    "PACKAGED_VERSIONS",
    "UNITS",
    "XLSX_COLUMNS",
    "XLSX_REQUIRED_COLUMNS",
    "Band",
    "GeneralObjective",
    "Indicator",
    "MainObjective",
    "Referential",
    "ReferentialError",
    "Scored",
    "Text",
    "load_referential",
    "packaged_referential",
    "write_referential_xlsx",
]

MIN_SCORE = 0
MAX_SCORE = 4
KINDS = ("M", "D")
# A closed list: whoever displays a result must know how to format its unit.
UNITS = ("percent", "count", "fte", "ratio", "index", "euro")
PACKAGED_VERSIONS = ("v2026",)

XLSX_SHEET = "indicateurs"
XLSX_META_SHEET = "referentiel"
XLSX_COLUMNS = (
    "general_code",
    "general_label_fr",
    "general_label_en",
    "main_code",
    "main_label_fr",
    "main_label_en",
    "main_discussion_fr",
    "main_discussion_en",
    "code",
    "kind",
    "label_fr",
    "label_en",
    "definition_fr",
    "definition_en",
    "unit",
    "window_months",
    "bands",
)
XLSX_REQUIRED_COLUMNS = (
    "general_code",
    "general_label_fr",
    "main_code",
    "main_label_fr",
    "code",
    "kind",
    "label_fr",
    "label_en",
    "definition_fr",
    "unit",
    "window_months",
    "bands",
)

_TOP_KEYS = ("version", "title", "scale", "general_objectives")
_GENERAL_KEYS = ("code", "label", "main_objectives")
_MAIN_KEYS = ("code", "label", "discussion", "indicators")
_INDICATOR_KEYS = ("code", "kind", "label", "definition", "unit", "window_months", "bands")
_BAND_KEYS = ("score", "from", "to", "from_exclusive", "to_inclusive")
_GENERAL_CODE = re.compile(r"[A-Z]+")

# Values computed in floating point (0.29 * 100 = 28.999999999999996) must not slip into the
# band below a boundary they equal in exact arithmetic: values this close to a bound count as
# the bound itself.
_REL_TOLERANCE = 1e-9
_ABS_TOLERANCE = 1e-9

# A band whose text could not be read (XLSX): its error is already reported, and the checks
# that need the bands are skipped rather than piling up consequences of the same typo.
_UNREADABLE = object()


class ReferentialError(ValueError):
    """A référentiel that cannot be used; ``errors`` lists every problem found."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = list(errors)
        count = len(self.errors)
        heading = f"{count} error{'s' if count > 1 else ''} in the référentiel:"
        super().__init__("\n- ".join([heading, *self.errors]))


# --- data ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Text:
    """A text in French, and in English when it was translated."""

    fr: str
    en: str | None = None

    def get(self, language: str = "fr") -> str:
        """The text in `language` (``"fr"`` or ``"en"``); French when there is no English."""
        return self.en if language == "en" and self.en else self.fr

    def as_dict(self) -> dict[str, str | None]:
        return {"fr": self.fr, "en": self.en}


def _fmt(number: float | None, *, lower: bool) -> str:
    if number is None:
        return "−∞" if lower else "+∞"
    return f"{number:g}".replace("-", "−")


@dataclass(frozen=True, slots=True)
class Band:
    """A scoring band: the values from `lower` to `upper` score `score`.

    The interval is ``[lower, upper)`` unless `lower_exclusive` or `upper_inclusive` say
    otherwise; a None bound is unbounded.
    """

    score: int
    lower: float | None
    upper: float | None
    lower_exclusive: bool = False
    upper_inclusive: bool = False

    def contains(self, value: float) -> bool:
        """Whether `value` lies in the band (no tolerance: see :meth:`Indicator.score`)."""
        if self.lower is not None and (
            value < self.lower or (self.lower_exclusive and value == self.lower)
        ):
            return False
        return (
            self.upper is None
            or value < self.upper
            or (self.upper_inclusive and value == self.upper)
        )

    @property
    def label(self) -> str:
        """The band in plain notation: ``"[40, 60)"``, ``"< 40"``, ``"≥ 90"``, ``"= 0"``.

        Examples
        --------
        >>> Band(score=1, lower=40, upper=60).label, Band(score=4, lower=90, upper=None).label
        ('[40, 60)', '≥ 90')
        """
        low, high = _fmt(self.lower, lower=True), _fmt(self.upper, lower=False)
        if self.lower is not None and self.lower == self.upper:
            return f"= {low}"
        if self.lower is None and self.upper is None:
            return "ℝ"
        if self.lower is None:
            return f"{'≤' if self.upper_inclusive else '<'} {high}"
        if self.upper is None:
            return f"{'>' if self.lower_exclusive else '≥'} {low}"
        opening = "(" if self.lower_exclusive else "["
        closing = "]" if self.upper_inclusive else ")"
        return f"{opening}{low}, {high}{closing}"

    @property
    def text(self) -> str:
        """The band as written in the XLSX ``bands`` column, e.g. ``"[40,60)=1"``."""
        opening = "(" if self.lower_exclusive or self.lower is None else "["
        closing = "]" if self.upper_inclusive and self.upper is not None else ")"
        low = "-inf" if self.lower is None else f"{self.lower:g}"
        high = "+inf" if self.upper is None else f"{self.upper:g}"
        return f"{opening}{low},{high}{closing}={self.score}"

    def as_dict(self) -> dict[str, Any]:
        """The band as in the YAML file."""
        return {
            "score": self.score,
            "from": self.lower,
            "to": self.upper,
            "from_exclusive": self.lower_exclusive,
            "to_inclusive": self.upper_inclusive,
        }


@dataclass(frozen=True, slots=True)
class Scored:
    """A measured value with its score and the band it fell in."""

    value: float
    score: int
    band_label: str

    def as_dict(self) -> dict[str, Any]:
        return {"value": self.value, "score": self.score, "band_label": self.band_label}


@dataclass(frozen=True, slots=True)
class Indicator:
    """One indicator of the référentiel; see the module documentation for each field."""

    code: str
    kind: str
    label: Text
    definition: Text
    unit: str | None
    window_months: int | None
    bands: tuple[Band, ...]

    @property
    def measured(self) -> bool:
        """True for an M indicator, scored from data; False for a declared (D) one."""
        return self.kind == "M"

    @property
    def main_code(self) -> str:
        """The code of the main objective above, e.g. ``"A1"`` for ``"A1.1"``."""
        return self.code.rpartition(".")[0]

    @property
    def general_code(self) -> str:
        """The code of the general objective above, e.g. ``"A"`` for ``"A1.1"``."""
        return self.main_code.rstrip("0123456789")

    def score(self, value: Any) -> Scored | None:
        """Score a measured value through the bands.

        Parameters
        ----------
        value
            The measured value in the indicator's unit (percentages for ``"percent"``), or
            None / NaN when it cannot be measured.

        Returns
        -------
        Scored or None
            None when `value` is not measurable; otherwise the value, its score and the label
            of its band.

        Raises
        ------
        ValueError
            For a declared (D) indicator, a value that is not a finite number, or one outside
            the bands (e.g. a negative percentage: a bug upstream, not a score).

        Notes
        -----
        A value exactly on a boundary falls in the upper band. A value within 1e-9 (relative
        or absolute) of a boundary counts as the boundary, so that floating-point noise does
        not move it to the band below.

        Examples
        --------
        >>> a11 = packaged_referential().indicator("A1.1")
        >>> a11.score(60).score, a11.score(59.9).score, a11.score(60).band_label
        (2, 1, '[60, 75)')
        >>> a11.score(None) is None
        True
        """
        if not self.bands:
            raise ValueError(f"indicator {self.code} is declared (D): it has no bands to score")
        value = plain(value)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, Real | Decimal):
            raise ValueError(f"indicator {self.code}: {value!r} is not a number")
        number = float(value)
        if not math.isfinite(number):
            raise ValueError(f"indicator {self.code}: {value!r} is not a finite number")
        for bound in self._bounds():
            if math.isclose(number, bound, rel_tol=_REL_TOLERANCE, abs_tol=_ABS_TOLERANCE):
                number = float(bound)
                break
        for band in self.bands:
            if band.contains(number):
                return Scored(value=float(value), score=band.score, band_label=band.label)
        raise ValueError(
            f"indicator {self.code}: {value!r} lies outside its bands "
            f"(from {_fmt(self.bands[0].lower, lower=True)})"
        )

    def _bounds(self) -> Iterable[float]:
        for band in self.bands:
            yield from (bound for bound in (band.lower, band.upper) if bound is not None)

    def as_dict(self) -> dict[str, Any]:
        """The indicator as in the YAML file (no ``bands`` key for a declared indicator)."""
        out: dict[str, Any] = {
            "code": self.code,
            "kind": self.kind,
            "label": self.label.as_dict(),
            "definition": self.definition.as_dict(),
            "unit": self.unit,
            "window_months": self.window_months,
        }
        if self.bands:
            out["bands"] = [band.as_dict() for band in self.bands]
        return out


@dataclass(frozen=True, slots=True)
class MainObjective:
    """A main objective and its indicators; `discussion` holds leads for discussion (or None)."""

    code: str
    label: Text
    discussion: Text | None
    indicators: tuple[Indicator, ...]

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "label": self.label.as_dict()}
        if self.discussion is not None:
            out["discussion"] = self.discussion.as_dict()
        out["indicators"] = [indicator.as_dict() for indicator in self.indicators]
        return out


@dataclass(frozen=True, slots=True)
class GeneralObjective:
    """A general objective and its main objectives."""

    code: str
    label: Text
    main_objectives: tuple[MainObjective, ...]

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        return tuple(ind for main in self.main_objectives for ind in main.indicators)

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "label": self.label.as_dict(),
            "main_objectives": [main.as_dict() for main in self.main_objectives],
        }


@dataclass(frozen=True, slots=True)
class Referential:
    """A version of the référentiel.

    `scale` holds the labels of the scores 0 to 4, in order. :meth:`as_dict` gives the YAML
    mapping, which :func:`load_referential` reads back into an equal référentiel.

    Examples
    --------
    >>> ref = packaged_referential()
    >>> ref.version, len(ref.general_objectives), len(ref.main_objectives), len(ref.indicators)
    ('v2026', 3, 9, 36)
    >>> ref.main_objective("B2").label.fr, ref.scale[3].get("en")
    ('Gouvernance citoyenne', 'established')
    """

    version: str
    title: Text
    scale: tuple[Text, ...]
    general_objectives: tuple[GeneralObjective, ...]

    @property
    def main_objectives(self) -> tuple[MainObjective, ...]:
        """Every main objective, in order."""
        return tuple(
            main for general in self.general_objectives for main in general.main_objectives
        )

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        """Every indicator, in order."""
        return tuple(ind for general in self.general_objectives for ind in general.indicators)

    def indicator(self, code: str) -> Indicator:
        """The indicator `code`; KeyError when this version has none."""
        for indicator in self.indicators:
            if indicator.code == code:
                return indicator
        raise KeyError(f"référentiel {self.version} has no indicator {code!r}")

    def main_objective(self, code: str) -> MainObjective:
        """The main objective `code`; KeyError when this version has none."""
        for main in self.main_objectives:
            if main.code == code:
                return main
        raise KeyError(f"référentiel {self.version} has no main objective {code!r}")

    def general_objective(self, code: str) -> GeneralObjective:
        """The general objective `code`; KeyError when this version has none."""
        for general in self.general_objectives:
            if general.code == code:
                return general
        raise KeyError(f"référentiel {self.version} has no general objective {code!r}")

    def as_dict(self) -> dict[str, Any]:
        """The référentiel as in the YAML file."""
        return {
            "version": self.version,
            "title": self.title.as_dict(),
            "scale": [
                {"score": score, "label": label.as_dict()} for score, label in enumerate(self.scale)
            ],
            "general_objectives": [general.as_dict() for general in self.general_objectives],
        }


# --- validation ---------------------------------------------------------------------------------


def _is_number(value: Any) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool) and math.isfinite(value)


def _number(value: Real) -> float:
    # Integral bounds stay ints so that as_dict() writes 40, not 40.0 (they compare equal).
    number = float(value)
    return int(number) if number.is_integer() else number


def _unknown_keys(data: Mapping, allowed: tuple[str, ...], where: str, errors: list[str]) -> None:
    # A misspelt key would silently drop its value: report it.
    for key in data:
        if key not in allowed:
            errors.append(f"{where}: unknown field {key!r} (expected one of {', '.join(allowed)})")


def _text(
    value: Any, where: str, field: str, errors: list[str], *, required: bool = True
) -> Text | None:
    if value is None and not required:
        return None
    if not isinstance(value, Mapping):
        if value is None:
            errors.append(f"{where}: {field} is missing")
        else:
            errors.append(f"{where}: {field} must be a mapping with fr and en texts")
        return None
    _unknown_keys(value, ("fr", "en"), f"{where}: {field}", errors)
    fr, en = value.get("fr"), value.get("en")
    ok = True
    if not isinstance(fr, str) or not fr.strip():
        errors.append(f"{where}: {field}: the French text (fr) is missing")
        ok = False
    if en is not None and not isinstance(en, str):
        errors.append(f"{where}: {field}: the English text (en) must be a text, got {en!r}")
        ok = False
    if not ok:
        return None
    return Text(fr=fr.strip(), en=en.strip() if en and en.strip() else None)


def _list(value: Any, where: str, field: str, what: str, errors: list[str]) -> list:
    if not isinstance(value, list) or not value:
        errors.append(f"{where}: {field}: no {what} (expected a list of at least 1)")
        return []
    return value


def _band(raw: Any, where: str, errors: list[str]) -> Band | None:
    if not isinstance(raw, Mapping):
        errors.append(f"{where}: must be a mapping with score, from and to")
        return None
    _unknown_keys(raw, _BAND_KEYS, where, errors)
    ok = True
    score = raw.get("score")
    if (
        isinstance(score, bool)
        or not isinstance(score, int)
        or not (MIN_SCORE <= score <= MAX_SCORE)
    ):
        errors.append(f"{where}: score must be an integer from 0 to 4, got {score!r}")
        ok = False
    bounds = {}
    for key in ("from", "to"):
        bound = raw.get(key)
        if bound is not None and not _is_number(bound):
            errors.append(f"{where}: {key} must be a number or null, got {bound!r}")
            ok = False
        bounds[key] = None if bound is None or not _is_number(bound) else _number(bound)
    flags = {}
    for key in ("from_exclusive", "to_inclusive"):
        flag = raw.get(key, False)
        if flag is None:
            flag = False
        if not isinstance(flag, bool):
            errors.append(f"{where}: {key} must be true or false, got {flag!r}")
            ok = False
        flags[key] = flag is True
    lower, upper = bounds["from"], bounds["to"]
    # A flag on an unbounded side means nothing: dropped, so that equal bands compare equal.
    lower_exclusive = flags["from_exclusive"] and lower is not None
    upper_inclusive = flags["to_inclusive"] and upper is not None
    if lower is not None and upper is not None:
        if lower > upper:
            errors.append(f"{where}: from ({lower:g}) is above to ({upper:g})")
            ok = False
        elif lower == upper and (lower_exclusive or not upper_inclusive):
            errors.append(
                f"{where}: the band from {lower:g} to {upper:g} is empty (a single value needs "
                "to_inclusive: true and no from_exclusive)"
            )
            ok = False
    if not ok:
        return None
    return Band(
        score=score,
        lower=lower,
        upper=upper,
        lower_exclusive=lower_exclusive,
        upper_inclusive=upper_inclusive,
    )


def _bands(raw: Any, where: str, errors: list[str]) -> tuple[Band, ...] | None:
    if not isinstance(raw, list) or not raw:
        errors.append(f"{where}: bands: a measured (M) indicator needs a list of bands")
        return None
    bands = [_band(item, f"{where}: band {number}", errors) for number, item in enumerate(raw, 1)]
    if any(band is None for band in bands):
        return None
    if len(bands) < 2:
        errors.append(f"{where}: bands: at least 2 bands are needed, got 1")
        return None
    errors_before = len(errors)
    if not _contiguous(bands, where, errors):
        # The checks below read the list in order: on a shuffled list they would mislead.
        return None
    first, last = bands[0], bands[-1]
    if first.lower is not None and (first.lower != 0 or first.lower_exclusive):
        excluded = " excluded" if first.lower_exclusive else ""
        errors.append(
            f"{where}: bands: the first band must start at 0 included, or be unbounded below "
            f"(from: null), got from {first.lower:g}{excluded}"
        )
    if last.upper is not None:
        errors.append(
            f"{where}: bands: the last band must be unbounded above (to: null), got to "
            f"{last.upper:g}"
        )
    scores = [band.score for band in bands]
    rising = all(a < b for a, b in pairwise(scores))
    falling = all(a > b for a, b in pairwise(scores))
    if not (rising or falling):
        errors.append(
            f"{where}: bands: the scores must rise or fall steadily from band to band, got "
            f"{', '.join(map(str, scores))}"
        )
    return tuple(bands) if len(errors) == errors_before else None


def _edge(value: float) -> str:
    return "+∞" if value == math.inf else "−∞" if value == -math.inf else _fmt(value, lower=True)


def _contiguous(bands: list[Band], where: str, errors: list[str]) -> bool:
    """Report gaps and overlaps between consecutive bands; False when they are not in order."""
    low = [-math.inf if band.lower is None else band.lower for band in bands]
    high = [math.inf if band.upper is None else band.upper for band in bands]
    ordered = True
    for i, (prev, band) in enumerate(pairwise(bands)):
        pair = f"(bands {i + 1} and {i + 2})"
        if low[i + 1] < low[i] or (low[i + 1] == low[i] and high[i + 1] < high[i]):
            errors.append(
                f"{where}: the bands are not increasing: band {i + 2} starts at "
                f"{_edge(low[i + 1])}, below band {i + 1} (from {_edge(low[i])})"
            )
            ordered = False
        elif low[i + 1] < high[i]:
            end = min(high[i], high[i + 1])
            errors.append(
                f"{where}: bands overlap between {_edge(low[i + 1])} and {_edge(end)} {pair}"
            )
        elif low[i + 1] > high[i]:
            errors.append(
                f"{where}: bands leave a gap between {_edge(high[i])} and {_edge(low[i + 1])} "
                f"{pair}"
            )
        elif prev.upper_inclusive and not band.lower_exclusive:
            errors.append(f"{where}: bands overlap at {_edge(high[i])} {pair}")
        elif not prev.upper_inclusive and band.lower_exclusive:
            errors.append(f"{where}: bands leave {_edge(high[i])} uncovered {pair}")
    return ordered


def _indicator(
    raw: Any, number: int, main_code: str | None, seen: set[str], errors: list[str]
) -> Indicator | None:
    parent = f"main objective {main_code}" if main_code else "a main objective"
    if not isinstance(raw, Mapping):
        errors.append(f"indicator #{number} of {parent}: must be a mapping")
        return None
    code = raw.get("code")
    if not isinstance(code, str) or not code.strip():
        where = f"indicator #{number} of {parent}"
        errors.append(f"{where}: code is missing")
        code = None
    else:
        code = code.strip()
        where = f"indicator {code}"
        if main_code and not re.fullmatch(re.escape(main_code) + r"\.\d+", code):
            errors.append(
                f"{where}: code must be the code of its main objective {main_code}, a dot and "
                f"a number (e.g. {main_code}.1)"
            )
        if code in seen:
            errors.append(f"{where}: code {code} is used more than once")
        seen.add(code)
    _unknown_keys(raw, _INDICATOR_KEYS, where, errors)
    errors_before = len(errors)
    kind = raw.get("kind")
    if kind not in KINDS:
        errors.append(f"{where}: kind must be M or D, got {kind!r}")
    label = _text(raw.get("label"), where, "label", errors)
    definition = _text(raw.get("definition"), where, "definition", errors)
    unit = raw.get("unit")
    window = raw.get("window_months")
    if window is not None and (
        isinstance(window, bool) or not isinstance(window, int) or window <= 0
    ):
        errors.append(
            f"{where}: window_months must be a whole number of months or null, got {window!r}"
        )
    bands: tuple[Band, ...] | None = ()
    raw_bands = raw.get("bands")
    if kind == "M":
        if unit is None:
            errors.append(f"{where}: unit is missing (expected one of {', '.join(UNITS)})")
        elif unit not in UNITS:
            errors.append(f"{where}: unit must be one of {', '.join(UNITS)}, got {unit!r}")
        bands = None if raw_bands is _UNREADABLE else _bands(raw_bands, where, errors)
    elif kind == "D":
        if unit is not None:
            errors.append(f"{where}: unit: a declared (D) indicator has no unit, got {unit!r}")
        if raw_bands is not None and raw_bands != []:
            errors.append(f"{where}: bands: a declared (D) indicator has no bands")
    if len(errors) > errors_before or code is None or bands is None:
        return None
    return Indicator(
        code=code,
        kind=kind,
        label=label,
        definition=definition,
        unit=unit,
        window_months=window,
        bands=bands,
    )


def _code(
    raw: Mapping, pattern: str, example: str, what: str, number: int, parent: str, errors: list
) -> tuple[str | None, str]:
    code = raw.get("code")
    if not isinstance(code, str) or not code.strip():
        where = f"{what} #{number}{parent}"
        errors.append(f"{where}: code is missing")
        return None, where
    code = code.strip()
    where = f"{what} {code}"
    if not re.fullmatch(pattern, code):
        errors.append(f"{where}: code must be {example}")
    return code, where


def _main_objective(
    raw: Any, number: int, general_code: str | None, seen: set[str], errors: list[str]
) -> MainObjective | None:
    parent = f" of general objective {general_code}" if general_code else ""
    if not isinstance(raw, Mapping):
        errors.append(f"main objective #{number}{parent}: must be a mapping")
        return None
    pattern = re.escape(general_code) + r"\d+" if general_code else r"[A-Z]+\d+"
    example = (
        f"the code of its general objective {general_code} and a number (e.g. {general_code}1)"
        if general_code
        else "a general objective's code and a number"
    )
    code, where = _code(raw, pattern, example, "main objective", number, parent, errors)
    if code is not None:
        if code in seen:
            errors.append(f"{where}: code {code} is used more than once")
        seen.add(code)
    _unknown_keys(raw, _MAIN_KEYS, where, errors)
    errors_before = len(errors)
    label = _text(raw.get("label"), where, "label", errors)
    discussion = _text(raw.get("discussion"), where, "discussion", errors, required=False)
    items = _list(raw.get("indicators"), where, "indicators", "indicator", errors)
    valid_code = code if code is not None and re.fullmatch(pattern, code) else None
    indicators = [
        _indicator(item, index, valid_code, seen, errors) for index, item in enumerate(items, 1)
    ]
    if len(errors) > errors_before or code is None:
        return None
    return MainObjective(
        code=code, label=label, discussion=discussion, indicators=tuple(indicators)
    )


def _general_objective(
    raw: Any, number: int, seen: set[str], errors: list[str]
) -> GeneralObjective | None:
    if not isinstance(raw, Mapping):
        errors.append(f"general objective #{number}: must be a mapping")
        return None
    code, where = _code(
        raw,
        _GENERAL_CODE.pattern,
        "capital letters (e.g. A)",
        "general objective",
        number,
        "",
        errors,
    )
    if code is not None:
        if code in seen:
            errors.append(f"{where}: code {code} is used more than once")
        seen.add(code)
    _unknown_keys(raw, _GENERAL_KEYS, where, errors)
    errors_before = len(errors)
    label = _text(raw.get("label"), where, "label", errors)
    items = _list(raw.get("main_objectives"), where, "main_objectives", "main objective", errors)
    valid_code = code if code is not None and _GENERAL_CODE.fullmatch(code) else None
    mains = [
        _main_objective(item, index, valid_code, seen, errors)
        for index, item in enumerate(items, 1)
    ]
    if len(errors) > errors_before or code is None:
        return None
    return GeneralObjective(code=code, label=label, main_objectives=tuple(mains))


def _scale(raw: Any, errors: list[str]) -> tuple[Text, ...] | None:
    expected = list(range(MIN_SCORE, MAX_SCORE + 1))
    if not isinstance(raw, list) or len(raw) != len(expected):
        errors.append("référentiel: scale must list the 5 levels 0 to 4, in order")
        return None
    labels = []
    for position, (item, score) in enumerate(zip(raw, expected, strict=True), 1):
        where = f"scale level #{position}"
        if not isinstance(item, Mapping):
            errors.append(f"{where}: must be a mapping with score and label")
            continue
        _unknown_keys(item, ("score", "label"), where, errors)
        if item.get("score") != score or isinstance(item.get("score"), bool):
            errors.append(f"{where}: score must be {score}, got {item.get('score')!r}")
        labels.append(_text(item.get("label"), f"scale level {score}", "label", errors))
    if len(labels) != len(expected) or any(label is None for label in labels):
        return None
    return tuple(labels)


def _build(data: Any, errors: list[str]) -> Referential:
    """Validate `data` (the YAML mapping); raise ReferentialError with `errors` and any new."""
    if not isinstance(data, Mapping):
        errors.append("référentiel: the file must hold a mapping (version, title, scale, …)")
        raise ReferentialError(errors)
    _unknown_keys(data, _TOP_KEYS, "référentiel", errors)
    version = data.get("version")
    if isinstance(version, int) and not isinstance(version, bool):
        version = str(version)
    if not isinstance(version, str) or not version.strip():
        errors.append("référentiel: version is missing")
    title = _text(data.get("title"), "référentiel", "title", errors)
    scale = _scale(data.get("scale"), errors)
    seen: set[str] = set()
    items = _list(
        data.get("general_objectives"),
        "référentiel",
        "general_objectives",
        "general objective",
        errors,
    )
    generals = [
        _general_objective(item, index, seen, errors) for index, item in enumerate(items, 1)
    ]
    if errors:
        raise ReferentialError(errors)
    return Referential(
        version=version.strip(), title=title, scale=scale, general_objectives=tuple(generals)
    )


# --- loading ------------------------------------------------------------------------------------


def _from_yaml(text: str | bytes, name: str) -> Referential:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ReferentialError([f"{name}: not valid YAML: {error}"]) from error
    return _build(data, [])


def load_referential(source: str | Path | IO | Mapping) -> Referential:
    """Load and validate a référentiel from a YAML or XLSX file, a file object or a mapping.

    Parameters
    ----------
    source
        A path ending in ``.yaml``/``.yml`` or ``.xlsx``; an open file (binary XLSX is
        recognised by its content, anything else is read as YAML); or the mapping that the
        YAML file holds, e.g. ``Referential.as_dict()``.

    Returns
    -------
    Referential

    Raises
    ------
    ReferentialError
        Listing every problem found, each naming the indicator (or objective) and the field.
    ValueError
        When a path has another extension.

    Examples
    --------
    >>> data = packaged_referential().as_dict()
    >>> data["general_objectives"][0]["main_objectives"][0]["indicators"][0]["kind"] = "X"
    >>> try:
    ...     load_referential(data)
    ... except ReferentialError as error:
    ...     print(error.errors)
    ["indicator A1.1: kind must be M or D, got 'X'"]
    """
    if isinstance(source, Mapping):
        return _build(source, [])
    if isinstance(source, str | Path):
        path = Path(source)
        suffix = path.suffix.lower()
        if suffix in (".yaml", ".yml"):
            return _from_yaml(path.read_text(encoding="utf-8"), path.name)
        if suffix == ".xlsx":
            return _from_xlsx(path.read_bytes(), path.name)
        raise ValueError(f"{path.name}: a référentiel is a .yaml, .yml or .xlsx file")
    content = source.read()
    name = getattr(source, "name", "référentiel")
    if isinstance(content, bytes) and content.startswith(b"PK"):
        return _from_xlsx(content, str(name))
    return _from_yaml(content, str(name))


def packaged_referential(version: str = "v2026") -> Referential:
    """The référentiel `version` shipped with the package (see :data:`PACKAGED_VERSIONS`).

    Loaded once: later calls return the same object.
    """
    if version not in PACKAGED_VERSIONS:
        raise ValueError(
            f"no packaged référentiel {version!r} (available: {', '.join(PACKAGED_VERSIONS)})"
        )
    return _packaged(version)


@cache
def _packaged(version: str) -> Referential:
    text = files("ptce_analytics").joinpath(f"data/referential_{version}.yaml").read_text("utf-8")
    return _from_yaml(text, f"referential_{version}.yaml")


# --- XLSX ---------------------------------------------------------------------------------------

_BAND_TEXT = re.compile(
    r"\s*([\[(])\s*([^,\])]*?)\s*,\s*([^,\])]*?)\s*([\])])\s*=\s*(\d+)\s*", re.UNICODE
)
_LOWER_INFINITE = ("", "-inf", "−inf", "-∞", "−∞")
_UPPER_INFINITE = ("", "inf", "+inf", "∞", "+∞")


def _bound(text: str, infinite: tuple[str, ...]) -> float | None:
    if text.lower() in infinite:
        return None
    return _number(float(text.replace("−", "-")))


def _parse_bands(text: str, where: str, errors: list[str]) -> Any:
    """The bands of the XLSX text, as YAML mappings; _UNREADABLE after reporting an error."""
    bands = []
    for part in (piece for piece in text.split(";") if piece.strip()):
        match = _BAND_TEXT.fullmatch(part)
        try:
            if match is None:
                raise ValueError
            opening, low, high, closing, score = match.groups()
            bands.append(
                {
                    "score": int(score),
                    "from": _bound(low, _LOWER_INFINITE),
                    "to": _bound(high, _UPPER_INFINITE),
                    "from_exclusive": opening == "(",
                    "to_inclusive": closing == "]",
                }
            )
        except ValueError:
            errors.append(
                f"{where}: bands: cannot read {part.strip()!r} (expected e.g. '[40,60)=1')"
            )
            return _UNREADABLE
    return bands


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip() or None
    return value


def _whole(value: Any) -> Any:
    # Spreadsheets store 36 as 36.0 or "36": read both as the whole number they mean.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return value


def _rows(sheet: Any) -> tuple[list[str], list[tuple[int, dict[str, Any]]]]:
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None) or ()
    columns = [str(_cell(name) or "").lower() for name in header]
    records = []
    for number, values in enumerate(rows, 2):
        record = {
            column: _cell(value) for column, value in zip(columns, values, strict=False) if column
        }
        if any(value is not None for value in record.values()):
            records.append((number, record))
    return columns, records


def _pair(fr: Any, en: Any) -> dict[str, Any] | None:
    if fr is None and en is None:
        return None
    return {"fr": None if fr is None else str(fr), "en": None if en is None else str(en)}


def _merge(
    target: dict[str, Any],
    key: str,
    value: Any,
    where: str,
    column: str,
    row: int,
    rows: dict[tuple[str, str], int],
    errors: list[str],
) -> None:
    """Keep the first value of an objective's column; a later different value is an error."""
    if value is None:
        return
    if target.get(key) is None:
        target[key] = value
        rows[(where, column)] = row
    elif target[key] != value:
        errors.append(
            f"{where}: {column} differs between rows {rows[(where, column)]} and {row} "
            f"({target[key]!r} then {value!r})"
        )


def _meta(workbook: Any, errors: list[str]) -> dict[str, Any]:
    if XLSX_META_SHEET not in workbook.sheetnames:
        errors.append(
            f"sheet {XLSX_META_SHEET!r} is missing (it holds version, title and scale_0 … scale_4)"
        )
        return {}
    _, records = _rows(workbook[XLSX_META_SHEET])
    values = {str(record.get("key")): record for _, record in records}
    meta: dict[str, Any] = {}
    version = values.get("version", {}).get("value")
    meta["version"] = None if version is None else str(_whole(version))
    title = values.get("title", {})
    meta["title"] = _pair(title.get("value"), title.get("value_en"))
    meta["scale"] = []
    for score in range(MIN_SCORE, MAX_SCORE + 1):
        level = values.get(f"scale_{score}", {})
        meta["scale"].append(
            {"score": score, "label": _pair(level.get("value"), level.get("value_en"))}
        )
    return meta


def _from_xlsx(content: bytes, name: str) -> Referential:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises several unrelated types on a broken file
        raise ReferentialError([f"{name}: not a readable XLSX file ({error})"]) from error
    errors: list[str] = []
    try:
        data = _meta(workbook, errors)
        if XLSX_SHEET not in workbook.sheetnames:
            errors.append(f"sheet {XLSX_SHEET!r} is missing (it holds one row per indicator)")
            raise ReferentialError(errors)
        columns, records = _rows(workbook[XLSX_SHEET])
    finally:
        workbook.close()
    missing = [column for column in XLSX_REQUIRED_COLUMNS if column not in columns]
    if missing:
        errors.append(f"sheet {XLSX_SHEET!r}: column(s) missing: {', '.join(missing)}")
        raise ReferentialError(errors)
    generals: dict[str, dict[str, Any]] = {}
    mains: dict[str, dict[str, Any]] = {}
    first_rows: dict[tuple[str, str], int] = {}
    for row, record in records:
        general_code = record.get("general_code")
        main_code = record.get("main_code")
        code = record.get("code")
        where = f"indicator {code}" if code else f"sheet {XLSX_SHEET!r}, row {row}"
        if general_code is None or main_code is None:
            errors.append(f"{where}: general_code and main_code are required on every row")
            continue
        general_code, main_code = str(general_code), str(main_code)
        general = generals.setdefault(
            general_code, {"code": general_code, "label": {}, "main_objectives": []}
        )
        if main_code not in mains:
            mains[main_code] = {"code": main_code, "label": {}, "discussion": {}, "indicators": []}
            general["main_objectives"].append(mains[main_code])
        main = mains[main_code]
        for target, prefix, owner in (
            (general["label"], "general_label", f"general objective {general_code}"),
            (main["label"], "main_label", f"main objective {main_code}"),
            (main["discussion"], "main_discussion", f"main objective {main_code}"),
        ):
            for language in ("fr", "en"):
                column = f"{prefix}_{language}"
                _merge(target, language, record.get(column), owner, column, row, first_rows, errors)
        bands_text = record.get("bands")
        main["indicators"].append(
            {
                "code": None if code is None else str(code),
                "kind": record.get("kind"),
                "label": _pair(record.get("label_fr"), record.get("label_en")),
                "definition": _pair(record.get("definition_fr"), record.get("definition_en")),
                "unit": record.get("unit"),
                "window_months": _whole(record.get("window_months")),
                "bands": None
                if bands_text is None
                else _parse_bands(str(bands_text), where, errors),
            }
        )
    for main in mains.values():
        if not main["discussion"]:
            del main["discussion"]
        for key in ("label", "discussion"):
            if key in main and "en" not in main[key]:
                main[key]["en"] = None
    for general in generals.values():
        general["label"].setdefault("en", None)
    data["general_objectives"] = list(generals.values())
    return _build(data, errors)


def write_referential_xlsx(referential: Referential, path: str | Path | IO[bytes]) -> None:
    """Write `referential` as an XLSX workbook that :func:`load_referential` reads back.

    Parameters
    ----------
    referential
        The référentiel to write, e.g. :func:`packaged_referential` as a template.
    path
        Where to write: a path or a binary file object.

    Notes
    -----
    Every row repeats its objectives' labels and discussion, so that rows can be sorted or
    filtered in a spreadsheet without losing them.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = XLSX_SHEET
    sheet.append(list(XLSX_COLUMNS))
    for general in referential.general_objectives:
        for main in general.main_objectives:
            discussion = main.discussion or Text(fr="")
            for indicator in main.indicators:
                sheet.append(
                    [
                        general.code,
                        general.label.fr,
                        general.label.en,
                        main.code,
                        main.label.fr,
                        main.label.en,
                        discussion.fr or None,
                        discussion.en,
                        indicator.code,
                        indicator.kind,
                        indicator.label.fr,
                        indicator.label.en,
                        indicator.definition.fr,
                        indicator.definition.en,
                        indicator.unit,
                        indicator.window_months,
                        "; ".join(band.text for band in indicator.bands) or None,
                    ]
                )
    meta = workbook.create_sheet(XLSX_META_SHEET)
    meta.append(["key", "value", "value_en"])
    meta.append(["version", referential.version, None])
    meta.append(["title", referential.title.fr, referential.title.en])
    for score, label in enumerate(referential.scale):
        meta.append([f"scale_{score}", label.fr, label.en])
    for worksheet in (sheet, meta):
        worksheet.freeze_panes = "A2"
        for cell in worksheet[1]:
            cell.font = Font(bold=True)
    for column, width in zip(
        "ABCDEFGHIJKLMNOPQ",
        (8, 30, 30, 8, 30, 30, 50, 50, 8, 6, 34, 34, 60, 60, 9, 9, 60),
        strict=True,
    ):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    meta.column_dimensions["B"].width = 60
    meta.column_dimensions["C"].width = 60
    workbook.save(path)
