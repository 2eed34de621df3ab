"""The process the tests' commands are forked from (`launcher.py`) holds what it is meant to: every module it
preloads, `prepared.py` among them, and what that module makes (the theme's templates, compiled)."""

from __future__ import annotations

from pathlib import Path

import launcher
from helpers import build_env

SCRIPT = """
import sys
print(sorted(name for name in sys.argv[1].split(",") if name not in sys.modules))
from mkdocs.theme import Theme
from almanac.mkdocs.compiled_templates import TEMPLATES
environment = Theme(name="material").get_env()
environment.bytecode_cache = TEMPLATES
kept = len(TEMPLATES.compiled)
environment.get_template("base.html")
print("compiled before" if kept and len(TEMPLATES.compiled) == kept else "compiled now")
"""


def test_a_run_starts_with_every_preloaded_module_and_the_theme_compiled(tmp_path: Path) -> None:
    done = launcher.run("python", ["-c", SCRIPT, ",".join(launcher.PRELOAD)], cwd=tmp_path, env=build_env(), timeout=60)
    assert done.returncode == 0, done.output
    assert done.stdout.splitlines() == ["[]", "compiled before"], done.output
