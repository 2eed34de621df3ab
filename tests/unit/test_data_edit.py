"""A new price edits `data/vendors/<vendor>.yaml` without losing anything: only the closed period's `to`
line changes and the new period's lines are added (comments, quoting, blank lines and order stay); the
new file passes the build's checks before it is written; the write replaces the file in one step or not
at all, and never over a file changed since it was read. Run in process on a copy of the tests' own
project (tests/fixtures/edits/: the sample's data/ frozen at one commit), whose lines stay put."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import pytest

from almanac.core.data import edit as edit_module
from almanac.core.data.datasets import load_datasets
from almanac.core.data.edit import NewFileErrors, NewPrice, offer_tables, plan_price, unified_diff, write_edit
from almanac.core.data.pricing.history import price_changes
from almanac.core.errors import AlmanacError, AlmanacErrors

from helpers import EDITS_PROJECT, copy_edits_project

TODAY = dt.date(2026, 11, 28)
OPENAI = "data/vendors/openai.yaml"

#: The OpenRouter offer of gpt-5.4-mini as the sample writes it, and with comments, other quotes, a
#: blank line and CJK text around it, for the round trip to keep.
PLAIN = """\
      - provider: openrouter
        region: global
        currency: USD
        unit: per_mtok
        service_tier: standard
        periods:
          - from: null
            to: null
            rates: {input: "0.75", cache_read: "0.075", output: "4.5"}
            source: "https://openrouter.ai/openai/gpt-5.4-mini"
            checked: 2026-08-21
