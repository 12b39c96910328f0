"""A campaign's results and report (HTML and PDF), the legal conformity, the observatory view.

Thin views: `ptce.evaluation.results` reads the campaign, `ptce.evaluation.conformity` the
registry; this module only formats figures the French way and picks what each page shows.

Who sees what:
* a campaign's results and report: every role of the pole once the coordinator published
  them; before that, the coordinator only. Answers are shown as aggregates, never one by one;
  comments (free text, unsigned) only to the roles that see people (coordinator, members);
* the observatory view: users who hold the observer role in at least one pole, and staff. It
  shows the latest published campaign of every pole that agreed to share its results
  (`Pole.shares_with_observatory`), means and scores only: no names, no comments.
"""

from __future__ import annotations

import base64
import math
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_scopes import scope

from ptce.core import charts
from ptce.evaluation.conformity import STATUS_LABELS, Conformity, pole_conformity
from ptce.evaluation.models import Campaign, CampaignStatus
from ptce.evaluation.results import CampaignResults, MeasuredValue, campaign_results
from ptce.poles.access import PoleRequest, pole_view
from ptce.poles.models import Pole
from ptce.poles.permissions import Capability, may_observe
from ptce_analytics.assessment import (
    WEAK_BELOW,
    IndicatorAggregate,
    IndicatorGap,
    ObjectiveGap,
    discussion_leads,
    radar_series,
)
from ptce_analytics.conformity import Checklist
from ptce_analytics.referential import Referential

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]

KIND_LABELS = {"M": gettext_lazy("mesuré"), "D": gettext_lazy("déclaré")}
UNIT_SUFFIXES = {
    "percent": "\u00a0%",
    "fte": "\u00a0" + "ETP",
    "euro": "\u00a0€",
}
UNIT_DIGITS = {"percent": 1, "count": 1, "fte": 1, "ratio": 2, "index": 2, "euro": 0}


def _language() -> str:
    return "en" if (translation.get_language() or "fr").startswith("en") else "fr"


# --- French figures -----------------------------------------------------------------------------


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def number(value: float | None, digits: int = 1) -> str | None:
    """1.5 → "1,5" in French, "1.5" in English; no trailing zeros; None stays None."""
    if _missing(value):
        return None
    rounded = round(float(value), digits)
    # No trailing zeros: 2.5 is "2,5", not "2,50"; 3.0 is "3".
    shown = next(d for d in range(digits + 1) if round(rounded, d) == rounded)
    if shown == 0:
        return number_format(int(rounded), use_l10n=True, force_grouping=True)
    return number_format(rounded, decimal_pos=shown, use_l10n=True, force_grouping=True)


def signed(value: float | None, digits: int = 1) -> str | None:
    """A gap with its sign: "+1,5", "−0,5", "0"."""
    if _missing(value):
        return None
    text = number(abs(value), digits)
    if round(value, digits) == 0:
        return text
    return ("+" if value > 0 else "−") + text


def measured_text(measure: MeasuredValue) -> str | None:
    """The measured value in its unit: « 67,5 % », « 2,5 ETP », « 0,42 »."""
    if _missing(measure.value):
        return None
    unit = measure.unit
    return (number(measure.value, UNIT_DIGITS.get(unit, 2)) or "") + UNIT_SUFFIXES.get(unit, "")


@dataclass(frozen=True)
class Value:
    """A figure for the page: its text, or None and why (as `dashboards/_value.html` shows)."""

    text: str | None
    reason: str = ""


# --- campaign rows ------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorRow:
    code: str
    label: str
    kind: str
    kind_label: str
    n: int
    dont_know: int
    median: Value
    quartiles: Value
    iqr: Value
    range: Value
    disputed: bool
    measured: Value
    score: int | None
    band: str
    gap: Value
    comments: tuple[str, ...]


@dataclass(frozen=True)
class ObjectiveRow:
    code: str
    label: str
    declared: Value
    measured: Value
    gap: Value
    declared_count: int
    measured_count: int
    paired_count: int
    weak: bool
    disputed: bool


def _no_answer() -> Value:
    return Value(None, _("aucune réponse"))


