"""The employer group pages as the coordinator uses them: staff, hours grid, statement, key."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from employer_helpers import MARCH, allocate

from ptce.pooling.models import HourAllocation, Pooling, PoolingKind, SharedEmployee
from ptce_analytics.allocation import ROUNDING_RULE_FR

SLUG = "pole-canal"


def _url(name: str, *args) -> str:
    return reverse(name, args=[SLUG, *args])


def _text(response) -> str:
    """The page's text with tags dropped and every kind of space made ordinary."""
    html = response.content.decode()
    text = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"[\s\u00a0\u202f]+", " ", text.replace("&nbsp;", " ").replace("&#x27;", "'"))


def _euros(text: str) -> int:
    """'1 234,56 €' → 123456 cents."""
    digits = re.sub(r"[\s\u00a0€]", "", text).replace(",", ".")
    return round(Decimal(digits) * 100)


class _Audit(HTMLParser):
    """One h1, and a label for every form control (the checks of tests/accessibility)."""

    def __init__(self) -> None:
        super().__init__()
        self.h1 = 0
        self.label_for: set[str] = set()
        self.controls: list[dict] = []
        self.tables = 0
        self.captions = 0
        self.th_without_scope = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "h1":
            self.h1 += 1
        elif tag == "label" and a.get("for"):
            self.label_for.add(a["for"])
        elif tag in ("input", "select", "textarea") and a.get("type") not in (
            "hidden",
            "submit",
            "button",
        ):
            self.controls.append(a)
        elif tag == "table":
            self.tables += 1
        elif tag == "caption":
            self.captions += 1
        elif tag == "th" and "scope" not in a:
            self.th_without_scope += 1


def _audit(response) -> _Audit:
    audit = _Audit()
    audit.feed(response.content.decode())
    assert audit.h1 == 1
    assert audit.tables == audit.captions
    assert audit.th_without_scope == 0
    for control in audit.controls:
        assert control.get("id") in audit.label_for or control.get("aria-label"), control
    return audit


# --- the group page -----------------------------------------------------------------------------


def test_the_group_page_lists_staff_and_months(coord_client, group_setup):
    group = group_setup["group"]
    response = coord_client.get(_url("employer-group", group.pk))
    assert response.status_code == 200
    _audit(response)
    text = _text(response)
    assert "Camille Martin" in text and "Lou Bernard" in text
    assert "151,67" in text and "22,50 €" in text  # contract hours and hourly cost
    assert "1,00" in text and "0,49" in text  # FTE: 151.67/151.67 and 75/151.67
    assert "01/01/2025" in text
    html = response.content.decode()
    assert _url("allocation-month", group.pk, "2026-03") in html
    assert _url("employer-statement", group.pk, "2026-03") in html
    assert _url("employer-statement-pdf", group.pk, "2026-03") in html
    assert _url("employee-edit", group_setup["camille"].pk) in html


def test_the_month_picker_leads_to_the_grid_or_the_statement(coord_client, group_setup):
    group = group_setup["group"]
    grid = coord_client.get(_url("employer-group", group.pk), {"mois": "03/2026", "vers": "heures"})
    assert grid["Location"] == _url("allocation-month", group.pk, "2026-03")
    statement = coord_client.get(
        _url("employer-group", group.pk), {"mois": "2026-04", "vers": "releve"}
    )
    assert statement["Location"] == _url("employer-statement", group.pk, "2026-04")
    wrong = coord_client.get(_url("employer-group", group.pk), {"mois": "mars"})
    assert wrong.status_code == 200
    assert "« mars » n'est pas un mois" in _text(wrong)


def test_a_pooling_of_another_kind_is_not_found(coord_client, pole):
    premises = Pooling.objects.create(pole=pole, kind=PoolingKind.PREMISES, name="Locaux")
    for name, args in [
        ("employer-group", [premises.pk]),
        ("employee-create", [premises.pk]),
        ("allocation-month", [premises.pk, "2026-03"]),
        ("employer-statement", [premises.pk, "2026-03"]),
        ("employer-statement-pdf", [premises.pk, "2026-03"]),
        ("employer-statement-xlsx", [premises.pk, "2026-03"]),
        ("employer-liability-key", [premises.pk]),
    ]:
        assert coord_client.get(_url(name, *args)).status_code == 404, name


