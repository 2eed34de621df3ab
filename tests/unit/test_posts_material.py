"""Posts written for Material for MkDocs' blog plugin are read unchanged: a title from the first
heading, `date` as a mapping, `categories`, `readtime`, `pin`, `links`, `description`; and the
mistakes in those forms are reported at their line with a fix."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from almanac.core.blog.listings import build_blog
from almanac.core.blog.posts import Post, PostProblems, parse_post
from almanac.core.blog.views import ViewFactory

UTC = ZoneInfo("UTC")
PATH = "docs/blog/posts/x.md"


def parse(text: str, name: str = "2026-03-30-x.md") -> Post:
    return parse_post(text, src_uri=f"blog/posts/{name}", display_path=PATH, timezone=UTC)


def problems(text: str) -> list[str]:
    with pytest.raises(PostProblems) as caught:
        parse(text)
    return [str(error) for error in caught.value.errors]


def test_the_title_is_the_first_heading_when_the_front_matter_has_none() -> None:
    post = parse("---\ndate: 2024-01-31\n---\n\n```\n# not this\n```\n\n# Hello *there* #\n\n# Not this\n")
    assert post.title == "Hello there"


@pytest.mark.parametrize(
    ("heading", "title"),
    [
        ("**Cheap** [relays](x.md) {#relays}", "Cheap relays"),
        ("The `snake_case` name of ***one*** _thing_", "The snake_case name of one thing"),
        ("<span>2 * 3</span> ![logo](a.png)", "2 * 3 logo"),
    ],
)
def test_the_title_from_a_heading_is_its_text(heading: str, title: str) -> None:
    assert parse(f"---\ndate: 2024-01-31\n---\n# {heading}\n").title == title


def test_a_title_in_the_front_matter_wins_over_the_heading() -> None:
    assert parse("---\ntitle: Set\ndate: 2024-01-31\n---\n# Heading\n").title == "Set"


def test_without_title_or_heading_the_post_still_has_no_title() -> None:
    assert problems("---\ndate: 2024-01-31\n---\n## Only a second level\n#hashtag\n") == [
        "docs/blog/posts/x.md:1: the post has no `title` — add `title: …` to its front matter"
    ]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2024-01-31", dt.datetime(2024, 1, 31, tzinfo=UTC)),
        ("2024-01-31 10:15:00", dt.datetime(2024, 1, 31, 10, 15, tzinfo=UTC)),
        ("{created: 2024-01-31}", dt.datetime(2024, 1, 31, tzinfo=UTC)),
        ("\n  created: 2024-01-31T08:00:00\n  migrated: 2025-06-01", dt.datetime(2024, 1, 31, 8, tzinfo=UTC)),
    ],
)
def test_date_as_a_date_a_datetime_or_a_mapping(written: str, expected: dt.datetime) -> None:
    post = parse(f"---\ntitle: T\ndate: {written}\n---\nText\n")
    assert post.date == expected
    assert post.updated is None


def test_the_update_of_a_date_mapping_is_the_posts_update() -> None:
    post = parse("---\ntitle: T\ndate: {created: 2024-01-31, updated: 2024-02-01}\n---\nText\n")
    assert post.updated == dt.datetime(2024, 2, 1, tzinfo=UTC)
    own = parse("---\ntitle: T\ndate: {created: 2024-01-31, updated: 2024-02-01}\nupdated: 2024-03-01\n---\nText\n")
    assert own.updated == dt.datetime(2024, 3, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        (
            "{created: not-a-date}",
            "`date.created` is not a date: 'not-a-date' — write it as `YYYY-MM-DD` or `YYYY-MM-DD HH:MM`, "
            "e.g. `date: {created: 2026-03-30}`",
        ),
        (
            "{updated: 2024-02-01}",
            "`date` has no `created` — write `date: {created: YYYY-MM-DD}`, or `date: YYYY-MM-DD`",
        ),
        (
            "{created: 2024-02-01, updated: 2024-01-01}",
            "`date.updated` is before `date` — the update must come after the post's date",
        ),
    ],
)
def test_a_bad_date_mapping_is_reported_at_its_line(written: str, expected: str) -> None:
    assert problems(f"---\ntitle: T\ndate: {written}\n---\nText\n") == [f"{PATH}:3: {expected}"]


def test_categories_links_readtime_pin_and_description_are_kept() -> None:
    post = parse(
        "---\ntitle: T\ndate: 2024-01-31\ncategories: [Pricing, Chips]\nreadtime: 12\npin: true\n"
        "links:\n  - blog/index.md\n  - Docs: https://example.org/\ndescription: One line.\n---\nText\n"
    )
    assert post.categories == ("Pricing", "Chips")
    assert post.readtime == 12
    assert post.pin is True
    assert [(link.title, link.target, link.line) for link in post.links] == [
        ("", "blog/index.md", 8),
        ("Docs", "https://example.org/", 9),
    ]
    assert post.summary == "One line."
    assert post.tags == ()


def test_a_summary_wins_over_the_description() -> None:
    assert (
        parse("---\ntitle: T\ndate: 2024-01-31\nsummary: Mine.\ndescription: Theirs.\n---\nText\n").summary == "Mine."
    )


def test_a_post_without_these_keys_has_their_defaults() -> None:
    post = parse("---\ntitle: T\ndate: 2024-01-31\n---\nText\n")
    assert (post.categories, post.readtime, post.pin, post.links, post.summary) == ((), None, False, (), None)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("pin: maybe", "`pin` must be true or false, not 'maybe' — write `pin: true` or remove it"),
        (
            "readtime: -3",
            "`readtime` must be a whole number of minutes, not -3 — write e.g. `readtime: 5`, "
            "or remove it to have the reading time computed",
        ),
        (
            "readtime: 2.5",
            "`readtime` must be a whole number of minutes, not 2.5 — write e.g. `readtime: 5`, "
            "or remove it to have the reading time computed",
        ),
        ("categories: {a: b}", "`categories` must be a list — write `categories: [Pricing, Chips]`"),
        (
            "links: https://example.org/",
            "`links` must be a list — write one address a line, each after `- `, under `links:`",
        ),
        ("description: [a]", "`description` must be text — write it on one line, quoted if it holds `: `"),
    ],
)
def test_a_bad_value_is_reported_at_its_line(line: str, expected: str) -> None:
    assert problems(f"---\ntitle: T\ndate: 2024-01-31\n{line}\n---\nText\n") == [f"{PATH}:4: {expected}"]


def post(day: int, *, pin: bool = False) -> Post:
    return parse(f"---\ntitle: Post {day}\ndate: 2024-01-{day:02d}\npin: {str(pin).lower()}\n---\nText\n", f"p{day}.md")


def test_pinned_posts_lead_the_index_and_nothing_else() -> None:
    posts = [post(1), post(2, pin=True), post(3), post(4, pin=True), post(5)]
    blog = build_blog(posts, blog_url="blog/", url_pattern="blog/{slug}/", per_page=2)
    assert [[p.title for p in page.posts] for page in blog.index] == [
        ["Post 4", "Post 2"],
        ["Post 5", "Post 3"],
        ["Post 1"],
    ]
    assert [p.title for p in blog.posts] == ["Post 5", "Post 4", "Post 3", "Post 2", "Post 1"]
    assert [p.title for p in blog.archive.years[0].posts] == ["Post 5", "Post 4", "Post 3", "Post 2", "Post 1"]
    older, newer = blog.neighbours[posts[3].src_uri]
    assert (older and older.title, newer and newer.title) == ("Post 3", "Post 5")


def test_readtime_replaces_the_computed_reading_time() -> None:
    computed = post(2)
    given = parse("---\ntitle: T\ndate: 2024-01-01\nreadtime: 7\n---\nText\n", "p1.md")
    factory = ViewFactory(
        urls={given.src_uri: "blog/p1/", computed.src_uri: "blog/p2/"},
        authors={},
        excerpts={},
        reading_times={given.src_uri: 1, computed.src_uri: 3},
    )
    assert factory.card(given, "blog/").reading_time == 7
    assert factory.card(computed, "blog/").reading_time == 3
    view = factory.post(given, older=None, newer=None, blog_url="blog/")
    assert view.reading_time == 7
