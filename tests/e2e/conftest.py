"""Fixtures of the browser tests: one Chromium for the session, and the sample site and the injection site
(`tests/fixtures/injection/`), each built once and served on 127.0.0.1."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browsing import CHROMIUM, CHROMIUM_ARGS, CHROMIUM_PACKAGE, Site, required, serve
from playwright.sync_api import Browser, sync_playwright

from helpers import BuildResult


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test of this folder is a browser test: `pytest -m "not browser"` leaves them out."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, its headless shell (never a browser downloaded by Playwright)."""
    required(CHROMIUM.is_file(), f"Chromium's headless shell ({CHROMIUM}, Debian package `{CHROMIUM_PACKAGE}`)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def sample_site(sample_build: BuildResult) -> Iterator[Site]:
    assert sample_build.returncode == 0, sample_build.output
    with serve("sample", sample_build.site) as site:
        yield site


@pytest.fixture(scope="session")
def injection_site(injection_build: BuildResult) -> Iterator[Site]:
    """The site whose every text and URL field holds a payload; its build must succeed."""
    result = injection_build
    assert result.returncode == 0, result.output
    config = result.site.parent / "mkdocs.yml"
    site_url = re.search(r"^site_url:\s*(\S+)", config.read_text(encoding="utf-8"), re.M)
    prefix = urlsplit(site_url.group(1)).path if site_url else "/"
    with serve("injection", result.site, prefix or "/") as site:
        yield site


# The injection site's tests are a group of their own (`make test` runs them beside the other browser tests).
@pytest.fixture(
    scope="session", params=["sample", pytest.param("injection", marks=pytest.mark.xdist_group("injection"))]
)
def any_site(request: pytest.FixtureRequest) -> Site:
    """Each served site in turn."""
    site: Site = request.getfixturevalue(f"{request.param}_site")
    return site
