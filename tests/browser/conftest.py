"""Real-browser tests: Playwright driving Debian's Chromium (Playwright's own download
does not work on these machines). With CI=true a missing Chromium fails the run."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("JAMSOS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Playwright's sync API keeps an event loop on the test thread; the ORM calls the
# tests make there are ordinary synchronous ones.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not shutil.which(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM} (apt-get install -y chromium)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(locale="id-ID", viewport={"width": 390, "height": 844})  # type: ignore[attr-defined]
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot(page: object, request: pytest.FixtureRequest) -> Callable[[str], Path]:
    """Save a full-page screenshot under the run's output folder (JAMSOS_TEST_OUTPUT)."""
    folder = Path(os.environ.get("JAMSOS_TEST_OUTPUT", "var/test-output")) / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    engine = request.config.getoption("--engine")

    def take(name: str) -> Path:
        path = folder / f"{request.node.name}-{name}-{engine}.png"
        page.screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]
        return path

    return take
