"""The pages made from data/ in a real build. On the sample and on the sample grown by valid content (see
`conftest.py`), what holds for any data: every current offer on the prices page, a page per model,
vendor and provider, each provider's state the one its data gives on the build date, every published
JSON file linked from the API page. On a fixed project (`tests/fixtures/priced/`), computed values:
prices, conversions, relay prices, charts, the JSON API; bad blocks stop the build at their line."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import shutil
from decimal import Decimal
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml
from sample_blog import project_of

from helpers import BUILD_DATE, BuildResult, error_lines, run_build

PRICED = Path(__file__).resolve().parents[1] / "fixtures" / "priced"
TODAY = dt.date.fromisoformat(BUILD_DATE)
AT = dt.datetime.combine(TODAY, dt.time(12), tzinfo=dt.UTC)


def copy_project(destination: Path) -> Path:
    """A copy of the fixed project `tests/fixtures/priced/` in `destination`."""
    shutil.copytree(PRICED, destination, dirs_exist_ok=True)
    return destination


@pytest.fixture(scope="module")
def priced_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    result = run_build(copy_project(tmp_path_factory.mktemp("priced")))
    assert result.returncode == 0, result.output
    return result


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def row_of(page: str, model_name: str, *, nth: int = 0) -> list[str]:
    """The cells' text of the table row whose row header is `model_name`."""
    rows = re.findall(r"<tr>\s*<th scope=\"row\"[^>]*>(.*?)</tr>", page, re.S)
    found = [row for row in rows if text_of(re.sub(r"<sup.*?</sup>", "", row.split("</th>", 1)[0])) == model_name]
    assert found, model_name
    cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", "<th>" + found[nth])
    return [text_of(re.sub(r"<sup.*?</sup>", "", cell)) for cell in cells]


def links_of(page: str, url: str) -> list[str]:
    """Where each link of the page's article leads, as a path of the site."""
    article = page.split('<article class="md-content__inner', 1)[1].split("</article>", 1)[0]
    return [
        urljoin("https://h.invalid/" + url, href).removeprefix("https://h.invalid/")
        for href in re.findall(r'<a href="([^"#]+)"', article)
    ]


# What holds for any data: the sample, and the sample grown by valid content.


def test_every_current_offer_is_on_the_prices_page(any_build: BuildResult) -> None:
    from almanac.core.data.datasets import load_datasets
    from almanac.core.data.pricing import current_offers

    offers = current_offers(load_datasets(project_of(any_build.site), today=TODAY), AT)
    assert offers
    page = any_build.page("prices/")
    every = page.split('id="all-offers"', 1)[1]
    rows = re.findall(r"<tr>\s*<th scope=\"row\"", every)
    assert len(rows) == len(offers)
    for model_id in {row.model_id for row in offers}:
        assert f'href="../models/{model_id}/"' in page


def test_every_entity_has_a_page_linked_from_its_index(any_build: BuildResult) -> None:
    data = project_of(any_build.site) / "data"
    vendors = sorted((data / "vendors").glob("*.yaml"))
    models = [m["id"] for path in vendors for m in yaml.safe_load(path.read_text(encoding="utf-8"))["models"]]
    providers = sorted(path.stem for path in (data / "providers").glob("*.yaml"))
    for index, ids in (("models/", models), ("vendors/", [path.stem for path in vendors]), ("providers/", providers)):
        linked = set(links_of(any_build.page(index), index))
        for entity in ids:
            assert (any_build.site / index / entity / "index.html").is_file(), entity
            assert f"{index}{entity}/" in linked, entity


def test_every_provider_state_is_the_one_its_data_gives(any_build: BuildResult) -> None:
    # The state published for each provider is the one the rule (`core/data/status.py`, tested on its
    # own) derives from that provider's probes and incidents at noon UTC of the build date.
    from almanac.core.data.datasets import load_datasets
    from almanac.core.data.status import provider_state

    datasets = load_datasets(project_of(any_build.site), today=TODAY)
    providers = json.loads((any_build.site / "api" / "providers.json").read_text(encoding="utf-8"))["providers"]
    assert sorted(p["id"] for p in providers) == sorted(datasets.providers)
    for provider in providers:
        expected = provider_state(datasets, provider["id"], AT)
        assert (provider["state"]["state"], provider["state"]["reason"]) == (expected.state, expected.reason)
        assert expected.label in text_of(any_build.page(f"providers/{provider['id']}/")), provider["id"]


