# Names in a post that look like a model or a vendor but name nothing in the data.
#
# `almanac check --mentions` runs this over every post after the check itself, with the
# entities the data gives (`core/data/entities.py`); the build never runs it. It reads the
# Markdown text as written (front matter, code, link addresses, HTML tags and `almanac` blocks
# set aside, every line kept where it was) and reports, once per name and file, at its first
# line:
#
#   - names shaped like a model's: a word with letters and a version (`GPT-5.4`, `Qwen3-Max`,
#     `GLM-5`), with the words the data's model names are made of around it (`Kimi K2`,
#     `Claude Sonnet 4.7`, `DeepSeek V4 Flash`), that are not exactly a name or alias;
#   - a brand in CamelCase or a known name in other letter case (`Deepseek`, `ByteDance`) that
#     comes close to a name of the data;
#   - Chinese names one character away from a name of the data (`通义千闻`), and `…大模型` after
#     a name that is not a common word (`混元大模型`).
#
# Precision comes before recall: a note the author must ignore on every run is worse than a
# name left unlisted. Each note suggests the closest name or alias (difflib), if any.

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from almanac.core.errors import AlmanacError
from almanac.core.links.model import Entity

__all__ = ["UnknownNames", "unknown_names"]

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RUN = re.compile(f"[{_HAN}]+")
_LATIN_BEFORE = "(?<![A-Za-z0-9])"
_LATIN_AFTER = r"(?![A-Za-z0-9]|\.\d)"
_WORD = re.compile(_LATIN_BEFORE + r"[A-Za-z0-9]+(?:[-.][A-Za-z0-9]+)*" + "(?![A-Za-z0-9])")
_CAMEL = re.compile(r"[A-Z][A-Za-z]*[a-z][A-Z][A-Za-z]*")
_NUMBER = re.compile(r"\d{1,3}(?:\.\d{1,3})*[A-Za-z]?(?:-[A-Za-z0-9]+)*")
_YEAR = re.compile(r"(?:19|20)\d\d")
_LEADING = re.compile(r"[A-Za-z0-9]+")
_ALPHA = re.compile(r"[^\W\d_]{2,}")

# What the finder sets aside, each replaced by spaces (so offsets and lines stay): code spans,
# `[[id]]` links (checked by the build), link and image addresses, reference definitions,
# autolinks, HTML tags and comments, bare addresses, attribute lists.
_SET_ASIDE = re.compile(
    r"<!--.*?-->"
    r"|(?P<ticks>`+)(?:(?!\n[ \t]*\n).)+?(?<!`)(?P=ticks)(?!`)"
    r"|\[\[[^\]\n]*\]\]"
    r"|\]\([^)\n]*\)"
    r"|^[ ]{0,3}\[[^\]\n]+\]:[^\n]*"
    r"|<[A-Za-z/!][^>\n]*>"
    r"|https?://[^\s<>()\[\]]+"
    r"|\{[:#.][^}\n]*\}",
    re.DOTALL | re.MULTILINE,
)
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")

# `…大模型` says a name comes before it; these words before it are no names.
_HAN_SUFFIX = "大模型"
_HAN_BREAKS = frozenset("的了和与及或是在用把让对从给跟被")
_HAN_COMMON = frozenset(
    re.findall(
        r"\S+",
        "国产 国内 国外 海外 开源 闭源 主流 通用 基础 中文 英文 多模态 推理 语言 对话 各家 这些 那些 "
        "其他 其它 自研 头部 前沿 顶级 最新 新一代 下一代 垂直 行业 本地 商用 商业 免费 付费 最强 旗舰 "
        "千亿 万亿 百亿 大型 小型 主要 所有 一些 部分 同类 自家 每家 各个 这个 那个 哪个 一个 多个",
    )
)

_SUGGEST_CUTOFF = 0.6
"""How close (difflib's ratio) a name of the data must be to be suggested."""
_SHARED_CUTOFF = 0.4
"""How close a name sharing a word with it must be."""
_BRAND_CUTOFF = 0.75
"""How close a CamelCase brand must come to a name of the data to be listed at all."""


def unknown_names(markdown: str, entities: Iterable[Entity], *, path: str) -> list[AlmanacError]:
    """The names in one post's Markdown (front matter included) that look like a model or a
    vendor but name no entity: one note per name, at the line of its first appearance, in line
    order. `path` is how the notes show the file."""
    return UnknownNames(entities).find(markdown, path=path)


@dataclass(frozen=True)
class _Phrase:
    start: int
    end: int
    text: str


