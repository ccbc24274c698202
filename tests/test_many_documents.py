"""Many documents, one argument: a second document corroborates one link and contests another.

The fictitious ``tests/data/second-document/second-commentary.yaml`` restates
the article's link Sino-US trade friction → US technology suppression
(corroboration) and gives the vicious circle's link limited R&D investment →
constrained innovation the opposite sign (contest). Both are normal in a literature graph:
every command still answers (exit 0), names both documents on the corroborated
step, and marks the contested relation in trace, loops and what-if.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from htkg.cli.main import main
from htkg.paths import ProjectPaths

CORROBORATED = ("kg:sino-us-trade-friction", "kg:us-technology-suppression")
CONTESTED = ("kg:limited-enterprise-rd-investment", "kg:constrained-enterprise-innovation")


@pytest.fixture(scope="module")
def built(two_documents_project: ProjectPaths, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project with the second document, built by ``htkg build`` (once)."""
    root = tmp_path_factory.mktemp("two-documents-built") / "project"
    shutil.copytree(two_documents_project.root, root)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        patch.delenv("HTKG_ROOT", raising=False)
        assert main(["build", "--quiet"]) == 0
    return root


@pytest.fixture()
def cli(built: Path, monkeypatch: pytest.MonkeyPatch, capsys):
    monkeypatch.chdir(built)
    monkeypatch.delenv("HTKG_ROOT", raising=False)

    def run(*args: str) -> str:
        capsys.readouterr()
        assert main(list(args)) == 0, capsys.readouterr().err
        return capsys.readouterr().out

    return run


def _hops(document: dict) -> list[dict]:
    return [
        h
        for key in ("countermeasures", "upstream", "downstream", "findings")
        for p in document.get(key, [])
        for h in p["hops"]
    ]


def test_trace_names_both_documents_on_the_corroborated_step(cli) -> None:
    document = json.loads(cli("trace", CORROBORATED[0], "--format", "json"))
    [hop] = {
        json.dumps(h, sort_keys=True): h
        for h in _hops(document)
        if (h["from"]["id"], h["to"]["id"]) == CORROBORATED
    }.values()
    assert hop["documents"] == ["article", "second-commentary"]
    assert {e["document"] for e in hop["evidence"]} == {"article", "second-commentary"}
    assert "贸易摩擦升级之后，美国对中国的技术打压明显加强" in {e["quote"] for e in hop["evidence"]}
    assert hop["polarity"] == "positive" and not hop["contested"]
    text = cli("trace", CORROBORATED[0])
    assert "second-commentary · stated by the author" in text


def test_trace_marks_the_contested_step(cli) -> None:
    document = json.loads(cli("trace", "kg:insufficient-enterprise-investment", "--format", "json"))
    contested = [h for h in _hops(document) if (h["from"]["id"], h["to"]["id"]) == CONTESTED]
    assert contested and all(
        h["contested"] and h["polarity"] == "unknownPolarity" for h in contested
    )
    assert {e["polarity"] for e in contested[0]["evidence"]} == {"positive", "negative"}
    assert "[contested]" in cli("trace", "kg:insufficient-enterprise-investment")


def test_loops_call_the_vicious_circle_unknown_and_say_why(cli) -> None:
    loops = json.loads(cli("loops", "--format", "json"))
    [circle] = [loop for loop in loops if CONTESTED[0] in [n["id"] for n in loop["nodes"]]]
    assert circle["kind"] == "unknown"
    [link] = [k for k in circle["links"] if k["contested"]]
    assert (link["from"], link["to"]) == CONTESTED
    assert link["documents"] == "article, second-commentary"
    assert "contested" in cli("loops")


def test_whatif_treats_the_contested_relation_as_unknown(cli) -> None:
    result = json.loads(cli("whatif", CONTESTED[0], "--format", "json"))
    effects = {e["id"]: e for e in result["effects"]}
    target = effects[CONTESTED[1]]
    assert target["change"] == "unknown"
    assert [CONTESTED[0], CONTESTED[1], "contested"] in target["reasons"]
    assert "contested" in cli("whatif", CONTESTED[0])


@pytest.mark.parametrize(
    "args",
    [
        ("leverage",),
        ("network", "-o", "{tmp}/net.html"),
        ("export-network", "--format", "graphml", "-o", "{tmp}/net.graphml"),
        ("export-network", "--format", "json", "-o", "{tmp}/net.json"),
    ],
)
def test_every_network_command_answers(cli, tmp_path: Path, args: tuple[str, ...]) -> None:
    cli(*(a.format(tmp=tmp_path) for a in args))


def test_filters_keep_one_documents_evidence(cli) -> None:
    only_article = json.loads(cli("loops", "--format", "json", "--document", "article"))
    assert {loop["kind"] for loop in only_article} == {"reinforcing"}
    document = json.loads(
        cli("trace", CORROBORATED[0], "--format", "json", "--document", "second-commentary")
    )
    assert {d for h in _hops(document) for d in h["documents"]} == {"second-commentary"}
