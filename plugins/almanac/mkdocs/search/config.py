# Options of the `almanac/search` plugin, checked when MkDocs loads `mkdocs.yml` (see
# `options.py`): a bad value stops the build, and `almanac check`, with its line and how to fix it.

from __future__ import annotations

import re

from mkdocs.config.base import BaseConfigOption, ValidationError

from almanac.core.search import PART_SIZE
from almanac.mkdocs.options import CheckedConfig, Count, Flag

_LANGUAGE = re.compile(r"[a-z]{2}")


class LanguageCode(BaseConfigOption[str]):
    """A language as an ISO 639-1 code: two lowercase letters (`zh`, `en`)."""

    def __init__(self, default: str) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str) or _LANGUAGE.fullmatch(value) is None:
            raise ValidationError(
                f"must be a language's two-letter code, not {value!r} — write e.g. `language: zh` (Chinese) or `en`"
            )
        return value


class SearchConfig(CheckedConfig):
    """Options of `almanac/search` in `mkdocs.yml`, after Material's `search` (whose box it answers).

    ```yaml
    plugins:
      - search
      - almanac/search:
          language: zh
    ```
    """

    plugin_name = "almanac/search"

    enabled = Flag(True, hint="write `enabled: false` to turn the plugin off")
    """Turn the plugin off without removing its options (`enabled: false`): Material's own search
    then indexes every page, as it does without this plugin."""

    language = LanguageCode("zh")
    """The language Pagefind indexes every page as, and splits its words by (default `zh`). One
    language for the whole site, so that a query finds every post whatever page it is typed on;
    Chinese splits Chinese text into words and keeps English words whole, so `zh` serves a blog
    in both. `en` adds English stemming (`models` finds `model`) but cannot split Chinese."""

    part_size = Count(PART_SIZE, minimum=1, hint="write how many pages one run of Pagefind indexes at most, e.g. 2000")
    """About the most pages one run of Pagefind's binary indexes (default 2,000). Pagefind holds
    every page's words until it writes the index, about a quarter of a megabyte a page: a site with
    more pages is indexed in parts of about this many (each page in the part its address names),
    one run after the other, which the search box merges as it loads (Pagefind's `mergeIndex`).
    Each part weighs a word by how common it is in that part, so results of a word most pages hold
    come in a somewhat different order than from one index (benchmarks/README.md). Lower it if the
    build runs short of memory; raise it above the site's pages for one index."""
