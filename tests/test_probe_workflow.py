"""The probe workflow (.github/workflows/probe.yml), by what it does (actionlint and the workflow JSON Schema
check it with the publish workflow, tests/test_workflow.py): every 30 minutes and by hand, one run at a time;
the job that runs the repository's code reads only and keeps no credentials, and gets the API keys, each under
the variable a check of data/providers/ reads; the job that can push runs no code of the repository; and its
two scripts, run on real Git repositories, carry a probe's change from one job to the other, commit it with
the probe's lines and push it."""

from __future__ import annotations

import datetime as dt
import os
import re
import shlex
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from almanac.cli import build_parser
from almanac.core.data.datasets.loader import load_datasets
from almanac.core.data.probe.targets import key_variable

from helpers import BUILD_DATE, ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "probe.yml"


@pytest.fixture(scope="module")
def workflow() -> dict[str, Any]:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    if True in data and "on" not in data:  # YAML 1.1 reads the bare key `on` as the boolean True
        data["on"] = data.pop(True)
    return data


def step(job: dict[str, Any], name: str) -> dict[str, Any]:
    (found,) = [step for step in job["steps"] if step.get("name") == name]
    return found


def test_it_runs_every_30_minutes_and_by_hand_one_run_at_a_time(workflow: dict[str, Any]) -> None:
    (schedule,) = workflow["on"]["schedule"]
    assert schedule["cron"] == "*/30 * * * *"
    assert "workflow_dispatch" in workflow["on"]
    # A run waits for the one before it: never two folding into the same files, never one cut midway.
    assert workflow["concurrency"]["cancel-in-progress"] is False
    assert workflow["concurrency"]["group"].startswith("probe")


def test_the_probe_runs_the_command_with_the_keys_of_the_checks(workflow: dict[str, Any]) -> None:
    probe = step(workflow["jobs"]["probe"], "Probe the providers")
    # Every key a check of the data reads (api_key_env, else <PROVIDER>_API_KEY) comes from the secret of that name.
    datasets = load_datasets(ROOT, today=dt.date.fromisoformat(BUILD_DATE))
    wanted = {
        key_variable(provider.id, check) for provider in datasets.providers.values() for check in provider.monitoring
    }
    assert wanted, "no provider of the sample has a check"
    secrets = {name: value for name, value in probe["env"].items() if "secrets." in value}
    assert secrets == {name: f"${{{{ secrets.{name} }}}}" for name in wanted}
    # The command line is the command's: every provider (or the one asked for), a check without its secret left out.
    line = next(line for line in probe["run"].splitlines() if "almanac probe" in line)
    assert line.strip().startswith(".venv/bin/almanac probe ")
    arguments = re.search(r"args=\((.*)\)", probe["run"])
    assert arguments is not None
    args = build_parser().parse_args(["probe", *shlex.split(arguments.group(1))])
    assert (args.command, args.skip_without_key, args.dry_run) == ("probe", True, False)
    assert args.budget < workflow["jobs"]["probe"]["timeout-minutes"] * 60  # the probe ends before the job is stopped


def test_only_the_job_that_runs_no_code_of_the_repository_can_push(workflow: dict[str, Any]) -> None:
    assert workflow["permissions"] == {"contents": "read"}
    probe, commit = workflow["jobs"]["probe"], workflow["jobs"]["commit"]
    assert "permissions" not in probe
    (checkout,) = [step for step in probe["steps"] if str(step.get("uses", "")).startswith("actions/checkout@")]
    assert checkout["with"]["persist-credentials"] is False
    assert commit["permissions"] == {"contents": "write", "actions": "write"}
    assert commit["needs"] == "probe"
    for script in (step.get("run", "") for step in commit["steps"]):
        assert not re.search(r"\.venv|\bmake\b|almanac|python|pip", script), script
    for job in (probe, commit):
        for each in job["steps"]:
            uses = str(each.get("uses", ""))
            assert not uses or re.fullmatch(r"actions/[\w-]+@v\d+", uses), uses
    # Secrets only in the env of the probe's step; no value pasted into a script.
    env = step(probe, "Probe the providers")["env"]
    assert WORKFLOW.read_text(encoding="utf-8").count("secrets.") == sum("secrets." in value for value in env.values())
    for job in (probe, commit):
        for each in job["steps"]:
            assert "${{" not in each.get("run", ""), each.get("name")


