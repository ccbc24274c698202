"""``htkg loops``: every feedback loop of the causal network, with the quote behind each link."""

from __future__ import annotations

import argparse
import json

import networkx as nx

from htkg.cli import options
from htkg.cli.network import load_network
from htkg.network.loops import Loop, find_loops
from htkg.network.signs import SYMBOL
from htkg.output.labels import Labeller
from htkg.output.sheets import loops_table
from htkg.output.tables import Table, to_markdown


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "loops",
        parents=[options.report_format(), options.lang(), options.filters(), options.store()],
        help="list the feedback loops (reinforcing / balancing / unknown)",
        description="Every simple cycle over causal links, shortest first. A loop with an even "
        "number of negative links is reinforcing, an odd number balancing, any link of unknown "
        "polarity makes it unknown. Each link is shown with its quote and section.",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    dataset, graph = load_network(args)
    loops = find_loops(graph)
    labeller = Labeller(dataset, args.lang)

    def text() -> str:
        formatter = {"text": as_text, "json": as_json, "md": as_markdown}[args.format]
        return formatter(graph, loops, args.lang)

    options.emit(args, text, lambda: {"loops": loops_table(graph, loops, labeller, args.lang)})
    return 0


def _name(graph: nx.DiGraph, node: str, lang: str) -> str:
    return graph.nodes[node][f"label_{lang}"]


def _summary(loops: list[Loop]) -> str:
    kinds = [loop.kind for loop in loops]
    counts = ", ".join(f"{kinds.count(k)} {k}" for k in ("reinforcing", "balancing", "unknown"))
    return f"{len(loops)} feedback loop(s): {counts}"


def _stated(loop: Loop) -> str:
    return "every link stated by the author" if loop.author_stated else "includes curator readings"


def as_text(graph: nx.DiGraph, loops: list[Loop], lang: str) -> str:
    lines = [_summary(loops)]
    for i, loop in enumerate(loops, 1):
        chain = " → ".join(_name(graph, n, lang) for n in (*loop.nodes, loop.nodes[0]))
        lines += [
            "",
            f"{i}. {loop.kind} · {len(loop.nodes)} links · "
            f"{loop.negatives} negative · {_stated(loop)}",
            f"   {chain}",
        ]
        for link in loop.links:
            lines.append(
                f"   {link.source} —({SYMBOL[link.sign]})→ {link.target}  "
                f"[{link.mode}; {link.section}; {link.link}]"
            )
            lines.append(f"      “{link.quote}”")
            if link.contested:
                lines.append(
                    f"      contested: the documents ({link.documents}) give opposite "
                    "signs, so the loop's kind is unknown"
                )
    return "\n".join(lines)


def as_json(graph: nx.DiGraph, loops: list[Loop], lang: str) -> str:
    data = [
        {
            "index": i,
            "kind": loop.kind,
            "length": len(loop.nodes),
            "negative_links": loop.negatives,
            "author_stated": loop.author_stated,
            "contested_links": len(loop.contested),
            "nodes": [{"id": n, "label": _name(graph, n, lang)} for n in loop.nodes],
            "links": [
                {
                    "from": k.source,
                    "to": k.target,
                    "sign": k.sign,
                    "mode": k.mode,
                    "link": k.link,
                    "section": k.section,
                    "quote": k.quote,
                    "gloss": k.gloss,
                    "documents": k.documents,
                    "contested": k.contested,
                }
                for k in loop.links
            ],
        }
        for i, loop in enumerate(loops, 1)
    ]
    return json.dumps(data, ensure_ascii=False, indent=2)


def as_markdown(graph: nx.DiGraph, loops: list[Loop], lang: str) -> str:
    lines = [f"**{_summary(loops)}**"]
    for i, loop in enumerate(loops, 1):
        title = f"### Loop {i}: {loop.kind} ({len(loop.nodes)} links, {_stated(loop)})"
        rows = [(_name(graph, k.source, lang), SYMBOL[k.sign], _name(graph, k.target, lang),
                 k.mode, k.section, k.quote) for k in loop.links]  # fmt: skip
        table = Table.of(("from", "sign", "to", "mode", "section", "quote"), rows)
        lines += ["", title, "", to_markdown(table).rstrip("\n")]
    return "\n".join(lines)
