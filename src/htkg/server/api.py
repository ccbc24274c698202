"""What the served explorer asks, answered by SPARQL on the store, in the page's JSON shape.

Every answer is a small network read around a few nodes
(:func:`htkg.network.read.read_around`), so the page works on a corpus of
millions of triples: it loads a neighbourhood when the reader expands a node,
searches, asks for paths or opens a node's details. Nodes and edges have the
shape the offline page embeds (:mod:`htkg.output.explorer_page`), so the page's
code is the same for both.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from itertools import pairwise
from typing import Any

import networkx as nx
import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef

from htkg.errors import InputError
from htkg.network.digraph import ADDRESSES, CAUSAL, PART, to_digraph
from htkg.network.model import ArgumentNetwork, Evidence, Node, Part
from htkg.network.read import document_slug, read_around
from htkg.output.explorer import edge_id
from htkg.output.explorer_data import details, extras
from htkg.output.explorer_page import edge_json, node_json, page_payload
from htkg.rdf.graphs import union_default_graph
from htkg.rdf.namespaces import curie
from htkg.rdf.terms import as_iri

#: the classes the first view starts from, and how many of them at most
_VIEW = "htkg:Event htkg:ConstraintFactor htkg:SubFactor htkg:Finding htkg:Countermeasure"
VIEW_LIMIT = 120
SEARCH_LIMIT, PATH_LIMIT, PATH_DEPTH, FRONTIER = 20, 12, 4, 300
_PREFIX = (
    "PREFIX htkg: <https://w3id.org/htkg/ontology#>\n"
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
)
_ARGUMENT = "htkg:ConstraintFactor htkg:SubFactor htkg:Mechanism htkg:Finding htkg:Event " \
    "htkg:Countermeasure htkg:SubMeasure htkg:Condition htkg:PolicyInstrument"  # fmt: skip


class ExplorerApi:
    """The JSON endpoints over one (read-only) dataset; one request at a time."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self.lock = threading.RLock()
        self._view: dict[str, Any] | None = None
        self._labels: list[tuple[str, URIRef]] | None = None

    def labels(self) -> list[tuple[str, URIRef]]:
        """Every argument node's labels, lower-cased, read once by SPARQL (the search index).

        A substring filter over every label in the store costs about a second on a
        million triples; the store is read-only, so the labels are read once.
        """
        with self.lock:
            if self._labels is None:
                query = (f"SELECT ?n ?l WHERE {{ ?n a ?c VALUES ?c {{ {_ARGUMENT} }} "
                         "?n skos:prefLabel ?l }")  # fmt: skip
                found = {(label.lower(), URIRef(node)) for node, label in self._pairs(query)}
                self._labels = sorted(found, key=lambda x: (len(x[0]), x[0]))
            return self._labels

    def _pairs(self, query: str) -> list[tuple[str, str]]:
        """Two-column answers as strings: straight from pyoxigraph when the store is Oxigraph
        (turning 100 000 rows into rdflib terms costs seconds), else through rdflib."""
        inner = getattr(self.dataset.store, "_store", None)
        if isinstance(inner, ox.Store):
            rows = inner.query(_PREFIX + query, use_default_graph_as_union=True)
            return [(row[0].value, row[1].value) for row in rows]  # type: ignore[union-attr]
        return [(str(row[0]), str(row[1])) for row in self._select(query)]

    def _select(self, query: str) -> list[Any]:
        with union_default_graph(self.dataset):
            return list(self.dataset.query(_PREFIX + query))

    def _iri(self, term: str) -> URIRef:
        iri = as_iri(term)
        if iri is None:
            raise InputError(f"not an IRI or CURIE: {term!r}")
        return iri

    def payload(self, net: ArgumentNetwork, only: Iterable[str] | None = None) -> dict[str, Any]:
        """Nodes and edges of ``net`` with their details (evidence, notes, figures)."""
        graph = to_digraph(net)
        if only is not None:
            graph = graph.subgraph(set(only) & set(graph)).copy()
        info = details(net, extras(self.dataset, net))
        return {
            "nodes": [node_json(n, d, info["nodes"].get(n, {}), (0, 0), None)
                      for n, d in sorted(graph.nodes(data=True))],
            "edges": [edge_json(graph, u, v, d, info["edges"].get(edge_id(u, v)))
                      for u, v, d in sorted(graph.edges(data=True))],
        }  # fmt: skip

    # -- endpoints --------------------------------------------------------------------

    def view(self) -> dict[str, Any]:
        """The first view, read once (the store is read-only): see :meth:`_read_view`."""
        if self._view is not None:
            return self._view
        return self._read_view()

    def _read_view(self) -> dict[str, Any]:
        """The first view: the constraint → countermeasure view of one document.

        The article's when the store holds it (else the first document with links):
        its events, factors, sub-factors, findings and countermeasures and the links
        one step from them, as that document states them; the rest comes on demand.
        """
        with self.lock:
            if self._view is None:
                self._view = self._first_view()
            return self._view

    def _first_view(self) -> dict[str, Any]:
        article = "https://w3id.org/htkg/graph/article"
        with union_default_graph(self.dataset):
            stated = self.dataset.query(
                f"{_PREFIX}ASK {{ GRAPH <{article}> {{ ?l htkg:cause ?c }} }}"
            )
        if stated.askAnswer:
            rows = [URIRef(article)]
        else:
            rows = [
                r.g
                for r in self._select("SELECT ?g WHERE { GRAPH ?g { ?l htkg:cause ?c } } LIMIT 1")
            ]
        if not rows:
            return {"nodes": [], "edges": []}
        graph_iri = rows[0]
        seeds = {row.n for row in self._select(
            f"SELECT DISTINCT ?n WHERE {{ GRAPH <{graph_iri}> {{ ?n a ?c }} "
            f"VALUES ?c {{ {_VIEW} }} }} LIMIT {VIEW_LIMIT}")}  # fmt: skip
        net = read_around(self.dataset, seeds).filtered([document_slug(graph_iri)])
        graph = to_digraph(net)
        linked = {n for n in graph if graph.degree(n)} | {curie(str(s)) for s in seeds}
        graph = graph.subgraph(linked & set(graph)).copy()
        info = details(net, extras(self.dataset, net))
        found = page_payload(graph, info=info)
        return {"nodes": found["nodes"], "edges": found["edges"]}

    def search(self, text: str) -> dict[str, Any]:
        """Argument nodes whose zh or en label (or IRI) contains ``text``, with their links."""
        needle = text.strip().lower()
        if not needle:
            return {"nodes": [], "edges": []}
        with self.lock:
            iri = as_iri(needle) if ":" in needle else None
            if iri is not None:
                hits = {iri}
            else:
                hits = set()
                for text, node in self.labels():
                    if needle in text:
                        hits.add(node)
                        if len(hits) == SEARCH_LIMIT:
                            break
            if not hits:
                return {"nodes": [], "edges": []}
            net = read_around(self.dataset, hits)
            return self.payload(net, {curie(str(h)) for h in hits})

    def expand(self, node: str, direction: str) -> dict[str, Any]:
        """``node`` and its neighbours upstream (``up``) or downstream (``down``)."""
        if direction not in ("up", "down", "both"):
            raise InputError(f"dir must be up, down or both, not {direction!r}")
        with self.lock:
            return self.payload(read_around(self.dataset, {self._iri(node)}, direction))

    def details(self, node: str) -> dict[str, Any]:
        """``node`` with every link into and out of it (what the details panel shows)."""
        return self.expand(node, "both")

    def paths(self, start: str, end: str) -> dict[str, Any]:
        """Paths from ``start`` to ``end`` (causal forwards, measure ⇐ what it addresses,
        structure either way), each hop an edge id, with the nodes and edges on them."""
        a, b = self._iri(start), self._iri(end)
        with self.lock:
            net, steps = self._explore(a, b)
        found: list[list[dict[str, str]]] = []
        if a in steps and b in steps:
            walks = nx.all_simple_paths(steps, a, b, cutoff=2 * PATH_DEPTH)
            for walk in sorted(walks, key=len)[:PATH_LIMIT]:
                found.append([{"to": curie(str(v)), "edge": steps.edges[u, v]["edge"]}
                              for u, v in pairwise(walk)])  # fmt: skip
        on = {curie(str(a))} | {hop["to"] for path in found for hop in path}
        with self.lock:
            reply = self.payload(net, on) if found else {"nodes": [], "edges": []}
        reply["paths"] = found
        return reply

    def _explore(self, a: URIRef, b: URIRef) -> tuple[ArgumentNetwork, nx.DiGraph]:
        """Read forwards from ``a`` and backwards from ``b`` until they meet (or give up)."""
        evidence: set[Evidence] = set()
        parts: set[Part] = set()
        nodes: dict[URIRef, Node] = {}
        sections: dict = {}
        ahead, behind = {a}, {b}
        seen_ahead, seen_behind = {a}, {b}
        for _ in range(PATH_DEPTH):
            for frontier, way, seen in ((ahead, "down", seen_ahead), (behind, "up", seen_behind)):
                if not frontier:
                    continue
                near = read_around(self.dataset, set(list(frontier)[:FRONTIER]), way)
                evidence |= {e for r in near.relations.values() for e in r.evidence}
                parts |= set(near.parts)
                nodes.update(near.nodes)
                sections.update(near.section_labels)
                fresh = set(near.nodes) - seen
                seen |= fresh
                frontier.clear()
                frontier |= fresh
            if seen_ahead & seen_behind:
                break
        net = ArgumentNetwork.of(nodes.values(), evidence, parts, (), sections)
        return net, _steps(net)

    def entity(self, name: str) -> Graph:
        """What the store says about ``/id/<name>`` (as subject), for content negotiation."""
        iri = self._iri(f"kg:{name}")
        with self.lock, union_default_graph(self.dataset):
            return self.dataset.query(
                f"CONSTRUCT {{ {iri.n3()} ?p ?o }} WHERE {{ {iri.n3()} ?p ?o }}"
            ).graph  # type: ignore[return-value]


def _steps(net: ArgumentNetwork) -> nx.DiGraph:
    """The walk a path takes: cause → effect, addressed → measure, part ↔ whole."""
    steps: nx.DiGraph = nx.DiGraph()
    for (kind, source, target), _relation in net.relations.items():
        key = edge_id(curie(str(source)), curie(str(target)))
        if kind == CAUSAL:
            steps.add_edge(source, target, edge=key, kind=CAUSAL)
        else:
            steps.add_edge(target, source, edge=key, kind=ADDRESSES)
    for part in net.parts:
        key = edge_id(curie(str(part.child)), curie(str(part.parent)))
        steps.add_edge(part.child, part.parent, edge=key, kind=PART)
        steps.add_edge(part.parent, part.child, edge=key, kind=PART)
    return steps


__all__ = ["ExplorerApi"]
