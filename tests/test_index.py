"""The cross-document index graph: what it holds, the same from Python and from SPARQL."""

from __future__ import annotations

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import to_isomorphic
from rdflib.namespace import RDF

from htkg.rdf.namespaces import INDEX, INDEX_GRAPH, KG
from htkg.stores.index import index_added, rebuild_index
from htkg.stores.oxigraph import OxigraphStore

ARTICLE, BIS = KG["article"], KG["us-bis-2022-10-07"]


class _UpdatesOnly(OxigraphStore):
    """A store written through SPARQL updates alone, as a remote endpoint is."""

    construct = None  # type: ignore[assignment]


def _without_index(dataset: Dataset) -> Dataset:
    copy = Dataset()
    for graph in dataset.graphs():
        if graph.identifier != INDEX_GRAPH and len(graph):
            target = copy.graph(graph.identifier)
            for triple in graph:
                target.add(triple)
    return copy


def _index_of(store: OxigraphStore) -> Graph:
    graph = Graph()
    rows = store.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{INDEX_GRAPH}> {{ ?s ?p ?o }} }}").rows
    for s, p, o in rows:
        graph.add((s, p, o))  # type: ignore[arg-type]
    return graph


def test_the_build_indexes_what_each_document_mentions(reasoned: Dataset) -> None:
    index = reasoned.graph(INDEX_GRAPH)
    assert (ARTICLE, INDEX.mentions, KG["china"]) in index
    assert (BIS, INDEX.mentions, KG["china"]) in index
    assert (ARTICLE, INDEX.mentions, KG["core-technology-dependence"]) in index
    # an entity only the article names is not shared; one both name is
    assert (KG["china"], INDEX.shared, Literal(True)) in index
    assert (KG["core-technology-dependence"], INDEX.shared, Literal(True)) in index
    assert (KG["insufficient-enterprise-investment"], INDEX.shared, Literal(True)) not in index
    # not a type: commands that list a node's types must not see the index
    assert not set(index.objects(None, RDF.type))
    # nothing but documents mention, and only typed entities and elements are indexed
    assert {s for s, p, _ in index if p == INDEX.mentions} <= {ARTICLE, BIS}
    quotes = [o for _, p, o in reasoned.triples((None, None, None)) if str(p).endswith("#quote")]
    assert not any((None, INDEX.mentions, q) in index for q in quotes[:5])


def test_sparql_and_python_write_the_same_index(reasoned: Dataset) -> None:
    """The store's index (the benchmark, ``htkg add --store``) equals the build's."""
    expected = Graph()
    for triple in reasoned.graph(INDEX_GRAPH):
        expected.add(triple)
    assert len(expected) > 100
    plain = _without_index(reasoned)
    for store in (OxigraphStore(), _UpdatesOnly()):
        store.replace(plain)
        rebuild_index(store)
        assert to_isomorphic(_index_of(store)) == to_isomorphic(expected), store.spec


def test_one_document_at_a_time_adds_up_to_the_whole(reasoned: Dataset) -> None:
    store = OxigraphStore()
    store.replace(_without_index(reasoned))
    documents: list[URIRef] = [ARTICLE, BIS]
    for document in documents:
        index_added(store, document)
    expected = Graph()
    for triple in reasoned.graph(INDEX_GRAPH):
        expected.add(triple)
    assert to_isomorphic(_index_of(store)) == to_isomorphic(expected)
