"""The generated blocks of README.md (English) and README.zh.md (Chinese), between ``<!-- BEGIN generated:NAME -->``
and ``<!-- END generated:NAME -->``: ``findings`` (the verdicts and the answers, copied from results/, where every
sentence is kept in both languages), ``evidence`` (how much of the evidence rests on copies on unrelated sites,
counted from data/), ``notebooks`` (each notebook in the README's language, the figures it writes and its Binder
link) and ``binder`` (the badge); and the ``counts`` tables of verification/README.md and
verification/second_entry/README.md, copied from the counts the evidence tools write (excerpt_counts.json,
second_entry/counts.json) and from data/sources.csv. The prose around them is written by people and holds no
number.

``python -m compendium.readme`` (`make readme`) rewrites the blocks; ``--check`` (in `make check`) fails when one
is stale. Binder links name the repository given once, as ``Repository`` in pyproject.toml's [project.urls].
"""
from __future__ import annotations

import csv
import json
import pathlib
import re
import sys
import tomllib

from . import data, ledger, paths, rules, text, verdicts

BLOCK = re.compile(r"(<!-- BEGIN generated:(?P<name>[\w-]+) -->\n)(?P<body>.*?)(<!-- END generated:(?P=name) -->)", re.S)
READMES = {"en": "README.md", "zh": "README.zh.md"}
WORDS = {
    "en": {"notebook": "notebook", "claims": "claims", "figures": "figures it writes", "launch": "launch",
           "figure1": "Figure 1", "beyond": "Beyond the article ({link}, which also compares firm sizes and sampling "
                                             "channels):",
           "mirrors": "- {sources} of the {all} sources are copies on sites unrelated to their content (the column "
                      "`unrelated_domain` of `data/sources.csv`, by the rule of `data/README.md`); {values} of the "
                      "{all_values} transcribed source values rest on them.\n"
                      "- Every unverified claim was searched {low_searches} to {high_searches} times "
                      "(`verification/claim_searches.csv`).\n"
                      "- {pending} values in `data/` await their second, independent entry "
                      "(`verification/second_entry/pending.csv`)."},
    "zh": {"notebook": "笔记本", "claims": "论断数", "figures": "生成的图", "launch": "在线运行",
           "figure1": "图1", "beyond": "文章之外（{link}，另比较企业规模和抽样领域）：",
           "mirrors": "- 在{all}个来源中，有{sources}个是内容无关网站上的转载副本（`data/sources.csv` 的 "
                      "`unrelated_domain` 列，判定规则见 `data/README.md`）；转录的{all_values}个来源数值中，有{values}个"
                      "依据这些副本。\n"
                      "- 每条未核实的论断都检索了{low_searches}至{high_searches}次（`verification/claim_searches.csv`）。\n"
                      "- `data/` 中有{pending}个数值尚待第二次独立录入（`verification/second_entry/pending.csv`）。"},
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
    figure1 = res["01_figure1_spot_checks"]["conclusion"]["coverage"]["text"][lang]
    beyond = res["07_spot_checks_since_2018"]
    return "\n".join([ledger.counts_sentence(ledger_res["counts"], lang), "", *rows, "",
                      *[f"- {s}" for s in ledger_res["differs"]["text"][lang]], "",
                      f"{w['figure1']} ({_link('01_figure1_spot_checks', lang)}): {' '.join(figure1)}", "",
                      w["beyond"].format(link=_link("07_spot_checks_since_2018", lang)), "",
                      *[f"- {s}" for key in ("fall", "trend_since_base") for s in beyond[key]["text"][lang]], ""])


def _csv(path: pathlib.Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def evidence(root: pathlib.Path, lang: str) -> str:
    """What the evidence rests on: sources flagged as copies on unrelated sites and the transcribed source values
    (printed fragments of the source tables) whose row names one; the searches per unverified claim; the values
    awaiting a second entry."""
    pkg = data.load(root / "data")
    flagged = set(pkg["sources"].loc[pkg["sources"]["unrelated_domain"].astype(bool), "source_id"])
    source_of = {}
    for table, key in rules.KEYS.items():
        if "source_id" in pkg.text[table]:
            source_of |= {(table, "|".join(r[k] for k in key)): r["source_id"] for _, r in pkg.text[table].iterrows()}
    values = [source_of[(r.table, r.row_key)] for r in pkg["printed_values"].itertuples() if (r.table, r.row_key) in source_of]
    claims = pkg["claims"]
    unverified = set(claims.loc[(claims["kind"] == "fact") & claims["value_id"].isna() & (claims["check"] != "derived"), "claim_id"])
    searches = [sum(r["claim_id"] == c for r in _csv(root / "verification" / "claim_searches.csv")) for c in unverified]
    return WORDS[lang]["mirrors"].format(
        sources=len(flagged), all=len(pkg["sources"]), all_values=len(values), values=sum(s in flagged for s in values),
        low_searches=min(searches, default=0), high_searches=max(searches, default=0),
        pending=len(_csv(root / "verification" / "second_entry" / "pending.csv"))) + "\n"


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


def _lookup(counts: dict, key: str):
    for part in key.split("."):
        counts = counts[part]
    return counts


def counted(body: str, counts: dict) -> str:
    """A count table ('| what | number | `key` |', written by people) with each number that of its key."""
    return re.sub(r"^(\|[^|\n]+\|)\s*\d+\s*(\|\s*`([\w.-]+)`\s*\|)$",
                  lambda m: f"{m.group(1)} {_lookup(counts, m.group(3))} {m.group(2)}", body, flags=re.M)


def evidence_counts(root: pathlib.Path) -> dict:
    """The counts of verification/README.md: the excerpt tool's (excerpt_counts.json) and the sources' outlets."""
    sources = data.load(root / "data")["sources"]
    return json.loads((root / "verification" / "excerpt_counts.json").read_text(encoding="utf-8")) | {
        "sources": len(sources), "outlet": {k: int((sources["outlet"] == k).sum()) for k in ledger.OUTLETS},
        "unrelated_domain": int(sources["unrelated_domain"].astype(bool).sum())}


def generate(root: pathlib.Path, readme: str, lang: str) -> str:
    repository = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["urls"]["Repository"]
    bodies = {"findings": findings(root, lang), "evidence": evidence(root, lang),
              "notebooks": notebooks(root, repository, lang),
              "binder": f"[![Binder](https://mybinder.org/badge_logo.svg)]({binder(repository, '00_claims_ledger', lang)})\n"}
    missing = set(bodies) - {m.group("name") for m in BLOCK.finditer(readme)}
    if missing:
        raise ValueError(f"{READMES[lang]} lacks the generated blocks {sorted(missing)}")
    return BLOCK.sub(lambda m: m.group(1) + bodies[m.group("name")] + m.group(4), readme)


def documents(root: pathlib.Path) -> dict[str, callable]:
    """Each generated document: its path under ``root`` -> the function that rewrites its text."""
    docs = {name: (lambda current, lang=lang: generate(root, current, lang)) for lang, name in READMES.items()}
    second = json.loads((root / "verification" / "second_entry" / "counts.json").read_text(encoding="utf-8"))
    docs["verification/README.md"] = lambda current: counted(current, evidence_counts(root))
    docs["verification/second_entry/README.md"] = lambda current: counted(current, second)
    return docs


if __name__ == "__main__":
    stale = []
    for name, rewrite in documents(paths.ROOT).items():
        path = paths.ROOT / name
        current = path.read_text(encoding="utf-8")
        fresh = rewrite(current)
        if fresh != current:
            stale.append(name)
            if "--check" not in sys.argv:
                path.write_text(fresh, encoding="utf-8")
    if "--check" in sys.argv and stale:
        sys.exit(f"error: the generated blocks of {', '.join(stale)} are stale: run `make readme` and commit")
    print(("generated blocks rewritten: " + ", ".join(stale)) if stale and "--check" not in sys.argv
          else "the generated blocks are current")
