"""Text normalisation shared by search and de-duplication."""

from __future__ import annotations

import re
import unicodedata

_SEPARATORS = re.compile(r"[\s\-'’‘`.,;:/()]+")
# French place names abbreviate saints; users type both forms.
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}


def fold(text: str) -> str:
    """Lower-case, strip accents, and turn hyphens, apostrophes and punctuation into spaces.

    >>> fold("Saint-Étienne")
    'saint etienne'
    >>> fold("  L'Haÿ-les-Roses ")
    'l hay les roses'
    """
    # Lower-case first: "Œ" and "Æ" have no decomposition, only their lower forms are mapped.
    lowered = text.lower().replace("œ", "oe").replace("æ", "ae")
    decomposed = unicodedata.normalize("NFKD", lowered)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SEPARATORS.sub(" ", plain.lower()).strip()


def search_key(text: str) -> str:
    """`fold`, with the usual abbreviations expanded, so that "st etienne" finds Saint-Étienne.

    >>> search_key("St-Etienne")
    'saint etienne'
    """
    return " ".join(_ABBREVIATIONS.get(word, word) for word in fold(text).split())
