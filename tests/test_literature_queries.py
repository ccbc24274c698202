"""Cross-document questions (``queries/cq9x_*.rq``): golden answers with the BIS rule loaded,
and the article's own answers unchanged when no other document is present.

The golden answers were worked out by hand from ``literature/us-bis-2022-10-07.yaml``
and the article's Turtle: which of the article's entities the rule's claims name,
which constraints the fact sheet relates it to, and the dates it gives.
"""

from __future__ import annotations

import shutil

import pytest
from rdflib import Dataset
from rdflib.term import Node
from tests.conftest import SECOND_DOCUMENT
from tests.golden import canon

from htkg.paths import ProjectPaths
from htkg.pipeline.quotes import is_verbatim, read_source
from htkg.queries.catalogue import bind, discover, find_query, run
from htkg.rdf.namespaces import HTKG, document_graph
from htkg.stores.oxigraph import OxigraphStore
from htkg.workflow import run_build

ARTICLE, BIS = "kg:article", "kg:us-bis-2022-10-07"
NS = {
    "https://w3id.org/htkg/id/": "kg:",
    "https://w3id.org/htkg/ontology#": "htkg:",
    "http://www.w3.org/2004/02/skos/core#": "skos:",
}


def short(node: Node | None) -> str | None:
    if node is None:
        return None
    text = str(node)
    for long, prefix in NS.items():
        if text.startswith(long):
            return prefix + text[len(long) :]
    return text


def answer(dataset: Dataset, paths: ProjectPaths, name: str, **params: str) -> list[dict]:
    table = run(dataset, find_query(name, paths.queries), params)
    return [dict(zip(table.columns, map(short, row), strict=True)) for row in table.rows]


@pytest.fixture(scope="session")
def article_only(tmp_path_factory: pytest.TempPathFactory, paths: ProjectPaths) -> Dataset:
    """The project built with the article alone: no data/literature, no data/links."""
    root = tmp_path_factory.mktemp("article-only")
    for name in ("ontology", "data"):
        shutil.copytree(paths.root / name, root / name)
    shutil.rmtree(root / "data" / "links", ignore_errors=True)
    for path in (root / "data" / "literature").glob("*.ttl"):
        path.unlink()
    return run_build(ProjectPaths(root))


SHARED_ENTITIES = {
    "kg:china", "kg:united-states", "kg:chips", "kg:integrated-circuits", "kg:semiconductors",
    "kg:lithography-machines", "kg:computers", "kg:information-technology",
    "kg:us-technology-suppression",
}  # fmt: skip


def test_cq90_entities_several_documents_discuss(reasoned, paths) -> None:
    rows = answer(reasoned, paths, "cq90")
    assert {r["entity"] for r in rows} == SHARED_ENTITIES
    assert all(r["documents"] == "2" for r in rows)
    assert all(set(r["inDocuments"].split()) == {"article", "us-bis-2022-10-07"} for r in rows)
    labels = {r["entity"]: r["entityLabel"] for r in answer(reasoned, paths, "cq90", lang="zh")}
    assert labels["kg:lithography-machines"] == "光刻机" and labels["kg:china"] == "中国"


def test_cq91_constraints_several_documents_discuss(reasoned, paths) -> None:
    rows = answer(reasoned, paths, "cq91")
    got = {(r["element"], r["kind"], r["documents"], r["supportingClaims"], r["disputingClaims"])
           for r in rows}  # fmt: skip
    assert got == {
        ("kg:core-technology-dependence", "htkg:ConstraintFactor", "2", "2", "0"),
        ("kg:western-tech-policy-uncertainty", "htkg:ConstraintFactor", "2", "1", "0"),
    }


