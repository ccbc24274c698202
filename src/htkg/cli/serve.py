"""``htkg serve``: a read-only SPARQL endpoint with a query page, on 127.0.0.1.

It runs the server binary of the ``oxigraph`` PyPI package. ``--store
memory`` (default) serves the build (loaded into a temporary Oxigraph
directory); ``--store oxigraph:PATH`` serves that store in place. Updates are
refused unless ``--allow-update``. The default graph is the union of all named
graphs, so the competency queries in ``queries/`` run unchanged at the endpoint.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from htkg.cli import options
from htkg.errors import InputError, StoreError
from htkg.paths import ProjectPaths
from htkg.stores.oxigraph import ACTIVE, OxigraphStore
from htkg.workflow import load

SERVE_STORE_HELP = "memory (default: the build) or oxigraph:PATH (served in place)"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve",
        parents=[options.store(SERVE_STORE_HELP)],
        help="serve the graph as a SPARQL endpoint on 127.0.0.1",
        description="Start a SPARQL 1.1 endpoint (Oxigraph server) on 127.0.0.1 with a query "
        "page at /, queries at /query, the union of all graphs as the default graph. "
        "Read-only unless --allow-update. Stops with Ctrl-C.",
    )
    parser.add_argument("--port", type=int, default=7878, help="TCP port (default 7878)")
    parser.add_argument("--allow-update", action="store_true", help="accept SPARQL updates")
    parser.set_defaults(func=run)


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


def _run_forwarding_signals(command: list[str]) -> int:
    """Run the server; Ctrl-C or SIGTERM to htkg stops the server too (no orphan)."""
    process = subprocess.Popen(command, env=dict(os.environ, RUST_LOG="warn"))

    def forward(signum: int, _frame: object) -> None:
        process.send_signal(signum)

    previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        return process.wait()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def run(args: argparse.Namespace) -> int:
    if not 0 < args.port < 65536:
        raise InputError(f"--port {args.port}: not a TCP port")
    temporary: Path | None = None
    kind, _, rest = args.store.partition(":")
    if args.store == "memory":
        temporary = Path(tempfile.mkdtemp(prefix="htkg-serve-"))
        store = OxigraphStore(temporary)
        store.replace(load(reasoned=True, paths=ProjectPaths.discover()))
        store.close()
        location = temporary / ACTIVE
    elif kind == "oxigraph" and rest:
        location = Path(rest).expanduser() / ACTIVE
        if not location.is_dir():
            raise StoreError(f"{rest}: no htkg Oxigraph store here")
    else:
        raise InputError(f"--store {args.store!r}: serve takes memory or oxigraph:PATH")
    command = server_command(location.resolve(), args.port, args.allow_update)
    mode = "read-write" if args.allow_update else "read-only"
    print(f"SPARQL endpoint ({mode}): http://127.0.0.1:{args.port}/query", flush=True)
    print(f"query page: http://127.0.0.1:{args.port}/  (Ctrl-C stops)", flush=True)
    try:
        code = _run_forwarding_signals(command)
    finally:
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
    if code not in (0, -signal.SIGINT, -signal.SIGTERM):
        raise StoreError(f"the Oxigraph server stopped with code {code} (port {args.port} in use?)")
    return 0
