"""A campaign's results: the answers summed up, the frozen measures, the gaps, the comparison.

`freeze_measures` computes the measured indicators of a campaign (at its reference date, over
its window) and stores them, so that the report no longer moves once the campaign is closed.
`campaign_results` reads everything back into one object the pages, the report and the
observatory share. The arithmetic lives in `ptce_analytics.assessment`; this module only turns
rows into its inputs.

Only the answers of respondents who sent them (`submitted_at`) count: a draft may still change.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd
from django.db import transaction
from django.utils.translation import gettext as _
from django_scopes import scope

from ptce.evaluation.models import Answer, Campaign, CampaignStatus, MeasuredResult, Respondent
from ptce.evaluation.referentials import referential_for
from ptce_analytics.assessment import (
    ANSWER_COLUMNS,
    GapReport,
    IndicatorAggregate,
    ObjectiveChange,
    aggregate_answers,
    compare_campaigns,
    gaps,
)
from ptce_analytics.referential import Referential

__all__ = [
    "CampaignResults",
    "MeasuredValue",
    "campaign_results",
    "freeze_measures",
    "previous_published",
]

# The lengths of MeasuredResult's text columns.
_UNIT_LENGTH = 20
_MISSING_LENGTH = 300


@dataclass(frozen=True)
class MeasuredValue:
    """A measured indicator read back from a `MeasuredResult` row (the shape of `Measure`).

    `missing` names the data that was missing ("" when measured); `band` is the label of the
    band the value fell in, e.g. "[60, 75)".
    """

    code: str
    value: float | None
    unit: str
    score: int | None
    band: str | None
    missing: str

    @property
    def measurable(self) -> bool:
        return self.score is not None


@dataclass(frozen=True)
class CampaignResults:
    """Everything a campaign's pages show; see `campaign_results`."""

    campaign: Campaign
    referential: Referential
    version: str
    aggregates: dict[str, IndicatorAggregate]
    measured: dict[str, MeasuredValue]
    report: GapReport
    respondents: int  # respondents who sent their answers
    invited: int
    # True once the measures were frozen (closing the campaign does it).
    measures_frozen: bool
    previous: CampaignResults | None = None
    comparison: list[ObjectiveChange] = field(default_factory=list)
    # Why there is no comparison although an earlier campaign was published ("" otherwise).
    comparison_note: str = ""


