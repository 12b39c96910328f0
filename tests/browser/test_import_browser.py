"""The member import wizard in a real browser: upload an XLSX, map columns, preview, confirm.

A coordinator signs in through the login form, reaches the wizard from the directory, and
uploads a workbook built here with openpyxl; one row has a SIRET whose check digit is wrong.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from browser_helpers import PASSWORD, haute_garonne_commune, log_in
from playwright.sync_api import Page, expect

from ptce.poles.models import Pole
from ptce.registry.models import Membership, Organisation

pytestmark = pytest.mark.browser

USERNAME = "coordination-test"

# Fictitious structures; the first two have valid SIRET keys (Luhn), the third does not.
ASSOCIATION = "Les Jardins du Canal"
SCOP = "Scop Atelier Vélo Solidaire"
BAD = "Recyclerie au SIRET mal recopié"
BAD_SIRET = "732 829 321 00074"
HEADERS = [
    "Raison sociale", "SIRET", "Catégorie juridique", "Code postal", "Date d'adhésion",
    "Cotisation",
]
# The select each header should be pre-mapped to on the column step (field keys).
EXPECTED_MAPPING = {
    "A": ("Raison sociale", "name"),
    "B": ("SIRET", "siret"),
    "C": ("Catégorie juridique", "legal_category"),
    "D": ("Code postal", "postcode"),
    "E": ("Date d'adhésion", "start_date"),
    "F": ("Cotisation", "dues"),
}
VALID_ROWS_BUTTON = "Importer les 2 lignes valides et ignorer les lignes en erreur"


@dataclass(frozen=True)
class ImportData:
    pole: Pole
    workbook: Path


def _workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Adhérents"
    sheet.append(HEADERS)
    # Row 2: what Excel really stores: a SIRET typed as a number, a date cell, a number.
    sheet.append([ASSOCIATION, 41263901500012, "9220", "31520", dt.date(2023, 1, 15), 50])
    # Row 3: the check digit is wrong (one digit mistyped).
    sheet.append([BAD, BAD_SIRET, "9220", "31520", "01/02/2023", "80"])
    # Row 4: text cells, as a CSV pasted into Excel leaves them.
    sheet.append([SCOP, "521 487 223 00013", "5458", "31520", "15/03/2022", "120,50"])
    book.save(path)
    return path


@pytest.fixture
def import_data(transactional_db, make_pole, make_user, tmp_path: Path) -> ImportData:
    pole = make_pole("pole-canal", name="Pôle du Canal", town="Ramonville-Saint-Agne")
    pole.communes.add(haute_garonne_commune("31446", "Ramonville-Saint-Agne", "31520"))
    make_user(USERNAME, pole=pole, role="coordinator", password=PASSWORD)
    return ImportData(pole=pole, workbook=_workbook(tmp_path / "adherents.xlsx"))


def _upload_and_map(page: Page, base_url: str, workbook: Path) -> None:
    """From sign-in to the preview: directory → wizard → upload → columns (pre-mapped)."""
    log_in(page, base_url, USERNAME)
    page.goto(f"{base_url}/p/pole-canal/annuaire/")
    page.get_by_role("link", name="Importer un fichier Excel ou CSV").click()
    expect(page).to_have_url(re.compile(r"/p/pole-canal/import/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Importer des structures membres")
    expect(page.locator("[aria-current=step]")).to_have_text("Déposer le fichier")

    page.get_by_label("Fichier à importer (.xlsx ou .csv)").set_input_files(workbook)
    page.get_by_role("button", name="Lire le fichier").click()

    expect(page).to_have_url(re.compile(r"/p/pole-canal/import/colonnes/$"))
    expect(page.get_by_role("heading", level=1, name="Associer les colonnes du fichier"))\
        .to_be_visible()
    expect(page.locator("[aria-current=step]")).to_have_text("Associer les colonnes")
    main = page.locator("main")
    expect(main).to_contain_text("Fichier « adherents.xlsx » : 3 lignes de données.")
    for letter, (header, key) in EXPECTED_MAPPING.items():
        select = main.get_by_label(f"Donnée de la colonne {letter} « {header} »", exact=True)
        expect(select).to_have_value(key)
    # The examples column shows what the file holds, Excel numbers and dates as text.
    expect(main.get_by_role("row", name=re.compile(r"^B — SIRET"))).to_contain_text(
        "41263901500012"
    )
    expect(main.get_by_role("row", name=re.compile(r"^E — Date d'adhésion"))).to_contain_text(
        "2023-01-15"
    )
    main.get_by_role("button", name="Vérifier les données").click()

    expect(page).to_have_url(re.compile(r"/p/pole-canal/import/apercu/$"))
    expect(page.get_by_role("heading", level=1, name="Vérifier avant d'importer")).to_be_visible()
    expect(page.locator("[aria-current=step]")).to_have_text("Vérifier et importer")


def _expect_preview(page: Page) -> None:
    summary = page.get_by_role("table", name="Ce que l'import va faire")
    expect(summary.get_by_role("row", name="Structures à créer")).to_contain_text("2")
    expect(summary.get_by_role("row", name="Structures à mettre à jour")).to_contain_text("0")
    expect(summary.get_by_role("row", name="Lignes en erreur")).to_contain_text("1")

    errors = page.get_by_role("region", name="Erreurs à corriger")
    expect(errors.get_by_role("alert")).to_have_text("1 ligne contient des erreurs.")
    rows = errors.get_by_role("table", name="Erreurs, ligne par ligne").locator("tbody tr")
    expect(rows).to_have_count(1)
    cells = rows.first.locator("td")
    # The row number as the spreadsheet shows it: header is row 1, the bad structure row 3.
    expect(cells.nth(0)).to_have_text("3")
    expect(cells.nth(1)).to_have_text("SIRET")  # the field
    expect(cells.nth(2)).to_have_text("SIRET")  # the column's header in the file
    expect(cells.nth(3)).to_have_text(BAD_SIRET)
    expect(cells.nth(4)).to_contain_text("clé de contrôle")
    expect(cells.nth(4)).to_contain_text(BAD_SIRET)


def test_import_xlsx_skipping_the_invalid_row(
    page: Page, live_server, import_data: ImportData, screenshot_dir: Path
) -> None:
    _upload_and_map(page, live_server.url, import_data.workbook)
    _expect_preview(page)
    assert Organisation.objects.count() == 0, "the preview must not write anything"
    page.screenshot(path=screenshot_dir / "import-preview.png", full_page=True)

    # Import everything is not offered while a row is invalid: only the valid rows.
    expect(page.get_by_role("button", name="Importer", exact=True)).to_have_count(0)
    page.get_by_role("button", name=VALID_ROWS_BUTTON).click()

    expect(page).to_have_url(re.compile(r"/p/pole-canal/annuaire/$"))
    expect(page.get_by_role("status")).to_contain_text(
        "Import terminé : 2 structure(s) créée(s), 0 mise(s) à jour, 0 inchangée(s), "
        "1 ligne(s) ignorée(s)."
    )
    results = page.locator("#directory-results")
    expect(results.get_by_role("link", name=ASSOCIATION)).to_be_visible()
    expect(results.get_by_role("link", name=SCOP)).to_be_visible()
    expect(results).not_to_contain_text(BAD)
    expect(results).to_contain_text("2 structures")
    association_row = results.get_by_role("row", name=re.compile(ASSOCIATION))
    expect(association_row).to_contain_text("Ramonville-Saint-Agne")
    expect(association_row).to_contain_text("Entreprise de l'ESS")

    assert sorted(Organisation.objects.values_list("name", flat=True)) == [ASSOCIATION, SCOP]
    association = Organisation.objects.get(name=ASSOCIATION)
    assert association.siret == "41263901500012"
    assert association.commune_id == "31446"
    membership = Membership.objects.get(organisation=association)
    assert membership.start_date == dt.date(2023, 1, 15)
    assert membership.dues_eur == Decimal("50.00")
    assert Membership.objects.get(organisation__name=SCOP).dues_eur == Decimal("120.50")

    # The wizard's state is gone: the preview sends back to the first step.
    page.goto(f"{live_server.url}/p/pole-canal/import/apercu/")
    expect(page).to_have_url(re.compile(r"/p/pole-canal/import/$"))
    expect(page.get_by_role("status")).to_contain_text(
        "Commencez par déposer le fichier à importer."
    )


def test_import_cancelled_at_preview_writes_nothing(
    page: Page, live_server, import_data: ImportData
) -> None:
    _upload_and_map(page, live_server.url, import_data.workbook)
    _expect_preview(page)

    page.get_by_role("button", name="Annuler l'import").click()
    expect(page).to_have_url(re.compile(r"/p/pole-canal/import/$"))
    expect(page.get_by_role("status")).to_contain_text("Import annulé : rien n'a été enregistré.")
    assert Organisation.objects.count() == 0
    assert Membership.objects.count() == 0

    page.goto(f"{live_server.url}/p/pole-canal/annuaire/")
    results = page.locator("#directory-results")
    expect(results).to_contain_text("0 structure")
    for name in (ASSOCIATION, SCOP, BAD):
        expect(results.get_by_role("link", name=name)).to_have_count(0)
