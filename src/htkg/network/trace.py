"""Trace the argument: every path from a constraint to the countermeasures that answer it.

Definitions (see docs/queries.md):

* A countermeasure **addresses** a constraint factor F when one of its response
  links (its own or a sub-measure's) targets

  - F itself (**direct**),
  - a sub-factor of F, at any depth (**sub-factor**),
  - a condition reached from F by a chain of causal links (**downstream**), or
  - a condition reached that way from a sub-factor of F (**downstream of a sub-factor**).

* A **path** is F, then zero or more sub-factor steps, then zero or more causal
  relations (never visiting a node twice, so loops such as the vicious circle of
  二(二) are walked once), then the response relation. Every step is a relation
  of the :mod:`network model <htkg.network.model>`: it carries every document's
  evidence (mode, polarity, section, verbatim quote), so a step two documents
  state names both, and a contested sign is shown, never merged.

* A path's **mode** is its weakest step: a curator reading anywhere makes the
  whole chain a curator reading. A path through a **summary link** (a sentence
  that links every item of one list to every item of another, such as the
  abstract's 由此 sentence) adds no chain of its own: such paths are folded into
  one line unless asked for.

From an event, a finding or any other condition the trace walks causal links
upstream (to nodes nothing in the graph causes) and downstream (to nodes that
cause nothing further), again as simple paths.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from rdflib import Dataset, URIRef

from htkg.errors import InputError
from htkg.network import signs
from htkg.network.model import CAUSAL, RESPONSE, ArgumentNetwork, Relation
from htkg.network.read import read_network, start_node
from htkg.rdf.namespaces import HTKG

MAX_PATHS = 500  # a guard: the article's network has far fewer
SUB_FACTOR = "sub-factor"


@dataclass(frozen=True)
class Step:
    """One step of a path: a causal or response relation, or a sub-factor step."""

    kind: str  # "causal" | "sub-factor" | "response"
    source: URIRef
    target: URIRef
    relation: Relation | None = None  # None for a sub-factor step

    @property
    def author_stated(self) -> bool:
        return self.relation is None or self.relation.author_stated

    @property
    def summary(self) -> bool:
        return self.relation is not None and self.relation.summary


def _step(relation: Relation) -> Step:
    return Step(relation.kind, relation.source, relation.target, relation)


@dataclass(frozen=True)
class Path:
    """A sequence of steps; ``relation`` says how the end relates to the start."""

    relation: str
    steps: tuple[Step, ...]

    @property
    def end(self) -> URIRef:
        return self.steps[-1].target

    @property
    def mode(self) -> URIRef:
        """The weakest step's mode: curator reading if any step is only a curator's."""
        return (
            HTKG.authorStated if all(s.author_stated for s in self.steps) else HTKG.curatorReading
        )

    @property
    def curator_readings(self) -> int:
        return sum(not s.author_stated for s in self.steps)

    @property
    def summary(self) -> bool:
        """True when a step is a summary link: the path adds no chain of its own."""
        return any(s.summary for s in self.steps)

    @property
    def sign(self) -> str | None:
        """The sign of the causal chain (product of its relations' signs); None without one."""
        chain = [s.relation.sign for s in self.steps if s.kind == CAUSAL and s.relation]
        return signs.product(chain) if chain else None

    @property
    def contested(self) -> list[Step]:
        """The steps whose documents give opposite signs."""
        return [s for s in self.steps if s.relation is not None and s.relation.contested]


def _ordered(relations: list[Relation]) -> list[Relation]:
    return sorted(relations, key=lambda r: str(r.first.link))


def _walk(
    net: ArgumentNetwork, start: URIRef, forward: bool, seen: frozenset[URIRef]
) -> Iterator[tuple[Step, ...]]:
    """Every simple causal path from ``start`` (incl. the empty one), depth first."""
    yield ()
    edges = net.causes_from(start) if forward else net.causes_into(start)
    for relation in _ordered(edges):
        nxt = relation.target if forward else relation.source
        if nxt in seen:
            continue
        for rest in _walk(net, nxt, forward, seen | {nxt}):
            yield (_step(relation), *rest)


def _sub_factor_chains(net: ArgumentNetwork, factor: URIRef) -> Iterator[tuple[Step, ...]]:
    yield ()
    for child in net.sub_factors(factor):
        for rest in _sub_factor_chains(net, child):
            yield (Step(SUB_FACTOR, factor, child), *rest)


def _guard(paths: list[Path]) -> list[Path]:
    if len(paths) > MAX_PATHS:
        raise InputError(f"more than {MAX_PATHS} paths; trace a more specific term")
    return paths


_RELATION = {
    (False, False): "direct",
    (True, False): "sub-factor",
    (False, True): "downstream",
    (True, True): "downstream of a sub-factor",
}


def countermeasure_paths(net: ArgumentNetwork, factor: URIRef) -> list[Path]:
    """Every path from ``factor`` to a response relation (see the module docstring)."""
    paths: list[Path] = []
    for chain in _sub_factor_chains(net, factor):
        start = chain[-1].target if chain else factor
        for causal in _walk(net, start, True, frozenset({start, factor})):
            node = causal[-1].target if causal else start
            for response in _ordered(net.responses_to(node)):
                relation = _RELATION[(bool(chain), bool(causal))]
                paths.append(Path(relation, (*chain, *causal, _step(response))))
    return _guard(paths)


def finding_paths(net: ArgumentNetwork, factor: URIRef) -> list[Path]:
    """Every path from ``factor`` (or a sub-factor) to a status finding it causes."""
    paths: list[Path] = []
    for chain in _sub_factor_chains(net, factor):
        start = chain[-1].target if chain else factor
        for causal in _walk(net, start, True, frozenset({start, factor})):
            if causal and net.cls(causal[-1].target) == "Finding":
                relation = "downstream of a sub-factor" if chain else "downstream"
                paths.append(Path(relation, (*chain, *causal)))
    return _guard(paths)


def _maximal(net: ArgumentNetwork, start: URIRef, forward: bool) -> list[Path]:
    """Simple causal paths from ``start`` that cannot be extended."""
    found: list[Path] = []
    for steps in _walk(net, start, forward, frozenset({start})):
        if not steps:
            continue
        last = steps[-1].target if forward else steps[-1].source
        edges = net.causes_from(last) if forward else net.causes_into(last)
        visited = {start} | {s.target if forward else s.source for s in steps}
        if all((e.target if forward else e.source) in visited for e in edges):
            found.append(Path("downstream" if forward else "upstream", steps))
    return _guard(found)


def upstream_paths(net: ArgumentNetwork, node: URIRef) -> list[Path]:
    """Causes of ``node``: maximal paths backwards, each step listed cause → effect."""
    return [Path(p.relation, tuple(reversed(p.steps))) for p in _maximal(net, node, False)]


def downstream_paths(net: ArgumentNetwork, node: URIRef) -> list[Path]:
    """Effects of ``node``: maximal simple paths forwards."""
    return _maximal(net, node, True)


def responses_to(net: ArgumentNetwork, node: URIRef) -> list[Path]:
    """The response relations that target ``node`` directly."""
    return [Path("direct", (_step(r),)) for r in _ordered(net.responses_to(node))]


@dataclass
class Trace:
    """The result of ``htkg trace`` for one term.

    ``sections``: the paths shown, by kind; ``folded``: per kind, the paths that
    go through a summary link, left out of ``sections`` unless asked for.
    """

    term: URIRef
    role: str
    sections: dict[str, list[Path]]
    folded: dict[str, list[Path]] = field(default_factory=dict)


def trace(
    dataset: Dataset,
    term: str,
    downstream: bool = False,
    summaries: bool = False,
    documents: tuple[str, ...] = (),
    author_stated: bool = False,
) -> tuple[Trace, ArgumentNetwork]:
    """Resolve ``term`` among the network's nodes and collect its paths.

    Args:
        summaries: show the paths through summary links instead of folding them.
        documents: only the evidence of these documents (slugs; all if empty).
        author_stated: only links an author states (no curator readings).
    """
    node = start_node(dataset, term)
    net = read_network(dataset, around=node)
    if documents or author_stated:
        net = net.filtered(documents, author_stated)
    role = net.cls(node)
    sections: dict[str, list[Path]] = {}
    if role == "ConstraintFactor":
        sections["countermeasures"] = countermeasure_paths(net, node)
        if downstream:
            sections["findings"] = finding_paths(net, node)
    else:
        sections["upstream"] = upstream_paths(net, node)
        sections["downstream"] = downstream_paths(net, node)
        if net.responses_to(node):
            sections["countermeasures"] = responses_to(net, node)
    result = Trace(node, role, sections)
    if not summaries:
        for name, paths in sections.items():
            result.sections[name] = [p for p in paths if not p.summary]
            result.folded[name] = [p for p in paths if p.summary]
    return result, net


def measure_of(path: Path) -> URIRef | None:
    """The measure a countermeasure path ends with (None for a causal path)."""
    last = path.steps[-1]
    return last.source if last.kind == RESPONSE else None
