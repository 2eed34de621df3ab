# Posts: read and check the front matter of every post, before anything is built.
#
# Runs once per build, at the start (the blog plugin's `on_config`; `almanac check` calls the
# same functions). A post is a Markdown file under the posts folder with YAML front matter:
#
#     ---
#     title: The end of cheap API relays      # required
#     date: 2026-03-30                        # required: a date, or a date and time
#     updated: 2026-04-02                     # optional
#     tags: [large model, pricing]            # optional
#     authors: [lin]                          # optional, ids from docs/blog/.authors.yml
#     draft: true                             # optional: left out of `mkdocs build`
#     summary: One sentence for feeds.        # optional
#     slug: end-of-cheap-relays               # optional: the last part of the URL
#     ---
#
# Posts written for Material for MkDocs' blog plugin are read as they are:
#   - without `title`, the text of the post's first `# ` heading is its title (Material's rule);
#   - `date` may be a mapping, `date: {created: 2024-01-31, updated: 2024-02-01}`: `created` is
#     the post's date, `updated` its update (when there is no `updated:` key); other keys of
#     the mapping are Material's custom dates, left alone;
#   - `categories` (a list of names) are kept on the post; `links`, Material's related links, are
#     read into `PostLink`s: each item the path of a file under the docs folder (`setup/blog.md`,
#     `#anchor` allowed), `Title: path or http(s) address`, or `Section: [items…]`, each with its
#     line (whether the file exists is checked once the site's files are known, see
#     `core/blog/related_links.py`); `readtime` (a whole number of minutes) replaces the computed
#     reading time; `pin: true` puts the post first on the blog index; `description` is the
#     summary of a post that has no `summary`.
#   - `aliases` (Hugo's name): the earlier addresses of a post moved by hand, each a path in the
#     site (`blog/old-name/`, `/2023/old.html`), where a page that leads to the post is written
#     (`core/blog/redirects.py`).
#
# Rules an author may not expect:
#   - dates (`date`, `updated`) must fall in the years `MIN_YEAR`–`MAX_YEAR`; others are typos;
#   - a post dated after the build's instant (`now`) is *scheduled*: treated as a draft (left
#     out of `mkdocs build`, shown marked in `mkdocs serve`) until a build after its date;
#   - the slug comes from the file name without its date (`2026-03-30-end-of-relays.md` →
#     `end-of-relays`) or from `slug:`; an empty one is an error;
#   - the front matter and `.authors.yml` are held to the limits of every YAML document
#     (`core.safeyaml`: size, nesting, values repeated by aliases).
#
# Every problem becomes an `AlmanacError` with the file and line, so the author can fix it,
# and every problem of a post is found in one pass: a value YAML cannot read (`date:
# 2026-02-30`), a key written twice or a list as a key is reported and the other keys are
# checked on. Only front matter that is not YAML at all (or not closed, or over the limits)
# stops there. A post with problems is never built, but what could be read of it (its tags) is
# handed on (`PostProblems.read`) so that the steps after this one check it too. The same for
# the authors file (`AuthorProblems.authors`): one bad field does not make every post's author
# unknown. The Markdown body itself is left to MkDocs, which converts it once — that of a post
# with problems too, from `source_for_checks` (its body as written, without its front matter),
# so that the problems of its body are found in the same run.

from __future__ import annotations

import dataclasses
import datetime as dt
import posixpath
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from pymdownx.slugs import slugify as pymdownx_slugify  # type: ignore[import-untyped]

from almanac.core.errors import AlmanacError, AlmanacErrors, ErrorCollector, suggestion
from almanac.core.reads import KeptReads
from almanac.core.safeyaml import (
    MAX_BYTES,
    LimitExceeded,
    check_limits,
    check_size,
    decode_text,
    not_printable,
    read_text,
)
from almanac.core.slugs import slugify
from almanac.core.urls import check_url

try:  # the C loader is several times faster; PyYAML wheels ship it
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - only on PyYAML builds without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

__all__ = [
    "MAX_YEAR",
    "MIN_YEAR",
    "MORE_MARKER",
    "Author",
    "AuthorProblems",
    "FrontMatter",
    "ParsedPosts",
    "Post",
    "PostLink",
    "PostProblems",
    "as_of",
    "load_authors",
    "material_slugify",
    "parse_front_matter",
    "parse_post",
    "post_sources",
    "read_posts",
    "scheduled",
    "slugify",
    "source_for_checks",
    "title_slug",
    "zone",
]

#: The line that ends a post's excerpt.
MORE_MARKER = "<!-- more -->"

#: The years a post's `date` and `updated` may fall in; outside them, a date is a typo.
MIN_YEAR = 1900
MAX_YEAR = 2100

#: Front matter keys this module reads. Other keys are left to other plugins and the theme.
KNOWN_KEYS = (
    "title",
    "date",
    "updated",
    "tags",
    "authors",
    "draft",
    "summary",
    "slug",
    "categories",
    "readtime",
    "pin",
    "links",
    "description",
    "aliases",
)

_FENCE = re.compile(r"^(?:---|\.\.\.)\s*$")
_FILE_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}-")
_HEADING = re.compile(r"^#[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_BODY_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:|^//")
#: The inline Markdown of a heading that is not its text (MkDocs' title is the heading's text):
#: an `attr_list` at its end, tags, links and images, code, emphasis.
_ATTRIBUTES = re.compile(r"\s*\{[^{}]*\}\s*$")
_TAG = re.compile(r"<[^>]+>")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_CODE = re.compile(r"(`+)(.+?)\1")
_EMPHASIS = re.compile(r"(\*{1,3}|(?<!\w)_{1,3})(?=\S)(.+?)(?<=\S)\1(?!\w)")


