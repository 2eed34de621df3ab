"""One bad input per test, each with the exact message the author reads."""

from __future__ import annotations

import textwrap
from datetime import date

import pytest

from almanac.core.data.datasets import load_datasets
from almanac.core.errors import AlmanacErrors

VENDOR = "data/vendors/acme.yaml"
RELAY = "data/providers/relay-x.yaml"
TODAY = date(2026, 11, 28)

# The vendor file of the minimal project up to its periods: 12 lines, so the periods given to
# `vendor()` start on line 13, their keys at column 13 and their values where the text says.
HEAD = """\
schema_version: 1
vendor:
  id: acme
  name: Acme AI
models:
  - id: acme-large
    name: Acme Large
    offers:
      - provider: acme-cloud
        region: global
        currency: USD
        periods:
"""

CURRENT = """
- from: 2026-01-01
  rates: {input: "1.00", output: "4.00"}
  source: "https://acme.example/pricing"
  checked: 2026-08-20
"""


def vendor(periods: str = CURRENT, *, head: str = HEAD) -> str:
    return head + textwrap.indent(textwrap.dedent(periods).lstrip("\n"), " " * 10)


def relay(old: str, new: str) -> str:
    text = """\
    schema_version: 1
    id: relay-x
    name: Relay X
    kind: relay
    billing:
      currency: CNY
      model: prepaid_credit
      groups:
        - {name: default, multiplier: "0.6"}
    models_offered:
      - {model: acme-large, group: default}
    ratings:
      - {date: 2026-08-20, quality: 4, stability: 3, affordability: 5, method: docs/methodology/relay-scoring.md}
    monitoring:
      - {id: large-chat, model: acme-large, endpoint: /v1/chat/completions, interval: 10m, timeout: 60s}
    """
    assert old in text
    return text.replace(old, new)


# --- types -------------------------------------------------------------------------------------


def test_wrong_type(project, errors_in) -> None:
    root = project(
        {VENDOR: vendor(head=HEAD.replace("    name: Acme Large\n", "    name: Acme Large\n    context_window: big\n"))}
    )
    assert errors_in(root) == [
        "data/vendors/acme.yaml:8:21: models[0].context_window: expected a whole number, found 'big'"
    ]


def test_boolean_where_text_is_expected(project, errors_in) -> None:
    root = project({VENDOR: vendor(head=HEAD.replace("  name: Acme AI", "  name: true"))})
    assert errors_in(root) == ["data/vendors/acme.yaml:4:9: vendor.name: expected text, found true — put it in quotes"]


@pytest.mark.parametrize("written", ['"-1.00"', "-1.00"])
def test_negative_price(project, errors_in, written: str) -> None:
    root = project({VENDOR: vendor(CURRENT.replace('input: "1.00"', f"input: {written}"))})
    assert errors_in(root) == [
        "data/vendors/acme.yaml:14:28: models[0].offers[0].periods[0].rates.input: negative price -1.00"
        ' — prices are zero or more: "0" means free and null means not offered'
    ]


def test_non_numeric_price(project, errors_in) -> None:
    root = project({VENDOR: vendor(CURRENT.replace('output: "4.00"', 'output: "4 USD"'))})
    assert errors_in(root) == [
        "data/vendors/acme.yaml:14:44: models[0].offers[0].periods[0].rates.output: expected a price written as"
        " a decimal such as \"0.28\", found '4 USD' — write digits with an optional decimal point, without units"
        " or spaces"
    ]


def test_price_as_float_like_text_is_exact(project) -> None:
    root = project({VENDOR: vendor(CURRENT.replace('input: "1.00"', "input: 0.1"))})
    rates = load_datasets(root, today=TODAY).models["acme-large"].offers[0].periods[0].rates
    assert rates is not None and str(rates.input) == "0.1"


def test_unknown_currency_written_as_rmb(project, errors_in) -> None:
    root = project({VENDOR: vendor(head=HEAD.replace("currency: USD", "currency: RMB"))})
    assert errors_in(root) == [
        "data/vendors/acme.yaml:11:19: models[0].offers[0].currency: unknown currency 'RMB'"
        " — 'RMB' is not an ISO 4217 code: write 'CNY'"
    ]


def test_unknown_currency_with_suggestion(project, errors_in) -> None:
    root = project({VENDOR: vendor(head=HEAD.replace("currency: USD", "currency: USX"))})
    assert errors_in(root) == [
        "data/vendors/acme.yaml:11:19: models[0].offers[0].currency: unknown currency 'USX'"
        " — did you mean 'USD'? Currencies are ISO 4217 codes"
    ]


