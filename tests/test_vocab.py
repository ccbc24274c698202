"""The closed ``HTKG`` namespace: generated from the ontology, and closed.

``src/htkg/rdf/vocab.py`` is what ``python -m htkg.rdf.vocab_generate`` writes
from ``ontology/htkg.ttl``; if the two disagree, a term was added or renamed
in one and not the other.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from htkg.paths import ProjectPaths
from htkg.rdf import vocab_generate
from htkg.rdf.namespaces import HTKG, PREFIXES, bind_prefixes, sparql_prologue


def test_regenerating_gives_the_committed_file(paths: ProjectPaths) -> None:
    committed = vocab_generate.TARGET.read_text(encoding="utf-8")
    assert vocab_generate.render(paths.ontology) == committed, (
        "run `python -m htkg.rdf.vocab_generate`"
    )
    assert vocab_generate.main(["--check"]) == 0


def test_a_new_term_in_the_ontology_changes_the_file(paths: ProjectPaths, tmp_path: Path) -> None:
    ontology = tmp_path / "htkg.ttl"
    extra = "\nhtkg:brandNewTerm a owl:ObjectProperty ; rdfs:comment 'For the test.' .\n"
    ontology.write_text(paths.ontology.read_text(encoding="utf-8") + extra, encoding="utf-8")
    text = vocab_generate.render(ontology)
    assert "    brandNewTerm: URIRef  # For the test.\n" in text
    assert text != vocab_generate.TARGET.read_text(encoding="utf-8")


def test_a_misspelt_term_fails() -> None:
    with pytest.raises(AttributeError, match="not in namespace"):
        _ = HTKG.CausalLinc
    with pytest.raises(AttributeError):
        _ = HTKG["CausalLinc"]


def test_dynamic_lookup_prefix_and_bindings_still_work() -> None:
    assert HTKG["CausalLink"] == HTKG.CausalLink == URIRef(str(HTKG) + "CausalLink")
    assert str(HTKG) == "https://w3id.org/htkg/ontology#"
    assert "CausalLink" in HTKG and "CausalLinc" not in HTKG
    assert PREFIXES["htkg"] is HTKG
    assert "PREFIX htkg: <https://w3id.org/htkg/ontology#>\n" in sparql_prologue()
    graph = bind_prefixes(Graph())
    assert graph.namespace_manager.normalizeUri(HTKG.CausalLink) == "htkg:CausalLink"
