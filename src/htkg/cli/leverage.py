"""``htkg leverage``: MICMAC-style influence/dependence ranking of the causal network."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict

import networkx as nx

from htkg.cli import options
from htkg.cli.network import load_network
from htkg.network.leverage import Leverage, leverage, split_points
from htkg.output.tables import Column, Table, to_markdown, to_text
from htkg.output.zh import column, word

LABEL_WIDTH = 48  # display columns of a label in the terminal table
COLUMNS = ("rank", "node", "label", "role", "influence", "dependence", "out", "in", "betweenness")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "leverage",
        parents=[options.report_format(), options.lang(), options.filters(), options.store()],
        help="rank nodes by influence and dependence (drivers, linkage, dependent, autonomous)",
        description="MICMAC on reachability: influence = nodes a node reaches over causal links "
        "(directly or indirectly), dependence = nodes that reach it, plus betweenness. Nodes "
        "are split into drivers, linkage, dependent and autonomous at the mean influence and "
        "mean dependence.",
    )
    parser.add_argument("--top", type=int, default=0, help="show only the first N (0: all)")
    parser.add_argument("--include-measures", action="store_true",
                        help="also count the measures' addresses edges")  # fmt: skip
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    _dataset, graph = load_network(args)
    rows = leverage(graph, include_measures=args.include_measures)
    mid = split_points(rows)
    shown = rows[: args.top] if args.top > 0 else rows

    def text() -> str:
        formatter = {"text": as_text, "json": as_json, "md": as_markdown}[args.format]
        return formatter(graph, shown, mid, args.lang)

    options.emit(args, text, lambda: {"leverage": table(graph, shown, args.lang)})
    return 0


def _row(graph: nx.DiGraph, rank: int, r: Leverage, lang: str, words: bool) -> list[str]:
    role = word(r.role, lang) if words else r.role
    return [str(rank), r.node, graph.nodes[r.node][f"label_{lang}"], role, str(r.influence),
            str(r.dependence), str(r.direct_influence), str(r.direct_dependence),
            f"{r.betweenness:.4f}"]  # fmt: skip


def _header(mid: tuple[float, float], lang: str = "en") -> str:
    if lang == "zh":
        return (f"以平均影响度 {mid[0]:.2f} 和平均依赖度 {mid[1]:.2f} 划分"
                "（按因果关系的可达性计算）")  # fmt: skip
    return (f"split at mean influence {mid[0]:.2f} and mean dependence {mid[1]:.2f} "
            "(reachability over causal links)")  # fmt: skip


def table(graph: nx.DiGraph, rows: list[Leverage], lang: str, words: bool = False) -> Table:
    """The ranking as a table; labels are cut to 48 display columns in the terminal.

    ``words``: headings and roles in ``lang``, for readers (the text and Markdown
    tables); machines (xlsx) keep the column keys and role codes.
    """
    names = [column(c, lang) if words else c for c in COLUMNS]
    columns = [Column(n, width=LABEL_WIDTH if c == "label" else None)
               for n, c in zip(names, COLUMNS, strict=True)]  # fmt: skip
    return Table(columns, [_row(graph, i, r, lang, words) for i, r in enumerate(rows, 1)])


def as_text(graph: nx.DiGraph, rows: list[Leverage], mid: tuple[float, float], lang: str) -> str:
    return _header(mid, lang) + "\n" + to_text(table(graph, rows, lang, words=True))


def as_json(graph: nx.DiGraph, rows: list[Leverage], mid: tuple[float, float], lang: str) -> str:
    data = {
        "split": {"influence": mid[0], "dependence": mid[1]},
        "nodes": [
            {"rank": i, **asdict(r), "label": graph.nodes[r.node][f"label_{lang}"]}
            for i, r in enumerate(rows, 1)
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def as_markdown(
    graph: nx.DiGraph, rows: list[Leverage], mid: tuple[float, float], lang: str
) -> str:
    return _header(mid, lang) + "\n\n" + to_markdown(table(graph, rows, lang, words=True))
