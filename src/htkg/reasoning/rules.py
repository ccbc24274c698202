"""OWL 2 RL rules the ontology relies on, run as SPARQL inside the store (the default reasoner).

owlrl is pure Python and slow on a corpus (minutes for 100k triples). The
ontology only needs a handful of OWL 2 RL rules, and each is one SPARQL
pattern: run them in the store until nothing new follows (a fixed point).
The same rules run on rdflib, pyoxigraph and a remote endpoint; how one round
runs is :mod:`htkg.reasoning.rounds`, in which order they run :mod:`htkg.reasoning.schedule`.
Rules read the schema (subclass, inverse … axioms) from any graph, so they
follow the ontology rather than a hard-coded term list.

Materialised (OWL 2 RL rule names): scm-sco, scm-spo, scm-dom1/2, scm-rng1/2,
cax-sco, prp-spo1, prp-inv1/2, prp-trp, prp-spo2 (two-step chains, the only
length the ontology uses), prp-dom, prp-rng, cls-oo, and the equality rules
when the data has an ``owl:sameAs``. Checked, not materialised: cax-dw and
cax-adc (disjoint classes), prp-fp (a functional property with two values
would make owlrl derive ``owl:sameAs``) and eq-diff1 are reported as errors.
``tests/test_rules.py`` shows the result equals owlrl's on the article for
every triple these rules are about.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

from rdflib import Dataset, Literal, URIRef

from htkg.errors import InputError
from htkg.rdf.graphs import named_graphs
from htkg.rdf.namespaces import INFERRED_GRAPH
from htkg.reasoning.result import ReasoningResult
from htkg.reasoning.rounds import INF, PROLOGUE, ConstructRounds, Rounds, UpdateRounds
from htkg.reasoning.schedule import fixed_point, run_strata
from htkg.stores.base import Store, nquads, prebind


@dataclass(frozen=True)
class Rule:
    """One OWL 2 RL rule: what it derives (``head``) from which triple patterns."""

    name: str
    head: str
    patterns: tuple[str, ...]
    condition: str = ""
    #: how many leading patterns match the schema (see :func:`instances`)
    schema: int = 0
    #: the data patterns as one property path, for engines that match the union
    #: of all graphs (a whole transitive closure in one query instead of rounds)
    path: str = ""

    def where(self, union: bool, minus: bool = False) -> str:
        """The WHERE body; each pattern in ``GRAPH ?gN`` unless the default graph is the union.

        A conclusion some graph already holds is not derived again (the filter),
        so the inferred graph never repeats an asserted triple. ``minus`` writes
        that filter as ``MINUS`` (union only): Oxigraph runs it as one hash
        anti-join instead of a lookup per solution, ~2.5x faster on a million
        triples; rdflib's MINUS compares every pair, so it keeps NOT EXISTS.
        """
        if union:
            parts = [f"{pattern} ." for pattern in self.patterns]
            known = f"FILTER NOT EXISTS {{ {self.head} }}" if self.head else ""
            if minus and "?" in self.head:  # MINUS needs a shared variable
                known = f"MINUS {{ {self.head} }}"
        else:
            parts = [f"GRAPH ?g{n} {{ {pattern} }}" for n, pattern in enumerate(self.patterns)]
            known = f"FILTER NOT EXISTS {{ GRAPH ?known {{ {self.head} }} }}" if self.head else ""
        return " ".join([*parts, self.condition, known]).strip()

    def update(self, union: bool = False) -> str:
        """The SPARQL update that adds this rule's conclusions to the inferred graph."""
        return (
            f"{PROLOGUE}INSERT {{ GRAPH {INF} {{ {self.head} }} }}\nWHERE {{ {self.where(union)} }}"
        )

    def construct(self, template: str | None = None) -> str:
        """The conclusions no graph holds yet, as a CONSTRUCT over the union of all graphs.

        ``template``: what to write for each solution (default: the head).
        """
        body = Rule(self.name, self.head, (self.path,), self.condition) if self.path else self
        return (
            f"{PROLOGUE}CONSTRUCT {{ {template or self.head} }}\n"
            f"WHERE {{ {body.where(True, True)} }}"
        )

    def body(self) -> str:
        """The patterns (or the path) and condition over the union of graphs, without the filter."""
        return " ".join([*(f"{p} ." for p in ((self.path,) if self.path else self.patterns)),
                         self.condition]).strip()  # fmt: skip


_NOT_LITERAL = "FILTER(!isLiteral(?y))"
_CHAIN = "?l1 rdf:first ?p1 ; rdf:rest ?l2 . ?l2 rdf:first ?p2 ; rdf:rest rdf:nil"
#: the range of a datatype property is a datatype: only a malformed value (an
#: IRI where a literal belongs, which SHACL reports) would get it as a type
_OBJECT_RANGE = "?p rdfs:range ?c . FILTER NOT EXISTS { ?p a owl:DatatypeProperty }"
_DISJOINT = 'BIND(CONCAT("member of disjoint classes ", STR(?c1), " and ", STR(?c2)) AS ?m)'

