# The theme's templates as Jinja compiled them, kept for the next build of the same process.
#
# MkDocs makes a new Jinja environment for each build (`Theme.get_env`), so every build compiled
# each template of the theme again: Material's 43 templates took 0.6-0.8 s of a 1.2 s build of a
# small site, and about 1 s of a preview's rebuild at 1,000 posts (profiled). `almanac/blog` gives
# every build's environment this cache (`on_env`, before any page is rendered). Jinja checks each
# template's source against the one compiled (the bucket's checksum), and the code kept is looked up
# by the template's name and file and by the settings of the environment that compiles it (its
# extensions, delimiters, autoescape…), so that a build whose environment differs compiles anew.

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING

from jinja2 import BytecodeCache

if TYPE_CHECKING:
    from jinja2 import Environment
    from jinja2.bccache import Bucket

__all__ = ["TEMPLATES", "CompiledTemplates", "compiled_with"]


def compiled_with(environment: Environment) -> Hashable:
    """What of `environment` the code Jinja compiles for a template depends on, beside its source."""
    autoescape = environment.autoescape
    return (
        type(environment).__qualname__,
        tuple(sorted(environment.extensions)),
        autoescape if isinstance(autoescape, bool) else getattr(autoescape, "__qualname__", repr(autoescape)),
        environment.finalize is not None,
        environment.block_start_string,
        environment.block_end_string,
        environment.variable_start_string,
        environment.variable_end_string,
        environment.comment_start_string,
        environment.comment_end_string,
        environment.line_statement_prefix,
        environment.line_comment_prefix,
        environment.trim_blocks,
        environment.lstrip_blocks,
        environment.newline_sequence,
        environment.keep_trailing_newline,
        environment.optimized,
        environment.is_async,
    )


class CompiledTemplates(BytecodeCache):
    """Compiled templates kept in memory, by environment settings and template (see above)."""

    def __init__(self) -> None:
        self.compiled: dict[tuple[Hashable, str], bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.compiled.get((compiled_with(bucket.environment), bucket.key))
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[(compiled_with(bucket.environment), bucket.key)] = bucket.bytecode_to_string()


#: Given to the theme's environment of each build (`almanac/blog`'s `on_env`).
TEMPLATES = CompiledTemplates()
