"""Child processes that die with their parent, even when the parent is SIGKILLed.

A Python ``finally`` stops a child on Ctrl-C or SIGTERM, but nothing runs on
SIGKILL (or the OOM killer): the child would live on, holding its port and
files. Linux's ``prctl(PR_SET_PDEATHSIG, SIGKILL)`` asks the kernel to kill
the child when its parent dies; elsewhere these helpers do nothing (no crash)
and the child still gets what a terminal sends to the process group.

Two users: the SHACL worker (:mod:`htkg.pipeline.beside`, a forked Python
process that calls :func:`die_with_parent` itself) and the ``oxigraph`` server
behind ``htkg serve`` (an executable, started through :func:`dying_with_parent`).
For an executable the setting must be made in the child between ``fork`` and
``exec``; ``subprocess``'s ``preexec_fn`` would do it, but it runs Python code
in a forked copy of a process that already has threads (RocksDB's, once a store
was opened), which can deadlock. So the child is started as ``python -m
htkg.processes PARENT PROGRAM ARGS…``: a fresh, single-threaded interpreter that
sets the signal and ``exec``s the program (the setting survives ``exec``; the
PID stays the same), at the cost of one interpreter start (~30 ms).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
from contextlib import suppress
from pathlib import Path

#: prctl(2) option: the signal a process gets when its parent dies (linux/prctl.h)
PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """In a child: be SIGKILLed when ``parent`` dies; exit now if it already has.

    The kernel sends the signal when the *thread* that forked the child ends, so
    start children from a thread that lives as long as the process (the main one).
    """
    if sys.platform.startswith("linux"):
        with suppress(OSError, AttributeError):
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def dying_with_parent(command: list[str]) -> list[str]:
    """``command`` run so that it dies with this process (Linux), else unchanged."""
    if not sys.platform.startswith("linux"):
        return list(command)
    return [sys.executable, "-m", "htkg.processes", str(os.getpid()), *command]


def pid_alive(pid: int) -> bool:
    """Whether a process ``pid`` exists (one of another user counts)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return not _zombie(pid)


def _zombie(pid: int) -> bool:
    """Whether ``pid`` has ended and waits to be reaped (Linux; elsewhere: no)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_bytes()
    except OSError:
        return False
    return stat.rpartition(b")")[2].split()[:1] == [b"Z"]


def _main(argv: list[str]) -> None:
    """``python -m htkg.processes PARENT PROGRAM ARGS…``: die with PARENT, become PROGRAM."""
    parent, program = int(argv[0]), argv[1]
    die_with_parent(parent)
    os.execv(program, [program, *argv[2:]])


if __name__ == "__main__":
    _main(sys.argv[1:])
