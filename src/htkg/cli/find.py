"""``htkg find TEXT``: the terms whose labels contain TEXT, with CURIE, class and documents."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from htkg.cli import options
from htkg.errors import InputError
from htkg.literature.find import Term, class_by_name, find
from htkg.literature.index import build_index
from htkg.output.tables import Cell, Column, Table, to_csv, to_json, to_markdown, to_text
from htkg.paths import ProjectPaths
from htkg.pipeline.sources import load_asserted
from htkg.rdf.namespaces import curie


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "find",
        parents=[options.table_format()],
        help="find entities and argument elements by part of a label (zh or en)",
        description="List every entity, argument element, indicator, period, unit and document "
        "whose label (zh, en or alternative, compared after Unicode, case and space folding) "
        "contains TEXT: its CURIE (to write as ref: in an authoring file), class, labels and "
        "the documents that mention it. Exact matches first.",
    )
    parser.add_argument("text", metavar="TEXT")
    parser.add_argument(
        "--class",
        dest="cls",
        action="append",
        default=[],
        metavar="CLASS",
        help="only instances of this class or its subclasses, e.g. Economy (repeatable)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    paths = ProjectPaths.discover()
    dataset = load_asserted(paths.ontology, paths.data)
    index = build_index(dataset)
    classes = []
    for name in args.cls:
        cls = class_by_name(name, index)
        if cls is None:
            raise InputError(f"--class {name!r}: not an entity, element or document class")
        classes.append(cls)
    terms = find(dataset, args.text, tuple(classes), index)
    sys.stdout.write(render(terms, args.format))
    if args.format == "table":
        print(f"({len(terms)} term{'s' if len(terms) != 1 else ''})")
    return 0


def table(terms: list[Term]) -> Table:
    """One row per term; JSON keeps the label lists."""
    columns = [Column("curie"), Column("class"), Column("zh", 40), Column("en", 50),
               Column("alt", 40), Column("documents")]  # fmt: skip
    rows: list[Sequence[str | Cell]] = []
    for term in terms:
        alt = [a for values in term.alt_labels.values() for a in values]
        docs = [curie(d) for d in term.documents]
        rows.append([
            curie(term.iri),
            Cell(curie(term.cls).removeprefix("htkg:"), curie(term.cls)),
            term.label("zh"),
            term.label("en"),
            Cell("; ".join(alt), alt),
            Cell(" ".join(d.removeprefix("kg:") for d in docs), docs),
        ])  # fmt: skip
    return Table(columns, rows)


def render(terms: list[Term], fmt: str) -> str:
    shown = table(terms)
    if fmt == "csv":
        return to_csv(shown)
    if fmt == "json":
        return to_json(shown)
    if fmt == "md":
        return to_markdown(shown)
    return to_text(shown)
