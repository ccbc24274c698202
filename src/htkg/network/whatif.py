"""What-if: switch measures on (or conditions off) and follow the signs downstream.

Qualitative sign algebra (:mod:`htkg.network.signs`), no numbers. A measure
switched on acts on what it addresses only as the text says: a response link
that *reduces* its target starts a "less", one that *raises* it a "more"; where
the text leaves the effect *unspecified* the change at the target is unknown
and goes no further — the tool does not read "addresses" as "reduces". A
countermeasure acts through its own response links and those of its
sub-measures. A condition switched off starts at "less". Each change travels
along causal relations: the sign of a path is the product of its links' signs
(+ keeps the direction, - flips it, ? makes it unknown); a relation the
documents contest has sign ? and the path says so. A node reached by paths of
both signs is *ambiguous*. Every result lists the paths behind it.

The article's findings name problems (出口增速递减, 出口结构集中, …), so more
of a finding means it worsens and less means it improves.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import networkx as nx

from htkg.network import signs
from htkg.network.digraph import ADDRESSES, CAUSAL, MEASURE_CLASSES, PART

UP, DOWN, AMBIGUOUS, UNKNOWN = signs.UP, signs.DOWN, signs.AMBIGUOUS, signs.UNKNOWN_CHANGE
VERDICT = {UP: "worsens", DOWN: "improves", AMBIGUOUS: "ambiguous", UNKNOWN: "unknown"}
#: Why a path's sign is unknown.
UNSPECIFIED, CONTESTED, NO_POLARITY = "unspecified", "contested", "no polarity"


@dataclass(frozen=True)
class Path:
    """One chain of edges from an intervention to the node, with its overall sign."""

    nodes: tuple[str, ...]
    kinds: tuple[str, ...]  # per edge: causal, addresses or part
    signs: tuple[str, ...]  # per edge: +, -, ? ("" for part edges)
    sign: str
    #: (source, target, why) for each edge whose sign is unknown: unspecified, contested …
    unknowns: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class Effect:
    node: str
    cls: str
    change: str  # +, -, ambiguous, unknown
    paths: tuple[Path, ...]

    @property
    def verdict(self) -> str:
        """For a finding: improves, worsens, ambiguous or unknown."""
        return VERDICT[self.change]

    @property
    def reasons(self) -> tuple[tuple[str, str, str], ...]:
        """Why the change is unknown: the edges of unknown sign on its paths."""
        return tuple(dict.fromkeys(u for p in self.paths for u in p.unknowns))


@dataclass(frozen=True)
class Intervention:
    node: str
    action: str  # "on" for a measure, "off" for a condition


@dataclass(frozen=True)
class WhatIf:
    interventions: tuple[Intervention, ...]
    effects: tuple[Effect, ...]

    @property
    def findings(self) -> tuple[Effect, ...]:
        return tuple(e for e in self.effects if e.cls == "Finding")

    @property
    def others(self) -> tuple[Effect, ...]:
        return tuple(e for e in self.effects if e.cls != "Finding")


def _unknown(u: str, v: str, data: dict) -> tuple[tuple[str, str, str], ...]:
    """Why the edge u → v has an unknown sign (empty if it has a known one)."""
    if data["sign"] != signs.UNKNOWN:
        return ()
    if data.get("contested"):
        return ((u, v, CONTESTED),)
    return ((u, v, UNSPECIFIED if data["kind"] == ADDRESSES else NO_POLARITY),)


def _starts(graph: nx.DiGraph, node: str) -> tuple[Intervention, list[Path]]:
    """The intervention on ``node`` and the first step(s) of its paths."""
    if graph.nodes[node]["cls"] not in MEASURE_CLASSES:
        return Intervention(node, "off"), [Path((node,), (), (), DOWN)]
    starts = []
    measures: list[tuple[tuple[str, ...], tuple[str, ...]]] = [((node,), ())]
    for child, _parent, data in graph.in_edges(node, data=True):
        if data["kind"] == PART and graph.nodes[child]["cls"] in MEASURE_CLASSES:
            measures.append(((node, child), (PART,)))
    for prefix, kinds in measures:
        for measure, target, data in graph.out_edges(prefix[-1], data=True):
            if data["kind"] == ADDRESSES:
                path_signs = (*("" for _ in kinds), data["sign"])
                starts.append(
                    Path(
                        (*prefix, target),
                        (*kinds, ADDRESSES),
                        path_signs,
                        data["sign"],
                        _unknown(measure, target, data),
                    )
                )
    return Intervention(node, "on"), starts


def _extend(graph: nx.DiGraph, path: Path, out: dict[str, list[Path]]) -> None:
    """Depth-first: every simple causal path onwards from ``path``'s last node.

    A response whose effect the text leaves unspecified goes no further: the
    text gives no ground to say what follows from it. A causal link of unknown
    (or contested) sign does carry the change on, as unknown, with its reason.
    """
    if path.kinds[-1:] == (ADDRESSES,) and path.sign == signs.UNKNOWN:
        return
    last = path.nodes[-1]
    for _u, nxt, data in graph.out_edges(last, data=True):
        if data["kind"] != CAUSAL or nxt in path.nodes:
            continue
        longer = Path(
            (*path.nodes, nxt),
            (*path.kinds, CAUSAL),
            (*path.signs, data["sign"]),
            signs.multiply(path.sign, data["sign"]),
            path.unknowns + _unknown(last, nxt, data),
        )
        out[nxt].append(longer)
        _extend(graph, longer, out)


def what_if(graph: nx.DiGraph, nodes: list[str]) -> WhatIf:
    """Propagate the interventions on ``nodes`` (resolved node keys) through ``graph``."""
    interventions = []
    reached: dict[str, list[Path]] = defaultdict(list)
    for node in dict.fromkeys(nodes):
        intervention, starts = _starts(graph, node)
        interventions.append(intervention)
        for start in starts:
            if len(start.nodes) > 1:
                reached[start.nodes[-1]].append(start)
            _extend(graph, start, reached)
    switched = {i.node for i in interventions}
    effects = [
        Effect(
            node=n,
            cls=graph.nodes[n]["cls"],
            change=signs.combine({p.sign for p in paths}),
            paths=tuple(sorted(set(paths), key=lambda p: (len(p.nodes), p.nodes))),
        )
        for n, paths in reached.items()
        if n not in switched
    ]
    effects.sort(key=lambda e: (e.cls != "Finding", e.node))
    return WhatIf(tuple(interventions), tuple(effects))
