"""The generated blocks of README.md (English) and README.zh.md (Chinese), between ``<!-- BEGIN generated:NAME -->``
and ``<!-- END generated:NAME -->``: ``findings`` (the verdicts and the answers, copied from results/, where every
sentence is kept in both languages), ``evidence`` (how much of the evidence rests on copies on unrelated sites,
counted from data/), ``notebooks`` (each notebook in the README's language, the figures it writes and its Binder
link) and ``binder`` (the badge). The prose around them is written by people and holds no number.

``python -m compendium.readme`` (`make readme`) rewrites the blocks; ``--check`` (in `make check`) fails when one
is stale. Binder links name the repository given once, as ``Repository`` in pyproject.toml's [project.urls].
"""
from __future__ import annotations

import json
import pathlib
import re
import sys
import tomllib

from . import data, ledger, paths, text, verdicts

BLOCK = re.compile(r"(<!-- BEGIN generated:(?P<name>[\w-]+) -->\n)(?P<body>.*?)(<!-- END generated:(?P=name) -->)", re.S)
READMES = {"en": "README.md", "zh": "README.zh.md"}
WORDS = {
    "en": {"notebook": "notebook", "claims": "claims", "figures": "figures it writes", "launch": "launch",
           "figure1": "Figure 1", "beyond": "Beyond the article ({link}, which also compares firm sizes and sampling "
                                             "channels):",
           "mirrors": "{sources} of the {all} sources are copies on sites unrelated to their content (the column "
                      "`unrelated_domain` of `data/sources.csv`); {values} of the {all_values} values in `data/` that "
                      "name a source rest on them."},
    "zh": {"notebook": "笔记本", "claims": "论断数", "figures": "生成的图", "launch": "在线运行",
           "figure1": "图1", "beyond": "文章之外（{link}，另比较企业规模和抽样领域）：",
           "mirrors": "在{all}个来源中，有{sources}个是内容无关网站上的转载副本（`data/sources.csv` 的 `unrelated_domain` "
                      "列）；`data/` 中注明来源的{all_values}个数值里，有{values}个依据这些副本。"},
}


def _results(root: pathlib.Path) -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted((root / "results").glob("*.json"))}


def _link(name: str, lang: str) -> str:
    return f"[{name}](notebooks/{lang}/{name}.ipynb)"


def findings(root: pathlib.Path, lang: str) -> str:
    res, w = _results(root), WORDS[lang]
    heads = [text.t(f"verdict.{v}", lang) for v in verdicts.VERDICTS]
    rows = [f"| {w['notebook']} | {w['claims']} | " + " | ".join(heads) + " |", "|---|---|" + "---|" * len(heads)]
    for name, r in res.items():
        if name != "00_claims_ledger" and r.get("claims"):
            counts = verdicts.counts(c["verdict"] for c in r["claims"])
            rows.append(f"| {_link(name, lang)} | {len(r['claims'])} | "
                        + " | ".join(str(counts[v]) for v in verdicts.VERDICTS) + " |")
    ledger_res = res["00_claims_ledger"]
    figure1 = res["01_figure1_spot_checks"]["coverage"]["text"][lang]
    beyond = res["07_spot_checks_since_2018"]
    return "\n".join([ledger.counts_sentence(ledger_res["counts"], lang), "", *rows, "",
                      *[f"- {s}" for s in ledger_res["differs"]["text"][lang]], "",
                      f"{w['figure1']} ({_link('01_figure1_spot_checks', lang)}): {' '.join(figure1)}", "",
                      w["beyond"].format(link=_link("07_spot_checks_since_2018", lang)), "",
                      *[f"- {s}" for key in ("fall", "trend_since_base") for s in beyond[key]["text"][lang]], ""])


def evidence(root: pathlib.Path, lang: str) -> str:
    """How much rests on copies on unrelated sites: sources flagged, and values in data/ that name one."""
    pkg = data.load(root / "data")
    flagged = set(pkg["sources"].loc[pkg["sources"]["unrelated_domain"].astype(bool), "source_id"])
    named = [s for name, table in pkg.tables.items() if name != "sources" and "source_id" in table
             for s in table["source_id"].dropna()]
    return WORDS[lang]["mirrors"].format(sources=len(flagged), all=len(pkg["sources"]), all_values=len(named),
                                         values=sum(s in flagged for s in named)) + "\n"


def binder(repository: str, notebook: str, lang: str) -> str:
    slug = repository.removeprefix("https://github.com/").strip("/")
    return f"https://mybinder.org/v2/gh/{slug}/main?labpath=notebooks%2F{lang}%2F{notebook}.ipynb"


def notebooks(root: pathlib.Path, repository: str, lang: str) -> str:
    """Each notebook in ``lang``, the figures it writes (read from its results file) and its Binder link."""
    res, w = _results(root), WORDS[lang]
    rows = [f"| {w['notebook']} | {w['figures']} | {w['launch']} |", "|---|---|---|"]
    for source in sorted((root / "notebooks").glob("[0-9][0-9]_*.py")):
        written = ", ".join(f"[{f['file']}](figures/{lang}/{f['file']})" for f in res.get(source.stem, {}).get("figures", []))
        rows.append(f"| {_link(source.stem, lang)} | {written} | [Binder]({binder(repository, source.stem, lang)}) |")
    return "\n".join(rows) + "\n"


def generate(root: pathlib.Path, readme: str, lang: str) -> str:
    repository = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["urls"]["Repository"]
    bodies = {"findings": findings(root, lang), "evidence": evidence(root, lang),
              "notebooks": notebooks(root, repository, lang),
              "binder": f"[![Binder](https://mybinder.org/badge_logo.svg)]({binder(repository, '00_claims_ledger', lang)})\n"}
    missing = set(bodies) - {m.group("name") for m in BLOCK.finditer(readme)}
    if missing:
        raise ValueError(f"{READMES[lang]} lacks the generated blocks {sorted(missing)}")
    return BLOCK.sub(lambda m: m.group(1) + bodies[m.group("name")] + m.group(4), readme)


if __name__ == "__main__":
    stale = []
    for lang, name in READMES.items():
        path = paths.ROOT / name
        current = path.read_text(encoding="utf-8")
        fresh = generate(paths.ROOT, current, lang)
        if fresh != current:
            stale.append(name)
            if "--check" not in sys.argv:
                path.write_text(fresh, encoding="utf-8")
    if "--check" in sys.argv and stale:
        sys.exit(f"error: the generated blocks of {', '.join(stale)} are stale: run `make readme` and commit")
    print(("generated blocks rewritten: " + ", ".join(stale)) if stale and "--check" not in sys.argv
          else "the READMEs' generated blocks are current")
