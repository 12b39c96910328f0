"""`ptce referential validate|load|template`: a référentiel file checked, stored, started."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from ptce.core.models import AuditEntry
from ptce.evaluation.models import ReferentialVersion
from ptce.evaluation.referentials import UnknownReferential, available_versions, referential_for
from ptce_analytics.referential import packaged_referential

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("referential", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def failing(*args: str) -> tuple[CommandError, str]:
    err = StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("referential", *args, stdout=StringIO(), stderr=err)
    return raised.value, err.getvalue()


def v2027() -> dict:
    data = packaged_referential().as_dict()
    data["version"] = "v2027"
    data["title"] = {"fr": "Référentiel de l'observatoire, version v2027", "en": None}
    return data


def write_yaml(tmp_path: Path, data: dict, name: str = "referentiel.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def broken(data: dict) -> dict:
    """B2.3's bands no longer increase, and A1.2 lost its unit."""
    b2 = data["general_objectives"][1]["main_objectives"][1]
    b23 = next(ind for ind in b2["indicators"] if ind["code"] == "B2.3")
    b23["bands"][1], b23["bands"][2] = b23["bands"][2], b23["bands"][1]
    a1 = data["general_objectives"][0]["main_objectives"][0]
    a12 = next(ind for ind in a1["indicators"] if ind["code"] == "A1.2")
    a12["unit"] = None
    return data


def test_validate_a_good_file_says_so_and_counts_the_indicators(tmp_path):
    out, _ = run("validate", str(write_yaml(tmp_path, v2027())))
    assert "v2027 valide" in out
    assert "36 indicateurs (30 mesurés, 6 déclarés)" in out
    assert not ReferentialVersion.objects.exists()  # validating stores nothing


def test_a_broken_yaml_fails_naming_each_indicator_and_field(tmp_path):
    error, err = failing("validate", str(write_yaml(tmp_path, broken(v2027()))))
    assert error.returncode == 1
    lines = [line for line in err.splitlines() if line.startswith("- ")]
    assert any("indicator B2.3" in line and "bands" in line for line in lines), err
    assert any("indicator A1.2" in line and "unit" in line for line in lines), err
    assert f"({len(lines)} erreur(s))" in err


def test_a_broken_xlsx_fails_naming_the_indicator_and_the_field(tmp_path):
    path = tmp_path / "modele.xlsx"
    run("template", str(path))
    workbook = load_workbook(path)
    sheet = workbook["indicateurs"]
    header = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[header.index("code")].value == "C1.4":
            row[header.index("bands")].value = "[0,0.5)=0; [0.3,+inf)=1"
        if row[header.index("code")].value == "A3.4":
            row[header.index("kind")].value = "X"
    workbook.save(path)

    error, err = failing("load", str(path))

    assert error.returncode == 1
    assert "indicator C1.4: bands" in err
    assert "indicator A3.4: kind" in err
    assert not ReferentialVersion.objects.exists()


def test_the_template_is_v2026_and_reads_back(tmp_path):
    path = tmp_path / "modele.xlsx"
    out, _ = run("template", str(path))
    assert "v2026" in out
    out, _ = run("validate", str(path))
    assert "v2026 valide" in out


def test_load_stores_a_new_version_that_campaigns_can_use(tmp_path):
    out, _ = run("load", str(write_yaml(tmp_path, v2027())))

    assert "v2027" in out
    row = ReferentialVersion.objects.get(version="v2027")
    assert row.title == "Référentiel de l'observatoire, version v2027"
    assert AuditEntry.objects.filter(action="ptce.referential.loaded").exists()
    referential = referential_for("v2027")
    assert referential.version == "v2027"
    assert len(referential.indicators) == 36
    assert ("v2027", row.title) in available_versions()


def test_load_from_xlsx_keeps_yaml_that_reads_back_the_same(tmp_path):
    path = tmp_path / "v2027.xlsx"
    from ptce_analytics.referential import load_referential, write_referential_xlsx

    write_referential_xlsx(load_referential(v2027()), path)
    run("load", str(path))
    stored = ReferentialVersion.objects.get(version="v2027")
    assert yaml.safe_load(stored.source)["version"] == "v2027"
    assert referential_for("v2027") == load_referential(v2027())


def test_load_refuses_a_version_that_exists(tmp_path):
    path = write_yaml(tmp_path, v2027())
    run("load", str(path))
    error, _ = failing("load", str(path))
    assert error.returncode == 1
    assert "v2027" in str(error) and "existe déjà" in str(error)
    assert ReferentialVersion.objects.count() == 1


def test_load_refuses_the_packaged_version(tmp_path):
    error, _ = failing("load", str(write_yaml(tmp_path, packaged_referential().as_dict())))
    assert "v2026" in str(error) and "existe déjà" in str(error)
    assert not ReferentialVersion.objects.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("validate", "/nonexistent/referentiel.yaml"), "introuvable"),
        (("template", "modele.csv"), ".xlsx"),
    ],
)
def test_usage_errors_exit_with_2(args, message):
    error, _ = failing(*args)
    assert error.returncode == 2
    assert message in str(error)


def test_a_file_with_another_extension_is_a_usage_error(tmp_path):
    path = tmp_path / "referentiel.txt"
    path.write_text("version: v2027\n", encoding="utf-8")
    error, _ = failing("validate", str(path))
    assert error.returncode == 2


def test_referential_for_the_packaged_version_and_an_unknown_one():
    assert referential_for("v2026") is packaged_referential("v2026")
    with pytest.raises(UnknownReferential):
        referential_for("v1999")
