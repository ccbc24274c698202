"""Views over a Dataset that every layer needs: the union of its named graphs."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rdflib import Dataset


@contextmanager
def union_default_graph(dataset: Dataset) -> Iterator[Dataset]:
    """Let the default graph be the union of all named graphs while a query runs."""
    before = dataset.default_union
    dataset.default_union = True
    try:
        yield dataset
    finally:
        dataset.default_union = before
