"""``htkg audit``: recompute the figures the article derives from others.

Exit code 1 when a figure is inconsistent with its recomputation (a finding,
like a SHACL violation), 0 when every checkable figure adds up.
"""

from __future__ import annotations

import argparse
import json
from decimal import Decimal, InvalidOperation

from htkg.audit.run import (
    CONSISTENT,
    DEFAULT_TOLERANCE,
    INCONSISTENT,
    NOT_CHECKABLE,
    Check,
    run_audit,
)
from htkg.cli import options
from htkg.errors import ExitCode, InputError
from htkg.output.sheets import audit_table
from htkg.output.tables import Table, display_width, to_markdown
from htkg.output.zh import audit_zh, column, word

_MARK = {"consistent": "ok", "inconsistent": "FAIL", "notCheckable": "n/a"}
_MARK_ZH = {"consistent": "一致", "inconsistent": "不一致", "notCheckable": "无法核验"}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "audit",
        parents=[options.report_format(), options.lang(), options.store()],
        help="recompute the article's derived figures and report inconsistencies",
        description="Recompute every figure the article derives from others (growth rates, "
        "averages, shares, sums) from the base values it prints, and report each as "
        "consistent, inconsistent or not checkable, with the arithmetic. Exit 1 if any figure "
        "is inconsistent.",
    )
    parser.add_argument(
        "--tolerance",
        default=str(DEFAULT_TOLERANCE),
        metavar="X",
        help="largest difference accepted as rounding, in the figure's unit "
        f"(default {DEFAULT_TOLERANCE}: half the last printed digit of one-decimal figures)",
    )
    parser.set_defaults(func=run_command)


def _tolerance(raw: str) -> Decimal:
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise InputError(f"--tolerance {raw!r}: not a number") from None
    if not value.is_finite() or value < 0:
        raise InputError(f"--tolerance {raw!r}: must be a number ≥ 0")
    return value


def _num(value: Decimal | None) -> str:
    return "" if value is None else str(value)


def check_json(check: Check) -> dict[str, object]:
    """One check as JSON (numbers as strings, to keep the decimals exact)."""
    return {
        "id": check.id,
        "label": {"en": check.label_en, "zh": check.label_zh},
        "verdict": check.verdict,
        "printed": _num(check.printed) or None,
        "recomputed": _num(check.recomputed) or None,
        "difference": _num(check.difference) or None,
        "tolerance": _num(check.tolerance) or None,
        "arithmetic": check.arithmetic,
        "note": check.note or None,
        "audited": [str(i) for i in check.audited],
        "inputs": [str(i) for i in check.inputs],
    }


def _summary(checks: list[Check], tolerance: Decimal, lang: str) -> str:
    counts = [
        sum(c.verdict == v for c in checks) for v in (CONSISTENT, INCONSISTENT, NOT_CHECKABLE)
    ]
    if lang == "zh":
        return (
            f"共{len(checks)}项核验：{counts[0]}项一致，{counts[1]}项不一致，"
            f"{counts[2]}项无法核验（容差 {tolerance}）"
        )
    return (
        f"{len(checks)} checks: {counts[0]} consistent, {counts[1]} inconsistent, "
        f"{counts[2]} not checkable (tolerance {tolerance})"
    )


def render(checks: list[Check], fmt: str, lang: str, tolerance: Decimal) -> str:
    summary = _summary(checks, tolerance, lang)
    if fmt == "json":
        document = {"tolerance": str(tolerance), "checks": [check_json(c) for c in checks]}
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    zh = lang == "zh"
    label = (lambda c: c.label_zh) if zh else (lambda c: c.label_en)
    said = audit_zh if zh else (lambda text: text)
    if fmt == "md":
        names = ("check", "verdict", "printed", "recomputed", "arithmetic")
        table = Table.of(
            [column(n, lang) for n in names],
            [
                (label(c), word(c.verdict, lang), _num(c.printed), _num(c.recomputed),
                 said(c.arithmetic))
                for c in checks
            ],
        )  # fmt: skip
        return to_markdown(table) + "\n" + summary + "\n"
    marks = _MARK_ZH if zh else _MARK
    width = max(display_width(m) for m in marks.values())
    lines = []
    for c in checks:
        mark = marks[c.verdict]
        lines.append(f"[{' ' * (width - display_width(mark))}{mark}] {label(c)}  ({c.id})")
        lines.append(f"       {said(c.arithmetic)}")
        if c.difference is not None:
            lines.append(
                f"       差值 {c.difference}（容差 {c.tolerance}）"
                if zh
                else f"       difference {c.difference} (tolerance {c.tolerance})"
            )
        if c.note:
            lines.append(f"       {said(c.note)}")
    return "\n".join([*lines, "", summary]) + "\n"


def run_command(args: argparse.Namespace) -> int:
    tolerance = _tolerance(args.tolerance)
    checks = run_audit(options.open_graph(args), tolerance)
    options.emit(
        args,
        lambda: render(checks, args.format, args.lang, tolerance),
        lambda: {"audit": audit_table(checks, args.lang)},
    )
    return int(ExitCode.FINDING if any(c.verdict == INCONSISTENT for c in checks) else ExitCode.OK)
