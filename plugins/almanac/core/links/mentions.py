# Names of the data found in running text, in one scan, and the sentence around each.
#
# `Matcher` is made once per build (`on_config` of `almanac/links`) from every name and alias of
# the entities of the kinds that link by themselves; `EntityLinks` (`markdown.py`) runs it over
# the text of each page while MkDocs converts it. All names are compiled into ONE regular
# expression shaped as a trie of their characters (`DeepSeek` and `DeepSeek-V4-Pro` share
# `DeepSeek`), so a scan costs about the same with ten names or six thousand.
#
# Matching rules:
# - Names are compared case-sensitively, exactly as the data writes them (`Kimi` is found,
#   `kimi` is not): a lower-case word is too often an ordinary word. A space in a name matches
#   any run of white space (a line break in the Markdown).
# - The longest name wins at a place: `GPT-5 mini` over `GPT-5`, `Claude Sonnet 4.5` over
#   `Claude`. Of two places, the first wins.
# - A name that begins (ends) with a Latin letter or digit is found only where no Latin letter
#   or digit comes before (after) it, and never before `.` and a digit: `GPT-5` is not in
#   `GPT-5.4` nor `GPT-50`, `GLM` is not in `GLMs`, but `GPT-5` ends the sentence `We use GPT-5.`.
#   Python's `\b` is not used: it counts Han characters as word characters, so `\bDeepSeek\b`
#   would miss `用DeepSeek写代码`. Han names (`智谱`, `通义千问`) are found as they are written.
# - Two entities with one name: the first kind of `KINDS` takes it (a vendor over the provider
#   of the same name), then the first given.

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator
from typing import Final, TypeAlias

from almanac.core.links.model import KINDS, Entity, EntityKind

__all__ = ["Matcher", "plain_text", "sentence_around"]

_LATIN: Final = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
# After consuming a name's first character: the one before it is no Latin letter or digit.
_STARTS: Final = r"(?<![A-Za-z0-9].)"
# After a name's last character: no Latin letter or digit, nor `.` and a digit, follows.
_ENDS: Final = r"(?![A-Za-z0-9]|\.\d)"
_SPACE: Final = re.compile(r"\s+")

_Trie: TypeAlias = dict[str, "_Trie"]
_END_OF_NAME: Final = ""  # the key that marks a node where a name ends


def _normal(name: str) -> str:
    return _SPACE.sub(" ", name.strip())


class Matcher:
    """Finds the names of `entities` of the given `kinds` in text (see the module comment)."""

    def __init__(self, entities: Iterable[Entity], kinds: Collection[EntityKind]) -> None:
        chosen = [entity for entity in entities if entity.kind in kinds]
        chosen.sort(key=lambda entity: KINDS.index(entity.kind))  # stable: the first given next
        self._names: dict[str, Entity] = {}
        for entity in chosen:
            for name in entity.names or (entity.name,):
                name = _normal(name)
                if name:
                    self._names.setdefault(name, entity)
        self.pattern: re.Pattern[str] | None = _compile(self._names) if self._names else None

    @property
    def names(self) -> dict[str, Entity]:
        """Every name found, with the entity it names."""
        return dict(self._names)

    def find(self, text: str) -> Iterator[tuple[int, int, Entity]]:
        """Each name in `text`, in order, as `(start, end, entity)`; no two overlap."""
        if self.pattern is None:
            return
        names = self._names
        for match in self.pattern.finditer(text):
            found = match.group()
            entity = names.get(found)
            if entity is None:  # white space inside the name as written
                entity = names[_normal(found)]
            yield match.start(), match.end(), entity


def _compile(names: Iterable[str]) -> re.Pattern[str]:
    trie: _Trie = {}
    for name in names:
        node = trie
        for char in name:
            node = node.setdefault(char, {})
        node[_END_OF_NAME] = {}
    branches = []
    for char in sorted(trie):
        start = _STARTS if char in _LATIN else ""
        branches.append(_char(char) + start + _node(trie[char], char))
    return re.compile("|".join(branches))


def _char(char: str) -> str:
    return r"\s+" if char == " " else re.escape(char)


def _node(node: _Trie, last: str) -> str:
    """The pattern of what may follow in `node`, the character `last` read: longer names first
    (a regular expression tries alternatives in order), then the end of the name here."""
    branches = [_char(char) + _node(child, char) for char, child in sorted(node.items()) if char != _END_OF_NAME]
    if _END_OF_NAME in node:
        branches.append(_ENDS if last in _LATIN else "")
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"