def test_unknown_rate_key(project, errors_in) -> None:
    root = project({VENDOR: vendor(CURRENT.replace('input: "1.00"', 'inptu: "1.00"'))})
    assert errors_in(root) == [
        "data/vendors/acme.yaml:14:21: models[0].offers[0].periods[0].rates: unknown rate key 'inptu'"
        " — did you mean 'input'?"
    ]


def test_unknown_key_lists_the_allowed_ones(project, errors_in) -> None:
    root = project({"data/fx.yaml": "base: USD\nrates: []\nsource: somewhere\n"})
    assert errors_in(root) == ["data/fx.yaml:3:1: unknown key 'source' — allowed keys: base, rates, policy"]


def test_comma_in_unquoted_text_inside_braces(project, errors_in) -> None:
    root = project(
        {
            "data/fx.yaml": """
            base: USD
            rates:
              - {currency: CNY, per_usd: "7.10", date: 2026-08-01, source: SAFE, central parity}
            """
        }
    )
    assert errors_in(root) == [
        "data/fx.yaml:3:70: rates[0]: unknown key 'central parity' — a comma inside { } ends a value:"
        " if 'central parity' is part of the text before it, put that text in quotes"
    ]


def test_closed_list_with_suggestion(project, errors_in) -> None:
    root = project(
        {"data/providers/acme-cloud.yaml": "schema_version: 1\nid: acme-cloud\nname: Acme Cloud\nkind: first-party\n"}
    )
    assert errors_in(root) == [
        "data/providers/acme-cloud.yaml:4:7: kind: expected one of first_party, cloud, aggregator, gateway,"
        " relay; found 'first-party' — did you mean 'first_party'?"
    ]


def test_missing_required_key(project, errors_in) -> None:
    root = project({VENDOR: vendor(head=HEAD.replace("        region: global\n", ""))})
    assert errors_in(root) == [
        "data/vendors/acme.yaml:9:9: models[0].offers[0]: missing required key 'region'"
        " — add 'region:' (the region or console: `global`, `intl`, `cn-beijing`)"
    ]


def test_naive_datetime(project, errors_in) -> None:
    root = project({VENDOR: vendor(CURRENT.replace("from: 2026-01-01", 'from: "2026-01-01T00:00:00"'))})
    assert errors_in(root) == [
        "data/vendors/acme.yaml:13:19: models[0].offers[0].periods[0].from: date and time"
        " '2026-01-01T00:00:00' has no time zone — add a zone: 'Z' for UTC or an offset such as '+08:00'"
    ]


def test_time_windows(project, errors_in) -> None:
    window = (
        "  time_windows:\n    - {name: off_peak, tz: Asia/Shanghi, weekdays: [1, 8],"
        ' hours: ["22:00-06:00", "10:00-24:30"], rates: {input: "0.5"}}\n'
    )
    root = project({VENDOR: vendor(CURRENT + window)})
    where = "data/vendors/acme.yaml:18"
    field = "models[0].offers[0].periods[0].time_windows[0]"
    assert errors_in(root) == [
        f"{where}:38: {field}.tz: unknown time zone 'Asia/Shanghi' — did you mean 'Asia/Shanghai'?",
        f"{where}:66: {field}.weekdays[1]: expected an ISO weekday number from 1 to 7, found 8",
        f"{where}:78: {field}.hours[0]: '22:00-06:00' does not end after it starts — write a range within one"
        ' day; split a range across midnight in two, such as "22:00-24:00" and "00:00-06:00"',
        f"{where}:93: {field}.hours[1]: '10:00-24:30' goes past 24:00 — the day ends at 24:00",
    ]


def test_overlapping_time_windows(project, errors_in) -> None:
    windows = (
        "  time_windows:\n"
        '    - {name: night, tz: UTC, weekdays: [1, 2], hours: ["00:00-08:00"], rates: {input: "0.5"}}\n'
        '    - {name: weekend, tz: UTC, weekdays: [2, 6, 7], hours: ["00:00-24:00"], rates: {input: "0.4"}}\n'
    )
    root = project({VENDOR: vendor(CURRENT + windows)})
    assert errors_in(root) == [
        "data/vendors/acme.yaml:19:17: models[0].offers[0].periods[0].time_windows[1]: time window 'weekend'"
        " overlaps 'night' (time_windows[0]) on weekday 2 — a moment may fall in one time window only"
    ]


