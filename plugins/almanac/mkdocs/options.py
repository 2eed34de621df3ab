# Checked options of our plugins' configs, and the config base class that reports every bad
# option of a plugin at once, each with its place in `mkdocs.yml`.
#
# MkDocs validates plugin options while it loads `mkdocs.yml` (before any event, and when
# `almanac check` reads it). Every bad option of a plugin (a bad value, a misspelt name) is
# printed as an error that starts with the file and line of the option, says what is wrong and
# how to fix it — `mkdocs.yml:9: pagination_per_page must be 1 or more, not 0 — write how many …`
# — and loading stops, as MkDocs stops on a bad config of its own.

from __future__ import annotations

import datetime as dt
import difflib
import logging
import math
import re
import string
from pathlib import Path
from typing import ClassVar
from zoneinfo import ZoneInfo, available_timezones

import yaml
from mkdocs.config.base import BaseConfigOption, Config, ConfigErrors, ConfigWarnings, ValidationError
from mkdocs.exceptions import Abort

from almanac.core.blog.listings import date_pattern
from almanac.core.blog.redirects import EarlierFormat

#: Under MkDocs' logger, so its problems print as MkDocs' own do (and `almanac check` hears them).
log = logging.getLogger("mkdocs.plugins.almanac.options")

__all__ = [
    "CheckedConfig",
    "Count",
    "Flag",
    "IsoDate",
    "Names",
    "SiteFolder",
    "SourcePath",
    "TimeZone",
    "UrlFormat",
    "Weight",
    "option_line",
]


def _shown(value: object) -> str:
    """A value as the message quotes it (short, one line; YAML's words for YAML's constants)."""
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


class Flag(BaseConfigOption[bool]):
    """`true` or `false` (not `yes`, `1` or `"false"`)."""

    def __init__(self, default: bool, *, hint: str) -> None:
        super().__init__()
        self.default = default
        self.hint = hint

    def run_validation(self, value: object) -> bool:
        if not isinstance(value, bool):
            raise ValidationError(f"must be true or false, not {_shown(value)} — {self.hint}")
        return value


class Count(BaseConfigOption[int]):
    """A whole number of at least `minimum` (`true` and `10.0` are not numbers of things)."""

    def __init__(self, default: int, *, minimum: int, hint: str) -> None:
        super().__init__()
        self.default = default
        self.minimum = minimum
        self.hint = hint

    def run_validation(self, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError(f"must be a whole number, not {_shown(value)} — {self.hint}")
        if value < self.minimum:
            raise ValidationError(f"must be {self.minimum} or more, not {value} — {self.hint}")
        return value


class Weight(BaseConfigOption[float]):
    """A finite number of 0 or more."""

    def __init__(self, default: float, *, hint: str) -> None:
        super().__init__()
        self.default = default
        self.hint = hint

    def run_validation(self, value: object) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValidationError(f"must be a number, not {_shown(value)} — {self.hint}")
        if not math.isfinite(value) or value < 0:
            raise ValidationError(f"must be a number of 0 or more, not {value} — {self.hint}")
        return float(value)


class TimeZone(BaseConfigOption[str]):
    """The IANA name of a time zone (`Asia/Shanghai`, `UTC`)."""

    def __init__(self, default: str) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> str:
        hint = "use an IANA name such as 'Asia/Shanghai' or 'UTC'"
        if not isinstance(value, str) or not value.strip():
            raise ValidationError(f"must be the name of a time zone, not {_shown(value)} — {hint}")
        try:
            ZoneInfo(value)
        except Exception:  # ZoneInfoNotFoundError, ValueError (a path, a bad key)
            close = difflib.get_close_matches(value, sorted(available_timezones()), n=1)
            if close:
                hint = f"did you mean {close[0]!r}? (an IANA name, such as 'Asia/Shanghai' or 'UTC')"
            raise ValidationError(f"is {value!r}, an unknown time zone — {hint}") from None
        return value


class IsoDate(BaseConfigOption[str | None]):
    """An optional date, `YYYY-MM-DD` (quoted or not: YAML reads an unquoted one as a date);
    kept as its ISO text."""

    def __init__(self) -> None:
        super().__init__()
        self.default = None

    def run_validation(self, value: object) -> str | None:
        if value is None:
            return None
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value.isoformat()
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip()).isoformat()
            except ValueError:
                pass
        raise ValidationError(f"is {_shown(value)}, not a date — write it as YYYY-MM-DD, e.g. 2026-11-28")


