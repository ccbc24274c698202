"""Read an authoring file (YAML) so every value still knows its line.

Errors in an authoring file must name the file, the line and the field path
(``claims[2].cause``), because the person fixing them edits YAML, not Turtle.
PyYAML's node marks carry the lines; :class:`Field` wraps each value with its
path and line and offers the typed accessors the compiler needs, each raising
one :class:`~htkg.errors.InputError` that says what is wrong and where.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from htkg.errors import InputError


@dataclass(frozen=True)
class Field:
    """One value of the authoring file, with its file, field path and line."""

    file: Path
    path: str
    line: int
    value: Any
    _lines: dict[int, dict[Any, int]]

    # ------------------------------------------------------------ errors --

    def error(self, message: str) -> InputError:
        """An input error that names ``file:line: path``."""
        where = f" {self.path}:" if self.path else ""
        return InputError(f"{self.file}:{self.line}:{where} {message}")

    # ----------------------------------------------------------- mapping --

    def mapping(self) -> dict[str, Any]:
        if not isinstance(self.value, dict):
            raise self.error(f"expected a mapping (key: value), found {_kind(self.value)}")
        return self.value

    def get(self, key: str) -> Field | None:
        """The value under ``key``, or None when it is absent or empty."""
        mapping = self.mapping()
        if mapping.get(key) is None:
            return None
        line = self._lines.get(id(mapping), {}).get(key, self.line)
        return Field(self.file, self._join(key), line, mapping[key], self._lines)

    def require(self, key: str) -> Field:
        found = self.get(key)
        if found is None:
            raise self.error(f"missing required field '{key}'")
        return found

    def check_keys(self, allowed: set[str]) -> None:
        """Reject unknown keys, so a typo is not silently ignored."""
        for key in self.mapping():
            if key not in allowed:
                line = self._lines.get(id(self.value), {}).get(key, self.line)
                known = ", ".join(sorted(allowed))
                raise Field(self.file, self._join(str(key)), line, None, self._lines).error(
                    f"unknown field '{key}' (known: {known})"
                )

    # ---------------------------------------------------------- sequence --

    def items(self) -> Iterator[Field]:
        """The items of a list; a single scalar counts as a one-item list."""
        if not isinstance(self.value, list):
            yield Field(self.file, f"{self.path}[0]", self.line, self.value, self._lines)
            return
        lines = self._lines.get(id(self.value), {})
        for index, item in enumerate(self.value):
            line = lines.get(index, self.line)
            yield Field(self.file, f"{self.path}[{index}]", line, item, self._lines)

    # ------------------------------------------------------------ scalars --

    def text(self) -> str:
        if isinstance(self.value, bool) or not isinstance(self.value, str | int | float):
            raise self.error(f"expected text, found {_kind(self.value)}")
        text = " ".join(str(self.value).split())
        if not text:
            raise self.error("must not be empty")
        return text

    def flag(self) -> bool:
        if not isinstance(self.value, bool):
            raise self.error(f"expected true or false, found {_kind(self.value)}")
        return self.value

    def date(self) -> str:
        """An ISO date (YYYY-MM-DD), year-month (YYYY-MM) or year (YYYY), as text."""
        if isinstance(self.value, dt.date):
            return self.value.isoformat()
        text = str(self.value).strip()
        for fmt, size in (("%Y-%m-%d", 10), ("%Y-%m", 7), ("%Y", 4)):
            try:
                if len(text) == size:
                    dt.datetime.strptime(text, fmt)
                    return text
            except ValueError:
                break
        raise self.error(f"expected a date YYYY-MM-DD, YYYY-MM or YYYY, found {text!r}")

    def _join(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"{type(value).__name__} {value!r}"


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that remembers the line of every mapping key and list item."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.lines: dict[int, dict[Any, int]] = {}

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        _refuse_duplicate_keys(self, node)
        mapping = super().construct_mapping(node, deep=True)
        self.lines[id(mapping)] = {
            self.construct_object(key, deep=True): key.start_mark.line + 1
            for key, _value in node.value
        }
        return mapping

    def construct_sequence(self, node: yaml.SequenceNode, deep: bool = False) -> list:
        sequence = super().construct_sequence(node, deep=True)
        self.lines[id(sequence)] = {
            i: item.start_mark.line + 1 for i, item in enumerate(node.value)
        }
        return sequence


def _refuse_duplicate_keys(loader: yaml.SafeLoader, node: yaml.MappingNode) -> None:
    """A key given twice: YAML keeps the last silently, which would hide a typo."""
    first: dict[Any, int] = {}
    for key_node, _value in node.value:
        try:
            key = loader.construct_object(key_node, deep=True)
            hash(key)
        except (TypeError, yaml.YAMLError):
            continue  # an unhashable key is reported by the constructor
        if key in first:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"duplicate key {key!r} (first on line {first[key]})",
                key_node.start_mark,
            )
        first[key] = key_node.start_mark.line + 1


_LineLoader.add_constructor("tag:yaml.org,2002:map", _LineLoader.construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _LineLoader.construct_sequence)
# a number with a fraction stays the text it was written as (7.50 is not 7.5): figures are
# kept as printed, and every field that takes a number reads it from text
_LineLoader.add_constructor("tag:yaml.org,2002:float", lambda loader, node: str(node.value))


def read_authoring(path: Path) -> Field:
    """Parse an authoring file; YAML syntax errors become ``file:line:column`` errors."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: file not found")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise InputError(f"{path}: not UTF-8 text: {err.reason}") from None
    try:
        loader = _LineLoader(text)  # checks the characters first
    except yaml.reader.ReaderError as err:
        line = text.count("\n", 0, err.position) + 1
        raise InputError(
            f"{path}:{line}: YAML error: {err.reason} (character {err.character!r})"
        ) from None
    try:
        value = loader.get_single_data()
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        where = f"{mark.line + 1}:{mark.column + 1}" if mark else "1"
        problem = " ".join(str(err.problem or err.context or "syntax error").split())
        raise InputError(f"{path}:{where}: YAML syntax error: {problem}") from None
    except yaml.YAMLError as err:
        raise InputError(f"{path}: YAML error: {' '.join(str(err).split())}") from None
    finally:
        loader.dispose()
    root = Field(path, "", 1, value, loader.lines)
    if not isinstance(value, dict):
        raise root.error("an authoring file is a YAML mapping with a 'document' section")
    return root
