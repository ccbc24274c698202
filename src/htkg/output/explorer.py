"""DiGraph → one offline HTML page (pyvis + vis-network inlined), through a style table.

Styling is data: :data:`NODE_STYLE` (colour, shape, column by class) and
:data:`EDGE_STYLE` (colour, dashes, arrow by kind and sign). The page is
rendered with pyvis's ``in_line`` resources through our own Jinja template
(``resources/explorer.html``, which includes pyvis's copy of vis-network), because
pyvis's default template loads Bootstrap from a CDN even in ``in_line`` mode.
:func:`check_offline` refuses a page that would fetch anything.

Layout (:mod:`htkg.output.layout`): fixed positions, left → right by role, so the
argument reads like the article and the page needs no physics.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import pyvis
from jinja2 import Environment, FileSystemLoader
from pyvis.network import Network

from htkg.errors import InputError
from htkg.network.digraph import ADDRESSES, CAUSAL, INVOLVES, PART
from htkg.network.loops import find_loops
from htkg.network.whatif import what_if
from htkg.output.layout import positions

RESOURCES = Path(__file__).parent / "resources"
PYVIS_TEMPLATES = Path(pyvis.__file__).parent / "templates"


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
    "Event": NodeStyle("#8d6e63", "diamond", "事件", "event"),
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
        nodes_on, edges_on = set(trace), set()
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


def render(
    graph: nx.DiGraph, lang: str = "en", highlight_loops: bool = False,
    trace: list[str] | None = None, heading: str = "htkg — causal network / 因果网络",
) -> str:  # fmt: skip
    """The explorer page for ``graph`` as an HTML string (offline: no remote resources)."""
    net = Network(directed=True, cdn_resources="in_line", height="100%", width="100%")
    where = positions(graph)
    for n, data in sorted(graph.nodes(data=True)):
        style = NODE_STYLE.get(data["cls"], NODE_STYLE["Other"])
        net.add_node(
            n,
            label=short(data[f"label_{lang}"], lang),
            shape=style.shape,
            title=_node_title(data),
            color=style.color,
            shapeProperties={"borderRadius": 14 if style.rounded else 3},
            font={"color": style.font if style.shape != "dot" else "#1a1a1a"},
            x=where[n][0],
            y=where[n][1],
            cls=data["cls"],
            label_zh=data["label_zh"],
            label_en=data["label_en"],
            short_zh=short(data["label_zh"], "zh"),
            short_en=short(data["label_en"], "en"),
        )
    for u, v, data in sorted(graph.edges(data=True)):
        color, arrow, _ = EDGE_STYLE.get((data["kind"], data["sign"]), ("#9e9e9e", "arrow", ""))
        net.add_edge(
            u,
            v,
            id=edge_id(u, v),
            title=_edge_title(graph, u, v, data),
            color=color,
            width=2 if data["kind"] in (CAUSAL, ADDRESSES) else 1,
            dashes=data["mode"] == "curatorReading",
            arrows={"to": {"enabled": True, "type": arrow}},
            label={"+": "+", "-": "−", "?": "?"}.get(data["sign"], "")
            if data["kind"] == CAUSAL
            else "",
            kind=data["kind"],
        )
    net.options = OPTIONS
    net.heading = heading
    sets = highlights(graph, trace, lang)
    initial = "trace" if trace else ("loops" if highlight_loops and sets else "")
    env = Environment(loader=FileSystemLoader([str(RESOURCES), str(PYVIS_TEMPLATES)]))
    env.globals.update(_page_context(graph, lang, sets, initial))
    net.templateEnv, net.path = env, "explorer.html"
    # write_html() is generate_html() plus a plain, non-atomic open(); the CLI and the
    # build write the string with htkg.files instead.
    html = net.generate_html()
    check_offline(html)
    return html


def _page_context(graph: nx.DiGraph, lang: str, sets: list[dict], initial: str) -> dict:
    """What the template needs beyond pyvis's own variables: legend, filters, highlights."""
    present = {d["cls"] for _, d in graph.nodes(data=True)}
    classes = [
        {
            "name": name,
            "label": f"{s.zh} {s.en}",
            "color": s.color,
            "shape": "rounded box" if s.rounded else s.shape,
        }
        for name, s in NODE_STYLE.items()
        if name in present
    ]
    kinds = {(d["kind"], d["sign"]) for _, _, d in graph.edges(data=True)}
    edge_legend = [
        {"color": c, "style": "solid", "label": text}
        for key, (c, _, text) in EDGE_STYLE.items()
        if key in kinds
    ]
    edge_legend.append(
        {"color": "#555", "style": "dashed", "label": "dashed: curator reading / 虚线：编者解读"}
    )
    return {
        "lang": lang,
        "highlights": sets,
        "initial_highlight": initial,
        "classes": classes,
        "edge_legend": edge_legend,
        "note": "Hover a node or edge for both labels, the section and the quote. "
        "悬停查看双语标签、章节与原文。 Bar-headed green arrows: a measure addresses a "
        "condition (dark: reduces it, teal: raises it, light: the text does not say).",
    }


def embedded_data(html: str) -> dict[str, list]:
    """The nodes, edges and highlight sets a page hands to vis-network (for tests and checks)."""
    found = {}
    dataset = r"new vis\.DataSet\((.*)\)"
    for name, pattern in (("nodes", dataset), ("edges", dataset), ("highlights", r"(.*)")):
        line = re.search(rf"^\s*var {name} = {pattern};$", html, re.M)
        found[name] = json.loads(line.group(1)) if line else []
    return found
