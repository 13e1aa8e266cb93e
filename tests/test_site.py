"""make html (nbconvert with tools/nbconvert/compendium, pyftsubset for the font): every character of the site is
in the font it ships, no script is fetched from the web, every link works when the site is copied elsewhere, every
figure has an alternative text; in a headless Chromium every page loads, its figures display and the font is used."""
import functools
import html.parser
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from urllib.parse import unquote, urlsplit

import pytest
from fontTools.ttLib import TTFont

from tests.conftest import COPIES, ROOT, STAMP_INPUTS

pytestmark = pytest.mark.slow


def find_browser() -> str | None:
    """The system's Chromium or Chrome (Debian's chromium; .ci/run installs it): no browser is downloaded."""
    return next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None)


class Visible(html.parser.HTMLParser):
    """Every character a reader sees: text outside <script> and <style>, and alt attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chars, self.skip = set(), 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("script", "style")
        self.chars.update("".join(v or "" for k, v in attrs if k == "alt"))

    def handle_endtag(self, tag):
        self.skip -= tag in ("script", "style") and self.skip > 0

    def handle_data(self, data):
        if not self.skip:
            self.chars.update(data)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    clone = tmp_path_factory.mktemp("site") / "clone"
    shutil.copytree(ROOT, clone, ignore=shutil.ignore_patterns(".venv*", "site", "build", ".git"))
    (clone / ".venv").symlink_to(sys.prefix)   # this environment: make finds it current and runs nbconvert
    for old in STAMP_INPUTS:
        os.utime(clone / old, (0, 0))
    subprocess.run(["make", "-s", "html"], cwd=clone, check=True, capture_output=True)
    return clone / "site"


def pages(site):
    """Each notebook's page, by language folder and name (en/00_claims_ledger.html), and the landing page."""
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in sorted(site.glob("**/*.html"))}


def test_every_character_has_a_glyph_in_the_shipped_font(site):
    cmap = set(TTFont(str(site / "fonts" / "site.woff")).getBestCmap())
    for name, text in pages(site).items():
        parser = Visible()
        parser.feed(text)
        missing = {c for c in parser.chars if c.isprintable() and not c.isspace() and ord(c) not in cmap}
        assert not missing, (name, sorted(missing)[:10])
    assert "中" in "".join(pages(site).values()) and (site / "fonts" / "site.woff").stat().st_size < 500_000


def test_no_script_is_fetched_from_the_web_and_every_page_links_back(site):
    for name, text in pages(site).items():
        assert not re.search(r'<script[^>]+src="https?:', text), name
        if name != "index.html":
            assert 'src: url("../fonts/site.woff")' in text and '<a href="00_claims_ledger.html">' in text, name


def test_every_link_works_when_the_site_is_copied_elsewhere(site, tmp_path):
    copy = tmp_path / "elsewhere" / "site"
    shutil.copytree(site, copy)
    broken, checked = [], 0
    for page in copy.glob("**/*.html"):
        for target in re.findall(r'(?:href|src)="([^"#]+)', page.read_text(encoding="utf-8")):
            if urlsplit(target).scheme not in ("http", "https", "data", "mailto"):
                checked += 1
                broken += [] if (page.parent / unquote(urlsplit(target).path)).exists() else [f"{page.name}: {target}"]
    assert checked and not broken, broken
    assert ".ipynb" not in "".join(re.findall(r'href="([^"]+)"', (copy / "index.html").read_text(encoding="utf-8")))


def test_every_image_has_an_alternative_text_and_tables_read_as_people_write(site):
    for name, text in pages(site).items():
        for tag in re.findall(r"<img\b[^>]*>", text):
            alt = re.search(r'\salt="([^"]*)"', tag)
            assert alt and alt.group(1).strip() and "No description" not in alt.group(1), (name, tag[:100])
        cells = re.findall(r"<td[^>]*>(.*?)</td>", text, re.S)
        assert not [c for c in cells if c.strip() in ("NaN", "nan", "&lt;NA&gt;", "None") or re.search(r"\de[+-]\d", c)]


HARNESS = """<!doctype html><html><head><title>pending</title></head><body><iframe id="f" width="1200" height="900"></iframe>
<script>
async function check() {
  const report = {};
  for (const page of PAGES) {
    const frame = document.getElementById('f');
    await new Promise(resolve => { frame.onload = resolve; frame.src = page; });
    const doc = frame.contentDocument;
    await Promise.all([...doc.images].map(img => img.complete ? null : new Promise(r => { img.onload = r; img.onerror = r; })));
    await doc.fonts.ready;
    const imgs = [...doc.images];
    report[page] = {title: doc.title, images: imgs.length, shown: imgs.filter(i => i.naturalWidth > 0).length,
                    fonts: [...doc.fonts].filter(f => f.family.includes('Compendium')).map(f => f.status),
                    cjk: doc.fonts.check('16px "Compendium Noto Sans CJK SC"', '中国'),
                    prose: getComputedStyle(doc.querySelector('.jp-RenderedMarkdown p')).fontFamily};
  }
  document.title = 'REPORT' + JSON.stringify(report);
}
check().catch(e => { document.title = 'ERROR ' + e; });
</script></body></html>"""


@pytest.mark.skipif(find_browser() is None, reason="no Chromium (apt-get install chromium)")
def test_every_page_loads_its_figures_and_its_font_in_a_browser(site, tmp_path):
    names = [p.relative_to(site).as_posix() for p in sorted(site.glob("*/*.html"))]
    (site / "harness.html").write_text(HARNESS.replace("PAGES", json.dumps(names)), encoding="utf-8")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(http.server.SimpleHTTPRequestHandler,
                                                                                directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        proc = subprocess.run([find_browser(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                               "--no-first-run", "--disable-background-networking", "--disable-component-update",
                               "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=30000",
                               "--dump-dom", f"http://127.0.0.1:{server.server_address[1]}/harness.html"],
                              capture_output=True, text=True, timeout=180)
    finally:
        server.shutdown()
    found = re.search(r"<title>REPORT(.*?)</title>", proc.stdout, re.S)
    assert found, proc.stdout[-500:] + proc.stderr[-500:]
    report = json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    for (lang, name), nb in COPIES.items():
        figures = sum("image/png" in o.get("data", {}) for c in json.loads(nb.read_text())["cells"] for o in c.get("outputs", []))
        seen = report[f"{lang}/{name}.html"]
        assert seen["title"] and seen["images"] >= figures and seen["shown"] == seen["images"], (nb.stem, seen)
        assert seen["fonts"] == ["loaded"] and seen["cjk"] and seen["prose"].startswith('"Compendium'), (nb.stem, seen)
