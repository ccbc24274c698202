"""``htkg chart NAME -o FILE.svg|png``: a chart of the figures the article argues from."""

from __future__ import annotations

import argparse
from pathlib import Path

from htkg.cli import options
from htkg.files import atomic_write_bytes

#: the charts (kept here too so ``htkg chart --help`` does not import matplotlib)
NAMES = ("export-value", "field-shares", "region-shares", "matrix")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "chart",
        parents=[options.lang(), options.store()],
        help="draw a chart: export value and growth, shares, constraint × countermeasure",
        description="export-value: export value by year, and each printed growth rate beside "
        "the audit's recomputation; field-shares, region-shares: the average shares the article "
        "prints; matrix: constraint × countermeasure (cq01's links) as a heat map marking "
        "author-stated, curator and summary links. SVG or PNG by the file name.",
    )
    parser.add_argument("name", choices=NAMES, metavar="NAME", help=", ".join(NAMES))
    parser.add_argument("-o", "--output", type=Path, required=True, help="FILE.svg or FILE.png")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from htkg.output.charts import chart_format, draw

    fmt = chart_format(args.output)
    data = draw(args.name, options.open_graph(args), fmt, args.lang)
    atomic_write_bytes(args.output, data)
    print(f"written: {args.output}")
    return 0
