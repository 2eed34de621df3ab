"""Two readings of a price file that agree with us though their numbers differ from our list rates.
A file that lists the promotional price of our current period, in force on the file's checked date or
on the build date, agrees with us: confirmed (or unchanged), the outcome naming the promotion, and
nothing but `checked` and `source` is written. A cache write of 0 (LiteLLM's for Z.ai's implicit
caching) where our price writes no cache write, and so bills one as input, is read as not listed and
named; beside a cache write of ours it is a price, and a change. Each on a small data/ of our own,
read from a LiteLLM file through `almanac import`'s reader."""

from __future__ import annotations

import datetime as dt
import difflib
import json
from decimal import Decimal
from pathlib import Path

import pytest

from almanac.core.data.datasets.loader import load_datasets
from almanac.core.data.importers.litellm import read_litellm
from almanac.core.data.importers.merge import Outcome, plan_import, write_changes
from almanac.core.data.pricing import current_quote

TODAY = dt.date(2026, 12, 5)
CHECKED = dt.date(2026, 11, 20)
AT = dt.datetime(2026, 12, 5, 12, tzinfo=dt.UTC)

PROVIDERS = {
    "google-ai-studio": 'schema_version: 1\nid: google-ai-studio\nname: "Gemini API"\nkind: first_party\n',
    "zai": 'schema_version: 1\nid: zai\nname: "Z.ai API"\nkind: first_party\n',
}

GOOGLE = """\
schema_version: 1
vendor:
  id: google
  name: Google
models:
  - id: gemini-9-flash
    name: Gemini 9 Flash
    api_ids: [gemini-9-flash]
    offers:
      - provider: google-ai-studio
        region: global
        currency: USD
        unit: per_mtok
        service_tier: standard
        periods:
          - from: null
            to: null
            rates: {input: "1.5", cache_read: "0.15", output: "7.5"}
            promotions:
              - name: Introductory rates (50% off)
                from: PROMOTION_FROM
                to: PROMOTION_TO
                rates: {input: "0.75", cache_read: "0.075", output: "3.75"}
            source: "https://example.org/google"
            checked: 2026-11-19
            note: The list rates apply after the promotion.
"""

ZHIPU = """\
schema_version: 1
vendor:
  id: zhipu
  name: Zhipu AI
models:
  - id: glm-9
    name: GLM-9
    api_ids: [glm-9]
    offers:
      - provider: zai
        region: intl
        currency: USD
        unit: per_mtok
        service_tier: standard
        periods:
          - from: null
            to: null
            rates: {input: "1.4", cache_read: "0.26", output: "4.4"}
            source: "https://example.org/zai"
            checked: 2026-11-19
  - id: glm-9-air
    name: GLM-9 Air
    api_ids: [glm-9-air]
    offers:
      - provider: zai
        region: intl
        currency: USD
        unit: per_mtok
        service_tier: standard
        periods:
          - from: null
            to: null
            rates: {input: "0.2", cache_read: "0.03", cache_write: "0.2", output: "1.1"}
            source: "https://example.org/zai"
            checked: 2026-11-19
"""


def per_token(mtok: str) -> Decimal:
    return Decimal(mtok) / 1_000_000


def entry(provider: str, input: str, output: str, **others: str) -> dict[str, object]:
    fields = {"cache_read": "cache_read_input_token_cost", "cache_write": "cache_creation_input_token_cost"}
    return {
        "litellm_provider": provider,
        "mode": "chat",
        "input_cost_per_token": per_token(input),
        "output_cost_per_token": per_token(output),
        **{fields[key]: per_token(value) for key, value in others.items()},
    }


def make_root(tmp_path: Path, promotion: tuple[str, str] = ("null", "2027-01-01")) -> Path:
    root = tmp_path / "project"
    for provider, text in PROVIDERS.items():
        (root / "data" / "providers").mkdir(parents=True, exist_ok=True)
        (root / "data" / "providers" / f"{provider}.yaml").write_text(text, encoding="utf-8")
    (root / "data" / "vendors").mkdir(parents=True)
    google = GOOGLE.replace("PROMOTION_FROM", promotion[0]).replace("PROMOTION_TO", promotion[1])
    (root / "data" / "vendors" / "google.yaml").write_text(google, encoding="utf-8")
    (root / "data" / "vendors" / "zhipu.yaml").write_text(ZHIPU, encoding="utf-8")
    load_datasets(root, today=TODAY)  # the data/ of the test is valid
    return root


