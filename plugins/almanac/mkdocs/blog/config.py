# Options of the `almanac/blog` plugin, grouped like the features they drive. Each is checked
# when MkDocs loads `mkdocs.yml` (see `options.py`): a bad value stops the build, and
# `almanac check`, with its line and how to fix it.

from __future__ import annotations

from almanac.core.blog.listings import DEFAULT_DATE_FORMAT
from almanac.mkdocs.options import (
    CheckedConfig,
    Choice,
    Count,
    DateFormat,
    EarlierFormats,
    Flag,
    Names,
    Separator,
    SiteFolder,
    SourcePath,
    TimeZone,
    UrlFormat,
    Weight,
)


class BlogConfig(CheckedConfig):
    """Options of `almanac/blog` in `mkdocs.yml`.

    ```yaml
    plugins:
      - almanac/blog:
          timezone: Asia/Shanghai
          pagination_per_page: 10
    ```
    """

    plugin_name = "almanac/blog"

    enabled = Flag(True, hint="write `enabled: false` to turn the plugin off")
    """Turn the plugin off without removing its options (`enabled: false`)."""

    # Posts ------------------------------------------------------------------------------------

    blog_dir = SiteFolder("blog")
    """Folder of the blog under `docs/`; the index is published at `/<blog_dir>/`."""

    posts_dir = SourcePath("blog/posts")
    """Folder under `docs/` whose Markdown files (at any depth) are posts."""

    post_url_format = UrlFormat(
        "blog/{year}/{month}/{day}/{slug}/",
        fields=("year", "month", "day", "date", "slug", "categories", "file"),
        required=("slug|file",),
    )
    """Where a post is published. Fields: `{year}`, `{month}`, `{day}` (of `date`, zero-padded);
    `{slug}` (`slug:` from the front matter, else from the file name or the title, see
    `post_slug`); and Material's: `{date}` (written with `post_url_date_format`), `{categories}`
    (the first `post_url_max_categories` of `categories`, each slugified, joined by `/`; none
    leaves the part out) and `{file}` (the file name without `.md`). The default is the URL
    scheme of Material's blog; a blog moved from Material keeps its URLs with
    `post_url_format: "blog/{date}/{slug}/"` and `post_slug: title`. It must hold `{slug}` or
    `{file}`, and must not lead into `tags_dir`; a post whose URL is another's, or that of a page
    of the blog index or archive, stops the build."""

    post_url_date_format = DateFormat(DEFAULT_DATE_FORMAT)
    """How `{date}` is written, in the notation of Material's option of the same name (Unicode
    LDML, as Babel reads it): `yyyy` the year, `yy` its last two digits, `MM` and `dd` the month
    and day zero-padded, `M` and `d` without padding; `/`, `-`, `_` and `.` between them, and
    other letters quoted (`'week'`). Names of months or days are not taken."""

    post_url_max_categories = Count(1, minimum=0, hint="write how many categories `{categories}` holds at most, e.g. 1")
    """How many of a post's `categories` `{categories}` holds, Material's default being 1."""

    post_slug = Choice(
        "file",
        choices=("file", "title"),
        hint="write `post_slug: file` (from the file name) or `post_slug: title` (Material's rule)",
    )
    """Where the slug of a post without `slug:` comes from: `file`, the file name without a
    leading `YYYY-MM-DD-` (`2026-03-30-end-of-relays.md` → `end-of-relays`), or `title`, the
    title as Material's blog slugifies it (pymdownx's `slugify(case="lower")`, so `The end of
    cheap relays` → `the-end-of-cheap-relays`, and a title taken from the post's `# ` heading is
    slugified as written, `*` and `{ #id }` dropped letter by letter as Material does)."""

    post_url_redirects = EarlierFormats(
        UrlFormat(
            "blog/{year}/{month}/{day}/{slug}/",
            fields=("year", "month", "day", "date", "slug", "categories", "file"),
            required=("slug|file",),
        ),
        DateFormat(DEFAULT_DATE_FORMAT),
        Choice("file", choices=("file", "title"), hint="write `slug: file` or `slug: title`"),
        hint='list the earlier formats, e.g. `post_url_redirects: [{format: "blog/{year}/{month}/{day}/{slug}/"}]`',
    )
    """How posts were addressed before, so that the addresses readers bookmarked still lead to
    them after `post_url_format`, `post_slug` or `post_url_date_format` changed: a list, each item
    a mapping of `format` (an earlier `post_url_format`) and, when they were not the defaults,
    `date_format` (`post_url_date_format`, `yyyy/MM/dd`), `slug` (`post_slug`, `file`) and
    `max_categories` (`post_url_max_categories`, 1). Each post's address under each earlier
    format, when it differs from its address now, gets a small page that leads to the post (a
    refresh, its canonical address and a plain link; `noindex`). A post moved on its own (given a
    `slug:`, its file renamed) names its earlier addresses in its front matter, `aliases:
    [blog/2023/old-name/]`. An earlier address that is a page of the site now, or that two posts
    would both have had, stops the build. E.g.

    ```yaml
    post_url_format: "blog/{date}/{slug}/"
    post_slug: title
    post_url_redirects:
      - format: "blog/{year}/{month}/{day}/{slug}/"
    ```
    """

    post_excerpt_separator = Separator(
        "<!-- more -->", hint="write the line that ends a post's excerpt, e.g. `post_excerpt_separator: <!-- more -->`"
    )
    """The line that ends a post's excerpt (Material's option of the same name): the first one
    outside code, on a line of its own or at the end of a paragraph, cuts the post there for the
    blog index, the archive and tag pages, and never shows on the post's page (it is put there
    as `<!-- more -->`, which still cuts a post too, as `almanac new` writes it). A post without
    it is cut after its first paragraph. E.g. `post_excerpt_separator: "<!-- read more -->"`."""

    timezone = TimeZone("UTC")
    """IANA time zone of dates written without one (`date: 2026-03-30`), e.g. `Asia/Shanghai`.
    Feeds and `<time>` elements carry the zone."""

    # Categories -------------------------------------------------------------------------------

    categories = Flag(True, hint="write `categories: false` to publish no category pages")
    """Publish a page for each category posts name (Material's `categories:` front matter):
    its posts newest first with their excerpts, paginated like the blog index, the category's
    name as title; posts link their categories to these pages. A blog whose posts name no
    category has none. `categories: false` publishes none (posts still show their categories)."""

    categories_url_format = UrlFormat(
        "category/{slug}",
        fields=("slug",),
        required=("slug",),
        shared="every category would share one page",
    )
    """Where a category's page is published, under `blog_dir` (Material's option and default:
    `category/{slug}` → `/blog/category/large-models/`; page n at `…/page/n/`). `{slug}` is the
    category slugified as Material does (pymdownx's `slugify(case="lower")`), as in
    `{categories}` of `post_url_format`; names with one slug share a page."""

    categories_allowed = Names(hint="write the categories posts may name, e.g. `categories_allowed: [News, Releases]`")
    """The categories posts may name, as written (Material's option): a post naming another
    stops the build at its line, which lists these. Empty (the default) allows any."""

    categories_as_tags = Flag(False, hint="write `categories_as_tags: true` to count categories as tags")
    """Count each category of a post as one of its tags too, after its own `tags`: resolved
    through `data/tags.yaml` like them (its aliases included; a category that names no tag there
    stops the build at its line, as an unknown tag does), so that it shows on the tag pages,
    in the tag chips and in the feeds. Off by default, as categories are Material's, not tags."""

    # Authors ----------------------------------------------------------------------------------

    authors_file = SourcePath("blog/.authors.yml")
    """Authors, in Material's format (`authors: {id: {name, description, avatar, url}}`), under
    `docs/`. A post naming an author missing from this file stops the build."""

    authors_profiles = Flag(False, hint="write `authors_profiles: true` to publish a page per author")
    """Publish a page for each author of a post (Material's option, off by default as there):
    their name, avatar, description and address, then their posts with excerpts, paginated like
    the blog index. Posts link their authors to these pages."""

    authors_profiles_url_format = UrlFormat(
        "author/{slug}",
        fields=("slug",),
        required=("slug",),
        shared="every author would share one page",
    )
    """Where an author's page is published, under `blog_dir` (Material's option and default:
    `author/{slug}` → `/blog/author/lin/`; page n at `…/page/n/`). `{slug}` is the author's id
    in `.authors.yml` (slugified if it is not a plain word of letters, digits, `-`, `_` or `.`)."""

    # Index and archive ------------------------------------------------------------------------

    pagination_per_page = Count(10, minimum=1, hint="write how many posts each page of the blog index shows, e.g. 10")
    """Posts per page of the blog index. Page 1 is `/blog/`, page n is `/blog/page/n/`."""

    archive = Flag(True, hint="write `archive: false` to publish no archive")
    """Publish the yearly archive: `/blog/archive/` and one page per year."""

    # Drafts -----------------------------------------------------------------------------------

    drafts_on_serve = Flag(True, hint="write `drafts_on_serve: false` to hide drafts in the preview too")
    """Show posts with `draft: true` (marked as drafts) in `mkdocs serve`. `mkdocs build`
    always leaves them out: no page, no listing, no feed."""

    # Tags -------------------------------------------------------------------------------------

    tags_dir = SiteFolder("tags")
    """Where tag pages are published: `/<tags_dir>/` lists every tag with its count,
    `/<tags_dir>/<slug>/` lists the posts of one tag. Tags are checked against
    `data/tags.yaml` when the `almanac/data` plugin is on (an unknown tag stops the build).
    It must not be `blog_dir`, nor a folder inside it, nor hold it."""

    tags_per_page = Count(20, minimum=1, hint="write how many posts each page of a tag shows, e.g. 20")
    """Posts per page of a tag page; page n of a tag is `/<tags_dir>/<slug>/page/n/`."""

    # Related posts ----------------------------------------------------------------------------

    related_limit = Count(5, minimum=0, hint="write how many related posts end each post, e.g. 5, or 0 for none")
    """How many related posts end each post (0 turns the list off)."""

    related_tag_weight = Weight(1.0, hint="write a number such as 1.0 (0 ignores shared tags)")
    """What one shared tag adds to the relatedness of two posts, times the tag's rarity (a tag
    that nearly every post carries says little about two posts being related)."""

    related_entity_weight = Weight(2.0, hint="write a number such as 2.0 (0 ignores shared entities)")
    """What one shared entity (a model, vendor or provider both posts link or mention) adds, times
    the entity's rarity. Needs `almanac/links`, which finds the entities; without it, related
    posts are those of shared tags alone."""

    # Feeds ------------------------------------------------------------------------------------

    feeds = Flag(True, hint="write `feeds: false` to publish no feed")
    """Publish Atom and JSON feeds: `/feed.xml` and `/feed.json` for the whole blog, and
    `/<tags_dir>/<slug>/feed.xml` per tag. Needs `site_url` (feeds use absolute URLs)."""

    feed_limit = Count(
        20, minimum=1, hint="write how many posts each feed holds, e.g. 20 (`feeds: false` publishes none)"
    )
    """How many of the newest posts each feed holds."""

    # Building ---------------------------------------------------------------------------------

    processes = Count(0, minimum=0, hint="write how many processes convert pages, e.g. 2, or 0 for one per core")
    """How many processes convert the site's pages from Markdown (every page, not only posts): `0`
    (the default) one per core the build may use, at most 4; `1` the build's own process alone.
    With more than one, worker processes forked from the build convert pages from the end of the
    list while MkDocs converts them from the start (about a third less time for the conversions of
    a 1,000-post site on two cores); the site is the same, byte for byte, and warnings are logged
    in the same order. Workers are used only where that is sure: on Linux, with 64 pages or more
    to convert, in a build with no other thread running (not the preview's rebuilds), and with no
    Markdown extension given as an object other than those of Model Almanac."""

    # Options together ----------------------------------------------------------------------

    def check_together(self) -> list[tuple[str, str]]:
        """The blog and the tag pages each need a folder of their own, and posts stay out of
        the tag pages' folder: otherwise one generated page would silently replace another."""
        blog = self.blog_dir.strip("/") + "/"
        tags = self.tags_dir.strip("/") + "/"
        problems: list[tuple[str, str]] = []
        if blog.startswith(tags) or tags.startswith(blog):
            problems.append(
                (
                    "tags_dir",
                    f"is {self.tags_dir!r} and blog_dir is {self.blog_dir!r}: the tag pages and the blog "
                    "index would share pages — give each a folder of its own, e.g. 'tags' and 'blog'",
                )
            )
        elif (self.post_url_format.lstrip("/") + "/").startswith(tags):
            problems.append(
                (
                    "post_url_format",
                    f"is {self.post_url_format!r}, inside tags_dir {self.tags_dir!r}: a post could take "
                    "the page of a tag — publish posts under blog_dir, e.g. 'blog/{year}/{month}/{day}/{slug}/'",
                )
            )
        return problems
