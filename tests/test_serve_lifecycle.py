"""``htkg serve`` starts and stops cleanly: the port first, the child with it, no store left.

- a port in use: one line, exit code 4, nothing on stdout, no temporary store;
- SIGKILL: the Oxigraph server behind it dies too (Linux ``PR_SET_PDEATHSIG``)
  and its port closes; the temporary store it left is removed by the next serve;
- ``--bind``: a warning when the address is reachable from the network;
- the helpers underneath: :mod:`htkg.processes`, :mod:`htkg.server.scratch`.

Real ``python -m htkg serve`` processes on the article; each waits with a
timeout, nothing is timed.
"""

from __future__ import annotations

import ipaddress
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from htkg.cli.serve import bind_address, exposure_warning
from htkg.errors import ExitCode, InputError
from htkg.processes import dying_with_parent, pid_alive
from htkg.server.scratch import OWNER, PREFIX, make_scratch, owner, remove_stale

ROOT = Path(__file__).resolve().parents[1]
linux_only = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _until(condition: Callable[[], bool], seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (from /proc/*/stat)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_bytes().rpartition(b")")[2].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _gone(pid: int) -> bool:
    """Ended: no such process, or a zombie nobody reaped yet."""
    return not pid_alive(pid)


def _assert_ends(pid: int, what: str) -> None:
    """``pid`` ends soon; else it is killed (no orphan left) and the test fails."""
    if not _until(lambda: _gone(pid)):
        os.kill(pid, signal.SIGKILL)
        pytest.fail(f"{what} {pid} outlived its SIGKILLed parent")


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _serve(tmp: Path, *args: str) -> subprocess.Popen:
    env = dict(os.environ, TMPDIR=str(tmp), PYTHONUNBUFFERED="1")
    return subprocess.Popen([sys.executable, "-m", "htkg", "serve", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip


@contextmanager
def _stopped_after(process: subprocess.Popen) -> Iterator[subprocess.Popen]:
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=30)


# -- the port ----------------------------------------------------------------------


def test_a_port_in_use_is_one_line_and_exit_4(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = _serve(tmp_path, "--port", str(port))
        out, err = run.communicate(timeout=60)
    assert run.returncode == ExitCode.STORE
    assert out == ""
    assert err == f"htkg serve: cannot serve on 127.0.0.1:{port}: address already in use\n"
    assert list(tmp_path.iterdir()) == []  # no temporary store was made


# -- SIGKILL -----------------------------------------------------------------------


@pytest.mark.slow
@linux_only
def test_sigkill_takes_the_oxigraph_server_along_and_the_next_start_cleans_up(
    tmp_path: Path,
) -> None:
    with _stopped_after(_serve(tmp_path, "--port", str(_free_port()))) as first:
        assert first.stdout is not None
        assert "/query" in first.stdout.readline()  # the banner: everything is up
        (child,) = _children(first.pid)
        command = Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0")
        assert Path(command[0].decode()).name == "oxigraph"  # exec'd in place by the launcher
        inner = int(command[command.index(b"--bind") + 1].rpartition(b":")[2])
        assert _listening(inner)
        (left,) = tmp_path.glob(PREFIX + "*")
        assert owner(left) == first.pid
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    _assert_ends(child, "the Oxigraph server")
    assert _until(lambda: not _listening(inner))
    assert left.is_dir()  # nobody could remove it: the next start does

    with _stopped_after(
        _serve(tmp_path, "--port", str(_free_port()), "--bind", "0.0.0.0")
    ) as second:
        assert second.stdout is not None and second.stderr is not None
        warning = second.stderr.readline()
        assert "reachable from the network" in warning and "read-only" in warning
        banner = second.stdout.readline()
        assert "/query" in banner and "http://127.0.0.1:" in banner  # a URL that opens here
        assert not left.exists()
        (mine,) = tmp_path.glob(PREFIX + "*")
        assert owner(mine) == second.pid
        second.send_signal(signal.SIGTERM)
        assert second.wait(timeout=30) == 0
    assert list(tmp_path.glob(PREFIX + "*")) == []


@linux_only
def test_a_launched_child_dies_with_its_parent() -> None:
    """:func:`dying_with_parent` without serve: a middle process SIGKILLed, its ``sleep`` gone."""
    middle = subprocess.Popen(
        [sys.executable, "-c", "import subprocess, sys\n"
         "from htkg.processes import dying_with_parent\n"
         "child = subprocess.Popen(dying_with_parent(['/bin/sleep', '600']))\n"
         "print(child.pid, flush=True)\n"
         "child.wait()"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert middle.stdout is not None
    child = int(middle.stdout.readline())
    assert _until(lambda: Path(f"/proc/{child}/cmdline").read_bytes().startswith(b"/bin/sleep"))
    middle.kill()
    middle.wait(timeout=10)
    _assert_ends(child, "the launched child")


def test_the_launcher_is_used_on_linux_only() -> None:
    command = dying_with_parent(["/bin/true"])
    if sys.platform.startswith("linux"):
        assert command == [sys.executable, "-m", "htkg.processes", str(os.getpid()), "/bin/true"]
    else:
        assert command == ["/bin/true"]


# -- --bind --------------------------------------------------------------------------


@pytest.mark.parametrize("address", ["127.0.0.1", "127.0.0.2", "::1", "localhost"])
def test_loopback_needs_no_warning(address: str) -> None:
    assert exposure_warning(bind_address(address), allow_update=True) is None


def test_off_loopback_warns_and_more_so_with_updates() -> None:
    read_only = exposure_warning(bind_address("0.0.0.0"), allow_update=False)
    assert read_only is not None and "\n" not in read_only
    assert "every interface" in read_only and "reachable from the network (read-only)" in read_only
    writable = exposure_warning(ipaddress.ip_address("192.0.2.7"), allow_update=True)
    assert writable is not None and "\n" not in writable
    assert "192.0.2.7" in writable and "WARNING" in writable and "delete" in writable


def test_bind_takes_ip_addresses_only() -> None:
    assert str(bind_address("[::]")) == "::"
    with pytest.raises(InputError, match="not an IP address"):
        bind_address("example.org")


# -- temporary stores -----------------------------------------------------------------


def _dead_pid() -> int:
    ended = subprocess.Popen(["/bin/true"])
    ended.wait()
    return ended.pid


def test_only_the_stores_of_ended_serves_are_removed(tmp_path: Path) -> None:
    def store(name: str, pid: int | None) -> Path:
        directory = tmp_path / name
        (directory / "data-1").mkdir(parents=True)
        if pid is not None:
            (directory / OWNER).write_text(f"{pid}\n", encoding="ascii")
        return directory

    running = store(PREFIX + "running", os.getpid())
    ended = store(PREFIX + "ended", _dead_pid())
    unmarked = store(PREFIX + "unmarked", None)
    other = store("not-htkg-serve", _dead_pid())
    (tmp_path / (PREFIX + "link")).symlink_to(ended)
    assert remove_stale(tmp_path) == [ended]
    assert running.is_dir() and unmarked.is_dir() and other.is_dir() and not ended.exists()


def test_a_new_scratch_store_names_its_owner(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)
    made = make_scratch()
    assert made.parent == tmp_path and made.name.startswith(PREFIX)
    assert owner(made) == os.getpid()
    assert remove_stale(tmp_path) == []  # ours: this process runs


def test_a_zombie_is_not_alive() -> None:
    ended = subprocess.Popen(["/bin/true"])
    assert _until(lambda: not pid_alive(ended.pid))  # ended, not yet reaped
    ended.wait()
    assert not pid_alive(ended.pid) and pid_alive(os.getpid())