def test_another_poles_group_and_employee_are_not_found(
    coord_client, make_pole, make_group, make_employee
):
    other = make_pole("autre")
    group = make_group("GE d'ailleurs", target_pole=other)
    employee = make_employee(group, "Sam Autre")
    assert coord_client.get(_url("employer-group", group.pk)).status_code == 404
    assert coord_client.get(_url("employee-edit", employee.pk)).status_code == 404
    assert coord_client.get(_url("allocation-month", group.pk, "2026-03")).status_code == 404
    assert coord_client.get(_url("employer-statement", group.pk, "2026-03")).status_code == 404
    assert coord_client.get(_url("employer-liability-key", group.pk)).status_code == 404


@pytest.mark.parametrize("month", ["2026-13", "2026-3", "mars", "03-2026", "2026-00"])
def test_a_malformed_month_is_not_found(coord_client, group_setup, month):
    group = group_setup["group"]
    assert coord_client.get(_url("allocation-month", group.pk, month)).status_code == 404
    assert coord_client.get(_url("employer-statement", group.pk, month)).status_code == 404


@pytest.mark.parametrize("role", ["member", "funder", "observer"])
def test_no_one_but_the_coordinator_sees_names_and_wages(client, make_user, group_setup, role):
    group = group_setup["group"]
    client.force_login(make_user("u", pole=group.pole, role=role))
    response = client.get(_url("employer-group", group.pk))
    assert response.status_code == 403
    assert b"Camille" not in response.content


# --- employees ----------------------------------------------------------------------------------


def test_an_employee_is_created_with_french_decimals_and_dates(coord_client, group_setup):
    group = group_setup["group"]
    response = coord_client.get(_url("employee-create", group.pk))
    assert response.status_code == 200
    _audit(response)
    response = coord_client.post(
        _url("employee-create", group.pk),
        {
            "name": "Inès Roux",
            "job_title": "Chargée de communication",
            "contract": "cdd",
            "monthly_hours": "121,33",
            "hourly_cost": "1 023,45 €",
            "started_on": "15/02/2026",
            "ended_on": "14/08/2026",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == _url("employer-group", group.pk)
    ines = SharedEmployee.objects.get(name="Inès Roux")
    assert ines.pooling == group
    assert ines.monthly_hours == Decimal("121.33")
    assert ines.hourly_cost == Decimal("1023.45")
    assert ines.started_on == dt.date(2026, 2, 15) and ines.ended_on == dt.date(2026, 8, 14)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("monthly_hours", "35h", "« 35h » n'est pas un nombre"),
        ("monthly_hours", "0", "Indiquez un nombre positif"),
        ("hourly_cost", "22,505", "au plus 2 décimales"),
        ("ended_on", "01/01/2020", "La fin de contrat ne peut pas précéder l'embauche"),
    ],
)
def test_a_wrong_employee_field_is_explained(coord_client, group_setup, field, value, message):
    data = {
        "name": "Inès Roux",
        "contract": "cdi",
        "monthly_hours": "151,67",
        "hourly_cost": "22,50",
        "started_on": "01/03/2026",
        "ended_on": "",
    }
    data[field] = value
    response = coord_client.post(_url("employee-create", group_setup["group"].pk), data)
    assert response.status_code == 200
    assert message in _text(response)
    assert not SharedEmployee.objects.filter(name="Inès Roux").exists()


def test_an_employee_is_edited_and_shown_with_a_decimal_comma(coord_client, group_setup):
    camille = group_setup["camille"]
    response = coord_client.get(_url("employee-edit", camille.pk))
    assert 'value="151,67"' in response.content.decode()
    assert 'value="22,5"' in response.content.decode()
    response = coord_client.post(
        _url("employee-edit", camille.pk),
        {
            "name": "Camille Martin",
            "contract": "cdi",
            "monthly_hours": "140",
            "hourly_cost": "23,10",
            "started_on": "01/01/2025",
            "ended_on": "",
        },
    )
    assert response.status_code == 302
    camille.refresh_from_db()
    assert (camille.monthly_hours, camille.hourly_cost) == (Decimal("140"), Decimal("23.10"))


# --- the grid -----------------------------------------------------------------------------------


