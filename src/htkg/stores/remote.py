"""A remote SPARQL 1.1 endpoint: Protocol for query/update, Graph Store Protocol for loads.

``sparql:URL`` names the query endpoint. The update and Graph Store endpoints
follow the server's conventions and can be given in the fragment (never sent
to the server): ``sparql:http://host/query#update=http://host/update&gsp=http://host/store``.

=========================  ==================  ===========================
query URL ends with        update endpoint     Graph Store endpoint
=========================  ==================  ===========================
``/query`` (Oxigraph)      ``…/update``        ``…/store``
``/sparql`` (Virtuoso)     the same URL        ``…/sparql-graph-crud``
anything else              the same URL        none: ``INSERT DATA`` chunks
=========================  ==================  ===========================

Loads are sent in chunks (servers such as Virtuoso limit the size of one
request), each graph first under a temporary name; only when every chunk
arrived and the counts match are the graphs moved to their real names, so a
refused or interrupted publish never leaves a half-written graph under a real name.
"""

from __future__ import annotations

import contextlib
import json
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from rdflib import Dataset, Graph, URIRef
from rdflib.term import Node

from htkg.errors import InputError, StoreError
from htkg.stores.base import (
    QueryResult,
    Store,
    ntriples_rows,
    plain,
    prebind,
    values_clause,
)
from htkg.stores.convert import from_json

#: triples per request; Virtuoso refuses very large request bodies
CHUNK = 20_000
JSON_RESULTS = "application/sparql-results+json"


@dataclass(frozen=True)
class Endpoints:
    """Where to send queries, updates and Graph Store requests."""

    query: str
    update: str
    gsp: str | None

    @classmethod
    def parse(cls, url: str) -> Endpoints:
        """Read ``URL#update=…&gsp=…``, filling in each server's defaults.

        >>> Endpoints.parse("http://127.0.0.1:7878/query")
        Endpoints(query='http://127.0.0.1:7878/query', update='http://127.0.0.1:7878/update', gsp='http://127.0.0.1:7878/store')
        """
        base, _, fragment = url.partition("#")
        if urllib.parse.urlparse(base).scheme not in ("http", "https"):
            raise InputError(f"sparql:{url}: the endpoint must be an http(s) URL")
        options = dict(urllib.parse.parse_qsl(fragment))
        head, _, last = base.rstrip("/").rpartition("/")
        if last == "query":
            update, gsp = f"{head}/update", f"{head}/store"
        elif last == "sparql":
            update, gsp = base, f"{head}/sparql-graph-crud"
        else:
            update, gsp = base, None
        return cls(base, options.get("update", update), options.get("gsp", gsp))


class SparqlStore(Store):
    """A :class:`Store` on a remote SPARQL 1.1 endpoint."""

    def __init__(self, url: str, timeout: float = 60.0) -> None:
        self.spec = f"sparql:{url}"
        self.endpoints = Endpoints.parse(url)
        self.timeout = timeout

    def query(
        self, sparql: str, bindings: Mapping[str, Node] | None = None, union: bool = False
    ) -> QueryResult:
        sparql, projected = prebind(sparql, bindings or {})
        if projected:
            sparql += values_clause(projected)
        answer = self._json(sparql)
        names = answer.get("head", {}).get("vars", [])
        rows = [
            tuple(plain(from_json(solution.get(name))) for name in names)
            for solution in answer.get("results", {}).get("bindings", [])
        ]
        return QueryResult(names, rows)

    def ask(self, sparql: str) -> bool:
        return bool(self._json(sparql).get("boolean"))

    def update(self, sparql: str, union: bool = False) -> None:
        body = urllib.parse.urlencode({"update": sparql}).encode()
        self._send(self.endpoints.update, body, "application/x-www-form-urlencoded")

    def replace(self, dataset: Dataset) -> None:
        """Publish every non-empty named graph of ``dataset``, replacing graphs of the same name."""
        self.publish({g.identifier: g for g in dataset.graphs() if len(g)})

    def publish(self, graphs: Mapping[Node, Graph]) -> dict[str, int]:
        """Write ``graphs`` under temporary names, check the counts, then move them in place.

        Returns the triples per graph as the endpoint counts them afterwards.
        """
        token = uuid.uuid4().hex[:12]
        staged = {name: URIRef(f"{name}-htkg-staging-{token}") for name in graphs}
        try:
            for name, graph in graphs.items():
                self._upload(staged[name], graph)
                sent = sum(1 for _ in ntriples_rows(graph))
                found = self.count(staged[name])
                if found != sent:
                    raise StoreError(
                        f"{self.endpoints.query}: graph {name}: sent {sent} triples, "
                        f"the endpoint holds {found}; nothing was published"
                    )
        except BaseException:
            self._drop(staged.values())
            raise
        self.update(" ;\n".join(f"MOVE SILENT <{staged[n]}> TO <{n}>" for n in graphs))
        return {str(name): self.count(URIRef(str(name))) for name in graphs}

    def dataset(self) -> Dataset:
        out = Dataset()
        rows = self.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }").rows
        for s, p, o, g in rows:
            if s is not None and p is not None and o is not None and isinstance(g, URIRef):
                out.graph(g).add((s, p, o))
        return out

    # -- HTTP ------------------------------------------------------------------

    def _upload(self, name: URIRef, graph: Graph) -> None:
        for index, chunk in enumerate(_chunks(graph)):
            if self.endpoints.gsp:
                url = f"{self.endpoints.gsp}?{urllib.parse.urlencode({'graph': str(name)})}"
                method = "PUT" if index == 0 else "POST"
                self._send(url, chunk.encode(), "application/n-triples", method)
            else:
                self.update(f"INSERT DATA {{ GRAPH <{name}> {{ {chunk} }} }}")

    def _drop(self, names: Iterable[URIRef]) -> None:
        """Best effort: remove staging graphs after a failure."""
        with contextlib.suppress(StoreError, InputError):
            self.update(" ;\n".join(f"DROP SILENT GRAPH <{n}>" for n in names))

    def _json(self, sparql: str) -> dict:
        body = urllib.parse.urlencode({"query": sparql}).encode()
        raw = self._send(self.endpoints.query, body, "application/x-www-form-urlencoded")
        try:
            return json.loads(raw)
        except ValueError:
            raise StoreError(f"{self.endpoints.query}: answered with something other than "
                             "SPARQL JSON results") from None  # fmt: skip

    def _send(self, url: str, body: bytes, content_type: str, method: str = "POST") -> bytes:
        request = urllib.request.Request(url, data=body, method=method)
        request.add_header("Content-Type", content_type)
        request.add_header("Accept", JSON_RESULTS)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.read()
        except urllib.error.HTTPError as err:
            detail = " ".join(err.read(300).decode("utf-8", "replace").split())
            if err.code == 400:
                raise InputError(f"{url}: the endpoint rejected the request: {detail}") from None
            raise StoreError(f"{url}: HTTP {err.code} {err.reason}: {detail}") from None
        except (urllib.error.URLError, OSError) as err:
            reason = getattr(err, "reason", err)
            raise StoreError(f"{url}: endpoint unreachable: {reason}") from None


def _chunks(graph: Graph, size: int = CHUNK) -> Iterator[str]:
    """The graph as N-Triples text, ``size`` triples at a time (at least one chunk)."""
    lines: list[str] = []
    sent = False
    for row in ntriples_rows(graph):
        lines.append(row)
        if len(lines) >= size:
            yield "".join(lines)
            lines, sent = [], True
    if lines or not sent:
        yield "".join(lines)
