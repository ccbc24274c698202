"""The causal and response links a trace walks, read from a dataset or a store.

From rdflib's own memory (one article, a few hundred links) everything is read
in one query. From a store holding a corpus only the neighbourhood of the
traced node is read: sub-factors and links downstream of it, links upstream,
and the response links into those nodes, one query per level.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import product
from typing import Any

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.plugins.stores.memory import Memory

from htkg.errors import InputError
from htkg.rdf.graphs import union_default_graph
from htkg.rdf.namespaces import HTKG, INFERRED_GRAPH
from htkg.rdf.terms import as_iri, resolve

#: The classes a trace can start from, most specific first.
NODE_CLASSES = (
    "ConstraintFactor",
    "SubFactor",
    "Finding",
    "Mechanism",
    "Event",
    "PolicyInstrument",
    "Countermeasure",
    "SubMeasure",
)


@dataclass(frozen=True)
class Hop:
    """One step of a path: a causal link, a sub-factor step or a response link."""

    kind: str  # "causal" | "sub-factor" | "response"
    source: URIRef
    target: URIRef
    link: URIRef | None
    polarity: URIRef | None
    mode: URIRef | None
    section: URIRef | None
    quote: str
    note: str = ""


@dataclass
class Network:
    """The causal and response links of the dataset, indexed for walking."""

    out: dict[URIRef, list[Hop]] = field(default_factory=lambda: defaultdict(list))
    into: dict[URIRef, list[Hop]] = field(default_factory=lambda: defaultdict(list))
    responses: dict[URIRef, list[Hop]] = field(default_factory=lambda: defaultdict(list))
    sub_factors: dict[URIRef, list[Hop]] = field(default_factory=lambda: defaultdict(list))
    parent_measure: dict[URIRef, URIRef] = field(default_factory=dict)
    classes: dict[URIRef, str] = field(default_factory=dict)


_PREFIX = "PREFIX htkg: <https://w3id.org/htkg/ontology#>\n"

#: causal and response links; ``{causal}`` / ``{response}`` restrict each branch
_LINKS = (
    _PREFIX
    + """
SELECT ?link ?kind ?from ?to ?polarity ?mode ?section ?quote ?note WHERE {{
  {{ {causal} ?link htkg:cause ?from ; htkg:effect ?to ; a htkg:CausalLink ;
            htkg:polarity ?polarity . BIND("causal" AS ?kind) }}
  UNION
  {{ {response} ?link htkg:target ?to ; htkg:measure ?from ; a htkg:ResponseLink .
    BIND("response" AS ?kind) }}
  OPTIONAL {{ ?link htkg:assertionMode ?mode }}
  OPTIONAL {{ ?link htkg:inSection ?section }}
  OPTIONAL {{ ?link htkg:quote ?quote }}
  OPTIONAL {{ ?link htkg:curatorNote ?note FILTER(langMatches(lang(?note), "en")) }}
}}
"""
)
#: asserted sub-factor and sub-measure steps (the inferred graph holds their closure)
_PARTS = (
    _PREFIX
    + """
SELECT ?child ?parent ?quote ?section WHERE {{
  {values}
  GRAPH ?g {{ ?child htkg:{prop} ?parent }}
  FILTER(?g != <{inferred}>)
  OPTIONAL {{ ?child htkg:quote ?quote }}
  OPTIONAL {{ ?child htkg:inSection ?section }}
}}
"""
)
_CLASSES = (
    _PREFIX
    + """