def test_the_grid_has_one_row_per_employee_and_one_column_per_participant(
    coord_client, group_setup, make_employee, make_member
):
    s = group_setup
    make_employee(s["group"], "Noé Petit", started_on=dt.date(2026, 4, 2))  # hired in April
    make_employee(s["group"], "Ana Ancienne", ended_on=dt.date(2026, 2, 28))  # gone in March
    make_member("Non participante")  # a member of the pole, not of this group
    response = coord_client.get(_url("allocation-month", s["group"].pk, "2026-03"))
    assert response.status_code == 200
    _audit(response)
    html = response.content.decode()
    rows = re.findall(r'<th scope="row" id="emp-(\d+)"', html)
    assert rows == [str(s["camille"].pk), str(s["lou"].pk)]  # by name as typed
    columns = re.findall(r'<th scope="col" id="org-\d+">([^<]+)</th>', html)
    assert columns == ["Atelier Bois", "Régie de quartier", "Scop Vélo"]
    name = f"h-{s['camille'].pk}-{s['bois'].pk}"
    assert f'name="{name}" id="{name}" value="100"' in html
    empty = f"h-{s['camille'].pk}-{s['regie'].pk}"
    assert f'name="{empty}" id="{empty}" value=""' in html
    assert 'aria-label="Heures de Camille Martin pour Atelier Bois"' in html
    assert "Noé Petit" not in html and "Ana Ancienne" not in html
    # previous and next months
    assert _url("allocation-month", s["group"].pk, "2026-02") in html
    assert _url("allocation-month", s["group"].pk, "2026-04") in html


def test_without_participants_the_columns_are_the_poles_members(
    coord_client, make_group, make_employee, make_member
):
    group = make_group()
    make_employee(group, "Camille Martin")
    make_member("Atelier Bois")
    make_member("Scop Vélo")
    response = coord_client.get(_url("allocation-month", group.pk, "2026-03"))
    columns = re.findall(r'<th scope="col" id="org-\d+">([^<]+)</th>', response.content.decode())
    assert columns == ["Atelier Bois", "Scop Vélo"]


