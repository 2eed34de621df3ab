"""What the posts of a project must put on its built site, whatever they say, read from its files by the
rules the README gives authors: a post is published unless it is a draft or dated after the build's
instant (the end of the tests' build date, UTC); dates without a zone are in the blog's `timezone`;
posts are listed newest first (ties by path) at `blog/YYYY/MM/DD/<slug>/`; a written tag names the tag of
`data/tags.yaml` whose name or alias it equals after NFKC normalisation (full-width letters), folding
white space and ignoring case. The sample-site tests compute their expectations here from the project
that was built, so they hold for any valid content. Read independently of the plugins' own reader."""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from almanac.core.slugs import slugify

from helpers import BUILD_DATE

#: The build's instant: posts dated later are scheduled, left out like drafts.
BUILD_NOW = dt.datetime.combine(dt.date.fromisoformat(BUILD_DATE), dt.time.max, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Post:
    path: Path
    title: str
    date: dt.datetime
    slug: str
    written_tags: tuple[str, ...]
    #: The tags as `data/tags.yaml` names them, in the post's order, without repeats.
    tags: tuple[str, ...]
    draft: bool
    body: str

    @property
    def url(self) -> str:
        return f"blog/{self.date:%Y/%m/%d}/{self.slug}/"

    @property
    def published(self) -> bool:
        return not self.draft and self.date <= BUILD_NOW


@dataclass(frozen=True)
class Blog:
    """The posts of one project."""

    #: Every post, drafts and scheduled ones included.
    every: tuple[Post, ...]
    #: The posts a build publishes, newest first.
    published: tuple[Post, ...]
    #: Tag name → its slug, for every tag of `data/tags.yaml`.
    slugs: dict[str, str]

    def tagged(self, name: str) -> list[Post]:
        """The published posts whose tags resolve to the tag `name`, newest first."""
        return [post for post in self.published if name in post.tags]

    def used_tags(self) -> dict[str, int]:
        """Each tag a published post carries, with its number of published posts."""
        counts: dict[str, int] = {}
        for post in self.published:
            for name in post.tags:
                counts[name] = counts.get(name, 0) + 1
        return counts


def tag_key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split()).casefold()


@functools.cache
def blog_of(project: Path) -> Blog:
    """The blog of the project in `project` (its `mkdocs.yml`, `docs/`, `data/tags.yaml`)."""
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    found = re.search(r"^\s+timezone:\s*(\S+)\s*$", config, re.M)
    zone = ZoneInfo(found.group(1) if found else "UTC")
    tags = yaml.safe_load((project / "data" / "tags.yaml").read_text(encoding="utf-8"))
    spellings = {tag_key(spelling): tag["name"] for tag in tags for spelling in [tag["name"], *tag.get("aliases", [])]}
    slugs = {tag["name"]: tag.get("slug") or slugify(tag["name"]) for tag in tags}
    posts = []
    for path in sorted((project / "docs" / "blog" / "posts").rglob("*.md")):
        _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
        meta = yaml.safe_load(front)
        date = meta["date"]
        if not isinstance(date, dt.datetime):
            date = (
                dt.datetime.combine(date, dt.time()) if isinstance(date, dt.date) else dt.datetime.fromisoformat(date)
            )
        if date.tzinfo is None:
            date = date.replace(tzinfo=zone)
        written = tuple(meta.get("tags") or ())
        posts.append(
            Post(
                path=path,
                title=meta["title"],
                date=date,
                slug=meta.get("slug") or re.sub(r"^\d{4}-\d{2}-\d{2}-", "", path.stem),
                written_tags=written,
                tags=tuple(dict.fromkeys(spellings[tag_key(tag)] for tag in written)),
                draft=bool(meta.get("draft")),
                body=body,
            )
        )
    order = {
        post.path: "blog/posts/" + post.path.relative_to(project / "docs" / "blog" / "posts").as_posix()
        for post in posts
    }
    published = sorted((p for p in posts if p.published), key=lambda p: (p.date, order[p.path]), reverse=True)
    return Blog(tuple(posts), tuple(published), slugs)


def project_of(build_site: Path) -> Path:
    """The project a build was made from (the tests build each into its project's `site/`)."""
    return build_site.parent
