# The blog's structure: post URLs, the order of posts, index pages, the yearly archive, the
# pages of each category and author (Material's), previous/next neighbours and reading time.
#
# Computed once per build from the checked posts (the blog plugin's `on_files`), before any
# page is rendered. Everything here is plain data: the plugin turns it into MkDocs files and
# hands it to the templates.

from __future__ import annotations

import datetime as dt
import difflib
import math
import posixpath
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from almanac.core.blog.posts import Post, material_slugify, title_slug
from almanac.core.errors import AlmanacError, AlmanacErrors

__all__ = [
    "Archive",
    "ArchiveYear",
    "Blog",
    "ListingPage",
    "PostGroup",
    "author_slug",
    "build_blog",
    "category_slug",
    "check_categories",
    "date_pattern",
    "format_url_date",
    "post_url",
    "reading_time",
]

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]")
_WORD = re.compile(r"[A-Za-z0-9\u00c0-\u024f]+(?:['’][A-Za-z]+)?")
_CODE_FENCE = re.compile(r"^(`{3,}|~{3,}).*?^\1\s*$", re.M | re.S)
_MARKUP = re.compile(r"<[^>]+>|\]\([^)]*\)|[#*_`>|\[\]-]")

#: Reading speeds used for the reading time: words of alphabetic text and characters of
#: Chinese, Japanese or Korean text per minute (common averages for screen reading).
WORDS_PER_MINUTE = 230
CJK_CHARS_PER_MINUTE = 400


@lru_cache(maxsize=8192)  # the preview asks again for every post at each rebuild
def reading_time(markdown: str) -> int:
    """Minutes needed to read `markdown`, at least 1. Code blocks count as skimmed (a third)."""
    code_chars = sum(len(block.group(0)) for block in _CODE_FENCE.finditer(markdown))
    prose = _MARKUP.sub(" ", _CODE_FENCE.sub(" ", markdown))
    cjk = len(_CJK.findall(prose))
    words = len(_WORD.findall(_CJK.sub(" ", prose)))
    minutes = words / WORDS_PER_MINUTE + cjk / CJK_CHARS_PER_MINUTE + code_chars / 6 / WORDS_PER_MINUTE / 3
    return max(1, math.ceil(minutes))


#: Material's default `post_url_date_format`.
DEFAULT_DATE_FORMAT = "yyyy/MM/dd"

#: One part of an LDML date pattern: a quoted literal, a run of one letter, or other characters.
_LDML_PART = re.compile(r"'((?:[^']|'')*)'|(([A-Za-z])\3*)|([^A-Za-z']+)")
#: The characters a date pattern may put into a URL, besides the date's digits.
_URL_LITERAL = re.compile(r"[A-Za-z0-9._/-]*")


@lru_cache(maxsize=64)
def date_pattern(pattern: str) -> tuple[str, ...]:
    """The parts of an LDML date pattern such as Material's `yyyy/MM/dd`: each field (`yyyy`,
    `yy`, `y`, `MM`, `M`, `dd`, `d`) as written, each literal as `'` followed by its text.
    Anything else raises ValueError with what is wrong and how to fix it (Babel, which
    Material uses, is not needed for the numeric fields that URLs take)."""
    parts: list[str] = []
    position = 0
    while position < len(pattern):
        match = _LDML_PART.match(pattern, position)
        if match is None:
            raise ValueError(
                f"has a quote that is not closed — write literal text as 'text', e.g. {DEFAULT_DATE_FORMAT!r}"
            )
        quoted, field, _, literal = match.groups()
        text = quoted.replace("''", "'") if quoted is not None else literal
        if field is not None:
            if field[0] not in "yMd" or (field[0] in "Md" and len(field) > 2):
                raise ValueError(
                    f"uses the field {field!r}, not one of the numbers a URL takes (yyyy, yy, y, MM, M, dd, d) — "
                    f"write e.g. {DEFAULT_DATE_FORMAT!r}, and quote other letters as 'text'"
                )
            parts.append(field)
        elif text:
            if not _URL_LITERAL.fullmatch(text):
                raise ValueError(
                    f"puts {text!r} into URLs — separate the fields with '/', '-', '_' or '.', "
                    f"e.g. {DEFAULT_DATE_FORMAT!r}"
                )
            parts.append("'" + text)
        position = match.end()
    return tuple(parts)


