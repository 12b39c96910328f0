"""The observatory's pages: the paper's typology, poles side by side, the typology, the map.

Who sees them: users who hold the observer role in at least one pole, and staff — the same
check as the référentiel's observatory view (`ptce.evaluation.views_report`), imported, not
copied. Others get 403, anonymous visitors the login page.

What they see: the paper's typology from the packaged data; everything else only for the poles
that agreed to share with the observatory (`Pole.shares_with_observatory`), as aggregates.
No page names a person. The views only choose, label and format: the figures come from
`ptce.observatory.selectors` and the analytics.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from typing import Any

import numpy as np
import pandas as pd
from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_safe

from ptce.core import charts
from ptce.evaluation.views_report import (
    STATIC_DIR,
    Value,
    _language,
    number,
    observatory_columns,
)
from ptce.observatory import maps, selectors
from ptce.poles.models import ActivityFamily, CallKind, Origin, PoleLegalForm, TerritoryType
from ptce.poles.permissions import may_observe
from ptce.registry.models import ActorFamily
from ptce_analytics import economics as eco
from ptce_analytics.typology import HCPC, MCA

# The paper the typology reproduces; the source of every "publié" figure.
PAPER_SOURCE = (
    "Thomas Podlewski, « Intelligence collective, dynamiques culturelles et cadre "
    "institutionnel : comment se construit un Pôle Territorial de Coopération Économique "
    "(PTCE) », XIVe Rencontres du RIUESS, Lille, mai 2014"
)
SIZE_LABELS = {
    "lt10": gettext_lazy("moins de 10 structures"),
    "10-19": gettext_lazy("10 à 19 structures"),
    "20-39": gettext_lazy("20 à 39 structures"),
    "40+": gettext_lazy("40 structures et plus"),
}


def observatory_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Login required; observers (of any pole) and staff only."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not may_observe(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


# --- formatting ---------------------------------------------------------------------------------


def _not_documented() -> str:
    return _("non renseigné")


def _not_measurable() -> str:
    return _("non mesurable")


def _integer(value: int | None, reason: str = "") -> Value:
    return Value(None, reason or _not_documented()) if value is None else Value(number(value, 0))


def _percent(share: float | None, reason: str = "") -> Value:
    if share is None:
        return Value(None, reason or _not_measurable())
    return Value((number(share * 100, 0) or "0") + "\u00a0%")


def _euros(amount: float | None, reason: str = "") -> Value:
    if amount is None:
        return Value(None, reason or _not_measurable())
    return Value((number(amount, 0) or "0") + "\u00a0€")


def _choice(choices: Any, code: str | None) -> str:
    return str(dict(choices.choices).get(code, code)) if code else _not_documented()


def _yes_no(value: bool | None) -> str:
    if value is None:
        return _not_documented()
    return _("oui") if value else _("non")


# --- the paper's typology -------------------------------------------------------------------------


def _rows(counts: Iterable[selectors.CategoryCount], labels: dict[str, str]) -> list[dict]:
    return [
        {"code": c.code, "label": labels.get(c.code, c.code), "count": c.count, "poles": c.poles}
        for c in counts
    ]


def _published_rows(published: dict[str, Any], typology: selectors.PaperTypology) -> list[dict]:
    """The aggregates the paper gives without the per-pole detail, and what our data says."""
    total = published.get("poles") or len(typology.poles)
    origin_labels = dict(Origin.choices)
    ours_origin = "\u00a0; ".join(
        f"{origin_labels.get(c.code, _not_documented())}\u00a0: {c.count}"
        for c in typology.origin
        if c.count
    )
    showcase = {c.code: c.count for c in typology.showcase_place}
    rows: list[dict[str, Any]] = []

    def add(key: str, label: str, text: str | None, ours: str = "") -> None:
        if key in published and text is not None:
            rows.append({"key": key, "label": label, "published": text, "ours": ours})

    add("poles", _("Pôles témoins"), str(published.get("poles")), str(len(typology.poles)))
    span = published.get("age_years_range") or []
    add(
        "age_years_range",
        _("Âge des pôles"),
        _("de %(low)s à %(high)s ans") % {"low": span[0], "high": span[1]}
        if len(span) == 2
        else None,
    )
    add(
        "poles_over_10_years",
        _("Pôles de plus de 10 ans"),
        _("%(n)s sur %(total)s") % {"n": published.get("poles_over_10_years"), "total": total},
    )
    origins = published.get("origin_counts") or {}
    add(
        "origin_counts",
        _("Origine des pôles"),
        "\u00a0; ".join(
            f"{origin_labels.get(code, code)}\u00a0: {n}" for code, n in origins.items()
        ),
        ours_origin,
    )
    add(
        "mean_member_structures",
        _("Structures membres, en moyenne"),
        _("une vingtaine (%(n)s)") % {"n": published.get("mean_member_structures")},
    )
    share = published.get("charismatic_leader_share")
    add(
        "charismatic_leader_share",
        _("Pôles qui reposent sur un leader charismatique"),
        _("%(n)s sur %(total)s (%(pct)s %%)")
        % {"n": round(share * total), "total": total, "pct": number(share * 100, 0)}
        if share is not None
        else None,
    )
    if "all_chairs_are_men" in published:
        add(
            "all_chairs_are_men",
            _("Présidence"),
            _("un homme à la présidence de chacun des %(total)s pôles") % {"total": total}
            if published["all_chairs_are_men"]
            else _("pas uniquement des hommes"),
        )
    share = published.get("showcase_place_share")
    add(
        "showcase_place_share",
        _("Pôles disposant d'un lieu vitrine"),
        f"{number(share * 100, 0)}\u00a0%" if share is not None else None,
        _("%(yes)s documentés sur %(total)s, les %(unknown)s autres non renseignés")
        % {
            "yes": showcase.get("yes", 0),
            "total": len(typology.poles),
            "unknown": showcase.get("", 0),
        },
    )
    add(
        "employer_group_poles",
        _("Pôles dotés d'un groupement d'employeurs"),
        str(published.get("employer_group_poles")),
        str(typology.employer_group.count),
    )
    add(
        "laureates_2013_call",
        _("Lauréats de l'appel à projets 2013"),
        str(published.get("laureates_2013_call")),
        str(typology.laureates_2013.count),
    )
    add(
        "non_laureates",
        _("Non lauréats"),
        str(published.get("non_laureates")),
        str(typology.others_2013.count),
    )
    return rows


def _line(label: str, count: selectors.CategoryCount) -> dict[str, Any]:
    return {"code": count.code, "label": label, "count": count.count, "poles": count.poles}


@observatory_view
@require_safe
def paper_typology(request: HttpRequest) -> HttpResponse:
    typology = selectors.paper_typology()
    context = {
        "total": len(typology.poles),
        "territory": _rows(typology.territory, dict(TerritoryType.choices)),
        "activity": _rows(typology.activity, dict(ActivityFamily.choices)),
        "call": [
            _line(_("Lauréats de l'appel à projets 2013"), typology.laureates_2013),
            _line(_("Autres pôles"), typology.others_2013),
        ],
        "employer": [
            _line(_("Avec un groupement d'employeurs"), typology.employer_group),
            _line(_("Non renseigné"), typology.employer_group_unknown),
        ],
        "published": _published_rows(typology.published, typology),
        "source": PAPER_SOURCE,
    }
    return render(request, "observatory/paper_typology.html", context)


# --- poles side by side -------------------------------------------------------------------------


def _family_labels() -> dict[str, str]:
    return {code: str(label) for code, label in ActorFamily.choices}


def _registry_rows(facts: list[selectors.PoleFacts]) -> list[dict[str, Any]]:
    families = _family_labels()
    rows: list[dict[str, Any]] = [
        {
            "label": _("Département"),
            "cells": [
                Value(f"{f.departement_name} ({f.departement})" if f.departement else None,
                      _not_documented())
                for f in facts
            ],
        },
        {"label": _("Structures membres"), "cells": [_integer(f.members.members) for f in facts]},
        {
            "label": _("Part de structures de l'ESS"),
            "cells": [
                _percent(f.members.ess_share, _("statut ESS inconnu")) if f.members.members
                else Value(None, _("aucun membre"))
                for f in facts
            ],
        },
    ]
    for code, label in families.items():
        rows.append(
            {
                "label": label,
                "sub": True,
                "cells": [_integer(f.families()[code]) for f in facts],
            }
        )
    rows.append(
        {
            "label": _("Famille non classée"),
            "sub": True,
            "cells": [_integer(f.members.unclassified) for f in facts],
        }
    )
    rows.append({"label": _("Communes du territoire"),
                 "cells": [_integer(f.territory.communes or None) for f in facts]})
    rows.append({"label": _("Population du territoire"),
                 "cells": [_integer(f.territory.population) for f in facts]})
    return rows


def _mobilisation_rows(compared: list[selectors.PoleComparison]) -> list[dict[str, Any]]:
    def cells(get: Callable[[Any], Value]) -> list[Value]:
        return [get(c.mobilisation) for c in compared]

    no_meeting = _("aucune réunion")
    return [
        {"label": _("Réunions tenues"), "cells": cells(lambda m: _integer(m.meetings))},
        {"label": _("dont réunions de travail"), "sub": True,
         "cells": cells(lambda m: _integer(m.working_meetings))},
        {"label": _("Personnes venues au moins une fois"),
         "cells": cells(lambda m: _integer(m.participants_total) if m.meetings
                        else Value(None, no_meeting))},
        {"label": _("Structures représentées au moins une fois"),
         "cells": cells(lambda m: _integer(m.structures_total) if m.meetings
                        else Value(None, no_meeting))},
        {"label": _("Participation moyenne aux plénières"),
         "cells": cells(lambda m: _percent(m.plenary_rate_mean))},
        {"label": _("Concentration de la participation (Gini)"),
         "cells": cells(lambda m: Value(number(m.gini, 2), _not_measurable()))},
    ]


def _economics_rows(compared: list[selectors.PoleComparison]) -> list[dict[str, Any]]:
    def reason(c: selectors.PoleComparison) -> str:
        if c.economics_error:
            return _("données économiques incohérentes")
        return _("aucune année complète avec un budget")

    def cells(get: Callable[[eco.YearMix], Value]) -> list[Value]:
        return [
            get(c.economics) if c.economics is not None else Value(None, reason(c))
            for c in compared
        ]

    return [
        {"label": _("Dernière année complète"),
         "cells": cells(lambda m: Value(str(m.year)))},
        {"label": _("Budget de fonctionnement"), "cells": cells(lambda m: _euros(m.budget))},
        {"label": _("Part d'argent public"), "cells": cells(lambda m: _percent(m.public_share))},
        {"label": _("Part de ressources propres"),
         "cells": cells(lambda m: _percent(m.own_share))},
    ]


def _referential_rows(facts: list[selectors.PoleFacts]) -> tuple[list[dict], list[Value]]:
    """The main objectives of each pole's latest published campaign: declared / measured."""
    columns = {column["pole"].pk: column for column in observatory_columns([f.pole for f in facts])}
    language = _language()
    campaigns = []
    for f in facts:
        column = columns.get(f.pole.pk)
        if column is None:
            campaigns.append(Value(None, _("aucune campagne publiée")))
        else:
            campaigns.append(Value(f"{column['campaign'].title} ({column['reference_date']})"))
    labels: dict[str, str] = {}
    for column in columns.values():
        for main in column["results"].referential.main_objectives:
            labels.setdefault(main.code, main.label.get(language))
    rows = []
    for code in sorted(labels):
        cells = []
        for f in facts:
            column = columns.get(f.pole.pk)
            codes = (
                {m.code for m in column["results"].referential.main_objectives} if column else ()
            )
            if column is None or code not in codes:
                cells.append(Value(None, "—"))
                continue
            gap = column["results"].report.main_objective(code)
            declared = number(gap.declared_mean, 1) or _("aucune réponse")
            measured = number(gap.measured_mean, 1) or _not_measurable()
            cells.append(Value(f"{declared} / {measured}"))
        rows.append({"label": f"{code} {labels[code]}", "cells": cells})
    return rows, campaigns


