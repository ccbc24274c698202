"""Every table htkg prints, in one model with one renderer per format.

A :class:`Table` is columns and rows of cells; :func:`to_text` pads by display
width (a CJK character takes two terminal columns, so ``--lang zh`` aligns),
:func:`to_markdown` escapes ``|`` and folds line breaks so every row keeps its
cells, :func:`to_csv` and :func:`to_json` keep every column for machines.
Commands build a Table and pick a renderer instead of joining ``|`` by hand.

Query results (:func:`render`) become a Table with labels: a bare IRI means
nothing to a reader, so every IRI cell is shown by its ``skos:prefLabel`` in the
chosen language (``rdfs:label`` for ontology terms), and by its CURIE only where
it has no label. A column ``?x`` that has a companion ``?xLabel`` is an
identifier column: the text table and Markdown hide it (its label is already
there), CSV and JSON keep it as a CURIE so the rows stay machine-joinable.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from htkg.output.labels import Labeller
from htkg.output.zh import column, word
from htkg.queries.catalogue import ResultTable

__all__ = [
    "FORMATS",
    "Cell",
    "Column",
    "Labeller",
    "Table",
    "display_width",
    "render",
    "to_csv",
    "to_json",
    "to_markdown",
    "to_text",
    "truncate",
]

FORMATS = ("table", "csv", "json", "md")
MAX_CELL = 60  # display columns per cell in the terminal table of query results
_NUMERIC = {XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.int, XSD.long}


# ------------------------------------------------------------------ the model --


@dataclass(frozen=True)
class Cell:
    """A cell whose JSON value is not its text (a number, an ``{id, label}`` object)."""

    text: str
    data: object


@dataclass(frozen=True)
class Column:
    """A column: its name, the widest its text cells may be, and who sees it.

    ``hidden`` columns are for machines only (CSV, JSON): an identifier whose
    label is another column.
    """

    name: str
    width: int | None = None
    hidden: bool = False


@dataclass
class Table:
    """Columns and rows of cells; a plain ``str`` cell is its own JSON value."""

    columns: list[Column]
    rows: list[Sequence[str | Cell]] = field(default_factory=list)

    @classmethod
    def of(cls, names: Sequence[str], rows: Sequence[Sequence[str | Cell]] = ()) -> Table:
        """A table of plain columns."""
        return cls([Column(n) for n in names], list(rows))

    def shown(self) -> list[int]:
        """Indexes of the columns a reader sees (text and Markdown)."""
        return [i for i, c in enumerate(self.columns) if not c.hidden]


def _text(cell: str | Cell) -> str:
    return cell.text if isinstance(cell, Cell) else cell


def cell_data(cell: str | Cell) -> object:
    """A cell's JSON value (its text unless it is a :class:`Cell`)."""
    return cell.data if isinstance(cell, Cell) else cell


# ---------------------------------------------------------------- renderers --


def display_width(text: str) -> int:
    """Terminal columns ``text`` takes: wide (CJK) characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def truncate(text: str, width: int | None) -> str:
    """Fold ``text`` to one line and cut it to ``width`` display columns, marking the cut."""
    text = " ".join(text.split())
    if width is None or display_width(text) <= width:
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


def to_text(table: Table) -> str:
    """Aligned columns for the terminal: header, a rule, one line per row."""
    keep = table.shown()
    header = [table.columns[i].name for i in keep]
    body = [[truncate(_text(row[i]), table.columns[i].width) for i in keep] for row in table.rows]
    widths = [
        max([display_width(h)] + [display_width(r[j]) for r in body]) for j, h in enumerate(header)
    ]
    lines = ["  ".join(_pad(h, w) for h, w in zip(header, widths, strict=True)).rstrip()]
    lines.append("  ".join("─" * w for w in widths))
    lines += ["  ".join(_pad(c, w) for c, w in zip(r, widths, strict=True)).rstrip() for r in body]
    return "\n".join(lines) + "\n"


def md_cell(text: str) -> str:
    """``text`` safe inside a Markdown table cell: one line, ``|`` escaped.

    >>> md_cell("a | b\\n c")
    'a \\\\| b c'
    """
    return " ".join(text.split()).replace("|", "\\|")


def to_markdown(table: Table) -> str:
    """A GitHub-flavoured Markdown table: the same number of cells on every line."""
    keep = table.shown()
    lines = [
        "| " + " | ".join(md_cell(table.columns[i].name) for i in keep) + " |",
        "|" + "|".join("---" for _ in keep) + "|",
    ]
    lines += ["| " + " | ".join(md_cell(_text(row[i])) for i in keep) + " |" for row in table.rows]
    return "\n".join(lines) + "\n"


def to_csv(table: Table) -> str:
    """Every column, hidden ones too, as RFC 4180 CSV with a header line."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(c.name for c in table.columns)
    writer.writerows([_text(cell) for cell in row] for row in table.rows)
    return out.getvalue()


