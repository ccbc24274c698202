"""The Oxigraph server behind ``htkg serve``: started on a private loopback port, stopped after.

The ``oxigraph`` binary (from the PyPI package) answers SPARQL on 127.0.0.1
only, whatever ``--bind`` says: the reader reaches it through the Python
server, which passes ``/query`` and ``/sparql-ui/`` on and refuses ``/update``
unless allowed. It is started through :func:`htkg.processes.dying_with_parent`,
so the kernel kills it if serve is SIGKILLed (Linux).

It stays in serve's process group (no new session): Ctrl-C in the terminal then
reaches both, as before, and where ``PR_SET_PDEATHSIG`` is missing (not Linux)
the signals a terminal or a supervisor sends to the group (SIGINT, SIGHUP,
``kill -- -PGID``) are what still stop it. A stop that reaches only serve
(SIGTERM to its PID) stops it in the ``finally`` below; a SIGKILL, by the kernel.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from htkg.errors import StoreError
from htkg.processes import dying_with_parent


def server_binary() -> str:
    """The ``oxigraph`` executable: beside this Python, else on ``PATH``."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if not found:
        raise StoreError("the oxigraph server is not installed (pip install oxigraph)")
    return found


def server_command(location: Path, port: int, allow_update: bool) -> list[str]:
    """The command line that serves ``location`` (a RocksDB directory) on loopback."""
    mode = "serve" if allow_update else "serve-read-only"
    return [server_binary(), mode, "--location", str(location),
            "--bind", f"127.0.0.1:{port}", "--union-default-graph"]  # fmt: skip


def free_port() -> int:
    """A loopback port nobody listens on (for the Oxigraph server behind ours)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def oxigraph_server(location: Path, allow_update: bool) -> Iterator[int]:
    """Serve ``location`` (a RocksDB directory) until the block ends; yield its port."""
    port = free_port()
    command = dying_with_parent(server_command(location, port, allow_update))
    process = subprocess.Popen(command, env=dict(os.environ, RUST_LOG="warn"),
                               stdout=subprocess.DEVNULL)  # fmt: skip
    try:
        _wait_for(port, process)
        yield port
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_for(port: int, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise StoreError(f"the Oxigraph server stopped with code {process.returncode}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise StoreError(f"the Oxigraph server did not listen on 127.0.0.1:{port}")
