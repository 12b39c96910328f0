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
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    ascii_text = ascii_text.replace("œ", "oe").replace("æ", "ae").replace("Œ", "oe")
    return _SEPARATORS.sub(" ", ascii_text.lower()).strip()


def search_key(text: str) -> str:
    """`fold`, with the usual abbreviations expanded, so that "st etienne" finds Saint-Étienne.

    >>> search_key("St-Etienne")
    'saint etienne'
    """
    return " ".join(_ABBREVIATIONS.get(word, word) for word in fold(text).split())
