"""The authoring format and ``htkg add``: round trip, determinism, shapes, bad input.

A YAML file compiles to Turtle that parses back to the expected triples; the
committed ``data/literature/us-bis-2022-10-07.ttl`` is exactly what ``htkg add``
writes from ``literature/us-bis-2022-10-07.yaml``; bad input gives one line
naming the file, line and field, a documented exit code, and writes nothing.
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS

from htkg.cli.main import main
from htkg.errors import ExitCode
from htkg.literature.add import add_document, compile_file, serialize, target_path
from htkg.literature.schema import (
    CITO_RELATIONS,
    DOCUMENT_KINDS,
    EFFECTS,
    ELEMENT_KINDS,
    ENTITY_RELATIONS,
    POLARITIES,
)
from htkg.paths import ProjectPaths
from htkg.pipeline.sources import discover_sources
from htkg.pipeline.validate import validate
from htkg.rdf.namespaces import CITO, GRAPH, HTKG, KG, WD

BIS_SLUG = "us-bis-2022-10-07"
ROOT_DIR = Path(__file__).resolve().parents[1]
BIS_DOC = KG[BIS_SLUG]
# rdflib's closed XSD namespace confuses pytest's module inspection; name the two types.
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
XSD_DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")


def claim(key: str) -> URIRef:
    return KG[f"{BIS_SLUG}--{key}"]


@pytest.fixture(scope="session")
def bare_template(tmp_path_factory: pytest.TempPathFactory, paths: ProjectPaths) -> Path:
    """ontology/ + data/ with the article only (no other literature, no links)."""
    root = tmp_path_factory.mktemp("bare")
    for name in ("ontology", "data", "literature", "docs"):
        shutil.copytree(paths.root / name, root / name)
    shutil.rmtree(root / "data" / "links", ignore_errors=True)
    # the fact sheets the authoring files name (fact_sheet.path must exist), as beside a checkout
    shutil.copytree(paths.root.parent / "shared" / "literature", root / "shared" / "literature")
    for path in (root / "data" / "literature").glob("*.ttl"):
        path.unlink()
    return root


@pytest.fixture()
def bare(bare_template: Path, working_copy) -> ProjectPaths:
    return working_copy(bare_template)


@pytest.fixture(scope="session")
def bis_compiled(bare_template: Path):
    paths = ProjectPaths(bare_template)
    compiled, _dataset = compile_file(paths.root / "literature" / f"{BIS_SLUG}.yaml", paths)
    return compiled


@pytest.fixture(scope="session")
def bis_graph(paths: ProjectPaths) -> Graph:
    """The committed Turtle, parsed back."""
    graph = Graph()
    graph.parse(paths.data / "literature" / f"{BIS_SLUG}.ttl", format="turtle")
    return graph


# ------------------------------------------------------------- round trip --


def test_committed_turtle_is_what_add_writes(bis_compiled, paths: ProjectPaths) -> None:
    source = paths.root / "literature" / f"{BIS_SLUG}.yaml"
    written = serialize(bis_compiled.graph, source, paths)
    committed = (paths.data / "literature" / f"{BIS_SLUG}.ttl").read_text(encoding="utf-8")
    assert written == committed, "run `htkg add --replace literature/us-bis-2022-10-07.yaml`"


def test_serialisation_is_deterministic(bis_compiled, paths: ProjectPaths) -> None:
    source = paths.root / "literature" / f"{BIS_SLUG}.yaml"
    shuffled = Graph()
    for triple in sorted(bis_compiled.graph, reverse=True):
        shuffled.add(triple)
    assert serialize(shuffled, source, paths) == serialize(bis_compiled.graph, source, paths)


def test_round_trip_document_metadata(bis_graph: Graph) -> None:
    g = bis_graph
    assert (BIS_DOC, RDF.type, HTKG.Regulation) in g
    assert (BIS_DOC, DCTERMS.issued, Literal("2022-10-07", datatype=XSD_DATE)) in g
    assert set(g.objects(BIS_DOC, DCTERMS.identifier)) == {
        Literal("87 FR 62186"), Literal("FR Doc. 2022-21658")}  # fmt: skip
    assert (BIS_DOC, HTKG.textAvailable, Literal(False)) in g
    assert (BIS_DOC, PROV.wasDerivedFrom, KG[f"{BIS_SLUG}-fact-sheet"]) in g
    assert (BIS_DOC, HTKG.issuedBy, KG["us-bis"]) in g
    assert (BIS_DOC, DCTERMS.language, Literal("en")) in g
    assert {str(lbl.language) for lbl in g.objects(BIS_DOC, SKOS.prefLabel)} == {"zh", "en"}
    assert (KG[f"{BIS_SLUG}-fact-sheet"], CITO.supports, KG.article) in g


def test_round_trip_references_resolve_to_article_entities(bis_graph: Graph) -> None:
    """Q148 → kg:china, iso:US → kg:united-states, Q80831 → kg:integrated-circuits."""
    g = bis_graph
    assert (claim("us-persons-restriction"), HTKG.involvesMarket, KG.china) in g
    assert (claim("us-persons-restriction"), HTKG.involvesMarket, KG["united-states"]) in g
    assert (claim("us-persons-restriction"), HTKG.involvesProduct, KG["integrated-circuits"]) in g
    assert (claim("ccl-manufacturing-equipment"), HTKG.involvesProduct,
            KG["lithography-machines"]) in g  # fmt: skip
    assert (claim("end-use-licences"), HTKG.involvesProduct, KG.semiconductors) in g
    assert (KG["advanced-computing-chips"], SKOS.broader, KG.chips) in g
    assert (KG["us-bis"], HTKG.subOrganisationOf, KG["us-department-of-commerce"]) in g
    assert (KG["us-department-of-commerce"], SKOS.exactMatch, WD.Q503577) in g
    assert (KG["us-department-of-commerce"], HTKG.governmentOf, KG["united-states"]) in g
    assert not set(g.objects(KG["us-bis"], SKOS.exactMatch)), "BIS's Wikidata id is unconfirmed"


def test_round_trip_claims_links_and_evidence(bis_graph: Graph) -> None:
    g = bis_graph
    statements = set(g.subjects(RDF.type, HTKG.Statement))
    assert len(statements) == 8
    assert len(set(g.subjects(RDF.type, HTKG.CausalLink))) == 3
    assert len(set(g.subjects(RDF.type, HTKG.Condition))) == 3
    for node in statements:
        assert (node, HTKG.statedIn, BIS_DOC) in g
        assert (node, PROV.wasDerivedFrom, KG[f"{BIS_SLUG}-fact-sheet"]) in g
        assert not set(g.objects(node, HTKG.quote)), "no text: no quote"
    assert set(g.subject_objects(HTKG.evidenceFor)) == {
        (claim("ccl-advanced-chips"), KG["core-technology-dependence"]),
        (claim("ccl-manufacturing-equipment"), KG["core-technology-dependence"]),
        (claim("stated-aim"), KG["us-technology-suppression"]),
        (claim("later-changes"), KG["western-tech-policy-uncertainty"]),
    }
    link = claim("controls-restrict-chip-access")
    assert (link, HTKG.cause, KG["export-controls-2022-10-07"]) in g
    assert (link, HTKG.effect, claim("prc-advanced-chip-access")) in g
    assert (link, HTKG.polarity, HTKG.negative) in g
    assert (KG["export-controls-2022-10-07"], HTKG.exemplifies,
            KG["us-technology-suppression"]) in g  # fmt: skip


def test_document_has_its_own_named_graph(asserted, paths: ProjectPaths) -> None:
    sources = {s.slug: s for s in discover_sources(paths.data)}
    assert sources[BIS_SLUG].graph == GRAPH[BIS_SLUG]
    assert (BIS_DOC, RDF.type, HTKG.Regulation) in asserted.graph(GRAPH[BIS_SLUG])
    assert (BIS_DOC, None, None) not in asserted.graph(GRAPH["article"])


def test_reasoning_derives_direct_edges_for_the_new_document(reasoned) -> None:
    """The BIS causal links feed htkg:directlyInfluences like the article's do."""
    assert (KG["export-controls-2022-10-07"], HTKG.directlyInfluences,
            claim("prc-advanced-chip-access")) in reasoned.graph(GRAPH["inferred"])  # fmt: skip


