"""The SPARQL-update rules (htkg.reasoning.rules) against owlrl, and one test per rule.

Each rule's expectations are data, tests/data/rules/<rule-id>.trig (see
:func:`test_rule`), checked with both reasoners.

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
from collections.abc import Container
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from htkg.cli.main import main
from htkg.errors import InputError
from htkg.paths import ProjectPaths
from htkg.pipeline.sources import load_asserted
from htkg.rdf.namespaces import HTKG, INFERRED_GRAPH
from htkg.reasoning import reason
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
#
# tests/data/rules/<rule-id>.trig holds a rule's expectations as cases, each a
# few named graphs with the case's name after the prefix: ``if:<case>`` the
# premises; ``then:<case>`` triples the reasoner must infer (found in the
# inferred graph, so a triple that was merely asserted does not count);
# ``holds:<case>`` triples that must hold, asserted or inferred; ``not:<case>``
# triples that must not be inferred. A case is reasoned over its premises alone
# (with the ontology when it uses ``htkg:`` terms). Terms in ``var:`` are also
# variables: on the reasoned article, every match of the premises must have
# the conclusions, and there must be at least one match.

RULE_DATA = Path(__file__).parent / "data" / "rules"
RULE_IDS = sorted(path.stem for path in RULE_DATA.glob("*.trig"))
VAR = "https://example.org/var/"
ROLES = ("if", "then", "holds", "not")
#: the rules in Oxigraph (the default reasoner), the rules in rdflib's SPARQL
#: engine, and owlrl. A case with the ontology (1-3 s each in rdflib's engine or
#: owlrl) runs on its own premises with the default reasoner only; on the article,
#: with both reasoners.
ENGINES = ("rules", "rules-rdflib", "owlrl")


@dataclass(frozen=True)
class Case:
    """One expectation of a rule: premises and conclusions, by role (``if``, ``then`` …)."""

    name: str
    graphs: dict[str, frozenset[tuple]]

    def triples(self, *roles: str) -> set[tuple]:
        return set().union(*(self.graphs.get(role, frozenset()) for role in roles))

    @property
    def needs_ontology(self) -> bool:
        return any(str(t).startswith(str(HTKG)) for triple in self.triples(*ROLES) for t in triple)

    @property
    def is_pattern(self) -> bool:
        return any(str(t).startswith(VAR) for triple in self.triples("if") for t in triple)


def _cases(rule: str) -> list[Case]:
    dataset = Dataset()
    dataset.parse(RULE_DATA / f"{rule}.trig", format="trig")
    graphs: dict[str, dict[str, frozenset[tuple]]] = {}
    for graph in dataset.graphs():
        role, _, name = str(graph.identifier).removeprefix("https://example.org/").partition("/")
        if len(graph):
            assert role in ROLES and name, f"{rule}.trig: unknown graph {graph.identifier}"
            graphs.setdefault(name, {})[role] = frozenset(graph)
    cases = [Case(name, roles) for name, roles in sorted(graphs.items())]
    assert all("if" in case.graphs and case.triples("then", "holds") for case in cases), rule
    return cases


@cache
def _ontology() -> frozenset[tuple]:
    return frozenset(Graph().parse(ProjectPaths(Path(__file__).parents[1]).ontology))


def _reason(case: Case, engine: str) -> tuple[set[tuple], set[tuple]]:
    """Reason over the case's premises; return (inferred triples, all triples)."""
    dataset = Dataset()
    graph = dataset.graph(G)
    for triple in case.triples("if") | (_ontology() if case.needs_ontology else set()):
        graph.add(triple)
    if engine == "rules-rdflib":
        materialise(MemoryStore(dataset))
    else:
        reason(dataset, engine)
    return set(dataset.graph(INFERRED_GRAPH)), {t for g in dataset.graphs() for t in g}


def _unmet(case: Case, inferred: set[tuple], union: Container[tuple]) -> list[str]:
    """The case's conclusions that do not hold (as ``role: s p o``)."""
    wrong = [("then", t) for t in case.triples("then") if t not in inferred]
    wrong += [("holds", t) for t in case.triples("holds") if t not in union]
    wrong += [("not", t) for t in case.triples("not") if t in inferred]
    return [f"{role}: {' '.join(term.n3() for term in triple)}" for role, triple in wrong]


_ARTICLES: dict[int, tuple[set[tuple], Graph]] = {}


def _article(dataset: Dataset) -> tuple[set[tuple], Graph]:
    """The inferred triples and the union of every graph, once per reasoned dataset."""
    if id(dataset) not in _ARTICLES:
        union = Graph()
        for graph in dataset.graphs():
            union += graph
        _ARTICLES[id(dataset)] = (set(dataset.graph(INFERRED_GRAPH)), union)
    return _ARTICLES[id(dataset)]


def _matches(case: Case, union: Graph) -> list[Case]:
    """The case once per match of its premises in ``union``, with ``var:`` terms bound."""

    def pattern(term: Node) -> str:
        return f"?{term.removeprefix(VAR)}" if term.startswith(VAR) else term.n3()

    body = " ".join(" ".join(pattern(t) for t in triple) + " ." for triple in case.triples("if"))
    out = []
    for row in union.query(f"SELECT * WHERE {{ {body} }}"):
        bound = {URIRef(VAR + str(name)): value for name, value in row.asdict().items()}
        graphs = {
            role: frozenset(tuple(bound.get(t, t) for t in triple) for triple in triples)
            for role, triples in case.graphs.items()
        }
        out.append(Case(case.name, graphs))
    return out


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("rule", RULE_IDS)
def test_rule(rule: str, engine: str, request: pytest.FixtureRequest) -> None:
    """Every case of tests/data/rules/<rule>.trig, on its own premises and on the article."""
    cases = _cases(rule)
    examples = [case for case in cases if engine == "rules" or not case.needs_ontology]
    assert examples, rule  # every rule file has a case without the ontology
    for case in examples:
        assert _unmet(case, *_reason(case, engine)) == [], f"{rule} {case.name}"
    if engine == "rules-rdflib":
        return  # the article under the rules in rdflib: see the comparison with owlrl above
    article = request.getfixturevalue("owlrl_reasoned" if engine == "owlrl" else "reasoned")
    inferred, union = _article(article)
    for case in (case for case in cases if case.is_pattern):
        matches = _matches(case, union)
        assert matches, f"{rule} {case.name}: the article has no match"
        for bound in matches:
            assert _unmet(bound, inferred, union) == [], f"{rule} {case.name}"


#: the schema of the tests below (contradictions, equality, refused chains)
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


def _tiny(data: str) -> Dataset:
    dataset = Dataset()
    dataset.graph(G).parse(data=TBOX + data, format="turtle")
    return dataset


@pytest.mark.parametrize("kind", ["oxigraph", "rdflib"])
def test_a_literal_range_value_gets_no_type(kind: str) -> None:
    """``ex:x ex:rg "text"``: no literal is typed, nor is any the subject of an inference."""
    store = _store(kind, _tiny('ex:x ex:rg "text" .'))
    materialise(store)
    inferred = _inferred(store)
    assert inferred  # the TBOX's own closure
    assert not any(isinstance(s, Literal) for s, _, _ in inferred)
    assert not any(isinstance(o, Literal) and p == RDF.type for _, p, o in inferred)


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
