"""The article 9 and décret 2015-431 checklists: every criterion met, not met and unknown."""

from __future__ import annotations

import dataclasses
import doctest
import json

import pytest

from ptce_analytics import conformity
from ptce_analytics.conformity import (
    MET,
    NOT_MET,
    TERRITORY_MAJORITY,
    UNKNOWN,
    MemberFacts,
    PoleFacts,
    article_9_checklist,
    decree_2015_431_checklist,
)

ESS = {"family": "ess_enterprise", "is_legal_person": True, "is_ess": True}
NON_ESS = {"family": "non_ess_enterprise", "is_legal_person": True, "is_ess": False}
PUBLIC = {"family": "public_body", "is_legal_person": True, "is_ess": False}
RESEARCH = {"family": "research", "is_legal_person": True, "is_ess": False}
UNQUALIFIED = {"family": None, "is_legal_person": None, "is_ess": None}

# A pole that meets everything; each test changes one fact.
COMPLETE = PoleFacts(
    members=[ESS, ESS, NON_ESS, PUBLIC, RESEARCH],
    pole_legal_form="9220",
    charter_signed_share=0.8,
    strategy_document=None,
    active_poolings=3,
    active_projects=2,
    innovative_projects=1,
    territory_communes=12,
    members_in_territory_share=0.8,
    linked_actors=None,
)


def art9(code: str, **changes) -> conformity.Criterion:
    return article_9_checklist(dataclasses.replace(COMPLETE, **changes)).criterion(f"art9.{code}")


def decree(code: str, **changes) -> conformity.Criterion:
    return decree_2015_431_checklist(dataclasses.replace(COMPLETE, **changes)).criterion(
        f"d2015_431.{code}"
    )


def test_a_complete_pole_meets_both_checklists():
    nine = article_9_checklist(COMPLETE)
    assert [c.code for c in nine.criteria] == [
        "art9.ess_territory",
        "art9.other_enterprise",
        "art9.local_actors",
        "art9.common_strategy",
        "art9.innovation",
    ]
    assert nine.status == MET
    assert all(c.status == MET and c.missing is None for c in nine.criteria)
    decree_list = decree_2015_431_checklist(COMPLETE)
    assert [c.code for c in decree_list.criteria] == [
        "d2015_431.private_law",
        "d2015_431.three_legal_persons",
        "d2015_431.ess_enterprise",
        "d2015_431.non_ess_enterprise",
        "d2015_431.other_actor",
    ]
    assert decree_list.status == MET
    assert decree_list.title.fr.startswith("Décret n° 2015-431")
    assert nine.title.fr == "Article 9 de la loi n° 2014-856 du 31 juillet 2014"


def test_checklist_status_and_json():
    assert (
        article_9_checklist(dataclasses.replace(COMPLETE, territory_communes=0)).status == NOT_MET
    )
    assert (
        article_9_checklist(
            dataclasses.replace(COMPLETE, active_poolings=None, active_projects=None)
        ).status
        == UNKNOWN
    )
    data = decree_2015_431_checklist(COMPLETE).as_dict()
    json.dumps(data)
    assert data["status"] == MET and data["criteria"][0]["label"]["en"].startswith("The pole")
    with pytest.raises(KeyError):
        article_9_checklist(COMPLETE).criterion("art9.nothing")


# --- article 9 ----------------------------------------------------------------------------------


def test_ess_territory():
    met = art9("ess_territory")
    assert met.evidence == (
        "5 membres : 2 entreprises de l'ESS, 1 entreprise hors ESS, 2 autres acteurs "
        "(collectivité, recherche, formation ou autre) ; territoire de 12 communes ; 80 % des "
        "membres implantés sur le territoire."
    )
    assert art9("ess_territory", members_in_territory_share=TERRITORY_MAJORITY).status == MET
    # Not met: no ESS enterprise, no territory, or most members elsewhere.
    assert art9("ess_territory", members=[NON_ESS, PUBLIC]).status == NOT_MET
    no_territory = art9("ess_territory", territory_communes=0)
    assert no_territory.status == NOT_MET and "aucun territoire défini (0 commune)" in (
        no_territory.evidence
    )
    elsewhere = art9("ess_territory", members_in_territory_share=0.375)
    assert elsewhere.status == NOT_MET and "37,5 % des membres" in elsewhere.evidence
    assert elsewhere.missing is None
    # Unknown: the data is missing, and says which.
    unknown = art9("ess_territory", members=[NON_ESS, UNQUALIFIED])
    assert unknown.status == UNKNOWN
    assert unknown.missing == "Il manque : la famille ou le statut ESS des membres non qualifiés."
    assert "1 membre à qualifier" in unknown.evidence
    assert (
        art9("ess_territory", members=None).missing == "Il manque : la liste des membres du pôle."
    )
    blank = art9("ess_territory", territory_communes=None, members_in_territory_share=None)
    assert blank.status == UNKNOWN
    assert blank.missing == (
        "Il manque : les communes du territoire du pôle ; la part des membres implantés sur le "
        "territoire."
    )
    # A member known ESS but of unknown family is an ESS enterprise.
    assert art9("ess_territory", members=[{"is_ess": True}]).status == MET