def test_complete_example_compiles_with_quotes_and_figures(bare: ProjectPaths) -> None:
    source = bare.root / "docs" / "examples" / "example-commentary.yaml"
    result = add_document(source, bare, check_only=True)
    assert not result.written and not target_path(bare, "example-commentary").exists()
    g, c = result.graph, lambda k: KG[f"example-commentary--{k}"]
    assert (
        c("controls-bite"),
        HTKG.quote,
        Literal("美国出口管制使芯片进口更加困难", lang="zh"),
    ) in g
    assert (c("controls-bite"), HTKG.inSection, c("s1")) in g
    assert (c("exports-resilient"), HTKG.evidenceAgainst, KG["finding-slowing-export-growth"]) in g
    assert (c("export-growth-2020"), HTKG.value, Literal("7.5", datatype=XSD_DECIMAL)) in g
    assert (c("substitution-answers-dependence"), HTKG.target,
            KG["core-technology-dependence"]) in g  # fmt: skip
    assert (KG["example-commentary"], CITO.disputes, KG.article) in g
    assert result.counts == {"CausalLink": 1, "Countermeasure": 1, "Document": 1,
                             "IndustryOrganisation": 1, "Observation": 1, "ResponseLink": 1,
                             "Section": 2, "Statement": 2}  # fmt: skip


