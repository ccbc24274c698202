"""``htkg draft``: candidates from a text, refused until resolved; measured on the article;
and a full-text document taken from draft to a cross-document answer (issue 13)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from rdflib import Dataset

from htkg.cli.main import main
from htkg.errors import ExitCode
from htkg.literature.draft import draft
from htkg.literature.draft_eval import evaluate
from htkg.literature.draft_yaml import label_maps
from htkg.paths import ProjectPaths
from htkg.pipeline.quotes import is_verbatim, read_source
from htkg.queries.catalogue import find_query, run
from htkg.rdf.namespaces import KG
from htkg.workflow import run_build

TEXT = Path(__file__).parent / "data" / "full-text" / "commentary.txt"


@pytest.fixture(scope="module")
def maps(asserted: Dataset):
    return label_maps(asserted)


def test_draft_finds_sections_links_figures_and_mentions(maps) -> None:
    result = draft(TEXT.read_text("utf-8"), "zh", *maps)
    assert [(h.key, h.number) for h in result.headings] == [("s1", "一"), ("s2", "二")]
    source = read_source(TEXT)
    assert result.links and all(is_verbatim(c.quote, source) for c in result.links)
    assert {c.cue for c in result.links} >= {"导致", "以降低"}
    assert {(c.kind, c.section) for c in result.links if c.cue == "以降低"} == {("response", "s2")}
    [export] = [f for f in result.figures if f.value == "9400"]
    assert (export.unit, export.year, export.section) == ("亿美元", "2022", "s1")
    assert is_verbatim(export.quote, source)
    assert KG.chips in result.mentions and KG["high-tech-products"] in result.mentions


def test_add_refuses_a_draft_naming_every_candidate(tmp_path: Path, capsys) -> None:
    out = tmp_path / "draft.yaml"
    assert main(["draft", str(TEXT), "--slug", "t-draft", "-o", str(out)]) == ExitCode.OK
    candidates = out.read_text("utf-8").count("\n  candidate: ")
    assert candidates > 5
    assert main(["add", "--check", str(out)]) == ExitCode.INPUT
    err = capsys.readouterr().err
    assert f"{candidates} problems:" in err and err.count("a draft candidate (") == candidates


def test_the_draft_on_the_article_against_its_encoding(asserted: Dataset, paths, maps) -> None:
    """The numbers docs/authoring.md reports (floors a bit below them)."""
    text = paths.source_text.read_text("utf-8")
    result = draft(text, "zh", *maps)
    source = read_source(paths.source_text)
    assert all(is_verbatim(q, source) for q in [c.quote for c in result.links]
               + [f.quote for f in result.figures])  # fmt: skip
    assert [h.key for h in result.headings if h.level == 1] == ["s1", "s2", "s3"]
    assert len(result.headings) == 16, "7307.5亿美元 at a line start is no heading"
    scores = evaluate(asserted, "article", result)
    assert scores["links"]["recall"] >= 0.6 and scores["links"]["precision"] >= 0.8
    assert scores["link ends"]["proposed"] >= 8 and scores["link ends"]["precision"] >= 0.8
    assert scores["figures"]["recall"] >= 0.8 and scores["figures"]["precision"] >= 0.9
    assert scores["entities"]["recall"] >= 0.75 and scores["entities"]["precision"] >= 0.95


def _resolve(path: Path) -> None:
    """What the researcher does by hand: check each candidate, keep three, fill in the rest."""
    data = yaml.safe_load(path.read_text("utf-8"))
    data["document"].update(
        kind="journal-article",
        label={"zh": "芯片出口管制与我国高新技术产品出口（测试用短评）",
               "en": "Chip export controls and China's high-tech exports (test commentary)"},
        definition="A fictitious two-section commentary written for the tests.",
        authors=["测试作者"], date="2023-01", identifier="TEST-COMMENTARY-1",
    )  # fmt: skip
    for section, english in zip(data["sections"], ("1. Export controls", "2. Responses"),
                                strict=True):  # fmt: skip
        del section["candidate"]
        section["label"]["en"] = english
    data["entities"] = [{"ref": e["ref"]} for e in data["entities"] if e["ref"] == "kg:chips"]
    [causal] = [c for c in data["causal_links"] if "导致" in c["candidate"]]
    del causal["candidate"]
    causal.update(cause="kg:us-technology-suppression", effect="kg:core-technology-dependence",
                  polarity="positive", gloss="Export controls make imports harder.")  # fmt: skip
    data["causal_links"] = [causal]
    [response] = [c for c in data["response_links"] if "以降低" in c["candidate"]]
    del response["candidate"]
    response.update(measure="domestic-substitution", target="kg:core-technology-dependence",
                    effect="reduces", gloss="Substitute chips, to cut the dependence.")  # fmt: skip
    data["response_links"] = [response]
    data["elements"] = [{
        "id": "domestic-substitution", "kind": "countermeasure",
        "label": {"zh": "加快芯片国产替代", "en": "speed up domestic substitution of chips"},
        "definition": "The commentary's proposal to replace imported chips with domestic ones.",
        "quote": "应加快芯片国产替代", "section": "s2", "gloss": "Substitute chips faster.",
    }]  # fmt: skip
    [figure] = [f for f in data["observations"] if f["value"] == "9400"]
    del figure["candidate"], figure["period"]  # the project has no kg:year-2022
    figure.update(indicator="kg:ind-export-value", approximate=True,
                  note="The commentary prints 2022; the project has no period kg:year-2022.",
                  gloss="In 2022 high-tech exports were about USD 940 billion.")  # fmt: skip
    data["observations"] = [figure]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def test_a_full_text_document_from_draft_to_a_cross_document_answer(
    project_copy: ProjectPaths, monkeypatch
) -> None:
    monkeypatch.setenv("HTKG_ROOT", str(project_copy.root))
    folder = project_copy.root / "literature"
    folder.mkdir()
    text = folder / "commentary.txt"
    shutil.copy(TEXT, text)
    out = folder / "test-chip-commentary.yaml"
    argv = ["draft", str(text), "--slug", "test-chip-commentary", "-o", str(out)]
    assert main(argv) == ExitCode.OK
    assert main(["add", "--check", str(out)]) == ExitCode.INPUT  # candidates left
    _resolve(out)
    assert main(["add", str(out)]) == ExitCode.OK
    assert main(["link"]) == ExitCode.OK
    dataset = run_build(project_copy)
    table = run(dataset, find_query("cq94", project_copy.queries),
                {"entity": "kg:core-technology-dependence"})  # fmt: skip
    documents = {str(row[0]) for row in table.rows}
    assert {str(KG.article), str(KG["test-chip-commentary"])} <= documents
    quotes = {str(row[-1]) for row in table.rows if str(row[0]) == str(KG["test-chip-commentary"])}
    assert "为此，应加快芯片国产替代，以降低核心技术对国际供应链的依赖。" in quotes
