"""Legal conformity of a pole: the article 9 and décret 2015-431 checklists.

Two legal texts say what a PTCE is. Article 9 of law n° 2014-856 of 31 July 2014 defines the
pole; décret n° 2015-431 of 15 April 2015 sets who may answer the State's calls for projects.
These checklists read each text as a list of criteria and tell, for each, whether the pole's
data meets it. They are separate from the référentiel: a pole may conform and still have much
to discuss, or the reverse.

Conventions shared by every function:

* a criterion is ``"met"``, ``"not_met"`` or ``"unknown"``; it is unknown whenever the data
  that would decide it is missing, never "not met" for lack of data. Partial data decides when
  it is enough: three qualified ESS members meet "at least one", whatever the others are;
* ``evidence`` is a French sentence with the figures that decided; ``missing`` (French too)
  names the data that would decide an unknown criterion, and is None otherwise;
* shares are fractions from 0 to 1, not percentages.

Input
-----
A :class:`PoleFacts`, whose members are :class:`MemberFacts`. A member's *role* is read from
its family (:class:`~ptce_analytics.actors.ActorFamily` values) and ESS status:

===========================================  ============================================
family                                       role
===========================================  ============================================
``ess_enterprise``                           ESS enterprise
``non_ess_enterprise``                       non-ESS enterprise (ESS when ``is_ess``)
``public_body``, ``research``, ``training``  other article-9 actor
``other``                                    other article-9 actor (ESS when ``is_ess``)
unknown (None)                               ESS when ``is_ess``; non-ESS enterprise or
                                             other actor when not; else not known
===========================================  ============================================

A group mostly made of non-ESS enterprises, which the décret accepts in place of one, is to be
recorded with the family ``non_ess_enterprise``.

References
----------
Loi n° 2014-856 du 31 juillet 2014 relative à l'économie sociale et solidaire, articles 1 and 9;
décret n° 2015-431 du 15 avril 2015 relatif aux appels à projets des pôles territoriaux de
coopération économique; INSEE, nomenclature des catégories juridiques.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from ptce_analytics.actors import ActorFamily, legal_category_label
from ptce_analytics.referential import Text

__all__ = [
    "FAMILIES",
    "MET",
    "NOT_MET",
    "STATUSES",
    "TERRITORY_MAJORITY",
    "UNKNOWN",
    "Checklist",
    "Criterion",
    "MemberFacts",
    "PoleFacts",
    "article_9_checklist",
    "decree_2015_431_checklist",
]

MET = "met"
NOT_MET = "not_met"
UNKNOWN = "unknown"
STATUSES = (MET, NOT_MET, UNKNOWN)
FAMILIES = tuple(family.value for family in ActorFamily)
# The law fixes no share: "grouped on one territory" is read as most members being on it.
TERRITORY_MAJORITY = 0.5

_ESS = "ess"
_NON_ESS = "non_ess"
_OTHER = "other"
_ALL_ROLES = frozenset({_ESS, _NON_ESS, _OTHER})
_ENTERPRISES = frozenset({_ESS, _NON_ESS})

# INSEE legal categories by first digit. 1: natural person; 2: private grouping without legal
# personality; 4 and 7: public-law legal persons; 3: foreign law, whose nature the code does not
# settle; 5, 6, 8, 9: private-law legal persons.
_PRIVATE_LAW_DIGITS = "5689"
_NOT_PRIVATE_LAW = {
    "1": "un entrepreneur individuel, personne physique et non personne morale",
    "2": "un groupement de droit privé sans personnalité morale",
    "4": "une personne morale de droit public (soumise au droit commercial)",
    "7": "une personne morale de droit public",
}

_LABELS = {
    "art9.ess_territory": Text(
        fr="Des entreprises de l'ESS regroupées sur un même territoire",
        en="ESS enterprises grouped on one territory",
    ),
    "art9.other_enterprise": Text(
        fr="Associées à au moins une autre entreprise",
        en="Associated with at least one other enterprise",
    ),
    "art9.local_actors": Text(
        fr=(
            "En lien avec des collectivités, des organismes de recherche, d'enseignement "
            "supérieur ou de formation, ou d'autres acteurs"
        ),
        en=(
            "Linked with local authorities, research, higher-education or training bodies, or "
            "other actors"
        ),
    ),
    "art9.common_strategy": Text(
        fr="Une stratégie commune et continue de mutualisation, de coopération ou de partenariat",
        en="A common and continuous strategy of pooling, cooperation or partnership",
    ),
    "art9.innovation": Text(
        fr="Au service de projets innovants porteurs d'un développement local durable",
        en="Serving innovative projects that carry sustainable local development",
    ),
    "d2015_431.private_law": Text(
        fr="Le pôle est une personne morale de droit privé",
        en="The pole is a legal person under private law",
    ),
    "d2015_431.three_legal_persons": Text(
        fr="Au moins trois personnes morales membres",
        en="At least three legal persons as members",
    ),
    "d2015_431.ess_enterprise": Text(
        fr="Dont au moins une entreprise de l'ESS",
        en="Including at least one ESS enterprise",
    ),
    "d2015_431.non_ess_enterprise": Text(
        fr="Dont au moins une entreprise hors ESS",
        en="Including at least one non-ESS enterprise",
    ),
    "d2015_431.other_actor": Text(
        fr="Dont au moins un autre acteur de l'article 9",
        en="Including at least one other article-9 actor",
    ),
}


# --- input --------------------------------------------------------------------------------------


def _check_flag(value: Any, name: str) -> None:
    if value is not None and not isinstance(value, bool):
        raise ValueError(f"{name} must be true, false or None, not {value!r}")


@dataclass(frozen=True, slots=True)
class MemberFacts:
    """What the checklists need about one member; None is "not known"."""

    organisation_id: Any = None
    family: str | None = None
    is_legal_person: bool | None = None
    is_ess: bool | None = None

    def __post_init__(self) -> None:
        if self.family is not None and self.family not in FAMILIES:
            raise ValueError(
                f"member {self.organisation_id!r}: family must be one of {', '.join(FAMILIES)} "
                f"or None, not {self.family!r}"
            )
        _check_flag(self.is_legal_person, f"member {self.organisation_id!r}: is_legal_person")
        _check_flag(self.is_ess, f"member {self.organisation_id!r}: is_ess")

    @property
    def roles(self) -> frozenset[str]:
        """The roles the member may hold: one when known, several when the data leaves doubt."""
        if self.is_ess is True and self.family not in ("public_body", "research", "training"):
            return frozenset({_ESS})
        if self.family == "ess_enterprise":
            return frozenset({_ESS})
        if self.family == "non_ess_enterprise":
            return frozenset({_NON_ESS})
        if self.family is not None:
            return frozenset({_OTHER})
        # Unknown family: a member known not to be ESS may still be an enterprise or not.
        return _ALL_ROLES - {_ESS} if self.is_ess is False else _ALL_ROLES


def _count(value: Any, name: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} must be a whole number, 0 or more, or None, not {value!r}")
    return value


def _share(value: Any, name: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise ValueError(f"{name} must be a share from 0 to 1 or None, not {value!r}")
    return float(value)


@dataclass(frozen=True, slots=True)
class PoleFacts:
    """The facts of a pole that the checklists read; None is "not known", never 0.

    Attributes
    ----------
    members
        The member organisations (:class:`MemberFacts` or mappings with the same keys); None
        when the membership is not known.
    pole_legal_form
        The INSEE legal category (4 digits) of the structure carrying the pole.
    charter_signed_share
        Share (0–1) of members that signed the current charter; 0 when there is no charter.
    strategy_document
        Whether the pole has a written common strategy other than a charter.
    active_poolings, active_projects
        Numbers of active poolings and of active cooperative projects.
    innovative_projects
        Number of active projects flagged socially or technologically innovative.
    territory_communes
        Number of communes in the pole's territory (0: no territory defined).
    members_in_territory_share
        Share (0–1) of members whose commune lies in the territory.
    linked_actors
        Local authorities, research, higher-education or training bodies linked to the pole
        without being members (funders, project partners, agreements).
    """

    members: tuple[MemberFacts, ...] | None = None
    pole_legal_form: str | None = None
    charter_signed_share: float | None = None
    strategy_document: bool | None = None
    active_poolings: int | None = None
    active_projects: int | None = None
    innovative_projects: int | None = None
    territory_communes: int | None = None
    members_in_territory_share: float | None = None
    linked_actors: int | None = None

    def __post_init__(self) -> None:
        # Frozen: normalised values are set through object.__setattr__.
        if self.members is not None:
            members = tuple(
                member if isinstance(member, MemberFacts) else MemberFacts(**dict(member))
                for member in self.members
            )
            object.__setattr__(self, "members", members)
        if self.pole_legal_form is not None:
            object.__setattr__(self, "pole_legal_form", str(self.pole_legal_form).strip() or None)
        for name in ("charter_signed_share", "members_in_territory_share"):
            object.__setattr__(self, name, _share(getattr(self, name), name))
        for name in (
            "active_poolings",
            "active_projects",
            "innovative_projects",
            "territory_communes",
            "linked_actors",
        ):
            _count(getattr(self, name), name)
        _check_flag(self.strategy_document, "strategy_document")


# --- output -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Criterion:
    """One criterion of a checklist: its status, the evidence, and what data would decide it."""

    code: str
    label: Text
    status: str
    evidence: str
    missing: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["label"] = self.label.as_dict()
        return out


@dataclass(frozen=True, slots=True)
class Checklist:
    """A legal checklist; `status` is met when every criterion is, not met when one is not."""

    code: str
    title: Text
    criteria: tuple[Criterion, ...] = field(default_factory=tuple)

    @property
    def status(self) -> str:
        statuses = {criterion.status for criterion in self.criteria}
        if NOT_MET in statuses:
            return NOT_MET
        return UNKNOWN if UNKNOWN in statuses else MET

    def criterion(self, code: str) -> Criterion:
        for criterion in self.criteria:
            if criterion.code == code:
                return criterion
        raise KeyError(code)

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "title": self.title.as_dict(),
            "status": self.status,
            "criteria": [criterion.as_dict() for criterion in self.criteria],
        }


# --- three-valued logic -------------------------------------------------------------------------


def _all(values: Iterable[bool | None]) -> bool | None:
    values = list(values)
    if False in values:
        return False
    return None if None in values else True


def _any(values: Iterable[bool | None]) -> bool | None:
    values = list(values)
    if True in values:
        return True
    return None if None in values else False


def _at_least(values: Sequence[bool | None], needed: int) -> bool | None:
    sure = sum(value is True for value in values)
    doubtful = sum(value is None for value in values)
    if sure >= needed:
        return True
    return False if sure + doubtful < needed else None


def _positive(count: int | None) -> bool | None:
    return None if count is None else count > 0


def _status(value: bool | None) -> str:
    return {True: MET, False: NOT_MET, None: UNKNOWN}[value]


def _has(member: MemberFacts, roles: frozenset[str]) -> bool | None:
    """Whether the member's role is among `roles`: True, False, or None when in doubt."""
    if member.roles <= roles:
        return True
    return False if member.roles.isdisjoint(roles) else None


