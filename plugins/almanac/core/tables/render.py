# A `Table` as HTML, through `templates/almanac/table.html`.
#
# Runs while pages are rendered, once per table block, after `build_table`. Every string from
# the data goes through Jinja's autoescaping: the environment given is overlaid with
# `autoescape=True` when it does not escape by itself (MkDocs' theme environment does not).
# The HTML has no blank line, so Markdown keeps it whole as one raw HTML block.
#
# The rows are the one exception to "markup in templates": a big table has tens of thousands
# of cells, and drawing each through Jinja cost most of the time of the generated pages
# (measured in benchmarks/). `body_rows` writes them with MarkupSafe's `escape` (what Jinja's
# autoescaping uses), the same markup the template wrote before.

from __future__ import annotations

import functools

import jinja2
from markupsafe import Markup, escape

from almanac.core.tables.model import Cell, Table

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
        if env is not environment():
            # Escaping on, and the same whitespace rules as ours, whatever the theme's are.
            env = env.overlay(autoescape=True, trim_blocks=True, lstrip_blocks=True)
        compiled = env.get_template(TEMPLATE)
    marks = {note.mark: note.text for note in table.footnotes if note.mark is not None}
    html = compiled.render(table=table, root=root, marks=marks, rows=body_rows(table, root, marks))
    return "\n".join(line.rstrip() for line in html.splitlines() if line.strip())


def _cell(cell: Cell, tag: str, numeric: bool, root: str, marks: dict[str, str]) -> str:
    classes = ("almanac-num " if numeric else "") + cell.flags
    parts = [f"<{tag}"]
    if tag == "th":
        parts.append(' scope="row"')
    if classes.strip():
        parts.append(f' class="{escape(classes.strip())}"')
    parts.append(f' data-sort="{escape(cell.sort)}"')
    if cell.title:
        parts.append(f' title="{escape(cell.title)}"')
    parts.append(">")
    text = escape(cell.text)
    if cell.href and cell.external:
        parts.append(f'<a href="{escape(cell.href)}" rel="noopener">{text}</a>')
    elif cell.href:
        parts.append(f'<a href="{escape(root + cell.href)}">{text}</a>')
    else:
        parts.append(text)
    for mark in cell.marks:
        parts.append(f'<sup class="almanac-mark" title="{escape(marks.get(mark, ""))}">{escape(mark)}</sup>')
    parts.append(f"</{tag}>")
    return "".join(parts)


def body_rows(table: Table, root: str, marks: dict[str, str]) -> Markup:
    """The `<tr>` elements of `table`'s body, every string escaped."""
    numeric = [column.numeric for column in table.columns]
    rows = []
    for row in table.rows:
        cells = [
            _cell(cell, "th" if index == table.row_header else "td", numeric[index], root, marks)
            for index, cell in enumerate(row.cells)
        ]
        rows.append("<tr>\n" + "\n".join(cells) + "\n</tr>")
    return Markup("\n".join(rows))
