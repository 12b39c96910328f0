"""The statement as files: a PDF read back with pdftotext, an XLSX read back with openpyxl."""

from __future__ import annotations

import io
import re
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse
from employer_helpers import allocate
from openpyxl import load_workbook

from ptce.pooling.statements import format_basis_points, format_euros, format_hours

SLUG = "pole-canal"
TOTAL_CENTS = 341258 + 135000  # Camille 22,50 € × 151,67 h, Lou 18 € × 75 h


def _pdf_text(content: bytes) -> str:
    result = subprocess.run(
        ["/usr/bin/pdftotext", "-layout", "-", "-"],
        input=content,
        capture_output=True,
        check=True,
    )
    return result.stdout.decode()


def _pages(text: str) -> list[str]:
    """The text of each page, every run of spaces and line breaks made one space."""
    return [" ".join(page.split()) for page in text.split("\f")]


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def statement_url(group_setup):
    def url(name: str, month: str = "2026-03") -> str:
        return reverse(name, args=[SLUG, group_setup["group"].pk, month])

    return url


def test_the_pdf_has_a_summary_page_and_one_statement_per_member(
    coord_client, group_setup, statement_url
):
    response = coord_client.get(statement_url("employer-statement-pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="releve-2026-03-groupement-emploi-canal.pdf"'
    )
    text = _pdf_text(response.content)
    pages = [page for page in _pages(text) if page.strip()]
    assert len(pages) == 4  # the summary, then Atelier Bois, Régie de quartier, Scop Vélo
    summary = pages[0]
    assert "Total refacturé aux structures : 4 762,58 €" in summary
    for name in ("Atelier Bois", "Régie de quartier", "Scop Vélo"):
        assert name in summary
    assert "à prix coûtant" in summary
    # Each member's own page: its name, its lines, its total, the rounding rule.
    members = {
        "Atelier Bois": ["Camille Martin"],
        "Régie de quartier": ["Lou Bernard"],
        "Scop Vélo": ["Camille Martin", "Lou Bernard"],
    }
    amounts = {}
    for page, (name, employees) in zip(pages[1:], members.items(), strict=True):
        assert f"Relevé de mise à disposition — {name}" in page
        assert "Groupement d'employeurs : Groupement Emploi Canal — mois de mars 2026" in page
        for employee in employees:
            assert employee in page
        total = re.search(r"Total à rembourser \S+ ([\d ]+,\d\d) €", page)
        assert total, page
        amounts[name] = total.group(1)
        assert amounts[name] + " €" in summary
        assert "Arrondi au centime" in page
    cents = sum(int(re.sub(r"\D", "", amount)) for amount in amounts.values())
    assert cents == TOTAL_CENTS


def test_the_pdf_warns_of_unallocated_costs(
    coord_client, group_setup, statement_url, make_employee
):
    make_employee(group_setup["group"], "Noé Petit", hours="35", cost="20")
    text = _flat(_pdf_text(coord_client.get(statement_url("employer-statement-pdf")).content))
    assert "Attention : 700,00 € de coûts salariaux non affectés." in text
    assert "Noé Petit : 700,00 €" in text


def test_the_xlsx_adds_up_to_the_total_to_the_cent(coord_client, group_setup, statement_url):
    # Shares that do not divide evenly: 100 € over 3 × 1 h gives 33,34 + 33,33 + 33,33.
    s = group_setup
    from ptce.pooling.models import HourAllocation

    HourAllocation.objects.filter(employee=s["lou"]).delete()
    s["lou"].monthly_hours = Decimal("3")
    s["lou"].hourly_cost = Decimal("33.33")
    s["lou"].save()
    for org in (s["bois"], s["velo"], s["regie"]):
        allocate(s["lou"], org, "1")
    response = coord_client.get(statement_url("employer-statement-xlsx"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="releve-2026-03-groupement-emploi-canal.xlsx"'
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[:2] == ["Récapitulatif", "Détail"]
    summary = list(workbook["Récapitulatif"].iter_rows(values_only=True))
    assert summary[0] == ("Structure", "Heures", "Montant (€)")
    members, total = summary[1:-1], summary[-1]
    assert [row[0] for row in members] == ["Atelier Bois", "Régie de quartier", "Scop Vélo"]
    assert total[0] == "Total"
    expected_total = Decimal("3412.58") + Decimal("99.99")
    assert round(Decimal(str(total[2])), 2) == expected_total
    assert sum(round(Decimal(str(row[2])), 2) for row in members) == expected_total
    # Amounts are numbers with a euro format, not text.
    sheet = workbook["Récapitulatif"]
    for row in range(2, sheet.max_row + 1):
        cell = sheet.cell(row=row, column=3)
        assert isinstance(cell.value, int | float)
        assert "€" in cell.number_format
    detail = list(workbook["Détail"].iter_rows(values_only=True))
    assert detail[0] == ("Structure", "Salarié·e", "Heures", "Montant (€)")
    assert len(detail) == 1 + 5  # Camille at Bois and Vélo, Lou at all three
    assert sum(round(Decimal(str(row[3])), 2) for row in detail[1:]) == expected_total
    lou_lines = sorted(round(Decimal(str(r[3])), 2) for r in detail[1:] if r[1] == "Lou Bernard")
    assert lou_lines == [Decimal("33.33"), Decimal("33.33"), Decimal("33.33")]


def test_the_files_of_a_month_without_hours_are_still_valid(
    coord_client, group_setup, statement_url
):
    pdf = coord_client.get(statement_url("employer-statement-pdf", "2024-01"))
    assert "rien à refacturer" in _flat(_pdf_text(pdf.content))
    xlsx = load_workbook(
        io.BytesIO(coord_client.get(statement_url("employer-statement-xlsx", "2024-01")).content)
    )
    rows = list(xlsx["Récapitulatif"].iter_rows(values_only=True))
    assert rows[-1][0] == "Total" and rows[-1][2] == 0


@pytest.mark.parametrize(
    ("cents", "shown"),
    [(0, "0,00 €"), (5, "0,05 €"), (123456, "1 234,56 €"), (100000000, "1 000 000,00 €")],
)
def test_euros_are_shown_the_french_way(cents, shown):
    assert format_euros(cents) == shown.replace(" ", "\u00a0")


def test_hours_and_percentages_are_shown_the_french_way():
    assert format_hours(Decimal("1234.50")) == "1\u00a0234,5"
    assert format_hours(Decimal("151.67")) == "151,67"
    assert format_hours(Decimal("75.00")) == "75"
    assert format_basis_points(3334) == "33,34\u00a0%"
    assert format_basis_points(10000) == "100,00\u00a0%"