def test_documentation_embeds_the_complete_example(paths: ProjectPaths) -> None:
    doc = (paths.root / "docs" / "authoring.md").read_text(encoding="utf-8")
    example = (paths.root / "docs" / "examples" / "example-commentary.yaml").read_text("utf-8")
    assert f"```yaml\n{example}```" in doc


def test_documentation_names_every_word_of_the_format(paths: ProjectPaths) -> None:
    doc = (paths.root / "docs" / "authoring.md").read_text(encoding="utf-8")
    words = [
        *DOCUMENT_KINDS,
        *ELEMENT_KINDS,
        *ENTITY_RELATIONS,
        *POLARITIES,
        *CITO_RELATIONS,
        *EFFECTS,
        "effect",
        "summary",
    ]
    missing = [w for w in words if f"`{w}`" not in doc]
    assert not missing, f"docs/authoring.md does not document: {missing}"


# ------------------------------------------------------------------ shapes --


def test_shapes_keep_the_article_strict_and_the_no_text_rules(asserted, paths) -> None:
    """An article claim without a quote still fails, even if it names its document;
    a claim of a no-text document may not carry a quote and must name its fact sheet;
    only claims are evidence, and only for elements, claims or events."""
    dataset = copy.deepcopy(asserted)
    article, bis = dataset.graph(GRAPH["article"]), dataset.graph(GRAPH[BIS_SLUG])
    factor = KG["core-technology-dependence"]
    article.remove((factor, HTKG.quote, None))
    article.add((factor, HTKG.statedIn, KG.article))
    bis.add((claim("legal-basis"), HTKG.quote, Literal("任何引文", lang="zh")))
    bis.add((claim("legal-basis"), HTKG.inSection, KG["article-s2-3"]))
    bis.remove((claim("end-use-licences"), PROV.wasDerivedFrom, None))
    bis.add((KG.supercomputers, HTKG.evidenceFor, factor))
    bis.add((claim("legal-basis"), HTKG.evidenceAgainst, KG.chips))
    report = validate(dataset, paths.shapes)
    found = {(v.focus, v.message) for v in report.violations}
    assert found == {
        (str(factor), "needs exactly one verbatim quote (htkg:quote), in its document's language"),
        (str(claim("legal-basis")), "its quote must be in its document's language "
         "(dcterms:language of the document it is htkg:statedIn; @zh for the article)"),
        (str(claim("legal-basis")), "its document declares no available text "
         "(htkg:textAvailable false), so it cannot carry a verbatim quote"),
        (str(claim("end-use-licences")), "its document has no text: needs the fact sheet it "
         "was encoded from (prov:wasDerivedFrom, a htkg:Document)"),
        (str(KG.supercomputers), "only a claim (htkg:Claim) can be evidence for or against "
         "something"),
        (str(claim("legal-basis")), "evidence must bear on an argument element, a claim or an "
         "event"),
    }  # fmt: skip


