"""Cent-exact splits: hand-computed cases, the written rule, then general properties."""

from __future__ import annotations

import doctest
import random
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ptce_analytics import allocation
from ptce_analytics.allocation import ROUNDING_RULE, ROUNDING_RULE_FR, split_cents, split_shares

# --- hand-computed cases ------------------------------------------------------------------------


def test_three_equal_weights_give_the_extra_cent_to_the_first_key():
    # 100 / 3 = 33.33...: 33 each, 1 cent left; equal remainders and weights, so key order.
    assert split_cents(100, {"c": 1, "a": 1, "b": 1}) == {"a": 34, "b": 33, "c": 33}


def test_seven_equal_weights():
    # 1000 / 7 = 142.857...: 142 each = 994, 6 cents left for the first six keys.
    shares = split_cents(1000, dict.fromkeys("abcdefg", 1))
    assert shares == {"a": 143, "b": 143, "c": 143, "d": 143, "e": 143, "f": 143, "g": 142}


def test_largest_remainder_wins_over_larger_weight():
    # 1000 × 151.67 / 171.67 = 883.497...; 1000 × 20 / 171.67 = 116.502...
    # Floors 883 + 116 = 999: the cent left goes to "y", whose remainder .502 > .497.
    shares = split_cents(1000, {"x": Decimal("151.67"), "y": Decimal("20")})
    assert shares == {"x": 883, "y": 117}


def test_equal_remainders_go_to_the_larger_weight_first():
    # 2 cents over weights 1 and 3: exact shares 0.5 ("a") and 1.5 ("b"), floors 0 + 1, 1 cent
    # left; both remainders are .5, so the larger weight ("b") gets it although "a" sorts first.
    assert split_cents(2, {"a": 1, "b": 3}) == {"a": 0, "b": 2}


def test_hours_as_decimals_one_cent_rounding():
    # 10.00 € over 1.5 h and 1.5 h and 3 h: exact 250, 250, 500 cents: nothing to round.
    hours = {1: Decimal("1.5"), 2: Decimal("1.5"), 3: Decimal("3")}
    assert split_cents(1000, hours) == {1: 250, 2: 250, 3: 500}
    # 10.01 €: 250.25, 250.25, 500.5 → floors 1000, 1 cent to member 3 (remainder .5).
    assert split_cents(1001, hours) == {1: 250, 2: 250, 3: 501}


def test_floats_are_read_through_their_decimal_representation():
    # 0.1 + 0.2 as typed: the weights are exactly 1/10 and 2/10, so 3 cents split 1 / 2.
    assert split_cents(3, {"a": 0.1, "b": 0.2}) == {"a": 1, "b": 2}
    assert split_cents(3, {"a": np.float64(0.1), "b": Fraction(1, 5)}) == {"a": 1, "b": 2}


def test_zero_weights_get_nothing_but_appear():
    assert split_cents(101, {"a": 0, "b": 2, "c": 0}) == {"a": 0, "b": 101, "c": 0}


def test_zero_total_gives_zeros_even_without_weights():
    assert split_cents(0, {"a": 0, "b": 5}) == {"a": 0, "b": 0}
    assert split_cents(0, {"a": 0}) == {"a": 0}
    assert split_cents(0, {}) == {}


@pytest.mark.parametrize("weights", [{}, {"a": 0, "b": 0}])
def test_nothing_to_share_over(weights):
    with pytest.raises(ValueError, match="nothing to share the cost over"):
        split_cents(100, weights)


@pytest.mark.parametrize(
    ("total", "weights", "message"),
    [
        (-1, {"a": 1}, "0 or more"),
        (10, {"a": 1, "b": -1}, "negative for 'b'"),
        (10, {"a": float("nan")}, "finite number"),
        (10, {"a": Decimal("Infinity")}, "finite number"),
        (10, {"a": "abc"}, "finite number"),
        (10, {"a": True}, "must be a number"),
        (1.5, {"a": 1}, "must be an integer"),
        (True, {"a": 1}, "must be an integer"),
    ],
)
def test_bad_input(total, weights, message):
    with pytest.raises(ValueError, match=message):
        split_cents(total, weights)


def test_split_shares_sum_to_exactly_100_percent():
    shares = split_shares({"a": 1, "b": 1, "c": 1})
    assert shares == {"a": 3334, "b": 3333, "c": 3333}
    assert sum(shares.values()) == 10000
    assert split_shares({"a": 1, "b": 3}, scale=100) == {"a": 25, "b": 75}


def test_the_written_rule_exists_in_both_languages():
    assert "largest fractional part" in ROUNDING_RULE
    assert "plus grande partie décimale" in ROUNDING_RULE_FR
    assert "quantité" in ROUNDING_RULE_FR


def test_docstring_examples():
    assert doctest.testmod(allocation).failed == 0


# --- properties ---------------------------------------------------------------------------------

weight_values = st.one_of(
    st.integers(0, 10_000),
    st.decimals(0, 1000, places=2, allow_nan=False, allow_infinity=False),
    st.fractions(0, 100, max_denominator=50),
)
weight_maps = st.dictionaries(
    st.text("abcdefgh", min_size=1, max_size=3), weight_values, max_size=12
)
totals = st.integers(0, 10**7)


def _exact(total, weights):
    weight_sum = sum((Fraction(value) for value in weights.values()), Fraction(0))
    return {key: total * Fraction(value) / weight_sum for key, value in weights.items()}


@settings(max_examples=300, deadline=None)
@given(totals, weight_maps)
def test_properties_of_every_split(total, weights):
    if total > 0 and not any(weights.values()):
        with pytest.raises(ValueError):
            split_cents(total, weights)
        return
    shares = split_cents(total, weights)
    assert set(shares) == set(weights)
    assert sum(shares.values()) == total
    assert all(isinstance(share, int) and share >= 0 for share in shares.values())
    if total == 0:
        assert set(shares.values()) <= {0}
        return
    exact = _exact(total, weights)
    for key in weights:
        assert abs(shares[key] - exact[key]) < 1
        if weights[key] == 0:
            assert shares[key] == 0
    for key in weights:
        for other in weights:
            if Fraction(weights[key]) > Fraction(weights[other]):
                assert shares[key] >= shares[other]


@settings(max_examples=200, deadline=None)
@given(totals, weight_maps, st.randoms(use_true_random=False))
def test_order_of_the_input_does_not_matter(total, weights, rng: random.Random):
    if not any(weights.values()):
        total = 0
    items = list(weights.items())
    rng.shuffle(items)
    assert split_cents(total, dict(items)) == split_cents(total, weights)


@settings(max_examples=200, deadline=None)
@given(weight_maps.filter(lambda weights: any(weights.values())))
def test_shares_always_sum_to_the_scale(weights):
    assert sum(split_shares(weights).values()) == 10000
