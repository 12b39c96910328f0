"""The référentiel's network and governance indicators of a pole, for the indicator pages.

Each function has the signature ``(pole, *, on, months=12)`` and returns the analytics' result
object, whose ``missing`` says why a value is None:

======  ====================================================  ===================================
code    what                                                  result
======  ====================================================  ===================================
B1.3    density of the members' cooperation graph             `network.NetworkIndicator`
A3.3    share of cooperation ties across NAF sections         `network.NetworkIndicator`
C2.3    décloisonnement, (E–I + 1) / 2 across actor families  `network.NetworkIndicator`
B2.2    share of seats held by natural persons                `governance.NaturalPersonShare`
B2.3    parity of the seats (and of the chairs)               `governance.Parity`
B2.4    representation of small structures and citizens       `governance.RepresentationRatio`
======  ====================================================  ===================================

The network indicators look at the last `months` months up to `on` included; their actors are
the member structures on `on` (people are left out: the référentiel speaks of members). The
governance indicators describe the seats held on `on`: a seat is current or not, so `months`
is accepted for a uniform signature and not used.

Callers run inside the pole's scope. Each function runs a fixed number of queries (at most
five).
"""

from __future__ import annotations

import datetime as dt

from ptce.network import selectors
from ptce_analytics import governance, network

__all__ = [
    "INDICATORS",
    "b1_3_density",
    "a3_3_cross_sector",
    "c2_3_decloisonnement",
    "b2_2_natural_person_seats",
    "b2_3_parity",
    "b2_4_shared_power",
]


def _network_tables(pole, *, on: dt.date, months: int, sources) -> tuple:
    window = selectors.window_bounds(on, months)
    nodes = selectors.member_nodes(pole, on=on)
    ties = selectors.ties_frame(pole, start=window.start, end=window.end, sources=sources)
    return nodes, ties


def b1_3_density(pole, *, on: dt.date, months: int = 12) -> network.NetworkIndicator:
    """B1.3: density of the cooperation graph (projects, poolings, working groups)."""
    nodes, ties = _network_tables(pole, on=on, months=months, sources=network.COOPERATION_SOURCES)
    return network.density_indicator(nodes, ties, on=on, months=months)


def a3_3_cross_sector(pole, *, on: dt.date, months: int = 12) -> network.NetworkIndicator:
    """A3.3: share of cooperation ties joining members of different NAF sections."""
    nodes, ties = _network_tables(pole, on=on, months=months, sources=network.COOPERATION_SOURCES)
    return network.cross_sector_indicator(nodes, ties, on=on, months=months)


def c2_3_decloisonnement(pole, *, on: dt.date, months: int = 12) -> network.NetworkIndicator:
    """C2.3: (E–I + 1) / 2 across actor families, every source (meetings included)."""
    nodes, ties = _network_tables(pole, on=on, months=months, sources=network.SOURCES)
    return network.ei_indicator(nodes, ties, on=on, months=months)


def b2_2_natural_person_seats(
    pole, *, on: dt.date, months: int = 12
) -> governance.NaturalPersonShare:
    """B2.2: share of the current seats held by natural persons in their own name."""
    return governance.natural_person_share(selectors.seats_frame(pole, on=on), on)


def b2_3_parity(pole, *, on: dt.date, months: int = 12) -> governance.Parity:
    """B2.3: parity index of the current seats (``index``) and chairs (``chair_index``)."""
    return governance.parity_index(selectors.seats_frame(pole, on=on), on)


def b2_4_shared_power(pole, *, on: dt.date, months: int = 12) -> governance.RepresentationRatio:
    """B2.4: representation ratio of small structures (< 10 FTE) and citizens."""
    return governance.representation_ratio(
        selectors.seats_frame(pole, on=on), selectors.members_frame(pole, on=on), on
    )


INDICATORS = {
    "B1.3": b1_3_density,
    "A3.3": a3_3_cross_sector,
    "C2.3": c2_3_decloisonnement,
    "B2.2": b2_2_natural_person_seats,
    "B2.3": b2_3_parity,
    "B2.4": b2_4_shared_power,
}
