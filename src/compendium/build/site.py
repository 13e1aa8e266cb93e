"""A static HTML site of the executed notebooks: one page per notebook and an index (``make html``).

The site reads in any browser, with or without Chinese system fonts: at build time it collects every character
of its pages and writes a subset of the bundled Noto Sans CJK SC holding just those characters
(``fonts/site.woff``, made with fontTools), which every page names in an ``@font-face`` rule. Tables show
numbers as people write them (no exponent, no ``NaN`` or ``<NA>``: an empty cell stays empty) and every figure
has an alternative text (the figure's title, recorded by ``plotting.show_saved``).
"""
from __future__ import annotations

import html
import html.parser
import json
import pathlib
import re

from ..presentation import text
from . import notebooks

# The lab template loads MathJax and require.js from a CDN; the notebooks use neither (no maths, no widgets),
# and the site must work offline, so those script tags are removed.
_EXTERNAL_SCRIPT = re.compile(r'<script[^>]*src="https?://[^"]*"[^>]*>\s*</script>')
FONT_FILE = "fonts/site.woff"
FONT_FAMILY = "Compendium Noto Sans CJK SC"
# Placed after the template's own styles: the page's text is drawn with the shipped subset (every character of
# the site is in it); code keeps a monospace face for Latin text and falls back to the subset for the rest.
FONT_CSS = f"""<style>
@font-face {{ font-family: "{FONT_FAMILY}"; src: url("{FONT_FILE}") format("woff"); font-display: block; }}
:root {{
  --jp-ui-font-family: "{FONT_FAMILY}", sans-serif;
  --jp-content-font-family: "{FONT_FAMILY}", sans-serif;
  --jp-code-font-family: "DejaVu Sans Mono", monospace, "{FONT_FAMILY}";
}}
body {{ font-family: "{FONT_FAMILY}", sans-serif; }}
</style>
"""


class SiteError(RuntimeError):
    """The site cannot be built; the message says what is missing and how to make it."""


_EMPTY_CELLS = {"NaN", "nan", "&lt;NA&gt;", "<NA>", "None", "NaT"}
_CELL = re.compile(r"(<td[^>]*>)(.*?)(</td>)", re.S)
_EXPONENT = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?e[+-]?\d+(?![\w.])")


def _title(nb) -> str:
    """A page's title: the first top-level heading a reader sees, in a markdown cell or in a Markdown output (a
    notebook whose title is generated shows it as output)."""
    for cell in nb.cells:
        texts = [cell.source] if cell.cell_type == "markdown" else \
            ["".join(o.get("data", {}).get("text/markdown", "")) for o in cell.get("outputs", [])]
        for t in texts:
            for line in t.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    raise ValueError("a notebook without a '# ' heading in its cells or outputs: give it a title")


def human_cell(content: str) -> str:
    """A table cell as people read it: empty for a missing value, numbers without an exponent."""
    if content.strip() in _EMPTY_CELLS:
        return ""
    return _EXPONENT.sub(lambda m: text.number(float(m.group())), content)


def _alt_texts(nb, title: str) -> list[str]:
    """The alternative text of each PNG output, in page order."""
    alts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if "image/png" in out.get("data", {}):
                alt = out.get("metadata", {}).get("image/png", {}).get("alt")
                alts.append(alt or f"Figure {len(alts) + 1} of the notebook '{title}'")
    return alts


_IMG_PNG = re.compile(r'<img\b(?P<attrs>[^>]*?)\ssrc="data:image/png')
_ALT = re.compile(r'\salt="[^"]*"')


def _add_alt(body: str, alts: list[str]) -> str:
    """Each inline PNG's alt attribute set to its text, in page order (nbconvert writes a generic one)."""
    it = iter(alts)

    def repl(m):
        attrs = _ALT.sub("", m.group("attrs"))
        return f'<img alt="{html.escape(next(it, "figure"), quote=True)}"{attrs} src="data:image/png'

    return _IMG_PNG.sub(repl, body)


class _Text(html.parser.HTMLParser):
    """Every character a reader can see: text outside <script> and <style>, and alt and title attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chars: set[str] = set()
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in ("alt", "title") and value:
                self.chars.update(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.chars.update(data)


def visible_chars(page_html: str) -> set[str]:
    parser = _Text()
    parser.feed(page_html)
    return {c for c in parser.chars if not c.isspace() and c.isprintable()}


def write_font(chars: set[str], path: pathlib.Path) -> None:
    """A WOFF subset of the bundled CJK font holding ``chars`` (those it has)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    from ..presentation.plotting import CJK_FONT_FILE

    font = TTFont(str(CJK_FONT_FILE))
    options = subset.Options()
    options.flavor = "woff"
    options.notdef_outline = True
    options.name_IDs = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(c) for c in chars | {" "}))
    subsetter.subset(font)
    path.parent.mkdir(parents=True, exist_ok=True)
    font.flavor = "woff"
    font.save(str(path))


