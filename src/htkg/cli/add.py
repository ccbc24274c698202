"""``htkg add FILE``: compile an authoring file into ``data/literature/<slug>.ttl``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from htkg.literature.add import add_document
from htkg.paths import ProjectPaths


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "add",
        help="compile a document's authoring file (YAML) into data/literature/",
        description="Compile an authoring file (see docs/authoring.md), validate it together "
        "with the ontology, the article and every other document against the SHACL shapes "
        "and for consistency under OWL 2 RL (as htkg build does), listing every problem at its "
        "file:line:field, "
        "and write data/literature/<slug>.ttl (its own named graph). Nothing is written on "
        "error. Run `htkg link` and `htkg build` afterwards.",
    )
    parser.add_argument("file", type=Path, help="the authoring file, e.g. literature/<slug>.yaml")
    parser.add_argument(
        "--replace", action="store_true", help="recompile a document already added from this file"
    )
    parser.add_argument(
        "--check", action="store_true", help="compile and validate only; write nothing"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    paths = ProjectPaths.discover()
    result = add_document(args.file, paths, replace=args.replace, check_only=args.check)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    made = ", ".join(f"{name} {n}" for name, n in result.counts.items())
    print(
        f"{result.slug}: {result.triples} triples ({made}); SHACL: conforms; OWL 2 RL: consistent"
    )
    if result.written:
        print(f"written: {result.path}")
    else:
        print("not written (--check)")
    return 0
