"""The network for the tools analysts already use: GraphML, node-link JSON, Kumu CSV.

* GraphML (Gephi, yEd, Cytoscape): every attribute a scalar; networkx reads it
  back as the same graph (a test checks nodes, edges and attributes).
* node-link JSON (networkx, D3): ``{"nodes": [...], "edges": [...]}``.
* Kumu-style CSV pair: ``elements.csv`` (ID, Label, Type, Description, Tags and
  the evidence) and ``connections.csv`` (From, To by element ID, Type,
  Direction, Label, Description, Tags).
"""

from __future__ import annotations

import csv
import io
import json

import networkx as nx

FORMATS = ("graphml", "json", "kumu")
KUMU_FILES = ("elements.csv", "connections.csv")


def _scalar(value: object) -> str | int | float | bool:
    if value is None:
        return ""
    if isinstance(value, str | int | float | bool):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def flattened(graph: nx.DiGraph) -> nx.DiGraph:
    """A copy whose node, edge and graph attributes are all scalars (None → "")."""
    flat: nx.DiGraph = nx.DiGraph()
    flat.graph.update({k: _scalar(v) for k, v in graph.graph.items()})
    flat.add_nodes_from(
        (n, {k: _scalar(v) for k, v in d.items()}) for n, d in graph.nodes(data=True)
    )
    flat.add_edges_from(
        (u, v, {k: _scalar(x) for k, x in d.items()}) for u, v, d in graph.edges(data=True)
    )
    return flat


def to_graphml(graph: nx.DiGraph) -> bytes:
    """GraphML (UTF-8) with every attribute declared as a key."""
    buffer = io.BytesIO()
    nx.write_graphml(flattened(graph), buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


def to_node_link(graph: nx.DiGraph) -> str:
    """networkx node-link JSON, Chinese kept readable."""
    data = nx.node_link_data(flattened(graph), edges="edges")
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _csv(rows: list[dict[str, object]], columns: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def to_kumu(graph: nx.DiGraph, lang: str = "en") -> dict[str, str]:
    """The elements and connections sheets, keyed by file name."""
    other = "zh" if lang == "en" else "en"
    elements = [
        {
            "ID": n,
            "Label": d[f"label_{lang}"],
            "Type": d["cls"],
            "Description": d[f"label_{other}"],
            "Tags": d["cls"],
            "IRI": d["iri"],
            "Section": d["section"],
            "Quote": d["quote"],
        }
        for n, d in sorted(graph.nodes(data=True))
    ]
    connections = [
        {
            "From": u,
            "To": v,
            "Type": d["kind"],
            "Direction": "directed",
            "Label": d["sign"] if d["kind"] == "causal" else "",
            "Description": d["gloss"],
            "Tags": " | ".join(x for x in (d["polarity"], d["mode"]) if x),
            "Link": d["link"],
            "Section": d["section"],
            "Quote": d["quote"],
        }
        for u, v, d in sorted(graph.edges(data=True))
    ]
    return {
        KUMU_FILES[0]: _csv(elements, list(elements[0]) if elements else ["ID", "Label"]),
        KUMU_FILES[1]: _csv(connections, list(connections[0]) if connections else ["From", "To"]),
    }