def _criterion(
    code: str, value: bool | None, evidence: Iterable[str], missing: Iterable[str]
) -> Criterion:
    missing = list(missing)
    return Criterion(
        code=code,
        label=_LABELS[code],
        status=_status(value),
        evidence=" ; ".join(evidence) + ".",
        missing=("Il manque : " + " ; ".join(missing) + ".") if value is None and missing else None,
    )


# --- French wording -----------------------------------------------------------------------------


def _n(count: int, singular: str, plural: str) -> str:
    # French keeps 0 and 1 in the singular.
    return f"{count} {singular if count <= 1 else plural}"


def _percent(share: float) -> str:
    text = f"{share * 100:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") + " %"


def _membership(members: tuple[MemberFacts, ...] | None) -> str:
    if members is None:
        return "liste des membres non renseignée"
    if not members:
        return "aucun membre enregistré"
    known = {
        role: sum(member.roles == frozenset({role}) for member in members)
        for role in (_ESS, _NON_ESS, _OTHER)
    }
    unsure = sum(len(member.roles) > 1 for member in members)
    parts = [
        _n(known[_ESS], "entreprise de l'ESS", "entreprises de l'ESS"),
        _n(known[_NON_ESS], "entreprise hors ESS", "entreprises hors ESS"),
        _n(known[_OTHER], "autre acteur", "autres acteurs")
        + " (collectivité, recherche, formation ou autre)",
    ]
    text = f"{_n(len(members), 'membre', 'membres')} : " + ", ".join(parts)
    if unsure:
        text += f", {_n(unsure, 'membre', 'membres')} à qualifier"
    return text


