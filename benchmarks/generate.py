"""A synthetic corpus of linked policy literature, shaped like the article.

Each synthetic document is one named graph with what the article has: a
document with sections; findings, constraint factors with sub-factors,
mechanisms, countermeasures with sub-measures; causal links (cause, effect,
polarity, assertion mode, quote @zh, gloss @en, section) and response links;
statistical observations (RDF Data Cube: indicator, period, market, field,
decimal value, unit, source agency); labels @zh and @en on everything.
Countries, blocs, products, technology fields, agencies and a pool of widely
discussed conditions (e.g. export controls tightening) are shared by all
documents, in a graph of their own, so documents link up the way real
literature does. The real ontology, article and literature come first, so the
competency questions' default parameters find their data.

The same seed gives the same corpus, byte for byte::

    python -m benchmarks.generate 100k corpus-100k.nq --seed 7
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterator
from pathlib import Path

from rdflib import Dataset
from rdflib.compare import to_canonical_graph

from htkg.paths import ProjectPaths
from htkg.pipeline.sources import load_asserted
from htkg.rdf.namespaces import GRAPH, HTKG, KG
from htkg.stores.base import nquads

RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2004/02/skos/core#prefLabel>"
DECIMAL = "<http://www.w3.org/2001/XMLSchema#decimal>"
INTEGER = "<http://www.w3.org/2001/XMLSchema#integer>"
SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000, "1M": 1_000_000}

SHARED = {"economy": 60, "bloc": 8, "product": 200, "field": 10, "agency": 20, "condition": 40}
PER_DOC = {"section": 8, "finding": 4, "factor": 6, "subfactor": 12, "mechanism": 12,
           "countermeasure": 5, "submeasure": 15, "causal": 40, "response": 18,
           "observation": 12, "statement": 6}  # fmt: skip
KINDS = (("finding", "Finding"), ("factor", "ConstraintFactor"), ("subfactor", "SubFactor"),
         ("mechanism", "Mechanism"), ("countermeasure", "Countermeasure"),
         ("submeasure", "SubMeasure"))  # fmt: skip
YEARS = tuple(range(2015, 2021))
#: share of causal links whose cause is a shared condition (links across documents)
CROSS = 0.05


def iri(kind: str, *parts: object) -> str:
    return f"<{KG}syn-{kind}-{'-'.join(map(str, parts))}>"


def term(name: str) -> str:
    return f"<{HTKG}{name}>"


def lit(text: str, lang: str) -> str:
    return f'"{text}"@{lang}'


class Writer:
    """Collects N-Quads lines for one graph at a time."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.graph = ""

    def __call__(self, s: str, p: str, o: str) -> None:
        self.lines.append(f"{s} {p} {o} {self.graph} .\n")

    def labelled(self, node: str, cls: str, zh: str, en: str) -> None:
        self(node, RDF_TYPE, term(cls))
        self(node, LABEL, lit(zh, "zh"))
        self(node, LABEL, lit(en, "en"))


def shared_entities(out: Writer) -> None:
    out.graph = f"<{GRAPH['syn-entities']}>"
    for i in range(SHARED["economy"]):
        node = iri("economy", i)
        out.labelled(node, "Economy", f"经济体{i}", f"economy {i}")
        out(node, term("iso3166Alpha2"), f'"Q{i:02d}"')
        out(node, term("memberOf"), iri("bloc", i % SHARED["bloc"]))
    for i in range(SHARED["bloc"]):
        out.labelled(iri("bloc", i), "TradeBloc", f"贸易集团{i}", f"trade bloc {i}")
    for i in range(SHARED["field"]):
        out.labelled(iri("field", i), "TechField", f"技术领域{i}", f"technology field {i}")
    for i in range(SHARED["product"]):
        node = iri("product", i)
        out.labelled(node, "Product", f"产品{i}", f"product {i}")
        out(node, term("hsCode"), f'"{8400 + i}"')
        out(node, term("inField"), iri("field", i % SHARED["field"]))
    for i in range(SHARED["agency"]):
        out.labelled(iri("agency", i), "GovernmentBody", f"机构{i}", f"agency {i}")
    for year in YEARS:
        node = iri("year", year)
        out.labelled(node, "Period", f"{year}年", str(year))
        out(node, term("startYear"), f'"{year}"^^{INTEGER}')
        out(node, term("endYear"), f'"{year}"^^{INTEGER}')
    out.labelled(iri("indicator", "export-value"), "Indicator", "出口额", "export value")
    out.labelled(iri("unit", "100m-usd"), "Unit", "亿美元", "100 million US dollars")
    for i in range(SHARED["condition"]):
        node = iri("shared-condition", i)
        out.labelled(node, "Mechanism", f"共同条件{i}", f"widely discussed condition {i}")
        out(node, term("involvesMarket"), iri("economy", i % SHARED["economy"]))


