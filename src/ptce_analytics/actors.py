"""Actor families and ESS status derived from the INSEE legal category (catégorie juridique).

The rules follow article 1 of law n° 2014-856: associations, cooperatives, mutuals and
foundations are ESS by status; commercial companies are ESS only when their statutes say so,
which the legal category cannot tell. Public bodies, research and training bodies are not ESS.

References
----------
INSEE, nomenclature des catégories juridiques, niveau III.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib.resources import files

__all__ = [
    "ActorFamily",
    "EssKind",
    "LegalCategoryProfile",
    "derive_profile",
    "legal_category_label",
    "legal_categories",
]


class ActorFamily(StrEnum):
    ESS_ENTERPRISE = "ess_enterprise"
    NON_ESS_ENTERPRISE = "non_ess_enterprise"
    PUBLIC_BODY = "public_body"
    RESEARCH = "research"
    TRAINING = "training"
    OTHER = "other"


class EssKind(StrEnum):
    ASSOCIATION = "association"
    COOPERATIVE = "cooperative"
    MUTUAL = "mutual"
    FOUNDATION = "foundation"
    ESS_COMPANY = "ess_company"


# Cooperative codes per INSEE level III (research/domain.md §4.3). SICA codes (5432, 5532, 5632,
# 6532) are collective-interest agricultural companies, not cooperatives: left out on purpose.
_COOPERATIVE_CODES = frozenset(
    {
        "5191",
        "5192",
        "5193",
        "5194",
        "5195",
        "5196",
        "6100",
        "6595",
        "6596",
        "5203",
        "5307",
        "5309",
        "5443",
        "5451",
        "5453",
        "5454",
        "5455",
        "5458",
        "5459",
        "5460",
        "5543",
        "5547",
        "5551",
        "5552",
        "5553",
        "5554",
        "5555",
        "5558",
        "5559",
        "5560",
        "5643",
        "5647",
        "5651",
        "5652",
        "5653",
        "5654",
        "5655",
        "5658",
        "5659",
        "5660",
        "6316",
        "6317",
        "6318",
        "6543",
        "6551",
        "6554",
        "6558",
        "6560",
    }
)
_SCOP_CODES = frozenset({"5458", "5558", "5658"})
_MUTUAL_CODES = frozenset({"8210", "8250", "8290", "6411"})
# 9224 (lawyers' associations) is a professional vehicle, not an ESS association.
_NON_ESS_ASSOCIATION_CODES = frozenset({"9224"})
_RESEARCH_CODES = frozenset({"7383"})
_TRAINING_CODES = frozenset({"7331", "7384"})


@dataclass(frozen=True, slots=True)
class LegalCategoryProfile:
    """What a legal category says about an organisation.

    `family` and `is_ess` are None when the code is unknown: the organisation must then be
    qualified by hand, never counted in a family by default.
    """

    code: str
    label: str | None
    family: ActorFamily | None
    is_ess: bool | None
    ess_kind: EssKind | None = None
    is_employer_group: bool = False
    is_scop: bool = False


@cache
def legal_categories() -> dict[str, str]:
    """The packaged table of INSEE level-III legal categories: code → French label."""
    text = files("ptce_analytics").joinpath("data/legal_categories.csv").read_text("utf-8")
    return {row["code"]: row["label"] for row in csv.DictReader(text.splitlines())}


def legal_category_label(code: str) -> str | None:
    return legal_categories().get(code)


def derive_profile(code: str | None, naf_code: str | None = None) -> LegalCategoryProfile:
    """Derive actor family and ESS status from a 4-digit INSEE legal category.

    Parameters
    ----------
    code
        The legal category, e.g. ``"9220"``. Surrounding spaces are ignored.
    naf_code
        The NAF/APE code, e.g. ``"8559A"``. Only used to tell a training company (NAF
        division 85, education) from other non-ESS companies.

    Examples
    --------
    >>> derive_profile("9223").is_employer_group
    True
    >>> derive_profile("7346").family
    <ActorFamily.PUBLIC_BODY: 'public_body'>
    >>> derive_profile("0000").family is None
    True
    """
    code = (code or "").strip()
    label = legal_category_label(code)
    if label is None:
        return LegalCategoryProfile(code=code, label=None, family=None, is_ess=None)

    def ess(kind: EssKind, **flags: bool) -> LegalCategoryProfile:
        return LegalCategoryProfile(
            code=code,
            label=label,
            family=ActorFamily.ESS_ENTERPRISE,
            is_ess=True,
            ess_kind=kind,
            **flags,
        )

    if code.startswith("92") and code not in _NON_ESS_ASSOCIATION_CODES:
        return ess(EssKind.ASSOCIATION, is_employer_group=code == "9223")
    if code == "9300":
        return ess(EssKind.FOUNDATION)
    if code in _MUTUAL_CODES:
        return ess(EssKind.MUTUAL)
    if code in _COOPERATIVE_CODES:
        return ess(EssKind.COOPERATIVE, is_scop=code in _SCOP_CODES)

    def plain(family: ActorFamily, *, is_ess: bool = False) -> LegalCategoryProfile:
        return LegalCategoryProfile(code=code, label=label, family=family, is_ess=is_ess)

    if code in _RESEARCH_CODES:
        return plain(ActorFamily.RESEARCH)
    if code in _TRAINING_CODES:
        return plain(ActorFamily.TRAINING)
    if code[0] in "47" or code == "3110":
        return plain(ActorFamily.PUBLIC_BODY)
    if code[0] in "12356":
        naf = (naf_code or "").replace(".", "").strip()
        if naf.startswith("85"):
            return plain(ActorFamily.TRAINING)
        return plain(ActorFamily.NON_ESS_ENTERPRISE)
    return plain(ActorFamily.OTHER)
