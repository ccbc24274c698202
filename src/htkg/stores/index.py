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
marked ``<x> idx:shared true`` (not a type: commands that list a node's types
must not see it): the cross-document questions start from those
few instead of grouping every mention in the store.

It is written after reasoning, as the audit is: :func:`add_index_graph` for an
rdflib Dataset (``htkg build``), :func:`write_index` for a store (the benchmark,
``htkg add --store``), where ``documents`` limits it to some documents.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import OWL, RDF
from rdflib.term import Node

from htkg.rdf.namespaces import GRAPH, HTKG, INDEX, INDEX_GRAPH, KG
from htkg.stores.base import Store

#: Which typed nodes the index records.
INDEXED_TYPES = (HTKG.DomainEntity, HTKG.ArgumentElement)
#: the object of ``idx:shared``
TRUE = Literal(True)

#: One side at a time (a UNION of the two was 8x slower on Oxigraph), typed nodes
#: first, then the document graphs joined on their names (a hash join; a
#: ``FILTER EXISTS`` per solution was 5x slower).
_PAIRS = """SELECT DISTINCT ?document ?x WHERE {{
  {{ SELECT DISTINCT ?g ?x WHERE {{
    {nodes} GRAPH ?typed {{ ?x a ?type }} VALUES ?type {{ {types} }}
    GRAPH ?g {{ {pattern} }}
  }} }}
  {{ SELECT DISTINCT ?document ?g WHERE {{
    GRAPH ?any {{ ?document a <{document}> }}
    BIND(IRI(CONCAT("{graph}", STRAFTER(STR(?document), "{kg}"))) AS ?g)
  }} }}
}}"""
#: The same for one document: its graph first (named, so nothing else is read).
_DOCUMENT_PAIRS = """SELECT DISTINCT ?document ?x WHERE {{
  GRAPH <{name}> {{ {pattern} FILTER(isIRI(?x)) }}
  GRAPH ?typed {{ ?x a ?type }} VALUES ?type {{ {types} }}
  BIND({document} AS ?document)
}}"""
SIDES = ("?x ?p ?o", "?s ?q ?x")
_TYPES = " ".join(t.n3() for t in INDEXED_TYPES)


def pairs_queries(
    documents: Iterable[URIRef] | None = None, nodes: Iterable[URIRef] | None = None
) -> list[str]:
    """SELECTs of (document, mentioned node) pairs: one per side, per document given.

    ``documents``: only these documents' pairs; ``nodes``: only pairs with these
    nodes, in any document; neither: every pair.
    """
    if documents is not None:
        return [
            _DOCUMENT_PAIRS.format(
                name=GRAPH[str(d).removeprefix(str(KG))], document=d.n3(), types=_TYPES,
                pattern=pattern,
            )
            for d in documents
            for pattern in SIDES
        ]  # fmt: skip
    restrict = "" if nodes is None else f"VALUES ?x {{ {' '.join(n.n3() for n in nodes)} }}"
    return [
        _PAIRS.format(document=HTKG.Document, graph=GRAPH, kg=KG, types=_TYPES,
                      pattern=pattern, nodes=restrict)
        for pattern in SIDES
    ]  # fmt: skip


#: Nodes that two or more documents mention (themselves or through an ``owl:sameAs``
#: alias), among some nodes (``{nodes}``: a ``VALUES ?x``) or all.
_SHARED = """SELECT ?x WHERE {{
  {{ SELECT ?x (COUNT(DISTINCT ?d) AS ?n) WHERE {{
    {{ {nodes} GRAPH <{index}> {{ ?d <{mentions}> ?x }} }}
    UNION
    {{ {nodes} GRAPH ?same {{ ?x <{same_as}> ?alias }}
       GRAPH <{index}> {{ ?d <{mentions}> ?alias }} }}
  }} GROUP BY ?x }}
  FILTER(?n > 1)
}}"""


