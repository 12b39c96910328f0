"""Collective self-assessment against the référentiel: what members declare, beside the measures.

In a campaign every respondent (member representatives, elected officials, inhabitants…) rates
each indicator of the référentiel from 0 to 4. The answers are summed up per indicator, then
set beside the scores measured from the pole's data: the *gap* is declared minus measured. The
spread of the answers matters as much as their median: a disagreement is worth discussing.
The result is a mirror for the members, not a grade.

Conventions shared by every function:

* an empty score is "je ne sais pas": it is counted apart (``dont_know``) and stays out of
  ``n`` and of every statistic;
* quartiles and medians use numpy's default ``"linear"`` method (type 7 of Hyndman and Fan,
  as pandas and the spreadsheet function QUARTILE.INC): for the answers 0, 1, 2, 3, 4 the
  quartiles are 1 and 3; for 1, 2 they are 1.25 and 1.75, the median 1.5;
* what cannot be computed (no answer, no measure) is None, never 0;
* results record the version of the référentiel they used.

Input tables
------------
``answers``
    One row per respondent and indicator: ``respondent_id``, ``indicator`` (the code, e.g.
    ``"A1.1"``), ``score`` (an integer from 0 to 4, or null for "je ne sais pas") and,
    optionally, ``comment``.
``measured``
    A mapping from an M indicator's code to its measured score (0 to 4), or None when it is not
    measurable. An M indicator missing from the mapping is not measurable.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from statistics import fmean
from typing import Any

import numpy as np
import pandas as pd

from ptce_analytics._frames import plain, require_columns
from ptce_analytics.referential import MAX_SCORE, MIN_SCORE, Referential

__all__ = [
    "ANSWER_COLUMNS",
    "DEFINITIONS",
    "DISPUTED_IQR",
    "DISPUTED_RANGE",
    "QUANTILE_METHOD",
    "WEAK_BELOW",
    "DiscussionLead",
    "GapReport",
    "IndicatorAggregate",
    "IndicatorGap",
    "ObjectiveChange",
    "ObjectiveGap",
    "RadarSeries",
    "aggregate_answers",
    "compare_campaigns",
    "discussion_leads",
    "gaps",
    "radar_series",
]

ANSWER_COLUMNS = ("respondent_id", "indicator", "score")
QUANTILE_METHOD = "linear"
# An indicator is disputed when the middle half of the answers spans two levels of the scale or
# more, or when two respondents are three levels apart: past that, the median hides a real
# disagreement.
DISPUTED_IQR = 2.0
DISPUTED_RANGE = 3
# Below "en construction" on average, an objective is weak and its leads for discussion shown.
WEAK_BELOW = 2.0

DEFINITIONS: dict[str, str] = {
    "n": "Number of answers with a score; 'je ne sais pas' answers are not counted.",
    "dont_know": "Number of 'je ne sais pas' answers (no score).",
    "median": "Median of the scores (numpy 'linear' method); None without any answer.",
    "q1": "First quartile of the scores (numpy 'linear' method, as QUARTILE.INC).",
    "q3": "Third quartile of the scores (numpy 'linear' method, as QUARTILE.INC).",
    "iqr": "Interquartile range q3 − q1.",
    "min": "Lowest score given.",
    "max": "Highest score given.",
    "histogram": "Number of answers for each score from 0 to 4.",
    "disputed": "iqr ≥ 2 or max − min ≥ 3: respondents disagree widely.",
    "declared": "The median of the answers to the indicator.",
    "measured": "The score measured from the pole's data (M indicators only).",
    "gap": "declared − measured; None when either is missing.",
    "declared_mean": (
        "Mean of the declared medians of the objective's indicators that have answers."
    ),
    "measured_mean": "Mean of the measured scores of the objective's measurable indicators.",
    "objective_gap": (
        "Mean of the indicator gaps over the indicators having both a declared median and a "
        "measured score, so that declared-only (D) and unmeasurable indicators do not bias it."
    ),
    "weak": "declared_mean < 2 or measured_mean < 2.",
    "objective_disputed": "At least one of the objective's indicators is disputed.",
}


# --- aggregation --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IndicatorAggregate:
    """The answers to one indicator; see :data:`DEFINITIONS`. Statistics are None when n = 0."""

    code: str
    n: int
    dont_know: int
    median: float | None
    q1: float | None
    q3: float | None
    iqr: float | None
    min: int | None
    max: int | None
    histogram: dict[int, int]
    disputed: bool
    comments: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready values (histogram keys as text)."""
        out = asdict(self)
        out["histogram"] = {str(score): count for score, count in self.histogram.items()}
        out["comments"] = list(self.comments)
        return out


