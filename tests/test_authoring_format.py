# ruff: noqa: F811  (the fixtures of test_authoring are imported by name)
"""The format for real documents (issue 13, items 4 and 6): an agreement encoded from a
fact sheet with everything the new user could not say, and a full-text Chinese document
whose quotes are checked verbatim against its text."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import SKOS
from tests.test_authoring import bare, bare_template  # noqa: F401 (fixtures)

from htkg.cli.main import main
from htkg.errors import ExitCode
from htkg.literature.add import add_document
from htkg.paths import ProjectPaths
from htkg.rdf.namespaces import HTKG, KG

DATA = Path(__file__).parent / "data"
XSD = "http://www.w3.org/2001/XMLSchema#"


def _copy(bare: ProjectPaths, name: str) -> Path:
    """The test document's folder copied into the project's literature/."""
    target = bare.root / "literature" / name
    shutil.copytree(DATA / name, target)
    return target


def test_an_agreement_says_what_the_new_user_could_not(bare: ProjectPaths) -> None:
    source = _copy(bare, "phase-one") / "phase-one.yaml"
    g = add_document(source, bare, check_only=True).graph
    doc, c = KG["phase-one-text"], lambda k: KG[f"phase-one-text--{k}"]
    assert (doc, HTKG.signedDate, Literal("2020-01-15", datatype=URIRef(XSD + "date"))) in g
    assert (doc, HTKG.inForceDate, Literal("2020-02-14", datatype=URIRef(XSD + "date"))) in g
    assert (doc, HTKG.placeSigned, Literal("Washington, D.C.", lang="en")) in g
    assert {KG["china"], KG["united-states"]} <= set(g.objects(doc, HTKG.partyTo))
    assert (doc, HTKG.textOf, KG["phase-one-agreement"]) in g
    assert (doc, HTKG.issuedBy, KG["ustr"]) in g  # a key of a new entity, in document:
    # chapters of a document without text, and a figure placed in one
    assert (c("ch6"), HTKG.sectionOf, doc) in g and (c("purchases-at-least-200"), HTKG.inSection,
                                                      c("ch6")) in g  # fmt: skip
    # facts about the article's entity, in this document's graph
    agreement = KG["phase-one-agreement"]
    assert (agreement, SKOS.altLabel, Literal("第一阶段经贸协议", lang="zh")) in g
    assert (agreement, HTKG.inForceDate, Literal("2020-02-14", datatype=URIRef(XSD + "date"))) in g
    # at least USD 200 billion above the 2017 baseline, in a unit defined in the file
    purchases = c("purchases-at-least-200")
    assert (purchases, HTKG.bound, HTKG.lowerBound) in g
    assert (purchases, HTKG.baselinePeriod, KG["year-2017"]) in g
    assert (purchases, HTKG.unit, KG["unit-billion-usd"]) in g
    assert (KG["unit-billion-usd"], HTKG.unitSymbol, Literal("billion USD")) in g
    assert (purchases, HTKG.value, Literal("200", datatype=URIRef(XSD + "decimal"))) in g
    tariff = c("tariff-4a-from-february")
    assert (tariff, HTKG.validFrom, Literal("2020-02-14", datatype=URIRef(XSD + "date"))) in g


def test_an_unknown_bound_names_its_line(bare: ProjectPaths, capsys) -> None:
    folder = _copy(bare, "phase-one")
    source = folder / "phase-one.yaml"
    source.write_text(source.read_text("utf-8").replace("bound: lower", "bound: at-least"), "utf-8")
    assert main(["add", "--check", str(source)]) == ExitCode.INPUT
    assert "observations[0].bound: unknown bound 'at-least'" in capsys.readouterr().err


def test_quotes_are_checked_verbatim_against_the_documents_text(bare, capsys) -> None:
    source = _copy(bare, "full-text") / "commentary.yaml"
    assert add_document(source, bare, check_only=True).triples > 0
    text = source.read_text("utf-8")
    source.write_text(
        text.replace("quote: 应加快芯片国产替代\n", "quote: 应尽快芯片国产替代\n"), "utf-8"
    )
    assert main(["add", "--check", str(source)]) == ExitCode.INPUT
    err = capsys.readouterr().err
    assert "elements[0].quote: not verbatim in the document's text" in err


def test_line_breaks_in_the_text_do_not_break_a_quote(bare: ProjectPaths) -> None:
    """The quote spans a line break of commentary.txt (the article's rule: whitespace ignored)."""
    folder = _copy(bare, "full-text")
    assert "依赖国际供应链，\n出口管制" in (folder / "commentary.txt").read_text("utf-8")
    source = folder / "commentary.yaml"
    text = source.read_text("utf-8").replace(
        "quote: 出口管制导致我国高新技术企业的芯片进口更加困难",
        "quote: 由于核心技术依赖国际供应链，出口管制导致我国高新技术企业的芯片进口更加困难",
    )
    source.write_text(text, "utf-8")
    assert add_document(source, bare, check_only=True).triples > 0


@pytest.mark.parametrize("missing", ["commentary.txt"])
def test_a_missing_text_file_is_an_input_error(bare, capsys, missing: str) -> None:
    folder = _copy(bare, "full-text")
    (folder / missing).unlink()
    assert main(["add", "--check", str(folder / "commentary.yaml")]) == ExitCode.INPUT
    assert "document.text: file not found: commentary.txt" in capsys.readouterr().err
