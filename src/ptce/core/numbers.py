"""Numbers as French users type them and read them: « 1 234,50 € », « 151,67 »."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms

_CURRENCY = re.compile(r"\s*(€|eur|euros?)\s*$", re.IGNORECASE)
# Spaces (plain, no-break, narrow no-break) and apostrophes group thousands in what users type
# or paste from a spreadsheet.
_GROUPING = re.compile(r"[\s\u00a0\u202f']")
# Several dots or commas are thousands only in groups of three: 1.234.567, not 1,2,3.
_GROUPED = re.compile(r"^[+-]?\d{1,3}([.,]\d{3}){2,}$")


def compact_number(text: str, *, currency: bool = True) -> str:
    """'1 234,50 €' → '1234.50': grouping dropped, one dot for the decimals.

    With both a comma and a dot, whichever comes last separates the decimals (1.234,50 in
    France, 1,234.50 in an English sheet); several of the same separator
    group thousands when they part groups of three digits.
    The result is not checked: callers decide which numbers they accept.
    """
    if currency:
        text = _CURRENCY.sub("", text)
    compact = _GROUPING.sub("", text)
    if "," in compact and "." in compact:
        grouping = "." if compact.rfind(",") > compact.rfind(".") else ","
        return compact.replace(grouping, "").replace(",", ".")
    if compact.count(",") == 1:
        return compact.replace(",", ".")
    if _GROUPED.match(compact):
        return compact.replace(",", "").replace(".", "")
    return compact


def format_decimal_fr(value: Decimal | None) -> str:
    """Decimal('12.50') → '12,5': a number shown back in an input, as it would be typed."""
    if value is None:
        return ""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


class FrenchDecimalField(forms.DecimalField):
    """A model decimal typed the French way: « 1 234,50 », « 1234,5 € » or « 1234.5 »."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("localize", True)
        super().__init__(*args, **kwargs)
        # A text input: a number input refuses the comma in some browsers.
        self.widget.input_type = "text"
        self.widget.attrs.setdefault("inputmode", "decimal")

    def to_python(self, value: Any) -> Decimal | None:
        if isinstance(value, str):
            value = compact_number(value)
        return super().to_python(value)