def _score(value: Any, respondent: Any, code: Any) -> int | None:
    value = plain(value)
    if value is None:
        return None
    # plain() turned 3.0 (an int column holding a NaN) into 3; 2.5 stays a float.
    if isinstance(value, bool) or not isinstance(value, int) or not MIN_SCORE <= value <= MAX_SCORE:
        raise ValueError(
            f"answers.score must be an integer from 0 to 4 or empty (je ne sais pas), got "
            f"{value!r} (respondent {respondent!r}, indicator {code})"
        )
    return value


def _is_disputed(iqr: float | None, low: int | None, high: int | None) -> bool:
    if iqr is None or low is None or high is None:
        return False
    return iqr >= DISPUTED_IQR or high - low >= DISPUTED_RANGE


def aggregate_answers(answers: pd.DataFrame, referential: Referential) -> list[IndicatorAggregate]:
    """Sum up the answers of a campaign, indicator by indicator.

    Parameters
    ----------
    answers
        The answers table (see the module documentation).
    referential
        The référentiel of the campaign.

    Returns
    -------
    list of IndicatorAggregate
        One per indicator of `referential`, in its order, including those nobody answered
        (``n = 0`` and statistics None).

    Raises
    ------
    ValueError
        When a column is missing, an indicator code is not in `referential`, a score is not an
        integer from 0 to 4 or empty, a respondent is missing, or a respondent answered the
        same indicator twice (counting both would give them two votes).

    Examples
    --------
    >>> from ptce_analytics.referential import packaged_referential
    >>> answers = pd.DataFrame({"respondent_id": [1, 2, 3, 4],
    ...                         "indicator": ["A1.1"] * 4, "score": [1, 2, 4, None]})
    >>> a11 = aggregate_answers(answers, packaged_referential())[0]
    >>> a11.n, a11.dont_know, a11.median, a11.q1, a11.q3, a11.disputed
    (3, 1, 2.0, 1.5, 3.0, True)
    """
    require_columns(answers, ANSWER_COLUMNS, "answers")
    known = {indicator.code for indicator in referential.indicators}
    comments = answers["comment"] if "comment" in answers.columns else [None] * len(answers)
    scores: dict[str, list[int]] = {code: [] for code in known}
    dont_know: dict[str, int] = dict.fromkeys(known, 0)
    notes: dict[str, list[str]] = {code: [] for code in known}
    seen: set[tuple[Any, str]] = set()
    unknown: set[str] = set()
    rows = zip(
        answers["respondent_id"], answers["indicator"], answers["score"], comments, strict=True
    )
    for respondent, code, value, comment in rows:
        respondent, code = plain(respondent), plain(code)
        if code not in known:
            unknown.add(str(code))
            continue
        if respondent is None:
            raise ValueError(f"answers.respondent_id is missing on an answer to {code}")
        if (respondent, code) in seen:
            raise ValueError(f"respondent {respondent!r} answered {code} more than once")
        seen.add((respondent, code))
        score = _score(value, respondent, code)
        if score is None:
            dont_know[code] += 1
        else:
            scores[code].append(score)
        comment = plain(comment)
        if isinstance(comment, str) and comment.strip():
            notes[code].append(comment.strip())
    if unknown:
        raise ValueError(
            f"answers.indicator has code(s) not in référentiel {referential.version}: "
            f"{', '.join(sorted(unknown))}"
        )
    out = []
    for indicator in referential.indicators:
        code = indicator.code
        values = scores[code]
        histogram = {score: values.count(score) for score in range(MIN_SCORE, MAX_SCORE + 1)}
        if values:
            q1, median, q3 = (
                float(q) for q in np.quantile(values, [0.25, 0.5, 0.75], method=QUANTILE_METHOD)
            )
            low, high, iqr = min(values), max(values), q3 - q1
        else:
            q1 = median = q3 = iqr = low = high = None
        out.append(
            IndicatorAggregate(
                code=code,
                n=len(values),
                dont_know=dont_know[code],
                median=median,
                q1=q1,
                q3=q3,
                iqr=iqr,
                min=low,
                max=high,
                histogram=histogram,
                disputed=_is_disputed(iqr, low, high),
                comments=tuple(notes[code]),
            )
        )
    return out


