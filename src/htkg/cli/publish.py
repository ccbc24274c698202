"""``htkg publish --endpoint URL``: push the build into an existing SPARQL store.

Each named graph (ontology, one per document, inferred) is sent with the Graph
Store Protocol under a temporary name, counted, and only then moved to its
real name (see :mod:`htkg.stores.remote`). An endpoint that is down or
refuses ends with exit code 4 and publishes nothing under the real names.
"""

from __future__ import annotations

import argparse

from htkg.paths import ProjectPaths
from htkg.stores.remote import SparqlStore
from htkg.workflow import load


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "publish",
        help="push the build into a SPARQL 1.1 endpoint (Graph Store Protocol)",
        description="Replace the project's named graphs at a SPARQL endpoint by the build "
        "(asserted and inferred). URL is the query endpoint; update and Graph Store "
        "endpoints follow the server's conventions or are given as "
        "URL#update=...&gsp=... (see docs/stores.md). Other graphs are left alone.",
    )
    parser.add_argument("--endpoint", required=True, metavar="URL", help="SPARQL query endpoint")
    parser.add_argument(
        "--no-inferred", action="store_true", help="publish the asserted graphs only"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    dataset = load(reasoned=not args.no_inferred, paths=ProjectPaths.discover())
    store = SparqlStore(args.endpoint)
    counts = store.publish({g.identifier: g for g in dataset.graphs() if len(g)})
    for graph, count in counts.items():
        print(f"{graph}: {count} triples")
    print(f"published {sum(counts.values())} triples in {len(counts)} graphs to {args.endpoint}")
    return 0
