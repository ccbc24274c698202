"""Reasoning for added graphs: derive only what the new triples can derive (semi-naive).

:func:`htkg.reasoning.rules.materialise` rebuilds the inferred graph from
everything, which at a million triples takes many seconds. When one document
is added to a store that is already closed under the rules, only derivations
that use at least one new triple can be new. So each rule instance runs once
per body pattern, with that pattern matched against the *delta* (the triples
new since the last round, kept in a scratch graph) and the others against
the whole store; what it concludes that no graph holds yet is the next delta,
until a round adds nothing. The rules are the same data
(:mod:`htkg.reasoning.catalogue`) with the same schema bindings
(:func:`~htkg.reasoning.rules.instances`); a rule instance whose pattern's
predicate or class the delta lacks is skipped. The contradiction checks run the
same way, on each delta.

The result is what a full rebuild gives, because the rules are monotone and
the store was closed before: a triple asserted by the new graph that was
inferred before leaves the inferred graph (a rule adds only what no graph
holds). New schema axioms (sub-classes, inverses, chains …) change the rule
instances themselves; then the whole store is rematerialised instead.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from rdflib import URIRef

from htkg.rdf.namespaces import AUDIT_GRAPH, GRAPH, INDEX_GRAPH, INFERRED_GRAPH
from htkg.reasoning.catalogue import CHECKS, EQUALITY, HAS_EQUALITY, RULES
from htkg.reasoning.rule import INF, PROLOGUE, Kind, RuleInstance, key
from htkg.reasoning.rules import RulesResult, instances, materialise
from htkg.stores.base import Store

#: the triples new since the last round (scratch: dropped before returning)
DELTA = GRAPH["scratch-delta"]
#: what this round concludes, the next round's delta (scratch)
NEXT = GRAPH["scratch-next"]
#: predicates and classes whose axioms change the rule instances: a graph that
#: asserts one is not reasoned incrementally
SCHEMA_PREDICATES = (
    "http://www.w3.org/2000/01/rdf-schema#subClassOf",
    "http://www.w3.org/2000/01/rdf-schema#subPropertyOf",
    "http://www.w3.org/2000/01/rdf-schema#domain",
    "http://www.w3.org/2000/01/rdf-schema#range",
    "http://www.w3.org/2002/07/owl#inverseOf",
    "http://www.w3.org/2002/07/owl#propertyChainAxiom",
    "http://www.w3.org/2002/07/owl#oneOf",
    "http://www.w3.org/2002/07/owl#disjointWith",
    "http://www.w3.org/2002/07/owl#members",
)
SCHEMA_CLASSES = (
    "http://www.w3.org/2002/07/owl#TransitiveProperty",
    "http://www.w3.org/2002/07/owl#FunctionalProperty",
    "http://www.w3.org/2002/07/owl#DatatypeProperty",
    "http://www.w3.org/2002/07/owl#AllDisjointClasses",
)


@dataclass
class AddedResult:
    """What reasoning the added graphs did."""

    inferred_added: int
    rounds: int
    errors: list[str] = field(default_factory=list)
    #: True when the added graphs changed the schema and everything was rematerialised
    full: bool = False
    seconds: float = 0.0


def materialise_added(
    store: Store, added: Sequence[URIRef], keep: URIRef | None = None, max_rounds: int = 100
) -> AddedResult:
    """Extend the inferred graph of ``store`` (closed before ``added`` were loaded) by what
    the triples of the graphs ``added`` let the rules derive, and check them.

    ``added`` are named graphs already in the store. ``keep``: a graph that also
    receives every inferred triple added (say, to see which nodes gained a type).
    When the schema changed, ``keep`` is not written: everything may have changed.
    """
    started = time.perf_counter()
    if changes_schema(store, added):
        before = store.count(INFERRED_GRAPH)
        result = rematerialise(store, max_rounds)
        after = result.inferred_triples
        return AddedResult(after - before, result.rounds, result.errors, True,
                           time.perf_counter() - started)  # fmt: skip
    union = store.union_default
    rules = _data_instances(store, union)
    checks = [i for check in CHECKS for i in instances(check, store, union)]
    # a triple now asserted is no longer inferred (as a rebuild would have it)
    for graph in added:
        store.update(
            f"DELETE {{ GRAPH {INF} {{ ?s ?p ?o }} }} "
            f"WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} GRAPH {INF} {{ ?s ?p ?o }} }}"
        )
    store.update(f"DROP SILENT GRAPH <{DELTA}> ; DROP SILENT GRAPH <{NEXT}>")
    for graph in added:
        store.update(f"ADD SILENT <{graph}> TO <{DELTA}>")
    rounds, inferred, errors = 0, 0, set()
    try:
        while rounds < max_rounds:
            keys = delta_keys(store)
            if not keys:
                break
            rounds += 1
            errors |= _check(store, checks, keys)
            for rule in rules:
                for position, pattern in enumerate(rule.patterns):
                    if key(pattern) in keys or key(pattern) == "*":
                        store.update(semi_naive_update(rule, position))
            store.update(f"DROP SILENT GRAPH <{DELTA}>")
            inferred += store.count(NEXT)
            if keep is not None:
                store.update(f"ADD SILENT <{NEXT}> TO <{keep}>")
            store.update(f"MOVE SILENT <{NEXT}> TO <{DELTA}>")
    finally:
        store.update(f"DROP SILENT GRAPH <{DELTA}> ; DROP SILENT GRAPH <{NEXT}>")
    if any(rule.rule.kind is Kind.EQUALITY for rule in rules):  # as materialise does
        store.update(f"{PROLOGUE}DELETE WHERE {{ GRAPH {INF} {{ ?x owl:sameAs ?x }} }}")
    return AddedResult(inferred, rounds, sorted(errors), False, time.perf_counter() - started)


def rematerialise(store: Store, max_rounds: int = 100) -> RulesResult:
    """Rebuild the inferred graph of a store that also holds the graphs derived after it.

    A build reasons before it audits and indexes, so the rules never read the
    audit and index graphs; here they are dropped first (the caller writes them
    again), or the equality rules would copy index triples under each alias.
    """
    store.update(f"DROP SILENT GRAPH <{AUDIT_GRAPH}> ; DROP SILENT GRAPH <{INDEX_GRAPH}>")
    return materialise(store, max_rounds)


def changes_schema(store: Store, added: Sequence[URIRef]) -> bool:
    """Whether the graphs ``added`` assert a schema axiom the rule instances depend on."""
    predicates = " ".join(f"<{p}>" for p in SCHEMA_PREDICATES)
    classes = " ".join(f"<{c}>" for c in SCHEMA_CLASSES)
    return any(
        store.ask(
            f"ASK {{ GRAPH <{graph}> {{ {{ ?s ?p ?o VALUES ?p {{ {predicates} }} }} UNION "
            f"{{ ?s a ?c VALUES ?c {{ {classes} }} }} }} }}"
        )
        for graph in added
    )


def _data_instances(store: Store, union: bool) -> list[RuleInstance]:
    """Every data rule once per schema axiom; the equality rules if the store has sameAs.

    Rules that read the schema alone (cls-oo) concluded all they can already.
    """
    out: list[RuleInstance] = []
    for rule in RULES:
        if rule.kind is Kind.DATA and len(rule.patterns) > rule.schema:
            out += instances(rule, store, union)
    if store.ask(PROLOGUE + HAS_EQUALITY):
        out += [rule.as_written() for rule in EQUALITY]
    return out


def delta_keys(store: Store) -> set[str]:
    """The keys (see :func:`htkg.reasoning.rule.key`) of the triples in the delta graph."""
    query = (
        f"{PROLOGUE}SELECT DISTINCT ?p ?c WHERE {{ GRAPH <{DELTA}> {{ ?s ?p ?o }} "
        'BIND(IF(?p = rdf:type, ?o, "") AS ?c) }'
    )
    keys = set()
    for p, c in store.query(query).rows:
        assert p is not None and c is not None  # bound by the query
        keys.add(f"a {c.n3()}" if str(c) else p.n3())
    return keys


def semi_naive_update(rule: RuleInstance, position: int) -> str:
    """The update adding what ``rule`` concludes with pattern ``position`` in the delta.

    Other patterns match any graph; a conclusion some graph holds is not added.
    What is added goes into the inferred graph and into the next delta.
    """
    parts = _parts(rule.patterns, position)
    known = f"FILTER NOT EXISTS {{ GRAPH ?known {{ {rule.head} }} {_NOT_DERIVED.format('known')} }}"
    body = " ".join([*parts, rule.condition, known])
    return (
        f"{PROLOGUE}INSERT {{ GRAPH {INF} {{ {rule.head} }} GRAPH <{NEXT}> {{ {rule.head} }} }}\n"
        f"WHERE {{ {body} }}"
    )


#: the graphs computed from the reasoned data (audit, index): a rebuild reasons
#: before they exist, so the rules must not read them here either
_NOT_DERIVED = f"FILTER(?{{}} NOT IN (<{AUDIT_GRAPH}>, <{INDEX_GRAPH}>))"


def _parts(patterns: tuple[str, ...], position: int) -> list[str]:
    """The patterns, the one at ``position`` in the delta (written first: between two
    equally bound patterns Oxigraph starts from the first) and the others in any
    graph but the derived ones."""
    others = [
        f"GRAPH ?g{n} {{ {pattern} }} {_NOT_DERIVED.format(f'g{n}')}"
        for n, pattern in enumerate(patterns)
        if n != position
    ]
    return [f"GRAPH <{DELTA}> {{ {patterns[position]} }}", *others]


def _check(store: Store, checks: list[RuleInstance], keys: set[str]) -> set[str]:
    """The contradictions a triple of the delta takes part in."""
    found: set[str] = set()
    for check in checks:
        for position, pattern in enumerate(check.patterns):
            if key(pattern) not in keys and key(pattern) != "*":
                continue
            body = f"{' '.join(_parts(check.patterns, position))} {check.condition}"
            query = f"{PROLOGUE}SELECT DISTINCT ?x ?m WHERE {{ {body} }}"
            for subject, message in store.query(query).rows:
                found.add(f"{check.id}: {subject}: {message}")
    return found