# --- gaps ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IndicatorGap:
    """Declared median, measured score and their gap for one indicator; see :data:`DEFINITIONS`."""

    code: str
    kind: str
    declared: float | None
    measured: int | None
    gap: float | None
    n: int
    iqr: float | None
    disputed: bool

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class ObjectiveGap:
    """Declared and measured means of a main or general objective; see :data:`DEFINITIONS`.

    ``declared_count``, ``measured_count`` and ``paired_count`` say over how many indicators
    ``declared_mean``, ``measured_mean`` and ``gap`` were computed.
    """

    code: str
    declared_mean: float | None
    measured_mean: float | None
    gap: float | None
    declared_count: int
    measured_count: int
    paired_count: int
    weak: bool
    disputed: bool
    disputed_indicators: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["disputed_indicators"] = list(self.disputed_indicators)
        return out


@dataclass(frozen=True, slots=True)
class GapReport:
    """Declared against measured at the three levels of the référentiel `version`."""

    version: str
    indicators: tuple[IndicatorGap, ...]
    main_objectives: tuple[ObjectiveGap, ...]
    general_objectives: tuple[ObjectiveGap, ...]

    def indicator(self, code: str) -> IndicatorGap:
        return _find(self.indicators, code)

    def main_objective(self, code: str) -> ObjectiveGap:
        return _find(self.main_objectives, code)

    def general_objective(self, code: str) -> ObjectiveGap:
        return _find(self.general_objectives, code)

    @property
    def to_discuss(self) -> tuple[ObjectiveGap, ...]:
        """The main objectives that are weak or disputed, in order."""
        return tuple(main for main in self.main_objectives if main.weak or main.disputed)

    def as_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "indicators": [item.as_dict() for item in self.indicators],
            "main_objectives": [item.as_dict() for item in self.main_objectives],
            "general_objectives": [item.as_dict() for item in self.general_objectives],
        }


def _find(items: Sequence[Any], code: str) -> Any:
    for item in items:
        if item.code == code:
            return item
    raise KeyError(code)


def _mean(values: Iterable[float | None]) -> tuple[float | None, int]:
    present = [value for value in values if value is not None]
    return (fmean(present) if present else None), len(present)


def _objective(code: str, rows: Sequence[IndicatorGap]) -> ObjectiveGap:
    declared, declared_count = _mean(row.declared for row in rows)
    measured, measured_count = _mean(row.measured for row in rows)
    gap, paired_count = _mean(row.gap for row in rows)
    return ObjectiveGap(
        code=code,
        declared_mean=declared,
        measured_mean=measured,
        gap=gap,
        declared_count=declared_count,
        measured_count=measured_count,
        paired_count=paired_count,
        weak=any(mean is not None and mean < WEAK_BELOW for mean in (declared, measured)),
        disputed=any(row.disputed for row in rows),
        disputed_indicators=tuple(row.code for row in rows if row.disputed),
    )


def _measured(measured: Mapping[str, Any], referential: Referential) -> dict[str, int | None]:
    kinds = {indicator.code: indicator.kind for indicator in referential.indicators}
    unknown = sorted(str(code) for code in measured if code not in kinds)
    if unknown:
        raise ValueError(
            f"measured has code(s) not in référentiel {referential.version}: {', '.join(unknown)}"
        )
    out = {}
    for code, value in measured.items():
        value = plain(value)
        if value is None:
            out[code] = None
            continue
        if kinds[code] != "M":
            raise ValueError(f"measured has a score for {code}, a declared (D) indicator")
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or not MIN_SCORE <= value <= MAX_SCORE
        ):
            raise ValueError(
                f"measured score of {code} must be an integer from 0 to 4, got {value!r}"
            )
        out[code] = value
    return out


