"""``htkg network`` (the offline HTML explorer) and ``htkg export-network`` (GraphML, JSON, Kumu).

Also the small helpers the analysis commands (loops, leverage, whatif) share:
loading the network and writing the result.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import networkx as nx
from rdflib import Dataset

from htkg.cli import options
from htkg.errors import OutputError
from htkg.files import atomic_write_bytes, atomic_write_text
from htkg.network.digraph import build_network, resolve_node
from htkg.output.explorer import focus, render
from htkg.output.network_formats import FORMATS, KUMU_FILES, to_graphml, to_kumu, to_node_link


def load_network(args: argparse.Namespace, context: bool = False) -> tuple[Dataset, nx.DiGraph]:
    """The reasoned dataset (from ``--store``) and its network, filtered as asked."""
    dataset = options.open_graph(args)
    return dataset, build_network(dataset, context, args.document, args.author_stated)


def emit(text: str) -> None:
    """Print ``text`` with exactly one final newline."""
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "network",
        parents=[options.lang(), options.filters(), options.store()],
        help="write the causal network as one offline HTML page",
        description="Write an interactive page (vis-network inlined, works offline). It opens "
        "on the constraint → countermeasure view, the whole network one click away; click a "
        "node or link for its quote, section, gloss, note, documents and figures; expand or "
        "collapse neighbourhoods, paths between two nodes, filters by assertion mode, "
        "polarity, document, section and class, the view's state in the URL, PNG export, "
        "zh/en switch, loop and trace highlighting.",
    )
    parser.add_argument("-o", "--output", type=Path, required=True, help="HTML file to write")
    parser.add_argument("--focus", metavar="TERM", help="only the neighbourhood of TERM")
    parser.add_argument("--depth", type=int, default=2, help="neighbourhood radius (default 2)")
    parser.add_argument("--highlight-loops", action="store_true", help="highlight all loops")
    parser.add_argument("--trace", metavar="TERM", action="append", default=[],
                        help="highlight the what-if paths from TERM (repeatable)")  # fmt: skip
    parser.add_argument("--context", action="store_true",
                        help="add the entities the elements name")  # fmt: skip
    parser.set_defaults(func=run)

    export = subparsers.add_parser(
        "export-network",
        parents=[
            options.output_format(FORMATS, "graphml"),
            options.lang("Kumu labels"),
            options.filters(),
            options.store(),
        ],
        help="write the network as GraphML, node-link JSON or a Kumu CSV pair",
        description="GraphML (attributes flattened to scalars; opens in Gephi), networkx "
        "node-link JSON, or Kumu-style elements.csv + connections.csv (-o is then a "
        "directory).",
    )
    export.add_argument("-o", "--output", type=Path, required=True,
                        help="file to write (for kumu: an existing directory)")  # fmt: skip
    export.add_argument("--context", action="store_true", help="add context entities")
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
    html = render(graph, lang=args.lang, highlight_loops=args.highlight_loops, trace=trace,
                  dataset=dataset, documents=args.document)  # fmt: skip
    atomic_write_text(args.output, html)
    print(f"written: {args.output} ({graph.number_of_nodes()} nodes, "
          f"{graph.number_of_edges()} edges)")  # fmt: skip
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
    print(f"written: {args.output} ({graph.number_of_nodes()} nodes, "
          f"{graph.number_of_edges()} edges)")  # fmt: skip
    return 0
