"""The HTTP side of ``htkg serve``: routes, content negotiation, the SPARQL proxy.

Python's ``ThreadingHTTPServer`` (on 127.0.0.1 unless ``--bind``) answers the explorer (``/``),
its JSON endpoints (``/api/view|search|expand|paths|details``), the competency
questions (``/queries``) and entity IRIs (``/id/<name>``: HTML for a browser,
Turtle or JSON-LD for a client), straight from the store with pyoxigraph. The
SPARQL endpoint (``/query``, ``/update`` when allowed) and Oxigraph's own query
page (``/sparql-ui/``) are passed through to the Oxigraph server, which keeps
serving SPARQL exactly as before (union default graph, read-only unless asked).
"""

from __future__ import annotations

import html
import http.client
import json
import socket
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote, urlsplit

from htkg.errors import HtkgError
from htkg.queries.catalogue import QueryFile
from htkg.server.api import ExplorerApi

PROXIED = ("/query", "/update", "/sparql-ui", "/logo.svg")
TURTLE, JSONLD = "text/turtle", "application/ld+json"


class Site:
    """What the handler serves: the page, the API, the queries, where SPARQL goes."""

    def __init__(self, api: ExplorerApi, page: str, queries: list[QueryFile],
                 sparql_port: int, allow_update: bool) -> None:  # fmt: skip
        self.api, self.page, self.queries = api, page.encode("utf-8"), queries
        self.sparql_port, self.allow_update = sparql_port, allow_update

    def queries_page(self, host: str) -> bytes:
        """Each competency question, zh and en, opening in Oxigraph's query page."""
        endpoint = f"http://{host}/query"
        rows = []
        for q in self.queries:
            link = f"/sparql-ui/#query={quote(q.text, safe='')}&endpoint={quote(endpoint, safe='')}"
            title = f"{html.escape(q.question_zh)}<br>{html.escape(q.question_en)}"
            rows.append(
                f'<li><a href="{html.escape(link)}"><b>{html.escape(q.name)}</b></a> {title}</li>'
            )
        return _html("htkg — competency questions / 能力问题", "<ol>" + "".join(rows) + "</ol>")


def _html(title: str, body: str) -> bytes:
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{html.escape(title)}'
            f"</title></head><body><h1>{html.escape(title)}</h1>{body}</body></html>"
            ).encode()  # fmt: skip


def handler(site: Site) -> type[BaseHTTPRequestHandler]:
    """A request handler class bound to ``site``."""

    class Handler(BaseHTTPRequestHandler):
        server_version = "htkg"

        def log_message(self, format: str, *args: object) -> None:
            pass  # quiet: the terminal shows where to go, not every request

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            if url.path.startswith(PROXIED):
                return self.proxy()
            params = {k: v[-1] for k, v in parse_qs(url.query).items()}
            api: dict[str, Callable[[], object]] = {
                "/api/view": site.api.view,
                "/api/search": lambda: site.api.search(params.get("q", "")),
                "/api/expand": lambda: site.api.expand(params["id"], params.get("dir", "down")),
                "/api/details": lambda: site.api.details(params["id"]),
                "/api/paths": lambda: site.api.paths(params["from"], params["to"]),
            }
            if url.path in ("/", "/index.html"):
                return self.send(200, "text/html; charset=utf-8", site.page)
            if url.path == "/favicon.ico":
                return self.send(204, "image/x-icon", b"")
            if url.path == "/queries":
                host = self.headers.get("Host", "127.0.0.1")
                return self.send(200, "text/html; charset=utf-8", site.queries_page(host))
            if url.path in api:
                try:
                    body = json.dumps(api[url.path](), ensure_ascii=False).encode("utf-8")
                except (KeyError, HtkgError) as error:
                    message = json.dumps({"error": f"bad request: {error}"}).encode()
                    return self.send(400, "application/json", message)
                return self.send(200, "application/json; charset=utf-8", body)
            if url.path.startswith("/id/") and len(url.path) > 4:
                return self.entity(url.path[4:])
            return self.send(404, "text/plain; charset=utf-8", b"not found\n")

        def do_POST(self) -> None:
            if urlsplit(self.path).path.startswith(PROXIED):
                return self.proxy()
            return self.send(405, "text/plain; charset=utf-8", b"method not allowed\n")

        def entity(self, name: str) -> None:
            graph = site.api.entity(name)
            if not len(graph):
                return self.send(404, "text/plain; charset=utf-8", b"no such entity\n")
            graph.bind("kg", "https://w3id.org/htkg/id/")
            graph.bind("htkg", "https://w3id.org/htkg/ontology#")
            accept = self.headers.get("Accept", "")
            if JSONLD in accept or "application/json" in accept:
                return self.send(200, JSONLD, graph.serialize(format="json-ld").encode())
            if TURTLE in accept or "text/html" not in accept:
                return self.send(200, f"{TURTLE}; charset=utf-8",
                                 graph.serialize(format="turtle").encode())  # fmt: skip
            rows = "".join(
                f"<tr><td>{html.escape(graph.qname(str(p)))}</td><td>{html.escape(str(o))}</td></tr>"
                for _s, p, o in sorted(graph)
            )
            link = f'<p><a href="/#focus=kg:{quote(name)}">explorer / 浏览器</a></p>'
            return self.send(200, "text/html; charset=utf-8",
                             _html(f"kg:{name}", link + f"<table>{rows}</table>"))  # fmt: skip

        def proxy(self) -> None:
            """Pass the request to the Oxigraph server and its answer back."""
            path = self.path
            if path.startswith("/sparql-ui"):
                path = path[len("/sparql-ui") :] or "/"
            if path.startswith("/update") and not site.allow_update:
                return self.send(403, "text/plain; charset=utf-8", b"read-only endpoint\n")
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            headers = {k: v for k, v in self.headers.items()
                       if k.lower() in ("accept", "content-type", "content-length")}  # fmt: skip
            connection = http.client.HTTPConnection("127.0.0.1", site.sparql_port, timeout=300)
            try:
                connection.request(self.command, path, body=body, headers=headers)
                reply = connection.getresponse()
                data = reply.read()
                kind = reply.getheader("Content-Type", "application/octet-stream")
                self.send(reply.status, kind, data)
            finally:
                connection.close()

        def send(self, status: int, kind: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Vary", "Accept")
            self.end_headers()
            self.wfile.write(body)

    return Handler


def listen(address: str, port: int) -> socket.socket:
    """A socket bound to ``address:port`` and listening: the port is ours before anything starts.

    Listening at once (not just binding) is what makes a second serve on the same
    port fail here: Linux lets two sockets with ``SO_REUSEADDR`` bind one port
    while neither listens. Connections made before the site is ready wait in the
    backlog. ``SO_REUSEADDR`` as ``HTTPServer`` sets it: a port whose last
    connections are in TIME_WAIT (a serve just stopped) is free.
    """
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((address, port))
        sock.listen(ThreadingHTTPServer.request_queue_size)
    except OSError:
        sock.close()
        raise
    return sock


def make_server(site: Site, sock: socket.socket) -> ThreadingHTTPServer:
    """The server on ``sock`` (from :func:`listen`; not started)."""
    host, port = sock.getsockname()[:2]
    server = ThreadingHTTPServer((host, port), handler(site), bind_and_activate=False)
    server.socket.close()  # the one it made; ours is bound and listening already
    server.socket, server.server_address = sock, sock.getsockname()
    server.server_name, server.server_port = host, port
    server.daemon_threads = True
    return server
