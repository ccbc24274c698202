"""The explorer page: offline, styled by the tables, complete; focus, trace and bad input."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from rdflib import Dataset

from htkg.cli.main import main
from htkg.errors import InputError
from htkg.network.digraph import build_network
from htkg.output.explorer import EDGE_STYLE, NODE_STYLE, check_offline, embedded_data, focus, render
from htkg.output.layout import levels


@pytest.fixture(scope="module")
def net(reasoned: Dataset) -> nx.DiGraph:
    return build_network(reasoned)


@pytest.fixture(scope="module")
def page(net) -> str:
    return render(net, lang="zh", highlight_loops=True)


def test_page_is_offline_with_vis_network_inlined(page: str) -> None:
    check_offline(page)  # no <script src>, <link href>, <img src> over http(s) or //
    assert "<script src" not in page and "<link " not in page
    assert "vis.Network" in page and len(page) > 400_000  # the library itself is in the file
    with pytest.raises(RuntimeError, match="remote resource"):
        check_offline('<script src="https://cdn.example.org/vis.js"></script>')


def test_vis_network_is_the_pinned_vendored_build(page: str, tmp_path, monkeypatch) -> None:
    from htkg.output import vendor

    pinned = vendor.manifest()
    assert pinned["package"] == "vis-network" and f"@version {pinned['version']}" in page
    assert vendor.sha256((vendor.VENDOR / vendor.SCRIPT).read_bytes()) == pinned["sha256"]
    assert {"LICENSE-MIT", "LICENSE-APACHE-2.0"} <= {p.name for p in vendor.VENDOR.iterdir()}
    assert "vis-9.1.2" not in page  # not pyvis's own (older) copy
    tampered = tmp_path / "vis-network"
    tampered.mkdir()
    (tampered / vendor.SCRIPT).write_text(vendor.vis_network_js() + "//", encoding="utf-8")
    (tampered / "vendor.json").write_text(vendor.MANIFEST.read_text(), encoding="utf-8")
    monkeypatch.setattr(vendor, "VENDOR", tampered)
    monkeypatch.setattr(vendor, "MANIFEST", tampered / "vendor.json")
    with pytest.raises(RuntimeError, match="SHA-256"):
        vendor.vis_network_js()


def test_page_holds_every_node_and_edge(page: str, net) -> None:
    data = embedded_data(page)
    assert {n["id"] for n in data["nodes"]} == set(net.nodes)
    links = [e for e in data["edges"] if e["kind"] != "via"]
    assert {(e["from"], e["to"]) for e in links} == set(net.edges)
    in_view = {n["id"] for n in data["nodes"] if n["inView"]}
    for via in (e for e in data["edges"] if e["kind"] == "via"):  # summary edges of the view
        assert {via["from"], via["to"]} <= in_view and via["via"]
        assert not set(via["via"]) & in_view


def test_style_follows_the_tables(page: str, net) -> None:
    data = embedded_data(page)
    nodes = {n["id"]: n for n in data["nodes"]}
    finding = nodes["kg:finding-slowing-export-growth"]
    assert finding["color"] == NODE_STYLE["Finding"].color
    assert (
        finding["label"] == "出口增速呈递减态势"
        and finding["label_en"] == "Export growth is slowing"
    )
    edges = {(e["from"], e["to"]): e for e in data["edges"]}
    negative = edges["kg:core-technology-dependence", "kg:international-competitiveness"]
    assert negative["color"] == EDGE_STYLE["causal", "-"][0] and negative["dashes"] is False
    reading = edges["kg:waste-of-resources", "kg:weakened-policy-incentive"]
    assert reading["color"] == EDGE_STYLE["causal", "+"][0] and reading["dashes"] is True
    addresses = edges["kg:cm3-trade-barrier-monitoring", "kg:new-trade-barriers"]
    assert addresses["arrows"]["to"]["type"] == "bar" and addresses["kind"] == "addresses"


def test_tooltips_carry_both_labels_section_and_quote(page: str) -> None:
    data = embedded_data(page)
    node = next(n for n in data["nodes"] if n["id"] == "kg:insufficient-enterprise-investment")
    for text in (
        "企业自主投入不足",
        "enterprises invest too little of their own",
        "§ ",
        "“高新技术产业投资大",
    ):
        assert text in node["title"]
    edge = next(e for e in data["edges"] if e["to"] == "kg:weakened-policy-incentive"
                and e["from"] == "kg:waste-of-resources")  # fmt: skip
    assert "curator reading" in edge["title"] and "“建设高新技术园区" in edge["title"]


def test_legend_language_switch_search_and_filters_are_in_the_page(page: str) -> None:
    for needle in ("htkgSetLang", "htkgSearch", "htkgFilter", "htkgHighlight", 'id="legend"',
                   'value="ConstraintFactor"', "all 2 feedback loops"):  # fmt: skip
        assert needle in page
    assert 'htkgHighlight("loops")' in page


def test_columns_read_left_to_right(net) -> None:
    column = levels(net)
    findings = {column[n] for n, d in net.nodes(data=True) if d["cls"] == "Finding"}
    assert len(findings) == 1
    conditions = [column[n] for n, d in net.nodes(data=True)
                  if d["cls"] not in ("Finding", "Countermeasure", "SubMeasure")]  # fmt: skip
    assert max(conditions) < min(findings)
    assert column["kg:cm-core-technology-rd"] > column["kg:cm1-fiscal-guarantee-rd"] > min(findings)


def test_trace_highlights_the_what_if_paths(net) -> None:
    page = render(net, trace=["kg:cm3-price-stabilisation"])
    assert 'htkgHighlight("trace")' in page
    (trace,) = [h for h in embedded_data(page)["highlights"] if h["id"] == "trace"]
    assert "kg:export-price-fluctuation->kg:enterprise-losses" in trace["edges"]
    assert {"kg:cm3-price-stabilisation", "kg:enterprise-losses"} <= set(trace["nodes"])


def test_focus_is_the_neighbourhood(net) -> None:
    near = focus(net, "kg:limited-enterprise-rd-investment", 1)
    assert set(near) == {"kg:limited-enterprise-rd-investment",
                         "kg:insufficient-enterprise-investment",
                         "kg:constrained-enterprise-innovation"}  # fmt: skip
    lonely = nx.DiGraph()
    lonely.add_node("x")
    with pytest.raises(InputError, match="no neighbours"):
        focus(lonely, "x", 2)


@pytest.fixture()
def cli_dataset(reasoned: Dataset, monkeypatch: pytest.MonkeyPatch) -> Dataset:
    monkeypatch.setattr("htkg.workflow.load", lambda **_: reasoned)
    return reasoned


def test_cli_network_writes_the_page(cli_dataset, tmp_path: Path, capsys) -> None:
    out = tmp_path / "focus.html"
    args = [
        "network",
        "-o",
        str(out),
        "--focus",
        "企业自主投入不足",
        "--depth",
        "1",
        "--lang",
        "zh",
    ]
    assert main(args) == 0
    data = embedded_data(out.read_text(encoding="utf-8"))
    assert "kg:insufficient-enterprise-investment" in {n["id"] for n in data["nodes"]}
    assert "written:" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("extra", "code", "message"),
    [
        (["--focus", "no-such-term-anywhere"], 2, "unknown term"),
        (["--depth", "0", "--focus", "kg:insufficient-enterprise-investment"], 2, "--depth"),
        (["--trace", "核心技术"], 2, "ambiguous term"),
    ],
)
def test_cli_network_bad_input(cli_dataset, tmp_path: Path, capsys, extra, code, message) -> None:
    assert main(["network", "-o", str(tmp_path / "x.html"), *extra]) == code
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and message in err
    assert list(tmp_path.iterdir()) == []


def test_cli_network_empty_focus(cli_dataset, net, tmp_path, monkeypatch, capsys) -> None:
    """A node without neighbours (here kg:hong-kong added alone) gives no page, exit 2."""
    alone = net.copy()
    alone.add_node("kg:hong-kong", **{**net.nodes["kg:covid-19-pandemic"],
                                      "iri": "https://w3id.org/htkg/id/hong-kong"})  # fmt: skip
    monkeypatch.setattr("htkg.cli.network.build_network", lambda *a, **k: alone)
    assert main(["network", "-o", str(tmp_path / "x.html"), "--focus", "kg:hong-kong"]) == 2
    assert "no neighbours within depth 2" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_cli_network_unwritable_output(cli_dataset, tmp_path: Path, capsys) -> None:
    assert main(["network", "-o", str(tmp_path / "no" / "such" / "dir.html")]) == 3
    assert "cannot write" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_build_writes_the_explorer(reasoned: Dataset, net, tmp_path: Path) -> None:
    """``htkg build`` also writes build/explorer.html, the whole network."""
    from htkg.paths import EXPLORER_NAME
    from htkg.pipeline.build import BuildSummary, write_build
    from htkg.workflow import STEPS

    summary = BuildSummary(asserted_triples={}, inferred_triples=0, entities_per_class={},
                           validation="SHACL: conforms")  # fmt: skip
    write_build(reasoned, summary, tmp_path / "build", STEPS)
    page = (tmp_path / "build" / EXPLORER_NAME).read_text(encoding="utf-8")
    check_offline(page)
    assert len(embedded_data(page)["nodes"]) == net.number_of_nodes()
