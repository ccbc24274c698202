"""Feedback loops: a hand-made graph with known cycles, then the article, then the CLI."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from rdflib import Dataset
from tests.test_tables import assert_well_formed_md, md_rows

from htkg.cli.main import main
from htkg.network.digraph import build_network
from htkg.network.loops import BALANCING, REINFORCING, UNKNOWN, find_loops


def hand_graph(edges: list[tuple[str, str, str, str]]) -> nx.DiGraph:
    """(source, target, kind, sign) → a DiGraph shaped like build_network's output."""
    graph = nx.DiGraph()
    for u, v, kind, sign in edges:
        for n in (u, v):
            cls = "Countermeasure" if n.startswith("m") else "Mechanism"
            graph.add_node(n, cls=cls, label_en=f"{n}-en", label_zh=f"{n}-zh", iri=f"urn:{n}")
        graph.add_edge(u, v, kind=kind, sign=sign, mode="authorStated", link=f"L{u}{v}",
                       section="s", quote=f"q {u}{v}", gloss="g")  # fmt: skip
    return graph


HAND = hand_graph([
    ("a", "b", "causal", "+"), ("b", "a", "causal", "+"),                  # + +    reinforcing
    ("c", "d", "causal", "+"), ("d", "e", "causal", "-"), ("e", "c", "causal", "+"),  # balancing
    ("f", "g", "causal", "-"), ("g", "f", "causal", "-"),                  # − −    reinforcing
    ("h", "i", "causal", "?"), ("i", "h", "causal", "+"),                  # ? +    unknown
    ("x", "x", "causal", "-"),                                             # self   balancing
    ("p", "q", "causal", "+"), ("q", "m1", "addresses", "-"), ("m1", "p", "causal", "+"),
    ("a", "c", "causal", "+"),                                             # joins, no cycle
])  # fmt: skip


def test_hand_graph_loops_and_their_kinds() -> None:
    found = {loop.nodes: loop.kind for loop in find_loops(HAND)}
    assert found == {
        ("x",): BALANCING,
        ("a", "b"): REINFORCING,
        ("f", "g"): REINFORCING,
        ("h", "i"): UNKNOWN,
        ("c", "d", "e"): BALANCING,
    }


def test_loops_come_shortest_first_with_the_quote_of_each_link() -> None:
    loops = find_loops(HAND)
    assert [len(loop.nodes) for loop in loops] == [1, 2, 2, 2, 3]
    cde = loops[-1]
    assert [(k.source, k.target, k.sign, k.quote) for k in cde.links] == [
        ("c", "d", "+", "q cd"), ("d", "e", "-", "q de"), ("e", "c", "+", "q ec"),
    ]  # fmt: skip
    assert cde.negatives == 1


def test_an_addresses_edge_never_closes_a_feedback_loop() -> None:
    assert all("q" not in loop.nodes for loop in find_loops(HAND))


ARTICLE_LOOPS = {
    ("kg:insufficient-enterprise-investment", "kg:limited-enterprise-rd-investment",
     "kg:constrained-enterprise-innovation"): REINFORCING,
    ("kg:it-offshore-outsourcing-market", "kg:it-product-export-markets"): REINFORCING,
}  # fmt: skip


@pytest.fixture(scope="module")
def article(reasoned: Dataset) -> nx.DiGraph:
    return build_network(reasoned)


def test_article_loops_are_the_vicious_circle_and_the_it_positive_cycle(article) -> None:
    loops = find_loops(article)
    assert {loop.nodes: loop.kind for loop in loops} == ARTICLE_LOOPS
    assert all(loop.author_stated for loop in loops)


def test_the_vicious_circle_rests_on_the_authors_words(article) -> None:
    (circle,) = [loop for loop in find_loops(article) if len(loop.nodes) == 3]
    closing = circle.links[-1]
    assert closing.target == "kg:insufficient-enterprise-investment"
    assert "恶性循环" in closing.quote and closing.section == "kg:article-s2-2"
    assert all(link.quote and link.gloss for link in circle.links)


@pytest.fixture()
def cli_dataset(reasoned: Dataset, monkeypatch: pytest.MonkeyPatch) -> Dataset:
    """The CLI reads the session's dataset instead of building its own."""
    monkeypatch.setattr("htkg.workflow.load", lambda **_: reasoned)
    return reasoned


def test_cli_loops_json_md_text(cli_dataset, capsys) -> None:
    assert main(["loops", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {tuple(n["id"] for n in d["nodes"]): d["kind"] for d in data} == ARTICLE_LOOPS
    assert all(link["quote"] for d in data for link in d["links"])
    assert main(["loops", "--format", "md", "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert "| 企业自主投入不足 | + | 限制了企业研发投入力度 |" in out
    tables = [block for block in out.split("\n\n") if block.startswith("|")]
    assert len(tables) == len(ARTICLE_LOOPS)  # one table per loop
    for table in tables:
        assert_well_formed_md(table)
        assert md_rows(table)[0] == ["起点", "方向", "终点", "陈述方式", "章节", "原文"]
    assert main(["loops"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("2 feedback loop(s): 2 reinforcing, 0 balancing, 0 unknown")
    assert "“制约了企业技术创新能力，进而陷入了一个恶性循环局面”" in out