def _float(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return None if math.isnan(number) or math.isinf(number) else number


def freeze_measures(campaign: Campaign) -> list[MeasuredResult]:
    """Compute the campaign's measured indicators and store them, replacing the older ones.

    Runs `measure_all` at the campaign's reference date over its window, inside the pole's
    scope, and replaces every `MeasuredResult` row of the campaign in one transaction; each
    row records the référentiel version it was computed with.
    """
    from ptce.evaluation.measures import measure_all

    referential = referential_for(campaign.referential_version)
    pole = campaign.pole
    with scope(pole=pole):
        measures = measure_all(
            pole,
            on=campaign.reference_date,
            months=campaign.window_months,
            referential=referential,
        )
        rows = []
        for indicator in referential.indicators:
            if not indicator.measured:
                continue
            measure = measures.get(indicator.code)
            value = None if measure is None else _float(measure.value)
            score = None if measure is None or value is None else measure.score
            if measure is None:
                missing = "indicateur non calculé"
            elif score is None:
                missing = str(measure.missing or "") or "donnée manquante"
            else:
                missing = ""
            rows.append(
                MeasuredResult(
                    pole=pole,
                    campaign=campaign,
                    indicator=indicator.code,
                    referential_version=referential.version,
                    value=value,
                    unit=((measure.unit if measure else "") or indicator.unit or "")[:_UNIT_LENGTH],
                    score=score,
                    missing=missing[:_MISSING_LENGTH],
                    is_synthetic=campaign.is_synthetic,
                )
            )
        with transaction.atomic():
            MeasuredResult.objects.filter(campaign=campaign).delete()
            MeasuredResult.objects.bulk_create(rows)
    return rows


def _answers_frame(campaign: Campaign, codes: set[str]) -> pd.DataFrame:
    rows = (
        Answer.objects.filter(
            pole=campaign.pole_id,
            respondent__campaign=campaign,
            respondent__submitted_at__isnull=False,
            indicator__in=codes,
        )
        .order_by("respondent_id", "indicator")
        .values_list("respondent_id", "indicator", "score", "comment")
    )
    frame = pd.DataFrame(list(rows), columns=[*ANSWER_COLUMNS, "comment"])
    # An integer column that holds a "je ne sais pas" must keep it as a missing value.
    frame["score"] = frame["score"].astype("object")
    return frame


def _measured(campaign: Campaign, referential: Referential) -> dict[str, MeasuredValue]:
    out = {}
    for row in MeasuredResult.objects.filter(pole=campaign.pole_id, campaign=campaign):
        try:
            indicator = referential.indicator(row.indicator)
        except KeyError:
            continue
        if not indicator.measured:
            continue
        band = None
        if row.value is not None and row.score is not None:
            try:
                scored = indicator.score(row.value)
            except ValueError:
                scored = None
            band = scored.band_label if scored is not None else None
        out[row.indicator] = MeasuredValue(
            code=row.indicator,
            value=row.value,
            unit=row.unit or indicator.unit or "",
            score=row.score,
            band=band,
            missing=row.missing,
        )
    return out


def _results(campaign: Campaign) -> CampaignResults:
    referential = referential_for(campaign.referential_version)
    codes = {indicator.code for indicator in referential.indicators}
    aggregates = aggregate_answers(_answers_frame(campaign, codes), referential)
    measured = _measured(campaign, referential)
    scores = {code: value.score for code, value in measured.items()}
    counts = Respondent.objects.filter(pole=campaign.pole_id, campaign=campaign)
    return CampaignResults(
        campaign=campaign,
        referential=referential,
        version=referential.version,
        aggregates={aggregate.code: aggregate for aggregate in aggregates},
        measured=measured,
        report=gaps(aggregates, scores, referential),
        respondents=counts.filter(submitted_at__isnull=False).count(),
        invited=counts.count(),
        measures_frozen=bool(measured),
    )


def previous_published(campaign: Campaign) -> Campaign | None:
    """The pole's latest published campaign before `campaign` (by reference date), if any."""
    return (
        Campaign.objects.filter(
            pole=campaign.pole_id,
            status=CampaignStatus.PUBLISHED,
            reference_date__lt=campaign.reference_date,
        )
        .exclude(pk=campaign.pk)
        .order_by("-reference_date", "-pk")
        .first()
    )


def campaign_results(campaign: Campaign, *, compare: bool = True) -> CampaignResults:
    """The campaign's results, compared with the pole's previous published campaign.

    Per indicator: the aggregates of the sent answers (median, quartiles, min–max, number of
    answers) and the frozen measure (value, unit, score, band, or what was missing); the gap
    report at the three levels of the référentiel. With `compare`, `previous` holds the results
    of the latest published campaign before this one and `comparison` the change of each main
    objective — when both used the same référentiel version (`comparison_note` says otherwise).
    Runs inside the pole's scope; a bounded number of queries.
    """
    results = _results(campaign)
    if not compare:
        return results
    earlier = previous_published(campaign)
    if earlier is None:
        return results
    previous = _results(earlier)
    if previous.version != results.version:
        note = _(
            "La campagne précédente (%(title)s) a utilisé la version %(before)s du référentiel, "
            "celle-ci la version %(after)s : leurs objectifs ne se comparent pas terme à terme."
        ) % {"title": earlier.title, "before": previous.version, "after": results.version}
        return replace(results, previous=previous, comparison_note=note)
    comparison = compare_campaigns(previous.report, results.report)
    return replace(results, previous=previous, comparison=comparison)
