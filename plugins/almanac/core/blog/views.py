# Views: what a template needs to show a post, a post card or a listing page; and the kinds
# of listing page the blog generates (`Listing`: a page of the index, the archive, a year of
# it, the tag index, a page of a tag, of a category or of an author).
#
# The listings are named when the blog plugin adds the generated pages (`on_files`); the views
# are built while pages are rendered into templates (`on_page_context`), from data computed
# once earlier (posts, URLs, excerpts; the entities posts link or mention, once every page is
# converted). Views carry plain values and URLs relative to the page being rendered, so the
# templates hold no logic beyond layout.

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Protocol, TypeVar

from almanac.core.blog.excerpts import Excerpt, place
from almanac.core.blog.listings import Archive, ArchiveYear, ListingPage, PostGroup, format_date
from almanac.core.blog.posts import Author, Post
from almanac.core.blog.tags import TagPage
from almanac.core.escaping import escape
from almanac.core.urls import check_url, relative_url

if TYPE_CHECKING:
    from almanac.core.links.model import Entity

R = TypeVar("R")

__all__ = [
    "ArchiveListing",
    "AuthorListing",
    "AuthorView",
    "CategoryListing",
    "EntityView",
    "IndexListing",
    "LinkView",
    "Listing",
    "ListingView",
    "PostCard",
    "PostView",
    "TagIndexEntry",
    "TagIndexListing",
    "TagIndexView",
    "TagListing",
    "TagPageView",
    "TagView",
    "ViewFactory",
    "YearListing",
    "entity_rows",
]


# --- The generated listing pages ---------------------------------------------------------------
#
# Each is one page the blog adds to the site, with its title and what it lists. `kind` names
# the kind of page for the parts of the theme's page that pages of one kind share.


@dataclass(frozen=True)
class IndexListing:
    """A page of the blog index (`blog/`, `blog/page/2/`, …): the newest posts with excerpts."""

    kind: ClassVar[str] = "index"
    title: str
    page: ListingPage


@dataclass(frozen=True)
class ArchiveListing:
    """The archive (`blog/archive/`): its years, each with its number of posts."""

    kind: ClassVar[str] = "archive"
    title: str
    archive: Archive


@dataclass(frozen=True)
class YearListing:
    """One year of the archive (`blog/archive/2026/`): every post of the year, titles and dates."""

    kind: ClassVar[str] = "year"
    title: str
    year: ArchiveYear
    archive: Archive


@dataclass(frozen=True)
class TagIndexListing:
    """The tag index (`tags/`): every tag with its number of posts."""

    kind: ClassVar[str] = "tags"
    title: str
    tags: tuple[TagPage, ...]


@dataclass(frozen=True)
class TagListing:
    """A page of one tag (`tags/<slug>/`, `tags/<slug>/page/2/`, …): its posts, newest first."""

    kind: ClassVar[str] = "tag"
    title: str
    tag: TagPage
    page: ListingPage


@dataclass(frozen=True)
class CategoryListing:
    """A page of one category (`blog/category/<slug>/`, `…/page/2/`): its posts with excerpts."""

    kind: ClassVar[str] = "category"
    title: str
    category: PostGroup
    page: ListingPage


@dataclass(frozen=True)
class AuthorListing:
    """A page of one author (`blog/author/<id>/`, `…/page/2/`): who they are, their posts."""

    kind: ClassVar[str] = "author"
    title: str
    author: PostGroup
    page: ListingPage


Listing = IndexListing | ArchiveListing | YearListing | TagIndexListing | TagListing | CategoryListing | AuthorListing
"""Any listing page of the blog."""


# --- Views ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuthorView:
    name: str
    description: str
    avatar: str
    url: str
    #: Link to the author's page, when the blog has author pages (`authors_profiles`).
    profile: str = ""


@dataclass(frozen=True)
class TagView:
    name: str
    #: Link to the tag's page, or empty while the site has no tag pages.
    url: str


@dataclass(frozen=True)
class EntityView:
    """An entity of the data (model, vendor, provider) as a post or tag page names it."""

    name: str
    url: str
    kind: str
    """`model`, `vendor` or `provider`."""
    summary: str = ""
    """Where it stands now, at the end of a post: a model's price, a provider's state."""
    count: int = 0
    """On a tag page: how many of the tag's posts name it."""