def _indicator_row(
    referential: Referential,
    gap: IndicatorGap,
    aggregate: IndicatorAggregate | None,
    measure: MeasuredValue | None,
    language: str,
    frozen: bool,
) -> IndicatorRow:
    indicator = referential.indicator(gap.code)
    answered = aggregate is not None and aggregate.n > 0
    if indicator.measured:
        if measure is None:
            reason = (
                _("indicateur non calculé") if frozen else _("calculé à la clôture de la campagne")
            )
            measured, score, band = Value(None, reason), None, ""
        elif measure.score is None:
            reason = _("non mesurable : %(missing)s") % {"missing": measure.missing}
            measured, score, band = Value(None, reason), None, ""
        else:
            measured, score, band = Value(measured_text(measure)), measure.score, measure.band or ""
    else:
        measured, score, band = Value(None, _("indicateur déclaré")), None, ""
    if gap.gap is not None:
        gap_value = Value(signed(gap.gap))
    elif not indicator.measured:
        gap_value = Value(None, _("sans mesure"))
    elif not answered:
        gap_value = _no_answer()
    else:
        gap_value = Value(None, _("mesure manquante"))
    if answered:
        median = Value(number(aggregate.median))
        quartiles = Value(f"{number(aggregate.q1, 2)} – {number(aggregate.q3, 2)}")
        iqr = Value(number(aggregate.iqr, 2))
        span = Value(f"{aggregate.min} – {aggregate.max}")
    else:
        median = quartiles = iqr = span = _no_answer()
    return IndicatorRow(
        code=gap.code,
        label=indicator.label.get(language),
        kind=indicator.kind,
        kind_label=str(KIND_LABELS.get(indicator.kind, indicator.kind)),
        n=aggregate.n if aggregate else 0,
        dont_know=aggregate.dont_know if aggregate else 0,
        median=median,
        quartiles=quartiles,
        iqr=iqr,
        range=span,
        disputed=gap.disputed,
        measured=measured,
        score=score,
        band=band,
        gap=gap_value,
        comments=aggregate.comments if aggregate else (),
    )


def _objective_row(gap: ObjectiveGap, label: str) -> ObjectiveRow:
    return ObjectiveRow(
        code=gap.code,
        label=label,
        declared=Value(number(gap.declared_mean, 2), _("aucune réponse")),
        measured=Value(number(gap.measured_mean, 2), _("aucun indicateur mesurable")),
        gap=Value(signed(gap.gap, 2), _("rien à comparer")),
        declared_count=gap.declared_count,
        measured_count=gap.measured_count,
        paired_count=gap.paired_count,
        weak=gap.weak,
        disputed=gap.disputed,
    )


def _radar_label(code: str, label: str) -> str:
    return code + "\n" + "\n".join(textwrap.wrap(label, 22))


def _radar(results: CampaignResults, language: str) -> str:
    series = radar_series(results.report)
    labels = [
        _radar_label(code, results.referential.main_objective(code).label.get(language))
        for code in series.axes
    ]
    return charts.radar_chart(
        chart_id=f"radar-{results.campaign.pk}",
        title=_("Objectifs principaux : moyenne déclarée et moyenne mesurée, de 0 à 4"),
        labels=labels,
        series={
            _("Déclaré (moyenne des médianes)"): list(series.declared),
            _("Mesuré (moyenne des scores)"): list(series.measured),
        },
    )


