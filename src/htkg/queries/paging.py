"""Paged answers: ``--limit N --offset K`` without reading the whole answer.

A page is asked of the engine itself wherever the query allows it, so the
engine can stop early and nothing beyond the page is turned into Python
objects: on rdflib the query's algebra is wrapped in a ``Slice``; on Oxigraph
``LIMIT``/``OFFSET`` are written after the query's own solution modifiers
(a query that already slices its answer or ends with a ``VALUES`` block,
which Oxigraph then refuses, is paged in Python instead: same rows, slower).
Pages follow the query's ``ORDER BY``, so consecutive pages concatenate to the whole answer.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query

from htkg.errors import InputError

T = TypeVar("T")


@dataclass(frozen=True)
class Page:
    """Which rows of an answer to return: ``limit`` rows (all if ``None``) after ``offset``."""

    limit: int | None = None
    offset: int = 0

    def __post_init__(self) -> None:
        if self.limit is not None and self.limit < 0:
            raise InputError(f"--limit {self.limit}: must be 0 or more")
        if self.offset < 0:
            raise InputError(f"--offset {self.offset}: must be 0 or more")

    @property
    def whole(self) -> bool:
        """True when the page is the whole answer."""
        return self.limit is None and self.offset == 0

    def clause(self) -> str:
        """The ``LIMIT``/``OFFSET`` text for this page ('' for the whole answer)."""
        parts = [] if self.limit is None else [f"LIMIT {self.limit}"]
        return "\n".join(parts + ([f"OFFSET {self.offset}"] if self.offset else []))

    def slice(self, rows: Iterable[T]) -> Iterator[T]:
        """This page of ``rows``, read lazily (for queries the engine cannot page)."""
        stop = None if self.limit is None else self.offset + self.limit
        return itertools.islice(rows, self.offset, stop)


def paged_algebra(compiled: Query, page: Page) -> Query:
    """``compiled`` with its algebra wrapped in a ``Slice`` for ``page`` (a new Query)."""
    if page.whole or compiled.algebra.name != "SelectQuery":
        return compiled
    algebra = CompValue(compiled.algebra.name, **dict(compiled.algebra))
    algebra["p"] = CompValue("Slice", p=compiled.algebra.p, start=page.offset, length=page.limit)
    return Query(compiled.prologue, algebra)
