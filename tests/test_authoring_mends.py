# ruff: noqa: F811  (the fixtures of test_authoring are imported by name)
"""What the new user of issue 13 hit while adding the "Phase One" agreement, each mended.

One test per item of issue 13's list, using the user's errors as the cases.
"""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import RDF
from tests.test_authoring import (  # noqa: F401 (fixtures)
    BIS_SLUG,
    _bis_with,
    _example_with,
    bare,
    bare_template,
    line_of,
)

from htkg.cli.main import main
from htkg.errors import ExitCode
from htkg.literature.add import add_document, compile_file, serialize, target_path
from htkg.literature.checks import consistency_problems
from htkg.paths import ProjectPaths
from htkg.rdf.namespaces import GRAPH, HTKG, KG

XSD_DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")


def test_as_keys_defined_under_entities_work_inside_document(bare: ProjectPaths) -> None:
    """The user wrote ``issuer: [ustr]`` with ``- ref: … as: ustr`` under entities."""
    path = _bis_with(bare, "  issuer: [us-bis]", "  issuer: [bis-alias]")
    text = path.read_text(encoding="utf-8").replace(
        "  - ref: kg:chips\n", "  - ref: kg:chips\n  - ref: us-bis\n    as: bis-alias\n", 1
    )
    text = text.replace("  topics: [export-controls-2022-10-07, iso:CN]", "  topics: [prc]")
    path.write_text(text, encoding="utf-8")
    compiled, _dataset = compile_file(path, bare)
    assert (KG[BIS_SLUG], HTKG.issuedBy, KG["us-bis"]) in compiled.graph
    assert (KG[BIS_SLUG], HTKG.topic, KG["china"]) in compiled.graph


def test_an_issuer_that_is_a_country_is_refused_in_the_yamls_words(bare, capsys) -> None:
    """``add --check`` passed ``issuer: iso:US``; build then failed with cax-adc on kg:china."""
    path = _bis_with(bare, "  issuer: [us-bis]", "  issuer: [iso:US]")
    assert main(["add", "--check", str(path)]) == ExitCode.INPUT
    err = capsys.readouterr().err
    assert (
        f"{path}:{line_of('  issuer:')}: document.issuer[0]: iso:US is an economy; "
        "an issuer must be an actor such as a government body" in err
    )
    assert "government_of: iso:US" in err and "cax-adc" not in err


def test_a_reference_of_the_wrong_class_is_refused(bare, capsys) -> None:
    """Reference fields are type-checked: ``member_of`` needs a market, not a product."""
    path = _bis_with(
        bare, "    government_of: us\n", "    government_of: us\n    member_of: kg:chips\n"
    )
    assert main(["add", "--check", str(path)]) == ExitCode.INPUT
    err = capsys.readouterr().err
    assert "member_of[0]: kg:chips is a product; a member_of must be a market" in err


def test_every_problem_is_listed_in_one_run(bare, capsys) -> None:
    path = _bis_with(bare, "  issuer: [us-bis]", "  issuer: [iso:US]")
    text = path.read_text(encoding="utf-8").replace(
        "    type: TradeRestriction\n", "    type: TradeRestricton\n", 1
    )
    text = text.replace("    effect: prc-advanced-chip-access", "    effect: prc-chip-access", 1)
    path.write_text(text, encoding="utf-8")
    assert main(["add", "--check", str(path)]) == ExitCode.INPUT
    err = capsys.readouterr().err
    assert "3 problems:" in err
    for message in ("iso:US is an economy", "'TradeRestricton' is not an entity type",
                    "'prc-chip-access' is not a key"):  # fmt: skip
        assert message in err


def test_a_use_of_a_refused_key_is_not_a_second_problem(bare, capsys) -> None:
    path = _bis_with(bare, "  - ref: iso:US", "  - ref: iso:usa")
    assert main(["add", "--check", str(path)]) == ExitCode.INPUT
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "'iso:usa' is not an ISO 3166-1 code" in err


def test_values_are_kept_exactly_as_written(bare: ProjectPaths) -> None:
    """ "15" stayed 15.0 and 2000 became 2000.0; 7.50 written bare lost its zero."""
    for written, kept in (('"15"', "15"), ("2000", "2000"), ("7.50", "7.50")):
        path = _example_with(bare, 'value: "7.5"', f"value: {written}")
        result = add_document(path, bare, check_only=True)
        node = KG["example-commentary--export-growth-2020"]
        assert (node, HTKG.value, Literal(kept, datatype=XSD_DECIMAL)) in result.graph
        turtle = serialize(result.graph, path, bare)
        assert f'"{kept}"^^xsd:decimal' in turtle


def test_fact_sheet_path_must_exist(bare, capsys) -> None:
    path = _bis_with(bare, "  path: shared/literature/", "  path: shared/literatur/")
    assert main(["add", "--check", str(path)]) == ExitCode.INPUT
    err = capsys.readouterr().err
    assert f"{path}:{line_of('  path:')}: fact_sheet.path: file not found" in err


def test_check_works_on_a_document_already_added(bare, capsys) -> None:
    source = bare.root / "literature" / f"{BIS_SLUG}.yaml"
    assert main(["add", str(source)]) == ExitCode.OK
    before = target_path(bare, BIS_SLUG).read_bytes()
    assert main(["add", "--check", str(source)]) == ExitCode.OK
    assert "not written (--check)" in capsys.readouterr().out
    assert target_path(bare, BIS_SLUG).read_bytes() == before


def test_every_shape_violation_is_listed_with_its_field(bare, capsys) -> None:
    """Not only the first, and in the format's words (``effect``, not ``htkg:effect``)."""
    path = _bis_with(bare, "    effect: prc-advanced-chip-access",
                     "    effect: advanced-computing-chips")  # fmt: skip
    text = path.read_text(encoding="utf-8")
    text = text.replace("    cause: export-controls-2022-10-07\n", "    cause: kg:chips\n", 1)
    path.write_text(text, encoding="utf-8")
    assert main(["add", "--check", str(path)]) == ExitCode.FINDING
    err = capsys.readouterr().err
    assert "causal_links[0].effect:" in err and "causal_links[0].cause:" in err
    assert "htkg:effect" not in err


def test_the_owl_rl_check_with_every_other_document_names_the_yaml_lines(bare) -> None:
    """A contradiction that only appears with the other documents is found by add, and placed
    at the fields that refer to the entity reasoning names."""
    source = bare.root / "literature" / f"{BIS_SLUG}.yaml"
    compiled, dataset = compile_file(source, bare)
    dataset.graph(GRAPH[BIS_SLUG]).add((KG["china"], RDF.type, HTKG.Actor))
    problems = consistency_problems(dataset, compiled, source)
    assert problems and all("inconsistent under OWL 2 RL" in p for p in problems)
    assert any(f"{source}:{line_of('  - ref: Q148')}: entities[1].ref" in p for p in problems)


def test_shape_messages_name_the_authoring_fields(bare, capsys) -> None:
    """ "needs a reference period (htkg:refPeriod)" was RDF; the author wrote 'period'."""
    path = _example_with(bare, "    period: kg:year-2020", "    # no period")
    assert main(["add", "--check", str(path)]) == ExitCode.FINDING
    err = capsys.readouterr().err
    assert "observations[0]: needs a reference period ('period')" in err
    assert "htkg:refPeriod" not in err