@dataclass(frozen=True)
class Author:
    """A person who writes posts, from `docs/blog/.authors.yml`."""

    id: str
    name: str
    description: str = ""
    avatar: str = ""
    url: str = ""


@dataclass(frozen=True)
class FrontMatter:
    """Front matter as written, and where each top-level key stands in the file."""

    data: Mapping[str, Any]
    #: 1-based line in the file of each top-level key.
    lines: Mapping[str, int]
    #: For keys whose value is a list: the line of each item.
    item_lines: Mapping[str, tuple[int, ...]]
    #: Line of the opening `---`, and of the first line of the body.
    start_line: int
    body_line: int
    body: str
    #: Problems found while reading it that leave the other keys readable: a value YAML
    #: cannot construct, a key written twice, a key that is not a word.
    problems: tuple[AlmanacError, ...] = ()
    #: Keys written with a value that cannot be read (reported in `problems`, not in `data`).
    unreadable: frozenset[str] = frozenset()
    #: For `links`, whose items nest: the line of each item and mapping key at any depth, by its
    #: path in the value (`(0,)` the first item, `(1, "Docs", 0)` the first item under `Docs:`).
    nested_lines: Mapping[tuple[int | str, ...], int] = field(default_factory=dict)


@dataclass(frozen=True)
class PostLink:
    """One item of a post's `links` (Material's related links): a file of the site, an address,
    or a section holding more items."""

    #: The title written (`Title: …`), or `""` for a bare path (then the linked page's title).
    title: str
    #: A path under the docs folder (`setup/blog.md`, `setup/blog.md#anchor`), an http(s)
    #: address, or `""` for a section.
    target: str
    #: The item's line in the file.
    line: int
    #: A section's items.
    items: tuple[PostLink, ...] = ()

    @property
    def is_address(self) -> bool:
        """Whether `target` is a web address rather than a path in the site."""
        return bool(_SCHEME.match(self.target))


@dataclass(frozen=True)
class Post:
    """One post: its checked front matter and body, without any MkDocs object."""

    #: Path relative to the docs folder, with `/` separators (MkDocs' `src_uri`).
    src_uri: str
    #: Path shown in errors, relative to the project.
    display_path: str
    title: str
    date: dt.datetime
    slug: str
    body: str
    updated: dt.datetime | None = None
    tags: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    #: True for `draft: true`, and for a scheduled post (see `scheduled`).
    draft: bool = False
    #: True when the post is dated after the build's instant: it is then a draft too.
    scheduled: bool = False
    summary: str | None = None
    #: Material's `categories`, as written: shown on the post, each with its page; tags too with
    #: `categories_as_tags` (see `tags.with_categories_as_tags`).
    categories: tuple[str, ...] = ()
    #: Minutes to read from `readtime`, in place of the computed reading time; `None` without it.
    readtime: int | None = None
    #: `pin: true`: the post leads the blog index.
    pin: bool = False
    #: Material's `links`, read and checked as far as can be without the site's files.
    links: tuple[PostLink, ...] = ()
    #: `aliases`: earlier addresses of the post, each a site path (`blog/old/` or `old.html`,
    #: no leading `/`) with its line.
    aliases: tuple[tuple[str, int], ...] = ()
    #: Line of each front matter key, for errors found later (unknown tag, …).
    lines: Mapping[str, int] = field(default_factory=dict)
    #: Line of each item of list values (`tags`, `authors`).
    item_lines: Mapping[str, tuple[int, ...]] = field(default_factory=dict)

    @property
    def has_more(self) -> bool:
        return MORE_MARKER in self.body

    def item_line(self, key: str, index: int) -> int:
        """The line of item `index` of the list `key` (`categories`, `tags` …), else the key's."""
        written = self.item_lines.get(key, ())
        return written[index] if index < len(written) else self.lines.get(key) or 1

    def sort_key(self) -> tuple[dt.datetime, str]:
        """Newest first when sorted in reverse; ties are broken by path, so order is stable."""
        return (self.date, self.src_uri)


class PostProblems(AlmanacErrors):
    """The problems of one or more posts, with what could be read of each (`read`).

    A post with problems is never built. What it holds that later steps check (its tags and
    their lines) is read all the same, so that they report their problems in the same run. A
    field with a problem holds a stand-in there: the date of the post without a readable one
    is 1 January `MIN_YEAR`, its slug and title may be empty.
    """

    def __init__(self, errors: Iterable[AlmanacError], read: Sequence[Post] = ()) -> None:
        super().__init__(errors)
        self.read: tuple[Post, ...] = tuple(read)


class AuthorProblems(AlmanacErrors):
    """The problems of the authors file, with every author it names (`authors`), each read
    as far as it could be: a post naming one of them is not also told its author is unknown."""

    def __init__(self, errors: Iterable[AlmanacError], authors: Mapping[str, Author]) -> None:
        super().__init__(errors)
        self.authors: dict[str, Author] = dict(authors)


# --------------------------------------------------------------------------------------------
# Front matter
# --------------------------------------------------------------------------------------------


