# A new post, as `almanac new` writes it: its slug, its checked tags and authors, its text and
# its file.
#
# The command (`cli.py`) finds the project and hands over plain values: the posts folder, the
# tag vocabulary the build checks tags against (`core/vocabulary.py`, made by the data from
# `data/tags.yaml`; `None` when the build takes any tag) and the known authors. The post is
# written by python-frontmatter with the keys in the order the README shows them (title, date,
# tags, authors, then `draft: true` only when asked) and Chinese left as written; the body is
# an opening, the excerpt marker the blog cuts at (`MORE_MARKER`) and the rest. The file is
# `YYYY-MM-DD-<slug>.md`, created only if no post has that name (never overwritten); a refusal
# names the file in the way at its line 1, so that an editor opens it.
#
# The date (`post_date`): `--date`, else the build's date when it is pinned (`build_date`,
# `ALMANAC_BUILD_DATE`), else today where the blog is (its `timezone`), which is a day off the
# UTC date `almanac check` reports for part of every day. The command says which date it took
# and why, and calls the post scheduled exactly when the build will (`posts.scheduled`): a post
# dated today where the blog is never is.
#
# The slug is the title made a slug by the rule of every post and tag (`core/slugs.py`). That
# rule keeps the letters of other scripts, so a Chinese title would give a file name and URL
# that show as `%E5%A4%A7…` wherever they are pasted: a title whose slug is not all ASCII needs
# `--slug` (`SlugNeeded`), which may be any slug the build accepts, Chinese included.

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import frontmatter
import yaml

from almanac.core.blog.posts import MAX_YEAR, MIN_YEAR, MORE_MARKER, scheduled
from almanac.core.errors import AlmanacError, suggestion
from almanac.core.slugs import slugify
from almanac.core.vocabulary import TagVocabulary, check_slug

__all__ = [
    "BODY",
    "SlugNeeded",
    "check_authors",
    "check_date",
    "check_tags",
    "check_title",
    "file_name",
    "post_date",
    "post_slug",
    "post_text",
    "split_list",
    "write_post",
]

#: The body of a new post: an opening (the excerpt), the marker, the rest.
BODY = (
    "The opening paragraphs: the excerpt shown on the blog index and on tag pages.\n"
    "\n"
    f"{MORE_MARKER}\n"
    "\n"
    "The rest of the post.\n"
)


class SlugNeeded(ValueError):
    """The title gives no readable Latin slug: the author has to name the post with `--slug`."""


def check_title(title: str) -> str:
    """The title, trimmed; `ValueError` when it is empty or holds a line break or a control
    character (front matter holds it on one line)."""
    text = title.strip()
    if not text:
        raise ValueError('the title is empty — write it in quotes, e.g. almanac new "The end of cheap relays"')
    if not text.isprintable():
        raise ValueError("the title holds a line break or a control character — write it on one line")
    return text


def check_date(text: str) -> dt.date:
    """The date `YYYY-MM-DD` of `--date`; `ValueError` when it is none or out of the years a
    post may have."""
    try:
        date = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"--date {text!r} is not a date — write it as YYYY-MM-DD, e.g. --date 2026-03-30") from None
    if not MIN_YEAR <= date.year <= MAX_YEAR:
        raise ValueError(
            f"--date {text!r} is in the year {date.year} — a post's date falls in {MIN_YEAR} to {MAX_YEAR}"
        )
    return date


def post_date(
    given: dt.date | None,
    *,
    now: dt.datetime,
    timezone: dt.tzinfo,
    zone_name: str,
    pinned: tuple[str, dt.date] | None = None,
) -> tuple[dt.date, list[str]]:
    """The post's date and what the command says of it, a line each.

    `given` is `--date`; `now` the instant the build publishes posts up to (the clock, or the
    end of a pinned day where the blog is); `timezone` the blog's, called `zone_name`; `pinned`
    where the build's date is pinned and the date (`("ALMANAC_BUILD_DATE", date)`), `None`
    when the clock gives it.
    """
    here = now.astimezone(timezone).date()
    utc = now.astimezone(dt.UTC).date()
    if given is not None:
        date, why = given, "--date"
    elif pinned is not None:
        date, why = pinned[1], f"the build's date ({pinned[0]})"
    elif here == utc:
        date, why = here, "today"
    else:
        date, why = here, f"today in {zone_name}, the blog's time zone ({utc} in UTC, the date `almanac check` gives)"
    said = [f"dated {date}: {why}"]
    if scheduled(date, now, timezone):
        today = pinned[1] if pinned is not None else here
        said.append(f"dated after today ({today}): scheduled, left out of the site until a build on or after {date}")
    return date, said


def post_slug(title: str, slug: str | None = None) -> str:
    """The slug of the post: `slug` made a slug if given (`ValueError` when nothing is left of
    it), else the title's; `SlugNeeded` when the title's is not all ASCII (see the module comment)."""
    if slug is not None:
        made = slugify(slug)
        if not made:
            raise ValueError(f"--slug {slug!r} has no letter or digit — write e.g. --slug end-of-cheap-relays")
        return made
    made = slugify(title)
    if made and made.isascii():
        return made
    latin = "-".join(word for word in made.split("-") if word.isascii())
    example = latin if latin else "short-name"
    raise SlugNeeded(
        f"the title {title!r} gives no readable Latin slug for the file name and the URL — "
        f"name the post with --slug, e.g. --slug {example}"
    )


