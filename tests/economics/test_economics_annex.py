"""The annex of contributions in kind (accounts 86/87) and its spreadsheet."""

from __future__ import annotations

import io
import re
from decimal import ROUND_HALF_UP, Decimal
from html import unescape

import pytest
from django.urls import reverse
from django_scopes import scope
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from ptce.economics.models import InKindContribution, InKindKind, VolunteerTime
from ptce.economics.views import build_annex

NBSP = "\xa0"
D = Decimal


def _cell(page: str, cell_id: str) -> str:
    match = re.search(rf'id="{cell_id}">(.*?)</td>', page, flags=re.DOTALL)
    assert match, cell_id
    return unescape(re.sub(r"<[^>]+>", "", match.group(1))).strip()


def test_annex_by_account_with_volunteering_at_the_rate(eco_pole, login):
    client = login(eco_pole.pole, "funder")
    page = client.get(reverse("in-kind-annex", args=["eco"]) + "?annee=2024").content.decode()
    # goods 1 000 → 860/870; premises 6 000 → 861/871; services 2 000 → 862/871;
    # volunteering 150 h × 20 € = 3 000 → 864/875. Totals: 12 000 on both sides.
    expected = {
        "compte-860": "1 000,00 €",
        "compte-861": "6 000,00 €",
        "compte-862": "2 000,00 €",
        "compte-864": "3 000,00 €",
        "compte-870": "1 000,00 €",
        "compte-871": "8 000,00 €",
        "compte-875": "3 000,00 €",
        "total-emplois": "12 000,00 €",
        "total-ressources": "12 000,00 €",
    }
    for cell_id, text in expected.items():
        assert _cell(page, cell_id) == text.replace(" ", NBSP), cell_id
    assert "150 h × 20,00" in page
    for label in (
        "Emplois des contributions volontaires en nature",
        "Secours en nature",
        "Mise à disposition gratuite de biens",
        "Personnel bénévole",
        "Dons en nature",
        "Prestations en nature",
        "Bénévolat",
    ):
        assert label in unescape(page)


def test_volunteering_without_rate_is_said_not_zero(eco_pole, login):
    client = login(eco_pole.pole)
    page = client.get(reverse("in-kind-annex", args=["eco"]) + "?annee=2023").content.decode()
    assert _cell(page, "compte-864") == "non valorisé"
    assert _cell(page, "compte-875") == "non valorisé"
    assert "40 h de bénévolat, non valorisées : aucun taux horaire fixé pour 2023" in page
    assert "(hors bénévolat non valorisé)" in page
    assert f"0,00{NBSP}€" not in _cell(page, "compte-864")


def test_a_year_without_anything_says_so(eco_pole, login):
    client = login(eco_pole.pole)
    page = client.get(reverse("in-kind-annex", args=["eco"]) + "?annee=2019").content.decode()
    assert "non renseigné" in page
    assert _cell(page, "total-emplois") == "—"


def test_default_year_is_the_last_with_contributions(eco_pole, login):
    client = login(eco_pole.pole)
    response = client.get(reverse("in-kind-annex", args=["eco"]))
    assert response.context["year"] == 2024


def test_spreadsheet_reads_back(eco_pole, login):
    client = login(eco_pole.pole, "observer")
    response = client.get(reverse("in-kind-annex-xlsx", args=["eco"]) + "?annee=2024")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "annexe-contributions-en-nature-eco-2024.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = {
        sheet.cell(row=r, column=c).value: sheet.cell(row=r, column=c + 2)
        for r in range(1, sheet.max_row + 1)
        for c in (1, 5)
        if sheet.cell(row=r, column=c).value in {"860", "861", "862", "864", "870", "871", "875"}
    }
    values = {account: cell.value for account, cell in rows.items()}
    assert values == {
        "860": 1000, "861": 6000, "862": 2000, "864": 3000, "870": 1000, "871": 8000, "875": 3000,
    }  # fmt: skip
    assert all("€" in cell.number_format for cell in rows.values())
    totals = [
        sheet.cell(row=r, column=c + 1).value
        for r in range(1, sheet.max_row + 1)
        for c in (2, 6)
        if sheet.cell(row=r, column=c).value == "Total"
    ]
    assert totals == [12000, 12000]
    notes = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    assert "150,00 heures" in notes and "Convention" in notes


def test_spreadsheet_of_an_unvalued_year(eco_pole, login):
    client = login(eco_pole.pole)
    response = client.get(reverse("in-kind-annex-xlsx", args=["eco"]) + "?annee=2023")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [c.value for row in sheet.iter_rows() for c in row]
    assert cells.count("non valorisé") == 2
    assert any(isinstance(v, str) and "aucun taux horaire fixé pour 2023" in v for v in cells)


contributions = st.lists(
    st.tuples(
        st.sampled_from(list(InKindKind.values)),
        st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False),
    ),
    max_size=8,
)


@pytest.mark.django_db
@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    items=contributions,
    hours=st.none() | st.decimals(min_value="0.5", max_value=5000, places=2),
    rate=st.none() | st.decimals(min_value="1", max_value=100, places=2),
)
def test_both_totals_are_always_equal(make_pole, items, hours, rate):
    from ptce.economics.models import VolunteerRate
    from ptce.poles.models import Pole

    pole = Pole.objects.filter(slug="prop").first() or make_pole("prop")
    for model in (InKindContribution, VolunteerTime, VolunteerRate):
        model.objects.filter(pole=pole).delete()
    for kind, value in items:
        InKindContribution.objects.create(
            pole=pole, year=2024, kind=kind, description="x", value=value
        )
    if hours is not None:
        VolunteerTime.objects.create(pole=pole, year=2024, activity="events", hours=hours)
    if rate is not None:
        VolunteerRate.objects.create(pole=pole, year=2024, hourly_rate=rate, basis="test")
    with scope(pole=pole):
        annex = build_annex(2024)
    assert annex.total_uses == annex.total_resources
    expected = sum((value for _, value in items), D(0))
    if hours is not None and rate is not None:
        expected += (hours * rate).quantize(D("0.01"), rounding=ROUND_HALF_UP)
    assert annex.total_uses == expected
    assert annex.volunteering_unvalued is (hours is not None and rate is None)
