"""Real-browser fixtures: Debian's Chromium driven by Playwright, never a downloaded browser."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM = Path("/usr/bin/chromium")
# The machine has no outside network: keep Chromium from calling home at start.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        reason = f"Debian's Chromium is missing at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must run the browser tests")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def _new_page(browser: Browser, *, javascript: bool) -> Iterator[Page]:
    context = browser.new_context(
        locale="fr-FR",
        viewport={"width": 1280, "height": 900},
        java_script_enabled=javascript,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    broken_assets: list[str] = []
    page.on(
        "response",
        lambda r: broken_assets.append(f"{r.status} {r.url}")
        if "/static/" in r.url and r.status >= 400 else None,
    )
    yield page
    context.close()
    # A page without its stylesheet or htmx still "works" in a test; users would see it.
    assert not broken_assets, f"static files failed to load: {sorted(set(broken_assets))}"


@pytest.fixture
def page(chromium: Browser) -> Iterator[Page]:
    """A fresh French-speaking browser tab with its own cookies."""
    yield from _new_page(chromium, javascript=True)


@pytest.fixture
def page_without_js(chromium: Browser) -> Iterator[Page]:
    """Same, with JavaScript off: the pages must still work without htmx."""
    yield from _new_page(chromium, javascript=False)


@pytest.fixture
def screenshot_dir(tmp_path: Path) -> Path:
    """Where screenshots go: PTCE_SCREENSHOT_DIR if set (to keep them), else the test's tmp dir."""
    kept = os.environ.get("PTCE_SCREENSHOT_DIR")
    if kept:
        path = Path(kept)
        path.mkdir(parents=True, exist_ok=True)
        return path
    return tmp_path