def imported(
    root: Path, entries: dict[str, dict[str, object]], *, checked: dt.date = CHECKED, add: bool = False
) -> tuple[list[Outcome], list[str]]:
    """The outcomes of importing `entries`, written, and the lines of data/vendors/*.yaml changed."""
    path = root / "litellm.json"
    path.write_text(json.dumps(entries, default=str), encoding="utf-8")
    read = read_litellm(path, "litellm.json", source="https://example.org/litellm")
    plan = plan_import(root, read, today=TODAY, checked=checked, add=add)
    write_changes(root, plan.changes, [])
    lines: list[str] = []
    for change in plan.changes:
        diff = difflib.unified_diff(
            (change.old or b"").decode().splitlines(), change.new.decode().splitlines(), lineterm="", n=0
        )
        lines += [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    return list(plan.outcomes), lines


HALF = {"gemini/gemini-9-flash": entry("gemini", "0.75", "3.75", cache_read="0.075")}
READ_AGAIN = [
    '-            source: "https://example.org/google"',
    "-            checked: 2026-11-19",
    '+            source: "https://example.org/litellm"',
    "+            checked: 2026-11-20",
]


def test_the_promotional_price_in_force_on_the_checked_date_is_ours_confirmed(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    outcomes, lines = imported(root, HALF)
    assert [(o.category, o.detail) for o in outcomes] == [
        (
            "confirmed",
            "gemini-9-flash from google-ai-studio: checked 2026-11-19 → 2026-11-20; "
            "the promotional price Introductory rates (50% off)",
        )
    ]
    assert lines == READ_AGAIN  # the list rates, the promotion and the note stay
    [offer] = load_datasets(root, today=TODAY).models["gemini-9-flash"].offers
    quote = current_quote(offer, AT)
    assert quote is not None
    assert (quote.rate("input"), quote.rate("output")) == (Decimal("0.75"), Decimal("3.75"))


def test_read_no_later_than_ours_it_is_unchanged_and_says_so(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    outcomes, lines = imported(root, HALF, checked=dt.date(2026, 11, 19))
    assert [(o.category, o.detail) for o in outcomes] == [
        ("unchanged", "gemini-9-flash from google-ai-studio; the promotional price Introductory rates (50% off)")
    ]
    assert lines == []


def test_a_promotion_begun_by_the_build_date_agrees_too(tmp_path: Path) -> None:
    root = make_root(tmp_path, ("2026-12-01", "2027-01-01"))  # not yet on 2026-11-20, on 2026-12-05
    outcomes, lines = imported(root, HALF)
    assert [o.category for o in outcomes] == ["confirmed"]
    assert lines == READ_AGAIN


@pytest.mark.parametrize(
    ("promotion", "entries"),
    [
        # the promotion ended before the file was read, and before the build date
        (("null", "2026-11-01"), HALF),
        # in force, but the file's output is neither the list rate nor the promotion's
        (("null", "2027-01-01"), {"gemini/gemini-9-flash": entry("gemini", "0.75", "3.5", cache_read="0.075")}),
    ],
)
def test_half_the_list_price_without_our_promotion_is_a_change_from_the_list_rates(
    tmp_path: Path, promotion: tuple[str, str], entries: dict[str, dict[str, object]]
) -> None:
    root = make_root(tmp_path, promotion)
    outcomes, lines = imported(root, entries)
    [outcome] = outcomes
    assert outcome.category == "changed"
    assert outcome.detail.startswith("gemini-9-flash from google-ai-studio: input 1.5 → 0.75, cache_read 0.15 → 0.075")
    assert "promotional" not in outcome.detail
    assert "+          - from: 2026-11-20" in lines


def test_a_zero_cache_write_where_ours_bills_it_as_input_is_not_listed(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    outcomes, lines = imported(root, {"zai/glm-9": entry("zai", "1.4", "4.4", cache_read="0.26", cache_write="0")})
    assert [(o.category, o.detail) for o in outcomes] == [
        (
            "confirmed",
            "glm-9 from zai: checked 2026-11-19 → 2026-11-20; "
            "cache_write 0 read as not listed (a cache write bills as input)",
        )
    ]
    assert lines == [line.replace("google", "zai") for line in READ_AGAIN]
    [offer] = load_datasets(root, today=TODAY).models["glm-9"].offers
    quote = current_quote(offer, AT)
    assert quote is not None
    assert quote.rate("cache_write") == Decimal("1.4")  # still billed as input


def test_a_zero_cache_write_beside_a_new_price_is_not_written(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    outcomes, lines = imported(root, {"zai/glm-9": entry("zai", "1.2", "4.4", cache_read="0.26", cache_write="0")})
    assert [(o.category, o.detail) for o in outcomes] == [
        (
            "changed",
            "glm-9 from zai: input 1.4 → 1.2, from 2026-11-20; "
            "cache_write 0 read as not listed (a cache write bills as input)",
        )
    ]
    assert '+            rates: {input: "1.2", cache_read: "0.26", output: "4.4"}' in lines


@pytest.mark.parametrize(
    ("model", "cache_write", "words"),
    [
        ("glm-9-air", "0", "cache_write 0.2 → 0"),  # ours writes a cache write: 0 is a price
        ("glm-9", "2", "cache_write 1.4 → 2"),  # a cache write other than 0 is one, as before
    ],
)
def test_any_other_cache_write_is_compared_as_a_price(tmp_path: Path, model: str, cache_write: str, words: str) -> None:
    root = make_root(tmp_path)
    rates = {"glm-9": ("1.4", "4.4", "0.26"), "glm-9-air": ("0.2", "1.1", "0.03")}[model]
    given = entry("zai", rates[0], rates[1], cache_read=rates[2], cache_write=cache_write)
    outcomes, _ = imported(root, {f"zai/{model}": given})
    assert [(o.category, o.detail) for o in outcomes] == [("changed", f"{model} from zai: {words}, from 2026-11-20")]


def test_a_model_added_with_a_zero_cache_write_is_written_without_it(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    given = entry("zai", "1", "3.2", cache_read="0.2", cache_write="0")
    outcomes, lines = imported(root, {"zai/glm-8": given}, add=True)
    assert [(o.category, o.detail) for o in outcomes] == [
        (
            "added",
            "model glm-8 with its offer from zai; cache_write 0 read as not listed (a cache write bills as input)",
        )
    ]
    assert '+            rates: {input: "1", cache_read: "0.2", output: "3.2"}' in lines
    assert not any("cache_write" in line for line in lines)
