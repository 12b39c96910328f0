"""NAF rév. 2 divisions → sections (INSEE), for the cross-sector indicator A3.3.

The NAF code of a structure ("56.10A", "5610A") starts with its division, two digits; every
division belongs to one of the 21 sections A to U. The table is the standard INSEE one.
"""

from __future__ import annotations

import re

# (first division, last division, section), both bounds included.
DIVISION_RANGES: tuple[tuple[int, int, str], ...] = (
    (1, 3, "A"),  # agriculture, sylviculture et pêche
    (5, 9, "B"),  # industries extractives
    (10, 33, "C"),  # industrie manufacturière
    (35, 35, "D"),  # électricité, gaz, vapeur et air conditionné
    (36, 39, "E"),  # eau, assainissement, déchets et dépollution
    (41, 43, "F"),  # construction
    (45, 47, "G"),  # commerce ; réparation d'automobiles et de motocycles
    (49, 53, "H"),  # transports et entreposage
    (55, 56, "I"),  # hébergement et restauration
    (58, 63, "J"),  # information et communication
    (64, 66, "K"),  # activités financières et d'assurance
    (68, 68, "L"),  # activités immobilières
    (69, 75, "M"),  # activités spécialisées, scientifiques et techniques
    (77, 82, "N"),  # activités de services administratifs et de soutien
    (84, 84, "O"),  # administration publique
    (85, 85, "P"),  # enseignement
    (86, 88, "Q"),  # santé humaine et action sociale
    (90, 93, "R"),  # arts, spectacles et activités récréatives
    (94, 96, "S"),  # autres activités de services
    (97, 98, "T"),  # activités des ménages en tant qu'employeurs
    (99, 99, "U"),  # activités extra-territoriales
)

DIVISION_SECTIONS: dict[int, str] = {
    division: section
    for first, last, section in DIVISION_RANGES
    for division in range(first, last + 1)
}

_DIVISION = re.compile(r"^\s*(\d{2})")


def naf_section(code: str | None) -> str | None:
    """The NAF section letter of a NAF/APE code, or None when blank or not a known division.

    >>> naf_section("56.10A"), naf_section("8810C"), naf_section(""), naf_section("04.00Z")
    ('I', 'Q', None, None)
    """
    if not code:
        return None
    match = _DIVISION.match(code)
    if match is None:
        return None
    return DIVISION_SECTIONS.get(int(match.group(1)))
