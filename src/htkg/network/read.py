"""Read the argument network from a dataset: from rdflib's memory, or from any store.

From rdflib's own memory (one article and a few documents: hundreds of links)
everything is read straight from the indexes. From a store holding a corpus
only what is asked for is read, by SPARQL: the whole network (for loops,
leverage, what-if), or the neighbourhood of one node (for a trace) — its
sub-factors and the links downstream of it, the links upstream of it, and the
response links into any of those nodes, one query per level.

Both readers give the same :class:`~htkg.network.model.ArgumentNetwork`; a
test compares them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.plugins.stores.memory import Memory

from htkg.errors import InputError
from htkg.network.model import (
    ARGUMENT_CLASSES,
    CAUSAL,
    NODE_CLASSES,
    RESPONSE,
    TRACE_CLASSES,
    ArgumentNetwork,
    Evidence,
    Node,
    Part,
)
from htkg.network.not_a_node import not_a_node
from htkg.rdf.graphs import select, union_default_graph
from htkg.rdf.namespaces import GRAPH, HTKG, INFERRED_GRAPH, ONTOLOGY_GRAPH
from htkg.rdf.terms import as_iri, resolve

#: (kind, link class, source property, target property, sign property)
_LINK_SHAPES = (
    (CAUSAL, HTKG.CausalLink, HTKG.cause, HTKG.effect, HTKG.polarity),
    (RESPONSE, HTKG.ResponseLink, HTKG.measure, HTKG.target, HTKG.responseEffect),
)
_INVOLVES = (
    "involvesProduct",
    "involvesMarket",
    "involvesActor",
    "involvesField",
    "involvesInstrument",
)


def read_network(
    dataset: Dataset, around: URIRef | None = None, context: bool = False
) -> ArgumentNetwork:
    """The network of ``dataset``: all of it, or only what a trace from ``around`` reaches.

    ``context``: also the entities the elements involve (products, markets …).
    """
    with union_default_graph(dataset):
        if isinstance(dataset.store, Memory):
            return _MemoryReader(dataset).network(context)
        return _StoreReader(dataset).network(around, context)


def document_slug(graph: URIRef) -> str:
    """``https://w3id.org/htkg/graph/article`` → ``article``."""
    text = str(graph)
    return text[len(str(GRAPH)) :] if text.startswith(str(GRAPH)) else text


def _iri(term: object) -> URIRef:
    """``term`` as an IRI: links, nodes and sections are named, never blank."""
    if not isinstance(term, URIRef):
        raise InputError(f"{term!r}: a link, node or section must be an IRI, not a blank node")
    return term


def _maybe_iri(term: object) -> URIRef | None:
    return None if term is None else _iri(term)


def _english(values: Iterable[Any]) -> str:
    found = sorted(str(v) for v in values if isinstance(v, Literal) and v.language == "en")
    return found[0] if found else ""


# -- memory ------------------------------------------------------------------


