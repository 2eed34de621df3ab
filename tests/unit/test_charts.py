"""Charts as static SVG: well-formed, labelled for screen readers, themed by CSS, deterministic.

The sample's data frozen at one commit (tests/fixtures/edits/data/: DeepSeek Chat's price periods,
relay-a's probe days, the relays' ratings, current prices), the sample's own current prices for what
holds whatever they are, and small inputs made here; positions are checked against the
chart's own axes, or computed by hand from the corners of the triangle.
"""

from __future__ import annotations

import math
import random
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from markupsafe import Markup

from almanac.core.data.charts import (
    ScatterPoint,
    TrianglePoint,
    offer_series,
    position,
    price_history,
    price_vs_context,
    step_segments,
    stylesheet,
    triangle,
    uptime_bars,
)
from almanac.core.data.charts.placement import Box, Placed, place_labels
from almanac.core.data.charts.scales import context_ticks, linear_ticks, log_ticks, time_ticks, token_label
from almanac.core.data.charts.svg import element, num, text_width
from almanac.core.data.charts.triangle import CORNERS
from almanac.core.data.datasets import Datasets, load_datasets
from almanac.core.data.pricing import current_offers
from almanac.core.data.status import Day, current_ratings, daily_uptime

from helpers import EDITS_PROJECT

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 11, 28)
BUILD = datetime(2026, 11, 28, tzinfo=UTC)
ORIGIN = datetime(2025, 1, 1, tzinfo=UTC)
NS = {"svg": "http://www.w3.org/2000/svg"}
SVG = "{http://www.w3.org/2000/svg}"
NASTY = 'A <b>&"co"'
HOSTILE = "<script>&\"x'"
HOSTILE_WRITTEN = "&lt;script&gt;&amp;&quot;x&#x27;"


@cache
def sample() -> Datasets:
    """The sample's data as it is now: for what holds whatever it holds."""
    return load_datasets(ROOT, today=TODAY)


@cache
def frozen() -> Datasets:
    """The sample's data as of commit a9bbfba (tests/fixtures/edits/README.md): for the values worked out below."""
    return load_datasets(EDITS_PROJECT, today=TODAY)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC) if "+" not in text else datetime.fromisoformat(text)


def d(text: str | int) -> Decimal:
    return Decimal(text)


# --- charts on the frozen data (and one on the sample's), shared by the generic checks ---------


def deepseek_chat_series() -> list[tuple[datetime, Decimal | None]]:
    (offer,) = frozen().models["deepseek-chat"].offers
    return offer_series(offer, origin=ORIGIN)


def chart_price(prefix: str = "price") -> str:
    return price_history(
        [("DeepSeek API · global", deepseek_chat_series())],
        currency="USD",
        title="DeepSeek Chat: blended price",
        start=ORIGIN,
        end=BUILD,
        id_prefix=prefix,
    )


def chart_uptime(prefix: str = "uptime", provider: str = "relay-a") -> str:
    end = TODAY - timedelta(days=1)
    return uptime_bars(
        daily_uptime(frozen(), provider),
        start=end - timedelta(days=89),
        end=end,
        title="Relay A: daily uptime",
        id_prefix=prefix,
    )


def chart_triangle(prefix: str = "triangle") -> str:
    points = [(p.name, r.quality, r.stability, r.affordability) for p, r in current_ratings(frozen(), TODAY)]
    return triangle(points, title="Quality, stability, affordability", id_prefix=prefix)


def scatter_points(data: Datasets | None = None) -> list[ScatterPoint]:
    data = data or frozen()
    best: dict[str, ScatterPoint] = {}
    for row in current_offers(data, BUILD):
        model = data.models[row.model_id]
        if row.currency != "USD" or row.service_tier != "standard" or row.blended is None:
            continue
        if model.context_window is None:
            continue
        point = ScatterPoint(model.name, model.context_window, row.blended)
        if row.model_id not in best or point.price < best[row.model_id].price:
            best[row.model_id] = point
    return sorted(best.values())


def chart_scatter(prefix: str = "scatter", data: Datasets | None = None) -> str:
    return price_vs_context(scatter_points(data), currency="USD", title="Price against context", id_prefix=prefix)


CHARTS: dict[str, Callable[[str], str]] = {
    "price": chart_price,
    "uptime": chart_uptime,
    "triangle": chart_triangle,
    "scatter": chart_scatter,
    "scatter-sample": lambda prefix: chart_scatter(prefix, sample()),
}

