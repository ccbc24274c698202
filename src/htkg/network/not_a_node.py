"""What to tell someone who starts a trace from a term that is not in the causal network.

``kg:china`` exists (an economy), but a trace runs over constraints, conditions,
findings, events and measures; "unknown term" would be wrong. The message says
what the term is and which command answers questions about it.
"""

from __future__ import annotations

from rdflib import Dataset, URIRef
from rdflib.namespace import RDF

from htkg.rdf.namespaces import INFERRED_GRAPH, ONTOLOGY_GRAPH, curie


def not_a_node(dataset: Dataset, term: str, iri: URIRef) -> str:
    """The one-line message for ``iri``, which no trace can start from."""
    graphs = [g for g in dataset.graphs() if g.identifier != INFERRED_GRAPH]
    classes = sorted({curie(str(c)) for g in graphs for c in g.objects(iri, RDF.type)})
    if not classes and not any((iri, None, None) in g for g in dataset.graphs()):
        return f"unknown term {term!r}: nothing in the graph has this IRI"
    name = curie(str(iri))
    kinds = ", ".join(classes) if classes else "a term"
    if any((iri, None, None) in g for g in graphs if g.identifier == ONTOLOGY_GRAPH):
        ask = f"htkg query -e 'DESCRIBE {name}'"
        what = f"an ontology term ({kinds})"
    else:
        ask = f"htkg query cq94 --param entity={name}"
        if "htkg:Economy" in classes:
            ask = f"htkg query cq16 --param economy={name} or {ask}"
        what = f"{'an' if kinds[:1].lower() in 'aeiou' else 'a'} {kinds}" if classes else kinds
    return (
        f"{term!r} is {what}, not a node of the causal network (constraints, conditions, "
        f"findings, events, measures); ask about it with: {ask}"
    )
