"""`almanac probe` against a stub of both APIs on 127.0.0.1 (`probe_stub.py`): each case the stub can answer ends
in its classification and in its roll-up row, with a known API key that appears nowhere but in the request's
header; the run's time limit and concurrency hold; a dry run writes nothing; a run is folded once; each mistake
is a `path:line: what — how` line with exit status 1. The command runs in this process (`almanac.cli.main`), so
that the clock can be pinned and every log record seen; requests can only go to 127.0.0.1. Last, the sample
site's status page after a probe run."""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
import yaml

from almanac import probe_command
from almanac.cli import build_parser, main
from almanac.core.data.datasets.loader import load_datasets
from almanac.core.data.probe.targets import key_variable, protocol_of
from almanac.core.data.status import percent, provider_state

from helpers import BUILD_DATE, ROOT, BuildResult, copy_project, run_build
from probe_stub import CASES, Stub, running_stub

FIXTURE = ROOT / "tests" / "fixtures" / "probe"
#: When the probes of these tests are sent: the day before the build date of the tests.
NOW = dt.datetime(2026, 12, 4, 12, 0, tzinfo=dt.UTC)
RUN = "2026-12-04T12:00:00Z"
KEYS = {"STUB_OPENAI_KEY": "sk-probe-3f9a1c77d2e54b18", "STUB_ANTHROPIC_API_KEY": "sk-ant-probe-8e2b0d4419aa71c3"}
CHECKS = {"stub-anthropic": "large-messages", "stub-openai": "large-chat"}


