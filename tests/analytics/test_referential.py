"""The référentiel v2026 against its specification, its bands at every boundary, broken files."""

from __future__ import annotations

import copy
import dataclasses
import doctest
import io
import json
import math
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from ptce_analytics import referential
from ptce_analytics.referential import (
    Band,
    Referential,
    ReferentialError,
    load_referential,
    packaged_referential,
    write_referential_xlsx,
)

FIXTURES = Path(__file__).parent / "referential_fixtures"
REF = packaged_referential()

# --- the specification, written out -------------------------------------------------------------

# Every indicator of the specification: code → (kind, French label, unit, window in months).
SPEC = {
    "A1.1": ("M", "Implantation locale des membres", "percent", None),
    "A1.2": ("M", "Emplois localisés", "percent", None),
    "A1.3": ("M", "Collectivités engagées", "count", 36),
    "A1.4": ("D", "Diagnostic partagé des besoins du territoire", None, None),
    "A2.1": ("M", "Emplois créés ou consolidés", "fte", 36),
    "A2.2": ("M", "Activités nouvelles", "count", 36),
    "A2.3": ("M", "Projets à visée environnementale", "percent", None),
    "A2.4": ("D", "Durabilité dans les choix", None, None),
    "A3.1": ("M", "Projets multidimensionnels", "percent", None),
    "A3.2": ("M", "Diversité sectorielle", "index", None),
    "A3.3": ("M", "Coopérations intersectorielles", "percent", None),
    "A3.4": ("D", "Inclusion des publics éloignés de l'emploi", None, None),
    "B1.1": ("M", "Mutualisations actives", "count", None),
    "B1.2": ("M", "Membres engagés dans l'action commune", "percent", None),
    "B1.3": ("M", "Densité du réseau de coopération", "ratio", 12),
    "B1.4": ("M", "Emplois partagés", "fte", None),
    "B2.1": ("M", "Participation aux instances", "percent", 12),
    "B2.2": ("M", "Citoyens dans la gouvernance", "percent", None),
    "B2.3": ("M", "Parité femmes–hommes", "index", None),
    "B2.4": ("M", "Pouvoir partagé", "ratio", None),
    "B3.1": ("M", "Charte signée", "percent", None),
    "B3.2": ("M", "Décisions suivies d'effet", "percent", None),
    "B3.3": ("D", "Règles de décision explicites et partagées", None, None),
    "B3.4": ("D", "Transparence financière", None, None),
    "C1.1": ("M", "Évolution de l'emploi des membres", "percent", None),
    "C1.2": ("M", "Évolution des produits des membres", "percent", None),
    "C1.3": ("M", "Autofinancement du pôle", "percent", None),
    "C1.4": ("M", "Diversification des ressources", "index", None),
    "C2.1": ("M", "Entreprises hors ESS associées", "count", None),
    "C2.2": ("M", "Indépendance financière vis-à-vis du public", "percent", None),
    "C2.3": ("M", "Décloisonnement", "index", None),
    "C2.4": ("M", "Engagement pluriannuel du public", "percent", None),
    "C3.1": ("M", "Partenaires recherche et formation", "count", 12),
    "C3.2": ("M", "Recherche-action et études", "count", 36),
    "C3.3": ("M", "Innovations portées", "count", 36),
    "C3.4": ("D", "Évaluation et capitalisation", None, None),
}

MAIN_LABELS = {
    "A1": "Ancrage territorial",
    "A2": "Développement local durable",
    "A3": "Transversalité économique, sociale et environnementale",
    "B1": "Coopérer – mutualiser",
    "B2": "Gouvernance citoyenne",
    "B3": "Éthique et valeurs",
    "C1": "Dynamisme économique",
    "C2": "Partenariats, dont public/privé",
    "C3": "Recherche – développement",
}
GENERAL_LABELS = {
    "A": "Cultiver et servir un territoire",
    "B": "Insuffler la coopération pour et dans le pilotage",
    "C": "Développer une économie intégrée au territoire",
}