def shared_query(nodes: Iterable[URIRef] | None = None) -> str:
    """The SELECT of shared nodes: all, or among ``nodes``."""
    restrict = "" if nodes is None else f"VALUES ?x {{ {' '.join(n.n3() for n in nodes)} }}"
    return _SHARED.format(
        nodes=restrict, index=INDEX_GRAPH, mentions=INDEX.mentions, same_as=OWL.sameAs
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
            index.add((node, INDEX.shared, TRUE))
    return len(index)


def write_index(store: Store) -> None:
    """Add every document's index triples to ``store``'s index graph (see :func:`rebuild_index`).

    On Oxigraph the pairs come from a ``CONSTRUCT`` serialised by the engine and go
    in with the bulk loader; elsewhere by ``INSERT … WHERE``.
    """
    _insert_pairs(store, pairs_queries())
    _insert_shared(store, None)


def index_added(store: Store, document: URIRef, typed: Iterable[URIRef] = ()) -> None:
    """Bring the index up to date after ``document`` was added (and reasoned).

    ``typed``: nodes that gained an indexed type with it; other documents that
    mention them are now indexed as mentioning them. Then the nodes the
    document mentions, those, and their aliases are marked shared if they are.
    """
    index_joined(store, typed, _insert_document_pairs(store, document))


def index_joined(store: Store, typed: Iterable[URIRef], nodes: Iterable[URIRef]) -> None:
    """Bring the index up to date for ``nodes`` whose aliases may have changed.

    ``typed``: nodes that gained an indexed type; the documents that mention
    them are now indexed as mentioning them. ``typed``, ``nodes`` and their
    aliases are then marked shared if two documents mention them between them.
    """
    typed = sorted(set(typed))
    if typed:
        _insert_pairs(store, pairs_queries(nodes=typed))
    found = set(nodes) | set(typed)
    if not found:
        return
    values = " ".join(n.n3() for n in found)
    same = f"GRAPH ?g {{ ?x <{OWL.sameAs}> ?a }}"
    aliases = store.query(f"SELECT DISTINCT ?a WHERE {{ VALUES ?x {{ {values} }} {same} }}").rows
    found |= {row[0] for row in aliases if isinstance(row[0], URIRef)}
    _insert_shared(store, sorted(found))


def _insert_document_pairs(store: Store, document: URIRef) -> list[URIRef]:
    """Index one document: the IRIs its graph names, then which of them are typed;
    return those (the nodes it mentions).

    Two lookups, where the one query of :func:`pairs_queries` took 2 s at a million
    triples: Oxigraph read every typed node of the store and joined them on the
    document's few hundred.
    """
    name = GRAPH[str(document).removeprefix(str(KG))]
    named = store.query(
        f"SELECT DISTINCT ?x WHERE {{ GRAPH <{name}> {{ {{ ?x ?p ?o }} UNION {{ ?s ?q ?x }} }} "
        "FILTER(isIRI(?x)) }"
    ).rows
    nodes = " ".join(row[0].n3() for row in named if isinstance(row[0], URIRef))
    if not nodes:
        return []
    rows = store.query(
        f"SELECT DISTINCT ?x WHERE {{ VALUES ?x {{ {nodes} }} VALUES ?type {{ {_TYPES} }} "
        "GRAPH ?typed { ?x a ?type } }"
    ).rows
    typed = [row[0] for row in rows if isinstance(row[0], URIRef)]
    pairs = " ".join(f"{document.n3()} <{INDEX.mentions}> {node.n3()} ." for node in typed)
    if pairs:
        store.update(f"INSERT DATA {{ GRAPH <{INDEX_GRAPH}> {{ {pairs} }} }}")
    return typed


def _insert_pairs(store: Store, selects: list[str]) -> None:
    construct = getattr(store, "construct", None)
    for select in selects:
        if construct is not None:
            head = f"CONSTRUCT {{ ?document <{INDEX.mentions}> ?x }}"
            lines = construct(f"{head} WHERE {{ {select} }}")
            store.add_triples(lines.splitlines(), INDEX_GRAPH)  # type: ignore[attr-defined]
        else:
            store.update(
                f"INSERT {{ GRAPH <{INDEX_GRAPH}> {{ ?document <{INDEX.mentions}> ?x }} }} "
                f"WHERE {{ {select} }}"
            )


def _insert_shared(store: Store, nodes: list[URIRef] | None) -> None:
    """Mark the shared nodes (among ``nodes``, or all) ``idx:shared true``."""
    select = shared_query(nodes)
    store.update(
        f"INSERT {{ GRAPH <{INDEX_GRAPH}> {{ ?x <{INDEX.shared}> true }} }} WHERE {{ {select} }}"
    )


def rebuild_index(store: Store) -> None:
    """Drop the store's index graph and write it again for every document."""
    store.update(f"DROP SILENT GRAPH <{INDEX_GRAPH}>")
    write_index(store)
