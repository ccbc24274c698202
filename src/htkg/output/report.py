"""``htkg report``: the argument as a brief to hand over, in Chinese or English.

The brief is assembled from the answers the commands give — cq01 for the
constraint × countermeasure matrix, the trace for the causal chains, the loops,
the audit for the figures, the network's evidence for the linked documents —
so it says nothing the graph does not, and every claim carries a footnote with
its passage (:mod:`htkg.output.report_page`).
"""

from __future__ import annotations

from html import escape
from typing import cast

from rdflib import Dataset, URIRef

from htkg.audit.model import read_figures
from htkg.audit.run import run_audit
from htkg.network.digraph import build_network
from htkg.network.loops import find_loops
from htkg.network.model import CAUSAL, ArgumentNetwork, Evidence, Relation
from htkg.network.read import read_network
from htkg.network.signs import SYMBOL
from htkg.network.trace import finding_paths
from htkg.output import charts
from htkg.output.labels import Labeller
from htkg.output.report_page import Notes, page, svg_image, words
from htkg.output.zh import audit_zh, word
from htkg.rdf.graphs import union_default_graph
from htkg.rdf.namespaces import HTKG, KG
from htkg.rdf.terms import expand_iri

__all__ = ["audited_figures", "render_report"]

CHAINS_PER_FACTOR = 3
VERDICTS = {"consistent": "consistent", "inconsistent": "inconsistent",
            "notCheckable": "not checkable"}  # fmt: skip


