"""Cell parsers for what French spreadsheets hold: dates, numbers, roles, communes.

Each parser takes the cell text (never blank) and returns a value, or raises `CellError` with a
French message that quotes the value.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from ptce.core.numbers import compact_number
from ptce.core.text import fold, search_key
from ptce.registry.models import MembershipRole
from ptce.territory.models import Commune
from ptce_analytics.actors import legal_categories


class CellError(Exception):
    """A cell that cannot be read; `field` names another field the error belongs to, if any."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")


def parse_date(text: str) -> dt.date:
    """'31/01/2020', '31-01-2020' and '2020-01-31' (what Excel date cells become)."""
    if match := _DMY.match(text):
        day, month, year = match.groups()
    elif match := _ISO.match(text):
        year, month, day = match.groups()
    else:
        day = month = year = "0"
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        raise CellError(
            _("« %(value)s » n'est pas une date valide (jj/mm/aaaa attendu).") % {"value": text}
        ) from None


_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_CENT = Decimal("0.01")


def parse_decimal(text: str, *, max_digits: int = 14) -> Decimal:
    """'1 234,50', '1234.5', '1.234,50 €' → Decimal('1234.50'), rounded to the cent."""
    compact = compact_number(text)
    if not _NUMBER.match(compact):
        raise CellError(
            _("« %(value)s » n'est pas un nombre valide (exemple : 1 234,50).") % {"value": text}
        )
    try:
        value = Decimal(compact).quantize(_CENT, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        value = None
    if value is None or abs(value) >= Decimal(10) ** (max_digits - 2):
        raise CellError(_("« %(value)s » est un nombre trop grand.") % {"value": text})
    return value


def parse_year(text: str) -> int:
    if re.fullmatch(r"\d{4}", text) and 1900 <= int(text) <= 2100:
        return int(text)
    raise CellError(
        _("« %(value)s » n'est pas une année valide (aaaa attendu).") % {"value": text}
    )


_ROLES = {
    MembershipRole.FOUNDER: (
        "founder", "fondateur", "fondatrice", "fondateurs", "membre fondateur",
        "membre fondatrice", "cofondateur", "co fondateur", "founding member",
        "founding partner",
    ),
    MembershipRole.MEMBER: (
        "member", "membre", "membres", "adherent", "adherente", "membre adherent",
        "membre actif", "full member",
    ),
    MembershipRole.PARTNER: (
        "partner", "partenaire", "partenaires", "membre partenaire", "associated partner",
    ),
}
_ROLE_WORDS = {fold(word): role for role, words in _ROLES.items() for word in words} | {
    fold(str(role.label)): role for role in MembershipRole
}


def parse_role(text: str) -> str:
    role = _ROLE_WORDS.get(fold(text))
    if role is None:
        raise CellError(
            _("Qualité « %(value)s » inconnue : indiquez fondateur, membre ou partenaire.")
            % {"value": text}
        )
    return str(role)


_LEADING_CODE = re.compile(r"^(\d{4})(?:\D.*)?$")


def parse_legal_category(text: str) -> str:
    """'9220', '9220 - Association déclarée' or the exact INSEE label → '9220'."""
    categories = legal_categories()
    match = _LEADING_CODE.match(text.strip())
    if match and match.group(1) in categories:
        return match.group(1)
    by_label = {fold(label): code for code, label in categories.items()}
    if code := by_label.get(fold(text)):
        return code
    raise CellError(
        _("Catégorie juridique « %(value)s » inconnue de la nomenclature INSEE "
          "(code à 4 chiffres attendu, par exemple 9220 pour une association déclarée).")
        % {"value": text}
    )


def parse_naf(text: str) -> str:
    code = re.sub(r"[\s.]", "", text).upper()
    if not re.fullmatch(r"\d{4}[A-Z]", code):
        raise CellError(
            _("Le code NAF « %(value)s » doit être de la forme 88.99B.") % {"value": text}
        )
    return code


_INSEE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
_DEPARTEMENT_SUFFIX = re.compile(r"^(.*?)\s*\((\d{2,3}|2[AB])\)$")


def _split_departement(name: str) -> tuple[str, str]:
    """'Ramonville-Saint-Agne (31)' → ('Ramonville-Saint-Agne', '31')."""
    bare = name.strip()
    if match := _DEPARTEMENT_SUFFIX.match(bare):
        return match.group(1), match.group(2).zfill(2)
    return bare, ""


def _name_keys(name: str) -> set[str]:
    # `search_name` is `search_key(name)`; `fold` too, in case a loader stored that form.
    return {fold(name), search_key(name)}


class CommuneResolver:
    """Find the one commune a cell means, from an INSEE code, a name, a postcode or both.

    When a name or postcode is ambiguous, a single candidate inside the pole's territory wins:
    a pole's members are local. Lookups are cached for the whole file.
    """

    def __init__(self, territory: set[str] | None = None) -> None:
        self.territory = territory or set()
        self._cache: dict[tuple[str, str, str], Commune | CellError] = {}
        self._named: dict[str, list[Commune]] = {}

    def prime(self, names: Iterable[str]) -> None:
        """Load the communes of all these names at once, rather than one query per name."""
        keys = {key for name in names for key in _name_keys(_split_departement(name)[0])}
        keys -= self._named.keys()
        for key in keys:
            self._named[key] = []
        ordered = sorted(keys)
        for start in range(0, len(ordered), 500):  # stay under SQL parameter limits
            for commune in Commune.objects.filter(search_name__in=ordered[start:start + 500]):
                self._named[commune.search_name].append(commune)

    def _communes_named(self, name: str) -> list[Commune]:
        keys = _name_keys(name)
        self.prime([name])
        found = {c.pk: c for key in keys for c in self._named[key]}
        return list(found.values())

    def resolve(self, *, code: str = "", name: str = "", postcode: str = "") -> Commune:
        key = (code, name, postcode)
        if key not in self._cache:
            try:
                self._cache[key] = self._resolve(code=code, name=name, postcode=postcode)
            except CellError as exc:
                self._cache[key] = exc
        found = self._cache[key]
        if isinstance(found, CellError):
            raise found
        return found

    def _resolve(self, *, code: str, name: str, postcode: str) -> Commune:
        if code:
            return self._by_code(code, field="commune_code")
        if postcode:
            postcode = self._postcode(postcode)
        if name:
            compact = name.strip().upper()
            if _INSEE.match(compact.zfill(5) if compact.isdigit() else compact):
                try:
                    return self._by_code(compact, field="commune")
                except CellError:
                    if postcode or not compact.isdigit():
                        raise
                    # "31520" in a "Ville" column is more likely a postcode than a code.
                    return self._by_postcode(compact.zfill(5), field="commune")
            return self._by_name(name, postcode)
        return self._by_postcode(postcode, field="postcode")

    def _by_code(self, code: str, *, field: str) -> Commune:
        compact = code.strip().upper()
        if compact.isdigit() and len(compact) == 4:
            compact = compact.zfill(5)  # Excel drops the leading zero of 01001
        if not _INSEE.match(compact):
            raise CellError(
                _("Le code INSEE « %(value)s » doit compter 5 caractères (par exemple 31446).")
                % {"value": code}, field=field,
            )
        commune = Commune.objects.filter(pk=compact).first()
        if commune is None:
            raise CellError(
                _("Aucune commune ne porte le code INSEE « %(value)s ».") % {"value": code},
                field=field,
            )
        return commune

    def _postcode(self, postcode: str) -> str:
        compact = re.sub(r"\s", "", postcode)
        if compact.isdigit() and len(compact) == 4:
            compact = compact.zfill(5)
        if not re.fullmatch(r"\d{5}", compact):
            raise CellError(
                _("Le code postal « %(value)s » doit compter 5 chiffres.") % {"value": postcode},
                field="postcode",
            )
        return compact

    def _by_postcode(self, postcode: str, *, field: str) -> Commune:
        candidates = [
            c for c in Commune.objects.filter(postcodes__contains=postcode)
            if postcode in c.postcodes.split()
        ]
        if not candidates:
            raise CellError(
                _("Aucune commune n'a le code postal « %(value)s ».") % {"value": postcode},
                field=field,
            )
        return self._single(candidates, field=field, ambiguous=_(
            "Le code postal « %(value)s » couvre plusieurs communes (%(names)s) : "
            "indiquez le nom de la commune ou son code INSEE."
        ), value=postcode)

    def _by_name(self, name: str, postcode: str) -> Commune:
        bare, departement = _split_departement(name)
        candidates = self._communes_named(bare)
        if departement:
            candidates = [c for c in candidates if c.departement_id == departement]
        if not candidates:
            raise CellError(
                _("Commune « %(value)s » introuvable : vérifiez l'orthographe ou indiquez "
                  "son code INSEE.") % {"value": name},
                field="commune",
            )
        if postcode:
            candidates = [c for c in candidates if postcode in c.postcodes.split()]
            if not candidates:
                raise CellError(
                    _("Aucune commune « %(value)s » n'a le code postal « %(postcode)s ».")
                    % {"value": name, "postcode": postcode},
                    field="commune",
                )
        return self._single(candidates, field="commune", ambiguous=_(
            "Plusieurs communes s'appellent « %(value)s » (%(names)s) : "
            "indiquez le code postal ou le code INSEE."
        ), value=name)

    def _single(
        self, candidates: list[Commune], *, field: str, ambiguous: str, value: str
    ) -> Commune:
        if len(candidates) == 1:
            return candidates[0]
        local = [c for c in candidates if c.code in self.territory]
        if len(local) == 1:
            return local[0]
        names = ", ".join(f"{c.name} ({c.code})" for c in candidates[:5])
        if len(candidates) > 5:
            names += ", …"
        raise CellError(ambiguous % {"value": value, "names": names}, field=field)