def test_multiplier_and_rating_out_of_range(project, errors_in) -> None:
    text = relay('multiplier: "0.6"', 'multiplier: "0"').replace("quality: 4", "quality: 6")
    root = project({RELAY: text})
    assert errors_in(root) == [
        "data/providers/relay-x.yaml:9:35: billing.groups[0].multiplier: multiplier 0 is not positive"
        ' — a multiplier scales the list price and is above zero, such as "0.6"',
        "data/providers/relay-x.yaml:13:33: ratings[0].quality: expected a score from 1 to 5, found 6",
    ]


def test_tags_file_is_a_list(project, errors_in) -> None:
    root = project({"data/tags.yaml": "tags:\n  - name: large model\n"})
    assert errors_in(root) == [
        "data/tags.yaml:1:1: expected a list of tags, found a mapping with the key 'tags'"
        " — data/tags.yaml is a list: remove the 'tags:' line and start each tag with '- name:'"
    ]


def test_tag_alias_used_twice(project, errors_in) -> None:
    root = project({"data/tags.yaml": "- name: large model\n  aliases: [LLM]\n- name: llm\n"})
    assert errors_in(root) == [
        "data/tags.yaml:3:9: [1].name: 'llm' is already an alias of the tag 'large model'"
        " — each spelling belongs to one tag: remove it here or there"
    ]


def test_tag_alias_defined_in_two_tags(project, errors_in) -> None:
    root = project({"data/tags.yaml": "- name: large model\n  aliases: [LLM]\n- name: chips\n  aliases: [ｌｌｍ]\n"})
    assert errors_in(root) == [
        "data/tags.yaml:4:13: [1].aliases[0]: 'ｌｌｍ' is already an alias of the tag 'large model'"
        " — each spelling belongs to one tag: remove it here or there"
    ]


def test_tag_alias_equal_to_another_tags_name(project, errors_in) -> None:
    root = project({"data/tags.yaml": "- name: pricing\n- name: large model\n  aliases: [Pricing]\n"})
    assert errors_in(root) == [
        "data/tags.yaml:3:13: [1].aliases[0]: 'Pricing' is already the name of the tag 'pricing'"
        " — each spelling belongs to one tag: remove it here or there"
    ]


def test_two_tags_with_one_page(project, errors_in) -> None:
    root = project({"data/tags.yaml": "- name: API gateway\n- name: api-gateway!\n"})
    assert errors_in(root) == [
        "data/tags.yaml:2:9: [1].name: the tag page /tags/api-gateway/ is already the page of 'API gateway'"
        " — give one of the two tags its own `slug:`"
    ]


# --- references across files -------------------------------------------------------------------


def test_unknown_provider(project, errors_in) -> None:
    root = project({VENDOR: vendor(head=HEAD.replace("provider: acme-cloud", "provider: acme-clod"))})
    assert errors_in(root) == [
        "data/vendors/acme.yaml:9:19: models[0].offers[0].provider: unknown provider 'acme-clod'"
        " — did you mean 'acme-cloud'?"
    ]


def test_unknown_provider_without_a_close_one(project, errors_in) -> None:
    root = project({VENDOR: vendor(head=HEAD.replace("provider: acme-cloud", "provider: zeta"))})
    assert errors_in(root) == [
        "data/vendors/acme.yaml:9:19: models[0].offers[0].provider: unknown provider 'zeta'"
        " — providers are the files in data/providers/"
    ]


def test_unknown_model_offered_by_a_relay(project, errors_in) -> None:
    root = project({RELAY: relay("{model: acme-large, group", "{model: acme-larg, group")})
    assert errors_in(root) == [
        "data/providers/relay-x.yaml:11:13: models_offered[0].model: unknown model 'acme-larg'"
        " — did you mean 'acme-large'?"
    ]


def test_unknown_relay_group(project, errors_in) -> None:
    root = project({RELAY: relay("group: default}", "group: defualt}")})
    assert errors_in(root) == [
        "data/providers/relay-x.yaml:11:32: models_offered[0].group: unknown billing group 'defualt'"
        " — did you mean 'default'?"
    ]


def test_unknown_successor_model(project, errors_in) -> None:
    head = HEAD.replace(
        "    name: Acme Large\n", "    name: Acme Large\n    lifecycle: {status: deprecated, successor: acme-larger}\n"
    )
    root = project({VENDOR: vendor(head=head)})
    assert errors_in(root) == [
        "data/vendors/acme.yaml:8:48: models[0].lifecycle.successor: unknown model 'acme-larger'"
        " — did you mean 'acme-large'?"
    ]