#: In the order one round runs them: schema rules (to their own fixed point)
#: first, then inverses before the chains that use them (causeOf ∘ effect), then
#: sub-properties, transitivity, and the typing rules last.
RULES: tuple[Rule, ...] = (
    Rule("scm-sco", "?a rdfs:subClassOf ?c",
         ("?a rdfs:subClassOf ?b", "?b rdfs:subClassOf ?c"), "FILTER(?a != ?c)"),
    Rule("scm-spo", "?a rdfs:subPropertyOf ?c",
         ("?a rdfs:subPropertyOf ?b", "?b rdfs:subPropertyOf ?c"), "FILTER(?a != ?c)"),
    Rule("scm-dom1", "?p rdfs:domain ?d", ("?p rdfs:domain ?c", "?c rdfs:subClassOf ?d")),
    Rule("scm-dom2", "?p rdfs:domain ?c", ("?q rdfs:domain ?c", "?p rdfs:subPropertyOf ?q")),
    Rule("scm-rng1", "?p rdfs:range ?d", ("?p rdfs:range ?c", "?c rdfs:subClassOf ?d")),
    Rule("scm-rng2", "?p rdfs:range ?c", ("?q rdfs:range ?c", "?p rdfs:subPropertyOf ?q")),
    Rule("prp-inv1", "?y ?q ?x", ("?p owl:inverseOf ?q", "?x ?p ?y"), _NOT_LITERAL, 1),
    Rule("prp-inv2", "?y ?p ?x", ("?p owl:inverseOf ?q", "?x ?q ?y"), _NOT_LITERAL, 1),
    Rule("prp-spo2", "?x ?p ?z",
         ("?p owl:propertyChainAxiom ?l1", _CHAIN, "?x ?p1 ?y", "?y ?p2 ?z"), schema=2),
    Rule("prp-spo1", "?x ?q ?y", ("?p rdfs:subPropertyOf ?q", "?x ?p ?y"), schema=1),
    Rule("prp-trp", "?x ?p ?z", ("?p a owl:TransitiveProperty", "?x ?p ?y", "?y ?p ?z"),
         schema=1, path="?x ?p+ ?z"),
    Rule("prp-dom", "?x a ?c", ("?p rdfs:domain ?c", "?x ?p ?y"), schema=1),
    Rule("prp-rng", "?y a ?c", (_OBJECT_RANGE, "?x ?p ?y"), _NOT_LITERAL, 1),
    Rule("cax-sco", "?x a ?d", ("?c rdfs:subClassOf ?d", "?x a ?c"), schema=1),
    Rule("cls-oo", "?m a ?c", ("?c owl:oneOf ?l", "?l rdf:rest*/rdf:first ?m"), schema=2),
)  # fmt: skip

#: Equality (eq-sym, eq-trans, eq-rep-s/p/o), run only when the data holds an
#: ``owl:sameAs`` between two terms (``htkg link`` writes them between IRIs of
#: one entity): a copy of every triple under every name, so all rules then
#: run together to one fixed point.
EQUALITY: tuple[Rule, ...] = (
    Rule("eq-sym", "?y owl:sameAs ?x", ("?x owl:sameAs ?y",), "FILTER(?x != ?y)"),
    Rule("eq-trans", "?x owl:sameAs ?z", ("?x owl:sameAs ?y", "?y owl:sameAs ?z"),
         "FILTER(?x != ?z)"),
    Rule("eq-rep-s", "?t ?p ?o", ("?s owl:sameAs ?t", "?s ?p ?o"), "FILTER(?s != ?t)"),
    Rule("eq-rep-p", "?s ?q ?o", ("?p owl:sameAs ?q", "?s ?p ?o"), "FILTER(?p != ?q)"),
    Rule("eq-rep-o", "?s ?p ?t", ("?o owl:sameAs ?t", "?s ?p ?o"), "FILTER(?o != ?t)"),
)  # fmt: skip
_HAS_EQUALITY = "ASK { GRAPH ?g { ?x owl:sameAs ?y FILTER(?x != ?y) } }"

#: Contradictions: each binds ``?x`` (the subject) and ``?m`` (a message).
CHECKS: tuple[Rule, ...] = (
    Rule("cax-dw", "", ("?c1 owl:disjointWith ?c2", "?x a ?c1", "?x a ?c2"), _DISJOINT, 1),
    Rule("cax-adc", "",
         ("?d a owl:AllDisjointClasses ; owl:members ?l . "
          "?l rdf:rest* ?n1 . ?n1 rdf:first ?c1 ; rdf:rest+/rdf:first ?c2",
          "?x a ?c1", "?x a ?c2"), _DISJOINT, 1),
    Rule("eq-diff1", "", ("?x owl:sameAs ?y", "?x owl:differentFrom ?y"),
         'BIND(CONCAT("the same as and different from ", STR(?y)) AS ?m)'),
    Rule("prp-fp", "", ("?p a owl:FunctionalProperty", "?x ?p ?y1", "?x ?p ?y2"),
         'FILTER(!sameTerm(?y1, ?y2)) BIND(CONCAT("two values of functional property ", '
         "STR(?p)) AS ?m)", 1),
)  # fmt: skip

