"""``htkg draft TEXT_FILE --slug SLUG -o FILE.yaml``: an authoring file drafted from a text."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from htkg.errors import InputError, OutputError
from htkg.files import atomic_write_text
from htkg.literature.draft import draft
from htkg.literature.draft_yaml import label_maps, read_text, to_yaml
from htkg.literature.schema import SLUG
from htkg.paths import ProjectPaths
from htkg.pipeline.sources import load_asserted


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "draft",
        help="draft an authoring file from a document's text (candidates to resolve)",
        description="Read a document's text and write an authoring file to complete: sections "
        "from its headings, candidate causal and response links found by a cue lexicon (导致, "
        "使得, 由于, 以降低 …) with verbatim quotes, candidate figures (number + unit + year) "
        "and the graph's entities the text mentions (jieba, with the graph's labels as its "
        "dictionary). Every candidate is marked; `htkg add` refuses the file until each is "
        "resolved or deleted.",
    )
    parser.add_argument("text", type=Path, metavar="TEXT_FILE")
    parser.add_argument("--slug", required=True, help="the new document's slug")
    parser.add_argument("--language", choices=("zh", "en"), default="zh")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.yaml")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if not SLUG.match(args.slug):
        raise InputError(f"--slug {args.slug!r}: lower-case letters, digits and '-'")
    text = read_text(args.text)
    paths = ProjectPaths.discover()
    elements, entities = label_maps(load_asserted(paths.ontology, paths.data))
    result = draft(text, args.language, elements, entities)
    where = os.path.relpath(args.text.resolve(), args.output.resolve().parent)
    try:
        atomic_write_text(args.output, to_yaml(result, args.slug, args.language, where))
    except OSError as err:
        raise OutputError(f"{args.output}: cannot write: {err.strerror}") from None
    print(
        f"{args.output}: {len(result.headings)} sections, {len(result.links)} link candidates, "
        f"{len(result.figures)} figure candidates, {len(result.mentions)} entities mentioned "
        f"({result.seconds} s)",
        file=sys.stderr,
    )
    return 0
