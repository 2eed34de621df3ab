"""`almanac check`: posts and data checked without a build; exit 0 when clean, 1 with every
problem listed as `path:line: what — how to fix`."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from helpers import ROOT, build_env, error_lines, run_build
from helpers import run_almanac as almanac

#: A small project (three posts, two vendors), clean: each test edits a copy.
BASE = ROOT / "tests" / "fixtures" / "bad" / "_base"


def test_the_sample_project_is_clean() -> None:
    done = almanac("check", "--today", "2026-11-28", cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.fullmatch(r"almanac check: posts and data are valid as of 2026-11-28 \(\d+\.\d\d s\)\n", done.stdout)


def test_problems_in_posts_and_data_are_listed_together(tmp_path: Path) -> None:
    project = shutil.copytree(BASE, tmp_path / "project")
    post = project / "docs" / "blog" / "posts" / "2026-03-01-first.md"
    post.write_text(post.read_text(encoding="utf-8").replace("date: 2026-03-01", "date: soon"), encoding="utf-8")
    fx = project / "data" / "fx.yaml"
    fx.write_text(fx.read_text(encoding="utf-8").replace("currency: CNY", "currency: RMB", 1), encoding="utf-8")

    done = almanac("check", "--today", "2026-11-28", cwd=project)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert len(lines) == 2, done.stdout
    assert lines[0].startswith("data/fx.yaml:")
    assert "RMB" in lines[0]
    assert lines[1] == (
        "docs/blog/posts/2026-03-01-first.md:3: `date` is not a date: 'soon' — "
        "write it as `YYYY-MM-DD` or `YYYY-MM-DD HH:MM`, e.g. `date: 2026-03-30`"
    )
    assert "almanac check: 2 problems" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_missing_config_is_a_usage_error(tmp_path: Path) -> None:
    done = almanac("check", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("almanac check: mkdocs.yml: no such file")


@pytest.fixture(scope="module")
def schemas(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder `almanac schema` wrote into (a folder it made)."""
    root = tmp_path_factory.mktemp("schema")
    done = almanac("schema", str(root / "out"), cwd=root)
    assert done.returncode == 0, done.stderr
    return root / "out"


def test_schema_writes_one_file_per_kind(schemas: Path) -> None:
    names = sorted(p.name for p in schemas.iterdir())
    assert names == [f"{kind}.schema.json" for kind in ("fx", "incidents", "provider", "status", "tags", "vendor")]


def test_committed_schemas_are_current(schemas: Path) -> None:
    # Editors validate data files against data/schema/ (see the first line of each file);
    # after a change to the models, `almanac schema data/schema` brings them up to date.
    fresh_files = sorted(schemas.glob("*.schema.json"))
    assert len(fresh_files) == 6
    for fresh in fresh_files:
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
    validators: dict[Path, Any] = {}
    for path in sorted((ROOT / "data").rglob("*.yaml")):
        rel = path.relative_to(ROOT / "data")
        kind = kinds.get(rel.parts[0], rel.stem)
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), rel
        schema_path = (path.parent / first.split("$schema=", 1)[1]).resolve()
        assert schema_path == (ROOT / "data" / "schema" / f"{kind}.schema.json").resolve(), rel
        if schema_path not in validators:
            schema = json.loads(schema_path.read_text(encoding="utf-8"))
            cls = jsonschema.validators.validator_for(schema)
            cls.check_schema(schema)  # as `jsonschema.validate` does, once per schema
            validators[schema_path] = cls(schema)
        # Editors read YAML 1.2, where dates stay text; JSON Schema sees them as strings.
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_NoDates)
        validators[schema_path].validate(data)
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
    project = shutil.copytree(BASE, tmp_path / "project")
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
    assert "1 warning" in done.stdout


