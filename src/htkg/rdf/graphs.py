"""Views over a Dataset that every layer needs: some of its named graphs, merged or as a union.

Validation, reasoning, indexing and reconciliation each read "every graph but
these" (the ontology, the inferences, the links); :func:`named_graphs` is that
selection and :func:`merged` puts it into one graph, so the exclusions are
spelt out at each call and the loop is written once.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from rdflib import Dataset, Graph
from rdflib.query import ResultRow
from rdflib.term import Node


def named_graphs(dataset: Dataset, exclude: Collection[Node] = ()) -> list[Graph]:
    """The graphs of ``dataset`` that hold triples, except those named in ``exclude``.

    In the order the dataset gives them (callers that need another order sort).
    """
    return [g for g in dataset.graphs() if g.identifier not in exclude and len(g)]


def merged(graphs: Iterable[Graph]) -> Graph:
    """Every triple of ``graphs`` in one new graph (e.g. to validate or search them as one)."""
    into = Graph()
    for graph in graphs:
        into += graph
    return into


@contextmanager
def union_default_graph(dataset: Dataset, union: bool = True) -> Iterator[Dataset]:
    """Let the default graph be the union of all named graphs (or not) while a query runs.

    rdflib answers ``GRAPH ?g`` patterns far more slowly than a union default
    graph, so queries over the whole dataset run inside this; the previous
    setting comes back afterwards.
    """
    before = dataset.default_union
    dataset.default_union = union
    try:
        yield dataset
    finally:
        dataset.default_union = before


def select(graph: Graph, query: str, **kwargs: Any) -> Iterator[ResultRow]:
    """The rows of a SELECT query on ``graph``.

    rdflib types a query result as rows, triples or a boolean at once; a SELECT
    gives rows only, and saying so here keeps every caller's row access typed.
    """
    for row in graph.query(query, **kwargs):
        if not isinstance(row, ResultRow):
            raise TypeError(f"not a SELECT query: {query[:60]!r}")
        yield row
