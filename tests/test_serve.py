"""``htkg serve`` on an Oxigraph store holding a generated corpus: the explorer at ``/``,
its JSON endpoints answered by SPARQL, ``/query``, ``/queries``, ``/id/<name>``.

A real server (``htkg serve --store oxigraph:PATH`` in a subprocess, with the
Oxigraph server binary behind it) on a small corpus of the benchmark's
generator: the article plus synthetic documents. The speed on the 1M-triple
corpus is measured by the benchmark (``benchmarks/run.py``), not asserted here.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from urllib.parse import quote, unquote

import pytest
from rdflib import Graph
from tests.browser import Page, browser  # noqa: F401 (fixture)

from htkg.reasoning.rules import materialise
from htkg.stores.oxigraph import OxigraphStore

pytestmark = pytest.mark.slow

FACTOR, MEASURE = "kg:core-technology-dependence", "kg:cm-core-technology-rd"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Iterator[str]:
    from benchmarks.generate import write_corpus

    where = tmp_path_factory.mktemp("served")
    corpus = where / "corpus.nq"
    write_corpus(corpus, 20_000, seed=5)
    store = OxigraphStore(where / "store")
    store.replace_with(lambda fresh: fresh.bulk_load(corpus, trusted=True))
    materialise(store, check=False)
    store.close()
    port = _free_port()
    command = [sys.executable, "-m", "htkg.cli.main", "serve", "--store",
               f"oxigraph:{where / 'store'}", "--port", str(port)]  # fmt: skip
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True,
                              env=dict(os.environ, PYTHONUNBUFFERED="1"))  # fmt: skip
    try:
        assert server.stdout is not None
        assert "/query" in server.stdout.readline()  # the SPARQL endpoint first, as before
        line = server.stdout.readline()
        assert line.startswith("explorer: http://127.0.0.1:"), line
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(url + "/", timeout=2).read()
                break
            except OSError:
                time.sleep(0.1)
        yield url
    finally:
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=20) == 0


def _get(url: str, accept: str = "*/*") -> tuple[str, bytes]:
    request = urllib.request.Request(url, headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=30) as reply:
        return reply.headers.get("Content-Type", ""), reply.read()


def _json(url: str) -> dict:
    return json.loads(_get(url)[1])


def _sparql(base: str, query: str) -> list[dict]:
    kind, body = _get(f"{base}/query?query={quote(query)}", "application/sparql-results+json")
    assert "sparql-results+json" in kind
    return json.loads(body)["results"]["bindings"]


def test_the_page_is_the_explorer_without_data(base: str) -> None:
    kind, body = _get(base + "/", "text/html")
    page = body.decode("utf-8")
    assert kind.startswith("text/html") and 'data-mode="served"' in page
    assert "new vis.Network" in page and "<script src" not in page
    assert "syn-doc-0" in page  # the documents filter lists the corpus's documents


def test_view_search_expand_details(base: str) -> None:
    view = _json(base + "/api/view")
    shown = [n for n in view["nodes"] if n["inView"]]
    assert shown and all(n["vx"] is not None for n in shown)
    assert FACTOR in {n["id"] for n in shown}  # a small corpus opens on the article's view
    hits = _json(base + "/api/search?q=" + quote("核心技术"))
    assert FACTOR in {n["id"] for n in hits["nodes"]}
    down = _json(f"{base}/api/expand?id={quote(FACTOR)}&dir=down")
    effects = {e["to"] for e in down["edges"] if e["from"] == FACTOR and e["kind"] == "causal"}
    stated = _sparql(base, "PREFIX htkg: <https://w3id.org/htkg/ontology#> SELECT DISTINCT ?e "
                     "WHERE { ?l htkg:cause <https://w3id.org/htkg/id/core-technology-dependence> ;"
                     " htkg:effect ?e }")  # fmt: skip
    assert len(effects) == len(stated) > 0
    node = _json(f"{base}/api/details?id={quote(FACTOR)}")
    (mine,) = [n for n in node["nodes"] if n["id"] == FACTOR]
    assert mine["quote"] and mine["secNo"] == "二（三）" and mine["note"]
    assert all(e["ev"] and e["ev"][0]["quote"] for e in node["edges"] if e["kind"] == "causal")


def test_paths_from_a_constraint_to_a_countermeasure(base: str) -> None:
    found = _json(f"{base}/api/paths?from={quote(FACTOR)}&to={quote(MEASURE)}")
    edges = {e["id"]: e for e in found["edges"]}
    assert found["paths"]
    for path in found["paths"]:
        here = FACTOR
        for hop in path:
            assert {edges[hop["edge"]]["from"], edges[hop["edge"]]["to"]} == {here, hop["to"]}
            here = hop["to"]
        assert here == MEASURE


def test_bad_requests_say_so(base: str) -> None:
    with pytest.raises(urllib.error.HTTPError) as error:
        _get(f"{base}/api/expand?id={quote(FACTOR)}&dir=sideways")
    assert error.value.code == 400
    with pytest.raises(urllib.error.HTTPError) as missing:
        _get(f"{base}/id/no-such-entity-here", "text/turtle")
    assert missing.value.code == 404


def test_query_and_queries(base: str) -> None:
    rows = _sparql(base, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert int(rows[0]["n"]["value"]) > 20_000  # the union default graph
    page = _get(base + "/queries", "text/html")[1].decode("utf-8")
    listed = re.findall(r'href="/sparql-ui/#query=[^"&]+&amp;endpoint=([^"]+)"', page)
    assert len(listed) >= 20 and {unquote(e) for e in listed} == {base + "/query"}
    assert "每个制约因素由哪些对策应对" in page and "For each constraint factor" in page
    assert b"Yasgui" in _get(base + "/sparql-ui/", "text/html")[1]


def test_entities_are_dereferenceable(base: str) -> None:
    kind, turtle = _get(base + "/id/core-technology-dependence", "text/turtle")
    assert kind.startswith("text/turtle")
    triples = Graph().parse(data=turtle, format="turtle")
    kind, jsonld = _get(base + "/id/core-technology-dependence", "application/ld+json")
    assert kind.startswith("application/ld+json")
    assert len(Graph().parse(data=jsonld, format="json-ld")) == len(triples) > 5
    kind, page = _get(base + "/id/core-technology-dependence", "text/html,*/*")
    assert kind.startswith("text/html") and b"#focus=kg:core-technology-dependence" in page


def test_served_page_in_a_browser(base: str, browser) -> None:  # noqa: F811
    tab = Page(browser, block_network=False)
    asked: list[str] = []
    tab.page.on("request", lambda r: asked.append(r.url))
    try:
        tab.open(f"{base}/#focus={FACTOR}")
        assert FACTOR in tab.page.inner_text("#panel") or tab.page.get_attribute(
            "#panel", "data-id") == FACTOR  # fmt: skip
        assert tab.js(f"() => nodes.get({FACTOR!r}).quote") in tab.page.inner_text("#panel")
        tab.page.click("#expand-down")
        tab.page.wait_for_function("document.body.dataset.expanded !== undefined")
        tab.js("() => htkgSearch('核心技术')")
        tab.page.wait_for_function("document.body.dataset.searchHits !== undefined")
        assert int(tab.page.get_attribute("body", "data-search-hits")) >= 1
        tab.js(f"() => htkgPaths({FACTOR!r}, {MEASURE!r})")
        tab.page.wait_for_function("document.body.dataset.paths !== undefined")
        assert int(tab.page.get_attribute("body", "data-paths")) >= 1
        assert tab.errors == []
        assert all(u.startswith(base) for u in asked), asked
    finally:
        tab.close()
