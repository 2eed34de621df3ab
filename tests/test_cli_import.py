"""`almanac import llm-prices|genai-prices` merges a public price file into data/vendors/*.yaml as `almanac price set`
edits it: a changed price opens a new dated period (only its lines and the closed `to` line differ), an
equal one read later than our `checked` is confirmed (only its source and checked lines differ), an equal
one read no later leaves the file's bytes, an unknown model is skipped unless --add, and a file of another
format is named as such, with exit status 1 and no file changed. Every command runs as a user runs it
(`run_almanac`), on a copy of the sample project or an empty one, on the tests' build date."""

from __future__ import annotations

import difflib
import json
import re
import shutil
from pathlib import Path

import pytest

from helpers import BUILD_DATE, ROOT, copy_project, pin_reading, run_almanac

FIXTURES = ROOT / "tests" / "fixtures" / "importers"
NOT_A_PRICE = "a value that is not a price (a decimal from 0 to 1000000, at most 10 decimals)"
OPENAI = "data/vendors/openai.yaml"
ANTHROPIC = "data/vendors/anthropic.yaml"
CLAUDE_PRICING = "https://platform.claude.com/docs/en/about-claude/pricing"
SOURCE = "https://github.com/simonw/llm-prices/blob/main/data/openai.json"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    copy_project(tmp_path)
    shutil.copy2(FIXTURES / "openai-changed.json", tmp_path / "openai.json")
    # the readings the tests confirm again, as they were before the sample's later refreshes
    openai_pricing = "https://developers.openai.com/api/docs/pricing"
    pin_reading(tmp_path / OPENAI, "gpt-5-mini", "openai", "standard", checked="2025-11-13", source=openai_pricing)
    for tier in ("standard", "batch"):
        pin_reading(
            tmp_path / ANTHROPIC, "claude-haiku-4-5", "anthropic", tier, checked="2026-07-29", source=CLAUDE_PRICING
        )
    return tmp_path


def data_bytes(project: Path) -> dict[str, bytes]:
    return {
        p.relative_to(project).as_posix(): p.read_bytes() for p in sorted((project / "data").rglob("*")) if p.is_file()
    }


def added_and_removed(before: str, after: str) -> list[str]:
    return list(difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0))[2:]


def haiku_line(anthropic: bytes) -> int:
    """The line of Claude Haiku 4.5's `id:` in the sample's anthropic.yaml, which the diffs count from."""
    return anthropic.decode().splitlines().index("  - id: claude-haiku-4-5") + 1


NEW_PERIOD = [
    "@@ -192 +192 @@",
    "-            to: null",
    "+            to: 2026-11-20",
    "@@ -195,0 +196,5 @@",
    "+          - from: 2026-11-20",
    "+            to: null",
    '+            rates: {input: "0.6", cache_read: "0.06", output: "3.6"}',
    f'+            source: "{SOURCE}"',
    "+            checked: 2026-11-25",
]
#: gpt-5-mini's price, equal to the file's and checked on 2025-11-13: read again on 2026-11-25.
CONFIRMED = [
    "@@ -293,2 +298,2 @@",
    '-            source: "https://developers.openai.com/api/docs/pricing"',
    "-            checked: 2025-11-13",
    f'+            source: "{SOURCE}"',
    "+            checked: 2026-11-25",
]

SUMMARY = (
    "added: 0\n"
    "changed: 1\n"
    "confirmed: 1\n"
    "unchanged: 0\n"
    "skipped: 2 (a long-context band written as a model: 1; an unknown model (--add writes it): 1)\n"
)


def test_a_changed_price_opens_a_period_an_equal_one_is_confirmed_and_every_other_byte_stays(project: Path) -> None:
    before = data_bytes(project)
    done = run_almanac("import", "llm-prices", "openai.json", "--checked", "2026-11-25", cwd=project)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == SUMMARY + f"{OPENAI}\n"
    assert done.stderr == "almanac import llm-prices: 1 file written\n"
    after = data_bytes(project)
    assert added_and_removed(before[OPENAI].decode(), after[OPENAI].decode()) == NEW_PERIOD + CONFIRMED
    assert {k: v for k, v in after.items() if k != OPENAI} == {k: v for k, v in before.items() if k != OPENAI}
    # The same file again: the prices are now ours, checked that day, so nothing changes.
    again = run_almanac("import", "llm-prices", "openai.json", "--checked", "2026-11-25", cwd=project)
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines()[:4] == ["added: 0", "changed: 0", "confirmed: 0", "unchanged: 2"]
    assert data_bytes(project) == after
    check = run_almanac("check", cwd=project)
    assert check.returncode == 0, check.stdout + check.stderr