def split_list(values: Iterable[str]) -> list[str]:
    """The items of options given as `a,b` and/or repeated, trimmed, without empty ones or repeats."""
    items: list[str] = []
    for value in values:
        for item in value.split(","):
            text = " ".join(item.split())
            if text and text not in items:
                items.append(text)
    return items


def check_tags(written: Sequence[str], vocabulary: TagVocabulary | None) -> tuple[list[str], list[AlmanacError]]:
    """The tags to write (each tag's name in the vocabulary, in the order given, once) and a
    problem for each that the build would refuse: unknown to the vocabulary (with the closest
    tag, as the build suggests it), or, without one, a tag that can have no page."""
    names: list[str] = []
    problems: list[AlmanacError] = []
    tags_file = "data/tags.yaml"
    for tag in written:
        if vocabulary is None:
            problem = check_slug(tag, slugify(tag))
            if problem is not None:
                problems.append(AlmanacError("--tags", None, *problem))
            elif tag not in names:
                names.append(tag)
            continue
        name = vocabulary.resolve(tag)
        if name is None:
            closest = vocabulary.suggest(tag)
            hint = (
                f'did you mean "{closest}"? The tags are listed in {tags_file}'
                if closest
                else f"use a tag of {tags_file}, or add this one there"
            )
            problems.append(AlmanacError("--tags", None, f'unknown tag "{tag}"', hint))
        elif name not in names:
            names.append(name)
    return names, problems


def check_authors(ids: Sequence[str], known: Mapping[str, object], authors_file: str) -> list[AlmanacError]:
    """A problem for each author id missing from the authors file (`known`: its ids), with the
    closest id."""
    problems: list[AlmanacError] = []
    for author in ids:
        if author in known:
            continue
        hint = suggestion(author, known, f"add it to {authors_file}")
        problems.append(AlmanacError("--author", None, f"unknown author `{author}`", hint))
    return problems


def file_name(date: dt.date, slug: str) -> str:
    """The post's file name, `YYYY-MM-DD-<slug>.md`: the blog takes the slug back from it."""
    return f"{date.isoformat()}-{slug}.md"


def post_text(
    title: str,
    date: dt.date,
    *,
    tags: Sequence[str] = (),
    authors: Sequence[str] = (),
    draft: bool = False,
    body: str = BODY,
) -> str:
    """The whole post: front matter (title, date, then tags and authors when there are any, and
    `draft: true` only for a draft), a blank line, the body."""
    metadata: dict[str, object] = {"title": title, "date": date}
    if tags:
        metadata["tags"] = list(tags)
    if authors:
        metadata["authors"] = list(authors)
    if draft:
        metadata["draft"] = True
    post = frontmatter.Post(body.rstrip("\n"))
    post.metadata.update(metadata)
    # Lists on one line (`tags: [large model, pricing]`) as the README writes them; no title is
    # folded over two lines, however long.
    text = frontmatter.dumps(post, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1 << 30)
    return text + "\n"


class _Dumper(yaml.SafeDumper):
    """YAML's safe writer, with lists on one line."""


def _flow_list(dumper: yaml.SafeDumper, items: list[object]) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", items, flow_style=True)


_Dumper.add_representer(list, _flow_list)


def write_post(folder: Path, name: str, text: str, *, shown: str) -> Path:
    """Create `folder/name` (and the folder) holding `text`; an `AlmanacError` naming the file
    (`shown`: as the author sees it) when a post of that name exists anywhere under `folder`,
    which is never overwritten, at its line 1, as a file in the way of the folder is. A file
    that cannot be written for another reason (a read-only folder) is named without a line:
    there is no file to open."""
    path = folder / name
    taken = [path] if path.exists() else (sorted(folder.rglob(name)) if folder.is_dir() else [])
    if taken:
        where = shown if taken[0] == path else os.path.join(os.path.dirname(shown), str(taken[0].relative_to(folder)))
        raise AlmanacError(
            where,
            1,
            "a post of this name exists already; it was left as it is",
            "edit it, or name the new post otherwise (--slug) or date it otherwise (--date)",
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:  # read-only, or a file in the way
        raise _in_the_way(folder, shown) or _unwritable(shown, error) from None
    try:
        file = path.open("x", encoding="utf-8", newline="\n")
    except FileExistsError:  # made in the meantime
        raise AlmanacError(shown, 1, "a post of this name exists already; it was left as it is", "edit it") from None
    except OSError as error:
        raise _unwritable(shown, error) from None
    try:
        with file:
            file.write(text)
    except OSError as error:  # a full disk: no half-written post is left
        path.unlink(missing_ok=True)
        raise _unwritable(shown, error) from None
    return path


def _in_the_way(folder: Path, shown: str) -> AlmanacError | None:
    """The error for a file where `folder` or a folder above it should be, at its line 1 (as
    the author sees it: `shown` is a file in `folder`); `None` when there is none."""
    for depth, place in enumerate([folder, *folder.parents], start=1):
        if place.is_dir():
            return None
        if place.exists():
            where = shown  # the file's name as the author sees it: `shown` up to `place`
            for _ in range(depth):
                where = os.path.dirname(where)
            return AlmanacError(
                where or str(place),
                1,
                f"is a file, where the folder of the new post {shown} should be",
                "move or rename it, so that the folder can be made",
            )
    return None


def _unwritable(shown: str, error: OSError) -> AlmanacError:
    return AlmanacError(
        shown, None, f"cannot be written ({error.strerror or error})", "check that its folder is writable"
    )