def test_a_tag_only_a_post_with_problems_uses_is_used(tmp_path: Path) -> None:
    """The post is not built until its problems are fixed, but its tags are its author's: no
    warning that one of them is unused (the tag no post names still has one)."""
    project = shutil.copytree(BASE, tmp_path / "project")
    tags = project / "data" / "tags.yaml"
    text = tags.read_text(encoding="utf-8")
    line = text.count("\n") + 1
    tags.write_text(text + "- name: quantum computing\n- name: chips\n", encoding="utf-8")
    bad = "---\ntitle: Bad\ndate: soon\ntags: [Chips, chipz]\n---\n\nText.\n"
    (project / "docs" / "blog" / "posts" / "2026-06-01-bad.md").write_text(bad, encoding="utf-8")
    done = almanac("check", "--today", "2026-11-28", cwd=project)
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stdout.splitlines() == [
        "docs/blog/posts/2026-06-01-bad.md:3: `date` is not a date: 'soon' — write it as `YYYY-MM-DD` or "
        "`YYYY-MM-DD HH:MM`, e.g. `date: 2026-03-30`",
        'docs/blog/posts/2026-06-01-bad.md:4: unknown tag "chipz" — did you mean "chips"?',
    ]
    warnings = [line for line in done.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [
        f'warning: data/tags.yaml:{line}: the tag "quantum computing" is not used by any post — '
        "tag a post with it, or remove it from data/tags.yaml"
    ]


def test_an_unknown_tag_in_a_post_is_an_error(tmp_path: Path) -> None:
    project = shutil.copytree(BASE, tmp_path / "project")
    post = project / "docs" / "blog" / "posts" / "2026-03-01-first.md"
    text = post.read_text(encoding="utf-8")
    post.write_text(text.replace("tags: [", "tags: [larg model, ", 1), encoding="utf-8")
    line = text.split("\n").index(next(x for x in text.split("\n") if x.startswith("tags:"))) + 1
    done = almanac("check", "--today", "2026-11-28", cwd=project)
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        f'docs/blog/posts/2026-03-01-first.md:{line}: unknown tag "larg model" — did you mean "large model"?'
    ]


# --- `almanac check` is the build: the same problems, all of them, and the last good site kept ---

DATE_LINE = (
    "docs/blog/posts/2026-06-01-bad.md:3: `date` is not a date: 'soon' — write it as `YYYY-MM-DD` or "
    "`YYYY-MM-DD HH:MM`, e.g. `date: 2026-03-30`"
)
TAG_LINE = (
    'docs/blog/posts/2026-05-01-third.md:4: unknown tag "chipz" — use a tag of data/tags.yaml, or add this one there'
)
BLOCK_LINE = (
    "docs/acme.md:6:25: unknown column `outptu` — did you mean `output`? Columns of the prices table: model, vendor, "
    "provider, region, input, cache_read, cache_write, output, blended, context, max_output, currency, checked"
)
LINK_LINE = (
    "docs/blog/posts/2026-04-01-second.md:17: the link '2026-01-01-nope.md' leads to no file of the docs "
    "(looked for 'blog/posts/2026-01-01-nope.md') — link a post by its file name and a page by its path, "
    "relative to this file"
)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _several_problems(project: Path) -> Path:
    """Bad front matter, an unknown tag, a bad block and a link to a missing post, each in its own file."""
    posts = project / "docs" / "blog" / "posts"
    (posts / "2026-06-01-bad.md").write_text("---\ntitle: Bad\ndate: soon\n---\n\nText.\n", encoding="utf-8")
    _edit(posts / "2026-05-01-third.md", "tags: [LLM]", "tags: [LLM, chipz]")
    _edit(project / "docs" / "acme.md", "columns: [model, input, output]", "columns: [model, input, outptu]")
    second = posts / "2026-04-01-second.md"
    second.write_text(second.read_text(encoding="utf-8") + "\nSee [nothing](2026-01-01-nope.md).\n", encoding="utf-8")
    return project


def _files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()
    }


