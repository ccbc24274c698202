"""Where each node sits on the explorer's canvas: columns by role, rows by barycentre.

The page reads left → right like the article: events, then conditions by causal
depth (a sub-factor before its factor), the findings in one column, then the
sub-measures and countermeasures. Positions are computed here once, so the page
needs no physics simulation and every node keeps its place.
"""

from __future__ import annotations

import networkx as nx

from htkg.network.digraph import CAUSAL, MEASURE_CLASSES, PART


def levels(graph: nx.DiGraph) -> dict[str, int]:
    """Column of each node, so the page reads left → right like the article.

    Events first; then conditions by causal depth (sub-factor before factor),
    where a condition nothing leads to sits just before what it causes rather than
    in the first column; findings in one column after them; then sub-measures
    and countermeasures.
    """
    conditions = [n for n in graph if graph.nodes[n]["cls"] not in MEASURE_CLASSES]
    flow = nx.DiGraph()
    flow.add_nodes_from(conditions)
    flow.add_edges_from(
        (u, v)
        for u, v, d in graph.edges(data=True)
        if d["kind"] in (CAUSAL, PART) and u in flow and v in flow
    )
    dag = nx.condensation(flow)
    members = dag.graph["mapping"]
    is_event = {
        c: any(graph.nodes[n]["cls"] == "Event" for n in dag.nodes[c]["members"]) for c in dag
    }
    depth: dict[int, int] = {}
    for c in nx.topological_sort(dag):
        depth[c] = max((depth[p] + 1 for p in dag.predecessors(c)), default=0 if is_event[c] else 1)
    for c in reversed(list(nx.topological_sort(dag))):  # pull sources towards their effects
        if not is_event[c] and dag.in_degree(c) == 0 and dag.out_degree(c):
            depth[c] = max(1, min(depth[s] for s in dag.successors(c)) - 1)
    level = {n: depth[members[n]] for n in conditions}
    last = max(level.values(), default=0) + 1
    for n in graph:
        cls = graph.nodes[n]["cls"]
        if cls == "Finding":
            level[n] = last
        elif cls in MEASURE_CLASSES:
            level[n] = last + (2 if cls == "Countermeasure" else 1)
    return level


#: Layout constants (px): nodes per sub-column before a column is split, spacing.
MAX_PER_COLUMN, ROW, SUBCOLUMN, GAP = 16, 78, 170, 80


def positions(graph: nx.DiGraph) -> dict[str, tuple[int, int]]:
    """Fixed x, y per node: columns from :func:`levels`, crossings reduced by barycentres.

    A crowded column is split into staggered sub-columns, so the page stays about
    as wide as a screen and every label keeps its place (no physics, no jitter).
    """
    column = levels(graph)
    order: dict[int, list[str]] = {}
    for n in sorted(graph):
        order.setdefault(column[n], []).append(n)
    undirected = graph.to_undirected(as_view=True)
    for sweep in range(6):  # barycentre heuristic: sort each column by its neighbours' ranks
        rank = {n: i / max(len(col) - 1, 1) for col in order.values() for i, n in enumerate(col)}
        for level in sorted(order, reverse=bool(sweep % 2)):
            order[level].sort(
                key=lambda n: (
                    (sum(rank[m] for m in undirected[n]) / len(undirected[n]))
                    if len(undirected[n])
                    else rank[n]
                )
            )
    placed, x = {}, 0
    for level in sorted(order):
        nodes = order[level]
        split = -(-len(nodes) // MAX_PER_COLUMN)
        pitch = ROW / split
        top = -(len(nodes) - 1) * pitch / 2
        for i, n in enumerate(nodes):
            placed[n] = (int(x + (i % split) * SUBCOLUMN), int(top + i * pitch))
        x += split * SUBCOLUMN + GAP
    return placed
