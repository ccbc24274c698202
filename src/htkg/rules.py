"""OWL 2 RL rules the ontology relies on, as SPARQL updates run inside the store.

owlrl is pure Python and slow on a corpus (about 90 s for 100k triples). The
ontology only needs a handful of OWL 2 RL rules, and each is one SPARQL
``INSERT … WHERE``: run them in the store, in rounds, until a round adds
nothing (a fixed point). The same SPARQL runs on rdflib, pyoxigraph and a
remote endpoint. Rules read the schema (subclass, inverse … axioms) from any
graph, so they follow the ontology rather than a hard-coded term list.

Materialised (OWL 2 RL rule names): scm-sco, scm-spo, scm-dom1/2, scm-rng1/2,
cax-sco, prp-spo1, prp-inv1/2, prp-trp, prp-spo2 (two-step chains, the only
length the ontology uses), prp-dom, prp-rng, cls-oo. Checked, not
materialised: cax-dw and cax-adc (disjoint classes) and prp-fp (a functional
property with two values would make owlrl derive ``owl:sameAs``) are reported
as errors. ``tests/test_rules.py`` shows the result equals owlrl's on the
article for every triple these rules are about.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

from rdflib import Dataset, Literal, URIRef

from htkg.errors import InputError
from htkg.namespaces import INFERRED_GRAPH
from htkg.reason import ReasoningResult
from htkg.stores.base import Store, nquads, prebind

_PROLOGUE = (
    "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "PREFIX owl: <http://www.w3.org/2002/07/owl#>\n"
)
_INF = f"<{INFERRED_GRAPH}>"
_NAMESPACES = dict(re.findall(r"PREFIX (\w+): <([^>]+)>", _PROLOGUE))


@dataclass(frozen=True)
class Rule:
    """One OWL 2 RL rule: what it derives (``head``) from which triple patterns."""

    name: str
    head: str
    patterns: tuple[str, ...]
    condition: str = ""
    #: how many leading patterns match the schema (see :func:`instances`)
    schema: int = 0

    def where(self, union: bool) -> str:
        """The WHERE body; each pattern in ``GRAPH ?gN`` unless the default graph is the union.

        A conclusion some graph already holds is not derived again (the filter),
        so the inferred graph never repeats an asserted triple.
        """
        if union:
            parts = [f"{pattern} ." for pattern in self.patterns]
            known = f"FILTER NOT EXISTS {{ {self.head} }}" if self.head else ""
        else:
            parts = [f"GRAPH ?g{n} {{ {pattern} }}" for n, pattern in enumerate(self.patterns)]
            known = f"FILTER NOT EXISTS {{ GRAPH ?known {{ {self.head} }} }}" if self.head else ""
        return " ".join([*parts, self.condition, known]).strip()

    def update(self, union: bool = False) -> str:
        """The SPARQL update that adds this rule's conclusions to the inferred graph."""
        return (
            f"{_PROLOGUE}INSERT {{ GRAPH {_INF} {{ {self.head} }} }}\n"
            f"WHERE {{ {self.where(union)} }}"
        )


_NOT_LITERAL = "FILTER(!isLiteral(?y))"
_CHAIN = "?l1 rdf:first ?p1 ; rdf:rest ?l2 . ?l2 rdf:first ?p2 ; rdf:rest rdf:nil"
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
         schema=1),
    Rule("prp-dom", "?x a ?c", ("?p rdfs:domain ?c", "?x ?p ?y"), schema=1),
    Rule("prp-rng", "?y a ?c", ("?p rdfs:range ?c", "?x ?p ?y"), _NOT_LITERAL, 1),
    Rule("cax-sco", "?x a ?d", ("?c rdfs:subClassOf ?d", "?x a ?c"), schema=1),
    Rule("cls-oo", "?m a ?c", ("?c owl:oneOf ?l . ?l rdf:rest*/rdf:first ?m",)),
)  # fmt: skip

