"""The SPARQL-update rules (htkg.reasoning.rules) against owlrl, and one test per rule.

The comparison with owlrl is over every triple the rules are about
(:func:`htkg.reasoning.rules.in_scope`): all triples whose predicate is an ``htkg:``
property, ``rdf:type`` triples whose class is an ``htkg:`` or ``qb:`` class, and
``rdfs:subClassOf`` / ``rdfs:subPropertyOf`` / ``rdfs:domain`` / ``rdfs:range``
triples between ``htkg:``/``qb:`` terms. Left out, because no rule here makes
them and no query uses them: owlrl's typing of literals and datatypes,
``owl:Thing`` memberships and other OWL-vocabulary bookkeeping.
"""

from __future__ import annotations

import json

import pytest
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from htkg.cli.main import main
from htkg.errors import InputError
from htkg.paths import ProjectPaths
from htkg.pipeline.sources import load_asserted
from htkg.rdf.namespaces import HTKG, INFERRED_GRAPH
from htkg.reasoning.catalogue import RULES
from htkg.reasoning.rules import in_scope, materialise
from htkg.stores.memory import MemoryStore
from htkg.stores.oxigraph import OxigraphStore

G = URIRef("https://example.org/graph/doc")
EX = "https://example.org/"
relevant = in_scope


def _relevant_inferred(dataset: Dataset) -> set[tuple]:
    return {t for t in dataset.graph(INFERRED_GRAPH) if relevant(t)}


@pytest.fixture(scope="module")
def owlrl_inferred(owlrl_reasoned: Dataset) -> set[tuple]:
    return _relevant_inferred(owlrl_reasoned)


def _store(kind: str, dataset: Dataset):
    if kind == "rdflib":
        return MemoryStore(dataset)
    store = OxigraphStore()
    store.bulk_load(dataset.serialize(format="nquads", encoding="utf-8"))
    return store


def _inferred(store) -> set[tuple]:
    query = f"SELECT ?s ?p ?o WHERE {{ GRAPH <{INFERRED_GRAPH}> {{ ?s ?p ?o }} }}"
    return set(store.query(query).rows)


@pytest.mark.parametrize("kind", ["oxigraph", "rdflib"])
def test_rules_give_exactly_owlrls_inferences_on_the_article(
    kind: str, paths: ProjectPaths, owlrl_inferred: set[tuple]
) -> None:
    """Same asserted graphs → the same relevant inferred triples as owlrl, none more."""
    store = _store(kind, load_asserted(paths.ontology, paths.data))
    result = materialise(store)
    ours = {t for t in _inferred(store) if relevant(t)}
    assert result.errors == []
    assert len(owlrl_inferred) > 2000
    assert ours - owlrl_inferred == set(), sorted(ours - owlrl_inferred)[:5]
    assert owlrl_inferred - ours == set(), sorted(owlrl_inferred - ours)[:5]
    # everything the rules infer is about the ontology's terms
    assert all(relevant(t) for t in _inferred(store))


def test_a_second_run_changes_nothing(paths: ProjectPaths) -> None:
    """Fixed point: materialising again rebuilds the same inferred graph."""
    store = _store("oxigraph", load_asserted(paths.ontology, paths.data))
    first = materialise(store)
    before = _inferred(store)
    second = materialise(store)
    assert second.inferred_triples == first.inferred_triples == len(before)
    assert _inferred(store) == before
    assert first.rounds >= 3  # chains feed sub-properties feed transitivity


# ------------------------------------------------------------- one per rule --

TBOX = f"""
@prefix ex: <{EX}> . @prefix owl: <{OWL}> . @prefix rdfs: <{RDFS}> .
ex:A rdfs:subClassOf ex:B . ex:B rdfs:subClassOf ex:C .
ex:C rdfs:subClassOf ex:D . ex:D rdfs:subClassOf ex:E . ex:E rdfs:subClassOf ex:F .
ex:p rdfs:subPropertyOf ex:q . ex:q rdfs:subPropertyOf ex:r .
ex:inv owl:inverseOf ex:p .
ex:t a owl:TransitiveProperty .
ex:chain owl:propertyChainAxiom ( ex:c1 ex:c2 ) .
ex:d rdfs:domain ex:A . ex:rg rdfs:range ex:A .
ex:O owl:oneOf ( ex:o1 ex:o2 ) .
ex:Dis1 owl:disjointWith ex:Dis2 .
ex:f a owl:FunctionalProperty .
"""

