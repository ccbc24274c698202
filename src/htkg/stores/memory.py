"""The embedded default: an in-memory rdflib Dataset.

Right for the article (a few thousand triples): nothing to install or start,
and SHACL validation and owlrl run on the same objects without copying.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import cast

from pyparsing import ParseException
from rdflib import Dataset
from rdflib.term import Identifier, Node

from htkg.errors import InputError, one_line
from htkg.rdf.graphs import union_default_graph
from htkg.rdf.namespaces import bind_prefixes
from htkg.stores.base import QueryResult, Store, plain


class MemoryStore(Store):
    """A :class:`Store` over an rdflib ``Dataset`` held in memory."""

    spec = "memory"
    union_default = True

    def __init__(self, dataset: Dataset | None = None) -> None:
        self._dataset = dataset if dataset is not None else bind_prefixes(Dataset())

    def query(
        self, sparql: str, bindings: Mapping[str, Node] | None = None, union: bool = False
    ) -> QueryResult:
        try:
            with union_default_graph(self._dataset, union):
                initial = cast(dict[str, Identifier], dict(bindings or {}))
                result = self._dataset.query(sparql, initBindings=initial)
                # a SELECT's rows or a CONSTRUCT's triples: sequences of terms either way
                answer = cast(Iterable[Sequence[Node]], result)
                rows = [tuple(plain(value) for value in row) for row in answer]
        except ParseException as err:
            raise InputError(f"SPARQL syntax error: {one_line(err)}") from None
        return QueryResult([str(v) for v in result.vars or []], rows)

    def ask(self, sparql: str) -> bool:
        return bool(self._dataset.query(sparql).askAnswer)

    def update(self, sparql: str, union: bool = False) -> None:
        try:
            with union_default_graph(self._dataset, union):
                self._dataset.update(sparql)
        except ParseException as err:
            raise InputError(f"SPARQL update syntax error: {one_line(err)}") from None

    def replace(self, dataset: Dataset) -> None:
        self._dataset = dataset

    def dataset(self) -> Dataset:
        return self._dataset