@pytest.fixture(scope="module")
def built_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small project with the site of a good build of it in `site/`; tests edit copies of it."""
    project = tmp_path_factory.mktemp("built") / "project"
    shutil.copytree(BASE, project)
    good = run_build(project)
    assert good.returncode == 0, good.output
    return project


def test_the_build_and_check_list_every_problem_of_every_kind_at_once(built_base: Path, tmp_path: Path) -> None:
    project = shutil.copytree(built_base, tmp_path / "project")  # the last good site in `site/`
    site = _files(project / "site")
    assert "blog/index.html" in site

    _several_problems(project)
    expected = [BLOCK_LINE, LINK_LINE, TAG_LINE, DATE_LINE]
    build = run_build(project)
    assert build.returncode == 1
    assert "Traceback" not in build.output
    assert error_lines(build.output) == expected
    # The failed build left the last good site exactly as it was, and nothing beside it.
    assert _files(project / "site") == site
    assert sorted(path.name for path in project.iterdir()) == ["data", "docs", "mkdocs.yml", "site"]

    done = almanac("check", cwd=project)
    assert done.returncode == 1, done.stderr
    assert done.stdout.splitlines() == expected
    assert "almanac check: 4 problems" in done.stderr
    assert "Traceback" not in done.stderr


def test_errors_in_data_do_not_hide_the_problems_of_posts(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(BASE, project)
    _several_problems(project)
    _edit(project / "data" / "vendors" / "acme.yaml", 'input: "1.00"', 'input: "1.0.0"')

    done = almanac("check", cwd=project)
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("data/vendors/acme.yaml:15:")
    # Blocks are checked against the data once it is fixed; posts, tags and links are checked now.
    assert lines[1:] == [LINK_LINE, TAG_LINE, DATE_LINE]
    assert not (project / "site").exists()  # `check` writes nothing into the project

    build = run_build(project)
    assert build.returncode == 1
    assert error_lines(build.output) == lines
    assert not (project / "site").exists()
    assert sorted(path.name for path in project.iterdir()) == ["data", "docs", "mkdocs.yml"]


def test_a_good_build_replaces_the_whole_site(built_base: Path, tmp_path: Path) -> None:
    project = shutil.copytree(built_base, tmp_path / "project")  # an earlier build's site in `site/`
    (project / "site" / "stale.html").write_text("from an old build", encoding="utf-8")
    again = run_build(project)
    assert again.returncode == 0, again.output
    assert not (project / "site" / "stale.html").exists()
    assert (project / "site" / "blog" / "index.html").is_file()
    assert sorted(path.name for path in project.iterdir()) == ["data", "docs", "mkdocs.yml", "site"]
    # The log names the site folder, not the folder it was built in.
    assert f"Building documentation to directory: {project / 'site'}" in again.output


def test_an_unknown_time_zone_is_an_error_at_its_line(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(BASE, project)
    _edit(project / "mkdocs.yml", "timezone: Asia/Shanghai", "timezone: Asia/Shangai")
    line = project.joinpath("mkdocs.yml").read_text(encoding="utf-8").splitlines().index("      timezone: Asia/Shangai")
    done = almanac("check", cwd=project)
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"mkdocs.yml:{line + 1}: timezone is 'Asia/Shangai', an unknown time zone — ")


def test_a_bad_today_is_a_usage_error(tmp_path: Path) -> None:
    done = almanac("check", "--today", "tomorrow", cwd=ROOT)
    assert done.returncode == 2
    assert done.stderr.strip() == "almanac check: --today 'tomorrow' is not a date — write it as YYYY-MM-DD"


def test_a_bad_build_date_in_the_environment_is_a_usage_error() -> None:
    done = almanac("check", cwd=ROOT, env={**build_env(), "ALMANAC_BUILD_DATE": "tomorrow"})
    assert done.returncode == 2
    assert done.stderr.strip() == "almanac check: ALMANAC_BUILD_DATE is 'tomorrow', not a date — write it as YYYY-MM-DD"


def test_without_strict_mode_mkdocs_warnings_stay_warnings(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(BASE, project)
    _edit(project / "mkdocs.yml", "strict: true", "strict: false")
    second = project / "docs" / "blog" / "posts" / "2026-04-01-second.md"
    second.write_text(second.read_text(encoding="utf-8") + "\nSee [nothing](2026-01-01-nope.md).\n", encoding="utf-8")
    done = almanac("check", cwd=project)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"warning: {LINK_LINE}" in done.stderr.splitlines()
    assert re.fullmatch(r"almanac check: posts and data are valid as of \S+, 1 warning \(\d+\.\d\d s\)\n", done.stdout)
    build = run_build(project, strict=False)
    assert build.returncode == 0, build.output
    assert f"WARNING -  {LINK_LINE}" in build.output.splitlines()


def test_properdocs_reports_the_same_problems_and_keeps_the_site(built_base: Path, tmp_path: Path) -> None:
    # The fork logs under its own name (`properdocs.…`): its warnings about links are caught too,
    # and the build it stops leaves the last good site as it was. (That ProperDocs builds the same
    # site as MkDocs is `tests/builds/test_sample_site.py`'s.)
    project = shutil.copytree(built_base, tmp_path / "project")  # the last good site in `site/`
    site = _files(project / "site")
    _several_problems(project)
    build = run_build(project, tool="properdocs")
    assert build.returncode == 1
    assert "Traceback" not in build.output
    assert error_lines(build.output) == [BLOCK_LINE, LINK_LINE, TAG_LINE, DATE_LINE]
    assert "almanac-new" not in build.output  # the log names the site folder, not the staging one
    assert _files(project / "site") == site


# --- a post with problems in its front matter still has its body checked -------------------------

#: Cases of the bad-input catalogue (`tests/fixtures/bad/`), each with every line the build and
#: `almanac check` give for it: the catalogue asserts the first of them only.
BAD_POST = "docs/blog/posts/2026-06-01-bad.md"
UNKNOWN_ID = (
    'unknown entity "deepseek-v5" — write the id of a model, vendor, provider or tag as the data gives it '
    "(the end of its page's address)"
)
NOT_A_DATE = (
    "`date` is not a date: 'not-a-date' — write it as `YYYY-MM-DD` or `YYYY-MM-DD HH:MM`, e.g. `date: 2026-03-30`"
)
BODY_CASES = {
    # Three lines of front matter, then an unknown `[[id]]` and a bad block in the body.
    "check-body-of-post-with-bad-front-matter": [
        f"{BAD_POST}:3: {NOT_A_DATE}",
        f"{BAD_POST}:7: {UNKNOWN_ID}",
        f"{BAD_POST}:14:25: unknown column `outptu` — did you mean `output`? Columns of the prices table: model, "
        "vendor, provider, region, input, cache_read, cache_write, output, blended, context, max_output, currency, "
        "checked",
    ],
    "check-body-of-post-with-one-line-front-matter": [
        f"{BAD_POST}:1: the post has no `title` — add `title: …` to its front matter",
        f"{BAD_POST}:2: {NOT_A_DATE}",
        f"{BAD_POST}:4: {UNKNOWN_ID}",
    ],
    # Ten lines, one of them a key `almanac/links` reads, then three blank lines.
    "check-body-of-post-with-long-front-matter": [
        f"{BAD_POST}:3: `date` cannot be read: '2026-02-30' (day is out of range for month) — check the value; "
        "a date is written `YYYY-MM-DD`",
        f"{BAD_POST}:9: `autolink` is 'maybe', not true or false — write `autolink: false` to link no names of "
        "this page by themselves, or delete the line",
        f"{BAD_POST}:15: {UNKNOWN_ID}",
    ],
    # Where the body starts is unknown: the post's own error only.
    "check-body-of-post-not-closed": [
        f"{BAD_POST}:1: front matter is not closed — end it with a line holding only `---`",
    ],
    "check-body-of-post-not-utf8": [
        f"{BAD_POST}:5:4: the file is not UTF-8: byte 0xE9 at offset 39 cannot be decoded — save the file with "
        "the UTF-8 encoding",
    ],
}


def _bad_input_project(case: str, destination: Path) -> Path:
    """The project of a case of the catalogue: `_base` with the case's files over it."""
    shutil.copytree(BASE, destination)
    folder = BASE.parent / case
    for source in sorted(folder.rglob("*")):
        relative = source.relative_to(folder)
        if source.is_file() and relative.as_posix() not in ("expected", "why"):
            (destination / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination / relative)
    return destination


