"""Answers of a store as canonical cells, to compare with ``tests/expected/queries``.

Stores spell the same value differently (an IRI or a CURIE, 1 or true, 13.50 or
13.5); the cells are put in one spelling before comparing rows as sets.
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

from rdflib import Literal, URIRef, namespace

from htkg.queries.catalogue import bind, discover
from htkg.rdf.namespaces import PREFIXES

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = ROOT / "tests" / "expected" / "queries"
CATALOGUE = discover(ROOT / "queries")
ARTICLE_CQS = sorted(n for n in CATALOGUE if int(n[2:4]) < 90)
NUMERIC = {namespace.XSD.integer, namespace.XSD.decimal, namespace.XSD.double, namespace.XSD.float}


# ------------------------------------------------------------ canonical cells --


def _curie(iri: str) -> str:
    for prefix, space in PREFIXES.items():
        local = iri.removeprefix(str(space))
        if local != iri and re.fullmatch(r"[\w.\-]*", local):
            return f"{prefix}:{local}"
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
