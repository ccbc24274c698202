"""``htkg trace``: from each of the six constraint factors and from the trade friction.

The expected paths are written out by hand from the article's encoding (the
data files' causal and response links), as sets of
``(relation, measure, nodes along the path)``.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from rdflib import Dataset

from htkg.cli.main import main
from htkg.errors import ExitCode
from htkg.paths import ProjectPaths

CM = {  # the four countermeasures
    "rd": "cm-core-technology-rd",
    "infra": "cm-new-infrastructure-diversification",
    "supply": "cm-flexible-supply-chain",
    "cycle": "cm-product-service-positive-cycle",
}
EXPECTED_DIR = Path(__file__).parent / "expected" / "trace"
FACTORS = sorted(p.stem for p in EXPECTED_DIR.glob("*.json"))


def _expected(factor: str, key: str) -> set[tuple[str, str, tuple[str, ...]]]:
    """The hand-written paths of tests/expected/trace/<factor>.json."""
    document = json.loads((EXPECTED_DIR / f"{factor}.json").read_text(encoding="utf-8"))
    return {(r, m, tuple(nodes)) for r, m, nodes in document[key]}


HOP_KEYS = {
    "kind",
    "from",
    "to",
    "link",
    "polarity",
    "effect",
    "mode",
    "section",
    "quote",
    "note",
    "documents",
    "contested",
    "summary",
    "evidence",
}


@pytest.fixture()
def cli(reasoned: Dataset, monkeypatch: pytest.MonkeyPatch, paths: ProjectPaths):
    monkeypatch.setattr("htkg.workflow.load", lambda **_: reasoned)
    monkeypatch.chdir(paths.root)
    return main


def _json(cli, capsys, *args: str) -> dict:
    assert cli(["trace", *args, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def _signature(path: dict, start: str) -> tuple[str, str, tuple[str, ...]]:
    """(relation, measure, condition nodes from the start to the addressed one)."""
    nodes = [start] + [h["to"]["id"] for h in path["hops"] if h["kind"] != "response"]
    return path["relation"], path["measure"]["id"], tuple(n.removeprefix("kg:") for n in nodes)


def _check_shape(document: dict, start: str) -> None:
    assert set(document) >= {"term", "role", "lang"}
    assert document["term"]["id"] == start and document["term"]["label"]
    for name in ("countermeasures", "findings", "upstream", "downstream"):
        for path in document.get(name, []):
            assert path["relation"] in {
                "direct",
                "sub-factor",
                "downstream",
                "downstream of a sub-factor",
                "upstream",
            }
            hops = path["hops"]
            assert hops and all(set(h) == HOP_KEYS for h in hops)
            for before, after in itertools.pairwise(hops):
                joined = after["to"] if after["kind"] == "response" else after["from"]
                assert joined["id"] == before["to"]["id"]  # hops connect
            for hop in hops:
                assert hop["mode"] in {"authorStated", "curatorReading"}
                assert hop["section"]["id"].startswith("kg:article") and hop["quote"]
                if hop["kind"] == "causal":
                    assert hop["polarity"] in {"positive", "negative", "unknownPolarity"}
                    assert hop["link"].startswith("kg:link-")
                    assert hop["documents"] == ["article"] and len(hop["evidence"]) == 1
                if hop["kind"] == "response":
                    assert hop["effect"] in {"reduces", "raises", "unspecifiedEffect"}
                if hop["mode"] == "curatorReading":
                    assert hop["note"], "a curator reading carries the curator's note"
            assert path["curatorReadings"] == sum(h["mode"] == "curatorReading" for h in hops)
            weakest = "curatorReading" if path["curatorReadings"] else "authorStated"
            assert path["mode"] == weakest, "a chain is as strong as its weakest hop"


@pytest.mark.parametrize("factor", FACTORS)
def test_trace_from_each_constraint_factor(factor: str, cli, capsys) -> None:
    """The specific paths are listed; those through the abstract's summary sentence folded."""
    document = _json(cli, capsys, f"kg:{factor}")
    assert document["role"] == "ConstraintFactor"
    _check_shape(document, f"kg:{factor}")
    for key, paths in (
        ("countermeasures", document["countermeasures"]),
        ("folded", document.get("folded", {}).get("countermeasures", [])),
    ):
        found = {_signature(p, f"kg:{factor}") for p in paths}
        expected = _expected(factor, key)
        assert found == expected, (
            f"{key}: missing {expected - found}; unexpected {found - expected}"
        )
    assert all(not p["summary"] for p in document["countermeasures"])
    for path in document["countermeasures"] + document["folded"]["countermeasures"]:
        first, last = path["hops"][0], path["hops"][-1]
        assert f"kg:{factor}" in (first["from"]["id"], first["to"]["id"])
        assert last["kind"] == "response" and last["from"]["id"] == path["measure"]["id"]
        assert path["countermeasure"]["id"] in {f"kg:{m}" for m in CM.values()}


@pytest.mark.parametrize("factor", FACTORS)
def test_summaries_flag_lists_the_folded_paths(factor: str, cli, capsys) -> None:
    document = _json(cli, capsys, f"kg:{factor}", "--summaries")
    found = {_signature(p, f"kg:{factor}") for p in document["countermeasures"]}
    assert found == _expected(factor, "countermeasures") | _expected(factor, "folded")
    assert "folded" not in document