#: Contradictions: each binds ``?x`` (the subject) and ``?m`` (a message).
CHECKS: tuple[Rule, ...] = (
    Rule("cax-dw", "", ("?c1 owl:disjointWith ?c2", "?x a ?c1", "?x a ?c2"), _DISJOINT),
    Rule("cax-adc", "",
         ("?d a owl:AllDisjointClasses ; owl:members ?l . "
          "?l rdf:rest* ?n1 . ?n1 rdf:first ?c1 ; rdf:rest+/rdf:first ?c2",
          "?x a ?c1", "?x a ?c2"), _DISJOINT),
    Rule("prp-fp", "", ("?p a owl:FunctionalProperty", "?x ?p ?y1", "?x ?p ?y2"),
         'FILTER(STR(?y1) < STR(?y2)) BIND(CONCAT("two values of functional property ", '
         "STR(?p)) AS ?m)"),
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


def materialise(store: Store, max_rounds: int = 100) -> RulesResult:
    """Run :data:`RULES` in ``store`` to a fixed point; the inferred graph is rebuilt.

    A rule adds only triples no graph holds yet, so the inferred graph never
    repeats an asserted triple (as with :func:`htkg.reason.reason`).
    """
    started = time.perf_counter()
    if store.ask(_PROLOGUE + _UNSUPPORTED):
        raise InputError("the ontology has a property chain longer than two steps; "
                         "--reasoner rules covers two-step chains only (use owlrl)")  # fmt: skip
    union = store.union_default
    store.update(f"CLEAR SILENT GRAPH {_INF}")
    schema_rules = [rule for rule in RULES if rule.name.startswith("scm-")]
    rounds = _fixed_point(store, schema_rules, union, max_rounds)
    compiled = [
        instance
        for rule in RULES
        if not rule.name.startswith("scm-")
        for instance in instances(rule, store, union)
    ]
    rounds += _fixed_point(store, compiled, union, max_rounds)
    errors = contradictions(store, union)
    return RulesResult(store.count(INFERRED_GRAPH), rounds, errors, time.perf_counter() - started)


def _fixed_point(store: Store, rules: list[Rule], union: bool, max_rounds: int) -> int:
    """Run ``rules`` in rounds until a round adds nothing; return the rounds taken.

    Semi-naive at the level of rules: after the first round, only the rules
    that read a predicate (or class) the previous round added to are run
    again. (Semi-naive at the level of triples — joining with a scratch graph
    of new triples — was slower on Oxigraph: moving and dropping the scratch
    graph cost more than the joins it saved.)
    """
    counts, rounds, pending = _key_counts(store, union), 0, list(rules)
    while pending and rounds < max_rounds:
        rounds += 1
        for rule in pending:
            store.update(rule.update(union), union=union)
        after = _key_counts(store, union)
        changed = {key for key, n in after.items() if counts.get(key) != n}
        counts = after
        pending = [r for r in rules if changed and ("*" in _reads(r) or _reads(r) & changed)]
    return rounds


def _key(pattern: str) -> str:
    """What a triple pattern is about: its predicate IRI, ``a <Class>``, or ``*`` (anything)."""
    parts = [_expand(part) for part in pattern.split()]
    if len(parts) != 3 or parts[1].startswith(("?", "$")):
        return "*"
    if parts[1] == "a":
        return "*" if parts[2].startswith(("?", "$")) else f"a {parts[2]}"
    return parts[1]


def _expand(term: str) -> str:
    """``rdfs:subClassOf`` → ``<http://…#subClassOf>`` for the prologue's prefixes."""
    prefix, _, local = term.partition(":")
    namespace = _NAMESPACES.get(prefix)
    return f"<{namespace}{local}>" if namespace and not term.startswith("<") else term


def _reads(rule: Rule) -> set[str]:
    return {_key(pattern) for pattern in rule.patterns}


def _key_counts(store: Store, union: bool) -> dict[str, int]:
    """Inferred triples per predicate (``rdf:type`` per class), to see what a round changed."""
    query = (
        f"{_PROLOGUE}SELECT ?p ?c (COUNT(*) AS ?n) WHERE {{ GRAPH {_INF} {{ ?s ?p ?o }} "
        'BIND(IF(?p = rdf:type, ?o, "") AS ?c) } GROUP BY ?p ?c'
    )
    counts = {}
    for p, c, n in store.query(query, union=union).rows:
        key = f"a {c.n3()}" if str(c) else p.n3()
        counts[key] = int(n)
    return counts


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
    used = " ".join((rule.head, *rule.patterns[rule.schema :]))
    names = sorted(
        set(re.findall(r"\?(\w+)", schema.where(True))) & set(re.findall(r"\?(\w+)", used))
    )
    variables = " ".join("?" + n for n in names)
    query = f"{_PROLOGUE}SELECT DISTINCT {variables} WHERE {{ {schema.where(union)} }}"
    out = []
    for row in store.query(query, union=union).rows:
        bound = {name: term for name, term in zip(names, row, strict=True)}
        if not all(isinstance(term, URIRef) for term in bound.values()):
            continue
        head = prebind(rule.head, bound)[0]
        patterns = tuple(prebind(p, bound)[0] for p in rule.patterns[rule.schema :])
        label = " ".join(f"{n}={bound[n].n3()}" for n in names)
        out.append(Rule(f"{rule.name} {label}", head, patterns, rule.condition))
    return sorted(out, key=lambda r: r.name)


def contradictions(store: Store, union: bool = False) -> list[str]:
    """One message per contradiction the :data:`CHECKS` find, sorted."""
    messages: set[str] = set()
    for check in CHECKS:
        query = f"{_PROLOGUE}SELECT DISTINCT ?x ?m WHERE {{ {check.where(union)} }}"
        for subject, message in store.query(query, union=union).rows:
            messages.add(f"{check.name}: {subject}: {message}")
    return sorted(messages)


def reason(dataset: Dataset) -> ReasoningResult:
    """Drop-in for :func:`htkg.reason.reason`: the same rules, run in an in-memory Oxigraph.

    The asserted graphs are copied into pyoxigraph (the rules take ~0.2 s
    there, ~10 s in rdflib's SPARQL engine) and the inferred graph copied back.
    """
    from htkg.stores.oxigraph import OxigraphStore  # pyoxigraph is only needed here

    store = OxigraphStore()
    asserted = Dataset()
    for graph in dataset.graphs():
        if graph.identifier != INFERRED_GRAPH and len(graph):
            asserted.graph(graph.identifier).__iadd__(graph)
    store.bulk_load(nquads(asserted))
    result = materialise(store)
    inferred = dataset.graph(INFERRED_GRAPH)
    inferred.remove((None, None, None))
    query = f"SELECT ?s ?p ?o WHERE {{ GRAPH {_INF} {{ ?s ?p ?o }} }}"
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
