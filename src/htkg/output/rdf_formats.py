"""Serialise the graph in the formats other tools read.

Quad formats (TriG, N-Quads, JSON-LD) keep the named graphs; triple formats
(Turtle, N-Triples) merge them. The inferred graph is left out unless asked for.
"""

from __future__ import annotations

from rdflib import Dataset, Graph

from htkg.errors import InputError
from htkg.rdf.namespaces import INFERRED_GRAPH, bind_prefixes

#: CLI format name → (rdflib serializer, keeps named graphs)
FORMATS: dict[str, tuple[str, bool]] = {
    "ttl": ("longturtle", False),
    "nt": ("nt", False),
    "nq": ("nquads", True),
    "trig": ("trig", True),
    "json-ld": ("json-ld", True),
}


def serialize(dataset: Dataset, fmt: str, *, reasoned: bool) -> bytes:
    """The dataset (with or without inferences) in format ``fmt``."""
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    serializer, keeps_graphs = FORMATS[fmt]
    selected = [
        g for g in dataset.graphs() if len(g) and (reasoned or g.identifier != INFERRED_GRAPH)
    ]
    out: Graph
    if keeps_graphs:
        named = Dataset()
        for graph in selected:
            target = named.graph(graph.identifier)
            for triple in graph:
                target.add(triple)
        out = named
    else:
        out = Graph()
        for graph in selected:
            for triple in graph:
                out.add(triple)
    bind_prefixes(out)
    data = out.serialize(format=serializer, encoding="utf-8")
    return data if isinstance(data, bytes) else data.encode("utf-8")
