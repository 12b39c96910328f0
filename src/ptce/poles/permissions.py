"""Every capability, and which role holds it. The one place permissions are decided.

Views name the capability they need; `ptce.poles.access.pole_view` checks it. Tests walk
`ROLE_CAPABILITIES` and the URL table together, so a change here shows up in the matrix test.
"""

from __future__ import annotations

from enum import StrEnum

from django.contrib.auth.base_user import AbstractBaseUser

from ptce.poles.models import Role, RoleAssignment


class Capability(StrEnum):
    VIEW_POLE = "view_pole"
    VIEW_DIRECTORY = "view_directory"
    VIEW_PEOPLE = "view_people"
    MANAGE_REGISTRY = "manage_registry"
    MANAGE_TERRITORY = "manage_territory"
    IMPORT_MEMBERS = "import_members"
    VIEW_MEETINGS = "view_meetings"
    MANAGE_MEETINGS = "manage_meetings"
    RESPOND_TO_INVITATIONS = "respond_to_invitations"
    UPDATE_OWN_ACTIONS = "update_own_actions"
    VIEW_DASHBOARDS = "view_dashboards"
    VIEW_ATTENTION_LIST = "view_attention_list"
    VIEW_POOLINGS = "view_poolings"
    MANAGE_POOLINGS = "manage_poolings"
    BOOK_RESOURCES = "book_resources"
    # Employees' names, contracts and costs: personal and commercial data.
    MANAGE_EMPLOYER_GROUP = "manage_employer_group"
    VIEW_PROJECTS = "view_projects"
    MANAGE_PROJECTS = "manage_projects"
    VIEW_ECONOMICS = "view_economics"
    MANAGE_ECONOMICS = "manage_economics"
    # The graph of structures and the governance aggregates; people appear only with VIEW_PEOPLE.
    VIEW_NETWORK = "view_network"
    # Measured indicators, conformity, and campaign results once the coordinator publishes them.
    VIEW_EVALUATION = "view_evaluation"
    MANAGE_CAMPAIGNS = "manage_campaigns"
    ANSWER_ASSESSMENT = "answer_assessment"


# Funders get honest reports and members see the accounts (financial transparency): the
# poolings, projects and economic model are open to every role, structure by structure.
_READ = {
    Capability.VIEW_POLE,
    Capability.VIEW_DIRECTORY,
    Capability.VIEW_DASHBOARDS,
    Capability.VIEW_POOLINGS,
    Capability.VIEW_PROJECTS,
    Capability.VIEW_ECONOMICS,
    Capability.VIEW_NETWORK,
    Capability.VIEW_EVALUATION,
}
# What a member structure's representative does in the pole's cooperative life.
_TAKE_PART = {
    Capability.VIEW_PEOPLE,
    Capability.VIEW_MEETINGS,
    Capability.RESPOND_TO_INVITATIONS,
    Capability.UPDATE_OWN_ACTIONS,
    Capability.VIEW_ATTENTION_LIST,
    Capability.BOOK_RESOURCES,
    Capability.ANSWER_ASSESSMENT,
}

ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.COORDINATOR: frozenset(Capability),
    # Members know each other (inter-connaissance): people who consented are visible to them.
    Role.MEMBER: frozenset(_READ | _TAKE_PART),
    # Funders and observatories see structures and aggregate figures, never personal data.
    Role.FUNDER: frozenset(_READ),
    Role.OBSERVER: frozenset(_READ),
}


def has_capability(role: str | None, capability: Capability) -> bool:
    return role is not None and capability in ROLE_CAPABILITIES.get(role, frozenset())


def may_observe(user: AbstractBaseUser) -> bool:
    """Observatory pages (outside any pole): observers of at least one pole, and staff."""
    if user.is_staff:
        return True
    return RoleAssignment.objects.filter(user=user, role=Role.OBSERVER).exists()
