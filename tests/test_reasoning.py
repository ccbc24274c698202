"""One test per inference the ontology promises, named after the OWL 2 RL rule.

Each docstring reads: if <asserted pattern>, then <inferred triple>. The
inferred triples are looked up in the inferred graph only, so a test fails if
the triple was merely asserted.
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


def test_prp_spo2_direct_influence_agrees_with_the_causal_links(reasoned: Dataset) -> None:
    """If L cause A and L effect B, then A directlyInfluences B — and no other direct edge.

    Causal links come from every source document (the article and data/literature/).
    """
    documents = [g for g in reasoned.graphs() if g.identifier != INFERRED_GRAPH]
    links = set().union(*(_causal_pairs(g) for g in documents))
    direct = set(_inferred(reasoned).subject_objects(HTKG.directlyInfluences))
    assert len(links) > 30
    assert direct == links


def test_prp_inv_cause_of(reasoned: Dataset) -> None:
    """If L cause A, then A causeOf L (inverse property)."""
    article, inferred = reasoned.graph(ARTICLE), _inferred(reasoned)
    for link, cause in article.subject_objects(HTKG.cause):
        assert (cause, HTKG.causeOf, link) in inferred


def test_prp_trp_influences_is_transitive(reasoned: Dataset) -> None:
    """If A influences B and B influences C, then A influences C."""
    inferred = _inferred(reasoned)
    influences = set(inferred.subject_objects(HTKG.influences))
    two_step = {(a, c) for a, b in influences for b2, c in influences if b == b2}
    assert two_step <= influences
    assert len(influences) > len(set(inferred.subject_objects(HTKG.directlyInfluences)))


def test_prp_trp_finds_the_vicious_circle(reasoned: Dataset) -> None:
    """If the links of the vicious circle close, then low investment influences itself."""
    investment = KG["insufficient-enterprise-investment"]
    assert (investment, HTKG.influences, investment) in _inferred(reasoned)


def test_prp_inv_is_influenced_by(reasoned: Dataset) -> None:
    """If A influences B, then B isInfluencedBy A."""
    inferred = _inferred(reasoned)
    for a, b in inferred.subject_objects(HTKG.influences):
        assert (b, HTKG.isInfluencedBy, a) in inferred


def test_prp_spo2_addresses_from_response_links(reasoned: Dataset) -> None:
    """If R measure M and R target C, then M addresses C."""
    article, inferred = reasoned.graph(ARTICLE), _inferred(reasoned)
    for link in article.subjects(RDF.type, HTKG.ResponseLink):
        measure, target = article.value(link, HTKG.measure), article.value(link, HTKG.target)
        assert (measure, HTKG.addresses, target) in inferred


def test_prp_spo2_countermeasure_inherits_what_its_sub_measures_address(reasoned: Dataset) -> None:
    """If CM hasSubMeasure S and S addresses C, then CM addresses C."""
    article, inferred = reasoned.graph(ARTICLE), _inferred(reasoned)
    checked = 0
    for sub, countermeasure in article.subject_objects(HTKG.partOfMeasure):
        for target in inferred.objects(sub, HTKG.addresses):
            assert (countermeasure, HTKG.addresses, target) in inferred
            checked += 1
    assert checked > 0


def test_prp_spo2_bears_on_reaches_downstream_conditions(reasoned: Dataset) -> None:
    """If M addresses C and C influences F, then M bearsOn F."""
    inferred = _inferred(reasoned)
    pairs = 0
    for measure, condition in inferred.subject_objects(HTKG.addresses):
        for downstream in inferred.objects(condition, HTKG.influences):
            assert (measure, HTKG.bearsOn, downstream) in inferred
            pairs += 1
    assert pairs > 0


def test_prp_spo1_addresses_implies_bears_on(reasoned: Dataset) -> None:
    """If M addresses C, then M bearsOn C (sub-property)."""
    inferred = _inferred(reasoned)
    for measure, condition in inferred.subject_objects(HTKG.addresses):
        assert (measure, HTKG.bearsOn, condition) in inferred


def test_prp_spo2_stated_in_from_the_section(reasoned: Dataset) -> None:
    """If X inSection S and S sectionOf D, then X statedIn D (and D states X)."""
    article, inferred = reasoned.graph(ARTICLE), _inferred(reasoned)
    for claim in article.subjects(HTKG.inSection, None):
        assert (claim, HTKG.statedIn, KG["article"]) in inferred
        assert (KG["article"], HTKG.states, claim) in inferred


def test_prp_trp_sub_factor_of_is_transitive(reasoned: Dataset) -> None:
    """If A subFactorOf B and B subFactorOf C, then A subFactorOf C."""
    article, inferred = reasoned.graph(ARTICLE), _inferred(reasoned)
    chains = [
        (child, grandparent)
        for child, parent in article.subject_objects(HTKG.subFactorOf)
        for grandparent in article.objects(parent, HTKG.subFactorOf)
    ]
    assert chains, "the article has sub-sub-factors (e.g. the rush to build parks)"
    for child, grandparent in chains:
        assert (child, HTKG.subFactorOf, grandparent) in inferred


def test_prp_inv_has_sub_factor(reasoned: Dataset) -> None:
    """If A subFactorOf B, then B hasSubFactor A."""
    article, inferred = reasoned.graph(ARTICLE), _inferred(reasoned)
    for child, parent in article.subject_objects(HTKG.subFactorOf):
        assert (parent, HTKG.hasSubFactor, child) in inferred


def test_prp_spo1_specific_involvement_is_involvement(reasoned: Dataset) -> None:
    """If X refMarket M (or involvesMarket M), then X involves M, and M isInvolvedIn X."""
    article, inferred = reasoned.graph(ARTICLE), _inferred(reasoned)
    observations = list(article.subject_objects(HTKG.refMarket))
    assert observations
    for observation, market in observations:
        assert (observation, HTKG.involves, market) in inferred
        assert (market, HTKG.isInvolvedIn, observation) in inferred


def test_cax_sco_findings_and_factors_are_conditions(reasoned: Dataset) -> None:
    """If X a Finding (or ConstraintFactor), then X a Condition and an ArgumentElement."""
    article, inferred = reasoned.graph(ARTICLE), _inferred(reasoned)
    for cls in (HTKG.Finding, HTKG.ConstraintFactor, HTKG.SubFactor):
        for member in article.subjects(RDF.type, cls):
            assert (member, RDF.type, HTKG.Condition) in inferred
            assert (member, RDF.type, HTKG.ArgumentElement) in inferred


def test_cax_sco_observations_are_data_cube_observations_and_claims(reasoned: Dataset) -> None:
    """If X a htkg:Observation, then X a qb:Observation and a htkg:Claim."""
    from htkg.rdf.namespaces import QB

    article, inferred = reasoned.graph(ARTICLE), _inferred(reasoned)
    for observation in article.subjects(RDF.type, HTKG.Observation):
        assert (observation, RDF.type, QB.Observation) in inferred
        assert (observation, RDF.type, HTKG.Claim) in inferred


def test_prp_rng_refield_types_the_field(reasoned: Dataset) -> None:
    """If X refField F, then F a TechField (range of involvesField)."""
    article = reasoned.graph(ARTICLE)
    union = reasoned.graph(ARTICLE) + _inferred(reasoned)
    for _, field in article.subject_objects(HTKG.refField):
        assert (field, RDF.type, HTKG.TechField) in union


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
