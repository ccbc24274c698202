"""Tables as an Excel workbook (openpyxl): one sheet per table, numbers as numbers.

Analysts open answers in a spreadsheet; a CSV loses the language of its text
(Excel guesses the encoding) and turns numbers into text. Each :class:`Table`
becomes a sheet with a bold, frozen header row and columns sized to their text;
every column is kept, hidden ones too, like the CSV. openpyxl is the optional
``analysis`` extra, imported only here.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping

from htkg.errors import InputError
from htkg.output.tables import Table, cell_data, display_width

__all__ = ["sheet_title", "sheet_value", "to_xlsx"]

_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")
MAX_WIDTH = 80  # characters of the widest column


def sheet_value(cell: object) -> object:
    """What a spreadsheet cell holds: a number where the text is one, else the text."""
    value = cell_data(cell)  # type: ignore[arg-type]
    if isinstance(value, dict):
        value = value.get("label") or value.get("id")
    if isinstance(value, list | tuple):
        value = "; ".join(map(str, value))
    if isinstance(value, str) and _NUMBER.match(value):
        return int(value) if "." not in value else float(value)
    return value


def sheet_title(name: str, taken: set[str]) -> str:
    """A valid, unique sheet title: at most 31 characters, none of ``[]:*?/\\``."""
    base = _BAD_TITLE.sub("-", name)[:31] or "sheet"
    title, n = base, 2
    while title in taken:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title)
    return title


def to_xlsx(sheets: Mapping[str, Table]) -> bytes:
    """The workbook as bytes (written atomically by the caller)."""
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font
        from openpyxl.utils import get_column_letter
    except ImportError:
        raise InputError("openpyxl is not installed: pip install 'htkg[analysis]'") from None
    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    for name, table in sheets.items():
        sheet = book.create_sheet(sheet_title(name, taken))
        sheet.append([c.name for c in table.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([sheet_value(c) for c in row])
        sheet.freeze_panes = "A2"
        for index, column in enumerate(table.columns, 1):
            texts = [column.name] + [str(sheet_value(r[index - 1]) or "") for r in table.rows]
            width = min(max(display_width(t) for t in texts) + 2, MAX_WIDTH)
            sheet.column_dimensions[get_column_letter(index)].width = width
            if width == MAX_WIDTH:
                for cell in sheet[get_column_letter(index)][1:]:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
