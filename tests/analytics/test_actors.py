"""Legal-category derivation on real INSEE codes (research/domain.md §4.3)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ptce_analytics.actors import ActorFamily, EssKind, derive_profile, legal_categories

ESS = ActorFamily.ESS_ENTERPRISE


@pytest.mark.parametrize(
    ("code", "family", "is_ess", "ess_kind"),
    [
        ("9220", ESS, True, EssKind.ASSOCIATION),  # association déclarée
        ("9223", ESS, True, EssKind.ASSOCIATION),  # groupement d'employeurs
        ("5458", ESS, True, EssKind.COOPERATIVE),  # SARL SCOP
        ("5560", ESS, True, EssKind.COOPERATIVE),  # autre SA coopérative à CA
        ("8210", ESS, True, EssKind.MUTUAL),  # mutuelle
        ("9300", ESS, True, EssKind.FOUNDATION),  # fondation
        ("5499", ActorFamily.NON_ESS_ENTERPRISE, False, None),  # SARL
        ("5710", ActorFamily.NON_ESS_ENTERPRISE, False, None),  # SAS: ESS only by override
        ("7210", ActorFamily.PUBLIC_BODY, False, None),  # commune
        ("7346", ActorFamily.PUBLIC_BODY, False, None),  # communauté de communes
        ("7348", ActorFamily.PUBLIC_BODY, False, None),  # communauté d'agglomération
        ("7383", ActorFamily.RESEARCH, False, None),  # EPSCP (universities)
        ("6411", ESS, True, EssKind.MUTUAL),  # société d'assurance à forme mutuelle
        ("6317", ESS, True, EssKind.COOPERATIVE),  # coopérative agricole
        ("9224", ActorFamily.OTHER, False, None),  # lawyers' association: not ESS
        ("8310", ActorFamily.OTHER, False, None),  # CSE, not a mutual despite 83xx folklore
    ],
)
def test_it_derives_family_and_ess_status_from_real_codes(code, family, is_ess, ess_kind):
    profile = derive_profile(code)
    assert profile.family == family
    assert profile.is_ess is is_ess
    assert profile.ess_kind == ess_kind
    assert profile.label


def test_employer_group_and_scop_are_flagged():
    assert derive_profile("9223").is_employer_group
    assert not derive_profile("9220").is_employer_group
    assert derive_profile("5458").is_scop and derive_profile("5658").is_scop
    assert not derive_profile("5460").is_scop


def test_an_unknown_code_is_left_unclassified_not_guessed():
    profile = derive_profile("1234")
    assert profile.family is None
    assert profile.is_ess is None
    assert profile.label is None
    assert derive_profile("").family is None
    assert derive_profile(None).family is None


def test_a_company_teaching_is_a_training_body():
    assert derive_profile("5499", naf_code="85.59A").family == ActorFamily.TRAINING
    assert derive_profile("9220", naf_code="8559A").family == ESS  # an association stays ESS


def test_the_table_has_labels_for_every_code_the_rules_name():
    table = legal_categories()
    for code in ["9220", "9223", "9300", "8210", "8250", "8290", "6411", "5458", "5460", "7383"]:
        assert code in table
    assert table["5710"] == "SAS, société par actions simplifiée"


@given(st.sampled_from(sorted(legal_categories())))
def test_every_known_code_gets_a_family_and_consistent_ess_flag(code):
    profile = derive_profile(code)
    assert profile.family is not None
    assert profile.is_ess is (profile.family == ESS)
    assert (profile.ess_kind is not None) is profile.is_ess
