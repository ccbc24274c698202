"""Reconciliation: which entities of different documents are the same thing, and why.

Joins are made only on evidence a machine can check — the same IRI, the same
Wikidata id, the same ISO 3166-1 code. A shared label (in Chinese or English,
compared after Unicode and case folding) is only a *suggestion* that a person
confirms by its id (``htkg link --confirm ID --by NAME``); a label shared by
more than two entities is flagged ambiguous, and a label match between entities
whose identifiers differ is blocked. Every join becomes explicit triples in the
links graph (``data/links/reconciliation.ttl``): an ``htkg:EntityJoin`` record
with its basis, matched value, documents and confirmer, plus ``owl:sameAs``
between distinct IRIs.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field, replace
from itertools import combinations

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF

from htkg.errors import InputError
from htkg.literature.index import superclass_closure, wikidata_ids
from htkg.literature.typecheck import typing_of
from htkg.literature.weak import weak_pairs
from htkg.rdf.graphs import merged, named_graphs
from htkg.rdf.labels import labels
from htkg.rdf.namespaces import (
    GRAPH,
    HTKG,
    INFERRED_GRAPH,
    KG,
    LINKS_GRAPH,
    ONTOLOGY_GRAPH,
    bind_prefixes,
)

LINKS_SLUG = "links"
BASES = {
    "shared-iri": HTKG.sharedIri,
    "wikidata": HTKG.sameWikidataId,
    "iso": HTKG.sameIsoCode,
    "label": HTKG.confirmedLabelMatch,
}


@dataclass(frozen=True)
class Join:
    """Entities joined as one thing, on one basis."""

    basis: str
    entities: tuple[URIRef, ...]
    value: str
    documents: tuple[URIRef, ...]
    confirmed_by: str = ""
    confirmed_on: str = ""

    @property
    def iri(self) -> URIRef:
        digest = hashlib.sha1(" ".join([self.basis, *self.entities]).encode()).hexdigest()[:10]
        return KG[f"join-{digest}"]


@dataclass(frozen=True)
class Suggestion:
    """Two entities of different documents that share a label; never joined unconfirmed."""

    id: str
    entities: tuple[URIRef, URIRef]
    label: str
    documents: tuple[URIRef, ...]
    ambiguous_with: tuple[URIRef, ...] = ()
    blocked: str = ""
    #: for a weak suggestion (labels that contain or overlap each other), how strongly
    weak: float = 0.0


@dataclass
class Reconciliation:
    """Everything ``htkg link`` found."""

    joins: list[Join] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
    dropped: list[Join] = field(default_factory=list)
    #: weak label suggestions (:mod:`htkg.literature.weak`), best first
    weak: list[Suggestion] = field(default_factory=list)

    def suggestion(self, suggestion_id: str) -> Suggestion | None:
        return next((s for s in self.suggestions + self.weak if s.id == suggestion_id), None)


def normalise(label: str) -> str:
    """Labels compare equal when they differ only in width, case or spacing.

    >>> normalise("  Ｕｎｉｔｅｄ  States ") == normalise("united states")
    True
    """
    return " ".join(unicodedata.normalize("NFKC", label).casefold().split())


def document_of(graph_iri: URIRef) -> URIRef:
    """The document a document graph holds: ``graph/<slug>`` ↔ ``kg:<slug>``."""
    return KG[str(graph_iri).removeprefix(str(GRAPH))]


def _document_graphs(dataset: Dataset) -> list[Graph]:
    skip = (ONTOLOGY_GRAPH, INFERRED_GRAPH, LINKS_GRAPH)
    return sorted(named_graphs(dataset, exclude=skip), key=lambda g: str(g.identifier))


def _entities(dataset: Dataset) -> tuple[dict[URIRef, set[URIRef]], Graph]:
    """Each domain entity → the documents whose graphs use it; and all data merged."""
    closure = superclass_closure(dataset.graph(ONTOLOGY_GRAPH))
    data = merged(_document_graphs(dataset))
    entities = {
        s for s, cls in data.subject_objects(RDF.type)
        if isinstance(s, URIRef) and isinstance(cls, URIRef)
        and HTKG.DomainEntity in closure.get(cls, {cls})
    }  # fmt: skip
    used: dict[URIRef, set[URIRef]] = defaultdict(set)
    for graph in _document_graphs(dataset):
        document = document_of(URIRef(str(graph.identifier)))
        for s, _p, o in graph:
            if isinstance(s, URIRef) and s in entities:
                used[s].add(document)
            if isinstance(o, URIRef) and o in entities:
                used[o].add(document)
    return used, data


def reconcile(dataset: Dataset, confirmed: list[Join] | None = None) -> Reconciliation:
    """Find the joins and label suggestions across the documents of ``dataset``."""
    used, data = _entities(dataset)
    result = Reconciliation()
    for entity, documents in sorted(used.items()):
        if len(documents) > 1:
            result.joins.append(Join("shared-iri", (entity,), "", tuple(sorted(documents))))
    identifier_pairs: set[frozenset[URIRef]] = set()
    conflicts: dict[frozenset[URIRef], str] = {}
    for basis, keys in (
        ("wikidata", _wikidata_keys(data, used)),
        ("iso", _iso_keys(data, used)),
    ):
        by_key: dict[str, set[URIRef]] = defaultdict(set)
        for entity, values in keys.items():
            for value in values:
                by_key[value].add(entity)
        for value, group in sorted(by_key.items()):
            if len(group) > 1 and _from_several(group, used):
                members = tuple(sorted(group))
                docs = tuple(sorted(set().union(*(used[e] for e in members))))
                result.joins.append(Join(basis, members, value, docs))
                identifier_pairs.update(frozenset(p) for p in combinations(members, 2))
        for a, b in combinations(sorted(keys), 2):
            if keys[a] and keys[b] and not keys[a] & keys[b]:
                conflicts.setdefault(frozenset((a, b)), f"different {basis} ids")
    for join in confirmed or []:
        if all(e in used for e in join.entities):
            docs = tuple(sorted(set().union(*(used[e] for e in join.entities))))
            result.joins.append(replace(join, documents=docs))
        else:
            result.dropped.append(join)
    joined = identifier_pairs | {frozenset(j.entities) for j in result.joins}
    result.suggestions = _suggestions(data, used, joined, conflicts)
    result.weak = _weak(
        dataset, data, used, joined | {frozenset(s.entities) for s in result.suggestions}, conflicts
    )
    return result


def _weak(
    dataset: Dataset,
    data: Graph,
    used: dict[URIRef, set[URIRef]],
    taken: set[frozenset[URIRef]],
    conflicts: dict[frozenset[URIRef], str],
) -> list[Suggestion]:
    """Weak suggestions for the pairs not joined or suggested already, classes compatible."""
    closure = superclass_closure(dataset.graph(ONTOLOGY_GRAPH))
    typing = typing_of(dataset.graph(ONTOLOGY_GRAPH), closure)
    classes = {e: set().union(*(closure.get(c, {c}) for c in data.objects(e, RDF.type)
                                if isinstance(c, URIRef)))
               for e in used}  # fmt: skip

    def skip(a: URIRef, b: URIRef) -> bool:
        if frozenset((a, b)) in taken:
            return True
        return any(typing.clash(classes[a], c) for c in classes[b])

    return [
        Suggestion(
            id=suggestion_id(a, b),
            entities=(a, b),
            label=f"{label_a} ~ {label_b}",
            documents=tuple(sorted(used[a] | used[b])),
            blocked=conflicts.get(frozenset((a, b)), ""),
            weak=round(value, 2),
        )
        for value, a, b, label_a, label_b in weak_pairs(data, used, skip)
    ]


def _wikidata_keys(data: Graph, used: dict) -> dict[URIRef, set[str]]:
    return {e: wikidata_ids(data, e) for e in used}


def _iso_keys(data: Graph, used: dict) -> dict[URIRef, set[str]]:
    return {e: {str(c) for c in data.objects(e, HTKG.iso3166Alpha2)} for e in used}


def _from_several(group: set[URIRef], used: dict[URIRef, set[URIRef]]) -> bool:
    """Join only entities that come from more than one document between them."""
    return len(set().union(*(used[e] for e in group))) > 1


def _suggestions(
    data: Graph,
    used: dict[URIRef, set[URIRef]],
    joined: set[frozenset[URIRef]],
    conflicts: dict[frozenset[URIRef], str],
) -> list[Suggestion]:
    by_label: dict[str, set[URIRef]] = defaultdict(set)
    shown: dict[str, str] = {}
    names = labels(data, among=used)
    for entity in used:
        for label in names.get(entity, ()):
            key = normalise(str(label))
            by_label[key].add(entity)
            shown.setdefault(key, str(label))
    suggestions: dict[frozenset[URIRef], Suggestion] = {}
    for key, group in sorted(by_label.items()):
        for a, b in combinations(sorted(group), 2):
            pair = frozenset((a, b))
            if pair in joined or pair in suggestions or len(used[a] | used[b]) < 2:
                continue
            others = tuple(sorted(group - {a, b}))
            suggestions[pair] = Suggestion(
                id=suggestion_id(a, b),
                entities=(a, b),
                label=shown[key],
                documents=tuple(sorted(used[a] | used[b])),
                ambiguous_with=others,
                blocked=conflicts.get(pair, ""),
            )
    return sorted(suggestions.values(), key=lambda s: (s.label, s.id))


def suggestion_id(a: URIRef, b: URIRef) -> str:
    """A stable short id for the pair, the same in every run."""
    first, second = sorted((str(a), str(b)))
    return "L" + hashlib.sha1(f"{first} {second}".encode()).hexdigest()[:8]


# ------------------------------------------------------------ the links graph --


def links_graph(result: Reconciliation) -> Graph:
    """The joins as triples: one ``htkg:EntityJoin`` each, ``owl:sameAs`` between IRIs."""
    graph = bind_prefixes(Graph())
    for join in result.joins:
        node = join.iri
        graph.add((node, RDF.type, HTKG.EntityJoin))
        graph.add((node, HTKG.joinBasis, BASES[join.basis]))
        for entity in join.entities:
            graph.add((node, HTKG.joinedEntity, entity))
        for document in join.documents:
            graph.add((node, HTKG.joinedIn, document))
        if join.value:
            graph.add((node, HTKG.matchedValue, Literal(join.value)))
        if join.confirmed_by:
            graph.add((node, HTKG.confirmedBy, Literal(join.confirmed_by)))
        if join.confirmed_on:
            graph.add((node, DCTERMS.date, Literal(join.confirmed_on)))
        for a, b in combinations(join.entities, 2):
            graph.add((a, OWL.sameAs, b))
    return graph


def read_confirmed(graph: Graph) -> list[Join]:
    """The label joins people confirmed earlier, read back from the links graph."""
    joins = []
    for node in graph.subjects(HTKG.joinBasis, HTKG.confirmedLabelMatch):
        joins.append(
            Join(
                "label",
                tuple(sorted(graph.objects(node, HTKG.joinedEntity))),  # type: ignore[arg-type]
                str(graph.value(node, HTKG.matchedValue) or ""),
                tuple(sorted(graph.objects(node, HTKG.joinedIn))),  # type: ignore[arg-type]
                str(graph.value(node, HTKG.confirmedBy) or ""),
                str(graph.value(node, DCTERMS.date) or ""),
            )
        )
    return sorted(joins, key=lambda j: j.entities)


def confirm(result: Reconciliation, ids: list[str], by: str, on: str) -> list[Join]:
    """Turn the suggestions a person confirmed into label joins (added to ``result``)."""
    made = []
    for suggestion_id in ids:
        found = result.suggestion(suggestion_id)
        if found is None:
            known = ", ".join(s.id for s in result.suggestions + result.weak) or "none"
            raise InputError(f"--confirm {suggestion_id}: no such suggestion (current: {known})")
        if found.blocked:
            raise InputError(
                f"--confirm {suggestion_id}: blocked, the entities have {found.blocked}; "
                "fix the identifiers instead"
            )
        join = Join("label", found.entities, found.label, found.documents, by, on)
        made.append(join)
        result.joins.append(join)
        (result.weak if found.weak else result.suggestions).remove(found)
    return made
