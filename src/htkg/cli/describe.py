"""``htkg describe TERM``: everything the graph says about one term, across documents."""

from __future__ import annotations

import argparse
import json
import sys

from rdflib import Literal

from htkg.cli import options
from htkg.literature.describe import Description, describe
from htkg.output.tables import Table, to_markdown, to_records, to_text
from htkg.paths import ProjectPaths
from htkg.pipeline.sources import load_asserted
from htkg.rdf.labels import Labeller
from htkg.rdf.terms import resolve


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "describe",
        parents=[options.output_format(), options.lang()],
        help="everything the graph says about one term: facts, links, figures, joins, notes",
        description="TERM is an IRI, a CURIE (kg:…) or part of a label in Chinese or English "
        "(an ambiguous fragment lists the candidates, exit 2; `htkg find` lists matches). "
        "Shows the term's labels, class, definitions and identifiers, then per document: "
        "what it states about the term, the claims that mention it, the causal and response "
        "links into and out of it with their quotes, the figures it is a dimension of, the "
        "joins `htkg link` made and the curators' notes.",
    )
    parser.add_argument("term", metavar="TERM")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    paths = ProjectPaths.discover()
    dataset = load_asserted(paths.ontology, paths.data)
    result = describe(dataset, resolve(dataset, args.term))
    labeller = Labeller(dataset, args.lang)
    sections = tables(result, labeller)
    if args.format == "json":
        data = {name: to_records(t) for name, t in sections.items()}
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    else:
        render = to_markdown if args.format == "md" else to_text
        mark = "## " if args.format == "md" else ""
        parts = [f"{mark}{labeller.curie(result.term.iri)}\n", render(sections["term"])]
        for name, table in sections.items():
            if name != "term" and table.rows:
                parts.append(f"\n{mark}{name} ({len(table.rows)})\n")
                parts.append(render(table))
        text = "".join(parts)
    sys.stdout.write(text)
    return 0


def tables(result: Description, labeller: Labeller) -> dict[str, Table]:
    """The description as named tables (the same for text, Markdown and JSON)."""
    t = labeller.text
    term = result.term
    head = Table.of(["field", "value"])
    head.rows.append(["class", labeller.curie(term.cls)])
    for lang, values in sorted(term.labels.items()):
        head.rows += [[f"label@{lang}", v] for v in values]
    for lang, values in sorted(term.alt_labels.items()):
        head.rows += [[f"alt@{lang}", v] for v in values]
    head.rows += [[f"definition@{d.language or ''}", str(d)] for d in result.definitions]
    head.rows.append(["documents", " ".join(labeller.curie(d) for d in term.documents)])
    facts = Table.of(["document", "property", "value"])
    facts.rows += [[labeller.curie(f.document), labeller.curie(f.predicate), _value(f.object, t)]
                   for f in result.facts]  # fmt: skip
    mentions = Table.of(["document", "statement", "property", "quote"])
    mentions.rows += [[labeller.curie(f.document), t(f.subject), labeller.curie(f.predicate),
                       f.quote] for f in result.mentions]  # fmt: skip
    links = Table.of(["document", "kind", "dir", "other", "sign", "mode", "section", "quote",
                      "note"])  # fmt: skip
    for link in result.links:
        kind = link.kind + (" (summary)" if link.summary else "")
        links.rows.append([labeller.curie(link.document), kind, link.direction, t(link.other),
                           t(link.sign), t(link.mode), t(link.section),
                           link.quote or link.gloss, link.note])  # fmt: skip
    figures = Table.of(["document", "as", "indicator", "period", "value", "unit", "quote"])
    for fig in result.figures:
        value = fig.value + (f" ({t(fig.bound)})" if fig.bound is not None else "")
        figures.rows.append([labeller.curie(fig.document), labeller.curie(fig.role),
                             t(fig.indicator), t(fig.period), value, t(fig.unit),
                             fig.quote])  # fmt: skip
    joins = Table.of(["basis", "with", "value", "documents", "confirmed by"])
    joins.rows += [[t(j.basis), " ".join(labeller.curie(o) for o in j.others), j.value,
                    " ".join(labeller.curie(d) for d in j.documents), j.confirmed_by]
                   for j in result.joins]  # fmt: skip
    notes = Table.of(["document", "note"])
    notes.rows += [[labeller.curie(d), str(n)] for d, n in result.notes]
    return {"term": head, "facts": facts, "mentioned by": mentions, "links": links,
            "figures": figures, "joins": joins, "curator notes": notes}  # fmt: skip


def _value(node, text) -> str:
    return str(node) if isinstance(node, Literal) else text(node)
