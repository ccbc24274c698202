"""Paged answers (``--limit``/``--offset``) on rdflib and Oxigraph, and streamed CSV."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from oxrdflib import OxigraphStore as OxrdflibStore
from rdflib import Dataset

from htkg.cli.main import main
from htkg.cli.query import write_csv
from htkg.errors import ExitCode, InputError
from htkg.output.tables import Labeller, render
from htkg.queries.catalogue import adhoc_query, answer, discover, run
from htkg.queries.paging import Page
from htkg.stores.oxigraph import OxigraphStore

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = discover(ROOT / "queries")
#: questions with long, ordered answers (and one whose ORDER BY has many ties)
PAGED = ["cq01", "cq03", "cq07", "cq19", "cq23"]


def _named(prefix: str):
    return next(q for n, q in CATALOGUE.items() if n.startswith(prefix + "_"))


@pytest.fixture(scope="module")
def on_oxigraph(reasoned: Dataset) -> Dataset:
    """The built article in an in-memory Oxigraph store, seen as an rdflib Dataset."""
    store = OxigraphStore()
    store.replace(reasoned)
    return Dataset(store=OxrdflibStore(store=store._store))  # type: ignore[attr-defined]


@pytest.fixture(params=["rdflib", "oxigraph"])
def dataset(request: pytest.FixtureRequest, reasoned: Dataset, on_oxigraph: Dataset) -> Dataset:
    return reasoned if request.param == "rdflib" else on_oxigraph


@pytest.mark.parametrize("prefix", PAGED)
def test_pages_concatenate_to_the_whole_answer(prefix: str, dataset: Dataset) -> None:
    query = _named(prefix)
    whole = run(dataset, query).rows
    assert len(whole) >= 10, "pick a question with a longer answer"
    for size in (7, len(whole)):
        pages = [run(dataset, query, limit=size, offset=k).rows for k in range(0, len(whole), size)]
        assert all(len(p) == size for p in pages[:-1])
        assert [row for page in pages for row in page] == whole
    assert run(dataset, query, limit=5, offset=len(whole)).rows == []
    assert run(dataset, query, limit=0).rows == []
    assert run(dataset, query, offset=3).rows == whole[3:]


def test_pages_follow_order_by(dataset: Dataset) -> None:
    """cq01 orders by factor: every page's factors come after the previous page's."""
    query = _named("cq01")
    pages = [run(dataset, query, limit=4, offset=k).rows for k in range(0, 40, 4)]
    factors = [str(row[0]) for page in pages for row in page]
    assert factors == sorted(factors)


def test_a_query_with_its_own_limit_is_paged_within_it(dataset: Dataset) -> None:
    query = adhoc_query(
        "SELECT ?s WHERE { ?s a htkg:ConstraintFactor } ORDER BY ?s LIMIT 6 VALUES ?unused { 1 }"
    )
    whole = run(dataset, query).rows
    assert len(whole) == 6
    assert run(dataset, query, limit=2, offset=1).rows == whole[1:3]
    assert run(dataset, query, limit=10, offset=4).rows == whole[4:]


def test_a_negative_page_is_refused() -> None:
    with pytest.raises(InputError, match="--limit"):
        Page(-1)
    with pytest.raises(InputError, match="--offset"):
        Page(None, -2)


def test_oxigraph_rows_are_read_as_consumed(on_oxigraph: Dataset) -> None:
    """The Oxigraph answer is an iterator over the engine's solutions, not a list."""
    result = answer(on_oxigraph, _named("cq01"))
    first = next(result.rows)
    assert first == run(on_oxigraph, _named("cq01"), limit=1).rows[0]
    assert not isinstance(result.rows, list)


def test_streamed_csv_equals_the_rendered_table(
    dataset: Dataset, capsys: pytest.CaptureFixture[str]
) -> None:
    query = _named("cq03")
    labeller = Labeller(dataset, "en")
    whole = render(run(dataset, query, {"lang": "en"}), labeller, "csv")
    write_csv(answer(dataset, query, {"lang": "en"}), labeller, batch=4)
    assert capsys.readouterr().out == whole
    write_csv(answer(dataset, query, {"lang": "en"}, limit=0), labeller, batch=4)
    assert capsys.readouterr().out == whole.split("\n", 1)[0] + "\n"  # the header alone


def test_cli_limit_and_offset(
    paths, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(paths.root)
    assert main(["query", "cq01", "--format", "csv"]) == 0
    whole = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert main(["query", "cq01", "--format", "csv", "--limit", "5", "--offset", "3"]) == 0
    page = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert page[0] == whole[0] and page[1:] == whole[4:9]
    assert main(["query", "cq01", "--limit", "2"]) == 0
    assert capsys.readouterr().out.endswith("(2 rows)\n")
    assert main(["query", "cq01", "--limit", "-1"]) == ExitCode.INPUT
    assert "--limit -1" in capsys.readouterr().err
