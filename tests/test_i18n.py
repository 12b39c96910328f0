"""Translations: the source strings are French, English comes from locale/en/LC_MESSAGES/django.po.

The catalogue must be complete (no untranslated or fuzzy entry), current (every string in the
code is in it: a new `_()` or `{% translate %}` fails here until `make messages` is run and the
English filled in), and actually used by the pages.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import tempfile
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.signals import setting_changed
from django.urls import reverse
from django.utils import translation

import ptce
from ptce.registry.models import Organisation

PACKAGE_DIR = Path(ptce.__file__).resolve().parent
LOCALE_DIR = PACKAGE_DIR / "locale"
EN_PO = LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po"
FR_PO = LOCALE_DIR / "fr" / "LC_MESSAGES" / "django.po"


# --- A small .po reader (no third-party dependency) -------------------------------------------


def read_po(path: Path) -> list[dict]:
    """Entries of a .po file, header included, as dicts: 'flags', 'msgid', 'msgstr', ..."""
    entries: list[dict] = []
    entry: dict = {}
    key = ""

    def close() -> None:
        nonlocal entry
        if "msgid" in entry:
            entries.append(entry)
        entry = {}

    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("#~"):  # obsolete entry: same syntax behind the marker
            entry["obsolete"] = True
            line = line[2:].strip()
        if not line:
            close()
        elif line.startswith("#,"):
            entry.setdefault("flags", set()).update(f.strip() for f in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[key] += ast.literal_eval(line)
        else:
            if line.startswith("msgid ") and "msgid" in entry:
                close()  # two entries without a blank line between them
            key, _, value = line.partition(" ")
            entry[key] = ast.literal_eval(value)
    close()
    for e in entries:
        e.setdefault("flags", set())
    return entries


def messages(path: Path) -> list[dict]:
    """The entries without the header, obsolete ones included (so that they can be reported)."""
    return [e for e in read_po(path) if e["msgid"] or "msgctxt" in e]


def key(entry: dict) -> tuple[str | None, str, str | None]:
    return entry.get("msgctxt"), entry["msgid"], entry.get("msgid_plural")


def translations(entry: dict) -> list[str]:
    if "msgid_plural" in entry:
        return [v for k, v in sorted(entry.items()) if k.startswith("msgstr[")]
    return [entry.get("msgstr", "")]


def header(path: Path) -> dict[str, str]:
    first = read_po(path)[0]
    assert first["msgid"] == "", f"{path} has no header entry"
    return dict(
        line.split(": ", 1) for line in first["msgstr"].splitlines() if ": " in line
    )


# --- The compiled catalogue, for direct pytest runs (`make test` compiles it first) ----------


def _compile_if_stale() -> bool:
    """Compile each .po whose .mo is missing or older; atomic, so xdist workers can race.

    A .po that does not compile is left alone: test_catalogue_passes_msgfmt_check says why.
    """
    if shutil.which("msgfmt") is None:
        return False
    compiled = False
    for po in LOCALE_DIR.glob("*/LC_MESSAGES/django.po"):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        fd, tmp = tempfile.mkstemp(dir=po.parent, suffix=".mo.tmp")
        os.close(fd)
        try:
            result = subprocess.run(
                ["msgfmt", "--check-format", "-o", tmp, str(po)], capture_output=True
            )
            if result.returncode == 0:
                Path(tmp).replace(mo)
                compiled = True
        finally:
            Path(tmp).unlink(missing_ok=True)
    return compiled


@pytest.fixture(scope="module", autouse=True)
def _compiled_catalogues():
    if _compile_if_stale():
        # A catalogue loaded before the .mo existed stays cached: let Django forget it, as it
        # does when a test changes LOCALE_PATHS.
        setting_changed.send(
            sender=type(django_settings._wrapped), setting="LOCALE_PATHS",
            value=django_settings.LOCALE_PATHS, enter=True,
        )


@pytest.fixture(autouse=True)
def _restore_language():
    """LocaleMiddleware activates the request's language in this thread and leaves it active:
    without this, the tests run after these ones (management commands included) in English."""
    before = translation.get_language()
    yield
    translation.activate(before)


# --- (a) The English catalogue is complete ---------------------------------------------------


def test_english_catalogue_has_no_untranslated_or_fuzzy_entry():
    entries = messages(EN_PO)
    assert len(entries) > 100
    problems = {
        "untranslated": [e["msgid"] for e in entries if not all(translations(e))],
        "fuzzy (check the English, then remove the flag)": [
            e["msgid"] for e in entries if "fuzzy" in e["flags"]
        ],
        "obsolete (run `make messages`)": [e["msgid"] for e in entries if e.get("obsolete")],
    }
    report = "".join(
        f"\n{kind}:\n  " + "\n  ".join(ids) for kind, ids in problems.items() if ids
    )
    assert not report, f"src/ptce/{EN_PO.relative_to(PACKAGE_DIR)}:{report}"


_PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[-#0 +]*\d*(?:\.\d+)?[sdifr%]")


def _placeholders(text: str) -> set[str]:
    return {m.group(0) for m in _PLACEHOLDER.finditer(text) if m.group(0) != "%%"}


def test_english_translations_keep_every_placeholder():
    wrong = []
    for e in messages(EN_PO):
        if "python-format" not in e["flags"]:
            continue
        if "msgid_plural" in e:
            singular, plural = e["msgstr[0]"], e["msgstr[1]"]
            # The singular may leave the count out ("Add its commune"), nothing else.
            if _placeholders(plural) != _placeholders(e["msgid_plural"]) or not (
                _placeholders(singular) <= _placeholders(e["msgid_plural"])
                and _placeholders(e["msgid"]) <= _placeholders(singular)
            ):
                wrong.append(e["msgid"])
        elif _placeholders(e["msgstr"]) != _placeholders(e["msgid"]):
            wrong.append(e["msgid"])
    assert not wrong, "Placeholders differ between French and English:\n" + "\n".join(wrong)


def test_catalogue_headers_declare_language_and_plural_forms():
    en, fr = header(EN_PO), header(FR_PO)
    assert en["Language"] == "en"
    assert en["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert fr["Language"] == "fr"
    assert fr["Plural-Forms"] == "nplurals=2; plural=(n > 1);"
    assert "charset=UTF-8" in en["Content-Type"]
    assert "charset=UTF-8" in fr["Content-Type"]


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) not installed")
@pytest.mark.parametrize("po", [EN_PO, FR_PO], ids=["en", "fr"])
def test_catalogue_passes_msgfmt_check(po):
    result = subprocess.run(
        ["msgfmt", "--check", "-o", os.devnull, str(po)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


# --- (b) The catalogue is current ------------------------------------------------------------


def _copy_sources(target: Path) -> None:
    """The files makemessages reads (.py, .html, .txt), without the catalogues."""

    def ignore(directory: str, names: list[str]) -> list[str]:
        here = Path(directory)
        return [
            n for n in names
            if n in ("locale", "__pycache__", "static")
            or ((here / n).is_file() and Path(n).suffix not in (".py", ".html", ".txt"))
        ]

    shutil.copytree(PACKAGE_DIR, target, ignore=ignore)


def test_catalogue_contains_every_string_of_the_code(tmp_path, settings, monkeypatch):
    sources = tmp_path / "ptce"
    _copy_sources(sources)
    (sources / "locale").mkdir()
    # makemessages writes into LOCALE_PATHS[0]: point it at the copy, never at the real one.
    settings.LOCALE_PATHS = [sources / "locale"]
    monkeypatch.chdir(sources)
    call_command("makemessages", locale=["en"], verbosity=0, stdout=StringIO())

    fresh = {key(e) for e in messages(sources / "locale" / "en" / "LC_MESSAGES" / "django.po")}
    committed = {key(e) for e in messages(EN_PO) if not e.get("obsolete")}
    assert len(fresh) > 100
    missing = sorted(m[1] for m in fresh - committed)
    stale = sorted(s[1] for s in committed - fresh)
    report = ""
    if missing:
        report += "\nin the code, missing from the catalogue:\n  " + "\n  ".join(missing)
    if stale:
        report += "\nin the catalogue, no longer in the code:\n  " + "\n  ".join(stale)
    assert not report, (
        "The English catalogue is out of date: run `make messages`, then translate the new "
        f"entries in src/ptce/{EN_PO.relative_to(PACKAGE_DIR)}.{report}"
    )


# --- (c) The pages follow the language ---------------------------------------------------------


def test_login_page_is_french_by_default(client):
    html = client.get(reverse("login")).content.decode()
    assert '<html lang="fr">' in html
    assert "Connexion" in html
    assert "Se connecter" in html
    assert "Sign in" not in html


def test_login_page_in_english_from_the_browser_language(client):
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content.decode()
    assert '<html lang="en">' in html
    assert "Sign in" in html
    assert "Password" in html
    assert "Se connecter" not in html
    assert "Mot de passe" not in html


@pytest.fixture
def pole_directory(client, make_pole, make_user):
    pole = make_pole("pole-i18n", "Pôle des langues")
    Organisation.objects.create(pole=pole, name="Régie de quartier", legal_category="9220")
    client.force_login(make_user("coord", pole=pole, role="coordinator"))
    return reverse("directory", args=[pole.slug])


def test_directory_is_french_by_default(client, pole_directory):
    html = client.get(pole_directory).content.decode()
    assert '<html lang="fr">' in html
    assert "Annuaire des membres — Pôle des langues" in html
    assert "1 structure" in html
    assert "Famille d&#x27;acteurs" in html or "Famille d'acteurs" in html
    assert "Member directory" not in html


def test_directory_in_english_after_choosing_the_language(client, pole_directory):
    # The language selector of every page posts to set_language, which sets the cookie.
    response = client.post(reverse("set_language"), {"language": "en", "next": pole_directory})
    assert response.status_code == 302
    html = client.get(pole_directory).content.decode()
    assert '<html lang="en">' in html
    assert "Member directory — Pôle des langues" in html
    assert ">Directory<" in html
    assert "1 organisation" in html
    assert "Actor family" in html  # a lazy form label, translated at render time
    assert "Add an organisation" in html
    assert "Annuaire des membres" not in html
    assert "Ajouter une structure" not in html