def test_other_enterprise():
    assert art9("other_enterprise").status == MET
    # Two ESS enterprises: the law asks for enterprises, not for non-ESS ones.
    assert art9("other_enterprise", members=[ESS, ESS, PUBLIC]).status == MET
    alone = art9("other_enterprise", members=[ESS, PUBLIC, RESEARCH])
    assert alone.status == NOT_MET
    assert "1 entreprise de l'ESS, 0 entreprise hors ESS" in alone.evidence
    assert art9("other_enterprise", members=[NON_ESS, NON_ESS]).status == NOT_MET
    doubt = art9("other_enterprise", members=[ESS, UNQUALIFIED])
    assert doubt.status == UNKNOWN
    assert doubt.missing == "Il manque : la famille des membres non qualifiés."
    # Known not ESS, family unknown: an enterprise or another actor.
    assert art9("other_enterprise", members=[ESS, {"is_ess": False}]).status == UNKNOWN
    assert art9("other_enterprise", members=None).status == UNKNOWN


def test_local_actors():
    assert art9("local_actors").status == MET
    linked = art9("local_actors", members=[ESS, NON_ESS], linked_actors=2)
    assert linked.status == MET
    assert "2 autres acteurs liés sans être membre" in linked.evidence
    assert art9("local_actors", members=[ESS, {"family": "other"}]).status == MET
    assert art9("local_actors", members=[ESS, NON_ESS], linked_actors=0).status == NOT_MET
    unknown = art9("local_actors", members=[ESS, NON_ESS], linked_actors=None)
    assert unknown.status == UNKNOWN
    assert "liés au pôle sans en être membres" in unknown.missing
    assert art9("local_actors", members=[ESS, UNQUALIFIED], linked_actors=0).status == UNKNOWN


def test_common_strategy():
    met = art9("common_strategy")
    assert met.evidence == (
        "charte signée par 80 % des membres ; 3 mutualisations actives ; 2 projets actifs."
    )
    document = art9(
        "common_strategy", charter_signed_share=None, strategy_document=True, active_poolings=0
    )
    assert document.status == MET and "document de stratégie commune présent" in document.evidence
    assert art9("common_strategy", charter_signed_share=0, strategy_document=False).status == (
        NOT_MET
    )
    idle = art9("common_strategy", active_poolings=0, active_projects=0)
    assert idle.status == NOT_MET
    assert "0 mutualisation active ; 0 projet actif" in idle.evidence
    # No charter, document unknown: a strategy may exist elsewhere.
    no_charter = art9("common_strategy", charter_signed_share=0)
    assert no_charter.status == UNKNOWN and "pas de charte signée" in no_charter.evidence
    assert "document de stratégie commune" in no_charter.missing
    activity = art9("common_strategy", active_poolings=None, active_projects=0)
    assert activity.status == UNKNOWN
    assert activity.missing == "Il manque : le nombre de mutualisations et de projets actifs."
    assert "mutualisations actives non renseignées" in activity.evidence
    assert art9("common_strategy", charter_signed_share=None).status == UNKNOWN


def test_innovation():
    met = art9("innovation")
    assert met.status == MET
    assert met.evidence == (
        "1 projet innovant (innovation sociale ou technologique) ; territoire de 12 communes."
    )
    assert art9("innovation", innovative_projects=0).status == NOT_MET
    assert art9("innovation", territory_communes=0).status == NOT_MET
    unknown = art9("innovation", innovative_projects=None)
    assert unknown.status == UNKNOWN
    assert unknown.missing == "Il manque : le nombre de projets reconnus innovants."
    assert art9("innovation", territory_communes=None).status == UNKNOWN


# --- décret 2015-431 ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "status", "evidence"),
    [
        ("9220", MET, "catégorie juridique 9220 (Association déclarée) : personne morale de droit"),
        ("5710", MET, "catégorie juridique 5710 (SAS, société par actions simplifiée)"),
        ("6220", MET, "personne morale de droit privé"),
        ("8210", MET, "personne morale de droit privé"),
        ("1000", NOT_MET, "un entrepreneur individuel, personne physique"),
        ("2900", NOT_MET, "un groupement de droit privé sans personnalité morale"),
        ("4140", NOT_MET, "une personne morale de droit public (soumise au droit commercial)"),
        ("7210", NOT_MET, "catégorie juridique 7210 (Commune et commune nouvelle)"),
        ("3120", UNKNOWN, "personne morale de droit étranger"),
        ("92", UNKNOWN, "catégorie juridique '92' illisible (4 chiffres attendus)"),
        (None, UNKNOWN, "forme juridique de la structure porteuse non renseignée"),
    ],
)
def test_private_law(code, status, evidence):
    criterion = decree("private_law", pole_legal_form=code)
    assert criterion.status == status
    assert evidence in criterion.evidence
    assert (criterion.missing is None) == (status != UNKNOWN)