# The bands of every M indicator as the specification writes them (scores 0, 1, 2, 3, 4 in
# that order unless said otherwise), then the start of each band and its score. "0" in the
# text is the single value 0 when "(0–…)" follows it (ZERO_POINT), else the integer band [0, 1).
BANDS = {
    "A1.1": ("<40, 40–60, 60–75, 75–90, ≥90", [0, 40, 60, 75, 90], [0, 1, 2, 3, 4]),
    "A1.2": ("<40, 40–60, 60–75, 75–90, ≥90", [0, 40, 60, 75, 90], [0, 1, 2, 3, 4]),
    "A1.3": ("0 → 0, 1 → 2, 2 → 3, ≥3 → 4", [0, 1, 2, 3], [0, 2, 3, 4]),
    "A2.1": ("0, (0–2), [2–5), [5–15), ≥15", [0, 0, 2, 5, 15], [0, 1, 2, 3, 4]),
    "A2.2": ("0, 1, 2, 3–4, ≥5", [0, 1, 2, 3, 5], [0, 1, 2, 3, 4]),
    "A2.3": ("0, (0–15), 15–30, 30–50, ≥50", [0, 0, 15, 30, 50], [0, 1, 2, 3, 4]),
    "A3.1": ("<10, 10–25, 25–50, 50–75, ≥75", [0, 10, 25, 50, 75], [0, 1, 2, 3, 4]),
    "A3.2": ("<0.2, 0.2–0.4, 0.4–0.6, 0.6–0.8, ≥0.8", [0, 0.2, 0.4, 0.6, 0.8], [0, 1, 2, 3, 4]),
    "A3.3": ("<10, 10–25, 25–40, 40–60, ≥60", [0, 10, 25, 40, 60], [0, 1, 2, 3, 4]),
    "B1.1": ("0, 1, 2–3, 4–5, ≥6", [0, 1, 2, 4, 6], [0, 1, 2, 3, 4]),
    "B1.2": ("<20, 20–40, 40–60, 60–80, ≥80", [0, 20, 40, 60, 80], [0, 1, 2, 3, 4]),
    "B1.3": (
        "<0.05, 0.05–0.10, 0.10–0.20, 0.20–0.35, ≥0.35",
        [0, 0.05, 0.1, 0.2, 0.35],
        [0, 1, 2, 3, 4],
    ),
    "B1.4": ("0, (0–1), 1–3, 3–6, ≥6", [0, 0, 1, 3, 6], [0, 1, 2, 3, 4]),
    "B2.1": ("<20, 20–35, 35–50, 50–70, ≥70", [0, 20, 35, 50, 70], [0, 1, 2, 3, 4]),
    "B2.2": ("0, (0–10), 10–20, 20–33, ≥33", [0, 0, 10, 20, 33], [0, 1, 2, 3, 4]),
    "B2.3": ("<0.2, 0.2–0.5, 0.5–0.8, 0.8–0.9, ≥0.9", [0, 0.2, 0.5, 0.8, 0.9], [0, 1, 2, 3, 4]),
    "B2.4": (
        "<0.25, 0.25–0.5, 0.5–0.75, 0.75–0.9, ≥0.9",
        [0, 0.25, 0.5, 0.75, 0.9],
        [0, 1, 2, 3, 4],
    ),
    "B3.1": ("0, (0–25), 25–50, 50–90, ≥90", [0, 0, 25, 50, 90], [0, 1, 2, 3, 4]),
    "B3.2": ("<20, 20–40, 40–60, 60–80, ≥80", [0, 20, 40, 60, 80], [0, 1, 2, 3, 4]),
    "C1.1": ("<−5 %, −5–0, 0–5, 5–15, ≥15", [None, -5, 0, 5, 15], [0, 1, 2, 3, 4]),
    "C1.2": ("<−5 %, −5–0, 0–5, 5–15, ≥15", [None, -5, 0, 5, 15], [0, 1, 2, 3, 4]),
    "C1.3": ("<10, 10–25, 25–40, 40–60, ≥60", [0, 10, 25, 40, 60], [0, 1, 2, 3, 4]),
    "C1.4": ("<0.3, 0.3–0.5, 0.5–0.65, 0.65–0.8, ≥0.8", [0, 0.3, 0.5, 0.65, 0.8], [0, 1, 2, 3, 4]),
    "C2.1": ("0, 1, 2, 3–4, ≥5", [0, 1, 2, 3, 5], [0, 1, 2, 3, 4]),
    # Lower public share scores higher: the scores fall as the value rises.
    "C2.2": ("≥85, 70–85, 55–70, 40–55, <40", [0, 40, 55, 70, 85], [4, 3, 2, 1, 0]),
    "C2.3": (
        "<0.2, 0.2–0.35, 0.35–0.5, 0.5–0.65, ≥0.65",
        [0, 0.2, 0.35, 0.5, 0.65],
        [0, 1, 2, 3, 4],
    ),
    "C2.4": ("0, (0–25), 25–50, 50–75, ≥75", [0, 0, 25, 50, 75], [0, 1, 2, 3, 4]),
    "C3.1": ("0, 1, 2, 3, ≥4", [0, 1, 2, 3, 4], [0, 1, 2, 3, 4]),
    "C3.2": ("0, 1, 2, 3–4, ≥5", [0, 1, 2, 3, 5], [0, 1, 2, 3, 4]),
    "C3.3": ("0, 1, 2–3, 4–5, ≥6", [0, 1, 2, 4, 6], [0, 1, 2, 3, 4]),
}
ZERO_POINT = {"A2.1", "A2.3", "B1.4", "B2.2", "B3.1", "C2.4"}


