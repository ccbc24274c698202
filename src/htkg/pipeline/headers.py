"""The ``#+ key: value`` header at the top of a SPARQL file (the grlc convention).

Read here, low in the layers, because two layers read such files: the build
runs the data checks of ``queries/checks/`` and the query catalogue (a layer
above) lists the competency questions; both go through :func:`header_lines`, and
both parse them with :func:`prepare_sparql`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pyparsing import ParseException
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query

from htkg.errors import InputError, one_line

_HEADER = re.compile(r"^#\+\s*(?P<key>\w+)\s*:\s*(?P<value>.*?)\s*$")


def header_lines(text: str) -> Iterator[tuple[int, str, str]]:
    """``(line number, key, value)`` of each header line, up to the first line of SPARQL.

    >>> list(header_lines("#+ summary: gaps\\n# a comment\\n\\nSELECT * {}\\n#+ tags: late"))
    [(1, 'summary', 'gaps')]
    """
    for number, line in enumerate(text.splitlines(), 1):
        if not line.startswith("#"):
            if line.strip():
                return
            continue
        match = _HEADER.match(line)
        if match:
            yield number, match["key"], match["value"]


def prepare_sparql(text: str, where: str, line_offset: int = 0) -> Query:
    """Parse SPARQL; a syntax error is one line naming ``where``, its line and column.

    ``line_offset``: lines prepended to ``text`` (a PREFIX prologue) that the
    reader did not write, taken off the reported line.
    """
    try:
        return prepareQuery(text)
    except ParseException as err:
        line = max(err.lineno - line_offset, 1)
        raise InputError(
            f"{where}:{line}:{err.col}: SPARQL syntax error: {one_line(err.msg)}"
        ) from None
    except Exception as err:  # rdflib raises bare errors, e.g. for an undeclared prefix
        raise InputError(f"{where}: cannot compile SPARQL: {one_line(err)}") from None