_UNSUPPORTED = (
    "ASK { GRAPH ?g { ?p owl:propertyChainAxiom ?l . ?l rdf:rest/rdf:rest ?r "
    "FILTER(?r != rdf:nil) } }"
)


@dataclass
class RulesResult:
    """What materialisation added, how many rounds it took, and any contradiction."""

    inferred_triples: int
    rounds: int
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0


def materialise(store: Store, max_rounds: int = 100, check: bool = True) -> RulesResult:
    """Run :data:`RULES` in ``store`` to a fixed point; the inferred graph is rebuilt.

    ``check``: also look for contradictions (:func:`contradictions`), which
    is validation rather than inference; the benchmark times it as such.

    A rule adds only triples no graph holds yet, so the inferred graph never
    repeats an asserted triple (as with :func:`htkg.reasoning.owlrl_reasoner.reason`). The schema
    rules run first (to their own fixed point); the others are then written
    out once per schema axiom (:func:`instances`) and run in the order of
    :func:`htkg.reasoning.schedule.run_strata`.
    """
    from htkg.stores.oxigraph import OxigraphStore

    started = time.perf_counter()
    if store.ask(PROLOGUE + _UNSUPPORTED):
        raise InputError("the ontology has a property chain longer than two steps; "
                         "the rules cover two-step chains only (use --reasoner owlrl)")  # fmt: skip
    union = store.union_default
    store.update(f"CLEAR SILENT GRAPH {INF}")
    schema_rules = [rule for rule in RULES if rule.name.startswith("scm-")]
    rounds = fixed_point(UpdateRounds(store, union), schema_rules, max_rounds)
    compiled = {
        rule.name: instances(rule, store, union)
        for rule in RULES
        if not rule.name.startswith("scm-")
    }
    if store.ask(PROLOGUE + _HAS_EQUALITY):
        compiled |= {rule.name: [rule] for rule in EQUALITY}
    engine: Rounds = (
        ConstructRounds(store) if isinstance(store, OxigraphStore) else UpdateRounds(store, union)
    )
    rounds += run_strata(engine, compiled, max_rounds)
    if (
        EQUALITY[0].name in compiled
    ):  # as htkg.reasoning.owlrl_reasoner does: x owl:sameAs x says nothing
        store.update(f"{PROLOGUE}DELETE WHERE {{ GRAPH {INF} {{ ?x owl:sameAs ?x }} }}")
    errors = contradictions(store, union) if check else []
    return RulesResult(store.count(INFERRED_GRAPH), rounds, errors, time.perf_counter() - started)


def instances(rule: Rule, store: Store, union: bool = False) -> list[Rule]:
    """The rule once per match of its schema patterns, with the schema's terms written in.

    ``?x ?p ?y`` with ``?p`` bound to ``htkg:cause`` lets the store use its
    predicate index; the generic form joins through every triple and is 100x
    slower on a million triples. Run after the schema rules reached their fixed
    point, so one instance per (closed) axiom is enough.
    """
    if not rule.schema:
        return [rule]
    schema = Rule(rule.name, "", rule.patterns[: rule.schema])
    used = " ".join((rule.head, rule.condition, *rule.patterns[rule.schema :]))
    names = sorted(
        set(re.findall(r"\?(\w+)", schema.where(True))) & set(re.findall(r"\?(\w+)", used))
    )
    variables = " ".join("?" + n for n in names)
    query = f"{PROLOGUE}SELECT DISTINCT {variables} WHERE {{ {schema.where(union)} }}"
    out = []
    for row in store.query(query, union=union).rows:
        bound = {name: term for name, term in zip(names, row, strict=True)}
        if not all(isinstance(term, URIRef) for term in bound.values()):
            continue
        head, condition, path = (
            prebind(t, bound)[0] for t in (rule.head, rule.condition, rule.path)
        )
        # a rule that reads only the schema (cls-oo) keeps its patterns, bound:
        # a WHERE with nothing but a filter is not read alike by every store
        data = rule.patterns[rule.schema :] or rule.patterns
        patterns = tuple(prebind(p, bound)[0] for p in data)
        label = " ".join(f"{n}={bound[n].n3()}" for n in names)
        out.append(Rule(f"{rule.name} {label}", head, patterns, condition, path=path))
    return sorted(out, key=lambda r: r.name)


def contradictions(store: Store, union: bool = False) -> list[str]:
    """One message per contradiction the :data:`CHECKS` find, sorted."""
    messages: set[str] = set()
    for check in CHECKS:
        for instance in instances(check, store, union):
            query = f"{PROLOGUE}SELECT DISTINCT ?x ?m WHERE {{ {instance.where(union)} }}"
            for subject, message in store.query(query, union=union).rows:
                messages.add(f"{check.name}: {subject}: {message}")
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