@pytest.mark.parametrize("case", sorted(BODY_CASES))
def test_the_body_of_a_post_with_bad_front_matter_is_checked_too(case: str, tmp_path: Path) -> None:
    expected = BODY_CASES[case]
    assert (BASE.parent / case / "expected").read_text(encoding="utf-8").strip() == expected[0]
    project = _bad_input_project(case, tmp_path / "project")

    done = almanac("check", cwd=project)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert done.stdout.splitlines() == expected
    count = len(expected)
    assert f"almanac check: {count} problem{'s' * (count != 1)}" in done.stderr

    build = run_build(project)
    assert build.returncode == 1
    assert "Traceback" not in build.output
    assert error_lines(build.output) == expected
    # Nothing of the site was written: not the post, not the pages that would list it.
    assert sorted(path.name for path in project.iterdir()) == ["data", "docs", "mkdocs.yml"]
    # The other posts' links to it (and to a heading of it) are not reported, not even as warnings.
    logged = [line for line in build.output.splitlines() if not line.startswith("INFO")]
    assert not [line for line in [*logged, *done.stdout.splitlines(), *done.stderr.splitlines()] if "second" in line]


def test_a_broken_link_in_the_body_of_a_post_with_bad_front_matter_is_listed_too(tmp_path: Path) -> None:
    # Not a case of the catalogue: the strict build prints MkDocs' warning first, before the list.
    case = "check-body-of-post-with-bad-front-matter"
    project = _bad_input_project(case, tmp_path / "project")
    bad = project / BAD_POST
    text = bad.read_text(encoding="utf-8")
    bad.write_text(text + "\nAnd [a post that is not there](2026-01-01-nope.md).\n", encoding="utf-8")
    line = text.count("\n") + 2
    expected = [
        *BODY_CASES[case],
        f"{BAD_POST}:{line}: the link '2026-01-01-nope.md' leads to no file of the docs (looked for "
        "'blog/posts/2026-01-01-nope.md') — link a post by its file name and a page by its path, relative to this file",
    ]
    done = almanac("check", cwd=project)
    assert done.returncode == 1, done.stderr
    assert done.stdout.splitlines() == expected
    build = run_build(project)
    assert build.returncode == 1
    assert "Traceback" not in build.output
    assert error_lines(build.output) == expected
    assert f"WARNING -  {expected[-1]}" in build.output.splitlines()


