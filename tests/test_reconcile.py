"""Reconciliation (``htkg link``): joins by IRI, Wikidata id and ISO code; labels only suggest.

Small documents are added next to the real article (and the BIS rule) in an
in-memory dataset, so each test states exactly which entities should join,
which should only be suggested, and which must stay apart.
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic
from rdflib.namespace import OWL

from htkg.cli.main import main
from htkg.errors import ExitCode, InputError
from htkg.literature.reconcile import (
    confirm,
    links_graph,
    normalise,
    read_confirmed,
    reconcile,
    suggestion_id,
)
from htkg.paths import ProjectPaths
from htkg.rdf.namespaces import GRAPH, HTKG, INFERRED_GRAPH, KG, LINKS_GRAPH, sparql_prologue

PREFIXES = sparql_prologue().replace("PREFIX ", "@prefix ").replace(">\n", "> .\n")


@pytest.fixture(scope="session")
def base(asserted: Dataset) -> Dataset:
    """The project as loaded, without the links graph (what ``htkg link`` starts from)."""
    dataset = copy.deepcopy(asserted)
    dataset.remove_graph(dataset.graph(LINKS_GRAPH))
    dataset.remove_graph(dataset.graph(INFERRED_GRAPH))
    return dataset


def with_document(base: Dataset, slug: str, turtle: str) -> Dataset:
    dataset = copy.deepcopy(base)
    dataset.graph(GRAPH[slug]).parse(data=PREFIXES + turtle, format="turtle")
    return dataset


def joins_of(result, basis: str) -> set[tuple]:
    return {j.entities for j in result.joins if j.basis == basis}


def test_shared_iris_join_the_article_and_the_bis_rule(base: Dataset) -> None:
    result = reconcile(base)
    shared = {e for (e,) in joins_of(result, "shared-iri")}
    assert shared == {KG[n] for n in (
        "china", "united-states", "chips", "integrated-circuits", "semiconductors",
        "lithography-machines", "computers", "information-technology",
        "us-technology-suppression")}  # fmt: skip
    assert all(j.documents == (KG.article, KG["us-bis-2022-10-07"]) for j in result.joins)
    assert result.suggestions == [], "the real documents share no label across distinct IRIs"


def test_committed_links_graph_is_up_to_date(base: Dataset, paths: ProjectPaths) -> None:
    committed = Graph().parse(paths.data / "links" / "reconciliation.ttl", format="turtle")
    expected = links_graph(reconcile(base, read_confirmed(committed)))
    assert isomorphic(committed, expected), "run `htkg link`"


def test_join_by_wikidata_id_writes_same_as_and_basis(base: Dataset) -> None:
    dataset = with_document(
        base,
        "doc-a",
        """
        kg:usa a htkg:Economy ; skos:exactMatch wd:Q30 ;
            skos:prefLabel "美利坚合众国"@zh , "USA"@en .
        kg:a-claim a htkg:Statement ; htkg:involvesMarket kg:usa .""",
    )
    result = reconcile(dataset)
    assert joins_of(result, "wikidata") == {(KG["united-states"], KG.usa)}
    join = next(j for j in result.joins if j.basis == "wikidata")
    assert join.value == "Q30"
    assert join.documents == (KG.article, KG["doc-a"], KG["us-bis-2022-10-07"])
    graph = links_graph(result)
    assert (KG["united-states"], OWL.sameAs, KG.usa) in graph
    assert (join.iri, HTKG.joinBasis, HTKG.sameWikidataId) in graph
    assert (join.iri, HTKG.joinedIn, KG["doc-a"]) in graph


def test_join_by_iso_code(base: Dataset) -> None:
    dataset = with_document(
        base,
        "doc-a",
        """
        kg:prc a htkg:Economy ; htkg:iso3166Alpha2 "CN" ;
            skos:prefLabel "中华人民共和国"@zh , "People's Republic of China"@en .""",
    )
    result = reconcile(dataset)
    assert joins_of(result, "iso") == {(KG.china, KG.prc)}
    assert (KG.china, OWL.sameAs, KG.prc) in links_graph(result)


def test_label_match_is_only_a_suggestion_until_confirmed(base: Dataset) -> None:
    dataset = with_document(
        base,
        "doc-a",
        """
        kg:doc-a-commerce a htkg:GovernmentBody ;
            skos:prefLabel "美国商务部"@zh , "US Department of Commerce"@en .""",
    )
    result = reconcile(dataset)
    pair = (KG["doc-a-commerce"], KG["us-department-of-commerce"])
    [suggestion] = result.suggestions
    assert suggestion.entities == pair and suggestion.label == "美国商务部"
    assert not suggestion.ambiguous_with and not suggestion.blocked
    assert not list(links_graph(result).triples((None, OWL.sameAs, None))), "no silent merge"
    made = confirm(result, [suggestion.id], "A. Curator", "2026-11-26")
    assert [j.entities for j in made] == [pair] and result.suggestions == []
    graph = links_graph(result)
    assert (pair[0], OWL.sameAs, pair[1]) in graph
    assert (made[0].iri, HTKG.joinBasis, HTKG.confirmedLabelMatch) in graph
    assert read_confirmed(graph) == made, "confirmations survive the next run"
    again = reconcile(dataset, read_confirmed(graph))
    assert again.suggestions == [] and made[0] in again.joins


def test_english_label_match_ignores_case_and_width(base: Dataset) -> None:
    dataset = with_document(
        base,
        "doc-a",
        """
        kg:litho a htkg:Product ; skos:prefLabel "光刻设备"@zh , "Lithography  Machines"@en .""",
    )
    [suggestion] = reconcile(dataset).suggestions
    assert suggestion.entities == (KG.litho, KG["lithography-machines"])
    assert normalise("Ｌｉｔｈｏｇｒａｐｈｙ machines") == "lithography machines"


def test_ambiguous_label_is_flagged_and_never_merged(base: Dataset) -> None:
    """Two entities of one document labelled 芯片 like the article's kg:chips."""
    dataset = with_document(
        base,
        "doc-a",
        """
        kg:chip-a a htkg:Product ; skos:prefLabel "芯片"@zh , "logic chips"@en .
        kg:chip-b a htkg:Product ; skos:prefLabel "芯片"@zh , "memory chips"@en .""",
    )
    result = reconcile(dataset)
    pairs = {s.entities: s for s in result.suggestions}
    assert set(pairs) == {(KG["chip-a"], KG.chips), (KG["chip-b"], KG.chips)}
    assert pairs[(KG["chip-a"], KG.chips)].ambiguous_with == (KG["chip-b"],)
    assert pairs[(KG["chip-b"], KG.chips)].ambiguous_with == (KG["chip-a"],)
    assert not joins_of(result, "label")
    assert not list(links_graph(result).triples((None, OWL.sameAs, None)))