"""
COMMENTED = """\
      # OpenRouter passes OpenAI's list price through (经由 OpenRouter).
      - provider: openrouter
        region: global
        currency: USD
        unit: per_mtok
        service_tier: standard
        periods:

          - from: null
            to: null    # still in force
            rates: {input: '0.75', cache_read: "0.075", output: "4.5"}   # as listed
            source: "https://openrouter.ai/openai/gpt-5.4-mini"
            checked: 2026-08-21  # by hand
            # compared with openai.com on the same day
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A copy of the tests' project (tests/fixtures/edits/), gpt-5.4-mini's OpenRouter offer commented."""
    copy_edits_project(tmp_path)
    path = tmp_path / OPENAI
    text = path.read_text(encoding="utf-8")
    assert text.count(PLAIN) == 1
    path.write_text(text.replace(PLAIN, COMMENTED), encoding="utf-8")
    return tmp_path


def openrouter(**changes: object) -> NewPrice:
    values: dict[str, object] = {
        "model": "gpt-5.4-mini",
        "provider": "openrouter",
        "rates": {"input": "0.6", "output": "3.6"},
        "start": "2026-11-20",
        "source": "https://openrouter.ai/openai/gpt-5.4-mini",
    }
    values.update(changes)
    return NewPrice(**values)  # type: ignore[arg-type]


def data_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "data").rglob("*")) if p.is_file()}


# --- the round trip -----------------------------------------------------------------------------


def test_only_the_closed_periods_to_line_changes_and_the_new_period_is_added(root: Path) -> None:
    before = (root / OPENAI).read_text(encoding="utf-8")
    edit = plan_price(root, openrouter(), today=TODAY)
    assert (root / OPENAI).read_text(encoding="utf-8") == before, "planning writes nothing"
    expected = before.replace(
        COMMENTED,
        COMMENTED.replace("to: null    # still in force", "to: 2026-11-20 # still in force").replace(
            "            checked: 2026-08-21  # by hand\n",
            "            checked: 2026-08-21  # by hand\n"
            "          - from: 2026-11-20\n"
            "            to: null\n"
            '            rates: {input: "0.6", cache_read: "0.075", output: "3.6"}\n'
            '            source: "https://openrouter.ai/openai/gpt-5.4-mini"\n'
            "            checked: 2026-11-28\n",
        ),
    )
    assert edit.new.decode("utf-8") == expected
    assert edit.carried == {"cache_read": "0.075"}, "a rate not given is kept, and said to be"
    diff = unified_diff(edit).splitlines()
    assert diff[:2] == [f"--- a/{OPENAI}", f"+++ b/{OPENAI}"]
    assert [line for line in diff[2:] if line.startswith("-")] == ["-            to: null    # still in force"]
    assert len([line for line in diff[2:] if line.startswith("+")]) == 6

    write_edit(edit)
    assert (root / OPENAI).read_bytes() == edit.new
    model = load_datasets(root, today=TODAY).models["gpt-5.4-mini"]
    periods = model.offers[1].periods
    assert [(p.from_, p.to) for p in periods] == [(None, dt.date(2026, 11, 20)), (dt.date(2026, 11, 20), None)]
    assert [(c.provider, c.key, str(c.old), str(c.new)) for c in price_changes(model)] == [
        ("openrouter", "input", "0.75", "0.6"),
        ("openrouter", "output", "4.5", "3.6"),
    ]


def test_history_is_added_to_period_after_period(root: Path) -> None:
    write_edit(plan_price(root, openrouter(), today=TODAY))
    once = (root / OPENAI).read_text(encoding="utf-8")
    second = plan_price(
        root,
        openrouter(
            rates={"input": "0.5", "output": "3", "cache_read": "null"},
            start="2026-11-25T16:00:00Z",
            checked="2026-11-26",
            note="Cache reads no longer listed.",
        ),
        today=TODAY,
    )
    write_edit(second)
    text = (root / OPENAI).read_text(encoding="utf-8")
    assert text == once.replace(
        "            checked: 2026-11-28\n",
        "            checked: 2026-11-28\n"
        '          - from: "2026-11-25T16:00:00Z"\n'
        "            to: null\n"
        '            rates: {input: "0.5", cache_read: null, output: "3"}\n'
        '            source: "https://openrouter.ai/openai/gpt-5.4-mini"\n'
        "            checked: 2026-11-26\n"
        "            note: Cache reads no longer listed.\n",
        1,
    ).replace(
        'to: null\n            rates: {input: "0.6"', 'to: "2026-11-25T16:00:00Z"\n            rates: {input: "0.6"', 1
    )
    periods = load_datasets(root, today=TODAY).models["gpt-5.4-mini"].offers[1].periods
    assert len(periods) == 3 and periods[2].rates is not None and periods[2].rates.cache_read is None


def test_a_closed_last_period_keeps_its_end_and_a_block_scalar_at_the_end_of_the_file_stays(root: Path) -> None:
    path = root / "data/vendors/deepseek.yaml"
    before = path.read_text(encoding="utf-8")
    assert before.endswith("until retirement on 2026-07-24 15:59 UTC.\n")  # a `note: >-` block ends the file
    edit = plan_price(
        root,
        NewPrice(
            model="deepseek-reasoner",
            provider="deepseek",
            rates={"input": "0.28", "output": "0.42"},
            start="2026-11-01",
            source="https://api-docs.deepseek.com/quick_start/pricing",
        ),
        today=TODAY,
    )
    assert edit.new.decode("utf-8") == before + (
        "          - from: 2026-11-01\n"
        "            to: null\n"
        '            rates: {input: "0.28", cache_read: "0.028", output: "0.42"}\n'
        '            source: "https://api-docs.deepseek.com/quick_start/pricing"\n'
        "            checked: 2026-11-28\n"
    )


def test_the_last_flat_offer_of_each_vendor_file_can_be_given_a_new_price_changing_only_its_lines() -> None:
    """Over the vendor files of the tests' project: the last offer of each whose current price is flat
    rates (the one the lines after it are tied to) takes a new one with at most one line changed (its
    `to`) and five added. Planned only, on the fixture itself."""
    datasets = load_datasets(EDITS_PROJECT, today=TODAY)
    planned = []
    for vendor in datasets.vendors.values():
        model, offer = [
            (model, offer)
            for model in vendor.models
            for offer in model.offers
            if not (offer.periods[-1].tiers or offer.periods[-1].time_windows or offer.periods[-1].mode_overrides)
        ][-1]
        price = NewPrice(
            model=model.id,
            provider=offer.provider,
            region=offer.region,
            currency=offer.currency,
            service_tier=offer.service_tier,
            rates={"input": "1.5", "output": "3"},
            start="2026-11-20",
            source="https://example.org/prices",
        )
        edit = plan_price(EDITS_PROJECT, price, today=TODAY)
        diff = unified_diff(edit).splitlines()[2:]
        removed = [line for line in diff if line.startswith("-")]
        assert removed == (["-            to: null"] if offer.periods[-1].to is None else []), model.id
        assert len([line for line in diff if line.startswith("+")]) == 5 + len(removed), model.id
        planned.append(model.id)
    assert len(planned) == len(datasets.vendors) == 12


# --- refused edits -------------------------------------------------------------------------------


def refused(root: Path, price: NewPrice) -> list[str]:
    before = data_bytes(root)
    with pytest.raises((AlmanacError, AlmanacErrors)) as caught:
        plan_price(root, price, today=TODAY)
    assert data_bytes(root) == before
    error = caught.value
    return [str(e) for e in (error.errors if isinstance(error, AlmanacErrors) else [error])]


def refused_once(root: Path, price: NewPrice) -> list[str]:
    """The problems of a plan whose file changes while it is made (so not unchanged after it)."""
    with pytest.raises((AlmanacError, AlmanacErrors)) as caught:
        plan_price(root, price, today=TODAY)
    error = caught.value
    return [str(e) for e in (error.errors if isinstance(error, AlmanacErrors) else [error])]


def test_an_unknown_model_is_refused_with_the_closest(root: Path) -> None:
    assert refused(root, openrouter(model="gpt-5.4-mni")) == [
        f"{OPENAI}:175: no model 'gpt-5.4-mni' in data/ — did you mean gpt-5.4-mini?"
    ]
    assert refused(root, openrouter(model="GPT-5.4 mini")) == [
        f"{OPENAI}:175: no model 'GPT-5.4 mini' in data/ — did you mean gpt-5.4-mini?"
    ]


def test_a_model_nothing_is_close_to_is_refused_at_the_file_it_would_be_added_to(root: Path) -> None:
    """No model to point at: the vendor file whose models begin as the id does, or whose id it names
    (`anthropic/…`), at its `models:`; else the first vendor file's first `id:`, an id as it is wanted."""
    anthropic = (
        "no model's id, name or alias is close to it; the models of Anthropic are claude-opus-5, claude-opus-4-8, "
        "claude-opus-4-7, claude-opus-4-6, claude-sonnet-5, claude-sonnet-4-6, claude-sonnet-4-5, claude-haiku-4-5, "
        "claude-fable-5: give one's id, or add the model here by hand"
    )
    assert refused(root, openrouter(model="claude-mythos-preview-9")) == [
        f"data/vendors/anthropic.yaml:13: no model 'claude-mythos-preview-9' in data/ — {anthropic}"
    ]
    assert refused(root, openrouter(model="anthropic/zzzz")) == [
        f"data/vendors/anthropic.yaml:13: no model 'anthropic/zzzz' in data/ — {anthropic}"
    ]
    assert refused(root, openrouter(model="zzzz")) == [
        "data/vendors/alibaba.yaml:16: no model 'zzzz' in data/ — no model's id, name or alias is close to it, "
        "and no vendor's models begin as it does (claude, codestral, deepseek, devstral, doubao, gemini, glm, gpt, "
        "grok, kimi, llama, magistral, minimax, mistral, qwen): give a model's id, an `id:` of data/vendors/*.yaml "
        "as on this line, or add the model to its vendor's file"
    ]
    assert (root / "data/vendors/alibaba.yaml").read_text(encoding="utf-8").splitlines()[15] == "  - id: qwen3.6-plus"


