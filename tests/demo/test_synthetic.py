"""Synthetic identifiers pass the same checks as typed ones."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st
from stdnum.fr import siren, siret

from ptce.demo.synthetic import PoleContext, build_members, legal_mix, make_rna, make_siret
from ptce.registry.identifiers import normalise_rna, normalise_siret


@given(st.integers(min_value=0, max_value=2**32))
def test_generated_sirets_and_rna_numbers_are_valid(seed):
    rng = random.Random(seed)
    number = make_siret(rng)
    assert siret.is_valid(number) and siren.is_valid(number[:9])
    assert normalise_siret(number) == number
    rna = make_rna(rng, rng.choice(["31", "2A", None, "971"]))
    assert normalise_rna(rna) == rna


@given(st.integers(min_value=1, max_value=120), st.integers(min_value=0, max_value=10_000))
def test_associations_are_the_majority_of_any_pole(count, seed):
    mix = legal_mix(random.Random(seed), count, PoleContext(slug="x", employer_group=True))
    assert len(mix) == count
    assert mix.count("9220") >= count / 2


def test_members_are_drawn_the_same_way_for_the_same_seed():
    ctx = PoleContext(slug="x", grouping_since=2010, territory=["31446", "31113"],
                      home_commune="31446", town="Ramonville-Saint-Agne", departement="31")

    def draw():
        return [(s.name, s.siret, s.rna, s.commune_code, s.start_date)
                for s in build_members(random.Random("seed"), ctx, 40)]

    first = draw()
    assert first == draw()
    assert len({name for name, *_ in first}) == 40
    assert {commune for *_, commune, _ in first} <= {"31446", "31113"}
