"""The README's generated blocks, between ``<!-- BEGIN generated:NAME -->`` and ``<!-- END generated:NAME -->``:
``findings`` (the verdicts and the answers, read from results/), ``notebooks`` (each notebook, the figures it
writes and its Binder link) and ``binder`` (the badge). The prose around them
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
    beyond = res["07_spot_checks_since_2018"]["sentences"][:2]   # did the rate fall after the article, and its trend
    return "\n".join([ledger.counts_sentence(ledger_res["counts"], "en"), "", *rows, "",
                      *[f"- {s}" for s in ledger_res["sentences"] if s.startswith("Differs")], "",
                      f"Figure 1 ([01_figure1_spot_checks](notebooks/01_figure1_spot_checks.ipynb)): {figure1}", "",
                      "Beyond the article ([07_spot_checks_since_2018](notebooks/07_spot_checks_since_2018.ipynb), which also "
                      "compares firm sizes and sampling channels):", "",
                      *[f"- {s}" for s in beyond], ""])


def binder(repository: str, notebook: str) -> str:
    slug = repository.removeprefix("https://github.com/").strip("/")
    return f"https://mybinder.org/v2/gh/{slug}/main?labpath=notebooks%2F{notebook}.ipynb"


def notebooks(root: pathlib.Path, repository: str) -> str:
    """Each notebook, the figures it writes (read from its results file) and its Binder link."""
    res = _results(root)
    rows = ["| notebook | figures it writes | launch |", "|---|---|---|"]
    for nb in sorted((root / "notebooks").glob("*.ipynb")):
        written = ", ".join(f"[{f['file']}](figures/{f['file']})" for f in res.get(nb.stem, {}).get("figures", []))
        rows.append(f"| [{nb.stem}](notebooks/{nb.name}) | {written} | [Binder]({binder(repository, nb.stem)}) |")
    return "\n".join(rows) + "\n"


def generate(root: pathlib.Path, readme: str) -> str:
    repository = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["urls"]["Repository"]
    bodies = {"findings": findings(root), "notebooks": notebooks(root, repository),
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
