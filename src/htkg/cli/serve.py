"""``htkg serve``: the explorer and a read-only SPARQL endpoint on 127.0.0.1.

``--store memory`` (default) serves the build (loaded into a temporary
Oxigraph directory); ``--store oxigraph:PATH`` serves that store in place.

Two processes, one port for the reader: the ``oxigraph`` server binary (from
the PyPI package) answers SPARQL on a private loopback port, as before (union
default graph, updates refused unless ``--allow-update``); in front of it a
small Python server (:mod:`htkg.server`) answers the explorer at ``/`` and its
JSON endpoints straight from the store with pyoxigraph (read-only), the
competency questions at ``/queries``, entity IRIs at ``/id/<name>``, and passes
``/query`` and Oxigraph's query page (``/sparql-ui/``) through. Keeping the
binary keeps SPARQL exactly as Oxigraph serves it (protocol, formats, its query
page); answering the explorer in Python lets each endpoint be one small SPARQL
read of a neighbourhood, reusing the store reader of :mod:`htkg.network.read`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from htkg.cli import options
from htkg.errors import InputError, StoreError
from htkg.paths import ProjectPaths
from htkg.stores.oxigraph import ACTIVE, OxigraphStore
from htkg.workflow import load, open_dataset

SERVE_STORE_HELP = "memory (default: the build) or oxigraph:PATH (served in place)"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve",
        parents=[options.store(SERVE_STORE_HELP), options.lang()],
        help="serve the explorer and a SPARQL endpoint on 127.0.0.1",
        description="Serve on 127.0.0.1: the explorer at / (neighbourhoods loaded on demand "
        "by SPARQL, so it works on a corpus), the SPARQL 1.1 endpoint at /query (Oxigraph, "
        "the union of all graphs as the default graph), Oxigraph's query page at /sparql-ui/, "
        "the competency questions at /queries, entity IRIs at /id/<name> (HTML, Turtle or "
        "JSON-LD). Read-only unless --allow-update. Stops with Ctrl-C.",
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


def free_port() -> int:
    """A loopback port nobody listens on (for the Oxigraph server behind ours)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


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


def _store_directory(args: argparse.Namespace) -> tuple[Path, Path | None]:
    """The htkg Oxigraph store to serve, and the temporary directory to remove after."""
    kind, _, rest = args.store.partition(":")
    if args.store == "memory":
        temporary = Path(tempfile.mkdtemp(prefix="htkg-serve-"))
        store = OxigraphStore(temporary)
        store.replace(load(reasoned=True, paths=ProjectPaths.discover()))
        store.close()
        return temporary, temporary
    if kind == "oxigraph" and rest:
        directory = Path(rest).expanduser()
        if not (directory / ACTIVE).is_dir():
            raise StoreError(f"{rest}: no htkg Oxigraph store here")
        return directory, None
    raise InputError(f"--store {args.store!r}: serve takes memory or oxigraph:PATH")


def run(args: argparse.Namespace) -> int:
    from htkg.server.site import build_site, serve_until_stopped

    if not 0 < args.port < 65536:
        raise InputError(f"--port {args.port}: not a TCP port")
    directory, temporary = _store_directory(args)
    inner = free_port()
    command = server_command((directory / ACTIVE).resolve(), inner, args.allow_update)
    process = subprocess.Popen(command, env=dict(os.environ, RUST_LOG="warn"),
                               stdout=subprocess.DEVNULL)  # fmt: skip
    try:
        _wait_for(inner, process)
        # SPARQL given as text runs inside Oxigraph (oxrdflib), read-only beside the server
        dataset = open_dataset(f"oxigraph:{directory}")
        site = build_site(dataset, inner, args.allow_update, args.lang)
        mode = "read-write" if args.allow_update else "read-only"
        base = f"http://127.0.0.1:{args.port}"
        print(f"SPARQL endpoint ({mode}): {base}/query  ·  query page: {base}/sparql-ui/",
              flush=True)  # fmt: skip
        print(f"explorer: {base}/  (Ctrl-C stops)", flush=True)
        print(f"competency questions: {base}/queries  ·  entities: {base}/id/<name>", flush=True)
        serve_until_stopped(site, args.port)
    except OSError as error:
        raise StoreError(f"cannot serve on 127.0.0.1:{args.port}: {error}") from error
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
    return 0