def test_a_model_asked_of_a_data_folder_without_vendors_is_refused(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    with pytest.raises(AlmanacError) as caught:
        plan_price(tmp_path, openrouter(model="gpt-5.4-mini"), today=TODAY)
    assert str(caught.value) == (
        "data/vendors/: no model 'gpt-5.4-mini' in data/, which has no vendor file yet — add a vendor and its "
        "models in data/vendors/<vendor>.yaml, by hand or with almanac import … --add"
    )


def test_a_file_changed_between_the_check_and_the_edit_is_refused_at_its_first_line(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def load_then_change(*args: object, **kwargs: object) -> object:
        loaded = load_datasets(*args, **kwargs)  # type: ignore[arg-type]
        (root / OPENAI).write_text("models: [\n", encoding="utf-8")
        return loaded

    monkeypatch.setattr(edit_module, "load_datasets", load_then_change)
    assert refused_once(root, openrouter()) == [
        f"{OPENAI}:1: changed on disk while it was read — run the command again"
    ]


def test_an_unknown_or_ambiguous_offer_is_refused_with_what_to_add(root: Path) -> None:
    assert refused(root, openrouter(provider="openroute")) == [
        f"{OPENAI}:184: gpt-5.4-mini has no offer from 'openroute' (no such provider in data/) — did you mean "
        "openrouter? Its offers are from openai, openrouter"
    ]
    assert refused(root, openrouter(region="cn")) == [
        f"{OPENAI}:184: gpt-5.4-mini has no offer from openrouter with --region cn — it has global"
    ]
    deepseek = NewPrice(
        model="deepseek-v4-pro",
        provider="deepseek",
        rates={"input": "1", "output": "2"},
        start="2026-11-20",
        source="x",
    )
    assert refused(root, deepseek) == [
        "data/vendors/deepseek.yaml:30: deepseek-v4-pro has 2 offers from deepseek — choose one with "
        "--region global or cn, --currency USD or CNY"
    ]


def test_values_that_do_not_parse_are_refused_together(root: Path) -> None:
    assert refused(
        root, openrouter(rates={"input": "0,6", "output": "$3", "cache_read": "-1"}, start="2026-02-30")
    ) == [
        f"{OPENAI}:204: --input '0,6' is not a price: expected a price written as a decimal such as \"0.28\", "
        "found '0,6' — write digits with an optional decimal point, without units or spaces",
        f"{OPENAI}:204: --output '$3' is not a price: expected a price written as a decimal such as \"0.28\", "
        "found '$3' — write digits with an optional decimal point, without units or spaces",
        f"{OPENAI}:204: --cache-read '-1' is not a price: negative price -1 — prices are zero or more: \"0\" "
        "means free and null means not offered",
        f"{OPENAI}:204: --from '2026-02-30': not a real date '2026-02-30': day is out of range for month — "
        "write a date as YYYY-MM-DD",
    ]


def test_a_start_not_after_the_current_one_is_refused(root: Path) -> None:
    write_edit(plan_price(root, openrouter(), today=TODAY))
    for start in ("2026-11-20", "2026-11-19T23:00:00Z", "2025-01-01"):
        assert refused(root, openrouter(start=start)) == [
            f"{OPENAI}:209: --from {start} is not after the start of the current price (2026-11-20) — a new "
            "price starts after the current one; history is never rewritten, so a wrong past price is "
            "corrected by hand"
        ]
    closed = NewPrice(
        model="deepseek-reasoner",
        provider="deepseek",
        rates={"input": "1", "output": "2"},
        start="2026-04-01",
        source="https://api-docs.deepseek.com/quick_start/pricing",
    )
    assert refused(root, closed) == [
        "data/vendors/deepseek.yaml:284: --from 2026-04-01 is before the end of the last price (2026-04-24) — "
        "give --from 2026-04-24 or later"
    ]


def test_prices_by_hour_or_request_size_are_left_to_a_hand_edit(root: Path) -> None:
    price = NewPrice(
        model="deepseek-v4-pro",
        provider="deepseek",
        region="global",
        rates={"input": "1", "output": "2"},
        start="2026-11-20",
        source="https://api-docs.deepseek.com/quick_start/pricing",
    )
    assert refused(root, price) == [
        "data/vendors/deepseek.yaml:59: the current price of deepseek-v4-pro from deepseek (global, USD, "
        "standard) has time_windows (prices by hour), which a command line does not set — add its next "
        "period by hand, from a copy of this one; or pass --flat when the new price is the same at every hour, "
        "request size and mode"
    ]
    tiered = NewPrice(
        model="qwen3.6-plus",
        provider="alibaba-model-studio",
        region="intl",
        rates={"input": "1", "output": "2"},
        start="2026-11-20",
        source="https://example.org/prices",
    )
    assert refused(root, tiered) == [
        "data/vendors/alibaba.yaml:28: the current price of qwen3.6-plus from alibaba-model-studio (intl, USD, "
        "standard) has tiers (prices by request size), which a command line does not set — add its next "
        "period by hand, from a copy of this one; or pass --flat when the new price is the same at every hour, "
        "request size and mode"
    ]


def test_the_new_file_must_pass_the_builds_checks(root: Path) -> None:
    """At the lines of the new file (those `unified_diff` shows): the new period is lines 209-213."""
    before = data_bytes(root)
    with pytest.raises(NewFileErrors) as caught:
        plan_price(root, openrouter(source="ftp://example.org/prices"), today=TODAY)
    assert [(e.path, e.line, e.message.split(":")[0]) for e in caught.value.errors] == [
        (OPENAI, 212, "models[5].offers[1].periods[1].source")
    ]
    with pytest.raises(NewFileErrors) as caught:
        plan_price(root, openrouter(checked="2026-11-29"), today=TODAY)
    assert [(e.path, e.line) for e in caught.value.errors] == [(OPENAI, 213)]
    assert "'checked' date 2026-11-29 is after today (2026-11-28)" in caught.value.errors[0].message
    assert data_bytes(root) == before


def test_data_with_problems_is_reported_before_any_edit(root: Path) -> None:
    tags = root / "data" / "tags.yaml"
    tags.write_text(tags.read_text(encoding="utf-8") + "- nme: typo\n", encoding="utf-8")
    lines = refused(root, openrouter())
    assert lines and all(line.startswith("data/tags.yaml:") for line in lines), lines


# --- the write ------------------------------------------------------------------------------------


def folder_names(root: Path) -> list[str]:
    return sorted(os.listdir(root / "data" / "vendors"))


def test_a_write_that_fails_before_the_rename_leaves_the_old_file_and_no_temporary_file(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit = plan_price(root, openrouter(), today=TODAY)
    names = folder_names(root)
    renamed: list[tuple[str, str]] = []

    def killed(source: str, target: str) -> None:
        renamed.append((source, target))
        assert Path(source).read_bytes() == edit.new, "the new text is whole in the temporary file"
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(edit_module.os, "replace", killed)
    with pytest.raises(AlmanacError) as caught:
        write_edit(edit)
    assert str(caught.value) == (
        f"{OPENAI}:1: not written: No space left on device — the file is unchanged; fix the cause and run again"
    )
    assert len(renamed) == 1 and Path(renamed[0][0]).parent == root / "data" / "vendors"
    assert (root / OPENAI).read_bytes() == edit.old
    assert folder_names(root) == names


def test_a_file_changed_since_it_was_read_is_not_overwritten(root: Path) -> None:
    edit = plan_price(root, openrouter(), today=TODAY)
    changed = edit.old + b"# added by someone else\n"
    (root / OPENAI).write_bytes(changed)
    names = folder_names(root)
    with pytest.raises(AlmanacError) as caught:
        write_edit(edit)
    assert str(caught.value) == (
        f"{OPENAI}:1: changed on disk since almanac read it; not written — run the command again on the file "
        "as it is now"
    )
    assert (root / OPENAI).read_bytes() == changed
    assert folder_names(root) == names


def test_a_read_only_folder_or_file_is_not_written(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    edit = plan_price(root, openrouter(), today=TODAY)
    folder = root / "data" / "vendors"
    mode = folder.stat().st_mode
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP)
    try:
        with pytest.raises(AlmanacError) as caught:
            write_edit(edit)
    finally:
        folder.chmod(mode)
    assert str(caught.value) == f"{OPENAI}:1: data/vendors/ is read-only — make data/vendors/ writable and run again"
    (root / OPENAI).chmod(0o444)
    with pytest.raises(AlmanacError, match="the file is read-only — make it writable"):
        write_edit(edit)
    (root / OPENAI).chmod(0o644)

    def denied(**_: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(edit_module.tempfile, "mkstemp", denied)
    with pytest.raises(AlmanacError) as caught:
        write_edit(edit)
    assert str(caught.value) == (
        f"{OPENAI}:1: cannot write in data/vendors/ (permission denied) — make data/vendors/ writable"
    )
    assert (root / OPENAI).read_bytes() == edit.old
    assert not [name for name in folder_names(root) if name.endswith(".tmp")]


def test_the_written_file_keeps_the_old_files_permissions(root: Path) -> None:
    (root / OPENAI).chmod(0o640)
    write_edit(plan_price(root, openrouter(), today=TODAY))
    assert stat.S_IMODE((root / OPENAI).stat().st_mode) == 0o640


# --- show -----------------------------------------------------------------------------------------


def test_the_tables_of_a_model_show_each_offer_its_history_and_what_flat_rates_do_not() -> None:
    datasets = load_datasets(EDITS_PROJECT, today=TODAY)
    tables = offer_tables(datasets, datasets.models["deepseek-v4-pro"], today=TODAY)
    assert [(t.title, t.where) for t in tables] == [
        ("deepseek · global · USD · standard · per_mtok", "data/vendors/deepseek.yaml:31"),
        ("deepseek · cn · CNY · standard · per_mtok", "data/vendors/deepseek.yaml:83"),
    ]
    first = tables[0]
    assert first.header == ("from", "to", "input", "cache_read", "output", "checked", "source", "")
    assert first.rows[0][:6] == ("2026-04-24", "2026-04-26T12:15:00Z", "1.74", "0.145", "3.48", "2026-08-05")
    assert first.rows[1][-1] == "+ 1 promotion"
    assert first.rows[2][:2] == ("2026-08-16T16:00:00Z", "open")
    assert first.rows[2][-1] == "+ off_peak, off_peak_weekend"
    assert first.current == 2


def test_a_current_period_without_a_to_key_gets_one_after_its_from(root: Path) -> None:
    path = root / OPENAI
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("            to: null    # still in force\n", ""), encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    edit = plan_price(root, openrouter(start="2026-11-20T08:00:00+08:00"), today=TODAY)
    diff = [line for line in unified_diff(edit).splitlines()[2:] if line[:1] in "+-"]
    assert diff == [
        '+            to: "2026-11-20T08:00:00+08:00"',
        '+          - from: "2026-11-20T08:00:00+08:00"',
        "+            to: null",
        '+            rates: {input: "0.6", cache_read: "0.075", output: "3.6"}',
        '+            source: "https://openrouter.ai/openai/gpt-5.4-mini"',
        "+            checked: 2026-11-28",
    ]
    assert edit.old.decode("utf-8") == before
    assert (
        "          - from: null\n            to: \"2026-11-20T08:00:00+08:00\"\n            rates: {input: '0.75'"
        in edit.new.decode("utf-8")
    )


def test_flat_rates_may_follow_off_peak_hours_when_asked_for(root: Path) -> None:
    path = root / "data/vendors/deepseek.yaml"
    before = path.read_text(encoding="utf-8")
    price = NewPrice(
        model="deepseek-v4-pro",
        provider="deepseek",
        region="global",
        rates={"input": "1.2", "output": "3.6"},
        start="2026-11-20",
        source="https://api-docs.deepseek.com/quick_start/pricing",
        flat=True,
    )
    edit = plan_price(root, price, today=TODAY)
    assert edit.new.decode("utf-8") == before.replace(
        """          - from: "2026-08-16T16:00:00Z"
            to: null
            rates: {input: "1.32", cache_read: "0.044", output: "3.96"}     # peak rates""",
        """          - from: "2026-08-16T16:00:00Z"
            to: 2026-11-20
            rates: {input: "1.32", cache_read: "0.044", output: "3.96"}     # peak rates""",
        1,
    ).replace(
        "              public price trackers.\n",
        "              public price trackers.\n"
        "          - from: 2026-11-20\n"
        "            to: null\n"
        '            rates: {input: "1.2", cache_read: "0.044", output: "3.6"}\n'
        '            source: "https://api-docs.deepseek.com/quick_start/pricing"\n'
        "            checked: 2026-11-28\n",
        1,
    )
