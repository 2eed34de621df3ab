"""The names posts link by: aliases of models, vendors and providers, each leading to one of them."""

from __future__ import annotations

from datetime import date

import pytest

from almanac.core.data.datasets import load_datasets
from almanac.core.data.datasets.references import name_key

TODAY = date(2026, 11, 28)

BETA = "data/vendors/beta.yaml"
HINT = (
    " — a name or alias links posts to one model, vendor or provider (only a vendor and a provider"
    " may share their display name): remove it here or there"
)


def beta(vendor: str = "{id: beta, name: Beta}", models: str = "") -> str:
    """A second vendor file: the vendor on line 2, its models from line 4."""
    return f"schema_version: 1\nvendor: {vendor}\nmodels:\n{models or '  []'}\n"


def provider(name: str, aliases: str = "[]") -> str:
    return f"schema_version: 1\nid: beta-api\nname: {name}\naliases: {aliases}\nkind: first_party\n"


def test_aliases_are_read_for_each_kind(project) -> None:
    root = project(
        {
            BETA: beta(
                "{id: beta, name: Beta, names: {zh: 贝塔}, aliases: [Beta Labs, 贝塔实验室]}",
                "  - {id: beta-one, name: Beta-One, aliases: [Beta One], api_ids: [beta-one]}",
            ),
            "data/providers/beta-api.yaml": provider("Beta API", "[BetaCloud]"),
        }
    )
    datasets = load_datasets(root, today=TODAY)
    assert datasets.vendors["beta"].vendor.aliases == ("Beta Labs", "贝塔实验室")
    assert datasets.models["beta-one"].aliases == ("Beta One",)
    assert datasets.providers["beta-api"].aliases == ("BetaCloud",)
    assert datasets.models["acme-large"].aliases == ()  # optional


@pytest.mark.parametrize("alias", ['""', '"   "'])
def test_an_empty_alias(project, errors_in, alias: str) -> None:
    root = project({BETA: beta(f"{{id: beta, name: Beta, aliases: [Betta, {alias}]}}")})
    assert errors_in(root) == [
        "data/vendors/beta.yaml:2:49: vendor.aliases[1]: expected text, found an empty string"
        " — write the text or remove the key"
    ]


def test_an_alias_repeating_its_own_name(project, errors_in) -> None:
    root = project({BETA: beta(models="  - {id: beta-one, name: Beta-One, aliases: [Beta One, beta-one]}")})
    assert errors_in(root) == [
        "data/vendors/beta.yaml:4:56: models[0].aliases[1]: 'beta-one' is already the name of this model — keep it once"
    ]


def test_an_alias_repeating_the_translated_name(project, errors_in) -> None:
    root = project({BETA: beta("{id: beta, name: Beta, names: {zh: 贝塔}, aliases: [贝塔]}")})
    assert errors_in(root) == [
        "data/vendors/beta.yaml:2:59: vendor.aliases[0]: '贝塔' is already the zh name of this vendor — keep it once"
    ]


def test_a_translated_name_may_be_the_display_name(project, errors_in) -> None:
    root = project({BETA: beta("{id: beta, name: Beta, names: {zh: Beta}}")})
    assert errors_in(root) == []


def test_two_models_of_two_vendors_with_one_name(project, errors_in) -> None:
    root = project({BETA: beta(models="  - {id: beta-large, name: Acme Large}")})
    assert errors_in(root) == [
        "data/vendors/beta.yaml:4:28: models[0].name: 'Acme Large' is already the name of the model"
        " 'acme-large' at data/vendors/acme.yaml:7:11" + HINT
    ]


def test_an_alias_equal_to_another_models_name(project, errors_in) -> None:
    # Compared as posts are read: case, width and runs of spaces do not make a name another.
    root = project({BETA: beta(models="  - {id: beta-large, name: Beta Large, aliases: [ＡＣＭＥ  large]}")})
    assert errors_in(root) == [
        "data/vendors/beta.yaml:4:50: models[0].aliases[0]: 'ＡＣＭＥ  large' is already the name of the model"
        " 'acme-large' at data/vendors/acme.yaml:7:11" + HINT
    ]


def test_an_alias_of_a_model_equal_to_a_vendors_alias(project, errors_in) -> None:
    root = project(
        {BETA: beta("{id: beta, name: Beta, aliases: [Large]}", "  - {id: beta-large, name: Beta L, aliases: [Large]}")}
    )
    assert errors_in(root) == [
        "data/vendors/beta.yaml:4:46: models[0].aliases[0]: 'Large' is already an alias of the vendor 'beta'"
        " at data/vendors/beta.yaml:2:42" + HINT
    ]


def test_a_vendor_and_a_provider_may_share_their_display_name(project, errors_in) -> None:
    root = project({BETA: beta(), "data/providers/beta-api.yaml": provider("Beta")})
    assert errors_in(root) == []


def test_a_provider_alias_equal_to_a_vendors_name(project, errors_in) -> None:
    # Only display names are shared: an alias of a provider would take the vendor's name.
    root = project({BETA: beta(), "data/providers/beta-api.yaml": provider("Beta API", "[Beta]")})
    assert errors_in(root) == [
        "data/providers/beta-api.yaml:4:11: aliases[0]: 'Beta' is already the name of the vendor 'beta'"
        " at data/vendors/beta.yaml:2:26" + HINT
    ]


def test_a_provider_alias_equal_to_a_vendors_translated_name(project, errors_in) -> None:
    root = project(
        {
            BETA: beta("{id: beta, name: Beta, names: {zh: 贝塔}}"),
            "data/providers/beta-api.yaml": provider("Beta API", "[贝塔]"),
        }
    )
    assert errors_in(root) == [
        "data/providers/beta-api.yaml:4:11: aliases[0]: '贝塔' is already the zh name of the vendor 'beta'"
        " at data/vendors/beta.yaml:2:44" + HINT
    ]


def test_a_model_named_as_a_provider(project, errors_in) -> None:
    root = project({BETA: beta(models="  - {id: beta-cloud, name: Acme Cloud}")})
    # Vendor files come before provider files: the provider's name is the later one.
    assert errors_in(root) == [
        "data/providers/acme-cloud.yaml:3:7: name: 'Acme Cloud' is already the name of the model 'beta-cloud'"
        " at data/vendors/beta.yaml:4:28" + HINT
    ]


def test_a_duplicate_model_id_is_reported_once(project, errors_in) -> None:
    # The second `acme-large` is the same entity twice: its id is the error, not its name.
    root = project({BETA: beta(models="  - {id: acme-large, name: Acme Large}")})
    assert errors_in(root) == [
        "data/vendors/beta.yaml:4:10: models[0].id: duplicate model id 'acme-large'; it is also used at"
        " data/vendors/acme.yaml:6:9 — model ids are unique across all vendor files; rename one of them"
    ]


def test_api_ids_are_not_names(project, errors_in) -> None:
    root = project({BETA: beta(models="  - {id: beta-large, name: Beta Large, api_ids: [Acme Large]}")})
    assert errors_in(root) == []


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("Kimi", "KIMI", True),
        ("ＧＬＭ", "GLM", True),
        ("Claude  Sonnet 4.5", " claude sonnet 4.5 ", True),
        ("GPT-5", "GPT-5.4", False),
        ("智谱", "智谱AI", False),
    ],
)
def test_name_key(first: str, second: str, same: bool) -> None:
    assert (name_key(first) == name_key(second)) is same
