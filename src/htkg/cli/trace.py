"""``htkg trace``: paths from a constraint to its countermeasures, or causes and effects."""

from __future__ import annotations

import argparse
import json
import sys

from htkg.cli.network import add_filters, check_documents
from htkg.network.trace import trace
from htkg.output.trace_json import trace_json
from htkg.output.trace_text import render_markdown, render_text
from htkg.paths import ProjectPaths
from htkg.rdf.labels import Labeller
from htkg.stores import STORE_HELP
from htkg.workflow import load, open_dataset


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "trace",
        help="trace a constraint to its countermeasures, or an event/finding to causes and effects",
        description="TERM is an IRI, a CURIE (kg:…) or part of a label in Chinese or English. "
        "From a constraint factor: every path to the countermeasures that address it (directly, "
        "through a sub-factor, or through a condition downstream of it); with --downstream also "
        "the paths to the findings it causes. From an event, a finding or another condition: "
        "its causes (upstream) and effects (downstream). Every hop shows polarity, author vs "
        "curator reading, section and quote. An ambiguous fragment lists candidates (exit 2).",
    )
    parser.add_argument("term", metavar="TERM")
    parser.add_argument(
        "--downstream",
        action="store_true",
        help="from a constraint factor, also the paths to the findings it causes",
    )
    parser.add_argument(
        "--summaries",
        action="store_true",
        help="list the paths through summary sentences instead of folding them into one line",
    )
    parser.add_argument("--format", choices=("text", "json", "md"), default="text")
    parser.add_argument("--lang", choices=("en", "zh"), default="en", help="label language")
    parser.add_argument("--store", default="memory", help=STORE_HELP)
    add_filters(parser)
    parser.set_defaults(func=run_command)


def run_command(args: argparse.Namespace) -> int:
    paths = ProjectPaths.discover()
    if args.store == "memory":
        dataset = load(reasoned=True, paths=paths)
    else:
        dataset = open_dataset(args.store, paths)
    check_documents(dataset, args.document)
    result, net = trace(
        dataset,
        args.term,
        downstream=args.downstream,
        summaries=args.summaries,
        documents=tuple(args.document),
        author_stated=args.author_stated,
    )
    labeller = Labeller(dataset, args.lang)
    if args.format == "json":
        text = json.dumps(trace_json(result, net, labeller), ensure_ascii=False, indent=2) + "\n"
    elif args.format == "md":
        text = render_markdown(result, net, labeller)
    else:
        text = render_text(result, net, labeller)
    sys.stdout.write(text)
    return 0