def test_cq92_claims_another_document_supports_or_disputes(reasoned, paths) -> None:
    rows = answer(reasoned, paths, "cq92")
    got = {(r["stance"], r["target"], r["targetDocument"], r["evidence"], r["evidenceDocument"])
           for r in rows}  # fmt: skip
    claim = "kg:us-bis-2022-10-07--"
    assert got == {
        ("supports", "kg:core-technology-dependence", ARTICLE, claim + "ccl-advanced-chips", BIS),
        ("supports", "kg:core-technology-dependence", ARTICLE,
         claim + "ccl-manufacturing-equipment", BIS),
        ("supports", "kg:us-technology-suppression", ARTICLE, claim + "stated-aim", BIS),
        ("supports", "kg:western-tech-policy-uncertainty", ARTICLE, claim + "later-changes", BIS),
    }  # fmt: skip
    quotes = {r["target"]: r["targetQuote"] for r in rows}
    assert quotes["kg:western-tech-policy-uncertainty"] == "欧美主要国家对华科技政策不确定"


TIMELINE = [
    ("2018", "kg:export-control-reform-act-2018", "starts", BIS),
    ("2018", "kg:sino-us-trade-friction", "starts", ARTICLE),
    ("2020", "kg:catalogue-2020", "starts", ARTICLE),
    ("2020", "kg:covid-19-pandemic", "starts", ARTICLE),
    ("2020-01", "kg:phase-one-agreement", "starts", ARTICLE),
    ("2022-10-07", "kg:export-controls-2022-10-07", "starts", BIS),
    ("2022-10-07", "kg:us-bis-2022-10-07", "issued", BIS),
    ("2023-10-17", "kg:bis-rules-2023-10-17", "starts", BIS),
    ("2024-04-04", "kg:bis-rule-2024-04-04", "starts", BIS),
]


def test_cq93_timeline_across_documents(reasoned, paths) -> None:
    rows = answer(reasoned, paths, "cq93")
    assert [(r["date"], r["item"], r["what"], r["document"]) for r in rows] == TIMELINE


def test_cq94_everything_documents_say_about_an_entity(reasoned, paths) -> None:
    rows = answer(reasoned, paths, "cq94")  # default: kg:lithography-machines
    assert {(r["document"], r["subject"], r["property"]) for r in rows} == {
        (ARTICLE, "kg:lithography-equipment-gap", "htkg:involvesProduct"),
        (BIS, "kg:semiconductor-manufacturing-equipment", "skos:narrower"),
        (BIS, "kg:us-bis-2022-10-07--ccl-manufacturing-equipment", "htkg:involvesProduct"),
    }
    rows = answer(reasoned, paths, "cq94", entity="kg:us-technology-suppression")
    assert {(r["document"], r["subject"], r["property"]) for r in rows} == {
        (ARTICLE, "kg:core-tech-innovation-constrained", "htkg:involvesEvent"),
        (ARTICLE, "kg:link-sino-us-trade-friction--us-technology-suppression", "htkg:effect"),
        (ARTICLE, "kg:link-us-technology-suppression--core-tech-innovation-constrained",
         "htkg:cause"),
        (BIS, "kg:export-controls-2022-10-07", "htkg:exemplifies"),
        (BIS, "kg:us-bis-2022-10-07--stated-aim", "htkg:evidenceFor"),
        (BIS, "kg:us-bis-2022-10-07--stated-aim", "htkg:exemplifies"),
    }  # fmt: skip
    texts = {r["subject"]: r["text"] for r in rows}
    assert texts["kg:link-sino-us-trade-friction--us-technology-suppression"] == (
        "在贸易摩擦背景下，美国加大了对中国的技术打压力度"
    )


def test_cq95_citations_between_documents(reasoned, paths) -> None:
    rows = answer(reasoned, paths, "cq95")
    sheet = "kg:us-bis-2022-10-07-fact-sheet"
    assert {(r["citing"], r["relation"], r["cited"]) for r in rows} == {
        (sheet, "http://purl.org/spar/cito/discusses", BIS),
        (sheet, "http://purl.org/spar/cito/supports", ARTICLE),
    }


# ------------------------------------------------- the article on its own --


def test_cross_document_questions_on_the_article_alone(article_only, paths) -> None:
    for name in ("cq90", "cq91", "cq92", "cq95", "cq96"):
        assert answer(article_only, paths, name) == [], name
    timeline = [(r["date"], r["item"], r["what"], r["document"])
                for r in answer(article_only, paths, "cq93")]  # fmt: skip
    assert timeline == [row for row in TIMELINE if row[3] == ARTICLE]
    rows = answer(article_only, paths, "cq94")
    assert [(r["document"], r["subject"]) for r in rows] == [
        (ARTICLE, "kg:lithography-equipment-gap")
    ]


