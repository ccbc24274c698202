"""How good a draft is: its candidates against a document the project has encoded by hand.

The article is the gold standard: its causal and response links' quotes, its
figures (value and quote) and the entities its graph uses. A gold link is found
when a candidate's quote overlaps its quote (one contains the other, or they
share a run of at least half the shorter); a candidate is right when it
overlaps any gold link; proposed ends (cause and effect, measure and target)
are right when a gold link with an overlapping quote has exactly those. A
figure is found when a candidate has its value and an overlapping quote.
Entity mentions are compared with the entities the document's graph uses; the
labels the draft matches come from the graph, so this measures coverage of the
text's names, not discovery of new ones.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from rdflib import Dataset, URIRef
from rdflib.namespace import RDF

from htkg.literature.draft import Draft
from htkg.literature.index import build_index
from htkg.pipeline.quotes import without_whitespace
from htkg.rdf.namespaces import HTKG, document_graph


def overlaps(a: str, b: str) -> bool:
    """One quote contains the other, or they share a run of half the shorter.

    >>> overlaps("出口管制导致进口困难", "由于依赖，出口管制导致进口困难，进而")
    True
    """
    a, b = without_whitespace(a), without_whitespace(b)
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match()
    return match.size >= min(len(a), len(b)) / 2


def _ratio(hit: int, total: int) -> float:
    return round(hit / total, 2) if total else 0.0


def evaluate(dataset: Dataset, slug: str, result: Draft) -> dict[str, dict[str, float | int]]:
    """Recall and precision of the draft's links, figures and entity mentions."""
    graph = dataset.graph(document_graph(slug))
    nodes = [n for cls in (HTKG.CausalLink, HTKG.ResponseLink)
             for n in graph.subjects(RDF.type, cls)]  # fmt: skip
    links = [str(q) for node in nodes for q in graph.objects(node, HTKG.quote)]
    quotes = [c.quote for c in result.links]
    found = sum(any(overlaps(g, q) for q in quotes) for g in links)
    right = sum(any(overlaps(q, g) for g in links) for q in quotes)
    pairs = [
        (str(graph.value(n, HTKG.quote)),
         graph.value(n, HTKG.cause) or graph.value(n, HTKG.measure),
         graph.value(n, HTKG.effect) or graph.value(n, HTKG.target))
        for n in nodes
    ]  # fmt: skip
    both = [c for c in result.links if c.source is not None and c.target is not None]
    ends_right = sum(
        any(overlaps(c.quote, q) and (c.source, c.target) == (a, b) for q, a, b in pairs)
        for c in both
    )
    figures = [(str(graph.value(o, HTKG.value)), str(graph.value(o, HTKG.quote)))
               for o in graph.subjects(RDF.type, HTKG.Observation)]  # fmt: skip
    cands = [(f.value, f.quote) for f in result.figures]

    def same(fig: tuple[str, str], cand: tuple[str, str]) -> bool:
        return fig[0] == cand[0] and overlaps(fig[1], cand[1])

    fig_found = sum(any(same(g, c) for c in cands) for g in figures)
    fig_right = sum(any(same(g, c) for g in figures) for c in cands)
    index = build_index(dataset)
    used = {s for s in index.graphs_of if document_graph(slug) in index.graphs_of[s]
            and HTKG.DomainEntity in index.classes.get(s, set())}  # fmt: skip
    mentioned: set[URIRef] = set(result.mentions)
    return {
        "links": {"gold": len(links), "candidates": len(quotes),
                  "recall": _ratio(found, len(links)), "precision": _ratio(right, len(quotes))},
        "link ends": {"proposed": len(both), "right": ends_right,
                      "precision": _ratio(ends_right, len(both))},
        "figures": {"gold": len(figures), "candidates": len(cands),
                    "recall": _ratio(fig_found, len(figures)),
                    "precision": _ratio(fig_right, len(cands))},
        "entities": {"gold": len(used), "candidates": len(mentioned),
                     "recall": _ratio(len(used & mentioned), len(used)),
                     "precision": _ratio(len(used & mentioned), len(mentioned))},
        "seconds": {"draft": result.seconds},
    }  # fmt: skip
