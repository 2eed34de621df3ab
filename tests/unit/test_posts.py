"""Front matter of posts: what is accepted, and the exact message of each mistake."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from almanac.core.errors import AlmanacError, AlmanacErrors
from almanac.core.posts import Author, parse_post, slugify

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
