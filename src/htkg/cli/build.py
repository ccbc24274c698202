"""``htkg build``: load, validate, reason, write build/ and print a summary."""

from __future__ import annotations

import argparse
import sys

from htkg.cli import options
from htkg.paths import ProjectPaths
from htkg.pipeline.build import QuoteCheck
from htkg.reasoning import DEFAULT_REASONER, REASONERS
from htkg.stores import STORE_HELP, open_store
from htkg.workflow import build


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "build",
        parents=[options.store(STORE_HELP + "; also loaded there")],
        help="validate and reason over ontology + data, write build/",
        description="Load the ontology and every source document, validate them with the "
        "SHACL shapes, reason (OWL 2 RL) into a separate graph and write build/htkg.trig "
        "and build/summary.json. build/ is replaced only if every step succeeds.",
    )
    parser.add_argument("--quiet", action="store_true", help="print no progress")
    parser.add_argument(
        "--strict",
        action="store_true",
        help="fail (exit 1) when a document's quotes cannot be checked because its text "
        "is missing, instead of warning",
    )
    parser.add_argument(
        "--reasoner",
        choices=REASONERS,
        default=DEFAULT_REASONER,
        help="rules (default: the OWL 2 RL rules the ontology uses, as SPARQL; the same "
        "inferences as owlrl for every htkg term) or owlrl (all of OWL 2 RL, ~8x slower)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    paths = ProjectPaths.discover()

    def progress(step: str) -> None:
        if not args.quiet:
            print(f"… {step}", file=sys.stderr)

    def warn(message: str) -> None:
        print(f"htkg build: warning: {message}", file=sys.stderr)

    quotes = QuoteCheck(strict=args.strict, warn=warn)
    with open_store(args.store) as store:
        target = None if args.store == "memory" else store
        summary = build(paths, progress, reasoner=args.reasoner, store=target, quotes=quotes)
    print("\n".join(summary.lines()))
    print(f"written: {paths.build}")
    if target is not None:
        print(f"loaded into: {args.store}")
    return 0
