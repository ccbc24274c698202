"""RDF → networkx: the article's argument as one directed graph (pure, no I/O).

Nodes are the argument's conditions and measures (events, constraint factors,
sub-factors, mechanisms, findings, countermeasures, sub-measures) and, with
``context=True``, the products, markets, actors, fields and instruments they
involve. Every edge has a ``kind``, so analyses can pick what they need:

``causal``      one ``htkg:CausalLink`` (cause → effect) with ``polarity``,
                ``sign`` (+, -, ?), ``mode`` (authorStated / curatorReading),
                ``section``, ``quote``, ``gloss`` and the curator ``note``;
``addresses``   one ``htkg:ResponseLink`` (measure → condition), same evidence;
``part``        structure: sub-factor → factor, sub-measure → countermeasure;
``involves``    context only: element → domain entity it names.

All attributes are scalars (str), so GraphML and JSON exports need no flattening.
Loops, leverage and what-if read only the edge kinds they are about.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from htkg.errors import InputError
from htkg.rdf.namespaces import HTKG, INFERRED_GRAPH, ONTOLOGY_GRAPH, PREFIXES
from htkg.rdf.terms import resolve

CAUSAL, ADDRESSES, PART, INVOLVES = "causal", "addresses", "part", "involves"

#: Node classes in priority order: a node gets the first class it belongs to.
NODE_CLASSES = (
    "Finding", "ConstraintFactor", "SubFactor", "Mechanism", "Countermeasure", "SubMeasure",
    "Condition", "Event", "PolicyInstrument", "Market", "Actor", "TechnologyItem", "TechField",
)  # fmt: skip
ARGUMENT_CLASSES = NODE_CLASSES[:6]
MEASURE_CLASSES = ("Countermeasure", "SubMeasure")

SIGNS = {"positive": "+", "negative": "-", "unknownPolarity": "?"}
POLARITY_NAMES = {"positive": "positive", "negative": "negative", "unknownPolarity": "unknown"}

_INVOLVES = (
    "involvesProduct",
    "involvesMarket",
    "involvesActor",
    "involvesField",
    "involvesInstrument",
)


def curie(iri: str) -> str:
    """The shortest prefixed name of ``iri`` (``kg:x``), or the IRI itself.

    >>> curie("https://w3id.org/htkg/id/covid-19-pandemic")
    'kg:covid-19-pandemic'
    """
    best = iri
    for prefix, namespace in PREFIXES.items():
        ns = str(namespace)
        if iri.startswith(ns) and len(iri) - len(ns) + len(prefix) + 1 < len(best):
            best = f"{prefix}:{iri[len(ns) :]}"
    return best


def build_network(dataset: Dataset, context: bool = False) -> nx.DiGraph:
    """The argument as a DiGraph keyed by CURIE (see the module docstring)."""
    merged = _merged(dataset)
    ontology = dataset.graph(ONTOLOGY_GRAPH)
    graph = nx.DiGraph(name="htkg argument network")
    stated_in = {
        s: curie(str(g.identifier))
        for g in dataset.graphs()
        if g.identifier != INFERRED_GRAPH
        for cls in (HTKG.CausalLink, HTKG.ResponseLink)
        for s in g.subjects(RDF.type, cls)
    }
    for cls, source, target, kind in (
        (HTKG.CausalLink, HTKG.cause, HTKG.effect, CAUSAL),
        (HTKG.ResponseLink, HTKG.measure, HTKG.target, ADDRESSES),
    ):
        for link in sorted(set(merged.subjects(RDF.type, cls))):
            _add_link(graph, merged, ontology, link, (source, target, kind), stated_in)
    for name in ARGUMENT_CLASSES:
        for element in set(merged.subjects(RDF.type, HTKG[name])):
            if isinstance(element, URIRef):
                _add_node(graph, merged, ontology, element)
    for child_prop, kind_label in (
        (HTKG.subFactorOf, "sub-factor of"),
        (HTKG.partOfMeasure, "part of measure"),
    ):
        for child, parent in merged.subject_objects(child_prop):
            # subFactorOf is transitive: keep only the direct parent (skip inferred hops)
            if _is_indirect(merged, child, parent, child_prop):
                continue
            _add_structure_edge(graph, merged, ontology, child, parent, PART, kind_label)
    if context:
        for prop in _INVOLVES:
            for element, entity in merged.subject_objects(HTKG[prop]):
                if curie(str(element)) in graph and isinstance(entity, URIRef):
                    _add_structure_edge(graph, merged, ontology, element, entity, INVOLVES, prop)
    return graph


def _merged(dataset: Dataset) -> Graph:
    merged = Graph()
    for quad_graph in dataset.graphs():
        for triple in quad_graph:
            merged.add(triple)
    return merged


def _is_indirect(graph: Graph, child: URIRef, parent: URIRef, prop: URIRef) -> bool:
    return any(
        middle not in (child, parent) and (middle, prop, parent) in graph
        for middle in graph.objects(child, prop)
    )


def _text(graph: Graph, subject: URIRef, prop: URIRef, lang: str | None = None) -> str:
    values = sorted(
        str(o) for o in graph.objects(subject, prop) if lang is None or o.language == lang
    )
    return " | ".join(values)


def node_class(graph: Graph, ontology: Graph, node: URIRef) -> str:
    """The first of :data:`NODE_CLASSES` the node belongs to (asserted or by subclass)."""
    classes: set[str] = set()
    for rdf_type in graph.objects(node, RDF.type):
        for cls in ontology.transitive_objects(rdf_type, RDFS.subClassOf):
            if isinstance(cls, URIRef) and str(cls).startswith(str(HTKG)):
                classes.add(str(cls)[len(str(HTKG)) :])
    return next((name for name in NODE_CLASSES if name in classes), "Other")


def _section(graph: Graph, subject: URIRef) -> dict[str, str]:
    section = next(iter(sorted(graph.objects(subject, HTKG.inSection))), None)
    if section is None:
        return {"section": "", "section_zh": "", "section_en": ""}
    return {
        "section": curie(str(section)),
        "section_zh": _text(graph, section, SKOS.prefLabel, "zh"),
        "section_en": _text(graph, section, SKOS.prefLabel, "en"),
    }


def _add_node(graph: nx.DiGraph, rdf: Graph, ontology: Graph, node: URIRef) -> str:
    key = curie(str(node))
    if key not in graph:
        graph.add_node(
            key,
            iri=str(node),
            cls=node_class(rdf, ontology, node),
            label_zh=_text(rdf, node, SKOS.prefLabel, "zh") or key,
            label_en=_text(rdf, node, SKOS.prefLabel, "en") or key,
            quote=_text(rdf, node, HTKG.quote),
            gloss=_text(rdf, node, HTKG.gloss),
            **_section(rdf, node),
        )
    return key


def _add_link(
    graph: nx.DiGraph,
    rdf: Graph,
    ontology: Graph,
    link: URIRef,
    shape: tuple[URIRef, URIRef, str],
    stated_in: dict[URIRef, str],
) -> None:
    """One n-ary link as an edge; ``shape`` is (source property, target property, kind)."""
    source_prop, target_prop, kind = shape
    source = rdf.value(link, source_prop)
    target = rdf.value(link, target_prop)
    if source is None or target is None:
        return
    u = _add_node(graph, rdf, ontology, source)
    v = _add_node(graph, rdf, ontology, target)
    polarity = rdf.value(link, HTKG.polarity)
    pol_name = str(polarity)[len(str(HTKG)) :] if polarity is not None else ""
    mode = rdf.value(link, HTKG.assertionMode)
    attrs = {
        "kind": kind,
        "link": curie(str(link)),
        "polarity": POLARITY_NAMES.get(pol_name, "") if kind == CAUSAL else "",
        # an addresses edge reduces its target: it acts like a negative link
        "sign": SIGNS.get(pol_name, "?") if kind == CAUSAL else "-",
        "mode": str(mode)[len(str(HTKG)) :] if mode is not None else "",
        "quote": _text(rdf, link, HTKG.quote),
        "gloss": _text(rdf, link, HTKG.gloss, "en"),
        "note": _text(rdf, link, HTKG.curatorNote, "en"),
        "graph": stated_in.get(link, ""),
        **_section(rdf, link),
    }
    if graph.has_edge(u, v):
        raise InputError(
            f"{attrs['link']}: a second {kind} link {u} → {v} "
            f"(already {graph.edges[u, v]['link']}); merge them in the data"
        )
    graph.add_edge(u, v, **attrs)


def _add_structure_edge(
    graph: nx.DiGraph, rdf: Graph, ontology: Graph,
    child: URIRef, parent: URIRef, kind: str, relation: str,
) -> None:  # fmt: skip
    u = _add_node(graph, rdf, ontology, child)
    v = _add_node(graph, rdf, ontology, parent)
    if graph.has_edge(u, v):  # a causal/addresses edge says more; keep it
        return
    graph.add_edge(
        u,
        v,
        kind=kind,
        link="",
        polarity="",
        sign="",
        mode="",
        quote="",
        gloss=relation,
        note="",
        graph="",
        section="",
        section_zh="",
        section_en="",
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
