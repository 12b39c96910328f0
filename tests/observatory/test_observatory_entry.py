"""Observers find the observatory from their list of poles; other roles do not see it."""

from __future__ import annotations

import pytest
from django.urls import reverse


@pytest.mark.parametrize(("role", "shown"), [("observer", True), ("coordinator", False)])
def test_my_poles_links_the_observatory_to_observers(client, make_pole, make_user, role, shown):
    client.force_login(make_user("u", pole=make_pole("p"), role=role))
    page = client.get(reverse("my-poles")).content.decode()
    assert (reverse("observatory-compare") in page) is shown
    assert (reverse("observatory-map") in page) is shown
