"""`ptce demo`: the 13 documented poles, their synthetic members, and the demo accounts."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from stdnum.fr import siret

from ptce.core.text import fold
from ptce.demo.services import DEMO_PASSWORD, OBSERVED_POLE, load_poles_data, pole_records
from ptce.poles.models import CallAward, Pole, Role, RoleAssignment
from ptce.registry.models import (
    College,
    Gender,
    GovernanceBody,
    Mandate,
    Membership,
    Office,
    Organisation,
    OrganisationYear,
    Person,
)
from ptce.territory.models import Commune

pytestmark = pytest.mark.django_db

REGISTRY_MODELS = [Organisation, Membership, College, OrganisationYear, Person, GovernanceBody,
                   Mandate]


def run_demo() -> str:
    out = StringIO()
    call_command("demo", stdout=out, stderr=StringIO())
    return out.getvalue()


def _counts() -> dict[str, int]:
    counts = {model.__name__: model.objects.count() for model in REGISTRY_MODELS}
    counts.update(poles=Pole.objects.count(), awards=CallAward.objects.count(),
                  users=get_user_model().objects.count(), roles=RoleAssignment.objects.count())
    return counts


def test_the_packaged_data_has_the_13_poles_and_the_paper_aggregates():
    data = load_poles_data()
    records = pole_records()
    assert len(records) == 13
    assert data["published_aggregates"]["poles"] == 12
    assert sum(1 for r in records if r["slug"] != OBSERVED_POLE) == 12
    # Paper: five laureates of the 2013 call among the twelve.
    assert sum(1 for r in records if r.get("laureate_2013") is True) == 5
    for record in records:
        assert (record["town"] is None) == (record["commune_code"] is None)
        assert record["sources"], record["slug"]
        assert all(url.startswith("http") for url in record["sources"])


def test_commune_codes_name_the_towns():
    if not Commune.objects.exists():
        pytest.skip("official geography not loaded")
    for record in pole_records():
        if record["commune_code"]:
            commune = Commune.objects.get(code=record["commune_code"])
            assert fold(commune.name) == fold(record["town"]), record["slug"]


def test_demo_creates_the_13_poles_with_their_documented_facts():
    output = run_demo()
    assert Pole.objects.count() == 13
    aquitain = Pole.objects.get(slug="pole-sud-aquitain")
    assert aquitain.town == "Tarnos"
    assert aquitain.grouping_since == 1993
    assert aquitain.legal_form == "association"
    assert aquitain.origin == "employment_basin_committee"
    assert aquitain.reported_jobs == 150
    assert aquitain.reported_turnover_eur == 10_000_000
    assert aquitain.sources[0].startswith("https://citego.org/")
    # Unknown stays unknown: no guessed values behind a null.
    culture = Pole.objects.get(slug="culture-et-cooperation")
    assert culture.showcase_place is None
    assert culture.grouping_since is None
    archer = Pole.objects.get(slug="pole-sud-archer")
    assert archer.legal_form == ""
    assert archer.reported_member_structures is None
    assert Pole.objects.get(slug="initiatives-et-cite").ceased_in == 2025
    assert Pole.objects.get(slug="initiatives-et-cite").legal_form == "scic"
    assert set(CallAward.objects.values_list("pole__slug", flat=True)) == {
        "pole-sud-aquitain", "pole-sud-archer", "la-coursive-boutaric",
        "culture-et-cooperation", "initiatives-et-cite",
    }
    assert set(CallAward.objects.values_list("call", "year")) == {("state_2013", 2013)}
    assert "demo-ptce" in output
    assert "http://127.0.0.1:8000/" in output


def test_member_counts_follow_the_published_figures_and_are_all_synthetic():
    run_demo()
    periscope = Pole.objects.get(slug=OBSERVED_POLE)
    organisations = Organisation.objects.filter(pole=periscope)
    assert organisations.count() == 37
    assert not organisations.filter(is_synthetic=False).exists()
    for record in pole_records():
        expected = record["member_structures"] or 20
        assert Organisation.objects.filter(pole__slug=record["slug"]).count() == expected
    for model in REGISTRY_MODELS:
        assert not model.objects.filter(is_synthetic=False).exists(), model.__name__
    # Every structure is a member (one membership each), in a college matching its family.
    assert Membership.objects.count() == Organisation.objects.count()
    assert set(College.objects.values_list("name", flat=True)) <= {
        "Structures de l'ESS", "Entreprises", "Collectivités", "Recherche et formation",
    }


def test_the_member_mix_looks_like_a_ptce():
    run_demo()
    periscope = Organisation.objects.filter(pole__slug=OBSERVED_POLE)
    categories = list(periscope.values_list("legal_category", flat=True))
    assert categories.count("9220") > len(categories) / 2
    assert {"7210", "5458"} <= set(categories)
    assert {"7346", "7348", "7343", "7344"} & set(categories)
    # Employer groups (9223) only where the paper or sources say the pole has one.
    for record in pole_records():
        has_group = Organisation.objects.filter(
            pole__slug=record["slug"], legal_category="9223"
        ).exists()
        assert has_group == (record.get("employer_group") is True), record["slug"]
    # Derived columns are filled although the rows were bulk-created.
    for organisation in Organisation.objects.all():
        assert organisation.name_key == fold(organisation.name)
        assert organisation.actor_family
        if organisation.siret:
            assert organisation.siren == organisation.siret[:9]


def test_identifiers_are_valid_and_some_associations_only_have_an_rna_number():
    run_demo()
    sirets = [s for s in Organisation.objects.values_list("siret", flat=True) if s]
    assert sirets
    assert all(siret.is_valid(s) for s in sirets)
    rna_only = Organisation.objects.filter(siret="").exclude(rna="")
    assert rna_only.exists()
    assert set(rna_only.values_list("legal_category", flat=True)) == {"9220"}
    assert all(re.fullmatch(r"W\d{9}", rna) for rna in
               Organisation.objects.exclude(rna="").values_list("rna", flat=True))


def test_missing_yearly_figures_stay_missing_never_zero():
    run_demo()
    assert OrganisationYear.objects.exists()
    assert OrganisationYear.objects.filter(fte__isnull=True).exists() or \
        OrganisationYear.objects.filter(turnover_eur__isnull=True).exists()
    assert not OrganisationYear.objects.filter(fte=0).exists()
    assert not OrganisationYear.objects.filter(turnover_eur=0).exists()
    # Some structures have no figures at all.
    assert Organisation.objects.filter(years__isnull=True).exists()


def test_the_twelve_temoins_are_chaired_by_men_as_the_paper_says():
    run_demo()
    assert load_poles_data()["published_aggregates"]["all_chairs_are_men"] is True
    chairs = Mandate.objects.filter(office=Office.CHAIR).exclude(pole__slug=OBSERVED_POLE)
    assert chairs.count() == 12
    assert set(chairs.values_list("person__gender", flat=True)) == {Gender.MAN}
    # People: consent and self-declared gender vary, blank meaning "not declared".
    genders = set(Person.objects.values_list("gender", flat=True))
    assert {Gender.WOMAN, Gender.MAN} <= genders
    assert Person.objects.filter(consent_directory=True).exists()
    assert Person.objects.filter(consent_directory=False).exists()
    assert not Person.objects.filter(
        consent_directory=False, consent_contact=False, consent_research=False,
        consent_recorded_on__isnull=False,
    ).exists()


def test_territory_is_the_towns_intercommunality_or_paris_alone():
    if not Commune.objects.exists():
        pytest.skip("official geography not loaded")
    run_demo()
    periscope = Pole.objects.get(slug=OBSERVED_POLE)
    ramonville = Commune.objects.get(code="31446")
    assert set(periscope.communes.all()) == set(Commune.objects.filter(epci=ramonville.epci))
    assert "sicoval" in fold(ramonville.epci.name)
    assert list(Pole.objects.get(slug="paris-mix").communes.values_list("code", flat=True)) == [
        "75056"
    ]
    assert not Pole.objects.get(slug="les-articulteurs").communes.exists()
    # Members live inside their pole's territory; none where the territory is unknown.
    for pole in Pole.objects.all():
        communes = set(pole.communes.values_list("code", flat=True))
        used = set(Organisation.objects.filter(pole=pole).values_list("commune_id", flat=True))
        if communes:
            assert used <= communes, pole.slug
        else:
            assert used == {None}, pole.slug


def test_a_second_run_creates_nothing_and_resets_the_demo_passwords():
    run_demo()
    before = _counts()
    names = sorted(Organisation.objects.values_list("pole__slug", "name", "siret"))
    user = get_user_model().objects.get(username="coordination")
    user.set_password("autre-mot-de-passe")
    user.save()

    output = run_demo()

    assert _counts() == before
    assert sorted(Organisation.objects.values_list("pole__slug", "name", "siret")) == names
    assert get_user_model().objects.get(username="coordination").check_password(DEMO_PASSWORD)
    assert "0 créés" in output


def test_demo_is_the_same_on_every_run_from_scratch():
    run_demo()
    first = sorted(Organisation.objects.values_list("pole__slug", "name", "siret", "rna"))
    Pole.objects.all().delete()
    run_demo()
    assert sorted(Organisation.objects.values_list("pole__slug", "name", "siret", "rna")) == first


def test_demo_accounts_have_one_role_each_and_the_observatory_sees_all_poles():
    run_demo()
    users = get_user_model().objects
    admin = users.get(username="admin")
    assert admin.is_staff and admin.is_superuser
    assert admin.check_password(DEMO_PASSWORD)
    expected = {"coordination": Role.COORDINATOR, "membre": Role.MEMBER,
                "financeur": Role.FUNDER}
    for username, role in expected.items():
        user = users.get(username=username)
        assert not user.is_staff
        assert list(RoleAssignment.objects.filter(user=user).values_list("pole__slug", "role")) == [
            (OBSERVED_POLE, role)
        ]
    observer = users.get(username="observatoire")
    roles = RoleAssignment.objects.filter(user=observer)
    assert roles.count() == 13
    assert set(roles.values_list("role", flat=True)) == {Role.OBSERVER}


def test_the_observer_reads_the_periscope_directory_with_the_fictive_badge(client):
    run_demo()
    client.force_login(get_user_model().objects.get(username="observatoire"))
    response = client.get(reverse("directory", args=[OBSERVED_POLE]))
    assert response.status_code == 200
    assert "37 structures" in response.content.decode()
    assert 'class="synthetic"' in response.content.decode()


def test_without_the_geography_the_demo_still_runs_and_says_so():
    # Raw delete: the rows vanish with the test's transaction, nothing else is touched.
    Commune.objects.all()._raw_delete(Commune.objects.db)
    err = StringIO()
    call_command("demo", stdout=StringIO(), stderr=err)
    assert "communes est vide" in err.getvalue()
    assert Pole.objects.count() == 13
    assert not Organisation.objects.filter(commune__isnull=False).exists()
    assert not Pole.communes.through.objects.exists()
