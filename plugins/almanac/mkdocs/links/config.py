# Options of the `almanac/links` plugin, checked when MkDocs loads `mkdocs.yml` (see
# `options.py`): a bad value stops the build, and `almanac check`, with its line and how to fix it.

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

from mkdocs.config.base import BaseConfigOption, ValidationError

from almanac.core.links.model import KINDS
from almanac.mkdocs.options import CheckedConfig, Flag

if TYPE_CHECKING:
    from almanac.core.links.model import EntityKind

#: The kinds of entity a name in running text links to when `autolink` is not written.
DEFAULT_AUTOLINK: tuple[EntityKind, ...] = ("model", "vendor", "provider")


class EntityKinds(BaseConfigOption[tuple["EntityKind", ...]]):
    """A list of kinds of entity (`model`, `vendor`, `provider`, `tag`), each at most once; `[]` for none."""

    def __init__(self, default: tuple[EntityKind, ...]) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> tuple[EntityKind, ...]:
        choices = ", ".join(KINDS)
        hint = f"write a list of the kinds {choices}, e.g. [model, vendor, provider], or [] for none"
        if not isinstance(value, list | tuple):
            raise ValidationError(f"must be a list of kinds, not {value!r} — {hint}")
        kinds: list[EntityKind] = []
        for item in value:
            kind = next((known for known in KINDS if known == item), None)
            if kind is None:
                close = difflib.get_close_matches(str(item), KINDS, n=1)
                fix = f"did you mean {close[0]!r}? ({hint})" if close else hint
                raise ValidationError(f"lists {item!r}, which is not a kind of entity — {fix}")
            if kind in kinds:
                raise ValidationError(f"lists {kind!r} twice — write each kind once")
            kinds.append(kind)
        return tuple(kinds)


class LinksConfig(CheckedConfig):
    """Options of `almanac/links` in `mkdocs.yml`.

    ```yaml
    plugins:
      - almanac/data
      - almanac/blog
      - almanac/links:
          autolink: [model, vendor, provider]
    ```
    """

    plugin_name = "almanac/links"

    enabled = Flag(True, hint="write `enabled: false` to turn the plugin off")
    """Turn the plugin off without removing its options (`enabled: false`): `[[id]]` is then
    left as written, nothing is linked automatically and entity pages list no mentions."""

    autolink = EntityKinds(DEFAULT_AUTOLINK)
    """The kinds of entity whose names link where a page first mentions them in running text:
    any of `model`, `vendor`, `provider` and `tag` (default: `[model, vendor, provider]`; `[]`
    links only what `[[id]]` names). A page turns it off for itself with `autolink: false` in
    its front matter. `[[id]]` and `[[kind:id|text]]` link whatever this option says, tags
    included (`[[tag:large-model]]`)."""
