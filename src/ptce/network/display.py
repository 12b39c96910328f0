"""Formatting for the network and governance pages: numbers in French, reasons in French.

The analytics say why a figure is not measurable in English (``missing``); `reason` gives the
French sentence the pages show.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# One colour and one shape per family, so that the graph never relies on colour alone.
# Okabe & Ito's palette, distinguishable with the common colour-vision deficiencies.
FAMILY_STYLES: dict[str | None, dict[str, Any]] = {
    "ess_enterprise": {
        "label": gettext_lazy("Entreprise de l'ESS"),
        "colour": "#009E73",
        "shape": "ellipse",
        "symbol": "●",
    },
    "non_ess_enterprise": {
        "label": gettext_lazy("Entreprise hors ESS"),
        "colour": "#0072B2",
        "shape": "round-rectangle",
        "symbol": "■",
    },
    "public_body": {
        "label": gettext_lazy("Collectivité ou organisme public"),
        "colour": "#D55E00",
        "shape": "diamond",
        "symbol": "◆",
    },
    "research_training": {
        "label": gettext_lazy("Recherche ou formation"),
        "colour": "#CC79A7",
        "shape": "triangle",
        "symbol": "▲",
    },
    "natural_person": {
        "label": gettext_lazy("Personne à titre individuel"),
        "colour": "#E69F00",
        "shape": "star",
        "symbol": "★",
    },
    None: {
        "label": gettext_lazy("Famille non qualifiée"),
        "colour": "#8C8C8C",
        "shape": "hexagon",
        "symbol": "⬢",
    },
}

SOURCE_LABELS: dict[str, Any] = {
    "project": gettext_lazy("Projets"),
    "pooling": gettext_lazy("Mutualisations"),
    "working_group": gettext_lazy("Groupes de travail"),
    "meeting": gettext_lazy("Réunions"),
}
SOURCE_SINGULAR: dict[str, Any] = {
    "project": gettext_lazy("projet"),
    "pooling": gettext_lazy("mutualisation"),
    "working_group": gettext_lazy("groupe de travail"),
    "meeting": gettext_lazy("réunion"),
}


def family_label(family: str | None) -> str:
    return str(FAMILY_STYLES.get(family, FAMILY_STYLES[None])["label"])


@dataclass(frozen=True)
class Shown:
    """A value ready for the page: its text, or None and the reason it is not measurable
    (the same shape as the dashboards', so `dashboards/_value.html` shows it)."""

    text: str | None
    reason: str = ""


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _number(value: float, digits: int) -> str:
    # number_format cuts extra decimals instead of rounding them: round first.
    return number_format(round(value, digits), decimal_pos=digits, use_l10n=True)


def decimal(value: Any, digits: int = 2, *, reason: str = "", signed: bool = False) -> Shown:
    if _missing(value):
        return Shown(None, reason)
    text = _number(float(value), digits)
    if text.startswith("-"):
        # The typographic minus; a value that rounds to zero loses its sign.
        text = "−" + text[1:] if text.strip("-0,.") else text[1:]
    elif signed and float(value) > 0 and text.strip("0,."):
        text = "+" + text
    return Shown(text)


def integer(value: Any, *, reason: str = "") -> Shown:
    if _missing(value):
        return Shown(None, reason)
    return Shown(number_format(int(value), use_l10n=True, force_grouping=True))


def percent(rate: Any, *, reason: str = "", digits: int = 0) -> Shown:
    if _missing(rate):
        return Shown(None, reason)
    return Shown(f"{_number(float(rate) * 100, digits)}\u00a0%")


def years(value: Any, *, reason: str = "") -> Shown:
    if _missing(value):
        return Shown(None, reason)
    return Shown(_("%(years)s ans") % {"years": _number(float(value), 1)})


# The analytics' `missing` strings, in French. An unknown one falls back to a plain
# "non mesurable" rather than to English.
_REASONS = {
    "fewer than 2 member structures": gettext_lazy("moins de deux structures membres"),
    "no project, pooling or working group of the members in the window": gettext_lazy(
        "aucun projet, aucune mutualisation ni aucun groupe de travail des membres sur la période"
    ),
    "no cooperation tie in the window": gettext_lazy("aucun lien de coopération sur la période"),
    "no cooperation tie between members whose actor family is known": gettext_lazy(
        "aucun lien entre membres dont la famille d'acteurs est connue"
    ),
    "no cooperation tie between members whose NAF section is known": gettext_lazy(
        "aucun lien entre membres dont le code NAF est connu"
    ),
    "no current seat": gettext_lazy("aucun siège occupé à cette date"),
    "no current seat whose holder declared being a woman or a man": gettext_lazy(
        "aucun siège dont le ou la titulaire a déclaré être une femme ou un homme"
    ),
    "no member": gettext_lazy("aucun membre à cette date"),
    "no member whose FTE is known": gettext_lazy("aucun membre dont l'effectif (ETP) est connu"),
    "no small structure (under 10 FTE) or natural person among the members": gettext_lazy(
        "aucune petite structure (moins de 10 ETP) ni personne physique parmi les membres"
    ),
    "no current seat whose structure's FTE is known": gettext_lazy(
        "aucun siège dont la structure représentée a un effectif (ETP) connu"
    ),
}


def reason(missing: str | None) -> str:
    if not missing:
        return ""
    if missing.startswith("every group in the window has more than"):
        return _("tous les groupes de la période dépassent la taille retenue")
    return str(_REASONS.get(missing, _("donnée insuffisante")))