def test_the_api_page_links_every_published_json_file(any_build: BuildResult) -> None:
    page = any_build.page("api/")
    linked = links_of(page, "api/")
    published = sorted(p.relative_to(any_build.site).as_posix() for p in any_build.site.glob("*/*.json"))
    published = [name for name in published if name.startswith(("api/", "schema/"))]
    assert len(published) >= 2
    assert sorted(set(linked)) == published
    for name in linked:
        json.loads((any_build.site / name).read_text(encoding="utf-8"))
    # What it says of them is what they hold, as of the build date.
    models = json.loads((any_build.site / "api" / "models.json").read_text(encoding="utf-8"))["models"]
    providers = json.loads((any_build.site / "api" / "providers.json").read_text(encoding="utf-8"))["providers"]
    shown = text_of(page)
    assert f"every model ({len(models)})" in shown and f"every provider ({len(providers)})" in shown
    assert f"as of {BUILD_DATE}" in shown


def test_json_api_is_canonical_and_dated(any_build: BuildResult) -> None:
    for name in ("models", "history", "providers"):
        text = (any_build.site / "api" / f"{name}.json").read_text(encoding="utf-8")
        document = json.loads(text)
        assert text == json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"
        assert document["as_of"] == BUILD_DATE


# Computed values, on the fixed project.


def test_prices_page_has_correct_blended_and_converted_values(priced_build: BuildResult) -> None:
    page = priced_build.page("prices/")
    native, usd, cny = page.split('class="tabbed-block"')[1:4]
    # Claude Sonnet 4.5 at Anthropic: input $3, output $15 → blended (3 × 3 + 15) / 4 = $6.00.
    assert row_of(native, "Claude Sonnet 4.5")[3:7] == ["$3.00", "$0.30", "$15.00", "$6.00"]
    # In CNY at 7.10 CNY/USD (the rate in force, dated 2026-08-01): 3 × 7.10 = ¥21.30,
    # 15 × 7.10 = ¥106.50, blended 6 × 7.10 = ¥42.60, each marked as converted.
    converted = row_of(cny, "Claude Sonnet 4.5")
    assert [cell.lstrip("≈") for cell in converted[3:7]] == ["¥21.30", "¥2.13", "¥106.50", "¥42.60"]
    assert all(cell.startswith("≈") for cell in converted[3:7])
    assert "converted at 7.10 CNY/USD (2026-08-01)" in text_of(cny)
    # GLM-5 is sold in CNY at bigmodel.cn: shown in USD, each price is divided by 7.10.
    glm = next(
        m
        for m in yaml.safe_load((PRICED / "data" / "vendors" / "zhipu.yaml").read_text())["models"]
        if m["id"] == "glm-5"
    )
    rates = next(o for o in glm["offers"] if o["currency"] == "CNY")["periods"][-1]["tiers"]["bands"][0]["rates"]
    expected = f"≈${Decimal(rates['input']) / Decimal('7.10'):.4f}".rstrip("0")
    shown = row_of(usd, "GLM-5")[3]
    assert shown.startswith(expected[:6]), (shown, expected)


def test_charts_render_in_pages(priced_build: BuildResult) -> None:
    model = priced_build.page("models/deepseek-v4-pro/")
    charts = re.findall(r'<svg\b[^>]*role="img".*?</svg>', model, re.S)
    assert charts
    assert "<title" in charts[0] and "<desc" in charts[0]
    status = priced_build.page("status/")
    assert status.count('role="img"') >= 4  # three uptime charts and the triangle
    relay = priced_build.page("providers/relay-a/")
    assert "An illustrative example" in relay
    assert "Relay A (example)" in relay


def test_relay_effective_prices(priced_build: BuildResult) -> None:
    page = priced_build.page("providers/relay-a/")
    table = page.split('id="relay-prices"', 1)[1]
    # Claude Sonnet 4.6 in the discount group: $3 × 0.5 × (1 CNY buys 1 USD of credit) = ¥1.50.
    cells = [c for c in row_of(table, "Claude Sonnet 4.6", nth=1)]
    assert cells[1:][:5] == ["discount", "×0.5", "$3.00", "$15.00", "¥1.50"]