EMPTY: dict[str, Callable[[str], str]] = {
    "price": lambda p: price_history([], currency="USD", title="Prices", id_prefix=p),
    "price-no-points": lambda p: price_history([("x", [])], currency="USD", title="Prices", id_prefix=p),
    "uptime": lambda p: uptime_bars([], start=date(2026, 1, 1), end=date(2026, 3, 31), title="Up", id_prefix=p),
    "triangle": lambda p: triangle([], title="Triangle", id_prefix=p),
    "scatter": lambda p: price_vs_context([], currency="USD", title="Scatter", id_prefix=p),
}


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def title_of(element: ET.Element) -> str:
    found = element.find("svg:title", NS)
    assert found is not None and found.text is not None
    return found.text


# --- every chart -------------------------------------------------------------------------------


@pytest.mark.parametrize("make", [*CHARTS.values(), *EMPTY.values()], ids=[*CHARTS, *(f"empty-{k}" for k in EMPTY)])
def test_well_formed_scalable_and_labelled(make: Callable[[str], str]) -> None:
    svg = make("c1")
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("width") == "100%"
    assert root.get("height") is None
    assert re.fullmatch(r"0 0 [0-9.]+ [0-9.]+", root.get("viewBox", ""))
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c1-title c1-desc"
    title = root.find("svg:title", NS)
    desc = root.find("svg:desc", NS)
    assert title is not None and title.get("id") == "c1-title" and title.text
    assert desc is not None and desc.get("id") == "c1-desc" and desc.text and desc.text.endswith(".")
    # Ids are unique and all carry the prefix.
    ids = [e.get("id") for e in root.iter() if e.get("id") is not None]
    assert len(ids) == len(set(ids)) and all(i and i.startswith("c1-") for i in ids)


@pytest.mark.parametrize("make", [*CHARTS.values(), *EMPTY.values()], ids=[*CHARTS, *(f"empty-{k}" for k in EMPTY)])
def test_colours_only_from_css(make: Callable[[str], str]) -> None:
    svg = make("c1")
    assert not re.search(r"#[0-9a-fA-F]{3,8}\b|rgba?\(|hsla?\(", svg)
    for node in parse(svg).iter():
        for attribute in ("fill", "stroke", "color"):
            assert node.get(attribute) in (None, "none", "currentColor")
        style = node.get("style")
        if style is not None:
            for declaration in style.split(";"):
                _, value = declaration.split(":", 1)
                assert re.fullmatch(r"var\(--md-[a-z-]+\)", value), style


@pytest.mark.parametrize("make", list(CHARTS.values()), ids=list(CHARTS))
def test_deterministic(make: Callable[[str], str]) -> None:
    assert make("c1") == make("c1")


GEOMETRY = ("x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "width", "height", "viewBox", "points", "d",
            "transform", "stroke-width", "font-size")  # fmt: skip


@pytest.mark.parametrize("make", list(CHARTS.values()), ids=list(CHARTS))
def test_numbers_have_fixed_precision(make: Callable[[str], str]) -> None:
    for node in parse(make("c1")).iter():
        for attribute in GEOMETRY:
            value = node.get(attribute)
            if value is None or value == "100%":
                continue
            for number in re.findall(r"-?[0-9][0-9.eE+-]*", value):
                assert re.fullmatch(r"-?[0-9]+(\.[0-9]{1,2})?", number), (attribute, value)
                assert not number.endswith("0") or "." not in number, (attribute, value)


def test_two_charts_on_one_page_share_no_id() -> None:
    first, second = parse(chart_price("a")), parse(chart_price("b"))
    ids = {e.get("id") for e in first.iter()} & {e.get("id") for e in second.iter()}
    assert ids == {None}


@pytest.mark.parametrize("prefix", ["", "1chart", "a b", 'x"'])
def test_bad_id_prefixes_are_refused(prefix: str) -> None:
    with pytest.raises(ValueError, match="id_prefix"):
        triangle([("a", 1, 2, 3)], title="t", id_prefix=prefix)


@pytest.mark.parametrize("name", list(EMPTY))
def test_empty_input_says_no_data(name: str) -> None:
    root = parse(EMPTY[name]("e"))
    assert "almanac-chart--empty" in (root.get("class") or "")
    assert [t.text for t in root.iter(f"{SVG}text")] == ["No data"]
    assert root.get("viewBox") == "0 0 320 48"