def _cases():
    """(code, value, expected score) at and around every boundary of BANDS."""
    for code, (_, starts, scores) in BANDS.items():
        zero_point = code in ZERO_POINT
        for k, (start, score) in enumerate(zip(starts, scores, strict=True)):
            if start is None:
                yield code, -1e6, score
                continue
            if zero_point and k == 1:
                # The band (0, …) excludes 0 itself, which scores as the single value 0.
                yield code, 0, scores[0]
                yield code, 1e-6, score
                continue
            # Exactly on the boundary: the upper band.
            yield code, start, score
            if k > 0:
                yield code, start - 1e-6 * max(1, abs(start)), scores[k - 1]
        yield code, 2 * (starts[-1] or 0) + 10, scores[-1]


CASES = list(_cases())


# --- structure ----------------------------------------------------------------------------------


def test_packaged_v2026_has_3_9_36_with_30_measured_and_6_declared():
    assert REF.version == "v2026"
    assert [g.code for g in REF.general_objectives] == ["A", "B", "C"]
    assert [m.code for m in REF.main_objectives] == list(MAIN_LABELS)
    assert [i.code for i in REF.indicators] == list(SPEC)
    assert sum(i.kind == "M" for i in REF.indicators) == 30
    assert sum(i.kind == "D" for i in REF.indicators) == 6
    assert all(len(main.indicators) == 4 for main in REF.main_objectives)


def test_labels_kinds_units_windows_follow_the_specification():
    for indicator in REF.indicators:
        kind, label, unit, window = SPEC[indicator.code]
        assert (indicator.kind, indicator.label.fr, indicator.unit, indicator.window_months) == (
            kind,
            label,
            unit,
            window,
        ), indicator.code
        assert indicator.label.en and indicator.definition.fr and indicator.definition.en
        assert bool(indicator.bands) == (kind == "M")
    assert {m.code: m.label.fr for m in REF.main_objectives} == MAIN_LABELS
    assert {g.code: g.label.fr for g in REF.general_objectives} == GENERAL_LABELS
    assert [label.fr for label in REF.scale] == [
        "absent",
        "émergent",
        "en construction",
        "établi",
        "exemplaire",
    ]


def test_every_main_objective_has_two_to_four_sentences_of_leads_in_both_languages():
    for main in REF.main_objectives:
        for text in (main.discussion.fr, main.discussion.en):
            sentences = re.findall(r"[.?!](?:\s|$)", text)
            assert 2 <= len(sentences) <= 4, (main.code, text)


