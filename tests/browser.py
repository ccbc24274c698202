"""Shared by the browser tests: Debian's Chromium driven by Playwright over DevTools.

Playwright is told where Chromium is (``/usr/bin/chromium``); it never downloads
a browser. Without Chromium or Playwright the tests skip with the install hint,
except on CI (``CI=true``), where they must run.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
)
HINT = (
    "install Debian's Chromium (`apt-get install -y chromium`) and the test extra "
    "(`pip install -e '.[test]'`, which brings Playwright) to run the browser tests"
)

#: measure what the page draws: scale, visible boxes (canvas units), overlapping pairs
MEASURE = """() => {
  var scale = network.getScale(), ids = nodes.get({filter: n => !n.hidden}).map(n => n.id);
  var boxes = ids.map(id => [id, network.getBoundingBox(id)]), over = [];
  for (var i = 0; i < boxes.length; i++) for (var j = i + 1; j < boxes.length; j++) {
    var a = boxes[i][1], b = boxes[j][1];
    if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) {
      over.push([boxes[i][0], boxes[j][0]]);
    }
  }
  var fonts = ids.map(id => network.body.nodes[id].options.font.size);
  var frame = document.getElementById("mynetwork").getBoundingClientRect();
  var outside = ids.filter(id => {
    var p = network.canvasToDOM(network.getPosition(id));
    return p.x < 0 || p.y < 0 || p.x > frame.width || p.y > frame.height;
  });
  return {scale: scale, smallest: Math.min.apply(null, fonts) * scale, visible: ids.length,
          overlaps: over, outside: outside};
}"""


def playwright_or_skip():  # type: ignore[no-untyped-def]
    """``sync_playwright`` when Chromium and Playwright are here; else skip (fail on CI)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if CHROMIUM and sync_playwright is not None:
        return sync_playwright
    if os.environ.get("CI") == "true":
        pytest.fail(HINT)
    pytest.skip(HINT)


@pytest.fixture(scope="module")
def browser() -> Iterator:
    sync_playwright = playwright_or_skip()
    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        yield chromium
        chromium.close()


class Page:
    """One tab at 1400×900 that records every request and script error."""

    def __init__(self, browser, block_network: bool = True) -> None:  # type: ignore[no-untyped-def]
        self.context = browser.new_context(viewport={"width": 1400, "height": 900},
                                           accept_downloads=True)  # fmt: skip
        self.requests: list[str] = []
        self.errors: list[str] = []
        if block_network:
            self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))

    def _route(self, route) -> None:  # type: ignore[no-untyped-def]
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:")):
            route.continue_()
        else:
            self.requests.append(url)
            route.abort()

    def open(self, url: str) -> Page:
        self.page.goto(url)
        self.page.wait_for_selector("body[data-ready='1']", timeout=30_000)
        self.page.wait_for_timeout(300)
        return self

    def js(self, script: str, arg: object = None) -> object:
        return self.page.evaluate(script, arg)

    def close(self) -> None:
        self.context.close()
