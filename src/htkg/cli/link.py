"""``htkg link``: join entities across documents; list label matches to confirm.

Joins by shared IRI, Wikidata id and ISO code are made and written to
``data/links/reconciliation.ttl`` (the named graph ``graph/links``); label
matches are printed as suggestions with ids, and only ``--confirm ID --by NAME``
turns one into a join. Confirmed joins are kept across runs. With ``--store``
the documents are those of the store, and the joins go into its links graph,
reasoned and indexed in place (:mod:`htkg.literature.link_store`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from rdflib import Graph, Literal, URIRef

from htkg.cli import options
from htkg.errors import InputError, OutputError
from htkg.files import atomic_write_text
from htkg.literature.reconcile import (
    LINKS_SLUG,
    Reconciliation,
    confirm,
    links_graph,
    read_confirmed,
    reconcile,
)
from htkg.output.tables import Labeller, render
from htkg.paths import ProjectPaths
from htkg.pipeline.sources import load_asserted, parse_turtle
from htkg.queries.catalogue import ResultTable
from htkg.rdf.namespaces import bind_prefixes

LINKS_FILE = "reconciliation.ttl"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "link",
        parents=[
            options.table_format(),
            options.lang(),
            options.store(
                "memory (default): the project's documents, joins written to "
                "data/links/reconciliation.ttl; oxigraph:PATH or sparql:URL (a store built with "
                "`htkg build --store`): the store's documents, joins written to its links "
                "graph in place, reasoned from the new joins, indexed and audited; all or "
                "nothing on Oxigraph"
            ),
        ],
        help="join entities across documents (IRI, Wikidata, ISO); suggest label matches",
        description="Join entities of different documents that share an IRI, a Wikidata id or "
        "an ISO 3166-1 code, and write the joins with their basis to "
        "data/links/reconciliation.ttl. Entities that only share a label (zh or en) are "
        "listed as suggestions; confirm one with --confirm ID --by NAME.",
    )
    parser.add_argument("--confirm", nargs="+", default=[], metavar="ID",
                        help="suggestion ids to join (from a previous run)")  # fmt: skip
    parser.add_argument("--by", help="who confirms (required with --confirm)")
    parser.add_argument("--dry-run", action="store_true", help="show, but write nothing")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.confirm and not args.by:
        raise InputError("--confirm needs --by NAME: a join on a label records who confirmed it")
    if args.store != "memory":
        return _in_store(args)
    paths = ProjectPaths.discover()
    dataset = load_asserted(paths.ontology, paths.data)
    links_path = paths.data / LINKS_SLUG / LINKS_FILE
    previous = Graph()
    if links_path.is_file():
        parse_turtle(links_path, previous)
    result = reconcile(dataset, read_confirmed(previous))
    confirm(result, args.confirm, args.by or "", dt.date.today().isoformat())
    _report(result, Labeller(dataset, args.lang), args.format)
    if not args.dry_run:
        _write(links_path, links_graph(result))
        print(f"written: {links_path}", file=sys.stderr)
    return 0


def _in_store(args: argparse.Namespace) -> int:
    """``htkg link --store SPEC``: the store's documents in, the store's links graph out."""
    from htkg.cli.add import audit_store
    from htkg.literature.link_store import reconciliation_input, stored_links, update_links
    from htkg.stores import open_store

    with open_store(args.store, read_only=args.dry_run, built=True) as store:
        dataset = reconciliation_input(store)
        result = reconcile(dataset, read_confirmed(stored_links(store)))
        confirm(result, args.confirm, args.by or "", dt.date.today().isoformat())
        _report(result, Labeller(dataset, args.lang), args.format)
        if args.dry_run:
            return 0
        done = update_links(store, links_graph(result), (("Auditing the figures", audit_store),))
    if not done.added and not done.removed:
        print(f"{args.store}: the links graph is up to date", file=sys.stderr)
        return 0
    how = "everything rematerialised (a join was dropped)" if done.full else "semi-naive"
    print(f"{args.store}: links graph {done.added:+d} / -{done.removed} triples; "
          f"{done.inferred} triples inferred ({how}), indexed, audited in {done.seconds:.2f} s",
          file=sys.stderr)  # fmt: skip
    return 0


def _report(result: Reconciliation, labeller: Labeller, fmt: str) -> None:
    """Print the joins and suggestions, and warn of confirmed joins that were dropped."""
    print(_render(result, labeller, fmt))
    for join in result.dropped:
        names = ", ".join(labeller.curie(e) for e in join.entities)
        print(f"warning: dropped confirmed join of {names}: an entity is gone", file=sys.stderr)


def _write(path, graph: Graph) -> None:
    if not path.parent.is_dir():
        try:
            path.parent.mkdir(parents=True)
        except OSError as err:
            raise OutputError(f"{path.parent}: cannot create: {err.strerror}") from None
    header = (
        "# Written by `htkg link`: entity joins across documents and their basis.\n"
        "# Label joins were confirmed by a person (htkg:confirmedBy); the others rest on a\n"
        "# shared IRI, Wikidata id or ISO code. Re-run `htkg link` after `htkg add`.\n\n"
    )
    atomic_write_text(path, header + bind_prefixes(graph).serialize(format="longturtle"))


def tables(result: Reconciliation) -> tuple[ResultTable, ResultTable, ResultTable]:
    """The joins and the suggestions as tables (IRIs labelled by the renderer)."""
    joins = ResultTable(["basis", "entity", "value", "documents", "confirmedBy"])
    for join in result.joins:
        for entity in join.entities:
            docs = " ".join(d.rsplit("/", 1)[-1] for d in join.documents)
            joins.rows.append((Literal(join.basis), entity, Literal(join.value), Literal(docs),
                               Literal(join.confirmed_by)))  # fmt: skip
    suggestions = ResultTable(["id", "status", "label", "entity", "other"])
    for item in result.suggestions:
        status = f"blocked: {item.blocked}" if item.blocked else (
            "ambiguous: also " + " ".join(str(o).rsplit("/", 1)[-1] for o in item.ambiguous_with)
            if item.ambiguous_with else "suggested"
        )  # fmt: skip
        a, b = item.entities
        suggestions.rows.append((Literal(item.id), Literal(status), Literal(item.label),
                                 URIRef(a), URIRef(b)))  # fmt: skip
    weak = ResultTable(["id", "status", "score", "labels", "entity", "other"])
    for item in result.weak:
        status = f"blocked: {item.blocked}" if item.blocked else "weak"
        a, b = item.entities
        weak.rows.append((Literal(item.id), Literal(status), Literal(f"{item.weak:.2f}"),
                          Literal(item.label), URIRef(a), URIRef(b)))  # fmt: skip
    return joins, suggestions, weak


def _render(result: Reconciliation, labeller: Labeller, fmt: str) -> str:
    joins, suggestions, weak = tables(result)
    if fmt == "json":
        return json.dumps(
            {"joins": json.loads(render(joins, labeller, fmt)),
             "suggestions": json.loads(render(suggestions, labeller, fmt)),
             "weak_suggestions": json.loads(render(weak, labeller, fmt))},
            ensure_ascii=False, indent=2,
        )  # fmt: skip
    parts = [f"joins ({len(result.joins)}):", render(joins, labeller, fmt)]
    parts += [f"label suggestions ({len(result.suggestions)}):", render(suggestions, labeller, fmt)]
    if result.weak:
        parts += [f"weak suggestions, one label containing or sharing most words of the other "
                  f"({len(result.weak)}; confirm only what you have checked):",
                  render(weak, labeller, fmt)]  # fmt: skip
    return "\n".join(p.rstrip("\n") for p in parts)