def test_lookups_and_derived_codes():
    b23 = REF.indicator("B2.3")
    assert (b23.main_code, b23.general_code, b23.measured) == ("B2", "B", True)
    assert REF.main_objective("C2").indicators[1].code == "C2.2"
    assert REF.general_objective("B").label.en == "Breathe cooperation into and through steering"
    assert REF.indicator("A1.4").measured is False
    for getter in (REF.indicator, REF.main_objective, REF.general_objective):
        with pytest.raises(KeyError, match="v2026"):
            getter("Z9")


def test_packaged_referential_knows_its_versions():
    assert packaged_referential("v2026") is REF
    with pytest.raises(ValueError, match="available: v2026"):
        packaged_referential("v1999")


def test_dataclasses_are_frozen_and_as_dict_is_json_ready():
    with pytest.raises(dataclasses.FrozenInstanceError):
        REF.version = "x"
    json.dumps(REF.as_dict())
    assert REF.indicator("A2.1").as_dict()["bands"][0] == {
        "score": 0,
        "from": 0,
        "to": 0,
        "from_exclusive": False,
        "to_inclusive": True,
    }
    assert "bands" not in REF.indicator("A1.4").as_dict()
    assert REF.indicator("A1.1").score(50).as_dict() == {
        "value": 50.0,
        "score": 1,
        "band_label": "[40, 60)",
    }


# --- bands --------------------------------------------------------------------------------------


def test_the_band_table_covers_every_measured_indicator():
    assert set(BANDS) == {i.code for i in REF.indicators if i.measured}


@pytest.mark.parametrize("code", sorted(BANDS))
def test_bands_match_the_specification(code):
    _, starts, scores = BANDS[code]
    bands = REF.indicator(code).bands
    assert [band.lower for band in bands] == starts
    assert [band.score for band in bands] == scores
    assert bands[-1].upper is None
    assert [band.upper for band in bands[:-1]] == [
        start if start != 0 or code not in ZERO_POINT else 0 for start in starts[1:]
    ]


@pytest.mark.parametrize(("code", "value", "expected"), CASES)
def test_a_value_on_a_boundary_falls_in_the_upper_band(code, value, expected):
    scored = REF.indicator(code).score(value)
    assert scored.score == expected, (code, value, scored)


def test_band_labels():
    labels = {band.score: band.label for band in REF.indicator("A2.1").bands}
    assert labels == {0: "= 0", 1: "(0, 2)", 2: "[2, 5)", 3: "[5, 15)", 4: "≥ 15"}
    assert REF.indicator("C1.1").bands[0].label == "< −5"
    assert REF.indicator("C2.2").score(85).band_label == "≥ 85"
    assert Band(score=0, lower=None, upper=None).label == "ℝ"
    assert Band(score=0, lower=1, upper=2, upper_inclusive=True).label == "[1, 2]"
    assert Band(score=0, lower=None, upper=2, upper_inclusive=True).label == "≤ 2"
    assert Band(score=0, lower=2, upper=None, lower_exclusive=True).label == "> 2"


def test_not_measurable_has_no_score():
    a11 = REF.indicator("A1.1")
    assert a11.score(None) is None
    assert a11.score(math.nan) is None


def test_floating_point_noise_stays_on_the_boundary():
    # The float just below 40 is 40 in exact arithmetic gone astray, not a lower band.
    assert REF.indicator("A1.1").score(math.nextafter(40.0, 0)).score == 1
    assert REF.indicator("A2.1").score(1e-12).score == 0
    assert REF.indicator("A1.1").score(40 - 1e-6).score == 0


@pytest.mark.parametrize("value", ["40", True, math.inf])
def test_score_refuses_what_is_not_a_finite_number(value):
    with pytest.raises(ValueError, match="A1.1"):
        REF.indicator("A1.1").score(value)


def test_score_refuses_values_outside_the_bands_and_declared_indicators():
    with pytest.raises(ValueError, match="A1.1: -1 lies outside its bands"):
        REF.indicator("A1.1").score(-1)
    with pytest.raises(ValueError, match="A1.4 is declared"):
        REF.indicator("A1.4").score(2)