#: rule → (asserted data, a triple it must infer)
CASES = {
    "cax-sco": ("ex:x a ex:A .", ("x", RDF.type, "C")),
    "scm-sco": ("", ("A", RDFS.subClassOf, "C")),
    "scm-sco, several rounds": ("", ("A", RDFS.subClassOf, "F")),
    "cax-sco, deep hierarchy": ("ex:x a ex:A .", ("x", RDF.type, "F")),
    "prp-spo1": ("ex:x ex:p ex:y .", ("x", "r", "y")),
    "prp-inv": ("ex:x ex:p ex:y .", ("y", "inv", "x")),
    "prp-trp": ("ex:x ex:t ex:y . ex:y ex:t ex:z . ex:z ex:t ex:w .", ("x", "t", "w")),
    "prp-spo2": ("ex:x ex:c1 ex:y . ex:y ex:c2 ex:z .", ("x", "chain", "z")),
    "prp-dom": ("ex:x ex:d ex:y .", ("x", RDF.type, "C")),
    "prp-rng": ("ex:x ex:rg ex:y .", ("y", RDF.type, "B")),
    "cls-oo": ("", ("o2", RDF.type, "O")),
}


def _tiny(data: str) -> Dataset:
    dataset = Dataset()
    dataset.graph(G).parse(data=TBOX + data, format="turtle")
    return dataset


def _term(name: object) -> URIRef:
    return name if isinstance(name, URIRef) else URIRef(EX + str(name))


@pytest.mark.parametrize("kind", ["oxigraph", "rdflib"])
@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule(rule: str, kind: str) -> None:
    """If the data matches the rule's body, its head is in the inferred graph (and only there)."""
    data, expected = CASES[rule]
    store = _store(kind, _tiny(data))
    materialise(store)
    triple = tuple(_term(t) for t in expected)
    assert triple in _inferred(store)


@pytest.mark.parametrize("kind", ["oxigraph", "rdflib"])
def test_nothing_asserted_is_repeated_and_literals_get_no_type(kind: str) -> None:
    """``ex:x a ex:B`` is asserted, so not inferred again; a literal range value gets no type."""
    store = _store(kind, _tiny('ex:x a ex:A , ex:B . ex:x ex:rg "text" .'))
    materialise(store)
    inferred = _inferred(store)
    assert (_term("x"), RDF.type, _term("B")) not in inferred
    assert (_term("x"), RDF.type, _term("C")) in inferred
    assert not any(isinstance(s, Literal) for s, _, _ in inferred)


@pytest.mark.parametrize("kind", ["oxigraph", "rdflib"])
def test_contradictions_are_reported(kind: str) -> None:
    """cax-dw and prp-fp: a member of disjoint classes, a functional property with two values."""
    store = _store(kind, _tiny("ex:x a ex:Dis1 , ex:Dis2 . ex:y ex:f ex:v1 , ex:v2 ."))
    errors = materialise(store).errors
    assert len(errors) == 2
    assert errors[0].startswith("cax-dw:") and "disjoint" in errors[0]
    assert errors[1].startswith("prp-fp:") and f"{EX}f" in errors[1]


def test_the_articles_all_disjoint_classes_are_checked(paths: ProjectPaths) -> None:
    """cax-adc: a countermeasure that is also a constraint factor is a contradiction."""
    dataset = load_asserted(paths.ontology, paths.data)
    node = BNode()
    graph = dataset.graph(URIRef("https://w3id.org/htkg/graph/article"))
    graph.add((node, RDF.type, HTKG.Countermeasure))
    graph.add((node, RDF.type, HTKG.Finding))
    errors = materialise(_store("oxigraph", dataset)).errors
    assert any(e.startswith("cax-adc:") for e in errors)


