"""make html: every character of the site is in the font it ships, tables read as people write numbers, every
figure has an alternative text; in a real headless browser, every page loads, every figure displays and the
shipped font is the one used.

The browser test needs Debian's chromium (CI installs it; the test is skipped where it is missing)."""
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


@pytest.fixture(scope="module")
def built_site(tmp_path_factory):
    from compendium.build import site

    out = tmp_path_factory.mktemp("site")
    site.build(ROOT, out)
    return out


def _pages(out):
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(out.glob("*.html"))}


def test_every_character_has_a_glyph_in_the_shipped_font(built_site):
    from compendium.build import site

    cmap = site.shipped_cmap(built_site)
    missing = {name: sorted({c for c in site.visible_chars(text) if ord(c) not in cmap})
               for name, text in _pages(built_site).items()}
    assert not any(missing.values()), f"characters the site's font cannot draw: {missing}"
    assert any("\u4e00" <= c <= "\u9fff" for text in _pages(built_site).values() for c in site.visible_chars(text))


def test_the_glyph_check_can_fail(tmp_path):
    """A character outside the bundled font (an emoji, a rare ideograph) is not in the subset made for it."""
    from compendium.build import site

    site.write_font({"中", "a", "\U0001F600", "𠀀"}, tmp_path / site.FONT_FILE)
    cmap = site.shipped_cmap(tmp_path)
    assert ord("中") in cmap and ord("a") in cmap
    assert ord("\U0001F600") not in cmap and ord("𠀀") not in cmap


def test_pages_name_the_shipped_font(built_site):
    from compendium.build import site

    for name, text in _pages(built_site).items():
        assert f'src: url("{site.FONT_FILE}")' in text, name
    assert (built_site / site.FONT_FILE).stat().st_size < 500_000


@pytest.mark.parametrize("raw, shown", [("NaN", ""), ("&lt;NA&gt;", ""), ("None", ""), ("6.92132e+06 to 6.9342e+06",
                                        "6,921,320 to 6,934,200"), ("1.5e-03", "0.0015"), ("7.5e5", "750,000"),
                                        ("S3-milk-us", "S3-milk-us"), ("ce2014", "ce2014"), ("x1e5", "x1e5"),
                                        ("19.9712 to 20.1444", "19.9712 to 20.1444")])
def test_table_cells_for_people(raw, shown):
    from compendium.build import site

    assert site.human_cell(raw) == shown


def test_tables_hold_no_machine_values(built_site):
    cells = [c for text in _pages(built_site).values() for c in re.findall(r"<td[^>]*>(.*?)</td>", text, re.S)]
    assert cells
    bad = [c for c in cells if c.strip() in ("NaN", "nan", "&lt;NA&gt;", "None") or re.search(r"(?<![\w.])\d+(\.\d+)?e[+-]?\d", c)]
    assert not bad, bad[:5]


def test_every_page_is_named_by_its_title_and_links_back(built_site):
    import json as json_

    from compendium.build import notebooks

    index = (built_site / "index.html").read_text(encoding="utf-8")
    assert "(untitled)" not in index
    for entry in notebooks.NOTEBOOKS:
        page = (built_site / f"{entry.name}.html").read_text(encoding="utf-8")
        link = re.search(rf'<a href="{entry.name}.html">([^<]+)</a>', index)
        assert link and link.group(1) != entry.name, entry.name
        import html as html_

        title = html_.unescape(link.group(1))   # the index names the page by the heading the page shows
        assert title in html_.unescape(re.sub(r"<[^>]+>", "", page)), entry.name
        assert re.search(r'<a href="index.html">', page), entry.name
    assert json_.loads((built_site / "pages.json").read_text())


def test_every_link_works_when_the_site_is_copied_elsewhere(built_site, tmp_path):
    from urllib.parse import unquote, urlsplit

    copy = tmp_path / "elsewhere" / "site"
    shutil.copytree(built_site, copy)
    broken, checked = [], 0
    for page in copy.glob("*.html"):
        for target in re.findall(r'(?:href|src)="([^"#]+)', page.read_text(encoding="utf-8")):
            if urlsplit(target).scheme in ("http", "https", "data", "mailto"):
                continue
            checked += 1
            if not (page.parent / unquote(target)).exists():
                broken.append(f"{page.name}: {target}")
    assert checked and not broken, broken
    assert (copy / "data" / "datapackage.json").is_file()


def test_every_image_has_an_alternative_text(built_site):
    for name, text in _pages(built_site).items():
        for tag in re.findall(r"<img\b[^>]*>", text):
            alt = re.search(r'\salt="([^"]*)"', tag)
            assert alt and alt.group(1).strip() and "No description" not in alt.group(1), (name, tag[:120])

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
    await doc.fonts.ready;
    const fonts = [...doc.fonts].filter(f => f.family.includes('Compendium')).map(f => f.status);
    report[page] = {title: doc.title, images: imgs.length, shown: imgs.filter(i => i.naturalWidth > 0).length,
                    fonts: fonts, cjk: doc.fonts.check('16px "Compendium Noto Sans CJK SC"', '中国')};
  }
  document.title = 'REPORT' + JSON.stringify(report);
}
check().catch(e => { document.title = 'ERROR ' + e; });
</script></body></html>"""


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (apt-get install chromium)")
def test_site_loads_and_figures_display(tmp_path, built_site):
    out = tmp_path / "site"
    shutil.copytree(built_site, out)
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
    for page, seen in report.items():
        assert seen["fonts"] == ["loaded"] and seen["cjk"], (page, seen)