def test_json_api_values(priced_build: BuildResult) -> None:
    models = json.loads((priced_build.site / "api" / "models.json").read_text(encoding="utf-8"))["models"]
    sonnet = next(m for m in models if m["id"] == "claude-sonnet-4-5")
    first = next(o for o in sonnet["offers"] if o["provider"] == "anthropic" and o["service_tier"] == "standard")
    assert first["rates"]["input"] == "3" and first["blended"] == "6"
    providers = json.loads((priced_build.site / "api" / "providers.json").read_text(encoding="utf-8"))["providers"]
    states = {p["id"]: (p["state"]["state"], p["state"]["reason"]) for p in providers}
    # Relay A's probes of 2026-11-27, the day before the build: (141 ok + 0.7 × 2 slow) / 144 = 98.89 %,
    # under 99 %: degraded. DeepSeek's: (142 + 0.7 × 2) / 144 = 99.58 %: operational. Anthropic is not probed.
    assert states["relay-a"] == ("degraded", "98.8 % uptime on 2026-11-27")
    assert states["deepseek"][0] == "operational"
    assert states["anthropic"] == ("unknown", "not probed")


POST = "---\ntitle: Prices\ndate: 2026-03-30\ntags: [pricing]\n---\n\nText.\n\n```almanac\n{}\n```\n"

BAD_BLOCKS = {
    "unknown table": ("table: price", 10, "unknown table `price`"),
    "unknown column": ("table: prices\ncolumns: [model, blend]", 11, "unknown column `blend`"),
    "unknown vendor": ("table: prices\nvendors: [deepsek]", 11, "unknown vendor `deepsek`"),
    "bad as_of": ("table: prices\nas_of: last week", 11, "as_of"),
    "currency without a rate": ("table: prices\ncurrency: EUR", 11, "EUR"),
}


def bad_post(case: str) -> str:
    """The file name of the post holding the bad block of `case`."""
    return f"2026-03-30-{case.replace(' ', '-')}.md"


@pytest.fixture(scope="module")
def bad_blocks_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """One build of the fixed project with a post per bad block: the build lists the problems of all."""
    project = copy_project(tmp_path_factory.mktemp("bad-blocks"))
    for case, (options, _, _) in BAD_BLOCKS.items():
        (project / "docs" / "blog" / "posts" / bad_post(case)).write_text(POST.format(options), encoding="utf-8")
    return run_build(project)


@pytest.mark.parametrize("case", sorted(BAD_BLOCKS))
def test_a_bad_block_stops_the_build_at_its_line(bad_blocks_build: BuildResult, case: str) -> None:
    _, line, words = BAD_BLOCKS[case]
    result = bad_blocks_build
    assert result.returncode == 1
    errors = error_lines(result.output)
    where = re.escape(f"docs/blog/posts/{bad_post(case)}:{line}")
    found = [match for error in errors if (match := re.match(rf"{where}(:\d+)?: (.*)$", error))]
    assert len(found) == 1, result.output
    assert words in found[0].group(2)
    assert "Traceback" not in result.output
    assert not (result.site).exists()


def test_each_bad_block_is_one_error_of_the_failed_build(bad_blocks_build: BuildResult) -> None:
    errors = error_lines(bad_blocks_build.output)
    assert len([error for error in errors if error.startswith("docs/")]) == len(BAD_BLOCKS), errors


HOSTILE = "Claude <script>alert(1)</script> & Co"


