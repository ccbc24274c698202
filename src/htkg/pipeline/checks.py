"""Data checks: the queries ``queries/checks/*-violation.rq``, which must return no rows.

The shapes state what each asserted node must carry; some obligations span
the reasoned data (``htkg:influences`` is the chain of direct links) or the
audit graph derived after reasoning, so they are SPARQL queries whose rows are
the violations. The build runs them after reasoning with the default graph as
the union of every graph (as the competency questions run): on the dataset in
memory, and again through the SPARQL of the store it loads with ``--store``,
so a store that answers differently is caught too.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from rdflib import Dataset, Graph
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import ResultRow
from rdflib.term import Node

from htkg.errors import InputError, StoreError, ValidationFailed, one_line
from htkg.pipeline.headers import header_lines, prepare_sparql
from htkg.rdf.graphs import union_default_graph
from htkg.rdf.namespaces import bind_prefixes
from htkg.stores.base import Store, nquads

#: where the checks live, under the project's queries directory
CHECKS_DIR = "checks"
PATTERN = "*-violation.rq"


@dataclass(frozen=True)
class Check:
    """One check query: its file, what its header says it states, its SPARQL."""

    path: Path
    summary: str
    text: str

    @property
    def name(self) -> str:
        return self.path.stem


@dataclass(frozen=True)
class Finding:
    """What one check returned: its rows are violations."""

    check: Check
    columns: list[str]
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)


def read_checks(queries: Path) -> list[Check]:
    """Every ``checks/*-violation.rq`` under ``queries``, by name (none without that folder)."""
    checks = []
    for path in sorted((queries / CHECKS_DIR).glob(PATTERN)):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise InputError(f"{path}: cannot read check query: {one_line(err)}") from None
        header = {key: value for _line, key, value in header_lines(text)}
        checks.append(Check(path, header.get("summary", ""), text))
    return checks


def compile_checks(checks: Sequence[Check]) -> None:
    """Parse every check now (a syntax error is one line naming the file), for later runs.

    Parsing is most of a check's cost in rdflib; the build parses them in the
    validation worker while this process is still reasoning.
    """
    for check in checks:
        _compiled(check.text, str(check.path))


@functools.lru_cache(maxsize=64)
def _compiled(text: str, where: str) -> Query:
    return prepare_sparql(text, where)


def check_dataset(dataset: Dataset, checks: Sequence[Check]) -> list[Finding]:
    """Run each check on ``dataset``, its default graph the union of its graphs."""
    findings = []
    with union_default_graph(dataset):
        for check in checks:
            query = _compiled(check.text, str(check.path))
            try:
                result = dataset.query(query)
                rows: list[tuple[Node | None, ...]] | None = None
                if result.type == "SELECT":
                    rows = [tuple(cast(ResultRow, row)) for row in result]
            except Exception as err:  # rdflib's evaluator raises bare errors on some queries
                raise InputError(f"{check.path}: check query failed: {one_line(err)}") from None
            if rows is None:
                raise InputError(f"{check.path}: a check must be a SELECT (its rows: violations)")
            findings.append(Finding(check, [str(v) for v in result.vars or []], rows))
    return findings


def check_store(store: Store, checks: Sequence[Check], where: str = "") -> list[Finding]:
    """Run each check through ``store``'s own SPARQL, its default graph the union of its graphs.

    ``where`` is added to the error raised when the store's default graph is
    empty (a server not set up as the docs say): the checks would pass unseen.
    """
    if checks and not store.query("SELECT ?s WHERE { ?s ?p ?o } LIMIT 1", union=True).rows:
        raise StoreError(
            f"{store.spec}: its default graph is empty, so the checks in queries/checks "
            "cannot run there; let it be the union of the named graphs "
            f"(oxigraph serve --union-default-graph){where}"
        )
    findings = []
    for check in checks:
        try:
            result = store.query(check.text, union=True)
        except InputError as err:
            raise InputError(f"{check.path}: on {store.spec}: {err}") from None
        findings.append(Finding(check, result.vars, list(result.rows)))
    return findings


def require_none(findings: Sequence[Finding], where: str) -> None:
    """Fail the build, in one line, on the first check that returned rows.

    ``where`` says on what the checks ran (``in the built data``, ``on oxigraph:PATH``).
    """
    failing = [finding for finding in findings if finding.rows]
    if not failing:
        return
    first = failing[0]
    also = f" (also failing: {', '.join(f.check.name for f in failing[1:])})" if failing[1:] else ""
    raise ValidationFailed(
        f"{first.check.path}: {len(first.rows)} violation(s) {where}; "
        f"first: {describe_row(first.columns, first.rows[0])}{also}"
    )


def describe_row(columns: Sequence[str], row: Sequence[Node | None]) -> str:
    """``?period=kg:year-2018 ?problem="ends before it starts"``: a row, short and readable."""
    names = bind_prefixes(Graph()).namespace_manager
    return " ".join(
        f"?{column}={term.n3(names)}"
        for column, term in zip(columns, row, strict=False)
        if term is not None
    )


def load_checked(store: Store, dataset: Dataset, checks: Sequence[Check]) -> None:
    """Replace ``store``'s content by ``dataset``, then run the checks through its SPARQL.

    An Oxigraph store is checked on the fresh copy before it is made active, so
    a failure leaves the store as it was. Other stores are loaded first (their
    own all-or-nothing replace) and then checked; a failure says that the store
    now holds the failing build.
    """
    from htkg.stores.oxigraph import OxigraphStore  # pyoxigraph only when a store is loaded

    where = f"on {store.spec}"
    if isinstance(store, OxigraphStore):
        data = nquads(dataset)
        kept = " (the store was left as it was)"

        def fill(fresh: OxigraphStore) -> None:
            fresh.bulk_load(data)
            require_none(check_store(fresh, checks, kept), where + kept)

        store.replace_with(fill)
        return
    store.replace(dataset)
    loaded = " (the store now holds this build)"
    require_none(check_store(store, checks, loaded), where + loaded)
