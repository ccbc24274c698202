"""Show query results as a terminal table, CSV, JSON or Markdown — with labels.

A bare IRI means nothing to a reader, so every IRI cell is shown by its
``skos:prefLabel`` in the chosen language (``rdfs:label`` for ontology terms),
and by its CURIE only where it has no label. A column ``?x`` that has a
companion ``?xLabel`` is an identifier column: the table and Markdown hide it
(its label is already there), CSV and JSON keep it as a CURIE so the rows stay
machine-joinable.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from decimal import Decimal

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from htkg.queries.catalogue import ResultTable
from htkg.rdf.labels import Labeller

FORMATS = ("table", "csv", "json", "md")
MAX_CELL = 60  # display columns per cell in the terminal table
_NUMERIC = {XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.int, XSD.long}


def id_columns(columns: list[str]) -> set[str]:
    """Columns that have a ``…Label`` companion."""
    return {c for c in columns if f"{c}Label" in columns}


def _cell(node: Node | None, labeller: Labeller, as_id: bool) -> str:
    if as_id and isinstance(node, URIRef):
        return labeller.curie(node)
    return labeller.text(node)


def render(table: ResultTable, labeller: Labeller, fmt: str) -> str:
    """The result in one of :data:`FORMATS`."""
    table = with_stand_in_labels(table, labeller)
    if fmt == "csv":
        return _csv(table, labeller)
    if fmt == "json":
        return _json(table, labeller)
    if fmt == "md":
        return _markdown(table, labeller)
    return _table(table, labeller)


def with_stand_in_labels(table: ResultTable, labeller: Labeller) -> ResultTable:
    """Fill an empty ``…Label`` cell with its node's gloss or quote (observations have
    no label; an empty cell read as 'unknown')."""
    pairs = [(table.columns.index(c), table.columns.index(f"{c}Label"))
             for c in id_columns(table.columns)]  # fmt: skip
    rows = []
    for row in table.rows:
        cells = list(row)
        for node, label in pairs:
            if cells[label] is None and isinstance(cells[node], URIRef):
                text = labeller.stand_in(cells[node])  # type: ignore[arg-type]
                cells[label] = Literal(text, lang=labeller.lang) if text else None
        rows.append(tuple(cells))
    return ResultTable(table.columns, rows)


def _visible(table: ResultTable) -> list[int]:
    hidden = id_columns(table.columns)
    return [i for i, c in enumerate(table.columns) if c not in hidden]


def _csv(table: ResultTable, labeller: Labeller) -> str:
    ids = id_columns(table.columns)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow(
            _cell(v, labeller, c in ids) for c, v in zip(table.columns, row, strict=True)
        )
    return out.getvalue()


def _json_value(node: Node | None, labeller: Labeller, as_id: bool) -> object:
    if node is None:
        return None
    if isinstance(node, URIRef):
        return (
            labeller.curie(node)
            if as_id
            else {"id": labeller.curie(node), "label": labeller.label(node)}
        )
    if isinstance(node, Literal) and node.datatype in _NUMERIC:
        value = node.toPython()
        return (
            int(value)
            if isinstance(value, Decimal) and value == value.to_integral()
            else (float(value) if isinstance(value, Decimal) else value)
        )
    if isinstance(node, Literal) and node.datatype == XSD.boolean:
        return bool(node.toPython())
    return str(node)


def _json(table: ResultTable, labeller: Labeller) -> str:
    ids = id_columns(table.columns)
    rows = [
        {c: _json_value(v, labeller, c in ids) for c, v in zip(table.columns, row, strict=True)}
        for row in table.rows
    ]
    document = {"columns": table.columns, "lang": labeller.lang, "rows": rows}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _md_escape(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _markdown(table: ResultTable, labeller: Labeller) -> str:
    keep = _visible(table)
    lines = [
        "| " + " | ".join(table.columns[i] for i in keep) + " |",
        "|" + "|".join("---" for _ in keep) + "|",
    ]
    for row in table.rows:
        lines.append("| " + " | ".join(_md_escape(labeller.text(row[i])) for i in keep) + " |")
    return "\n".join(lines) + "\n"


def display_width(text: str) -> int:
    """Terminal columns ``text`` takes: wide (CJK) characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def truncate(text: str, width: int) -> str:
    """Cut ``text`` to ``width`` display columns, marking the cut with '…'."""
    text = " ".join(text.split())
    if display_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = display_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def _table(table: ResultTable, labeller: Labeller) -> str:
    keep = _visible(table)
    header = [table.columns[i] for i in keep]
    body = [[truncate(labeller.text(row[i]), MAX_CELL) for i in keep] for row in table.rows]
    widths = [
        max([display_width(h)] + [display_width(r[j]) for r in body]) for j, h in enumerate(header)
    ]
    lines = ["  ".join(_pad(h, w) for h, w in zip(header, widths, strict=True)).rstrip()]
    lines.append("  ".join("─" * w for w in widths))
    lines += ["  ".join(_pad(c, w) for c, w in zip(r, widths, strict=True)).rstrip() for r in body]
    lines.append(f"({len(table.rows)} row{'s' if len(table.rows) != 1 else ''})")
    return "\n".join(lines) + "\n"
