"""The explorer's style tables, tooltips, highlight sets and checks.

Styling is data: :data:`NODE_STYLE` (colour, shape, column by class) and
:data:`EDGE_STYLE` (colour, dashes, arrow by kind and sign). The page itself is
assembled by :mod:`htkg.output.explorer_page` (pyvis through our own template,
the vendored vis-network inlined). :func:`check_offline` refuses a page that
would fetch anything.

Layout (:mod:`htkg.output.layout`): fixed positions, left → right by role, so the
argument reads like the article and the page needs no physics.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from htkg.errors import InputError
from htkg.network.digraph import ADDRESSES, CAUSAL, INVOLVES, PART
from htkg.network.loops import find_loops
from htkg.network.whatif import what_if

RESOURCES = Path(__file__).parent / "resources"


@dataclass(frozen=True)
class NodeStyle:
    color: str
    shape: str
    zh: str
    en: str
    font: str = "#1a1a1a"
    rounded: bool = False


#: Node style by class, in legend order.
NODE_STYLE: dict[str, NodeStyle] = {
    "Event": NodeStyle("#8d6e63", "box", "事件", "event", "#ffffff"),
    "SubFactor": NodeStyle("#ffe0b2", "box", "子因素", "sub-factor"),
    "ConstraintFactor": NodeStyle("#ef6c00", "box", "制约因素", "constraint factor", "#ffffff"),
    "Mechanism": NodeStyle("#bbdefb", "box", "作用机制", "mechanism", rounded=True),
    "Condition": NodeStyle("#cfd8dc", "box", "状态", "condition", rounded=True),
    "Finding": NodeStyle("#c62828", "box", "现状判断", "finding", "#ffffff"),
    "Countermeasure": NodeStyle("#2e7d32", "box", "对策", "countermeasure", "#ffffff"),
    "SubMeasure": NodeStyle("#c8e6c9", "box", "具体措施", "sub-measure"),
    "PolicyInstrument": NodeStyle("#d1c4e9", "box", "政策工具", "policy instrument"),
    "Market": NodeStyle("#80cbc4", "dot", "市场", "market"),
    "Actor": NodeStyle("#f48fb1", "dot", "主体", "actor"),
    "TechnologyItem": NodeStyle("#e6ee9c", "dot", "产品/技术", "product/technology"),
    "TechField": NodeStyle("#fff59d", "dot", "技术领域", "technology field"),
    "Other": NodeStyle("#e0e0e0", "dot", "其他", "other"),
}

#: Edge style: key (kind, sign) → colour, arrow type and legend text.
EDGE_STYLE: dict[tuple[str, str], tuple[str, str, str]] = {
    (CAUSAL, "+"): ("#1565c0", "arrow", "causal + / 正向因果"),
    (CAUSAL, "-"): ("#d32f2f", "arrow", "causal − / 负向因果"),
    (CAUSAL, "?"): ("#757575", "arrow", "causal ? / 方向不明"),
    (ADDRESSES, "-"): ("#2e7d32", "bar", "addresses: reduces / 应对：减轻"),
    (ADDRESSES, "+"): ("#00897b", "bar", "addresses: raises / 应对：提升"),
    (ADDRESSES, "?"): ("#81c784", "bar", "addresses: effect unspecified / 应对：作用未说明"),
    (PART, ""): ("#bdbdbd", "circle", "part of / 从属"),
    (INVOLVES, ""): ("#e0e0e0", "circle", "involves / 涉及"),
}

OPTIONS = {
    "physics": {"enabled": False},
    "autoResize": False,
    "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False,
                    "multiselect": True},
    "nodes": {"widthConstraint": {"maximum": 150}, "font": {"size": 14},
              "margin": 6, "borderWidth": 1},
    "edges": {"smooth": {"enabled": True, "type": "cubicBezier", "forceDirection": "horizontal",
                         "roundness": 0.45},
              "font": {"size": 11, "align": "middle"}, "selectionWidth": 2},
}  # fmt: skip

#: Longest label shown on the canvas (the tooltip and search use the full label).
SHORT = {"zh": 24, "en": 56}
#: Chinese characters per line on the canvas (9 × 14 px fits the 150 px box)
ZH_LINE = 9

REMOTE = re.compile(
    r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*[\"']?(?:https?:)?//", re.I
)


def check_offline(html: str) -> None:
    """Raise if the page would load a script, stylesheet or image over the network."""
    found = REMOTE.search(html)
    if found:
        raise RuntimeError(f"explorer page would fetch a remote resource: {found.group(0)!r}")


def _node_title(data: dict) -> str:
    style = NODE_STYLE.get(data["cls"], NODE_STYLE["Other"])
    lines = [f"{style.zh} / {style.en}", data["label_zh"], data["label_en"]]
    if data["section"]:
        lines.append(f"§ {data['section_zh']} / {data['section_en']}")
    if data["quote"]:
        lines.append(f"“{data['quote']}”")
    return "\n".join(lines)


CURATOR, AUTHOR = "curator reading / 编者解读", "stated by the author / 作者明确陈述"


def _edge_title(graph: nx.DiGraph, u: str, v: str, data: dict) -> str:
    head = f"{graph.nodes[u]['label_en']} → {graph.nodes[v]['label_en']}"
    head_zh = f"{graph.nodes[u]['label_zh']} → {graph.nodes[v]['label_zh']}"
    lines = [head_zh, head, EDGE_STYLE.get((data["kind"], data["sign"]), ("", "", data["kind"]))[2]]
    if data["mode"]:
        curator = data["mode"] == "curatorReading"
        lines[-1] += " · " + (CURATOR if curator else AUTHOR)
    if data["section"]:
        lines.append(f"§ {data['section_zh']} / {data['section_en']}")
    if data["quote"]:
        lines.append(f"“{data['quote']}”")
    if data["gloss"] and data["kind"] in (CAUSAL, ADDRESSES):
        lines.append(data["gloss"])
    if data["note"]:
        lines.append(f"Curator: {data['note']}")
    if data.get("evidence", 0) > 1:
        lines.append(f"stated by {data['documents']} / 陈述文献：{data['documents']}")
    if data.get("contested"):
        lines.append("contested: the documents give opposite signs / 有争议：文献给出相反的方向")
    return "\n".join(lines)


def short(text: str, lang: str) -> str:
    """A label cut to fit a node on the canvas.

    >>> short("a" * 70, "en")[-3:], short("短标签", "zh")
    ('aa…', '短标签')
    """
    limit = SHORT[lang]
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def wrapped(text: str, lang: str) -> str:
    """The short label with line breaks for Chinese (vis-network wraps only at spaces).

    >>> wrapped("企业自主投入不足导致研发投入受限", "zh").splitlines()
    ['企业自主投入不足导', '致研发投入受限']
    """
    cut = short(text, lang)
    if lang != "zh" or " " in cut:
        return cut
    return "\n".join(cut[i : i + ZH_LINE] for i in range(0, len(cut), ZH_LINE))


def edge_id(u: str, v: str) -> str:
    return f"{u}->{v}"


def highlights(graph: nx.DiGraph, trace: list[str] | None = None, lang: str = "en") -> list[dict]:
    """Highlight sets for the page: each loop, all loops, and the trace paths if asked."""
    found = find_loops(graph)
    out = []
    for i, loop in enumerate(found, 1):
        pairs = zip(loop.nodes, loop.nodes[1:] + loop.nodes[:1], strict=True)
        names = " → ".join(graph.nodes[n][f"label_{lang}"] for n in loop.nodes)
        out.append(
            {
                "id": f"loop-{i}",
                "label": f"loop {i} ({loop.kind}): {names}"[:110],
                "nodes": list(loop.nodes),
                "edges": [edge_id(u, v) for u, v in pairs],
            }
        )
    if found:
        out.insert(
            0,
            {
                "id": "loops",
                "label": f"all {len(found)} feedback loops / 全部反馈回路",
                "nodes": sorted({n for h in out for n in h["nodes"]}),
                "edges": sorted({e for h in out for e in h["edges"]}),
            },
        )
    if trace:
        result = what_if(graph, trace)
        nodes_on: set[str] = set(trace)
        edges_on: set[str] = set()
        for effect in result.effects:
            for path in effect.paths:
                nodes_on.update(path.nodes)
                edges_on.update(
                    edge_id(a, b) for a, b in zip(path.nodes, path.nodes[1:], strict=False)
                )
        names = ", ".join(graph.nodes[n][f"label_{lang}"] for n in trace)
        out.append(
            {
                "id": "trace",
                "label": f"trace: {names}"[:110],
                "nodes": sorted(nodes_on),
                "edges": sorted(edges_on),
            }
        )
    return out


def focus(graph: nx.DiGraph, centre: str, depth: int) -> nx.DiGraph:
    """The neighbourhood of node ``centre`` within ``depth`` edges (any kind, either way)."""
    if depth < 1:
        raise InputError(f"--depth must be at least 1, not {depth}")
    near = nx.ego_graph(graph.to_undirected(as_view=True), centre, radius=depth)
    if near.number_of_nodes() < 2:
        raise InputError(f"focus {centre}: no neighbours within depth {depth}, nothing to show")
    return graph.subgraph(near.nodes).copy()


def render(graph: nx.DiGraph, lang: str = "en", **options: Any) -> str:
    """The explorer page for ``graph`` (see :func:`htkg.output.explorer_page.render`)."""
    from htkg.output.explorer_page import render as page

    return page(graph, lang, **options)


def embedded_data(html: str) -> dict[str, list]:
    """The nodes, edges and highlight sets a page hands to vis-network (for tests and checks)."""
    found = {}
    dataset = r"new vis\.DataSet\((.*)\)"
    for name, pattern in (("nodes", dataset), ("edges", dataset), ("highlights", r"(.*)")):
        line = re.search(rf"^\s*var {name} = {pattern};$", html, re.M)
        found[name] = json.loads(line.group(1)) if line else []
    return found
