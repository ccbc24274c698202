"""Trace the argument: every path from a constraint to the countermeasures that answer it.

Definitions (see docs/queries.md):

* A countermeasure **addresses** a constraint factor F when one of its response
  links (its own or a sub-measure's) targets

  - F itself (**direct**),
  - a sub-factor of F, at any depth (**sub-factor**),
  - a condition reached from F by a chain of causal links (**downstream**), or
  - a condition reached that way from a sub-factor of F (**downstream of a sub-factor**).

* A **path** is F, then zero or more sub-factor steps, then zero or more causal
  links (never visiting a node twice, so loops such as the vicious circle of
  二(二) are walked once), then the response link. Every hop carries its
  polarity (causal links), whether the author states it or a curator reads it,
  its section and its verbatim quote.

From an event, a finding or any other condition the trace walks causal links
upstream (to nodes nothing in the graph causes) and downstream (to nodes that
cause nothing further), again as simple paths. The links come from
:mod:`htkg.network.links`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from rdflib import Dataset, URIRef

from htkg.errors import InputError
from htkg.network.links import Hop, Network, load_network, start_node
from htkg.rdf.labels import Labeller
from htkg.rdf.namespaces import HTKG

__all__ = ["Hop", "Network", "Path", "Trace", "trace", "trace_json"]

MAX_PATHS = 500  # a guard: the article's network has far fewer


@dataclass(frozen=True)
class Path:
    """A sequence of hops; ``relation`` says how the end relates to the start."""

    relation: str
    hops: tuple[Hop, ...]

    @property
    def end(self) -> URIRef:
        return self.hops[-1].target


def _walk(
    net: Network,
    start: URIRef,
    forward: bool,
    seen: frozenset[URIRef],
) -> Iterator[tuple[Hop, ...]]:
    """Every simple causal path from ``start`` (incl. the empty one), depth first."""
    yield ()
    edges = net.out.get(start, []) if forward else net.into.get(start, [])
    for hop in sorted(edges, key=lambda h: str(h.link)):
        nxt = hop.target if forward else hop.source
        if nxt in seen:
            continue
        for rest in _walk(net, nxt, forward, seen | {nxt}):
            yield (hop, *rest)


def _sub_factor_chains(net: Network, factor: URIRef) -> Iterator[tuple[Hop, ...]]:
    yield ()
    for hop in sorted(net.sub_factors.get(factor, []), key=lambda h: str(h.target)):
        for rest in _sub_factor_chains(net, hop.target):
            yield (hop, *rest)


def _guard(paths: list[Path]) -> list[Path]:
    if len(paths) > MAX_PATHS:
        raise InputError(f"more than {MAX_PATHS} paths; trace a more specific term")
    return paths


def countermeasure_paths(net: Network, factor: URIRef) -> list[Path]:
    """Every path from ``factor`` to a response link (see the module docstring)."""
    paths: list[Path] = []
    for chain in _sub_factor_chains(net, factor):
        start = chain[-1].target if chain else factor
        for causal in _walk(net, start, True, frozenset({start, factor})):
            node = causal[-1].target if causal else start
            for response in sorted(net.responses.get(node, []), key=lambda h: str(h.link)):
                relation = {
                    (False, False): "direct",
                    (True, False): "sub-factor",
                    (False, True): "downstream",
                    (True, True): "downstream of a sub-factor",
                }[(bool(chain), bool(causal))]
                paths.append(Path(relation, (*chain, *causal, response)))
    return _guard(paths)


def finding_paths(net: Network, factor: URIRef) -> list[Path]:
    """Every path from ``factor`` (or a sub-factor) to a status finding it causes."""
    paths: list[Path] = []
    for chain in _sub_factor_chains(net, factor):
        start = chain[-1].target if chain else factor
        for causal in _walk(net, start, True, frozenset({start, factor})):
            if causal and net.classes.get(causal[-1].target) == "Finding":
                relation = "downstream of a sub-factor" if chain else "downstream"
                paths.append(Path(relation, (*chain, *causal)))
    return _guard(paths)


def _maximal(net: Network, start: URIRef, forward: bool) -> list[Path]:
    """Simple causal paths from ``start`` that cannot be extended."""
    found: list[Path] = []
    for hops in _walk(net, start, forward, frozenset({start})):
        if not hops:
            continue
        last = hops[-1].target if forward else hops[-1].source
        edges = net.out.get(last, []) if forward else net.into.get(last, [])
        visited = {start} | {h.target if forward else h.source for h in hops}
        if all((e.target if forward else e.source) in visited for e in edges):
            found.append(Path("downstream" if forward else "upstream", hops))
    return _guard(found)


def upstream_paths(net: Network, node: URIRef) -> list[Path]:
    """Causes of ``node``: maximal paths backwards, each hop listed cause → effect."""
    return [Path(p.relation, tuple(reversed(p.hops))) for p in _maximal(net, node, False)]


def downstream_paths(net: Network, node: URIRef) -> list[Path]:
    """Effects of ``node``: maximal simple paths forwards."""
    return _maximal(net, node, True)


def responses_to(net: Network, node: URIRef) -> list[Path]:
    """The response links that target ``node`` directly."""
    return [
        Path("direct", (h,)) for h in sorted(net.responses.get(node, []), key=lambda h: str(h.link))
    ]


@dataclass
class Trace:
    """The result of ``htkg trace`` for one term."""

    term: URIRef
    role: str
    sections: dict[str, list[Path]]


def trace(dataset: Dataset, term: str, downstream: bool = False) -> tuple[Trace, Network]:
    """Resolve ``term`` among the network's nodes and collect its paths."""
    node = start_node(dataset, term)
    net = load_network(dataset, around=node)
    role = net.classes[node]
    sections: dict[str, list[Path]] = {}
    if role == "ConstraintFactor":
        sections["countermeasures"] = countermeasure_paths(net, node)
        if downstream:
            sections["findings"] = finding_paths(net, node)
    else:
        sections["upstream"] = upstream_paths(net, node)
        sections["downstream"] = downstream_paths(net, node)
        if net.responses.get(node):
            sections["countermeasures"] = responses_to(net, node)
    return Trace(node, role, sections), net