# --- the sentence around a mention ----------------------------------------------------------------

# Where a sentence ends: `.` `!` `?` before white space (not `4.5`, not `e.g.x`), the CJK stops,
# a line break (the walk of a page puts one between blocks).
_SENTENCE_END: Final = re.compile(r"[.!?](?=\s)|[。！？\n]")
# The text up to the last place where a sentence ends (matched from where a window starts, up to
# the mention: what follows the mention is not seen, as a stop right before it is no stop).
_UP_TO_LAST_END: Final = re.compile(r"(?s:.*)(?:[.!?](?=\s)|[。！？\n])")
# Placeholders of Python-Markdown (`\x02…\x03`) and masked places (`\x00`): not text.
_NOT_TEXT: Final = re.compile(r"\x02[^\x03]*\x03|\x00")
_CJK: Final = r"\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef"
_WORD: Final = re.compile(rf"[{_CJK}]|[^\s{_CJK}]+")
_IS_CJK: Final = re.compile(f"[{_CJK}]")
_BUDGET: Final = 60
"""How much of a sentence each side keeps: a Latin word weighs 3, a CJK character 1 (about 20
words, or 60 characters of Chinese)."""
_LATIN_WORDS: Final = _BUDGET // 3
_WINDOW: Final = 400
"""How far from a mention a sentence's end is looked for: past it, the sentence is cut."""


def plain_text(text: str) -> str:
    """`text` with Markdown's placeholders dropped and white space runs made one space."""
    if "\x02" in text or "\x00" in text:
        text = _NOT_TEXT.sub("", text)
    words = text.split()  # what `\s` matches, as a regular expression reads it
    if not words:
        return " " if text else ""
    squeezed = " ".join(words)
    if text[0].isspace():
        squeezed = " " + squeezed
    return squeezed + " " if text[-1].isspace() else squeezed


def sentence_around(text: str, start: int, end: int) -> tuple[str, str]:
    """The words of the sentence of `text` before `start` and after `end` (a mention), each
    kept to about 20 words or 60 CJK characters, `…` where cut; the sentence's stop is kept."""
    lo = max(0, start - _WINDOW)
    last = _UP_TO_LAST_END.match(text, lo, start)  # the nearest stop before
    begin = last.end() if last else lo
    found = _SENTENCE_END.search(text, end, end + _WINDOW)
    stop = found.end() if found else min(len(text), end + _WINDOW)
    cut_before = begin == lo > 0
    cut_after = stop < len(text) and not found
    if _IS_CJK.search(text, begin, stop) is None:  # most sentences: words all weigh the same
        return _words(text[begin:start], True, cut_before), _words(text[end:stop], False, cut_after)
    before, after = plain_text(text[begin:start]).lstrip(), plain_text(text[end:stop]).rstrip()
    return _keep(before, backwards=True, cut=cut_before), _keep(after, backwards=False, cut=cut_after)


def _words(text: str, backwards: bool, cut: bool) -> str:
    """`_keep` of the plain text of one side of a sentence without CJK (`text`, the side before
    the mention when `backwards`): its words are counted, not weighed."""
    if "\x02" in text or "\x00" in text:
        text = _NOT_TEXT.sub("", text)
    words = text.split()
    if not words:
        return "…" if cut else ""
    if len(words) > _LATIN_WORDS:
        words = words[-_LATIN_WORDS:] if backwards else words[:_LATIN_WORDS]
        cut = True
    kept = " ".join(words)
    if backwards:
        kept = kept + " " if text[-1].isspace() else kept  # the space before the mention
        return "…" + kept if cut else kept
    kept = " " + kept if text[0].isspace() else kept
    return kept + "…" if cut else kept


def _keep(text: str, *, backwards: bool, cut: bool) -> str:
    """`text` kept to `_BUDGET` from its end (`backwards`) or its start; `…` where it is cut
    (`cut`: it was already)."""
    words = _WORD.findall(text)
    if len(words) * 3 > _BUDGET:  # it may not fit: weigh each word
        weight = 0
        found = list(_WORD.finditer(text))
        for match in reversed(found) if backwards else found:
            weight += 1 if len(match.group()) == 1 and _IS_CJK.match(match.group()) else 3
            if weight > _BUDGET:
                text = text[match.end() :].lstrip() if backwards else text[: match.start()].rstrip()
                cut = True
                break
    if not cut:
        return text
    return "…" + text if backwards else text + "…"