def format_url_date(value: dt.date, pattern: str) -> str:
    """`value` written with the LDML date pattern `pattern` (see `date_pattern`), as Babel's
    `format_date` writes it: `yyyy/MM/dd` → `2024/01/31`, `y/M/d` → `2024/1/31`."""
    out: list[str] = []
    for part in date_pattern(pattern):
        if part[0] == "'":
            out.append(part[1:])
        elif part[0] == "y":
            out.append(f"{value.year % 100:02d}" if part == "yy" else f"{value.year:0{len(part)}d}")
        else:
            number = value.month if part[0] == "M" else value.day
            out.append(f"{number:0{len(part)}d}")
    return "".join(out)


def post_url(
    post: Post,
    pattern: str,
    *,
    date_format: str = DEFAULT_DATE_FORMAT,
    slug_from: str = "file",
    max_categories: int = 1,
) -> str:
    """The URL path (no leading slash, trailing slash) of `post`, from a pattern such as
    `blog/{year}/{month}/{day}/{slug}/` or Material's `blog/{date}/{slug}/`.

    `{date}` is the date written with `date_format`; `{categories}` the first `max_categories`
    categories, each slugified as Material does, joined by `/`; `{file}` the file name without
    `.md`; `{slug}` the `slug:` of the front matter, else (`slug_from`) the slug of the file
    name or, with `"title"`, Material's slug of the title. Empty parts are left out of the path."""
    date = post.date
    slug = post.slug if "slug" in post.lines or slug_from != "title" else title_slug(post)
    folder, _, name = post.src_uri.rpartition("/")
    name = name.removesuffix(".md")
    if name in ("index", "README"):  # MkDocs names such a file after its folder
        name = folder.rpartition("/")[2]
    path = pattern.format(
        year=f"{date.year:04d}",
        month=f"{date.month:02d}",
        day=f"{date.day:02d}",
        slug=slug,
        date=format_url_date(date, date_format) if "{date" in pattern else "",
        categories="/".join(category_slug(str(category)) for category in post.categories[:max_categories]),
        file=name,
    )
    return posixpath.normpath(path.strip("/")) + "/"


@dataclass(frozen=True)
class ListingPage:
    """One page of a paginated listing: which posts, and where the neighbours are."""

    number: int
    count: int
    url: str
    posts: tuple[Post, ...]
    previous_url: str | None
    next_url: str | None


@dataclass(frozen=True)
class ArchiveYear:
    year: int
    url: str
    posts: tuple[Post, ...]


@dataclass(frozen=True)
class Archive:
    url: str
    years: tuple[ArchiveYear, ...]


@dataclass(frozen=True)
class PostGroup:
    """The posts of one category or one author, newest first, on pages at stable URLs."""

    #: The category's name as first written (by the newest post), or the author's id.
    name: str
    posts: tuple[Post, ...]
    pages: tuple[ListingPage, ...]

    @property
    def url(self) -> str:
        return self.pages[0].url


@dataclass(frozen=True)
class Blog:
    """The whole blog, newest post first."""

    posts: tuple[Post, ...]
    urls: dict[str, str]  # src_uri → URL path
    index: tuple[ListingPage, ...]
    archive: Archive
    #: src_uri → (older post, newer post)
    neighbours: dict[str, tuple[Post | None, Post | None]]
    #: The page of each category, by the category as written in any post (spellings with one
    #: slug share a page); empty when category pages are off.
    categories: dict[str, PostGroup] = field(default_factory=dict)
    #: The page of each author of a published post, by id; empty when author pages are off.
    authors: dict[str, PostGroup] = field(default_factory=dict)


def paginate(posts: Sequence[Post], *, first_url: str, per_page: int) -> tuple[ListingPage, ...]:
    """Split `posts` into pages: page 1 at `first_url`, page n at `first_url` + `page/n/`.

    URLs of a page never depend on anything but its number, so they stay stable as posts
    are added (the posts on a page change, as on every blog).
    """
    count = max(1, math.ceil(len(posts) / per_page))
    urls = [first_url] + [f"{first_url}page/{number}/" for number in range(2, count + 1)]
    pages = []
    for index in range(count):
        pages.append(
            ListingPage(
                number=index + 1,
                count=count,
                url=urls[index],
                posts=tuple(posts[index * per_page : (index + 1) * per_page]),
                previous_url=urls[index - 1] if index > 0 else None,
                next_url=urls[index + 1] if index + 1 < count else None,
            )
        )
    return tuple(pages)


def category_slug(name: str) -> str:
    """The slug of a category, as Material's blog makes it (pymdownx's `slugify(case="lower")`
    with `-`): `Large Models` → `large-models`. The same in post URLs (`{categories}`)."""
    return material_slugify(name, "-")


