"""What an authoring file can refer to: the entities and elements already loaded.

References in an authoring file are resolved against the project as loaded
(ontology, the article, other documents): ``Q148`` through ``skos:exactMatch``
or ``htkg:wikidataId``, ``iso:CN`` through the ISO 3166-1 codes, ``kg:chips``
or a full IRI when it is used in some graph. Each IRI's classes (with their
superclasses from the ontology) decide, e.g., which ``htkg:involves…``
sub-property a reference gets.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from htkg.literature.typecheck import Typing, typing_of
from htkg.rdf.graphs import named_graphs
from htkg.rdf.namespaces import HTKG, INFERRED_GRAPH, LINKS_GRAPH, ONTOLOGY_GRAPH, WD


@dataclass
class ProjectIndex:
    """Lookup tables over the loaded graphs."""

    classes: dict[URIRef, set[URIRef]] = field(default_factory=lambda: defaultdict(set))
    wikidata: dict[str, set[URIRef]] = field(default_factory=lambda: defaultdict(set))
    iso: dict[str, set[URIRef]] = field(default_factory=lambda: defaultdict(set))
    graphs_of: dict[URIRef, set[URIRef]] = field(default_factory=lambda: defaultdict(set))
    superclasses: dict[URIRef, set[URIRef]] = field(default_factory=dict)
    typing: Typing = field(default_factory=Typing)

    def known(self, iri: URIRef) -> bool:
        return iri in self.graphs_of

    def is_a(self, iri: URIRef, cls: URIRef) -> bool:
        return cls in self.classes.get(iri, set())

    def add_types(self, iri: URIRef, asserted: set[URIRef]) -> None:
        """Record ``iri``'s classes, closed under the ontology's subclass axioms."""
        for cls in asserted:
            self.classes[iri] |= self.superclasses.get(cls, {cls})


def superclass_closure(ontology: Graph) -> dict[URIRef, set[URIRef]]:
    """Each class of the ontology mapped to itself and all its superclasses."""
    closure: dict[URIRef, set[URIRef]] = {}
    for cls in set(ontology.subjects(RDF.type, None)):
        if isinstance(cls, URIRef):
            closure[cls] = {c for c in ontology.transitive_objects(cls, RDFS.subClassOf)
                            if isinstance(c, URIRef)}  # fmt: skip
    return closure


def wikidata_ids(graph: Graph, iri: URIRef) -> set[str]:
    """Wikidata Q-ids ``iri`` is said to match exactly (not close or broad matches)."""
    found = {str(o).removeprefix(str(WD)) for o in graph.objects(iri, SKOS.exactMatch)
             if str(o).startswith(str(WD))}  # fmt: skip
    found |= {str(o) for o in graph.objects(iri, HTKG.wikidataId)}
    return found


def build_index(dataset: Dataset) -> ProjectIndex:
    """Index every document graph of ``dataset`` (not the ontology, inferences or links)."""
    ontology = dataset.graph(ONTOLOGY_GRAPH)
    closure = superclass_closure(ontology)
    index = ProjectIndex(superclasses=closure, typing=typing_of(ontology, closure))
    for graph in named_graphs(dataset, exclude=(ONTOLOGY_GRAPH, INFERRED_GRAPH, LINKS_GRAPH)):
        add_graph(index, graph)
    return index


def add_graph(index: ProjectIndex, graph: Graph) -> None:
    """Add one document graph's IRIs, types and identifiers to the index."""
    name = URIRef(str(graph.identifier))  # document graphs are named by IRIs
    for s, p, o in graph:
        if isinstance(s, URIRef):
            index.graphs_of[s].add(name)
        if isinstance(o, URIRef) and p != RDF.type:
            index.graphs_of[o].add(name)
        if p == RDF.type and isinstance(s, URIRef) and isinstance(o, URIRef):
            index.add_types(s, {o})
    for s in set(graph.subjects()):
        if not isinstance(s, URIRef):
            continue
        for qid in wikidata_ids(graph, s):
            index.wikidata[qid].add(s)
        for code in graph.objects(s, HTKG.iso3166Alpha2):
            index.iso[str(code)].add(s)
        for code in graph.objects(s, HTKG.iso3166Alpha3):
            index.iso[str(code)].add(s)
