"""``htkg trace``: paths from a constraint to its countermeasures, or causes and effects."""

from __future__ import annotations

import argparse
import json

from htkg.cli import options
from htkg.network.trace import trace
from htkg.output.labels import Labeller
from htkg.output.sheets import trace_table
from htkg.output.trace_json import trace_json
from htkg.output.trace_text import render_markdown, render_text


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "trace",
        parents=[options.report_format(), options.lang(), options.store(), options.filters()],
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
    parser.set_defaults(func=run_command)


def run_command(args: argparse.Namespace) -> int:
    dataset = options.open_graph(args)
    result, net = trace(
        dataset,
        args.term,
        downstream=args.downstream,
        summaries=args.summaries,
        documents=tuple(args.document),
        author_stated=args.author_stated,
    )
    labeller = Labeller(dataset, args.lang)

    def text() -> str:
        if args.format == "json":
            return json.dumps(trace_json(result, net, labeller), ensure_ascii=False, indent=2)
        if args.format == "md":
            return render_markdown(result, net, labeller)
        return render_text(result, net, labeller)

    options.emit(args, text, lambda: {"trace": trace_table(result, net, labeller)})
    return 0
