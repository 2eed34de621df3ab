"""The GitHub Pages workflow (linted, checked against the workflow schema, and read for what it must do) and
the CI entry script."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"
MAKEFILE = ROOT / "Makefile"
CI_RUN = ROOT / ".ci" / "run"


def find_actionlint() -> str | None:
    beside_python = Path(sys.executable).parent / "actionlint"
    if beside_python.is_file() and os.access(beside_python, os.X_OK):
        return str(beside_python)
    return shutil.which("actionlint")


@pytest.fixture(scope="module")
def workflow() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    # YAML 1.1 reads the bare key `on` as the boolean True.
    if True in data and "on" not in data:
        data["on"] = data.pop(True)
    return data


def steps_using(job: dict, action: str) -> list[dict]:
    return [step for step in job["steps"] if str(step.get("uses", "")).split("@")[0] == action]


def makefile_recipe(target: str) -> list[str]:
    """The recipe lines of ``target`` in the Makefile, without the leading tab."""
    lines = MAKEFILE.read_text(encoding="utf-8").splitlines()
    header = re.compile(rf"^{re.escape(target)}\s*:(?!=)")
    for index, line in enumerate(lines):
        if header.match(line):
            recipe = []
            for following in lines[index + 1 :]:
                if not following.startswith("\t"):
                    break
                recipe.append(following[1:].strip())
            return recipe
    raise AssertionError(f"the Makefile has no {target!r} target")


def test_actionlint_accepts_the_workflow() -> None:
    actionlint = find_actionlint()
    assert actionlint, "actionlint is not installed (it comes with the test extras)"
    result = subprocess.run(
        [actionlint, "-no-color", str(WORKFLOW)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"actionlint found problems:\n{result.stdout}{result.stderr}"


def find_check_jsonschema() -> str | None:
    beside_python = Path(sys.executable).parent / "check-jsonschema"
    if beside_python.is_file() and os.access(beside_python, os.X_OK):
        return str(beside_python)
    return shutil.which("check-jsonschema")


def test_the_workflow_schema_accepts_the_workflow() -> None:
    # The schema of GitHub workflows that check-jsonschema ships (no network).
    checker = find_check_jsonschema()
    if checker is None:
        pytest.skip("check-jsonschema is not installed (pip install check-jsonschema==0.39.0)")
    result = subprocess.run(
        [checker, "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"check-jsonschema found problems:\n{result.stdout}{result.stderr}"


def test_triggers(workflow: dict) -> None:
    on = workflow["on"]
    assert set(on) == {"push", "workflow_dispatch", "schedule"}
    # Every branch is built; which one is published is the deploy job's condition.
    assert on["push"]["branches"] == ["**"]
    schedule = on["schedule"]
    assert len(schedule) == 1
    fields = schedule[0]["cron"].split()
    assert len(fields) == 5
    assert fields[2:] == ["*", "*", "*"], "the site is rebuilt every day"


def test_permissions_are_minimal(workflow: dict) -> None:
    assert workflow["permissions"] == {"contents": "read"}
    jobs = workflow["jobs"]
    assert "permissions" not in jobs["build"]
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["keepalive"]["permissions"] == {"actions": "write"}
    assert set(jobs) == {"build", "deploy", "keepalive"}


def test_one_deployment_at_a_time(workflow: dict) -> None:
    # Per branch: scheduled runs are of the default branch, so they queue with its pushes.
    assert workflow["concurrency"] == {"group": "pages-${{ github.ref }}", "cancel-in-progress": False}


def test_jobs_have_timeouts(workflow: dict) -> None:
    for name, job in workflow["jobs"].items():
        assert isinstance(job.get("timeout-minutes"), int), name
        assert 0 < job["timeout-minutes"] <= 60, name


def test_build_job(workflow: dict) -> None:
    build = workflow["jobs"]["build"]
    (checkout,) = steps_using(build, "actions/checkout")
    assert checkout["uses"] == "actions/checkout@v7"
    assert checkout["with"]["fetch-depth"] == 1, "nothing reads the git history: the commit is enough"
    assert checkout["with"]["persist-credentials"] is False, "nothing pushes"

    (setup,) = steps_using(build, "actions/setup-python")
    assert setup["uses"] == "actions/setup-python@v7"
    assert str(setup["with"]["python-version"]) == "3.12"
    assert setup["with"]["cache"] == "pip"
    assert setup["with"]["cache-dependency-path"] == "pyproject.toml"

    runs = [step["run"].strip() for step in build["steps"] if "run" in step]
    assert runs == ["make build"]

    (configure,) = steps_using(build, "actions/configure-pages")
    assert configure["uses"] == "actions/configure-pages@v6"
    (upload,) = steps_using(build, "actions/upload-pages-artifact")
    assert upload["uses"] == "actions/upload-pages-artifact@v5"
    assert upload["with"]["path"] == "site"

    order = [str(step.get("uses", step.get("run", ""))).split("@")[0] for step in build["steps"]]
    assert order.index("actions/checkout") < order.index("actions/setup-python")
    assert order.index("actions/setup-python") < order.index("make build")
    assert order.index("make build") < order.index("actions/upload-pages-artifact")


def test_build_step_matches_the_makefile(workflow: dict) -> None:
    recipe = makefile_recipe("build")
    assert any(re.search(r"(^|/)mkdocs build --strict\b", line) for line in recipe), recipe
    assert re.search(r"^export NO_MKDOCS_2_WARNING\s*:?=\s*1\s*$", MAKEFILE.read_text(encoding="utf-8"), re.MULTILINE)
    build_runs = [step["run"] for step in workflow["jobs"]["build"]["steps"] if "run" in step]
    assert "make build" in [run.strip() for run in build_runs]


def test_deploy_job(workflow: dict) -> None:
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] in ("build", ["build"])
    # The default branch, whatever its name; a scheduled run's event names no repository,
    # and is always of the default branch.
    assert deploy["if"].strip() == (
        "github.event_name == 'schedule' || "
        "github.ref == format('refs/heads/{0}', github.event.repository.default_branch)"
    )
    assert "main" not in deploy["if"]
    assert deploy["environment"] == {
        "name": "github-pages",
        "url": "${{ steps.deployment.outputs.page_url }}",
    }
    (step,) = steps_using(deploy, "actions/deploy-pages")
    assert step["uses"] == "actions/deploy-pages@v5"
    assert step["id"] == "deployment"


def test_scheduled_runs_keep_the_schedule_alive(workflow: dict) -> None:
    # GitHub switches off the schedule of a public repository after 60 days without activity;
    # enabling the (enabled) workflow on each scheduled run renews it, with GitHub's own CLI
    # (no third-party action), and a failure fails the run with an annotation.
    keepalive = workflow["jobs"]["keepalive"]
    assert keepalive["if"].strip() == "github.event_name == 'schedule'"
    assert "needs" not in keepalive, "the schedule is renewed even when the build fails"
    (step,) = keepalive["steps"]
    assert "uses" not in step
    assert step["env"] == {"GH_TOKEN": "${{ github.token }}"}
    command = step["run"]
    assert 'gh api --method PUT "repos/${GITHUB_REPOSITORY}/actions/workflows/publish.yml/enable"' in command
    assert "::error " in command and "exit 1" in command
    assert Path(WORKFLOW).name == "publish.yml"


def test_readme_tells_about_the_sixty_days() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    publishing = readme.split("## Publishing", 1)[1].split("\n## ", 1)[0]
    assert "60 days" in publishing
    assert "gh workflow enable publish.yml" in publishing
    assert "default branch" in publishing


def test_ci_run_script() -> None:
    assert CI_RUN.is_file()
    assert os.access(CI_RUN, os.X_OK), ".ci/run must be executable"
    text = CI_RUN.read_text(encoding="utf-8")
    assert text.startswith("#!/usr/bin/env bash\n") or text.startswith("#!/bin/bash\n")
    assert re.search(r"^set -euo pipefail$", text, re.MULTILINE)
    assert re.search(r"^make test$", text, re.MULTILINE)
    assert "ensure_apt_packages()" in text
    assert "--no-install-recommends" in text


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_ci_run_script_parses() -> None:
    result = subprocess.run(["bash", "-n", str(CI_RUN)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