def net_polarity(path: Path) -> str | None:
    """The sign of the causal chain: the product of its links' polarities.

    ``None`` for a path without causal links, ``unknownPolarity`` if any link's
    direction is unknown.
    """
    signs = [h.polarity for h in path.hops if h.kind == "causal"]
    if not signs:
        return None
    if any(sign not in (HTKG.positive, HTKG.negative) for sign in signs):
        return "unknownPolarity"
    return "negative" if sum(sign == HTKG.negative for sign in signs) % 2 else "positive"


def countermeasure_of(net: Network, measure: URIRef) -> URIRef:
    """The countermeasure a (sub-)measure belongs to."""
    return net.parent_measure.get(measure, measure)


def node_json(node: URIRef, net: Network, labeller: Labeller) -> dict[str, object]:
    return {
        "id": labeller.curie(node),
        "label": labeller.label(node),
        "class": net.classes.get(node),
    }


def hop_json(hop: Hop, net: Network, labeller: Labeller) -> dict[str, object]:
    """One hop as JSON (the shape is documented in docs/queries.md)."""

    def local(node: URIRef) -> str:
        return labeller.curie(node).split(":", 1)[-1]

    return {
        "kind": hop.kind,
        "from": node_json(hop.source, net, labeller),
        "to": node_json(hop.target, net, labeller),
        "link": labeller.curie(hop.link) if hop.link else None,
        "polarity": local(hop.polarity) if hop.polarity else None,
        "mode": local(hop.mode) if hop.mode else None,
        "section": {"id": labeller.curie(hop.section), "label": labeller.label(hop.section)}
        if hop.section
        else None,
        "quote": hop.quote,
        "note": hop.note or None,
    }


def trace_json(result: Trace, net: Network, labeller: Labeller) -> dict[str, object]:
    """The whole trace as a JSON-ready dict."""
    out: dict[str, object] = {
        "term": node_json(result.term, net, labeller),
        "role": result.role,
        "lang": labeller.lang,
    }
    for name, paths in result.sections.items():
        items = []
        for path in paths:
            item: dict[str, object] = {
                "relation": path.relation,
                "polarity": net_polarity(path),
                "hops": [hop_json(h, net, labeller) for h in path.hops],
                "curatorReadings": sum(h.mode == HTKG.curatorReading for h in path.hops),
            }
            if path.hops[-1].kind == "response":
                measure = path.hops[-1].source
                item["measure"] = node_json(measure, net, labeller)
                item["countermeasure"] = node_json(countermeasure_of(net, measure), net, labeller)
            items.append(item)
        out[name] = items
    return out
