"""Regenerate :mod:`htkg.rdf.vocab` from ``ontology/htkg.ttl``.

``python -m htkg.rdf.vocab_generate`` after adding or renaming an ontology
term; a test fails while the committed file and the ontology disagree. The
terms are found and written by rdflib's own ``defined_namespace_creator``
(every subject with an ``rdf:type`` in the namespace, its definition as a
comment); only the placeholders and the timestamp are replaced, so the file
is the same every time it is generated from the same ontology.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

from rdflib import Graph
from rdflib.tools.defined_namespace_creator import get_target_namespace_elements, make_dn_file

from htkg.files import atomic_write_text
from htkg.paths import ProjectPaths

NAMESPACE = "https://w3id.org/htkg/ontology#"
CLASS_NAME = "HTKG"
TARGET = Path(__file__).with_name("vocab.py")

_HEADER = '''"""The ontology's terms as a closed namespace: a misspelt term fails at import.

Generated from ontology/htkg.ttl by rdflib's defined_namespace_creator; do not
edit. Regenerate with ``python -m htkg.rdf.vocab_generate`` (a test checks it).
"""

# each term's definition is one comment line, as the generator writes it
# ruff: noqa: E501
# fmt: off

'''


def render(ontology: Path) -> str:
    """The text of ``vocab.py`` for the ontology at ``ontology``."""
    graph = Graph().parse(ontology, format="turtle")
    _, terms, extras = get_target_namespace_elements(graph, NAMESPACE)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "vocab.py"
        make_dn_file(out, NAMESPACE, terms, extras, CLASS_NAME, fail=True)
        text = out.read_text(encoding="utf-8")
    text = text.replace("DESCRIPTION_EDIT_ME_!", "The terms of the htkg ontology.")
    text = text.replace("SOURCE_RDF_FILE_EDIT_ME_!", "ontology/htkg.ttl")
    text = re.sub(r"\n *Date: [^\n]*", "", text)  # a timestamp would differ on every run
    return _HEADER + text


def main(argv: list[str] | None = None) -> int:
    """Write ``vocab.py`` (or, with ``--check``, exit 1 if it is out of date)."""
    args = sys.argv[1:] if argv is None else argv
    text = render(ProjectPaths.discover().ontology)
    if "--check" in args:
        current = TARGET.read_text(encoding="utf-8")
        if current != text:
            print(f"{TARGET} is out of date: run python -m htkg.rdf.vocab_generate")
            return 1
        return 0
    atomic_write_text(TARGET, text)
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