def test_the_preview_reports_the_body_of_a_post_with_bad_front_matter_and_does_not_show_it(tmp_path: Path) -> None:
    from helpers import PREVIEW_REBUILD, run_python

    # The preview: a good build, then the same after a post with bad front matter and an unknown `[[id]]`
    # in its body is saved. The rebuild stops with both, and the site served is the last good one: no
    # page of the post, no listing that names it.

    case = "check-body-of-post-with-bad-front-matter"
    project = _bad_input_project(case, tmp_path / "project")
    bad = project / "docs" / "blog" / "posts" / "2026-06-01-bad.md"
    text = bad.read_text(encoding="utf-8")
    bad.unlink()
    second = "docs/blog/posts/2026-04-01-second.md"  # the base's, which does not link the post yet
    shutil.copyfile(BASE / second, project / second)
    site = project / "site"
    done = run_python(PREVIEW_REBUILD, str(project / "mkdocs.yml"), str(site), str(bad), text, cwd=project)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["built", "stopped"]
    for line in BODY_CASES[case]:
        assert line in done.stderr.splitlines(), done.stderr
    written = {path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()}
    assert "blog/index.html" in written
    assert not [path for path in written if "2026-06-01-bad" in path or path.startswith("blog/2026/06/")]
    shown = "".join((site / path).read_text(encoding="utf-8") for path in sorted(written) if path.endswith(".html"))
    assert "deepseek-v5" not in shown and "2026-06-01-bad" not in shown
