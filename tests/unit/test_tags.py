"""Tags: spellings, slugs (and slugs no tag page can have), unknown tags with their line, tag pages and related
posts."""

from __future__ import annotations

import datetime as dt
import math
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from almanac.core.blog.posts import Post, parse_post
from almanac.core.blog.tags import (
    RelatedWeights,
    build_tag_pages,
    posts_by_tag,
    related_sources,
    resolve_tags,
    slugify,
    unused_tags,
    vocabulary_of_posts,
)
from almanac.core.data.datasets import check_project
from almanac.core.data.datasets.loader import tags_vocabulary
from almanac.core.data.datasets.models import Tag
from almanac.core.errors import AlmanacErrors
from almanac.core.vocabulary import TagInfo, TagVocabulary, check_slug, tag_key

UTC = dt.UTC
DATA_FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "datasets" / "minimal"
VOCABULARY = TagVocabulary.from_list(
    [
        (TagInfo("large model", "large-model", "", "", line=1), ("LLM", "大模型", "large models")),
        (TagInfo("pricing", "pricing", "", "", line=5), ("价格",)),
        (TagInfo("API gateway", "gateways", "", "", line=7), ("relay",)),
        (TagInfo("chips", "chips", "", "", line=10), ()),
    ]
)


def test_spellings_match_after_normalising_case_spaces_and_width() -> None:
    for written in ("large model", "  Large   Model ", "LARGE\tMODEL", "ＬＬＭ", "llm", "大模型", "Large Models"):
        assert VOCABULARY.resolve(written) == "large model", written
    assert VOCABULARY.resolve("relay") == "API gateway"
    assert VOCABULARY.resolve("large-model") is None
    assert tag_key("Ｃｌａｕｄｅ　Ｃｏｄｅ") == "claude code"


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("large model", "large-model"),
        ("API gateway", "api-gateway"),
        ("GLM-4.5 Air", "glm-4-5-air"),
        ("Café crème", "cafe-creme"),
        ("大模型", "大模型"),
        ("大模型 LLM", "大模型-llm"),
        ("ガイド", "ガイド"),  # the dakuten is part of the letter, not an accent
        ("Claude Code!", "claude-code"),
    ],
)
def test_slug_rule(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_a_tag_of_data_tags_yaml_may_set_its_own_slug() -> None:
    vocabulary = tags_vocabulary(
        [Tag(name="API gateway", slug="gateways", aliases=("relay",)), Tag(name="large model"), Tag(name="relay")],
        None,
    )
    assert vocabulary is not None
    assert [(info.name, info.slug, info.line) for info in vocabulary.tags.values()] == [
        ("API gateway", "gateways", None),
        ("large model", "large-model", None),
        ("relay", "relay", None),
    ]
    # A spelling two tags have names the first: the loader refuses such a file, the vocabulary does not guess.
    assert vocabulary.resolve("relay") == "API gateway"
    assert tags_vocabulary([], None) is None


@given(st.text(max_size=30))
def test_slugs_are_url_safe_and_stable(text: str) -> None:
    slug = slugify(text)
    assert slugify(slug) == slug
    assert not any(ch in slug for ch in " /?#%&\"'<>\\") and not slug.startswith("-")


def post(text: str, name: str = "x.md") -> Post:
    return parse_post(text, src_uri=f"blog/posts/{name}", display_path=f"docs/blog/posts/{name}", timezone=UTC)


def test_unknown_tag_names_its_line_and_the_closest_tag() -> None:
    entry = post("---\ntitle: T\ndate: 2026-03-30\ntags:\n  - pricing\n  - larg model\n---\n")
    with pytest.raises(AlmanacErrors) as caught:
        resolve_tags(VOCABULARY, [entry])
    assert str(caught.value) == 'docs/blog/posts/x.md:6: unknown tag "larg model" — did you mean "large model"?'


def test_unknown_tag_in_a_flow_list_and_without_a_close_tag() -> None:
    entry = post("---\ntitle: T\ndate: 2026-03-30\ntags: [pricing, quantum]\n---\n")
    with pytest.raises(AlmanacErrors) as caught:
        resolve_tags(VOCABULARY, [entry])
    assert str(caught.value) == (
        'docs/blog/posts/x.md:4: unknown tag "quantum" — use a tag of data/tags.yaml, or add this one there'
    )


def test_aliases_resolve_to_one_tag_once() -> None:
    entry = post("---\ntitle: T\ndate: 2026-03-30\ntags: [LLM, 价格, large model]\n---\n")
    assert resolve_tags(VOCABULARY, [entry]) == {"blog/posts/x.md": ("large model", "pricing")}


def test_unused_tags() -> None:
    entry = post("---\ntitle: T\ndate: 2026-03-30\ntags: [LLM]\n---\n")
    unused = unused_tags(VOCABULARY.tags, resolve_tags(VOCABULARY, [entry]))
    assert [(info.name, info.line) for info in unused] == [("pricing", 5), ("API gateway", 7), ("chips", 10)]


def make_posts(tag_lists: list[list[str]]) -> tuple[list[Post], dict[str, tuple[str, ...]]]:
    """Posts newest first: post 0 is the newest."""
    posts = []
    for n, tags in enumerate(tag_lists):
        date = dt.datetime(2026, 1, 1, tzinfo=UTC) - dt.timedelta(days=n)
        posts.append(Post(f"blog/posts/p{n:04d}.md", f"p{n}", f"Post {n}", date, f"p{n}", "", tags=tuple(tags)))
    return posts, {p.src_uri: p.tags for p in posts}


def test_tag_pages_biggest_first_paginated_at_stable_urls() -> None:
    posts, tags_of = make_posts([["large model"]] * 45 + [["chips", "large model"]] * 2)
    pages = build_tag_pages(VOCABULARY.tags, posts_by_tag(posts, tags_of), tags_url="tags/", per_page=20)
    assert list(pages) == ["large model", "chips"]
    large = pages["large model"]
    assert large.count == 47
    assert [p.url for p in large.pages] == ["tags/large-model/", "tags/large-model/page/2/", "tags/large-model/page/3/"]
    assert [len(p.posts) for p in large.pages] == [20, 20, 7]
    assert large.posts == tuple(posts)  # newest first, as given
    assert large.feed_url == "tags/large-model/feed.xml"


def related_posts(
    posts: list[Post], tags_of: Mapping[str, Sequence[str]], **options: Any
) -> dict[str, tuple[Post, ...]]:
    """`related_sources` of `posts`, each found post named by itself rather than by its path."""
    by_uri = {post.src_uri: post for post in posts}
    found = related_sources(tuple(by_uri), tags_of, **options)
    return {uri: tuple(by_uri[other] for other in others) for uri, others in found.items()}


def test_related_posts_prefer_rare_shared_tags_then_newer() -> None:
    posts, tags_of = make_posts(
        [
            ["large model", "chips"],  # 0
            ["large model"],  # 1
            ["large model", "chips"],  # 2
            ["large model", "pricing"],  # 3
            ["chips"],  # 4
        ]
    )
    related = related_posts(posts, tags_of, limit=3)
    # Post 0 shares the rare "chips" with 2 and 4 (2 also shares "large model"), and only the
    # common "large model" with 1 and 3, of which 1 is newer.
    assert [p.title for p in related[posts[0].src_uri]] == ["Post 2", "Post 4", "Post 1"]
    assert all(post not in related[post.src_uri] for post in posts)


def test_related_posts_use_entities_when_given() -> None:
    posts, tags_of = make_posts([["pricing"], ["pricing"], ["chips"]])
    entities = {posts[0].src_uri: ("deepseek-v4-pro",), posts[2].src_uri: ("deepseek-v4-pro",)}
    related = related_posts(posts, tags_of, entities_of=entities, weights=RelatedWeights(tag=1, entity=5))
    assert [p.title for p in related[posts[0].src_uri]] == ["Post 2", "Post 1"]


def test_an_entity_offers_its_newest_posts_as_candidates_a_tag_more() -> None:
    posts, tags_of = make_posts([[], [], [], [], ["pricing"], ["pricing"]])
    entities = {post.src_uri: ("glm-5",) for post in posts[:5]}
    related = related_posts(posts, tags_of, entities_of=entities, candidates_per_entity=3, candidates_per_key=3)
    # The three newest posts naming GLM-5 are the candidates of every post naming it, itself left out.
    assert [p.title for p in related[posts[0].src_uri]] == ["Post 1", "Post 2"]
    assert [p.title for p in related[posts[3].src_uri]] == ["Post 0", "Post 1", "Post 2"]
    # Post 4 shares a tag with post 5 too: post 5 gains that tag's weight, not GLM-5's.
    assert [p.title for p in related[posts[4].src_uri]] == ["Post 0", "Post 1", "Post 2", "Post 5"]
    assert [p.title for p in related[posts[5].src_uri]] == ["Post 4"]


@settings(max_examples=60)
@given(st.lists(st.lists(st.sampled_from(["a", "b", "c", "d", "e"]), max_size=3, unique=True), max_size=25))
def test_related_posts_are_deterministic_and_share_a_tag(tag_lists: list[list[str]]) -> None:
    posts, tags_of = make_posts(tag_lists)
    once = related_posts(posts, tags_of, limit=5)
    again = related_posts(list(posts), dict(reversed(list(tags_of.items()))), limit=5)
    assert once == again
    for post in posts:
        for other in once[post.src_uri]:
            assert set(post.tags) & set(other.tags)
        assert len(once[post.src_uri]) <= 5


def ranked_by_every_score(
    posts: list[Post], tags_of: dict[str, tuple[str, ...]], entities_of: dict[str, tuple[str, ...]], limit: int
) -> dict[str, tuple[Post, ...]]:
    """Related posts as the rule says, every candidate scored and ranked (no shortcut)."""
    keys = {
        p.src_uri: [("t" + t, 1.0) for t in tags_of[p.src_uri]] + [("e" + e, 2.0) for e in entities_of[p.src_uri]]
        for p in posts
    }
    members: dict[str, list[Post]] = {}
    for post in posts:
        for key, _ in keys[post.src_uri]:
            members.setdefault(key, []).append(post)
    rarity = {key: math.log(1 + len(posts) / len(found)) for key, found in members.items()}
    order = {p.src_uri: n for n, p in enumerate(posts)}
    related = {}
    for post in posts:
        scores: dict[str, float] = {}
        for key, weight in keys[post.src_uri]:
            for other in members[key]:
                if other is not post:
                    scores[other.src_uri] = scores.get(other.src_uri, 0.0) + weight * rarity[key]
        ranked = sorted(scores, key=lambda uri: (-round(scores[uri], 9), order[uri], uri))
        related[post.src_uri] = tuple(posts[order[uri]] for uri in ranked[:limit])
    return related


@settings(max_examples=80)
@given(
    st.lists(
        st.tuples(
            st.lists(st.sampled_from("abcd"), max_size=3, unique=True),
            st.lists(st.sampled_from("xyz"), max_size=2, unique=True),
        ),
        max_size=30,
    ),
    st.integers(min_value=0, max_value=7),
)
def test_related_posts_are_the_best_scored_of_all_candidates(
    lists: list[tuple[list[str], list[str]]], limit: int
) -> None:
    # Only candidates near the limit-th best score are ranked: the result is that of ranking them all,
    # ties (many, with so few tags) included.
    made, _ = make_posts([tags for tags, _ in lists])
    # Paths in the opposite order of the dates, so that a tie broken by path and not by date shows.
    posts = [replace(post, src_uri=f"blog/posts/q{9999 - n:04d}.md") for n, post in enumerate(made)]
    tags_of = {post.src_uri: post.tags for post in posts}
    entities_of = {post.src_uri: tuple(entities) for post, (_, entities) in zip(posts, lists, strict=True)}
    found = related_posts(posts, tags_of, limit=limit, entities_of=entities_of, weights=RelatedWeights(1.0, 2.0))
    assert found == ranked_by_every_score(posts, tags_of, entities_of, limit)


# --- slugs that cannot be a tag page's -------------------------------------------------------------


def test_check_slug_refuses_an_empty_slug_and_one_that_ends_like_a_file() -> None:
    assert check_slug("large model", "large-model") is None
    assert check_slug("page", "page") is None  # the tag index is one page: /tags/page/ is free
    assert check_slug("GLM-4.5", "glm-4.5") is None
    assert check_slug("+++", slugify("+++")) == (
        "the tag '+++' has no letter or digit to name its page /tags/<slug>/ (it would take the place of the tag "
        "index /tags/)",
        "give the tag a name with a letter or digit, or a `slug:` of lower-case letters, digits and hyphens",
    )
    assert check_slug("index", "index.html") == (
        "the slug 'index.html' of the tag 'index' ends like a file name, which a tag page cannot have",
        "use a slug without the ending, e.g. 'index'",
    )
    for slug in ("feed.xml", "api.json", "x.htm"):
        assert check_slug("x", slug) is not None, slug


def test_data_tags_with_an_empty_or_file_like_slug_stop_at_their_line(tmp_path: Path) -> None:
    shutil.copytree(DATA_FIXTURE, tmp_path / "project")
    tags = tmp_path / "project" / "data" / "tags.yaml"
    tags.write_text("- name: pricing\n- name: '+++'\n- name: feeds\n  slug: feed.xml\n- name: ok\n", encoding="utf-8")
    found = [error.format() for error in check_project(tmp_path / "project", today=dt.date(2026, 11, 28))]
    assert found == [
        "data/tags.yaml:2:9: [1].name: the tag '+++' has no letter or digit to name its page /tags/<slug>/ (it "
        "would take the place of the tag index /tags/) — give the tag a name with a letter or digit, or a `slug:` "
        "of lower-case letters, digits and hyphens",
        "data/tags.yaml:4:9: [2].slug: the slug 'feed.xml' of the tag 'feeds' ends like a file name, which a tag "
        "page cannot have — use a slug without the ending, e.g. 'feed'",
    ]


def test_tags_written_in_posts_need_a_slug_of_their_own() -> None:
    # Without data/tags.yaml, the tags the posts use are the vocabulary: the same rules hold, each
    # problem reported once, where the tag is first written.
    first = post("---\ntitle: T\ndate: 2026-03-30\ntags: [C++, '+++']\n---\n", "a.md")
    second = post("---\ntitle: T\ndate: 2026-03-31\ntags:\n  - '+++'\n  - c\n---\n", "b.md")
    vocabulary = vocabulary_of_posts([first, second])
    with pytest.raises(AlmanacErrors) as caught:
        resolve_tags(vocabulary, [first, second])
    assert [error.format() for error in caught.value.errors] == [
        "docs/blog/posts/a.md:4: the tag '+++' has no letter or digit to name its page /tags/<slug>/ (it would "
        "take the place of the tag index /tags/) — give the tag a name with a letter or digit in "
        "docs/blog/posts/a.md, where it is written",
        "docs/blog/posts/b.md:6: the tag 'c' would have the page /tags/c/ of the tag 'C++' — rename one of them, "
        "or list both in data/tags.yaml, each with its own `slug:`",
    ]
    fine = post("---\ntitle: T\ndate: 2026-03-30\ntags: [C++, LLM, llm]\n---\n", "c.md")
    assert resolve_tags(vocabulary_of_posts([fine]), [fine]) == {"blog/posts/c.md": ("C++", "LLM")}


def test_a_slug_problem_names_the_file_that_holds_the_tag() -> None:
    """A tag of `data/tags.yaml` is fixed there; a tag of the posts (no `data/tags.yaml`) in the post."""
    tagged = post("---\ntitle: T\ndate: 2026-03-30\ntags: [pricing, '+++']\n---\n", "a.md")
    of_data = TagVocabulary.from_list([(TagInfo("pricing", "pricing", "", ""), ()), (TagInfo("+++", "", "", ""), ())])
    found = {}
    for name, vocabulary in (("data", of_data), ("posts", vocabulary_of_posts([tagged]))):
        with pytest.raises(AlmanacErrors) as caught:
            resolve_tags(vocabulary, [tagged])
        [error] = caught.value.errors
        assert (error.path, error.line) == ("docs/blog/posts/a.md", 4)
        found[name] = error.hint
    assert found == {
        "data": "give the tag a name with a letter or digit, or a `slug:` of lower-case letters, digits and "
        "hyphens (in data/tags.yaml)",
        "posts": "give the tag a name with a letter or digit in docs/blog/posts/a.md, where it is written",
    }


@settings(max_examples=60)
@given(
    st.lists(st.lists(st.sampled_from(["a", "b", "c", "d"]), max_size=3, unique=True), min_size=1, max_size=25),
    st.lists(st.lists(st.sampled_from(["x", "y", "z"]), max_size=2, unique=True), max_size=25),
    st.data(),
)
def test_the_related_posts_of_some_posts_are_those_they_have_among_all(
    tag_lists: list[list[str]], entity_lists: list[list[str]], data: st.DataObject
) -> None:
    """The preview ranks the posts it renders before the others alone (`of`): the same as among all."""
    posts, tags_of = make_posts(tag_lists)
    uris = tuple(post.src_uri for post in posts)
    entities = {uri: tuple(names) for uri, names in zip(uris, entity_lists, strict=False) if names}
    options: dict[str, Any] = {"limit": 3, "entities_of": entities, "candidates_per_key": 4, "candidates_per_entity": 2}
    some = data.draw(st.sets(st.sampled_from(uris)))
    every = related_sources(uris, tags_of, **options)
    assert related_sources(uris, tags_of, of=some, **options) == {uri: every[uri] for uri in uris if uri in some}


def test_ranking_pauses_every_32_posts_and_stops_where_the_pause_raises() -> None:
    posts, tags_of = make_posts([["a"]] * 70)
    uris = tuple(post.src_uri for post in posts)
    pauses: list[int] = []
    related_sources(uris, tags_of, pause=lambda: pauses.append(1))
    assert len(pauses) == 3  # before posts 0, 32 and 64

    class Stop(Exception):
        pass

    def stop() -> None:
        if pauses:
            raise Stop
        pauses.append(1)

    pauses.clear()
    with pytest.raises(Stop):
        related_sources(uris, tags_of, pause=stop)