def gaps(
    aggregates: Iterable[IndicatorAggregate],
    measured: Mapping[str, int | None],
    referential: Referential,
) -> GapReport:
    """Set declared medians beside measured scores per indicator, main and general objective.

    Parameters
    ----------
    aggregates
        The campaign's :func:`aggregate_answers`; an indicator left out has no declared value.
    measured
        M indicator code → measured score, None (or absent) when not measurable.
    referential
        The référentiel of the campaign.

    Returns
    -------
    GapReport
        Per indicator: the declared median, the measured score and ``gap = declared −
        measured``. Per main objective and per general objective: the mean of its indicators'
        declared medians, the mean of their measured scores, and the gap as the mean of the
        indicator gaps where both exist (all computed over the indicators directly, not as
        means of means), with the flags ``weak`` and ``disputed``.

    Raises
    ------
    ValueError
        On an unknown code, a measured score for a declared indicator, a measured score
        outside 0–4, or two aggregates for one indicator.

    Notes
    -----
    The objective's gap is not ``declared_mean − measured_mean``: declared indicators are
    never measured, and comparing their declared median with nothing would bias the gap.

    Examples
    --------
    >>> from ptce_analytics.referential import packaged_referential
    >>> ref = packaged_referential()
    >>> answers = pd.DataFrame({"respondent_id": [1, 1, 2, 2],
    ...                         "indicator": ["A1.1", "A1.4"] * 2, "score": [3, 1, 4, 2]})
    >>> report = gaps(aggregate_answers(answers, ref), {"A1.1": 2, "A1.2": 1}, ref)
    >>> report.indicator("A1.1").gap
    1.5
    >>> a1 = report.main_objective("A1")
    >>> a1.declared_mean, a1.measured_mean, a1.gap, a1.weak
    (2.5, 1.5, 1.5, True)
    """
    scores = _measured(measured, referential)
    by_code: dict[str, IndicatorAggregate] = {}
    known = {indicator.code for indicator in referential.indicators}
    for aggregate in aggregates:
        if aggregate.code not in known:
            raise ValueError(
                f"aggregate for {aggregate.code}, not in référentiel {referential.version}"
            )
        if aggregate.code in by_code:
            raise ValueError(f"two aggregates for {aggregate.code}")
        by_code[aggregate.code] = aggregate
    rows: dict[str, IndicatorGap] = {}
    for indicator in referential.indicators:
        aggregate = by_code.get(indicator.code)
        declared = None if aggregate is None else aggregate.median
        score = scores.get(indicator.code)
        rows[indicator.code] = IndicatorGap(
            code=indicator.code,
            kind=indicator.kind,
            declared=declared,
            measured=score,
            gap=None if declared is None or score is None else declared - score,
            n=0 if aggregate is None else aggregate.n,
            iqr=None if aggregate is None else aggregate.iqr,
            disputed=aggregate is not None and aggregate.disputed,
        )
    mains = tuple(
        _objective(main.code, [rows[ind.code] for ind in main.indicators])
        for main in referential.main_objectives
    )
    generals = tuple(
        _objective(general.code, [rows[ind.code] for ind in general.indicators])
        for general in referential.general_objectives
    )
    return GapReport(
        version=referential.version,
        indicators=tuple(rows.values()),
        main_objectives=mains,
        general_objectives=generals,
    )


# --- reading a report ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DiscussionLead:
    """Why a main objective is worth discussing, and the référentiel's leads for it."""

    code: str
    label: str
    weak: bool
    disputed: bool
    disputed_indicators: tuple[str, ...]
    text: str | None

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["disputed_indicators"] = list(self.disputed_indicators)
        return out