def campaign_context(results: CampaignResults, *, show_comments: bool) -> dict[str, Any]:
    """What the results page and the report share: rows at the three levels, and more."""
    language = _language()
    referential = results.referential
    report = results.report
    groups = []
    for general in referential.general_objectives:
        mains = []
        for main in general.main_objectives:
            rows = [
                _indicator_row(
                    referential,
                    report.indicator(indicator.code),
                    results.aggregates.get(indicator.code),
                    results.measured.get(indicator.code),
                    language,
                    results.measures_frozen,
                )
                for indicator in main.indicators
            ]
            mains.append(
                {
                    "objective": _objective_row(
                        report.main_objective(main.code), main.label.get(language)
                    ),
                    "indicators": rows,
                }
            )
        groups.append(
            {
                "objective": _objective_row(
                    report.general_objective(general.code), general.label.get(language)
                ),
                "mains": mains,
            }
        )
    main_rows = [main["objective"] for group in groups for main in group["mains"]]
    general_rows = [group["objective"] for group in groups]
    comparison = []
    for change in results.comparison:
        comparison.append(
            {
                "code": change.code,
                "label": referential.main_objective(change.code).label.get(language),
                "declared_before": Value(number(change.declared_before, 2), _("aucune réponse")),
                "declared_after": Value(number(change.declared_after, 2), _("aucune réponse")),
                "declared_change": Value(signed(change.declared_change, 2), _("rien à comparer")),
                "measured_before": Value(number(change.measured_before, 2), _("non mesuré")),
                "measured_after": Value(number(change.measured_after, 2), _("non mesuré")),
                "measured_change": Value(signed(change.measured_change, 2), _("rien à comparer")),
                "gap_change": Value(signed(change.gap_change, 2), _("rien à comparer")),
            }
        )
    leads = discussion_leads(report, referential, language)
    campaign = results.campaign
    return {
        "campaign": campaign,
        "results": results,
        "version": results.version,
        "referential_title": referential.title.get(language),
        "scale": [(score, text.get(language)) for score, text in enumerate(referential.scale)],
        "groups": groups,
        "main_rows": main_rows,
        "general_rows": general_rows,
        "comparison": comparison,
        "previous": results.previous,
        "leads": leads,
        "weak_below": number(WEAK_BELOW),
        "show_comments": show_comments,
        "reference_date": date_format(campaign.reference_date, "SHORT_DATE_FORMAT"),
        "published_on": date_format(timezone.localtime(campaign.published_at), "SHORT_DATE_FORMAT")
        if campaign.published_at
        else "",
        "is_published": campaign.status == CampaignStatus.PUBLISHED,
    }


def _checklists(conformity: Conformity) -> list[dict[str, Any]]:
    language = _language()
    return [_checklist(checklist, language) for checklist in conformity.checklists]


def _checklist(checklist: Checklist, language: str) -> dict[str, Any]:
    return {
        "code": checklist.code,
        "title": checklist.title.get(language),
        "status": checklist.status,
        "status_label": STATUS_LABELS[checklist.status],
        "criteria": [
            {
                "code": criterion.code,
                "label": criterion.label.get(language),
                "status": criterion.status,
                "status_label": STATUS_LABELS[criterion.status],
                "evidence": criterion.evidence,
                "missing": criterion.missing,
            }
            for criterion in checklist.criteria
        ],
    }


# --- campaign pages -----------------------------------------------------------------------------


def _campaign(request: PoleRequest, pk: int) -> Campaign:
    campaign = get_object_or_404(Campaign.objects.filter(pole=request.pole), pk=pk)
    if (
        campaign.status != CampaignStatus.PUBLISHED
        and Capability.MANAGE_CAMPAIGNS not in request.capabilities
    ):
        # Until the coordinator publishes them, the results are the coordination's draft.
        raise PermissionDenied
    return campaign


def _shows_comments(request: PoleRequest) -> bool:
    return Capability.VIEW_PEOPLE in request.capabilities