@dataclass(frozen=True)
class LinkView:
    title: str
    url: str
    #: The date of a linked post (`2026-03-30`), if the link is to a post.
    date: str = ""


@dataclass(frozen=True)
class PostCard:
    """A post as shown in a listing: its excerpt, placed for the listing page."""

    title: str
    url: str
    date: str
    datetime: str
    updated: str
    reading_time: int
    excerpt: str
    truncated: bool
    draft: bool
    tags: tuple[TagView, ...]
    authors: tuple[AuthorView, ...]
    #: The post's categories, each linked to its page when the blog has category pages.
    categories: tuple[TagView, ...] = ()


@dataclass(frozen=True)
class PostView:
    """The header and footer of a post page."""

    title: str
    date: str
    datetime: str
    updated: str
    updated_datetime: str
    reading_time: int
    draft: bool
    tags: tuple[TagView, ...]
    authors: tuple[AuthorView, ...]
    older: LinkView | None
    newer: LinkView | None
    blog_url: str
    related: tuple[LinkView, ...] = ()
    #: The entities the post links or mentions, in the order they first appear ("In this post").
    entities: tuple[EntityView, ...] = ()
    #: The same as the items of the "In this post" list, written as HTML (`entity_rows`).
    entity_rows: str = ""
    #: The post's categories, each linked to its page when the blog has category pages.
    categories: tuple[TagView, ...] = ()


@dataclass(frozen=True)
class ListingView:
    """One page of the blog index, or one year of the archive."""

    title: str
    posts: tuple[PostCard, ...]
    number: int
    count: int
    previous_url: str
    next_url: str
    archive_url: str
    years: tuple[LinkView, ...]
    #: Titles and dates only, without excerpts (the yearly archive).
    compact: bool = False
    #: On an author's page: who they are.
    author: AuthorView | None = None


@dataclass(frozen=True)
class TagPageView:
    """One page of a tag: the tag, its count, and a page of its posts."""

    name: str
    description_en: str
    description_zh: str
    count: int
    posts: tuple[PostCard, ...]
    number: int
    pages: int
    previous_url: str
    next_url: str
    feed_url: str
    index_url: str
    #: The entities its posts name most, with how many posts name each.
    entities: tuple[EntityView, ...] = ()


@dataclass(frozen=True)
class TagIndexEntry:
    name: str
    url: str
    count: int
    description_en: str
    description_zh: str
    #: 1 (fewest posts) to 5 (most), for a tag cloud sized by count.
    size: int


@dataclass(frozen=True)
class TagIndexView:
    tags: tuple[TagIndexEntry, ...]
    total_posts: int


def _between_folders(target: str, from_url: str) -> str:
    """`relative_url(target, from_url)` when both are folder URLs of the site as MkDocs and
    the blog write them (`blog/2026/`, `models/x/`, `''` for the root: no empty, `.` or `..`
    part), without `posixpath`: under 2 µs a link instead of 9, and a post's view links a few
    dozen pages. `''` for any other pair, which `relative_url` takes."""
    if (target and not target.endswith("/")) or (from_url and not from_url.endswith("/")):
        return ""
    both = f"/{target} /{from_url}"
    if "//" in both or "/./" in both or "/../" in both:
        return ""
    parts, base = target.split("/"), from_url.split("/")
    shared, most = 0, min(len(parts), len(base)) - 1
    while shared < most and parts[shared] == base[shared]:
        shared += 1
    return "../" * (len(base) - 1 - shared) + "/".join(parts[shared:]) or "./"


def entity_rows(entities: Sequence[EntityView]) -> str:
    """The items of a post's "In this post" list, every value escaped: the bytes `post.html`'s
    loop wrote, indentation included. Written here rather than by that loop, whose dozen pieces
    an entity each went up through every template the post page extends: at 3,000 posts naming
    a dozen entities each, a tenth of what rendering the posts cost."""
    return "".join(
        f'\n                <li>\n                  <a href="{escape(entity.url)}">{escape(entity.name)}</a>\n'
        f'                  <span class="almanac-in-post__kind">{escape(entity.kind)}</span>'
        + (f' <span class="almanac-in-post__summary">{escape(entity.summary)}</span>' if entity.summary else "")
        + "\n                </li>\n              "
        for entity in entities
    )