def _members_missing(members: tuple[MemberFacts, ...] | None, what: str) -> str:
    if members is None:
        return "la liste des membres du pôle"
    return f"{what} des membres non qualifiés"


def _territory(communes: int | None) -> str:
    if communes is None:
        return "territoire non renseigné"
    if communes == 0:
        return "aucun territoire défini (0 commune)"
    return f"territoire de {_n(communes, 'commune', 'communes')}"


def _role_flags(facts: PoleFacts, roles: frozenset[str], *, legal: bool) -> list[bool | None]:
    flags = []
    for member in facts.members or ():
        flag = _has(member, roles)
        flags.append(_all([member.is_legal_person, flag]) if legal else flag)
    return flags


def _at_least_members(
    facts: PoleFacts, roles: frozenset[str], needed: int, *, legal: bool
) -> bool | None:
    if facts.members is None:
        return None
    return _at_least(_role_flags(facts, roles, legal=legal), needed)


# --- article 9 ----------------------------------------------------------------------------------


def _ess_territory(facts: PoleFacts) -> Criterion:
    ess = _at_least_members(facts, frozenset({_ESS}), 1, legal=False)
    territory = _positive(facts.territory_communes)
    share = facts.members_in_territory_share
    local = None if share is None else share >= TERRITORY_MAJORITY
    evidence = [_membership(facts.members), _territory(facts.territory_communes)]
    if share is not None:
        evidence.append(f"{_percent(share)} des membres implantés sur le territoire")
    missing = []
    if ess is None:
        missing.append(_members_missing(facts.members, "la famille ou le statut ESS"))
    if territory is None:
        missing.append("les communes du territoire du pôle")
    if local is None:
        missing.append("la part des membres implantés sur le territoire")
    return _criterion("art9.ess_territory", _all([ess, territory, local]), evidence, missing)


