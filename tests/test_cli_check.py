"""`almanac check`: posts and data checked without a build; exit 0 when clean, 1 with every
problem listed as `path:line: what — how to fix`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from helpers import ROOT, build_env, copy_project

ALMANAC = Path(sys.executable).parent / "almanac"


def almanac(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(ALMANAC), *args], cwd=cwd, env=build_env(), capture_output=True, text=True, timeout=120)


def test_the_sample_project_is_clean() -> None:
    done = almanac("check", "--today", "2026-11-28", cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == ""
    assert "posts and data are valid as of 2026-11-28" in done.stderr


def test_problems_in_posts_and_data_are_listed_together(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    post = project / "docs" / "blog" / "posts" / "2026-03-30-end-of-cheap-relays.md"
    post.write_text(post.read_text(encoding="utf-8").replace("date: 2026-03-30", "date: soon"), encoding="utf-8")
    fx = project / "data" / "fx.yaml"
    fx.write_text(fx.read_text(encoding="utf-8").replace("currency: CNY", "currency: RMB", 1), encoding="utf-8")

    done = almanac("check", "--today", "2026-11-28", cwd=project)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert len(lines) == 2, done.stdout
    assert lines[0].startswith("data/fx.yaml:")
    assert "RMB" in lines[0]
    assert lines[1] == (
        "docs/blog/posts/2026-03-30-end-of-cheap-relays.md:3: `date` is not a date: 'soon' — "
        "write it as `YYYY-MM-DD` or `YYYY-MM-DD HH:MM`, e.g. `date: 2026-03-30`"
    )
    assert "almanac check: 2 problems" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_missing_config_is_a_usage_error(tmp_path: Path) -> None:
    done = almanac("check", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("almanac check: mkdocs.yml: no such file")


def test_schema_writes_one_file_per_kind(tmp_path: Path) -> None:
    done = almanac("schema", str(tmp_path / "out"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == [f"{kind}.schema.json" for kind in ("fx", "incidents", "provider", "status", "tags", "vendor")]


def test_committed_schemas_are_current(tmp_path: Path) -> None:
    # Editors validate data files against data/schema/ (see the first line of each file);
    # after a change to the models, `almanac schema data/schema` brings them up to date.
    almanac("schema", str(tmp_path), cwd=tmp_path)
    for fresh in sorted(tmp_path.glob("*.schema.json")):
        committed = ROOT / "data" / "schema" / fresh.name
        assert committed.read_text(encoding="utf-8") == fresh.read_text(encoding="utf-8"), (
            f"{committed.relative_to(ROOT)} is out of date: run `almanac schema data/schema`"
        )


def test_every_data_file_names_its_schema_and_validates_against_it() -> None:
    import json

    import jsonschema
    import yaml

    kinds = {"vendors": "vendor", "providers": "provider", "incidents": "incidents", "status": "status"}
    checked = 0
    for path in sorted((ROOT / "data").rglob("*.yaml")):
        rel = path.relative_to(ROOT / "data")
        kind = kinds.get(rel.parts[0], rel.stem)
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), rel
        schema_path = (path.parent / first.split("$schema=", 1)[1]).resolve()
        assert schema_path == (ROOT / "data" / "schema" / f"{kind}.schema.json").resolve(), rel
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
        # Editors read YAML 1.2, where dates stay text; JSON Schema sees them as strings.
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_NoDates)
        jsonschema.validate(data, schema)
        checked += 1
    assert checked >= 30


def _no_dates_loader() -> type:
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.yaml_implicit_resolvers = {
        key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return Loader


_NoDates = _no_dates_loader()


def test_a_tag_no_post_uses_is_a_warning(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    tags = project / "data" / "tags.yaml"
    text = tags.read_text(encoding="utf-8")
    line = text.count("\n") + 1
    tags.write_text(text + "- name: quantum computing\n", encoding="utf-8")
    done = almanac("check", "--today", "2026-11-28", cwd=project)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (
        f'warning: data/tags.yaml:{line}: the tag "quantum computing" is not used by any post — '
        "tag a post with it, or remove it from data/tags.yaml"
    ) in done.stderr.splitlines()
    assert "1 warning" in done.stderr


def test_an_unknown_tag_in_a_post_is_an_error(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    post = project / "docs" / "blog" / "posts" / "2026-03-30-end-of-cheap-relays.md"
    text = post.read_text(encoding="utf-8")
    post.write_text(text.replace("tags: [", "tags: [larg model, ", 1), encoding="utf-8")
    line = text.split("\n").index(next(x for x in text.split("\n") if x.startswith("tags:"))) + 1
    done = almanac("check", "--today", "2026-11-28", cwd=project)
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        f'docs/blog/posts/2026-03-30-end-of-cheap-relays.md:{line}: unknown tag "larg model" — '
        'did you mean "large model"?'
    ]
