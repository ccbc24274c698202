"""Real SPARQL servers on loopback: Oxigraph (always) and Virtuoso (where installed).

Each server is started by the fixtures below as a plain process with its data
in a temporary directory. What must hold on every store: the competency
questions give the golden answers of ``tests/expected/queries``, ``htkg trace``
gives the same paths, the rules reach owlrl's inferences, and a publish that
fails leaves nothing under the real graph names.

Virtuoso is skipped with the reason where ``virtuoso-t`` is missing, except in
CI (``CI=true``), where ``.ci/run`` installs it and its absence is a failure.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from rdflib import Dataset, Literal, URIRef, namespace

from htkg.cli import main
from htkg.commands import publish as publish_command
from htkg.errors import StoreError
from htkg.load import load_asserted
from htkg.namespaces import GRAPH, INFERRED_GRAPH, PREFIXES
from htkg.paths import ProjectPaths
from htkg.queries import bind, discover
from htkg.render_table import Labeller
from htkg.rules import in_scope, materialise
from htkg.stores import open_dataset, open_store
from htkg.stores.oxigraph import OxigraphStore
from htkg.stores.remote import SparqlStore
from htkg.trace import trace, trace_json

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = ROOT / "tests" / "expected" / "queries"
CATALOGUE = discover(ROOT / "queries")
ARTICLE_CQS = sorted(n for n in CATALOGUE if int(n[2:4]) < 90)
NUMERIC = {namespace.XSD.integer, namespace.XSD.decimal, namespace.XSD.double, namespace.XSD.float}
SERVERS = ["oxigraph-server", "virtuoso"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up in {seconds} s")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A read-write Oxigraph server (PyPI ``oxigraph``); yields its query URL."""
    port = free_port()
    binary = Path(sys.executable).with_name("oxigraph")
    location = tmp_path_factory.mktemp("oxigraph-server")
    command = [str(binary), "serve", "--location", str(location),
               "--bind", f"127.0.0.1:{port}", "--union-default-graph"]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(f"http://127.0.0.1:{port}/", process, 20)
        yield f"http://127.0.0.1:{port}/query"
    finally:
        stop(process)


VIRTUOSO_INI = """
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
Striping = 0
[Parameters]
ServerPort = 127.0.0.1:{sql}
ServerThreads = 10
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
DirsAllowed = ., {d}
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
ServerThreads = 10
MaxClientConnections = 10
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 60
"""