def test_strings_from_data_are_escaped() -> None:
    points = [(utc("2026-01-01"), d("1")), (utc("2026-06-01"), d("2"))]
    day = Day(date(2026, 1, 1), 1, 1, 0, 0, d(100))
    charts = {
        "price": price_history([(NASTY, points)], currency="USD", title=NASTY, id_prefix="p"),
        "triangle": triangle([(NASTY, 4, 2, 3)], title=NASTY, id_prefix="t"),
        "scatter": price_vs_context([(NASTY, 131072, d("0.5"))], currency="USD", title=NASTY, id_prefix="s"),
        "uptime": uptime_bars([day], start=day.date, end=day.date, title=NASTY, id_prefix="u"),
    }
    for name, svg in charts.items():
        assert "<b>" not in svg and '"co"' not in svg, name
        assert "A &lt;b&gt;&amp;&quot;co&quot;" in svg, name
        root = parse(svg)
        assert title_of(root) == NASTY
    # The label round-trips: as the legend, beside the points, and in the tooltips.
    for name in ("price", "triangle", "scatter"):
        root = parse(charts[name])
        assert NASTY in [t.text for t in root.iter(f"{SVG}text")], name
        assert all(title_of(c).startswith(f"{NASTY}: ") for c in root.iter(f"{SVG}circle")), name


def hostile_chart(kind: str) -> str:
    """A chart of `kind` whose title and every label is `HOSTILE`."""
    points = [(utc("2026-01-01"), d("1")), (utc("2026-06-01"), d("2"))]
    day = Day(date(2026, 1, 1), 1, 1, 0, 0, d(100))
    if kind == "price":
        return price_history([(HOSTILE, points)], currency="USD", title=HOSTILE, id_prefix="p")
    if kind == "uptime":
        return uptime_bars([day], start=day.date, end=day.date, title=HOSTILE, id_prefix="u")
    if kind == "triangle":
        return triangle([(HOSTILE, 4, 2, 3)], title=HOSTILE, id_prefix="t")
    if kind == "scatter":
        return price_vs_context([(HOSTILE, 131072, d("0.5"))], currency="USD", title=HOSTILE, id_prefix="s")
    return triangle([], title=HOSTILE, id_prefix="n")


# Where the name is written in each chart (the elements whose text holds it, in document order).
HOSTILE_PLACES = {
    "price": ["title", "desc", "title", "text"],  # chart title, description, the dot's tooltip, the legend
    "uptime": ["title"],  # the provider's name is only in the title
    "triangle": ["title", "desc", "title", "text"],  # chart title, description, tooltip, label
    "scatter": ["title", "desc", "title", "text"],
    "no data": ["title"],
}


@pytest.mark.parametrize("kind", list(HOSTILE_PLACES))
def test_a_hostile_name_arrives_escaped(kind: str) -> None:
    svg = hostile_chart(kind)
    assert "<script" not in svg and "x'" not in svg and '&"' not in svg
    root = parse(svg)
    assert not [e for e in root.iter() if e.tag.endswith("script")]
    places = [e.tag.removeprefix(SVG) for e in root.iter() if HOSTILE in (e.text or "")]
    assert places == HOSTILE_PLACES[kind]
    # Each place holds it escaped once: neither raw nor escaped twice (`&amp;lt;`).
    assert svg.count(HOSTILE_WRITTEN) == sum((e.text or "").count(HOSTILE) for e in root.iter())
    assert "&amp;lt;" not in svg


def test_element_escapes_text_and_attributes() -> None:
    text = element("text", {"x": 1.5, "y": -0.001, "data-name": HOSTILE}, HOSTILE)
    assert isinstance(text, Markup)
    assert text == f'<text x="1.5" y="0" data-name="{HOSTILE_WRITTEN}">{HOSTILE_WRITTEN}</text>'
    parsed = ET.fromstring(text)
    assert parsed.get("data-name") == HOSTILE and parsed.text == HOSTILE
    # An element inside another is written as it is; text beside it is escaped.
    group = element("g", {"class": "a"}, text, "<b>")
    assert group == f'<g class="a">{text}&lt;b&gt;</g>'
    # Shapes without children close themselves; an empty group keeps its end tag.
    assert element("line", {"x1": 0, "x2": 12.345}) == '<line x1="0" x2="12.35"/>'
    assert element("g", {"stroke": "none"}) == '<g stroke="none"></g>'
    assert element("circle", {"r": 3}, element("title", {}, "&")) == '<circle r="3"><title>&amp;</title></circle>'


def test_the_stylesheet_themes_both_schemes() -> None:
    css = stylesheet()
    for n in range(8):
        assert f".almanac-series-{n} {{ color: var(--almanac-series-{n}); }}" in css
        assert css.count(f"--almanac-series-{n}:") == 2  # light and slate
    assert '[data-md-color-scheme="slate"]' in css
    for kind in ("ok", "warn", "bad", "none"):
        assert f".almanac-uptime-{kind}" in css


