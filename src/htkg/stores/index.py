"""The cross-document index: which document mentions which entity or argument element.

The questions that matter most for linked literature ask which entities and
claims several documents discuss. Answered from the documents' graphs, each
one scans every triple of every document (seconds at a million triples);
answered from this index, a lookup. The index lives in its own named graph
(:data:`~htkg.rdf.namespaces.INDEX_GRAPH`), one triple per pair::

    kg:<slug> idx:mentions <x> .

for every IRI ``x`` that is the subject or object of a triple in the graph of
document ``kg:<slug>`` (``graph:<slug>``) and is typed (asserted or inferred)
``htkg:DomainEntity`` or ``htkg:ArgumentElement``. Aliases (``owl:sameAs``) are
not resolved in those triples; the queries do that, as they did before. Nodes
that two or more documents mention, themselves or through an alias, are also
marked ``<x> a idx:Shared``: the cross-document questions start from those
few instead of grouping every mention in the store.

It is written after reasoning, as the audit is: :func:`add_index_graph` for an
rdflib Dataset (``htkg build``), :func:`write_index` for a store (the benchmark,
``htkg add --store``), where ``documents`` limits it to some documents.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rdflib import Dataset, URIRef
from rdflib.namespace import OWL, RDF
from rdflib.term import Node

from htkg.rdf.namespaces import GRAPH, HTKG, INDEX, INDEX_GRAPH, KG
from htkg.stores.base import Store

#: Which typed nodes the index records.
INDEXED_TYPES = (HTKG.DomainEntity, HTKG.ArgumentElement)

#: One side at a time (a UNION of the two was 8x slower on Oxigraph), typed nodes
#: first, then the document graphs joined on their names (a hash join; a
#: ``FILTER EXISTS`` per solution was 5x slower).
_PAIRS = """SELECT DISTINCT ?document ?x WHERE {{
  {{ SELECT DISTINCT ?g ?x WHERE {{
    GRAPH ?typed {{ ?x a ?type }} VALUES ?type {{ {types} }}
    GRAPH ?g {{ {pattern} }}
  }} }}
  {{ SELECT DISTINCT ?document ?g WHERE {{
    GRAPH ?any {{ ?document a <{document}> }} {values}
    BIND(IRI(CONCAT("{graph}", STRAFTER(STR(?document), "{kg}"))) AS ?g)
  }} }}
}}"""
SIDES = ("?x ?p ?o", "?s ?q ?x")


def pairs_queries(documents: Iterable[URIRef] | None = None) -> list[str]:
    """SELECTs of (document, mentioned node) pairs, for some documents or all: one per side."""
    values = ""
    if documents is not None:
        values = "VALUES ?document { " + " ".join(d.n3() for d in documents) + " }"
    return [
        _PAIRS.format(
            document=HTKG.Document,
            values=values,
            graph=GRAPH,
            kg=KG,
            types=" ".join(t.n3() for t in INDEXED_TYPES),
            pattern=pattern,
        )
        for pattern in SIDES
    ]


#: Nodes that two or more documents mention (themselves or through an ``owl:sameAs``
#: alias), for some nodes (``{nodes}``: a pattern binding ``?x``) or all.
_SHARED = """SELECT ?x WHERE {{
  {{ SELECT ?x (COUNT(DISTINCT ?d) AS ?n) WHERE {{
    {nodes}
    {{ GRAPH <{index}> {{ ?d <{mentions}> ?x }} }}
    UNION
    {{ GRAPH ?same {{ ?x <{same_as}> ?alias }} GRAPH <{index}> {{ ?d <{mentions}> ?alias }} }}
  }} GROUP BY ?x }}
  FILTER(?n > 1)
}}"""


def shared_query(document: URIRef | None = None) -> str:
    """The SELECT of shared nodes: all, or those ``document`` mentions and their aliases."""
    nodes = ""
    if document is not None:
        nodes = (
            f"{{ SELECT DISTINCT ?x WHERE {{ GRAPH <{INDEX_GRAPH}> {{ {document.n3()} "
            f"<{INDEX.mentions}> ?m }} {{ BIND(?m AS ?x) }} UNION "
            f"{{ GRAPH ?any {{ ?m <{OWL.sameAs}> ?x }} }} }} }}"
        )
    return _SHARED.format(
        nodes=nodes, index=INDEX_GRAPH, mentions=INDEX.mentions, same_as=OWL.sameAs
    )


def add_index_graph(dataset: Dataset) -> int:
    """Replace the index graph of ``dataset`` by one computed from its graphs; its size.

    In Python rather than SPARQL: rdflib answers ``GRAPH ?g`` patterns slowly,
    and a set intersection per document graph is all it takes.
    """
    graphs = [g for g in dataset.graphs() if g.identifier != INDEX_GRAPH]
    typed = {x for g in graphs for t in INDEXED_TYPES for x in g.subjects(RDF.type, t)}
    documents = {x for g in graphs for x in g.subjects(RDF.type, HTKG.Document)}
    index = dataset.graph(INDEX_GRAPH)
    index.remove((None, None, None))
    mentioned_in: dict[Node, set[Node]] = defaultdict(set)
    for graph in graphs:
        name = str(graph.identifier)
        document = KG[name.removeprefix(str(GRAPH))]
        if not name.startswith(str(GRAPH)) or document not in documents:
            continue
        mentioned = set(graph.subjects()) | {o for o in graph.objects() if isinstance(o, URIRef)}
        for node in mentioned & typed:
            index.add((document, INDEX.mentions, node))
            mentioned_in[node].add(document)
    aliases: dict[Node, set[Node]] = defaultdict(set)
    for graph in graphs:
        for x, alias in graph.subject_objects(OWL.sameAs):
            aliases[x].add(alias)
    for node in {*mentioned_in, *aliases}:
        found = set(mentioned_in.get(node, ()))
        for alias in aliases.get(node, ()):
            found |= mentioned_in.get(alias, set())
        if len(found) > 1:
            index.add((node, RDF.type, INDEX.Shared))
    return len(index)


def write_index(store: Store, documents: Iterable[URIRef] | None = None) -> None:
    """Add the index triples of ``documents`` (all when ``None``) to ``store``'s index graph.

    On Oxigraph the pairs come from a ``CONSTRUCT`` serialised by the engine and go
    in with the bulk loader; elsewhere one ``INSERT … WHERE``.
    """
    construct = getattr(store, "construct", None)
    for select in pairs_queries(documents):
        if construct is not None:
            head = f"CONSTRUCT {{ ?document <{INDEX.mentions}> ?x }}"
            lines = construct(f"{head} WHERE {{ {select} }}")
            store.add_triples(lines.splitlines(), INDEX_GRAPH)  # type: ignore[attr-defined]
        else:
            store.update(
                f"INSERT {{ GRAPH <{INDEX_GRAPH}> {{ ?document <{INDEX.mentions}> ?x }} }} "
                f"WHERE {{ {select} }}"
            )

    _write_shared(store, None if documents is None else list(documents))


def _write_shared(store: Store, documents: list[URIRef] | None) -> None:
    """Mark the nodes two or more documents mention ``idx:Shared`` (those the documents name)."""
    for document in [None] if documents is None else documents:
        select = shared_query(document)
        store.update(
            f"INSERT {{ GRAPH <{INDEX_GRAPH}> {{ ?x a <{INDEX.Shared}> }} }} WHERE {{ {select} }}"
        )


def rebuild_index(store: Store) -> None:
    """Drop the store's index graph and write it again for every document."""
    store.update(f"DROP SILENT GRAPH <{INDEX_GRAPH}>")
    write_index(store)
