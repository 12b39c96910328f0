"""Find communes and EPCI the way people type them: one bounded query per search.

Names are compared on `search_name` (`ptce.core.text.search_key`), so accents, hyphens,
apostrophes and "st"/"ste" do not matter. Every word typed must start a word of the name, in
any order: "ramonville" and "agne ramonville" both find Ramonville-Saint-Agne.
"""

from __future__ import annotations

import re

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When

from ptce.core.text import search_key
from ptce.territory.models import Commune, Epci

MAX_LIMIT = 100
# An INSEE code, a postcode, or the start of one; Corsica's INSEE codes start 2A or 2B.
_COMMUNE_CODE = re.compile(r"\d{2,5}|2[AB]\d{0,3}")
_SIREN = re.compile(r"\d{3,9}")
# A département code typed next to a name: "saint denis 93", "Ajaccio (2A)".
_DEPARTEMENT = re.compile(r"\d{2,3}|2[AB]")


def _clamp(limit: int) -> int:
    return max(1, min(limit, MAX_LIMIT))


def _word_prefix(token: str) -> Q:
    # search_name is single-spaced, so " token" is the start of any word but the first.
    return Q(search_name__startswith=token) | Q(search_name__contains=f" {token}")


def _name_rank(key: str) -> Case:
    return Case(
        When(search_name=key, then=Value(0)),
        When(search_name__startswith=key, then=Value(1)),
        default=Value(2), output_field=IntegerField(),
    )


def _commune_queryset() -> QuerySet[Commune]:
    return Commune.objects.select_related("departement", "epci")


def search_communes(query: str, limit: int = 20) -> list[Commune]:
    """Communes by name, INSEE code or postcode.

    Exact matches come first, then names that start with the query, then names that merely
    contain its words; within each, the most populated communes first.
    """
    text = query.strip()
    compact = text.replace(" ", "").upper()
    if not text:
        return []
    if _COMMUNE_CODE.fullmatch(compact):
        matches = (
            Q(code__startswith=compact) | Q(postcodes__startswith=compact)
            | Q(postcodes__contains=f" {compact}")
        )
        exact = Q(code=compact)
        if len(compact) == 5:
            # Postcodes are 5 digits in a space-separated list: a 5-digit hit is an exact one.
            # A postcode and an INSEE code rank alike (31520 is Ramonville's postcode and
            # Sajas's INSEE code); population then puts the likelier commune first.
            exact |= Q(postcodes__contains=compact)
        rank = Case(When(exact, then=Value(0)), default=Value(1), output_field=IntegerField())
    else:
        words = search_key(text).split()
        name_words = [w for w in words if not _DEPARTEMENT.fullmatch(w.upper())]
        departements = [w.upper() for w in words if _DEPARTEMENT.fullmatch(w.upper())]
        if not name_words:
            return []
        matches = Q()
        for word in name_words:
            matches &= _word_prefix(word)
        if departements:
            matches &= Q(departement_id__in=departements)
        rank = _name_rank(" ".join(name_words))
    queryset = (
        _commune_queryset().filter(matches).annotate(rank=rank)
        .order_by("rank", F("population").desc(nulls_last=True), "name", "code")
    )
    return list(queryset[: _clamp(limit)])


def search_epcis(query: str, limit: int = 20) -> list[Epci]:
    """EPCI by name or SIREN, each with `commune_count`. Exact, then prefix, then by name."""
    text = query.strip()
    if not text:
        return []
    compact = text.replace(" ", "")
    if _SIREN.fullmatch(compact):
        matches = Q(code__startswith=compact)
        rank = Case(When(code=compact, then=Value(0)), default=Value(1),
                    output_field=IntegerField())
    else:
        words = search_key(text).split()
        if not words:
            return []
        matches = Q()
        for word in words:
            matches &= _word_prefix(word)
        rank = _name_rank(" ".join(words))
    queryset = (
        Epci.objects.filter(matches)
        .annotate(rank=rank, commune_count=Count("communes"))
        .order_by("rank", "name", "code")
    )
    return list(queryset[: _clamp(limit)])
