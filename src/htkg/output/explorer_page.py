"""The explorer page: pyvis through our own template, vis-network vendored and inlined.

The page is rendered with pyvis's ``in_line`` resources through
``resources/explorer.html`` (pyvis's custom-template hook), because pyvis's
default template loads Bootstrap from a CDN. vis-network is the pinned
standalone build in ``resources/vendor/`` (:mod:`htkg.output.vendor`), checked
against its SHA-256 before it is inlined.

Each node and edge carries what the details panel shows (both labels, class,
quote and section with its number, gloss, curator note, every document's
evidence, figures) and both layouts: the first view (constraint →
countermeasure, :func:`htkg.output.layout.first_view`) and the whole network.
``htkg serve`` gives the same page without data (:func:`served_page`); it
then asks the JSON endpoints for what it shows, in this same shape.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx
import pyvis
from jinja2 import Environment, FileSystemLoader
from pyvis.network import Network
from rdflib import Dataset

from htkg.network.digraph import ADDRESSES, CAUSAL, INVOLVES
from htkg.network.read import read_network
from htkg.network.signs import SYMBOL
from htkg.output.explorer import (
    EDGE_STYLE,
    NODE_STYLE,
    OPTIONS,
    RESOURCES,
    _edge_title,
    _node_title,
    check_offline,
    edge_id,
    highlights,
    short,
    wrapped,
)
from htkg.output.explorer_data import details, extras
from htkg.output.explorer_i18n import I18N
from htkg.output.layout import first_view, positions, view_positions
from htkg.output.vendor import vis_network_js

PYVIS_TEMPLATES = Path(pyvis.__file__).parent / "templates"


def render(
    graph: nx.DiGraph, lang: str = "en", highlight_loops: bool = False,
    trace: list[str] | None = None, heading: str = "htkg — causal network / 因果网络",
    dataset: Dataset | None = None, documents: Iterable[str] = (),
) -> str:  # fmt: skip
    """The explorer page for ``graph`` as an HTML string (offline: no remote resources).

    With ``dataset`` (what ``graph`` was read from) the details panel also shows
    every document's evidence, curator notes, section numbers and figures.
    """
    payload = page_payload(graph, dataset, documents, lang)
    sets = highlights(graph, trace, lang)
    initial = "trace" if trace else ("loops" if highlight_loops and sets else "")
    return _page(payload, lang, heading, sets, initial, served=False)


def page_payload(
    graph: nx.DiGraph,
    dataset: Dataset | None = None,
    documents: Iterable[str] = (),
    lang: str = "en",
    info: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Nodes and edges (vis-network's form, with the details) of ``graph`` and its first view.

    ``info``: the details (:func:`htkg.output.explorer_data.details`) when the caller
    has them, else read from ``dataset``.
    """
    info = info or _details(graph, dataset, documents)
    members, via = first_view(graph)
    whole, view = positions(graph), view_positions(graph, members, via)
    nodes = [node_json(n, d, info["nodes"].get(n, {}), whole[n], view.get(n), lang)
             for n, d in sorted(graph.nodes(data=True))]  # fmt: skip
    edges = [edge_json(graph, u, v, d, info["edges"].get(edge_id(u, v)))
             for u, v, d in sorted(graph.edges(data=True))]  # fmt: skip
    edges += [via_json(graph, u, v, kind, hidden) for u, v, kind, hidden in via]
    return {"nodes": nodes, "edges": edges, "documents": _documents(edges),
            "sections": _sections(nodes, edges)}  # fmt: skip


def _details(graph: nx.DiGraph, dataset: Dataset | None, documents: Iterable[str]) -> dict:
    if dataset is None:
        return {"nodes": {}, "edges": {}}
    context = any(d["kind"] == INVOLVES for *_, d in graph.edges(data=True))
    net = read_network(dataset, context=context)
    return details(net, extras(dataset, net), documents)


def node_json(
    n: str, data: dict, more: dict, whole: tuple, view: tuple | None, lang: str = "en"
) -> dict:
    """One node as the page wants it: style, both labels, both positions, details."""
    style = NODE_STYLE.get(data["cls"], NODE_STYLE["Other"])
    x, y = view or whole
    return {
        "id": n, "label": wrapped(data[f"label_{lang}"], lang), "shape": style.shape,
        "title": _node_title(data), "color": style.color,
        "shapeProperties": {"borderRadius": 14 if style.rounded else 3},
        "font": {"color": style.font if style.shape != "dot" else "#1a1a1a"},
        "x": x, "y": y, "ax": whole[0], "ay": whole[1],
        "vx": view[0] if view else None, "vy": view[1] if view else None,
        "inView": view is not None,
        "cls": data["cls"], "label_zh": data["label_zh"], "label_en": data["label_en"],
        "short_zh": wrapped(data["label_zh"], "zh"), "short_en": short(data["label_en"], "en"),
        "quote": data["quote"], "gloss": data["gloss"], "iri": data["iri"], "full": True,
        "sec": data["section"], "secZh": data["section_zh"], "secEn": data["section_en"],
        "secNo": "", "note": "", "figures": [], "docs": [], **more,
    }  # fmt: skip


