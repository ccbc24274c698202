"""``htkg add FILE``: compile an authoring file into ``data/literature/<slug>.ttl``, or
(``--store``) add it to a built store in place."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from htkg.cli import options
from htkg.errors import InputError
from htkg.literature.add import add_document
from htkg.paths import ProjectPaths

if TYPE_CHECKING:
    from htkg.stores.base import Store


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "add",
        parents=[
            options.store(
                "memory (default): write data/literature/<slug>.ttl; oxigraph:PATH or "
                "sparql:URL (a store built with `htkg build --store`): add the document to "
                "it in place instead: loaded, reasoned from its new triples only, validated "
                "with the store as context, indexed and audited; all or nothing on Oxigraph"
            )
        ],
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
    if args.store != "memory":
        return _into_store(args, paths)
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


def _into_store(args: argparse.Namespace, paths: ProjectPaths) -> int:
    from htkg.literature.add import add_to_store

    if args.replace or args.check:
        raise InputError("--store oxigraph:PATH or sparql:URL: without --replace or --check")
    result, added = add_to_store(
        args.file, paths, args.store, derive=(("Auditing the figures", audit_store),)
    )
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    made = ", ".join(f"{name} {n}" for name, n in result.counts.items())
    how = "everything rematerialised (new schema axioms)" if added.full else "semi-naive"
    print(f"{result.slug}: {result.triples} triples ({made}); SHACL: conforms")
    print(f"added to {args.store}: {added.inferred} triples inferred ({how}, "
          f"{added.rounds} rounds), indexed, audited in {added.seconds:.2f} s")  # fmt: skip
    return 0


def audit_store(store: Store) -> None:
    """Write the audit's verdicts for the store's figures into its audit graph."""
    from rdflib import Dataset, Graph

    from htkg.audit.run import audit_graph, run_audit
    from htkg.rdf.namespaces import AUDIT_GRAPH
    from htkg.stores.base import ntriples_rows

    engine = getattr(store, "_store", None)
    if engine is not None:  # Oxigraph: read through oxrdflib, inside the engine
        from oxrdflib import OxigraphStore as OxrdflibStore

        dataset = Dataset(store=OxrdflibStore(store=engine))
    else:
        dataset = store.dataset()
    rows = "".join(ntriples_rows(audit_graph(run_audit(dataset), Graph())))
    store.update(f"DROP SILENT GRAPH <{AUDIT_GRAPH}>")
    if rows:
        store.update(f"INSERT DATA {{ GRAPH <{AUDIT_GRAPH}> {{ {rows} }} }}")
