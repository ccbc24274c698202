"""A real browser opens the explorer with every network request blocked.

Headless Chromium (Debian's ``chromium``) loads the page from a file with a proxy
that leads nowhere, so a single remote script or stylesheet would fail. The page
reports what it built in ``<body data-…>`` attributes, which ``--dump-dom``
prints: node and edge counts of vis-network's own DataSets, and every script
error caught by ``window.onerror``. A small check script appended to a copy of
the page also works the controls (language switch, search, class filter,
highlight). A screenshot is kept in ``tests/artifacts/``.

Without Chromium the test is skipped with the install hint, except on CI
(``CI=true``), where it must run.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Dataset

from htkg.network.digraph import build_network
from htkg.output.explorer import render
from htkg.output.layout import first_view

pytestmark = pytest.mark.slow

ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
)
OFFLINE_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>", "--hide-scrollbars",
    "--enable-logging=stderr", "--v=0", "--virtual-time-budget=4000",
]  # fmt: skip

CHECKS = """<script>
(function () {
  var report = {};
  function done() { document.body.setAttribute("data-checks", JSON.stringify(report)); }
  try {
    htkgSetLang("zh");
    report.zh = nodes.get("kg:insufficient-enterprise-investment").label;
    htkgSetLang("en");
    htkgView("all");
    htkgSearch("trade friction").then(function () {
      report.hits = network.getSelectedNodes().length;
      document.querySelector('#classes input[value="Mechanism"]').checked = false;
      htkgFilter();
      report.visible = nodes.get({filter: function (n) { return !n.hidden; }}).length;
      document.querySelector('#classes input[value="Mechanism"]').checked = true;
      htkgFilter();
      htkgHighlight("loop-2");
      report.highlight = document.body.getAttribute("data-highlight");
      done();
    }).catch(function (e) { report.error = String(e); done(); });
  } catch (e) { report.error = String(e); done(); }
})();
</script>
</body>"""


def _chromium_or_skip() -> str:
    if CHROMIUM:
        return CHROMIUM
    message = ("headless Chromium not found: install it with "
               "`apt-get install -y chromium` (Debian) to run the browser test")  # fmt: skip
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def _run(chromium: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    command = [chromium, *OFFLINE_FLAGS, f"--user-data-dir={profile}", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=25, check=False)


def _body_attributes(dom: str) -> dict[str, str]:
    body = re.search(r"<body([^>]*)>", dom)
    assert body, f"no <body> in the dumped DOM: {dom[:300]!r}"
    return {k: html.unescape(v) for k, v in re.findall(r'([\w-]+)="([^"]*)"', body.group(1))}


@pytest.fixture(scope="module")
def net(reasoned: Dataset) -> nx.DiGraph:
    return build_network(reasoned)


def test_explorer_loads_offline_without_errors(net, tmp_path: Path) -> None:
    chromium = _chromium_or_skip()
    page = tmp_path / "explorer.html"
    page.write_text(render(net, lang="en", highlight_loops=True), encoding="utf-8")
    result = _run(chromium, tmp_path / "profile", "--dump-dom", page.as_uri())
    attrs = _body_attributes(result.stdout)
    assert attrs.get("data-ready") == "1", result.stderr[-2000:]
    assert json.loads(attrs["data-errors"]) == []
    assert int(attrs["data-nodes"]) == net.number_of_nodes()
    _members, via = first_view(net)  # the first view's summary edges come on top
    assert int(attrs["data-edges"]) == net.number_of_edges() + len(via)
    assert attrs["data-highlight"] == "loops"
    console = [line for line in result.stderr.splitlines() if "Uncaught" in line]
    assert console == []


def test_explorer_controls_work(net, tmp_path: Path) -> None:
    chromium = _chromium_or_skip()
    page = tmp_path / "checks.html"
    page.write_text(render(net).replace("</body>", CHECKS, 1), encoding="utf-8")
    result = _run(chromium, tmp_path / "profile", "--dump-dom", page.as_uri())
    checks = json.loads(_body_attributes(result.stdout)["data-checks"])
    mechanisms = sum(d["cls"] == "Mechanism" for _, d in net.nodes(data=True))
    assert checks == {
        "zh": "企业自主投入不足",
        "hits": sum("trade friction" in d["label_en"].lower() for _, d in net.nodes(data=True)),
        "visible": net.number_of_nodes() - mechanisms,
        "highlight": "loop-2",
    }


def test_explorer_screenshot(net, tmp_path: Path) -> None:
    chromium = _chromium_or_skip()
    page = tmp_path / "explorer.html"
    page.write_text(render(net, lang="en"), encoding="utf-8")
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "explorer.png"
    shot.unlink(missing_ok=True)
    _run(chromium, tmp_path / "profile", "--window-size=1800,1100", f"--screenshot={shot}",
         page.as_uri())  # fmt: skip
    assert shot.is_file() and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 50_000  # a drawn network, not a blank page
