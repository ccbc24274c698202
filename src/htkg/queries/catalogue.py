"""The competency-question catalogue: find ``queries/cq*.rq``, read headers, bind, run.

Each query file starts with a header of ``#+ key: value`` comment lines (the grlc
convention), which ``htkg query --list`` turns into the catalogue::

    #+ question_zh: 哪些制约因素没有对策应对？
    #+ question_en: Which constraint factors does no countermeasure address?
    #+ summary: gaps: constraints without a countermeasure
    #+ tags: gap, constraint, countermeasure
    #+ param: lang — label language (literal, default "en")

A parameter is bound as an RDF term through rdflib's ``initBindings`` (and
Oxigraph's ``substitutions``), never pasted into the query text, so a value
cannot change the query's structure. Queries run with the default graph as the
union of every named graph (ontology, documents, inferred, audit).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Dataset, Literal, Variable
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result
from rdflib.term import Node

from htkg.errors import HtkgError, InputError, one_line
from htkg.pipeline.headers import header_lines, prepare_sparql
from htkg.queries.keyset import PageBy, keyset_page, parse_page_by
from htkg.queries.paging import Page, paged_algebra
from htkg.rdf.graphs import union_default_graph
from htkg.rdf.labels import LANGUAGES
from htkg.rdf.namespaces import sparql_prologue
from htkg.rdf.terms import expand_iri, resolve
from htkg.stores.base import prebind
from htkg.stores.convert import from_oxigraph, to_oxigraph

PARAM_TYPES = ("IRI", "literal", "number")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_]\w*)\s+[—–-]+\s+(?P<desc>.*?)\s*"
    r"\((?P<type>IRI|literal|number)(?:\s*,\s*default\s+(?P<default>.+?))?\)\s*$"
)


@dataclass(frozen=True)
class Param:
    """One declared parameter: name, description, type and optional default."""

    name: str
    description: str
    type: str
    default: str | None = None


@dataclass(frozen=True)
class QueryFile:
    """A query and what its header says about it."""

    name: str
    path: Path | None
    text: str
    question_zh: str = ""
    question_en: str = ""
    summary: str = ""
    tags: tuple[str, ...] = ()
    params: tuple[Param, ...] = ()
    #: how to page the answer a batch of leading-key values at a time (see htkg.queries.keyset)
    page_by: PageBy | None = None

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


@dataclass
class ResultTable:
    """Rows of a SELECT (or ASK/CONSTRUCT, made tabular), in query order."""

    columns: list[str]
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)


def parse_header(text: str, source: str) -> dict[str, object]:
    """Read the ``#+ key: value`` lines at the top of a query file."""
    params: list[Param] = []
    header: dict[str, object] = {"params": params}
    for number, key, value in header_lines(text):
        if key == "param":
            param = _PARAM.match(value)
            if not param:
                raise InputError(
                    f"{source}:{number}: bad parameter line; expected "
                    "'name — description (IRI|literal|number, default VALUE)'"
                )
            default = param["default"]
            params.append(Param(param["name"], param["desc"], param["type"], default))
        elif key == "tags":
            header["tags"] = tuple(t.strip() for t in value.split(",") if t.strip())
        elif key == "page_by":
            header["page_by"] = parse_page_by(value, text, f"{source}:{number}")
        else:
            header[key] = value
    return header


