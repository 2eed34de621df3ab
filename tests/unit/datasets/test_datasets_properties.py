"""Properties that hold for any input, checked with generated data."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from almanac.core.data.datasets import Rates, find_overlaps
from almanac.core.data.datasets.reader import parse_document

EPOCH = datetime(2024, 1, 1, tzinfo=UTC)


def _moment(hours: int) -> datetime:
    return EPOCH + timedelta(hours=hours)


@st.composite
def separate_spans(draw: st.DrawFn) -> list[tuple[datetime | None, datetime | None]]:
    """Periods one after another, with or without gaps, open at either end, in any order."""
    cuts = sorted(set(draw(st.lists(st.integers(0, 10_000), min_size=2, max_size=12))))
    spans: list[tuple[datetime | None, datetime | None]] = []
    for start, end in itertools.pairwise(cuts):
        if draw(st.booleans()):  # keep this piece (skipping one leaves a gap)
            spans.append((_moment(start), _moment(end)))
    if spans and draw(st.booleans()):
        spans[0] = (None, spans[0][1])
    if spans and draw(st.booleans()):
        spans[-1] = (spans[-1][0], None)
    return draw(st.permutations(spans))


@given(separate_spans())
def test_periods_that_do_not_overlap_pass(spans: list[tuple[datetime | None, datetime | None]]) -> None:
    assert find_overlaps(spans) == []


@given(separate_spans(), st.data())
def test_any_overlap_is_found(spans: list[tuple[datetime | None, datetime | None]], data: st.DataObject) -> None:
    if not spans:
        spans = [(_moment(0), _moment(10))]
    target = data.draw(st.sampled_from(spans))
    # A new span that shares at least one hour with `target`.
    start = target[0] or _moment(-100)
    end = target[1] or _moment(20_000)
    inside = data.draw(st.integers(0, int((end - start).total_seconds() // 3600) - 1))
    moment = start + timedelta(hours=inside)
    extra = (moment - timedelta(hours=data.draw(st.integers(0, 50))), moment + timedelta(hours=1))
    everything = data.draw(st.permutations([*spans, extra]))
    overlaps = find_overlaps(everything)
    assert overlaps
    extra_index = everything.index(extra)
    assert any(extra_index in pair for pair in overlaps)


@given(st.decimals(min_value=0, max_value=Decimal("1e6"), allow_nan=False, allow_infinity=False, places=6))
def test_money_keeps_its_exact_text(amount: Decimal) -> None:
    text = f"{amount:f}"
    for written in (text, f'"{text}"'):
        value = parse_document(f"input: {written}\n", "x.yaml").value
        parsed = Rates.model_validate(value).input
        assert parsed == amount and str(parsed) == text
