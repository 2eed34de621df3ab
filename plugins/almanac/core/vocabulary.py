# The tag vocabulary: which spellings name which tag, and the page of each tag. Both pipelines use
# it, so it stands below both: the data pipeline checks `data/tags.yaml` by these rules when it
# loads the file (`on_config`) and hands the blog a `TagVocabulary` of plain values; the blog
# pipeline resolves each post's tags against it (`blog/tags.py`, also `on_config`), or makes one
# of the tags its posts use when there is no `data/tags.yaml`.
#
# Spelling rule: a tag written in a post matches a name or alias of `data/tags.yaml` when both
# are equal after Unicode NFKC normalisation (full-width letters become ASCII), trimming,
# collapsing runs of white space, and ignoring case: `  Large   Model`, `ＬＬＭ` and `llm` all
# match the alias `LLM` (`tag_key`).
#
# Slug rule (the tag page is `/tags/<slug>/`): the tag's own `slug:` if it sets one; otherwise
# its name made a slug (`core/slugs.py`): `large model` → `large-model`, `API gateway` →
# `api-gateway`, `GLM-4.5` → `glm-4-5`, `大模型` → `大模型`. A slug never changes unless the
# name does, so tag URLs are stable. A slug may not be empty (a name without a letter or digit,
# such as `+++`: its page would take the tag index's place, `/tags/`), nor end like a file
# (`.html`, `.xml`, `.json`: `/tags/index.html/` would clash with the tag index's own file)
# (`check_slug`), and no two tags share one. The tag index is one page, so `page` is a slug like
# any other.

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

__all__ = ["TagInfo", "TagVocabulary", "check_slug", "tag_key"]

_SPACES = re.compile(r"\s+")


def tag_key(text: str) -> str:
    """The form in which two spellings of a tag are compared (see the module comment)."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()


_FILE_LIKE = (".html", ".htm", ".xml", ".json")


def check_slug(name: str, slug: str) -> tuple[str, str] | None:
    """What is wrong with `slug` as the URL part of the tag `name`, and how to fix it; None if
    nothing is (see the slug rule in the module comment)."""
    if not slug:
        return (
            f"the tag {name!r} has no letter or digit to name its page /tags/<slug>/ "
            "(it would take the place of the tag index /tags/)",
            "give the tag a name with a letter or digit, or a `slug:` of lower-case letters, digits and hyphens",
        )
    if slug.endswith(_FILE_LIKE):
        return (
            f"the slug {slug!r} of the tag {name!r} ends like a file name, which a tag page cannot have",
            f"use a slug without the ending, e.g. {slug.rsplit('.', 1)[0]!r}",
        )
    return None


@dataclass(frozen=True)
class TagInfo:
    """A tag of the vocabulary, as pages show it."""

    name: str
    slug: str
    description_en: str
    description_zh: str
    #: Line of the tag in `data/tags.yaml` (for warnings about unused tags).
    line: int | None = None


class TagVocabulary:
    """The known tags, looked up by any spelling of their name or aliases."""

    def __init__(self, tags: Iterable[TagInfo], spellings: Mapping[str, str]) -> None:
        """`spellings`: each spelling, as `tag_key` makes it, → the name of its tag."""
        self.tags: dict[str, TagInfo] = {tag.name: tag for tag in tags}
        self._by_key = dict(spellings)

    @classmethod
    def from_list(cls, tags: Iterable[tuple[TagInfo, Iterable[str]]]) -> TagVocabulary:
        """The vocabulary of a list of tags, each with its aliases; a spelling that two tags
        have names the first."""
        infos: list[TagInfo] = []
        spellings: dict[str, str] = {}
        for info, aliases in tags:
            infos.append(info)
            for spelling in (info.name, *aliases):
                spellings.setdefault(tag_key(spelling), info.name)
        return cls(infos, spellings)

    def resolve(self, written: str) -> str | None:
        """The tag's name for a spelling written in a post, or None when no tag has it."""
        return self._by_key.get(tag_key(written))

    def suggest(self, written: str) -> str | None:
        """The closest known tag name to an unknown spelling."""
        key = tag_key(written)
        close = difflib.get_close_matches(key, list(self._by_key), n=1, cutoff=0.6)
        return self._by_key[close[0]] if close else None