@pytest.fixture
def stub() -> Iterator[Stub]:
    with running_stub() as running:
        yield running


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every request of the probe goes to 127.0.0.1, or the test fails before it is sent."""
    send = httpx.AsyncClient.send

    async def checked(self: httpx.AsyncClient, request: httpx.Request, **options: object) -> httpx.Response:
        assert request.url.host == "127.0.0.1", f"a request to {request.url.host}"
        return await send(self, request, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(httpx.AsyncClient, "send", checked)


@pytest.fixture
def project(tmp_path: Path, stub: Stub, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of tests/fixtures/probe/ whose checks ask the stub, the keys set, the clock at `NOW`."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    point(root, stub, "ok")
    monkeypatch.setenv("ALMANAC_BUILD_DATE", BUILD_DATE)
    for name, value in KEYS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(probe_command, "utc_now", lambda: NOW)
    return root


def point(root: Path, stub: Stub, case: str, provider: str | None = None) -> None:
    """Point the checks (of `provider`, else both) at the stub, asking for `case`."""
    for name in [provider] if provider else CHECKS:
        path = root / "data" / "providers" / f"{name}.yaml"
        text = re.sub(r"127\.0\.0\.1:\d+", f"127.0.0.1:{stub.port}", path.read_text(encoding="utf-8"))
        path.write_text(re.sub(r"/case/[^/]+/", f"/case/{case}/", text), encoding="utf-8")


def probe(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["probe", "-f", str(root / "mkdocs.yml"), *args])
    out, err = capsys.readouterr()
    return code, out, err


def files(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


# Each case: the outcome, the reason (a pattern), the HTTP errors counted, whether a latency and a time to
# first token are kept.
EXPECTED = {
    "ok": ("ok", r"\d+ ms|\d\.\d s", {}, True, False),
    "slow": ("degraded", r"slow: 0\.\d s, over 0\.3 s", {}, True, False),
    "stream": ("ok", r"\d+ ms|\d\.\d s", {}, True, True),
    "429": ("failed", r"HTTP 429, retry after 7 s", {"429": 1}, False, False),
    "500": ("failed", r"HTTP 500", {"500": 1}, False, False),
    "502": ("failed", r"HTTP 502", {"502": 1}, False, False),
    "timeout": ("failed", r"timeout after 1 s", {}, False, False),
    "substitution": ("degraded", r"substitution: asked for acme-large, answered by acme-small", {}, True, False),
    "malformed": ("failed", r"malformed reply: the body is not JSON", {}, False, False),
    "empty": ("failed", r"malformed reply: an empty body", {}, False, False),
    "dropped": (
        "failed",
        r"connection error: RemoteProtocolError \(Server disconnected without .*\)",
        {},
        False,
        False,
    ),
}


def test_every_case_of_the_stub_is_expected() -> None:
    assert sorted(EXPECTED) == sorted(CASES)


@pytest.mark.parametrize("case", CASES)
def test_each_case_is_classified_and_folded_and_the_key_is_never_shown(
    project: Path, stub: Stub, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture, case: str
) -> None:
    # Both protocols at once: the OpenAI check and the Anthropic one ask for the same case.
    caplog.set_level(logging.DEBUG)
    point(project, stub, case)
    before = files(project)
    code, out, err = probe(project, capsys)
    assert code == 0, out + err
    outcome, reason, errors, latency, ttft = EXPECTED[case]
    lines = out.splitlines()
    assert [line.split(":")[0] for line in lines] == [f"{name} {check}" for name, check in CHECKS.items()]
    for line in lines:
        assert re.fullmatch(rf"[\w-]+ [\w-]+: {outcome} — (?:{reason})( \(.*\))?", line), line
    datasets = load_datasets(project, today=dt.date.fromisoformat(BUILD_DATE))
    for name, check in CHECKS.items():
        (row,) = datasets.status[name]["2026-12"].days
        assert datasets.status[name]["2026-12"].check == check
        counts = {"ok": 0, "degraded": 0, "failed": 0} | {outcome: 1}
        assert (row.date, row.samples, row.ok, row.degraded, row.failed) == (NOW.date(), 1, *counts.values())
        assert (row.http_errors, row.runs) == (errors, (RUN,))
        assert row.uptime_pct == {"ok": 100, "degraded": 70, "failed": 0}[outcome]
        assert (len(row.latency_samples_ms), row.latency_ms is not None) == (int(latency), latency)
        assert (len(row.ttft_samples_ms), row.ttft_ms is not None) == (int(ttft), ttft)
    probed = ", ".join(f"{2 * n} {name}" for name, n in counts.items())
    written = "".join(f"\n  data/status/{name}/2026-12.yaml" for name in CHECKS)
    assert err.endswith(f"2 of 2 checks probed ({probed}); 2 files written{written}\n")
    assert sorted(set(files(project)) - set(before)) == [f"data/status/{name}/2026-12.yaml" for name in CHECKS]

    # The keys went in their headers, and nowhere else: not printed, logged or written.
    sent = {seen.headers.get("authorization") or seen.headers.get("x-api-key") for seen in stub.requests}
    assert sent == {f"Bearer {KEYS['STUB_OPENAI_KEY']}", KEYS["STUB_ANTHROPIC_API_KEY"]}
    assert caplog.records, "nothing was logged: the logs were not seen"
    if case == "slow":  # the two checks were asked at once (four at most, by default)
        assert stub.most_at_once == 2
    for key in KEYS.values():
        assert key not in out and key not in err and key not in caplog.text
        for name, data in files(project).items():
            assert key.encode() not in data, name


def test_a_dry_run_probes_and_shows_the_change_writing_nothing(
    project: Path, stub: Stub, capsys: pytest.CaptureFixture[str]
) -> None:
    before = files(project)
    code, out, err = probe(project, capsys, "--dry-run", "--provider", "stub-openai")
    assert code == 0, out + err
    assert files(project) == before
    assert len(stub.requests) == 1
    assert out.splitlines()[:4] == [
        out.splitlines()[0],
        "--- /dev/null",
        "+++ b/data/status/stub-openai/2026-12.yaml",
        out.splitlines()[3],
    ]
    assert "+  - date: 2026-12-04\n+    samples: 1\n+    ok: 1\n" in out
    assert err.endswith("1 of 1 check probed (1 ok, 0 degraded, 0 failed); a dry run, 1 file not written\n")


def test_a_run_is_folded_once(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = probe(project, capsys, "--provider", "stub-openai", "--run-id", "run-7")
    assert code == 0
    path = project / "data" / "status" / "stub-openai" / "2026-12.yaml"
    once = path.read_bytes()
    code, _, err = probe(project, capsys, "--provider", "stub-openai", "--run-id", "run-7")
    assert code == 0
    assert "almanac probe: run run-7 is folded already for stub-openai large-chat\n" in err
    assert path.read_bytes() == once
    code, _, _ = probe(project, capsys, "--provider", "stub-openai", "--run-id", "run-8")
    row = load_datasets(project, today=NOW.date()).status["stub-openai"]["2026-12"].days[0]
    assert (row.samples, row.runs) == (2, ("run-7", "run-8"))


def test_the_run_time_limit_drops_what_is_still_running(
    project: Path, stub: Stub, capsys: pytest.CaptureFixture[str]
) -> None:
    # A probe cut by the run's limit is not the provider's failure: it is not a sample, and the day stays absent.
    point(project, stub, "timeout")
    code, out, err = probe(project, capsys, "--budget", "0.3", "--provider", "stub-openai")
    assert code == 0, out + err
    assert out == "stub-openai large-chat: not run — the run's time limit of 0.3 s ended first\n"
    assert "0 of 1 check probed" in err
    assert not (project / "data" / "status" / "stub-openai" / "2026-12.yaml").exists()


def test_no_more_requests_than_the_concurrency_are_in_flight(
    project: Path, stub: Stub, capsys: pytest.CaptureFixture[str]
) -> None:
    # (By default both checks are asked at once: see the `slow` case above.)
    point(project, stub, "slow")
    code, _, _ = probe(project, capsys, "--concurrency", "1", "--dry-run")
    assert code == 0
    assert (len(stub.requests), stub.most_at_once) == (2, 1)


# --- mistakes -------------------------------------------------------------------------------------------


def test_a_check_without_its_key_is_a_problem_and_is_not_sent(
    project: Path, stub: Stub, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("STUB_OPENAI_KEY")
    code, out, err = probe(project, capsys)
    assert code == 1
    assert out.splitlines() == [
        out.splitlines()[0],
        "data/providers/stub-openai.yaml:15: STUB_OPENAI_KEY is not set, so check large-chat of stub-openai is "
        "not probed — set STUB_OPENAI_KEY to the API key (in the workflow, a repository secret of that name)",
    ]
    assert out.startswith("stub-anthropic large-messages: ok — ")  # the others are probed and folded
    assert [seen.path for seen in stub.requests] == ["/case/ok/v1/messages"]
    assert err.endswith("1 file written; 1 problem\n  data/status/stub-anthropic/2026-12.yaml\n")
    # In the workflow, a secret not set leaves its check out, with a note.
    code, out, err = probe(project, capsys, "--skip-without-key")
    assert code == 0
    assert "almanac probe: STUB_OPENAI_KEY is not set, so check large-chat of stub-openai is not probed " in err


def test_an_unknown_provider_is_named_with_the_closest(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = probe(project, capsys, "--provider", "stub-opnai")
    assert (code, out) == (
        1,
        "data/providers/stub-openai.yaml:3: --provider 'stub-opnai' is not a provider of data/ "
        "— did you mean stub-openai?\n",
    )
    code, out, _ = probe(project, capsys, "--provider", "quiet")
    assert (code, out) == (
        1,
        "data/providers/quiet.yaml:3: quiet has no checks to probe — add one under monitoring: "
        "(id, model, endpoint, interval, timeout)\n",
    )


def test_a_check_of_a_protocol_the_provider_does_not_serve(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = project / "data" / "providers" / "stub-openai.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("    timeout: 1s", "    protocol: anthropic\n    timeout: 1s")
    )
    code, out, _ = probe(project, capsys, "--provider", "stub-openai")
    assert (code, out) == (
        1,
        "data/providers/stub-openai.yaml:9: check large-chat speaks the anthropic protocol, and stub-openai has "
        "no `api` entry of it — add one under api: ({base_url: …, protocol: anthropic}) or set the check's protocol\n",
    )


def test_a_second_check_of_a_provider_is_probed_not_folded(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = project / "data" / "providers" / "stub-openai.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + text[text.index("  - id: large-chat") :].replace("large-chat", "small-chat"))
    code, out, err = probe(project, capsys, "--provider", "stub-openai")
    assert code == 1
    assert out.splitlines()[1:] == [
        out.splitlines()[1],
        "data/providers/stub-openai.yaml:16: check small-chat was probed but not folded: data/status/stub-openai/ "
        "keeps one check a month — probe it with --provider alone once the other check of stub-openai is moved out",
    ]
    assert out.startswith("stub-openai large-chat: ok — ") and out.splitlines()[1].startswith(
        "stub-openai small-chat: ok"
    )
    assert "1 file written" in err


@pytest.mark.parametrize(("option", "value"), [("--budget", "0"), ("--budget", "soon"), ("--concurrency", "0")])
def test_a_bad_limit_is_a_bad_command_line(
    project: Path, capsys: pytest.CaptureFixture[str], option: str, value: str
) -> None:
    with pytest.raises(SystemExit) as stopped:
        probe(project, capsys, option, value)
    assert stopped.value.code == 2
    assert f"argument {option}: {value!r} is not" in capsys.readouterr().err


# --- the sample site ----------------------------------------------------------------------------------------


def status_row(build: BuildResult, name: str) -> str:
    """The text of a provider's row of the table of /status/, its cells joined by `|`."""
    html = (build.site / "status" / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r"<tr\b.*?</tr>", html, re.S)
    (row,) = [row for row in rows if f">{name}<" in row]
    cells = re.findall(r"<t[dh]\b[^>]*>(.*?)</t[dh]>", row, re.S)
    return "|".join(" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in cells)


@pytest.mark.slow
def test_the_status_page_of_the_sample_shows_a_probe_run(
    tmp_path: Path,
    stub: Stub,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    sample_build: BuildResult,
) -> None:
    # The first provider of the sample with an OpenAI check and no row for the day before the build date,
    # probed that day (through the stub, streamed): the sample's own build is the page before the probe.
    root = copy_project(tmp_path)
    today = dt.date.fromisoformat(BUILD_DATE)
    day = today - dt.timedelta(days=1)
    datasets = load_datasets(root, today=today)
    provider = next(
        provider
        for provider in sorted(datasets.providers.values(), key=lambda provider: provider.id)
        if provider.monitoring
        and protocol_of(provider.monitoring[0]) == "openai"
        and all(row.date != day for month in datasets.status.get(provider.id, {}).values() for row in month.days)
    )
    check = provider.monitoring[0]
    path = root / "data" / "providers" / f"{provider.id}.yaml"
    base = urlsplit(next(api.base_url for api in provider.api if api.protocol == "openai"))
    text = path.read_text(encoding="utf-8").replace(f"{base.scheme}://{base.netloc}", stub.base_url)
    path.write_text(text.replace(f"endpoint: {check.endpoint}", f"endpoint: /case/stream{check.endpoint}"), "utf-8")
    monkeypatch.setenv("ALMANAC_BUILD_DATE", BUILD_DATE)
    monkeypatch.setenv(key_variable(provider.id, check), "sk-sample-probe-0c6f5e")
    monkeypatch.setattr(probe_command, "utc_now", lambda: dt.datetime.combine(day, dt.time(12), dt.UTC))
    code, out, err = probe(root, capsys, "--provider", provider.id)
    assert code == 0, out + err
    assert out.startswith(f"{provider.id} {check.id}: ok — ")

    datasets = load_datasets(root, today=today)
    state = provider_state(datasets, provider.id, dt.datetime.combine(today, dt.time(12), dt.UTC))
    assert state.last_day is not None and state.last_day.date == day
    week = state.windows["7d"].pct
    assert week is not None
    before = status_row(sample_build, provider.name)
    built = run_build(root)
    assert built.returncode == 0, built.output
    after = status_row(built, provider.name)
    # The row now says what the probe found: the state of the day probed and the week's uptime.
    assert after.split("|")[1:3] == [state.label, percent(week)], after
    assert after != before


def test_a_key_variable_that_is_no_name_is_refused_without_showing_it(
    project: Path, stub: Stub, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project / "data" / "providers" / "stub-openai.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("STUB_OPENAI_KEY", "sk-live-1234"), encoding="utf-8")
    code, out, err = probe(project, capsys)
    assert code == 1
    # The text is not shown: it may be a key.
    assert out.splitlines() == [
        "data/providers/stub-openai.yaml:15:18: monitoring[0].api_key_env: expected the name of an environment "
        "variable (capital letters, digits and _), found a text that is not one — write the variable's name, such "
        "as 'DEEPSEEK_API_KEY', never the key itself"
    ]
    assert "sk-live-1234" not in out + err
    assert stub.requests == []


def test_the_readme_s_example_check_and_commands_are_valid() -> None:
    from almanac.core.data.datasets.models import Check

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Probing providers\n", 1)[1].split("\n## ", 1)[0]
    commands, config = re.findall(r"```(?:sh|yaml)\n(.*?)```", section, re.S)
    for entry in yaml.safe_load(config)["monitoring"]:
        Check.model_validate(entry, strict=False)
    lines = [line.split("#")[0].split("almanac ", 1)[1] for line in commands.splitlines() if "almanac " in line]
    for line in lines:
        assert build_parser().parse_args(line.split()).command == "probe"
    assert len(lines) == 2


@pytest.mark.parametrize("key", ['"sk-probe-3f9a"', "sk-probe 3f9a", "sk-probe-3f9a…", "sk-probe-3f9a\nsk-2"])
def test_a_key_a_header_cannot_carry_is_a_problem_not_shown(
    project: Path, stub: Stub, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, key: str
) -> None:
    monkeypatch.setenv("STUB_OPENAI_KEY", key)
    code, out, err = probe(project, capsys, "--provider", "stub-openai")
    assert (code, out) == (
        1,
        "data/providers/stub-openai.yaml:15: STUB_OPENAI_KEY holds characters an HTTP header cannot carry (it is "
        "not shown) — set STUB_OPENAI_KEY to the key alone, without spaces, quotes or line breaks\n",
    )
    assert "3f9a" not in err and stub.requests == []


def test_a_terminal_sees_the_progress_and_a_pipe_does_not(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal, captured = Terminal(), sys.stderr
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.delenv("TERM", raising=False)
    assert main(["probe", "-f", str(project / "mkdocs.yml"), "--dry-run"]) == 0
    shown = terminal.getvalue()
    assert "\ralmanac probe [" in shown and "] 2/2" in shown
    assert shown.index("\r\x1b[K") < shown.index("almanac probe: 2 of 2 checks probed")  # cleared before the summary
    monkeypatch.setattr(sys, "stderr", captured)
    code, _, err = probe(project, capsys, "--dry-run")
    assert code == 0 and "\r" not in err