def test_dry_run_prints_the_diff_and_writes_nothing(project: Path) -> None:
    before = data_bytes(project)
    done = run_almanac("import", "llm-prices", "openai.json", "--checked", "2026-11-25", "--dry-run", cwd=project)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[:2] == [f"--- a/{OPENAI}", f"+++ b/{OPENAI}"]
    assert [line for line in lines if line[:1] in "+-" and line[:3] not in ("---", "+++")] == [
        line for line in NEW_PERIOD + CONFIRMED if not line.startswith("@@")
    ]
    assert done.stdout.endswith(SUMMARY)
    assert done.stderr == "almanac import llm-prices: a dry run, 1 file not written\n"
    assert data_bytes(project) == before


def write_gpt_5_mini(project: Path) -> None:
    """openai.json with gpt-5-mini alone, at the price data/ has for it (checked 2025-11-13)."""
    models = json.loads((FIXTURES / "openai-changed.json").read_text(encoding="utf-8"))["models"]
    mini = [model for model in models if model["id"] == "gpt-5-mini"]
    (project / "openai.json").write_text(json.dumps({"vendor": "openai", "models": mini}), encoding="utf-8")


def test_an_equal_price_read_later_is_confirmed_and_only_its_source_and_checked_lines_change(project: Path) -> None:
    write_gpt_5_mini(project)
    before = data_bytes(project)
    done = run_almanac("import", "llm-prices", "openai.json", "--checked", "2026-11-25", "-v", cwd=project)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == (
        "added: 0\n"
        "changed: 0\n"
        "confirmed: 1\n"
        "  openai.json: gpt-5-mini — gpt-5-mini from openai: checked 2025-11-13 → 2026-11-25\n"
        "unchanged: 0\n"
        "skipped: 0\n"
        f"{OPENAI}\n"
    )
    assert done.stderr == "almanac import llm-prices: 1 file written\n"
    after = data_bytes(project)
    assert added_and_removed(before[OPENAI].decode(), after[OPENAI].decode()) == ["@@ -293,2 +293,2 @@", *CONFIRMED[1:]]
    assert {k: v for k, v in after.items() if k != OPENAI} == {k: v for k, v in before.items() if k != OPENAI}
    check = run_almanac("check", cwd=project)
    assert check.returncode == 0, check.stdout + check.stderr
    shown = run_almanac("price", "show", "gpt-5-mini", cwd=project)
    assert re.search(rf"open +0\.25 +0\.025 +2 +2026-11-25 +{re.escape(SOURCE)}", shown.stdout), shown.stdout
    # Read again on the same day: nothing to confirm.
    again = run_almanac("import", "llm-prices", "openai.json", "--checked", "2026-11-25", cwd=project)
    assert again.stdout.splitlines()[2:4] == ["confirmed: 0", "unchanged: 1"]
    assert data_bytes(project) == after


@pytest.mark.parametrize("checked", ["2025-11-13", "2025-10-01"])
def test_an_equal_price_read_no_later_than_ours_leaves_every_byte(project: Path, checked: str) -> None:
    write_gpt_5_mini(project)
    before = data_bytes(project)
    done = run_almanac("import", "llm-prices", "openai.json", "--checked", checked, cwd=project)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == "added: 0\nchanged: 0\nconfirmed: 0\nunchanged: 1\nskipped: 0\n"
    assert done.stderr == "almanac import llm-prices: 0 files written\n"
    assert data_bytes(project) == before


def test_a_confirmation_in_a_dry_run_is_shown_as_its_two_lines_and_not_written(project: Path) -> None:
    write_gpt_5_mini(project)
    before = data_bytes(project)
    done = run_almanac("import", "llm-prices", "openai.json", "--checked", "2026-11-25", "--dry-run", cwd=project)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[:2] == [f"--- a/{OPENAI}", f"+++ b/{OPENAI}"]
    assert [line for line in lines if line[:1] in "+-" and line[:3] not in ("---", "+++")] == CONFIRMED[1:]
    assert done.stdout.endswith("added: 0\nchanged: 0\nconfirmed: 1\nunchanged: 0\nskipped: 0\n")
    assert done.stderr == "almanac import llm-prices: a dry run, 1 file not written\n"
    assert data_bytes(project) == before