@observatory_view
@require_safe
def compare(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    facts = selectors.pole_facts(selectors.consenting_poles(), today=today)
    compared = selectors.pole_comparison(facts, today=today)
    referential_rows, campaigns = _referential_rows(facts)
    context = {
        "facts": facts,
        "today": date_format(today, "SHORT_DATE_FORMAT"),
        "profile_rows": _profile_rows(facts),
        "registry_rows": _registry_rows(facts),
        "mobilisation_rows": _mobilisation_rows(compared),
        "economics_rows": _economics_rows(compared),
        "referential_rows": referential_rows,
        "campaigns": campaigns,
    }
    return render(request, "observatory/compare.html", context)


def _profile_rows(facts: list[selectors.PoleFacts]) -> list[dict[str, Any]]:
    def row(label: str, get: Callable[[selectors.PoleFacts], str | None]) -> dict[str, Any]:
        return {"label": label,
                "cells": [Value(get(f) or None, _not_documented()) for f in facts]}

    calls = dict(CallKind.choices)
    return [
        row(_("Type de territoire"), lambda f: _choice(TerritoryType, f.pole.territory_type)),
        row(_("Famille d'activités"), lambda f: _choice(ActivityFamily, f.pole.activity_family)),
        row(_("Origine"), lambda f: _choice(Origin, f.pole.origin)),
        row(_("Forme juridique"), lambda f: _choice(PoleLegalForm, f.pole.legal_form)),
        row(_("Regroupement depuis"),
            lambda f: str(f.pole.grouping_since) if f.pole.grouping_since else None),
        row(_("Lieu vitrine"), lambda f: _yes_no(f.pole.showcase_place)),
        row(_("Groupement d'employeurs en activité"), lambda f: _yes_no(f.employer_group)),
        row(_("Appels remportés"),
            lambda f: ", ".join(f"{calls.get(c, c)} ({y})" for c, y in f.calls) or _("aucun")),
    ]


# --- the map ------------------------------------------------------------------------------------


def _map_context(today: dt.date) -> dict[str, Any]:
    facts = selectors.pole_facts(selectors.consenting_poles(), today=today)
    france = maps.france_map()
    members: Counter[str] = Counter()
    without_commune = 0
    for f in facts:
        for code, n in f.members_by_departement.items():
            if code is None:
                without_commune += n
            else:
                members[code] += n
    poles: Counter[str] = Counter(f.departement for f in facts if f.departement)

    def tooltip(code: str, name: str, value: int, points: int) -> str:
        text = ngettext(
            "%(name)s (%(code)s) : %(n)s structure membre",
            "%(name)s (%(code)s) : %(n)s structures membres",
            value,
        ) % {"name": name, "code": code, "n": value}
        if points:
            text += ngettext(", %(n)s pôle", ", %(n)s pôles", points) % {"n": points}
        return text

    placed = [f for f in facts if f.departement in france.departements]
    description = _(
        "%(poles)s pôles sur %(total)s placés dans %(deps)s départements ; "
        "%(members)s structures membres réparties dans %(mdeps)s départements. "
        "Le tableau qui suit la carte donne les mêmes chiffres."
    ) % {
        "poles": len(placed),
        "total": len(facts),
        "deps": len({f.departement for f in placed}),
        "members": sum(members.values()),
        "mdeps": len(members),
    }
    svg = maps.choropleth(
        map_id="carte-poles",
        title=_("Carte des pôles qui partagent leurs données et de leurs structures membres"),
        description=description,
        values=members,
        points=poles,
        tooltip=tooltip,
        legend_title=_("Structures membres"),
        empty_label=_("aucune"),
        point_label=_("pôle (chiffre : nombre de pôles)"),
        between=_("{low} à {high}"),
    )
    codes = sorted(set(members) | set(poles))
    names = {code: d.name for code, d in france.departements.items()}
    off_map = set(maps.off_map(codes))
    rows = [
        {
            "code": code,
            "name": names.get(code, ""),
            "poles": poles.get(code, 0),
            "pole_names": [f.pole.name for f in facts if f.departement == code],
            "members": members.get(code, 0),
            "off_map": code in off_map,
        }
        for code in codes
    ]
    return {
        "svg": svg,
        "rows": rows,
        "facts": facts,
        "unplaced": [f for f in facts if not f.departement],
        "synthetic": any(f.synthetic for f in facts),
        "without_commune": without_commune,
        "source": france.source,
        "today": date_format(today, "SHORT_DATE_FORMAT"),
    }


@observatory_view
@require_safe
def map_page(request: HttpRequest) -> HttpResponse:
    return render(request, "observatory/map.html", _map_context(timezone.localdate()))


def map_pdf_bytes(context: dict[str, Any]) -> bytes:
    """The map page as an A4 PDF: the SVG inlined, drawn by WeasyPrint; nothing is fetched."""
    import weasyprint

    html = render_to_string("observatory/map_pdf.html", context)
    return weasyprint.HTML(string=html, base_url=str(STATIC_DIR)).write_pdf()


@observatory_view
@require_safe
def map_pdf(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    response = HttpResponse(map_pdf_bytes(_map_context(today)), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="carte-observatoire-{today:%Y-%m-%d}.pdf"'
    return response


# --- the typology (MCA + HCPC) ------------------------------------------------------------------

# HCPC proposes 3 to round(n/2) clusters (FactoMineR's defaults): it needs 6 poles at least.
MIN_FIT = 6
WITNESSES, EVERY_POLE = "temoins", "tous"
VARIABLE_LABELS = {
    "territory_type": gettext_lazy("Type de territoire"),
    "activity_family": gettext_lazy("Famille d'activités"),
    "origin": gettext_lazy("Origine"),
    "legal_form": gettext_lazy("Forme juridique"),
    "laureate_2013": gettext_lazy("Lauréat de l'appel 2013"),
    "showcase_place": gettext_lazy("Lieu vitrine"),
    "employer_group": gettext_lazy("Groupement d'employeurs"),
    "size_class": gettext_lazy("Taille"),
}


class ReferenceForm(forms.Form):
    reference = forms.ChoiceField(
        label=gettext_lazy("Pôles de l'analyse"),
        choices=[
            (WITNESSES, gettext_lazy("les pôles témoins de l'article (les autres pôles sont "
                                     "placés sur leur carte)")),
            (EVERY_POLE, gettext_lazy("tous les pôles qui partagent leurs données")),
        ],
        widget=forms.RadioSelect,
        required=False,
    )


def _answer_label(variable: str, answer: str | None) -> str:
    if answer is None:
        return _not_documented()
    choices = {
        "territory_type": TerritoryType,
        "activity_family": ActivityFamily,
        "origin": Origin,
        "legal_form": PoleLegalForm,
    }
    if variable in choices:
        return _choice(choices[variable], answer)
    if variable == "size_class":
        return str(SIZE_LABELS.get(answer, answer))
    return {"yes": _("oui"), "no": _("non")}.get(answer, answer)


def _category_label(variable: str, answer: str | None) -> str:
    return f"{VARIABLE_LABELS.get(variable, variable)}\u00a0: {_answer_label(variable, answer)}"


def _map_label(variable: str, answer: str | None) -> str:
    """A category's label on the map: its answer alone when that says which variable it is
    ("Territoire rural"), with the variable's name otherwise ("Lieu vitrine : oui")."""
    if answer is None or variable in ("laureate_2013", "showcase_place", "employer_group"):
        return _category_label(variable, answer)
    return _answer_label(variable, answer)


def _answer_of(value: Any) -> str | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


def _short(name: str) -> str:
    """A pole's name for a chart label: without the parenthesis that some names carry."""
    return name.split(" (")[0]


@dataclass(frozen=True)
class Placed:
    """A supplementary pole on the map: where, by which means, and what was left out."""

    coordinates: np.ndarray
    ignored: tuple[str, ...]  # variables whose answer the fitted poles never gave


def _place(mca: MCA, row: pd.Series) -> Placed | None:
    """Place a pole outside the fit: `MCA.transform` when the fitted poles gave each of its
    answers; otherwise the MCA's transition formula over the answers they gave (the mean of
    those categories' standard coordinates), leaving the other variables out; None when no
    answer is known to the fit."""
    categories = mca.categories_
    standard = mca.category_coordinates_.to_numpy() / mca.singular_values_[: mca.n_components_]
    known, ignored = [], []
    for variable in mca.active_variables_:
        answer = _answer_of(row[variable])
        answers = categories["answer"].map(_answer_of)
        match = (categories["variable"] == variable) & (
            answers.isna() if answer is None else answers == answer
        )
        if match.any():
            known.append(standard[int(np.flatnonzero(match.to_numpy())[0])])
        else:
            ignored.append(variable)
    if not known:
        return None
    if not ignored:
        return Placed(mca.transform(row.to_frame().T).to_numpy()[0], ())
    return Placed(np.mean(known, axis=0), tuple(ignored))


def _reference(request: HttpRequest, witnesses: int) -> tuple[ReferenceForm, str]:
    form = ReferenceForm(request.GET or None)
    chosen = form.cleaned_data.get("reference") if form.is_valid() else ""
    if not chosen:
        chosen = WITNESSES if witnesses >= MIN_FIT else EVERY_POLE
        form = ReferenceForm(initial={"reference": chosen})
    return form, chosen


def _typology_context(facts: list[selectors.PoleFacts], reference: str) -> dict[str, Any]:
    frame = selectors.profile_frame(facts)
    names = {f.pole.slug: f.pole.name for f in facts}
    witnesses = selectors.witness_slugs()
    if reference == WITNESSES:
        fitted = [slug for slug in frame.index if slug in witnesses]
    else:
        fitted = list(frame.index)
    outside = [slug for slug in frame.index if slug not in fitted]
    context: dict[str, Any] = {
        "fitted_count": len(fitted),
        "outside_count": len(outside),
        "min_fit": MIN_FIT,
        "variables": [str(VARIABLE_LABELS[v]) for v in selectors.PROFILE_VARIABLES],
    }
    if len(fitted) < MIN_FIT:
        context["problem"] = _(
            "Il faut au moins %(min)s pôles dans l'analyse pour une typologie ; il y en a "
            "%(n)s."
        ) % {"min": MIN_FIT, "n": len(fitted)}
        return context
    try:
        mca = MCA(n_components=5).fit(frame.loc[fitted])
        hcpc = HCPC(n_clusters="auto").fit(mca)
    except ValueError:
        context["problem"] = _(
            "Les profils des pôles de l'analyse sont trop semblables pour en tirer des axes "
            "et des classes."
        )
        return context

    coordinates = mca.row_coordinates_
    two_axes = mca.n_components_ >= 2
    clusters = {slug: int(k) for slug, k in zip(fitted, hcpc.labels_, strict=True)}
    centres = hcpc.cluster_centers_.to_numpy()
    placed: dict[str, Placed | None] = {slug: _place(mca, frame.loc[slug]) for slug in outside}
    nearest = {
        slug: int(np.argmin(((centres - p.coordinates) ** 2).sum(axis=1))) + 1
        for slug, p in placed.items()
        if p is not None
    }

    def axis(k: int) -> str:
        return _("Dim %(k)s (%(pct)s %%)") % {
            "k": k, "pct": number(float(mca.percent_[k - 1]), 1)
        }

    sizes = {k: sum(1 for c in clusters.values() if c == k) for k in range(1, hcpc.n_clusters_ + 1)}
    groups = [
        (str(k), ngettext("Classe %(k)s (%(n)s pôle)", "Classe %(k)s (%(n)s pôles)", n)
         % {"k": k, "n": n})
        for k, n in sizes.items()
    ]
    y_of = (lambda c: float(c[1])) if two_axes else (lambda c: 0.0)
    points = [
        (_short(names[slug]), float(coordinates.loc[slug].iloc[0]),
         y_of(coordinates.loc[slug].to_numpy()), str(clusters[slug]), False)
        for slug in fitted
    ] + [
        (_short(names[slug]), float(p.coordinates[0]), y_of(p.coordinates),
         str(nearest[slug]), True)
        for slug, p in placed.items()
        if p is not None
    ]
    factor_map = charts.factor_map(
        chart_id="carte-factorielle",
        title=_("Carte factorielle des pôles (ACM, axes 1 et 2), colorés par classe"),
        points=tuple(points),
        groups=tuple(groups),
        x_label=axis(1),
        y_label=axis(2) if two_axes else "",
        hollow_label=_("pôle placé après coup (supplémentaire)"),
    )
    category_points = tuple(
        (_map_label(row.variable, _answer_of(row.answer)),
         float(mca.category_coordinates_.loc[label].iloc[0]),
         y_of(mca.category_coordinates_.loc[label].to_numpy()), row.variable, False)
        for label, row in mca.categories_.iterrows()
    )
    category_map = charts.factor_map(
        chart_id="carte-modalites",
        title=_("Carte factorielle des modalités (ACM, axes 1 et 2)"),
        points=category_points,
        groups=tuple((v, str(VARIABLE_LABELS[v])) for v in mca.active_variables_),
        x_label=axis(1),
        y_label=axis(2) if two_axes else "",
    )

    def coord(values: Any, k: int, digits: int = 2) -> str:
        return number(float(values.iloc[k]), digits) if len(values) > k else "—"

    pole_rows = [
        {
            "name": names[slug],
            "dim1": coord(coordinates.loc[slug], 0),
            "dim2": coord(coordinates.loc[slug], 1),
            "cluster": clusters[slug],
            "supplementary": False,
        }
        for slug in fitted
    ]
    for slug, p in placed.items():
        pole_rows.append({
            "name": names[slug],
            "dim1": number(float(p.coordinates[0]), 2) if p else None,
            "dim2": number(float(p.coordinates[1]), 2) if p and two_axes else None,
            "cluster": nearest.get(slug),
            "supplementary": True,
            "ignored": [str(VARIABLE_LABELS[v]) for v in p.ignored] if p else [],
            "placed": p is not None,
        })
    category_rows = [
        {
            "label": _category_label(row.variable, _answer_of(row.answer)),
            "count": int(row["count"]),
            "dim1": coord(mca.category_coordinates_.loc[label], 0),
            "dim2": coord(mca.category_coordinates_.loc[label], 1),
            "contrib1": coord(mca.category_contributions_.loc[label], 0, 1),
            "contrib2": coord(mca.category_contributions_.loc[label], 1, 1),
            "vtest1": coord(mca.category_vtest_.loc[label], 0),
            "vtest2": coord(mca.category_vtest_.loc[label], 1),
        }
        for label, row in mca.categories_.iterrows()
    ]
    answer_by_label = {
        label: (row.variable, _answer_of(row.answer)) for label, row in mca.categories_.iterrows()
    }
    description = hcpc.description_
    cluster_rows = []
    for k in range(1, hcpc.n_clusters_ + 1):
        rows = []
        if description is not None:
            table = description.categories
            for item in table[table["cluster"] == k].to_dict("records"):
                level = str(item["category"]).split("=", 1)[-1]
                variable, answer = answer_by_label.get(level, (str(item["variable"]), level))
                rows.append({
                    "label": _category_label(variable, answer),
                    "cla_mod": number(float(item["cla_mod"]), 1),
                    "mod_cla": number(float(item["mod_cla"]), 1),
                    "global": number(float(item["global"]), 1),
                    "p_value": _p_value(float(item["p_value"])),
                    "v_test": number(float(item["v_test"]), 2),
                    "over": float(item["v_test"]) > 0,
                })
        cluster_rows.append({
            "number": k,
            "poles": [names[slug] for slug in fitted if clusters[slug] == k],
            "placed": [names[slug] for slug, c in nearest.items() if c == k],
            "categories": rows,
        })
    linked = []
    if description is not None:
        for item in description.chi2.itertuples():
            linked.append({
                "label": str(VARIABLE_LABELS.get(str(item.variable), item.variable)),
                "p_value": _p_value(float(item.p_value)),
                "df": int(item.df),
            })
    eigen_rows = [
        {
            "axis": k + 1,
            "value": number(float(value), 4),
            "percent": number(float(mca.percent_[k]), 2),
            "cumulative": number(float(mca.cumulative_percent_[k]), 2),
        }
        for k, value in enumerate(mca.eigenvalues_)
    ]
    context.update(
        factor_map=factor_map,
        category_map=category_map,
        pole_rows=pole_rows,
        category_rows=category_rows,
        cluster_rows=cluster_rows,
        linked=linked,
        eigen_rows=eigen_rows,
        n_clusters=hcpc.n_clusters_,
        suggested=hcpc.suggested_n_clusters_,
        proba=number(hcpc.proba * 100, 0),
    )
    return context


def _p_value(p: float) -> str:
    if p < 0.001:
        return "< 0,001" if translation.get_language() != "en" else "< 0.001"
    return number(p, 3) or "0"


@observatory_view
@require_safe
def typology(request: HttpRequest) -> HttpResponse:
    facts = selectors.pole_facts(selectors.consenting_poles())
    witnesses = selectors.witness_slugs()
    form, reference = _reference(request, sum(f.pole.slug in witnesses for f in facts))
    context = {
        "form": form,
        "reference": reference,
        "poles": len(facts),
        "synthetic": any(f.synthetic for f in facts),
        **(_typology_context(facts, reference) if facts else {"problem": _(
            "Aucun pôle n'a encore accepté de partager ses données avec l'observatoire."
        )}),
    }
    return render(request, "observatory/typology.html", context)
