"""The registry read as the facts of the legal checklists (`ptce_analytics.conformity`).

`pole_facts(pole, on=day)` gathers what article 9 of law n° 2014-856 and décret n° 2015-431 ask
about: the members on that day (family, ESS status, legal person or not), the pole's legal
form, its charter and who signed it, the poolings and projects running that day, the
territory. What the registry does not record stays None ("not known"), so the checklists say
"unknown" and name the missing data instead of "not met".

Callers run inside the pole's scope; a fixed number of queries whatever the pole's size.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

import pandas as pd
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ptce.economics.models import FundingLine
from ptce.poles.models import Pole, PoleLegalForm
from ptce.pooling.selectors import active_poolings_count
from ptce.projects.models import Innovation
from ptce.projects.selectors import projects_frame
from ptce.registry.models import Membership
from ptce_analytics.conformity import (
    MET,
    NOT_MET,
    UNKNOWN,
    Checklist,
    MemberFacts,
    PoleFacts,
    article_9_checklist,
    decree_2015_431_checklist,
)
from ptce_analytics.indicators import projects_active_on

__all__ = [
    "LEGAL_FORM_CATEGORIES",
    "STATUS_LABELS",
    "Conformity",
    "active_members",
    "is_legal_person",
    "pole_conformity",
    "pole_facts",
]

# The pole's legal form as a representative INSEE legal category: all three are legal persons
# under private law (association déclarée, société coopérative, GIE). "Autre" tells nothing.
LEGAL_FORM_CATEGORIES = {
    PoleLegalForm.ASSOCIATION: "9220",
    PoleLegalForm.SCIC: "5560",
    PoleLegalForm.GIE: "6220",
}
PRIVATE_LAW_CRITERION = "d2015_431.private_law"
# Families linked to a pole in the sense of article 9 besides enterprises.
LINKED_FAMILIES = ("public_body", "research", "training")
# Funding lines of the last three years count as a link with the funder.
LINK_YEARS = 3
_CATEGORY = re.compile(r"\d{4}")


def is_legal_person(legal_category: str) -> bool | None:
    """From the INSEE legal category: 1xxx natural persons (sole traders) and 2xxx groupings
    without legal personality are not legal persons; other codes are. Blank or unreadable: None.
    """
    code = (legal_category or "").strip()
    if not _CATEGORY.fullmatch(code):
        return None
    return code[0] not in "12"


def active_members(day: dt.date):
    """Memberships running on `day`; a missing start or end date means "open"."""
    return Membership.objects.filter(
        (Q(start_date__isnull=True) | Q(start_date__lte=day))
        & (Q(end_date__isnull=True) | Q(end_date__gte=day))
    )


def _charter_share(pole: Pole, memberships: list[Membership], day: dt.date) -> float | None:
    if not memberships:
        return None
    signed = [m.charter_signed_on for m in memberships]
    current = pole.charter_signed_on
    if current is None or current > day:
        # No dated charter: signatures up to the day still show there is one.
        count = sum(1 for on in signed if on is not None and on <= day)
        return count / len(memberships) if count else None
    count = sum(1 for on in signed if on is not None and current <= on <= day)
    return count / len(memberships)


def _innovative(innovation: pd.Series) -> int | None:
    values = [value for value in innovation if value]
    innovative = sum(value in (Innovation.SOCIAL, Innovation.TECHNOLOGICAL) for value in values)
    # Some projects not qualified and none known to be innovative: nothing decides.
    return None if not innovative and len(values) < len(innovation) else innovative


def pole_facts(pole: Pole, *, on: dt.date) -> PoleFacts:
    """The pole's facts on `on` for the legal checklists; see the module documentation."""
    memberships = list(
        active_members(on)
        .filter(pole=pole)
        .select_related("organisation")
        .only(
            "charter_signed_on",
            "organisation__id",
            "organisation__actor_family",
            "organisation__is_ess",
            "organisation__legal_category",
            "organisation__commune_id",
        )
    )
    # One membership per structure: a structure that left and came back counts once.
    organisations = {m.organisation_id: m.organisation for m in memberships}
    members = tuple(
        MemberFacts(
            organisation_id=org.pk,
            family=org.actor_family or None,
            is_legal_person=is_legal_person(org.legal_category),
            is_ess=org.is_ess,
        )
        for org in organisations.values()
    )
    territory = set(pole.communes.values_list("code", flat=True))
    located = [org.commune_id for org in organisations.values() if org.commune_id]
    share = (
        sum(1 for code in located if code in territory) / len(located)
        if territory and located
        else None
    )
    frame = projects_frame(pole)
    active = frame[projects_active_on(frame, on).to_numpy()] if len(frame) else frame
    member_ids = set(organisations)
    partners = {
        organisation
        for ids, families in zip(active["partner_ids"], active["partner_families"], strict=True)
        for organisation, family in zip(ids, families, strict=True)
        if family in LINKED_FAMILIES
    }
    funders = set(
        FundingLine.objects.filter(
            pole=pole,
            year__gt=on.year - LINK_YEARS,
            year__lte=on.year,
            funder__actor_family__in=LINKED_FAMILIES,
        ).values_list("funder_id", flat=True)
    )
    return PoleFacts(
        members=members,
        pole_legal_form=LEGAL_FORM_CATEGORIES.get(pole.legal_form),
        charter_signed_share=_charter_share(pole, memberships, on),
        strategy_document=None,
        active_poolings=active_poolings_count(pole, today=on),
        active_projects=len(active),
        innovative_projects=_innovative(active["innovation"]),
        territory_communes=len(territory),
        members_in_territory_share=share,
        linked_actors=len((partners | funders) - member_ids),
    )