@settings(max_examples=300, deadline=None)
@given(
    code=st.sampled_from(sorted(BANDS)),
    value=st.floats(min_value=-1e9, max_value=1e9, allow_nan=False),
)
def test_any_value_in_the_domain_scores_within_0_to_4(code, value):
    indicator = REF.indicator(code)
    # Within 1e-9 of a bound, a value counts as the bound (floating-point noise).
    if indicator.bands[0].lower is not None and value < indicator.bands[0].lower - 1e-9:
        with pytest.raises(ValueError):
            indicator.score(value)
        return
    scored = indicator.score(value)
    assert 0 <= scored.score <= 4
    assert scored.score in {band.score for band in indicator.bands}


@settings(max_examples=200, deadline=None)
@given(
    code=st.sampled_from(sorted(BANDS)),
    a=st.floats(min_value=0, max_value=1e6),
    b=st.floats(min_value=0, max_value=1e6),
)
def test_scores_move_one_way_with_the_value(code, a, b):
    indicator = REF.indicator(code)
    low, high = sorted((a, b))
    rising = indicator.bands[0].score < indicator.bands[-1].score
    before, after = indicator.score(low).score, indicator.score(high).score
    assert (before <= after) if rising else (before >= after)


# --- loading ------------------------------------------------------------------------------------


def test_as_dict_and_yaml_round_trips(tmp_path):
    assert load_referential(REF.as_dict()) == REF
    path = tmp_path / "copy.yml"
    path.write_text(yaml.safe_dump(REF.as_dict(), allow_unicode=True), encoding="utf-8")
    assert load_referential(path) == REF
    assert load_referential(str(path)) == REF
    with path.open(encoding="utf-8") as handle:
        assert load_referential(handle) == REF
    assert load_referential(io.BytesIO(path.read_bytes())) == REF


def test_xlsx_round_trip(tmp_path):
    path = tmp_path / "v2026.xlsx"
    write_referential_xlsx(REF, path)
    assert load_referential(path) == REF
    buffer = io.BytesIO()
    write_referential_xlsx(REF, buffer)
    buffer.seek(0)
    assert load_referential(buffer) == REF


