"""``htkg whatif TERM…``: switch measures on (or conditions off), see which findings move."""

from __future__ import annotations

import argparse
import json

import networkx as nx

from htkg.cli import options
from htkg.cli.network import emit, load_network
from htkg.network.digraph import ADDRESSES, PART, resolve_node
from htkg.network.signs import SYMBOL
from htkg.network.whatif import Effect, Path, WhatIf, what_if
from htkg.output.tables import Table, display_width, to_markdown
from htkg.output.zh import CLASS_ZH, column, word

CHANGE = {"+": "increases", "-": "decreases", "ambiguous": "ambiguous", "unknown": "unknown"}
#: why a change is unknown, in words
WHY = {
    "unspecified": "a response whose effect the text does not specify",
    "contested": "contested: the documents give opposite signs",
    "no polarity": "a link of unknown polarity",
}
WHY_ZH = {
    "unspecified": "文中未说明其作用的应对关系",
    "contested": "有争议：各文献给出相反的方向",
    "no polarity": "方向未知的因果关系",
}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "whatif",
        parents=[options.output_format(), options.lang(), options.filters(), options.store()],
        help="propagate switching measures on / conditions off to the findings",
        description="Each TERM (IRI, CURIE or a zh/en label fragment) is a measure to switch "
        "on (it reduces, raises or — where the text does not say — does something unspecified "
        "to what it addresses) or a condition to switch off. Signs travel along "
        "causal links (+ keeps, − flips, ? unknown); paths of both signs make a node "
        "ambiguous. Reports which findings improve or worsen, and every path behind it.",
    )
    parser.add_argument("terms", nargs="+", metavar="TERM")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    dataset, graph = load_network(args)
    nodes = [resolve_node(dataset, graph, term) for term in args.terms]
    result = what_if(graph, nodes)
    formatter = {"text": as_text, "json": as_json, "md": as_markdown}[args.format]
    emit(formatter(graph, result, args.lang))
    return 0


def _name(graph: nx.DiGraph, node: str, lang: str) -> str:
    return graph.nodes[node][f"label_{lang}"]


def path_text(graph: nx.DiGraph, path: Path, lang: str) -> str:
    """``A ⊣(−) B →(+) C``: ⊣ an addresses edge with what the measure does to its target
    (− reduces, + raises, ? unspecified), ∋ a sub-measure, →(±) a causal link."""
    parts = [_name(graph, path.nodes[0], lang)]
    for node, kind, sign in zip(path.nodes[1:], path.kinds, path.signs, strict=True):
        symbol = SYMBOL.get(sign, sign)
        arrow = {ADDRESSES: f" ⊣({symbol}) ", PART: " ∋ "}.get(kind, f" →({symbol}) ")
        parts.append(arrow + _name(graph, node, lang))
    return "".join(parts)


def _verdict(effect: Effect, lang: str = "en") -> str:
    code = effect.verdict if effect.cls == "Finding" else CHANGE[effect.change]
    return word(code, lang)


def _heading(graph: nx.DiGraph, result: WhatIf, lang: str) -> list[str]:
    if lang == "zh":
        return [
            f"{'启用' if i.action == 'on' else '关闭'}：{_name(graph, i.node, lang)} ({i.node})"
            for i in result.interventions
        ]
    return [
        f"switch {i.action}: {_name(graph, i.node, lang)} ({i.node})" for i in result.interventions
    ]


def as_text(graph: nx.DiGraph, result: WhatIf, lang: str) -> str:
    zh = lang == "zh"
    lines = _heading(graph, result, lang)
    titles = ("现状判断", "其他条件") if zh else ("findings", "other conditions")
    for title, effects in zip(titles, (result.findings, result.others), strict=True):
        lines += ["", f"{title}：" if zh else f"{title}:"]
        if not effects:
            lines.append("  （未触及）" if zh else "  (none reached)")
        for e in effects:
            verdict = _verdict(e, lang)
            pad = " " * max(10 - display_width(verdict), 0) + " "
            lines.append(f"  {verdict}{pad}{_name(graph, e.node, lang)} ({e.node})")
            via = "经由" if zh else "via"
            lines += [f"      {via} {path_text(graph, p, lang)}" for p in e.paths]
            for u, v, why in e.reasons:
                lines.append(
                    f"      未知：{u} → {v} 是{WHY_ZH[why]}"
                    if zh
                    else f"      unknown: {u} → {v} is {WHY[why]}"
                )
    return "\n".join(lines)


def as_json(graph: nx.DiGraph, result: WhatIf, lang: str) -> str:
    data = {
        "interventions": [
            {"id": i.node, "label": _name(graph, i.node, lang), "action": i.action}
            for i in result.interventions
        ],
        "effects": [
            {
                "id": e.node,
                "label": _name(graph, e.node, lang),
                "class": e.cls,
                "change": e.change,
                "verdict": _verdict(e),
                "reasons": [list(r) for r in e.reasons],
                "paths": [
                    {
                        "nodes": list(p.nodes),
                        "kinds": list(p.kinds),
                        "signs": list(p.signs),
                        "sign": p.sign,
                        "text": path_text(graph, p, lang),
                    }
                    for p in e.paths
                ],
            }
            for e in result.effects
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def as_markdown(graph: nx.DiGraph, result: WhatIf, lang: str) -> str:
    lines = [f"- {line}" for line in _heading(graph, result, lang)]
    table = Table.of(
        [column(n, lang) for n in ("node", "class", "effect", "paths")],
        [
            (
                _name(graph, e.node, lang),
                CLASS_ZH.get(e.cls, e.cls) if lang == "zh" else e.cls,
                _verdict(e, lang),
                "<br>".join(path_text(graph, p, lang) for p in e.paths),
            )
            for e in result.effects
        ],
    )
    return "\n".join([*lines, "", to_markdown(table)])
