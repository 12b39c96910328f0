from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ptce.core.text import fold, search_key


def test_accents_hyphens_and_saint_abbreviations_fold_together():
    assert search_key("st etienne") == search_key("Saint-Étienne") == "saint etienne"
    assert search_key("Ste-Foy-lès-Lyon") == "sainte foy les lyon"
    assert fold("L’Haÿ-les-Roses") == "l hay les roses"


@given(st.text())
def test_folding_is_idempotent_and_ascii(text):
    once = fold(text)
    assert fold(once) == once
    assert once == once.strip()
