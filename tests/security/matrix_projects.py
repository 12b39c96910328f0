"""Permission-matrix rows for the projects pages (see matrix_core.py for the vocabulary).

Every role sees the portfolio (funders get honest reports); only the coordinator changes it.
Objects built here: "project", led by the pole's fixture structure.
"""

from __future__ import annotations

from typing import Any

from matrix_core import COORD_ONLY, EVERY_ROLE, Row

from ptce.projects.models import PartnerRole, Project, ProjectPartner, ProjectStatus

ROWS: dict[str, Row] = {
    "project-list": Row(EVERY_ROLE),
    "project-create": Row(COORD_ONLY),
    "project-detail": Row(EVERY_ROLE, objects=("pk:project",)),
    "project-edit": Row(COORD_ONLY, objects=("pk:project",)),
}


def build_objects(pole: Any, objects: dict[str, Any]) -> dict[str, Any]:
    """Objects of `pole` that this area's URLs name in `Row.objects`."""
    project = Project.objects.create(
        pole=pole, name=f"Ressourcerie {pole.slug}", status=ProjectStatus.ACTIVE
    )
    ProjectPartner.objects.create(
        pole=pole, project=project, organisation=objects["organisation"], role=PartnerRole.LEAD
    )
    return {"project": project}
