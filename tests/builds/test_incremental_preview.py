"""The incremental preview (`mkdocs serve --dirty`, `mkdocs/incremental.py`): after each kind of save a
running preview's site is, byte for byte, the site a clean build of the same files makes, while it converts
and renders only the pages whose output may change.

One process builds as the preview does (MkDocs' `build` with `dirty`, the serve URL, plugins started as for
`serve`), saves a change, rebuilds, and after each rebuild builds the same files afresh into another folder
(not dirty) to compare every file of the two sites. The project is `tests/fixtures/links/` (posts that name
the data's entities, tags, a page that links a post) with two more posts, one with a category (whose page
shows its title and excerpt)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from helpers import BIN, build_env, run_command, run_python

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "links"

# argv: project, preview site, clean site, the tool (`mkdocs` or its fork `properdocs`), how many steps, and
# `each` (the pages a save leaves for after the reload are written before the next save) or `rapid` (every
# other save comes before they are, as the server's builder does it: they are dropped, and made by the next).
# Prints one JSON line per step compared with its clean build.
STEPS = r"""
import importlib, json, logging, os, re, shutil, sys, time
from pathlib import Path

project, site, clean, tool, count = Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
mode = sys.argv[6]
if tool == "properdocs":  # as its command does: `mkdocs.*` imports (the plugins') are its modules
    import properdocs.replacement
build = importlib.import_module(f"{tool}.commands.build").build
load_config = importlib.import_module(f"{tool}.config").load_config
URL = "http://127.0.0.1:8000/"
counts = []

drawn = []

class Counts(logging.Handler):
    def emit(self, record):
        found = re.search(r"preview: (\d+) of (\d+) pages converted, (\d+) rendered(?:, (\d+) of them)?",
                          record.getMessage())
        if found:
            counts.append([int(n or 0) for n in found.groups()])
        found = re.search(r"preview: (\d+) of (\d+) pages made from the data made again", record.getMessage())
        if found:
            drawn.append([int(n) for n in found.groups()])

# The tables and charts of pages made from the data, each time drawn: in a rebuild, and after it.
from almanac.core.data.pages.content import PageContent
draws = []
_draw = PageContent.draw
PageContent.draw = lambda self, url, *args, **options: draws.append(url) or _draw(self, url, *args, **options)

for name in ("mkdocs", tool):
    logging.getLogger(name).addHandler(Counts(logging.INFO))
    logging.getLogger(name).setLevel(logging.INFO)

def preview(folder, dirty):
    config = load_config(str(project / "mkdocs.yml"), site_dir=folder)
    config.plugins.on_startup(command="serve", dirty=dirty)
    config.site_url = URL
    build(config, serve_url=URL, dirty=dirty)

def files(root):
    return {str(p.relative_to(root)): p.read_bytes() for p in Path(root).rglob("*") if p.is_file()}

posts = project / "docs" / "blog" / "posts"

def edit(name, old, new):
    path = posts / name
    text = path.read_text(encoding="utf-8")
    assert old in text, (name, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")

def data_edit(old='input: "0.50"', new='input: "0.55"'):
    path = project / "data" / "vendors" / "deepseek.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")

PRO = 'rates: {input: "1.00", output: "4.00"}\n            source: "https://deepseek.example/pricing"\n'
PRO_CHANGED = (PRO.replace("rates:", "to: 2026-06-01\n            rates:") + "            checked: 2026-08-20\n"
    "          - from: 2026-06-01\n            to: null\n            " + PRO.replace('"1.00"', '"0.90"'))
INCIDENT = ("provider: openrouter\nincidents:\n  - id: 2026-07-02-slow-answers\n    title: Slow answers\n"
    "    impact: minor\n    started_at: 2026-07-02T10:00:00+00:00\n    resolved_at: 2026-07-02T11:00:00+00:00\n")

