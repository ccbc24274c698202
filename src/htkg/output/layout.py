"""Where each node sits on the explorer's canvas: columns by role, rows by barycentre.

The page reads left → right like the article: events, then conditions by causal
depth (a sub-factor before its factor), the findings in one column, then the
sub-measures and countermeasures. Positions are computed here once, so the page
needs no physics simulation and every node keeps its place.
"""

from __future__ import annotations

from collections.abc import Callable

import networkx as nx

from htkg.network.digraph import ADDRESSES, CAUSAL, MEASURE_CLASSES, PART


def levels(graph: nx.DiGraph) -> dict[str, int]:
    """Column of each node, so the page reads left → right like the article.

    Events first; then conditions by causal depth (sub-factor before factor),
    where a condition nothing leads to sits just before what it causes rather than
    in the first column; findings in one column after them; then sub-measures
    and countermeasures.
    """
    conditions = [n for n in graph if graph.nodes[n]["cls"] not in MEASURE_CLASSES]
    flow: nx.DiGraph = nx.DiGraph()
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


def positions(
    graph: nx.DiGraph,
    columns: Callable[[nx.DiGraph], dict[str, int]] = levels,
    per_column: int = MAX_PER_COLUMN,
    row: int = ROW,
    subcolumn: int = SUBCOLUMN,
    gap: int = GAP,
) -> dict[str, tuple[int, int]]:
    """Fixed x, y per node: ``columns`` (default :func:`levels`), crossings reduced by barycentres.

    A crowded column is split into staggered sub-columns, so the page stays about
    as wide as a screen and every label keeps its place (no physics, no jitter).
    """
    column = columns(graph)
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
        split = -(-len(nodes) // per_column)
        pitch = row / split
        top = -(len(nodes) - 1) * pitch / 2
        for i, n in enumerate(nodes):
            placed[n] = (int(x + (i % split) * subcolumn), int(top + i * pitch))
        x += split * subcolumn + gap
    return placed


# -- the first view: constraint → countermeasure -------------------------------

#: Columns of the first view, left → right; mechanisms only where they lead to a finding.
VIEW_COLUMNS = ("Event", "SubFactor", "ConstraintFactor", "Mechanism", "Finding", "Countermeasure")
VIA = "via"
#: an addressed node more than this many view nodes lead to is shown itself
HUB = 2


def first_view(graph: nx.DiGraph) -> tuple[list[str], list[tuple[str, str, str, list[str]]]]:
    """The nodes the page opens on, and the summary edges that stand for hidden chains.

    Events → constraint factors and their sub-factors → the mechanisms that lead
    straight to a finding → findings, and the countermeasures facing what they
    address. A chain through nodes left out (other mechanisms, sub-measures)
    becomes one ``via`` edge (source, target, kind, the nodes it passes), so
    every arrow of the view still stands for links in the text.
    """
    cls = {n: d["cls"] for n, d in graph.nodes(data=True)}
    members = {
        n
        for n, c in cls.items()
        if c in VIEW_COLUMNS
        and (c != "Mechanism" or any(cls[v] == "Finding" for v in graph.successors(n)))
    }
    causal = nx.subgraph_view(graph, filter_edge=lambda u, v: graph.edges[u, v]["kind"] == CAUSAL)
    for u, target, data in graph.edges(data=True):  # a target many members lead to: shown
        addressed = data["kind"] == ADDRESSES and cls[u] in MEASURE_CLASSES
        if (
            addressed
            and target not in members
            and len(_reach(causal, target, members, forward=False)) > HUB
        ):
            members.add(target)
    via: dict[tuple[str, str], tuple[str, list[str]]] = {}
    for start in sorted(members):
        if cls[start] == "Countermeasure":
            continue
        for end, hidden in _reach(causal, start, members, forward=True):
            if not graph.has_edge(start, end):
                via.setdefault((start, end), (CAUSAL, hidden))
    for measure in sorted(n for n in members if cls[n] == "Countermeasure"):
        parts = [measure, *(u for u, _ in graph.in_edges(measure) if cls[u] == "SubMeasure")]
        for part in parts:
            for _, target, data in graph.out_edges(part, data=True):
                if data["kind"] != ADDRESSES:
                    continue
                hops = [] if part == measure else [part]
                if target in members:
                    if not graph.has_edge(measure, target):
                        via.setdefault((measure, target), (ADDRESSES, hops))
                    continue
                for end, hidden in _reach(causal, target, members, forward=False):
                    via.setdefault((measure, end), (ADDRESSES, [*hops, target, *hidden]))
    return sorted(members), [(u, v, k, h) for (u, v), (k, h) in sorted(via.items())]


def _reach(
    graph: nx.DiGraph, start: str, members: set[str], forward: bool
) -> list[tuple[str, list[str]]]:
    """Members reached from ``start`` through non-members only, with the nodes passed."""
    found: list[tuple[str, list[str]]] = []
    seen, frontier = {start}, [(start, list[str]())]
    while frontier:
        node, path = frontier.pop(0)
        step = graph.successors(node) if forward else graph.predecessors(node)
        for nxt in sorted(step):
            if nxt in seen:
                continue
            seen.add(nxt)
            if nxt in members:
                found.append((nxt, path))
            else:
                frontier.append((nxt, [*path, nxt] if forward else [nxt, *path]))
    return found


def view_positions(graph: nx.DiGraph, members: list[str], via: list) -> dict[str, tuple[int, int]]:
    """Positions of the first view: one column per role (:data:`VIEW_COLUMNS`), compact.

    Sized so that, fitted to a 1400×900 window, labels stay at least 11 px and no
    two boxes touch (checked in a real browser by tests/test_explorer_browser.py).
    """
    view: nx.DiGraph = nx.DiGraph()
    view.add_nodes_from((n, graph.nodes[n]) for n in members)
    view.add_edges_from((u, v) for u, v in graph.edges if u in view and v in view)
    view.add_edges_from((u, v) for u, v, _k, _h in via)

    def columns(g: nx.DiGraph) -> dict[str, int]:
        return {n: VIEW_COLUMNS.index(_column_class(g.nodes[n]["cls"])) for n in g}

    return positions(view, columns, per_column=8, row=100, subcolumn=180, gap=30)


def _column_class(cls: str) -> str:
    return cls if cls in VIEW_COLUMNS else "Mechanism"
