"""`plan_confirm` (data/edit.py), which `almanac import` uses for a price it finds unchanged at a later date:
only the current period's `source` and `checked` change, a long source and a comment at the end of the line
included, every offer of a file in one edit; and it refuses what is not a later reading of a current price,
writing nothing. Run on a copy of the sample's data/."""

from __future__ import annotations

import datetime as dt
import difflib
import shutil
from pathlib import Path

import pytest

from almanac.core.data.edit import Reading, plan_confirm
from almanac.core.errors import AlmanacError, AlmanacErrors

from helpers import ROOT, pin_reading

TODAY = dt.date(2026, 11, 28)
OPENAI = "data/vendors/openai.yaml"
STANDARD = ("openai", "global", "USD", "standard")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    # the readings the tests confirm again, as they were before the sample's later refreshes
    openai = "https://developers.openai.com/api/docs/pricing"
    pin_reading(tmp_path / OPENAI, "gpt-5-mini", "openai", "standard", checked="2025-11-13", source=openai)
    claude = "https://platform.claude.com/docs/en/about-claude/pricing"
    pin_reading(
        tmp_path / "data/vendors/anthropic.yaml",
        "claude-haiku-4-5",
        "anthropic",
        "batch",
        checked="2026-07-29",
        source=claude,
    )
    return tmp_path


def changed(old: bytes, new: bytes) -> list[str]:
    lines = difflib.unified_diff(old.decode().splitlines(), new.decode().splitlines(), lineterm="", n=0)
    return list(lines)[2:]


def test_a_long_source_and_a_comment_on_the_checked_line(root: Path) -> None:
    path = root / OPENAI
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[292:294] == [
        '            source: "https://developers.openai.com/api/docs/pricing"\n',
        "            checked: 2025-11-13\n",
    ]  # gpt-5-mini from openai, the current price
    lines[292:294] = [
        "            source: >-\n",
        "              https://developers.openai.com/api/docs/pricing,\n",
        "              read by hand\n",
        "            checked: 2025-11-13  # the day of the list\n",
    ]
    path.write_text("".join(lines), encoding="utf-8")
    before = path.read_bytes()
    [edit] = plan_confirm(
        root, [Reading("gpt-5-mini", STANDARD, "https://example.org/list", dt.date(2026, 11, 25))], today=TODAY
    )
    assert path.read_bytes() == before  # nothing written
    assert (edit.rel, edit.old) == (OPENAI, before)
    assert changed(edit.old, edit.new) == [
        "@@ -293,4 +293,2 @@",
        "-            source: >-",
        "-              https://developers.openai.com/api/docs/pricing,",
        "-              read by hand",
        "-            checked: 2025-11-13  # the day of the list",
        '+            source: "https://example.org/list"',
        "+            checked: 2026-11-25  # the day of the list",
    ]


def test_offers_of_one_file_are_one_edit_and_of_two_files_two(root: Path) -> None:
    readings = [
        Reading("gpt-5-mini", STANDARD, "https://example.org/a", dt.date(2026, 11, 25)),
        Reading("claude-haiku-4-5", ("anthropic", "global", "USD", "batch"), "https://example.org/b", TODAY),
        Reading("gpt-5", STANDARD, "https://example.org/a", dt.date(2026, 11, 25)),
    ]
    edits = plan_confirm(root, readings, today=TODAY)
    assert [edit.rel for edit in edits] == ["data/vendors/anthropic.yaml", OPENAI]
    diff = changed(edits[1].old, edits[1].new)
    assert len([line for line in diff if line.startswith("-")]) == 4
    assert sum(line == "+            checked: 2026-11-25" for line in diff) == 2
    batch = changed(edits[0].old, edits[0].new)
    assert batch[1:] == [
        '-            source: "https://platform.claude.com/docs/en/about-claude/pricing"',
        "-            checked: 2026-07-29",
        '+            source: "https://example.org/b"',
        "+            checked: 2026-11-28",
    ]
    # The batch offer's note, on the line after checked, stays.
    haiku = edits[0].old.decode().splitlines().index("  - id: claude-haiku-4-5")
    lines = edits[0].new.decode().splitlines()
    assert lines[haiku + 36].startswith("            note:")
    assert "Message Batches API" in " ".join(lines[haiku + 36 : haiku + 38])


@pytest.mark.parametrize(
    ("reading", "message"),
    [
        (
            Reading("gpt-5-mini", STANDARD, "https://example.org/", dt.date(2025, 11, 13)),
            "data/vendors/openai.yaml:290: gpt-5-mini from openai (global, USD, standard) checked 2025-11-13 is not "
            "after its checked date (2025-11-13) — a price is confirmed by a later reading only",
        ),
        (
            Reading("deepseek-chat", ("deepseek", "global", "USD", "standard"), "https://example.org/", TODAY),
            "the last price of deepseek-chat from deepseek (global, USD, standard) has ended — "
            "a closed price is not confirmed",
        ),
        (
            Reading("gpt-5-mini", STANDARD, "https://example.org/", dt.date(2026, 12, 1)),
            "'checked' date 2026-12-01 is after today (2026-11-28)",
        ),
        (
            Reading("gpt-5-mini", ("openai", "global", "USD", "flex"), "https://example.org/", TODAY),
            "gpt-5-mini has no offer from openai with --tier flex",
        ),
    ],
)
def test_what_is_not_a_later_reading_of_a_current_price_is_refused(root: Path, reading: Reading, message: str) -> None:
    before = {p: p.read_bytes() for p in (root / "data").rglob("*") if p.is_file()}
    with pytest.raises((AlmanacError, AlmanacErrors)) as raised:
        plan_confirm(root, [reading], today=TODAY)
    error = raised.value
    shown = str(error.errors[0]) if isinstance(error, AlmanacErrors) else str(error)
    assert message in shown, shown
    assert {p: p.read_bytes() for p in (root / "data").rglob("*") if p.is_file()} == before