SELECT ?node ?class WHERE {{ {values} ?node a ?class . VALUES ?class {{ {classes} }} }}
"""
)


def load_network(dataset: Dataset, around: URIRef | None = None) -> Network:
    """Read links, sub-factors, measures and node classes from ``dataset``.

    ``around``: only what a trace from that node can reach: sub-factors and
    causal links downstream of it, causal links upstream of it, and the
    response links into any of those nodes. A corpus of a million triples
    has tens of thousands of links; a trace touches a few dozen, fetched a
    dependency level at a time (one query per level). In rdflib's own memory
    (one article, a few hundred links) reading them all at once is quicker.
    """
    net = Network()
    with union_default_graph(dataset):
        if isinstance(dataset.store, Memory):
            _read_memory(net, dataset)
            return net
        if around is None:
            _add_links(net, dataset, _LINKS.format(causal="", response=""))
            _add_parts(net, dataset, "")
            _add_classes(net, dataset, "")
            return net
        nodes = {around}
        nodes |= _explore(net, dataset, {around}, forward=True)
        nodes |= _explore(net, dataset, {around}, forward=False)
        _add_links(
            net, dataset, _LINKS.format(causal="FILTER(false)", response=_values("to", nodes))
        )
        measures = {hop.source for hops in net.responses.values() for hop in hops}
        _add_parts(net, dataset, _values("child", measures), "partOfMeasure")
        _add_classes(net, dataset, _values("node", nodes | measures))
    return net


def _read_memory(net: Network, dataset: Dataset) -> None:
    """Everything, straight from rdflib's indexes: the same as the queries, 5x sooner.

    ``dataset`` reads as the union of its graphs; sub-factor and sub-measure
    steps come from the asserted graphs only (the inferred one holds their closure).
    """

    def first(subject: URIRef, predicate: URIRef) -> Any:
        return next(dataset.objects(subject, predicate), None)

    kinds = (("causal", HTKG.CausalLink, HTKG.cause, HTKG.effect),
             ("response", HTKG.ResponseLink, HTKG.measure, HTKG.target))  # fmt: skip
    for kind, link_class, source, target in kinds:
        for link in sorted(set(dataset.subjects(RDF.type, link_class))):
            polarity = first(link, HTKG.polarity) if kind == "causal" else None
            if kind == "causal" and polarity is None:
                continue
            notes = [n for n in dataset.objects(link, HTKG.curatorNote)
                     if isinstance(n, Literal) and n.language == "en"]  # fmt: skip
            for start, end in product(dataset.objects(link, source), dataset.objects(link, target)):
                hop = Hop(kind, start, end, link, polarity, first(link, HTKG.assertionMode),
                          first(link, HTKG.inSection), str(first(link, HTKG.quote) or ""),
                          str(notes[0]) if notes else "")  # fmt: skip
                if kind == "causal":
                    net.out[start].append(hop)
                    net.into[end].append(hop)
                else:
                    net.responses[end].append(hop)
    for graph in dataset.graphs():
        if graph.identifier == INFERRED_GRAPH:
            continue
        for child, parent in graph.subject_objects(HTKG.subFactorOf):
            quote = str(first(child, HTKG.quote) or "")
            hop = Hop("sub-factor", parent, child, None, None, HTKG.authorStated,
                      first(child, HTKG.inSection), quote)  # fmt: skip
            if hop not in net.sub_factors[parent]:
                net.sub_factors[parent].append(hop)
        for child, parent in graph.subject_objects(HTKG.partOfMeasure):
            net.parent_measure[child] = parent
    for name in reversed(NODE_CLASSES):  # most specific class wins: set last
        for node in sorted(set(dataset.subjects(RDF.type, HTKG[name]))):
            net.classes.setdefault(node, name)


def _explore(net: Network, dataset: Dataset, start: set[URIRef], forward: bool) -> set[URIRef]:
    """Walk causal links (and, forwards, sub-factor steps) level by level from ``start``."""
    seen, frontier = set(start), set(start)
    while frontier:
        found: set[URIRef] = set()
        if forward:
            for hop in _add_parts(net, dataset, _values("parent", frontier), "subFactorOf"):
                found.add(hop.target)
        end = "from" if forward else "to"
        query = _LINKS.format(causal=_values(end, frontier), response="FILTER(false)")
        for hop in _add_links(net, dataset, query):
            found.add(hop.target if forward else hop.source)
        frontier = found - seen
        seen |= found
    return seen


def _values(name: str, nodes: set[URIRef]) -> str:
    return f"VALUES ?{name} {{ {' '.join(sorted(n.n3() for n in nodes))} }}"


def _add_links(net: Network, dataset: Dataset, query: str) -> list[Hop]:
    hops = []
    for row in dataset.query(query):
        hop = Hop(
            str(row.kind),
            row["from"],
            row.to,
            row.link,
            row.polarity,
            row.mode,
            row.section,
            str(row.quote or ""),
            str(row.note or ""),
        )
        hops.append(hop)
        table = net.responses if hop.kind == "response" else net.out
        if hop in table[hop.target if hop.kind == "response" else hop.source]:
            continue  # already read: the walks up and down meet in a loop
        if hop.kind == "causal":
            net.out[hop.source].append(hop)
            net.into[hop.target].append(hop)
        else:
            net.responses[hop.target].append(hop)
    return hops


def _add_parts(net: Network, dataset: Dataset, values: str, prop: str = "") -> list[Hop]:
    """Sub-factor steps (``prop`` subFactorOf) or sub-measures (partOfMeasure); both if ""."""
    hops = []
    for name in (prop,) if prop else ("subFactorOf", "partOfMeasure"):
        query = _PARTS.format(values=values, prop=name, inferred=INFERRED_GRAPH)
        for row in dataset.query(query):
            if name == "partOfMeasure":
                net.parent_measure[row.child] = row.parent
                continue
            hop = Hop("sub-factor", row.parent, row.child, None, None, HTKG.authorStated,
                      row.section, str(row.quote or ""))  # fmt: skip
            hops.append(hop)
            if hop not in net.sub_factors[row.parent]:
                net.sub_factors[row.parent].append(hop)
    return hops


def _add_classes(net: Network, dataset: Dataset, values: str) -> None:
    classes = " ".join(f"htkg:{name}" for name in NODE_CLASSES)
    found = {(row.node, str(row["class"]).rpartition("#")[2])
             for row in dataset.query(_CLASSES.format(values=values, classes=classes))}  # fmt: skip
    for name in reversed(NODE_CLASSES):  # most specific class wins: set last
        for node, class_name in sorted(found):
            if class_name == name:
                net.classes.setdefault(node, name)


def start_node(dataset: Dataset, term: str) -> URIRef:
    """The node ``term`` names, among the nodes a trace can start from."""
    iri = as_iri(term)
    if iri is not None:
        classes = Network()
        with union_default_graph(dataset):
            _add_classes(classes, dataset, _values("node", {iri}))
        if iri not in classes.classes:
            raise InputError(f"unknown term {term!r}: not a node this command can start from")
        return iri
    candidates = Network()
    with union_default_graph(dataset):
        _add_classes(candidates, dataset, "")
    return resolve(dataset, term, among=candidates.classes.keys())