def read_query(path: Path) -> QueryFile:
    """Load one ``.rq`` file with its header; a bad file is an InputError."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: query file not found") from None
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"{path}: cannot read query file: {err}") from None
    header = parse_header(text, str(path))
    return QueryFile(
        name=path.stem,
        path=path,
        text=text,
        question_zh=str(header.get("question_zh", "")),
        question_en=str(header.get("question_en", "")),
        summary=str(header.get("summary", "")),
        tags=tuple(header.get("tags", ())),  # type: ignore[arg-type]
        params=tuple(header["params"]),  # type: ignore[arg-type]
        page_by=header.get("page_by"),  # type: ignore[arg-type]
    )


def discover(directory: Path) -> dict[str, QueryFile]:
    """Every competency question ``cq*.rq`` in ``directory``, by name, sorted."""
    if not directory.is_dir():
        raise InputError(f"{directory}: queries directory not found")
    return {p.stem: read_query(p) for p in sorted(directory.glob("cq*.rq"))}


def find_query(name_or_file: str, directory: Path) -> QueryFile:
    """A query by file path, full name (``cq04_…``) or unique prefix (``cq04``)."""
    candidate = Path(name_or_file)
    if name_or_file.endswith(".rq") or candidate.is_file():
        return read_query(candidate)
    catalogue = discover(directory)
    if name_or_file in catalogue:
        return catalogue[name_or_file]
    matches = [n for n in catalogue if n.startswith(name_or_file + "_")]
    if len(matches) == 1:
        return catalogue[matches[0]]
    if matches:
        raise InputError(f"ambiguous query name {name_or_file!r}: {', '.join(matches)}")
    raise InputError(f"unknown query {name_or_file!r}: see 'htkg query --list'")


def adhoc_query(text: str) -> QueryFile:
    """An ``-e`` query; the project prefixes are declared for it."""
    return QueryFile(name="-e", path=None, text=text)


def refuse_service(query: QueryFile) -> None:
    """Refuse a query with ``SERVICE``: it would make this process fetch from any address."""
    if _uses_service(compile_query(query).algebra):
        where = str(query.path) if query.path else "-e"
        raise InputError(
            f"{where}: the query uses SERVICE, which sends requests to other hosts; "
            "give --allow-service to run it"
        )


def _uses_service(node: object) -> bool:
    if getattr(node, "name", None) == "ServiceGraphPattern":
        return True
    if isinstance(node, dict):
        return any(_uses_service(v) for v in node.values())
    if isinstance(node, list | tuple):
        return any(_uses_service(v) for v in node)
    return False


def _refuse_update(text: str, where: str) -> None:
    """An update (INSERT, DELETE, LOAD, CLEAR …) given as a query: say queries are read-only."""
    from rdflib.plugins.sparql import prepareUpdate

    try:
        prepareUpdate(sparql_prologue() + text)
    except Exception:
        return  # not an update either: the query's own syntax error is reported
    raise InputError(
        f"{where}: this is a SPARQL update; queries are read-only (SELECT, ASK, CONSTRUCT, "
        "DESCRIBE)"
    )


def compile_query(query: QueryFile) -> Query:
    """Parse the query, turning a syntax error into one line with line and column."""
    prologue = sparql_prologue() if query.path is None else ""
    offset = prologue.count("\n")
    where = str(query.path) if query.path else "-e"
    try:
        return prepare_sparql(prologue + query.text, where, offset)
    except InputError:
        _refuse_update(query.text, where)  # an update is refused as such, not as bad syntax
        raise


def bind(
    query: QueryFile, given: Mapping[str, str], dataset: Dataset | None = None
) -> dict[str, Node]:
    """Typed RDF terms for the declared parameters from ``name=value`` strings.

    With ``dataset``, an IRI parameter the user gave is resolved as ``htkg trace``
    resolves a term: an IRI or CURIE must name something in the graph, and part
    of a label names the one entity it matches (several: the candidates, exit 2).
    """
    declared = {p.name for p in query.params}
    for name in given:
        if name not in declared:
            names = ", ".join(sorted(declared)) or "none"
            raise InputError(f"{query.name}: unknown parameter {name!r} (parameters: {names})")
    bindings: dict[str, Node] = {}
    for param in query.params:
        raw = given.get(param.name, param.default)
        if raw is None:
            raise InputError(
                f"{query.name}: missing parameter {param.name!r} ({param.description})"
            )
        where = f"{query.name}: parameter {param.name!r}"
        if param.type == "IRI" and dataset is not None and param.name in given:
            bindings[param.name] = _resolved(dataset, raw, where)
        else:
            bindings[param.name] = to_term(raw, param.type, where)
        if param.name == "lang" and str(bindings["lang"]) not in LANGUAGES:
            # a language no label has would leave every label column silently empty
            shown = str(bindings["lang"])
            raise InputError(f"{where}: {shown!r}: the labels are in {' and '.join(LANGUAGES)}")
    return bindings


def _resolved(dataset: Dataset, raw: str, where: str) -> Node:
    """An IRI or CURIE that names something, or the one entity part of a label names."""
    raw = raw.strip()
    try:
        spelled: InputError | None = None
        expand_iri(raw, where)
    except InputError as err:
        spelled = err
    try:
        return resolve(dataset, raw)
    except InputError as err:
        # not a label either: the IRI's own spelling is the better message
        raise spelled if spelled and ":" in raw else InputError(f"{where}: {err}") from None


def to_term(raw: str, kind: str, where: str) -> Node:
    """Turn a parameter value into an IRI, a literal or a number literal."""
    raw = raw.strip()
    if kind == "IRI":
        return expand_iri(raw, where)
    if kind == "number":
        try:
            number = Decimal(raw)
        except InvalidOperation:
            raise InputError(f"{where}: {raw!r} is not a number") from None
        return (
            Literal(int(number))
            if number == number.to_integral() and "." not in raw
            else (Literal(number))
        )
    if len(raw) >= 2 and raw[0] == raw[-1] == '"':
        raw = raw[1:-1]
    return Literal(raw)


@dataclass
class Answer:
    """An answer read lazily: its columns, then its rows one at a time (see :func:`answer`)."""

    columns: list[str]
    rows: Iterator[tuple[Node | None, ...]]


def run(
    dataset: Dataset,
    query: QueryFile,
    given: Mapping[str, str] | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> ResultTable:
    """Compile, bind and run a query on ``dataset``; the result (or one page of it) as a table.

    ``limit``/``offset`` select a page of the answer in the query's ``ORDER BY``
    order, so consecutive pages concatenate to the whole answer.
    """
    result = answer(dataset, query, given, limit, offset)
    return ResultTable(result.columns, list(result.rows))


def answer(
    dataset: Dataset,
    query: QueryFile,
    given: Mapping[str, str] | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> Answer:
    """Like :func:`run`, but rows are read as they are consumed.

    On an Oxigraph-backed Dataset (oxrdflib) the query text runs inside Oxigraph and
    its solutions are converted one by one, so writing a large answer as CSV never
    holds it all; rdflib's own engine gives the page at once.
    """
    page = Page(limit, offset)
    bindings = bind(query, given or {}, dataset)
    if query.page_by is None or page.whole:
        return _answer(dataset, query, bindings, page)

    def batch(text: str) -> tuple[list[str], Iterator[tuple[Node | None, ...]]]:
        one = _answer(dataset, replace(query, text=text), bindings, Page())
        return one.columns, one.rows

    return Answer(*keyset_page(query.text, query.page_by, page, batch))


def _answer(dataset: Dataset, query: QueryFile, bindings: dict[str, Node], page: Page) -> Answer:
    """One query's answer (or page), in Oxigraph itself or by rdflib's engine."""
    where = str(query.path) if query.path else "-e"
    if _runs_in_oxigraph(dataset):
        try:
            return _guarded(_evaluate_text(dataset, query, bindings, page), where)
        except SyntaxError as err:
            compile_query(query)  # rdflib's message gives the line and column
            raise InputError(f"{where}: SPARQL syntax error: {one_line(err)}") from None
        except (OSError, ValueError, TypeError) as err:
            raise InputError(f"{where}: query failed: {one_line(err)}") from None
    compiled = compile_query(query)
    with union_default_graph(dataset):
        try:
            return _evaluate(dataset, paged_algebra(compiled, page), bindings, page)
        except HtkgError:
            raise
        except Exception as err:  # rdflib's evaluator raises bare errors on some queries
            raise InputError(f"{where}: query failed: {one_line(err)}") from None


def _runs_in_oxigraph(dataset: Dataset) -> bool:
    """Whether ``dataset`` is backed by Oxigraph (oxrdflib), which runs SPARQL text itself."""
    return type(dataset.store).__module__.startswith("oxrdflib")


def _evaluate_text(
    dataset: Dataset, query: QueryFile, bindings: dict[str, Node], page: Page
) -> Answer:
    """Run the query text in Oxigraph itself, the page asked of the engine where possible.

    pyoxigraph is called directly rather than through oxrdflib, whose rdflib
    ``Result`` keeps every row it has handed out. Parameters are written in as
    rdflib's ``initBindings`` would bind them (see :func:`htkg.stores.base.prebind`).
    """
    text = (sparql_prologue() if query.path is None else "") + query.text
    sparql, projected = prebind(text, bindings)
    engine = dataset.store._inner  # type: ignore[attr-defined]
    substitutions = {ox.Variable(k): to_oxigraph(v) for k, v in projected.items()}

    def evaluate(sparql: str) -> Any:
        return engine.query(sparql, use_default_graph_as_union=True, substitutions=substitutions)

    paged = True
    if page.whole:
        result = evaluate(sparql)
    else:
        try:  # refused where the query has a LIMIT or a trailing VALUES of its own
            result = evaluate(f"{sparql.rstrip()}\n{page.clause()}\n")
        except SyntaxError:
            result, paged = evaluate(sparql), False
    if isinstance(result, ox.QueryBoolean):
        return Answer(["answer"], iter([(Literal(bool(result)),)]))
    if isinstance(result, ox.QueryTriples):
        columns = ["subject", "predicate", "object"]
        triples = ((from_oxigraph(t.subject), from_oxigraph(t.predicate),
                    from_oxigraph(t.object)) for t in result)  # fmt: skip
        return Answer(columns, triples if paged else page.slice(triples))
    columns = [v.value for v in result.variables]
    width = range(len(columns))
    rows = (tuple(from_oxigraph(s[i]) for i in width) for s in result)
    return Answer(columns, rows if paged else page.slice(rows))


def _evaluate(dataset: Dataset, compiled: Query, bindings: dict[str, Node], page: Page) -> Answer:
    initial = {Variable(k): v for k, v in bindings.items()}
    result = dataset.query(compiled, initBindings=initial)  # type: ignore[arg-type]
    table = _table(result)
    rows = list(table.rows if result.type == "SELECT" else page.slice(table.rows))
    return Answer(table.columns, iter(rows))


def _table(result: Result) -> Answer:
    if result.type == "ASK":
        return Answer(["answer"], iter([(Literal(bool(result.askAnswer)),)]))
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        triples = (tuple(t) for t in result)  # type: ignore[arg-type]
        return Answer(["subject", "predicate", "object"], triples)
    columns = [str(v) for v in result.vars or []]
    return Answer(columns, (tuple(row) for row in result))  # type: ignore[arg-type]


def _guarded(result: Answer, where: str) -> Answer:
    """Errors raised while the rows are read become one-line InputErrors, as before."""

    def rows() -> Iterator[tuple[Node | None, ...]]:
        try:
            yield from result.rows
        except HtkgError:
            raise
        except Exception as err:
            raise InputError(f"{where}: query failed: {one_line(err)}") from None

    return Answer(result.columns, rows())