steps = [
    ("saved unchanged", lambda: os.utime(posts / "2026-03-01-prices.md")),
    ("a word of a post", lambda: edit("2026-05-01-quiet.md", "\n\n", "\n\nA new sentence opens the post.\n\n")),
    ("a name in a post", lambda: edit("2026-05-01-quiet.md", "A new", "OpenRouter resells it. A new")),
    ("a post's title", lambda: edit("2026-06-01-second.md", "title: A second note", "title: A second note, retitled")),
    ("a new post", lambda: (posts / "2026-07-01-new.md").write_text(
        "---\ntitle: A new note on DeepSeek\ndate: 2026-07-01\ntags: [pricing]\n---\n\n"
        "DeepSeek cut its prices again.\n\n<!-- more -->\n\nMore below the fold.\n", encoding="utf-8")),
    ("a post's tags", lambda: edit("2026-06-01-second.md", "tags: [pricing]", "tags: [pricing, large model]")),
    ("a post's categories", lambda: edit("2026-06-01-second.md", "categories: [Notes]", "categories: [Notes, Prices]")),
    ("a post deleted", lambda: (posts / "2026-07-01-new.md").unlink()),
    ("an alias and a related link", lambda: edit("2026-06-01-second.md", "tags: [pricing, large model]",
        "tags: [pricing, large model]\naliases: [blog/old-second/]\n"
        "links: [about.md, blog/posts/2026-03-01-prices.md]")),
    ("a linked page's title", lambda: edit("2026-03-01-prices.md", "title: DeepSeek cuts its prices",
        "title: DeepSeek cuts its prices again")),
    ("an alias removed", lambda: edit("2026-06-01-second.md", "aliases: [blog/old-second/]\n", "")),
    ("a price in data/", data_edit),
    ("a price change in data/", lambda: data_edit("to: null\n            " + PRO, "" + PRO_CHANGED)),
    ("an exchange rate in data/", lambda: (project / "data" / "fx.yaml").write_text(
        (project / "data" / "fx.yaml").read_text(encoding="utf-8").replace('"7.10"', '"7.20"'), encoding="utf-8")),
    ("an incident in data/", lambda: (project / "data" / "incidents").mkdir() or
        (project / "data" / "incidents" / "openrouter.yaml").write_text(INCIDENT, encoding="utf-8")),
    ("a name in data/", lambda: (project / "data/providers/openrouter.yaml").write_text(
        (project / "data/providers/openrouter.yaml").read_text(encoding="utf-8").replace(
            "name: OpenRouter", "name: OpenRouter Inc"), encoding="utf-8")),
    ("mkdocs.yml", lambda: (project / "mkdocs.yml").write_text(
        (project / "mkdocs.yml").read_text(encoding="utf-8").replace("Linked Almanac", "Linked Almanac, renamed"),
        encoding="utf-8")),
]
from almanac.mkdocs.preview import LATER

preview(site, True)
LATER.on = True  # as once MkDocs' server runs: pages not saved are written after the reload
for index, (name, change) in enumerate(steps[:count]):
    time.sleep(0.02)
    change()
    counts.clear()
    drawn.clear()
    draws.clear()
    if mode == "rapid":  # as the server's builder does (`serve_preview`); its thread writes what is left
        LATER.before_build()
        preview(site, True)
        LATER.after_build(good=True)
        if index % 2 == 0:
            continue
    else:
        preview(site, True)
    later = LATER.pending()
    drawn_in_build = sorted(draws)
    before = files(site)
    LATER.finish()
    drawn_later = sorted(draws[len(drawn_in_build):])
    after = files(site)
    written_later = sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path))
    shutil.rmtree(clean, ignore_errors=True)
    preview(clean, False)
    mine, theirs = files(site), files(clean)
    differ = sorted(path for path in mine.keys() | theirs.keys() if mine.get(path) != theirs.get(path))
    print(json.dumps({"step": name, "differ": differ, "counts": counts[0] if counts else None,
                      "drawn": drawn[0] if drawn else None, "later": later, "written_later": written_later,
                      "drawn_in_build": drawn_in_build, "drawn_later": drawn_later}),
          flush=True)
"""

SECOND_POST = """\
---
title: A second note
date: 2026-06-01
tags: [pricing]
categories: [Notes]
---

OpenRouter lists DeepSeek among its providers; our [earlier note](2026-03-01-prices.md) has the prices.

<!-- more -->

The rest of the note.
"""


# A second vendor, whose pages a price of the first one leaves as they were (and an exchange rate does not).
ACME = """\
schema_version: 1
vendor:
  id: acme
  name: Acme
models:
  - id: acme-one
    name: Acme-One
    offers:
      - provider: openrouter
        region: global
        currency: CNY
        periods:
          - from: 2026-01-01
            to: null
            rates: {input: "14.00", output: "56.00"}
            source: "https://openrouter.example/pricing"
            checked: 2026-08-20
