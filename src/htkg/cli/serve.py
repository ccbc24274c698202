"""``htkg serve``: the explorer and a read-only SPARQL endpoint on 127.0.0.1 (or ``--bind``).

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

Trustworthy starts and stops: the public port is bound (and listening) before
anything else happens, so a port in use is one line and exit code 4 with no
banner, no Oxigraph server and no temporary store; the Oxigraph server dies with
serve even on SIGKILL (:mod:`htkg.server.backend`); and the temporary stores
that killed serves left are removed on the next start (:mod:`htkg.server.scratch`).
"""

from __future__ import annotations

import argparse
import ipaddress
import shutil
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from htkg.cli import options
from htkg.errors import InputError, StoreError
from htkg.paths import ProjectPaths
from htkg.stores.oxigraph import ACTIVE, OxigraphStore
from htkg.workflow import load, open_dataset

SERVE_STORE_HELP = "memory (default: the build) or oxigraph:PATH (served in place)"
LOOPBACK = "127.0.0.1"
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve",
        parents=[options.store(SERVE_STORE_HELP), options.lang()],
        help="serve the explorer and a SPARQL endpoint on 127.0.0.1",
        description="Serve on 127.0.0.1 (or --bind): the explorer at / (neighbourhoods loaded "
        "on demand by SPARQL, so it works on a corpus), the SPARQL 1.1 endpoint at /query "
        "(Oxigraph, the union of all graphs as the default graph), Oxigraph's query page at "
        "/sparql-ui/, the competency questions at /queries, entity IRIs at /id/<name> (HTML, "
        "Turtle or JSON-LD). Read-only unless --allow-update. Stops with Ctrl-C. A port in "
        "use stops it at once with exit code 4.",
    )
    parser.add_argument("--port", type=int, default=7878, help="TCP port (default 7878)")
    parser.add_argument(
        "--bind",
        metavar="ADDRESS",
        default=LOOPBACK,
        help="IP address to listen on (default 127.0.0.1; 0.0.0.0 or :: for every "
        "interface, which makes the endpoint reachable from the network)",
    )
    parser.add_argument("--allow-update", action="store_true", help="accept SPARQL updates")
    parser.set_defaults(func=run)


def bind_address(text: str) -> IPAddress:
    """``--bind``'s address (an IP address, or ``localhost``)."""
    try:
        return ipaddress.ip_address(LOOPBACK if text == "localhost" else text.strip("[]"))
    except ValueError:
        raise InputError(
            f"--bind {text!r}: not an IP address (e.g. 127.0.0.1, 0.0.0.0, ::1)"
        ) from None


def exposure_warning(address: IPAddress, allow_update: bool) -> str | None:
    """The one line to print when ``address`` is reachable from other machines, else None."""
    if address.is_loopback:
        return None
    where = "every interface" if address.is_unspecified else str(address)
    if allow_update:
        return (
            f"htkg serve: WARNING: listening on {where}: anyone who can reach this machine "
            "can query the endpoint AND change or delete its data (--allow-update)"
        )
    return (
        f"htkg serve: warning: listening on {where}: the explorer and the SPARQL endpoint "
        "are reachable from the network (read-only)"
    )


def _browsable(address: IPAddress) -> IPAddress:
    """The address to print in URLs: a loopback one for "every interface"."""
    if address.is_unspecified:
        return ipaddress.ip_address(LOOPBACK if address.version == 4 else "::1")
    return address


def _where(address: IPAddress, port: int) -> str:
    return f"[{address}]:{port}" if address.version == 6 else f"{address}:{port}"


def _listen(address: IPAddress, port: int) -> socket.socket:
    """The public socket, or one line and exit code 4 (the port in use, not allowed)."""
    from htkg.server.http import listen

    try:
        return listen(str(address), port)
    except OSError as error:
        reason = error.strerror or str(error)
        reason = reason[:1].lower() + reason[1:]
        raise StoreError(f"cannot serve on {_where(address, port)}: {reason}") from None


def _store_location(spec: str) -> Path | None:
    """The htkg Oxigraph store to serve in place, or None for the build (``memory``)."""
    kind, _, rest = spec.partition(":")
    if spec == "memory":
        return None
    if kind == "oxigraph" and rest:
        directory = Path(rest).expanduser()
        if not (directory / ACTIVE).is_dir():
            raise StoreError(f"{rest}: no htkg Oxigraph store here")
        return directory
    raise InputError(f"--store {spec!r}: serve takes memory or oxigraph:PATH")


@contextmanager
def _served_store(location: Path | None) -> Iterator[Path]:
    """``location``, or the build loaded into a temporary store removed afterwards."""
    from htkg.server.scratch import make_scratch, remove_stale

    if location is not None:
        yield location
        return
    remove_stale()  # the temporary stores of serves that were killed
    temporary = make_scratch()
    try:
        store = OxigraphStore(temporary)
        store.replace(load(reasoned=True, paths=ProjectPaths.discover()))
        store.close()
        yield temporary
    finally:
        shutil.rmtree(temporary, ignore_errors=True)


def _banner(base: str, mode: str) -> None:
    print(f"SPARQL endpoint ({mode}): {base}/query  ·  query page: {base}/sparql-ui/", flush=True)
    print(f"explorer: {base}/  (Ctrl-C stops)", flush=True)
    print(f"competency questions: {base}/queries  ·  entities: {base}/id/<name>", flush=True)


def run(args: argparse.Namespace) -> int:
    from htkg.server.backend import oxigraph_server
    from htkg.server.site import build_site, serve_until_stopped

    if not 0 < args.port < 65536:
        raise InputError(f"--port {args.port}: not a TCP port")
    address = bind_address(args.bind)
    location = _store_location(args.store)
    sock = _listen(address, args.port)  # before anything is started or printed
    try:
        warning = exposure_warning(address, args.allow_update)
        if warning:
            print(warning, file=sys.stderr, flush=True)
        with (
            _served_store(location) as directory,
            oxigraph_server((directory / ACTIVE).resolve(), args.allow_update) as inner,
        ):
            # SPARQL given as text runs inside Oxigraph (oxrdflib), read-only beside the server
            dataset = open_dataset(f"oxigraph:{directory}")
            site = build_site(dataset, inner, args.allow_update, args.lang)
            mode = "read-write" if args.allow_update else "read-only"
            base = f"http://{_where(_browsable(address), args.port)}"
            serve_until_stopped(site, sock, lambda: _banner(base, mode))
    except OSError as error:
        raise StoreError(f"cannot serve on {_where(address, args.port)}: {error}") from error
    finally:
        sock.close()
    return 0
