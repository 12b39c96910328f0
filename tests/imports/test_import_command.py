"""`ptce import members`: exit codes, human and JSON output."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from import_helpers import GOOD_ROWS, HEADER, csv_bytes, xlsx_bytes

from ptce.core.models import AuditEntry
from ptce.registry.models import Organisation

BAD_ROW = ["Structure sans SIRET valide", "732 829 321 00074"] + [""] * (len(HEADER) - 2)


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("import", *args, stdout=out, stderr=io.StringIO())
    except SystemExit as exc:
        return int(exc.code), out.getvalue()
    except CommandError as exc:
        return exc.returncode, out.getvalue() + str(exc)
    return 0, out.getvalue()


@pytest.fixture
def good_xlsx(tmp_path: Path) -> Path:
    path = tmp_path / "membres.xlsx"
    path.write_bytes(xlsx_bytes([HEADER, *GOOD_ROWS]))
    return path


@pytest.fixture
def bad_csv(tmp_path: Path) -> Path:
    path = tmp_path / "membres.csv"
    path.write_bytes(csv_bytes([HEADER, GOOD_ROWS[0], BAD_ROW, GOOD_ROWS[2]], encoding="cp1252"))
    return path


def test_good_file_exit_0(pole, good_xlsx):
    code, out = run("members", str(good_xlsx), "--pole", pole.slug)
    assert code == 0
    assert "Créées : 3" in out and "Import terminé." in out
    assert "Colonnes ignorées (non reconnues) : « Téléphone »" in out
    assert Organisation.objects.count() == 3

    code, out = run("members", str(good_xlsx), "--pole", pole.slug)
    assert code == 0 and "Créées : 0" in out and "inchangées : 3" in out
    assert Organisation.objects.count() == 3


def test_invalid_rows_exit_1_and_write_nothing(pole, bad_csv):
    code, out = run("members", str(bad_csv), "--pole", pole.slug)
    assert code == 1
    assert "Ligne 3 · SIRET (colonne « SIRET », valeur « 732 829 321 00074 »)" in out
    assert "Rien n'a été enregistré" in out
    assert Organisation.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_skip_invalid_exit_0(pole, bad_csv):
    code, out = run("members", str(bad_csv), "--pole", pole.slug, "--skip-invalid")
    assert code == 0
    assert "lignes ignorées : 1" in out
    assert Organisation.objects.count() == 2


def test_dry_run(pole, good_xlsx, bad_csv):
    code, out = run("members", str(good_xlsx), "--pole", pole.slug, "--dry-run")
    assert code == 0 and "Simulation réussie" in out and "À créer : 3" in out
    code, _ = run("members", str(bad_csv), "--pole", pole.slug, "--dry-run")
    assert code == 1
    assert Organisation.objects.count() == 0


def test_json_report(pole, bad_csv):
    code, out = run("members", str(bad_csv), "--pole", pole.slug, "--json")
    assert code == 1
    report = json.loads(out)
    assert {k: report[k] for k in ("created", "updated", "unchanged", "invalid")} == {
        "created": 2, "updated": 0, "unchanged": 0, "invalid": 1,
    }
    assert report["written"] is False
    assert report["ignored_columns"] == ["Téléphone"]
    [error] = report["errors"]
    assert error["row"] == 3 and error["field"] == "SIRET" and error["column"] == "SIRET"
    assert error["value"] == "732 829 321 00074"
    assert "clé de contrôle" in error["message"]


def test_sheet_option(pole, tmp_path):
    path = tmp_path / "classeur.xlsx"
    path.write_bytes(xlsx_bytes([["Notes"], ["rien"]], title="Lisez-moi",
                                extra_sheets={"Membres": [HEADER, *GOOD_ROWS]}))
    code, _ = run("members", str(path), "--pole", pole.slug, "--sheet", "Membres")
    assert code == 0 and Organisation.objects.count() == 3
    code, out = run("members", str(path), "--pole", pole.slug, "--sheet", "Inconnue")
    assert code == 2 and "La feuille « Inconnue » n'existe pas" in out


def test_default_year_option(pole, tmp_path):
    path = tmp_path / "m.csv"
    path.write_bytes(csv_bytes([["Nom", "ETP"], ["Structure A", "3,5"]]))
    code, _ = run("members", str(path), "--pole", pole.slug)
    assert code == 1
    code, _ = run("members", str(path), "--pole", pole.slug, "--annee", "2023")
    assert code == 0


@pytest.mark.parametrize("args", [
    ("members", "{file}", "--pole", "inconnu"),
    ("members", "/nonexistent/membres.xlsx", "--pole", "{pole}"),
    ("members", "{file}"),
    ("members", "{file}", "--pole", "{pole}", "--year", "deux-mille"),
    ("members", "{file}", "--pole", "{pole}", "--year", "1066"),
    ("members", "{file}", "--pole", "{pole}", "--unknown"),
    (),
])
def test_usage_errors_exit_2(pole, good_xlsx, args):
    code, _ = run(*(a.format(file=good_xlsx, pole=pole.slug) for a in args))
    assert code == 2
    assert Organisation.objects.count() == 0


def test_unreadable_file_exit_2_with_json(pole, tmp_path):
    path = tmp_path / "vieux.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    code, out = run("members", str(path), "--pole", pole.slug, "--json")
    assert code == 2
    assert ".xls" in json.loads(out.splitlines()[0])["error"]


@pytest.mark.parametrize("args", [["import"], ["import", "members"]])
def test_real_command_line_usage_exit_2(args):
    """Argument errors are found before any database access, so the real CLI can be used."""
    ptce = Path(sys.executable).with_name("ptce")
    result = subprocess.run([str(ptce), *args], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