class _MemoryReader:
    """Everything, straight from rdflib's indexes (the union of the named graphs)."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self.ontology = dataset.graph(ONTOLOGY_GRAPH)

    def first(self, subject: Any, predicate: URIRef) -> Any:
        return min(self.dataset.objects(subject, predicate), default=None, key=str)

    def network(self, context: bool) -> ArgumentNetwork:
        evidence = list(self.evidence())
        parts = list(self.parts())
        members = {e.source for e in evidence} | {e.target for e in evidence}
        members |= {p.child for p in parts} | {p.parent for p in parts}
        for name in NODE_CLASSES[:6]:
            members |= {
                s for s in self.dataset.subjects(RDF.type, HTKG[name]) if isinstance(s, URIRef)
            }
        involves = list(self.involves(members)) if context else []
        members |= {entity for _e, entity, _p in involves}
        nodes = [self.node(m) for m in members]
        cited = {e.section for e in evidence} | {n.section for n in nodes}
        sections = {s: self.labels(s) for s in cited if s is not None}
        return ArgumentNetwork.of(nodes, evidence, parts, involves, sections)

    def labels(self, iri: URIRef) -> tuple[str, str]:
        """The zh and en prefLabel of ``iri`` ("" where missing)."""
        found = {"zh": "", "en": ""}
        for label in sorted(self.dataset.objects(iri, SKOS.prefLabel), key=str):
            if isinstance(label, Literal) and label.language in found:
                found[label.language] = found[label.language] or str(label)
        return found["zh"], found["en"]

    def evidence(self) -> Iterator[Evidence]:
        summaries = set(self.dataset.subjects(RDF.type, HTKG.SummaryLink))
        for graph in self.dataset.graphs():
            if graph.identifier in (INFERRED_GRAPH, ONTOLOGY_GRAPH):
                continue
            document = document_slug(_iri(graph.identifier))
            for kind, cls, source_prop, target_prop, sign_prop in _LINK_SHAPES:
                for link in graph.subjects(RDF.type, cls):
                    for source in graph.objects(link, source_prop):
                        for target in graph.objects(link, target_prop):
                            yield Evidence(
                                link=_iri(link),
                                kind=kind,
                                source=_iri(source),
                                target=_iri(target),
                                document=document,
                                mode=self.first(link, HTKG.assertionMode),
                                polarity=self.first(link, sign_prop) if kind == CAUSAL else None,
                                effect=self.first(link, sign_prop) if kind == RESPONSE else None,
                                section=self.first(link, HTKG.inSection),
                                quote=str(self.first(link, HTKG.quote) or ""),
                                gloss=_english(self.dataset.objects(link, HTKG.gloss)),
                                note=_english(self.dataset.objects(link, HTKG.curatorNote)),
                                summary=link in summaries,
                            )

    def parts(self) -> Iterator[Part]:
        """Sub-factor and sub-measure steps as asserted (the inferred graph holds the closure)."""
        for graph in self.dataset.graphs():
            if graph.identifier == INFERRED_GRAPH:
                continue
            for prop, kind in (
                (HTKG.subFactorOf, "sub-factor"),
                (HTKG.partOfMeasure, "sub-measure"),
            ):
                for child, parent in graph.subject_objects(prop):
                    yield Part(_iri(child), _iri(parent), kind)

    def involves(self, members: set[URIRef]) -> Iterator[tuple[URIRef, URIRef, str]]:
        for prop in _INVOLVES:
            for element, entity in self.dataset.subject_objects(HTKG[prop]):
                if element in members and isinstance(entity, URIRef):
                    yield _iri(element), entity, prop

    def node(self, iri: URIRef) -> Node:
        zh, en = self.labels(iri)
        return Node(
            iri=iri,
            cls=node_class(self.dataset, self.ontology, iri),
            label_zh=zh,
            label_en=en,
            quote=str(self.first(iri, HTKG.quote) or ""),
            gloss=_english(self.dataset.objects(iri, HTKG.gloss)),
            section=self.first(iri, HTKG.inSection),
        )


def node_class(data: Graph, ontology: Graph, node: URIRef) -> str:
    """The first of ``NODE_CLASSES`` the node belongs to (asserted, or by subclass)."""
    classes: set[str] = set()
    for rdf_type in data.objects(node, RDF.type):
        for cls in ontology.transitive_objects(rdf_type, RDFS.subClassOf):
            if isinstance(cls, URIRef) and str(cls).startswith(str(HTKG)):
                classes.add(str(cls)[len(str(HTKG)) :])
    return next((name for name in NODE_CLASSES if name in classes), "Other")


# -- any store -----------------------------------------------------------------

_PREFIX = (
    "PREFIX htkg: <https://w3id.org/htkg/ontology#>\n"
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
)
#: every link; ``{causal}`` / ``{response}`` restrict a branch (VALUES or FILTER(false))
_LINKS = (
    _PREFIX
    + """
SELECT ?link ?kind ?from ?to ?g ?sign ?mode ?section ?quote ?gloss ?note ?summary WHERE {{
  {{ {causal} GRAPH ?g {{ ?link htkg:cause ?from ; htkg:effect ?to }}
    OPTIONAL {{ ?link htkg:polarity ?sign }} BIND("causal" AS ?kind) }}
  UNION
  {{ {response} GRAPH ?g {{ ?link htkg:measure ?from ; htkg:target ?to }}
    OPTIONAL {{ ?link htkg:responseEffect ?sign }} BIND("response" AS ?kind) }}
  FILTER(?g != <{inferred}>)
  OPTIONAL {{ ?link htkg:assertionMode ?mode }}
  OPTIONAL {{ ?link htkg:inSection ?section }}
  OPTIONAL {{ ?link htkg:quote ?quote }}
  OPTIONAL {{ ?link htkg:gloss ?gloss FILTER(langMatches(lang(?gloss), "en")) }}
  OPTIONAL {{ ?link htkg:curatorNote ?note FILTER(langMatches(lang(?note), "en")) }}
  OPTIONAL {{ ?link a htkg:SummaryLink BIND(true AS ?summary) }}
}}
"""
)
_PARTS = (
    _PREFIX
    + """
SELECT ?child ?parent WHERE {{
  {values}
  GRAPH ?g {{ ?child htkg:{prop} ?parent }}
  FILTER(?g != <{inferred}>)
}}
"""
)
_NODES = (
    _PREFIX
    + """
