"""Shared fixtures. Fixtures build data unscoped; tests run views through the real scoping."""

from __future__ import annotations

import os

import pytest
from django_scopes import scopes_disabled
from hypothesis import settings as hypothesis_settings

# A shared 2-core machine makes timings noisy: no per-example deadline. In CI, examples are
# derived from the test itself, so a run is reproducible and cannot fail by luck of the draw.
hypothesis_settings.register_profile("ptce", deadline=None)
hypothesis_settings.register_profile(
    "ci", parent=hypothesis_settings.get_profile("ptce"), derandomize=True
)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "ptce")

# Playwright's sync API runs an event loop in the main thread; Django's ORM calls from the
# test body are synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _unscoped_fixtures():
    """Tests and fixtures may touch any pole's rows; views still enforce their own scope."""
    with scopes_disabled():
        yield


@pytest.fixture(autouse=True)
def _french_after_each_test():
    """LocaleMiddleware leaves a request's language active in the thread; reset it."""
    yield
    from django.utils import translation

    translation.activate("fr")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The production hasher is slow on purpose; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make_pole(db):
    from ptce.poles.models import Pole

    def make(slug: str = "pole-a", name: str | None = None, **fields):
        return Pole.objects.create(slug=slug, name=name or slug.replace("-", " ").title(), **fields)

    return make


@pytest.fixture
def make_user(db):
    from django.contrib.auth import get_user_model

    from ptce.poles.models import RoleAssignment

    def make(
        username: str, *, pole=None, role: str | None = None, password: str = "motdepasse-test"
    ):
        user = get_user_model().objects.create_user(username=username, password=password)
        if pole is not None and role is not None:
            RoleAssignment.objects.create(user=user, pole=pole, role=role)
        return user

    return make
