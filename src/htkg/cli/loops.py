"""``htkg loops``: every feedback loop of the causal network, with the quote behind each link."""

from __future__ import annotations

import argparse
import json
from collections.abc import Mapping

import networkx as nx

from htkg.cli import options
from htkg.cli.network import load_network
from htkg.network.loops import BALANCING, REINFORCING, UNKNOWN, Loop, find_loops
from htkg.network.signs import SYMBOL
from htkg.output.labels import Labeller
from htkg.output.sheets import loops_table
from htkg.output.tables import Table, to_markdown
from htkg.output.zh import column, word
from htkg.rdf.terms import expand_iri

KINDS = (REINFORCING, BALANCING, UNKNOWN)


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
    # in Chinese a section is named by its numbered label (English keeps its CURIE)
    sections = {
        k.section: labeller.text(expand_iri(k.section, "loop"))
        for loop in loops
        for k in loop.links
        if k.section and args.lang == "zh"
    }

    def text() -> str:
        formatter = {"text": as_text, "json": as_json, "md": as_markdown}[args.format]
        return formatter(graph, loops, args.lang, sections)

    options.emit(args, text, lambda: {"loops": loops_table(graph, loops, labeller, args.lang)})
    return 0


def _name(graph: nx.DiGraph, node: str, lang: str) -> str:
    return graph.nodes[node][f"label_{lang}"]


def _summary(loops: list[Loop], lang: str) -> str:
    kinds = [loop.kind for loop in loops]
    if lang == "zh":
        counts = "，".join(f"{kinds.count(k)}个{word(k, lang)}" for k in KINDS)
        return f"共{len(loops)}个反馈回路：{counts}"
    counts = ", ".join(f"{kinds.count(k)} {k}" for k in KINDS)
    return f"{len(loops)} feedback loop(s): {counts}"


def _stated(loop: Loop, lang: str) -> str:
    if lang == "zh":
        return "每个环节都由作者明确陈述" if loop.author_stated else "含编者解读"
    return "every link stated by the author" if loop.author_stated else "includes curator readings"


def _head(loop: Loop, lang: str) -> str:
    n, negative = len(loop.nodes), loop.negatives
    if lang == "zh":
        return f"{word(loop.kind, lang)} · {n}个环节 · {negative}个负向 · {_stated(loop, lang)}"
    return f"{loop.kind} · {n} links · {negative} negative · {_stated(loop, lang)}"


def as_text(
    graph: nx.DiGraph, loops: list[Loop], lang: str, sections: Mapping[str, str] | None = None
) -> str:
    sections = sections or {}
    lines = [_summary(loops, lang)]
    for i, loop in enumerate(loops, 1):
        chain = " → ".join(_name(graph, n, lang) for n in (*loop.nodes, loop.nodes[0]))
        lines += ["", f"{i}. {_head(loop, lang)}", f"   {chain}"]
        for link in loop.links:
            where = sections.get(link.section, link.section)
            lines.append(
                f"   {link.source} —({SYMBOL[link.sign]})→ {link.target}  "
                f"[{word(link.mode, lang)}; {where}; {link.link}]"
            )
            lines.append(f"      “{link.quote}”")
            if link.contested:
                lines.append(
                    f"      有争议：文献（{link.documents}）给出相反的方向，因此回路类型未知"
                    if lang == "zh"
                    else f"      contested: the documents ({link.documents}) give opposite "
                    "signs, so the loop's kind is unknown"
                )
    return "\n".join(lines)


def as_json(
    graph: nx.DiGraph, loops: list[Loop], lang: str, sections: Mapping[str, str] | None = None
) -> str:
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


def as_markdown(
    graph: nx.DiGraph, loops: list[Loop], lang: str, sections: Mapping[str, str] | None = None
) -> str:
    sections = sections or {}
    lines = [f"**{_summary(loops, lang)}**"]
    for i, loop in enumerate(loops, 1):
        if lang == "zh":
            kind, n = word(loop.kind, lang), len(loop.nodes)
            title = f"### 回路{i}：{kind}（{n}个环节，{_stated(loop, lang)}）"
        else:
            title = f"### Loop {i}: {loop.kind} ({len(loop.nodes)} links, {_stated(loop, lang)})"
        rows = [(_name(graph, k.source, lang), SYMBOL[k.sign], _name(graph, k.target, lang),
                 word(k.mode, lang), sections.get(k.section, k.section), k.quote)
                for k in loop.links]  # fmt: skip
        names = ("from", "sign", "to", "mode", "section", "quote")
        table = Table.of([column(n, lang) for n in names], rows)
        lines += ["", title, "", to_markdown(table).rstrip("\n")]
    return "\n".join(lines)
