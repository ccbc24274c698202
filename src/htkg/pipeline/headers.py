"""The ``#+ key: value`` header at the top of a SPARQL file (the grlc convention).

Read here, low in the layers, because two layers read such files: the build
runs the data checks of ``queries/checks/`` and the query catalogue (a layer
above) lists the competency questions; both go through :func:`header_lines`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

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