def _other_enterprise(facts: PoleFacts) -> Criterion:
    # The law says "des entreprises" without more: any enterprise besides an ESS one counts.
    # The décret asks for a non-ESS enterprise (d2015_431.non_ess_enterprise).
    ess = _at_least_members(facts, frozenset({_ESS}), 1, legal=False)
    enterprises = _at_least_members(facts, _ENTERPRISES, 2, legal=False)
    missing = []
    if ess is None or enterprises is None:
        missing.append(_members_missing(facts.members, "la famille"))
    return _criterion(
        "art9.other_enterprise", _all([ess, enterprises]), [_membership(facts.members)], missing
    )


def _local_actors(facts: PoleFacts) -> Criterion:
    among_members = _at_least_members(facts, frozenset({_OTHER}), 1, legal=False)
    linked = _positive(facts.linked_actors)
    evidence = [_membership(facts.members)]
    if facts.linked_actors is not None:
        evidence.append(
            _n(facts.linked_actors, "autre acteur lié", "autres acteurs liés")
            + " sans être membre (financeur, partenaire de projet, convention)"
        )
    missing = []
    if among_members is None:
        missing.append(_members_missing(facts.members, "la famille"))
    if linked is None:
        missing.append(
            "les collectivités, organismes de recherche ou de formation liés au pôle sans en "
            "être membres"
        )
    return _criterion("art9.local_actors", _any([among_members, linked]), evidence, missing)