@dataclass(frozen=True)
class _AuthorSource:
    """An author as any page shows them, with the address of their page from the site's root."""

    author: Author
    profile: str  # their page (`blog/author/x/`), or "" without author pages


@dataclass(frozen=True)
class _CardSource:
    """All a post's card shows, every page it links to given from the site's root: the same for
    each page that lists the post (`card` places it on one, `_place_card`)."""

    title: str
    url: str
    date: str
    datetime: str
    updated: str
    reading_time: int
    excerpt: Excerpt | None
    draft: bool
    tags: tuple[tuple[str, str], ...]  # name, its page or ""
    authors: tuple[_AuthorSource, ...]
    categories: tuple[tuple[str, str], ...]  # name, its page or ""


@dataclass(frozen=True)
class _PostSource:
    """All a post's header and footer show, pages given from the site's root (`_place_post`)."""

    card: _CardSource
    updated_datetime: str
    older: LinkView | None
    newer: LinkView | None
    blog_url: str
    related: tuple[LinkView, ...]
    entities: tuple[EntityView, ...]


def _link(target: str, from_url: str, directory_urls: bool) -> str:
    """`ViewFactory.link`, for the functions below, which are given all they need."""
    if not directory_urls and (target.endswith("/") or not target):
        target += "index.html"
    return _between_folders(target, from_url) or relative_url(target, from_url)


def _place_author(source: _AuthorSource, from_url: str, directory_urls: bool) -> AuthorView:
    # `.authors.yml` is checked when it is read; an address that would still not do
    # (a `javascript:` link, another scheme) is left out rather than written.
    author = source.author
    avatar = author.avatar if author.avatar and check_url(author.avatar, relative=True) is None else ""
    if avatar and "://" not in avatar and not avatar.startswith("/"):
        avatar = relative_url(avatar, from_url)
    url = author.url if author.url and check_url(author.url) is None else ""
    profile = _link(source.profile, from_url, directory_urls) if source.profile else ""
    return AuthorView(author.name, author.description, avatar, url, profile)


def _place_tags(tags: tuple[tuple[str, str], ...], from_url: str, directory_urls: bool) -> tuple[TagView, ...]:
    return tuple(TagView(name, _link(target, from_url, directory_urls) if target else "") for name, target in tags)


def _place_card(source: _CardSource, from_url: str, exclude_tag: str, directory_urls: bool) -> PostCard:
    """`source`'s card on the page at `from_url`, without the chip of `exclude_tag`."""
    excerpt = source.excerpt
    if excerpt is not None:
        html, truncated = place(excerpt.html, from_url), excerpt.truncated
    else:  # not rendered in this build (e.g. a partial rebuild of the preview)
        html, truncated = "", True
    tags = source.tags if not exclude_tag else tuple(tag for tag in source.tags if tag[0] != exclude_tag)
    return PostCard(
        title=source.title,
        url=_link(source.url, from_url, directory_urls),
        date=source.date,
        datetime=source.datetime,
        updated=source.updated,
        reading_time=source.reading_time,
        excerpt=html,
        truncated=truncated,
        draft=source.draft,
        tags=_place_tags(tags, from_url, directory_urls),
        authors=tuple(_place_author(author, from_url, directory_urls) for author in source.authors),
        categories=_place_tags(source.categories, from_url, directory_urls),
    )


def _place_post(source: _PostSource, directory_urls: bool) -> PostView:
    """The view of the post `source` on its own page."""
    card = source.card
    url = card.url if directory_urls else card.url + "index.html"

    def placed(other: LinkView | None) -> LinkView | None:
        return None if other is None else LinkView(other.title, _link(other.url, url, directory_urls), other.date)

    shown = tuple(
        EntityView(entity.name, _link(entity.url, url, directory_urls), entity.kind, entity.summary)
        for entity in source.entities
    )
    return PostView(
        title=card.title,
        date=card.date,
        datetime=card.datetime,
        updated=card.updated,
        updated_datetime=source.updated_datetime,
        reading_time=card.reading_time,
        draft=card.draft,
        tags=_place_tags(card.tags, url, directory_urls),
        authors=tuple(_place_author(author, url, directory_urls) for author in card.authors),
        older=placed(source.older),
        newer=placed(source.newer),
        blog_url=_link(source.blog_url, url, directory_urls),
        related=tuple(link for link in map(placed, source.related) if link is not None),
        entities=shown,
        entity_rows=entity_rows(shown),
        categories=_place_tags(card.categories, url, directory_urls),
    )


