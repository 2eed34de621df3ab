"""The build checks data/ before writing anything, publishes the JSON Schemas, and the preview
watches data/: a bad edit prints its errors and the last good site stays served."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from helpers import BuildResult, build_env, copy_project, run_build


def test_a_bad_data_file_stops_the_build_at_its_line(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    fx = project / "data" / "fx.yaml"
    lines = fx.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if 'per_usd: "7.10"' in line)
    lines[number] = lines[number].replace('per_usd: "7.10"', 'per_usd: "-7.10"')
    fx.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 1
    assert re.search(rf"^ERROR\s+-\s+data/fx\.yaml:{number + 1}:\d+: .*-7\.10", result.output, re.M), result.output
    assert "Traceback" not in result.output
    assert not (project / "site").exists()


def test_schemas_are_published_with_the_site(sample_build: BuildResult) -> None:
    names = sorted(p.name for p in (sample_build.site / "schema").glob("*.schema.json"))
    assert names == [f"{k}.schema.json" for k in ("fx", "incidents", "provider", "status", "tags", "vendor")]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(log: Path, pattern: str, start: int, timeout: float = 60) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = log.read_text(encoding="utf-8", errors="replace")
        found = text.find(pattern, start)
        if found != -1:
            return found + len(pattern)
        time.sleep(0.2)
    raise AssertionError(f"{pattern!r} not in the preview's log:\n{log.read_text()}")


def test_preview_rebuilds_on_data_changes_and_survives_a_bad_edit(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "mkdocs"),
                "serve",
                "-a",
                f"127.0.0.1:{port}",
                "-f",
                str(project / "mkdocs.yml"),
            ],
            cwd=project,
            env=build_env(),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        position = _wait_for(log, "Serving on", 0)
        url = f"http://127.0.0.1:{port}/blog/"

        def fetch() -> int:
            with urllib.request.urlopen(url, timeout=10) as response:
                return int(response.status)

        assert fetch() == 200
        fx = project / "data" / "fx.yaml"
        good = fx.read_text(encoding="utf-8")
        fx.write_text(good.replace("base: USD", "base: [USD"), encoding="utf-8")
        position = _wait_for(log, "data/fx.yaml:", position)
        position = _wait_for(log, "keeps showing the last good build", position)
        assert fetch() == 200  # the last good site is still served, not held
        fx.write_text(good, encoding="utf-8")
        _wait_for(log, "Documentation built", position)
        assert fetch() == 200
        assert server.poll() is None
    finally:
        server.terminate()
        server.wait(timeout=30)
    text = log.read_text()
    assert "Traceback" not in text
    assert "appear stuck" not in text
