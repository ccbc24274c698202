"""The options several commands share, as argparse parent parsers.

A command lists the ones it takes (``add_parser(..., parents=[lang(), store()])``)
so ``--lang``, ``--store`` and ``--format`` are spelled, defaulted and
explained the same everywhere. Each factory returns a fresh parent; nothing
heavy is imported here, so ``htkg query`` still imports only what it runs.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

LANGS = ("en", "zh")
#: ``--format`` of the commands that print a report (trace, audit, loops, leverage, whatif).
REPORT_FORMATS = ("text", "json", "md")


def _parent() -> argparse.ArgumentParser:
    return argparse.ArgumentParser(add_help=False)


def lang(help: str = "label language") -> argparse.ArgumentParser:
    """``--lang en|zh`` (default en)."""
    parent = _parent()
    parent.add_argument("--lang", choices=LANGS, default="en", help=help)
    return parent


def store(help: str | None = None) -> argparse.ArgumentParser:
    """``--store SPEC`` (default memory); ``help`` defaults to :data:`htkg.stores.STORE_HELP`."""
    if help is None:
        from htkg.stores import STORE_HELP

        help = STORE_HELP
    parent = _parent()
    parent.add_argument("--store", default="memory", help=help)
    return parent


def output_format(
    choices: Sequence[str] = REPORT_FORMATS, default: str | None = None
) -> argparse.ArgumentParser:
    """``--format`` among ``choices`` (default: the first)."""
    parent = _parent()
    parent.add_argument("--format", choices=choices, default=default or choices[0])
    return parent


def table_format() -> argparse.ArgumentParser:
    """``--format table|csv|json|md`` for the commands that print query-like tables."""
    from htkg.output.tables import FORMATS

    return output_format(FORMATS)
