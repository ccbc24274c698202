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
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from pyparsing import ParseException
from rdflib import Dataset, Literal, Variable
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node

from htkg.errors import HtkgError, InputError, one_line
from htkg.pipeline.headers import header_lines
from htkg.rdf.graphs import union_default_graph
from htkg.rdf.namespaces import sparql_prologue
from htkg.rdf.terms import expand_iri, resolve

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

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


@dataclass
class ResultTable:
    """Rows of a SELECT (or ASK/CONSTRUCT, made tabular), in query order."""

    columns: list[str]
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)


def parse_header(text: str, source: str) -> dict[str, object]:
    """Read the ``#+ key: value`` lines at the top of a query file."""
    header: dict[str, object] = {"params": []}
    for number, key, value in header_lines(text):
        if key == "param":
            param = _PARAM.match(value)
            if not param:
                raise InputError(
                    f"{source}:{number}: bad parameter line; expected "
                    "'name — description (IRI|literal|number, default VALUE)'"
                )
            default = param["default"]
            header["params"].append(  # type: ignore[union-attr]
                Param(param["name"], param["desc"], param["type"], default)
            )
        elif key == "tags":
            header["tags"] = tuple(t.strip() for t in value.split(",") if t.strip())
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
        return prepareQuery(prologue + query.text)
    except ParseException as err:
        _refuse_update(query.text, where)
        line = max(err.lineno - offset, 1)
        raise InputError(
            f"{where}:{line}:{err.col}: SPARQL syntax error: {one_line(err.msg)}"
        ) from None
    except Exception as err:  # rdflib raises bare Exceptions, e.g. for an unknown prefix
        raise InputError(f"{where}: cannot compile SPARQL: {one_line(err)}") from None


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


def run(dataset: Dataset, query: QueryFile, given: Mapping[str, str] | None = None) -> ResultTable:
    """Compile, bind and run a query on ``dataset``; the result as a table."""
    compiled = compile_query(query)
    bindings = bind(query, given or {}, dataset)
    with union_default_graph(dataset):
        try:
            return _evaluate(dataset, compiled, bindings)
        except HtkgError:
            raise
        except Exception as err:  # rdflib's evaluator raises bare errors on some queries
            where = str(query.path) if query.path else "-e"
            raise InputError(f"{where}: query failed: {one_line(err)}") from None


def _evaluate(dataset: Dataset, compiled: Query, bindings: dict[str, Node]) -> ResultTable:
    result = dataset.query(compiled, initBindings={Variable(k): v for k, v in bindings.items()})
    if result.type == "ASK":
        return ResultTable(["answer"], [(Literal(bool(result.askAnswer)),)])
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return ResultTable(["subject", "predicate", "object"], [tuple(t) for t in result])
    columns = [str(v) for v in result.vars or []]
    return ResultTable(columns, [tuple(row) for row in result])
