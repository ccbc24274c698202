"""RDF → networkx: counts against the graph's links, edge evidence, classes, terms, exports."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Dataset
from tests.test_tables import assert_aligned, assert_well_formed_md, md_rows

from htkg.cli.main import main
from htkg.errors import InputError
from htkg.network.digraph import ADDRESSES, CAUSAL, PART, build_network, causal_graph, resolve_node
from htkg.network.leverage import leverage
from htkg.output.network_formats import KUMU_FILES, to_graphml, to_kumu, to_node_link
from htkg.rdf.namespaces import sparql_prologue


@pytest.fixture(scope="module")
def net(reasoned: Dataset) -> nx.DiGraph:
    return build_network(reasoned)


def _pairs(dataset: Dataset, cls: str, source: str, target: str) -> set[tuple[str, str]]:
    query = (
        sparql_prologue()
        + f"""
        SELECT DISTINCT ?a ?b WHERE {{ GRAPH ?g {{
            ?link a htkg:{cls} ; htkg:{source} ?a ; htkg:{target} ?b }} }}"""
    )
    ns = dataset.namespace_manager
    return {(ns.normalizeUri(a), ns.normalizeUri(b)) for a, b in dataset.query(query)}


def _edges(graph: nx.DiGraph, kind: str) -> set[tuple[str, str]]:
    return {(u, v) for u, v, d in graph.edges(data=True) if d["kind"] == kind}


def test_causal_edges_are_exactly_the_causal_links(reasoned: Dataset, net) -> None:
    links = _pairs(reasoned, "CausalLink", "cause", "effect")
    assert len(links) > 60
    assert _edges(net, CAUSAL) == links
    assert causal_graph(net).number_of_edges() == len(links)


def test_addresses_edges_are_exactly_the_response_links(reasoned: Dataset, net) -> None:
    assert _edges(net, ADDRESSES) == _pairs(reasoned, "ResponseLink", "measure", "target")


def test_causal_edge_carries_polarity_mode_section_quote(net) -> None:
    edge = net.edges["kg:core-technology-dependence", "kg:international-competitiveness"]
    assert (edge["kind"], edge["polarity"], edge["sign"], edge["mode"], edge["section"]) == (
        "causal", "negative", "-", "authorStated", "kg:article-s2-3",
    )  # fmt: skip
    assert edge["quote"].startswith("核心技术受制于人")
    assert edge["graph"] == "graph:article" and edge["section_en"]
    reading = net.edges["kg:waste-of-resources", "kg:weakened-policy-incentive"]
    assert reading["mode"] == "curatorReading" and "curator reads" in reading["note"]


def test_addresses_edges_carry_what_the_text_says_the_measure_does(net) -> None:
    """Reduces (−), raises (+) or unspecified (?): "addresses" is never read as "reduces"."""

    def effect(u: str, v: str) -> tuple[str, str, str, str]:
        edge = net.edges[f"kg:{u}", f"kg:{v}"]
        return edge["kind"], edge["effect"], edge["sign"], edge["polarity"]

    assert effect("cm3-price-stabilisation", "export-price-fluctuation") == (
        "addresses", "reduces", "-", "",
    )  # fmt: skip
    assert effect("cm-flexible-supply-chain", "international-competitiveness") == (
        "addresses", "raises", "+", "",
    )  # fmt: skip
    assert effect("cm3-trade-barrier-monitoring", "new-trade-barriers") == (
        "addresses", "unspecified", "?", "",
    )  # fmt: skip


def test_structure_edges_keep_only_the_direct_parent(net) -> None:
    parts = _edges(net, PART)
    assert (
        "kg:rush-to-build-high-tech-parks",
        "kg:local-policy-not-fitted-to-local-reality",
    ) in parts
    assert ("kg:rush-to-build-high-tech-parks", "kg:policy-transmission-blocked") not in parts
    assert ("kg:cm3-price-stabilisation", "kg:cm-flexible-supply-chain") in parts


def test_node_classes_and_bilingual_labels(net) -> None:
    expected = {
        "kg:sino-us-trade-friction": "Event",
        "kg:insufficient-enterprise-investment": "ConstraintFactor",
        "kg:reliance-on-hong-kong": "SubFactor",
        "kg:product-homogenisation": "Mechanism",
        "kg:finding-slowing-export-growth": "Finding",
        "kg:cm-flexible-supply-chain": "Countermeasure",
        "kg:cm3-price-stabilisation": "SubMeasure",
    }
    assert {n: net.nodes[n]["cls"] for n in expected} == expected
    node = net.nodes["kg:insufficient-enterprise-investment"]
    assert node["label_zh"] == "企业自主投入不足"
    assert node["label_en"] == "enterprises invest too little of their own"
    assert sum(d["cls"] == "Finding" for _, d in net.nodes(data=True)) == 4
    assert sum(d["cls"] == "ConstraintFactor" for _, d in net.nodes(data=True)) == 6


def test_context_adds_entities_only_when_asked(reasoned: Dataset, net) -> None:
    assert not _edges(net, "involves")
    wide = build_network(reasoned, context=True)
    assert ("kg:reliance-on-hong-kong", "kg:hong-kong") in _edges(wide, "involves")
    assert wide.nodes["kg:hong-kong"]["cls"] == "Market"
    assert _edges(wide, CAUSAL) == _edges(net, CAUSAL)


def test_terms_resolve_by_curie_iri_and_label(reasoned: Dataset, net) -> None:
    key = "kg:insufficient-enterprise-investment"
    assert resolve_node(reasoned, net, key) == key
    assert resolve_node(reasoned, net, net.nodes[key]["iri"]) == key
    assert resolve_node(reasoned, net, "企业自主投入不足") == key
    assert resolve_node(reasoned, net, "invest too little of their own") == key
    with pytest.raises(InputError, match="ambiguous"):
        resolve_node(reasoned, net, "核心技术")
    with pytest.raises(InputError, match="unknown"):
        resolve_node(reasoned, net, "kg:no-such-node")


def test_graphml_round_trip_gives_the_same_graph(net) -> None:
    back = nx.read_graphml(io.BytesIO(to_graphml(net)))
    assert set(back.nodes) == set(net.nodes)
    assert set(back.edges) == set(net.edges)
    for n, data in net.nodes(data=True):
        assert back.nodes[n] == data
    for u, v, data in net.edges(data=True):
        assert back.edges[u, v] == data


def test_node_link_json_round_trip(net) -> None:
    back = nx.node_link_graph(json.loads(to_node_link(net)), edges="edges")
    assert set(back.edges) == set(net.edges)
    assert (
        back.nodes["kg:finding-slowing-export-growth"]
        == net.nodes["kg:finding-slowing-export-growth"]
    )


def test_kumu_sheets_reference_elements_by_id(net) -> None:
    sheets = to_kumu(net, "zh")
    elements = list(csv.DictReader(io.StringIO(sheets["elements.csv"])))
    connections = list(csv.DictReader(io.StringIO(sheets["connections.csv"])))
    assert len(elements) == net.number_of_nodes() and len(connections) == net.number_of_edges()
    ids = {row["ID"] for row in elements}
    assert all(row["From"] in ids and row["To"] in ids for row in connections)
    row = next(r for r in elements if r["ID"] == "kg:insufficient-enterprise-investment")
    assert (row["Label"], row["Type"]) == ("企业自主投入不足", "ConstraintFactor")


@pytest.fixture()
def cli_dataset(reasoned: Dataset, monkeypatch: pytest.MonkeyPatch) -> Dataset:
    monkeypatch.setattr("htkg.workflow.load", lambda **_: reasoned)
    return reasoned


def test_cli_export_network_formats(cli_dataset, tmp_path: Path, net) -> None:
    assert main(["export-network", "--format", "graphml", "-o", str(tmp_path / "n.graphml")]) == 0
    assert nx.read_graphml(tmp_path / "n.graphml").number_of_edges() == net.number_of_edges()
    assert main(["export-network", "--format", "json", "-o", str(tmp_path / "n.json")]) == 0
    assert main(["export-network", "--format", "kumu", "-o", str(tmp_path)]) == 0
    assert all((tmp_path / name).is_file() for name in KUMU_FILES)


def test_cli_export_network_unwritable(cli_dataset, tmp_path: Path, capsys) -> None:
    target = tmp_path / "missing" / "n.graphml"
    assert main(["export-network", "-o", str(target)]) == 3
    assert main(["export-network", "--format", "kumu", "-o", str(tmp_path / "n.csv")]) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and "cannot write" in err[0] and "not a directory" in err[1]
    assert list(tmp_path.iterdir()) == []


def test_cli_leverage_zh_columns_align_by_display_width(cli_dataset, capsys) -> None:
    assert main(["leverage", "--lang", "zh"]) == 0
    lines = capsys.readouterr().out.splitlines()[1:]  # after the split line
    assert lines[0].split() == ["排名", "节点", "名称", "角色", "影响度", "依赖度",
                                "直接影响", "直接依赖", "中介中心性"]  # fmt: skip
    assert_aligned(lines)
    first = lines[2].split()
    assert first[1:4] == ["kg:sino-us-trade-friction", "中美贸易摩擦", "驱动因素"]
    long = next(line for line in lines if "kg:export-controls-2022-10-07" in line)
    assert "美国对华先进计算与半导体制造物项出口管制（2022…" in long  # cut at 48 columns


def test_cli_leverage_markdown(cli_dataset, capsys) -> None:
    assert main(["leverage", "--format", "md", "--top", "3"]) == 0
    out = capsys.readouterr().out
    assert_well_formed_md(out)
    rows = md_rows(out)
    assert len(rows) == 2 + 3 and rows[2][:2] == ["1", "kg:sino-us-trade-friction"]


def test_leverage_micmac_on_a_hand_graph() -> None:
    """P→Q⇄R→S plus U→V; M addresses P. Reach, reached-by and betweenness worked by hand.

    influence (nodes reached): P 3, Q 2, R 2, S 0, U 1, V 0 — mean 8/6
    dependence (reached from): P 0, Q 2, R 2, S 3, U 0, V 1 — mean 8/6
    betweenness: Q lies on P→R and P→S, R on P→S and Q→S: 2 / ((6-1)(6-2)) = 0.1 each.
    """
    graph = nx.DiGraph()
    edges = [("P", "Q", CAUSAL), ("Q", "R", CAUSAL), ("R", "Q", CAUSAL), ("R", "S", CAUSAL),
             ("U", "V", CAUSAL), ("M", "P", ADDRESSES)]  # fmt: skip
    for u, v, kind in edges:
        graph.add_edge(u, v, kind=kind)
    rows = leverage(graph)
    assert [r.node for r in rows] == ["P", "Q", "R", "U", "V", "S"]
    table = {r.node: (r.influence, r.dependence, r.role, r.betweenness) for r in rows}
    assert table == {
        "P": (3, 0, "driver", 0.0), "Q": (2, 2, "linkage", 0.1), "R": (2, 2, "linkage", 0.1),
        "S": (0, 3, "dependent", 0.0), "U": (1, 0, "autonomous", 0.0),
        "V": (0, 1, "autonomous", 0.0),
    }  # fmt: skip
    with_measures = {r.node: (r.influence, r.dependence) for r in leverage(graph, True)}
    assert with_measures["M"] == (4, 0) and with_measures["S"] == (0, 4)


def test_leverage_on_the_article_puts_the_trade_friction_first(net) -> None:
    rows = leverage(net)
    assert rows[0].node == "kg:sino-us-trade-friction" and rows[0].role == "driver"
    roles = {r.node: r.role for r in rows}
    for node in ("kg:insufficient-enterprise-investment", "kg:limited-enterprise-rd-investment",
                 "kg:constrained-enterprise-innovation"):  # fmt: skip
        assert roles[node] == "linkage"  # the vicious circle relays influence
    assert roles["kg:finding-slowing-export-growth"] == "dependent"
    assert {r.node for r in rows} == set(causal_graph(net))


def test_memory_and_store_readers_give_the_same_network(reasoned: Dataset, tmp_path) -> None:
    """rdflib's indexes and SPARQL on an Oxigraph store fill the same argument model."""
    from htkg.network.read import read_network
    from htkg.stores.oxigraph import OxigraphStore
    from htkg.workflow import open_dataset

    OxigraphStore(tmp_path / "s").replace(reasoned)
    on_store = read_network(open_dataset(f"oxigraph:{tmp_path / 's'}"), context=True)
    in_memory = read_network(reasoned, context=True)
    assert on_store.relations == in_memory.relations
    assert on_store.nodes == in_memory.nodes
    assert on_store.parts == in_memory.parts and on_store.involves == in_memory.involves
    assert on_store.section_labels == in_memory.section_labels
    assert len(in_memory.relations) > 60 and any(
        e.summary for r in in_memory.relations.values() for e in r.evidence
    )
