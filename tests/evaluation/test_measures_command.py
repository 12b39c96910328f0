"""`ptce indicators --pole SLUG` without `--family`: the 36 indicators of the référentiel, the
measured ones computed, the declared ones with the median of the latest published campaign."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from measures_helpers import REF, build

from ptce.evaluation.models import Answer, Campaign, CampaignStatus, Respondent, RespondentKind

pytestmark = pytest.mark.django_db

D_CODES = [indicator.code for indicator in REF.indicators if not indicator.measured]


@pytest.fixture
def mesure(make_pole):
    return build(make_pole)


def run(*args: str) -> str:
    out = StringIO()
    call_command("indicators", *args, stdout=out)
    return out.getvalue()


def document(*args: str) -> dict:
    return json.loads(run("--pole", "mesure", "--json", *args))


def campaign(pole, title, day, status, answers: dict[str, list[int | None]], *, draft=None):
    made = Campaign.objects.create(
        pole=pole, title=title, referential_version="v2026", reference_date=day, status=status
    )
    count = max((len(scores) for scores in answers.values()), default=0)
    for rank in range(count):
        respondent = Respondent.objects.create(
            pole=pole,
            campaign=made,
            kind=RespondentKind.MEMBER,
            name=f"R{rank}",
            submitted_at=timezone.now(),
        )
        for code, scores in answers.items():
            if rank < len(scores):
                Answer.objects.create(
                    pole=pole, respondent=respondent, indicator=code, score=scores[rank]
                )
    if draft:
        respondent = Respondent.objects.create(
            pole=pole, campaign=made, kind=RespondentKind.OTHER, name="Brouillon"
        )
        for code, score in draft.items():
            Answer.objects.create(pole=pole, respondent=respondent, indicator=code, score=score)
    return made


def test_json_prints_the_36_indicators_in_order(mesure):
    doc = document("--date", "30/06/2025")
    assert {key: doc[key] for key in ("pole", "referential", "on", "months", "campaign")} == {
        "pole": "mesure",
        "referential": "v2026",
        "on": "2025-06-30",
        "months": 12,
        "campaign": None,
    }
    entries = doc["indicators"]
    assert [entry["code"] for entry in entries] == [ind.code for ind in REF.indicators]
    assert len(entries) == 36
    for entry in entries:
        indicator = REF.indicator(entry["code"])
        assert entry["label"] == indicator.label.fr
        if indicator.measured:
            assert set(entry) == {
                "code",
                "kind",
                "label",
                "value",
                "unit",
                "score",
                "band",
                "missing",
                "definition",
            }
            assert entry["kind"] == "M" and entry["definition"] == indicator.definition.fr
        else:
            assert entry == {
                "code": entry["code"],
                "kind": "D",
                "label": entry["label"],
                "declared": None,
            }
    by_code = {entry["code"]: entry for entry in entries}
    assert {key: by_code["A1.1"][key] for key in ("value", "unit", "score", "band", "missing")} == {
        "value": 75.0,
        "unit": "percent",
        "score": 3,
        "band": "[75, 90)",
        "missing": None,
    }


def test_months_and_date_are_parameters(mesure):
    twelve = {e["code"]: e for e in document("--date", "2025-06-30")["indicators"]}
    thirty_six = {
        e["code"]: e for e in document("--date", "2025-06-30", "--months", "36")["indicators"]
    }
    assert (twelve["C2.1"]["value"], thirty_six["C2.1"]["value"]) == (1.0, 2.0)
    # A year later nothing was recorded: figures of the last complete year (2025) are missing.
    later = {e["code"]: e for e in document("--date", "30/06/2026")["indicators"]}
    assert later["C1.3"]["value"] is None
    assert later["C1.3"]["missing"] == (
        "aucune ligne de financement de fonctionnement pour le dernier exercice complet (2025)"
    )


def test_declared_indicators_show_the_latest_published_median(mesure):
    pole = mesure.pole
    campaign(pole, "2023", dt.date(2023, 12, 31), CampaignStatus.PUBLISHED, {"A1.4": [0, 0]})
    latest = campaign(
        pole,
        "2024",
        dt.date(2024, 12, 31),
        CampaignStatus.PUBLISHED,
        {"A1.4": [1, 3], "A2.4": [4, None], "A1.1": [2, 2]},
        draft={"A1.4": 0, "B3.3": 4},
    )
    campaign(pole, "2025", dt.date(2025, 6, 1), CampaignStatus.OPEN, {"A1.4": [4, 4]})
    doc = document("--date", "30/06/2025")
    assert doc["campaign"] == {"id": latest.pk, "title": "2024", "reference_date": "2024-12-31"}
    declared = {e["code"]: e["declared"] for e in doc["indicators"] if e["kind"] == "D"}
    # A1.4: median of 1 and 3 (the draft's 0 does not count); A2.4: 4 (a "je ne sais pas"
    # is no answer); nobody answered the others.
    assert declared == {
        "A1.4": 2.0,
        "A2.4": 4.0,
        "A3.4": None,
        "B3.3": None,
        "B3.4": None,
        "C3.4": None,
    }
    assert set(declared) == set(D_CODES)


def test_human_output(mesure):
    campaign(
        mesure.pole, "Bilan", dt.date(2024, 12, 31), CampaignStatus.PUBLISHED, {"A1.4": [1, 2]}
    )
    out = run("--pole", "mesure", "--date", "30/06/2025")
    assert "Pôle Mesure (mesure) — référentiel v2026" in out
    assert "Date de référence : 30/06/2025 ; période observée : 12 mois" in out
    assert "Indicateurs déclarés : médiane de la campagne « Bilan » (31/12/2024)." in out
    assert "A1.1 Implantation locale des membres\n    75\u00a0% → 3, établi (bande [75, 90))" in out
    assert "A1.4 Diagnostic partagé des besoins du territoire\n    déclaré : médiane 1,5" in out
    assert "A2.4 Durabilité dans les choix\n    déclaré : aucune réponse publiée" in out
    assert "B1.4 Emplois partagés\n    3\u00a0ETP → 3, établi (bande [3, 6))" in out
    assert REF.indicator("B1.4").definition.fr in out


def test_an_empty_pole_prints_36_not_measurable_or_undeclared_entries(make_pole):
    make_pole("vide")
    entries = json.loads(run("--pole", "vide", "--json"))["indicators"]
    assert len(entries) == 36
    assert all(e["value"] is None and e["missing"] for e in entries if e["kind"] == "M")
    assert all(e["declared"] is None for e in entries if e["kind"] == "D")
    out = run("--pole", "vide")
    assert "Indicateurs déclarés : aucune campagne publiée." in out
    assert "non mesurable (aucune structure membre à cette date)" in out


@pytest.mark.parametrize(
    "args",
    [
        ["--months", "24"],
        ["--start", "2024-01-01"],
        ["--family", "mobilisation", "--months", "12"],
        ["--referentiel", "v1999"],
        ["--date", "31/02/2025"],
    ],
)
def test_usage_errors_exit_with_2(mesure, args):
    with pytest.raises(CommandError) as error:
        run("--pole", "mesure", *args)
    assert error.value.returncode == 2


def test_the_families_still_answer(mesure):
    doc = json.loads(run("--pole", "mesure", "--family", "execution", "--json"))
    assert doc["family"] == "execution" and doc["metrics"]
