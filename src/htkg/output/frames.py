"""Tables as pandas DataFrames: the query answers for notebooks (``htkg.query_df``).

A DataFrame holds what the CLI's CSV holds — the same columns, identifier
columns as CURIEs, every other IRI by its label in ``lang`` — but numbers stay
numbers (an analyst sums and plots them) and an empty cell is missing (``None``),
not an empty string. ``labels=False`` gives every IRI as its CURIE, for joins.
pandas is the optional ``analysis`` extra, imported only here.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from htkg.errors import InputError
from htkg.output.labels import Labeller
from htkg.output.tables import Table, cell_data, id_columns, with_stand_in_labels
from htkg.queries.catalogue import QueryFile, ResultTable, adhoc_query, find_query, run

if TYPE_CHECKING:
    from pathlib import Path

    import pandas as pd

__all__ = ["cell_value", "result_frame", "select_query", "table_frame"]

_NUMERIC = {XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.int, XSD.long}


def pandas():
    """pandas, or a one-line hint to install the extra."""
    try:
        import pandas as pd
    except ImportError:
        raise InputError("pandas is not installed: pip install 'htkg[analysis]'") from None
    return pd


def select_query(name_or_sparql: str, directory: Path) -> QueryFile:
    """A catalogue name, a ``.rq`` file, or SPARQL text (anything with a space or brace)."""
    text = name_or_sparql.strip()
    if any(ch in text for ch in " \n\t{"):
        return adhoc_query(text)
    return find_query(text, directory)


def cell_value(node: Node | None, labeller: Labeller, as_id: bool) -> object:
    """One cell for a DataFrame: a number as int/float, a boolean as bool, IRIs as text."""
    if node is None:
        return None
    if isinstance(node, URIRef):
        return labeller.curie(node) if as_id else labeller.text(node)
    if isinstance(node, Literal) and node.datatype in _NUMERIC:
        value = node.toPython()
        if isinstance(value, Decimal):
            return int(value) if value == value.to_integral() else float(value)
        return value
    if isinstance(node, Literal) and node.datatype == XSD.boolean:
        return bool(node.toPython())
    return str(node)


def table_frame(table: Table) -> pd.DataFrame:
    """Any :class:`Table` (leverage, audit, loops …) as a DataFrame of its cell texts."""
    pd = pandas()
    return pd.DataFrame(
        [[cell_data(c) for c in row] for row in table.rows],
        columns=[c.name for c in table.columns],
    )


def result_frame(table: ResultTable, labeller: Labeller, labels: bool = True) -> pd.DataFrame:
    """A query result as a DataFrame with the CLI's columns (see the module docstring)."""
    pd = pandas()
    ids = id_columns(table.columns)
    source = with_stand_in_labels(table, labeller) if labels else table
    rows = [
        [
            cell_value(node, labeller, as_id=(not labels) or c in ids)
            for c, node in zip(table.columns, row, strict=True)
        ]
        for row in source.rows
    ]
    return pd.DataFrame(rows, columns=list(table.columns))


def query_frame(
    dataset: Dataset,
    query: QueryFile,
    params: Mapping[str, str],
    lang: str = "en",
    labels: bool = True,
    limit: int | None = None,
    offset: int = 0,
) -> pd.DataFrame:
    """Run ``query`` (``lang`` bound when it takes one) and return its DataFrame
    (``limit``/``offset``: one page of it, as ``htkg query --limit/--offset``)."""
    given = dict(params)
    if query.param("lang") and "lang" not in given:
        given["lang"] = lang
    table = run(dataset, query, given, limit, offset)
    return result_frame(table, Labeller(dataset, lang), labels)
