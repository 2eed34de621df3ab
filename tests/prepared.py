"""What every run of a command would make alike, made once in the process the runs are forked from
(`launcher.py` imports this module there, after the others): the JSON Schemas of the data files, our
templates compiled by Jinja, and the theme's (Material's, with ours beside them), which each build makes on
first use in a process and keeps (`schema_text`, `environment`, `compiled_templates.TEMPLATES`). Schemas and
our templates were a third of each run of a bad-input case (0.35 of 1 s, profiled); compiling the theme's
templates was 0.6-0.8 s of each build that writes pages. Each run still makes them the same way where nothing
made them before, as a user's command does: a build looks the code up by template, file and the settings of its
environment, and Jinja compares the template's source with the one compiled."""

from __future__ import annotations

import contextlib

import jinja2
from mkdocs.theme import Theme

from almanac.core.data.datasets.models import FILE_MODELS
from almanac.core.data.datasets.schema import schema_text
from almanac.core.data.tables.html import TEMPLATE, environment
from almanac.mkdocs.blog.plugin import TEMPLATES_DIR
from almanac.mkdocs.compiled_templates import TEMPLATES

for kind in FILE_MODELS:
    schema_text(kind)
for name in environment().list_templates(filter_func=lambda name: name.startswith("almanac/pages/")):
    if name.endswith(".html"):
        environment().get_template(name)
environment().get_template(TEMPLATE)

# The theme's pages and partials, compiled as a build's `Theme.get_env` environment compiles them.
_theme = Theme(name="material")
_theme.dirs.append(str(TEMPLATES_DIR))
_env = _theme.get_env()
_env.bytecode_cache = TEMPLATES
for name in _env.list_templates(filter_func=lambda name: name.endswith((".html", ".xml")) and name[0] != "."):
    # Material's blog templates need its blog plugin's filter (`date`), which our sites do not use.
    with contextlib.suppress(jinja2.TemplateError):
        _env.get_template(name)
