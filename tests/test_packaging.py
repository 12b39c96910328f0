"""Packaging rules that no unit test would notice breaking.

- `ptce_analytics` is a pure library: researchers import it without Django.
- The `ptce` console command is installed and the project passes Django's system checks.
- The project never reads the steering folder beside the repository: what it needs is copied in.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_IMPORT_EVERYTHING = """
import importlib, json, pkgutil, sys
import ptce_analytics
names = ["ptce_analytics"] + sorted(
    m.name for m in pkgutil.walk_packages(ptce_analytics.__path__, "ptce_analytics.")
)
for name in names:
    importlib.import_module(name)
leaked = sorted(
    m for m in sys.modules
    if m in ("django", "ptce") or m.startswith(("django.", "ptce."))
)
print(json.dumps({"modules": names, "leaked": leaked}))
"""


def _clean_env() -> dict[str, str]:
    unset = {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def test_ptce_analytics_never_imports_django(tmp_path: Path) -> None:
    # A fresh interpreter: this test process has Django loaded already.
    done = subprocess.run(
        [sys.executable, "-c", _IMPORT_EVERYTHING],
        capture_output=True, text=True, cwd=tmp_path, env=_clean_env(), timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert "ptce_analytics.actors" in report["modules"], report["modules"]
    assert report["leaked"] == [], (
        f"ptce_analytics must stay free of Django and of the ptce project; importing it loaded "
        f"{report['leaked']}"
    )


def test_ptce_console_script_runs_system_checks(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "ptce"
    assert script.is_file(), f"console script missing: {script} (pip install -e .)"
    done = subprocess.run(
        [str(script), "check"],
        capture_output=True, text=True, cwd=tmp_path, env=_clean_env(), timeout=120, check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout, done.stdout


# Built from parts so that this file does not match its own patterns.
_SHARED_FOLDER = re.compile(r"\.\.[/\\]+" + "shared" + r"\b|/work/" + "shared" + r"\b")


def test_project_never_reads_the_shared_folder() -> None:
    offenders = []
    for base in ("src", "tests"):
        for path in sorted((ROOT / base).rglob("*.py")):
            if ".venv" in path.parts:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if _SHARED_FOLDER.search(line):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == [], "copy the data into the project instead:\n" + "\n".join(offenders)
