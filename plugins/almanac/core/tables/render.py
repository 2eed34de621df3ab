# A `Table` as HTML, through `templates/almanac/table.html`.
#
# Runs while pages are rendered, once per table block, after `build_table`. Every string from
# the data goes through Jinja's autoescaping: the environment given is overlaid with
# `autoescape=True` when it does not escape by itself (MkDocs' theme environment does not).
# The HTML has no blank line, so Markdown keeps it whole as one raw HTML block.

from __future__ import annotations

import functools

import jinja2

from almanac.core.tables.model import Table

__all__ = ["TEMPLATE", "environment", "render_table"]

TEMPLATE = "almanac/table.html"
"""The template's name in the package's `templates/` folder."""


@functools.cache
def environment() -> jinja2.Environment:
    """The package's own template environment, with autoescaping on."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("almanac", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=False,
    )


def render_table(table: Table, template: jinja2.Environment | str | None = None, *, root: str = "") -> str:
    """The HTML of `table`.

    `template` is an environment that has `almanac/table.html` (such as the theme's), the
    text of a replacement template, or `None` for the package's own. `root` is the site root
    as seen from the page (`../../`), put before links to entity pages.
    """
    if isinstance(template, str):
        compiled = environment().from_string(template)
    else:
        env = template if template is not None else environment()
        if env.autoescape is not True:
            env = env.overlay(autoescape=True)
        compiled = env.get_template(TEMPLATE)
    marks = {note.mark: note.text for note in table.footnotes if note.mark is not None}
    html = compiled.render(table=table, root=root, marks=marks)
    return "\n".join(line.rstrip() for line in html.splitlines() if line.strip())
