"""Cell parsers and header synonyms."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ptce.imports import values
from ptce.imports.mapping import FIELDS, header_key, suggest_field, suggest_mapping


@pytest.mark.parametrize(("text", "expected"), [
    ("31/01/2020", dt.date(2020, 1, 31)), ("1/2/2020", dt.date(2020, 2, 1)),
    ("2020-01-31", dt.date(2020, 1, 31)), ("31.01.2020", dt.date(2020, 1, 31)),
    ("2020-01-31 00:00:00", dt.date(2020, 1, 31)),
])
def test_dates(text, expected):
    assert values.parse_date(text) == expected


@pytest.mark.parametrize("text", ["31/02/2020", "2020/13/01", "hier", "31/01/20"])
def test_bad_dates(text):
    with pytest.raises(values.CellError) as exc:
        values.parse_date(text)
    assert exc.value.message == f"« {text} » n'est pas une date valide (jj/mm/aaaa attendu)."


@pytest.mark.parametrize(("text", "expected"), [
    ("1 234,50", "1234.50"), ("1\u00a0234,5", "1234.50"), ("1\u202f234", "1234.00"),
    ("1234.5", "1234.50"), ("1.234,50 €", "1234.50"), ("1,234.50", "1234.50"),
    ("-12", "-12.00"), ("0", "0.00"), ("2,125", "2.13"), ("1.234.567", "1234567.00"),
    ("85 000 EUR", "85000.00"),
])
def test_decimals(text, expected):
    assert values.parse_decimal(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["douze", "12,5%", "1 2x", ","])
def test_bad_decimals(text):
    with pytest.raises(values.CellError, match="n'est pas un nombre valide"):
        values.parse_decimal(text)


def test_too_large_decimal():
    with pytest.raises(values.CellError, match="trop grand"):
        values.parse_decimal("123456789", max_digits=10)


@pytest.mark.parametrize(("text", "expected"), [
    ("Fondateur", "founder"), ("membre fondatrice", "founder"), ("Founding member", "founder"),
    ("MEMBRE", "member"), ("Adhérent", "member"), ("member", "member"),
    ("Partenaire", "partner"), ("partner", "partner"),
])
def test_roles(text, expected):
    assert values.parse_role(text) == expected


def test_unknown_role():
    with pytest.raises(values.CellError, match="Qualité « sympathisant » inconnue"):
        values.parse_role("sympathisant")


@pytest.mark.parametrize(("text", "expected"), [
    ("9220", "9220"), ("9220 - Association déclarée", "9220"),
    ("association declaree", "9220"),
])
def test_legal_categories(text, expected):
    assert values.parse_legal_category(text) == expected


def test_unknown_legal_category():
    with pytest.raises(values.CellError, match="« 9999 » inconnue de la nomenclature INSEE"):
        values.parse_legal_category("9999")


@pytest.mark.parametrize(("header", "field"), [
    ("Nom", "name"), ("Raison sociale", "name"), ("DÉNOMINATION", "name"),
    ("Structure", "name"), ("Company name", "name"), ("N° SIRET", "siret"),
    ("siren", "siren"), ("Numéro RNA", "rna"), ("n° RNA", "rna"),
    ("Catégorie juridique", "legal_category"), ("Forme juridique (code)", "legal_category"),
    ("CJ", "legal_category"), ("Code NAF", "naf_code"), ("APE", "naf_code"),
    ("code APE", "naf_code"), ("Code commune", "commune_code"), ("Code INSEE", "commune_code"),
    ("Commune", "commune"), ("Ville", "commune"), ("Code postal", "postcode"),
    ("Qualité", "role"), ("Rôle", "role"), ("Type d'adhésion", "role"),
    ("Collège", "college"), ("Date d’adhésion", "start_date"), ("Date de sortie", "end_date"),
    ("Cotisation (€)", "dues"), ("Cotisation annuelle en euros", "dues"),
    ("Date de signature de la charte", "charter_signed_on"), ("Site web", "website"),
    ("E-mail", "email"), ("Courriel", "email"), ("ETP", "fte"), ("Effectif ETP", "fte"),
    ("Chiffre d'affaires", "turnover"), ("CA", "turnover"), ("Année", "year"),
    ("Description", "description"), ("Téléphone", ""), ("", ""),
])
def test_header_synonyms(header, field):
    assert suggest_field(header) == field


def test_no_synonym_means_two_fields():
    seen: dict[str, str] = {}
    for f in FIELDS:
        for word in (f.key, *f.synonyms):
            key = header_key(word)
            assert seen.setdefault(key, f.key) == f.key, f"{word!r} means {seen[key]} and {f.key}"


def test_first_column_wins_when_two_mean_the_same():
    assert suggest_mapping(["Commune", "Ville", "Nom"]) == {0: "commune", 2: "name"}
