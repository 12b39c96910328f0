"""A star-shaped demo pole: every structure's projects go through one leading structure.

The paper behind the platform observed that nine of the twelve pôles témoins are driven by a
charismatic leader. The demo's other data tie members through shared poolings and projects,
which makes well-knit networks; none shows what a pole that hangs on one actor looks like.
This module gives Fontaine O Livres (a pole grown around an incubator for the book trade) that
shape: its leading structure accompanies each other member in a one-to-one project
("Accompagnement individuel"), so the cooperation graph of the last 12 months is a star around
it, and its departure would split the pole. The leading structure is the member that already
takes part in the most projects and poolings (ties broken by id), so the star grows from the
pole's existing centre.

Every row is synthetic (`is_synthetic=True`) and deterministic for a given `today`: projects
start one every ten days, the last one about three months before `today`, and run on. Running
it again creates nothing when the pole already has these projects.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from ptce.poles.models import Pole
from ptce.pooling.models import PoolingParticipant
from ptce.projects.models import PartnerRole, Project, ProjectPartner, ProjectStatus
from ptce.registry.selectors import member_organisations

STAR_POLE = "fontaine-o-livres"
NAME_PREFIX = "Accompagnement individuel — "
# The last project starts about three months before `today`, the others every ten days before.
LAST_START_DAYS = 90
SPACING_DAYS = 10


@dataclass(frozen=True)
class StarReport:
    pole: str | None = None
    leader: str | None = None
    projects: int = 0
    skipped: bool = False

    @property
    def message(self) -> str:
        if self.pole is None:
            return _("Pôle en étoile : pôle %(slug)s absent, rien de créé.") % {"slug": STAR_POLE}
        if self.skipped:
            return _("Pôle en étoile (%(pole)s) : déjà présent, rien de créé.") % {
                "pole": self.pole
            }
        return _(
            "Pôle en étoile (%(pole)s) : %(n)s projets d'accompagnement individuel menés par "
            "%(leader)s, la structure motrice."
        ) % {"pole": self.pole, "n": self.projects, "leader": self.leader}


def build_star_pole(*, today: dt.date | None = None) -> StarReport:
    """Give the star pole its one-to-one projects around its leading structure."""
    today = today or timezone.localdate()
    pole = Pole.objects.filter(slug=STAR_POLE).first()
    if pole is None:
        return StarReport()
    with transaction.atomic(), scope(pole=pole):
        if Project.objects.filter(pole=pole, name__startswith=NAME_PREFIX).exists():
            return StarReport(pole=pole.name, skipped=True)
        members = list(
            member_organisations(on=today)
            .filter(pole=pole)
            .order_by("pk")
            .values_list("pk", "name")
        )
        if len(members) < 3:
            return StarReport(pole=pole.name, skipped=True)
        taking_part = Counter(
            ProjectPartner.objects.filter(pole=pole).values_list("organisation_id", flat=True)
        )
        taking_part.update(
            PoolingParticipant.objects.filter(pole=pole).values_list("organisation_id", flat=True)
        )
        leader_pk, leader_name = min(members, key=lambda m: (-taking_part[m[0]], m[0]))
        others = [(pk, name) for pk, name in members if pk != leader_pk]
        first = today - dt.timedelta(days=LAST_START_DAYS + SPACING_DAYS * (len(others) - 1))
        projects = Project.objects.bulk_create(
            [
                Project(
                    pole=pole,
                    is_synthetic=True,
                    name=f"{NAME_PREFIX}{name}"[:200],
                    description=_(
                        "Accompagnement de la structure par %(leader)s, structure motrice du "
                        "pôle : diagnostic, mise en relation, appui au développement."
                    )
                    % {"leader": leader_name},
                    status=ProjectStatus.ACTIVE,
                    started_on=first + dt.timedelta(days=SPACING_DAYS * index),
                    goal_economic=True,
                )
                for index, (_pk, name) in enumerate(others)
            ]
        )
        ProjectPartner.objects.bulk_create(
            [
                row
                for project, (pk, _name) in zip(projects, others, strict=True)
                for row in (
                    ProjectPartner(
                        pole=pole,
                        is_synthetic=True,
                        project=project,
                        organisation_id=leader_pk,
                        role=PartnerRole.LEAD,
                    ),
                    ProjectPartner(
                        pole=pole,
                        is_synthetic=True,
                        project=project,
                        organisation_id=pk,
                        role=PartnerRole.PARTNER,
                    ),
                )
            ]
        )
    return StarReport(pole=pole.name, leader=leader_name, projects=len(projects))