def _card_key(source: _CardSource, from_url: str, exclude_tag: str, directory_urls: bool) -> tuple[str, str, str]:
    return source.url, from_url, exclude_tag


def _post_key(source: _PostSource, directory_urls: bool) -> str:
    return source.card.url


class Remember(Protocol):
    """Makes a function answer from the last build's results where its arguments are the same
    (`Tracker.remembered` of the incremental preview); `by` gives a small key of the arguments."""

    def __call__(self, function: Callable[..., R], *, by: Callable[..., Hashable]) -> Callable[..., R]: ...


class ViewFactory:
    """Turns posts into views for any page. Holds what every view needs; built once a build.

    A view is made in two steps: what it shows, with every link from the site's root (a post's
    `_CardSource`, made once a build), then that placed on its page (`_place_card`, `_place_post`),
    which is most of the work. With `remember` (the incremental preview's `Tracker.remembered`)
    a placement made by the last build from an equal source is that build's: a one-word save of a
    1,000-post blog places two or three of its 5,500 cards and post views again (and the preview
    tells a page whose view is the same object as last time unchanged at once)."""

    def __init__(
        self,
        *,
        urls: Mapping[str, str],
        authors: Mapping[str, Author],
        excerpts: Mapping[str, Excerpt],
        reading_times: Mapping[str, int],
        tag_urls: Mapping[str, str] | None = None,
        tags_of: Mapping[str, Sequence[str]] | None = None,
        directory_urls: bool = True,
        category_urls: Mapping[str, str] | None = None,
        author_urls: Mapping[str, str] | None = None,
        remember: Remember | None = None,
    ) -> None:
        self.urls = urls
        self.category_urls = category_urls or {}
        self.author_urls = author_urls or {}
        self.authors = authors
        self.excerpts = excerpts
        self.reading_times = reading_times
        self.tag_urls = tag_urls or {}
        self.tags_of = tags_of or {}
        self.directory_urls = directory_urls
        self._place_card = remember(_place_card, by=_card_key) if remember else _place_card
        self._place_post = remember(_place_post, by=_post_key) if remember else _place_post
        self._cards: dict[str, tuple[Post, _CardSource]] = {}

    def link(self, target: str, from_url: str) -> str:
        """A link from the page at `from_url` to the generated or post page at `target` (a
        directory URL such as `blog/page/2/`). Without directory URLs (`use_directory_urls:
        false`, for sites opened from disk) the link names the `index.html` file."""
        return _link(target, from_url, self.directory_urls)

    def _author_source(self, author: Author) -> _AuthorSource:
        return _AuthorSource(author, self.author_urls.get(author.id, ""))

    def author(self, author: Author, from_url: str) -> AuthorView:
        """An author as a page at `from_url` shows them, linked to their page if they have one."""
        return _place_author(self._author_source(author), from_url, self.directory_urls)

    def _card_source(self, post: Post) -> _CardSource:
        """What the post's cards show: made once for each post (so make the factory once the
        excerpts are known)."""
        known = self._cards.get(post.src_uri)
        if known is not None and known[0] is post:
            return known[1]
        made = _CardSource(
            title=post.title,
            url=self.urls[post.src_uri],
            date=format_date(post.date),
            datetime=post.date.isoformat(),
            updated=format_date(post.updated) if post.updated else "",
            reading_time=post.readtime or self.reading_times.get(post.src_uri, 1),
            excerpt=self.excerpts.get(post.src_uri),
            draft=post.draft,
            tags=tuple((tag, self.tag_urls.get(tag, "")) for tag in self.tags_of.get(post.src_uri, post.tags)),
            authors=tuple(
                self._author_source(author) for author_id in post.authors if (author := self.authors.get(author_id))
            ),
            categories=tuple((name, self.category_urls.get(name, "")) for name in dict.fromkeys(post.categories)),
        )
        self._cards[post.src_uri] = (post, made)
        return made

    def card(self, post: Post, from_url: str, *, exclude_tag: str = "") -> PostCard:
        """The post as the listing at `from_url` shows it; without the chip of `exclude_tag` (on that tag's page)."""
        placed: PostCard = self._place_card(self._card_source(post), from_url, exclude_tag, self.directory_urls)
        return placed

    def post(
        self,
        post: Post,
        *,
        older: Post | None,
        newer: Post | None,
        blog_url: str,
        related: Sequence[Post] = (),
        entities: Sequence[tuple[Entity, str | None]] = (),
    ) -> PostView:
        """The post's header and footer; `entities`: what it links or mentions, each with its
        summary (a price, a state) or `None`."""

        def link(other: Post | None) -> LinkView | None:
            if other is None:
                return None
            return LinkView(other.title, self.urls[other.src_uri], format_date(other.date))

        source = _PostSource(
            card=self._card_source(post),
            updated_datetime=post.updated.isoformat() if post.updated else "",
            older=link(older),
            newer=link(newer),
            blog_url=blog_url,
            related=tuple(link_ for link_ in map(link, related) if link_ is not None),
            entities=tuple(
                EntityView(entity.name, entity.url, entity.kind, summary or "") for entity, summary in entities
            ),
        )
        placed: PostView = self._place_post(source, self.directory_urls)
        return placed

    def listing(
        self,
        title: str,
        page_url: str,
        posts: Sequence[Post],
        *,
        page: ListingPage | None = None,
        archive_url: str = "",
        years: Sequence[ArchiveYear] = (),
        compact: bool = False,
        author: Author | None = None,
    ) -> ListingView:
        return ListingView(
            title=title,
            posts=tuple(self.card(post, page_url) for post in posts),
            number=page.number if page else 1,
            count=page.count if page else 1,
            previous_url=self.link(page.previous_url, page_url) if page and page.previous_url else "",
            next_url=self.link(page.next_url, page_url) if page and page.next_url else "",
            archive_url=self.link(archive_url, page_url) if archive_url else "",
            years=tuple(LinkView(f"{year.year} ({len(year.posts)})", self.link(year.url, page_url)) for year in years),
            compact=compact,
            author=self.author(author, page_url) if author is not None else None,
        )

    def tag_page(
        self,
        tag: TagPage,
        page: ListingPage,
        page_url: str,
        *,
        index_url: str,
        feed: bool,
        entities: Sequence[tuple[Entity, int]] = (),
    ) -> TagPageView:
        """One page of a tag; `entities`: those its posts name most, with their counts."""
        return TagPageView(
            name=tag.info.name,
            description_en=tag.info.description_en,
            description_zh=tag.info.description_zh,
            count=tag.count,
            posts=tuple(self.card(post, page_url, exclude_tag=tag.info.name) for post in page.posts),
            number=page.number,
            pages=page.count,
            previous_url=self.link(page.previous_url, page_url) if page.previous_url else "",
            next_url=self.link(page.next_url, page_url) if page.next_url else "",
            feed_url=relative_url(tag.feed_url, page_url) if feed else "",
            index_url=self.link(index_url, page_url),
            entities=tuple(
                EntityView(entity.name, self.link(entity.url, page_url), entity.kind, count=count)
                for entity, count in entities
            ),
        )

    def tag_index(self, tags: Sequence[TagPage], page_url: str, *, total_posts: int) -> TagIndexView:
        biggest = max((tag.count for tag in tags), default=1)
        return TagIndexView(
            tags=tuple(
                TagIndexEntry(
                    name=tag.info.name,
                    url=self.link(tag.url, page_url),
                    count=tag.count,
                    description_en=tag.info.description_en,
                    description_zh=tag.info.description_zh,
                    size=1 + round(4 * math.log(tag.count) / math.log(biggest)) if biggest > 1 else 3,
                )
                for tag in tags
            ),
            total_posts=total_posts,
        )