# --- scales ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("maximum", "ticks"),
    [
        ("0.4775", ["0", "0.1", "0.2", "0.3", "0.4", "0.5"]),
        ("1", ["0", "0.2", "0.4", "0.6", "0.8", "1"]),
        ("3", ["0", "1", "2", "3"]),
        ("6", ["0", "2", "4", "6"]),
        ("15", ["0", "5", "10", "15"]),
        ("950", ["0", "200", "400", "600", "800", "1000"]),
        ("0.011", ["0", "0.0025", "0.005", "0.0075", "0.01", "0.0125"]),
        ("0", ["0", "0.2", "0.4", "0.6", "0.8", "1"]),
    ],
)
def test_linear_ticks(maximum: str, ticks: list[str]) -> None:
    assert [str(t) for t in linear_ticks(d(maximum))] == ticks


def test_linear_ticks_always_four_to_six_and_reach_the_maximum() -> None:
    for exponent in range(-4, 5):
        for mantissa in range(1, 100):
            maximum = Decimal(mantissa).scaleb(exponent - 1)
            ticks = linear_ticks(maximum)
            assert 4 <= len(ticks) <= 6, maximum
            assert ticks[0] == 0 and ticks[-1] >= maximum and ticks[-2] < maximum, maximum


def test_log_ticks() -> None:
    assert [str(t) for t in log_ticks(d("0.3"), d("19"))] == ["0.2", "0.5", "1", "2", "5", "10", "20"]
    assert [float(t) for t in log_ticks(d("0.05"), d("30"))] == [0.05, 0.1, 1, 10, 50]  # many: powers of ten
    assert [float(t) for t in log_ticks(d("2"), d("2"))] == [1, 2, 5]


def test_context_ticks() -> None:
    ticks = context_ticks(131072, 1048576)
    assert [token_label(t) for t in ticks] == ["8K", "16K", "32K", "64K", "128K", "256K", "512K", "1M", "2M"]
    # Widened to reach a model outside 8K … 2M: 4,000 tokens needs the 2K tick, 3,000,000 the 4M one.
    assert [token_label(t) for t in context_ticks(4000, 3_000_000)][0::11] == ["2K", "4M"]


def test_time_ticks() -> None:
    ticks = time_ticks(ORIGIN, BUILD)
    # 23 months: every 3 months, aligned to January.
    assert [label for _, label in ticks] == [
        "2025-01", "2025-04", "2025-07", "2025-10", "2026-01", "2026-04", "2026-07", "2026-10",
    ]  # fmt: skip
    assert ticks[1][0] == utc("2025-04-01")
    short = time_ticks(utc("2026-10-15"), utc("2026-12-20"))
    assert [label for _, label in short] == ["2026-11", "2026-12"]
    years = time_ticks(utc("2015-06-01"), utc("2026-06-01"))
    assert [label for _, label in years] == ["2016", "2018", "2020", "2022", "2024", "2026"]


