"""The pages made from data/ in a real build: prices with correct computed values, one page per
model, vendor and provider, status, charts and the JSON API; bad blocks stop the build at
their line."""

from __future__ import annotations

import html
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from helpers import ROOT, BuildResult, copy_project, run_build

VENDORS = sorted((ROOT / "data" / "vendors").glob("*.yaml"))


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def row_of(page: str, model_name: str, *, nth: int = 0) -> list[str]:
    """The cells' text of the table row whose row header is `model_name`."""
    rows = re.findall(r"<tr>\s*<th scope=\"row\"[^>]*>(.*?)</tr>", page, re.S)
    found = [row for row in rows if text_of(re.sub(r"<sup.*?</sup>", "", row.split("</th>", 1)[0])) == model_name]
    assert found, model_name
    cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", "<th>" + found[nth])
    return [text_of(re.sub(r"<sup.*?</sup>", "", cell)) for cell in cells]


def test_prices_page_has_correct_blended_and_converted_values(sample_build: BuildResult) -> None:
    page = sample_build.page("prices/")
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
        for m in yaml.safe_load((ROOT / "data" / "vendors" / "zhipu.yaml").read_text())["models"]
        if m["id"] == "glm-5"
    )
    rates = next(o for o in glm["offers"] if o["currency"] == "CNY")["periods"][-1]["tiers"]["bands"][0]["rates"]
    expected = f"≈${Decimal(rates['input']) / Decimal('7.10'):.4f}".rstrip("0")
    shown = row_of(usd, "GLM-5")[3]
    assert shown.startswith(expected[:6]), (shown, expected)


def test_every_current_offer_is_on_the_prices_page(sample_build: BuildResult) -> None:
    import datetime as dt

    from almanac.core.data.datasets import load_datasets
    from almanac.core.data.pricing import current_offers

    datasets = load_datasets(ROOT, today=dt.date(2026, 11, 28))
    offers = current_offers(datasets, dt.datetime(2026, 11, 28, 12, tzinfo=dt.UTC))
    page = sample_build.page("prices/")
    every = page.split('id="all-offers"', 1)[1]
    rows = re.findall(r"<tr>\s*<th scope=\"row\"", every)
    assert len(rows) == len(offers)
    for model_id in {row.model_id for row in offers}:
        assert f'href="../models/{model_id}/"' in page


def test_every_entity_has_a_page_linked_from_its_index(sample_build: BuildResult) -> None:
    models = [m["id"] for path in VENDORS for m in yaml.safe_load(path.read_text(encoding="utf-8"))["models"]]
    assert len(models) >= 40
    index = sample_build.page("models/")
    for model_id in models:
        assert (sample_build.site / "models" / model_id / "index.html").is_file(), model_id
        assert f'href="../models/{model_id}/"' in index or f'href="{model_id}/"' in index, model_id
    vendors = sample_build.page("vendors/")
    for path in VENDORS:
        assert f'href="{path.stem}/"' in vendors or f'href="../vendors/{path.stem}/"' in vendors
    providers = sample_build.page("providers/")
    for path in sorted((ROOT / "data" / "providers").glob("*.yaml")):
        assert (sample_build.site / "providers" / path.stem / "index.html").is_file()
        assert f"providers/{path.stem}/" in providers or f'href="{path.stem}/"' in providers


def test_charts_render_in_pages(sample_build: BuildResult) -> None:
    model = sample_build.page("models/deepseek-v4-pro/")
    charts = re.findall(r'<svg\b[^>]*role="img".*?</svg>', model, re.S)
    assert charts
    assert "<title" in charts[0] and "<desc" in charts[0]
    status = sample_build.page("status/")
    assert status.count('role="img"') >= 4  # three uptime charts and the triangle
    relay = sample_build.page("providers/relay-a/")
    assert "An illustrative example" in relay
    assert "Relay A (example)" in relay


def test_relay_effective_prices(sample_build: BuildResult) -> None:
    page = sample_build.page("providers/relay-a/")
    table = page.split('id="relay-prices"', 1)[1]
    # Claude Sonnet 4.6 in the discount group: $3 × 0.5 × (1 CNY buys 1 USD of credit) = ¥1.50.
    cells = [c for c in row_of(table, "Claude Sonnet 4.6", nth=1)]
    assert cells[1:][:5] == ["discount", "×0.5", "$3.00", "$15.00", "¥1.50"]