SELECT ?node ?class ?zh ?en ?quote ?gloss ?section WHERE {{
  {values}
  {typed}
  OPTIONAL {{ ?node skos:prefLabel ?zh FILTER(langMatches(lang(?zh), "zh")) }}
  OPTIONAL {{ ?node skos:prefLabel ?en FILTER(langMatches(lang(?en), "en")) }}
  OPTIONAL {{ ?node htkg:quote ?quote }}
  OPTIONAL {{ ?node htkg:gloss ?gloss FILTER(langMatches(lang(?gloss), "en")) }}
  OPTIONAL {{ ?node htkg:inSection ?section }}
}}
"""
)
_LABELS = _PREFIX + "SELECT ?node ?label WHERE {{ {values} ?node skos:prefLabel ?label }}\n"
_INVOLVED = (
    _PREFIX
    + """
SELECT ?element ?entity ?prop WHERE {{
  {values}
  ?element ?prop ?entity . VALUES ?prop {{ {props} }} FILTER(isIRI(?entity))
}}
"""
)


def values(name: str, nodes: Iterable[URIRef]) -> str:
    """A SPARQL VALUES clause binding ``?name`` to ``nodes``."""
    return f"VALUES ?{name} {{ {' '.join(sorted(n.n3() for n in nodes))} }}"


class _StoreReader:
    """What is asked for, by SPARQL, from a store of any size."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self.evidence: set[Evidence] = set()
        self.parts: set[Part] = set()

    def network(self, around: URIRef | None, context: bool) -> ArgumentNetwork:
        if around is None:
            self.links(_LINKS.format(causal="", response="", inferred=INFERRED_GRAPH))
            self.read_parts("", "subFactorOf")
            self.read_parts("", "partOfMeasure")
            members = None
        else:
            members = {around}
            members |= self.explore({around}, forward=True)
            members |= self.explore({around}, forward=False)
            query = _LINKS.format(
                causal="FILTER(false)", response=values("to", members), inferred=INFERRED_GRAPH
            )
            self.links(query)
            measures = {e.source for e in self.evidence if e.kind == RESPONSE}
            if measures:
                self.read_parts(values("child", measures), "partOfMeasure")
        ends = {e.source for e in self.evidence} | {e.target for e in self.evidence}
        ends |= {p.child for p in self.parts} | {p.parent for p in self.parts}
        nodes = self.nodes(ends | (members or set()))
        if around is None:  # as in memory: every argument element, linked or not
            nodes.update(self.nodes(None, ARGUMENT_CLASSES))
        involves: list[tuple[URIRef, URIRef, str]] = []
        if context:
            involves = self.involved(set(nodes))
            extra = {entity for _e, entity, _p in involves} - set(nodes)
            nodes.update(self.nodes(extra) if extra else {})
        cited = {e.section for e in self.evidence} | {n.section for n in nodes.values()}
        sections = self.labels({s for s in cited if s is not None})
        return ArgumentNetwork.of(nodes.values(), self.evidence, self.parts, involves, sections)

    def labels(self, among: set[URIRef]) -> dict[URIRef, tuple[str, str]]:
        """The zh and en prefLabel of each of ``among``."""
        if not among:
            return {}
        found: dict[URIRef, dict[str, str]] = {}
        for row in select(self.dataset, _LABELS.format(values=values("node", among))):
            slot = found.setdefault(_iri(row.node), {"zh": "", "en": ""})
            lang = row.label.language if isinstance(row.label, Literal) else None
            if lang in slot and not slot[lang]:
                slot[lang] = str(row.label)
        return {iri: (slot["zh"], slot["en"]) for iri, slot in found.items()}

    def explore(self, start: set[URIRef], forward: bool) -> set[URIRef]:
        """Walk causal links (and, forwards, sub-factor steps) level by level."""
        seen, frontier = set(start), set(start)
        while frontier:
            found: set[URIRef] = set()
            if forward:
                found |= {
                    p.child for p in self.read_parts(values("parent", frontier), "subFactorOf")
                }
            end = "from" if forward else "to"
            query = _LINKS.format(
                causal=values(end, frontier), response="FILTER(false)", inferred=INFERRED_GRAPH
            )
            found |= {e.target if forward else e.source for e in self.links(query)}
            frontier = found - seen
            seen |= found
        return seen

    def links(self, query: str) -> list[Evidence]:
        read = []
        for row in select(self.dataset, query):
            kind = str(row.kind)
            sign = _maybe_iri(row.sign)
            item = Evidence(
                link=_iri(row.link),
                kind=kind,
                source=_iri(row["from"]),
                target=_iri(row.to),
                document=document_slug(_iri(row.g)),
                mode=_maybe_iri(row.mode),
                polarity=sign if kind == CAUSAL else None,
                effect=sign if kind == RESPONSE else None,
                section=_maybe_iri(row.section),
                quote=str(row.quote or ""),
                gloss=str(row.gloss or ""),
                note=str(row.note or ""),
                summary=row.summary is not None,
            )
            read.append(item)
            self.evidence.add(item)
        return read

    def read_parts(self, values_clause: str, prop: str) -> list[Part]:
        kind = "sub-factor" if prop == "subFactorOf" else "sub-measure"
        query = _PARTS.format(values=values_clause, prop=prop, inferred=INFERRED_GRAPH)
        rows = select(self.dataset, query)
        read = [Part(_iri(row.child), _iri(row.parent), kind) for row in rows]
        self.parts.update(read)
        return read

    def nodes(
        self, among: set[URIRef] | None, of: tuple[str, ...] = NODE_CLASSES
    ) -> dict[URIRef, Node]:
        """``among`` those nodes (or every member of the classes ``of``) with their labels."""
        if among is not None and not among:
            return {}
        typed = f"?node a ?class . VALUES ?class {{ {' '.join(f'htkg:{n}' for n in of)} }}"
        if among is None:
            clause = ""
        else:  # every node asked for, typed or not ("Other", as in memory)
            clause, typed = values("node", among), f"OPTIONAL {{ {typed} }}"
        rows: dict[URIRef, dict[str, Any]] = {}
        for row in select(self.dataset, _NODES.format(values=clause, typed=typed)):
            seen = rows.setdefault(_iri(row.node), {"classes": set()})
            if row["class"] is not None:
                seen["classes"].add(str(row["class"]).rpartition("#")[2])
            for key in ("zh", "en", "quote", "gloss", "section"):
                if row[key] is not None and seen.get(key) is None:
                    seen[key] = row[key]
        return {
            iri: Node(
                iri=iri,
                cls=next((n for n in NODE_CLASSES if n in found["classes"]), "Other"),
                label_zh=str(found.get("zh") or ""),
                label_en=str(found.get("en") or ""),
                quote=str(found.get("quote") or ""),
                gloss=str(found.get("gloss") or ""),
                section=found.get("section"),
            )
            for iri, found in rows.items()
        }

    def involved(self, members: set[URIRef]) -> list[tuple[URIRef, URIRef, str]]:
        props = " ".join(f"htkg:{p}" for p in _INVOLVES)
        query = _INVOLVED.format(values=values("element", members), props=props)
        return [
            (_iri(row.element), _iri(row.entity), str(row.prop).rpartition("#")[2])
            for row in select(self.dataset, query)
        ]