_SEGMENT = re.compile(r"[\w.-]+")


def _relative_path(value: object, what: str, example: str) -> str:
    """`value` if it is a relative path of plain names (letters, digits, `.`, `-`, `_`) that
    stays where it is put (no `..`); else a `ValidationError`."""
    hint = f"write {what} with letters, digits, '-', '_' and '/', e.g. {example!r}"
    if not isinstance(value, str):
        raise ValidationError(f"must be text, not {_shown(value)} — {hint}")
    parts = value.strip("/").split("/")
    if not value.strip("/") or any(not _SEGMENT.fullmatch(part) or part in (".", "..") for part in parts):
        raise ValidationError(f"is {value!r}, not {what} — {hint}")
    return value


class SiteFolder(BaseConfigOption[str]):
    """A folder of the site (and of `docs/`), such as `blog` or `tags`: never empty, never
    outside the site."""

    def __init__(self, default: str) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> str:
        return _relative_path(value, "a folder inside the site", self.default)


class SourcePath(BaseConfigOption[str]):
    """A file or folder under `docs/`, such as `blog/posts` or `blog/.authors.yml`."""

    def __init__(self, default: str) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> str:
        return _relative_path(value, "a path inside docs/", self.default)


class Separator(BaseConfigOption[str]):
    """A line of text an author writes in a post, such as `<!-- more -->`: not empty, one line."""

    def __init__(self, default: str, *, hint: str) -> None:
        super().__init__()
        self.default = default
        self.hint = hint

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str) or not value.strip() or "\n" in value.strip() or "\r" in value.strip():
            raise ValidationError(f"must be one line of text, not {_shown(value)} — {self.hint}")
        return value.strip()


