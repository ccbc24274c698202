"""Leverage: which nodes drive the network and which are its outcomes (MICMAC-style).

MICMAC ranks the variables of a system by influence (how much of it they act
on) and dependence (how much acts on them), counting direct and indirect
influence. Here indirect influence is reachability over causal links:
``influence`` = the number of nodes a node reaches, ``dependence`` = the number
that reach it; the direct counts are the out- and in-degree. Betweenness says
how many causal paths run through a node. The classic four quadrants, split at
the mean influence and mean dependence:

========== ============================================================
driver      high influence, low dependence: where to act
linkage     high both: unstable relays, often in feedback loops
dependent   low influence, high dependence: outcomes
autonomous  low both: weakly connected to the rest
========== ============================================================
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import fmean

import networkx as nx

from htkg.network.digraph import ADDRESSES, CAUSAL, edges_of_kind

DRIVER, LINKAGE, DEPENDENT, AUTONOMOUS = "driver", "linkage", "dependent", "autonomous"


@dataclass(frozen=True)
class Leverage:
    """One node's place in the network."""

    node: str
    influence: int  # nodes reached, directly or indirectly
    dependence: int  # nodes it is reached from
    direct_influence: int
    direct_dependence: int
    betweenness: float
    role: str


def quadrant(influence: float, dependence: float, mid_inf: float, mid_dep: float) -> str:
    """MICMAC quadrant of a node given the split points.

    >>> quadrant(5, 0, 2, 2), quadrant(5, 5, 2, 2), quadrant(0, 5, 2, 2), quadrant(1, 1, 2, 2)
    ('driver', 'linkage', 'dependent', 'autonomous')
    """
    high_inf, high_dep = influence > mid_inf, dependence > mid_dep
    if high_inf:
        return LINKAGE if high_dep else DRIVER
    return DEPENDENT if high_dep else AUTONOMOUS


def leverage(graph: nx.DiGraph, include_measures: bool = False) -> list[Leverage]:
    """Rank the nodes of the causal network (optionally with the measures' addresses edges).

    Nodes without any edge of the chosen kinds are left out. Ranked by influence,
    then betweenness, then lowest dependence, then name.
    """
    kinds = (CAUSAL, ADDRESSES) if include_measures else (CAUSAL,)
    view = edges_of_kind(graph, *kinds)
    net = view.subgraph([n for n in view if view.degree(n)])
    if net.number_of_nodes() == 0:
        return []
    reach = {n: len(nx.descendants(net, n)) for n in net}
    reached = {n: len(nx.ancestors(net, n)) for n in net}
    between = nx.betweenness_centrality(net, normalized=True)
    mid_inf, mid_dep = fmean(reach.values()), fmean(reached.values())
    rows = [
        Leverage(
            node=n,
            influence=reach[n],
            dependence=reached[n],
            direct_influence=net.out_degree(n),
            direct_dependence=net.in_degree(n),
            betweenness=round(between[n], 4),
            role=quadrant(reach[n], reached[n], mid_inf, mid_dep),
        )
        for n in net
    ]
    return sorted(rows, key=lambda r: (-r.influence, -r.betweenness, r.dependence, r.node))


def split_points(rows: list[Leverage]) -> tuple[float, float]:
    """The mean influence and dependence the quadrants are split at."""
    if not rows:
        return 0.0, 0.0
    return fmean(r.influence for r in rows), fmean(r.dependence for r in rows)
