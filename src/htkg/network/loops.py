"""Feedback loops: every simple cycle of causal relations, classified by its signs.

A loop with an even number of negative links is *reinforcing* (a change comes
back amplified: a vicious or virtuous circle); an odd number makes it
*balancing*; a link of unknown polarity — or one the documents contest — makes
the loop's kind *unknown*, and the loop says which link and why. The article's
loops are found here, never listed by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from htkg.network import signs
from htkg.network.digraph import ARGUMENT_CLASSES, causal_graph

REINFORCING, BALANCING, UNKNOWN = "reinforcing", "balancing", "unknown"


@dataclass(frozen=True)
class Link:
    """One causal relation of a loop, with the evidence it rests on."""

    source: str
    target: str
    sign: str
    mode: str
    link: str
    section: str
    quote: str
    gloss: str
    documents: str = "article"
    contested: bool = False


@dataclass(frozen=True)
class Loop:
    """A feedback loop: its nodes in order (the first is repeated implicitly) and links."""

    nodes: tuple[str, ...]
    links: tuple[Link, ...]
    kind: str

    @property
    def negatives(self) -> int:
        return sum(link.sign == signs.DOWN for link in self.links)

    @property
    def author_stated(self) -> bool:
        """True when an author states every link (no link is only a curator's reading)."""
        return all(link.mode == "authorStated" for link in self.links)

    @property
    def contested(self) -> tuple[Link, ...]:
        """The links whose documents give opposite signs (they make the kind unknown)."""
        return tuple(link for link in self.links if link.contested)


def classify(link_signs: list[str]) -> str:
    """Reinforcing, balancing or unknown from the signs of a loop's links.

    >>> classify(["+", "-", "-"]), classify(["-"]), classify(["+", "?"])
    ('reinforcing', 'balancing', 'unknown')
    """
    return {signs.UP: REINFORCING, signs.DOWN: BALANCING}.get(signs.product(link_signs), UNKNOWN)


def _rotate(graph: nx.DiGraph, cycle: list[str]) -> list[str]:
    """Start a cycle at its most prominent node (class order, then name) for stable output."""

    def rank(node: str) -> tuple[int, str]:
        cls = graph.nodes[node]["cls"]
        order = ARGUMENT_CLASSES.index(cls) if cls in ARGUMENT_CLASSES else len(ARGUMENT_CLASSES)
        # constraint factors and events lead a loop before mechanisms and findings
        preferred = {"ConstraintFactor": 0, "SubFactor": 1, "Event": 2}.get(cls, 3 + order)
        return preferred, node

    start = cycle.index(min(cycle, key=rank))
    return cycle[start:] + cycle[:start]


def find_loops(graph: nx.DiGraph) -> list[Loop]:
    """Every feedback loop over causal edges, shortest first, then by node names."""
    causal = causal_graph(graph)
    loops = []
    for cycle in nx.simple_cycles(causal):
        nodes = _rotate(causal, list(cycle))
        pairs = list(zip(nodes, nodes[1:] + nodes[:1], strict=True))
        links = tuple(
            Link(
                source=u,
                target=v,
                sign=d["sign"],
                mode=d["mode"],
                link=d["link"],
                section=d["section"],
                quote=d["quote"],
                gloss=d["gloss"],
                documents=d.get("documents", ""),
                contested=d.get("contested", False),
            )
            for u, v in pairs
            for d in (causal.edges[u, v],)
        )
        loops.append(Loop(tuple(nodes), links, classify([link.sign for link in links])))
    return sorted(loops, key=lambda loop: (len(loop.nodes), loop.nodes))
