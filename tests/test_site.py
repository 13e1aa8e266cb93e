"""make html: the static site loads in a real headless browser and every figure displays.

Needs Debian's chromium (CI installs it; the test is skipped where it is missing)."""
import functools
import http.server
import json
import re
import shutil
import subprocess
import threading

import pytest

from tests.conftest import ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

HARNESS = """<!doctype html><html><head><title>pending</title></head><body><iframe id="f" width="1200" height="900"></iframe>
<script>
async function check() {
  const pages = await (await fetch('pages.json')).json();
  pages.unshift('index.html');
  const report = {};
  for (const page of pages) {
    const frame = document.getElementById('f');
    await new Promise(resolve => { frame.onload = resolve; frame.src = page; });
    const doc = frame.contentDocument;
    await Promise.all([...doc.images].map(img => img.complete ? null : new Promise(r => { img.onload = r; img.onerror = r; })));
    const imgs = [...doc.images];
    report[page] = {title: doc.title, images: imgs.length, shown: imgs.filter(i => i.naturalWidth > 0).length};
  }
  document.title = 'REPORT' + JSON.stringify(report);
}
check().catch(e => { document.title = 'ERROR ' + e; });
</script></body></html>"""


@pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (apt-get install chromium)")
def test_site_loads_and_figures_display(tmp_path):
    from compendium import site

    out = tmp_path / "site"
    site.build(ROOT, out)
    (out / "harness.html").write_text(HARNESS, encoding="utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/harness.html"
        proc = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                               "--disable-background-networking", "--disable-component-update", "--disable-sync",
                               f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=30000", "--dump-dom", url],
                              capture_output=True, text=True, timeout=120)
    finally:
        server.shutdown()
    m = re.search(r"<title>REPORT(.*?)</title>", proc.stdout, re.S)
    assert m, f"the harness did not finish: {proc.stdout[-500:]} {proc.stderr[-500:]}"
    report = json.loads(m.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    expected = {}
    for nb in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        cells = json.loads(nb.read_text())["cells"]
        expected[f"{nb.stem}.html"] = sum("image/png" in o.get("data", {}) for c in cells for o in c.get("outputs", []))
    assert set(report) == set(expected) | {"index.html"}
    for page, n in expected.items():
        assert report[page]["title"] not in ("", "Notebook"), page
        assert report[page]["images"] >= n and report[page]["shown"] == report[page]["images"], (page, report[page])
    assert report["index.html"]["shown"] == 1
