"""The published site's HTML: one page per entity and the landing page.

Each entity page shows both labels, its class, every statement about it (the
values linked to their own pages), what refers to it, and — for a claim — the
verbatim passage and its section. Plain HTML with inline style: the pages are
served as static files and read offline.
"""

from __future__ import annotations

from html import escape

from rdflib import Dataset, Literal, URIRef
from rdflib.term import Node

from htkg.output.labels import Labeller
from htkg.queries.catalogue import QueryFile
from htkg.rdf.namespaces import KG

__all__ = ["entity_pages", "index_page", "local_name"]

_STYLE = (
    "body{font-family:sans-serif;max-width:56em;margin:2em auto;padding:0 1em;line-height:1.5}"
    "table{border-collapse:collapse;width:100%}td,th{border:1px solid #ddd;padding:.3em;"
    "vertical-align:top;text-align:left}th{background:#f4f4f4}code{color:#555}"
)


def local_name(iri: URIRef) -> str:
    """The page name of an entity: its IRI after ``kg:``."""
    return str(iri).removeprefix(str(KG)).replace("/", "_")


def _shell(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="zh-Hans">\n<head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )


def _value(node: Node, en: Labeller) -> str:
    if isinstance(node, URIRef) and str(node).startswith(str(KG)):
        return f'<a href="{escape(local_name(node))}.html">{escape(en.text(node))}</a>'
    if isinstance(node, URIRef):
        return f"<code>{escape(en.curie(node))}</code>"
    if isinstance(node, Literal) and node.language:
        return f'{escape(str(node))} <span lang="{node.language}">@{node.language}</span>'
    return escape(str(node))


def entity_pages(
    data: Dataset, subjects: list[URIRef], en: Labeller, zh: Labeller
) -> dict[str, str]:
    """``{page name: HTML}`` for every entity."""
    wanted = set(subjects)
    out_rows: dict[URIRef, list[str]] = {s: [] for s in subjects}
    in_rows: dict[URIRef, list[str]] = {s: [] for s in subjects}
    for graph in data.graphs():
        where = escape(en.curie(URIRef(str(graph.identifier))))
        for s, p, o in graph:
            prop = escape(en.curie(URIRef(str(p))))
            if s in wanted:
                out_rows[s].append(  # type: ignore[index]
                    f"<tr><td><code>{prop}</code></td><td>{_value(o, en)}</td>"
                    f"<td><code>{where}</code></td></tr>"
                )
            if o in wanted and isinstance(s, URIRef):
                in_rows[o].append(  # type: ignore[index]
                    f"<tr><td>{_value(s, en)}</td><td><code>{prop}</code></td>"
                    f"<td><code>{where}</code></td></tr>"
                )
    pages = {}
    for subject in subjects:
        title = zh.label(subject) or en.label(subject) or en.curie(subject)
        body = [
            f"<h1>{escape(title)}</h1>",
            f"<p>{escape(en.label(subject) or '')}</p>",
            f"<p><code>{escape(str(subject))}</code></p>",
            "<h2>Statements · 陈述</h2><table><tr><th>property</th><th>value</th>"
            "<th>graph</th></tr>",
            *sorted(out_rows[subject]),
            "</table>",
        ]
        if in_rows[subject]:
            body += ["<h2>Referred to by · 被引用</h2><table><tr><th>subject</th>"
                     "<th>property</th><th>graph</th></tr>", *sorted(in_rows[subject]),
                     "</table>"]  # fmt: skip
        body.append('<p><a href="../index.html">htkg</a></p>')
        pages[local_name(subject)] = _shell(title, "\n".join(body))
    return pages


def index_page(
    subjects: list[URIRef],
    en: Labeller,
    zh: Labeller,
    queries: dict[str, QueryFile],
    ontology_page: bool,
) -> str:
    """The landing page: documentation, downloads, examples, every entity."""
    items = "".join(
        f'<li><a href="id/{escape(local_name(s))}.html">{escape(zh.label(s) or "")}'
        f" · {escape(en.label(s) or en.curie(s))}</a></li>"
        for s in subjects
    )
    questions = "".join(
        f"<li><code>{escape(q.name)}</code> {escape(q.question_zh)} · {escape(q.question_en)}</li>"
        for q in queries.values()
    )
    ontology = ('<li><a href="ontology/index.html">Ontology documentation (pyLODE)</a></li>'
                if ontology_page else "")  # fmt: skip
    body = f"""<h1>htkg</h1>
<p>中美贸易摩擦背景下我国高新技术产品出口的制约因素与对策 — the article as an OWL ontology and
RDF knowledge graph.</p>
<ul>{ontology}
<li><a href="ontology/htkg.ttl">ontology (Turtle)</a></li>
<li><a href="data/htkg.trig">data (TriG)</a> · <a href="data/htkg.jsonld">data (JSON-LD)</a>
 · <a href="context.jsonld">JSON-LD context</a>
 · <a href="data/nanopubs.trig">nanopublications</a></li>
<li><a href="void.ttl">VoID / DCAT description</a></li>
<li><a href="examples/examples.ttl">SPARQL examples</a></li>
</ul>
<h2>Competency questions · 能力问题</h2><ul>{questions}</ul>
<h2>Entities · 实体 ({len(subjects)})</h2><ul>{items}</ul>"""
    return _shell("htkg", body)