def test_verbose_names_each_entry_under_its_line_with_the_reason(project: Path) -> None:
    done = run_almanac("import", "llm-prices", "openai.json", "-v", "--dry-run", cwd=project)
    assert done.returncode == 0, done.stderr
    report = done.stdout[done.stdout.index("added: 0") :]
    assert report == (
        "added: 0\n"
        "changed: 1\n"
        "  openai.json: gpt-5.4-mini — gpt-5.4-mini from openai: input 0.75 → 0.6, cache_read 0.075 → 0.06, "
        "output 4.5 → 3.6, from 2026-11-20\n"
        "confirmed: 1\n"
        "  openai.json: gpt-5-mini — gpt-5-mini from openai: checked 2025-11-13 → 2026-11-28\n"
        "unchanged: 0\n"
        "skipped: 2 (a long-context band written as a model: 1; an unknown model (--add writes it): 1)\n"
        "  openai.json: gpt-5.4-mini-272k — a long-context band written as a model: the price of gpt-5.4-mini "
        "above 272k tokens: tiers are added by hand\n"
        "  openai.json: gpt-9-preview — an unknown model (--add writes it): gpt-9-preview\n"
    )


def test_add_writes_an_unknown_model_with_its_history_and_only_adds_lines(project: Path) -> None:
    before = (project / OPENAI).read_text(encoding="utf-8")
    done = run_almanac("import", "llm-prices", "openai.json", "--add", "--checked", "2026-11-25", cwd=project)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[:3] == ["added: 1", "changed: 1", "confirmed: 1"]
    diff = added_and_removed(before, (project / OPENAI).read_text(encoding="utf-8"))
    assert [line for line in diff if line.startswith("-")] == ["-            to: null", *CONFIRMED[1:3]]
    assert diff[-15:] == [
        "+  - id: gpt-9-preview",
        '+    name: "GPT-9 Preview"',
        '+    api_ids: ["gpt-9-preview"]',
        "+    offers:",
        "+      - provider: openai",
        "+        region: global",
        "+        currency: USD",
        "+        unit: per_mtok",
        "+        service_tier: standard",
        "+        periods:",
        "+          - from: 2026-11-01",
        "+            to: null",
        '+            rates: {input: "3", output: "12"}',
        f'+            source: "{SOURCE}"',
        "+            checked: 2026-11-25",
    ]
    check = run_almanac("check", cwd=project)
    assert check.returncode == 0, check.stdout + check.stderr
    shown = run_almanac("price", "show", "gpt-9-preview", cwd=project)
    assert shown.returncode == 0, shown.stdout + shown.stderr
    assert "2026-11-01  open  3      12      2026-11-25" in shown.stdout


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("genai.yml", "name: OpenAI\nid: openai\nmodels:\n  - id: gpt-4o\n    prices: {input_mtok: 2.5}\n"),
        ("litellm.json", json.dumps({"gpt-4o": {"input_cost_per_token": 2.5e-06, "litellm_provider": "openai"}})),
        ("list.json", "[]"),
        ("models.json", json.dumps({"vendor": "openai", "models": [{"id": "gpt-4o"}]})),
    ],
)
def test_a_file_of_another_format_is_named_and_nothing_is_written(project: Path, name: str, text: str) -> None:
    (project / name).write_text(text, encoding="utf-8")
    before = data_bytes(project)
    done = run_almanac("import", "llm-prices", name, "--add", cwd=project)
    assert done.returncode == 1
    first = done.stdout.splitlines()[0]
    assert first.startswith(f"{name}:1: not an llm-prices file")
    assert '— expected a JSON object {"vendor": …, "models": [{"id": …, "price_history"' in first
    assert "Traceback" not in done.stdout + done.stderr
    assert done.stderr == "almanac import llm-prices: 1 problem, nothing written\n"
    assert data_bytes(project) == before


def test_prices_that_are_not_prices_are_skipped_with_their_reason(project: Path) -> None:
    entry = {"input": 1, "output": 2, "from_date": None, "to_date": None, "input_cached": None}
    models = [
        {"id": "odd-string", "price_history": [{**entry, "input": "cheap"}]},
        {"id": "odd-negative", "price_history": [{**entry, "output": -1}]},
        {"id": "odd-huge", "price_history": [{**entry, "output": 1e300}]},
        {"id": "odd-bool", "price_history": [{**entry, "input": True}]},
        {"id": "odd-date", "price_history": [{**entry, "from_date": "2026-13-01"}]},
        {"id": "odd-empty", "price_history": []},
        {"id": "odd-overlap", "price_history": [entry, {**entry, "from_date": "2026-01-01"}]},
        {"id": "odd-no-output", "price_history": [{**entry, "output": None}]},
        {"name": "no id", "price_history": [entry]},
    ]
    (project / "odd.json").write_text(json.dumps({"vendor": "openai", "models": models}), encoding="utf-8")
    before = data_bytes(project)
    done = run_almanac("import", "llm-prices", "odd.json", "--add", "-v", cwd=project)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[:4] == ["added: 0", "changed: 0", "confirmed: 0", "unchanged: 0"]
    assert done.stdout.splitlines()[4].startswith("skipped: 9 (")
    for expected in (
        f"odd-string — {NOT_A_PRICE}: input: 'cheap'",
        f"odd-negative — {NOT_A_PRICE}: output: -1",
        f"odd-huge — {NOT_A_PRICE}: output: 1E+300",
        f"odd-bool — {NOT_A_PRICE}: input: True",
        "odd-date — a date that is not YYYY-MM-DD: from_date '2026-13-01', to_date None",
        "odd-empty — no price history",
        "odd-overlap — periods that overlap",
        "odd-no-output — a price without input or output",
        "models[8] — an entry without an id",
    ):
        assert expected in done.stdout
    assert data_bytes(project) == before


