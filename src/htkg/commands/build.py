"""``htkg build``: load, validate, reason, write build/ and print a summary."""

from __future__ import annotations

import argparse
import sys

from htkg.build import build
from htkg.paths import ProjectPaths


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "build",
        help="validate and reason over ontology + data, write build/",
        description="Load the ontology and every source document, validate them with the "
        "SHACL shapes, reason (OWL 2 RL) into a separate graph and write build/htkg.trig "
        "and build/summary.json. build/ is replaced only if every step succeeds.",
    )
    parser.add_argument("--quiet", action="store_true", help="print no progress")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    paths = ProjectPaths.discover()

    def progress(step: str) -> None:
        if not args.quiet:
            print(f"… {step}", file=sys.stderr)

    summary = build(paths, progress)
    print("\n".join(summary.lines()))
    print(f"written: {paths.build}")
    return 0
