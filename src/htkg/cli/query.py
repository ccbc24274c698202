"""``htkg query``: run a competency question (or ad-hoc SPARQL) and show labelled rows."""

from __future__ import annotations

import argparse
import sys

from htkg.cli import options
from htkg.errors import InputError
from htkg.output.tables import Labeller, labelled, render
from htkg.paths import ProjectPaths
from htkg.queries.catalogue import (
    QueryFile,
    adhoc_query,
    discover,
    find_query,
    refuse_service,
    run,
)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "query",
        parents=[
            options.table_format(xlsx=True),
            options.output_file(),
            options.lang(),
            options.store(),
        ],
        help="run a competency question or ad-hoc SPARQL",
        description="Run a competency question from queries/ (by name, unique prefix such as "
        "cq04, or a .rq file) or an ad-hoc query (-e). IRIs are shown by their label in "
        "--lang. Parameters are bound as RDF terms, never pasted into the query text.",
    )
    parser.add_argument("name", nargs="?", metavar="NAME|FILE", help="query name or .rq file")
    parser.add_argument("-e", "--expression", metavar="SPARQL", help="run this SPARQL instead")
    parser.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="bind a declared parameter (repeatable)",
    )
    parser.add_argument("--list", action="store_true", help="list the competency questions")
    parser.add_argument(
        "--allow-service",
        action="store_true",
        help="run a query with SERVICE (it makes this process send requests to other hosts)",
    )
    parser.set_defaults(func=run_command)


def _params(pairs: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise InputError(f"--param {pair!r}: expected NAME=VALUE")
        if name.strip() in params:
            raise InputError(f"--param {name.strip()!r} given twice: give each parameter once")
        params[name.strip()] = value
    return params


def catalogue(paths: ProjectPaths, lang: str) -> str:
    """The question list from the headers, one block per query."""
    lines = []
    for query in discover(paths.queries).values():
        question = query.question_zh if lang == "zh" else query.question_en
        lines.append(f"{query.name}  [{', '.join(query.tags)}]")
        lines.append(f"    {question}")
        lines.append(f"    {query.summary}")
        for param in query.params:
            default = f", default {param.default}" if param.default else ""
            lines.append(f"    --param {param.name}=…  {param.description} ({param.type}{default})")
    return "\n".join(lines) + "\n"


def _selected(args: argparse.Namespace, paths: ProjectPaths) -> QueryFile:
    if args.expression and args.name:
        raise InputError("give a query name or -e SPARQL, not both")
    if args.expression:
        return adhoc_query(args.expression)
    if not args.name:
        raise InputError("give a query name or file, -e SPARQL, or --list")
    return find_query(args.name, paths.queries)


def run_command(args: argparse.Namespace) -> int:
    paths = ProjectPaths.discover()
    if args.list:
        sys.stdout.write(catalogue(paths, args.lang))
        return 0
    query = _selected(args, paths)
    params = _params(args.param)
    if not args.allow_service:
        refuse_service(query)
    if query.param("lang") and "lang" not in params:
        params["lang"] = args.lang
    dataset = options.open_graph(args)
    table = run(dataset, query, params)
    labeller = Labeller(dataset, args.lang)
    options.emit(
        args,
        lambda: render(table, labeller, args.format),
        lambda: {query.name: labelled(table, labeller)},
    )
    return 0