def test_legal_form_given_as_a_number_is_read_as_text():
    assert decree("private_law", pole_legal_form=9220).status == MET


def test_three_legal_persons():
    met = decree("three_legal_persons")
    assert met.status == MET and met.evidence == "5 personnes morales parmi 5 membres."
    two = [ESS, NON_ESS, {**PUBLIC, "is_legal_person": False}]
    assert decree("three_legal_persons", members=two).status == NOT_MET
    doubt = [ESS, NON_ESS, {**PUBLIC, "is_legal_person": None}]
    unknown = decree("three_legal_persons", members=doubt)
    assert unknown.status == UNKNOWN
    assert unknown.evidence == "2 personnes morales parmi 3 membres, 1 membre de nature inconnue."
    assert "nature (personne morale ou physique)" in unknown.missing
    assert decree("three_legal_persons", members=None).status == UNKNOWN
    assert decree("three_legal_persons", members=[]).status == NOT_MET


@pytest.mark.parametrize(
    ("code", "met", "not_met", "unknown"),
    [
        (
            "ess_enterprise",
            [ESS],
            [{**ESS, "is_legal_person": False}, NON_ESS],
            [{**ESS, "is_legal_person": None}],
        ),
        ("non_ess_enterprise", [NON_ESS], [ESS, PUBLIC], [ESS, {"is_ess": False}]),
        (
            "other_actor",
            [{"family": "training", "is_legal_person": True}],
            [ESS, NON_ESS],
            [ESS, {"family": None, "is_legal_person": True}],
        ),
    ],
)
def test_member_roles(code, met, not_met, unknown):
    assert decree(code, members=met).status == MET
    refused = decree(code, members=not_met)
    assert refused.status == NOT_MET and refused.missing is None
    doubt = decree(code, members=unknown)
    assert doubt.status == UNKNOWN
    assert doubt.missing.startswith("Il manque : la famille, le statut ESS ou la nature")
    assert decree(code, members=None).missing == "Il manque : la liste des membres du pôle."


def test_a_non_ess_company_with_ess_status_is_an_ess_enterprise():
    member = MemberFacts(family="non_ess_enterprise", is_legal_person=True, is_ess=True)
    assert member.roles == frozenset({"ess"})
    assert decree("ess_enterprise", members=[member]).status == MET
    assert decree("non_ess_enterprise", members=[member]).status == NOT_MET


def test_roles_table():
    roles = {
        ("ess_enterprise", None): {"ess"},
        ("ess_enterprise", False): {"ess"},
        ("non_ess_enterprise", None): {"non_ess"},
        ("public_body", True): {"other"},
        ("research", None): {"other"},
        ("training", None): {"other"},
        ("other", None): {"other"},
        ("other", True): {"ess"},
        (None, True): {"ess"},
        (None, False): {"non_ess", "other"},
        (None, None): {"ess", "non_ess", "other"},
    }
    for (family, is_ess), expected in roles.items():
        assert MemberFacts(family=family, is_ess=is_ess).roles == expected, (family, is_ess)


# --- input checks -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"charter_signed_share": 1.5}, "charter_signed_share must be a share from 0 to 1"),
        ({"members_in_territory_share": 80}, "members_in_territory_share must be a share"),
        ({"active_poolings": -1}, "active_poolings must be a whole number"),
        ({"territory_communes": 2.5}, "territory_communes must be a whole number"),
        ({"linked_actors": True}, "linked_actors must be a whole number"),
        ({"strategy_document": "oui"}, "strategy_document must be true, false or None"),
        ({"members": [{"family": "association"}]}, "family must be one of ess_enterprise"),
        ({"members": [{"is_ess": 1}]}, "is_ess must be true, false or None"),
        ({"members": [{"is_legal_person": "yes"}]}, "is_legal_person must be true"),
    ],
)
def test_invalid_facts_are_refused(changes, message):
    with pytest.raises(ValueError, match=message):
        dataclasses.replace(COMPLETE, **changes)


def test_members_are_normalised():
    facts = PoleFacts(members=[ESS, MemberFacts(organisation_id=7, family="research")])
    assert all(isinstance(member, MemberFacts) for member in facts.members)
    assert isinstance(facts.members, tuple)
    assert PoleFacts(pole_legal_form="  ").pole_legal_form is None


def test_nothing_known_means_everything_unknown():
    for checklist in (article_9_checklist(PoleFacts()), decree_2015_431_checklist(PoleFacts())):
        assert checklist.status == UNKNOWN
        assert all(c.status == UNKNOWN and c.missing for c in checklist.criteria)


def test_doctests():
    assert doctest.testmod(conformity).failed == 0
