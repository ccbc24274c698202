"""The explorer in a real browser (Chromium through Playwright), every request blocked.

What the issue asks the page to do, done as a reader would: the first view
reads at 1400×900 (labels ≥ 11 px, no two nodes overlap, measured from what
vis-network drew), clicking a node shows its quote, a neighbourhood expands and
collapses, paths run from a constraint to a countermeasure with a quote per
hop, each filter keeps what it says, the URL holds the view, the PNG export is
an image. The page makes no request at all (it is opened from ``file://``).
"""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Dataset
from tests.browser import MEASURE, Page, browser  # noqa: F401 (fixture)

from htkg.network.digraph import build_network
from htkg.output.explorer import render
from htkg.output.layout import first_view

pytestmark = pytest.mark.slow

ARTIFACTS = Path(__file__).parent / "artifacts"
FACTOR, MEASURE_CM = "kg:core-technology-dependence", "kg:cm-core-technology-rd"


@pytest.fixture(scope="module")
def net(reasoned: Dataset) -> nx.DiGraph:
    return build_network(reasoned)


@pytest.fixture(scope="module")
def url(net, reasoned: Dataset, tmp_path_factory) -> str:
    page = tmp_path_factory.mktemp("explorer") / "explorer.html"
    page.write_text(render(net, lang="en", dataset=reasoned), encoding="utf-8")
    return page.as_uri()


@pytest.fixture()
def tab(browser):  # noqa: F811
    opened = Page(browser)
    yield opened
    assert opened.requests == [], f"the page asked the network for {opened.requests}"
    assert opened.errors == [], opened.errors
    opened.close()


def _click_node(tab: Page, node: str) -> None:
    where = tab.js(f"() => network.canvasToDOM(network.getPosition({node!r}))")
    box = tab.page.locator("#mynetwork").bounding_box()
    tab.page.mouse.click(box["x"] + where["x"], box["y"] + where["y"])
    tab.page.wait_for_selector(f"#panel[data-id='{node}']", timeout=5000)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_first_view_reads_at_1400_by_900(tab: Page, url: str, net, lang: str) -> None:
    tab.open(f"{url}#lang={lang}")
    measured = tab.js(MEASURE)
    members, _via = first_view(net)
    assert measured["visible"] == len(members)
    assert measured["smallest"] >= 11, measured
    assert measured["overlaps"] == []
    assert measured["outside"] == []
    shown = set(tab.js("() => nodes.get({filter: n => !n.hidden}).map(n => n.cls)"))
    assert {"Event", "ConstraintFactor", "SubFactor", "Mechanism", "Finding",
            "Countermeasure"} <= shown  # fmt: skip
    tab.page.click("#view-all")  # the whole network, one click away
    assert tab.js(MEASURE)["visible"] == net.number_of_nodes()
    ARTIFACTS.mkdir(exist_ok=True)
    tab.page.click("#view-first")
    tab.page.screenshot(path=ARTIFACTS / f"explorer-first-view-{lang}.png")


def test_chinese_is_complete(tab: Page, url: str) -> None:
    tab.open(f"{url}#lang=zh")
    words = tab.js("""() => Array.from(document.querySelectorAll('[data-i18n], [data-cls]'))
        .map(el => el.textContent)""")
    assert words and all(re.search(r"[\u4e00-\u9fff]", w) for w in words), words
    _click_node(tab, FACTOR)
    panel = tab.page.inner_text("#panel")
    for zh in ("原文", "释义", "编者注", "文献", "制约因素", "展开上游"):
        assert zh in panel


def test_click_a_node_shows_its_quote_and_section(tab: Page, url: str, net) -> None:
    tab.open(url)
    _click_node(tab, FACTOR)
    panel = tab.page.inner_text("#panel")
    data = net.nodes[FACTOR]
    for text in (data["label_zh"], data["label_en"], data["quote"], "二（三）", data["gloss"]):
        assert text in panel
    assert "constraint factor" in panel and "article" in panel
    assert "#focus=kg%3Acore-technology-dependence" in tab.page.url


def test_an_edge_shows_every_documents_evidence(tab: Page, url: str) -> None:
    tab.open(url)
    edge = tab.js("""() => edges.get({filter: e =>
        (e.docs || []).indexOf('us-bis-2022-10-07') >= 0})[0]""")
    assert edge, "the BIS rule states links"
    tab.js("id => { state.view = 'all'; htkgApply(true); showDetails(id); }", edge["id"])
    panel = tab.page.inner_text("#panel")
    assert "us-bis-2022-10-07" in panel and "states" in panel
    assert edge["ev"][0]["quote"] in panel


