"""Front matter of posts: what is accepted, and the exact message of each mistake."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from almanac.core.blog.posts import Author, load_authors, parse_post, read_posts, slugify
from almanac.core.errors import AlmanacError, AlmanacErrors
from almanac.core.safeyaml import LimitExceeded, check_limits
from almanac.core.urls import check_url

SHANGHAI = ZoneInfo("Asia/Shanghai")
AUTHORS = {"lin": Author("lin", "Lin Qiao")}
PATH = "docs/blog/posts/x.md"


def parse(text: str):
    return parse_post(text, src_uri="blog/posts/2026-03-30-x.md", display_path=PATH, timezone=SHANGHAI, authors=AUTHORS)


def messages(text: str) -> list[str]:
    with pytest.raises((AlmanacError, AlmanacErrors)) as caught:
        parse(text)
    error = caught.value
    errors = error.errors if isinstance(error, AlmanacErrors) else [error]
    return [str(e) for e in errors]


def test_a_complete_post_is_read() -> None:
    post = parse(
        "---\ntitle: The end of cheap relays\ndate: 2026-03-30\nupdated: 2026-04-02 18:30\n"
        "tags: [large model, pricing]\nauthors: [lin]\nsummary: Pick two.\n---\n\nOpening.\n\n"
        "<!-- more -->\n\nRest.\n"
    )
    assert post.title == "The end of cheap relays"
    assert post.date == dt.datetime(2026, 3, 30, tzinfo=SHANGHAI)
    assert post.updated == dt.datetime(2026, 4, 2, 18, 30, tzinfo=SHANGHAI)
    assert post.tags == ("large model", "pricing")
    assert post.authors == ("lin",)
    assert post.summary == "Pick two."
    assert post.slug == "x"  # the file name without its date prefix
    assert post.has_more
    assert post.body.startswith("\nOpening.")
    assert post.lines["tags"] == 5


def test_a_date_with_its_own_zone_keeps_it() -> None:
    post = parse("---\ntitle: T\ndate: 2026-03-30T10:00:00+00:00\n---\nText\n")
    assert post.date.utcoffset() == dt.timedelta(0)
    assert post.date.hour == 10


def test_missing_title() -> None:
    assert messages("---\ndate: 2026-03-30\n---\nText\n") == [
        f"{PATH}:1: the post has no `title` — add `title: …` to its front matter"
    ]


def test_missing_date() -> None:
    assert messages("---\ntitle: A post\n---\nText\n") == [
        f"{PATH}:1: the post has no `date` — add `date: YYYY-MM-DD` to its front matter"
    ]


def test_date_that_is_not_a_date() -> None:
    assert messages("---\ntitle: A post\ntags: [pricing]\ndate: March 30th\n---\nText\n") == [
        f"{PATH}:4: `date` is not a date: 'March 30th' — write it as `YYYY-MM-DD` or "
        "`YYYY-MM-DD HH:MM`, e.g. `date: 2026-03-30`"
    ]


def test_impossible_calendar_date() -> None:
    # 2026-02-30 looks like a date to YAML, but there is no such day.
    (message,) = messages("---\ntitle: A post\ndate: 2026-02-30\n---\nText\n")
    assert message == (
        f"{PATH}:3: `date` cannot be read: '2026-02-30' (day is out of range for month) — "
        "check the value; a date is written `YYYY-MM-DD`"
    )


def test_front_matter_that_is_not_yaml() -> None:
    (message,) = messages("---\ntitle: A post\ndate: 2026-03-30\ntags: [pricing\n---\nText\n")
    assert message.startswith(f"{PATH}:4:7: front matter is not valid YAML:")
    assert message.endswith("— check the quoting and indentation of this line; values with `: ` or `#` need quotes")


def test_front_matter_with_a_colon_in_an_unquoted_value() -> None:
    (message,) = messages("---\ntitle: Relays: pick two\ndate: 2026-03-30\n---\nText\n")
    assert message.startswith(f"{PATH}:2:")
    assert "front matter is not valid YAML: mapping values are not allowed" in message


def test_front_matter_indented_with_a_tab() -> None:
    (message,) = messages("---\ntitle: A post\ndate: 2026-03-30\ntags:\n\t- pricing\n---\nText\n")
    assert message.startswith(f"{PATH}:5:1: front matter is not valid YAML: a tab is used for indentation")


def test_front_matter_not_closed() -> None:
    assert messages("---\ntitle: A post\ndate: 2026-03-30\n\nText\n") == [
        f"{PATH}:1: front matter is not closed — end it with a line holding only `---`"
    ]


def test_duplicate_key() -> None:
    assert messages("---\ntitle: A\ndate: 2026-03-30\ntitle: B\n---\n") == [
        f"{PATH}:4: duplicate key `title` in front matter (first on line 2) — keep one of them"
    ]


def test_unknown_author_suggests_the_closest() -> None:
    assert messages("---\ntitle: A\ndate: 2026-03-30\nauthors: [lim]\n---\n") == [
        f"{PATH}:4: unknown author `lim` — did you mean `lin`? Or add it to docs/blog/.authors.yml"
    ]


def test_every_problem_of_a_file_is_reported_at_once() -> None:
    found = messages("---\ndraft: maybe\ntags: pricing\nupdated: soon\n---\n")
    assert [m.split(":")[1] for m in found] == ["1", "1", "2", "4"]
    assert any("`draft` must be true or false, not 'maybe'" in m for m in found)


def test_updated_before_date() -> None:
    assert messages("---\ntitle: A\ndate: 2026-03-30\nupdated: 2026-03-01\n---\n") == [
        f"{PATH}:4: `updated` is before `date` — the update must come after the post's date"
    ]


def test_a_bad_slug_is_refused_with_a_fix() -> None:
    assert messages("---\ntitle: A\ndate: 2026-03-30\nslug: Cheap Relays!\n---\n") == [
        f"{PATH}:4: `slug` must be lowercase letters, digits and hyphens, not 'Cheap Relays!' — "
        "write `slug: cheap-relays`"
    ]


def test_a_single_tag_as_text_is_a_list_of_one() -> None:
    assert parse("---\ntitle: A\ndate: 2026-03-30\ntags: IPO\n---\n").tags == ("IPO",)


def test_file_without_front_matter_has_no_title_or_date() -> None:
    found = messages("Just text\n")
    assert [m.split(": ", 1)[1] for m in found] == [
        "the post has no `title` — add `title: …` to its front matter",
        "the post has no `date` — add `date: YYYY-MM-DD` to its front matter",
    ]


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("The End of Cheap Relays", "the-end-of-cheap-relays"),
        ("Café  crème", "cafe-creme"),
        ("大模型", "大模型"),
        ("GLM-4.5 Air", "glm-4-5-air"),
    ],
)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug


@given(st.text(min_size=1, max_size=40))
def test_slugs_are_stable_and_url_safe(text: str) -> None:
    slug = slugify(text)
    assert slugify(slug) == slug
    assert not any(ch in slug for ch in " /?#%&\"'<>\\")


# --- limits of every YAML document ------------------------------------------------------------

LAUGHS = "\n".join(
    ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    + [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 10)]
)
TOO_MANY = "aliases in the file repeat more than 100,000 values — write the repeated values out, or alias fewer of them"
TOO_DEEP = (
    "the values are nested more than 50 levels deep"
    " — write flatter lists and mappings; an alias must not refer to a value that holds it"
)


def test_an_alias_bomb_in_front_matter_is_refused_at_once() -> None:
    start = time.perf_counter()
    # The overflow is found in line 8 (`l5`), the first list whose aliases repeat too much.
    assert messages(f"---\ntitle: A\ndate: 2026-03-30\n{LAUGHS}\ntags: *l9\n---\nText\n") == [f"{PATH}:9:5: {TOO_MANY}"]
    assert time.perf_counter() - start < 1


def test_the_guard_names_the_yaml_it_checks_and_where() -> None:
    # Any loader (e.g. an `almanac` block's options) composes its YAML and calls the guard.
    with pytest.raises(LimitExceeded) as caught:
        check_limits(yaml.compose(LAUGHS, Loader=yaml.CSafeLoader), LAUGHS, document="the block")
    error = caught.value.error("docs/x.md", line_offset=10)
    assert str(error) == (
        "docs/x.md:16:5: aliases in the block repeat more than 100,000 values"
        " — write the repeated values out, or alias fewer of them"
    )
    check_limits(yaml.compose("a: [1, {b: c}]", Loader=yaml.CSafeLoader), "a: [1, {b: c}]")
    check_limits(None)


def test_aliases_within_the_limit_are_read() -> None:
    post = parse("---\ntitle: &t A post\ndate: 2026-03-30\nsummary: *t\ntags: &x [a, b]\nother: [*x, *x]\n---\n")
    assert post.summary == "A post"
    assert post.tags == ("a", "b")


def test_front_matter_nested_too_deeply_is_refused() -> None:
    assert messages("---\ntitle: A\ndate: 2026-03-30\nx: " + "[" * 60 + "]" * 60 + "\n---\n") == [
        f"{PATH}:4:53: {TOO_DEEP}"
    ]


def test_an_alias_that_holds_itself_is_refused() -> None:
    (message,) = messages("---\ntitle: A\ndate: 2026-03-30\nx: &loop [*loop]\n---\n")
    assert message == (f"{PATH}:4:4: an alias refers to a value that contains it — remove the recursive alias")


def test_aliases_nest_values_no_deeper_than_the_limit() -> None:
    chain = "\n".join(["c0: &c0 [1]"] + [f"c{i}: &c{i} [*c{i - 1}]" for i in range(1, 60)])
    (message,) = messages(f"---\ntitle: A\ndate: 2026-03-30\n{chain}\n---\n")
    assert message.endswith(TOO_DEEP)


def test_front_matter_over_the_size_limit_is_refused() -> None:
    big = "x: '" + "a" * (5 * 1024 * 1024) + "'"
    assert messages(f"---\ntitle: A\ndate: 2026-03-30\n{big}\n---\n") == [
        f"{PATH}:2:1: the YAML is 5.0 MB, over the 5 MB limit — YAML here is written by hand; split it or shorten it"
    ]


def test_a_list_as_a_key_is_refused() -> None:
    assert messages("---\ntitle: A\ndate: 2026-03-30\n? [a, b]\n: c\n---\n") == [
        f"{PATH}:4:3: a front matter key must be a word, not a list or a mapping"
        " — write one `key: value` per line, e.g. `title: My post`"
    ]


# --- files: encoding ---------------------------------------------------------------------------


def read(tmp_path: Path, name: str, data: bytes, *, now: dt.datetime | None = None) -> list[str]:
    """The errors of reading one post file holding `data` (none: [])."""
    posts = tmp_path / "docs" / "blog" / "posts"
    posts.mkdir(parents=True, exist_ok=True)
    (posts / name).write_bytes(data)
    try:
        read_posts(
            [(f"blog/posts/{name}", posts / name)], docs_prefix="docs/", timezone=SHANGHAI, authors=None, now=now
        )
    except (AlmanacError, AlmanacErrors) as error:
        return str(error).splitlines()
    return []


def test_a_latin_1_post_is_refused_at_its_line_and_column(tmp_path: Path) -> None:
    data = "---\ntitle: Café\ndate: 2026-03-30\n---\nText\n".encode("latin-1")
    assert read(tmp_path, "2026-03-30-x.md", data) == [
        "docs/blog/posts/2026-03-30-x.md:2:11: the file is not UTF-8: byte 0xE9 at offset 14 cannot be decoded"
        " — save the file with the UTF-8 encoding"
    ]


def test_a_post_with_windows_line_ends_and_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    data = "\ufeff---\r\ntitle: Café\r\ndate: 2026-03-30\r\n---\r\nText\r\n".encode()
    posts = tmp_path / "p"
    posts.mkdir()
    (posts / "2026-03-30-x.md").write_bytes(data)
    (post,) = read_posts(
        [("blog/posts/2026-03-30-x.md", posts / "2026-03-30-x.md")],
        docs_prefix="docs/",
        timezone=SHANGHAI,
        authors=None,
    )
    assert (post.title, post.body) == ("Café", "Text\n")


# --- dates: a sane range, and scheduled posts -------------------------------------------------


@pytest.mark.parametrize(
    ("written", "year"), [("0001-01-01", 1), ("1899-12-31", 1899), ("2101-01-01", 2101), ("9999-12-31", 9999)]
)
def test_a_date_outside_the_sane_years_is_refused(written: str, year: int) -> None:
    assert messages(f"---\ntitle: A\ndate: {written}\n---\n") == [
        f"{PATH}:3: `date` is in the year {year} — a post's dates fall in the years 1900 to 2100;"
        " check the year, e.g. `date: 2026-03-30`"
    ]


def test_an_updated_date_outside_the_sane_years_is_refused() -> None:
    assert messages("---\ntitle: A\ndate: 2026-03-30\nupdated: '0001-01-01T00:00:00+14:00'\n---\n") == [
        f"{PATH}:4: `updated` is in the year 1 — a post's dates fall in the years 1900 to 2100;"
        " check the year, e.g. `date: 2026-03-30`"
    ]


def test_the_edges_of_the_sane_years_are_accepted() -> None:
    assert parse("---\ntitle: A\ndate: 1900-01-01\n---\n").date.year == 1900
    assert parse("---\ntitle: A\ndate: 2100-12-31 23:59\n---\n").date.year == 2100


NOW = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC)  # 20:00 in Shanghai


def scheduled(date: str, now: dt.datetime | None = NOW) -> tuple[bool, bool]:
    post = parse_post(
        f"---\ntitle: A\ndate: {date}\n---\n",
        src_uri="blog/posts/x.md",
        display_path=PATH,
        timezone=SHANGHAI,
        now=now,
    )
    return post.scheduled, post.draft


def test_a_post_dated_after_the_build_is_scheduled_and_a_draft() -> None:
    assert scheduled("2026-11-28 20:01") == (True, True)
    assert scheduled("2026-11-29") == (True, True)
    assert scheduled("2100-12-31") == (True, True)


def test_a_post_dated_up_to_the_build_is_published() -> None:
    assert scheduled("2026-11-28 20:00") == (False, False)
    assert scheduled("2026-11-28T12:00:00+00:00") == (False, False)
    assert scheduled("2026-11-28") == (False, False)


def test_without_a_build_instant_nothing_is_scheduled() -> None:
    assert scheduled("2100-12-31", now=None) == (False, False)


def test_a_naive_build_instant_is_in_the_blog_time_zone() -> None:
    assert scheduled("2026-11-28 20:01", now=dt.datetime(2026, 11, 28, 20, 0)) == (True, True)
    assert scheduled("2026-11-28 19:59", now=dt.datetime(2026, 11, 28, 20, 0)) == (False, False)


def test_read_posts_passes_the_build_instant_on(tmp_path: Path) -> None:
    posts = tmp_path / "p"
    posts.mkdir()
    (posts / "2027-01-01-x.md").write_text("---\ntitle: A\ndate: 2027-01-01\n---\n", encoding="utf-8")
    (post,) = read_posts(
        [("blog/posts/2027-01-01-x.md", posts / "2027-01-01-x.md")],
        docs_prefix="docs/",
        timezone=SHANGHAI,
        authors=None,
        now=NOW,
    )
    assert post.scheduled and post.draft


# --- slugs --------------------------------------------------------------------------------------


def test_a_file_name_without_a_slug_is_refused() -> None:
    with pytest.raises(AlmanacErrors) as caught:
        parse_post(
            "---\ntitle: A\ndate: 2026-07-01\n---\n",
            src_uri="blog/posts/2026-07-01-@@@.md",
            display_path="docs/blog/posts/2026-07-01-@@@.md",
            timezone=SHANGHAI,
        )
    assert str(caught.value) == (
        "docs/blog/posts/2026-07-01-@@@.md:1: the file name `2026-07-01-@@@.md` gives the post no slug"
        " (the last part of its URL) — rename the file to `YYYY-MM-DD-short-name.md`,"
        " or set `slug: short-name` in its front matter"
    )


def test_a_file_name_without_a_slug_is_fine_with_one_set() -> None:
    post = parse_post(
        "---\ntitle: A\ndate: 2026-07-01\nslug: launch\n---\n",
        src_uri="blog/posts/2026-07-01-@@@.md",
        display_path=PATH,
        timezone=SHANGHAI,
    )
    assert post.slug == "launch"


@pytest.mark.parametrize("written", ["", "''", "'  '", "'@@@'", "~"])
def test_an_empty_slug_is_refused(written: str) -> None:
    assert messages(f"---\ntitle: A\ndate: 2026-03-30\nslug: {written}\n---\n") == [
        f"{PATH}:4: `slug` is empty — write the last part of the post's URL, e.g. `slug: end-of-cheap-relays`"
    ]


def test_a_slug_that_is_not_text_is_refused() -> None:
    assert messages("---\ntitle: A\ndate: 2026-03-30\nslug: [a]\n---\n") == [
        f"{PATH}:4: `slug` must be lowercase letters, digits and hyphens, not a list — write `slug: my-post`"
    ]


# --- authors ------------------------------------------------------------------------------------

AUTHORS_FILE = "docs/blog/.authors.yml"


def authors_of(tmp_path: Path, data: bytes | str) -> dict[str, Author] | list[str]:
    """The authors of a `.authors.yml` holding `data`, or its errors."""
    path = tmp_path / ".authors.yml"
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    try:
        return load_authors(path, AUTHORS_FILE)
    except (AlmanacError, AlmanacErrors) as error:
        return str(error).splitlines()


def test_authors_are_read(tmp_path: Path) -> None:
    assert authors_of(
        tmp_path,
        "authors:\n  lin:\n    name: Lin Qiao\n    description: Editor\n"
        "    avatar: images/lin.png\n    url: https://example.org/lin/\n  7:\n    name: Seven\n",
    ) == {
        "lin": Author("lin", "Lin Qiao", "Editor", "images/lin.png", "https://example.org/lin/"),
        "7": Author("7", "Seven"),
    }


def test_no_authors_file_means_no_authors(tmp_path: Path) -> None:
    assert load_authors(tmp_path / "missing.yml", AUTHORS_FILE) == {}


def test_an_alias_bomb_in_the_authors_file_is_refused_at_once(tmp_path: Path) -> None:
    start = time.perf_counter()
    assert authors_of(tmp_path, f"authors:\n  lin: {{name: Lin}}\n{LAUGHS}\n") == [f"{AUTHORS_FILE}:8:5: {TOO_MANY}"]
    assert time.perf_counter() - start < 1


def test_a_latin_1_authors_file_is_refused_at_its_line(tmp_path: Path) -> None:
    assert authors_of(tmp_path, "authors:\n  lin:\n    name: Jos\xe9\n".encode("latin-1")) == [
        f"{AUTHORS_FILE}:3:14: the file is not UTF-8: byte 0xE9 at offset 29 cannot be decoded"
        " — save the file with the UTF-8 encoding"
    ]


def test_an_authors_file_that_is_not_yaml(tmp_path: Path) -> None:
    (message,) = authors_of(tmp_path, "authors:\n  lin: {name: Lin\n")
    assert message.startswith(f"{AUTHORS_FILE}:2:8: the file is not valid YAML:")


@pytest.mark.parametrize(
    ("field", "written", "problem"),
    [
        ("url", "javascript:alert(1)", "must start with http:// or https://, not `javascript:`"),
        ("url", "JavaScript:alert(1)", "must start with http:// or https://, not `javascript:`"),
        (
            "url",
            "'java\tscript:alert(1)'",
            "holds a space, a control character or a backslash; write a plain web address",
        ),
        ("url", "data:text/html,hi", "must start with http:// or https://, not `data:`"),
        ("url", "/about/", "must start with http:// or https://"),
        ("url", "//evil.example/x", "must start with http:// or https://; `//` leads to another site"),
        ("url", "https://", "has no host after `//`"),
        (
            "avatar",
            "javascript:alert(1)",
            "must start with http:// or https://, or be a path in the site, not `javascript:`",
        ),
        (
            "avatar",
            "data:image/svg+xml,x",
            "must start with http:// or https://, or be a path in the site, not `data:`",
        ),
    ],
)
def test_author_addresses_are_http_or_https(tmp_path: Path, field: str, written: str, problem: str) -> None:
    (message,) = authors_of(tmp_path, f"authors:\n  lin:\n    name: Lin\n    {field}: {written}\n")
    assert message.startswith(f"{AUTHORS_FILE}:4: author `lin`: `{field}` {problem} — write the address of")


def test_every_problem_of_the_authors_file_is_reported_at_once(tmp_path: Path) -> None:
    assert authors_of(
        tmp_path,
        "authors:\n  lin:\n    name: [Lin]\n    description: {a: b}\n  mei:\n    url: ftp://x.org/\n  zhu: Zhu\n",
    ) == [
        f"{AUTHORS_FILE}:3: author `lin`: `name` must be text, not a list — write `name:` and the text after it",
        f"{AUTHORS_FILE}:4: author `lin`: `description` must be text, not a mapping"
        " — write `description:` and the text after it",
        f"{AUTHORS_FILE}:5: author `mei` has no `name` — add `name: Full Name`",
        f"{AUTHORS_FILE}:6: author `mei`: `url` must start with http:// or https://, not `ftp:`"
        " — write the address of the author's page, e.g. `url: https://example.org/lin/`",
        f"{AUTHORS_FILE}:7: author `zhu` has no `name` — add `name: Full Name`",
        "5 errors.",
    ]


@pytest.mark.parametrize(
    "url",
    ["https://example.org/", "http://example.org:8080/a?b=c#d", "HTTPS://EXAMPLE.ORG/"],
)
def test_web_addresses_are_accepted(url: str) -> None:
    assert check_url(url) is None
    assert check_url(url, relative=True) is None


@pytest.mark.parametrize("path", ["images/lin.png", "/assets/lin.png", "../lin.png", "lin.png?v=2"])
def test_paths_in_the_site_are_accepted_only_where_relative_links_are(path: str) -> None:
    assert check_url(path, relative=True) is None
    assert check_url(path) == "must start with http:// or https://"


@pytest.mark.parametrize(
    "url",
    [
        "vbscript:x",
        "file:///etc/passwd",
        "mailto:a@b.org",
        " https://x.org/",
        "https://x.org\\@evil/",
        "http://[::1",
        'https://x.org/?q="><img src=x>',
        "https://x.org/<script>",
        "",
    ],
)
def test_other_addresses_are_refused(url: str) -> None:
    assert check_url(url) is not None
    assert check_url(url, relative=True) is not None


def test_a_character_no_address_holds_is_named_with_its_encoding() -> None:
    assert check_url('https://x.org/?q="a"') == 'holds `"`, which a web address cannot hold; write it as `%22`'
    assert check_url("https://x.org/?q=%22a%22&b='c'") is None


def test_a_control_character_in_front_matter_is_found() -> None:
    assert messages("---\ntitle: A\ndate: 2026-03-30\nsummary: x\x1fy\n---\n") == [
        f"{PATH}:4:11: the YAML holds the control character U+001F, which it does not allow"
        " — delete it (it is invisible in most editors; it often comes with text pasted from elsewhere)"
    ]


def test_an_explicit_tag_that_does_not_fit_its_value() -> None:
    assert messages("---\ntitle: A\ndate: !!timestamp soon\n---\n") == [
        f"{PATH}:3: `date` cannot be read: 'soon' (it does not fit its YAML tag)"
        " — check the value; a date is written `YYYY-MM-DD`"
    ]


def test_a_title_that_is_not_text() -> None:
    assert messages("---\ntitle: [Bad, Worse]\ndate: 2026-03-30\n---\n") == [
        f"{PATH}:2: `title` must be text — write it on one line, quoted if it holds `: `"
    ]
    assert messages("---\ntitle:\ndate: 2026-03-30\n---\n") == [
        f"{PATH}:2: `title` is empty — give the post a title, e.g. `title: The end of cheap relays`"
    ]


def test_a_key_written_twice_in_the_authors_file(tmp_path: Path) -> None:
    assert authors_of(
        tmp_path,
        "authors:\n  lin:\n    name: Lin\n    name: Lin Qiao\n  mei:\n    name: Mei\n  lin:\n    name: Again\n",
    ) == [
        f"{AUTHORS_FILE}:4: duplicate key `name` (first on line 3) — keep one of them",
        f"{AUTHORS_FILE}:7: duplicate key `lin` (first on line 2) — keep one of them",
        "2 errors.",
    ]