"""


def run_steps(root: Path, tool: str, count: int, mode: str = "each") -> dict[str, dict[str, Any]]:
    project = shutil.copytree(FIXTURE, root / "project")
    (project / "docs" / "blog" / "posts" / "2026-06-01-second.md").write_text(SECOND_POST, encoding="utf-8")
    (project / "data" / "vendors" / "acme.yaml").write_text(ACME, encoding="utf-8")
    argv = [str(project), str(root / "preview"), str(root / "clean"), tool, str(count), mode]
    if tool == "mkdocs":
        done = run_python(STEPS, *argv, cwd=project, timeout=300)
        assert done.returncode == 0, done.stdout + done.stderr
        return {line["step"]: line for line in map(json.loads, done.stdout.splitlines())}
    # A process of its own: the launcher's has imported MkDocs' modules already.
    ran = run_command([str(BIN / "python"), "-c", STEPS, *argv], cwd=project, timeout=300, env=build_env())
    assert ran.returncode == 0, ran.output
    return {line["step"]: line for line in map(json.loads, ran.stdout.splitlines())}


@pytest.fixture(scope="module")
def steps(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    return run_steps(tmp_path_factory.mktemp("incremental"), "mkdocs", len(STEP_NAMES))


STEP_NAMES = [
    "saved unchanged",
    "a word of a post",
    "a name in a post",
    "a post's title",
    "a new post",
    "a post's tags",
    "a post's categories",
    "a post deleted",
    "an alias and a related link",
    "a linked page's title",
    "an alias removed",
    "a price in data/",
    "a price change in data/",
    "an exchange rate in data/",
    "an incident in data/",
    "a name in data/",
    "mkdocs.yml",
]


@pytest.mark.parametrize("step", STEP_NAMES)
def test_after_each_save_the_preview_is_the_clean_build_byte_for_byte(
    steps: dict[str, dict[str, Any]], step: str
) -> None:
    assert step in steps, f"the preview stopped before {step!r}"
    assert steps[step]["differ"] == [], f"after {step!r} these files differ from a clean build"


def test_a_save_converts_and_renders_only_what_changes(steps: dict[str, dict[str, Any]]) -> None:
    converted, pages, rendered, _ = steps["saved unchanged"]["counts"]
    assert (converted, rendered) == (0, 0) and pages > 5
    converted, pages, rendered, _ = steps["a word of a post"]["counts"]
    assert converted == 1 and rendered < pages
    converted, pages, rendered, _ = steps["a name in a post"]["counts"]
    assert converted == 1 and 1 < rendered < pages  # the page of what it names lists it
    converted, pages, rendered, _ = steps["a post's title"]["counts"]
    assert converted == 1 and 1 < rendered < pages  # its neighbours and the listings show its title
    # A price: the pages made from the data are converted; rendered, those among them that show it, and the
    # posts that do (a post's "In this post").
    converted, pages, rendered, _ = steps["a price in data/"]["counts"]
    assert 0 < converted < pages and rendered < converted
    # Made again: the pages made from the edited vendor's file or from every file, not those of another
    # vendor (Acme's page and its model's keep their tables); a new incident makes every page again.
    made, converted = steps["a price in data/"]["drawn"]
    assert 0 < made < converted
    made, converted = steps["an incident in data/"]["drawn"]
    assert made == converted > 0
    # What every page depends on (the names posts are linked by, the configuration): all made again.
    assert steps["a name in data/"]["counts"] is None
    assert steps["mkdocs.yml"]["counts"] is None


def test_properdocs_previews_alike(tmp_path: Path) -> None:
    """MkDocs' maintained fork asks its own files the same question: three saves, each its clean build."""
    done = run_steps(tmp_path, "properdocs", 3)
    assert [step["differ"] for step in done.values()] == [[], [], []]
    assert done["saved unchanged"]["counts"][::2] == [0, 0]


def test_pages_not_saved_are_written_after_the_reload_and_only_they(steps: dict[str, dict[str, Any]]) -> None:
    """Once MkDocs' server runs, a rebuild renders the pages of the files saved; the other pages whose
    output changed, and the feeds, are left for after the reload (`preview.py`), and only they change
    when those are written."""
    for name, step in steps.items():
        assert set(step["written_later"]) <= set(step["later"]), name
        if step["counts"] is not None:
            assert step["counts"][3] == len([path for path in step["later"] if path.endswith(".html")]), name
    # A new post: its page is written in the rebuild; the blog's index, moved by one post, after the reload.
    new = steps["a new post"]
    assert "blog/index.html" in new["later"] and "blog/index.html" in new["written_later"]
    assert not any("/07/01/new/" in path for path in new["later"])
    assert "feed.xml" in new["later"] and "feed.xml" in new["written_later"]  # the feeds too
    assert new["counts"][2] > new["counts"][3] > 0
    # A price: no page's file was saved, every page it changes is written after the reload.
    price = steps["a price in data/"]
    assert price["counts"][2] == price["counts"][3] > 0 and "prices/index.html" in price["written_later"]


def test_a_data_edit_draws_tables_and_charts_only_of_the_pages_written(steps: dict[str, dict[str, Any]]) -> None:
    """The tables and charts of a page made from the data are drawn as it is written: a data edit's rebuild,
    which writes none of them (they are written after the reload), draws none; then each page written is
    drawn once, and no page left as it was."""
    for name in ("a price in data/", "a price change in data/", "an exchange rate in data/", "an incident in data/"):
        step = steps[name]
        assert step["drawn_in_build"] == [], name
        written = {path.removesuffix("index.html") for path in step["later"] if path.endswith(".html")}
        assert step["drawn_later"], name
        assert set(step["drawn_later"]) <= written and len(step["drawn_later"]) == len(set(step["drawn_later"])), name
    # A price of one vendor: the other vendor's page is neither drawn nor written.
    assert "vendors/acme/" not in steps["a price in data/"]["drawn_later"]


def test_saves_that_come_before_the_last_ones_pages_are_written_end_in_the_clean_build(tmp_path: Path) -> None:
    """Every other save comes as soon as the last rebuild returned, its pages left for after the reload
    still being found or written by the thread: the rebuild drops them and makes them itself. After each
    second save (and its pages written), the site is the clean build's, byte for byte."""
    done = run_steps(tmp_path, "mkdocs", len(STEP_NAMES), mode="rapid")
    assert list(done) == STEP_NAMES[1::2]
    assert {name: step["differ"] for name, step in done.items()} == {name: [] for name in done}
