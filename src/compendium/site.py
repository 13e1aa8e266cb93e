"""A static HTML site of the executed notebooks: one page per notebook and an index (``make html``)."""
from __future__ import annotations

import html
import json
import pathlib
import re

# The lab template loads MathJax and require.js from a CDN; the notebooks use neither (no maths, no widgets),
# and the site must work offline, so those script tags are removed.
_EXTERNAL_SCRIPT = re.compile(r'<script[^>]*src="https?://[^"]*"[^>]*>\s*</script>')


def _title(nb) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return "(untitled)"


def build(root: pathlib.Path, out: pathlib.Path) -> list[pathlib.Path]:
    """Render ``root/notebooks/*.ipynb`` (as committed, with outputs) to ``out``; returns the pages written."""
    import nbformat
    from nbconvert import HTMLExporter

    out.mkdir(parents=True, exist_ok=True)
    exporter = HTMLExporter(template_name="lab")
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    pages, entries = [], []
    for path in sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": _title(nb)}})
        # links between notebooks point at the rendered pages
        body = _EXTERNAL_SCRIPT.sub("", body.replace('.ipynb"', '.html"'))
        page = out / f"{path.stem}.html"
        page.write_text(body, encoding="utf-8")
        pages.append(page)
        entries.append((path.stem, _title(nb)))
    items = "\n".join(f'<li><a href="{html.escape(stem)}.html">{html.escape(stem)}</a>: {html.escape(title)}</li>'
                      for stem, title in entries)
    citation = html.escape("张豪, 张纲, 蒋家东, 宗习均. 中国制造业产品质量提升策略研究. Strategic Study of CAE (中国工程科学), 2022.")
    index = out / "index.html"
    index.write_text(f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Compendium: checking 《中国制造业产品质量提升策略研究》</title>
<style>body{{font-family:sans-serif;max-width:52em;margin:2em auto;line-height:1.5}} img{{max-width:100%}}</style></head>
<body><h1>Checking 《中国制造业产品质量提升策略研究》 against its sources</h1>
<p>A research compendium for {citation} Each page is an executed notebook.</p>
<ul>
{items}
</ul>
<p><img src="figure1.png" alt="Figure 1 rebuilt from the bulletins"></p>
</body></html>
""", encoding="utf-8")
    (out / "figure1.png").write_bytes((root / "figures" / "figure1.png").read_bytes())
    (out / "pages.json").write_text(json.dumps([p.name for p in pages]), encoding="utf-8")
    return [index, *pages]
