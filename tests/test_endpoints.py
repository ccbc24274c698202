"""Every store answers alike: the competency questions, ``htkg trace`` and the rules.

On an Oxigraph server and Virtuoso (started by ``tests/servers.py``) and on the
on-disk Oxigraph store: the competency questions give the golden answers of
``tests/expected/queries``, ``htkg trace`` gives the same paths as on the memory
store, and the rules run by the server reach owlrl's inferences.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Dataset
from tests.golden import ARTICLE_CQS, EXPECTED, answers, booleans_as_integers, golden
from tests.servers import SERVERS, rdf_graphs

from htkg.network.trace import trace
from htkg.output.tables import Labeller
from htkg.output.trace_json import trace_json
from htkg.paths import ProjectPaths
from htkg.pipeline.sources import load_asserted
from htkg.rdf.namespaces import INFERRED_GRAPH
from htkg.reasoning.rules import in_scope, materialise
from htkg.stores import open_store
from htkg.stores.oxigraph import OxigraphStore
from htkg.stores.remote import SparqlStore
from htkg.workflow import open_dataset

# ------------------------------------------------------------------ the tests --


@pytest.fixture(scope="module")
def published(reasoned: Dataset, request: pytest.FixtureRequest) -> dict[str, str]:
    """The reasoned build published to each server (once per module)."""
    urls = {}
    for server in SERVERS:
        try:
            url = request.getfixturevalue(server.replace("-", "_"))
        except pytest.skip.Exception:
            continue
        counts = SparqlStore(url).publish(rdf_graphs(reasoned))
        assert counts[str(INFERRED_GRAPH)] > 2000
        urls[server] = url
    return urls


@pytest.mark.parametrize("server", SERVERS)
def test_competency_questions_give_the_golden_answers(
    server: str, published: dict[str, str]
) -> None:
    if server not in published:
        pytest.skip(f"{server} not available")
    store = open_store(f"sparql:{published[server]}")
    for name in ARTICLE_CQS:
        if not (EXPECTED / f"{name}.csv").exists():
            continue
        got, expected = answers(store, name), golden(name)
        if server == "virtuoso":
            got, expected = booleans_as_integers(got), booleans_as_integers(expected)
        assert got == expected, f"{name} on {server}"


def test_competency_questions_on_the_oxigraph_store(reasoned: Dataset, tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "s")
    store.replace(reasoned)
    checked = 0
    for name in ARTICLE_CQS:
        if (EXPECTED / f"{name}.csv").exists():
            assert answers(store, name) == golden(name), name
            checked += 1
    assert checked >= 22


@pytest.mark.parametrize("server", SERVERS)
def test_trace_is_the_same_on_every_store(
    server: str, published: dict[str, str], reasoned: Dataset, tmp_path: Path
) -> None:
    if server not in published:
        pytest.skip(f"{server} not available")
    OxigraphStore(tmp_path / "s").replace(reasoned)
    stores = {
        "memory": reasoned,
        "oxigraph": open_dataset(f"oxigraph:{tmp_path / 's'}"),
        server: open_dataset(f"sparql:{published[server]}"),
    }
    outputs = {}
    for label, dataset in stores.items():
        for term in ("kg:insufficient-enterprise-investment", "kg:core-technology-dependence"):
            result, net = trace(dataset, term)
            text = json.dumps(trace_json(result, net, Labeller(dataset, "zh")), sort_keys=True)
            outputs.setdefault(term, {})[label] = text
    for term, texts in outputs.items():
        assert len(set(texts.values())) == 1, f"trace {term} differs: {sorted(texts)}"
        assert "countermeasures" in texts["memory"]


def test_rules_run_by_the_server_reach_owlrls_inferences(
    endpoint: str, paths: ProjectPaths, owlrl_reasoned: Dataset
) -> None:
    """The same SPARQL updates, run by the server to a fixed point (runs last: it
    replaces the published inferred graph with the rules' own)."""
    store = SparqlStore(endpoint)
    store.publish(rdf_graphs(load_asserted(paths.ontology, paths.data)))
    result = materialise(store)
    assert result.errors == []
    query = f"SELECT ?s ?p ?o WHERE {{ GRAPH <{INFERRED_GRAPH}> {{ ?s ?p ?o }} }}"
    ours = {t for t in store.query(query).rows if in_scope(t)}
    owlrl = {t for t in owlrl_reasoned.graph(INFERRED_GRAPH) if in_scope(t)}
    assert ours == owlrl
