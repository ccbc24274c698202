"""Everything the graph says about one term, across documents: ``htkg describe kg:india``.

Before referring to a term from a new document, a researcher needs to know
what it already means: its labels and identifiers, what each document states
about it, the causal and response links into and out of it (with their quotes),
the figures it is a dimension of, the joins ``htkg link`` made, and the curators'
notes. :func:`describe` collects these per document graph, so nothing of one
document is mistaken for another's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, SKOS
from rdflib.term import Node

from htkg.literature.find import Term, term_class
from htkg.literature.index import build_index
from htkg.literature.reconcile import document_of
from htkg.rdf.graphs import named_graphs
from htkg.rdf.labels import labels
from htkg.rdf.namespaces import HTKG, INFERRED_GRAPH, LINKS_GRAPH, ONTOLOGY_GRAPH, QB

#: Link roles: (property on the link, direction seen from the term, kind).
LINK_ROLES = (
    (HTKG.cause, "out", "causal"),
    (HTKG.effect, "in", "causal"),
    (HTKG.measure, "out", "response"),
    (HTKG.target, "in", "response"),
)
#: The other end of a link, by the role the term plays.
OTHER_END = {HTKG.cause: HTKG.effect, HTKG.effect: HTKG.cause,
             HTKG.measure: HTKG.target, HTKG.target: HTKG.measure}  # fmt: skip
#: What is shown in the header rather than as a fact.
HEADER_PREDICATES = {RDF.type, SKOS.prefLabel, SKOS.altLabel, HTKG.curatorNote}


@dataclass
class Fact:
    """One triple of one document: ``subject predicate object`` (the term at one end)."""

    document: URIRef
    subject: Node
    predicate: URIRef
    object: Node
    quote: str = ""


@dataclass
class LinkView:
    """A causal or response link at the term, seen from the term."""

    document: URIRef
    link: URIRef
    kind: str
    direction: str
    other: Node | None
    sign: Node | None
    mode: Node | None
    section: Node | None
    quote: str
    gloss: str
    note: str
    summary: bool


@dataclass
class Figure:
    """An observation the term is a dimension (indicator, period, market, field, unit) of."""

    document: URIRef
    observation: URIRef
    role: URIRef
    indicator: Node | None
    period: Node | None
    value: str
    unit: Node | None
    bound: Node | None
    quote: str


@dataclass
class JoinView:
    """A reconciliation record joining the term to other entities."""

    join: URIRef
    basis: Node | None
    others: list[URIRef]
    value: str
    confirmed_by: str
    documents: list[URIRef] = field(default_factory=list)


@dataclass
class Description:
    """What :func:`describe` returns."""

    term: Term
    definitions: list[Literal] = field(default_factory=list)
    notes: list[tuple[URIRef, Literal]] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    mentions: list[Fact] = field(default_factory=list)
    links: list[LinkView] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    joins: list[JoinView] = field(default_factory=list)


def _text(graph: Graph, node: Node, prop: URIRef) -> str:
    value = graph.value(node, prop)
    return "" if value is None else str(value)


def describe(dataset: Dataset, iri: URIRef) -> Description:
    """Everything the asserted graphs (and the links graph) say about ``iri``."""
    index = build_index(dataset)
    names = labels(dataset, among=[iri])
    alts = set(labels(dataset, (SKOS.altLabel,), among=[iri]).get(iri, []))
    cls = term_class(iri, index, dataset) or next(iter(index.classes.get(iri, [])), OWL.Thing)
    term = Term(iri, cls)
    for literal in names.get(iri, []):
        target = term.alt_labels if literal in alts else term.labels
        bucket = target.setdefault((literal.language or "").lower(), [])
        if str(literal) not in bucket:
            bucket.append(str(literal))
    term.documents = sorted({document_of(g) for g in index.graphs_of.get(iri, ())})
    result = Description(term)
    for graph in sorted(
        named_graphs(dataset, exclude=(ONTOLOGY_GRAPH, INFERRED_GRAPH, LINKS_GRAPH)),
        key=lambda g: str(g.identifier),
    ):
        _read_graph(graph, iri, result)
    _read_joins(dataset.graph(LINKS_GRAPH), iri, result)
    return result


def _read_graph(graph: Graph, iri: URIRef, result: Description) -> None:
    document = document_of(graph.identifier)  # type: ignore[arg-type]
    for predicate, obj in sorted(graph.predicate_objects(iri), key=str):
        if predicate == SKOS.definition and isinstance(obj, Literal):
            result.definitions.append(obj)
        elif predicate == HTKG.curatorNote and isinstance(obj, Literal):
            result.notes.append((document, obj))
        elif predicate not in HEADER_PREDICATES | {SKOS.definition}:
            result.facts.append(Fact(document, iri, predicate, obj))  # type: ignore[arg-type]
    roles = {p for p, _d, _k in LINK_ROLES}
    dimensions = {HTKG.indicator, HTKG.refPeriod, HTKG.refMarket, HTKG.refField, HTKG.unit}
    for subject, predicate in sorted(graph.subject_predicates(iri), key=str):
        if predicate in roles:
            result.links.append(_link(graph, document, subject, predicate))  # type: ignore[arg-type]
        elif predicate in dimensions and (subject, RDF.type, HTKG.Observation) in graph:
            result.figures.append(_figure(graph, document, subject, predicate))  # type: ignore[arg-type]
        elif predicate != QB.dataSet:
            quote = _text(graph, subject, HTKG.quote) or _text(graph, subject, HTKG.gloss)
            result.mentions.append(Fact(document, subject, predicate, iri, quote))  # type: ignore[arg-type]


def _link(graph: Graph, document: URIRef, link: URIRef, role: URIRef) -> LinkView:
    direction, kind = next((d, k) for p, d, k in LINK_ROLES if p == role)
    sign = graph.value(link, HTKG.polarity if kind == "causal" else HTKG.responseEffect)
    return LinkView(
        document=document,
        link=link,
        kind=kind,
        direction=direction,
        other=graph.value(link, OTHER_END[role]),
        sign=sign,
        mode=graph.value(link, HTKG.assertionMode),
        section=graph.value(link, HTKG.inSection),
        quote=_text(graph, link, HTKG.quote),
        gloss=_text(graph, link, HTKG.gloss),
        note=_text(graph, link, HTKG.curatorNote),
        summary=(link, RDF.type, HTKG.SummaryLink) in graph,
    )


def _figure(graph: Graph, document: URIRef, obs: URIRef, role: URIRef) -> Figure:
    return Figure(
        document=document,
        observation=obs,
        role=role,
        indicator=graph.value(obs, HTKG.indicator),
        period=graph.value(obs, HTKG.refPeriod),
        value=_text(graph, obs, HTKG.value),
        unit=graph.value(obs, HTKG.unit),
        bound=graph.value(obs, HTKG.bound),
        quote=_text(graph, obs, HTKG.quote),
    )


def _read_joins(graph: Graph, iri: URIRef, result: Description) -> None:
    for join in sorted(graph.subjects(HTKG.joinedEntity, iri), key=str):
        others = sorted(
            e for e in graph.objects(join, HTKG.joinedEntity) if isinstance(e, URIRef) and e != iri
        )
        result.joins.append(
            JoinView(
                join=join,  # type: ignore[arg-type]
                basis=graph.value(join, HTKG.joinBasis),
                others=others,
                value=_text(graph, join, HTKG.matchedValue),
                confirmed_by=_text(graph, join, HTKG.confirmedBy),
                documents=sorted(graph.objects(join, HTKG.joinedIn)),  # type: ignore[arg-type]
            )
        )
