# A `Table` as HTML, through `templates/almanac/table.html`.
#
# Runs while pages are rendered, once per table block, after `build_table`. Every string from
# the data goes through Jinja's autoescaping: the environment given is overlaid with
# `autoescape=True` when it does not escape by itself (MkDocs' theme environment does not).
# The HTML has no blank line, so Markdown keeps it whole as one raw HTML block.
#
# The rows are the one exception to "markup in templates": a big table has tens of thousands
# of cells, and drawing each through Jinja cost most of the time of the generated pages
# (measured in benchmarks/). `body_rows` writes them, escaping every string as MarkupSafe's
# `escape` does (what Jinja's autoescaping uses): the same markup the template wrote before.

from __future__ import annotations

import functools

import jinja2
from markupsafe import Markup

from almanac.core.data.tables.model import Cell, Table
from almanac.core.escaping import escape as _escape

__all__ = ["TEMPLATE", "environment", "render_table", "tidy"]

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


def render_table(
    table: Table, template: jinja2.Environment | str | None = None, *, root: str = "", directory_urls: bool = True
) -> str:
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
    html = compiled.render(table=table, root=root, marks=marks, rows=body_rows(table, root, marks, directory_urls))
    return tidy(html)


def tidy(html: str) -> str:
    """`html` without blank lines and without spaces at the ends of lines (so that Markdown keeps
    it whole as one raw HTML block). A line with anything but spaces is one `rstrip` leaves
    non-empty: `filter` drops the others. Only `\\n` ends a line: text may hold U+2028 and the like."""
    return "\n".join(filter(None, (line.rstrip(" \t") for line in html.split("\n"))))


def _cell(cell: Cell, tag: str, numeric: bool, root: str, marks: dict[str, str], index: str) -> str:
    flags = cell.flags
    classes = f"almanac-num {flags}" if numeric and flags else "almanac-num" if numeric else flags
    head = f'<{tag} scope="row"' if tag == "th" else f"<{tag}"
    if classes:
        head += f' class="{_escape(classes)}"'
    head += f' data-sort="{_escape(cell.sort)}"'
    if cell.title:
        head += f' title="{_escape(cell.title)}"'
    text = _escape(cell.text)
    if cell.href and cell.external:
        text = f'<a href="{_escape(cell.href)}" rel="noopener">{text}</a>'
    elif cell.href:
        href = root + cell.href + (index if cell.href.endswith("/") else "")
        text = f'<a href="{_escape(href)}">{text}</a>'
    for mark in cell.marks:
        text += f'<sup class="almanac-mark" title="{_escape(marks.get(mark, ""))}">{_escape(mark)}</sup>'
    return f"{head}>{text}</{tag}>"


def body_rows(table: Table, root: str, marks: dict[str, str], directory_urls: bool = True) -> Markup:
    """The `<tr>` elements of `table`'s body, every string escaped. Without `directory_urls`
    (MkDocs' `use_directory_urls: false`), links to pages end in `index.html`."""
    numeric = [column.numeric for column in table.columns]
    index = "" if directory_urls else "index.html"
    rows = []
    for row in table.rows:
        cells = [
            _cell(cell, "th" if n == table.row_header else "td", numeric[n], root, marks, index)
            for n, cell in enumerate(row.cells)
        ]
        rows.append("<tr>\n" + "\n".join(cells) + "\n</tr>")
    return Markup("\n".join(rows))