@dataclass(frozen=True)
class Conformity:
    """Both checklists of a pole on a date, and the facts they were read from."""

    pole: Pole
    on: dt.date
    facts: PoleFacts
    checklists: tuple[Checklist, Checklist]

    def as_dict(self) -> dict:
        return {
            "pole": self.pole.slug,
            "on": self.on.isoformat(),
            "checklists": [checklist.as_dict() for checklist in self.checklists],
        }


def _legal_form_evidence(pole: Pole, checklist: Checklist) -> Checklist:
    """Say what the pole's form is, rather than the representative category standing for it."""
    criteria = []
    for criterion in checklist.criteria:
        if criterion.code == PRIVATE_LAW_CRITERION:
            form = pole.get_legal_form_display() if pole.legal_form else ""
            if criterion.status == MET:
                evidence = _(
                    "forme juridique du pôle : %(form)s, personne morale de droit privé."
                ) % {"form": form}
                criterion = replace(criterion, evidence=evidence)
            elif pole.legal_form == PoleLegalForm.OTHER:
                criterion = replace(
                    criterion,
                    evidence=_(
                        "forme juridique du pôle : « Autre », qui ne dit pas s'il s'agit d'une "
                        "personne morale de droit privé."
                    ),
                    missing=_(
                        "Il manque : la forme juridique précise de la structure qui porte le pôle."
                    ),
                )
            else:
                criterion = replace(
                    criterion,
                    evidence=_("forme juridique du pôle non renseignée."),
                    missing=_("Il manque : la forme juridique de la structure qui porte le pôle."),
                )
        criteria.append(criterion)
    return replace(checklist, criteria=tuple(criteria))


def pole_conformity(pole: Pole, *, on: dt.date) -> Conformity:
    """Article 9 and décret 2015-431 checklists of `pole` on `on`, with their evidence."""
    facts = pole_facts(pole, on=on)
    return Conformity(
        pole=pole,
        on=on,
        facts=facts,
        checklists=(
            article_9_checklist(facts),
            _legal_form_evidence(pole, decree_2015_431_checklist(facts)),
        ),
    )


STATUS_LABELS = {
    MET: gettext_lazy("rempli"),
    NOT_MET: gettext_lazy("non rempli"),
    UNKNOWN: gettext_lazy("inconnu"),
}
