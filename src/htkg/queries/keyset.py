"""Keyset paging: the first page of a large ordered answer without sorting all of it.

``LIMIT 100`` on a query whose answer grows with the corpus still makes the
engine compute and sort the whole answer before it can hand out the first row
(20 s for cq01 on a million triples). A query whose answer is ordered first by
one variable can say how to list that variable's values cheaply::

    #+ page_by: ?factor { ?factor a htkg:ConstraintFactor }

The pager lists the key values in order (``SELECT DISTINCT ?factor WHERE {…}
ORDER BY ?factor``, on the same engine, so the order is the query's), then runs
the query for a batch of them at a time (a ``VALUES ?factor {…}`` block), in
order, until the page is full. Each batch is ordered by the query's own
``ORDER BY``, and batches follow the leading key, so the rows are those of
``LIMIT``/``OFFSET`` on the whole ordered answer.

The ``VALUES`` block goes where the query has a line ``# @page-keys`` (in
every such place: say, inside a subquery that groups by the key, so the
restriction applies before the grouping), else at the start of the query's
outer ``WHERE`` group. What the header promises, and the pager relies on: the
key is bound in every row of the answer, the pattern lists every value it
takes (more is harmless), and restricting the key where the blocks go gives
exactly the answer's rows with those keys.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from rdflib.term import Node, URIRef

from htkg.errors import InputError
from htkg.queries.paging import Page
from htkg.stores.base import SPARQL_OPAQUE

Row = tuple[Node | None, ...]
#: runs SPARQL text (the query's parameters bound); its columns and rows, read lazily
Runner = Callable[[str], tuple[list[str], Iterator[Row]]]

MARKER = "# @page-keys"
#: key values in the first batch; each next batch is twice as large, up to LARGEST
FIRST_BATCH = 64
LARGEST_BATCH = 4096

_HEADER = re.compile(r"^\?(?P<var>[A-Za-z_]\w*)\s+(?P<pattern>\{.*\})\s*$")
_SKIP = re.compile(SPARQL_OPAQUE)
_PREFIX = re.compile(r"^\s*(PREFIX\s+[\w.-]*:\s*<[^>]*>|BASE\s+<[^>]*>)", re.I | re.M)


@dataclass(frozen=True)
class PageBy:
    """The leading ``ORDER BY`` variable and a graph pattern listing its values."""

    variable: str
    pattern: str


def parse_page_by(value: str, text: str, where: str) -> PageBy:
    """Read a ``page_by`` header value and check it fits the query ``text``."""
    match = _HEADER.match(value.strip())
    if not match:
        raise InputError(
            f"{where}: bad page_by header {value!r}; expected '?variable {{ graph pattern "
            "listing its values }}', e.g. '?factor { ?factor a htkg:ConstraintFactor }'"
        )
    variable, pattern = match["var"], match["pattern"]
    if not re.search(rf"[?$]{variable}\b", _blank(pattern)):
        raise InputError(f"{where}: page_by: the pattern {pattern} does not bind ?{variable}")
    code = _blank(text)
    first = _first_order_key(code)
    if first != variable:
        found = f"?{first}" if first else "no ORDER BY"
        raise InputError(
            f"{where}: page_by ?{variable}: the query must be ordered by ?{variable} first "
            f"(ascending), but its outer ORDER BY starts with {found}"
        )
    if re.search(r"\b(LIMIT|OFFSET)\s+\d+\s*$", code.rstrip(), re.I):
        raise InputError(f"{where}: page_by: the query slices its own answer (LIMIT/OFFSET)")
    return PageBy(variable, pattern)


def _blank(text: str) -> str:
    """``text`` with strings, IRIs and comments replaced by spaces (same length)."""
    return _SKIP.sub(lambda m: " " * len(m.group(0)), text)


def _first_order_key(code: str) -> str | None:
    """The variable the outer ``ORDER BY`` sorts on first (ascending), if any."""
    orders = list(re.finditer(r"\bORDER\s+BY\b", code, re.I))
    if not orders or code[orders[-1].end() :].count("}"):
        return None  # no ORDER BY, or only a subquery's
    head = code[orders[-1].end() :].lstrip()
    match = re.match(r"(?:ASC\s*\(\s*)?[?$]([A-Za-z_]\w*)", head, re.I)
    return match.group(1) if match else None


def key_query(text: str, page_by: PageBy, ordered: bool = False) -> str:
    """The SELECT listing the key's values (with the query's prefixes); ``ordered``:
    distinct and in the engine's order."""
    prologue = "\n".join(m.group(1) for m in _PREFIX.finditer(_prologue(text)))
    var = f"?{page_by.variable}"
    if ordered:
        return f"{prologue}\nSELECT DISTINCT {var} WHERE {page_by.pattern} ORDER BY {var}\n"
    return f"{prologue}\nSELECT {var} WHERE {page_by.pattern}\n"


