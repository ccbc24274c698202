"""``htkg query``: run a competency question (or ad-hoc SPARQL) and show labelled rows."""

from __future__ import annotations

import argparse
import itertools
import sys

from htkg.cli import options
from htkg.errors import InputError
from htkg.output.tables import Labeller, labelled, render
from htkg.paths import ProjectPaths
from htkg.queries.catalogue import (
    Answer,
    QueryFile,
    ResultTable,
    adhoc_query,
    answer,
    discover,
    find_query,
    refuse_service,
    run,
)

#: rows rendered and written at a time by ``--format csv``
CSV_BATCH = 1000


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
    parser.add_argument(
        "--limit", type=int, metavar="N", help="at most N rows (a page of the answer)"
    )
    parser.add_argument(
        "--offset", type=int, default=0, metavar="K", help="skip the first K rows (default 0)"
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
    labeller = Labeller(dataset, args.lang)
    if args.format == "csv" and getattr(args, "output", None) is None:
        write_csv(answer(dataset, query, params, args.limit, args.offset), labeller)
        return 0
    table = run(dataset, query, params, args.limit, args.offset)
    options.emit(
        args,
        lambda: render(table, labeller, args.format),
        lambda: {query.name: labelled(table, labeller)},
    )
    return 0


def write_csv(result: Answer, labeller: Labeller, batch: int = CSV_BATCH) -> None:
    """The answer as CSV, written a batch of rows at a time as they are read.

    Only one batch is held, so an answer of any size streams; each batch is
    rendered by the same CSV writer as the whole table would be (its header
    line is written once).
    """
    first = True
    while True:
        rows = list(itertools.islice(result.rows, batch))
        if rows or first:
            text = render(ResultTable(result.columns, rows), labeller, "csv")
            sys.stdout.write(text if first else text.split("\n", 1)[1])
            sys.stdout.flush()
        first = False
        if len(rows) < batch:
            return
