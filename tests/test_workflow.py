"""The GitHub Pages workflow, by what it does: valid for GitHub (actionlint, the workflow JSON Schema, which
every workflow of the repository passes: the probe's too, tests/test_probe_workflow.py tests the rest), when
each job runs (its conditions evaluated for pushes to the default branch and to others, scheduled and
manual runs), that the build runs `almanac check --format github` and then what `make build` runs and
uploads what that writes, that no job runs code with more rights than it needs or puts a token in a
script, and what the keepalive script does when GitHub's API answers or fails. Then the CI entry script,
and the pre-commit hook."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
CI_RUN = ROOT / ".ci" / "run"


def tool(name: str) -> str:
    """A command installed with the test extras (beside this Python), else on PATH."""
    beside_python = Path(sys.executable).parent / name
    if beside_python.is_file() and os.access(beside_python, os.X_OK):
        return str(beside_python)
    found = shutil.which(name)
    assert found, f"{name} is not installed (it comes with the test extras)"
    return found


@pytest.fixture(scope="module")
def workflow() -> dict[str, Any]:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    # YAML 1.1 reads the bare key `on` as the boolean True.
    if True in data and "on" not in data:
        data["on"] = data.pop(True)
    return data


def test_there_are_the_publish_and_probe_workflows() -> None:
    assert [path.name for path in WORKFLOWS] == ["probe.yml", "publish.yml"]


@pytest.mark.parametrize("workflow_file", WORKFLOWS, ids=lambda path: path.name)
def test_actionlint_accepts_the_workflow(workflow_file: Path) -> None:
    command = [tool("actionlint"), "-no-color", str(workflow_file)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, f"actionlint found problems:\n{result.stdout}{result.stderr}"


@pytest.mark.parametrize("workflow_file", WORKFLOWS, ids=lambda path: path.name)
def test_the_workflow_schema_accepts_the_workflow(workflow_file: Path) -> None:
    # The schema of GitHub workflows that check-jsonschema ships (no network).
    result = subprocess.run(
        [tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(workflow_file)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, f"check-jsonschema found problems:\n{result.stdout}{result.stderr}"


# --- When each job runs ------------------------------------------------------------------------


def evaluate(condition: str, github: SimpleNamespace) -> bool:
    """A job's `if:` for the run described by `github`, for the operators the workflow uses (`==`, `!=`,
    `||`, `&&`, `!`, `format`, string literals, `github.*`). Anything else fails the test."""
    expression = condition.strip().removeprefix("${{").removesuffix("}}")
    unknown = re.sub(r"'[^']*'|github(\.\w+)+|format|==|!=|\|\||&&|!|[(),\s]", "", expression)
    assert not unknown, f"the test cannot evaluate {unknown!r} in {condition!r}"
    python = re.sub(r"\|\|", " or ", re.sub(r"&&", " and ", expression))
    python = re.sub(r"!(?!=)", " not ", python)
    value = eval(python, {"__builtins__": {}}, {"github": github, "format": lambda text, *args: text.format(*args)})
    return bool(value)


def run_of(event: str, branch: str, default_branch: str = "trunk") -> SimpleNamespace:
    """The `github` context of a run; a scheduled run's event has no repository."""
    repository = None if event == "schedule" else SimpleNamespace(default_branch=default_branch)
    return SimpleNamespace(event_name=event, ref=f"refs/heads/{branch}", event=SimpleNamespace(repository=repository))


RUNS = {
    # (event, branch): (build, deploy, keepalive). The default branch is called `trunk`, not `main`.
    ("push", "trunk"): (True, True, False),
    ("push", "feature/new-post"): (True, False, False),
    ("workflow_dispatch", "trunk"): (True, True, False),
    ("workflow_dispatch", "feature/new-post"): (True, False, False),
    ("schedule", "trunk"): (True, True, True),
}


def branch_filter(pattern: str) -> re.Pattern[str]:
    """A branch filter of `on.push.branches` as a regular expression (`**` any characters, `*` any but `/`)."""
    parts = re.split(r"(\*\*|\*)", pattern)
    return re.compile("".join({"**": ".*", "*": "[^/]*"}.get(part, re.escape(part)) for part in parts))


@pytest.mark.parametrize(("event", "branch"), sorted(RUNS))
def test_each_job_runs_when_it_should(workflow: dict[str, Any], event: str, branch: str) -> None:
    # A push to any branch builds (a branch that would not build is seen at once); only the default
    # branch, whatever its name, deploys; only the daily run renews the schedule.
    on = workflow["on"]
    triggered = event in on
    if event == "push":
        patterns = (on["push"] or {}).get("branches", ["**"])
        triggered = any(branch_filter(pattern).fullmatch(branch) for pattern in patterns)
    github = run_of(event, branch)
    jobs = [workflow["jobs"][name] for name in ("build", "deploy", "keepalive")]
    ran = tuple(triggered and ("if" not in job or evaluate(job["if"], github)) for job in jobs)
    assert ran == RUNS[(event, branch)]