class EarlierFormats(BaseConfigOption[tuple[EarlierFormat, ...]]):
    """A list of earlier rules of post URLs, each a mapping of `format` (as `post_url_format`),
    and optionally `date_format`, `slug` and `max_categories` (as the options of those names
    that went with it, their defaults Material's)."""

    def __init__(self, url_format: UrlFormat, date_format: DateFormat, slug: Choice, hint: str) -> None:
        super().__init__()
        self.default: list[object] = []
        self.url_format, self.date_format, self.slug = url_format, date_format, slug
        self.hint = hint

    def run_validation(self, value: object) -> tuple[EarlierFormat, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            raise ValidationError(f"must be a list, not {_shown(value)} — {self.hint}")
        read: list[EarlierFormat] = []
        for number, item in enumerate(value, start=1):
            where = f"item {number}:"
            if not isinstance(item, dict) or "format" not in item:
                raise ValidationError(f"{where} has no format — {self.hint}")
            unknown = sorted(str(key) for key in item if key not in ("format", "date_format", "slug", "max_categories"))
            if unknown:
                raise ValidationError(
                    f"{where} {unknown[0]} is not a key of an earlier format — "
                    "each item takes format, date_format, slug and max_categories"
                )
            fields: dict[str, object] = {}
            for key, option in (("format", self.url_format), ("date_format", self.date_format), ("slug", self.slug)):
                if key in item:
                    try:
                        fields[key] = option.run_validation(item[key])
                    except ValidationError as error:
                        raise ValidationError(f"{where} {key} {error}") from None
            count = item.get("max_categories", 1)
            if isinstance(count, bool) or not isinstance(count, int) or count < 0:
                raise ValidationError(
                    f"{where} max_categories must be a whole number of 0 or more, not {_shown(count)} — "
                    "write how many categories {categories} held, e.g. 1"
                )
            read.append(
                EarlierFormat(
                    format=str(fields["format"]),
                    date_format=str(fields.get("date_format", self.date_format.default)),
                    slug=str(fields.get("slug", "file")),
                    max_categories=count,
                )
            )
        return tuple(read)


class UrlFormat(BaseConfigOption[str]):
    """A URL pattern with the fields `fields`, among which each of `required` must appear (an
    entry written `"slug|file"` is met by either); `shared` says what would share a URL without."""

    def __init__(
        self,
        default: str,
        *,
        fields: tuple[str, ...],
        required: tuple[str, ...],
        shared: str = "two posts of one day would share a URL",
    ) -> None:
        super().__init__()
        self.default = default
        self.fields = fields
        self.needed = required
        self.shared = shared

    def run_validation(self, value: object) -> str:
        named = ", ".join("{" + field + "}" for field in self.fields)
        hint = f"use the fields {named}, e.g. {self.default!r}"
        if not isinstance(value, str):
            raise ValidationError(f"must be text, not {_shown(value)} — {hint}")
        try:
            parsed = list(string.Formatter().parse(value))
        except ValueError:
            raise ValidationError(f"is {value!r}, whose braces do not match — {hint}") from None
        used: list[str] = []
        literal = ""
        for text, field, spec, conversion in parsed:
            literal += text + ("x" if field is not None else "")
            if field is None:
                continue
            if field not in self.fields or spec or conversion:
                shown = "{" + field + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
                raise ValidationError(f"is {value!r}, with an unknown field {shown} — {hint}")
            used.append(field)
        for needed in self.needed:
            choices = needed.split("|")
            if not any(field in used for field in choices):
                named_needed = " or ".join("{" + field + "}" for field in choices)
                raise ValidationError(f"is {value!r}, without {named_needed}: {self.shared} — {hint}")
        try:
            _relative_path(literal, "", "")
        except ValidationError:
            raise ValidationError(
                f"is {value!r}, not a path of the site — write it with letters, digits, '-', '_' and '/' "
                f"around the fields, e.g. {self.default!r}"
            ) from None
        return value


class Names(BaseConfigOption[tuple[str, ...]]):
    """A list of names (text), such as Material's `categories_allowed: [News, Releases]`."""

    def __init__(self, *, hint: str) -> None:
        super().__init__()
        self.default = ()
        self.hint = hint

    def run_validation(self, value: object) -> tuple[str, ...]:
        if not isinstance(value, list | tuple):
            raise ValidationError(f"must be a list of names, not {_shown(value)} — {self.hint}")
        for item in value:
            if not isinstance(item, str) or not item.strip():
                raise ValidationError(f"must be a list of names, and holds {_shown(item)} — {self.hint}")
        return tuple(value)


class Choice(BaseConfigOption[str]):
    """One of the words `choices`."""

    def __init__(self, default: str, *, choices: tuple[str, ...], hint: str) -> None:
        super().__init__()
        self.default = default
        self.choices = choices
        self.hint = hint

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str) or value not in self.choices:
            words = " or ".join(self.choices)
            raise ValidationError(f"must be {words}, not {_shown(value)} — {self.hint}")
        return value


class DateFormat(BaseConfigOption[str]):
    """An LDML date pattern of numeric fields for URLs, as Material writes it (`yyyy/MM/dd`)."""

    def __init__(self, default: str) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str) or not value:
            raise ValidationError(f"must be a date pattern, not {_shown(value)} — write e.g. {self.default!r}")
        try:
            date_pattern(value)
        except ValueError as error:
            raise ValidationError(f"is {value!r}, which {error}") from None
        return value


