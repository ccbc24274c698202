"""A rule as data, and a rule written out for one schema axiom (an instance).

A :class:`Rule` is one OWL 2 RL rule by its W3C id (``prp-inv1``, ``cax-sco``
…), its :class:`Kind`, and its triple patterns in SPARQL. A
:class:`RuleInstance` is that rule with the terms of one schema axiom written
in (``prp-inv1`` for ``htkg:cause owl:inverseOf htkg:causeOf``): the rule and
the bindings stay fields, so nothing is renamed and parsed back. Only this
module writes SPARQL from rules; the catalogue, the scheduler and the engines
import it, and it imports none of them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from rdflib import URIRef

from htkg.rdf.namespaces import INFERRED_GRAPH
from htkg.stores.base import prebind

PROLOGUE = (
    "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "PREFIX owl: <http://www.w3.org/2002/07/owl#>\n"
)
#: the inferred graph, as SPARQL
INF = f"<{INFERRED_GRAPH}>"
_NAMESPACES = dict(re.findall(r"PREFIX (\w+): <([^>]+)>", PROLOGUE))

#: the two rules of one ``owl:inverseOf`` axiom (engines may fuse them)
INVERSE_RULES = frozenset({"prp-inv1", "prp-inv2"})


class Kind(StrEnum):
    """What a rule is for, which decides when it runs."""

    #: closes the schema (``scm-*``): runs first, to its own fixed point
    SCHEMA = "schema"
    #: derives data, once per schema axiom it reads
    DATA = "data"
    #: ``owl:sameAs``: runs only when the data holds one
    EQUALITY = "equality"
    #: finds a contradiction: binds ``?x`` and a message ``?m``, concludes nothing
    CHECK = "check"


@dataclass(frozen=True)
class Rule:
    """One OWL 2 RL rule: what it derives (``head``) from which triple patterns."""

    #: the W3C OWL 2 RL rule name (``prp-inv1``)
    id: str
    kind: Kind
    head: str
    patterns: tuple[str, ...]
    condition: str = ""
    #: how many leading patterns match the schema (see :meth:`bind`)
    schema: int = 0
    #: the data patterns as one property path, for engines that match the union
    #: of all graphs (a whole transitive closure in one query instead of rounds)
    path: str = ""

    @property
    def inverse(self) -> bool:
        """Whether this is one of the two rules of an ``owl:inverseOf`` axiom."""
        return self.id in INVERSE_RULES

    def as_written(self) -> RuleInstance:
        """The rule with nothing bound: every pattern, schema ones included."""
        return RuleInstance(self, (), self.head, self.patterns, self.condition, self.path)

    def bind(self, bindings: Mapping[str, URIRef]) -> RuleInstance:
        """The rule for one match of its schema patterns, with the schema's terms written in.

        The schema patterns are dropped (the match is what they said), unless
        the rule reads only the schema (cls-oo): then it keeps its patterns,
        bound, because a WHERE with nothing but a filter is not read alike by
        every store.
        """
        head, condition, path = (
            prebind(text, bindings)[0] for text in (self.head, self.condition, self.path)
        )
        data = self.patterns[self.schema :] or self.patterns
        patterns = tuple(prebind(pattern, bindings)[0] for pattern in data)
        return RuleInstance(self, tuple(sorted(bindings.items())), head, patterns, condition, path)


@dataclass(frozen=True)
class RuleInstance:
    """A rule with the terms of one schema axiom written in; what the engines run."""

    rule: Rule
    #: variable name → the schema term written in its place, sorted by name
    bindings: tuple[tuple[str, URIRef], ...]
    head: str
    patterns: tuple[str, ...]
    condition: str = ""
    path: str = ""

    @property
    def id(self) -> str:
        return self.rule.id

    @property
    def inverse(self) -> bool:
        return self.rule.inverse

    @property
    def label(self) -> str:
        """The bindings as ``p=<…> q=<…>``: which axiom this instance is for."""
        return " ".join(f"{name}={term.n3()}" for name, term in self.bindings)

    def __str__(self) -> str:
        return f"{self.id} {self.label}".rstrip()

    def where(self, union: bool, minus: bool = False) -> str:
        """The WHERE body (see :func:`where`)."""
        return where(self.patterns, self.condition, self.head, union, minus)

    def update(self, union: bool = False) -> str:
        """The SPARQL update that adds this rule's conclusions to the inferred graph."""
        return (
            f"{PROLOGUE}INSERT {{ GRAPH {INF} {{ {self.head} }} }}\nWHERE {{ {self.where(union)} }}"
        )

    def construct(self) -> str:
        """The conclusions no graph holds yet, as a CONSTRUCT over the union of all graphs."""
        body = where(self.matched, self.condition, self.head, union=True, minus=True)
        return f"{PROLOGUE}CONSTRUCT {{ {self.head} }}\nWHERE {{ {body} }}"

    def body(self) -> str:
        """The patterns (or the path) and condition over the union of graphs, without the filter."""
        return where(self.matched, self.condition, "", union=True)

    @property
    def matched(self) -> tuple[str, ...]:
        """The path where there is one (for engines over the union of graphs), else the patterns.

        Two or more plain patterns (a chain such as ``?x causeOf ?y . ?y effect
        ?z``) become one sub-SELECT each: Oxigraph joins written patterns by a
        lookup per solution of the first, but sub-SELECTs by hashing both
        sides, 2.5-3x faster on a million triples whichever side is larger.
        """
        if self.path:
            return (self.path,)
        if len(self.patterns) > 1 and all(_plain(pattern) for pattern in self.patterns):
            return tuple(f"{{ SELECT * WHERE {{ {pattern} }} }}" for pattern in self.patterns)
        return self.patterns


def where(
    patterns: tuple[str, ...], condition: str, head: str, union: bool, minus: bool = False
) -> str:
    """A WHERE body; each pattern in ``GRAPH ?gN`` unless the default graph is the union.

    A conclusion some graph already holds is not derived again (the filter
    on ``head``), so the inferred graph never repeats an asserted triple.
    ``minus`` writes that filter as ``MINUS`` (union only): Oxigraph runs it as
    one hash anti-join instead of a lookup per solution, ~2.5x faster on a
    million triples; rdflib's MINUS compares every pair, so it keeps NOT EXISTS.
    """
    if union:
        parts = [f"{pattern} ." for pattern in patterns]
        known = f"FILTER NOT EXISTS {{ {head} }}" if head else ""
        if minus and "?" in head:  # MINUS needs a shared variable
            known = f"MINUS {{ {head} }}"
    else:
        parts = [f"GRAPH ?g{n} {{ {pattern} }}" for n, pattern in enumerate(patterns)]
        known = f"FILTER NOT EXISTS {{ GRAPH ?known {{ {head} }} }}" if head else ""
    return " ".join([*parts, condition, known]).strip()


def _plain(pattern: str) -> bool:
    """Whether a pattern is one triple with a fixed predicate (no path, no variable)."""
    parts = pattern.split()
    return len(parts) == 3 and key(pattern) != "*" and not re.search(r"[*+/|^?]", parts[1])


def variables(text: str) -> set[str]:
    """The names of the SPARQL variables in ``text`` (``?x`` → ``x``)."""
    return set(re.findall(r"\?(\w+)", text))


def key(pattern: str) -> str:
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