def test_the_whole_dataset_into_an_empty_data_folder_with_add_passes_check(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Prices\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Imported\nsite_url: https://example.org/\ntheme: {name: material}\nplugins:\n  - almanac/data\n",
        encoding="utf-8",
    )
    shutil.copytree(FIXTURES / "llm-prices", tmp_path / "llm-prices")
    done = run_almanac("import", "llm-prices", "llm-prices", "--add", "--checked", "2026-08-05", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[:4] == ["added: 116", "changed: 0", "confirmed: 0", "unchanged: 0"]
    assert lines[4] == "skipped: 26 (a long-context band written as a model: 25; an id given twice: 1)"
    assert len(lines) == 5 + 22  # the report, then the 11 vendor and 11 provider files written
    check = run_almanac("check", cwd=tmp_path)
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.startswith(f"almanac check: posts and data are valid as of {BUILD_DATE}")
    # Imported again: every price is ours already, checked that day.
    written = data_bytes(tmp_path)
    again = run_almanac("import", "llm-prices", "llm-prices", "--add", "--checked", "2026-08-05", cwd=tmp_path)
    assert again.stdout.splitlines()[:4] == ["added: 0", "changed: 0", "confirmed: 0", "unchanged: 116"]
    assert data_bytes(tmp_path) == written


def test_help_has_examples_and_the_command_line_is_checked(project: Path) -> None:
    shown = run_almanac("import", "--help", cwd=project)
    assert shown.returncode == 0
    assert "examples:\n  almanac import llm-prices " in shown.stdout
    for args, message in (
        (("import", "litellm2", "openai.json"), "invalid choice: 'litellm2'"),
        (("import", "llm-prices", "missing.json"), "missing.json: no such file"),
        (("import", "llm-prices", "openai.json", "--checked", "yesterday"), "--checked 'yesterday' is not a date"),
        (("import", "llm-prices", "openai.json", "--checked", "2027-01-01"), "is after the build date"),
        (("import", "llm-prices"), "the following arguments are required: FILE"),
    ):
        done = run_almanac(*args, cwd=project)
        assert done.returncode == 2, args
        assert message in done.stderr, done.stderr


# --- genai-prices --------------------------------------------------------------------------------


def test_genai_prices_a_dated_price_opens_a_period_and_what_we_cannot_hold_is_skipped(project: Path) -> None:
    shutil.copy2(FIXTURES / "anthropic-changed.yml", project / "anthropic.yml")
    before = data_bytes(project)
    done = run_almanac("import", "genai-prices", "anthropic.yml", "-v", cwd=project)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == (
        "added: 0\n"
        "changed: 1\n"
        "  anthropic.yml: claude-haiku-4-5 — claude-haiku-4-5 from anthropic: input 1 → 0.8, cache_read 0.1 → 0.08, "
        "cache_write_5m 1.25 → 1, cache_write_1h 2 → 1.6, output 5 → 4, from 2026-11-20\n"
        "confirmed: 0\n"
        "unchanged: 0\n"
        f"skipped: 3 ({NOT_A_PRICE}: 1; an unknown model (--add writes it): 1; "
        "prices by time of day (start_time/end_time), which an import does not write: 1)\n"
        "  anthropic.yml: claude-night-1 — prices by time of day (start_time/end_time), which an import does "
        "not write\n"
        f"  anthropic.yml: claude-third-1 — {NOT_A_PRICE}: input_mtok: 0.3333333333333333\n"
        "  anthropic.yml: claude-long-1 — an unknown model (--add writes it): claude-long-1\n"
        f"{ANTHROPIC}\n"
    )
    after = data_bytes(project)
    # The file's start_date opens the period; its prices_checked is the checked date; 0.10 and 1.0 are
    # written as the decimals they are, and the five-minute cache write beside the one-hour one.
    haiku = haiku_line(before[ANTHROPIC])
    assert added_and_removed(before[ANTHROPIC].decode(), after[ANTHROPIC].decode()) == [
        f"@@ -{haiku + 21} +{haiku + 21} @@",
        "-            to: null",
        "+            to: 2026-11-20",
        f"@@ -{haiku + 24},0 +{haiku + 25},5 @@",
        "+          - from: 2026-11-20",
        "+            to: null",
        '+            rates: {input: "0.8", cache_read: "0.08", cache_write_5m: "1", cache_write_1h: "1.6", '
        'output: "4", web_search_per_k: "10"}',
        '+            source: "https://github.com/pydantic/genai-prices/blob/main/prices/providers/anthropic.yml"',
        "+            checked: 2026-11-22",
    ]
    assert {k: v for k, v in after.items() if k != ANTHROPIC} == {k: v for k, v in before.items() if k != ANTHROPIC}


def test_genai_prices_snapshot_into_an_empty_data_folder_with_add_passes_check(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Prices\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Imported\nsite_url: https://example.org/\ntheme: {name: material}\nplugins:\n  - almanac/data\n",
        encoding="utf-8",
    )
    shutil.copytree(FIXTURES / "genai-prices", tmp_path / "providers")
    done = run_almanac("import", "genai-prices", "providers", "--add", "-v", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "added: 191"
    assert [line for line in lines if not line.startswith("  ")][1:4] == ["changed: 0", "confirmed: 0", "unchanged: 0"]
    assert "cohere.yml: provider 'cohere' — a provider this import does not map" in done.stdout
    # The snapshot's x_ai.yml says id: x-ai (genai-prices' id since 0.2): its 16 priced models are xAI's.
    assert "x_ai.yml: grok-3 — model grok-3 with its offer from xai" in done.stdout
    # Zhipu's file is its CNY list converted to USD: not a USD price of the CNY platform.
    assert (
        "zhipuai.yml: provider 'zhipuai' — a provider's list in another currency, converted to USD by the file: "
        "zhipu-bigmodel prices in CNY" in done.stdout
    )
    # Z.ai sells the international edition: its offers are intl, as data/ writes them.
    assert "region: intl" in (tmp_path / "data" / "vendors" / "zhipu.yaml").read_text(encoding="utf-8")
    # Groq sells many vendors' models: one data/ does not have is skipped, its vendor never guessed.
    assert (
        "groq.yml: meta-llama/llama-4-scout-17b-16e-instruct — an unknown model of a provider of many vendors"
        in done.stdout
    )
    # Google's file lists Claude on Vertex AI: another vendor's model, never added as a Google one.
    assert (
        "google.yml: claude-3-opus — another vendor's model in a vendor's own file (resold by its cloud), which our "
        "provider does not sell: a model of anthropic; google-ai-studio sells google's" in done.stdout
    )
    assert "claude" not in (tmp_path / "data" / "vendors" / "google.yaml").read_text(encoding="utf-8")
    check = run_almanac("check", cwd=tmp_path)
    assert check.returncode == 0, check.stdout + check.stderr
    written = data_bytes(tmp_path)
    again = run_almanac("import", "genai-prices", "providers", "--add", cwd=tmp_path)
    assert again.returncode == 0, again.stdout + again.stderr
    assert again.stdout.splitlines()[:4] == ["added: 0", "changed: 0", "confirmed: 0", "unchanged: 191"]
    assert again.stderr == "almanac import genai-prices: 0 files written\n"
    assert data_bytes(tmp_path) == written


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("llm.json", json.dumps({"vendor": "openai", "models": [{"id": "gpt-4o", "price_history": []}]})),
        ("litellm.json", json.dumps({"gpt-4o": {"input_cost_per_token": 2.5e-06, "litellm_provider": "openai"}})),
        ("broken.yml", "id: openai\nmodels: [\n"),
    ],
)
def test_genai_prices_a_file_of_another_format_is_named(project: Path, name: str, text: str) -> None:
    (project / name).write_text(text, encoding="utf-8")
    before = data_bytes(project)
    done = run_almanac("import", "genai-prices", name, "--add", cwd=project)
    assert done.returncode == 1
    assert re.match(rf"{re.escape(name)}:\d+: not a genai-prices file", done.stdout)
    assert "— expected a YAML mapping with id: and models:" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr
    assert data_bytes(project) == before