def months_inside(low: datetime, high: datetime) -> list[datetime]:
    """Every first of a month at 00:00 UTC in [low, high], found by trying each month in turn."""
    found, month = [], datetime(low.astimezone(UTC).year, low.astimezone(UTC).month, 1, tzinfo=UTC)
    while month <= high:
        if month >= low:
            found.append(month)
        month = datetime(month.year + month.month // 12, month.month % 12 + 1, 1, tzinfo=UTC)
    return found


def test_time_ticks_fall_on_the_months_inside_the_axis() -> None:
    # Only the first month's start can fall before the axis; every later one up to the end's is in.
    rng = random.Random(7)
    zones = [UTC, timezone(timedelta(hours=8)), timezone(timedelta(hours=-5))]
    for _ in range(2000):
        low = datetime(2023, 1, 1, tzinfo=UTC) + timedelta(hours=rng.randrange(0, 24 * 365 * 3))
        if rng.random() < 0.3:
            low = low.replace(day=1, hour=0)  # on a month's start: that month is a tick
        high = low + timedelta(hours=rng.randrange(-24 * 40, 24 * 365 * rng.choice([1, 3, 12])))
        low, high = low.astimezone(rng.choice(zones)), high.astimezone(rng.choice(zones))
        inside = months_inside(low, high)
        ticks = [at for at, _ in time_ticks(low, high)]
        assert set(ticks) <= set(inside) and len(ticks) <= 8
        if inside and len(inside) <= 8:
            assert ticks == inside


def place_by_comparing_all(
    points: list[tuple[float, float]], sizes: list[tuple[float, float]], bounds: Box, keep_out: list[Box]
) -> list[Placed | None]:
    """`place_labels` as it was written first: each spot compared with every box."""
    gap, ascent = 7.0, 9.0
    taken, placed = list(keep_out), []
    dots = [Box(x - gap / 2, y - gap / 2, x + gap / 2, y + gap / 2) for x, y in points]
    for (x, y), (width, height) in zip(points, sizes, strict=True):
        middle = y - height / 2 + ascent
        spots = [(x + gap, middle, "start"), (x - gap, middle, "end"), (x, y - gap - height + ascent, "middle")]
        spots += [(x, y + gap + ascent, "middle")]
        for shift in (height / 3, -height / 3):
            spots += [(x + gap, middle + shift, "start"), (x - gap, middle + shift, "end")]
        chosen = None
        for cx, cy, anchor in spots:
            left = cx if anchor == "start" else cx - width if anchor == "end" else cx - width / 2
            box = Box(left, cy - ascent, left + width, cy - ascent + height)
            if box.inside(bounds) and not any(box.overlaps(other) for other in [*taken, *dots]):
                chosen = Placed(cx, cy, anchor)
                taken.append(box)
                break
        placed.append(chosen)
    return placed


def test_labels_are_placed_as_by_comparing_every_box() -> None:
    rng = random.Random(3)
    bounds = Box(40, 24, 622, 356)
    for count in (5, 60, 300):
        # Points on whole pixels and labels of whole widths meet on the grid's lines too.
        points = [(float(rng.randrange(40, 622)), float(rng.randrange(24, 356))) for _ in range(count)]
        sizes = [(float(rng.choice([0, 16, 32, 64, rng.randrange(10, 90)])), 12.0) for _ in range(count)]
        keep_out = [Box(64, 32, 160, 64), Box(-math.inf, 0, 0, 10)]
        expected = place_by_comparing_all(points, sizes, bounds, keep_out)
        assert place_labels(points, sizes, bounds=bounds, gap=7, ascent=9, keep_out=keep_out) == expected


def test_num_and_text_width() -> None:
    assert [num(x) for x in (12.5, 3.0, 0.07, -0.001, 2 / 3, 100.004)] == ["12.5", "3", "0.07", "0", "0.67", "100"]
    assert text_width("大模型", 10) == 30
    assert text_width("Relay", 10) > text_width("relay", 10)


# --- price history -----------------------------------------------------------------------------


def test_offer_series_follows_the_periods_of_deepseek_chat() -> None:
    # tests/fixtures/edits/data/vendors/deepseek.yaml, deepseek-chat (USD): blended = (3 × input + output) / 4
    #   open start → 2025-02-08:                input 0.14, output 0.28 → 0.175
    #   2025-02-08 → 2025-02-26T16:30Z:          input 0.27, output 1.10 → 0.4775
    #   2025-02-26T16:30Z → 2025-09-05T16:00Z:  the same prices (merged)
    #   gap, not offered
    #   2025-09-29 → 2026-04-24:                input 0.28, output 0.42 → 0.315
    assert deepseek_chat_series() == [
        (ORIGIN, d("0.175")),
        (utc("2025-02-08"), d("0.4775")),
        (utc("2025-09-05T16:00:00"), None),
        (utc("2025-09-29"), d("0.315")),
        (utc("2026-04-24"), None),
    ]
    (offer,) = frozen().models["deepseek-chat"].offers
    assert [v for _, v in offer_series(offer, origin=ORIGIN, key="output")] == [
        d("0.28"), d("1.1"), None, d("0.42"), None,
    ]  # fmt: skip


def test_step_segments_cut_at_the_axis() -> None:
    points = deepseek_chat_series()
    segments = step_segments(points, utc("2025-03-01"), BUILD)
    assert [(s.start, s.end, s.value, s.changed) for s in segments] == [
        (utc("2025-03-01"), utc("2025-09-05T16:00:00"), d("0.4775"), False),
        (utc("2025-09-05T16:00:00"), utc("2025-09-29"), None, True),
        (utc("2025-09-29"), utc("2026-04-24"), d("0.315"), True),
        (utc("2026-04-24"), BUILD, None, True),
    ]


def path_runs(path: str) -> list[list[tuple[float, float]]]:
    """The vertices of each subpath of a path made of M, H and V commands."""
    runs: list[list[tuple[float, float]]] = []
    x = y = 0.0
    for command, args in re.findall(r"([MHV])([-0-9. ]+)", path):
        values = [float(v) for v in args.split()]
        if command == "M":
            x, y = values
            runs.append([(x, y)])
            continue
        if command == "H":
            x = values[0]
        else:
            y = values[0]
        runs[-1].append((x, y))
    return runs


def test_the_step_line_matches_the_price_periods() -> None:
    root = parse(chart_price())
    axis = root.find(".//svg:line[@class='almanac-chart__axis']", NS)
    assert axis is not None
    left, right, base = float(axis.get("x1", "")), float(axis.get("x2", "")), float(axis.get("y1", ""))
    span = (BUILD - ORIGIN).total_seconds()

    def x_of(at: datetime) -> float:
        return left + (right - left) * (at - ORIGIN).total_seconds() / span

    labels = {t.text: float(t.get("y", "")) - 4 for t in root.iter(f"{SVG}text") if (t.text or "").startswith("$")}
    assert list(labels) == ["$0.00", "$0.10", "$0.20", "$0.30", "$0.40", "$0.50"]
    top = labels["$0.50"]
    assert labels["$0.00"] == pytest.approx(base)

    def y_of(price: str) -> float:
        return base - (base - top) * float(price) / 0.5

    (series,) = root.findall(".//svg:g[@class='almanac-chart__series almanac-series-0']", NS)
    path = series.find("svg:path", NS)
    assert path is not None
    runs = path_runs(path.get("d", ""))
    # Two pieces: the first two prices up to the gap, then the third price until it ends.
    expected = [
        [
            (x_of(ORIGIN), y_of("0.175")),
            (x_of(utc("2025-02-08")), y_of("0.175")),
            (x_of(utc("2025-02-08")), y_of("0.4775")),
            (x_of(utc("2025-09-05T16:00:00")), y_of("0.4775")),
        ],
        [(x_of(utc("2025-09-29")), y_of("0.315")), (x_of(utc("2026-04-24")), y_of("0.315"))],
    ]
    assert len(runs) == len(expected)
    for run, want in zip(runs, expected, strict=True):
        assert [c for point in run for c in point] == pytest.approx([c for point in want for c in point], abs=0.01)
    # A dot at each change (the price in force where the axis starts is no change).
    dots = [(float(c.get("cx", "")), float(c.get("cy", "")), title_of(c)) for c in series.iter(f"{SVG}circle")]
    assert [t for _, _, t in dots] == [
        "DeepSeek API · global: $0.4775 from 2025-02-08",
        "DeepSeek API · global: $0.315 from 2025-09-29",
    ]
    assert [c for x, y, _ in dots for c in (x, y)] == pytest.approx(
        [x_of(utc("2025-02-08")), y_of("0.4775"), x_of(utc("2025-09-29")), y_of("0.315")], abs=0.01
    )


def test_price_history_describes_its_data() -> None:
    desc = parse(chart_price()).find("svg:desc", NS)
    assert desc is not None
    assert desc.text == (
        "Price history in USD from 2025-01-01 to 2026-11-28. DeepSeek API · global: $0.175 from 2025-01-01, "
        "$0.4775 from 2025-02-08, not offered from 2025-09-05, $0.315 from 2025-09-29, not offered from 2026-04-24."
    )


def test_price_history_legend_and_nested_lines() -> None:
    same = [(utc("2026-01-01"), d("4")), (utc("2026-09-01"), d("6"))]
    other = [(utc("2026-01-01"), d("1"))]
    root = parse(
        price_history(
            [("First", same), ("Second", same), ("Third", other)],
            currency="EUR",
            title="t",
            end=BUILD,
            id_prefix="p",
        )
    )
    series = root.findall(".//svg:g[@class]", NS)
    widths = [
        g.find("svg:path", NS).get("stroke-width")  # type: ignore[union-attr]
        for g in series
        if "almanac-chart__series" in (g.get("class") or "")
    ]
    # The first line lies under the second (same prices): it is drawn wider; the third stands alone.
    assert widths == ["4", "2", "2"]
    legend = [t.text for t in root.iter(f"{SVG}text") if t.text in ("First", "Second", "Third")]
    assert legend == ["First", "Second", "Third"]
    assert "€6.00" in [t.text for t in root.iter(f"{SVG}text")]


def test_price_history_refuses_an_axis_that_ends_before_it_starts() -> None:
    with pytest.raises(ValueError, match="before it starts"):
        price_history([("x", [(BUILD, d("1"))])], currency="USD", title="t", start=BUILD, end=ORIGIN, id_prefix="p")


# --- uptime bars -------------------------------------------------------------------------------


def bars(svg: str) -> list[tuple[str, str]]:
    return [
        (r.get("class", ""), title_of(r))
        for r in parse(svg).iter(f"{SVG}rect")
        if (r.get("class") or "").startswith("almanac-uptime-")
    ]


def test_ninety_bars_grey_where_there_is_no_data() -> None:
    found = bars(chart_uptime())
    # 2026-08-30 … 2026-11-27: relay-a has data from 2026-10-29 on (30 days).
    assert len(found) == 90
    assert found[0] == ("almanac-uptime-none", "2026-08-30: no data")
    assert sum(1 for kind, _ in found if kind == "almanac-uptime-none") == 60
    # Percentages are rounded down, so the text never crosses a threshold its colour did not.
    assert found[-1] == ("almanac-uptime-warn", "2026-11-27: 98.8 %")  # 142.4 / 144 = 98.89 %
    assert ("almanac-uptime-bad", "2026-11-12: 87.2 %") in found  # 125.6 / 144 = 87.22 %
    assert ("almanac-uptime-ok", "2026-11-11: 99.7 %") in found  # 143.7 / 144 = 99.79 %
    # 2026-11-09: 139 ok, 5 degraded of 144 = 98.96 % (the probe job wrote 99.0): amber, 98.9 %.
    assert ("almanac-uptime-warn", "2026-11-09: 98.9 %") in found
    texts = [t.text for t in parse(chart_uptime()).iter(f"{SVG}text")]
    assert texts == ["2026-08-30", "2026-11-27"]


def test_uptime_colours_and_heights() -> None:
    found = bars(chart_uptime(provider="deepseek"))
    assert ("almanac-uptime-bad", "2026-11-18: 93.1 %") in found  # 133.2 / 143 = 93.15 %, below 95
    root = parse(chart_uptime(provider="deepseek"))
    heights = {r.get("class"): r.get("height") for r in root.iter(f"{SVG}rect")}
    # Not colour alone: amber bars are shorter than green ones, red ones shorter still.
    assert heights == {"almanac-uptime-none": "34", "almanac-uptime-ok": "34", "almanac-uptime-warn": "23.8",
                       "almanac-uptime-bad": "13.6"}  # fmt: skip


def test_uptime_bars_describe_the_days() -> None:
    desc = parse(chart_uptime()).find("svg:desc", NS)
    assert desc is not None
    # relay-a, 30 days: 12 at 99 % or more (10-30, 11-03, 05, 07, 11, 14, 16, 18, 19, 21, 24, 25),
    # 1 below 95 % (11-12), the other 17 between.
    assert desc.text == (
        "Daily uptime from 2026-08-30 to 2026-11-27: 30 of 90 days with data; 12 at 99 % or more, "
        "17 from 95 to 99 %, 1 below 95 %; lowest 87.2 % on 2026-11-12."
    )


def test_missing_and_empty_days_are_grey() -> None:
    days = [Day(date(2026, 1, 1), 10, 10, 0, 0, d(100)), Day(date(2026, 1, 3), 0, 0, 0, 0, None)]
    found = bars(uptime_bars(days, start=date(2026, 1, 1), end=date(2026, 1, 4), title="t", id_prefix="u"))
    assert found == [
        ("almanac-uptime-ok", "2026-01-01: 100.0 %"),
        ("almanac-uptime-none", "2026-01-02: no data"),
        ("almanac-uptime-none", "2026-01-03: no data"),
        ("almanac-uptime-none", "2026-01-04: no data"),
    ]


# --- triangle ----------------------------------------------------------------------------------


def dots(svg: str) -> dict[str, tuple[float, float]]:
    return {
        title_of(c).split(":")[0]: (float(c.get("cx", "")), float(c.get("cy", "")))
        for c in parse(svg).iter(f"{SVG}circle")
    }


def test_triangle_places_each_provider_by_its_scores() -> None:
    (qx, qy), (sx, sy), (ax, ay) = CORNERS["quality"], CORNERS["stability"], CORNERS["affordability"]
    # An equilateral triangle of side 340 in a 520-wide chart, its top corner at (260, 50).
    assert (qx, qy) == (260, 50)
    assert (sx, ax) == (90, 430)
    assert sy == ay == pytest.approx(50 + 170 * math.sqrt(3))
    found = dots(chart_triangle())
    # Relay A, rated 2026-04-15: quality 4, stability 2, affordability 3, weights 4/9, 2/9, 3/9:
    #   x = (4 × 260 + 2 × 90 + 3 × 430) / 9 = 2510 / 9 = 278.89
    #   y = (4 × 50 + 5 × (50 + 170√3)) / 9 = (450 + 850√3) / 9 = 213.58
    # (written with two decimals)
    assert found["Relay A (example)"] == (278.89, 213.58)
    # Relay B, rated 2026-04-12: 3, 2, 2 → x = (780 + 180 + 860) / 7 = 260, y = (150 + 4 × 344.45) / 7 = 218.26
    assert found["Relay B (example)"] == (260, 218.26)


def test_triangle_mapping() -> None:
    q, s, a = CORNERS["quality"], CORNERS["stability"], CORNERS["affordability"]
    centre = ((q[0] + s[0] + a[0]) / 3, (q[1] + s[1] + a[1]) / 3)
    assert position(TrianglePoint("all 5", 5, 5, 5)) == pytest.approx(centre)
    assert position(TrianglePoint("all 1", 1, 1, 1)) == pytest.approx(centre)
    # Strong in quality and affordability, weak in stability: 1/11 of the way from the Q–A edge to S.
    x, y = position(TrianglePoint("good and cheap", 5, 1, 5))
    edge_middle = ((q[0] + a[0]) / 2, (q[1] + a[1]) / 2)
    assert (x, y) == pytest.approx(
        (edge_middle[0] + (s[0] - edge_middle[0]) / 11, edge_middle[1] + (s[1] - edge_middle[1]) / 11)
    )
    with pytest.raises(ValueError, match="1 to 5"):
        position(TrianglePoint("bad", 0, 3, 3))


def test_triangle_labels_and_tooltips() -> None:
    root = parse(chart_triangle())
    texts = [t.text for t in root.iter(f"{SVG}text")]
    for word in ("Quality", "Stability", "Affordability", "Relay A (example)", "Q4 · S2 · A3", "Q3 · S2 · A2"):
        assert word in texts
    tips = [title_of(c) for c in root.iter(f"{SVG}circle")]
    assert tips == [
        "Relay A (example): quality 4, stability 2, affordability 3",
        "Relay B (example): quality 3, stability 2, affordability 2",
    ]


def test_providers_at_the_same_place_share_a_label() -> None:
    # Three providers at 4, 3, 3 share a place; 2, 2, 2 sits at the centre, alone.
    points = [("One", 4, 3, 3), ("Two", 2, 2, 2), ("Three", 4, 3, 3), ("Four", 4, 3, 3)]
    root = parse(triangle(points, title="t", id_prefix="t"))
    assert len(list(root.iter(f"{SVG}circle"))) == 4
    names = {t.text: (float(t.get("x", "")), float(t.get("y", ""))) for t in root.iter(f"{SVG}text") if t.get("x")}
    # One label, a line of 26 units per provider, in the order given.
    assert names["One"][0] == names["Three"][0] == names["Four"][0]
    assert names["Three"][1] - names["One"][1] == pytest.approx(26)
    assert names["Four"][1] - names["Three"][1] == pytest.approx(26)
    assert "Two" in names


# --- price against context ---------------------------------------------------------------------


def test_scatter_places_points_on_both_log_axes() -> None:
    points = [ScatterPoint("small", 131072, d("0.5")), ScatterPoint("large", 1048576, d("5"))]
    root = parse(price_vs_context(points, currency="USD", title="t", id_prefix="s"))
    ticks = {t.text: float(t.get("x", "")) for t in root.iter(f"{SVG}text") if t.get("text-anchor") == "middle"}
    prices = {t.text: float(t.get("y", "")) - 4 for t in root.iter(f"{SVG}text") if (t.text or "").startswith("$")}
    found = dots(price_vs_context(points, currency="USD", title="t", id_prefix="s"))
    assert found["small"] == pytest.approx((ticks["128K"], prices["$0.50"]), abs=0.01)
    assert found["large"] == pytest.approx((ticks["1M"], prices["$5.00"]), abs=0.01)
    assert [label for label in ticks if label in ("8K", "2M")] == ["8K", "2M"]


@pytest.mark.parametrize("which", ["sample", "frozen"])
def test_scatter_on_the_sample_prices(which: str) -> None:
    data = sample() if which == "sample" else frozen()
    points = scatter_points(data)
    root = parse(chart_scatter(data=data))
    assert len(list(root.iter(f"{SVG}circle"))) == len(points)
    # Labels never overlap (boxes from the same width estimate the chart uses).
    boxes = []
    for t in root.iter(f"{SVG}text"):
        if t.get("font-size") is None and t.text and t.text in {p.label for p in points}:
            x, y, width = float(t.get("x", "")), float(t.get("y", "")), text_width(t.text, 10)
            left = {"start": x, "end": x - width, "middle": x - width / 2}[t.get("text-anchor", "start")]
            boxes.append((left, y - 9, left + width, y + 3))
    if which == "frozen":
        assert len(boxes) > len(points) / 2  # most of the frozen data's points have room for a label
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]


def test_scatter_leaves_out_what_a_log_axis_cannot_show() -> None:
    points = [("free", 131072, d("0")), ("unknown", 0, d("1")), ("paid", 131072, d("1"))]
    root = parse(price_vs_context(points, currency="USD", title="t", id_prefix="s"))
    assert len(list(root.iter(f"{SVG}circle"))) == 1
    desc = root.find("svg:desc", NS)
    assert desc is not None and desc.text is not None
    assert desc.text.endswith("2 left out: free or without a known context window.")