def start_node(dataset: Dataset, term: str) -> URIRef:
    """The node ``term`` names, among the nodes a trace can start from."""
    classes = " ".join(f"htkg:{n}" for n in TRACE_CLASSES)
    typed = f"?node a ?class . VALUES ?class {{ {classes} }}"
    iri = as_iri(term)
    with union_default_graph(dataset):
        if iri is not None:
            query = f"{_PREFIX}ASK {{ {values('node', [iri])} {typed} }}"
            if not dataset.query(query).askAnswer:
                raise InputError(not_a_node(dataset, term, iri))
            return iri
        query = f"{_PREFIX}SELECT DISTINCT ?node WHERE {{ {typed} }}"
        candidates = {_iri(row.node) for row in select(dataset, query)}
    return resolve(dataset, term, among=candidates)


def read_around(dataset: Dataset, nodes: set[URIRef], direction: str = "both") -> ArgumentNetwork:
    """The links one step from ``nodes``, by SPARQL on any store (for ``htkg serve``).

    ``down``: what they cause, the measures that address them; ``up``: what causes
    them, what they (as measures) address; ``both``. Sub-factor and sub-measure
    steps either way. The ends of every link read come with their labels.
    """
    reader = _StoreReader(dataset)
    with union_default_graph(dataset):
        for way in ("down", "up") if direction == "both" else (direction,):
            cause, measure = ("from", "to") if way == "down" else ("to", "from")
            reader.links(_LINKS.format(causal=values(cause, nodes),
                                       response=values(measure, nodes),
                                       inferred=INFERRED_GRAPH))  # fmt: skip
        for prop in ("subFactorOf", "partOfMeasure"):
            reader.read_parts(values("child", nodes), prop)
            reader.read_parts(values("parent", nodes), prop)
        ends = {e.source for e in reader.evidence} | {e.target for e in reader.evidence}
        ends |= {p.child for p in reader.parts} | {p.parent for p in reader.parts} | nodes
        found = reader.nodes(ends)
        cited = {e.section for e in reader.evidence} | {n.section for n in found.values()}
        sections = reader.labels({s for s in cited if s is not None})
    return ArgumentNetwork.of(found.values(), reader.evidence, reader.parts, (), sections)
