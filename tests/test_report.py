"""``htkg report``: a brief that is complete, self-contained and footnoted, in zh and en.

The brief must refer to nothing remote (it is read offline and printed), name
every constraint factor and countermeasure, carry every figure the audit checks
with its verdict, and back every claim with a footnote that exists.
"""

from __future__ import annotations

import re
import shutil
from html import unescape
from pathlib import Path

import pytest
from rdflib import Dataset, Literal
from rdflib.namespace import RDF, SKOS

from htkg.audit.run import run_audit
from htkg.cli.main import main
from htkg.errors import ExitCode
from htkg.output.report import VERDICTS, render_report
from htkg.output.report_page import CHROMIUM_FLAGS, find_chromium
from htkg.output.zh import audit_zh, word
from htkg.rdf.graphs import union_default_graph
from htkg.rdf.namespaces import HTKG

ARTIFACTS = Path(__file__).parent / "artifacts"


@pytest.fixture(scope="module")
def briefs(reasoned: Dataset) -> dict[str, str]:
    return {lang: render_report(reasoned, lang) for lang in ("en", "zh")}


def _labels(dataset: Dataset, cls, lang: str) -> set[str]:
    with union_default_graph(dataset):
        members = set(dataset.subjects(RDF.type, cls))
        return {
            str(label)
            for member in members
            for label in dataset.objects(member, SKOS.prefLabel)
            if isinstance(label, Literal) and label.language == lang
        }


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_remote_resource(briefs: dict[str, str], lang: str) -> None:
    page = briefs[lang]
    links = re.findall(r"""(?:src|href)\s*=\s*["']([^"']*)""", page)
    assert links and all(link.startswith(("data:", "#")) for link in links), {
        link[:60] for link in links if not link.startswith(("data:", "#"))
    }
    assert not re.search(r"<script|<link|<iframe|@import|url\(\s*['\"]?https?:", page)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_constraint_and_countermeasure(briefs, reasoned: Dataset, lang: str) -> None:
    text = unescape(briefs[lang])
    factors = _labels(reasoned, HTKG.ConstraintFactor, lang)
    measures = _labels(reasoned, HTKG.Countermeasure, lang)
    assert len(factors) >= 6 and len(measures) >= 4
    assert [f for f in factors | measures if f not in text] == []


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_audited_figure_with_its_verdict(briefs, reasoned: Dataset, lang: str) -> None:
    text = unescape(briefs[lang])
    rows = dict(re.findall(r"<tr><td>(.*?)</td>(.*?)</tr>", text, re.S))
    checks = run_audit(reasoned)
    assert checks
    for check in checks:
        label = check.label_zh if lang == "zh" else check.label_en
        row = next((cells for head, cells in rows.items() if head.startswith(label)), None)
        assert row is not None, label
        verdict = word(check.verdict, lang) if lang == "zh" else VERDICTS[check.verdict]
        assert f">{verdict}</td>" in row
        for value in (check.printed, check.recomputed):
            assert value is None or f"<td>{value}</td>" in row
        arithmetic = audit_zh(check.arithmetic) if lang == "zh" else check.arithmetic
        assert arithmetic in row
        for figure in check.audited:  # each audited figure footnoted with its passage
            quote = reasoned.value(figure, HTKG.quote, any=True)
            assert quote is None or f"“{quote}”" in text
    assert "12.4" in text and "8.4221" in text  # the printed average, the recomputed mean


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_footnote_exists_and_quotes_a_passage(briefs, lang: str) -> None:
    page = briefs[lang]
    cited = set(re.findall(r'href="#fn(\d+)"', page))
    notes = dict(re.findall(r'<li id="fn(\d+)">(.*?)</li>', page, re.S))
    assert cited and cited == set(notes)
    assert all(note.startswith("“") and "— " in note for note in notes.values())
    # the quotes are the article's own words in both briefs
    assert "“核心技术受制于人" in page


def test_the_chinese_brief_speaks_chinese(briefs) -> None:
    from tests.test_zh import english_words

    body = re.sub(r"<style>.*?</style>|<[^>]+>", " ", briefs["zh"], flags=re.S)
    assert english_words(unescape(body)) <= {"htkg", "report"}


def test_cli_writes_the_brief(tmp_path: Path, monkeypatch, reasoned: Dataset) -> None:
    monkeypatch.setattr("htkg.workflow.load", lambda **_: reasoned)
    target = tmp_path / "brief.html"
    assert main(["report", "-o", str(target), "--lang", "zh"]) == 0
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert main(["report", "-o", str(tmp_path / "missing" / "b.html")]) == ExitCode.OUTPUT


@pytest.mark.slow
def test_pdf_and_first_page_screenshot(tmp_path: Path, monkeypatch, reasoned, briefs) -> None:
    chromium = find_chromium()
    if chromium is None:
        pytest.skip("chromium is not installed: apt-get install -y chromium (Debian)")
    monkeypatch.setattr("htkg.workflow.load", lambda **_: reasoned)
    target = tmp_path / "brief.html"
    assert main(["report", "-o", str(target), "--pdf"]) == 0
    assert (tmp_path / "brief.pdf").read_bytes()[:5] == b"%PDF-"
    ARTIFACTS.mkdir(exist_ok=True)
    page = tmp_path / "zh.html"
    page.write_text(briefs["zh"], encoding="utf-8")
    shot = ARTIFACTS / "report.png"
    import subprocess

    subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path}/profile",
                    "--hide-scrollbars", "--window-size=1100,1400", f"--screenshot={shot}",
                    page.as_uri()], capture_output=True, timeout=120, check=False)  # fmt: skip
    assert shot.exists() and shot.stat().st_size > 10_000
    assert shutil.which(chromium) or Path(chromium).exists()