# ---------------------------------------------------------------- the CLI --


def test_cli_add_writes_once_and_refuses_a_duplicate_slug(
    bare: ProjectPaths, capsys, paths
) -> None:
    source = Path("literature") / f"{BIS_SLUG}.yaml"
    assert main(["add", str(source)]) == ExitCode.OK
    target = target_path(bare, BIS_SLUG)
    committed = (paths.data / "literature" / f"{BIS_SLUG}.ttl").read_bytes()
    assert target.read_bytes() == committed
    capsys.readouterr()
    assert main(["add", str(source)]) == ExitCode.INPUT
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    expected = f"document.slug: a document with slug '{BIS_SLUG}' already exists"
    assert f"{source}:{line_of('  slug:')}: {expected}" in err
    assert "use --replace" in err
    assert target.read_bytes() == committed


def _write(bare: ProjectPaths, text: str, name: str = "doc.yaml") -> Path:
    path = bare.root / "literature" / name
    path.write_text(text, encoding="utf-8")
    return path


def _bis_with(bare: ProjectPaths, old: str, new: str) -> Path:
    text = (bare.root / "literature" / f"{BIS_SLUG}.yaml").read_text(encoding="utf-8")
    assert old in text
    return _write(bare, text.replace(old, new, 1))


def line_of(needle: str, delta: int = 0) -> int:
    """The line of the BIS authoring file where ``needle`` starts (so edits to the file
    do not break these tests), plus ``delta``."""
    text = (ROOT_DIR / "literature" / f"{BIS_SLUG}.yaml").read_text(encoding="utf-8")
    return text[: text.index(needle)].count("\n") + 1 + delta


