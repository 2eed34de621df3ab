# Options of the `almanac/blog` plugin, grouped like the features they drive.

from __future__ import annotations

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config


class BlogConfig(Config):
    """Options of `almanac/blog` in `mkdocs.yml`.

    ```yaml
    plugins:
      - almanac/blog:
          timezone: Asia/Shanghai
          pagination_per_page: 10
    ```
    """

    enabled = opt.Type(bool, default=True)
    """Turn the plugin off without removing its options (`enabled: false`)."""

    # Posts ------------------------------------------------------------------------------------

    blog_dir = opt.Type(str, default="blog")
    """Folder of the blog under `docs/`; the index is published at `/<blog_dir>/`."""

    posts_dir = opt.Type(str, default="blog/posts")
    """Folder under `docs/` whose Markdown files (at any depth) are posts."""

    post_url_format = opt.Type(str, default="blog/{year}/{month}/{day}/{slug}/")
    """Where a post is published. Fields: `{year}`, `{month}`, `{day}` (of `date`, zero-padded)
    and `{slug}` (`slug:` from the front matter, else the file name without a leading
    `YYYY-MM-DD-`). The default is the URL scheme of Material's blog, so old links keep working."""

    timezone = opt.Type(str, default="UTC")
    """IANA time zone of dates written without one (`date: 2026-03-30`), e.g. `Asia/Shanghai`.
    Feeds and `<time>` elements carry the zone."""

    # Authors ----------------------------------------------------------------------------------

    authors_file = opt.Type(str, default="blog/.authors.yml")
    """Authors, in Material's format (`authors: {id: {name, description, avatar, url}}`), under
    `docs/`. A post naming an author missing from this file stops the build."""

    # Index and archive ------------------------------------------------------------------------

    pagination_per_page = opt.Type(int, default=10)
    """Posts per page of the blog index. Page 1 is `/blog/`, page n is `/blog/page/n/`."""

    archive = opt.Type(bool, default=True)
    """Publish the yearly archive: `/blog/archive/` and one page per year."""

    # Drafts -----------------------------------------------------------------------------------

    drafts_on_serve = opt.Type(bool, default=True)
    """Show posts with `draft: true` (marked as drafts) in `mkdocs serve`. `mkdocs build`
    always leaves them out: no page, no listing, no feed."""

    # Tags -------------------------------------------------------------------------------------

    tags_dir = opt.Type(str, default="tags")
    """Where tag pages are published: `/<tags_dir>/` lists every tag with its count,
    `/<tags_dir>/<slug>/` lists the posts of one tag. Tags are checked against
    `data/tags.yaml` when the `almanac/data` plugin is on (an unknown tag stops the build)."""

    tags_per_page = opt.Type(int, default=20)
    """Posts per page of a tag page; page n of a tag is `/<tags_dir>/<slug>/page/n/`."""

    # Related posts ----------------------------------------------------------------------------

    related_limit = opt.Type(int, default=5)
    """How many related posts end each post (0 turns the list off)."""

    related_tag_weight = opt.Type((int, float), default=1.0)
    """What one shared tag adds to the relatedness of two posts, times the tag's rarity (a tag
    that nearly every post carries says little about two posts being related)."""

    related_entity_weight = opt.Type((int, float), default=2.0)
    """What one shared entity (a model, vendor or provider both posts are about) adds."""

    # Feeds ------------------------------------------------------------------------------------

    feeds = opt.Type(bool, default=True)
    """Publish Atom and JSON feeds: `/feed.xml` and `/feed.json` for the whole blog, and
    `/<tags_dir>/<slug>/feed.xml` per tag. Needs `site_url` (feeds use absolute URLs)."""

    feed_limit = opt.Type(int, default=20)
    """How many of the newest posts each feed holds."""
