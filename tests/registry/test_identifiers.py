from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st
from stdnum import luhn

from ptce.registry.identifiers import (
    format_siret,
    normalise_rna,
    normalise_siren,
    normalise_siret,
)


def test_spaces_and_dots_are_accepted_and_storage_is_digits():
    assert normalise_siret("732 829 320 00074") == "73282932000074"
    assert normalise_siret("732.829.320.00074") == "73282932000074"
    assert normalise_siren("732\u00a0829\u00a0320") == "732829320"
    assert normalise_rna("w313012345") == "W313012345"


def test_a_wrong_check_digit_gets_a_french_message_that_quotes_the_input():
    with pytest.raises(ValidationError) as err:
        normalise_siret("732 829 321 00074")
    message = err.value.messages[0]
    assert "clé de contrôle" in message
    assert "732 829 321 00074" in message


def test_a_wrong_length_says_how_many_digits_are_expected():
    with pytest.raises(ValidationError) as err:
        normalise_siren("73282932")
    assert "9 chiffres" in err.value.messages[0]


def test_la_poste_establishments_follow_their_own_rule():
    assert normalise_siret("356 000 000 00048") == "35600000000048"


def test_rna_needs_w_and_nine_digits():
    with pytest.raises(ValidationError, match="W suivi de 9 chiffres"):
        normalise_rna("W12345")


def test_empty_input_is_no_identifier():
    assert normalise_siret("  ") == "" and normalise_siren("") == "" and normalise_rna("") == ""


digits = st.text(alphabet="0123456789", min_size=4, max_size=4)


# La Poste (SIREN 356 000 000) follows another rule, tested above.
@given(
    st.text(alphabet="0123456789", min_size=8, max_size=8).filter(lambda s: s != "35600000"), digits
)
def test_any_luhn_valid_siret_round_trips_through_its_display_form(siren_body, nic_body):
    # Both the SIREN (9 digits) and the whole SIRET (14 digits) carry a Luhn key.
    siren = siren_body + luhn.calc_check_digit(siren_body)
    body = siren + nic_body
    siret = body + luhn.calc_check_digit(body)
    assert normalise_siret(format_siret(siret)) == siret
