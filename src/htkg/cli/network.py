"""``htkg network`` (the offline HTML explorer) and ``htkg export-network`` (GraphML, JSON, Kumu).

Also the small helpers the analysis commands (loops, leverage, whatif) share:
loading the network and the common ``--lang`` / ``--format`` options.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import networkx as nx
from rdflib import Dataset

from htkg.errors import InputError, OutputError
from htkg.files import atomic_write_bytes, atomic_write_text
from htkg.network.digraph import build_network, resolve_node
from htkg.network.read import document_slug
from htkg.output.explorer import focus, render
from htkg.output.network_formats import FORMATS, KUMU_FILES, to_graphml, to_kumu, to_node_link
from htkg.stores import STORE_HELP
from htkg.workflow import load, open_dataset

#: named graphs that are not source documents
NOT_DOCUMENTS = {"ontology", "inferred", "audit", "links"}


def add_common(parser: argparse.ArgumentParser, formats: bool = True) -> None:
    """``--lang`` (and ``--format``), the evidence filters and ``--store``."""
    parser.add_argument("--lang", choices=("en", "zh"), default="en", help="label language")
    if formats:
        parser.add_argument("--format", choices=("text", "json", "md"), default="text")
    add_filters(parser)
    parser.add_argument("--store", default="memory", help=STORE_HELP)


def add_filters(parser: argparse.ArgumentParser) -> None:
    """``--document SLUG`` (repeatable) and ``--author-stated``: which evidence counts."""
    parser.add_argument(
        "--document",
        action="append",
        default=[],
        metavar="SLUG",
        help="only the links this document states (repeatable; the article is 'article')",
    )
    parser.add_argument(
        "--author-stated",
        action="store_true",
        help="only links an author states (leave curator readings out)",
    )


def load_network(args: argparse.Namespace, context: bool = False) -> tuple[Dataset, nx.DiGraph]:
    """The reasoned dataset (from ``--store``) and its network, filtered as asked."""
    dataset = load(reasoned=True) if args.store == "memory" else open_dataset(args.store)
    check_documents(dataset, args.document)
    graph = build_network(dataset, context, args.document, args.author_stated)
    return dataset, graph


def check_documents(dataset: Dataset, slugs: list[str]) -> None:
    """Refuse a ``--document`` that names no document graph (exit 2), listing those there are."""
    known = {document_slug(g.identifier) for g in dataset.graphs()}  # type: ignore[arg-type]
    unknown = [slug for slug in slugs if slug not in known]
    if unknown:
        documents = ", ".join(sorted(k for k in known if k not in NOT_DOCUMENTS))
        raise InputError(f"--document {unknown[0]!r}: no such document (documents: {documents})")


def emit(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "network",
        help="write the causal network as one offline HTML page",
        description="Write an interactive page (vis-network inlined, works offline): nodes "
        "coloured and shaped by class, edges by polarity, dashed for curator readings, "
        "bar-headed for what a measure addresses; tooltips with both labels, section and "
        "quote; zh/en switch, search, class filter, loop and trace highlighting.",
    )
    parser.add_argument("-o", "--output", type=Path, required=True, help="HTML file to write")
    parser.add_argument("--focus", metavar="TERM", help="only the neighbourhood of TERM")
    parser.add_argument("--depth", type=int, default=2, help="neighbourhood radius (default 2)")
    parser.add_argument("--highlight-loops", action="store_true", help="highlight all loops")
    parser.add_argument(
        "--trace",
        metavar="TERM",
        action="append",
        default=[],
        help="highlight the what-if paths from TERM (repeatable)",
    )
    parser.add_argument("--context", action="store_true", help="add the entities the elements name")
    add_common(parser, formats=False)
    parser.set_defaults(func=run)

    export = subparsers.add_parser(
        "export-network",
        help="write the network as GraphML, node-link JSON or a Kumu CSV pair",
        description="GraphML (attributes flattened to scalars; opens in Gephi), networkx "
        "node-link JSON, or Kumu-style elements.csv + connections.csv (-o is then a "
        "directory).",
    )
    export.add_argument("--format", choices=FORMATS, default="graphml")
    export.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        help="file to write (for kumu: an existing directory)",
    )
    export.add_argument("--context", action="store_true", help="add context entities")
    export.add_argument("--lang", choices=("en", "zh"), default="en", help="Kumu labels")
    add_filters(export)
    export.add_argument("--store", default="memory", help=STORE_HELP)
    export.set_defaults(func=run_export)


def run(args: argparse.Namespace) -> int:
    dataset, graph = load_network(args, context=args.context)
    trace = [resolve_node(dataset, graph, term) for term in args.trace]
    if args.focus:
        graph = focus(graph, resolve_node(dataset, graph, args.focus), args.depth)
        missing = [t for t in trace if t not in graph]
        trace = [t for t in trace if t in graph]
        if missing:
            print(f"note: trace {', '.join(missing)} is outside the focus", file=sys.stderr)
    html = render(graph, lang=args.lang, highlight_loops=args.highlight_loops, trace=trace)
    atomic_write_text(args.output, html)
    print(
        f"written: {args.output} ({graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges)"
    )
    return 0


def run_export(args: argparse.Namespace) -> int:
    _dataset, graph = load_network(args, context=args.context)
    if args.format == "graphml":
        atomic_write_bytes(args.output, to_graphml(graph))
    elif args.format == "json":
        atomic_write_text(args.output, to_node_link(graph))
    else:
        if not args.output.is_dir():
            raise OutputError(
                f"{args.output}: not a directory (kumu writes {', '.join(KUMU_FILES)})"
            )
        for name, text in to_kumu(graph, args.lang).items():
            atomic_write_text(args.output / name, text)
    print(
        f"written: {args.output} ({graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges)"
    )
    return 0