def check_categories(posts: Sequence[Post], allowed: Sequence[str]) -> list[AlmanacError]:
    """An error at its line for each category of `posts` that is not in `allowed` (Material's
    `categories_allowed`, names as written; an empty list allows any)."""
    if not allowed:
        return []
    shown = ", ".join(allowed)
    problems = []
    for post in posts:
        for index, name in enumerate(post.categories):
            if name in allowed:
                continue
            close = difflib.get_close_matches(name, allowed, n=1)
            hint = f"did you mean {close[0]!r}? Or add it" if close else "use one of them, or add it"
            problems.append(
                AlmanacError(
                    post.display_path,
                    post.item_line("categories", index),
                    f"the category {name!r} is not one of categories_allowed ({shown})",
                    f"{hint} to categories_allowed in mkdocs.yml",
                )
            )
    return problems


_PLAIN_ID = re.compile(r"[\w.-]+")


def author_slug(author_id: str) -> str:
    """The slug of an author's page: the id of `.authors.yml` as Material takes it (`lin`), or,
    for an id that is not one plain word (`Lin Qiao`, `a/b`), its slug as a category's."""
    if _PLAIN_ID.fullmatch(author_id) and not author_id.startswith("."):
        return author_id
    return category_slug(author_id)


def _groups(
    posts: Sequence[Post],
    keys: Callable[[Post], Sequence[tuple[str, str]]],
    *,
    blog_url: str,
    url_format: str,
    per_page: int,
) -> dict[str, PostGroup]:
    """The posts of each group, newest first (`posts` is): `keys(post)` gives the (name, slug)
    of each group the post is in; names with one slug are one group, named as first met."""
    members: dict[str, dict[str, Post]] = {}
    names: dict[str, str] = {}
    spellings: dict[str, str] = {}
    for post in posts:
        for name, slug in keys(post):
            names.setdefault(slug, name)
            spellings.setdefault(name, slug)
            members.setdefault(slug, {}).setdefault(post.src_uri, post)
    made: dict[str, PostGroup] = {}
    for slug, listed in members.items():
        first = blog_url + posixpath.normpath(url_format.format(slug=slug).strip("/")) + "/"
        ordered = tuple(listed.values())
        made[slug] = PostGroup(names[slug], ordered, paginate(ordered, first_url=first, per_page=per_page))
    return {name: made[slug] for name, slug in sorted(spellings.items())}


def _category_and_author_pages(
    ordered: Sequence[Post],
    generated: dict[str, str],
    *,
    blog_url: str,
    categories_url: str | None,
    authors_url: str | None,
    per_page: int,
) -> tuple[dict[str, PostGroup], dict[str, PostGroup], list[AlmanacError]]:
    """The pages of each category and author (see `build_blog`), each page's URL added to
    `generated` (URL → what is there); and the problems: a category without a slug, a page at
    the address of another generated page."""
    problems: list[AlmanacError] = []
    categories: dict[str, PostGroup] = {}
    if categories_url is not None:
        for post in ordered:
            for index, name in enumerate(post.categories):
                if not category_slug(name):
                    problems.append(
                        AlmanacError(
                            post.display_path,
                            post.item_line("categories", index),
                            f"the category {name!r} gives no slug (the last part of its page's URL): "
                            "it has no letter or digit",
                            "name the category with a letter or digit",
                        )
                    )
        categories = _groups(
            ordered,
            lambda post: [(name, slug) for name in post.categories if (slug := category_slug(name))],
            blog_url=blog_url,
            url_format=categories_url,
            per_page=per_page,
        )
    authors: dict[str, PostGroup] = {}
    if authors_url is not None:
        authors = _groups(
            ordered,
            lambda post: [(author, slug) for author in post.authors if (slug := author_slug(author))],
            blog_url=blog_url,
            url_format=authors_url,
            per_page=per_page,
        )
    hints = {
        "category": "rename the category, or give categories_url_format a folder of its own, e.g. 'category/{slug}'",
        "author": "give authors_profiles_url_format a folder of its own, e.g. 'author/{slug}'",
    }
    for kind, key, groups in (("category", "categories", categories), ("author", "authors", authors)):
        for group in {group.url: group for group in groups.values()}.values():
            for page in group.pages:
                if page.url in generated:  # e.g. `categories_url_format: "{slug}"` and a category `archive`
                    post = group.posts[0]
                    problems.append(
                        AlmanacError(
                            post.display_path,
                            post.lines.get(key) or 1,
                            f"the page of the {kind} {group.name!r} would be /{page.url}, the address of "
                            f"{generated[page.url]}",
                            hints[kind],
                        )
                    )
                    continue
                generated[page.url] = f"page {page.number} of the {kind} {group.name!r}"
    return categories, authors, problems