def test_unknown_vendor_file_name(project, errors_in) -> None:
    root = project({VENDOR: vendor(head=HEAD.replace("  id: acme\n", "  id: acme-ai\n"))})
    assert errors_in(root) == [
        "data/vendors/acme.yaml:3:7: vendor.id: vendor id 'acme-ai' does not match the file name acme.yaml"
        " — rename the file to acme-ai.yaml or change the id"
    ]


def test_unknown_status_provider_and_check(project, errors_in) -> None:
    root = project(
        {
            "data/status/relay-x/2026-08.yaml": """
            provider: relay-x
            check: large-chatt
            days: []
            """,
            "data/status/relay-y/2026-08.yaml": """
            provider: relay-y
            check: large-chat
            """,
        }
    )
    assert errors_in(root) == [
        "data/status/relay-x/2026-08.yaml:2:8: check: unknown check 'large-chatt' — did you mean 'large-chat'?",
        "data/status/relay-y/2026-08.yaml:1:11: provider: unknown provider 'relay-y' — did you mean 'relay-x'?",
    ]


def test_unknown_incident_check(project, errors_in) -> None:
    root = project(
        {
            "data/incidents/relay-x.yaml": """
            provider: relay-x
            incidents:
              - id: outage
                title: Outage
                impact: major
                affected: [probe-7]
                started_at: "2026-08-19T06:10:00+08:00"
            """
        }
    )
    assert errors_in(root) == [
        "data/incidents/relay-x.yaml:6:16: incidents[0].affected[0]: unknown check 'probe-7'"
        " — checks are the 'monitoring' ids of data/providers/relay-x.yaml"
    ]


def test_duplicate_model_id(project, errors_in) -> None:
    root = project(
        {
            "data/vendors/beta.yaml": """
            schema_version: 1
            vendor: {id: beta, name: Beta}
            models:
              - {id: acme-large, name: Beta Large}
            """
        }
    )
    assert errors_in(root) == [
        "data/vendors/beta.yaml:4:10: models[0].id: duplicate model id 'acme-large'; it is also used at"
        " data/vendors/acme.yaml:6:9 — model ids are unique across all vendor files; rename one of them"
    ]


def test_references_into_a_broken_kind_are_not_checked(project, errors_in) -> None:
    # The provider file fails its own model; the offers naming it are not also reported.
    root = project({"data/providers/acme-cloud.yaml": "schema_version: 1\nid: acme-cloud\nname: Acme Cloud\n"})
    assert errors_in(root) == [
        "data/providers/acme-cloud.yaml:1:1: missing required key 'kind'"
        " — add 'kind:' (`first_party`, `cloud`, `aggregator`, `gateway` or `relay`)"
    ]


# --- periods and prices ------------------------------------------------------------------------


def test_overlapping_periods(project, errors_in) -> None:
    periods = """
    - from: 2026-01-01
      to: 2026-06-01
      rates: {input: "1.00", output: "4.00"}
    - from: 2026-05-01
      rates: {input: "0.80", output: "3.20"}
      source: "https://acme.example/pricing"
      checked: 2026-08-20
    """
    root = project({VENDOR: vendor(periods)})
    assert errors_in(root) == [
        "data/vendors/acme.yaml:16:19: models[0].offers[0].periods[1].from: overlaps periods[0]"
        " (from 2026-01-01 to 2026-06-01) — periods of an offer must not overlap: end one period ('to')"
        " where the next begins ('from')"
    ]


def test_to_before_from(project, errors_in) -> None:
    periods = """
    - from: 2026-06-01
      to: 2026-01-01
      rates: {input: "1.00", output: "4.00"}
    - from: 2026-06-01
      rates: {input: "0.80", output: "3.20"}
      source: "https://acme.example/pricing"
      checked: 2026-08-20
    """
    root = project({VENDOR: vendor(periods)})
    assert errors_in(root) == [
        "data/vendors/acme.yaml:14:17: models[0].offers[0].periods[0].to: 'to' (2026-01-01) is not after"
        " 'from' (2026-06-01) — a period runs from 'from' (inclusive) to 'to' (exclusive)"
    ]


def test_gap_between_tiers(project, errors_in) -> None:
    periods = """
    - from: 2026-01-01
      tiers:
        basis: input_tokens_per_request
        pricing_mode: whole_request
        bands:
          - {min: 0, max: 128000, rates: {input: "1.00", output: "4.00"}}
          - {min: 200000, rates: {input: "2.00", output: "8.00"}}
      source: "https://acme.example/pricing"
      checked: 2026-08-20
    """
    root = project({VENDOR: vendor(periods)})
    assert errors_in(root) == [
        "data/vendors/acme.yaml:19:25: models[0].offers[0].periods[0].tiers.bands[1].min: band starts at 200000"
        " but the previous band ends at 128000 (a gap) — bands must be contiguous: set min to 128000"
    ]