class _Brief:
    """What every section needs: the data, the language, the labels, the footnotes."""

    def __init__(self, dataset: Dataset, lang: str) -> None:
        self.dataset, self.lang = dataset, lang
        self.labeller = Labeller(dataset, lang)
        self.notes = Notes(lang)
        self.net: ArgumentNetwork = read_network(dataset)

    def name(self, node: URIRef | None) -> str:
        return escape(self.labeller.text(node)) if node is not None else ""

    def document(self, slug: str) -> str:
        return self.labeller.text(KG[slug])

    def verdict(self, code: str) -> str:
        return word(code, self.lang) if self.lang == "zh" else VERDICTS.get(code, code)

    def cite(self, evidence: Evidence) -> str:
        section = self.labeller.text(evidence.section) if evidence.section else ""
        gloss = evidence.gloss if self.lang == "en" else ""
        return self.notes.cite(evidence.quote, section, self.document(evidence.document), gloss)

    def cite_node(self, node: URIRef) -> str:
        """The footnote of a claim by its own quote and section (figures, elements)."""
        quote = self.dataset.value(node, HTKG.quote, any=True)
        section = self.dataset.value(node, HTKG.inSection, any=True)
        gloss = self.dataset.value(node, HTKG.gloss, any=True) if self.lang == "en" else None
        where = self.labeller.text(section) if isinstance(section, URIRef) else ""
        return self.notes.cite(str(quote or ""), where, self.document("article"), str(gloss or ""))

    # -------------------------------------------------------------- sections --

    def matrix(self) -> str:
        heat = charts.draw("matrix", self.dataset, "svg", self.lang)
        data = charts.matrix(self.dataset, self.lang)
        rows: dict[URIRef, list[str]] = {f: [] for f, _n in data.factors}
        seen: set[tuple[URIRef, URIRef, str]] = set()
        for row in charts.answers(self.dataset, self.lang):
            factor, answer = cast(URIRef, row["factor"]), cast(URIRef, row["countermeasure"])
            relation = str(row["relation"])
            if (factor, answer, relation) in seen:
                continue
            seen.add((factor, answer, relation))
            summary = row.get("summary")
            if summary is not None and summary.toPython():  # type: ignore[attr-defined]
                mode = "summary"
            else:
                mode = "stated-by" if row["mode"] == HTKG.authorStated else "curator"
            note = self.notes.cite(str(row["quote"]), self.labeller.text(row["section"]),  # type: ignore[arg-type]
                                   self.document("article"))  # fmt: skip
            rows[factor].append(
                f"<li>{self.name(answer)} <span class='muted'>({escape(word(relation, self.lang))}"
                f"; {escape(words(mode, self.lang))})</span>{note}</li>"
            )
        body = [f"<p>{escape(words('matrix-intro', self.lang))}</p>",
                f"<figure>{svg_image(heat, words('matrix', self.lang))}</figure>",
                f"<table><tr><th>{escape(words('constraint', self.lang))}</th>"
                f"<th>{escape(words('countermeasures', self.lang))}</th></tr>"]  # fmt: skip
        for factor, _label in data.factors:
            items = "".join(rows[factor]) or f"<li>{escape(words('none', self.lang))}</li>"
            body.append(f"<tr><td>{self.name(factor)}{self.cite_node(factor)}</td>"
                        f"<td><ul>{items}</ul></td></tr>")  # fmt: skip
        body.append("</table>")
        return "\n".join(body)

    def _step(self, relation: Relation) -> str:
        sign = SYMBOL[relation.sign] if relation.kind == CAUSAL else ""
        return (f"{self.name(relation.source)} →({sign}) {self.name(relation.target)}"
                + "".join(self.cite(e) for e in relation.evidence))  # fmt: skip

    def chains(self) -> str:
        body = [f"<p>{escape(words('chains-intro', self.lang))}</p>"]
        factors = sorted(n for n, node in self.net.nodes.items() if node.cls == "ConstraintFactor")
        for factor in factors:
            paths = sorted(finding_paths(self.net, factor), key=lambda p: (len(p.steps), str(p)))
            paths = [p for p in paths if not p.summary][:CHAINS_PER_FACTOR] or paths[:1]
            body.append(f"<h3>{self.name(factor)}</h3>")
            if not paths:
                body.append(f"<p class='muted'>{escape(words('none', self.lang))}</p>")
                continue
            body.append("<ol class='chain'>")
            for path in paths:
                steps = [s.relation for s in path.steps if s.relation is not None]
                body.append("<li>" + "<br>".join(self._step(r) for r in steps) + "</li>")
            body.append("</ol>")
        return "\n".join(body)

    def loops(self) -> str:
        graph = build_network(self.dataset)
        body = []
        for i, loop in enumerate(find_loops(graph), 1):
            kind = word(loop.kind, self.lang)
            body.append(f"<h3>{i}. {escape(kind)}</h3><ol class='chain'>")
            for link in loop.links:
                source, target = expand_iri(link.source, "loop"), expand_iri(link.target, "loop")
                section = (
                    self.labeller.text(expand_iri(link.section, "loop")) if link.section else ""
                )
                note = self.notes.cite(link.quote, section, self.document("article"),
                                       link.gloss if self.lang == "en" else "")  # fmt: skip
                body.append(f"<li>{self.name(source)} →({SYMBOL[link.sign]}) "
                            f"{self.name(target)}{note}</li>")  # fmt: skip
            body.append("</ol>")
        return "\n".join(body) or f"<p>{escape(words('none', self.lang))}</p>"

    def figures(self) -> str:
        body = [f"<p>{escape(words('figures-intro', self.lang))}</p>"]
        for name in ("export-value", "field-shares", "region-shares"):
            svg = charts.draw(name, self.dataset, "svg", self.lang)
            body.append(f"<figure class='{name}'>{svg_image(svg, name)}</figure>")
        heads = ("check", "verdict", "printed", "recomputed", "arithmetic")
        body.append("<table><tr>" + "".join(f"<th>{escape(words(h, self.lang))}</th>"
                                            for h in heads) + "</tr>")  # fmt: skip
        said = audit_zh if self.lang == "zh" else (lambda text: text)
        for check in run_audit(self.dataset):
            label = check.label_zh if self.lang == "zh" else check.label_en
            notes = "".join(self.cite_node(f) for f in check.audited)
            note = (
                f"<br><span class='muted'>{escape(said(check.note))}</span>" if check.note else ""
            )
            body.append(
                f"<tr><td>{escape(label)}{notes}</td>"
                f"<td class='verdict-{check.verdict}'>{escape(self.verdict(check.verdict))}</td>"
                f"<td>{check.printed if check.printed is not None else ''}</td>"
                f"<td>{check.recomputed if check.recomputed is not None else ''}</td>"
                f"<td>{escape(said(check.arithmetic))}{note}</td></tr>"
            )
        body.append("</table>")
        return "\n".join(body)

    def documents(self) -> str:
        others = [d for d in self.net.documents() if d != "article"]
        body = [f"<p>{escape(words('documents-intro', self.lang))}</p>"]
        if not others:
            return "\n".join([*body, f"<p>{escape(words('no-documents', self.lang))}</p>"])
        for slug in others:
            body.append(f"<h3>{escape(self.document(slug))}</h3><ul>")
            for relation in self.net.relations.values():
                mine = [e for e in relation.evidence if e.document == slug]
                if not mine:
                    continue
                article = [e for e in relation.evidence if e.document == "article"]
                stance = "contests" if relation.contested else "corroborates" if article else "adds"
                body.append(f"<li><b>{escape(words(stance, self.lang))}</b>: "
                            f"{self._step(relation)}</li>")  # fmt: skip
            body.append("</ul>")
        return "\n".join(body)


def render_report(dataset: Dataset, lang: str = "en") -> str:
    """The brief as one self-contained HTML page."""
    brief = _Brief(dataset, lang)
    with union_default_graph(dataset):
        sections = [
            ("matrix", words("matrix", lang), brief.matrix()),
            ("chains", words("chains", lang), brief.chains()),
            ("loops", words("loops", lang), brief.loops()),
            ("figures", words("figures", lang), brief.figures()),
            ("documents", words("documents", lang), brief.documents()),
        ]
    return page(brief.labeller.text(KG.article), lang, sections, brief.notes)


def audited_figures(dataset: Dataset) -> list[URIRef]:
    """Every figure the audit checks (for tests and the brief's completeness)."""
    audited = {f for check in run_audit(dataset) for f in check.audited}
    return sorted(f.iri for f in read_figures(dataset) if f.iri in audited) or sorted(audited)
