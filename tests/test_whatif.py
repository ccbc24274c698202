"""What-if: signs checked by hand on a small graph, then on the article and through the CLI."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from rdflib import Dataset
from tests.test_tables import assert_well_formed_md, md_rows

from htkg.cli.main import main
from htkg.network.digraph import build_network
from htkg.network.whatif import AMBIGUOUS, UNKNOWN, what_if

CLASSES = {"M": "Countermeasure", "S": "SubMeasure", "K": "ConstraintFactor"}


def hand_graph(edges: list[tuple[str, str, str, str]]) -> nx.DiGraph:
    """(source, target, kind, sign); F* are findings, M/S/K by CLASSES, the rest mechanisms."""
    graph = nx.DiGraph()
    for u, v, kind, sign in edges:
        for n in (u, v):
            cls = "Finding" if n.startswith("F") else CLASSES.get(n[0], "Mechanism")
            graph.add_node(n, cls=cls, label_en=n, label_zh=n, iri=f"urn:{n}")
        graph.add_edge(u, v, kind=kind, sign=sign, mode="authorStated", link="", section="",
                       quote="", gloss="")  # fmt: skip
    return graph


# M addresses A (A goes down).       Hand-worked signs of the findings:
#   A →+ B →+ F1                      − · + · +           = −  F1 improves
#   A →− C →+ F2                      − · − · +           = +  F2 worsens
#   A →+ D →+ F3 and A →− E →+ F3     − and +                  F3 ambiguous
#   A →? G →+ F4                      − · ? · +           = ?  F4 unknown
#   B →+ A (a loop back: paths stay simple, A is not revisited)
# K (switched off) →+ F1              −                   = −  F1 improves
# S is a sub-measure of M (S → M, part) and addresses H; H →− F5: − · − = + F5 worsens
HAND = hand_graph([
    ("M", "A", "addresses", "-"),
    ("A", "B", "causal", "+"), ("B", "F1", "causal", "+"), ("B", "A", "causal", "+"),
    ("A", "C", "causal", "-"), ("C", "F2", "causal", "+"),
    ("A", "D", "causal", "+"), ("D", "F3", "causal", "+"),
    ("A", "E", "causal", "-"), ("E", "F3", "causal", "+"),
    ("A", "G", "causal", "?"), ("G", "F4", "causal", "+"),
    ("K", "F1", "causal", "+"),
    ("S", "M", "part", ""), ("S", "H", "addresses", "-"), ("H", "F5", "causal", "-"),
])  # fmt: skip


def _verdicts(result) -> dict[str, str]:
    return {e.node: e.verdict for e in result.findings}


def test_countermeasure_signs_by_hand() -> None:
    result = what_if(HAND, ["M"])
    assert _verdicts(result) == {
        "F1": "improves", "F2": "worsens", "F3": AMBIGUOUS, "F4": UNKNOWN, "F5": "worsens",
    }  # fmt: skip
    changes = {e.node: e.change for e in result.others}
    assert changes == {"A": "-", "B": "-", "C": "+", "D": "-", "E": "+", "G": UNKNOWN, "H": "-"}
    assert [i.action for i in result.interventions] == ["on"]


def test_every_result_names_its_paths() -> None:
    by_node = {e.node: e for e in what_if(HAND, ["M"]).effects}
    assert [p.nodes for p in by_node["F1"].paths] == [("M", "A", "B", "F1")]
    assert {p.nodes: p.sign for p in by_node["F3"].paths} == {
        ("M", "A", "D", "F3"): "-", ("M", "A", "E", "F3"): "+",
    }  # fmt: skip
    (via_sub,) = by_node["F5"].paths
    assert via_sub.nodes == ("M", "S", "H", "F5")
    assert via_sub.kinds == ("part", "addresses", "causal")


def test_switching_off_a_constraint() -> None:
    result = what_if(HAND, ["K"])
    assert [(i.node, i.action) for i in result.interventions] == [("K", "off")]
    assert _verdicts(result) == {"F1": "improves"}


def test_a_sub_measure_acts_alone_and_terms_combine() -> None:
    assert _verdicts(what_if(HAND, ["S"])) == {"F5": "worsens"}
    combined = _verdicts(what_if(HAND, ["S", "K"]))
    assert combined == {"F5": "worsens", "F1": "improves"}


@pytest.fixture(scope="module")
def article(reasoned: Dataset) -> nx.DiGraph:
    return build_network(reasoned)


def test_core_technology_rd_improves_the_findings_it_reaches(article) -> None:
    result = what_if(article, ["kg:cm-core-technology-rd"])
    verdicts = _verdicts(result)
    assert verdicts["kg:finding-concentrated-export-structure"] == "improves"
    assert verdicts["kg:finding-slowing-export-growth"] == "improves"
    slowing = next(e for e in result.findings if e.node == "kg:finding-slowing-export-growth")
    assert (
        "kg:cm-core-technology-rd", "kg:core-technology-dependence",
        "kg:international-competitiveness", "kg:finding-slowing-export-growth",
    ) in [p.nodes for p in slowing.paths]  # fmt: skip
    for effect in result.effects:
        assert effect.paths and all(p.nodes[0] == "kg:cm-core-technology-rd" for p in effect.paths)


# MR raises P (P goes up), MU answers Q without saying what it does to it,
# and X →(contested) Y →+ F6.
EFFECTS = hand_graph([
    ("MR", "P", "addresses", "+"), ("P", "F6", "causal", "+"),
    ("MU", "Q", "addresses", "?"), ("Q", "F7", "causal", "+"),
    ("X", "Y", "causal", "?"), ("Y", "F8", "causal", "+"),
])  # fmt: skip
EFFECTS.edges["X", "Y"]["contested"] = True


def test_a_measure_that_raises_its_target_pushes_it_up() -> None:
    result = what_if(EFFECTS, ["MR"])
    assert {e.node: e.change for e in result.effects} == {"P": "+", "F6": "+"}


def test_an_unspecified_response_is_named_and_goes_no_further() -> None:
    (effect,) = what_if(EFFECTS, ["MU"]).effects
    assert (effect.node, effect.change) == ("Q", UNKNOWN)
    assert effect.reasons == (("MU", "Q", "unspecified"),)


def test_a_contested_relation_makes_what_follows_unknown_and_says_why() -> None:
    effects = {e.node: e for e in what_if(EFFECTS, ["X"]).effects}
    assert effects["F8"].change == UNKNOWN
    assert ("X", "Y", "contested") in effects["F8"].reasons


@pytest.mark.parametrize(
    ("measure", "condition"),
    [
        ("kg:cm-flexible-supply-chain", "kg:pandemic-supply-chain-shock"),
        ("kg:cm-flexible-supply-chain", "kg:western-tech-policy-uncertainty"),
        ("kg:cm-core-technology-rd", "kg:narrowing-core-technology-access"),
    ],
)
def test_no_decrease_the_article_does_not_state(article, measure: str, condition: str) -> None:
    """The issue's three misreadings: answering a condition is not reducing it."""
    effects = {e.node: e for e in what_if(article, [measure]).effects}
    assert effects[condition].change == UNKNOWN
    assert {why for _u, _v, why in effects[condition].reasons} == {"unspecified"}