def test_json_api_is_published_with_stable_keys(sample_build: BuildResult) -> None:
    for name in ("models", "history", "providers"):
        text = (sample_build.site / "api" / f"{name}.json").read_text(encoding="utf-8")
        document = json.loads(text)
        assert text == json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"
        assert document["as_of"] == "2026-11-28"
    models = json.loads((sample_build.site / "api" / "models.json").read_text(encoding="utf-8"))["models"]
    sonnet = next(m for m in models if m["id"] == "claude-sonnet-4-5")
    first = next(o for o in sonnet["offers"] if o["provider"] == "anthropic" and o["service_tier"] == "standard")
    assert first["rates"]["input"] == "3" and first["blended"] == "6"
    providers = json.loads((sample_build.site / "api" / "providers.json").read_text(encoding="utf-8"))["providers"]
    relay = next(p for p in providers if p["id"] == "relay-a")
    assert relay["state"]["state"] in {"operational", "degraded", "partial_outage", "major_outage", "unknown"}
    assert "API" in sample_build.page("api/")


POST = "---\ntitle: Prices\ndate: 2026-03-30\ntags: [pricing]\n---\n\nText.\n\n```almanac\n{}\n```\n"

BAD_BLOCKS = {
    "unknown table": ("table: price", 10, "unknown table `price`"),
    "unknown column": ("table: prices\ncolumns: [model, blend]", 11, "unknown column `blend`"),
    "unknown vendor": ("table: prices\nvendors: [deepsek]", 11, "unknown vendor `deepsek`"),
    "bad as_of": ("table: prices\nas_of: last week", 11, "as_of"),
    "currency without a rate": ("table: prices\ncurrency: EUR", 11, "EUR"),
}


# Each case with the second process drawing the blocks; one also without it (`parallel: false`,
# or one core), when the build draws them itself.
@pytest.mark.parametrize(
    ("case", "parallel"),
    [(case, True) for case in sorted(BAD_BLOCKS)] + [("unknown vendor", False)],
    ids=[*sorted(BAD_BLOCKS), "unknown vendor, in one process"],
)
def test_a_bad_block_stops_the_build_at_its_line(tmp_path: Path, case: str, parallel: bool) -> None:
    options, line, words = BAD_BLOCKS[case]
    project = copy_project(tmp_path)
    if not parallel:
        config = project / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        assert "  - almanac/data\n" in text
        config.write_text(
            text.replace("  - almanac/data\n", "  - almanac/data:\n      parallel: false\n"), encoding="utf-8"
        )
    (project / "docs" / "blog" / "posts" / "2026-03-30-x.md").write_text(POST.format(options), encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 1
    match = re.search(rf"^ERROR\s+-\s+docs/blog/posts/2026-03-30-x\.md:{line}(:\d+)?: (.*)$", result.output, re.M)
    assert match, result.output
    assert words in match.group(2)
    assert "Traceback" not in result.output


def test_a_block_in_a_post_becomes_a_table(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    options = "table: prices\nvendors: [anthropic]\ncolumns: [model, input, output, blended]"
    (project / "docs" / "blog" / "posts" / "2026-03-30-x.md").write_text(POST.format(options), encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 0, result.output
    page = result.page("blog/2026/03/30/x/")
    assert row_of(page, "Claude Sonnet 4.5")[1:] == ["$3.00", "$15.00", "$6.00"]
    assert "ALMANACBLOCK" not in page
    assert result.broken_links() == []


def test_strings_from_data_are_escaped_everywhere(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    vendor = project / "data" / "vendors" / "anthropic.yaml"
    text = vendor.read_text(encoding="utf-8")
    vendor.write_text(text.replace("name: Claude Sonnet 4.5", 'name: "Claude <script>alert(1)</script> & Co"', 1))
    result = run_build(project)
    assert result.returncode == 0, result.output
    for path in result.site.rglob("*.html"):
        assert "<script>alert(1)" not in path.read_text(encoding="utf-8"), path
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in result.page("models/claude-sonnet-4-5/")
    api = json.loads((result.site / "api" / "models.json").read_text(encoding="utf-8"))
    assert any(m["name"] == "Claude <script>alert(1)</script> & Co" for m in api["models"])


def _built_on(tmp_path: Path, day: str) -> BuildResult:
    (tmp_path / day).mkdir()
    project = copy_project(tmp_path / day)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - almanac/data\n" in text
    config.write_text(text.replace("  - almanac/data\n", f"  - almanac/data:\n      build_date: {day}\n", 1))
    result = run_build(project)
    assert result.returncode == 0, result.output
    return result


def test_one_current_price_on_a_saturday_and_a_monday(tmp_path: Path) -> None:
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

    saturday, monday = _built_on(tmp_path, "2026-11-28"), _built_on(tmp_path, "2026-11-30")
    assert offers(saturday) == offers(monday)
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