def test_deploy_publishes_only_what_the_build_made(workflow: dict[str, Any]) -> None:
    jobs = workflow["jobs"]
    assert jobs["deploy"]["needs"] in ("build", ["build"])
    # The schedule is renewed even when the build fails.
    assert "needs" not in jobs["keepalive"]


def test_the_daily_run_fires_once_a_day(workflow: dict[str, Any]) -> None:
    (schedule,) = workflow["on"]["schedule"]
    minute, hour, *every = schedule["cron"].split()
    assert 0 <= int(minute) < 60 and 0 <= int(hour) < 24
    assert every == ["*", "*", "*"]


def test_deployments_are_never_cancelled(workflow: dict[str, Any]) -> None:
    assert workflow["concurrency"]["cancel-in-progress"] is False
    assert "github.ref" in workflow["concurrency"]["group"]


# --- What the build runs ----------------------------------------------------------------------


def test_the_build_runs_make_build_and_uploads_what_it_writes(workflow: dict[str, Any]) -> None:
    steps = workflow["jobs"]["build"]["steps"]
    assert [step["run"].strip() for step in steps if "run" in step][-1] == "make build"
    # What `make build` runs (printed, not run): a strict MkDocs build of mkdocs.yml into its site_dir.
    # Run as a make of its own: under `make test`, MAKELEVEL and MAKEFLAGS would add `make[1]:` lines.
    env = {k: v for k, v in os.environ.items() if k not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS")}
    dry = subprocess.run(["make", "-n", "build"], cwd=ROOT, capture_output=True, text=True, check=True, env=env)
    command = dry.stdout.strip().splitlines()[-1].split()
    assert Path(command[0]).name == "mkdocs" and command[1:] == ["build", "--strict"]
    config = ROOT / "mkdocs.yml"
    site_dir = re.search(r"^site_dir:\s*(\S+)", config.read_text(encoding="utf-8"), re.M)
    (upload,) = [step for step in steps if str(step.get("uses", "")).startswith("actions/upload-pages-artifact@")]
    assert upload["with"]["path"] == (site_dir.group(1) if site_dir else "site")
    # Everything the site's config reads from the environment, the build step sets.
    read = set(re.findall(r"!ENV\s*\[?\s*([A-Z_][A-Z0-9_]*)", config.read_text(encoding="utf-8")))
    (build,) = [step for step in steps if step.get("run") == "make build"]
    assert read <= set(build.get("env", {})), read
    order = [str(step.get("uses", step.get("run", ""))).split("@")[0] for step in steps]
    assert order.index("actions/checkout") < order.index("make build") < order.index("actions/upload-pages-artifact")


def make_commands(target: str) -> list[str]:
    """What `make target` runs, everything made again (`-B`), printed, not run (as a make of its own)."""
    env = {k: v for k, v in os.environ.items() if k not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS")}
    dry = subprocess.run(["make", "-n", "-B", target], cwd=ROOT, capture_output=True, text=True, env=env)
    assert dry.returncode == 0, f"make has no target {target!r}: {dry.stderr}"
    return dry.stdout.strip().splitlines()


def test_the_build_checks_posts_and_data_first_with_annotations(workflow: dict[str, Any]) -> None:
    # `almanac check --format github` runs before the build, from the environment `make build` then uses
    # (installed once), so that every problem shows at its line of the commit, not only the first one in
    # the build's log; a problem stops the job before the build.
    from almanac.cli import build_parser

    steps = workflow["jobs"]["build"]["steps"]
    runs = [step["run"].strip() for step in steps if "run" in step]
    assert runs == ["make .venv/.installed-site", ".venv/bin/almanac check --format github", "make build"]
    assert not any("continue-on-error" in step or "if" in step for step in steps)
    install, build = make_commands(".venv/.installed-site"), make_commands("build")
    assert build[: len(install)] == install  # what `make build` installs first, so it installs nothing again
    assert any(re.search(r" -m pip install .*-e '?\.(?:[\['\s]|$)", command) for command in install), install
    check = runs[1].split()
    assert Path(check[0]).parent == Path(build[-1].split()[0]).parent  # beside the build's mkdocs
    args = build_parser().parse_args(check[1:])
    assert (args.command, args.format, args.config_file) == ("check", "github", "mkdocs.yml")


# --- Rights and secrets -----------------------------------------------------------------------


def test_no_job_has_more_rights_than_it_needs(workflow: dict[str, Any]) -> None:
    # Read-only by default; the job that runs the repository's code (the build) gets nothing more and
    # keeps no credentials; write rights go to the jobs that run only GitHub's own actions or CLI.
    assert workflow["permissions"] == {"contents": "read"}
    jobs = workflow["jobs"]
    assert "permissions" not in jobs["build"]
    for step in jobs["build"]["steps"]:
        if str(step.get("uses", "")).startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False
    for name, job in jobs.items():
        writes = {scope for scope, level in (job.get("permissions") or {}).items() if level == "write"}
        assert writes <= {"deploy": {"pages", "id-token"}, "keepalive": {"actions"}}.get(name, set()), name
        for step in job["steps"]:
            uses = str(step.get("uses", ""))
            assert not uses or re.fullmatch(r"actions/[\w-]+@v\d+", uses), (name, uses)


def test_no_script_holds_a_secret_or_an_expression(workflow: dict[str, Any]) -> None:
    # Values reach scripts through `env:`, never pasted into the script's text (where a branch name
    # could become a command, and a token would be printed in the log with the command).
    assert "secrets." not in WORKFLOW.read_text(encoding="utf-8")
    for name, job in workflow["jobs"].items():
        for step in job["steps"]:
            assert "${{" not in step.get("run", ""), (name, step.get("name"))


def keepalive_script(workflow: dict[str, Any]) -> str:
    (step,) = workflow["jobs"]["keepalive"]["steps"]
    assert step["env"] == {"GH_TOKEN": "${{ github.token }}"}
    script: str = step["run"]
    return script


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
@pytest.mark.parametrize("answer", [0, 1])
def test_keepalive_renews_this_workflow_and_fails_aloud_when_it_cannot(
    workflow: dict[str, Any], tmp_path: Path, answer: int
) -> None:
    # The script runs with a stand-in for GitHub's CLI that records what it is asked and answers
    # success or failure.
    fake = tmp_path / "gh"
    fake.write_text(f'#!/usr/bin/env bash\nprintf "%s\\n" "$@" > "{tmp_path}/asked"\nexit {answer}\n', encoding="utf-8")
    fake.chmod(0o755)
    env = {"PATH": f"{tmp_path}{os.pathsep}{os.environ['PATH']}", "GITHUB_REPOSITORY": "owner/almanac", "GH_TOKEN": "x"}
    done = subprocess.run(
        ["bash", "-e", "-c", keepalive_script(workflow)], env=env, capture_output=True, text=True, timeout=30
    )
    asked = (tmp_path / "asked").read_text(encoding="utf-8").split()
    assert asked == ["api", "--method", "PUT", f"repos/owner/almanac/actions/workflows/{WORKFLOW.name}/enable"]
    if answer == 0:
        assert done.returncode == 0 and "::error" not in done.stdout
    else:
        assert done.returncode == 1
        assert re.search(r"^::error title=[^:]+::.*README", done.stdout, re.M), done.stdout


def test_readme_tells_how_to_turn_the_schedule_back_on() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    publishing = readme.split("## Publishing", 1)[1].split("\n## ", 1)[0]
    assert "60 days" in publishing
    assert f"gh workflow enable {WORKFLOW.name}" in publishing


# --- The CI entry script ----------------------------------------------------------------------


def test_ci_runs_every_test_and_fails_with_them() -> None:
    assert os.access(CI_RUN, os.X_OK), ".ci/run must be executable"
    text = CI_RUN.read_text(encoding="utf-8")
    assert re.search(r"^set -euo pipefail$", text, re.M)
    assert re.search(r"^make test$", text, re.M)
    parsed = subprocess.run(["bash", "-n", str(CI_RUN)], capture_output=True, text=True)
    assert parsed.returncode == 0, parsed.stderr


# --- The pre-commit hook ----------------------------------------------------------------------


def test_the_pre_commit_hook_runs_almanac_check_when_posts_or_data_change() -> None:
    # pre-commit itself is not a dependency: its file is read as pre-commit reads it (YAML, `files` a
    # Python regular expression searched in each changed path, `entry` split into a command line).
    from almanac.cli import build_parser

    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (repo,) = config["repos"]
    assert repo["repo"] == "local"
    (hook,) = repo["hooks"]
    assert (hook["language"], hook["pass_filenames"]) == ("system", False)
    files = re.compile(hook["files"])
    changed = ["docs/blog/posts/2026-03-01-a.md", "docs/index.md", "data/vendors/acme.yaml", "mkdocs.yml"]
    assert all(files.search(path) for path in changed)
    assert not any(files.search(path) for path in ["README.md", "plugins/almanac/cli.py", "tests/docs/a.md"])
    command, *argv = hook["entry"].split()
    # The command the hook names is the one `make` installs (pre-commit runs hooks at the repository's root).
    installed = ROOT / command
    assert installed.parent == ROOT / Path(make_commands("build")[-1].split()[0]).parent
    assert installed.is_file() and os.access(installed, os.X_OK), f"{command} is not installed: run make build"
    args = build_parser().parse_args(argv)
    assert (args.command, args.format, args.config_file) == ("check", "text", "mkdocs.yml")
