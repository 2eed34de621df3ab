"""Blocks found in a page's Markdown keep their place through its conversion, and no text of the page
can take a block's place."""

from __future__ import annotations

import re

import markdown

from almanac.core.data.blocks.fences import find_blocks, mark_blocks, placeholder, unmark_blocks

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


def test_text_that_looks_like_a_marker_stays_text() -> None:
    # However an author guesses the marker (the form it once had, or its visible shape), the
    # text is kept as written and the table goes to the block's place only.
    page = "Intro ALMANACBLOCK0X and ALMANACBLOCK000000N0X.\n\nALMANACBLOCK0X\n\n```almanac\ntable: prices\n```\n"
    found = find_blocks(page)
    html = unmark_blocks(markdown.markdown(mark_blocks(page, found)), ["<table>T</table>"])
    assert html.count("<table>T</table>") == 1
    assert html.index("<p>ALMANACBLOCK0X</p>") < html.index("<table>T</table>")
    assert "<p>Intro ALMANACBLOCK0X and ALMANACBLOCK000000N0X.</p>" in html


def test_the_marker_holds_a_secret_no_other_process_knows() -> None:
    import subprocess
    import sys

    mine = placeholder(0)
    assert re.fullmatch(r"ALMANACBLOCK[0-9a-f]{24}N0X", mine)
    code = "from almanac.core.data.blocks.fences import placeholder; print(placeholder(0))"
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert re.fullmatch(r"ALMANACBLOCK[0-9a-f]{24}N0X", other) and other != mine
    # Markers of different blocks differ, and none is the start of another (block 1 and block 10).
    assert not placeholder(10).startswith(placeholder(1))