class UnknownNames:
    """The finder, made once from the data's entities for every post of a check."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        names: set[str] = set()
        heads: set[str] = set()
        variants: set[str] = set()
        for entity in entities:
            own = [name.strip() for name in (entity.name, *entity.names) if name.strip()]
            names.update(own)
            if entity.kind == "model":
                for name in own:
                    _words_of(name, heads, variants)
        self.names: tuple[str, ...] = tuple(sorted(names))
        self._names = frozenset(names)
        self._suggested: dict[tuple[str, float], str | None] = {}
        self._lower: dict[str, str] = {}
        for name in self.names:
            self._lower.setdefault(name.casefold(), name)
        self._heads = frozenset(heads)
        self._variants = frozenset(variants - heads)
        self._han_names = tuple(sorted({run for name in self.names for run in _HAN_RUN.findall(name) if len(run) >= 2}))
        # The names that begin with a Latin word, by that word's first letters and digits in lower
        # case, longest first: a post's words are looked up, not every name tried at every place.
        self._starting: dict[str, list[str]] = {}
        for name in sorted(self.names, key=lambda n: (-len(n), n)):
            if _leading(name):
                self._starting.setdefault(_leading(name), []).append(name)
        # A name of three characters or more with one character changed (`通义千闻`), in one pattern
        # that finds overlapping places.
        typos = [
            re.escape(name[:at]) + f"(?!{re.escape(name[at])})[{_HAN}]" + re.escape(name[at + 1 :])
            for name in self._han_names
            if len(name) >= 3
            for at in range(len(name))
        ]
        self._han_typo = re.compile("(?=(" + "|".join(typos) + "))") if typos else None

    def find(self, markdown: str, *, path: str) -> list[AlmanacError]:
        """See `unknown_names`."""
        text = _set_aside(markdown)
        found: dict[str, tuple[int, str | None]] = {}

        def note(start: int, name: str, suggestion: str | None) -> None:
            if name not in found:
                found[name] = (text.count("\n", 0, start) + 1, suggestion)

        # Where the names of the data are, as the mentions find them; and where one is written in
        # other letter case (`Zhipu ai`) but capitalised, as a name is.
        covered = bytearray(len(text) + 1)
        end = 0
        for place in _WORD.finditer(text):
            if place.start() < end:
                continue
            for name in self._starting.get(_leading(place.group()), ()):
                if (hit := _pattern(name).match(text, place.start())) is None and place.group()[0].isupper():
                    hit = _pattern(name, anycase=True).match(text, place.start())
                    if hit is not None:
                        written = " ".join(hit.group().split())
                        note(hit.start(), written, self._lower.get(written.casefold()))
                if hit is not None:
                    end = hit.end()
                    covered[hit.start() : end] = b"\x01" * (end - hit.start())
                    break
        for phrase in self._phrases(markdown, text):
            if phrase.text not in self._names:
                note(phrase.start, phrase.text, self._suggest(phrase.text))
            covered[phrase.start : phrase.end] = b"\x01" * (phrase.end - phrase.start)
        for match in _WORD.finditer(text):
            word = match.group()
            if word in self._names or covered[match.start()]:
                continue
            exact = self._lower.get(word.casefold())
            if exact is not None and word[0].isupper():
                note(match.start(), word, exact)
            elif _CAMEL.fullmatch(word) and word not in self._heads:
                close = self._suggest(word, cutoff=_BRAND_CUTOFF)
                if close is not None:
                    note(match.start(), word, close)
        for start, name, suggestion in self._han(text):
            note(start, name, suggestion)

        notes = [
            AlmanacError(
                path,
                line,
                f'"{name}" names no model, vendor or provider of data/',
                "add it to data/ or as an alias" + (f' (did you mean "{suggestion}"?)' if suggestion else ""),
            )
            for name, (line, suggestion) in found.items()
        ]
        return sorted(notes, key=AlmanacError.sort_key)

    def _phrases(self, markdown: str, text: str) -> Iterator[_Phrase]:
        """Runs of words shaped like a model's name: they start with a word of a model's name or
        a versioned word of two letters or more (`GPT-5`), and hold a version."""
        words = list(_WORD.finditer(text))
        i = 0
        while i < len(words):
            if self._kind(words[i].group()) not in ("head", "strong"):
                i += 1
                continue
            j = i + 1
            while j < len(words) and _joins(markdown[words[j - 1].end() : words[j].start()]):
                if self._kind(words[j].group()) is None:
                    break
                j += 1
            run = words[i:j]
            versioned = any(self._kind(w.group()) in ("strong", "weak", "number") for w in run)
            if versioned and (self._kind(run[0].group()) == "strong" or len(run) > 1):
                start, end = run[0].start(), run[-1].end()
                yield _Phrase(start, end, " ".join(markdown[start:end].split()))
            i = j

    def _kind(self, word: str) -> str | None:
        """What a word can be in a model's name: `head` (`Claude`), `variant` (`mini`), `strong`
        (letters and a version: `GPT-5`), `weak` (one letter and a version: `K2`, `V4-Pro`),
        `number` (`4.5`, `70B`); `None` for any other word."""
        if word in self._heads:
            return "head"
        if word in self._variants:
            return "variant"
        if word[0].isdigit():
            return "number" if _NUMBER.fullmatch(word) and not _YEAR.fullmatch(word) else None
        if not word[0].isupper() or not any(c.isdigit() for c in word):
            return None
        letters = next(i for i, c in enumerate(word.replace("-", "").replace(".", "")) if c.isdigit())
        return "strong" if letters >= 2 else "weak"

    def _han(self, text: str) -> Iterator[tuple[int, str, str | None]]:
        for run in _HAN_RUN.finditer(text):
            chars = run.group()
            # One character away from a name of three characters or more.
            for typo in self._han_typo.finditer(chars) if self._han_typo else ():
                window = typo.group(1)
                if not any(window in known for known in self._han_names):
                    yield run.start() + typo.start(), window, self._suggest(window)
            # `…大模型` after a name.
            for suffix in re.finditer(_HAN_SUFFIX, chars):
                head = chars[: suffix.start()]
                cut = max((k for k, c in enumerate(head) if c in _HAN_BREAKS), default=-1)
                head = head[cut + 1 :]
                if 2 <= len(head) <= 4 and head not in _HAN_COMMON and head not in self._han_names:
                    yield run.start() + cut + 1, head, self._suggest(head)

    def _suggest(self, name: str, *, cutoff: float = _SUGGEST_CUTOFF) -> str | None:
        """The name of the data closest to `name`, ignoring letter case; `None` if none is close.
        Names sharing a word with it come first (`Opus 4.5`: `Claude Opus 4.8`, not `Grok 4.5`)."""
        if (name, cutoff) not in self._suggested:
            self._suggested[name, cutoff] = self._closest(name, cutoff)
        return self._suggested[name, cutoff]

    def _closest(self, name: str, cutoff: float) -> str | None:
        exact = self._lower.get(name.casefold())
        if exact is not None:
            return exact
        key = name.casefold()
        words = set(_ALPHA.findall(key))
        sharing = [lower for lower in self._lower if words & set(_ALPHA.findall(lower))]
        close = difflib.get_close_matches(key, sharing, n=1, cutoff=_SHARED_CUTOFF) if sharing else []
        close = close or difflib.get_close_matches(key, list(self._lower), n=1, cutoff=cutoff)
        return self._lower[close[0]] if close else None


def _words_of(name: str, heads: set[str], variants: set[str]) -> None:
    """Add the words of a model's name to those before its version (`Claude`, `Sonnet`, `Kimi`,
    `DeepSeek`) and those after it (`Flash`, `Pro`, `mini`); words in parentheses are left out."""
    versioned = False
    for word in re.sub(r"\s*\([^)]*\)", "", name).split():
        for part in word.split("-"):
            if any(c.isdigit() for c in part):
                versioned = True
            elif part.isascii() and part.isalpha() and len(part) > 1:
                (variants if versioned else heads).add(part)


@functools.cache
def _pattern(name: str, *, anycase: bool = False) -> re.Pattern[str]:
    """A name as a pattern, compiled when first needed: Latin ends bounded by no Latin letter or
    digit (the mentions' rule), any white space between words."""
    pattern = r"\s+".join(re.escape(word) for word in name.split())
    if name[0].isascii() and name[0].isalnum():
        pattern = _LATIN_BEFORE + pattern
    if name[-1].isascii() and name[-1].isalnum():
        pattern += _LATIN_AFTER
    return re.compile(pattern, re.IGNORECASE if anycase else 0)


def _joins(gap: str) -> bool:
    """Whether two words with `gap` between them in the Markdown are in one name: one space, or
    one line break (a name may wrap)."""
    return gap in (" ", "\n") or (gap.isspace() and gap.count("\n") <= 1 and len(gap) <= 4 and "\t" not in gap)


def _leading(name: str) -> str:
    """The letters and digits a name begins with, in lower case (`GPT-5 mini` → `gpt`); `""` for
    a name that begins otherwise (`智谱`)."""
    match = _LEADING.match(name)
    return match.group().casefold() if match else ""


def _set_aside(markdown: str) -> str:
    """The Markdown with what holds no running text replaced by spaces, lines kept."""
    lines = markdown.split("\n")
    if lines and lines[0].rstrip() == "---":
        for k in range(1, len(lines)):
            if lines[k].rstrip() in ("---", "..."):
                for m in range(k + 1):
                    lines[m] = " " * len(lines[m])
                break
    fence: str | None = None
    for k, line in enumerate(lines):
        opening = _FENCE.match(line)
        if fence is None:
            if opening is not None:
                fence = opening.group(1)
                lines[k] = " " * len(line)
        else:
            closing = opening is not None and opening.group(1).startswith(fence) and not line.strip().strip(fence[0])
            fence = None if closing else fence
            lines[k] = " " * len(line)
    text = "\n".join(lines)
    return _SET_ASIDE.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)
