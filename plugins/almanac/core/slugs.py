# Slugs: the readable, stable part of a URL made from a name (a post's file name, a tag).
#
# The rule: NFKC-normalise and lowercase; remove accents from Latin letters (`Café` → `cafe`);
# turn each run of characters that are not letters or digits into one hyphen. Letters of other
# scripts stay as they are (`大模型` → `大模型`), which browsers show as written.

from __future__ import annotations

import re
import unicodedata

__all__ = ["slugify"]

_WORD = re.compile(r"[^\W_]+")


def slugify(text: str) -> str:
    """A readable, stable URL part for `text` (see the slug rule in the module comment)."""
    text = unicodedata.normalize("NFKC", text)
    kept: list[str] = []
    for char in unicodedata.normalize("NFD", text):
        # Drop accents from Latin letters only; marks that change a letter elsewhere (e.g. the
        # Japanese dakuten) are part of it.
        if unicodedata.combining(char) and kept and kept[-1].isascii():
            continue
        kept.append(char)
    plain = unicodedata.normalize("NFC", "".join(kept)).lower()
    return "-".join(_WORD.findall(plain))