def build_blog(
    posts: Sequence[Post],
    *,
    blog_url: str,
    url_pattern: str,
    per_page: int,
    date_format: str = DEFAULT_DATE_FORMAT,
    slug_from: str = "file",
    max_categories: int = 1,
    categories_url: str | None = None,
    authors_url: str | None = None,
) -> Blog:
    """Order the posts, give each its URL, paginate the index and group the archive.

    Pinned posts (`pin: true`) lead the index, newest first, then the others; the archive,
    neighbours and `Blog.posts` keep the order of dates.

    `date_format`, `slug_from` and `max_categories` are those of `post_url`; a post whose slug
    would be empty is an error. Two posts that would share a URL are an error naming both files,
    and so is a post whose URL is that of a page of the index or the archive
    (`post_url_format: "blog/{slug}/"` and a post with `slug: archive`).

    `categories_url` (Material's `categories_url_format`, e.g. `category/{slug}`, under
    `blog_url`) gives each category its pages, `authors_url` (`authors_profiles_url_format`,
    e.g. `author/{slug}`, the slug being the author's id) each author; `None` makes none. A
    category whose name gives no slug is an error at its line, and so is a page of a category or
    author at the address of another generated page.
    """
    ordered = tuple(sorted(posts, key=Post.sort_key, reverse=True))
    pinned_first = tuple(post for post in ordered if post.pin) + tuple(post for post in ordered if not post.pin)
    index_pages = paginate(pinned_first, first_url=blog_url, per_page=per_page)
    archive_url = f"{blog_url}archive/"
    generated = {page.url: f"page {page.number} of the blog index" for page in index_pages}
    generated[archive_url] = "the archive"
    generated.update({f"{archive_url}{year}/": f"the archive of {year}" for year in {p.date.year for p in ordered}})
    categories, authors, problems = _category_and_author_pages(
        ordered,
        generated,
        blog_url=blog_url,
        categories_url=categories_url,
        authors_url=authors_url,
        per_page=per_page,
    )
    urls: dict[str, str] = {}
    owner: dict[str, Post] = {}
    for post in sorted(ordered, key=lambda p: p.src_uri):
        if slug_from == "title" and "slug" not in post.lines and not title_slug(post):
            problems.append(
                AlmanacError(
                    post.display_path,
                    post.lines.get("title") or 1,
                    "the post's title gives it no slug (the last part of its URL): it has no letter or digit",
                    "set `slug: short-name` in its front matter",
                )
            )
            continue
        url = post_url(post, url_pattern, date_format=date_format, slug_from=slug_from, max_categories=max_categories)
        if url in generated:
            problems.append(
                AlmanacError(
                    post.display_path,
                    post.lines.get("slug") or 1,
                    f"this post would be published at /{url}, the address of {generated[url]}",
                    "give it another `slug:` in its front matter",
                )
            )
            continue
        if url in owner:
            other = owner[url]
            problems.append(
                AlmanacError(
                    post.display_path,
                    post.lines.get("slug") or post.lines.get("date") or 1,
                    f"this post has the same URL /{url} as {other.display_path}",
                    "give one of them another `slug:` in its front matter",
                )
            )
            continue
        owner[url] = post
        urls[post.src_uri] = url
    if problems:
        raise AlmanacErrors(problems)

    by_year: dict[int, list[Post]] = {}
    for post in ordered:
        by_year.setdefault(post.date.year, []).append(post)
    archive = Archive(
        url=archive_url,
        years=tuple(
            ArchiveYear(year, f"{archive_url}{year}/", tuple(items))
            for year, items in sorted(by_year.items(), reverse=True)
        ),
    )
    neighbours: dict[str, tuple[Post | None, Post | None]] = {}
    for index, post in enumerate(ordered):
        newer = ordered[index - 1] if index > 0 else None
        older = ordered[index + 1] if index + 1 < len(ordered) else None
        neighbours[post.src_uri] = (older, newer)
    return Blog(
        posts=ordered,
        urls=urls,
        index=index_pages,
        archive=archive,
        neighbours=neighbours,
        categories=categories,
        authors=authors,
    )


def format_date(value: dt.datetime) -> str:
    """The date as shown on pages: `2026-03-30` (the same in English and Chinese posts)."""
    return value.strftime("%Y-%m-%d")
