"""What the explorer shows about each node and link, as JSON: evidence, sections, figures.

One shape for the offline page (everything embedded) and for ``htkg serve``'s
JSON endpoints (a neighbourhood at a time), so the page's code is the same on
both. A link's evidence is every document's statement of it
(:class:`~htkg.network.model.Relation`): the first document **states** it, a
document giving the same sign **corroborates** it, one giving another sign
**contests** it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from rdflib import Dataset, URIRef

from htkg.network.model import CAUSAL, ArgumentNetwork, Evidence, Relation
from htkg.rdf.graphs import union_default_graph
from htkg.rdf.namespaces import curie

#: a heading's own enumerator: （三） or 一、
ENUMERATOR = re.compile(r"^(?:（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、)")
_EFFECT = {"+": "raises", "-": "reduces", "?": "unspecified"}
_POLARITY = {"+": "positive", "-": "negative", "?": "unknown"}

_EXTRAS = """
PREFIX htkg: <https://w3id.org/htkg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?node ?note ?definition ?obs ?value ?unit ?indicator ?period ?quote ?section WHERE {{
  {{ VALUES ?node {{ {nodes} }}
    ?node htkg:curatorNote ?note FILTER(langMatches(lang(?note), "en")) }}
  UNION
  {{ VALUES ?node {{ {nodes} }}
    ?node skos:definition ?definition FILTER(langMatches(lang(?definition), "en")) }}
  UNION
  {{ VALUES ?node {{ {nodes} }}
    ?obs htkg:about ?node ; a htkg:Observation ; htkg:value ?value .
    OPTIONAL {{ ?obs htkg:unit/skos:prefLabel ?unit FILTER(lang(?unit) = "zh") }}
    OPTIONAL {{ ?obs htkg:indicator/skos:prefLabel ?indicator FILTER(lang(?indicator) = "en") }}
    OPTIONAL {{ ?obs htkg:refPeriod/skos:prefLabel ?period FILTER(lang(?period) = "en") }}
    OPTIONAL {{ ?obs htkg:quote ?quote }} OPTIONAL {{ ?obs htkg:inSection ?section }} }}
}}
"""
_SECTIONS = """
PREFIX htkg: <https://w3id.org/htkg/ontology#>
SELECT ?section ?number WHERE {{
  VALUES ?section {{ {sections} }} ?section htkg:sectionNumber ?number
}}
"""
#: figures printed in a finding's own section (when no observation is ``about`` it)
_SECTION_FIGURES = """
PREFIX htkg: <https://w3id.org/htkg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?section ?obs ?value ?unit ?indicator ?period ?quote WHERE {{
  VALUES ?section {{ {sections} }}
  ?obs a htkg:Observation ; htkg:inSection ?section ; htkg:value ?value .
  OPTIONAL {{ ?obs htkg:unit/skos:prefLabel ?unit FILTER(lang(?unit) = "zh") }}
  OPTIONAL {{ ?obs htkg:indicator/skos:prefLabel ?indicator FILTER(lang(?indicator) = "en") }}
  OPTIONAL {{ ?obs htkg:refPeriod/skos:prefLabel ?period FILTER(lang(?period) = "en") }}
  OPTIONAL {{ ?obs htkg:quote ?quote }}
}}
"""


def _iris(items: Iterable[URIRef]) -> str:
    return " ".join(sorted({i.n3() for i in items}))


def _rows(dataset: Dataset, query: str) -> list[Any]:
    """A SELECT's rows (typed loosely: rdflib's result rows are a union mypy cannot narrow)."""
    return list(dataset.query(query))


def _figure(row: Any) -> dict[str, str]:
    return {"id": curie(str(row.obs)), "value": str(row.value), "unit": str(row.unit or ""),
            "indicator": str(row.indicator or ""), "period": str(row.period or ""),
            "quote": str(row.quote or "")}  # fmt: skip


def extras(dataset: Dataset, net: ArgumentNetwork) -> dict[str, Any]:
    """Curator notes and figures per node, section numbers: what the model does not carry."""
    notes: dict[str, str] = {}
    definitions: dict[str, str] = {}
    figures: dict[str, list[dict[str, str]]] = {}
    numbers: dict[str, str] = {}
    sections = set(net.section_labels)
    with union_default_graph(dataset):
        if net.nodes:
            for row in _rows(dataset, _EXTRAS.format(nodes=_iris(net.nodes))):
                key = curie(str(row.node))
                if row.note is not None:
                    notes.setdefault(key, str(row.note))
                elif row.definition is not None:
                    definitions.setdefault(key, str(row.definition))
                elif row.obs is not None:
                    figures.setdefault(key, []).append(_figure(row))
        findings = {n.section for n in net.nodes.values() if n.cls == "Finding" and n.section}
        by_section: dict[str, list[dict[str, str]]] = {}
        if findings:
            for row in _rows(dataset, _SECTION_FIGURES.format(sections=_iris(findings))):
                by_section.setdefault(curie(str(row.section)), []).append(_figure(row))
        for node in net.nodes.values():
            if node.cls == "Finding" and node.section is not None:
                key = curie(str(node.iri))
                figures.setdefault(key, by_section.get(curie(str(node.section)), []))
        if sections:
            for row in _rows(dataset, _SECTIONS.format(sections=_iris(sections))):
                numbers[curie(str(row.section))] = str(row.number)
    for found in figures.values():
        found.sort(key=lambda f: (f["indicator"], f["period"], f["id"]))
    return {"notes": {**definitions, **notes}, "figures": figures, "numbers": numbers}


def section(net: ArgumentNetwork, iri: URIRef | None, numbers: dict[str, str]) -> dict[str, str]:
    """A section's CURIE, printed number (二（三）) and zh/en labels."""
    if iri is None:
        return {"sec": "", "secNo": "", "secZh": "", "secEn": ""}
    key = curie(str(iri))
    zh, en = net.section_labels.get(iri, ("", ""))
    number = numbers.get(key, "").replace("(", "（").replace(")", "）")
    if number:  # the number is shown once, in full: 二（三）, not （三） again
        zh = ENUMERATOR.sub("", zh)
    return {"sec": key, "secNo": number, "secZh": zh, "secEn": en}


