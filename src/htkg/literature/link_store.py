"""``htkg link --store``: reconcile the documents of a store and update its links in place.

A shared store grows by ``htkg add --store``, which writes nothing under
``data/``: the store, not the project's files, holds the documents to join.
So the reconciliation reads the store — through its index graph (which
document mentions which entity, :mod:`htkg.stores.index`) and the entities'
own triples, a few thousand rows rather than every triple — and the joins go
back into the store's links graph, where the confirmed ones are read from on
the next run.

The store is then brought up to date as ``htkg add --store`` does, all or
nothing on Oxigraph (a checkpoint swapped in at the end): joins only added
are reasoned semi-naively from the new ``owl:sameAs`` triples; a join
dropped (an entity gone) cannot be un-derived, so the inferred graph and the
index are rebuilt. Either way the result equals ``htkg build`` of the same
graphs.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import OWL

from htkg.errors import StoreError, ValidationFailed
from htkg.literature.add import TYPED, change_all_or_nothing
from htkg.rdf.namespaces import (
    GRAPH,
    HTKG,
    INDEX,
    INDEX_GRAPH,
    KG,
    LINKS_GRAPH,
    ONTOLOGY_GRAPH,
)
from htkg.stores.base import Store

#: the joins added by this run, reasoned from (scratch, dropped before the end)
_ADDED = GRAPH["scratch-links"]

#: Each entity a document mentions (from the index) and its triples in that
#: document's graph: what reconciliation reads of a document.
_ENTITY_TRIPLES = f"""SELECT ?g ?x ?p ?o WHERE {{
  GRAPH <{INDEX_GRAPH}> {{ ?document <{INDEX.mentions}> ?x }}
  ?x a <{HTKG.DomainEntity}> .
  BIND(IRI(CONCAT("{GRAPH}", STRAFTER(STR(?document), "{KG}"))) AS ?g)
  OPTIONAL {{ GRAPH ?g {{ ?x ?p ?o }} }}
}}"""


def reconciliation_input(store: Store) -> Dataset:
    """The store's documents as :func:`~htkg.literature.reconcile.reconcile` reads them.

    Each document graph holds the triples of the entities it mentions, and one
    ``kg:<doc> idx:mentions <entity>`` per mention, so an entity the document
    only points at (as an object) still counts as used there. The ontology
    graph is copied whole (for the class closure).
    """
    if not store.ask(f"ASK {{ GRAPH <{INDEX_GRAPH}> {{ ?s ?p ?o }} }}"):
        raise StoreError(
            f"{store.spec}: no index graph; rebuild the store with `htkg build --store`"
        )
    dataset = Dataset()
    ontology = dataset.graph(ONTOLOGY_GRAPH)
    ontology += store.graph(ONTOLOGY_GRAPH)
    for g, x, p, o in store.query(_ENTITY_TRIPLES, union=True).rows:
        assert isinstance(g, URIRef) and isinstance(x, URIRef)  # bound by the query
        graph = dataset.graph(g)
        graph.add((KG[str(g).removeprefix(str(GRAPH))], INDEX.mentions, x))
        if p is not None and o is not None:
            graph.add((x, p, o))
    return dataset


def stored_links(store: Store) -> Graph:
    """The store's links graph (the joins of the last ``htkg link --store``, or the build's)."""
    return store.graph(LINKS_GRAPH)


@dataclass
class LinkUpdate:
    """What updating a store's links did."""

    added: int
    removed: int
    inferred: int = 0
    #: a join was dropped: everything was rematerialised
    full: bool = False
    seconds: float = 0.0


def update_links(
    store: Store,
    links: Graph,
    derive: Sequence[tuple[str, Callable[[Store], object]]] = (),
    progress: Callable[[str], None] = lambda _: None,
) -> LinkUpdate:
    """Make ``links`` the store's links graph, and reasoning, index and ``derive`` agree."""
    from htkg.reasoning.incremental import materialise_added, rematerialise
    from htkg.stores.index import index_joined, rebuild_index

    started = time.perf_counter()
    before = stored_links(store)
    added, removed = links - before, before - links
    done = LinkUpdate(len(added), len(removed), full=bool(removed))
    if not added and not removed:
        return done

    def prepare(target: Store) -> None:
        progress(f"writing {len(links)} triples to {LINKS_GRAPH}")
        target.update(f"DROP SILENT GRAPH <{LINKS_GRAPH}>")
        target.load_graph(LINKS_GRAPH, links)
        if done.full:
            progress("reasoning (a join was dropped: everything again)")
            result = rematerialise(target)
            errors, done.inferred = result.errors, result.inferred_triples
        else:
            progress("reasoning (semi-naive, from the new joins)")
            target.load_graph(_ADDED, added)
            reasoned = materialise_added(target, [_ADDED], keep=TYPED)
            target.update(f"DROP SILENT GRAPH <{_ADDED}>")
            errors, done.inferred = reasoned.errors, reasoned.inferred_added
            done.full = reasoned.full
        if errors:
            raise ValidationFailed(f"the joins are inconsistent under OWL 2 RL: {errors[0]}")
        progress("indexing")
        if done.full:
            rebuild_index(target)
        else:
            typed = [r[0] for r in target.query(
                f"SELECT DISTINCT ?x WHERE {{ GRAPH <{TYPED}> {{ ?x a ?t }} FILTER(isIRI(?x)) }}"
            ).rows if isinstance(r[0], URIRef)]  # fmt: skip
            joined = {n for t in added if t[1] == OWL.sameAs for n in (t[0], t[2])}
            index_joined(target, typed, sorted(n for n in joined if isinstance(n, URIRef)))
        target.update(f"DROP SILENT GRAPH <{TYPED}>")

    change_all_or_nothing(store, prepare, derive, progress)
    done.seconds = time.perf_counter() - started
    return done