def edge_json(graph: nx.DiGraph, u: str, v: str, data: dict, more: dict | None) -> dict:
    """One link: style, sign, mode, contested and summary marks, every document's evidence."""
    color, arrow, _ = EDGE_STYLE.get((data["kind"], data["sign"]), ("#9e9e9e", "arrow", ""))
    sign = SYMBOL.get(data["sign"], "")
    return {
        "id": edge_id(u, v), "from": u, "to": v, "kind": data["kind"], "color": color,
        "title": _edge_title(graph, u, v, data),
        "width": 2 if data["kind"] in (CAUSAL, ADDRESSES) else 1,
        "dashes": data["mode"] == "curatorReading",
        "arrows": {"to": {"enabled": True, "type": arrow}},
        "label": sign if data["kind"] == CAUSAL or data.get("contested") else "",
        "sign": data["sign"], "mode": data["mode"], "effect": data["effect"],
        "contested": bool(data.get("contested")), "summary": bool(data.get("summary")),
        "docs": more["docs"] if more else [d for d in data.get("documents", "").split(", ") if d],
        "ev": more["ev"] if more else _graph_evidence(data),
    }  # fmt: skip


def _graph_evidence(data: dict) -> list[dict]:
    """Without the dataset: the first evidence the DiGraph carries."""
    if data["kind"] not in (CAUSAL, ADDRESSES):
        return []
    return [{"doc": data["graph"].removeprefix("graph:"), "role": "states", "link": data["link"],
             "mode": data["mode"], "sign": data["sign"], "polarity": data["polarity"],
             "effect": data["effect"], "quote": data["quote"], "gloss": data["gloss"],
             "note": data["note"], "summary": data["summary"], "sec": data["section"],
             "secNo": "", "secZh": data["section_zh"], "secEn": data["section_en"]}]  # fmt: skip


def via_json(graph: nx.DiGraph, u: str, v: str, kind: str, hidden: list[str]) -> dict:
    """A summary edge of the first view: a chain through nodes the view leaves out."""
    names = " → ".join(graph.nodes[h]["label_en"] for h in hidden)
    return {
        "id": f"via:{u}->{v}", "from": u, "to": v, "kind": "via", "via": hidden,
        "color": {"color": "#9e9e9e"}, "width": 1, "dashes": [2, 4],
        "arrows": {"to": {"enabled": True, "type": "bar" if kind == ADDRESSES else "arrow"}},
        "title": f"via {names}", "sign": "", "mode": "", "effect": "", "contested": False,
        "summary": False, "docs": [], "ev": [], "viaKind": kind,
    }  # fmt: skip


def _documents(edges: list[dict]) -> list[str]:
    found = {d for e in edges for d in e["docs"]}
    return sorted(found, key=lambda d: (d != "article", d))


def _sections(nodes: list[dict], edges: list[dict]) -> list[dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    for item in [*nodes, *(v for e in edges for v in e["ev"])]:
        if item.get("sec"):
            number = item.get("secNo", "")
            found[item["sec"]] = {"id": item["sec"], "no": number,
                                  "zh": f"{number} {item['secZh']}".strip(),
                                  "en": f"{number} {item['secEn']}".strip()}  # fmt: skip
    return sorted(found.values(), key=lambda s: (s["no"] == "", s["no"], s["id"]))


def _page(
    payload: dict, lang: str, heading: str, sets: list[dict], initial: str, served: bool
) -> str:
    """Our template through pyvis's template hook."""
    net = Network(directed=True, cdn_resources="in_line", height="100%", width="100%")
    for node in payload["nodes"]:
        net.add_node(node["id"], **{k: v for k, v in node.items() if k != "id"})
    for edge in payload["edges"]:
        net.add_edge(edge["from"], edge["to"],
                     **{k: v for k, v in edge.items() if k not in ("from", "to")})  # fmt: skip
    net.options = OPTIONS
    net.heading = heading
    env = Environment(loader=FileSystemLoader([str(RESOURCES), str(PYVIS_TEMPLATES)]))
    env.globals.update(page_context(payload, lang, sets, initial, served))
    net.templateEnv, net.path = env, "explorer.html"
    # write_html() is generate_html() plus a plain, non-atomic open(); the CLI and the
    # build write the string with htkg.files instead.
    html = net.generate_html()
    check_offline(html)
    return html


def served_page(lang: str, documents: list[str], sections: list[dict]) -> str:
    """The page ``htkg serve`` gives at ``/``: no data inside, it asks the JSON endpoints."""
    payload = {"nodes": [], "edges": [], "documents": documents, "sections": sections}
    return _page(payload, lang, "htkg — explorer / 浏览器", [], "", served=True)


def page_context(payload: dict, lang: str, sets: list[dict], initial: str, served: bool) -> dict:
    """What the template needs beyond pyvis's own variables: legend, filters, words."""
    # served: the argument's classes (context entities are not part of the explorer's walk)
    argument = set(list(NODE_STYLE)[:9])
    present = {n["cls"] for n in payload["nodes"]} if payload["nodes"] else argument
    classes = [{"name": name, "color": s.color} for name, s in NODE_STYLE.items()
               if name in present]  # fmt: skip
    kinds = {(e["kind"], e["sign"]) for e in payload["edges"]} if payload["edges"] else None
    edge_legend = [
        {"color": c, "style": "solid", "key": f"legend-{kind}{sign}"}
        for (kind, sign), (c, _, _) in EDGE_STYLE.items()
        if kinds is None or (kind, sign) in kinds
    ]
    edge_legend += [{"color": "#555", "style": "dashed", "key": "legend-dashed"},
                    {"color": "#9e9e9e", "style": "dotted", "key": "legend-via"}]  # fmt: skip
    return {
        "lang": lang, "highlights": sets, "initial_highlight": initial, "classes": classes,
        "edge_legend": edge_legend, "served": served, "documents": payload["documents"],
        "sections": payload["sections"], "i18n": I18N, "vis_js": vis_network_js(),
        "class_names": {name: {"zh": s.zh, "en": s.en} for name, s in NODE_STYLE.items()},
    }  # fmt: skip
