"""A real headless browser for the HTML tests, driven with nothing but its command line.

``check_page`` copies a page, puts a recorder of errors at the top of its ``<head>`` and a check
script at the end of its ``<body>``, loads it in headless Chromium (``--dump-dom`` after the page's
timers ran) and returns what the check script wrote: its results, the page's errors, the resources it
fetched and the ways they were asked for. Console messages printed by Chromium itself are collected too. Pages are opened as an
analyst's browser opens a file: no flag lets ``file://`` pages fetch other files.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
BROWSER = next((found for name in BROWSERS if (found := shutil.which(name))), None)
needs_browser = pytest.mark.skipif(
    BROWSER is None,
    reason="no headless browser found (install Debian's chromium: apt-get install -y chromium)",
)
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-extensions", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync")  # fmt: skip
RECORDER = """<script>
window.__errors = []; window.__pwned = 0;
window.addEventListener("error", function (e) { window.__errors.push("error: " + e.message); });
window.addEventListener("unhandledrejection", function (e) { window.__errors.push("rejection: " + e.reason); });
(function () { var c = console.error; console.error = function () {
  window.__errors.push("console: " + Array.prototype.join.call(arguments, " ")); c.apply(console, arguments); }; })();
window.alert = function () { window.__pwned = 1; };
window.__fetched = [];
(function () { var f = window.fetch, open = XMLHttpRequest.prototype.open;
  window.fetch = function (url) { window.__fetched.push(String(url)); return f.apply(this, arguments); };
  XMLHttpRequest.prototype.open = function (m, url) { window.__fetched.push(String(url)); return open.apply(this, arguments); };
})();
</script>"""
RUNNER = """<script>
window.addEventListener("load", function () { setTimeout(function () {
  var out = {};
  function write() {
    out.errors = window.__errors; out.pwned = window.__pwned;
    out.resources = performance.getEntriesByType("resource").map(function (r) { return r.name; });
    out.fetched = window.__fetched;
    out.scripts = Array.prototype.map.call(document.querySelectorAll("script[src]"), function (s) { return s.src; });
    var pre = document.createElement("pre"); pre.id = "__result"; pre.textContent = JSON.stringify(out);
    document.body.appendChild(pre);
  }
  function failed(e) { out.failed = String(e && e.stack || e); write(); }
  try {
    Promise.resolve((function () { %s })()).then(function (r) { out.results = r; write(); }, failed);
  } catch (e) { failed(e); }
}, 50); });
</script>"""
RESULT = re.compile(r'<pre id="__result">(.*?)</pre>', re.S)
CONSOLE = re.compile(r"CONSOLE\(\d+\)\] \"(.*?)\", source")


def run_browser(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    assert BROWSER is not None
    return subprocess.run(
        [BROWSER, *FLAGS, *args], capture_output=True, text=True, timeout=timeout, check=False
    )


def check_page(page: Path, script: str, work: Path, fragment: str = "") -> dict[str, Any]:
    """Load ``page`` (a copy beside it, so relative links still work; at ``#fragment`` if given) with the
    check ``script`` (a function body returning JSON-able results, or a promise of them) and return
    ``{"results", "errors", "pwned", "resources", "fetched", "scripts", "console"}`` (``fetched``: URLs asked of
    ``fetch`` or ``XMLHttpRequest``; ``scripts``: the page's ``<script src>`` at the end)."""
    html = page.read_text(encoding="utf-8")
    html = html.replace("<head>", "<head>" + RECORDER, 1).replace("</body>", RUNNER % script + "</body>", 1)
    copy = page.with_name(f"__check_{page.name}")
    copy.write_text(html, encoding="utf-8")
    try:
        done = run_browser(
            "--enable-logging=stderr", "--v=0", "--virtual-time-budget=15000",
            f"--user-data-dir={work / 'profile'}", "--dump-dom", copy.as_uri() + (f"#{fragment}" if fragment else ""),
        )  # fmt: skip
    finally:
        copy.unlink()
    found = RESULT.search(done.stdout)
    assert found, f"the check script wrote nothing: {done.stderr[-2000:]}"
    out = json.loads(unescape(found.group(1)))
    out["console"] = [m for m in CONSOLE.findall(done.stderr) if "__check" not in m]
    return out


def unescape(text: str) -> str:
    import html

    return html.unescape(text)


def screenshot(page: Path, to: Path, work: Path, size: str = "1400,2400") -> Path:
    """A picture of ``page`` for a person to look at (tests write it to a temporary folder)."""
    run_browser(f"--user-data-dir={work / 'profile'}", "--hide-scrollbars", f"--window-size={size}",
                f"--screenshot={to}", "--virtual-time-budget=5000", page.as_uri())  # fmt: skip
    return to
