"""Namespaces and IRIs the project uses, in one place.

Ontology terms live in ``HTKG`` (``https://w3id.org/htkg/ontology#``), a closed
namespace generated from the ontology (:mod:`htkg.rdf.vocab`), so a misspelt
term fails at import instead of minting a new IRI; individuals
(the article's entities, claims and observations) in ``KG``
(``https://w3id.org/htkg/id/``). Named graphs have IRIs of their own under
``https://w3id.org/htkg/graph/`` so exports and queries can tell the ontology,
each source document and the inferences apart; every such IRI is defined here.
"""

from __future__ import annotations

from typing import TypeVar

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, QB, RDF, RDFS, SKOS, XSD, DefinedNamespace

from htkg.rdf.vocab import HTKG

KG = Namespace("https://w3id.org/htkg/id/")
GRAPH = Namespace("https://w3id.org/htkg/graph/")
CITO = Namespace("http://purl.org/spar/cito/")
WD = Namespace("http://www.wikidata.org/entity/")

ONTOLOGY_IRI = URIRef("https://w3id.org/htkg/ontology")
#: The ontology (ontology/htkg.ttl).
ONTOLOGY_GRAPH = GRAPH["ontology"]
#: What reasoning adds; rebuilt from the asserted graphs on every build.
INFERRED_GRAPH = GRAPH["inferred"]
#: The graph ``htkg link`` writes: joins between documents, not a document itself.
LINKS_GRAPH = GRAPH["links"]
#: The article's derived figures recomputed, one ``htkg:AuditResult`` per check.
AUDIT_GRAPH = GRAPH["audit"]
#: Which document mentions which entity or argument element: what the cross-document
#: questions read instead of scanning every document's graph (htkg.stores.index).
INDEX_GRAPH = GRAPH["index"]
#: The index's own vocabulary (``idx:mentions``); not ontology terms.
INDEX = Namespace("https://w3id.org/htkg/index#")
#: The graphs the project writes itself; no source document may take their names.
PROJECT_GRAPHS = (ONTOLOGY_GRAPH, INFERRED_GRAPH, LINKS_GRAPH, AUDIT_GRAPH, INDEX_GRAPH)

PREFIXES: dict[str, Namespace | type[DefinedNamespace]] = {
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


#: (prefix, namespace) pairs in PREFIXES order, which breaks ties between equally short names
_PREFIX_PAIRS = tuple((prefix, str(namespace)) for prefix, namespace in PREFIXES.items())


def curie(iri: str) -> str:
    """The shortest prefixed name of ``iri`` (``kg:x``), or the IRI itself if no prefix fits.

    The one place an IRI is shortened for people: tables, traces, messages.

    >>> curie("https://w3id.org/htkg/id/covid-19-pandemic")
    'kg:covid-19-pandemic'
    >>> curie("https://example.org/x")
    'https://example.org/x'
    """
    best = iri
    for prefix, namespace in _PREFIX_PAIRS:
        if iri.startswith(namespace) and len(iri) - len(namespace) + len(prefix) + 1 < len(best):
            best = f"{prefix}:{iri[len(namespace) :]}"
    return best


def document_graph(slug: str) -> URIRef:
    """The named graph that holds one source document's statements.

    >>> document_graph("article")
    rdflib.term.URIRef('https://w3id.org/htkg/graph/article')
    """
    return GRAPH[slug]


_G = TypeVar("_G", bound=Graph)


def bind_prefixes(graph: _G) -> _G:
    """Bind the project's prefixes so serialisations and SPARQL read well."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def sparql_prologue() -> str:
    """PREFIX lines for every project prefix, for ad-hoc queries."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
