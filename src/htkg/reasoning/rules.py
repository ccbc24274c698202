"""Materialise the OWL 2 RL rules in a store, the default reasoner.

owlrl is pure Python and slow on a corpus (minutes for 100k triples). The
ontology only needs a handful of OWL 2 RL rules (:mod:`htkg.reasoning.catalogue`),
and each is one SPARQL pattern: run them in the store until nothing new
follows (a fixed point). The same rules run on rdflib, pyoxigraph and a remote
endpoint; this module instantiates them per schema axiom and hands them to
the scheduler (:mod:`htkg.reasoning.schedule`), which runs them with an engine
(:mod:`htkg.reasoning.rounds`). ``tests/test_rules.py`` shows the result
equals owlrl's on the article for every triple these rules are about.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from rdflib import Dataset, Literal, URIRef

from htkg.errors import InputError
from htkg.rdf.graphs import named_graphs
from htkg.rdf.namespaces import INFERRED_GRAPH
from htkg.reasoning.catalogue import CHECKS, EQUALITY, HAS_EQUALITY, RULES, UNSUPPORTED
from htkg.reasoning.result import ReasoningResult
from htkg.reasoning.rounds import ConstructRounds, Rounds, UpdateRounds
from htkg.reasoning.rule import INF, PROLOGUE, Kind, Rule, RuleInstance, variables, where
from htkg.reasoning.schedule import fixed_point, run_strata
from htkg.stores.base import Store, nquads


@dataclass
class RulesResult:
    """What materialisation added, how many rounds it took, and any contradiction."""

    inferred_triples: int
    rounds: int
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0


def materialise(store: Store, max_rounds: int = 100, check: bool = True) -> RulesResult:
    """Run the catalogue's rules in ``store`` to a fixed point; the inferred graph is rebuilt.

    ``check``: also look for contradictions (:func:`contradictions`), which
    is validation rather than inference; the benchmark times it as such.

    A rule adds only triples no graph holds yet, so the inferred graph never
    repeats an asserted triple (as with :func:`htkg.reasoning.owlrl_reasoner.reason`).
    The schema rules run first (to their own fixed point); the others are then
    written out once per schema axiom (:func:`instances`) and run in the order
    of :func:`htkg.reasoning.schedule.run_strata`.
    """
    from htkg.stores.oxigraph import OxigraphStore

    started = time.perf_counter()
    if store.ask(PROLOGUE + UNSUPPORTED):
        raise InputError("the ontology has a property chain longer than two steps; "
                         "the rules cover two-step chains only (use --reasoner owlrl)")  # fmt: skip
    union = store.union_default
    store.update(f"CLEAR SILENT GRAPH {INF}")
    schema_rules = [rule.as_written() for rule in RULES if rule.kind is Kind.SCHEMA]
    rounds = fixed_point(UpdateRounds(store, union), schema_rules, max_rounds)
    compiled = {
        rule.id: instances(rule, store, union) for rule in RULES if rule.kind is not Kind.SCHEMA
    }
    equality = store.ask(PROLOGUE + HAS_EQUALITY)
    if equality:
        compiled |= {rule.id: [rule.as_written()] for rule in EQUALITY}
    engine: Rounds = (
        ConstructRounds(store) if isinstance(store, OxigraphStore) else UpdateRounds(store, union)
    )
    rounds += run_strata(engine, compiled, max_rounds)
    if equality:  # as htkg.reasoning.owlrl_reasoner does: x owl:sameAs x says nothing
        store.update(f"{PROLOGUE}DELETE WHERE {{ GRAPH {INF} {{ ?x owl:sameAs ?x }} }}")
    errors = contradictions(store, union) if check else []
    return RulesResult(store.count(INFERRED_GRAPH), rounds, errors, time.perf_counter() - started)


def instances(rule: Rule, store: Store, union: bool = False) -> list[RuleInstance]:
    """The rule once per match of its schema patterns, with the schema's terms written in.

    ``?x ?p ?y`` with ``?p`` bound to ``htkg:cause`` lets the store use its
    predicate index; the generic form joins through every triple and is 100x
    slower on a million triples. Run after the schema rules reached their fixed
    point, so one instance per (closed) axiom is enough.
    """
    if not rule.schema:
        return [rule.as_written()]
    schema = rule.patterns[: rule.schema]
    used = " ".join((rule.head, rule.condition, *rule.patterns[rule.schema :]))
    names = sorted(variables(" ".join(schema)) & variables(used))
    projected = " ".join("?" + name for name in names)
    query = f"{PROLOGUE}SELECT DISTINCT {projected} WHERE {{ {where(schema, '', '', union)} }}"
    out = []
    for row in store.query(query, union=union).rows:
        bound = {n: t for n, t in zip(names, row, strict=True) if isinstance(t, URIRef)}
        if len(bound) == len(names):  # a schema term that is not an IRI binds no instance
            out.append(rule.bind(bound))
    return sorted(out, key=lambda instance: instance.label)


def contradictions(store: Store, union: bool = False) -> list[str]:
    """One message per contradiction the catalogue's checks find, sorted.

    Each reads ``<rule id>: <subject>: <what is wrong>``, e.g. ``cax-dw: …:
    member of disjoint classes <A> and <B>``.
    """
    messages: set[str] = set()
    for check in CHECKS:
        for instance in instances(check, store, union):
            query = f"{PROLOGUE}SELECT DISTINCT ?x ?m WHERE {{ {instance.where(union)} }}"
            for subject, message in store.query(query, union=union).rows:
                messages.add(f"{check.id}: {subject}: {message}")
    return sorted(messages)


def reason(dataset: Dataset) -> ReasoningResult:
    """Drop-in for the owlrl reasoner: the same rules, run in an in-memory Oxigraph.

    The asserted graphs are copied into pyoxigraph (the rules take ~0.2 s
    there, ~10 s in rdflib's SPARQL engine) and the inferred graph copied back.
    """
    from htkg.stores.oxigraph import OxigraphStore  # pyoxigraph is only needed here

    store = OxigraphStore()
    store.bulk_load(nquads(named_graphs(dataset, exclude=(INFERRED_GRAPH,))))
    result = materialise(store)
    inferred = dataset.graph(INFERRED_GRAPH)
    inferred.remove((None, None, None))
    query = f"SELECT ?s ?p ?o WHERE {{ GRAPH {INF} {{ ?s ?p ?o }} }}"
    for row in store.query(query).rows:
        inferred.add(row)  # type: ignore[arg-type]
    return ReasoningResult(len(inferred), result.errors)


_OURS = ("https://w3id.org/htkg/ontology#", "http://purl.org/linked-data/cube#")
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_SCHEMA = {f"http://www.w3.org/2000/01/rdf-schema#{n}"
           for n in ("subClassOf", "subPropertyOf", "domain", "range")}  # fmt: skip


def in_scope(triple: tuple) -> bool:
    """Whether a triple is one the rules must derive exactly as owlrl does.

    In scope: every triple with an ``htkg:`` predicate; ``rdf:type`` with an
    ``htkg:`` or ``qb:`` class; ``rdfs:subClassOf`` / ``subPropertyOf`` /
    ``domain`` / ``range`` between ``htkg:``/``qb:`` terms. Out of scope (no
    query uses them): owlrl's typing of literals and datatypes, ``owl:Thing``
    memberships and other OWL-vocabulary bookkeeping, and generalised triples
    with a literal subject.
    """
    s, p, o = (str(t) for t in triple)
    if isinstance(triple[0], Literal):
        return False
    if p.startswith(_OURS[0]):
        return True
    if p == _RDF_TYPE:
        return o.startswith(_OURS)
    return p in _SCHEMA and s.startswith(_OURS) and o.startswith(_OURS)