#: Let the anonymous SPARQL user update and write graphs (a throw-away test server only).
VIRTUOSO_GRANTS = (
    "grant SPARQL_UPDATE to \"SPARQL\"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);"
)


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Debian's Virtuoso 7 with its own ini in a temporary directory; yields /sparql."""
    binary, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if not (binary and isql):
        reason = "virtuoso-t not installed (apt-get install virtuoso-opensource-7-bin)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; .ci/run should have installed it")
        pytest.skip(reason)
    directory = tmp_path_factory.mktemp("virtuoso")
    sql, http = free_port(), free_port()
    ini = directory / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(d=directory, sql=sql, http=http), encoding="utf-8")
    process = subprocess.Popen(
        [binary, "+foreground", "+configfile", str(ini)],
        cwd=directory,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(f"http://127.0.0.1:{http}/sparql?query=ASK%7B%7D", process, 90)
        subprocess.run([isql, f"127.0.0.1:{sql}", "dba", "dba", f"exec={VIRTUOSO_GRANTS}"],
                       check=True, capture_output=True, timeout=60)  # fmt: skip
        yield f"http://127.0.0.1:{http}/sparql"
    finally:
        stop(process)


@pytest.fixture(params=SERVERS)
def endpoint(request: pytest.FixtureRequest) -> str:
    return request.getfixturevalue(request.param.replace("-", "_"))


def _rdf_graphs(dataset: Dataset) -> dict:
    return {g.identifier: g for g in dataset.graphs() if len(g)}


# ------------------------------------------------------------ canonical cells --


def _curie(iri: str) -> str:
    for prefix, space in PREFIXES.items():
        if iri.startswith(str(space)) and re.fullmatch(r"[\w.\-]*", iri[len(space) :]):
            return f"{prefix}:{iri[len(space) :]}"
    return f"<{iri}>"


def canon(node: object, integer_booleans: bool = False) -> str:
    """A cell as the golden CSVs write it (see tests/test_queries.py)."""
    if node is None:
        return ""
    if isinstance(node, URIRef):
        return _curie(str(node))
    if isinstance(node, Literal):
        if node.datatype == namespace.XSD.boolean:
            return str(node.toPython()).lower()
        if node.datatype in NUMERIC:
            return format(Decimal(str(node)).normalize(), "f")
        return f"{node}@{node.language}" if node.language else str(node)
    return "_:b"


def golden(name: str) -> set[tuple[str, ...]]:
    rows = list(csv.reader(io.StringIO((EXPECTED / f"{name}.csv").read_text(encoding="utf-8"))))
    return {tuple(row) for row in rows[1:]}


def answers(store, name: str) -> set[tuple[str, ...]]:
    query = CATALOGUE[name]
    bindings = bind(query, {"lang": "en"} if query.param("lang") else {})
    return {
        tuple(canon(v) for v in row) for row in store.query(query.text, bindings, union=True).rows
    }


def booleans_as_integers(rows: set[tuple[str, ...]]) -> set[tuple[str, ...]]:
    """Virtuoso returns a computed boolean (``EXISTS``, ``BOUND``) as the integer 0 or 1;
    for Virtuoso both sides are compared with true/false written as 1/0."""
    return {tuple({"false": "0", "true": "1"}.get(c, c) for c in row) for row in rows}


# ------------------------------------------------------------------ the tests --


@pytest.fixture(scope="module")
def published(reasoned: Dataset, request: pytest.FixtureRequest) -> dict[str, str]:
    """The reasoned build published to each server (once per module)."""
    urls = {}
    for server in SERVERS:
        try:
            url = request.getfixturevalue(server.replace("-", "_"))
        except pytest.skip.Exception:
            continue
        counts = SparqlStore(url).publish(_rdf_graphs(reasoned))
        assert counts[str(INFERRED_GRAPH)] > 2000
        urls[server] = url
    return urls


@pytest.mark.parametrize("server", SERVERS)
def test_competency_questions_give_the_golden_answers(
    server: str, published: dict[str, str]
) -> None:
    if server not in published:
        pytest.skip(f"{server} not available")
    store = open_store(f"sparql:{published[server]}")
    for name in ARTICLE_CQS:
        if not (EXPECTED / f"{name}.csv").exists():
            continue
        got, expected = answers(store, name), golden(name)
        if server == "virtuoso":
            got, expected = booleans_as_integers(got), booleans_as_integers(expected)
        assert got == expected, f"{name} on {server}"


def test_competency_questions_on_the_oxigraph_store(reasoned: Dataset, tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "s")
    store.replace(reasoned)
    checked = 0
    for name in ARTICLE_CQS:
        if (EXPECTED / f"{name}.csv").exists():
            assert answers(store, name) == golden(name), name
            checked += 1
    assert checked >= 22


@pytest.mark.parametrize("server", SERVERS)
def test_trace_is_the_same_on_every_store(
    server: str, published: dict[str, str], reasoned: Dataset, tmp_path: Path
) -> None:
    if server not in published:
        pytest.skip(f"{server} not available")
    OxigraphStore(tmp_path / "s").replace(reasoned)
    stores = {
        "memory": reasoned,
        "oxigraph": open_dataset(f"oxigraph:{tmp_path / 's'}"),
        server: open_dataset(f"sparql:{published[server]}"),
    }
    outputs = {}
    for label, dataset in stores.items():
        for term in ("kg:insufficient-enterprise-investment", "kg:core-technology-dependence"):
            result, net = trace(dataset, term)
            text = json.dumps(trace_json(result, net, Labeller(dataset, "zh")), sort_keys=True)
            outputs.setdefault(term, {})[label] = text
    for term, texts in outputs.items():
        assert len(set(texts.values())) == 1, f"trace {term} differs: {sorted(texts)}"
        assert "countermeasures" in texts["memory"]


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


def test_rules_run_by_the_server_reach_owlrls_inferences(
    endpoint: str, paths: ProjectPaths, owlrl_reasoned: Dataset
) -> None:
    """The same SPARQL updates, run by the server to a fixed point (runs last: it
    replaces the published inferred graph with the rules' own)."""
    store = SparqlStore(endpoint)
    store.publish(_rdf_graphs(load_asserted(paths.ontology, paths.data)))
    result = materialise(store)
    assert result.errors == []
    query = f"SELECT ?s ?p ?o WHERE {{ GRAPH <{INFERRED_GRAPH}> {{ ?s ?p ?o }} }}"
    ours = {t for t in store.query(query).rows if in_scope(t)}
    owlrl = {t for t in owlrl_reasoned.graph(INFERRED_GRAPH) if in_scope(t)}
    assert ours == owlrl