@pytest.fixture(scope="module")
def monday_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The fixed project built on Monday 2026-11-30 (the build date set in `mkdocs.yml`, over the tests'
    `ALMANAC_BUILD_DATE`, a Saturday), with a post holding a block and a model whose name is markup."""
    project = copy_project(tmp_path_factory.mktemp("2026-11-30"))
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - almanac/data\n" in text
    config.write_text(text.replace("  - almanac/data\n", "  - almanac/data:\n      build_date: 2026-11-30\n", 1))
    options = "table: prices\nvendors: [anthropic]\ncolumns: [model, input, output, blended]"
    (project / "docs" / "blog" / "posts" / "2026-03-30-x.md").write_text(POST.format(options), encoding="utf-8")
    vendor = project / "data" / "vendors" / "anthropic.yaml"
    text = vendor.read_text(encoding="utf-8")
    assert "name: Claude Haiku 4.5\n" in text
    vendor.write_text(text.replace("name: Claude Haiku 4.5\n", f'name: "{HOSTILE}"\n', 1), encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 0, result.output
    return result


def test_a_block_in_a_post_becomes_a_table(monday_build: BuildResult) -> None:
    page = monday_build.page("blog/2026/03/30/x/")
    assert row_of(page, "Claude Sonnet 4.5")[1:] == ["$3.00", "$15.00", "$6.00"]
    assert "ALMANACBLOCK" not in page
    assert monday_build.broken_links() == []


def test_strings_from_data_are_escaped_everywhere(monday_build: BuildResult) -> None:
    result = monday_build
    pages = list(result.site.rglob("*.html"))
    for path in pages:
        assert "<script>alert(1)" not in path.read_text(encoding="utf-8"), path
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"
    assert escaped in result.page("models/claude-haiku-4-5/")
    assert escaped in result.page("blog/2026/03/30/x/")  # in the post's table too
    api = json.loads((result.site / "api" / "models.json").read_text(encoding="utf-8"))
    assert any(m["name"] == HOSTILE for m in api["models"])


def test_one_current_price_on_a_saturday_and_a_monday(priced_build: BuildResult, monday_build: BuildResult) -> None:
    # 2026-11-28 is a Saturday: DeepSeek's weekend off-peak rates hold all day. 2026-11-30 is a
    # Monday. The current price, in the API as on the pages, is the list price on both days.
    def offers(result: BuildResult) -> dict[tuple[str, ...], tuple[object, ...]]:
        models = json.loads((result.site / "api" / "models.json").read_text(encoding="utf-8"))["models"]
        return {
            (m["id"], o["provider"], o["region"], o["currency"], o["service_tier"]): (
                o["rates"],
                o["blended"],
                o["applies"],
            )
            for m in models
            for o in m["offers"]
        }

    saturday, monday = priced_build, monday_build  # built on 2026-11-28 (the tests' date) and on 2026-11-30
    assert offers(saturday) == offers(monday)
    # States move with the date: Relay A's last probes (2026-11-27) are fresh on the Saturday, and
    # three days old, too old to tell, on the Monday.
    relay = {
        day: next(
            p["state"]
            for p in json.loads((result.site / "api" / "providers.json").read_text(encoding="utf-8"))["providers"]
            if p["id"] == "relay-a"
        )
        for day, result in (("2026-11-28", saturday), ("2026-11-30", monday))
    }
    assert (relay["2026-11-28"]["state"], relay["2026-11-30"]["state"]) == ("degraded", "unknown")
    assert relay["2026-11-30"]["reason"] == "no probe data since 2026-11-27"
    rates, blended, applies = offers(saturday)[("deepseek-v4-pro", "deepseek", "global", "USD", "standard")]
    assert (rates["input"], rates["output"], blended, applies) == ("1.32", "3.96", "1.98", [])
    models = json.loads((saturday.site / "api" / "models.json").read_text(encoding="utf-8"))["models"]
    pro = next(m for m in models if m["id"] == "deepseek-v4-pro")
    deepseek = next(o for o in pro["offers"] if o["provider"] == "deepseek" and o["currency"] == "USD")
    weekend = next(w for w in deepseek["time_windows"] if w["name"] == "off_peak_weekend")
    assert (weekend["label"], weekend["rates"]["input"]) == ("off-peak weekend (UTC Sat–Sun all day)", "0.66")
    for result in (saturday, monday):
        page = result.page("prices/")
        native = page.split("</table>", 1)[0]  # the first table: prices in each offer's currency
        assert "$1.32" in row_of(native, "DeepSeek-V4-Pro")
        assert (
            "off-peak weekend (UTC Sat–Sun all day): input $0.66, cache read $0.022, output $1.98 in these hours"
            in (html.unescape(page))
        )