def to_records(table: Table) -> list[dict[str, object]]:
    """Every row as ``{column: JSON value}``."""
    names = [c.name for c in table.columns]
    return [{n: cell_data(cell) for n, cell in zip(names, row, strict=True)} for row in table.rows]


def to_json(table: Table, **meta: object) -> str:
    """``{"columns": …, **meta, "rows": […]}``, indented, non-ASCII kept."""
    document = {"columns": [c.name for c in table.columns], **meta, "rows": to_records(table)}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# ------------------------------------------------------------- query results --


def id_columns(columns: list[str]) -> set[str]:
    """Columns that have a ``…Label`` companion."""
    return {c for c in columns if f"{c}Label" in columns}


def render(table: ResultTable, labeller: Labeller, fmt: str) -> str:
    """The query result in one of :data:`FORMATS`.

    The text and Markdown tables are for readers: in Chinese their headings and
    code words (``direct``, ``causal``) are Chinese too; CSV and JSON keep the
    column names and values machines join on.
    """
    if fmt == "csv":
        return to_csv(labelled(table, labeller))
    if fmt == "json":
        return to_json(labelled(table, labeller), lang=labeller.lang)
    shown = labelled(table, labeller, words=True)
    if fmt == "md":
        return to_markdown(shown)
    rows = len(table.rows)
    if labeller.lang == "zh":
        return to_text(shown) + f"（共{rows}行）\n"
    return to_text(shown) + f"({rows} row{'s' if rows != 1 else ''})\n"


def labelled(table: ResultTable, labeller: Labeller, words: bool = False) -> Table:
    """The result as a :class:`Table`: IRIs by label, identifier columns hidden.

    ``words``: headings and code words in the labeller's language (for readers).
    """
    table = with_stand_in_labels(table, labeller)
    ids = id_columns(table.columns)
    lang = labeller.lang if words else "en"
    columns = [Column(column(c, lang), width=MAX_CELL, hidden=c in ids) for c in table.columns]
    rows = [
        [
            Cell(
                _word(node, labeller, c in ids, lang),
                _json_value(node, labeller, c in ids),
            )
            for c, node in zip(table.columns, row, strict=True)
        ]
        for row in table.rows
    ]
    return Table(columns, list(rows))


def _word(node: Node | None, labeller: Labeller, as_id: bool, lang: str) -> str:
    text = _cell_text(node, labeller, as_id)
    plain = isinstance(node, Literal) and not node.language and node.datatype is None
    return (
        word(text, lang)
        if plain or (isinstance(node, Literal) and node.datatype == XSD.boolean)
        else text
    )


def with_stand_in_labels(table: ResultTable, labeller: Labeller) -> ResultTable:
    """Fill an empty ``…Label`` cell with its node's gloss or quote (observations have
    no label; an empty cell read as 'unknown'), and give a subsection its full number."""
    pairs = [(table.columns.index(c), table.columns.index(f"{c}Label"))
             for c in id_columns(table.columns)]  # fmt: skip
    rows = []
    for row in table.rows:
        cells = list(row)
        for node, label in pairs:
            if not isinstance(cells[node], URIRef):
                continue
            numbered = labeller.numbered(cells[node])  # type: ignore[arg-type]
            if numbered:  # a subsection's label as the query gives it lacks its part number
                cells[label] = Literal(numbered, lang=labeller.lang)
            elif cells[label] is None:
                text = labeller.stand_in(cells[node])  # type: ignore[arg-type]
                cells[label] = Literal(text, lang=labeller.lang) if text else None
        rows.append(tuple(cells))
    return ResultTable(table.columns, rows)


def _cell_text(node: Node | None, labeller: Labeller, as_id: bool) -> str:
    if as_id and isinstance(node, URIRef):
        return labeller.curie(node)
    return labeller.text(node)


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
