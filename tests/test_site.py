"""``htkg publish-site`` and ``htkg export --format nanopub``: the graph published as standard.

The JSON-LD must read back as the same graphs, pyLODE's page must exist, every
SPARQL example must parse and return its golden answer, the VoID counts must be
the graphs' own, and each causal and response link must be one nanopublication.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, VOID, XSD
from rdflib.plugins.sparql import prepareQuery
from tests.golden import EXPECTED
from tests.test_queries import CATALOGUE, _read_golden, canon_rdflib

from htkg.cli.main import main
from htkg.errors import ExitCode
from htkg.output.nanopub import NP
from htkg.output.site import SH, asserted
from htkg.rdf.graphs import union_default_graph
from htkg.rdf.namespaces import HTKG, INFERRED_GRAPH


@pytest.fixture(scope="module")
def site(reasoned: Dataset, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("site") / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("htkg.workflow.load", lambda **_: reasoned)
        assert main(["publish-site", str(target)]) == 0
    return target


def test_the_site_has_every_part(site: Path) -> None:
    for name in ("index.html", "void.ttl", "context.jsonld", ".htaccess", "data/htkg.trig",
                 "data/htkg.jsonld", "data/nanopubs.trig", "examples/examples.ttl",
                 "ontology/htkg.ttl", "id/core-technology-dependence.html"):  # fmt: skip
        assert (site / name).is_file(), name
    page = (site / "id" / "core-technology-dependence.html").read_text(encoding="utf-8")
    assert "核心技术严重依赖国际供应链" in page and "htkg:ConstraintFactor" in page
    rules = (site / ".htaccess").read_text(encoding="utf-8")
    assert "RewriteRule ^id/(.+)$" in rules and "RewriteRule ^ontology$" in rules


def test_pylode_documents_the_ontology(site: Path) -> None:
    page = (site / "ontology" / "index.html").read_text(encoding="utf-8")
    assert "<html" in page and "ConstraintFactor" in page and "constraint factor" in page


def test_jsonld_reads_back_as_the_same_graphs(site: Path, reasoned: Dataset) -> None:
    text = (site / "data" / "htkg.jsonld").read_text(encoding="utf-8")
    assert '"@context"' in text and '"kg:china"' in text  # compact names, not full IRIs
    back = Dataset()
    back.parse(data=text, format="json-ld")
    expected = asserted(reasoned)
    wanted = {g.identifier: g for g in expected.graphs() if len(g)}
    found = {g.identifier: g for g in back.graphs() if len(g)}
    assert set(found) == set(wanted)
    for name, graph in wanted.items():
        assert isomorphic(_rdf11(found[name]), _rdf11(graph)), name
    assert INFERRED_GRAPH not in found


def _rdf11(graph: Graph) -> Graph:
    """The graph with ``"x"^^xsd:string`` written ``"x"``: one term in RDF 1.1 (JSON-LD
    writes it plain), two in rdflib."""
    out = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype == XSD.string:
            o = Literal(str(o))
        out.add((s, p, o))
    return out


def test_void_counts_each_named_graph(site: Path, reasoned: Dataset) -> None:
    void = Graph().parse(site / "void.ttl")
    graphs = {g.identifier: len(g) for g in asserted(reasoned).graphs() if len(g)}
    assert {s: int(o) for s, o in void.subject_objects(VOID.triples) if s in graphs} == graphs
    assert len(set(void.objects(None, VOID.subset))) == len(graphs)


def test_examples_parse_and_return_their_golden_answers(site: Path, reasoned: Dataset) -> None:
    examples = Graph().parse(site / "examples" / "examples.ttl")
    nodes = set(examples.subjects(RDF.type, SH.SPARQLExecutable))
    assert len(nodes) == len(CATALOGUE)
    checked = 0
    for node in nodes:
        name = str(examples.value(node, RDFS.label))
        comments = {c.language for c in examples.objects(node, RDFS.comment)}
        assert comments == {"en", "zh"}, name
        text = str(examples.value(node, SH.select))
        query = prepareQuery(text)
        golden = EXPECTED / f"{name}.csv"
        if not golden.exists():
            continue
        with union_default_graph(reasoned):
            rows = {tuple(canon_rdflib(v) for v in row) for row in reasoned.query(query)}
        assert rows == _read_golden(golden)[1], name
        checked += 1
    assert checked >= 26


def test_a_foreign_directory_is_never_replaced(tmp_path: Path, reasoned, monkeypatch) -> None:
    monkeypatch.setattr("htkg.workflow.load", lambda **_: reasoned)
    (tmp_path / "mine.txt").write_text("keep me")
    assert main(["publish-site", str(tmp_path)]) == ExitCode.OUTPUT
    assert (tmp_path / "mine.txt").read_text() == "keep me"


_LINKS = """PREFIX htkg: <https://w3id.org/htkg/ontology#>
SELECT DISTINCT ?link WHERE { GRAPH ?g { { ?link htkg:cause ?c } UNION { ?link htkg:measure ?m } }
  FILTER(?g != <https://w3id.org/htkg/graph/inferred>) }"""


def test_each_link_is_one_nanopublication(tmp_path: Path, reasoned, monkeypatch) -> None:
    monkeypatch.setattr("htkg.workflow.load", lambda **_: reasoned)
    target = tmp_path / "np.trig"
    assert main(["export", "--format", "nanopub", "-o", str(target)]) == 0
    nanopubs = Dataset()
    nanopubs.parse(target, format="trig")
    nanopubs.default_union = True
    heads = list(nanopubs.subjects(RDF.type, NP.Nanopublication))
    with union_default_graph(reasoned, False):
        links = {row[0] for row in reasoned.query(_LINKS)}  # type: ignore[index]
    assert len(heads) == len(links) > 50
    quoted = 0
    for head in heads:
        assertion = nanopubs.value(head, NP.hasAssertion)
        provenance = nanopubs.value(head, NP.hasProvenance)
        pubinfo = nanopubs.value(head, NP.hasPublicationInfo)
        assert len(nanopubs.graph(assertion)) >= 2 and len(nanopubs.graph(pubinfo)) >= 1
        prov = nanopubs.graph(provenance)
        link = nanopubs.graph(pubinfo).value(head, DCTERMS.source)
        assert isinstance(prov.value(assertion, PROV.wasDerivedFrom), URIRef), head
        for prop in (HTKG.quote, HTKG.inSection, HTKG.assertionMode):  # as the data has them
            with union_default_graph(reasoned):
                assert prov.value(assertion, prop) == reasoned.value(link, prop, any=True), head
        quoted += isinstance(prov.value(assertion, HTKG.quote), Literal)
    assert quoted >= len(links) - 10  # only the fact sheet's links have no passage
    assert len(set(nanopubs.graphs())) >= 4 * len(heads)
