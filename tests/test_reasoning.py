"""What reasoning promises on the article, with the default reasoner (rules) and owlrl.

The if/then expectations of each rule are data, tests/data/rules/<rule-id>.trig,
checked on the article by ``tests/test_rules.py::test_rule``; here are the
article's own facts (the direct edges are exactly the causal links, the vicious
circle closes) and what a reasoner must leave alone. Inferred triples are
looked up in the inferred graph only, so a test fails if the triple was merely
asserted.
"""

from __future__ import annotations

import pytest
from rdflib import Dataset, URIRef
from rdflib.compare import to_isomorphic
from rdflib.namespace import RDF

from htkg.paths import ProjectPaths
from htkg.rdf.namespaces import HTKG, INFERRED_GRAPH, KG, document_graph
from htkg.reasoning import REASONERS
from htkg.reasoning.owlrl_reasoner import reason
from htkg.workflow import run_build

ARTICLE = document_graph("article")


@pytest.fixture(scope="module", params=REASONERS)
def reasoned(request: pytest.FixtureRequest, paths: ProjectPaths) -> Dataset:
    """Every promise holds with the default reasoner (rules) and with owlrl."""
    return run_build(paths, reasoner=request.param)


def _inferred(dataset: Dataset):
    return dataset.graph(INFERRED_GRAPH)


def _causal_pairs(graph) -> set[tuple[URIRef, URIRef]]:
    return {
        (graph.value(link, HTKG.cause), graph.value(link, HTKG.effect))
        for link in graph.subjects(RDF.type, HTKG.CausalLink)
    }


def test_the_direct_edges_are_exactly_the_causal_links(reasoned: Dataset) -> None:
    """A directlyInfluences B if and only if some L cause A and L effect B (prp-spo2).

    Causal links come from every source document (the article and data/literature/).
    """
    documents = [g for g in reasoned.graphs() if g.identifier != INFERRED_GRAPH]
    links = set().union(*(_causal_pairs(g) for g in documents))
    direct = set(_inferred(reasoned).subject_objects(HTKG.directlyInfluences))
    assert len(links) > 30
    assert direct == links


def test_prp_trp_reaches_beyond_the_direct_edges(reasoned: Dataset) -> None:
    """influences (transitive) holds for more pairs than the direct edges."""
    inferred = _inferred(reasoned)
    influences = set(inferred.subject_objects(HTKG.influences))
    assert len(influences) > len(set(inferred.subject_objects(HTKG.directlyInfluences)))


def test_prp_trp_finds_the_vicious_circle(reasoned: Dataset) -> None:
    """If the links of the vicious circle close, then low investment influences itself."""
    investment = KG["insufficient-enterprise-investment"]
    assert (investment, HTKG.influences, investment) in _inferred(reasoned)


def test_reasoning_leaves_the_asserted_graphs_unchanged_and_finds_no_contradiction(
    asserted: Dataset,
) -> None:
    import copy

    dataset = copy.deepcopy(asserted)
    before = {g.identifier: to_isomorphic(g) for g in dataset.graphs() if len(g)}
    result = reason(dataset)
    after = {
        g.identifier: to_isomorphic(g)
        for g in dataset.graphs()
        if len(g) and g.identifier != INFERRED_GRAPH
    }
    assert result.errors == []
    assert result.inferred_triples > 0
    assert before.keys() == after.keys()
    for identifier, graph in before.items():
        assert graph == after[identifier], identifier


def test_a_contradiction_is_reported_not_swallowed(asserted: Dataset) -> None:
    """If something is both a Condition and a Measure (disjoint), owlrl's error is returned."""
    import copy

    dataset = copy.deepcopy(asserted)
    dataset.graph(ARTICLE).add((KG["core-technology-dependence"], RDF.type, HTKG.Countermeasure))
    assert reason(dataset).errors


def test_the_inferred_graph_is_valid_rdf(reasoned: Dataset) -> None:
    """owlrl's literal-subject triples are dropped, so every store can load the result."""
    from rdflib import Literal

    assert not [t for t in _inferred(reasoned) if isinstance(t[0], Literal)]