def test_xlsx_template_layout(tmp_path):
    path = tmp_path / "v2026.xlsx"
    write_referential_xlsx(REF, path)
    workbook = load_workbook(path)
    rows = list(workbook["indicateurs"].iter_rows(values_only=True))
    assert rows[0] == referential.XLSX_COLUMNS
    assert len(rows) == 37
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["code"] == "A1.1"
    assert record["bands"] == "[0,40)=0; [40,60)=1; [60,75)=2; [75,90)=3; [90,+inf)=4"
    by_code = {row[8]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert by_code["A2.1"]["bands"] == "[0,0]=0; (0,2)=1; [2,5)=2; [5,15)=3; [15,+inf)=4"
    assert by_code["C1.1"]["bands"].startswith("(-inf,-5)=0; [-5,0)=1")
    assert by_code["A1.4"]["bands"] is None and by_code["A1.3"]["window_months"] == 36
    meta = {row[0]: row[1:] for row in workbook["referentiel"].iter_rows(values_only=True)}
    assert meta["version"][0] == "v2026" and meta["scale_2"] == (
        "en construction",
        "under construction",
    )


def test_xlsx_reads_objective_labels_given_on_the_first_row_only(tmp_path):
    path = tmp_path / "sparse.xlsx"
    write_referential_xlsx(REF, path)
    workbook = load_workbook(path)
    sheet = workbook["indicateurs"]
    columns = [cell.value for cell in sheet[1]]
    # Keep the labels on the first row of each objective, and spell bounds differently.
    seen = set()
    for row in sheet.iter_rows(min_row=2):
        record = {column: cell for column, cell in zip(columns, row, strict=True)}
        main = record["main_code"].value
        if main in seen:
            for column in columns:
                if column.startswith(("general_label", "main_label", "main_discussion")):
                    record[column].value = None
        seen.add(main)
        if record["code"].value == "C1.1":
            record["bands"].value = "( , −5)=0; [−5,0)=1; [0,5)=2; [5,15)=3; [15,∞)=4"
            record["window_months"].value = "  "
    workbook.save(path)
    assert load_referential(path) == REF


def _expect(errors, expected):
    missing = [message for message in expected if message not in errors]
    assert missing == [], "\n".join(["missing:", *missing, "got:", *errors])


def test_a_broken_yaml_file_reports_every_error_naming_indicator_and_field():
    with pytest.raises(ReferentialError) as caught:
        load_referential(FIXTURES / "broken.yaml")
    errors = caught.value.errors
    _expect(
        errors,
        [
            "indicator A1.1: bands overlap at 60 (bands 1 and 2)",
            "indicator A1.2: label: the French text (fr) is missing",
            "indicator A1.2: window_months must be a whole number of months or null, got '12 mois'",
            "indicator A1.2: unit must be one of percent, count, fte, ratio, index, euro, "
            "got 'precent'",
            "indicator A1.2: bands leave a gap between 40 and 50 (bands 1 and 2)",
            "indicator A1.4: unit: a declared (D) indicator has no unit, got 'percent'",
            "indicator A1.4: bands: a declared (D) indicator has no bands",
            "indicator B2.5: the bands are not increasing: band 2 starts at 0, below band 1 "
            "(from 0.5)",
            "indicator B2.6: bands: the scores must rise or fall steadily from band to band, "
            "got 0, 2, 1, 4",
            "indicator B2.7: bands: the first band must start at 0 included, or be unbounded "
            "below (from: null), got from 5",
            "indicator B2.7: bands: the last band must be unbounded above (to: null), got to 20",
            "indicator B2.8: band 2: score must be an integer from 0 to 4, got 5",
            "indicator B3.1: code must be the code of its main objective B2, a dot and a number "
            "(e.g. B2.1)",
            "indicator B2.5: code B2.5 is used more than once",
            "indicator C3.1: unknown field 'defintion' (expected one of code, kind, label, "
            "definition, unit, window_months, bands)",
            "indicator C3.1: kind must be M or D, got 'X'",
            "indicator C3.1: definition is missing",
            "main objective C4: indicators: no indicator (expected a list of at least 1)",
        ],
    )
    assert str(caught.value).startswith(f"{len(errors)} errors in the référentiel:\n- ")


def _mutated(change) -> dict:
    data = copy.deepcopy(REF.as_dict())
    change(data)
    return data


def _indicator(data: dict, code: str) -> dict:
    for general in data["general_objectives"]:
        for main in general["main_objectives"]:
            for indicator in main["indicators"]:
                if indicator["code"] == code:
                    return indicator
    raise KeyError(code)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("version"), "référentiel: version is missing"),
        (lambda d: d.update(extra=1), "référentiel: unknown field 'extra'"),
        (lambda d: d["scale"].pop(), "référentiel: scale must list the 5 levels 0 to 4, in order"),
        (
            lambda d: d["scale"][2].update(score=5),
            "scale level #3: score must be 2, got 5",
        ),
        (lambda d: d.update(general_objectives=[]), "référentiel: general_objectives: no"),
        (
            lambda d: d["general_objectives"][0].update(code="a"),
            "general objective a: code must be capital letters (e.g. A)",
        ),
        (
            lambda d: d["general_objectives"][1]["main_objectives"][0].update(code="A7"),
            "main objective A7: code must be the code of its general objective B and a number",
        ),
        (
            lambda d: d["general_objectives"][1]["main_objectives"][0].update(code="B2"),
            "main objective B2: code B2 is used more than once",
        ),
        (
            lambda d: d["general_objectives"][0]["main_objectives"][0].pop("label"),
            "main objective A1: label is missing",
        ),
        (
            lambda d: d["general_objectives"][0]["main_objectives"][0].update(discussion="x"),
            "main objective A1: discussion must be a mapping with fr and en texts",
        ),
        (
            lambda d: _indicator(d, "A1.1").pop("code"),
            "indicator #1 of main objective A1: code is missing",
        ),
        (
            lambda d: _indicator(d, "A1.1").update(unit=None),
            "indicator A1.1: unit is missing",
        ),
        (
            lambda d: _indicator(d, "A1.1").update(bands=None),
            "indicator A1.1: bands: a measured (M) indicator needs a list of bands",
        ),
        (
            lambda d: _indicator(d, "A1.1").update(bands=[{"score": 0, "from": 0, "to": None}]),
            "indicator A1.1: bands: at least 2 bands are needed, got 1",
        ),
        (
            lambda d: _indicator(d, "A1.1")["bands"][1].update({"from": 30}),
            "indicator A1.1: bands overlap between 30 and 40 (bands 1 and 2)",
        ),
        (
            lambda d: _indicator(d, "A1.1")["bands"][1].update(from_exclusive=True),
            "indicator A1.1: bands leave 40 uncovered (bands 1 and 2)",
        ),
        (
            lambda d: _indicator(d, "A1.1")["bands"][1].update({"from": "40"}),
            "indicator A1.1: band 2: from must be a number or null, got '40'",
        ),
        (
            lambda d: _indicator(d, "A1.1")["bands"][1].update(to=30),
            "indicator A1.1: band 2: from (40) is above to (30)",
        ),
        (
            lambda d: _indicator(d, "A1.1")["bands"][1].update(to_inclusive="yes"),
            "indicator A1.1: band 2: to_inclusive must be true or false, got 'yes'",
        ),
        (
            lambda d: _indicator(d, "A2.1")["bands"][0].update(to_inclusive=False),
            "indicator A2.1: band 1: the band from 0 to 0 is empty",
        ),
        (
            lambda d: _indicator(d, "A2.1")["bands"][0].update(from_exclusive=True),
            "indicator A2.1: band 1: the band from 0 to 0 is empty",
        ),
        (
            lambda d: _indicator(d, "A1.1")["bands"].__setitem__(2, "x"),
            "indicator A1.1: band 3: must be a mapping with score, from and to",
        ),
        (
            lambda d: _indicator(d, "A1.1")["bands"][2].update(extra=1),
            "indicator A1.1: band 3: unknown field 'extra'",
        ),
        (
            lambda d: _indicator(d, "A1.1").update(window_months=0),
            "indicator A1.1: window_months must be a whole number of months or null, got 0",
        ),
        (
            lambda d: _indicator(d, "A1.1")["label"].update(en=3),
            "indicator A1.1: label: the English text (en) must be a text, got 3",
        ),
        (
            lambda d: _indicator(d, "A1.1").update(label="Implantation"),
            "indicator A1.1: label must be a mapping with fr and en texts",
        ),
    ],
)
def test_each_validation_names_the_culprit_and_the_field(change, message):
    with pytest.raises(ReferentialError) as caught:
        load_referential(_mutated(change))
    assert any(error.startswith(message) for error in caught.value.errors), caught.value.errors