def discussion_leads(
    report: GapReport, referential: Referential, language: str = "fr"
) -> list[DiscussionLead]:
    """The leads for discussion of every weak or disputed main objective of `report`.

    Parameters
    ----------
    report
        A :func:`gaps` report.
    referential
        The référentiel the report used (same version), which holds the texts.
    language
        ``"fr"`` or ``"en"`` (French stands in for a missing translation).

    Returns
    -------
    list of DiscussionLead
        In the référentiel's order; ``text`` is None when the référentiel has no leads for
        that objective.

    Examples
    --------
    >>> from ptce_analytics.referential import packaged_referential
    >>> ref = packaged_referential()
    >>> leads = discussion_leads(gaps([], {"B2.1": 1}, ref), ref)
    >>> [(lead.code, lead.weak) for lead in leads]
    [('B2', True)]
    """
    if report.version != referential.version:
        raise ValueError(f"the report used référentiel {report.version}, not {referential.version}")
    leads = []
    for main in report.to_discuss:
        objective = referential.main_objective(main.code)
        leads.append(
            DiscussionLead(
                code=main.code,
                label=objective.label.get(language),
                weak=main.weak,
                disputed=main.disputed,
                disputed_indicators=main.disputed_indicators,
                text=None if objective.discussion is None else objective.discussion.get(language),
            )
        )
    return leads


@dataclass(frozen=True, slots=True)
class ObjectiveChange:
    """How a main objective moved from one campaign to the next; changes are later − earlier."""

    code: str
    declared_before: float | None
    declared_after: float | None
    declared_change: float | None
    measured_before: float | None
    measured_after: float | None
    measured_change: float | None
    gap_before: float | None
    gap_after: float | None
    gap_change: float | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _change(before: float | None, after: float | None) -> float | None:
    return None if before is None or after is None else after - before


def compare_campaigns(earlier: GapReport, later: GapReport) -> list[ObjectiveChange]:
    """Change of each main objective's declared and measured means between two campaigns.

    Parameters
    ----------
    earlier, later
        Two :func:`gaps` reports on the same référentiel version.

    Returns
    -------
    list of ObjectiveChange
        One per main objective, in order; a change is None when either campaign lacks the mean.

    Raises
    ------
    ValueError
        When the reports used different versions: an objective's code may not mean the same.

    Examples
    --------
    >>> from ptce_analytics.referential import packaged_referential
    >>> ref = packaged_referential()
    >>> before, after = gaps([], {"A1.1": 1}, ref), gaps([], {"A1.1": 3, "A1.2": 4}, ref)
    >>> change = compare_campaigns(before, after)[0]
    >>> change.code, change.measured_before, change.measured_after, change.measured_change
    ('A1', 1.0, 3.5, 2.5)
    """
    if earlier.version != later.version:
        raise ValueError(
            f"cannot compare campaigns on different référentiel versions "
            f"({earlier.version}, {later.version})"
        )
    changes = []
    for after in later.main_objectives:
        before = earlier.main_objective(after.code)
        changes.append(
            ObjectiveChange(
                code=after.code,
                declared_before=before.declared_mean,
                declared_after=after.declared_mean,
                declared_change=_change(before.declared_mean, after.declared_mean),
                measured_before=before.measured_mean,
                measured_after=after.measured_mean,
                measured_change=_change(before.measured_mean, after.measured_mean),
                gap_before=before.gap,
                gap_after=after.gap,
                gap_change=_change(before.gap, after.gap),
            )
        )
    return changes


@dataclass(frozen=True, slots=True)
class RadarSeries:
    """The main objectives as the axes of a radar chart, with the two series to draw."""

    version: str
    axes: tuple[str, ...]
    declared: tuple[float | None, ...]
    measured: tuple[float | None, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "axes": list(self.axes),
            "declared": list(self.declared),
            "measured": list(self.measured),
        }


def radar_series(report: GapReport) -> RadarSeries:
    """The declared and measured means of every main objective, in order, for a radar chart.

    A mean that cannot be computed stays None: a chart must show a hole there, not a 0.

    Examples
    --------
    >>> from ptce_analytics.referential import packaged_referential
    >>> radar = radar_series(gaps([], {"A1.1": 3}, packaged_referential()))
    >>> len(radar.axes), radar.axes[0], radar.measured[:2], radar.declared[0]
    (9, 'A1', (3.0, None), None)
    """
    return RadarSeries(
        version=report.version,
        axes=tuple(main.code for main in report.main_objectives),
        declared=tuple(main.declared_mean for main in report.main_objectives),
        measured=tuple(main.measured_mean for main in report.main_objectives),
    )
