"""The pages of each category and author (Material's `categories` and `authors_profiles`):
which posts each lists and in what order, their URLs and pages, Material's slugs, and what
stops the build (a category without a slug, a post at a category page's address, one outside
`categories_allowed`); categories counted as tags (`categories_as_tags`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from material.plugins.blog.config import BlogConfig as MaterialBlogConfig  # type: ignore[import-untyped]

from almanac.core.blog.listings import author_slug, build_blog, category_slug, check_categories
from almanac.core.blog.posts import Post, parse_post
from almanac.core.errors import AlmanacErrors
from almanac.core.project import BlogSources, read_blog
from almanac.core.vocabulary import TagInfo, TagVocabulary


def parse(name: str, front: str) -> Post:
    return parse_post(
        f"---\ntitle: {name}\n{front}---\n\nBody.\n",
        src_uri=f"blog/posts/{name}.md",
        display_path=f"docs/blog/posts/{name}.md",
        timezone=dt.UTC,
    )


POSTS = [
    parse("a", "date: 2024-01-01\ncategories: [Large Models]\nauthors: [lin]\n"),
    parse("b", "date: 2024-02-01\ncategories: [Large Models, News]\nauthors: [lin, mo]\n"),
    parse("c", "date: 2024-03-01\ncategories:\n  - large models\n  - News\n  - News\n"),
    parse("d", "date: 2024-04-01\npin: true\n"),
]


def titles(posts: tuple[Post, ...]) -> list[str]:
    return [post.title for post in posts]


def test_each_category_lists_its_posts_newest_first_and_spellings_with_one_slug_share_a_page() -> None:
    blog = build_blog(
        POSTS, blog_url="blog/", url_pattern="blog/{slug}/", per_page=10, categories_url="category/{slug}"
    )
    assert sorted(blog.categories) == ["Large Models", "News", "large models"]
    large = blog.categories["Large Models"]
    assert blog.categories["large models"] is large
    assert large.name == "large models"  # as the newest post writes it
    assert titles(large.posts) == ["c", "b", "a"]
    assert titles(blog.categories["News"].posts) == ["c", "b"]  # once, though written twice
    assert large.url == "blog/category/large-models/"
    assert blog.authors == {}


def test_category_and_author_pages_are_paginated_like_the_index() -> None:
    blog = build_blog(
        POSTS,
        blog_url="blog/",
        url_pattern="blog/{slug}/",
        per_page=2,
        categories_url="topics/{slug}/",
        authors_url="author/{slug}",
    )
    pages = blog.categories["News"].pages
    assert [page.url for page in pages] == ["blog/topics/news/"]
    pages = blog.categories["Large Models"].pages
    assert [page.url for page in pages] == ["blog/topics/large-models/", "blog/topics/large-models/page/2/"]
    assert [titles(page.posts) for page in pages] == [["c", "b"], ["a"]]
    assert pages[1].previous_url == pages[0].url
    assert sorted(blog.authors) == ["lin", "mo"]
    assert titles(blog.authors["lin"].posts) == ["b", "a"]
    assert blog.authors["mo"].url == "blog/author/mo/"


def test_no_pages_when_off_or_without_categories() -> None:
    blog = build_blog(POSTS, blog_url="blog/", url_pattern="blog/{slug}/", per_page=10)
    assert blog.categories == {} and blog.authors == {}
    blog = build_blog(POSTS[3:], blog_url="blog/", url_pattern="blog/{slug}/", per_page=10, categories_url="c/{slug}")
    assert blog.categories == {}


@pytest.mark.parametrize("name", ["Large Models", "C++ & Rust", "Déjà vu", "大模型", "  Spaced  out "])
def test_category_slugs_are_those_of_materials_defaults(name: str) -> None:
    slugify = MaterialBlogConfig.categories_slugify.default
    assert category_slug(name) == slugify(name, MaterialBlogConfig.categories_slugify_separator.default)


@pytest.mark.parametrize(
    ("author_id", "slug"),
    [("lin", "lin"), ("lin.qiao", "lin.qiao"), ("Lin Qiao", "lin-qiao"), (".lin", "lin"), ("..", "")],
)
def test_author_slugs_are_their_ids(author_id: str, slug: str) -> None:
    assert author_slug(author_id) == slug


def test_a_category_without_a_slug_is_an_error_at_its_line() -> None:
    post = parse("e", "date: 2024-05-01\ncategories:\n  - News\n  - '!!!'\n")
    with pytest.raises(AlmanacErrors) as raised:
        build_blog([post], blog_url="blog/", url_pattern="blog/{slug}/", per_page=10, categories_url="category/{slug}")
    assert [str(error) for error in raised.value.errors] == [
        "docs/blog/posts/e.md:6: the category '!!!' gives no slug (the last part of its page's URL): it has no "
        "letter or digit — name the category with a letter or digit"
    ]


def test_a_post_at_the_address_of_a_category_page_is_an_error() -> None:
    post = parse("news", "date: 2024-05-01\ncategories: [News]\n")
    with pytest.raises(AlmanacErrors) as raised:
        build_blog([post], blog_url="blog/", url_pattern="blog/{slug}/", per_page=10, categories_url="{slug}")
    assert "this post would be published at /blog/news/, the address of page 1 of the category 'News'" in str(
        raised.value.errors[0]
    )


def write_post(docs: Path, name: str, front: str) -> None:
    posts = docs / "blog" / "posts"
    posts.mkdir(parents=True, exist_ok=True)
    (posts / f"{name}.md").write_text(f"---\ntitle: {name}\n{front}---\n\nBody.\n", encoding="utf-8")


VOCABULARY = TagVocabulary.from_list(
    [
        (TagInfo("large model", "large-model", "", ""), ["LLM"]),
        (TagInfo("pricing", "pricing", "", ""), []),
    ]
)


def read(docs: Path, *, as_tags: bool) -> BlogSources:
    return read_blog(
        docs,
        docs_prefix="docs/",
        posts_dir="blog/posts",
        authors_file="blog/.authors.yml",
        timezone=dt.UTC,
        tags=lambda: VOCABULARY,
        categories_as_tags=as_tags,
    )


def test_categories_as_tags_are_resolved_through_the_vocabulary_after_the_tags(tmp_path: Path) -> None:
    write_post(tmp_path, "a", "date: 2024-01-01\ntags: [Pricing]\ncategories:\n  - llm\n  - pricing\n")
    sources = read(tmp_path, as_tags=True)
    assert sources.problems == ()
    assert sources.tags_of == {"blog/posts/a.md": ("pricing", "large model")}  # the alias, once each
    assert sources.posts[0].categories == ("llm", "pricing")  # still categories, as written
    assert read(tmp_path, as_tags=False).tags_of == {"blog/posts/a.md": ("pricing",)}


def test_an_unknown_category_as_a_tag_is_an_unknown_tag_at_its_line(tmp_path: Path) -> None:
    write_post(tmp_path, "a", "date: 2024-01-01\ntags: [pricing]\ncategories: [LLM]\n")
    write_post(tmp_path, "b", "date: 2024-01-02\ncategories:\n  - Pricng\n")
    assert [str(problem) for problem in read(tmp_path, as_tags=True).problems] == [
        'docs/blog/posts/b.md:5: unknown tag "Pricng" — did you mean "pricing"?'
    ]
    assert read(tmp_path, as_tags=False).problems == ()


def test_categories_allowed_are_matched_as_written() -> None:
    assert check_categories(POSTS, []) == []
    assert check_categories(POSTS, ["Large Models", "large models", "News"]) == []
    problems = [str(problem) for problem in check_categories(POSTS, ["Large Models", "News"])]
    assert problems == [
        "docs/blog/posts/c.md:5: the category 'large models' is not one of categories_allowed (Large Models, News) "
        "— did you mean 'Large Models'? Or add it to categories_allowed in mkdocs.yml"
    ]


def test_a_category_page_at_the_address_of_another_generated_page_is_an_error() -> None:
    post = parse("e", "date: 2024-05-01\ncategories: [Archive]\nauthors: [news]\n")
    with pytest.raises(AlmanacErrors) as raised:
        build_blog(
            [post, *POSTS],
            blog_url="blog/",
            url_pattern="blog/{slug}/",
            per_page=10,
            categories_url="{slug}",
            authors_url="{slug}",
        )
    assert [str(error) for error in raised.value.errors] == [
        "docs/blog/posts/e.md:4: the page of the category 'Archive' would be /blog/archive/, the address of the "
        "archive — rename the category, or give categories_url_format a folder of its own, e.g. 'category/{slug}'",
        "docs/blog/posts/e.md:5: the page of the author 'news' would be /blog/news/, the address of page 1 of the "
        "category 'News' — give authors_profiles_url_format a folder of its own, e.g. 'author/{slug}'",
    ]
