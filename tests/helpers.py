"""Helpers shared by the tests: the project root, and real builds of small sites in temporary folders."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
BUILD_DATE = "2026-11-28"


@dataclass
class BuildResult:
    returncode: int
    output: str
    site: Path

    def page(self, url: str) -> str:
        """The HTML of the page published at `url` (e.g. `blog/page/2/`)."""
        return (self.site / url / "index.html").read_text(encoding="utf-8")

    def broken_links(self) -> list[str]:
        """Relative links and sources in the built HTML that lead to no file of the site."""
        broken = []
        for page in sorted(self.site.rglob("*.html")):
            text = page.read_text(encoding="utf-8")
            for url in re.findall(r'(?:href|src)="([^"]*)"', text):
                if not url or url.startswith(("#", "/", "data:")) or re.match(r"^[a-z][a-z0-9+.-]*:", url):
                    continue
                path = url.split("#", 1)[0].split("?", 1)[0]
                target = (page.parent / unquote(path)).resolve()
                if path.endswith("/") or target.is_dir():
                    target = target / "index.html"
                if not target.is_file():
                    broken.append(f"{page.relative_to(self.site)}: {url}")
        return broken

    def warnings(self) -> list[str]:
        return [line for line in self.output.splitlines() if line.startswith(("WARNING", "ERROR"))]


def build_env() -> dict[str, str]:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    # Prices and states are those of one fixed day, so expected values do not move with the clock.
    env["ALMANAC_BUILD_DATE"] = BUILD_DATE
    env.pop("SITE_URL", None)
    return env


def run_build(project: Path, *, tool: str = "mkdocs", strict: bool = True) -> BuildResult:
    """Run a real `mkdocs build` of `project` in a subprocess, as a user would."""
    command = [str(BIN / tool), "build", "-f", str(project / "mkdocs.yml"), "-d", str(project / "site")]
    if strict:
        command.append("--strict")
    done = subprocess.run(command, cwd=project, env=build_env(), capture_output=True, text=True, timeout=600)
    return BuildResult(done.returncode, done.stdout + done.stderr, project / "site")


def copy_project(destination: Path) -> Path:
    """A copy of the sample site (config, docs and data) in `destination`."""
    shutil.copy2(ROOT / "mkdocs.yml", destination / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", destination / "docs")
    if (ROOT / "data").is_dir():
        shutil.copytree(ROOT / "data", destination / "data")
    return destination


MINIMAL_CONFIG = """\
site_name: Test Almanac
site_url: https://example.org/test/
theme: {name: material}
plugins:
  - almanac/blog
markdown_extensions: [toc, admonition]
nav:
  - Home: index.md
  - Blog: blog/index.md
"""

AUTHORS = "authors:\n  lin:\n    name: Lin Qiao\n"


def make_site(root: Path, posts: dict[str, str], *, config: str = MINIMAL_CONFIG) -> Path:
    """A minimal site with the given posts (`{file name: text}`)."""
    (root / "docs" / "blog" / "posts").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    (root / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (root / "docs" / "blog" / ".authors.yml").write_text(AUTHORS, encoding="utf-8")
    for name, text in posts.items():
        (root / "docs" / "blog" / "posts" / name).write_text(text, encoding="utf-8")
    return root