def ordered_keys(text: str, page_by: PageBy, run: Runner) -> list[Node]:
    """The key's values in the order the query's ``ORDER BY`` puts them.

    IRIs are sorted here, by their text, as SPARQL engines order IRIs (rdflib and
    Oxigraph both compare the strings): Oxigraph's own DISTINCT and ORDER BY took
    six times longer than listing the values. Any other term, and the engine orders them.
    """
    _columns, listed = run(key_query(text, page_by))
    keys = {row[0] for row in listed if row and row[0] is not None}
    if all(isinstance(key, URIRef) for key in keys):
        return sorted(keys, key=str)
    _columns, listed = run(key_query(text, page_by, ordered=True))
    return [row[0] for row in listed if row and row[0] is not None]


def _prologue(text: str) -> str:
    """The part of ``text`` before its first query form keyword (PREFIX/BASE lines)."""
    form = re.search(r"\b(SELECT|CONSTRUCT|ASK|DESCRIBE)\b", _blank(text), re.I)
    return text[: form.start()] if form else text


def restricted(text: str, page_by: PageBy, keys: list[Node]) -> str:
    """``text`` with ``VALUES ?key { keys }`` at each ``# @page-keys`` line, or at the
    start of the outer WHERE group when there is none."""
    block = f"VALUES ?{page_by.variable} {{ {' '.join(k.n3() for k in keys)} }}"
    lines = text.split("\n")
    marked = [i for i, line in enumerate(lines) if line.strip() == MARKER]
    if marked:
        for i in marked:
            lines[i] = lines[i].replace(MARKER, block)
        return "\n".join(lines)
    code = _blank(text)
    form = re.search(r"\bSELECT\b", code, re.I)
    brace = code.find("{", form.end() if form else 0)
    if brace < 0:
        raise InputError("page_by: the query has no WHERE group to restrict")
    return f"{text[: brace + 1]} {block}\n{text[brace + 1 :]}"


def keyset_page(
    text: str, page_by: PageBy, page: Page, run: Runner
) -> tuple[list[str], Iterator[Row]]:
    """``page`` of the answer of ``text``, computed a batch of key values at a time.

    The first batch runs at once (so its columns are known); later ones only as
    rows are read, so a page streams like a whole answer. Batches are sized by
    the rows per key seen so far, so a page takes a batch or two.
    """
    keys = ordered_keys(text, page_by, run)
    columns, first = run(restricted(text, page_by, keys[:FIRST_BATCH]))

    def rows() -> Iterator[Row]:
        skip, left = page.offset, page.limit
        batch, start, width, produced = first, 0, FIRST_BATCH, 0
        while True:
            for row in batch:
                produced += 1
                if skip:
                    skip -= 1
                    continue
                if left is not None:
                    if left == 0:
                        return
                    left -= 1
                yield row
            start += width
            if start >= len(keys) or left == 0:
                return
            width = next_width(width, start, produced, None if left is None else skip + left)
            _cols, batch = run(restricted(text, page_by, keys[start : start + width]))

    return columns, rows()


def next_width(width: int, done: int, produced: int, needed: int | None) -> int:
    """Key values in the next batch: enough for the rows still ``needed`` at the rate
    seen over the ``done`` keys so far (with a quarter to spare), else twice as many.

    >>> next_width(32, 32, 10, 90), next_width(32, 32, 0, 90), next_width(32, 32, 64, None)
    (360, 64, 64)
    """
    if needed is None or produced == 0:
        return min(width * 2, LARGEST_BATCH)
    wanted = -(-needed * done * 5 // (produced * 4))  # ceil(1.25 * needed / rate)
    return min(max(wanted, width * 2), LARGEST_BATCH)
