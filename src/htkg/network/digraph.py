"""The argument model as a networkx DiGraph: one edge per relation (pure, no I/O).

Loops, leverage, what-if, the explorer and the network exports work on graphs;
this turns the :class:`~htkg.network.model.ArgumentNetwork` (which holds every
document's evidence) into one, keyed by CURIE. Every edge has a ``kind``, so
analyses pick what they need:

``causal``      one causal relation (cause → effect): ``sign`` (+, -, ?; ``?`` when
                the documents contest it), ``polarity``, ``mode`` (authorStated when
                any document's author states it), the first evidence's ``link``,
                ``section``, ``quote``, ``gloss`` and ``note``, and ``documents``,
                ``evidence`` (how many links), ``contested``, ``summary``;
``addresses``   one response relation (measure → condition), the same evidence, and
                ``effect``/``sign``: reduces (-), raises (+) or unspecified (?);
``part``        structure: sub-factor → factor, sub-measure → countermeasure;
``involves``    context only: element → domain entity it names.

All attributes are scalars, so GraphML and JSON exports need no flattening.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx
from rdflib import Dataset, URIRef

from htkg.network.model import (
    ARGUMENT_CLASSES,
    CAUSAL,
    MEASURE_CLASSES,
    ArgumentNetwork,
    Node,
    Part,
    Relation,
)
from htkg.network.read import read_network
from htkg.rdf.namespaces import curie
from htkg.rdf.terms import resolve

__all__ = [
    "ADDRESSES",
    "ARGUMENT_CLASSES",
    "CAUSAL",
    "INVOLVES",
    "MEASURE_CLASSES",
    "PART",
    "build_network",
    "causal_graph",
    "curie",
    "edges_of_kind",
    "label",
    "resolve_node",
    "to_digraph",
]

ADDRESSES, PART, INVOLVES = "addresses", "part", "involves"

_POLARITY_NAME = {"+": "positive", "-": "negative", "?": "unknown"}
_EFFECT_NAME = {"+": "raises", "-": "reduces", "?": "unspecified"}


def build_network(
    dataset: Dataset,
    context: bool = False,
    documents: Iterable[str] = (),
    author_stated: bool = False,
) -> nx.DiGraph:
    """The argument of ``dataset`` as a DiGraph (see the module docstring).

    ``documents`` / ``author_stated`` keep only that evidence (see
    :meth:`ArgumentNetwork.filtered`).
    """
    net = read_network(dataset, context=context)
    documents = tuple(documents)
    if documents or author_stated:
        net = net.filtered(documents, author_stated)
    return to_digraph(net)


def _node_attributes(node: Node, net: ArgumentNetwork, labels: dict) -> dict[str, str]:
    key = curie(str(node.iri))
    section = node.section
    return {
        "iri": str(node.iri),
        "cls": node.cls,
        "label_zh": node.label_zh or key,
        "label_en": node.label_en or key,
        "quote": node.quote,
        "gloss": node.gloss,
        **_section(section, net, labels),
    }


def _section(section: URIRef | None, net: ArgumentNetwork, labels: dict) -> dict[str, str]:
    if section is None:
        return {"section": "", "section_zh": "", "section_en": ""}
    zh, en = labels.get(section, ("", ""))
    return {"section": curie(str(section)), "section_zh": zh, "section_en": en}


def _relation_attributes(relation: Relation, net: ArgumentNetwork, labels: dict) -> dict:
    first = relation.first
    causal = relation.kind == CAUSAL
    notes = [e.note for e in relation.evidence if e.note]
    return {
        "kind": CAUSAL if causal else ADDRESSES,
        "link": curie(str(first.link)),
        "polarity": _POLARITY_NAME[relation.sign] if causal else "",
        "effect": "" if causal else _EFFECT_NAME[relation.sign],
        "sign": relation.sign,
        "mode": str(relation.mode).rpartition("#")[2],
        "quote": first.quote,
        "gloss": first.gloss,
        "note": notes[0] if notes else "",
        "graph": "graph:" + first.document,
        "documents": ", ".join(relation.documents),
        "evidence": len(relation.evidence),
        "contested": relation.contested,
        "summary": relation.summary,
        **_section(first.section, net, labels),
    }


def _structure(kind: str, relation: str) -> dict:
    return {
        "kind": kind,
        "link": "",
        "polarity": "",
        "effect": "",
        "sign": "",
        "mode": "",
        "quote": "",
        "gloss": relation,
        "note": "",
        "graph": "",
        "documents": "",
        "evidence": 0,
        "contested": False,
        "summary": False,
        "section": "",
        "section_zh": "",
        "section_en": "",
    }


def to_digraph(net: ArgumentNetwork) -> nx.DiGraph:
    """One node per network node, one edge per relation (or structure step)."""
    labels = net.section_labels
    graph: nx.DiGraph = nx.DiGraph(name="htkg argument network")
    wanted = {r.source for r in net.relations.values()} | {r.target for r in net.relations.values()}
    wanted |= {p.child for p in net.parts} | {p.parent for p in net.parts}
    wanted |= {n for n, node in net.nodes.items() if node.cls in ARGUMENT_CLASSES}
    wanted |= {entity for _e, entity, _p in net.involves}
    for iri in sorted(wanted, key=str):
        node = net.nodes.get(iri) or Node(iri, "Other")
        graph.add_node(curie(str(iri)), **_node_attributes(node, net, labels))
    for relation in net.relations.values():
        u, v = curie(str(relation.source)), curie(str(relation.target))
        if graph.has_edge(u, v):  # a pair both caused and responded to: keep the first read
            continue
        graph.add_edge(u, v, **_relation_attributes(relation, net, labels))
    for part in net.parts:
        u, v = curie(str(part.child)), curie(str(part.parent))
        if _is_indirect(net, part) or graph.has_edge(u, v):
            continue
        graph.add_edge(u, v, **_structure(PART, f"{part.kind.replace('-', ' ')} of"))
    for element, entity, prop in net.involves:
        u, v = curie(str(element)), curie(str(entity))
        if not graph.has_edge(u, v):
            graph.add_edge(u, v, **_structure(INVOLVES, prop))
    return graph


def _is_indirect(net: ArgumentNetwork, part: Part) -> bool:
    """A sub-factor step that skips a level (sub-factor of a sub-factor of the parent)."""
    return any(
        other.child == part.child
        and other.parent != part.parent
        and any(p.child == other.parent and p.parent == part.parent for p in net.parts)
        for other in net.parts
    )


def edges_of_kind(graph: nx.DiGraph, *kinds: str) -> nx.DiGraph:
    """A view of ``graph`` with only the edges of the given kinds (all nodes kept)."""
    return nx.subgraph_view(graph, filter_edge=lambda u, v: graph.edges[u, v]["kind"] in kinds)


def causal_graph(graph: nx.DiGraph) -> nx.DiGraph:
    """Only causal edges, only nodes that take part in one."""
    view = edges_of_kind(graph, CAUSAL)
    return view.subgraph([n for n in view if view.degree(n)]).copy()


def label(graph: nx.DiGraph, node: str, lang: str = "en") -> str:
    """The node's label in ``lang`` (zh or en)."""
    return graph.nodes[node][f"label_{lang}"]


def resolve_node(
    dataset: Dataset, graph: nx.DiGraph, term: str, classes: Iterable[str] | None = None
) -> str:
    """The node of ``graph`` that ``term`` names (IRI, CURIE or zh/en label fragment).

    Resolution is :func:`htkg.rdf.terms.resolve`, restricted to the graph's nodes (of
    ``classes`` if given); unknown or ambiguous terms raise a one-line InputError.
    """
    allowed = set(classes) if classes else None
    among = {
        URIRef(data["iri"]): node
        for node, data in graph.nodes(data=True)
        if allowed is None or data["cls"] in allowed
    }
    return among[resolve(dataset, term, among=among)]
