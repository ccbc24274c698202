"""The reports of trace, loops and audit as flat tables, one row per piece of evidence.

A spreadsheet or DataFrame wants rows, not the indented text the terminal
gets: each row here stands alone (its path, step, document, section and
quote), so it can be filtered and sorted without losing what it rests on.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from htkg.network.model import ArgumentNetwork
from htkg.network.signs import SYMBOL
from htkg.network.trace import Trace, measure_of
from htkg.output.labels import Labeller
from htkg.output.tables import Cell, Column, Table
from htkg.output.zh import audit_zh
from htkg.rdf.namespaces import HTKG
from htkg.rdf.terms import expand_iri

if TYPE_CHECKING:  # networkx is not imported by trace and query (they start faster)
    import networkx as nx

    from htkg.audit.model import Check
    from htkg.network.loops import Loop

__all__ = ["audit_table", "loops_table", "trace_table"]

TRACE_COLUMNS = ("part", "path", "relation", "countermeasure", "step", "from", "kind", "sign",
                 "to", "document", "mode", "section", "quote")  # fmt: skip
LOOP_COLUMNS = ("loop", "kind", "length", "from", "sign", "to", "mode", "section", "link",
                "documents", "contested", "quote", "gloss")  # fmt: skip
AUDIT_COLUMNS = ("id", "check", "verdict", "printed", "recomputed", "difference", "tolerance",
                 "arithmetic", "note")  # fmt: skip


def _num(value: object) -> str:
    return "" if value is None else str(value)


def trace_table(result: Trace, net: ArgumentNetwork, labeller: Labeller) -> Table:
    """Every step of every path shown, one row per document's evidence for it."""
    rows: list[Sequence[str | Cell]] = []
    text = labeller.text
    for part, paths in result.sections.items():
        for number, path in enumerate(paths, 1):
            measure = measure_of(path)
            answer = text(net.countermeasure_of(measure)) if measure is not None else ""
            for index, step in enumerate(path.steps, 1):
                head = [part, str(number), path.relation, answer, str(index),
                        text(step.source), step.kind]  # fmt: skip
                if step.relation is None:
                    child = net.nodes.get(step.target)
                    section = text(child.section) if child and child.section else ""
                    rows.append([*head, "", text(step.target), "", "", section,
                                 child.quote if child else ""])  # fmt: skip
                    continue
                for e in step.relation.evidence:
                    rows.append([*head, SYMBOL[e.sign], text(step.target), e.document,
                                 text(e.mode), text(e.section), e.quote])  # fmt: skip
    return Table([Column(c) for c in TRACE_COLUMNS], rows)


def loops_table(graph: nx.DiGraph, loops: list[Loop], labeller: Labeller, lang: str) -> Table:
    """Every link of every loop with its quote."""

    def name(node: str) -> str:
        return graph.nodes[node][f"label_{lang}"]

    def label(curie: str) -> str:
        return labeller.text(expand_iri(curie, "loop")) if curie else ""

    rows: list[Sequence[str | Cell]] = [
        [str(i), loop.kind, str(len(loop.nodes)), name(k.source), SYMBOL[k.sign], name(k.target),
         labeller.text(HTKG[k.mode]), label(k.section),
         k.link, k.documents, "yes" if k.contested else "", k.quote, k.gloss]
        for i, loop in enumerate(loops, 1)
        for k in loop.links
    ]  # fmt: skip
    return Table([Column(c) for c in LOOP_COLUMNS], rows)


def audit_table(checks: list[Check], lang: str) -> Table:
    """One row per check, numbers as exact decimal text; the arithmetic in ``lang``."""
    said = audit_zh if lang == "zh" else (lambda text: text)
    rows: list[Sequence[str | Cell]] = [
        [c.id, c.label_zh if lang == "zh" else c.label_en, c.verdict, _num(c.printed),
         _num(c.recomputed), _num(c.difference), _num(c.tolerance), said(c.arithmetic),
         said(c.note)]
        for c in checks
    ]  # fmt: skip
    return Table([Column(c) for c in AUDIT_COLUMNS], rows)
