"""The import rules of `plugins/almanac`: no cycle between modules; the core imports neither MkDocs, Material,
ProperDocs, the adapters nor the command; the adapters do not import the command, nor the command the adapters;
the blog and data pipelines import nothing of each other.

Every `import` of every module counts, also those inside functions and under `if TYPE_CHECKING:`: an import
that only type checkers run still ties two modules together for a reader. Importing `a.b.c` is not counted as
importing the package `a.b` that Python runs first (each package would otherwise import itself through its own
modules). Each rule is shown able to fail on a small graph of its own."""

from __future__ import annotations

import ast
import graphlib
import textwrap
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers import ROOT

PACKAGE = "almanac"
SOURCE = ROOT / "plugins" / PACKAGE

#: An import graph: each module of the package → the modules it imports (its own and others').
Graph = Mapping[str, frozenset[str]]


# The graph


def module_files(source: Path, package: str) -> dict[str, Path]:
    """Each module of the package in the folder `source`, by dotted name (a package by its own name)."""
    modules: dict[str, Path] = {}
    for path in sorted(source.rglob("*.py")):
        parts = [package, *path.relative_to(source).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def imports_of(name: str, path: Path, modules: Mapping[str, Path]) -> Iterator[str]:
    """What the module `name` (its file: `path`) imports, with relative imports resolved: `from a import b`
    imports the module `a.b` when there is one, else `a`."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            for alias in node.names:
                yield f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base


def import_graph(source: Path = SOURCE, package: str = PACKAGE) -> dict[str, frozenset[str]]:
    """The import graph of the package in `source`."""
    modules = module_files(source, package)
    return {name: frozenset(imports_of(name, path, modules)) - {name} for name, path in modules.items()}


# Cycles


def find_cycles(graph: Graph) -> list[list[str]]:
    """The cycles between modules of the graph, each as a path that ends where it starts and begins with its
    first module by name: one after another, each cut at its last import once found, until none is left (so
    every tangle is named at least once, the same on every run)."""
    edges = {name: {other for other in imported if other in graph} for name, imported in sorted(graph.items())}
    cycles: list[list[str]] = []
    while True:
        sorter = graphlib.TopologicalSorter({name: sorted(edges[name]) for name in sorted(edges)})
        try:
            sorter.prepare()
        except graphlib.CycleError as found:
            # `CycleError` gives the cycle against the arrows (each node is a dependency of the one before).
            cycle: list[str] = list(reversed(found.args[1]))
            start = cycle.index(min(cycle[:-1]))
            cycle = cycle[start:-1] + cycle[: start + 1]
            cycles.append(cycle)
            edges[cycle[-2]].discard(cycle[-1])
        else:
            return cycles


@pytest.fixture(scope="module")
def graph() -> Graph:
    """The package's import graph, read once for the tests of this module (each file parsed once, not seven
    times)."""
    return import_graph()


def test_no_module_imports_itself_through_others(graph: Graph) -> None:
    cycles = find_cycles(graph)
    assert not cycles, "import cycles:\n" + "\n".join(" → ".join(cycle) for cycle in cycles)


def test_a_cycle_is_reported_as_a_path() -> None:
    graph = {
        "almanac.a": frozenset({"almanac.b", "os"}),
        "almanac.b": frozenset({"almanac.c"}),
        "almanac.c": frozenset({"almanac.a"}),
        "almanac.d": frozenset({"almanac.a", "almanac.e"}),
        "almanac.e": frozenset({"almanac.d"}),
    }
    assert find_cycles(graph) == [
        ["almanac.a", "almanac.b", "almanac.c", "almanac.a"],
        ["almanac.d", "almanac.e", "almanac.d"],
    ]
    assert find_cycles({"almanac.a": frozenset({"almanac.b"}), "almanac.b": frozenset()}) == []


# Forbidden imports


def within(*prefixes: str) -> Callable[[str], bool]:
    """Whether a module is one of `prefixes` or inside one (`almanac.mkdocs*`: the name starts so)."""

    def test(name: str) -> bool:
        for prefix in prefixes:
            if prefix.endswith("*"):
                if name.startswith(prefix[:-1]):
                    return True
            elif name == prefix or name.startswith(prefix + "."):
                return True
        return False

    return test


@dataclass(frozen=True)
class Rule:
    """Modules that `importer` selects must not import modules that `imported` selects."""

    name: str
    importer: Callable[[str], bool]
    imported: Callable[[str], bool]
    why: str

    def broken_by(self, graph: Graph) -> list[str]:
        """Each import of the graph that breaks the rule, as `importer → imported`."""
        return [
            f"{name} → {other}"
            for name in sorted(graph)
            if self.importer(name)
            for other in sorted(graph[name])
            if self.imported(other)
        ]


#: The `almanac` command: `cli.py` and the modules of its subcommands.
COMMAND = (
    "almanac.cli",
    "almanac.command_line",
    "almanac.price_command",
    "almanac.incident_command",
    "almanac.import_command",
    "almanac.probe_command",
)
BLOG = within("almanac.core.blog")
DATA = within("almanac.core.data")
#: The join of the two pipelines: the only module of the core that may import both.
JOIN = within("almanac.core.project")


def shared(name: str) -> bool:
    """A module of the core that both pipelines may import (errors, URLs, slugs, …)."""
    return within("almanac.core")(name) and not (BLOG(name) or DATA(name) or JOIN(name))


RULES = [
    Rule(
        "core-imports-no-framework",
        within("almanac.core"),
        within("mkdocs", "material", "properdocs", "almanac.mkdocs*", *COMMAND),
        "the core is plain logic: it imports neither MkDocs, Material, ProperDocs, the adapters nor the command",
    ),
    Rule(
        "adapters-import-no-command",
        within("almanac.mkdocs*"),
        within(*COMMAND),
        "the plugins are what `mkdocs build` loads: the command drives them, not the other way round",
    ),
    Rule(
        "command-imports-no-adapter",
        within(*COMMAND),
        within("almanac.mkdocs*"),
        "the command runs MkDocs, which loads the plugins by their entry points; it asks the core the rest",
    ),
    Rule(
        "blog-imports-no-data",
        BLOG,
        lambda name: DATA(name) or JOIN(name),
        "the blog pipeline takes what it needs of the data as plain values (the tag vocabulary), through the "
        "shared modules or from the adapters",
    ),
    Rule(
        "data-imports-no-blog",
        DATA,
        lambda name: BLOG(name) or JOIN(name),
        "the data pipeline knows nothing of posts; what both need lives in the shared modules of the core",
    ),
    Rule(
        "shared-imports-no-pipeline",
        shared,
        lambda name: BLOG(name) or DATA(name) or JOIN(name),
        "the modules both pipelines import stand below both, or one pipeline would reach the other through them",
    ),
]


@pytest.mark.parametrize("rule", RULES, ids=[rule.name for rule in RULES])
def test_rule_holds(rule: Rule, graph: Graph) -> None:
    broken = rule.broken_by(graph)
    assert not broken, f"{rule.why}; yet:\n" + "\n".join(broken)


#: For each rule, one import that breaks it, and one that does not.
EXAMPLES = {
    "core-imports-no-framework": [
        ("almanac.core.blog.feeds", "mkdocs.structure.pages", True),
        ("almanac.core.errors", "material.plugins.blog", True),
        ("almanac.core.urls", "properdocs", True),
        ("almanac.core.data.api", "almanac.mkdocs.data.plugin", True),
        ("almanac.core.project", "almanac.cli", True),
        ("almanac.core.data.edit", "almanac.price_command", True),
        ("almanac.core.data.importers.merge", "almanac.import_command", True),
        ("almanac.core.urls", "mkdocs_material_extras", False),
        ("almanac.core.urls", "urllib.parse", False),
    ],
    "adapters-import-no-command": [
        ("almanac.mkdocs.checks", "almanac.cli", True),
        ("almanac.mkdocs", "almanac.cli", True),
        ("almanac.mkdocs.data.plugin", "almanac.price_command", True),
        ("almanac.mkdocs.data.plugin", "almanac.import_command", True),
        ("almanac.mkdocs.checks", "almanac.core.errors", False),
    ],
    "command-imports-no-adapter": [
        ("almanac.cli", "almanac.mkdocs.checks", True),
        ("almanac.cli", "mkdocs.commands.build", False),
        ("almanac.price_command", "almanac.mkdocs.data.plugin", True),
        ("almanac.price_command", "almanac.core.data.edit", False),
        ("almanac.import_command", "almanac.mkdocs.data.plugin", True),
        ("almanac.import_command", "almanac.core.data.importers.merge", False),
    ],
    "blog-imports-no-data": [
        ("almanac.core.blog.tags", "almanac.core.data.datasets.models", True),
        ("almanac.core.blog", "almanac.core.data", True),
        ("almanac.core.blog.posts", "almanac.core.project", True),
        ("almanac.core.blog.tags", "almanac.core.slugs", False),
        ("almanac.core.blog.tags", "almanac.core.database", False),
    ],
    "data-imports-no-blog": [
        ("almanac.core.data.datasets.rules", "almanac.core.blog.tags", True),
        ("almanac.core.data.datasets.loader", "almanac.core.project", True),
        ("almanac.core.data.datasets.rules", "almanac.core.errors", False),
        ("almanac.core.data.pages.catalogue", "almanac.core.blogroll", False),
    ],
    "shared-imports-no-pipeline": [
        ("almanac.core.urls", "almanac.core.blog.posts", True),
        ("almanac.core.errors", "almanac.core.data.datasets", True),
        ("almanac.core", "almanac.core.project", True),
        ("almanac.core.project", "almanac.core.blog.posts", False),
        ("almanac.core.urls", "almanac.core.errors", False),
    ],
}


@pytest.mark.parametrize("rule", RULES, ids=[rule.name for rule in RULES])
def test_each_rule_names_the_import_that_breaks_it(rule: Rule) -> None:
    for importer, imported, breaks in EXAMPLES[rule.name]:
        graph = {importer: frozenset({imported, "json"})}
        assert rule.broken_by(graph) == ([f"{importer} → {imported}"] if breaks else []), (importer, imported)


# Reading the imports


def test_every_import_is_read_and_relative_ones_are_resolved(tmp_path: Path) -> None:
    files = {
        "__init__.py": "",
        "core/__init__.py": "from . import urls\n",
        "core/urls.py": "import os.path\n",
        "core/blog/__init__.py": "from .posts import Post\n",
        "core/blog/posts.py": textwrap.dedent(
            """\
            from __future__ import annotations

            from typing import TYPE_CHECKING

            from .. import urls
            from ..urls import join

            if TYPE_CHECKING:
                from almanac.core.data.datasets import models


            def late() -> None:
                import mkdocs.plugins
                from ...cli import main
            """
        ),
        "core/data/__init__.py": "",
        "core/data/datasets/__init__.py": "from almanac.core.data.datasets.models import Tag\n",
        "core/data/datasets/models.py": "from almanac.core.data import datasets\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    graph = import_graph(tmp_path, "almanac")
    assert graph["almanac.core"] == {"almanac.core.urls"}
    assert graph["almanac.core.blog"] == {"almanac.core.blog.posts"}
    assert graph["almanac.core.blog.posts"] == {
        "__future__",
        "typing",
        "almanac.core.urls",
        "almanac.core.data.datasets.models",
        "mkdocs.plugins",
        "almanac.cli",
    }
    assert graph["almanac.core.urls"] == {"os.path"}
    assert find_cycles(graph) == [
        ["almanac.core.data.datasets", "almanac.core.data.datasets.models", "almanac.core.data.datasets"]
    ]
    by_rule = {rule.name: rule.broken_by(graph) for rule in RULES}
    assert by_rule["core-imports-no-framework"] == [
        "almanac.core.blog.posts → almanac.cli",
        "almanac.core.blog.posts → mkdocs.plugins",
    ]
    assert by_rule["blog-imports-no-data"] == ["almanac.core.blog.posts → almanac.core.data.datasets.models"]
