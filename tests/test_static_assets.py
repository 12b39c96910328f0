"""Every asset is served locally (no CDN), by the app itself, in the demo and in production."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse


@pytest.mark.parametrize("path", ["ptce/ptce.css", "ptce/ptce.js", "ptce/vendor/htmx.min.js"])
def test_static_files_are_served_by_the_app(client, path):
    response = client.get(f"/static/{path}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)


def test_pages_load_no_third_party_asset(client):
    html = client.get(reverse("login")).content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources
    assert not [s for s in sources if s.startswith(("http:", "https:", "//"))]