def test_first_tier_starts_at_zero(project, errors_in) -> None:
    periods = """
    - from: 2026-01-01
      tiers:
        basis: input_tokens_per_request
        pricing_mode: marginal
        bands:
          - {min: 1, rates: {input: "1.00", output: "4.00"}}
      source: "https://acme.example/pricing"
      checked: 2026-08-20
    """
    root = project({VENDOR: vendor(periods)})
    assert errors_in(root) == [
        "data/vendors/acme.yaml:18:25: models[0].offers[0].periods[0].tiers.bands[0].min: the first band starts"
        " at 1 — start the first band at min: 0"
    ]


def test_rates_and_tiers_together(project, errors_in) -> None:
    periods = """
    - from: 2026-01-01
      rates: {input: "1.00"}
      tiers: {basis: input_tokens_per_request, pricing_mode: marginal, bands: [{min: 0, rates: {input: "1"}}]}
      source: "https://acme.example/pricing"
      checked: 2026-08-20
    """
    root = project({VENDOR: vendor(periods)})
    assert errors_in(root) == [
        "data/vendors/acme.yaml:15:13: models[0].offers[0].periods[0].tiers: a period has either 'rates' or"
        " 'tiers', not both — move flat rates into the tiers' bands, or remove 'tiers'"
    ]


def test_missing_source(project, errors_in) -> None:
    root = project({VENDOR: vendor(CURRENT.replace('  source: "https://acme.example/pricing"\n', ""))})
    assert errors_in(root) == [
        "data/vendors/acme.yaml:13:13: models[0].offers[0].periods[0]: the current price has no 'source'"
        " — add 'source:' with the URL of the price page"
    ]


def test_missing_checked(project, errors_in) -> None:
    root = project({VENDOR: vendor(CURRENT.replace("  checked: 2026-08-20\n", ""))})
    assert errors_in(root) == [
        "data/vendors/acme.yaml:13:13: models[0].offers[0].periods[0]: the current price has no 'checked' date"
        " — add 'checked:' with the date the price was last compared with its source"
    ]


def test_history_needs_no_source(project, errors_in) -> None:
    periods = '- {from: 2025-01-01, to: 2026-01-01, rates: {input: "2.00"}}' + CURRENT
    root = project({VENDOR: vendor(periods)})
    assert errors_in(root) == []


def test_checked_in_the_future(project, errors_in) -> None:
    root = project({VENDOR: vendor(CURRENT.replace("checked: 2026-08-20", "checked: 2026-12-01"))})
    assert errors_in(root) == [
        "data/vendors/acme.yaml:16:22: models[0].offers[0].periods[0].checked: 'checked' date 2026-12-01 is"
        " after today (2026-11-28) — write the date the price was last compared with its source"
    ]


# --- many errors at once -----------------------------------------------------------------------


def test_errors_of_several_files_are_reported_together_in_order(project) -> None:
    root = project(
        {
            "data/tags.yaml": "- name: pricing\n  slug: Pricing\n",
            RELAY: relay("quality: 4", "quality: 0").replace("interval: 10m", "interval: often"),
            VENDOR: vendor(
                CURRENT.replace('output: "4.00"', 'output: "-4"').replace("checked: 2026-08-20", "checked: 2027-01-01"),
                head=HEAD.replace("currency: USD", "currency: usd"),
            ),
        }
    )
    with pytest.raises(AlmanacErrors) as caught:
        load_datasets(root, today=TODAY)
    assert str(caught.value) == "\n".join(
        [
            "data/providers/relay-x.yaml:13:33: ratings[0].quality: expected a score from 1 to 5, found 0",
            "data/providers/relay-x.yaml:15:83: monitoring[0].interval: expected a duration, found 'often'"
            " — write a duration, such as '10m', '60s' or '500ms'",
            "data/tags.yaml:2:9: [0].slug: expected an id (lower-case letters, digits, '-' and '.'), found"
            " 'Pricing' — ids use lower-case letters, digits, '-' and '.'; write 'pricing'",
            "data/vendors/acme.yaml:11:19: models[0].offers[0].currency: unknown currency 'usd'"
            " — currency codes are upper case: write 'USD'",
            "data/vendors/acme.yaml:14:44: models[0].offers[0].periods[0].rates.output: negative price -4"
            ' — prices are zero or more: "0" means free and null means not offered',
            "5 errors.",
        ]
    )
