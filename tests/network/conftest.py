"""Fixtures of the network tests: the star pole of `network_helpers` and logged-in clients."""

from __future__ import annotations

import pytest
from network_helpers import Etoile, build_etoile


@pytest.fixture
def etoile(make_pole) -> Etoile:
    return build_etoile(make_pole("pole-etoile", "Pôle Étoile"))


@pytest.fixture
def login(client, make_user, etoile):
    """Log a user with `role` on the star pole into the test client."""

    users: dict[str, object] = {}

    def log(role: str):
        if role not in users:
            users[role] = make_user(f"user-{role}", pole=etoile.pole, role=role)
        client.force_login(users[role])
        return client

    return log