def test_switching_off_the_trade_friction(article) -> None:
    verdicts = _verdicts(what_if(article, ["kg:sino-us-trade-friction"]))
    assert verdicts["kg:finding-slowing-export-growth"] == "improves"


@pytest.fixture()
def cli_dataset(reasoned: Dataset, monkeypatch: pytest.MonkeyPatch) -> Dataset:
    monkeypatch.setattr("htkg.workflow.load", lambda **_: reasoned)
    return reasoned


def test_cli_whatif_by_label_fragment(cli_dataset, capsys) -> None:
    assert main(["whatif", "价格波动的稳定", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [i["id"] for i in data["interventions"]] == ["kg:cm3-price-stabilisation"]
    effects = {e["id"]: e for e in data["effects"]}
    assert effects["kg:export-price-fluctuation"]["change"] == "-"
    assert effects["kg:enterprise-losses"]["paths"][0]["nodes"] == [
        "kg:cm3-price-stabilisation", "kg:export-price-fluctuation", "kg:enterprise-losses",
    ]  # fmt: skip


def test_cli_whatif_markdown_joins_paths_in_one_cell(cli_dataset, capsys) -> None:
    assert main(["whatif", "kg:core-technology-dependence", "--format", "md"]) == 0
    out = capsys.readouterr().out
    table = out[out.index("| node |") :]
    assert_well_formed_md(table)
    rows = {r[0]: r for r in md_rows(table)[2:]}
    assert rows["Export growth is slowing"][1:3] == ["Finding", "improves"]
    assert all(row[3] for row in rows.values())  # every effect names its paths


@pytest.mark.parametrize(
    ("term", "message"),
    [("no-such-thing-at-all", "unknown term"), ("核心技术", "ambiguous term"),
     ("kg:not-a-node", "unknown term")],
)  # fmt: skip
def test_cli_whatif_bad_terms(cli_dataset, capsys, term: str, message: str) -> None:
    assert main(["whatif", term]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert len(captured.err.strip().splitlines()) == 1 and message in captured.err
