"""The README's generated blocks, between ``<!-- BEGIN generated:NAME -->`` and ``<!-- END generated:NAME -->``:
``findings`` (the verdicts and the answers, read from results/), ``notebooks`` (each notebook with its Binder
link) and ``figures`` (each figure, the notebook that writes it and the tables it draws). The prose around them
is written by people and holds no number.

``python -m compendium.readme`` (`make readme`) rewrites the blocks; ``--check`` (in `make check`) fails when one
is stale. Binder links name the repository given once, as ``Repository`` in pyproject.toml's [project.urls].
"""
from __future__ import annotations

import json
import pathlib
import re
import sys
import tomllib

from . import ledger, paths, text, verdicts

BLOCK = re.compile(r"(<!-- BEGIN generated:(?P<name>[\w-]+) -->\n)(?P<body>.*?)(<!-- END generated:(?P=name) -->)", re.S)


def _results(root: pathlib.Path) -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted((root / "results").glob("*.json"))}


def _title(notebook: pathlib.Path) -> str:
    """A notebook's title: its first heading."""
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        for line in "".join(cell["source"]).splitlines():
            if cell["cell_type"] == "markdown" and line.startswith("# "):
                return line[2:].strip()
    raise ValueError(f"{notebook} has no '# ' title")


def findings(root: pathlib.Path) -> str:
    res = _results(root)
    ledger_res = res["00_claims_ledger"]
    rows = ["| notebook | claims | " + " | ".join(verdicts.VERDICTS) + " |", "|---|---|" + "---|" * len(verdicts.VERDICTS)]
    for name, r in res.items():
        if name != "00_claims_ledger" and r.get("claims"):
            counts = verdicts.counts(c["verdict"] for c in r["claims"])
            rows.append(f"| [{name}](notebooks/{name}.ipynb) | {len(r['claims'])} | "
                        + " | ".join(str(counts[v]) for v in verdicts.VERDICTS) + " |")
    figure1 = res["01_figure1_spot_checks"]["sentences"][0]
    beyond = res["07_spot_checks_since_2018"]["sentences"]
    return "\n".join([ledger.counts_sentence(ledger_res["counts"], "en"), "", *rows, "",
                      *[f"- {s}" for s in ledger_res["sentences"] if s.startswith("Differs")], "",
                      f"Figure 1 ([01_figure1_spot_checks](notebooks/01_figure1_spot_checks.ipynb)): {figure1}", "",
                      "Beyond the article ([07_spot_checks_since_2018](notebooks/07_spot_checks_since_2018.ipynb)):", "",
                      *[f"- {s}" for s in beyond], ""])


def binder(repository: str, notebook: str) -> str:
    slug = repository.removeprefix("https://github.com/").strip("/")
    return f"https://mybinder.org/v2/gh/{slug}/main?labpath=notebooks%2F{notebook}.ipynb"


def notebooks(root: pathlib.Path, repository: str) -> str:
    rows = ["| notebook | title | launch |", "|---|---|---|"]
    for nb in sorted((root / "notebooks").glob("*.ipynb")):
        rows.append(f"| [{nb.stem}](notebooks/{nb.name}) | {_title(nb)} | [Binder]({binder(repository, nb.stem)}) |")
    return "\n".join(rows) + "\n"


def figures(root: pathlib.Path) -> str:
    rows = ["| figure | written by | data tables |", "|---|---|---|"]
    for name, r in _results(root).items():
        for f in r.get("figures", []):
            rows.append(f"| [{f['file']}](figures/{f['file']}) | [{name}](notebooks/{name}.ipynb) | "
                        + ", ".join(f"`{t}`" for t in f["tables"]) + " |")
    return "\n".join([rows[0], rows[1], *sorted(rows[2:])]) + "\n"


def generate(root: pathlib.Path, readme: str) -> str:
    repository = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["urls"]["Repository"]
    bodies = {"findings": findings(root), "notebooks": notebooks(root, repository), "figures": figures(root),
              "binder": f"[![Binder](https://mybinder.org/badge_logo.svg)]({binder(repository, '00_claims_ledger')})\n"}
    missing = set(bodies) - {m.group("name") for m in BLOCK.finditer(readme)}
    if missing:
        raise ValueError(f"README.md lacks the generated blocks {sorted(missing)}")
    return BLOCK.sub(lambda m: m.group(1) + bodies[m.group("name")] + m.group(4), readme)


if __name__ == "__main__":
    path = paths.ROOT / "README.md"
    current = path.read_text(encoding="utf-8")
    fresh = generate(paths.ROOT, current)
    if "--check" in sys.argv:
        if fresh != current:
            sys.exit("error: README.md's generated blocks are stale: run `make readme` and commit README.md")
        print("README.md's generated blocks are current")
    elif fresh != current:
        path.write_text(fresh, encoding="utf-8")
        print("README.md's generated blocks rewritten")
