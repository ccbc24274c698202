"""``htkg report -o brief.html``: the argument as a printable, offline brief (zh or en)."""

from __future__ import annotations

import argparse
from pathlib import Path

from htkg.cli import options
from htkg.errors import InputError
from htkg.files import atomic_write_bytes, atomic_write_text


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "report",
        parents=[options.lang("language of the brief"), options.store()],
        help="write the argument as a self-contained, printable brief (HTML, and PDF)",
        description="One HTML page that works offline and prints on A4: the constraints and "
        "the countermeasures answering each (the matrix), the key causal chains, the feedback "
        "loops, the figures with charts and the audit's verdicts, and the linked documents — "
        "every claim footnoted with its passage and section. --pdf also prints it to FILE.pdf "
        "with headless Chromium.",
    )
    parser.add_argument("-o", "--output", type=Path, required=True, help="FILE.html to write")
    parser.add_argument("--pdf", action="store_true",
                        help="also write the PDF beside it (needs chromium)")  # fmt: skip
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from htkg.output.report import render_report
    from htkg.output.report_page import find_chromium, html_to_pdf

    chromium = find_chromium() if args.pdf else None
    if args.pdf and chromium is None:
        raise InputError("--pdf needs Chromium: apt-get install -y chromium (Debian)")
    html = render_report(options.open_graph(args), args.lang)
    pdf = html_to_pdf(html, chromium) if chromium else None
    atomic_write_text(args.output, html)
    print(f"written: {args.output}")
    if pdf is not None:
        target = args.output.with_suffix(".pdf")
        atomic_write_bytes(target, pdf)
        print(f"written: {target}")
    return 0