@pole_view(Capability.VIEW_EVALUATION)
def results_page(request: PoleRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    results = campaign_results(campaign)
    context = campaign_context(results, show_comments=_shows_comments(request))
    context["pole"] = request.pole
    return render(request, "evaluation/report/results.html", context)


def report_context(request: PoleRequest, campaign: Campaign) -> dict[str, Any]:
    results = campaign_results(campaign)
    context = campaign_context(results, show_comments=False)
    conformity = pole_conformity(request.pole, on=campaign.reference_date)
    context.update(
        pole=request.pole,
        radar=_radar(results, _language()),
        checklists=_checklists(conformity),
        generated_on=date_format(timezone.localdate(), "SHORT_DATE_FORMAT"),
    )
    return context


@pole_view(Capability.VIEW_EVALUATION)
def report_page(request: PoleRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    return render(request, "evaluation/report/report.html", report_context(request, campaign))


def report_pdf_bytes(context: dict[str, Any]) -> bytes:
    """The report as an A4 PDF (WeasyPrint); fonts are the system's, nothing is fetched."""
    import weasyprint

    # As an image: WeasyPrint draws it with its SVG renderer (text stays text), and the HTML
    # engine does not read the chart's SVG style attributes as page CSS.
    radar_uri = "data:image/svg+xml;base64," + base64.b64encode(context["radar"].encode()).decode()
    html = render_to_string(
        "evaluation/report/report_pdf.html", {**context, "radar_uri": radar_uri}
    )
    # A local base URL: the document references nothing outside itself, and must never fetch.
    return weasyprint.HTML(string=html, base_url=str(STATIC_DIR)).write_pdf()


@pole_view(Capability.VIEW_EVALUATION)
def report_pdf(request: PoleRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    content = report_pdf_bytes(report_context(request, campaign))
    response = HttpResponse(content, content_type="application/pdf")
    filename = f"rapport-{request.pole.slug}-{campaign.reference_date:%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


# --- conformity ---------------------------------------------------------------------------------


class ConformityDateForm(forms.Form):
    date = forms.DateField(
        label=gettext_lazy("Situation au (jj/mm/aaaa)"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"placeholder": "jj/mm/aaaa"}, format="%d/%m/%Y"),
    )


@pole_view(Capability.VIEW_EVALUATION)
def conformity_page(request: PoleRequest) -> HttpResponse:
    form = ConformityDateForm(request.GET or None)
    on = timezone.localdate()
    if form.is_valid() and form.cleaned_data["date"]:
        on = form.cleaned_data["date"]
    conformity = pole_conformity(request.pole, on=on)
    context = {
        "pole": request.pole,
        "form": form,
        "on": date_format(on, "SHORT_DATE_FORMAT"),
        "checklists": _checklists(conformity),
        "can_manage": Capability.MANAGE_REGISTRY in request.capabilities,
    }
    return render(request, "evaluation/conformity.html", context)


# --- observatory --------------------------------------------------------------------------------


def _latest_published(pole: Pole) -> Campaign | None:
    return (
        Campaign.objects.filter(pole=pole, status=CampaignStatus.PUBLISHED)
        .order_by("-reference_date", "-published_at", "-pk")
        .first()
    )


def observatory_columns(poles: list[Pole]) -> list[dict[str, Any]]:
    """One column per consenting pole with a published campaign: its means and M scores."""
    columns = []
    for pole in poles:
        with scope(pole=pole):
            campaign = _latest_published(pole)
            if campaign is None:
                continue
            results = campaign_results(campaign, compare=False)
        columns.append(
            {
                "pole": pole,
                "campaign": campaign,
                "reference_date": date_format(campaign.reference_date, "SHORT_DATE_FORMAT"),
                "results": results,
            }
        )
    return columns


def _observatory_table(columns: list[dict[str, Any]]) -> dict[str, Any]:
    """Rows of main objectives and of M indicators, one cell per pole, for one version."""
    language = _language()
    referential = columns[0]["results"].referential
    mains = []
    for main in referential.main_objectives:
        cells = []
        for column in columns:
            gap = column["results"].report.main_objective(main.code)
            cells.append(
                {
                    "declared": Value(number(gap.declared_mean, 2), _("aucune réponse")),
                    "measured": Value(number(gap.measured_mean, 2), _("non mesurable")),
                }
            )
        mains.append({"code": main.code, "label": main.label.get(language), "cells": cells})
    indicators = []
    for indicator in referential.indicators:
        if not indicator.measured:
            continue
        cells = []
        for column in columns:
            measure = column["results"].measured.get(indicator.code)
            score = None if measure is None else measure.score
            reason = measure.missing if measure is not None else _("non calculé")
            cells.append(Value(None if score is None else str(score), reason))
        indicators.append(
            {"code": indicator.code, "label": indicator.label.get(language), "cells": cells}
        )
    return {
        "version": referential.version,
        "columns": columns,
        "mains": mains,
        "indicators": indicators,
    }


@login_required
def observatory_page(request: HttpRequest) -> HttpResponse:
    if not may_observe(request.user):
        raise PermissionDenied
    poles = list(Pole.objects.filter(shares_with_observatory=True).order_by("name"))
    columns = observatory_columns(poles)
    by_version: dict[str, list[dict[str, Any]]] = {}
    for column in columns:
        by_version.setdefault(column["results"].version, []).append(column)
    tables = [_observatory_table(group) for _version, group in sorted(by_version.items())]
    without = [pole for pole in poles if pole.pk not in {c["pole"].pk for c in columns}]
    context = {"tables": tables, "without_campaign": without}
    return render(request, "evaluation/observatory.html", context)
