"""Reads of the registry. Callers run inside the pole's scope (see `ptce.poles.access`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from ptce.core.text import fold, search_key
from ptce.registry.models import Membership, Organisation, Person


def active_memberships(*, on: dt.date | None = None) -> QuerySet[Membership]:
    day = on or timezone.localdate()
    return Membership.objects.filter(
        Q(start_date__isnull=True) | Q(start_date__lte=day),
        Q(end_date__isnull=True) | Q(end_date__gte=day),
    )


def member_organisations(*, on: dt.date | None = None) -> QuerySet[Organisation]:
    """Structures with a membership running on the given day (today by default)."""
    running = active_memberships(on=on).filter(organisation=OuterRef("pk"))
    return Organisation.objects.filter(Exists(running))


@dataclass(frozen=True)
class DirectoryFilters:
    q: str = ""
    family: str = ""
    ess: str = ""  # "yes", "no", "unknown" or ""
    commune: str = ""  # INSEE code
    college: int | None = None


def directory(*, filters: DirectoryFilters) -> QuerySet[Organisation]:
    """The member directory: one row per structure, with everything the table shows.

    The number of queries does not grow with the number of rows: relations are joined or
    prefetched here, never followed from the template.
    """
    memberships = active_memberships().select_related("college")
    qs = Organisation.objects.select_related("commune").prefetch_related(
        Prefetch("memberships", queryset=memberships, to_attr="current_memberships")
    )
    if filters.q:
        needle = fold(filters.q)
        digits = filters.q.replace(" ", "")
        qs = qs.filter(
            Q(name_key__contains=needle)
            | Q(siret__startswith=digits)
            | Q(rna__iexact=digits)
            # Commune names are stored with saints spelled out: "st agne" finds Saint-Agne.
            | Q(commune__search_name__contains=search_key(filters.q))
        )
    if filters.family:
        qs = qs.filter(actor_family=filters.family)
    if filters.ess == "yes":
        qs = qs.filter(is_ess=True)
    elif filters.ess == "no":
        qs = qs.filter(is_ess=False)
    elif filters.ess == "unknown":
        qs = qs.filter(is_ess__isnull=True)
    if filters.commune:
        qs = qs.filter(commune_id=filters.commune)
    if filters.college:
        qs = qs.filter(memberships__in=memberships.filter(college_id=filters.college))
    return qs.order_by("name_key", "pk").distinct()


def people_visible_to(*, role: str) -> QuerySet[Person]:
    """Coordinators see everyone; members see only people who agreed to be in the directory."""
    qs = Person.objects.select_related("organisation")
    if role == "coordinator":
        return qs
    return qs.filter(consent_directory=True)
