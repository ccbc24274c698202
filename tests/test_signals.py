"""A build stopped by Ctrl-C, SIGTERM or SIGKILL leaves no process and no staging directory.

Real processes: ``htkg build`` in its own session, the signal sent when a given
progress line appears (the forked SHACL worker is running from "validating" on).
Ctrl-C is sent to the whole process group, as a terminal does.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs Linux /proc")


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    for name in ("ontology", "data", "queries"):
        shutil.copytree(ROOT / name, tmp_path / name)
    return tmp_path


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _start(project: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "htkg", "build"],
        cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
    )  # fmt: skip


def _wait_for(process: subprocess.Popen, marker: str) -> set[int]:
    """Read progress until ``marker``; the build's child processes at that moment."""
    assert process.stderr is not None
    for line in process.stderr:
        if marker in line:
            deadline = time.monotonic() + 3  # the worker is forked just after "validating"
            while not _children(process.pid) and time.monotonic() < deadline:
                time.sleep(0.01)
            return _children(process.pid)
    pytest.fail(f"the build ended before {marker!r}")


def _gone(pids: set[int], within: float = 10.0) -> set[int]:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline and any(_running(p) for p in pids):
        time.sleep(0.05)
    return {p for p in pids if _running(p)}


def _staging(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if p.name.startswith(".build"))


@pytest.mark.parametrize(
    ("signum", "marker", "code", "message"),
    [
        (signal.SIGINT, "validating", 130, "interrupted"),
        (signal.SIGINT, "writing", 130, "interrupted"),
        (signal.SIGTERM, "validating", 143, "terminated"),
        (signal.SIGTERM, "Auditing", 143, "terminated"),
    ],
)
def test_a_stopped_build_cleans_up(
    project: Path, signum: int, marker: str, code: int, message: str
) -> None:
    process = _start(project)
    children = _wait_for(process, marker)
    assert children, "the SHACL worker was not running"
    if signum == signal.SIGINT:
        os.killpg(process.pid, signum)  # Ctrl-C reaches the whole foreground group
    else:
        process.send_signal(signum)
    _out, err = process.communicate(timeout=60)
    assert process.returncode == code, err
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1] == f"htkg build: {message}"
    assert _gone(children) == set()
    assert _staging(project) == []
    assert not (project / "build").exists()


def test_the_worker_dies_with_a_killed_build_and_the_next_build_cleans_up(project: Path) -> None:
    process = _start(project)
    children = _wait_for(process, "validating")
    assert children, "the SHACL worker was not running"
    process.kill()
    process.wait(30)
    assert _gone(children) == set()
    assert _staging(project) != []  # SIGKILL leaves the staging directory …
    done = subprocess.run(
        [sys.executable, "-m", "htkg", "build", "--quiet"], cwd=project, capture_output=True
    )
    assert done.returncode == 0, done.stderr
    assert _staging(project) == []  # … which the next build removes
