"""The data checks ``queries/checks/*-violation.rq`` as the build runs them.

In memory and through a store's own SPARQL: a planted fault is named in one
line (check file, how many rows, the first row); a store that fails the checks
is left as it was (Oxigraph) or says that it now holds the build (the others).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from rdflib import Dataset, Literal

from htkg.errors import InputError, StoreError, ValidationFailed
from htkg.paths import ProjectPaths
from htkg.pipeline.beside import validation_beside
from htkg.pipeline.checks import (
    Check,
    Finding,
    check_dataset,
    check_store,
    load_checked,
    read_checks,
    require_none,
)
from htkg.pipeline.sources import load_asserted
from htkg.rdf.namespaces import GRAPH, HTKG, KG, document_graph
from htkg.reasoning import reason
from htkg.stores.oxigraph import OxigraphStore
from htkg.stores.remote import SparqlStore

SCRATCH = GRAPH["test-checks-scratch"]


@pytest.fixture(scope="module")
def checks(paths: ProjectPaths) -> list[Check]:
    return read_checks(paths.queries)


@contextmanager
def period_ending_before_it_starts(dataset: Dataset) -> Iterator[Dataset]:
    """``dataset`` with one period that ends before it starts, in a graph removed afterwards."""
    scratch = dataset.graph(SCRATCH)
    scratch.add((KG["years-2015-2017"], HTKG.endYear, Literal(2014)))
    try:
        yield dataset
    finally:
        dataset.remove_graph(scratch)


def _period_check(checks: list[Check]) -> Check:
    return next(c for c in checks if c.name == "period-order-violation")


FIRST_ROW = 'first: ?period=kg:years-2015-2017 ?problem="ends before it starts"'


def test_every_check_file_is_read_with_its_summary(checks: list[Check], paths: ProjectPaths):
    files = sorted((paths.queries / "checks").glob("*-violation.rq"))
    assert [c.path for c in checks] == files and len(files) >= 4
    assert _period_check(checks).summary.startswith("a period does not end before it starts")


def test_no_checks_folder_means_no_checks(tmp_path: Path) -> None:
    assert read_checks(tmp_path) == []


def test_the_build_passes_every_check(reasoned: Dataset, checks: list[Check]) -> None:
    findings = check_dataset(reasoned, checks)
    assert [f.check.name for f in findings] == [c.name for c in checks]
    assert all(f.rows == [] for f in findings)
    require_none(findings, "in the built data")  # raises nothing


def test_a_fault_is_named_in_one_line(reasoned: Dataset, checks: list[Check]) -> None:
    with period_ending_before_it_starts(reasoned), pytest.raises(ValidationFailed) as raised:
        require_none(check_dataset(reasoned, checks), "in the built data")
    period = _period_check(checks).path
    assert str(raised.value) == f"{period}: 1 violation(s) in the built data; {FIRST_ROW}"


def test_one_line_names_the_other_failing_checks_too(checks: list[Check]) -> None:
    row = (KG["x"], Literal("why"))
    counts = [0, 2, 0, 1]
    findings = [
        Finding(c, ["thing", "problem"], [row] * n) for c, n in zip(checks, counts, strict=True)
    ]
    with pytest.raises(ValidationFailed) as raised:
        require_none(findings, "on somewhere")
    assert str(raised.value) == (
        f'{checks[1].path}: 2 violation(s) on somewhere; first: ?thing=kg:x ?problem="why" '
        f"(also failing: {checks[3].name})"
    )


def test_a_bad_check_query_is_an_input_error(reasoned: Dataset, tmp_path: Path) -> None:
    folder = tmp_path / "checks"
    folder.mkdir()
    (folder / "broken-violation.rq").write_text("#+ summary: x\nSELECT ?x WHERE { ?x ?y }\n")
    with pytest.raises(InputError, match=r"broken-violation\.rq:2:\d+: SPARQL syntax error"):
        check_dataset(reasoned, read_checks(tmp_path))
    (folder / "broken-violation.rq").write_text("ASK { ?x ?y ?z }\n")
    with pytest.raises(InputError, match="a check must be a SELECT"):
        check_dataset(reasoned, read_checks(tmp_path))


def test_a_failing_oxigraph_store_is_left_as_it_was(
    reasoned: Dataset, checks: list[Check], tmp_path: Path
) -> None:
    """The checks run on the freshly loaded copy, before it is made the active one."""
    store = OxigraphStore(tmp_path / "s")
    load_checked(store, reasoned, checks)
    before = store.count()
    with period_ending_before_it_starts(reasoned), pytest.raises(ValidationFailed) as raised:
        load_checked(store, reasoned, checks)
    period = _period_check(checks).path
    assert str(raised.value) == (
        f"{period}: 1 violation(s) on {store.spec} (the store was left as it was); {FIRST_ROW}"
    )
    assert store.count() == before and SCRATCH not in store.graphs()
    store.close()


def test_an_endpoint_says_it_holds_the_failing_build(
    reasoned: Dataset, checks: list[Check], oxigraph_server: str
) -> None:
    """An endpoint's graphs are checked once they are in place (the checks query the
    union of all graphs, staged ones included, so they cannot run before)."""
    store = SparqlStore(oxigraph_server)
    load_checked(store, reasoned, checks)
    held = rf"on {store.spec} \(the store now holds this build\)"
    with period_ending_before_it_starts(reasoned), pytest.raises(ValidationFailed, match=held):
        load_checked(store, reasoned, checks)
    assert SCRATCH in store.graphs()


def test_a_store_whose_default_graph_is_empty_cannot_pass_unseen(checks: list[Check]) -> None:
    with pytest.raises(StoreError, match="default graph is empty"):
        check_store(OxigraphStore(), checks)


def test_the_worker_checks_the_data_as_this_process_changed_it(
    paths: ProjectPaths, checks: list[Check]
) -> None:
    """The validation worker got the asserted data when it started; what reasoning
    and the derive steps did since (new graphs, edits of any size) reaches it."""
    dataset = load_asserted(paths.ontology, paths.data)
    article = dataset.graph(document_graph("article"))
    with validation_beside(dataset, paths.shapes, checks) as beside:
        reason(dataset)
        # an edit that keeps the graph's size, and a graph of its own
        article.remove((KG["years-2015-2017"], HTKG.endYear, Literal(2017)))
        article.add((KG["years-2015-2017"], HTKG.endYear, Literal(2014)))
        dataset.graph(SCRATCH).add((KG["years-2018-2020"], HTKG.endYear, Literal(2017)))
        found = {f.check.name: len(f.rows) for f in beside.checks(dataset).result()}
        assert beside.shapes.result().conforms
    assert found == {c.name: 2 if c.name == "period-order-violation" else 0 for c in checks}
