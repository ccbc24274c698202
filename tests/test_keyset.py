"""Keyset paging (``#+ page_by:``): pages equal LIMIT/OFFSET on the whole ordered answer.

Checked on the article (rdflib and Oxigraph) and on a generated corpus
(Oxigraph), with batches of one key value so that every page crosses batches,
and with the real batch sizes; a bad header is refused with its file and line.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from oxrdflib import OxigraphStore as OxrdflibStore
from rdflib import Dataset

from htkg.errors import InputError
from htkg.paths import ProjectPaths
from htkg.queries import keyset
from htkg.queries.catalogue import answer, discover, read_query, run
from htkg.reasoning.rules import materialise
from htkg.stores.index import rebuild_index
from htkg.stores.oxigraph import OxigraphStore

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = discover(ROOT / "queries")
KEYED = sorted(name for name, query in CATALOGUE.items() if query.page_by is not None)


def test_the_growing_answers_are_paged_by_key() -> None:
    assert {"cq01", "cq03", "cq06"} <= {name[:4] for name in KEYED}


@pytest.fixture(scope="module")
def on_oxigraph(reasoned: Dataset) -> Dataset:
    store = OxigraphStore()
    store.replace(reasoned)
    return Dataset(store=OxrdflibStore(store=store._store))  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def corpus() -> Dataset:
    """A generated corpus of some twenty documents, reasoned and indexed, on Oxigraph."""
    from benchmarks.generate import corpus as generate

    store = OxigraphStore()
    data = b"".join(generate(15_000, seed=4, paths=ProjectPaths(ROOT)))
    store.replace_with(lambda fresh: fresh.bulk_load(data, trusted=True))
    materialise(store, check=False)
    rebuild_index(store)
    return Dataset(store=OxrdflibStore(store=store._store))  # type: ignore[attr-defined]


@pytest.fixture(params=["rdflib", "oxigraph", "corpus"])
def dataset(request, reasoned: Dataset, on_oxigraph: Dataset, corpus: Dataset) -> Dataset:
    return {"rdflib": reasoned, "oxigraph": on_oxigraph, "corpus": corpus}[request.param]


def _offsets(size: int, total: int) -> list[int]:
    """The first pages and the last two (every page would take minutes at size 1)."""
    offsets = list(range(0, total, size))
    return sorted(set(offsets[:6] + offsets[-2:]))


@pytest.mark.parametrize("name", KEYED)
@pytest.mark.parametrize("first", [1, keyset.FIRST_BATCH])
def test_pages_equal_slices_of_the_whole_answer(
    name: str, first: int, dataset: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(keyset, "FIRST_BATCH", first)
    batches: list[str] = []
    original = keyset.restricted
    monkeypatch.setattr(keyset, "restricted", lambda *a: batches.append("") or original(*a))
    whole = run(dataset, CATALOGUE[name]).rows
    assert whole, f"{name}: no rows to page"
    for size in (1, 7, 100):
        for offset in _offsets(size, len(whole)):
            page = run(dataset, CATALOGUE[name], {}, size, offset).rows
            assert page == whole[offset : offset + size], (name, size, offset)
    assert batches, "the pager was not used"
    assert run(dataset, CATALOGUE[name], {}, 3, len(whole)).rows == []
    assert run(dataset, CATALOGUE[name], {}, 0).rows == []
    assert run(dataset, CATALOGUE[name], {}, None, 2).rows == whole[2:]


def test_a_page_streams_batch_by_batch(corpus: Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the first batch runs before the first row is read."""
    monkeypatch.setattr(keyset, "FIRST_BATCH", 1)
    batches: list[str] = []
    original = keyset.restricted
    monkeypatch.setattr(keyset, "restricted", lambda *a: batches.append("") or original(*a))
    result = answer(corpus, CATALOGUE[KEYED[0]], {}, limit=50)
    assert len(batches) == 1
    rows = list(result.rows)
    assert len(rows) == 50 and len(batches) > 1


def test_keys_missing_from_the_pattern_lose_rows(on_oxigraph: Dataset) -> None:
    """What the header promises matters: a pattern that lists too few keys pages less."""
    name = next(n for n in KEYED if n.startswith("cq03"))
    query = CATALOGUE[name]
    narrow = keyset.PageBy(query.page_by.variable, "{ VALUES ?countermeasure { kg:none } }")
    from dataclasses import replace

    assert run(on_oxigraph, replace(query, page_by=narrow), {}, 5).rows == []
    assert run(on_oxigraph, query, {}, 5).rows


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("factor { ?factor a htkg:ConstraintFactor }", "bad page_by header"),
        ("?factor ?factor a htkg:ConstraintFactor", "bad page_by header"),
        ("?factor { ?f a htkg:ConstraintFactor }", "does not bind ?factor"),
        ("?label { ?label a htkg:ConstraintFactor }", "ordered by ?label first"),
    ],
)
def test_a_bad_header_names_the_file_and_line(tmp_path: Path, header: str, message: str) -> None:
    path = tmp_path / "cq99_x.rq"
    path.write_text(
        f"#+ summary: x\n#+ page_by: {header}\nPREFIX htkg: <https://w3id.org/htkg/ontology#>\n"
        "SELECT ?factor ?label WHERE { ?factor a htkg:ConstraintFactor } ORDER BY ?factor\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=re.escape(message)) as err:
        read_query(path)
    assert f"{path}:2:" in str(err.value)


def test_a_query_with_its_own_limit_cannot_be_paged_by_key(tmp_path: Path) -> None:
    path = tmp_path / "cq99_x.rq"
    path.write_text(
        "#+ page_by: ?f { ?f a <x:C> }\nSELECT ?f WHERE { ?f a <x:C> } ORDER BY ?f LIMIT 5\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="LIMIT/OFFSET"):
        read_query(path)


def test_descending_or_later_keys_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "cq99_x.rq"
    for order in ("DESC(?f)", "?g ?f"):
        path.write_text(
            "#+ page_by: ?f { ?f a <x:C> }\n"
            f"SELECT ?f ?g WHERE {{ ?f a <x:C> ; <x:p> ?g }} ORDER BY {order}\n",
            encoding="utf-8",
        )
        with pytest.raises(InputError, match=re.escape("ordered by ?f first")):
            read_query(path)


def test_values_go_where_the_query_marks_them() -> None:
    query = CATALOGUE[next(n for n in KEYED if n.startswith("cq01"))]
    from rdflib import URIRef

    text = keyset.restricted(query.text, query.page_by, [URIRef("x:a"), URIRef("x:b")])
    assert text.count("VALUES ?factor { <x:a> <x:b> }") == query.text.count(keyset.MARKER) >= 2
    plain = "SELECT ?f WHERE { ?f a <x:C> } ORDER BY ?f"
    assert keyset.restricted(plain, keyset.PageBy("f", "{}"), [URIRef("x:a")]) == (
        "SELECT ?f WHERE { VALUES ?f { <x:a> }\n ?f a <x:C> } ORDER BY ?f"
    )


def test_query_df_gives_the_same_pages(on_oxigraph: Dataset) -> None:
    import htkg

    name = next(n for n in KEYED if n.startswith("cq03"))
    whole = htkg.query_df(name, dataset=on_oxigraph, labels=False)
    page = htkg.query_df(name, dataset=on_oxigraph, labels=False, limit=5, offset=3)
    assert page.reset_index(drop=True).equals(whole.iloc[3:8].reset_index(drop=True))