def option_line(config_file: str, plugin: str, key: str | None) -> int | None:
    """The line of option `key` of `plugin` in the YAML file `config_file` (of the plugin's
    entry when `key` is None or not written there); None when it cannot be told (e.g. the option
    comes from an `INHERIT`ed file)."""
    try:
        root = yaml.compose(Path(config_file).read_text(encoding="utf-8-sig"), Loader=yaml.SafeLoader)
    except (OSError, ValueError, yaml.YAMLError):
        return None
    if not isinstance(root, yaml.MappingNode):
        return None
    entries: list[tuple[yaml.Node, yaml.Node | None]] = []
    for name, value in root.value:
        if isinstance(name, yaml.ScalarNode) and name.value == "plugins":
            if isinstance(value, yaml.SequenceNode):
                for item in value.value:
                    if isinstance(item, yaml.MappingNode):
                        entries.extend(item.value)
                    else:
                        entries.append((item, None))
            elif isinstance(value, yaml.MappingNode):
                entries.extend(value.value)
    for name, options in entries:
        if not (isinstance(name, yaml.ScalarNode) and name.value == plugin):
            continue
        if key is not None and isinstance(options, yaml.MappingNode):
            for option, option_value in options.value:
                if isinstance(option, yaml.ScalarNode) and option.value == key:
                    return int(option_value.start_mark.line) + 1
        return int(name.start_mark.line) + 1
    return None


class CheckedConfig(Config):
    """A plugin's config that reports every bad option (MkDocs' own stops at the first), each
    as `mkdocs.yml:line: option what is wrong — how to fix it`, and checks options against
    each other once each is valid (`check_together`)."""

    #: The plugin's name in `mkdocs.yml` (`almanac/blog`), to find the line of an option.
    plugin_name: ClassVar[str] = ""
    #: Options the plugin no longer has, each with what to do instead: named as such, not as unknown.
    removed: ClassVar[dict[str, str]] = {}

    def check_together(self) -> list[tuple[str, str]]:
        """Problems of options that are each valid but do not go together: (option, message)."""
        return []

    def problems(self) -> tuple[list[str], ConfigWarnings]:
        """Validate every option (keeping the valid values): every problem, as
        `mkdocs.yml:line: option what is wrong — how to fix it`, in the order of the file; and
        the options' own warnings. An option this plugin does not have is a problem too."""
        failed: list[tuple[str, str]] = []
        warnings: ConfigWarnings = []
        for key, option in self._schema:
            try:
                option.pre_validation(self, key_name=key)
                self[key] = option.validate(self.get(key))
                warnings.extend((key, warning) for warning in option.warnings)
                option.reset_warnings()
            except ValidationError as error:
                failed.append((key, str(error)))
        known = [key for key, _ in self._schema]
        for key in sorted(set(self.keys()) - set(known)):
            if key in self.removed:
                failed.append((key, f"is no longer an option of {self.plugin_name} — {self.removed[key]}"))
                continue
            close = difflib.get_close_matches(key, known, n=1)
            hint = f"did you mean {close[0]}?" if close else f"the options are {', '.join(known)}"
            failed.append((key, f"is not an option of {self.plugin_name} — {hint}"))
        if not failed:
            for key, option in self._schema:
                try:
                    option.post_validation(self, key_name=key)
                except ValidationError as error:
                    failed.append((key, str(error)))
            failed.extend(self.check_together())
        placed = sorted(failed, key=lambda item: self._line(item[0]) or 0)
        return [f"{self._place(key)}: {key} {message}" for key, message in placed], warnings

    def validate(self) -> tuple[ConfigErrors, ConfigWarnings]:
        # MkDocs would print each problem after `Config value 'plugins': Plugin '…' option '…': `,
        # and `almanac check` without it: each is printed here as it is, as MkDocs prints an error
        # (`ERROR - mkdocs.yml:12: …`), and loading stops as MkDocs stops on a bad config.
        problems, warnings = self.problems()
        if problems:
            for problem in problems:
                log.error(problem)
            raise Abort("Aborted with a configuration error!")
        return [], warnings

    def _line(self, key: str) -> int | None:
        path = self.config_file_path
        return option_line(path, self.plugin_name, key) if path else None

    def _place(self, key: str) -> str:
        """`mkdocs.yml:12`, the place of option `key` (of the plugin's entry when it is not written)."""
        path = self.config_file_path
        name = Path(path).name if path else "mkdocs.yml"
        line = self._line(key)
        return f"{name}:{line}" if line else name