def shipped_cmap(out: pathlib.Path) -> set[int]:
    """Code points the site's shipped font draws."""
    from fontTools.ttLib import TTFont

    return set(TTFont(str(out / FONT_FILE)).getBestCmap())


# Every page links back to the index, at its top.
BACK_LINK = '<nav class="compendium-back" style="padding:1em 20px 0"><a href="index.html">{label}</a></nav>'
# The data package travels with the site: notebooks link to ../data/datapackage.json, which the site rewrites to
# its own copy, so every link works wherever site/ is copied (the descriptor with the tables it describes,
# whose sha256 it records, so a reader can validate the copy with Frictionless).
DATA_LINK = re.compile(r'href="\.\./data/')


def build(root: pathlib.Path, out: pathlib.Path) -> list[pathlib.Path]:
    """Render the registry's notebooks (``root/notebooks``, as committed, with outputs) to ``out``, with a copy of
    the data package in ``out/data``; returns the pages written."""
    import shutil

    import nbformat
    from nbconvert import HTMLExporter

    missing = [f"notebooks/{e.name}.ipynb" for e in notebooks.NOTEBOOKS
               if not (root / "notebooks" / f"{e.name}.ipynb").is_file()]
    if missing:   # a page missing from the site would go unnoticed
        raise SiteError(f"missing from {root}: {', '.join(missing)}; the site would lack their pages. Run `make "
                        "reproduce` (it writes every notebook of the registry), then `make html`; nothing was written.")
    out.mkdir(parents=True, exist_ok=True)
    exporter = HTMLExporter(template_name="lab")
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    bodies, entries = {}, []
    for entry in notebooks.NOTEBOOKS:
        path = root / "notebooks" / f"{entry.name}.ipynb"
        nb = nbformat.read(path, as_version=4)
        title = _title(nb)
        body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
        # links between notebooks point at the rendered pages
        body = _EXTERNAL_SCRIPT.sub("", body.replace('.ipynb"', '.html"'))
        body = DATA_LINK.sub('href="data/', body)
        body = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + BACK_LINK.format(label=html.escape(text.t("site.back", "en"))),
                      body, count=1)
        body = _CELL.sub(lambda m: m.group(1) + human_cell(m.group(2)) + m.group(3), body)
        body = _add_alt(body, _alt_texts(nb, title))
        bodies[f"{entry.name}.html"] = body.replace("</head>", FONT_CSS + "</head>", 1)
        entries.append((entry.name, title))
    items = "\n".join(f'<li><a href="{html.escape(stem)}.html">{html.escape(title)}</a> <small>({html.escape(stem)})</small></li>'
                      for stem, title in entries)
    from ..analysis.figure1 import article_caption

    figure1_caption = article_caption("en")
    citation = html.escape("张豪, 张纲, 蒋家东, 宗习均. 中国制造业产品质量提升策略研究. Strategic Study of CAE (中国工程科学), 2022.")
    bodies["index.html"] = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Compendium: checking 《中国制造业产品质量提升策略研究》</title>
<style>body{{max-width:52em;margin:2em auto;line-height:1.5}} img{{max-width:100%}}</style>
{FONT_CSS}</head>
<body><h1>Checking 《中国制造业产品质量提升策略研究》 against its sources</h1>
<p>A research compendium for {citation} Each page is an executed notebook. The data package the notebooks read
is in <a href="data/datapackage.json">data/datapackage.json</a> (a copy of the repository's <code>data/</code>).</p>
<ul>
{items}
</ul>
<p><img src="figure1.png" alt="Figure 1 rebuilt from the bulletins: non-conformity rate of each product category by year"></p>
<p>{html.escape(figure1_caption)}</p>
</body></html>
"""
    chars = set()
    for body in bodies.values():
        chars |= visible_chars(body)
    write_font(chars, out / FONT_FILE)
    pages = []
    for name, body in bodies.items():
        (out / name).write_text(body, encoding="utf-8")
        pages.append(out / name)
    (out / "figure1.png").write_bytes((root / "figures" / "figure1.png").read_bytes())
    shutil.rmtree(out / "data", ignore_errors=True)
    shutil.copytree(root / "data", out / "data")
    (out / "pages.json").write_text(json.dumps([p.name for p in pages if p.name != "index.html"]), encoding="utf-8")
    return pages