def document(out: Writer, d: int, rng: random.Random) -> None:
    """One synthetic article in its own named graph."""
    out.graph = f"<{GRAPH[f'syn-doc-{d}']}>"
    doc = iri("doc", d)
    out.labelled(doc, "JournalArticle", f"文献{d}", f"document {d}")
    sections = [iri("section", d, s) for s in range(PER_DOC["section"])]
    for s, node in enumerate(sections):
        out.labelled(node, "Section", f"第{s}节", f"section {s}")
        out(node, term("sectionOf"), doc)
    nodes: dict[str, list[str]] = {}
    for kind, cls in KINDS:
        nodes[kind] = [iri(kind, d, i) for i in range(PER_DOC[kind])]
        for i, node in enumerate(nodes[kind]):
            out.labelled(node, cls, f"{kind}{d}之{i}", f"{kind} {i} of document {d}")
            out(node, term("inSection"), rng.choice(sections))
            out(node, term("quote"), lit(f"文献{d}中关于{kind}{i}的原文。", "zh"))
            if rng.random() < 0.5:
                out(node, term("involvesMarket"), iri("economy", rng.randrange(SHARED["economy"])))
            if rng.random() < 0.4:
                out(node, term("involvesProduct"), iri("product", rng.randrange(SHARED["product"])))
    for i, sub in enumerate(nodes["subfactor"]):
        out(sub, term("subFactorOf"), nodes["factor"][i % PER_DOC["factor"]])
    for i, sub in enumerate(nodes["submeasure"]):
        out(sub, term("partOfMeasure"), nodes["countermeasure"][i % PER_DOC["countermeasure"]])
    # causal links run downstream: factors → sub-factors → mechanisms → findings
    layers = [nodes["factor"], nodes["subfactor"], nodes["mechanism"], nodes["finding"]]
    conditions = [n for layer in layers for n in layer]
    for i in range(PER_DOC["causal"]):
        link = iri("causal", d, i)
        level = rng.randrange(len(layers) - 1)
        cause = rng.choice(layers[level])
        if rng.random() < CROSS:
            cause = iri("shared-condition", rng.randrange(SHARED["condition"]))
        effect = rng.choice(layers[level + 1])
        out(link, RDF_TYPE, term("CausalLink"))
        out(link, term("cause"), cause)
        out(link, term("effect"), effect)
        out(link, term("polarity"), term(rng.choice(("positive", "negative", "unknownPolarity"))))
        out(link, term("assertionMode"), term(rng.choice(("authorStated", "curatorReading"))))
        out(link, term("quote"), lit(f"文献{d}第{i}条因果关系的原文。", "zh"))
        out(link, term("gloss"), lit(f"causal claim {i} of document {d}", "en"))
        out(link, term("inSection"), rng.choice(sections))
    measures = nodes["countermeasure"] + nodes["submeasure"]
    for i in range(PER_DOC["response"]):
        link = iri("response", d, i)
        out(link, RDF_TYPE, term("ResponseLink"))
        out(link, term("measure"), rng.choice(measures))
        out(link, term("target"), rng.choice(conditions))
        out(link, term("assertionMode"), term(rng.choice(("authorStated", "curatorReading"))))
        out(link, term("quote"), lit(f"文献{d}第{i}条对策的原文。", "zh"))
        out(link, term("inSection"), rng.choice(sections))
    for i in range(PER_DOC["observation"]):
        obs = iri("observation", d, i)
        out(obs, RDF_TYPE, term("Observation"))
        out(obs, term("indicator"), iri("indicator", "export-value"))
        out(obs, term("refPeriod"), iri("year", YEARS[i % len(YEARS)]))
        out(obs, term("refMarket"), iri("economy", rng.randrange(SHARED["economy"])))
        out(obs, term("refField"), iri("field", rng.randrange(SHARED["field"])))
        out(obs, term("value"), f'"{rng.randrange(1, 99999) / 10:.1f}"^^{DECIMAL}')
        out(obs, term("unit"), iri("unit", "100m-usd"))
        out(obs, term("sourceAgency"), iri("agency", rng.randrange(SHARED["agency"])))
        out(obs, term("quote"), lit(f"文献{d}第{i}个数据的原文。", "zh"))
        out(obs, term("inSection"), rng.choice(sections))
    for i in range(PER_DOC["statement"]):
        node = iri("statement", d, i)
        out(node, RDF_TYPE, term("Statement"))
        out(node, term("about"), iri("economy", rng.randrange(SHARED["economy"])))
        out(node, term("quote"), lit(f"文献{d}第{i}个陈述。", "zh"))
        out(node, term("inSection"), rng.choice(sections))
        out(node, term("assertionMode"), term("authorStated"))
    out(doc, term("order"), f'"{d}"^^{INTEGER}')


def corpus(triples: int, seed: int = 7, paths: ProjectPaths | None = None) -> Iterator[bytes]:
    """N-Quads chunks: the real ontology + data, the shared entities, then documents
    until about ``triples`` quads in all (never fewer)."""
    paths = paths or ProjectPaths.discover()
    real = _canonical(load_asserted(paths.ontology, paths.data))
    yield real
    count = real.count(b"\n")
    rng = random.Random(seed)
    out = Writer()
    shared_entities(out)
    d = 0
    while count + len(out.lines) < triples:
        document(out, d, rng)
        d += 1
    count += len(out.lines)
    yield "".join(out.lines).encode("utf-8")


def _canonical(dataset: Dataset) -> bytes:
    """The project's data as sorted N-Quads with blank nodes labelled by content."""
    stable = Dataset()
    for graph in dataset.graphs():
        stable.graph(graph.identifier).__iadd__(to_canonical_graph(graph))
    return b"".join(sorted(nquads(stable).splitlines(keepends=True)))


def write_corpus(path: Path, triples: int, seed: int = 7) -> int:
    """Write the corpus to ``path`` (N-Quads); return the number of quads."""
    count = 0
    with open(path, "wb") as stream:
        for chunk in corpus(triples, seed):
            stream.write(chunk)
            count += chunk.count(b"\n")
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", choices=sorted(SIZES), help="about how many triples")
    parser.add_argument("output", type=Path, help="N-Quads file to write")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    print(f"{write_corpus(args.output, SIZES[args.size], args.seed)} quads → {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
