"""The legal checklists read from the registry: met, not met, unknown, each with its evidence."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_scopes import scope

from ptce.economics.models import FundingLine
from ptce.evaluation.conformity import is_legal_person, pole_conformity, pole_facts
from ptce.pooling.models import Pooling, PoolingKind
from ptce.projects.models import Innovation, Project, ProjectPartner, ProjectStatus
from ptce.registry.models import Membership, Organisation
from ptce.territory.models import Commune

pytestmark = pytest.mark.django_db

ON = dt.date(2025, 12, 31)
RAMONVILLE, TOULOUSE, MONTPELLIER = "31446", "31555", "34172"


def member(pole, name, category, commune=None, *, signed=None, start=None, end=None, **fields):
    organisation = Organisation.objects.create(
        pole=pole,
        name=name,
        legal_category=category,
        commune=Commune.objects.get(pk=commune) if commune else None,
        **fields,
    )
    Membership.objects.create(
        pole=pole,
        organisation=organisation,
        charter_signed_on=signed,
        start_date=start,
        end_date=end,
    )
    return organisation


@pytest.fixture
def pole(make_pole):
    """A pole that meets both texts: the four families, a charter, a pooling, an innovation."""
    pole = make_pole(
        "pole-sud-est",
        name="Pôle Sud-Est",
        legal_form="association",
        charter_signed_on=dt.date(2024, 1, 15),
    )
    pole.communes.add(RAMONVILLE, TOULOUSE)
    member(pole, "Recyclerie du Canal", "9220", RAMONVILLE, signed=dt.date(2024, 2, 1))
    member(pole, "Menuiserie Dupont SAS", "5710", TOULOUSE, signed=dt.date(2024, 3, 1))
    member(pole, "Commune de Ramonville", "7210", RAMONVILLE)
    member(pole, "Atelier Durand", "1000", MONTPELLIER)  # a sole trader: not a legal person
    Pooling.objects.create(pole=pole, kind=PoolingKind.PREMISES, name="Locaux partagés")
    Project.objects.create(
        pole=pole,
        name="Ressourcerie",
        status=ProjectStatus.ACTIVE,
        started_on=dt.date(2024, 6, 1),
        innovation=Innovation.SOCIAL,
    )
    return pole


def checklists(pole, on=ON):
    with scope(pole=pole):
        conformity = pole_conformity(pole, on=on)
    return {checklist.code: checklist for checklist in conformity.checklists}


def test_legal_person_from_the_insee_category():
    assert is_legal_person("1000") is False  # sole trader: a natural person
    assert is_legal_person("2110") is False  # grouping without legal personality
    assert is_legal_person("9220") is True
    assert is_legal_person("7210") is True
    assert is_legal_person("") is None
    assert is_legal_person("92") is None


def test_facts_are_read_from_the_registry_on_the_date(pole):
    # A member who left before the date and a project that ended before it do not count.
    member(pole, "Ancien membre", "9220", end=dt.date(2025, 6, 30))
    Project.objects.create(
        pole=pole,
        name="Étude close",
        status=ProjectStatus.COMPLETED,
        started_on=dt.date(2023, 1, 1),
        ended_on=dt.date(2024, 1, 1),
        innovation=Innovation.TECHNOLOGICAL,
    )
    with scope(pole=pole):
        facts = pole_facts(pole, on=ON)
    assert len(facts.members) == 4
    assert sorted(m.is_legal_person for m in facts.members) == [False, True, True, True]
    assert facts.pole_legal_form == "9220"
    assert facts.charter_signed_share == 0.5  # 2 signatures since the current charter, of 4
    assert (facts.active_poolings, facts.active_projects, facts.innovative_projects) == (1, 1, 1)
    assert facts.territory_communes == 2
    assert facts.members_in_territory_share == 0.75  # Montpellier lies outside


def test_a_complete_pole_meets_both_texts_with_its_evidence(pole):
    lists = checklists(pole)
    article_9, decree = lists["article_9"], lists["decree_2015_431"]
    assert article_9.status == "met", [c.as_dict() for c in article_9.criteria]
    assert decree.status == "met", [c.as_dict() for c in decree.criteria]
    strategy = article_9.criterion("art9.common_strategy")
    assert "charte signée par 50 % des membres" in strategy.evidence
    assert "1 mutualisation active" in strategy.evidence
    assert "1 projet innovant" in article_9.criterion("art9.innovation").evidence
    assert (
        "75 % des membres implantés sur le territoire"
        in article_9.criterion("art9.ess_territory").evidence
    )
    legal = decree.criterion("d2015_431.three_legal_persons")
    assert legal.evidence == "3 personnes morales parmi 4 membres."
    private = decree.criterion("d2015_431.private_law")
    assert private.evidence == (
        "forme juridique du pôle : Association, personne morale de droit privé."
    )


def test_no_enterprise_outside_the_ess_is_not_met(make_pole):
    pole = make_pole("pole-ess", legal_form="scic")
    pole.communes.add(RAMONVILLE)
    member(pole, "Recyclerie", "9220", RAMONVILLE)
    member(pole, "Café associatif", "9220", RAMONVILLE)
    member(pole, "Commune", "7210", RAMONVILLE)
    decree = checklists(pole)["decree_2015_431"]
    criterion = decree.criterion("d2015_431.non_ess_enterprise")
    assert criterion.status == "not_met"
    assert "0 entreprise hors ESS" in criterion.evidence
    assert criterion.missing is None
    assert decree.status == "not_met"
    assert decree.criterion("d2015_431.private_law").status == "met"  # a SCIC


@pytest.mark.parametrize(
    ("legal_form", "evidence", "missing"),
    [
        ("", "forme juridique du pôle non renseignée.", "la forme juridique"),
        ("other", "« Autre »", "la forme juridique précise"),
    ],
)
def test_an_unknown_legal_form_is_unknown_and_says_what_is_missing(
    make_pole, legal_form, evidence, missing
):
    pole = make_pole("pole-x", legal_form=legal_form)
    criterion = checklists(pole)["decree_2015_431"].criterion("d2015_431.private_law")
    assert criterion.status == "unknown"
    assert evidence in criterion.evidence
    assert criterion.missing.startswith("Il manque : ") and missing in criterion.missing


def test_unqualified_members_leave_criteria_unknown_not_unmet(make_pole):
    pole = make_pole("pole-flou", legal_form="gie")
    member(pole, "Recyclerie", "9220")
    member(pole, "Structure sans catégorie", "")
    member(pole, "Autre structure sans catégorie", "")
    decree = checklists(pole)["decree_2015_431"]
    three = decree.criterion("d2015_431.three_legal_persons")
    assert three.status == "unknown"
    assert "2 membres de nature inconnue" in three.evidence
    assert "personne morale ou physique" in three.missing
    article_9 = checklists(pole)["article_9"]
    territory = article_9.criterion("art9.ess_territory")
    assert territory.status == "not_met"  # no territory defined at all
    assert "aucun territoire défini" in territory.evidence


def test_links_outside_the_membership_count_for_article_9(make_pole):
    pole = make_pole("pole-lien")
    member(pole, "Recyclerie", "9220")
    lab = Organisation.objects.create(pole=pole, name="Laboratoire", legal_category="7383")
    project = Project.objects.create(pole=pole, name="Étude", status=ProjectStatus.ACTIVE)
    ProjectPartner.objects.create(pole=pole, project=project, organisation=lab)
    region = Organisation.objects.create(pole=pole, name="Région", legal_category="7230")
    FundingLine.objects.create(
        pole=pole,
        year=2025,
        source_kind="grant_region",
        funder=region,
        label="Subvention",
        amount=10000,
    )
    with scope(pole=pole):
        assert pole_facts(pole, on=ON).linked_actors == 2
    criterion = checklists(pole)["article_9"].criterion("art9.local_actors")
    assert criterion.status == "met"
    assert "2 autres acteurs liés sans être membre" in criterion.evidence


def test_projects_without_innovation_qualified_leave_it_unknown(make_pole):
    pole = make_pole("pole-projets")
    pole.communes.add(RAMONVILLE)
    Project.objects.create(pole=pole, name="Projet", status=ProjectStatus.ACTIVE)
    criterion = checklists(pole)["article_9"].criterion("art9.innovation")
    assert criterion.status == "unknown"
    assert "projets reconnus innovants" in criterion.missing


def test_conformity_page_shows_both_checklists_on_the_date(client, make_user, pole):
    client.force_login(make_user("observatoire", pole=pole, role="observer"))
    response = client.get(reverse("conformity", args=[pole.slug]), {"date": "31/12/2025"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Situation au 31/12/2025" in html
    assert 'id="grille-article_9"' in html and 'id="grille-decree_2015_431"' in html
    assert "3 personnes morales parmi 4 membres." in html
    assert "Ce qui manque" in html
    # Aggregates only: no member's name on the page.
    assert "Atelier Durand" not in html


def test_conformity_page_with_a_bad_date_falls_back_to_today(client, make_user, pole):
    client.force_login(make_user("membre", pole=pole, role="member"))
    response = client.get(reverse("conformity", args=[pole.slug]), {"date": "31/13/2025"})
    assert response.status_code == 200
    assert "Filtre non valide" in response.content.decode()


# --- the command --------------------------------------------------------------------------------


def test_the_command_writes_both_checklists_as_json(pole):
    out = StringIO()
    call_command("conformity", "--pole", pole.slug, "--date", "31/12/2025", "--json", stdout=out)
    document = json.loads(out.getvalue())
    assert document["pole"] == "pole-sud-est" and document["on"] == "2025-12-31"
    assert [c["code"] for c in document["checklists"]] == ["article_9", "decree_2015_431"]
    for checklist in document["checklists"]:
        assert checklist["status"] in ("met", "not_met", "unknown")
        for criterion in checklist["criteria"]:
            assert criterion["evidence"], criterion["code"]
            assert criterion["label"]["fr"]
    assert len(document["checklists"][1]["criteria"]) == 5


def test_the_command_prints_evidence_and_what_is_missing(make_pole):
    pole = make_pole("pole-y")
    out = StringIO()
    call_command("conformity", "--pole", pole.slug, stdout=out)
    text = out.getvalue()
    assert "Article 9 de la loi n° 2014-856" in text
    assert "Décret n° 2015-431" in text
    assert "Preuves : forme juridique du pôle non renseignée." in text
    assert "Il manque : la forme juridique" in text


@pytest.mark.parametrize(
    "args", [("--pole", "inconnu"), ("--pole", "pole-z", "--date", "32/01/2025")]
)
def test_usage_errors_exit_with_2(make_pole, args):
    make_pole("pole-z")
    with pytest.raises(CommandError) as raised:
        call_command("conformity", *args, stdout=StringIO())
    assert raised.value.returncode == 2
