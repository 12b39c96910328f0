"""Exact splits of an amount of cents between several parties, in proportion to quantities.

A cost shared between members (staff lent by an employer group, a pooled service, a joint
purchase) must be charged to the cent: the shares are whole cents and they add up to the cost,
no more, no less. Rounding each share on its own does not guarantee that (three thirds of
1.00 € rounded are 0.99 €), so the split follows the largest-remainder (Hamilton) method, with
exact rational arithmetic (:class:`fractions.Fraction`, never floats):

1. each party first gets the whole cents of its exact share, ``floor(total × w / W)``, where
   ``w`` is its quantity (hours, units, ...) and ``W`` the sum of the quantities;
2. the cents left over, fewer than the number of parties, go one each to the parties whose
   exact share has the largest fractional part; on equal fractional parts, to the larger
   quantity first, then to the party that comes first in the sort order of the keys.

That rule is :data:`ROUNDING_RULE` (in French :data:`ROUNDING_RULE_FR`, for invoices). It
guarantees that the shares sum exactly to the total, that each share is less than one cent away
from the exact share, that a party with a larger quantity never gets fewer cents, that a party
with a zero quantity gets nothing, and that the result does not depend on the order in which
the parties are given.

Quantities may be ``int``, :class:`~decimal.Decimal`, :class:`~fractions.Fraction` or
``float``; a float is read through its shortest decimal representation (``0.1`` is one tenth,
not the binary number nearest to it), so that what the user typed is what is shared over.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Hashable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import TypeVar

import numpy as np

__all__ = [
    "ROUNDING_RULE",
    "ROUNDING_RULE_FR",
    "Quantity",
    "split_cents",
    "split_shares",
]

K = TypeVar("K", bound=Hashable)
Quantity = int | Decimal | Fraction | float

ROUNDING_RULE = (
    "Each party is charged the whole cents of its exact share (total × its quantity / sum of "
    "the quantities); the cents left over by that rounding down, fewer than the number of "
    "parties, go one each to the parties whose exact share has the largest fractional part, "
    "and on equal fractional parts to the larger quantity first, then in the order of the "
    "parties' identifiers."
)
ROUNDING_RULE_FR = (
    "Chaque membre se voit imputer les centimes entiers de sa part exacte (total × sa quantité "
    "/ somme des quantités) ; les centimes restants, moins nombreux que les membres, sont "
    "attribués un par un aux membres dont la part exacte a la plus grande partie décimale, et, "
    "à partie décimale égale, d'abord au membre ayant la plus grande quantité, puis dans "
    "l'ordre des identifiants des membres."
)


def _fraction(value: Quantity, key: Hashable) -> Fraction:
    # bool is an int subclass, but True as a quantity is surely a mistake.
    if isinstance(value, bool):
        raise ValueError(f"weight of {key!r} must be a number, not {value!r}")
    try:
        if isinstance(value, float | np.floating):
            # str() gives the shortest repr: 0.1 stays one tenth instead of 0.1000000000000000055.
            if not math.isfinite(value):
                raise ValueError
            return Fraction(str(value))
        return Fraction(value)
    except (ValueError, TypeError, OverflowError) as error:
        raise ValueError(f"weight of {key!r} must be a finite number, not {value!r}") from error


def split_cents(total_cents: int, weights: Mapping[K, Quantity]) -> dict[K, int]:
    """Split `total_cents` between the keys of `weights`, in proportion to their weights.

    Parameters
    ----------
    total_cents
        The amount to split, in cents (an integer, 0 or more).
    weights
        Key → quantity (hours, units, ...), each 0 or more. Keys must be sortable among
        themselves: their order breaks the last ties.

    Returns
    -------
    dict
        Key → cents, for every key of `weights` (zero-weight keys get 0), in key order. The
        values sum exactly to `total_cents`.

    Raises
    ------
    ValueError
        When `total_cents` or a weight is negative or not a number, or when `total_cents` is
        positive and there is no positive weight to share it over.

    Notes
    -----
    The written rule, :data:`ROUNDING_RULE`: each key gets
    ``floor(total_cents × w / W)`` cents, where ``W`` is the sum of the weights; the
    ``total_cents − Σ floor(...)`` cents left, fewer than the number of keys, go one each to
    the keys whose exact share ``total_cents × w / W`` has the largest fractional part; ties
    go to the larger weight, then to the key that sorts first. All the arithmetic is exact.

    Hence: the shares sum to `total_cents`; each share is less than one cent away from the
    exact share; a larger weight never gets fewer cents than a smaller one; a zero weight
    gets 0; the order in which `weights` lists the keys does not matter.

    Examples
    --------
    >>> split_cents(100, {"a": 1, "b": 1, "c": 1})
    {'a': 34, 'b': 33, 'c': 33}
    >>> split_cents(1000, {"x": Decimal("151.67"), "y": Decimal("20"), "z": 0})
    {'x': 883, 'y': 117, 'z': 0}

    In the second case the exact shares are 883.497... and 116.502... cents: the cent left
    goes to ``"y"``, whose fractional part is the larger, although its weight is smaller.
    """
    if isinstance(total_cents, bool):
        raise ValueError(f"total_cents must be an integer, not {total_cents!r}")
    try:
        total = operator.index(total_cents)
    except TypeError as error:
        raise ValueError(f"total_cents must be an integer, not {total_cents!r}") from error
    if total < 0:
        raise ValueError(f"total_cents must be 0 or more, not {total}")
    exact_weights = {key: _fraction(value, key) for key, value in weights.items()}
    negative = sorted(key for key, value in exact_weights.items() if value < 0)
    if negative:
        names = ", ".join(repr(key) for key in negative)
        raise ValueError(f"weights must be 0 or more; negative for {names}")
    keys = sorted(exact_weights)
    if total == 0:
        return dict.fromkeys(keys, 0)
    weight_sum = sum(exact_weights.values(), Fraction(0))
    if weight_sum == 0:
        raise ValueError(
            f"nothing to share the cost over: {total} cent(s) to split but no positive weight"
        )
    shares: dict[K, int] = {}
    remainders: dict[K, Fraction] = {}
    for key in keys:
        exact = total * exact_weights[key] / weight_sum
        shares[key] = math.floor(exact)
        remainders[key] = exact - shares[key]
    left = total - sum(shares.values())
    # Python's sort is stable and keys are already sorted, so the last tie-break (key order)
    # comes for free; the sort key states the first two criteria.
    ranked = sorted(keys, key=lambda key: (-remainders[key], -exact_weights[key]))
    for key in ranked[:left]:
        shares[key] += 1
    return shares


def split_shares(weights: Mapping[K, Quantity], scale: int = 10000) -> dict[K, int]:
    """Shares of the weights as integers summing exactly to `scale` (basis points by default).

    Parameters
    ----------
    weights
        Key → quantity, each 0 or more, at least one positive.
    scale
        What the shares add up to: 10000 gives basis points (hundredths of a percent, so the
        percentages add up to exactly 100.00 %), 100 whole percentages.

    Returns
    -------
    dict
        Key → share, computed by :func:`split_cents` with `scale` as the total, so the same
        rounding rule applies.

    Examples
    --------
    >>> split_shares({"a": 2, "b": 1})
    {'a': 6667, 'b': 3333}
    >>> split_shares({"a": 1, "b": 1, "c": 1}, scale=100)
    {'a': 34, 'b': 33, 'c': 33}
    """
    return split_cents(scale, weights)