def test_the_articles_own_answers_do_not_change_with_other_documents(
    article_only, reasoned, paths
) -> None:
    """Every other competency question answers the same with or without the BIS rule."""
    questions = {n: q for n, q in discover(paths.queries).items() if not n.startswith("cq9")}
    assert questions, "no article questions found in queries/"
    changed = [
        name for name, query in questions.items()
        if set(run(article_only, query).rows) != set(run(reasoned, query).rows)
    ]  # fmt: skip
    assert not changed, f"answers changed when another document was added: {changed}"


# ------------------------------------- relations several documents state (cq96) --

SECOND = "kg:second-commentary"
FRICTION, SUPPRESSION = "kg:sino-us-trade-friction", "kg:us-technology-suppression"
BARRIERS, COMPETITIVENESS = "kg:technical-barriers", "kg:international-competitiveness"
RD, INNOVATION = "kg:limited-enterprise-rd-investment", "kg:constrained-enterprise-innovation"


def test_cq96_no_relation_is_stated_twice_in_the_article_and_bis(reasoned, paths) -> None:
    """The BIS rule states no causal link the article also states."""
    assert answer(reasoned, paths, "cq96") == []


def test_cq96_lists_the_corroborated_and_the_contested_relation(two_documents, paths) -> None:
    rows = answer(two_documents, paths, "cq96")
    got = {(r["cause"], r["effect"], r["documents"], r["agreement"], r["link"], r["document"],
            r["polarity"]) for r in rows}  # fmt: skip
    assert got == {
        (FRICTION, SUPPRESSION, "2", "agreed", "kg:link-sino-us-trade-friction--us-technology-"
         "suppression", ARTICLE, "htkg:positive"),
        (FRICTION, SUPPRESSION, "2", "agreed", "kg:second-commentary--friction-drives-"
         "suppression", SECOND, "htkg:positive"),
        (BARRIERS, COMPETITIVENESS, "2", "contested", "kg:link-technical-barriers--"
         "international-competitiveness", ARTICLE, "htkg:negative"),
        (BARRIERS, COMPETITIVENESS, "2", "contested", "kg:second-commentary--barriers-raise-"
         "competitiveness", SECOND, "htkg:positive"),
        (RD, INNOVATION, "2", "contested", "kg:link-limited-enterprise-rd-investment--"
         "constrained-enterprise-innovation", ARTICLE, "htkg:positive"),
        (RD, INNOVATION, "2", "contested", "kg:second-commentary--rd-limits-spur-innovation",
         SECOND, "htkg:negative"),
    }  # fmt: skip
    texts = {r["document"]: r["text"] for r in rows if r["cause"] == FRICTION}
    assert texts == {ARTICLE: "在贸易摩擦背景下，美国加大了对中国的技术打压力度",
                     SECOND: "贸易摩擦升级之后，美国对中国的技术打压明显加强"}  # fmt: skip
    assert {r["mode"] for r in rows} == {"htkg:authorStated"}
    assert {r["summary"] for r in rows} == {"false"}


def test_cq96_answers_the_same_on_oxigraph(two_documents, paths, tmp_path) -> None:
    store = OxigraphStore(tmp_path / "store")
    store.replace(two_documents)
    query = find_query("cq96", paths.queries)
    answers = store.query(query.text, bind(query, {}), union=True)
    on_oxigraph = {tuple(canon(v) for v in row) for row in answers.rows}
    on_rdflib = {tuple(canon(v) for v in row) for row in run(two_documents, query, {}).rows}
    assert len(on_rdflib) == 6 and on_oxigraph == on_rdflib


def test_second_document_quotes_are_verbatim_in_its_text(two_documents) -> None:
    text = read_source(SECOND_DOCUMENT.with_suffix(".txt"))
    graph = two_documents.graph(document_graph("second-commentary"))
    quotes = [str(q) for q in graph.objects(None, HTKG.quote)]
    assert len(quotes) == 3 and all(is_verbatim(q, text) for q in quotes)
