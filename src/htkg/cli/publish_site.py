"""``htkg publish-site DIR``: a static site of the graph (pyLODE, VoID, JSON-LD, examples)."""

from __future__ import annotations

import argparse
from pathlib import Path

from htkg.cli import options


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "publish-site",
        parents=[options.store()],
        help="write a static site: ontology docs, VoID/DCAT, JSON-LD, SPARQL examples, pages",
        description="Write DIR (replaced whole; never a non-empty directory htkg did not write): "
        "the ontology documented by pyLODE (pip install 'htkg[site]'), the data in TriG and "
        "JSON-LD with a compact @context, a VoID + DCAT description of each named graph, the "
        "competency questions as SPARQL examples (SIB sparql-examples vocabulary), one page "
        "per entity, the nanopublications, and .htaccess redirects for w3id.org/htkg.",
    )
    parser.add_argument("directory", type=Path, metavar="DIR")
    parser.add_argument("--base-url", default=None, metavar="URL",
                        help="where the site is served (the redirects point there)")  # fmt: skip
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from htkg.output.site import DEFAULT_BASE, publish_site
    from htkg.paths import ProjectPaths

    summary = publish_site(
        options.open_graph(args),
        args.directory,
        ProjectPaths.discover().queries,
        args.base_url or DEFAULT_BASE,
    )
    docs = "" if summary.ontology_page else " (no ontology page: pip install 'htkg[site]')"
    print(f"written: {summary.directory} ({summary.graphs} graphs, {summary.entities} entity "
          f"pages, {summary.examples} SPARQL examples){docs}")  # fmt: skip
    return 0