def test_label_match_between_different_identifiers_is_blocked(base: Dataset) -> None:
    dataset = with_document(
        base,
        "doc-a",
        """
        kg:other-states a htkg:Economy ; skos:exactMatch wd:Q99999 ;
            skos:prefLabel "美国"@zh , "United States"@en .""",
    )
    result = reconcile(dataset)
    [suggestion] = result.suggestions
    assert suggestion.entities == (KG["other-states"], KG["united-states"])
    assert suggestion.blocked == "different wikidata ids"
    with pytest.raises(InputError, match="blocked"):
        confirm(result, [suggestion.id], "A. Curator", "2026-11-26")


def test_unknown_suggestion_id_is_an_input_error(base: Dataset) -> None:
    with pytest.raises(InputError, match="no such suggestion"):
        confirm(reconcile(base), ["L00000000"], "A. Curator", "2026-11-26")


def test_suggestion_ids_are_stable_and_symmetric() -> None:
    assert suggestion_id(KG.a, KG.b) == suggestion_id(KG.b, KG.a)
    assert suggestion_id(KG.a, KG.b) != suggestion_id(KG.a, KG.c)


# ---------------------------------------------------------------- the CLI --


@pytest.fixture()
def project(tmp_path: Path, paths: ProjectPaths, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("ontology", "data"):
        shutil.copytree(paths.root / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("HTKG_ROOT", raising=False)
    return tmp_path


def test_cli_link_confirms_a_suggestion(project: Path, capsys) -> None:
    (project / "data" / "literature" / "doc-a.ttl").write_text(
        PREFIXES
        + """
        kg:doc-a-commerce a htkg:GovernmentBody ;
            skos:prefLabel "美国商务部"@zh , "US Department of Commerce"@en ;
            skos:definition "A duplicate for the test."@en .""",
        encoding="utf-8",
    )
    links = project / "data" / "links" / "reconciliation.ttl"
    before = links.read_bytes()
    assert main(["link", "--dry-run", "--format", "json"]) == ExitCode.OK
    assert links.read_bytes() == before, "--dry-run writes nothing"
    out = capsys.readouterr().out
    sid = suggestion_id(KG["doc-a-commerce"], KG["us-department-of-commerce"])
    assert f'"id": "{sid}"' in out and '"status": "suggested"' in out
    assert main(["link", "--confirm", sid]) == ExitCode.INPUT
    assert "--confirm needs --by NAME" in capsys.readouterr().err
    assert main(["link", "--confirm", sid, "--by", "A. Curator"]) == ExitCode.OK
    graph = Graph().parse(links, format="turtle")
    assert (KG["doc-a-commerce"], OWL.sameAs, KG["us-department-of-commerce"]) in graph
    assert len(read_confirmed(graph)) == 1
    assert main(["link", "--format", "csv"]) == ExitCode.OK
    assert len(read_confirmed(Graph().parse(links, format="turtle"))) == 1, "kept on re-run"


def test_a_contained_label_is_a_weak_suggestion_never_a_join(base: Dataset) -> None:
    """Issue 13: 第一阶段经贸协议 against the article's 中美第一阶段经贸协议 gave nothing."""
    dataset = with_document(
        base,
        "doc-a",
        """
        kg:p1 a htkg:TradeAgreement ;
            skos:prefLabel "第一阶段经贸协议"@zh , "Phase One deal"@en .""",
    )
    result = reconcile(dataset)
    assert result.suggestions == []
    [weak] = [s for s in result.weak if KG.p1 in s.entities]
    assert weak.entities == (KG.p1, KG["phase-one-agreement"]) and weak.weak == 0.8
    assert weak.label == "第一阶段经贸协议 ~ 中美第一阶段经贸协议"
    assert not joins_of(result, "label")
    made = confirm(result, [weak.id], "A. Curator", "2026-11-29")
    assert [j.entities for j in made] == [weak.entities] and weak not in result.weak


def test_weak_suggestions_skip_disjoint_classes_and_short_fragments(base: Dataset) -> None:
    dataset = with_document(
        base,
        "doc-a",
        """
        kg:x-agency a htkg:GovernmentBody ;
            skos:prefLabel "中美第一阶段经贸协议"@zh , "Phase One agency"@en .
        kg:x-chip a htkg:Product ; skos:prefLabel "先进芯片"@zh , "advanced chip"@en .""",
    )
    pairs = {s.entities for s in reconcile(dataset).weak}
    assert not any(KG["x-agency"] in p for p in pairs), "an agency is no agreement"
    assert (KG.chips, KG["x-chip"]) not in pairs, "芯片 is too small a part of 先进芯片"
    # but 先进芯片 shares two of three words with the BIS rule's 先进计算芯片
    assert (KG["advanced-computing-chips"], KG["x-chip"]) in pairs