def test_expand_and_collapse(tab: Page, url: str) -> None:
    tab.open(url)
    start, below = "kg:insufficient-enterprise-investment", "kg:limited-enterprise-rd-investment"
    assert tab.js(f"() => nodes.get({below!r}).hidden")
    _click_node(tab, start)
    tab.page.click("#expand-down")
    tab.page.wait_for_function("document.body.dataset.expanded !== undefined")
    assert not tab.js(f"() => nodes.get({below!r}).hidden")
    tab.page.click("#collapse")
    assert tab.js(f"() => nodes.get({below!r}).hidden")
    tab.page.click("#expand-up")
    assert int(tab.page.get_attribute("body", "data-expanded")) >= 1


def test_paths_from_a_constraint_to_a_countermeasure(tab: Page, url: str, net) -> None:
    tab.open(url)
    tab.page.select_option("#path-from", FACTOR)
    tab.page.select_option("#path-to", MEASURE_CM)
    tab.page.click("#bar button:has-text('show')")
    tab.page.wait_for_function("document.body.dataset.paths !== undefined")
    found = tab.js("() => lastPaths")
    assert found and int(tab.page.get_attribute("body", "data-paths")) == len(found)
    for path in found:
        assert path[-1]["to"] == MEASURE_CM
        hop_from = FACTOR
        for step in path:
            edge = tab.js(f"() => edges.get({step['edge']!r})")
            assert {edge["from"], edge["to"]} == {hop_from, step["to"]}
            hop_from = step["to"]
    quotes = tab.page.locator("#panel .path blockquote").count()
    assert quotes >= sum(len(p) for p in found) - sum(
        1 for p in found for s in p if tab.js(f"() => edges.get({s['edge']!r}).kind") == "part"
    )
    assert all(not tab.js(f"() => nodes.get({s['to']!r}).hidden") for p in found for s in p)


def _visible_links(tab: Page) -> list[dict]:
    return tab.js("""() => edges.get({filter: e => !e.hidden && (e.kind === 'causal'
        || e.kind === 'addresses')})""")


@pytest.mark.parametrize(
    ("select", "value", "check"),
    [
        ("#f-mode", "curatorReading", lambda e: e["mode"] == "curatorReading"),
        ("#f-mode", "authorStated", lambda e: e["mode"] == "authorStated"),
        ("#f-pol", "-", lambda e: e["sign"] == "-"),
        ("#f-doc", "us-bis-2022-10-07", lambda e: "us-bis-2022-10-07" in e["docs"]),
        ("#f-sec", "kg:article-s2-3",
         lambda e: any(v["sec"].startswith("kg:article-s2-3") for v in e["ev"])),
    ],
)  # fmt: skip
def test_each_filter_keeps_what_it_says(tab: Page, url: str, net, select, value, check) -> None:
    tab.open(f"{url}#view=all")
    every = tab.js("() => edges.get({filter: e => e.kind === 'causal' || e.kind === 'addresses'})")
    tab.page.select_option(select, value)
    shown = _visible_links(tab)
    assert shown and all(check(e) for e in shown)
    assert len(shown) == sum(1 for e in every if check(e))
    assert f"={value.replace(':', '%3A')}" in tab.page.url or value in tab.page.url


def test_class_filter(tab: Page, url: str) -> None:
    tab.open(url)
    tab.page.uncheck("#classes input[value='Mechanism']")
    assert tab.js("() => nodes.get({filter: n => !n.hidden && n.cls === 'Mechanism'}).length") == 0
    assert "hide=Mechanism" in tab.page.url


def test_url_state_round_trip(tab: Page, url: str, browser) -> None:  # noqa: F811
    tab.open(f"{url}#focus={FACTOR}&mode=authorStated&doc=article&view=all&lang=zh")
    assert tab.page.inner_text("#panel").count(tab.js(f"() => nodes.get({FACTOR!r}).quote")) >= 1
    state = tab.js("() => state")
    assert (state["focus"], state["mode"], state["doc"], state["view"], state["lang"]) == (
        FACTOR, "authorStated", "article", "all", "zh")  # fmt: skip
    tab.page.select_option("#f-pol", "+")
    again = Page(browser)
    try:
        again.open(tab.page.url)
        assert again.js("() => state") == tab.js("() => state")
        assert again.page.get_attribute("#panel", "data-id") == FACTOR
        assert again.js("() => edges.get({filter: e => !e.hidden}).length") == tab.js(
            "() => edges.get({filter: e => !e.hidden}).length")  # fmt: skip
    finally:
        assert again.requests == [] and again.errors == []
        again.close()


def test_png_export_is_an_image(tab: Page, url: str) -> None:
    tab.open(url)
    with tab.page.expect_download() as download:
        tab.page.click("#export-png")
    data = Path(download.value.path()).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000
