"""``htkg find`` and ``htkg describe``: from a name a researcher knows to the term's IRI
and everything the documents say about it (issue 13, item 1)."""

from __future__ import annotations

import json

import pytest
from rdflib import Dataset

from htkg.cli.main import main
from htkg.literature.describe import describe
from htkg.literature.find import find
from htkg.rdf.namespaces import HTKG, KG


def test_find_matches_chinese_english_and_alt_labels(asserted: Dataset) -> None:
    assert find(asserted, "印度")[0].iri == KG["india"]
    assert KG["china"] in {t.iri for t in find(asserted, "ＣＨＩＮＡ")}  # width and case folded
    # an alternative label only: 核心技术受制国际供应链 is the abstract's wording
    hits = find(asserted, "核心技术受制国际供应链")
    assert hits[0].iri == KG["core-technology-dependence"]
    assert hits[0].alt_labels["zh"] == ["核心技术受制国际供应链"]


def test_find_ignores_dashes_as_it_ignores_spaces(asserted: Dataset) -> None:
    """A reader types "intellectual property"; the label says "intellectual-property"."""
    found = {t.iri for t in find(asserted, "intellectual property")}
    assert KG["ip-barriers"] in found and KG["eu-ip-investigation"] in found


def test_find_ranks_exact_matches_first_and_names_the_documents(asserted: Dataset) -> None:
    hits = find(asserted, "芯片")
    assert hits[0].iri == KG["chips"]
    assert {KG["article"], KG["us-bis-2022-10-07"]} <= set(hits[0].documents)


def test_find_narrows_by_class(asserted: Dataset) -> None:
    hits = find(asserted, "美国", (HTKG.Actor,))
    assert hits and all(t.cls in (HTKG.GovernmentBody,) for t in hits)
    assert KG["united-states"] not in {t.iri for t in hits}


def test_cli_find_json_and_an_unknown_class(capsys) -> None:
    assert main(["find", "India", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert rows[0]["curie"] == "kg:india" and rows[0]["class"] == "htkg:Economy"
    assert main(["find", "India", "--class", "Nonsense"]) == 2
    assert "--class 'Nonsense'" in capsys.readouterr().err


def test_describe_collects_links_mentions_and_figures(asserted: Dataset) -> None:
    result = describe(asserted, KG["core-technology-dependence"])
    kinds = {(link.kind, link.direction) for link in result.links}
    assert ("causal", "out") in kinds and ("response", "in") in kinds
    assert all(link.quote for link in result.links)  # the article quotes every link
    cited = {m.subject for m in result.mentions if m.predicate == HTKG.evidenceFor}
    assert KG["us-bis-2022-10-07--ccl-advanced-chips"] in cited  # the other document's claim


def test_describe_finds_figures_of_an_indicator(asserted: Dataset) -> None:
    indicators = {o for g in asserted.graphs() for o in g.objects(None, HTKG.indicator)}
    indicator = sorted(indicators)[0]
    result = describe(asserted, indicator)
    assert result.figures and all(f.indicator == indicator for f in result.figures)


@pytest.mark.parametrize("fmt", ["text", "md", "json"])
def test_cli_describe_every_format(fmt: str, capsys) -> None:
    assert main(["describe", "印度", "--format", fmt]) == 0
    out = capsys.readouterr().out
    assert "wd:Q668" in out
    if fmt == "json":
        assert json.loads(out)["mentioned by"]


def test_cli_describe_ambiguous_term_lists_candidates(capsys) -> None:
    assert main(["describe", "贸易"]) == 2
    assert "ambiguous term" in capsys.readouterr().err
