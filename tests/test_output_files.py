"""``-o`` never destroys what it names: symlinks, FIFOs and devices survive a write.

Renaming a temporary file over the path is right for a regular file only: over
a symlink it replaces the link (its target unchanged), over a FIFO or a device
node it makes a regular file (as root, ``/dev/full`` became one). The devices
are made with ``mknod`` in a temporary directory, never the real ``/dev``.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from htkg.errors import OutputError
from htkg.files import atomic_write_bytes

ROOT = Path(__file__).resolve().parents[1]
needs_root = pytest.mark.skipif(
    os.geteuid() != 0, reason="mknod of a character device needs root (CAP_MKNOD)"
)


def test_a_regular_file_is_replaced_and_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "out.ttl"
    target.write_text("old")
    target.chmod(0o600)
    atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.ttl"]


def test_a_symlink_is_followed_and_kept(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "out.ttl"
    target.write_text("old")
    link = tmp_path / "link.ttl"
    link.symlink_to(target)
    atomic_write_bytes(link, b"new")
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_bytes() == b"new"


def test_a_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "link.ttl"
    link.symlink_to(tmp_path / "new.ttl")
    atomic_write_bytes(link, b"data")
    assert link.is_symlink() and (tmp_path / "new.ttl").read_bytes() == b"data"


def test_a_fifo_is_written_through(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    atomic_write_bytes(fifo, b"through the pipe")
    reader.join(5)
    assert received == [b"through the pipe"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)


@needs_root
def test_a_character_device_is_written_through(tmp_path: Path) -> None:
    null = tmp_path / "null"
    os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    atomic_write_bytes(null, b"gone")
    assert stat.S_ISCHR(null.stat().st_mode)


@needs_root
def test_a_full_device_is_exit_3_and_stays_a_device(tmp_path: Path) -> None:
    full = tmp_path / "full"
    os.mknod(full, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    with pytest.raises(OutputError, match="No space left on device"):
        atomic_write_bytes(full, b"x" * 10)
    assert stat.S_ISCHR(full.stat().st_mode)


def test_dev_null_works_for_anyone() -> None:
    atomic_write_bytes(Path("/dev/null"), b"nothing")  # writes through, needs no /dev write access
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="is a directory"):
        atomic_write_bytes(tmp_path, b"x")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A built copy of the project: the commands below read build/ instead of rebuilding."""
    root = tmp_path_factory.mktemp("output") / "project"
    for name in ("ontology", "data", "queries"):
        shutil.copytree(ROOT / name, root / name)
    subprocess.run([sys.executable, "-m", "htkg", "build", "--quiet"], cwd=root, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    return root


def _export(*args: str, cwd: Path, **kwargs) -> subprocess.CompletedProcess:
    kwargs.setdefault("stdout", subprocess.PIPE)
    kwargs.setdefault("stderr", subprocess.PIPE)
    return subprocess.run(
        [sys.executable, "-m", "htkg", "export", "--format", "nt", *args], cwd=cwd, **kwargs
    )


def test_export_to_dev_stdout_and_dash_write_to_the_pipe(built: Path) -> None:
    for target in ("/dev/stdout", "-"):
        done = _export("-o", target, cwd=built)
        assert done.returncode == 0, done.stderr
        assert done.stdout.count(b"\n") > 1000


def test_a_write_error_on_stdout_is_one_line_and_exit_3(built: Path) -> None:
    with open("/dev/full", "wb") as full:
        done = _export(cwd=built, stdout=full)
    err = done.stderr.decode()
    assert done.returncode == 3, err
    assert err.strip().splitlines() == [
        "htkg export: cannot write to standard output: No space left on device"
    ]


def test_a_closed_pipe_is_one_line_and_exit_3(built: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "htkg", "query", "--list"],
        cwd=built, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader is gone before the first row is written
    err = process.stderr.read().decode()
    assert process.wait(30) == 3, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert "Broken pipe" in err
