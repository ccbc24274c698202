"""The options several commands share, as argparse parent parsers.

A command lists the ones it takes (``add_parser(..., parents=[lang(), store()])``)
so ``--lang``, ``--store`` and ``--format`` are spelled, defaulted and
explained the same everywhere. Each factory returns a fresh parent; nothing
heavy is imported here, so ``htkg query`` still imports only what it runs.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from htkg.errors import InputError
from htkg.rdf.labels import LANGUAGES

if TYPE_CHECKING:
    from rdflib import Dataset

    from htkg.output.tables import Table

#: ``--format`` of the commands that print a report (trace, audit, loops, leverage, whatif).
REPORT_FORMATS = ("text", "json", "md")
#: ``--format xlsx`` (a workbook, needs ``-o``) for the commands analysts open in a spreadsheet.
XLSX = "xlsx"


def _parent() -> argparse.ArgumentParser:
    return argparse.ArgumentParser(add_help=False)


def lang(help: str = "label language") -> argparse.ArgumentParser:
    """``--lang en|zh`` (default en)."""
    parent = _parent()
    parent.add_argument("--lang", choices=LANGUAGES, default="en", help=help)
    return parent


def store(help: str | None = None) -> argparse.ArgumentParser:
    """``--store SPEC`` (default memory); ``help`` defaults to :data:`htkg.stores.STORE_HELP`."""
    if help is None:
        from htkg.stores import STORE_HELP

        help = STORE_HELP
    parent = _parent()
    parent.add_argument("--store", default="memory", help=help)
    return parent


def output_format(
    choices: Sequence[str] = REPORT_FORMATS, default: str | None = None
) -> argparse.ArgumentParser:
    """``--format`` among ``choices`` (default: the first)."""
    parent = _parent()
    parent.add_argument("--format", choices=choices, default=default or choices[0])
    return parent


def table_format(xlsx: bool = False) -> argparse.ArgumentParser:
    """``--format table|csv|json|md`` (and ``xlsx``) for commands printing query-like tables."""
    from htkg.output.tables import FORMATS

    return output_format((*FORMATS, XLSX) if xlsx else FORMATS)


def report_format() -> argparse.ArgumentParser:
    """``--format text|json|md|xlsx`` and ``-o FILE``: a report, or a workbook of its rows."""
    parent = output_format((*REPORT_FORMATS, XLSX))
    _output_option(parent)
    return parent


def output_file() -> argparse.ArgumentParser:
    """``-o FILE``: write to a file (atomically) instead of stdout; needed for xlsx."""
    parent = _parent()
    _output_option(parent)
    return parent


def _output_option(parent: argparse.ArgumentParser) -> None:
    parent.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="write to FILE (atomically) instead of stdout; needed for xlsx",
    )


def emit(
    args: argparse.Namespace, text: Callable[[], str], sheets: Callable[[], Mapping[str, Table]]
) -> None:
    """Print the report (or write it to ``-o``), or write the workbook for ``--format xlsx``.

    Only the one that is asked for is computed; a file is replaced atomically, so a
    failure leaves no half-written workbook.
    """
    from htkg.files import atomic_write_bytes, atomic_write_text

    output = getattr(args, "output", None)
    if args.format == XLSX:
        if output is None:
            raise InputError("--format xlsx writes a workbook: give -o FILE.xlsx")
        from htkg.output.xlsx import to_xlsx

        atomic_write_bytes(output, to_xlsx(sheets()))
        print(f"written: {output}", file=sys.stderr)
        return
    body = text()
    body = body if body.endswith("\n") else body + "\n"
    if output is None:
        sys.stdout.write(body)
    else:
        atomic_write_text(output, body)


def filters() -> argparse.ArgumentParser:
    """``--document SLUG`` (repeatable) and ``--author-stated``: which evidence counts."""
    parent = _parent()
    parent.add_argument(
        "--document",
        action="append",
        default=[],
        metavar="SLUG",
        help="only the links this document states (repeatable; the article is 'article')",
    )
    parent.add_argument(
        "--author-stated",
        action="store_true",
        help="only links an author states (leave curator readings out)",
    )
    return parent


def open_graph(args: argparse.Namespace) -> Dataset:
    """The reasoned graph of ``--store`` (the build for memory): the one dataset source.

    With :func:`filters`, a ``--document`` naming no document graph is refused
    (exit 2) with the documents there are.
    """
    from htkg import workflow

    dataset = workflow.load() if args.store == "memory" else workflow.open_dataset(args.store)
    check_documents(dataset, getattr(args, "document", []))
    return dataset


#: named graphs that are not source documents
NOT_DOCUMENTS = {"ontology", "inferred", "audit", "links"}


def check_documents(dataset: Dataset, slugs: Sequence[str]) -> None:
    """Refuse a document slug that names no graph of ``dataset`` (exit 2)."""
    from htkg.errors import InputError
    from htkg.rdf.namespaces import GRAPH

    prefix = str(GRAPH)
    known = {str(g.identifier).removeprefix(prefix) for g in dataset.graphs()}
    unknown = [slug for slug in slugs if slug not in known]
    if unknown:
        documents = ", ".join(sorted(known - NOT_DOCUMENTS - {"urn:x-rdflib:default"}))
        raise InputError(f"--document {unknown[0]!r}: no such document (documents: {documents})")
