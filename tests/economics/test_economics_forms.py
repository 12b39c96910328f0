"""Data entry: French input, errors in French naming the field, atomic and audited writes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ptce.core.models import AuditEntry
from ptce.economics import services
from ptce.economics.forms import FundingLineForm, VolunteerTimeForm
from ptce.economics.models import (
    FundingLine,
    InKindContribution,
    SourceKind,
    VolunteerRate,
    VolunteerTime,
)
from ptce.registry.models import Organisation
from ptce_analytics.economics import SOURCE_KINDS

D = Decimal


def test_source_kinds_are_the_analytics_kinds():
    assert tuple(SourceKind.values) == SOURCE_KINDS


def _grant(**overrides):
    data = {
        "year": "2024",
        "source_kind": "grant_region",
        "section": "operating",
        "label": "Subvention de fonctionnement",
        "funder": "",
        "funder_name": "Région Occitanie",
        "amount": "1 234,50",
        "agreement_start": "01/01/2024",
        "agreement_end": "31/12/2026",
        "project": "",
    }
    return {**data, **overrides}


def test_create_a_grant_typed_the_french_way(eco_pole, login):
    client = login(eco_pole.pole)
    response = client.post(reverse("funding-create", args=["eco"]), _grant())
    assert response.status_code == 302
    line = FundingLine.objects.get(label="Subvention de fonctionnement")
    assert line.amount == D("1234.50")
    assert line.agreement_end == dt.date(2026, 12, 31)
    assert line.pole == eco_pole.pole
    entry = AuditEntry.objects.filter(action="ptce.fundingline.created").get()
    assert entry.pole == eco_pole.pole
    assert entry.data["amount"] == "1234.50"


def test_a_grant_without_funder_is_refused_naming_the_field(eco_pole, login):
    client = login(eco_pole.pole)
    before = FundingLine.objects.count()
    response = client.post(reverse("funding-create", args=["eco"]), _grant(funder_name=""))
    assert response.status_code == 200
    form = response.context["form"]
    assert "Indiquez le financeur" in form.errors["funder"][0]
    assert "Indiquez le financeur" in response.content.decode()
    assert FundingLine.objects.count() == before


def test_own_revenue_needs_no_funder(eco_pole, login):
    client = login(eco_pole.pole)
    response = client.post(
        reverse("funding-create", args=["eco"]),
        _grant(source_kind="own_revenue", funder_name="", agreement_start="", agreement_end=""),
    )
    assert response.status_code == 302


def test_agreement_ending_before_it_starts_is_refused(eco_pole, login):
    client = login(eco_pole.pole)
    response = client.post(
        reverse("funding-create", args=["eco"]),
        _grant(agreement_start="01/07/2024", agreement_end="30/06/2024"),
    )
    message = response.context["form"].errors["agreement_end"][0]
    assert message.startswith("Convention : fin")
    assert "30/06/2024" in message and "01/07/2024" in message


@pytest.mark.parametrize(
    ("field", "value", "label"),
    [
        ("amount", "mille euros", "« Montant (€) »"),
        ("amount", "-5", "« Montant (€) »"),
        ("year", "24", "« Exercice »"),
        ("agreement_start", "31/02/2024", "« Convention : début »"),
        ("label", "", "« Libellé »"),
    ],
)
def test_every_error_names_its_field(eco_pole, field, value, label):
    form = FundingLineForm(_grant(**{field: value}))
    assert not form.is_valid()
    assert form.errors[field][0].startswith(label), form.errors[field]


def test_structure_and_typed_name_together_are_refused(eco_pole):
    form = FundingLineForm(_grant(funder=str(eco_pole.a.pk)))
    assert not form.is_valid()
    assert "pas les deux" in form.errors["funder_name"][0]


def test_another_poles_structure_cannot_be_chosen(eco_pole, make_pole, login):
    other = make_pole("autre")
    foreign = Organisation.objects.create(pole=other, name="Ailleurs")
    client = login(eco_pole.pole)
    response = client.post(
        reverse("funding-create", args=["eco"]), _grant(funder_name="", funder=str(foreign.pk))
    )
    assert response.status_code == 200
    assert "funder" in response.context["form"].errors
    assert not FundingLine.objects.filter(funder=foreign).exists()


def test_service_refuses_a_grant_without_funder(eco_pole, make_user):
    line = FundingLine(
        year=2024, source_kind="grant_state", label="État", amount=D("100"), funder_name="  "
    )
    with pytest.raises(ValidationError) as caught:
        services.funding_line_save(actor=None, pole=eco_pole.pole, line=line)
    assert "Indiquez le financeur" in caught.value.message_dict["funder"][0]
    assert line.pk is None


def test_edit_keeps_the_line_and_audits_the_change(eco_pole, login):
    client = login(eco_pole.pole)
    line = eco_pole.lines.own
    url = reverse("funding-edit", args=["eco", line.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'value="25000,00"' in page.content.decode()  # shown back with a decimal comma
    response = client.post(
        url,
        _grant(
            source_kind="own_revenue", label="Prestations", funder_name="", amount="26 000",
            agreement_start="", agreement_end="",
        ),
    )  # fmt: skip
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.amount == D("26000")
    assert AuditEntry.objects.filter(action="ptce.fundingline.changed").count() == 1


def test_delete_asks_first_then_deletes_and_audits(eco_pole, login):
    client = login(eco_pole.pole)
    line = eco_pole.lines.loan
    url = reverse("funding-delete", args=["eco", line.pk])
    assert client.get(url).status_code == 200
    assert FundingLine.objects.filter(pk=line.pk).exists()
    response = client.post(url)
    assert response.status_code == 302
    assert not FundingLine.objects.filter(pk=line.pk).exists()
    entry = AuditEntry.objects.get(action="ptce.fundingline.deleted")
    assert entry.data["id"] == line.pk and entry.data["amount"] == "30000.00"


@pytest.mark.parametrize(
    ("name", "attr"),
    [
        ("funding-edit", "funding"),
        ("funding-delete", "funding"),
        ("volunteering-edit", "time"),
        ("in-kind-edit", "in_kind"),
    ],
)
def test_another_poles_row_answers_404(eco_pole, make_pole, login, name, attr):
    other = make_pole("autre")
    rows = {
        "funding": FundingLine.objects.create(
            pole=other, year=2024, source_kind="dues", label="X", amount=D("1")
        ),
        "time": VolunteerTime.objects.create(
            pole=other, year=2024, activity="events", hours=D("1")
        ),
        "in_kind": InKindContribution.objects.create(
            pole=other, year=2024, kind="goods", description="X", value=D("1")
        ),
    }
    client = login(eco_pole.pole)
    url = reverse(name, args=["eco", rows[attr].pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert FundingLine.objects.filter(pole=other).exists()


def test_volunteer_time_in_hours_and_minutes(eco_pole, login):
    form = VolunteerTimeForm(
        {"year": "2024", "activity": "projects", "hours": "12,5", "person": "", "note": ""}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["hours"] == D("12.5")
    zero = VolunteerTimeForm({"year": "2024", "activity": "projects", "hours": "0"})
    assert not zero.is_valid()
    assert zero.errors["hours"][0].startswith("« Heures »")


def test_volunteer_time_create_and_delete_are_audited(eco_pole, login):
    client = login(eco_pole.pole)
    response = client.post(
        reverse("volunteering-create", args=["eco"]),
        {"year": "2024", "activity": "projects", "hours": "7,5", "organisation": eco_pole.b.pk},
    )
    assert response.status_code == 302
    entry = VolunteerTime.objects.get(activity="projects")
    assert entry.hours == D("7.5") and entry.organisation == eco_pole.b
    client.post(reverse("volunteering-delete", args=["eco", entry.pk]))
    assert not VolunteerTime.objects.filter(pk=entry.pk).exists()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"ptce.volunteertime.created", "ptce.volunteertime.deleted"} <= actions


def test_in_kind_create_with_french_value(eco_pole, login):
    client = login(eco_pole.pole)
    response = client.post(
        reverse("in-kind-create", args=["eco"]),
        {
            "year": "2024",
            "kind": "equipment",
            "description": "Camion prêté",
            "provider": eco_pole.b.pk,
            "value": "1 500,00 €",
        },
    )
    assert response.status_code == 302
    assert InKindContribution.objects.get(description="Camion prêté").value == D("1500")


def test_in_kind_provider_both_ways_is_refused(eco_pole, login):
    client = login(eco_pole.pole)
    response = client.post(
        reverse("in-kind-create", args=["eco"]),
        {
            "year": "2024",
            "kind": "goods",
            "description": "Chaises",
            "provider": eco_pole.b.pk,
            "provider_name": "Quelqu'un",
            "value": "10",
        },
    )
    assert response.status_code == 200
    assert "pas les deux" in response.context["form"].errors["provider_name"][0]


# --- the volunteering rate ----------------------------------------------------------------------


def test_rates_page_proposes_the_default_and_says_it_is_a_convention(eco_pole, login):
    client = login(eco_pole.pole)
    page = client.get(reverse("volunteer-rates", args=["eco"]) + "?annee=2024").content.decode()
    # 11,65 € × 1,45 = 16,8925 → 16,89 €
    assert "SMIC horaire brut au 1er janvier 2024 (11,65\xa0€)" in page
    assert "16,89\xa0€" in page
    assert "convention du logiciel" in page
    assert "Le pôle devrait la revoir" in page


def test_setting_a_rate_twice_keeps_one_rate_per_year(eco_pole, login):
    client = login(eco_pole.pole)
    url = reverse("volunteer-rates", args=["eco"])
    for rate in ("16,89", "18,50"):
        response = client.post(url, {"year": "2023", "hourly_rate": rate, "basis": "SMIC chargé"})
        assert response.status_code == 302
    rate = VolunteerRate.objects.get(pole=eco_pole.pole, year=2023)
    assert rate.hourly_rate == D("18.50")
    changed = AuditEntry.objects.get(action="ptce.volunteerrate.changed")
    assert changed.data["previous"] == "16.89"


def test_a_zero_rate_is_refused_naming_the_field(eco_pole, login):
    client = login(eco_pole.pole)
    response = client.post(
        reverse("volunteer-rates", args=["eco"]),
        {"year": "2023", "hourly_rate": "0", "basis": "x"},
    )
    assert response.status_code == 200
    assert (
        response.context["form"].errors["hourly_rate"][0].startswith("« Taux horaire chargé (€) »")
    )
    assert not VolunteerRate.objects.filter(year=2023).exists()
