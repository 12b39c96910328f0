from __future__ import annotations

import pytest
from django.urls import reverse

from ptce.core.models import AuditEntry
from ptce.registry.models import ActorFamily, Membership, Organisation


@pytest.fixture
def coordinator(client, make_pole, make_user):
    pole = make_pole("le-periscope", "Le Périscope")
    client.force_login(make_user("coord", pole=pole, role="coordinator"))
    return pole


def _form(**overrides):
    data = {
        "name": "Atelier Vélo Solidaire",
        "siret": "",
        "siren": "",
        "rna": "",
        "legal_category": "",
        "naf_code": "",
        "website": "",
        "email": "",
        "description": "",
        "family_override": "",
        "ess_override": "unknown",
        "override_reason": "",
        "commune_code": "",
    }
    data.update(overrides)
    return data


def test_a_siret_typed_with_spaces_is_stored_as_digits_and_shown_with_spaces(client, coordinator):
    response = client.post(
        reverse("organisation-create", args=[coordinator.slug]),
        _form(siret="732 829 320 00074", legal_category="9220"),
    )
    organisation = Organisation.objects.get()
    assert response.status_code == 302
    assert organisation.siret == "73282932000074"
    assert organisation.siren == "732829320"
    assert organisation.actor_family == ActorFamily.ESS_ENTERPRISE and organisation.is_ess
    page = client.get(response["Location"]).content.decode()
    assert "732 829 320 00074" in page
    assert AuditEntry.objects.filter(action="ptce.organisation.created").count() == 1


def test_a_wrong_check_digit_is_refused_in_french_and_nothing_is_saved(client, coordinator):
    response = client.post(
        reverse("organisation-create", args=[coordinator.slug]), _form(siret="732 829 321 00074")
    )
    assert response.status_code == 200
    assert "la clé de contrôle ne correspond pas" in response.content.decode()
    assert not Organisation.objects.exists()


def test_an_unknown_legal_category_is_named_in_the_error(client, coordinator):
    response = client.post(
        reverse("organisation-create", args=[coordinator.slug]), _form(legal_category="1234")
    )
    assert "Catégorie juridique « 1234 » inconnue" in response.content.decode()


def test_overriding_the_family_requires_a_reason(client, coordinator):
    url = reverse("organisation-create", args=[coordinator.slug])
    response = client.post(url, _form(legal_category="5710", family_override="ess_enterprise"))
    assert "Indiquez pourquoi" in response.content.decode()
    assert not Organisation.objects.exists()

    client.post(
        url,
        _form(
            legal_category="5710",
            family_override="ess_enterprise",
            override_reason="SCIC constituée en SAS, qualité ESS inscrite au RCS",
        ),
    )
    organisation = Organisation.objects.get()
    assert organisation.actor_family == ActorFamily.ESS_ENTERPRISE
    assert organisation.is_ess is True


def test_the_same_siret_twice_in_a_pole_is_refused_with_a_message(client, coordinator):
    url = reverse("organisation-create", args=[coordinator.slug])
    client.post(url, _form(siret="73282932000074"))
    response = client.post(url, _form(name="Autre nom", siret="732 829 320 00074"))
    assert response.status_code == 200
    assert Organisation.objects.count() == 1
    assert "déjà" in response.content.decode()


@pytest.fixture
def directory_pole(make_pole):
    pole = make_pole("dir")
    for name, code in [
        ("Association Alpha", "9220"),
        ("Société Beta", "5710"),
        ("Commune Gamma", "7210"),
        ("Sans Catégorie", ""),
    ]:
        organisation = Organisation.objects.create(pole=pole, name=name, legal_category=code)
        Membership.objects.create(pole=pole, organisation=organisation)
    return pole


def _names(response) -> list[str]:
    return [o.name for o in response.context["page"]]


def test_the_directory_filters_by_family_ess_and_search(client, make_user, directory_pole):
    client.force_login(make_user("obs", pole=directory_pole, role="observer"))
    url = reverse("directory", args=[directory_pole.slug])
    assert len(_names(client.get(url))) == 4
    assert _names(client.get(url, {"family": "ess_enterprise"})) == ["Association Alpha"]
    assert _names(client.get(url, {"ess": "no"})) == ["Commune Gamma", "Société Beta"]
    assert _names(client.get(url, {"ess": "unknown"})) == ["Sans Catégorie"]
    assert _names(client.get(url, {"q": "societe"})) == ["Société Beta"]