def test_the_site_is_rebuilt_when_a_day_is_complete(workflow: dict[str, Any]) -> None:
    rebuild = step(workflow["jobs"]["commit"], "Rebuild the site when a day is complete")
    assert rebuild["if"] == "steps.commit.outputs.new_day == 'true'"
    assert rebuild["run"] == 'gh workflow run publish.yml --ref "$BRANCH"'
    assert (ROOT / ".github" / "workflows" / "publish.yml").is_file()


# --- the scripts, on real repositories -------------------------------------------------------------------------


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True)
    return done.stdout


def bash(script: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", script],
        cwd=cwd,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


ROW = "  - date: 2026-12-04\n    samples: 1\n    ok: 1\n    degraded: 0\n    failed: 0\n"


def test_the_patch_carries_the_probe_to_the_branch(workflow: dict[str, Any], tmp_path: Path) -> None:
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "--quiet", "--bare", "--initial-branch=trunk", str(origin))
    seed = tmp_path / "seed"
    git(tmp_path, "clone", "--quiet", str(origin), str(seed))
    (seed / "data" / "status" / "deepseek").mkdir(parents=True)
    (seed / "data" / "status" / "deepseek" / "2026-11.yaml").write_text("days:\n", encoding="utf-8")
    git(seed, "add", ".")
    git(seed, "commit", "--quiet", "-m", "seed")
    git(seed, "push", "--quiet", "origin", "HEAD:trunk")

    # The probe job: its checkout, a probe that adds a month's file and a row, then the patch step.
    probed = tmp_path / "probed"
    git(tmp_path, "clone", "--quiet", str(origin), str(probed))
    (probed / "data" / "status" / "deepseek" / "2026-12.yaml").write_text("days:\n" + ROW, encoding="utf-8")
    (probed / "probe-lines.txt").write_text("deepseek v4-flash-chat: ok — 0.8 s\n", encoding="utf-8")
    output = tmp_path / "probe-output"
    done = bash(step(workflow["jobs"]["probe"], "Keep the change as a patch")["run"], probed, GITHUB_OUTPUT=str(output))
    assert done.returncode == 0, done.stderr
    assert output.read_text(encoding="utf-8") == "changed=true\n"

    # The commit job checks the branch out; a post is pushed before it pushes: it takes the post and pushes again.
    handed = tmp_path / "handed"
    handed.mkdir()
    for name in ("probe.patch", "probe-message.txt"):
        (handed / name).write_bytes((probed / name).read_bytes())
    committer = tmp_path / "commit"
    git(tmp_path, "clone", "--quiet", "--branch", "trunk", str(origin), str(committer))
    git(seed, "commit", "--quiet", "--allow-empty", "-m", "a post")
    git(seed, "push", "--quiet", "origin", "HEAD:trunk")
    output = tmp_path / "commit-output"
    script = step(workflow["jobs"]["commit"], "Commit and push the roll-ups")["run"]
    done = bash(script, committer, PATCH_DIR=str(handed), BRANCH="trunk", GITHUB_OUTPUT=str(output))
    assert done.returncode == 0, done.stderr
    assert output.read_text(encoding="utf-8") == "new_day=true\n"
    log = git(origin, "log", "--format=%B%x00", "trunk").split("\x00")
    assert re.fullmatch(
        r"\s*Probe: roll-ups of \d{4}-\d\d-\d\dT\d\d:\d\dZ\n\ndeepseek v4-flash-chat: ok — 0.8 s\n+", log[0]
    )
    assert [entry.strip() for entry in log[1:3]] == ["a post", "seed"]
    shown = git(origin, "show", "trunk:data/status/deepseek/2026-12.yaml")
    assert shown == "days:\n" + ROW


def test_no_change_makes_no_patch(workflow: dict[str, Any], tmp_path: Path) -> None:
    repository = tmp_path / "repository"
    git(tmp_path, "init", "--quiet", str(repository))
    (repository / "data" / "status").mkdir(parents=True)
    (repository / "data" / "status" / "a.yaml").write_text("days:\n", encoding="utf-8")
    git(repository, "add", ".")
    git(repository, "commit", "--quiet", "-m", "seed")
    (repository / "probe-lines.txt").write_text("", encoding="utf-8")
    output = tmp_path / "output"
    output.touch()
    script = step(workflow["jobs"]["probe"], "Keep the change as a patch")["run"]
    done = bash(script, repository, GITHUB_OUTPUT=str(output))
    assert done.returncode == 0, done.stderr
    assert (output.read_text(encoding="utf-8"), done.stdout) == ("", "No roll-up changed.\n")
