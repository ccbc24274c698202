"""``htkg export``: the graph in Turtle, N-Triples, N-Quads, TriG or JSON-LD."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from htkg.cli import options
from htkg.files import atomic_write_bytes
from htkg.output.rdf_formats import FORMATS, serialize
from htkg.workflow import open_dataset

NANOPUB = "nanopub"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export",
        parents=[options.store()],
        help="write the graph in an RDF format",
        description="Write the asserted graphs (and with --reasoned the inferred graph). "
        "trig, nq and json-ld keep one named graph per source; ttl and nt merge them; "
        "nanopub writes each causal and response link as a nanopublication (TriG).",
    )
    parser.add_argument(
        "--format",
        choices=sorted([*FORMATS, NANOPUB]),
        default="trig",
        help="nanopub: each causal and response link as a nanopublication (TriG)",
    )
    parser.add_argument("--reasoned", action="store_true", help="include inferred triples")
    parser.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.format == NANOPUB:
        from htkg.output.nanopub import nanopublications

        data = nanopublications(open_dataset(args.store)).serialize(format="trig", encoding="utf-8")
    else:
        # serialize() leaves the inferred graph out unless --reasoned
        data = serialize(open_dataset(args.store), args.format, reasoned=args.reasoned)
    if args.output is None:
        sys.stdout.buffer.write(data)
    else:
        atomic_write_bytes(args.output, data)
    return 0