def evidence_json(
    net: ArgumentNetwork, relation: Relation, numbers: dict[str, str], documents: set[str]
) -> list[dict[str, Any]]:
    """Each document's statement of ``relation``, with its role (states, corroborates, contests)."""
    items = [e for e in relation.evidence if not documents or e.document in documents]
    if not items:
        return []
    first = min(items, key=lambda e: (e.summary, not e.author_stated, e.document != "article"))
    out = []
    for e in sorted(items, key=lambda e: (e is not first, e.document != "article", e.document)):
        role = "states" if e is first else ("corroborates" if e.sign == first.sign else "contests")
        if e.document == first.document and e is not first and e.sign == first.sign:
            role = "states"
        out.append(_one(net, e, role, numbers))
    return out


def _one(net: ArgumentNetwork, e: Evidence, role: str, numbers: dict[str, str]) -> dict[str, Any]:
    return {
        "doc": e.document,
        "role": role,
        "link": curie(str(e.link)),
        "mode": str(e.mode or "").rpartition("#")[2],
        "sign": e.sign,
        "polarity": _POLARITY[e.sign] if e.kind == CAUSAL else "",
        "effect": "" if e.kind == CAUSAL else _EFFECT[e.sign],
        "quote": e.quote,
        "gloss": e.gloss,
        "note": e.note,
        "summary": e.summary,
        **section(net, e.section, numbers),
    }


def details(
    net: ArgumentNetwork, info: dict[str, Any], documents: Iterable[str] = ()
) -> dict[str, dict[str, Any]]:
    """Per node CURIE: note, figures, section number, documents; per edge id: evidence."""
    wanted = set(documents)
    numbers = info["numbers"]
    nodes: dict[str, dict[str, Any]] = {}
    for iri, node in net.nodes.items():
        key = curie(str(iri))
        nodes[key] = {"note": info["notes"].get(key, ""), "figures": info["figures"].get(key, []),
                      "docs": [], **section(net, node.section, numbers)}  # fmt: skip
    edges: dict[str, dict[str, Any]] = {}
    for relation in net.relations.values():
        u, v = curie(str(relation.source)), curie(str(relation.target))
        evidence = evidence_json(net, relation, numbers, wanted)
        if not evidence:
            continue
        docs = sorted({e["doc"] for e in evidence}, key=lambda d: (d != "article", d))
        edges.setdefault(f"{u}->{v}", {"ev": evidence, "docs": docs})
        for end in (u, v):
            if end in nodes:
                nodes[end]["docs"] = sorted(set(nodes[end]["docs"]) | set(docs),
                                            key=lambda d: (d != "article", d))  # fmt: skip
    return {"nodes": nodes, "edges": edges}
