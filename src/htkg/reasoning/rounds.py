"""One round of rules in a store: by SPARQL update, or by CONSTRUCT and bulk load.

A round runs its rules against the store as it was when the round began and
says which keys (a predicate IRI, ``a <Class>``, or ``*``) gained triples, so
the scheduler in :mod:`htkg.reasoning.schedule` reruns only the rules that read them.

- :class:`UpdateRounds` works on any store: each rule is an ``INSERT … WHERE``
  and what changed is read off per-key counts of the inferred graph.
- :class:`ConstructRounds` is for Oxigraph: each rule is a ``CONSTRUCT`` (one
  per core at a time; Oxigraph evaluates and serialises without the GIL) and
  the round's new triples go in with the bulk loader. On disk a transactional
  INSERT costs about ten times more per triple than the bulk loader, and the
  CONSTRUCT's output says what changed without counting anything.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Protocol

from rdflib import Literal

from htkg.rdf.namespaces import INFERRED_GRAPH
from htkg.reasoning.rule import INF, PROLOGUE, RuleInstance, key
from htkg.stores.base import Store

if TYPE_CHECKING:
    from htkg.stores.oxigraph import OxigraphStore


class Rounds(Protocol):
    """Runs one round of rules; returns the keys that gained triples."""

    #: whether a rule's property path (:attr:`~htkg.reasoning.rule.Rule.path`) replaces its patterns
    uses_paths: bool
    #: predicate → inverse that the engine writes along with each conclusion
    inverses: dict[str, str]

    def run(self, rules: list[RuleInstance]) -> set[str]: ...


class UpdateRounds:
    """Each rule an ``INSERT … WHERE``; changes read off per-key counts (any store)."""

    uses_paths = False  # a path within ``GRAPH ?g`` would not cross graphs

    inverses: dict[str, str] = {}  # noqa: RUF012 (never written: nothing is fused)

    def __init__(self, store: Store, union: bool) -> None:
        self.store, self.union = store, union
        self.counts = key_counts(store, union)

    def run(self, rules: list[RuleInstance]) -> set[str]:
        for rule in rules:
            self.store.update(rule.update(self.union), union=self.union)
        after = key_counts(self.store, self.union)
        changed = {key for key, n in after.items() if self.counts.get(key) != n}
        self.counts = after
        return changed


class ConstructRounds:
    """Each rule a ``CONSTRUCT`` over the union of graphs; new triples bulk-loaded (Oxigraph).

    With :attr:`inverses` set, a rule concluding ``?x p ?y`` also writes
    ``?y q ?x`` for the inverse ``q`` of ``p`` (:func:`inverse_lines`),
    instead of a later round reading all of ``p`` again for the inverse
    rules. That is sound once the store is closed under the inverse rules
    (run them first): a conclusion no graph holds cannot have an inverse
    some graph holds.
    """

    uses_paths = True

    def __init__(self, store: OxigraphStore, workers: int | None = None) -> None:
        self.store = store
        self.workers = workers or min(os.cpu_count() or 1, 4)
        #: predicate (as N3) → its inverse, written alongside every conclusion
        self.inverses: dict[str, str] = {}
        #: triples this object added to the inferred graph
        self.added = 0

    def run(self, rules: list[RuleInstance]) -> set[str]:
        groups: dict[tuple[str, bool], list[RuleInstance]] = {}
        for rule in rules:
            groups.setdefault((rule.head, rule.inverse), []).append(rule)
        order = sorted(groups)
        queries = [merged_construct(groups[head, inverse]) for head, inverse in order]
        with ThreadPoolExecutor(self.workers) as pool:
            outputs = list(pool.map(lambda q: self.store.construct(q, union=True), queries))
        new: set[bytes] = set()
        changed: set[str] = set()
        for (head, inverse), output in zip(order, outputs, strict=True):
            if not output:
                continue
            changed.add(key(head))
            lines = output.splitlines()
            new.update(lines)
            fused = None if inverse else self.inverses.get(key(head))
            if fused and len(head.split()) == 3:
                changed.add(fused)
                new.update(inverse_lines(lines, fused))
        new.discard(b"")
        if new:
            self.store.add_triples(new, INFERRED_GRAPH)
        self.added += len(new)
        return changed


def inverse_lines(lines: list[bytes], inverse: str) -> Iterator[bytes]:
    """``o <q> s .`` for each N-Triples line ``s <p> o .`` whose object is not a literal.

    Swapping the terms of Oxigraph's own output in Python costs a fraction of
    having the CONSTRUCT write the inverse too (each term is read back from
    the store and serialised once more); a blank node keeps its label, the
    same within one query's output.

    >>> list(inverse_lines([b'<a> <p> <b> .', b'<a> <p> "1" .', b'<a> <p> _:c .'], "<q>"))
    [b'<b> <q> <a> .', b'_:c <q> <a> .']
    """
    q = inverse.encode()
    for line in lines:
        subject, _, rest = line.partition(b" ")
        obj = rest.partition(b" ")[2][:-2]
        if obj[:1] != b'"':
            yield b"%s %s %s ." % (obj, q, subject)


def merged_construct(rules: list[RuleInstance]) -> str:
    """One CONSTRUCT for rules with the same conclusion: their bodies as a UNION.

    Many typing rules conclude ``?x a htkg:Claim`` (from the domain of cause,
    effect, quote …): one query with ``SELECT DISTINCT`` writes each member out
    once instead of once per property, and the known members are read once.
    """
    head = rules[0].head
    if len(rules) == 1:
        return rules[0].construct()
    names = " ".join(sorted(set(re.findall(r"[?$]\w+", head))))
    bodies = " UNION ".join(f"{{ {rule.body()} }}" for rule in rules)
    return (
        f"{PROLOGUE}CONSTRUCT {{ {head} }}\n"
        f"WHERE {{ {{ SELECT DISTINCT {names} WHERE {{ {bodies} }} }} MINUS {{ {head} }} }}"
    )


def key_counts(store: Store, union: bool) -> dict[str, int]:
    """Inferred triples per predicate (``rdf:type`` per class), to see what a round changed."""
    query = (
        f"{PROLOGUE}SELECT ?p ?c (COUNT(*) AS ?n) WHERE {{ GRAPH {INF} {{ ?s ?p ?o }} "
        'BIND(IF(?p = rdf:type, ?o, "") AS ?c) } GROUP BY ?p ?c'
    )
    counts: dict[str, int] = {}
    for p, c, n in store.query(query, union=union).rows:
        assert p is not None and c is not None and isinstance(n, Literal)  # bound by the query
        name = f"a {c.n3()}" if str(c) else p.n3()
        counts[name] = int(n)
    return counts
