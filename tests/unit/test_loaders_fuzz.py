"""Random input for every loader of YAML: a post's front matter, `.authors.yml`,
`data/tags.yaml` and a data file. Whatever is written, the only exception that may come out is
`AlmanacError` (or several, as `AlmanacErrors`), and each names its file and line."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from almanac.core.blog.posts import Author, load_authors, parse_post, read_posts
from almanac.core.data.datasets.loader import load_tags
from almanac.core.data.datasets.reader import parse_document, read_document
from almanac.core.errors import AlmanacError, AlmanacErrors

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 11, 28, 12, tzinfo=dt.UTC)
FUZZ = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- what is written --------------------------------------------------------------------------

#: Characters that mean something to YAML, and a few that mean something to readers of text.
SYNTAX = "-:[]{},&*!|>'\"#%@`?~.\n\n\n  \t\\<"
text_like_yaml = st.text(alphabet=st.sampled_from(SYNTAX) | st.characters(codec="utf-8"), max_size=120)

KEYS = ("title", "date", "updated", "tags", "authors", "draft", "summary", "slug", "name", "description")
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**20, max_value=10**60),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.datetimes(min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30)),
    st.sampled_from(["2026-02-30", "0001-01-01", "9999-12-31", "javascript:alert(1)", "", "@@@", "<b>"]),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=8,
)
mappings = st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), values, max_size=6)
#: Front matter that is often valid but for one or two keys.
posts = st.builds(lambda changed: {"title": "A post", "date": dt.date(2026, 3, 30), **changed}, mappings)


@st.composite
def documents(draw: st.DrawFn, top: st.SearchStrategy[Any] = mappings) -> str:
    """A YAML document: a value written by PyYAML (the same list twice gives an anchor and an
    alias), or random text made of YAML's own characters, or the one with the other inside."""
    value = draw(top)
    if isinstance(value, dict) and value and draw(st.booleans()):
        shared = draw(values)
        for key in draw(st.lists(st.sampled_from(sorted(value, key=str)), max_size=3)):
            value[key] = [shared, shared]  # anchors and aliases
    written = yaml.safe_dump(value, allow_unicode=draw(st.booleans()), default_flow_style=draw(st.booleans()))
    choice = draw(st.integers(0, 3))
    if choice == 0:
        return draw(text_like_yaml)
    if choice == 1:  # a cut, or random text spliced in
        cut = draw(st.integers(0, len(written)))
        return written[:cut] + draw(text_like_yaml) + written[cut:]
    return written


# --- what may come out ------------------------------------------------------------------------


@contextmanager
def only_positioned_errors(path: str) -> Iterator[None]:
    """Let through only `AlmanacError(s)` about `path`, each with a line."""
    try:
        yield
    except (AlmanacError, AlmanacErrors) as raised:
        errors = raised.errors if isinstance(raised, AlmanacErrors) else [raised]
        assert errors
        for error in errors:
            assert error.path == path, str(error)
            assert isinstance(error.line, int) and error.line >= 1, str(error)
            assert "\n" not in error.message, str(error)


def front_matter(text: str) -> str:
    return f"---\n{text}\n---\nThe body.\n"


# --- the loaders ------------------------------------------------------------------------------

POST = "docs/blog/posts/2026-03-30-x.md"
AUTHORS = {"lin": Author("lin", "Lin")}


def check_post(text: str) -> None:
    with only_positioned_errors(POST):
        post = parse_post(
            text, src_uri="blog/posts/2026-03-30-x.md", display_path=POST, timezone=SHANGHAI, authors=AUTHORS, now=NOW
        )
        assert post.title and post.slug
        assert 1900 <= post.date.year <= 2100
        assert post.draft or not post.scheduled


@FUZZ
@given(documents(posts))
def test_front_matter(text: str) -> None:
    check_post(front_matter(text))


@FUZZ
@given(st.binary(max_size=200))
def test_post_files_of_any_bytes(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "2026-03-30-x.md"
        path.write_bytes(b"---\ntitle: A\n" + data)
        with only_positioned_errors(POST):
            read_posts([("blog/posts/2026-03-30-x.md", path)], docs_prefix="docs/", timezone=SHANGHAI, authors=None)


def in_file(name: str, data: bytes, load: Callable[[Path], object]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        load(Path(folder))


author_entries = st.dictionaries(
    st.sampled_from(["lin", "mei", "7", ""]) | st.text(max_size=6),
    mappings | values,
    max_size=4,
)


@FUZZ
@given(documents(st.fixed_dictionaries({"authors": author_entries}) | mappings), st.binary(max_size=8))
def test_authors_file(text: str, tail: bytes) -> None:
    with only_positioned_errors("docs/blog/.authors.yml"):
        in_file(
            ".authors.yml",
            text.encode() + tail,
            lambda root: load_authors(root / ".authors.yml", "docs/blog/.authors.yml"),
        )


tag_entries = st.lists(st.dictionaries(st.sampled_from(["name", "slug", "aliases", "description", "en", "zh"]), values))


@settings(FUZZ, max_examples=40)  # each is checked as a whole data/tags.yaml: slower
@given(documents(tag_entries | mappings), st.binary(max_size=8))
def test_tags_file(text: str, tail: bytes) -> None:
    with only_positioned_errors("data/tags.yaml"):
        in_file("data/tags.yaml", text.encode() + tail, load_tags)


@FUZZ
@given(documents(), st.binary(max_size=8))
def test_a_data_file(text: str, tail: bytes) -> None:
    with only_positioned_errors("data/fx.yaml"):
        parse_document(text, "data/fx.yaml")
    with only_positioned_errors("data/fx.yaml"):
        in_file("fx.yaml", text.encode() + tail, lambda root: read_document(root / "fx.yaml", "data/fx.yaml"))