def test_a_referential_may_differ_from_v2026():
    # Another version: one general objective, one main objective, a decreasing M indicator
    # unbounded on both sides and a declared one, no discussion, no English.
    data = {
        "version": 2027,
        "title": {"fr": "Essai"},
        "scale": [{"score": s, "label": {"fr": str(s)}} for s in range(5)],
        "general_objectives": [
            {
                "code": "T",
                "label": {"fr": "Tout"},
                "main_objectives": [
                    {
                        "code": "T1",
                        "label": {"fr": "Un"},
                        "indicators": [
                            {
                                "code": "T1.1",
                                "kind": "M",
                                "label": {"fr": "Solde"},
                                "definition": {"fr": "Solde en euros."},
                                "unit": "euro",
                                "bands": [
                                    {"score": 3, "from": None, "to": 0},
                                    {"score": 1, "from": 0, "to": None},
                                ],
                            },
                            {
                                "code": "T1.2",
                                "kind": "D",
                                "label": {"fr": "Avis"},
                                "definition": {"fr": "Avis des membres."},
                            },
                        ],
                    }
                ],
            }
        ],
    }
    ref = load_referential(data)
    assert isinstance(ref, Referential)
    assert ref.version == "2027"
    assert ref.main_objective("T1").discussion is None
    assert ref.indicator("T1.1").label.get("en") == "Solde"
    assert ref.indicator("T1.1").score(-1e12).score == 3
    assert ref.indicator("T1.1").score(0).score == 1
    assert ref.indicator("T1.2").bands == ()


