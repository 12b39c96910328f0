"""Writes to the cooperative projects: the project and its partners in one transaction.

Every function takes the pole explicitly and refuses a row of another pole.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ptce.core.services import pole_row_save
from ptce.poles.models import Pole
from ptce.projects.models import PartnerRole, Project, ProjectPartner
from ptce.registry.models import Organisation


def _check_pole(obj: Any, pole: Pole, field: str) -> None:
    if obj is not None and obj.pole_id != pole.pk:
        raise ValidationError({field: _("Cet élément n'appartient pas au pôle.")})


def project_save(
    *,
    actor: Any,
    pole: Pole,
    project: Project,
    lead: Organisation | None,
    partners: Iterable[Organisation],
) -> Project:
    """Create or update `project` with exactly these partners, atomically, and log it.

    `lead` becomes the only "chef de file" (None: no lead known); `partners` are the other
    structures. A lead also listed among the partners stays the lead. Partner rows no longer
    listed are removed; the others keep their row, their role updated.
    """
    partner_list = list(partners)
    _check_pole(project.working_group, pole, "working_group")
    _check_pole(lead, pole, "lead")
    for organisation in partner_list:
        _check_pole(organisation, pole, "partners")
    wanted: dict[int, str] = {o.pk: PartnerRole.PARTNER for o in partner_list}
    if lead is not None:
        wanted[lead.pk] = PartnerRole.LEAD
    data = {
        "name": project.name,
        "status": project.status,
        "lead": lead.pk if lead else None,
        "partners": sorted(pk for pk, role in wanted.items() if role == PartnerRole.PARTNER),
    }
    with transaction.atomic():
        pole_row_save(project, actor=actor, pole=pole, data=data)
        existing = {
            row.organisation_id: row
            for row in ProjectPartner.objects.filter(pole=pole, project=project)
        }
        gone = [row.pk for org_id, row in existing.items() if org_id not in wanted]
        if gone:
            ProjectPartner.objects.filter(pole=pole, pk__in=gone).delete()
        # Demote the old lead before promoting the new one: one lead per project at any time.
        changed = sorted(
            (row for org_id, row in existing.items() if org_id in wanted),
            key=lambda row: wanted[row.organisation_id] == PartnerRole.LEAD,
        )
        for row in changed:
            if row.role != wanted[row.organisation_id]:
                row.role = wanted[row.organisation_id]
                row.save(update_fields=["role"])
        ProjectPartner.objects.bulk_create(
            ProjectPartner(pole=pole, project=project, organisation_id=org_id, role=role)
            for org_id, role in sorted(wanted.items())
            if org_id not in existing
        )
    return project
