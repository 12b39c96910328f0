"""Numbers typed the French way, shared by every form and the import."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ptce.core.numbers import FrenchDecimalField, compact_number, format_decimal_fr


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 234,50", "1234.50"),
        ("1\u202f234,5 €", "1234.5"),
        ("1.234,50", "1234.50"),
        ("1,234.50", "1234.50"),
        ("1.234.567", "1234567"),
        ("151,67", "151.67"),
        ("1,2,3", "1,2,3"),  # not thousands: left for the caller to refuse
    ],
)
def test_compact_number(text, expected):
    assert compact_number(text) == expected


def test_units_other_than_euros_stay_and_are_refused_by_the_field():
    field = FrenchDecimalField(max_digits=8, decimal_places=2, required=False)
    assert field.clean("1 234,50 €") == Decimal("1234.50")
    with pytest.raises(Exception, match="nombre|number"):
        field.clean("12,5h")


@given(st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False))
def test_what_is_shown_back_reads_back_the_same(value):
    assert Decimal(compact_number(format_decimal_fr(value))) == value
