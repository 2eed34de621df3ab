"""The theme's templates as compiled by an earlier build of the process (`mkdocs/compiled_templates.py`): a
template is compiled once for environments of the same settings, again for one whose settings change the code
(autoescape here), and again when its source changed; each renders as a template compiled afresh does."""

from __future__ import annotations

from pathlib import Path

import jinja2

from almanac.mkdocs.compiled_templates import CompiledTemplates, compiled_with

TEMPLATE = "<p>{{ text }}</p>"


def environment(folder: Path, cache: CompiledTemplates, *, autoescape: bool = False) -> jinja2.Environment:
    """A new environment, as MkDocs makes one for each build, given `cache`."""
    made = jinja2.Environment(loader=jinja2.FileSystemLoader(folder), auto_reload=False, autoescape=autoescape)
    made.bytecode_cache = cache
    return made


class Counted(CompiledTemplates):
    """Counts the templates compiled: Jinja stores the code of each one it compiles."""

    def __init__(self) -> None:
        super().__init__()
        self.stored = 0

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.stored += 1
        super().dump_bytecode(bucket)


def test_a_template_is_compiled_once_for_environments_of_the_same_settings(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(TEMPLATE, encoding="utf-8")
    cache = Counted()
    first = environment(tmp_path, cache).get_template("page.html").render(text="<b>")
    second = environment(tmp_path, cache).get_template("page.html").render(text="<b>")
    assert cache.stored == 1
    assert first == second == "<p><b></p>"


def test_an_environment_whose_settings_change_the_code_compiles_its_own(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(TEMPLATE, encoding="utf-8")
    cache = Counted()
    plain = environment(tmp_path, cache)
    escaping = environment(tmp_path, cache, autoescape=True)
    assert compiled_with(plain) != compiled_with(escaping)
    assert plain.get_template("page.html").render(text="<b>") == "<p><b></p>"
    assert escaping.get_template("page.html").render(text="<b>") == "<p>&lt;b&gt;</p>"
    assert environment(tmp_path, cache, autoescape=True).get_template("page.html").render(text="<b>") == (
        "<p>&lt;b&gt;</p>"
    )
    assert cache.stored == 2


def test_a_changed_template_is_compiled_again(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(TEMPLATE, encoding="utf-8")
    cache = Counted()
    environment(tmp_path, cache).get_template("page.html").render(text="old")
    page.write_text("<div>{{ text }}</div>", encoding="utf-8")
    assert environment(tmp_path, cache).get_template("page.html").render(text="new") == "<div>new</div>"
    assert cache.stored == 2
