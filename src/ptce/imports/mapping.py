"""Which spreadsheet column holds which field: header synonyms in French and English."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ptce.core.text import fold
from ptce.imports.reading import column_letter


@dataclass(frozen=True)
class TargetField:
    key: str
    label: str | Promise
    synonyms: tuple[str, ...]


FIELDS: tuple[TargetField, ...] = (
    TargetField("name", _("Nom de la structure"), (
        "nom", "nom de la structure", "nom structure", "raison sociale", "structure",
        "dénomination", "dénomination sociale", "organisation", "organisme", "entreprise",
        "name", "organisation name", "organization", "organization name", "company",
        "company name", "legal name", "denominationunitelegale",
    )),
    TargetField("siret", _("SIRET"), (
        "siret", "n° siret", "no siret", "num siret", "numéro siret", "numéro de siret",
        "siret number",
    )),
    TargetField("siren", _("SIREN"), (
        "siren", "n° siren", "no siren", "num siren", "numéro siren", "numéro de siren",
        "siren number",
    )),
    TargetField("rna", _("Numéro RNA"), (
        "rna", "numéro rna", "n° rna", "no rna", "num rna", "numéro d'association",
        "rna number", "id rna",
    )),
    TargetField("legal_category", _("Catégorie juridique"), (
        "catégorie juridique", "code catégorie juridique", "forme juridique",
        "forme juridique code", "code forme juridique", "cj", "statut juridique",
        "legal category", "legal form", "legal form code", "categoriejuridiqueunitelegale",
    )),
    TargetField("naf_code", _("Code NAF/APE"), (
        "code naf", "naf", "ape", "code ape", "naf ape", "code naf ape", "code ape naf",
        "activité principale", "naf code", "ape code", "activity code",
        "activiteprincipaleetablissement", "activiteprincipaleunitelegale",
    )),
    TargetField("commune_code", _("Code INSEE de la commune"), (
        "code commune", "code insee", "code insee commune", "code insee de la commune",
        "commune code insee", "insee", "codgeo", "code géographique", "depcom",
        "commune code", "insee code", "municipality code", "city code",
        "codecommuneetablissement",
    )),
    TargetField("commune", _("Commune"), (
        "commune", "ville", "nom de la commune", "nom commune", "localité", "libellé commune",
        "city", "town", "municipality", "libellecommuneetablissement",
    )),
    TargetField("postcode", _("Code postal"), (
        "code postal", "cp", "postcode", "post code", "postal code", "zip", "zip code",
        "codepostaletablissement",
    )),
    TargetField("role", _("Qualité de membre"), (
        "qualité", "qualité de membre", "rôle", "type d'adhésion", "type d'adhérent",
        "type de membre", "statut d'adhésion", "catégorie de membre", "role",
        "membership type", "member type", "membership role",
    )),
    TargetField("college", _("Collège"), (
        "collège", "college", "electoral college",
    )),
    TargetField("start_date", _("Date d'adhésion"), (
        "date d'adhésion", "adhésion", "date d'entrée", "membre depuis", "adhérent depuis",
        "début d'adhésion", "date de début", "membership date", "membership start",
        "start date", "member since", "joined", "date joined",
    )),
    TargetField("end_date", _("Date de sortie"), (
        "date de sortie", "sortie", "date de fin", "date de fin d'adhésion", "fin d'adhésion",
        "date de radiation", "end date", "membership end", "left", "exit date",
    )),
    TargetField("dues", _("Cotisation annuelle (€)"), (
        "cotisation", "cotisation annuelle", "montant de la cotisation", "montant cotisation",
        "dues", "membership fee", "fee", "annual fee", "subscription",
    )),
    TargetField("charter_signed_on", _("Date de signature de la charte"), (
        "date de signature de la charte", "signature de la charte", "charte signée le",
        "date de la charte", "date charte", "charte", "charter signed", "charter signed on",
        "charter signature date", "charter date",
    )),
    TargetField("website", _("Site web"), (
        "site web", "site internet", "site", "url", "web", "website", "web site",
    )),
    TargetField("email", _("Courriel"), (
        "courriel", "email", "e-mail", "mail", "adresse électronique", "adresse mail",
        "adresse e-mail", "email address",
    )),
    TargetField("fte", _("ETP"), (
        "etp", "effectif etp", "effectif en etp", "nombre d'etp", "équivalents temps plein",
        "équivalent temps plein", "fte", "full time equivalent", "full-time equivalents",
    )),
    TargetField("turnover", _("Chiffre d'affaires (€)"), (
        "chiffre d'affaires", "chiffre d'affaire", "ca", "ca annuel", "turnover", "revenue",
        "sales",
    )),
    TargetField("year", _("Année des chiffres"), (
        "année", "annee des chiffres", "année de référence", "exercice", "year",
        "fiscal year",
    )),
    TargetField("description", _("Activité (description)"), (
        "description", "activité", "activités", "objet", "objet social", "présentation",
        "activity", "activities",
    )),
)
FIELDS_BY_KEY: dict[str, TargetField] = {f.key: f for f in FIELDS}

# Words people add to a header that do not change its meaning: "Cotisation (en euros)".
_NOISE = {"obligatoire", "facultatif", "optionnel", "en", "eur", "euro", "euros", "ht", "ttc"}


def header_key(header: str) -> str:
    """'N° RNA' → 'n rna'; 'Chiffre d’affaires (€)' → 'chiffre d affaires'."""
    return re.sub(r"[^a-z0-9]+", " ", fold(header or "")).strip()


def _trimmed(key: str) -> str:
    words = key.split()
    while words and words[-1] in _NOISE:
        words.pop()
    return " ".join(words)


_SYNONYMS: dict[str, str] = {
    header_key(word): f.key for f in FIELDS for word in (f.key, *f.synonyms)
}


def suggest_field(header: str) -> str:
    """The field a header most likely means, or "" when it means nothing known."""
    key = header_key(header)
    return _SYNONYMS.get(key) or _SYNONYMS.get(_trimmed(key), "")


def suggest_mapping(headers: Sequence[str]) -> dict[int, str]:
    """Column index → field key; when two columns mean the same field, the first one wins."""
    mapping: dict[int, str] = {}
    for index, header in enumerate(headers):
        field = suggest_field(header)
        if field and field not in mapping.values():
            mapping[index] = field
    return mapping


def column_name(headers: Sequence[str], index: int) -> str:
    """How an error names a column: its header, or its letter when the header is empty."""
    header = (headers[index] or "").strip() if index < len(headers) else ""
    return header or str(_("colonne %(letter)s") % {"letter": column_letter(index)})


def ignored_columns(
    headers: Sequence[str], rows: Sequence[Sequence[str]], mapping: Mapping[int, str]
) -> list[str]:
    """Columns no field reads, leaving out the empty ones (no header, no value)."""
    return [
        column_name(headers, index)
        for index, header in enumerate(headers)
        if index not in mapping
        and ((header or "").strip() or any(index < len(r) and r[index] for r in rows))
    ]
