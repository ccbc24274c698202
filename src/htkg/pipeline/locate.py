"""Where a subject is written: its Turtle file and line, for errors a person can act on.

A SHACL violation or a quote that is not in the text is about a subject IRI;
the person fixing it edits a file. The data files write one subject per block,
starting at the first column (``kg:x`` or ``<iri>``), so a scan of those lines
with each file's prefixes finds every subject's first line without a parser.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

_PREFIX = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([\w.-]*):\s*<([^>]*)>", re.IGNORECASE)
_COMPILED = re.compile(r"^# Compiled by `htkg add` from (\S+?):")
_SUBJECT = re.compile(r"^(<[^>\s]*>|[A-Za-z_][\w.-]*:[\w.\-]*)(?=\s|$)")


class Locations:
    """Subject IRI → ``file:line`` of the block that describes it."""

    def __init__(self, files: Iterable[Path] = ()) -> None:
        self._where: dict[str, tuple[Path, int]] = {}
        #: a Turtle file compiled from an authoring file: the file to edit instead
        self._compiled_from: dict[Path, str] = {}
        for path in files:
            self.add(path)

    def add(self, path: Path) -> None:
        """Index the subjects written at the start of a line of ``path``."""
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            return
        prefixes: dict[str, str] = {}
        compiled = _COMPILED.match(lines[0]) if lines else None
        if compiled:
            self._compiled_from[path] = compiled[1]
        for number, line in enumerate(lines, start=1):
            declared = _PREFIX.match(line)
            if declared:
                prefixes[declared[1]] = declared[2]
                continue
            found = _SUBJECT.match(line)
            if not found:
                continue
            token = found[1]
            if token.startswith("<"):
                iri = token[1:-1]
            else:
                prefix, _, local = token.partition(":")
                if prefix not in prefixes:
                    continue
                iri = prefixes[prefix] + local
            self._where.setdefault(iri, (path, number))

    def of(self, subject: object) -> tuple[Path, int] | None:
        """The file and line where ``subject`` is described, if it is."""
        return self._where.get(str(subject))

    def label(self, subject: object, fallback: str = "") -> str:
        """``file:line`` of ``subject`` (and the authoring file it came from), or ``fallback``."""
        found = self.of(subject)
        if not found:
            return fallback
        source = self._compiled_from.get(found[0])
        return f"{found[0]}:{found[1]}" + (f" (compiled from {source})" if source else "")