# --- LiteLLM -------------------------------------------------------------------------------------


def test_litellm_excerpt_into_an_empty_data_folder_with_add_passes_check(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Prices\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Imported\nsite_url: https://example.org/\ntheme: {name: material}\nplugins:\n  - almanac/data\n",
        encoding="utf-8",
    )
    shutil.copy2(FIXTURES / "litellm-excerpt.json", tmp_path / "prices.json")
    done = run_almanac("import", "litellm", "prices.json", "--add", "-v", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert [line for line in lines if not line.startswith("  ")][:4] == [
        "added: 62",
        "changed: 0",
        "confirmed: 0",
        "unchanged: 0",
    ]
    # USD per token, written per million tokens; the batch prices as an offer of their own tier.
    haiku = (tmp_path / "data" / "vendors" / "anthropic.yaml").read_text(encoding="utf-8")
    assert (
        '            rates: {input: "1", cache_read: "0.1", cache_write_5m: "1.25", cache_write_1h: "2", output: "5"}'
        in haiku
    )
    assert "        service_tier: batch\n" in haiku
    assert "prices.json: sample_spec — LiteLLM's description of its fields, not a model" in done.stdout
    assert "prices.json: azure/eu/gpt-4o — a provider this import does not map: litellm_provider 'azure'" in done.stdout
    check = run_almanac("check", cwd=tmp_path)
    assert check.returncode == 0, check.stdout + check.stderr
    written = data_bytes(tmp_path)
    again = run_almanac("import", "litellm", "prices.json", "--add", cwd=tmp_path)
    assert again.stdout.splitlines()[:4] == ["added: 0", "changed: 0", "confirmed: 0", "unchanged: 62"]
    assert data_bytes(tmp_path) == written


def test_litellm_anthropics_batch_cache_write_is_the_five_minute_one_and_a_confirmed_note_stays(
    project: Path,
) -> None:
    # LiteLLM gives Claude Haiku 4.5's batch cache write as a plain cache write (0.625): Anthropic's
    # five-minute one, which data/ lists as cache_write_5m. Both offers are ours at the same prices.
    excerpt = json.loads((FIXTURES / "litellm-excerpt.json").read_text(encoding="utf-8"))
    haiku = {"claude-haiku-4-5": excerpt["claude-haiku-4-5"]}
    (project / "prices.json").write_text(json.dumps(haiku), encoding="utf-8")
    before = data_bytes(project)
    done = run_almanac(
        "import", "litellm", "prices.json", "--checked", "2026-11-20", "--source", "https://example.org/l", cwd=project
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == f"added: 0\nchanged: 0\nconfirmed: 2\nunchanged: 0\nskipped: 0\n{ANTHROPIC}\n"
    after = data_bytes(project)
    two = [
        '-            source: "https://platform.claude.com/docs/en/about-claude/pricing"',
        "-            checked: 2026-07-29",
    ]
    two += ['+            source: "https://example.org/l"', "+            checked: 2026-11-20"]
    haiku = haiku_line(before[ANTHROPIC])
    assert added_and_removed(before[ANTHROPIC].decode(), after[ANTHROPIC].decode()) == [
        f"@@ -{haiku + 23},2 +{haiku + 23},2 @@",
        *two,
        f"@@ -{haiku + 34},2 +{haiku + 34},2 @@",
        *two,
    ]
    # the batch price's note, on the lines after its checked line, stays (the diff above is all)
    lines = after[ANTHROPIC].decode().splitlines()
    assert lines[haiku + 35].startswith("            note:")
    assert "Message Batches API, half the standard rates" in " ".join(lines[haiku + 35 : haiku + 37])
    check = run_almanac("check", cwd=project)
    assert check.returncode == 0, check.stdout + check.stderr


def test_litellm_a_file_of_5000_entries_of_every_shape_is_taken_without_an_exception(project: Path) -> None:
    from unit.test_importers import litellm_file

    (project / "prices.json").write_text(json.dumps(litellm_file(5000, seed=7)), encoding="utf-8")
    before = data_bytes(project)
    done = run_almanac("import", "litellm", "prices.json", "--dry-run", cwd=project)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.endswith("not written\n")  # no progress bar when piped: the one line
    assert len(done.stderr.splitlines()) == 1
    report = [line for line in done.stdout.splitlines() if line.split(":")[0] in ("added", "changed", "unchanged")]
    assert report[0] == "added: 0"
    assert data_bytes(project) == before


@pytest.mark.parametrize("fixture", ["llm-prices/openai.json", "genai-prices/deepseek.yml", "openai-changed.json"])
def test_litellm_a_file_of_another_format_is_named(project: Path, fixture: str) -> None:
    before = data_bytes(project)
    done = run_almanac("import", "litellm", str(FIXTURES / fixture), cwd=project)
    assert done.returncode == 1
    assert done.stdout == (
        f"{FIXTURES / fixture}:1: not a LiteLLM price file"
        f"{' (not JSON: Expecting value)' if fixture.endswith('.yml') else ''}"
        " — expected a JSON object of models with input_cost_per_token\n"
    )
    assert done.stderr == "almanac import litellm: 1 problem, nothing written\n"
    assert data_bytes(project) == before


def test_a_read_only_folder_refuses_the_import_before_any_file_is_written(project: Path) -> None:
    shutil.copy2(FIXTURES / "llm-prices" / "amazon.json", project / "amazon.json")
    vendors = project / "data" / "vendors"
    before = data_bytes(project)
    vendors.chmod(0o555)
    try:
        done = run_almanac("import", "llm-prices", "amazon.json", "--add", cwd=project)
    finally:
        vendors.chmod(0o755)
    # amazon.json needs a new vendor file, data/vendors/amazon.yaml (its provider, aws-bedrock, is there).
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1] == (
        "data/vendors/amazon.yaml:1: data/vendors/ is read-only — make data/vendors/ writable and run again"
    )
    assert done.stderr == "almanac import llm-prices: 1 problem, nothing written\n"
    assert data_bytes(project) == before


def test_a_progress_bar_runs_on_standard_error_on_a_terminal(project: Path) -> None:
    import os
    import pty
    import select
    import subprocess

    from unit.test_importers import litellm_file

    from helpers import BIN, build_env

    (project / "prices.json").write_text(json.dumps(litellm_file(2000, seed=3)), encoding="utf-8")
    terminal, other_end = pty.openpty()
    env = {**build_env(), "TERM": "xterm-256color"}
    argv = [str(BIN / "almanac"), "import", "litellm", "prices.json", "--dry-run"]
    chunks: list[bytes] = []
    with subprocess.Popen(argv, cwd=project, env=env, stdout=subprocess.PIPE, stderr=other_end) as run:
        os.close(other_end)
        try:
            while select.select([terminal], [], [], 120)[0]:
                try:
                    chunk = os.read(terminal, 65536)
                except OSError:  # the other end closed (Linux)
                    break
                if not chunk:
                    break
                chunks.append(chunk)
        finally:
            os.close(terminal)
        out = run.stdout.read().decode() if run.stdout is not None else ""
    shown = b"".join(chunks).decode()
    assert run.returncode == 0, shown
    assert "\ralmanac import litellm [" + "#" * 30 + "] " in shown
    assert "\r\x1b[K" in shown  # cleared before the last line
    assert shown.rstrip().endswith("not written")
    assert "[#" not in out  # standard output (a pipe here) has the report only


def test_data_with_problems_is_reported_and_nothing_is_imported(project: Path) -> None:
    broken = project / OPENAI
    broken.write_text(broken.read_text(encoding="utf-8").replace("schema_version: 1", "schema_version: 9"), "utf-8")
    before = data_bytes(project)
    done = run_almanac("import", "llm-prices", "openai.json", "--add", cwd=project)
    assert done.returncode == 1
    assert done.stdout.startswith(f"{OPENAI}:")
    assert "schema_version" in done.stdout
    assert done.stderr.startswith("almanac import llm-prices: ")
    assert done.stderr.endswith("nothing written\n")
    assert data_bytes(project) == before


# --- prices tiered by request size ---------------------------------------------------------------

TIERS = ROOT / "tests" / "fixtures" / "import-tiers"
LITELLM_1_110_2 = "https://pypi.org/project/litellm/1.110.2/"


def source_and_checked(line: int, old: tuple[str, str], new: tuple[str, str]) -> list[str]:
    """The diff of a file when only the source and checked lines of a period (from `line`) change."""
    return [
        f"@@ -{line},2 +{line},2 @@",
        f'-            source: "{old[0]}"',
        f"-            checked: {old[1]}",
        f'+            source: "{new[0]}"',
        f"+            checked: {new[1]}",
    ]


def test_tiered_prices_equal_to_ours_are_confirmed_and_only_their_source_and_checked_lines_change(
    tmp_path: Path,
) -> None:
    shutil.copytree(TIERS, tmp_path, dirs_exist_ok=True, ignore=shutil.ignore_patterns("README.md"))
    before = data_bytes(tmp_path)
    done = run_almanac(
        "import", "litellm", "litellm.json", "--checked", "2026-11-20", "--source", LITELLM_1_110_2, "-v", cwd=tmp_path
    )
    assert done.returncode == 0, done.stdout + done.stderr
    flat = "a price tiered by request size on one side, flat on the other, which an import does not write"
    unknown = "no such offer of a known model (--add writes it)"
    assert done.stdout == (
        "added: 0\n"
        "changed: 0\n"
        "confirmed: 2\n"
        # LiteLLM bills Gemini 2.5 Pro's long-context rates to a prompt of more than 200000 tokens (as Google's
        # page says), our band is from 200000: the same threshold, named; xAI's is at least 200000 in both
        "  litellm.json: gemini/gemini-2.5-pro — gemini-2.5-pro from google-ai-studio: checked 2025-10-31 → "
        "2026-11-20; 2 bands by request size (band 2 from 200000 in data/, from more than 200000 input tokens in "
        "the file: the same threshold, one token apart)\n"
        "  litellm.json: xai/grok-4.3 — grok-4.3 from xai: checked 2026-08-05 → 2026-11-20; 2 bands by request size\n"
        "unchanged: 0\n"
        f"skipped: 4 ({flat}: 1; {unknown}: 3)\n"
        f"  litellm.json: gemini/gemini-2.5-pro (batch) — {flat}: gemini-2.5-pro from google-ai-studio: ours flat, "
        "the file's 2 bands from 0, 200001 input tokens (more than 200000 input tokens); compare and change by hand\n"
        f"  litellm.json: gemini/gemini-2.5-pro (flex) — {unknown}: gemini-2.5-pro has no offer from "
        "google-ai-studio (global, USD, flex)\n"
        f"  litellm.json: gemini/gemini-2.5-pro (priority) — {unknown}: gemini-2.5-pro has no offer from "
        "google-ai-studio (global, USD, priority)\n"
        f"  litellm.json: xai/grok-4.3 (batch) — {unknown}: grok-4.3 has no offer from xai (global, USD, batch)\n"
        "data/vendors/google.yaml\n"
        "data/vendors/xai.yaml\n"
    )
    after = data_bytes(tmp_path)
    assert sorted(rel for rel in after if after[rel] != before[rel]) == [
        "data/vendors/google.yaml",
        "data/vendors/xai.yaml",
    ]
    gemini = ("https://ai.google.dev/gemini-api/docs/pricing", "2025-10-31")
    assert added_and_removed(
        before["data/vendors/google.yaml"].decode(), after["data/vendors/google.yaml"].decode()
    ) == (source_and_checked(34, gemini, (LITELLM_1_110_2, "2026-11-20")))
    grok = ("https://docs.x.ai/docs/models", "2026-08-05")
    assert added_and_removed(before["data/vendors/xai.yaml"].decode(), after["data/vendors/xai.yaml"].decode()) == (
        source_and_checked(33, grok, (LITELLM_1_110_2, "2026-11-20"))
    )
    # the bands and the comments stay as they were
    google = after["data/vendors/google.yaml"].decode()
    assert "# is billed entirely at the higher band.\n" in google
    assert (
        '                - {min: 200000, max: 1048576, rates: {input: "2.5", cache_read: "0.25", output: "15"}}\n'
        in google
    )
    assert '{input: "0.625", cache_read: "0.125", output: "5"}  # flat: the bands are not listed\n' in google
    check = run_almanac("check", cwd=tmp_path)
    assert check.returncode == 0, check.stdout + check.stderr
    # Imported again: the same bands, checked that day already.
    again = run_almanac("import", "litellm", "litellm.json", "--checked", "2026-11-20", cwd=tmp_path)
    assert again.stdout.splitlines()[:4] == ["added: 0", "changed: 0", "confirmed: 0", "unchanged: 2"]
    assert data_bytes(tmp_path) == after


def test_a_genai_prices_tiered_price_is_confirmed_with_the_comment_of_its_checked_line(tmp_path: Path) -> None:
    # genai-prices 0.2.5's Claude Sonnet 4.5: five keys tiered from more than 200000 input tokens, a flat web search
    shutil.copytree(TIERS, tmp_path, dirs_exist_ok=True, ignore=shutil.ignore_patterns("README.md"))
    before = data_bytes(tmp_path)
    done = run_almanac("import", "genai-prices", "genai-prices", "-v", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == (
        "added: 0\nchanged: 0\nconfirmed: 1\n"
        "  genai-prices/anthropic.yml: claude-sonnet-4-5 — claude-sonnet-4-5 from anthropic: checked 2026-03-01 → "
        "2026-07-29; 2 bands by request size (band 2 from 200000 in data/, from more than 200000 input tokens in "
        "the file: the same threshold, one token apart)\n"
        f"unchanged: 0\nskipped: 0\n{ANTHROPIC}\n"
    )
    after = data_bytes(tmp_path)
    assert [rel for rel in after if after[rel] != before[rel]] == [ANTHROPIC]
    genai = "https://github.com/pydantic/genai-prices/blob/main/prices/providers/anthropic.yml"
    assert added_and_removed(before[ANTHROPIC].decode(), after[ANTHROPIC].decode()) == [
        "@@ -39,2 +39,2 @@",
        f'-            source: "{CLAUDE_PRICING}"',
        "-            checked: 2026-03-01  # read by hand",
        f'+            source: "{genai}"',
        "+            checked: 2026-07-29  # read by hand",
    ]
    # the batch offer of one band, up to 200000 tokens, is not in the file: untouched
    assert after[ANTHROPIC].decode().count("checked: 2026-03-01\n") == 1