def test_longer_chains_are_refused_not_ignored() -> None:
    dataset = _tiny("")
    dataset.graph(G).parse(
        data=f"<{EX}long> <{OWL.propertyChainAxiom}> ( <{EX}a> <{EX}b> <{EX}c> ) .",
        format="turtle",
    )
    with pytest.raises(InputError, match="longer than two steps"):
        materialise(_store("oxigraph", dataset))


def test_every_rule_is_named_after_owl2rl() -> None:
    names = {rule.id for rule in RULES}
    assert {"cax-sco", "prp-spo1", "prp-spo2", "prp-inv1", "prp-trp", "prp-dom"} <= names


def test_build_with_the_rules_reasoner(project_copy: ProjectPaths, monkeypatch, capsys) -> None:
    """``htkg build --reasoner rules`` writes a build whose inferred graph is the rules'."""
    monkeypatch.setenv("HTKG_ROOT", str(project_copy.root))
    assert main(["build", "--quiet", "--reasoner", "rules"]) == 0
    summary = json.loads((project_copy.build / "summary.json").read_text(encoding="utf-8"))
    store = _store("oxigraph", load_asserted(project_copy.ontology, project_copy.data))
    assert summary["inferred_triples"] == materialise(store).inferred_triples
    assert "triples inferred" in capsys.readouterr().out


SAME_AS = """
ex:x ex:p ex:y . ex:y2 owl:sameAs ex:y . ex:y ex:t ex:z . ex:z2 owl:sameAs ex:z .
ex:z ex:t ex:w . ex:x2 owl:sameAs ex:x . ex:x ex:d ex:v .
"""


@pytest.mark.parametrize("kind", ["oxigraph", "rdflib"])
def test_equality_gives_owlrls_inferences(kind: str) -> None:
    """owl:sameAs (as ``htkg link`` writes between IRIs of one entity): every
    name gets every triple, and the other rules then apply to them too."""
    from htkg.reasoning.owlrl_reasoner import reason

    expected = _tiny(SAME_AS)
    reason(expected)
    owlrl = {t for t in expected.graph(INFERRED_GRAPH) if t[1] != OWL.sameAs and _ex(t)}
    store = _store(kind, _tiny(SAME_AS))
    assert materialise(store).errors == []
    ours = {t for t in _inferred(store) if t[1] != OWL.sameAs and _ex(t)}
    assert (URIRef(EX + "x2"), URIRef(EX + "t"), URIRef(EX + "w")) not in ours  # no such path
    assert (URIRef(EX + "y2"), URIRef(EX + "inv"), URIRef(EX + "x2")) in ours
    assert (URIRef(EX + "y2"), URIRef(EX + "t"), URIRef(EX + "w")) in ours
    assert ours == owlrl


def _ex(triple: tuple) -> bool:
    """A triple between the test's own terms (owlrl's OWL bookkeeping left out)."""
    return all(str(term).startswith(EX) for term in (triple[0], triple[2])) and (
        str(triple[1]).startswith(EX) or triple[1] == RDF.type
    )


def test_same_as_with_different_from_is_a_contradiction() -> None:
    store = _store("oxigraph", _tiny("ex:a owl:sameAs ex:b . ex:a owl:differentFrom ex:b ."))
    assert any(e.startswith("eq-diff1") for e in materialise(store).errors)


def test_the_reasoning_modules_import_one_way() -> None:
    """No module of htkg.reasoning imports one that imports it back (TYPE_CHECKING included)."""
    import grimp
    import networkx as nx

    imports = grimp.build_graph("htkg", cache_dir=None)
    graph = nx.DiGraph()
    for module in imports.find_descendants("htkg.reasoning"):
        graph.add_node(module)
        for imported in imports.find_modules_directly_imported_by(module):
            if imported.startswith("htkg.reasoning."):
                graph.add_edge(module, imported)
    assert "htkg.reasoning.rule" in graph
    assert list(nx.simple_cycles(graph)) == []
    assert not set(nx.descendants(graph, "htkg.reasoning.rule"))  # the data model imports none