def _common_strategy(facts: PoleFacts) -> Criterion:
    share = facts.charter_signed_share
    charter = None if share is None else share > 0
    document = _any([charter, facts.strategy_document])
    activity = _any([_positive(facts.active_poolings), _positive(facts.active_projects)])
    evidence = []
    if share is None:
        evidence.append("signature de la charte non renseignée")
    elif share == 0:
        evidence.append("pas de charte signée")
    else:
        evidence.append(f"charte signée par {_percent(share)} des membres")
    if facts.strategy_document is not None:
        evidence.append(
            "document de stratégie commune " + ("présent" if facts.strategy_document else "absent")
        )
    poolings, projects = facts.active_poolings, facts.active_projects
    evidence.append(
        "mutualisations actives non renseignées"
        if poolings is None
        else _n(poolings, "mutualisation active", "mutualisations actives")
    )
    evidence.append(
        "projets actifs non renseignés"
        if projects is None
        else _n(projects, "projet actif", "projets actifs")
    )
    missing = []
    if document is None:
        missing.append(
            "la charte et ses signataires, ou l'existence d'un document de stratégie commune"
        )
    if activity is None:
        missing.append("le nombre de mutualisations et de projets actifs")
    return _criterion("art9.common_strategy", _all([document, activity]), evidence, missing)


def _innovation(facts: PoleFacts) -> Criterion:
    innovative = _positive(facts.innovative_projects)
    territory = _positive(facts.territory_communes)
    evidence = [
        "projets innovants non renseignés"
        if facts.innovative_projects is None
        else _n(facts.innovative_projects, "projet innovant", "projets innovants")
        + " (innovation sociale ou technologique)",
        _territory(facts.territory_communes),
    ]
    missing = []
    if innovative is None:
        missing.append("le nombre de projets reconnus innovants")
    if territory is None:
        missing.append("les communes du territoire du pôle")
    return _criterion("art9.innovation", _all([innovative, territory]), evidence, missing)


def article_9_checklist(facts: PoleFacts) -> Checklist:
    """Check the pole against the definition of article 9 of law n° 2014-856.

    Parameters
    ----------
    facts
        The pole's facts.

    Returns
    -------
    Checklist
        Five criteria, in the order of the article:

        ``art9.ess_territory``
            at least one ESS enterprise among the members, a territory of at least one
            commune, and at least half of the members (:data:`TERRITORY_MAJORITY`) on it;
        ``art9.other_enterprise``
            an ESS enterprise and at least one other enterprise, ESS or not, among members;
        ``art9.local_actors``
            a local authority, research, higher-education or training body, or other actor,
            as a member or linked otherwise (``linked_actors``);
        ``art9.common_strategy``
            a charter signed by members or a strategy document, plus at least one active
            pooling or project;
        ``art9.innovation``
            at least one innovative project, on a defined territory.

    Examples
    --------
    >>> facts = PoleFacts(members=[{"family": "ess_enterprise"}, {"family": "public_body"}],
    ...                   territory_communes=12, members_in_territory_share=1.0)
    >>> checklist = article_9_checklist(facts)
    >>> checklist.criterion("art9.ess_territory").status
    'met'
    >>> checklist.criterion("art9.other_enterprise").status
    'not_met'
    >>> checklist.criterion("art9.common_strategy").status
    'unknown'
    >>> checklist.criterion("art9.common_strategy").missing.startswith("Il manque : la charte")
    True
    """
    return Checklist(
        code="article_9",
        title=Text(
            fr="Article 9 de la loi n° 2014-856 du 31 juillet 2014",
            en="Article 9 of law no. 2014-856 of 31 July 2014",
        ),
        criteria=(
            _ess_territory(facts),
            _other_enterprise(facts),
            _local_actors(facts),
            _common_strategy(facts),
            _innovation(facts),
        ),
    )


# --- décret 2015-431 ----------------------------------------------------------------------------


