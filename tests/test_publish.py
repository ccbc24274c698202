"""Publishing and serving: failures leave nothing half-published; the endpoint is read-only.

An endpoint that is down or refuses half-way gives one line and exit 4, and no
graph under its real name; ``htkg serve`` answers queries and refuses updates.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from rdflib import Dataset, Literal, URIRef, namespace
from tests.golden import answers, golden
from tests.servers import free_port, stop, wait_for

from htkg.cli import publish as publish_command
from htkg.cli.main import main
from htkg.errors import StoreError
from htkg.rdf.namespaces import GRAPH, INFERRED_GRAPH
from htkg.stores.oxigraph import OxigraphStore
from htkg.stores.remote import SparqlStore


def test_publish_to_a_server_that_is_down_exits_4(reasoned: Dataset, monkeypatch, capsys) -> None:
    monkeypatch.setattr(publish_command, "load", lambda **_: reasoned)
    url = f"http://127.0.0.1:{free_port()}/query"
    assert main(["publish", "--endpoint", url]) == 4
    err = capsys.readouterr().err
    assert "endpoint unreachable" in err and "Traceback" not in err


class _RefusesSecondUpload(BaseHTTPRequestHandler):
    """A fake endpoint: accepts the first Graph Store PUT, fails the next; logs requests."""

    log: ClassVar[list[str]] = []

    def do_PUT(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        puts = sum(1 for line in self.log if line.startswith("PUT"))
        self.log.append(f"PUT {self.path}")
        self.send_response(204 if puts == 0 else 500)
        self.end_headers()

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        self.log.append(f"POST {self.path} {urllib.parse.unquote_plus(body)[:60]}")
        if self.path.startswith("/query"):
            payload = {"head": {"vars": ["n"]}, "results": {"bindings": [
                {"n": {"type": "literal", "value": str(len(small_graph())),
                       "datatype": str(namespace.XSD.integer)}}]}}  # fmt: skip
            data = json.dumps(payload).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        else:
            self.send_response(204)
            self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def small_graph():
    from rdflib import Graph

    graph = Graph()
    graph.add((URIRef("urn:a"), URIRef("urn:b"), Literal("c")))
    return graph


def test_a_publish_refused_half_way_moves_nothing_into_place() -> None:
    """Graph 1 uploads, graph 2 is refused: exit 4, staging dropped, no MOVE sent."""
    _RefusesSecondUpload.log = []
    server = HTTPServer(("127.0.0.1", 0), _RefusesSecondUpload)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        store = SparqlStore(f"http://127.0.0.1:{server.server_port}/query")
        graphs = {GRAPH["one"]: small_graph(), GRAPH["two"]: small_graph()}
        with pytest.raises(StoreError, match="HTTP 500"):
            store.publish(graphs)
    finally:
        server.shutdown()
    log = _RefusesSecondUpload.log
    assert [line.split()[0] for line in log if "staging" in line][:2] == ["PUT", "PUT"]
    assert not any("MOVE" in line for line in log)
    assert "DROP SILENT GRAPH" in log[-1]


def test_publish_to_a_read_only_server_exits_4_and_publishes_nothing(
    reasoned: Dataset, tmp_path: Path, monkeypatch, capsys
) -> None:
    port = free_port()
    location = tmp_path / "ro"
    OxigraphStore(location).replace(small_dataset())
    binary = Path(sys.executable).with_name("oxigraph")
    process = subprocess.Popen(
        [
            str(binary),
            "serve-read-only",
            "--location",
            str((location / "active").resolve()),
            "--bind",
            f"127.0.0.1:{port}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/", process, 20)
        monkeypatch.setattr(publish_command, "load", lambda **_: reasoned)
        assert main(["publish", "--endpoint", f"http://127.0.0.1:{port}/query"]) == 4
        err = capsys.readouterr().err
        assert err.startswith("htkg publish:") and "HTTP" in err and "Traceback" not in err
        store = SparqlStore(f"http://127.0.0.1:{port}/query")
        assert store.graphs() == [GRAPH["article"]] and store.count() == 1
    finally:
        stop(process)


def small_dataset() -> Dataset:
    dataset = Dataset()
    dataset.graph(GRAPH["article"]).add((URIRef("urn:a"), URIRef("urn:b"), Literal("c")))
    return dataset


def test_serve_answers_queries_and_refuses_updates(reasoned: Dataset, tmp_path: Path) -> None:
    """``htkg serve --store oxigraph:PATH``: SPARQL over HTTP on 127.0.0.1, read-only."""
    OxigraphStore(tmp_path / "s").replace(reasoned)
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "htkg",
            "serve",
            "--store",
            f"oxigraph:{tmp_path / 's'}",
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        assert f"http://127.0.0.1:{port}/query" in process.stdout.readline()
        wait_for(f"http://127.0.0.1:{port}/", process, 20)
        store = SparqlStore(f"http://127.0.0.1:{port}/query")
        assert store.count(INFERRED_GRAPH) > 2000
        # the default graph is the union, so the competency questions run unchanged
        name = "cq04_unaddressed_constraints"
        assert answers(store, name) == golden(name)
        with pytest.raises(StoreError):
            store.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
        page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).read()
        assert b"<html" in page.lower()
    finally:
        stop(process)


def test_publish_command_replaces_the_graphs(
    oxigraph_server: str, reasoned: Dataset, monkeypatch, capsys
) -> None:
    """``htkg publish --endpoint URL`` prints the count per graph as the endpoint sees it."""
    monkeypatch.setattr(publish_command, "load", lambda **_: reasoned)
    assert main(["publish", "--endpoint", oxigraph_server]) == 0
    out = capsys.readouterr().out
    article = len(reasoned.graph(GRAPH["article"]))
    assert f"{GRAPH['article']}: {article} triples" in out
    store = SparqlStore(oxigraph_server)
    assert store.count(GRAPH["article"]) == article
    assert not [g for g in store.graphs() if "staging" in str(g)]