def parse_front_matter(text: str, path: str) -> FrontMatter:
    """Split `text` into its YAML front matter and body, and parse the YAML.

    A file without front matter gives empty data. YAML errors are reported with the line in
    the file, not in the front matter block.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return FrontMatter({}, {}, {}, 0, 1, text)
    end = _closing_fence(lines)
    if end is None:
        raise AlmanacError(
            path,
            1,
            "front matter is not closed",
            "end it with a line holding only `---`",
        )
    source = "\n".join(lines[1:end])
    body = "\n".join(lines[end + 1 :])
    # One parse: compose the node tree (it has the line of every key), check it against the
    # limits of every YAML document, then construct the values from it with the same loader.
    loader = _Loader(source)
    try:
        check_size(source)
        node = loader.get_single_node()
        check_limits(node, source)
        if node is None:
            return FrontMatter({}, {}, {}, 1, end + 2, body)
        if not isinstance(node, yaml.MappingNode):
            raise AlmanacError(
                path,
                node.start_mark.line + 2,
                "front matter is not a mapping of keys to values",
                "write one `key: value` per line, e.g. `title: My post`",
            )
        # Each problem is recorded and the other keys read on (see the module comment): a key
        # that is not a word is left out, a key written twice keeps its first value.
        problems: list[AlmanacError] = []
        key_lines: dict[str, int] = {}
        item_lines: dict[str, tuple[int, ...]] = {}
        nested_lines: dict[tuple[int | str, ...], int] = {}
        pairs: list[tuple[str, Any]] = []
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(
                    AlmanacError(
                        path,
                        key_node.start_mark.line + 2,
                        "a front matter key must be a word, not a list or a mapping",
                        "write one `key: value` per line, e.g. `title: My post`",
                        key_node.start_mark.column + 1,
                    )
                )
                continue
            key = str(key_node.value)
            if key in key_lines:
                problems.append(
                    AlmanacError(
                        path,
                        key_node.start_mark.line + 2,
                        f"duplicate key {_named(key)} in front matter (first on line {key_lines[key]})",
                        "keep one of them",
                    )
                )
                continue
            if isinstance(value_node, yaml.SequenceNode):
                item_lines[key] = tuple(item.start_mark.line + 2 for item in value_node.value)
                if key == "links":
                    _node_lines(value_node, (), nested_lines)
            key_lines[key] = key_node.start_mark.line + 2
            pairs.append((key, value_node))
        data: dict[str, Any] = {}
        unreadable: set[str] = set()
        for key, value_node in pairs:
            try:
                data[key] = loader.construct_object(value_node, deep=True)
            except _UNCONSTRUCTABLE as error:
                # e.g. `date: 2026-02-30`, which looks like a date but is none.
                found = _shown(value_node.value) if isinstance(value_node, yaml.ScalarNode) else "this value"
                problems.append(
                    AlmanacError(
                        path,
                        value_node.start_mark.line + 2,
                        f"{_named(key)} cannot be read: {found} ({_reason(error)})",
                        "check the value; a date is written `YYYY-MM-DD`",
                    )
                )
                unreadable.add(key)
    except yaml.MarkedYAMLError as error:
        raise _yaml_error(error, source, path, offset=1) from None
    except yaml.reader.ReaderError:
        raise not_printable(source, path, line_offset=1) from None
    except LimitExceeded as limit:
        raise limit.error(path, line_offset=1) from None
    finally:
        loader.dispose()
    return FrontMatter(
        data, key_lines, item_lines, 1, end + 2, body, tuple(problems), frozenset(unreadable), nested_lines
    )


def _node_lines(node: Any, path: tuple[int | str, ...], lines: dict[tuple[int | str, ...], int]) -> None:
    """The line in the file of each item and key under `node`, by its path (see `nested_lines`)."""
    if isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[(*path, index)] = item.start_mark.line + 2
            _node_lines(item, (*path, index), lines)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                lines[(*path, str(key.value))] = key.start_mark.line + 2
                _node_lines(value, (*path, str(key.value)), lines)


def _closing_fence(lines: Sequence[str]) -> int | None:
    """The index of the line that closes the front matter opened by `lines[0]`, if any."""
    return next((index for index in range(1, len(lines)) if _FENCE.match(lines[index])), None)


def source_for_checks(path: Path) -> str | None:
    """The text MkDocs converts a post with problems from. Such a post is never published, but
    it is converted all the same, so that the problems of its body (its links, its `almanac`
    blocks) are found in the same run as those of its front matter.

    That text is the body as written, after a front matter of only the keys left to other
    plugins and the theme (`autolink`, …; not `KNOWN_KEYS`, whose problems are reported) that
    could be read: MkDocs never reads the author's broken YAML, and never sees it as part of the
    body. Front matter that is not YAML, or over the limits, gives none. The body is the file's
    own, character for character, so that problems found in it are at their lines of the file
    (the plugins that report them count lines in the file, where they find that body). `None`
    when the file cannot be read as text or its front matter is not closed: where its body
    starts is unknown.
    """
    try:
        text = read_text(path, path.name, limit=None, newlines=True)
    except AlmanacError:
        return None
    text = text.removeprefix("\ufeff")
    lines = text.split("\n")
    kept: dict[str, Any] = {}
    if lines[0].rstrip() != "---":
        body = text
    else:
        end = _closing_fence(lines)
        if end is None:
            return None
        body = "\n".join(lines[end + 1 :])
        try:
            front = parse_front_matter(text, path.name)
        except AlmanacError:
            pass  # not YAML, or over the limits: no key is read
        else:
            kept = {
                key: value for key, value in front.data.items() if key not in KNOWN_KEYS and key not in front.unreadable
            }
    return f"---\n{_front_matter_of(kept)}\n---\n{body}"


def _front_matter_of(data: Mapping[str, Any]) -> str:
    """`data` written as YAML that MkDocs reads back as that mapping, with no line that would
    close the front matter; the keys whose value YAML does not write back as it is (an `!!omap`)
    are left out. Every character outside ASCII is written escaped: none is a line end that YAML
    reads and Python's `split` does not (U+0085, U+2028), and a text over several lines is
    written with its lines indented, so none of them is `---`."""
    written = _written(data)
    if written is None:
        written = _written({key: value for key, value in data.items() if _written({key: value}) is not None})
    return written or "{}"


def _written(data: Mapping[str, Any]) -> str | None:
    """`data` as YAML in flow style that is read back as `data`, with no fence line; or `None`."""
    if not data:
        return "{}"
    try:
        written = yaml.safe_dump(dict(data), default_flow_style=True, allow_unicode=False, width=1 << 30).strip()
        if not any(_FENCE.match(line) for line in written.split("\n")) and yaml.load(written, Loader=_Loader) == data:
            return written
    except (yaml.YAMLError, ValueError, TypeError):
        pass
    return None


#: What constructing a value written in valid YAML may raise: a date that is none, an
#: explicit tag (`!!timestamp x`, `!!binary é`) on a value it does not fit, a number too long.
_UNCONSTRUCTABLE = (ValueError, TypeError, AttributeError, OverflowError, yaml.YAMLError)


def _reason(error: Exception) -> str:
    """Why a value cannot be constructed, on one line."""
    if isinstance(error, yaml.MarkedYAMLError):
        text = error.problem or error.context or "invalid value"
    elif isinstance(error, AttributeError | TypeError):  # PyYAML's own slip on a bad `!!tag`
        text = "it does not fit its YAML tag"
    elif "offset must be a timedelta" in str(error):  # Python's words for `+25:00`
        text = "its time zone offset is not between -24:00 and +24:00"
    else:
        text = str(error) or type(error).__name__
    text = " ".join(text.split())
    return text if len(text) <= 100 else text[:97] + "..."


def _yaml_error(
    error: yaml.MarkedYAMLError, source: str, path: str, *, offset: int, what: str = "front matter"
) -> AlmanacError:
    """A YAML syntax error as an `AlmanacError` at its line in the file (`offset` lines
    before the YAML starts); `what` names the YAML in the message."""
    mark = error.problem_mark or error.context_mark
    if mark is not None and error.context_mark is not None and mark.line >= len(source.rstrip("\n").split("\n")):
        # The parser reached the end looking for a closing bracket or quote: point at the
        # line where it was opened instead.
        mark = error.context_mark
    line = mark.line + 1 + offset if mark else None
    column = mark.column + 1 if mark else None
    problem = error.problem or error.context or "invalid YAML"
    if mark is not None:
        text = source.split("\n")[mark.line] if mark.line < source.count("\n") + 1 else ""
        if "\t" in text[: mark.column + 1]:
            return AlmanacError(
                path,
                line,
                f"{what} is not valid YAML: a tab is used for indentation",
                "indent with spaces",
                column,
            )
    return AlmanacError(
        path,
        line,
        f"{what} is not valid YAML: {problem}",
        "check the quoting and indentation of this line; values with `: ` or `#` need quotes",
        column,
    )


# --------------------------------------------------------------------------------------------
# Posts
# --------------------------------------------------------------------------------------------


def parse_post(
    text: str,
    *,
    src_uri: str,
    display_path: str,
    timezone: dt.tzinfo,
    authors: Mapping[str, Author] | None = None,
    now: dt.datetime | None = None,
) -> Post:
    """Check a post's front matter and return the post. Raises `PostProblems` with every
    problem of this file and what could be read of the post (an `AlmanacError` alone when the
    front matter cannot be read at all).

    `now` is the build's instant: a post dated after it is scheduled (`Post.scheduled`, and a
    draft; see `scheduled`). A naive `now` is in `timezone`; `None` schedules nothing.
    """
    front = parse_front_matter(text, display_path)
    lines = front.lines
    # A key whose value cannot be read is reported already: it is neither missing nor checked.
    data = {key: value for key, value in front.data.items() if key not in front.unreadable}
    written = data.keys() | front.unreadable
    errors = ErrorCollector()
    errors.extend(front.problems)

    def line_of(key: str) -> int:
        return lines.get(key, front.start_line or 1)

    def fail(key: str, message: str, hint: str) -> None:
        errors.add(AlmanacError(display_path, line_of(key), message, hint))

    def checked_date(key: str, name: str, value: object, hint: str) -> dt.datetime | None:
        """`value` as the post's date or update (`name` as the message names it), else `None`
        with its problem recorded at the line of `key`."""
        found = _to_datetime(value, timezone)
        if found is None:
            fail(key, f"{name} is not a date: {_shown(value)}", hint)
        elif not _sane_year(found):
            fail(key, f"{name} is in the year {found.year}", _YEAR_HINT)
            return None
        return found

    def checked_flag(key: str) -> bool:
        """The true-or-false value of `key` (false when absent), else false with its problem recorded."""
        value = data.get(key, False)
        if isinstance(value, bool):
            return value
        fail(key, f"`{key}` must be true or false, not {_shown(value)}", f"write `{key}: true` or remove it")
        return False

    title = data.get("title")
    if "title" in front.unreadable:
        title = ""
    elif "title" not in data:
        title = _heading_title(front.body)
        if not title:
            fail("title", "the post has no `title`", "add `title: …` to its front matter")
    elif title is not None and (isinstance(title, bool) or not isinstance(title, str | int | float)):
        fail("title", "`title` must be text", "write it on one line, quoted if it holds `: `")
        title = ""
    elif title is None or not str(title).strip():
        fail("title", "`title` is empty", "give the post a title, e.g. `title: The end of cheap relays`")
        title = ""

    date = None
    written_date = data.get("date")
    dates: Mapping[Any, Any] = written_date if isinstance(written_date, dict) else {}
    if "date" not in written:
        fail("date", "the post has no `date`", "add `date: YYYY-MM-DD` to its front matter")
    elif isinstance(written_date, dict):  # Material's `date: {created: …, updated: …}`
        if "created" not in dates:
            fail("date", "`date` has no `created`", "write `date: {created: YYYY-MM-DD}`, or `date: YYYY-MM-DD`")
        else:
            hint = "write it as `YYYY-MM-DD` or `YYYY-MM-DD HH:MM`, e.g. `date: {created: 2026-03-30}`"
            date = checked_date("date", "`date.created`", dates["created"], hint)
    elif "date" in data:
        hint = "write it as `YYYY-MM-DD` or `YYYY-MM-DD HH:MM`, e.g. `date: 2026-03-30`"
        date = checked_date("date", "`date`", data["date"], hint)

    updated = None
    # `updated:`, or else Material's `date: {updated: …}`, reported at the line of `date`.
    updated_key, updated_name = ("updated", "`updated`")
    written_updated = data.get("updated")
    if written_updated is None and "updated" not in written and dates.get("updated") is not None:
        updated_key, updated_name, written_updated = "date", "`date.updated`", dates["updated"]
    if written_updated is not None:
        updated = checked_date(updated_key, updated_name, written_updated, "write it as `YYYY-MM-DD`, or remove it")
        if updated is not None and date is not None and updated < date:
            fail(updated_key, f"{updated_name} is before `date`", "the update must come after the post's date")

    tags = _string_list(data.get("tags"), "tags", fail, example="tags: [large model, pricing]")
    author_ids = _string_list(data.get("authors"), "authors", fail, example="authors: [lin]")
    if authors is not None:
        for author in author_ids:
            if author not in authors:
                known = sorted(authors)
                fail(
                    "authors",
                    f"unknown author {_named(author)}",
                    suggestion(author, known, "add it to docs/blog/.authors.yml")
                    if known
                    else "add it to docs/blog/.authors.yml",
                )

    draft = checked_flag("draft")

    summary = data.get("summary")
    if summary is not None and not isinstance(summary, str):
        fail("summary", "`summary` must be text", "write it on one line, quoted if it holds `: `")
        summary = None
    description = data.get("description")
    if description is not None and not isinstance(description, str):
        fail("description", "`description` must be text", "write it on one line, quoted if it holds `: `")
    elif summary is None and "summary" not in written and description:
        summary = description

    categories = _string_list(data.get("categories"), "categories", fail, example="categories: [Pricing, Chips]")

    readtime = data.get("readtime")
    if readtime is not None and (isinstance(readtime, bool) or not isinstance(readtime, int) or readtime < 1):
        fail(
            "readtime",
            f"`readtime` must be a whole number of minutes, not {_shown(readtime)}",
            "write e.g. `readtime: 5`, or remove it to have the reading time computed",
        )
        readtime = None

    pin = checked_flag("pin")

    links: tuple[PostLink, ...] = ()
    written_links = data.get("links")
    if written_links is not None and not isinstance(written_links, list):
        fail("links", "`links` must be a list", "write one address a line, each after `- `, under `links:`")
    elif written_links:

        def link_line(path: tuple[int | str, ...]) -> int:
            return front.nested_lines.get(path, line_of("links"))

        def link_problem(path: tuple[int | str, ...], message: str, hint: str) -> None:
            errors.add(AlmanacError(display_path, link_line(path), message, hint))

        links = _post_links(written_links, (), link_line, link_problem)

    aliases: list[tuple[str, int]] = []
    written_aliases = data.get("aliases")
    if isinstance(written_aliases, str):
        written_aliases = [written_aliases]
    if written_aliases is not None and not isinstance(written_aliases, list):
        fail(
            "aliases", "`aliases` must be a list", "write one earlier address a line, each after `- `, under `aliases:`"
        )
    elif written_aliases:
        alias_lines = front.item_lines.get("aliases", ())
        for index, alias in enumerate(written_aliases):
            alias_line = alias_lines[index] if index < len(alias_lines) else line_of("aliases")
            path, problem = _alias_path(alias)
            if problem:
                errors.add(
                    AlmanacError(
                        display_path,
                        alias_line,
                        f"`aliases`: {_shown(alias)} {problem}",
                        "write the post's earlier address as a path in the site, e.g. `blog/2023/old-name/`",
                    )
                )
            elif all(path != known for known, _ in aliases):
                aliases.append((path, alias_line))

    slug = data.get("slug")
    if "slug" in front.unreadable:
        slug = ""
    elif "slug" not in data:
        name = src_uri.rsplit("/", 1)[-1]
        slug = slugify(_FILE_DATE_PREFIX.sub("", name.removesuffix(".md")))
        if not slug:
            errors.add(
                AlmanacError(
                    display_path,
                    1,
                    f"the file name `{name}` gives the post no slug (the last part of its URL)",
                    "rename the file to `YYYY-MM-DD-short-name.md`, or set `slug: short-name` in its front matter",
                )
            )
    elif slug is None or (isinstance(slug, str) and not slugify(slug)):
        fail("slug", "`slug` is empty", "write the last part of the post's URL, e.g. `slug: end-of-cheap-relays`")
    elif not isinstance(slug, str) or slugify(slug) != slug:
        fail(
            "slug",
            f"`slug` must be lowercase letters, digits and hyphens, not {_shown(slug)}",
            f"write `slug: {slugify(str(slug)) if isinstance(slug, str | int | float) else 'my-post'}`",
        )

    later = date is not None and now is not None and scheduled(date, now, timezone)
    post = Post(
        src_uri=src_uri,
        display_path=display_path,
        title=str(title).strip(),
        date=date or dt.datetime(MIN_YEAR, 1, 1, tzinfo=timezone),
        updated=updated,
        slug=slug if isinstance(slug, str) else "",
        body=front.body,
        tags=tags,
        authors=author_ids,
        draft=draft or later,
        scheduled=later,
        summary=summary.strip() if summary else None,
        categories=categories,
        readtime=readtime,
        pin=pin,
        links=links,
        aliases=tuple(aliases),
        lines=dict(lines),
        item_lines=dict(front.item_lines),
    )
    if errors:
        raise PostProblems(errors.errors, [post])
    return post


_LINK_HINT = (
    "write the path of a file under the docs folder (`setup/blog.md`), "
    "`Title: path or address`, or `Section:` and a list"
)


def _post_links(
    items: list[Any],
    path: tuple[int | str, ...],
    line: Callable[[tuple[int | str, ...]], int],
    fail: Callable[[tuple[int | str, ...], str, str], None],
) -> tuple[PostLink, ...]:
    """The items of `links` (or of one of its sections, at `path`), each problem recorded at
    its line: an item that is neither a path, nor `Title: target`, nor `Section: [items]`; an
    empty title; an address that is not http(s) (`javascript:`, `data:` …) or a path holding
    characters no address holds. The files paths name are checked later (`related_links.py`)."""
    read: list[PostLink] = []
    for index, item in enumerate(items):
        where = (*path, index)
        title: object = ""
        value: object = item
        if isinstance(item, dict):
            if len(item) != 1:
                fail(where, f"a `links` item holds {len(item)} keys, not one", _LINK_HINT)
                continue
            ((title, value),) = item.items()
            where = (*where, str(title))
            if isinstance(title, bool) or not isinstance(title, str | int | float) or not str(title).strip():
                fail(where, f"a `links` title must be text, not {_shown(title)}", _LINK_HINT)
                continue
        if isinstance(value, list) and title != "":
            if not value:
                fail(where, f"the `links` section {_named(title)} is empty", "list its links under it, or remove it")
            children = _post_links(value, where, line, fail)
            read.append(PostLink(str(title).strip(), "", line(where), children))
            continue
        if not isinstance(value, str) or not value.strip():
            fail(where, f"a `links` item holds {_shown(value)}, which is not a path or an address", _LINK_HINT)
            continue
        target = value.strip()
        problem = check_url(target, relative=True)
        if problem is not None:
            named = f"`links`: {_named(target)}" if _SCHEME.match(target) else f"`links`: the path {_named(target)}"
            fail(
                where,
                f"{named} {problem}",
                "link to a web page by its http(s) address, or to a file of the site by its path under the docs folder",
            )
            continue
        read.append(PostLink(str(title).strip(), target, line(where)))
    return tuple(read)


def _alias_path(alias: object) -> tuple[str, str]:
    """An earlier address of a post as a site path (`blog/old/`, `old.html`), or what is wrong
    with it: not text, an address of another site, a query or fragment, a path out of the site."""
    if not isinstance(alias, str) or not alias.strip():
        return "", "is not a path in the site"
    text = alias.strip()
    if _SCHEME.match(text):
        return "", "is not a path in this site (an alias is where the post was on this site)"
    if "?" in text or "#" in text:
        return "", "holds `?` or `#`: a page is at a path, without a query or a fragment"
    if problem := check_url(text, relative=True):
        return "", problem
    path = posixpath.normpath("/" + text).lstrip("/")
    if not path or ".." in text.split("/"):
        return "", "is not a path of a page under the site's root"
    if not path.endswith((".html", ".htm")):
        path += "/"
    return path, ""


def title_slug(post: Post) -> str:
    """The slug Material's blog plugin gives `post` when it has no `slug:` (`post_slug: title`):
    its title through pymdownx's `slugify(case="lower")`, the title being, as MkDocs reads it
    before rendering, the front matter's `title`, else the first line of the body when it is a
    `# ` heading, as written (`# Hello *world* {#hi}` → `hello-world--hi`), else the file name."""
    if "title" in post.lines:
        title = post.title
    else:
        first = next((line.strip() for line in post.body.replace("\r\n", "\n").split("\n") if line.strip()), "")
        if first.startswith("# "):
            title = first.lstrip("# ")
        else:
            name = post.src_uri.rsplit("/", 1)[-1].removesuffix(".md")
            title = name.replace("-", " ").replace("_", " ")
    return material_slugify(title, "-")


material_slugify: Callable[[str, str], str] = pymdownx_slugify(case="lower")


def _heading_title(body: str) -> str:
    """The text of the first `# ` heading of `body` outside fenced code, or `""`."""
    fence = ""
    for line in body.split("\n"):
        opened = _BODY_FENCE.match(line)
        if fence:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = ""
            continue
        if opened:
            fence = opened.group(1)
            continue
        heading = _HEADING.match(line)
        if heading and (text := _heading_text(heading.group(1))):
            return text
    return ""


def _heading_text(markdown: str) -> str:
    """The text of a heading written in Markdown: `**Cheap** [relays](x.md) {#relays}` → `Cheap relays`."""
    text = _LINK.sub(r"\1", _TAG.sub("", _ATTRIBUTES.sub("", markdown)))
    text = _CODE.sub(lambda match: match.group(2).strip(), text)
    for _ in range(3):  # nested emphasis, `***both***` or `*a **b***`
        text = _EMPHASIS.sub(r"\2", text)
    return " ".join(text.split())


def scheduled(date: dt.datetime | dt.date, now: dt.datetime, timezone: dt.tzinfo) -> bool:
    """Whether a post dated `date` is scheduled in a build at the instant `now`: dated after
    it. A date without a time is the start of that day, and a naive `date` or `now` is, in
    `timezone` (the blog's), so a post dated today where the blog is is never scheduled."""
    if not isinstance(date, dt.datetime):
        date = dt.datetime(date.year, date.month, date.day)
    return date.replace(tzinfo=date.tzinfo or timezone) > now.replace(tzinfo=now.tzinfo or timezone)


def post_sources(docs_dir: Path, posts_dir: str) -> list[tuple[str, Path]]:
    """`(src_uri, path)` of every Markdown file under `docs_dir/posts_dir`, in path order."""
    root = docs_dir / posts_dir
    if not root.is_dir():
        return []
    return [(path.relative_to(docs_dir).as_posix(), path) for path in sorted(root.rglob("*.md"))]


class ParsedPosts:
    """The posts the last read parsed without a problem, each by its text and what checking it
    depends on: the preview reads every post at each save, and a post whose file is as it was is
    not parsed again (its front matter was a fifth of a one-word save at 1,000 posts, profiled).
    Each read begins with `next_read`, then gives it to `read_posts` (`parsed`); it keeps what it
    parsed for the next, and what it did not read is forgotten. A post is remembered as of no
    instant, and scheduled when read (`as_of`)."""

    def __init__(self, reads: KeptReads | None = None) -> None:
        self._last: dict[tuple[str, ...], Post] = {}
        self._read: dict[tuple[str, ...], Post] = {}
        self._authors = ""
        self.reads = reads if reads is not None else KeptReads()

    def read_text(self, path: Path, display_path: str) -> str:
        """The text of the post at `path`, as `read_text` gives it; a file whose status is as
        it was when last read is not read again (`KeptReads`)."""
        try:
            data = self.reads.read_bytes(path)
        except OSError:
            return read_text(path, display_path, limit=None, newlines=True)  # the problem, told as it tells it
        return decode_text(data, display_path, newlines=True)

    def next_read(self, authors: Mapping[str, Author] | None) -> None:
        """A read begins, checking posts against `authors` (the same as `parse` is given): what
        the last one parsed is what this one may take (when the authors are the same)."""
        self._last, self._read = self._read, {}
        self._authors = "" if authors is None else repr(sorted(authors.items()))

    def parse(
        self,
        text: str,
        *,
        src_uri: str,
        display_path: str,
        timezone: dt.tzinfo,
        authors: Mapping[str, Author] | None,
        now: dt.datetime | None,
    ) -> Post:
        """`parse_post`'s post, from the last read's when `text` and the rest are as they were."""
        key = (src_uri, display_path, text, repr(timezone), self._authors)
        post = self._read.get(key) or self._last.get(key)
        if post is None:
            post = parse_post(text, src_uri=src_uri, display_path=display_path, timezone=timezone, authors=authors)
        self._read[key] = post
        return as_of(post, now, timezone)


def as_of(post: Post, now: dt.datetime | None, timezone: dt.tzinfo) -> Post:
    """`post` (parsed as of no instant) in a build at the instant `now`: scheduled, and a draft,
    when it is dated after it (see `parse_post`)."""
    if now is None or post.scheduled or not scheduled(post.date, now, timezone):
        return post
    return dataclasses.replace(post, draft=True, scheduled=True)


def read_posts(
    files: Iterable[tuple[str, Path]],
    *,
    docs_prefix: str,
    timezone: dt.tzinfo,
    authors: Mapping[str, Author] | None,
    now: dt.datetime | None = None,
    parsed: ParsedPosts | None = None,
) -> list[Post]:
    """Read and check every post; raise `PostProblems` with the problems of all of them (and
    what could be read of each post that has some).

    `files` holds `(src_uri, absolute path)` pairs; `docs_prefix` is the docs folder relative
    to the project (e.g. `docs/`), used to name files in errors. `now` is the build's instant:
    posts dated after it are scheduled, and treated as drafts (see `parse_post`). With
    `parsed`, a post as the last read of it found it is not parsed again (see `ParsedPosts`).
    """
    errors = ErrorCollector()
    posts: list[Post] = []
    read: list[Post] = []
    for src_uri, path in files:
        display = docs_prefix + src_uri
        try:
            if parsed is not None:
                text = parsed.read_text(path, display)
            else:
                text = read_text(path, display, limit=None, newlines=True)
            parse = parsed.parse if parsed is not None else parse_post
            post = parse(text, src_uri=src_uri, display_path=display, timezone=timezone, authors=authors, now=now)
            posts.append(post)
        except PostProblems as problems:
            errors.extend(problems.errors)
            read.extend(problems.read)
        except AlmanacErrors as problems:
            errors.extend(problems.errors)
        except AlmanacError as problem:
            errors.add(problem)
    if errors:
        raise PostProblems(errors.errors, read)
    return posts


def _to_datetime(value: Any, timezone: dt.tzinfo) -> dt.datetime | None:
    """A YAML date or datetime as an aware datetime; naive values are in `timezone`."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=timezone)
    if isinstance(value, str):
        try:
            parsed = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            return None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone)
    return None


_YEAR_HINT = f"a post's dates fall in the years {MIN_YEAR} to {MAX_YEAR}; check the year, e.g. `date: 2026-03-30`"


def _sane_year(value: dt.datetime) -> bool:
    return MIN_YEAR <= value.year <= MAX_YEAR


def _named(name: object) -> str:
    """A key or an id as an error names it: in backticks, or quoted when it holds a line
    break or another character that would not show."""
    text = str(name)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"`{text}`" if text.isprintable() and "`" not in text else repr(text)


def _shown(value: Any) -> str:
    """A value as an error quotes it: short, whatever it holds."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple | set):
        return "a list"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _string_list(value: Any, key: str, fail: Any, *, example: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        fail(key, f"`{key}` must be a list", f"write `{example}`")
        return ()
    items: list[str] = []
    for item in value:
        if isinstance(item, bool) or not isinstance(item, str | int | float) or not str(item).strip():
            fail(key, f"`{key}` holds {_shown(item)}, which is not a name", f"write `{example}`")
            continue
        text = str(item).strip()
        if text not in items:
            items.append(text)
    return tuple(items)


# --------------------------------------------------------------------------------------------
# Authors
# --------------------------------------------------------------------------------------------


def load_authors(path: Path, display_path: str) -> dict[str, Author]:
    """Read Material's `.authors.yml` (`authors: {id: {name, description, avatar, url}}`).

    A missing file means no authors are known, and then any author in a post is an error.
    `name` and `description` are text; `url` is an http(s) address, `avatar` one or a path
    relative to the site. Raises `AuthorProblems` with every problem of the file and every
    author it names; an `AlmanacError` alone when it cannot be read as YAML or has no
    `authors:` mapping, and then which authors it names is unknown.
    """
    if not path.exists():
        return {}
    text = read_text(path, display_path, limit=MAX_BYTES, newlines=True)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        check_limits(node, text)
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        raise _yaml_error(error, text, display_path, offset=0, what="the file") from None
    except yaml.reader.ReaderError:
        raise not_printable(text, display_path) from None
    except LimitExceeded as limit:
        raise limit.error(display_path) from None
    except _UNCONSTRUCTABLE as error:  # e.g. `2026-02-30`, a date that is none
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = mark.line + 1 if isinstance(mark, yaml.Mark) else 1
        raise AlmanacError(display_path, line, f"a value cannot be read ({_reason(error)})", "check it") from None
    finally:
        loader.dispose()
    entries = data.get("authors") if isinstance(data, dict) else None
    if not isinstance(entries, dict):
        raise AlmanacError(display_path, 1, "no `authors:` mapping", "write `authors:` then one entry per author id")
    lines = _author_lines(node)
    authors: dict[str, Author] = {}
    errors = ErrorCollector()
    errors.extend(_duplicate_keys(node, display_path))
    for author_id, entry in entries.items():
        where = lines.get(str(author_id), {})
        line = where.get("", 1)

        def fail(key: str, message: str, hint: str, where: dict[str, int] = where, line: int = line) -> None:
            errors.add(AlmanacError(display_path, where.get(key, line), message, hint))

        if isinstance(author_id, bool) or not isinstance(author_id, str | int) or not str(author_id).strip():
            fail("", f"an author id is a word, not {_shown(author_id)}", "write the id as letters, e.g. `lin:`")
            continue
        author_id = str(author_id)
        if not isinstance(entry, dict):
            fail("", f"author {_named(author_id)} has no `name`", "add `name: Full Name`")
            authors[author_id] = Author(id=author_id, name="")
            continue
        fields: dict[str, str] = {}
        for key in ("name", "description", "avatar", "url"):
            value = entry.get(key)
            if value is None:
                fields[key] = ""
            elif isinstance(value, str):
                fields[key] = value.strip()
            else:
                fail(
                    key,
                    f"author {_named(author_id)}: `{key}` must be text, not {_shown(value)}",
                    f"write `{key}:` and the text after it",
                )
                fields[key] = ""
        if not fields["name"] and isinstance(entry.get("name"), str | None):
            fail("name", f"author {_named(author_id)} has no `name`", "add `name: Full Name`")
        if fields["url"] and (problem := check_url(fields["url"])):
            fail(
                "url",
                f"author {_named(author_id)}: `url` {problem}",
                "write the address of the author's page, e.g. `url: https://example.org/lin/`",
            )
        if fields["avatar"] and (problem := check_url(fields["avatar"], relative=True)):
            fail(
                "avatar",
                f"author {_named(author_id)}: `avatar` {problem}",
                "write the address of an image, e.g. `avatar: https://example.org/lin.png`, or a path in the site",
            )
        authors[author_id] = Author(id=author_id, **fields)
    if errors:
        raise AuthorProblems(errors.errors, authors)
    return authors


def _duplicate_keys(node: Any, path: str) -> list[AlmanacError]:
    """An error for each key written twice in the authors file's mapping, its `authors:`
    mapping or one author's entry (YAML would keep the last one silently)."""
    mappings = [node]
    for key, value in node.value if isinstance(node, yaml.MappingNode) else ():
        if key.value == "authors" and isinstance(value, yaml.MappingNode):
            mappings.append(value)
            mappings.extend(entry for _, entry in value.value)
    found: list[AlmanacError] = []
    for mapping in mappings:
        if not isinstance(mapping, yaml.MappingNode):
            continue
        first: dict[str, int] = {}
        for key, _ in mapping.value:
            if not isinstance(key, yaml.ScalarNode):
                continue
            line = key.start_mark.line + 1
            if key.value in first:
                message = f"duplicate key {_named(key.value)} (first on line {first[key.value]})"
                found.append(AlmanacError(path, line, message, "keep one of them"))
            else:
                first[key.value] = line
    return found


def _author_lines(node: Any) -> dict[str, dict[str, int]]:
    """For each author id: the line of its key (under `""`) and of each of its fields."""
    lines: dict[str, dict[str, int]] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == "authors" and isinstance(value, yaml.MappingNode):
                for sub_key, entry in value.value:
                    if not isinstance(sub_key, yaml.ScalarNode):
                        continue
                    where = lines.setdefault(str(sub_key.value), {"": sub_key.start_mark.line + 1})
                    if isinstance(entry, yaml.MappingNode):
                        for field_key, _ in entry.value:
                            if isinstance(field_key, yaml.ScalarNode):
                                where.setdefault(str(field_key.value), field_key.start_mark.line + 1)
    return lines


def zone(name: str) -> dt.tzinfo:
    """The time zone called `name` (IANA), raising `ValueError` with a readable message."""
    try:
        return ZoneInfo(name)
    except Exception as error:  # ZoneInfoNotFoundError, ValueError
        raise ValueError(f"unknown time zone {name!r} — use an IANA name such as 'Asia/Shanghai' or 'UTC'") from error