def _private_law(code: str | None) -> Criterion:
    name = "d2015_431.private_law"
    if code is None:
        return _criterion(
            name,
            None,
            ["forme juridique de la structure porteuse non renseignée"],
            ["la catégorie juridique INSEE de la structure qui porte le pôle"],
        )
    if not re.fullmatch(r"\d{4}", code):
        return _criterion(
            name,
            None,
            [f"catégorie juridique {code!r} illisible (4 chiffres attendus)"],
            ["une catégorie juridique INSEE valide pour la structure qui porte le pôle"],
        )
    label = legal_category_label(code)
    category = f"catégorie juridique {code}" + (f" ({label})" if label else "")
    if code[0] in _PRIVATE_LAW_DIGITS:
        return _criterion(
            name, value=True, evidence=[f"{category} : personne morale de droit privé"], missing=[]
        )
    if code[0] in _NOT_PRIVATE_LAW:
        return _criterion(
            name, value=False, evidence=[f"{category} : {_NOT_PRIVATE_LAW[code[0]]}"], missing=[]
        )
    return _criterion(
        name,
        None,
        [f"{category} : personne morale de droit étranger, public ou privé selon le cas"],
        ["le statut, public ou privé, de la structure étrangère qui porte le pôle"],
    )


def _legal_members(facts: PoleFacts) -> Criterion:
    name = "d2015_431.three_legal_persons"
    if facts.members is None:
        return _criterion(
            name, None, ["liste des membres non renseignée"], ["la liste des membres du pôle"]
        )
    flags = [member.is_legal_person for member in facts.members]
    sure = sum(flag is True for flag in flags)
    doubtful = sum(flag is None for flag in flags)
    evidence = [
        f"{_n(sure, 'personne morale', 'personnes morales')} parmi "
        f"{_n(len(flags), 'membre', 'membres')}"
        + (f", {_n(doubtful, 'membre', 'membres')} de nature inconnue" if doubtful else "")
    ]
    return _criterion(
        name,
        _at_least(flags, 3),
        evidence,
        ["la nature (personne morale ou physique) des membres non qualifiés"],
    )


def _legal_role(facts: PoleFacts, name: str, roles: frozenset[str]) -> Criterion:
    value = _at_least_members(facts, roles, 1, legal=True)
    evidence = [_membership(facts.members)]
    if facts.members:
        legal = sum(member.is_legal_person is True for member in facts.members)
        evidence.append(_n(legal, "personne morale", "personnes morales") + " parmi eux")
    missing = [
        _members_missing(
            facts.members, "la famille, le statut ESS ou la nature (personne morale ou non)"
        )
    ]
    return _criterion(name, value, evidence, missing)


def decree_2015_431_checklist(facts: PoleFacts) -> Checklist:
    """Check the pole against the eligibility conditions of décret n° 2015-431.

    Parameters
    ----------
    facts
        The pole's facts.

    Returns
    -------
    Checklist
        Five criteria:

        ``d2015_431.private_law``
            the carrying structure's INSEE legal category starts with 5, 6, 8 or 9 (private
            law); 1 (natural person), 2 (no legal personality), 4 and 7 (public law) do not
            meet it; 3 (foreign law) stays unknown, the code not telling public from private;
        ``d2015_431.three_legal_persons``
            at least three members are legal persons;
        ``d2015_431.ess_enterprise``, ``d2015_431.non_ess_enterprise``,
        ``d2015_431.other_actor``
            at least one member that is a legal person in each role (see the module table).

    Examples
    --------
    >>> members = [{"family": "ess_enterprise", "is_legal_person": True},
    ...            {"family": "non_ess_enterprise", "is_legal_person": True},
    ...            {"family": "public_body", "is_legal_person": True}]
    >>> checklist = decree_2015_431_checklist(PoleFacts(members=members, pole_legal_form="9220"))
    >>> checklist.status
    'met'
    >>> checklist.criterion("d2015_431.private_law").evidence
    'catégorie juridique 9220 (Association déclarée) : personne morale de droit privé.'
    """
    return Checklist(
        code="decree_2015_431",
        title=Text(
            fr="Décret n° 2015-431 du 15 avril 2015 (appels à projets de l'État)",
            en="Decree no. 2015-431 of 15 April 2015 (State calls for projects)",
        ),
        criteria=(
            _private_law(facts.pole_legal_form),
            _legal_members(facts),
            _legal_role(facts, "d2015_431.ess_enterprise", frozenset({_ESS})),
            _legal_role(facts, "d2015_431.non_ess_enterprise", frozenset({_NON_ESS})),
            _legal_role(facts, "d2015_431.other_actor", frozenset({_OTHER})),
        ),
    )
