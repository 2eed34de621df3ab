"""Blocks found in a page's Markdown keep their place through its conversion."""

from __future__ import annotations

import markdown

from almanac.core.fences import find_blocks, mark_blocks, unmark_blocks

PAGE = """\
Intro.

```almanac
table: prices
```

Between.

  ~~~almanac
  chart: triangle
  ~~~

```python
# not a block
```

End.
"""


def test_blocks_keep_their_place_through_the_conversion() -> None:
    found = find_blocks(PAGE)
    assert [(raw.start_line, raw.end_line, raw.indent) for raw in found] == [(3, 5, 0), (9, 11, 2)]
    marked = mark_blocks(PAGE, found)
    assert "table: prices" not in marked and "chart: triangle" not in marked and "# not a block" in marked
    html = unmark_blocks(markdown.markdown(marked, extensions=["fenced_code"]), ["<table>T</table>", "<svg>C</svg>"])
    assert html.index("Intro.") < html.index("<table>T</table>") < html.index("Between.")
    assert html.index("Between.") < html.index("<svg>C</svg>") < html.index("not a block") < html.index("End.")
    assert "<p><table>" not in html and "<p><svg>" not in html and "ALMANACBLOCK" not in html


def test_a_page_without_blocks_is_left_alone() -> None:
    assert find_blocks("Text.\n\n```yaml\ntable: prices\n```\n") == []
    assert mark_blocks("Text.\n", []) == "Text.\n"
    assert unmark_blocks("<p>Text.</p>", []) == "<p>Text.</p>"