def test_the_grid_saves_the_month(coord_client, group_setup):
    s = group_setup
    camille, lou = s["camille"], s["lou"]
    url = _url("allocation-month", s["group"].pk, "2026-03")
    data = {
        f"h-{camille.pk}-{s['bois'].pk}": "80,5",
        f"h-{camille.pk}-{s['velo'].pk}": "51,67",
        f"h-{camille.pk}-{s['regie'].pk}": "19,5",
        f"h-{lou.pk}-{s['bois'].pk}": "",
        f"h-{lou.pk}-{s['velo'].pk}": "0",
        f"h-{lou.pk}-{s['regie'].pk}": "75",
    }
    response = coord_client.post(url, data, follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert "Heures de mars 2026 enregistrées" in _text(response)
    saved = {
        (a.employee_id, a.organisation_id): a.hours
        for a in HourAllocation.objects.filter(month=MARCH)
    }
    assert saved == {
        (camille.pk, s["bois"].pk): Decimal("80.50"),
        (camille.pk, s["velo"].pk): Decimal("51.67"),
        (camille.pk, s["regie"].pk): Decimal("19.50"),
        (lou.pk, s["regie"].pk): Decimal("75.00"),
    }
    assert 'value="80,5"' in response.content.decode()


def test_a_bad_cell_saves_nothing_and_keeps_what_was_typed(coord_client, group_setup):
    s = group_setup
    camille = s["camille"]
    url = _url("allocation-month", s["group"].pk, "2026-03")
    response = coord_client.post(
        url,
        {
            f"h-{camille.pk}-{s['bois'].pk}": "12,5h",
            f"h-{camille.pk}-{s['velo'].pk}": "3",
        },
    )
    assert response.status_code == 400
    text = _text(response)
    assert "Rien n'a été enregistré" in text
    assert "Heures de Camille Martin pour Atelier Bois : « 12,5h » n'est pas un nombre." in text
    html = response.content.decode()
    assert 'value="12,5h"' in html and 'value="3"' in html
    assert HourAllocation.objects.get(employee=camille, organisation=s["bois"]).hours == 100
    assert HourAllocation.objects.get(employee=camille, organisation=s["velo"]).hours == Decimal(
        "51.67"
    )


def test_hours_beyond_the_contract_give_a_warning_not_an_error(coord_client, group_setup):
    s = group_setup
    lou = s["lou"]
    url = _url("allocation-month", s["group"].pk, "2026-03")
    response = coord_client.post(url, {f"h-{lou.pk}-{s['bois'].pk}": "10"}, follow=True)
    text = _text(response)
    assert "Lou Bernard a 85 h mises à disposition en mars 2026 pour 75 h au contrat" in text
    assert "dépasse le contrat" in text
    assert HourAllocation.objects.filter(employee=lou, organisation=s["bois"]).exists()


# --- the statement ------------------------------------------------------------------------------


def test_the_statement_total_is_the_sum_of_the_members_amounts(coord_client, group_setup):
    s = group_setup
    response = coord_client.get(_url("employer-statement", s["group"].pk, "2026-03"))
    assert response.status_code == 200
    _audit(response)
    html = response.content.decode()
    amounts = [_euros(a) for a in re.findall(r'class="num member-amount">([^<]+)<', html)]
    total = _euros(re.search(r'class="num statement-total">([^<]+)<', html).group(1))
    # Camille: 22,50 € × 151,67 h = 3 412,58 €; Lou: 18 € × 75 h = 1 350 €.
    assert total == 341258 + 135000
    assert sum(amounts) == total
    assert len(amounts) == 3
    text = _text(response)
    assert "4 762,58 €" in text
    assert "Régie de quartier" in text and "630,00 €" in text  # 35/75 of Lou's 1 350 €
    assert ROUNDING_RULE_FR in text
    assert "à prix coûtant" in text and "L.1253-1" in text
    assert "non affectés" not in text


def test_the_statement_warns_of_unallocated_costs(coord_client, group_setup, make_employee):
    s = group_setup
    make_employee(s["group"], "Noé Petit", hours="35", cost="20")
    response = coord_client.get(_url("employer-statement", s["group"].pk, "2026-03"))
    text = _text(response)
    assert "Attention : 700,00 € de coûts salariaux non affectés" in text
    assert "Noé Petit : 700,00 €" in text
    # The unallocated cost is not in the total charged to the members.
    assert "4 762,58 €" in text


def test_an_empty_month_says_there_is_nothing_to_charge(coord_client, group_setup):
    response = coord_client.get(_url("employer-statement", group_setup["group"].pk, "2025-06"))
    assert response.status_code == 200
    text = _text(response)
    assert "non mesurable" in text
    # Both employees are under contract in June 2025 and have no hours: their cost is flagged.
    assert "non affectés" in text


# --- the liability key --------------------------------------------------------------------------


def test_the_liability_key_sums_to_exactly_100_percent(coord_client, group_setup):
    s = group_setup
    # Three equal shares over the period cannot each be rounded to 33,33 %.
    HourAllocation.objects.all().delete()
    for org in (s["bois"], s["velo"], s["regie"]):
        allocate(s["camille"], org, "10", month=dt.date(2026, 1, 1))
    response = coord_client.get(
        _url("employer-liability-key", s["group"].pk), {"du": "01/01/2026", "au": "31/03/2026"}
    )
    assert response.status_code == 200
    _audit(response)
    html = response.content.decode()
    shares = re.findall(r'class="num liability-share">([^<]+)<', html)
    assert sorted(s.replace("\u00a0", " ") for s in shares) == ["33,33 %", "33,33 %", "33,34 %"]
    text = _text(response)
    assert "100,00 %" in text
    assert "L.1253-8" in text and "que s'ils l'ont adoptée" in text


def test_the_liability_key_defaults_to_the_last_twelve_complete_months(
    coord_client, group_setup, monkeypatch
):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2026, 4, 15))
    s = group_setup
    allocate(s["camille"], s["regie"], "500", month=dt.date(2026, 4, 1))  # current month: out
    allocate(s["camille"], s["regie"], "500", month=dt.date(2025, 3, 1))  # 13 months ago: out
    response = coord_client.get(_url("employer-liability-key", s["group"].pk))
    html = response.content.decode()
    assert 'value="01/04/2025"' in html and 'value="31/03/2026"' in html
    text = _text(response)
    # March 2026 only: Bois 100 h, Vélo 91,67 h, Régie 35 h out of 226,67 h.
    assert "Atelier Bois 100 44,12 %" in text
    assert "Scop Vélo 91,67 40,44 %" in text
    assert "Régie de quartier 35 15,44 %" in text


def test_the_liability_key_explains_a_wrong_period(coord_client, group_setup):
    url = _url("employer-liability-key", group_setup["group"].pk)
    response = coord_client.get(url, {"du": "31/03/2026", "au": "01/01/2026"})
    assert "La fin de la période ne peut pas précéder son début" in _text(response)
    response = coord_client.get(url, {"du": "2026", "au": "01/01/2026"})
    assert response.status_code == 200
    assert "date" in _text(response).lower()


def test_without_hours_the_key_is_not_measurable(coord_client, make_group):
    group = make_group()
    response = coord_client.get(_url("employer-liability-key", group.pk))
    assert "non mesurable" in _text(response)