def test_text_folds_the_summary_paths_into_one_line(cli, capsys) -> None:
    assert cli(["trace", "kg:core-technology-dependence"]) == 0
    text = capsys.readouterr().out
    assert (
        text.count("使得高新技术产品对外出口面临挑战。由此") == 0
    )  # the summary quote, not repeated
    [line] = [x for x in text.splitlines() if "through a summary sentence" in x]
    assert line.startswith("+ 4 paths") and all(
        name in line for name in ("core-technology R&D", "new infrastructure", "supply chain")
    )
    # the direct response, and the two measures that raise the competitiveness it lowers
    assert "Countermeasures that address it — 3 paths" in text


def test_the_gap_policy_transmission_has_no_direct_countermeasure(cli, capsys) -> None:
    document = _json(cli, capsys, "kg:policy-transmission-blocked", "--summaries")
    assert {p["relation"] for p in document["countermeasures"]} == {
        "downstream",
        "downstream of a sub-factor",
    }


def test_downstream_flag_adds_paths_to_findings(cli, capsys) -> None:
    document = _json(cli, capsys, "kg:core-technology-dependence", "--downstream")
    [path] = document["findings"]
    assert [h["to"]["id"] for h in path["hops"]] == [
        "kg:international-competitiveness",
        "kg:finding-slowing-export-growth",
    ]
    # − (dependence lowers competitiveness) × − (lower competitiveness, slower growth) = +
    assert [h["polarity"] for h in path["hops"]] == ["negative", "negative"]
    assert path["polarity"] == "positive"
    assert path["curatorReadings"] == 1
    plain = _json(cli, capsys, "kg:core-technology-dependence")
    assert "findings" not in plain


def test_trace_from_the_trade_friction(cli, capsys) -> None:
    document = _json(cli, capsys, "kg:sino-us-trade-friction")
    assert document["role"] == "Event"
    _check_shape(document, "kg:sino-us-trade-friction")
    assert document["upstream"] == []
    chains = {
        tuple(h["to"]["id"].removeprefix("kg:") for h in p["hops"]) for p in document["downstream"]
    }
    assert chains == {
        ("export-decline-2019", "finding-fluctuating-export-growth"),
        ("export-trade-affected",),
        ("reduced-exports-to-us", "finding-slowing-export-growth"),
        ("restrictions-on-chinese-high-tech-products",),
        ("us-technology-suppression", "core-tech-innovation-constrained"),
    }
    # through the abstract's summary sentence: folded, not lost
    folded = document["folded"]["downstream"]
    assert [tuple(h["to"]["id"].removeprefix("kg:") for h in p["hops"]) for p in folded] == [
        ("western-tech-policy-uncertainty", "export-challenges")
    ]


def test_trace_upstream_of_a_finding(cli, capsys) -> None:
    document = _json(cli, capsys, "kg:finding-slowing-export-growth")
    _check_shape(document, "kg:finding-slowing-export-growth")
    sources = {p["hops"][0]["from"]["id"] for p in document["upstream"]}
    assert sources == {
        "kg:covid-19-pandemic",
        "kg:rise-of-protectionism",
        "kg:sino-us-trade-friction",
        "kg:new-trade-barriers",
        "kg:ip-and-standards-restrictions",
        "kg:core-technology-dependence",
        "kg:technical-barriers",
        # through limited innovation capacity → international competitiveness (一(二))
        "kg:insufficient-enterprise-investment",
        "kg:reliance-on-asean-brics",
    }
    assert all(
        p["hops"][-1]["to"]["id"] == "kg:finding-slowing-export-growth"
        for p in document["upstream"]
    )


def test_text_and_markdown_show_polarity_mode_section_quote(cli, capsys) -> None:
    assert cli(["trace", "kg:core-technology-dependence", "--downstream"]) == 0
    text = capsys.readouterr().out
    assert "[−]" in text and "curator's reading" in text and "stated by the author" in text
    assert "“核心技术受制于人，在很大程度上降低了我国高新技术产品在国际市场上的竞争力”" in text
    assert cli(["trace", "kg:core-technology-dependence", "--format", "md", "--lang", "zh"]) == 0
    md = capsys.readouterr().out
    assert md.startswith("# 制约因素：核心技术严重依赖国际供应链") and "> " in md


def test_term_by_label_fragment_in_either_language(cli, capsys) -> None:
    assert _json(cli, capsys, "核心技术严重依赖")["term"]["id"] == "kg:core-technology-dependence"
    assert _json(cli, capsys, "Sino-US trade friction")["term"]["id"] == "kg:sino-us-trade-friction"
    full = "https://w3id.org/htkg/id/new-trade-barriers"
    assert _json(cli, capsys, full)["term"]["id"] == "kg:new-trade-barriers"


@pytest.mark.parametrize(
    ("term", "needle"),
    [
        ("trade friction", "ambiguous term 'trade friction'"),
        ("zzz-no-such-thing", "unknown term"),
        ("nope:thing", "known prefix"),
        ("kg:china", "is a htkg:Economy, not a node of the causal network"),
    ],
)
def test_bad_terms_are_one_line_errors(term: str, needle: str, cli, capsys) -> None:
    assert cli(["trace", term]) == ExitCode.INPUT
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and needle in err
    if needle.startswith("ambiguous"):
        assert "kg:sino-us-trade-friction" in err and "kg:trade-friction-probability" in err