# case: (text to replace, replacement, (anchor, delta) of the line to report, message)
BAD_INPUT = {
    "malformed YAML": ("  kind: regulation\n", "  kind: [regulation\n",
                       ("  kind:", 1), ":8: YAML syntax error:"),
    "missing required field": ("  date: 2022-10-07\n", "", ("document:", 0),
                               ": document: missing required field 'date'"),
    "bad Wikidata id format": ("  - ref: Q148 ", "  - ref: Q14B ", ("  - ref: Q148", 0),
                               ": entities[1].ref: 'Q14B' is not a Wikidata id"),
    "unknown Wikidata id": ("  - ref: Q148 ", "  - ref: Q999999999 ", ("  - ref: Q148", 0),
                            ": entities[1].ref: no entity has Wikidata id Q999999999"),
    "bad ISO code": ("  - ref: iso:US", "  - ref: iso:usa", ("  - ref: iso:US", 0),
                     ": entities[0].ref: 'iso:usa' is not an ISO 3166-1 code"),
    "slug of the article": (f"  slug: {BIS_SLUG}", "  slug: article", ("  slug:", 0),
                            ": document.slug: a document with slug 'article' already exists"),
    "reserved slug": (f"  slug: {BIS_SLUG}", "  slug: ontology", ("  slug:", 0),
                      ": document.slug: 'ontology' is reserved for a graph of the project"),
    "unknown field": ("    wikidata: Q503577", "    wikidta: Q503577",
                      ("    wikidata: Q503577", 0),
                      ": entities[7].wikidta: unknown field 'wikidta'"),
    "quote without text": ("    involves: [prc, advanced-computing-chips]\n",
                           "    involves: [prc, advanced-computing-chips]\n    quote: 引文\n",
                           ("    involves: [prc, advanced-computing-chips]", 1),
                           ": elements[0].quote: document.text_available is false"),
    "unknown entity type": ("    type: TradeRestriction\n", "    type: TradeRestricton\n",
                            ("    type: TradeRestriction", 0),
                            ": entities[9].type: 'TradeRestricton' is not an entity type"),
    "claim as entity type": ("    type: TradeRestriction\n", "    type: Claim\n",
                             ("    type: TradeRestriction", 0),
                             ": entities[9].type: 'Claim' is not an entity type"),
    "unknown reference": ("    effect: prc-advanced-chip-access", "    effect: prc-chip-access",
                          ("    effect: prc-advanced-chip-access", 0),
                          ": causal_links[0].effect: 'prc-chip-access' is not a key"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(BAD_INPUT))
def test_bad_input_names_file_line_and_field(case: str, bare: ProjectPaths, capsys) -> None:
    old, new, (anchor, delta), message = BAD_INPUT[case]
    path = _bis_with(bare, old, new)
    assert main(["add", str(path)]) == ExitCode.INPUT
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert f"{path}:{line_of(anchor, delta)}{message}" in err
    assert not list((bare.data / "literature").iterdir()), "nothing may be written"


def test_bad_input_lines_are_the_ones_worked_out_by_hand() -> None:
    """For the file as committed: the anchors above sit where a reader finds them."""
    assert line_of("document:") == 12 and line_of("  slug:") == 13
    assert line_of("  - ref: iso:US") == 48 and line_of("  - ref: Q148") == 50


def test_shape_violation_names_the_authoring_line(bare: ProjectPaths, capsys) -> None:
    """A causal link whose effect is a product compiles, but the shapes reject it (exit 1)."""
    path = _bis_with(bare, "    effect: prc-advanced-chip-access",
                     "    effect: advanced-computing-chips")  # fmt: skip
    assert main(["add", str(path)]) == ExitCode.FINDING
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    line = line_of("  - id: controls-restrict-chip-access")
    assert f"{path}:{line}: causal_links[0].effect: needs exactly one effect, an event" in err
    assert not list((bare.data / "literature").iterdir()), "nothing may be written"


def test_missing_file_is_an_input_error(bare: ProjectPaths, capsys) -> None:
    assert main(["add", "literature/nope.yaml"]) == ExitCode.INPUT
    assert "literature/nope.yaml: file not found" in capsys.readouterr().err


def test_new_entity_with_a_known_wikidata_id_warns(bare: ProjectPaths) -> None:
    """Compiled (``htkg link`` will join it), but the author is told to consider ref: Q30."""
    path = _bis_with(bare, "    wikidata: Q503577", "    wikidata: Q30")
    compiled, _dataset = compile_file(path, bare)
    [warning] = compiled.warnings
    expected = "entities[7].wikidata[0]: Wikidata id Q30 is also kg:united-states"
    assert f"{path}:{line_of('    wikidata: Q503577')}: {expected}" in warning


def test_replace_recompiles_in_a_linked_project(project_copy: ProjectPaths, paths, monkeypatch):
    """--replace works although the links graph still names the document's entities."""
    monkeypatch.setenv("HTKG_ROOT", str(project_copy.root))
    source = paths.root / "literature" / f"{BIS_SLUG}.yaml"
    assert main(["add", "--replace", str(source)]) == ExitCode.OK
    written = Graph().parse(target_path(project_copy, BIS_SLUG), format="turtle")
    committed = Graph().parse(paths.data / "literature" / f"{BIS_SLUG}.ttl", format="turtle")
    assert isomorphic(written, committed)


def test_a_curator_reading_without_its_note_fails(asserted, paths) -> None:
    """A curator's reading says why (an English note); an author-stated link needs none."""
    dataset = copy.deepcopy(asserted)
    article = dataset.graph(GRAPH["article"])
    curated = sorted(s for s in article.subjects(HTKG.assertionMode, HTKG.curatorReading))
    stated = sorted(s for s in article.subjects(HTKG.assertionMode, HTKG.authorStated))
    article.remove((curated[0], HTKG.curatorNote, None))
    article.remove((curated[1], HTKG.curatorNote, None))
    article.add((curated[1], HTKG.curatorNote, Literal("只有中文", lang="zh")))  # not @en
    article.remove((stated[0], HTKG.curatorNote, None))  # has none: still fine
    found = {(v.focus, v.message) for v in validate(dataset, paths.shapes).violations}
    message = "is a curator reading but has no htkg:curatorNote (@en) saying why"
    assert found == {(str(curated[0]), message), (str(curated[1]), message)}


# ------------------------------------------------- effect and summary links --


def _example_with(bare: ProjectPaths, old: str, new: str) -> Path:
    text = (bare.root / "docs" / "examples" / "example-commentary.yaml").read_text("utf-8")
    assert old in text
    return _write(bare, text.replace(old, new, 1), "example-commentary.yaml")


def test_a_response_link_without_effect_is_written_unspecified(bare: ProjectPaths) -> None:
    source = bare.root / "docs" / "examples" / "example-commentary.yaml"
    g = add_document(source, bare, check_only=True).graph
    link = KG["example-commentary--substitution-answers-dependence"]
    assert list(g.objects(link, HTKG.responseEffect)) == [HTKG.unspecifiedEffect]
    assert (link, RDF.type, HTKG.SummaryLink) not in g


def test_effect_and_summary_compile_to_the_agreed_terms(bare: ProjectPaths) -> None:
    path = _example_with(bare, "    mode: author-stated\n    quote: 应加快芯片国产替代\n",
                         "    mode: author-stated\n    effect: reduces\n    summary: true\n"
                         "    quote: 应加快芯片国产替代\n")  # fmt: skip
    g = add_document(path, bare, check_only=True).graph
    link = KG["example-commentary--substitution-answers-dependence"]
    assert list(g.objects(link, HTKG.responseEffect)) == [HTKG.reduces]
    assert {HTKG.ResponseLink, HTKG.SummaryLink} <= set(g.objects(link, RDF.type))


def test_an_unknown_effect_names_its_line(bare: ProjectPaths, capsys) -> None:
    path = _example_with(bare, "    mode: author-stated\n    quote: 应加快芯片国产替代\n",
                         "    mode: author-stated\n    effect: lessens\n"
                         "    quote: 应加快芯片国产替代\n")  # fmt: skip
    assert main(["add", "--check", str(path)]) == ExitCode.INPUT
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "response_links[0].effect: unknown effect 'lessens'" in err
    assert "(known: reduces, raises, unspecified)" in err


def test_every_response_link_needs_one_effect(asserted, paths) -> None:
    """The shape asks each response link for exactly one of the three effects, and a
    summary link to be a causal or response link."""
    dataset = copy.deepcopy(asserted)
    article = dataset.graph(GRAPH["article"])
    links = sorted(article.subjects(RDF.type, HTKG.ResponseLink))
    article.remove((links[0], HTKG.responseEffect, None))
    article.add((links[1], HTKG.responseEffect, HTKG.raises))  # now two
    article.set((links[2], HTKG.responseEffect, HTKG.positive))  # not an effect
    article.add((KG["china"], RDF.type, HTKG.SummaryLink))
    found = {(v.focus, v.message) for v in validate(dataset, paths.shapes).violations}
    effect = next(m for f, m in found if f == str(links[0]))
    assert effect.startswith("needs exactly one effect saying what the measure does")
    assert {f for f, m in found if m == effect} == {str(links[0]), str(links[1]), str(links[2])}
    assert (str(KG["china"]), "a summary link must also be a causal link (htkg:CausalLink) "
            "or a response link (htkg:ResponseLink)") in found  # fmt: skip