def test_an_htmx_request_gets_only_the_results_fragment(client, make_user, directory_pole):
    client.force_login(make_user("obs", pole=directory_pole, role="observer"))
    response = client.get(
        reverse("directory", args=[directory_pole.slug]),
        {"family": "public_body"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert "Commune Gamma" in body and "<html" not in body


def test_observers_and_funders_never_see_people(client, make_user, directory_pole):
    from ptce.registry.models import Person

    organisation = Organisation.objects.get(name="Association Alpha")
    Person.objects.create(
        pole=directory_pole,
        first_name="Dominique",
        last_name="Visible",
        organisation=organisation,
        consent_directory=True,
    )
    client.force_login(make_user("fin", pole=directory_pole, role="funder"))
    page = client.get(reverse("organisation-detail", args=[directory_pole.slug, organisation.pk]))
    assert "Dominique" not in page.content.decode()


def test_members_see_only_people_who_consented(client, make_user, directory_pole):
    from ptce.registry.models import Person

    organisation = Organisation.objects.get(name="Association Alpha")
    Person.objects.create(
        pole=directory_pole,
        first_name="Ariane",
        last_name="Oui",
        organisation=organisation,
        consent_directory=True,
    )
    hidden = Person.objects.create(
        pole=directory_pole, first_name="Bastien", last_name="Non", organisation=organisation
    )
    client.force_login(make_user("mem", pole=directory_pole, role="member"))
    page = client.get(reverse("organisation-detail", args=[directory_pole.slug, organisation.pk]))
    assert "Ariane" in page.content.decode() and "Bastien" not in page.content.decode()
    assert (
        client.get(reverse("person-detail", args=[directory_pole.slug, hidden.pk])).status_code
        == 404
    )


def test_a_membership_takes_french_dates_and_refuses_an_end_before_its_start(client, coordinator):
    organisation = Organisation.objects.create(pole=coordinator, name="Régie de quartier")
    url = reverse("membership-create", args=[coordinator.slug, organisation.pk])
    bad = client.post(
        url,
        {
            "role": "founder",
            "start_date": "15/10/2012",
            "end_date": "01/01/2012",
            "dues_eur": "50,00",
            "charter_signed_on": "",
        },
    )
    assert "précède" in bad.content.decode()
    assert not Membership.objects.exists()

    client.post(
        url,
        {
            "role": "founder",
            "start_date": "15/10/2012",
            "end_date": "",
            "dues_eur": "50,50",
            "charter_signed_on": "03/02/2013",
        },
    )
    membership = Membership.objects.get()
    assert membership.start_date.isoformat() == "2012-10-15"
    assert membership.charter_signed_on.isoformat() == "2013-02-03"
    assert str(membership.dues_eur) == "50.50"


def test_a_blank_yearly_figure_stays_unknown_not_zero(client, coordinator):
    organisation = Organisation.objects.create(pole=coordinator, name="Scop Bois")
    client.post(
        reverse("organisation-year", args=[coordinator.slug, organisation.pk]),
        {"year": "2024", "fte": "", "turnover_eur": "120000"},
    )
    client.post(
        reverse("organisation-year", args=[coordinator.slug, organisation.pk]),
        {"year": "2024", "fte": "3,5", "turnover_eur": ""},
    )
    (row,) = organisation.years.all()
    assert row.fte == 3.5 and row.turnover_eur is None


def test_the_directory_search_finds_structures_by_commune_as_people_type_it(
    client, make_user, make_pole
):
    from ptce.territory.models import Commune

    pole = make_pole("commune-search")
    ramonville = Commune.objects.get(pk="31446")  # loaded by the territory data migration
    Organisation.objects.create(pole=pole, name="Atelier", commune=ramonville)
    Organisation.objects.create(pole=pole, name="Ailleurs")
    client.force_login(make_user("obs", pole=pole, role="observer"))
    response = client.get(reverse("directory", args=[pole.slug]), {"q": "ramonville st agne"})
    assert _names(response) == ["Atelier"]