def test_yaml_syntax_error_and_wrong_shapes():
    with pytest.raises(ReferentialError, match="not valid YAML"):
        load_referential(io.StringIO("version: [unclosed"))
    with pytest.raises(ReferentialError, match="the file must hold a mapping"):
        load_referential(io.StringIO("- a list"))


def test_unknown_extension(tmp_path):
    path = tmp_path / "ref.json"
    path.write_text("{}")
    with pytest.raises(ValueError, match="ref.json: a référentiel is a .yaml, .yml or .xlsx"):
        load_referential(path)


def _broken_workbook(tmp_path: Path, edits: dict[tuple[str, str], object]) -> Path:
    """The v2026 template with cells replaced: (indicator code, column) → new value."""
    path = tmp_path / "broken.xlsx"
    write_referential_xlsx(REF, path)
    workbook = load_workbook(path)
    sheet = workbook["indicateurs"]
    columns = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        code = row[columns.index("code")].value
        for (target, column), value in edits.items():
            if target == code:
                row[columns.index(column)].value = value
    workbook.save(path)
    return path


def test_a_broken_xlsx_file_reports_every_error_naming_indicator_and_field(tmp_path):
    path = _broken_workbook(
        tmp_path,
        {
            ("A1.1", "bands"): "[0,40)=0; [40,60=1; [60,75)=2; [75,90)=3; [90,)=4",
            ("A1.2", "main_label_fr"): "Ancrage local",
            ("A2.1", "label_fr"): None,
            ("B2.3", "kind"): "X",
            ("C2.2", "bands"): "[0,40)=4; [30,55)=3; [55,70)=2; [70,85)=1; [85,)=0",
            ("C3.1", "window_months"): "douze",
            ("C3.4", "bands"): "[0,)=0",
        },
    )
    with pytest.raises(ReferentialError) as caught:
        load_referential(path)
    _expect(
        caught.value.errors,
        [
            "indicator A1.1: bands: cannot read '[40,60=1' (expected e.g. '[40,60)=1')",
            "main objective A1: main_label_fr differs between rows 2 and 3 "
            "('Ancrage territorial' then 'Ancrage local')",
            "indicator A2.1: label: the French text (fr) is missing",
            "indicator B2.3: kind must be M or D, got 'X'",
            "indicator C2.2: bands overlap between 30 and 40 (bands 1 and 2)",
            "indicator C3.1: window_months must be a whole number of months or null, got 'douze'",
            "indicator C3.4: bands: a declared (D) indicator has no bands",
        ],
    )
    assert len(caught.value.errors) == 7


def test_xlsx_structure_errors(tmp_path):
    path = tmp_path / "ref.xlsx"
    write_referential_xlsx(REF, path)
    workbook = load_workbook(path)
    workbook["indicateurs"].delete_cols(referential.XLSX_COLUMNS.index("bands") + 1)
    del workbook["referentiel"]
    workbook.save(path)
    with pytest.raises(ReferentialError) as caught:
        load_referential(path)
    assert caught.value.errors == [
        "sheet 'referentiel' is missing (it holds version, title and scale_0 … scale_4)",
        "sheet 'indicateurs': column(s) missing: bands",
    ]
    workbook = load_workbook(path)
    workbook["indicateurs"].title = "Feuil1"
    workbook.save(path)
    with pytest.raises(ReferentialError, match="sheet 'indicateurs' is missing"):
        load_referential(path)


def test_xlsx_rows_without_objective_codes(tmp_path):
    path = _broken_workbook(tmp_path, {("B1.2", "main_code"): None})
    with pytest.raises(ReferentialError) as caught:
        load_referential(path)
    assert caught.value.errors == [
        "indicator B1.2: general_code and main_code are required on every row"
    ]


def test_a_file_that_is_not_xlsx(tmp_path):
    path = tmp_path / "ref.xlsx"
    path.write_bytes(b"not a zip")
    with pytest.raises(ReferentialError, match="ref.xlsx: not a readable XLSX file"):
        load_referential(path)


def test_doctests():
    assert doctest.testmod(referential).failed == 0
