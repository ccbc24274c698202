"""Namespaces and IRIs the project uses, in one place.

Ontology terms live in ``HTKG`` (``https://w3id.org/htkg/ontology#``); individuals
(the article's entities, claims and observations) in ``KG``
(``https://w3id.org/htkg/id/``). Named graphs have IRIs of their own under
``https://w3id.org/htkg/graph/`` so exports and queries can tell the ontology,
each source document and the inferences apart.
"""

from __future__ import annotations

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

HTKG = Namespace("https://w3id.org/htkg/ontology#")
KG = Namespace("https://w3id.org/htkg/id/")
GRAPH = Namespace("https://w3id.org/htkg/graph/")
QB = Namespace("http://purl.org/linked-data/cube#")
CITO = Namespace("http://purl.org/spar/cito/")
WD = Namespace("http://www.wikidata.org/entity/")

ONTOLOGY_IRI = URIRef("https://w3id.org/htkg/ontology")
ONTOLOGY_GRAPH = GRAPH["ontology"]
INFERRED_GRAPH = GRAPH["inferred"]

PREFIXES: dict[str, Namespace] = {
    "htkg": HTKG,
    "kg": KG,
    "graph": GRAPH,
    "qb": QB,
    "cito": CITO,
    "wd": WD,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "prov": PROV,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
}


def document_graph(slug: str) -> URIRef:
    """The named graph that holds one source document's statements.

    >>> document_graph("article")
    rdflib.term.URIRef('https://w3id.org/htkg/graph/article')
    """
    return GRAPH[slug]


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the project's prefixes so serialisations and SPARQL read well."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def sparql_prologue() -> str:
    """PREFIX lines for every project prefix, for ad-hoc queries."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
