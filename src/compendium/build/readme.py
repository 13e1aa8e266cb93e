"""The README's generated blocks: ``python -m compendium readme`` writes them, ``--check`` fails when one is stale.

A block sits between ``<!-- BEGIN generated:NAME -->`` and ``<!-- END generated:NAME -->`` and is rewritten
whole; everything outside the blocks is prose written by people and holds no data values. The blocks:

- ``binder``: the Binder badge, made from the GitHub repository of ``git remote get-url origin``;
- ``notebooks``: each notebook of the registry (:mod:`compendium.build.notebooks`), what it answers, its Binder link;
- ``parameters``: each notebook's parameters, their types, defaults and help read from its own ``parameters`` cell
  (papermill's ``inspect_notebook``), with the allowed values its model in :mod:`compendium.build.params` states;
- ``findings``: the verdict counts, the claims that differ, Figure 1's coverage and the answers beyond the
  article, all read from ``results/*.json``;
- ``figures``: each file in ``figures/``, the notebook that writes it and the data tables and sources it uses.

Which notebook writes a figure, and from which tables, is read from the notebook's results file, key
``figures``: a list of ``{"file": "figure1.png", "tables": [...], "sources": [...]}`` (made by
:func:`compendium.presentation.plotting.figure_record`). Where a results file has none, the notebook is read from the
executed notebook's image outputs (``plotting.show_saved`` records the file name there), and the tables are
shown as not recorded.

Binder links need the repository's GitHub path: from ``git remote get-url origin``, else from GitHub Actions'
``GITHUB_REPOSITORY``. Without either the links keep the path already in the README, or the placeholder
``OWNER/REPO``; ``--check`` then checks every block but the repository path, except on GitHub (``GITHUB_ACTIONS``
or ``GITHUB_REPOSITORY`` set), where a placeholder fails it.
"""
from __future__ import annotations

import dataclasses
import json
import os
import pathlib
import re
import subprocess
import types
import urllib.parse

from ..analysis import claims
from ..presentation import text
from . import notebooks

PLACEHOLDER = "OWNER/REPO"
DEFAULT_REF = "main"
BLOCKS = ("binder", "notebooks", "parameters", "findings", "figures")
_BLOCK_RE = re.compile(r"(<!-- BEGIN generated:(?P<name>[\w-]+) -->\n)(?P<body>.*?)(<!-- END generated:(?P=name) -->)", re.S)
_GITHUB_RE = re.compile(r"^(?:https?://(?:[^@/]+@)?github\.com/|git@github\.com:|ssh://git@github\.com(?::\d+)?/)"
                        r"(?P<slug>[\w.-]+/[\w.-]+?)(?:\.git)?/?$")
_BINDER_RE = re.compile(r"https://mybinder\.org/v2/gh/(?P<slug>[\w.-]+/[\w.-]+)/(?P<ref>[^?\s)]+)")


class ReadmeError(RuntimeError):
    """The README cannot be generated or checked; the message says what to do."""


def github_slug(url: str) -> str | None:
    """'owner/repo' of a GitHub remote URL (https or ssh forms, with or without .git), else None."""
    m = _GITHUB_RE.match(url.strip())
    return m.group("slug") if m else None


def remote_slug(root: pathlib.Path) -> str | None:
    """The GitHub 'owner/repo' of ``git remote get-url origin`` in ``root``; None without a GitHub remote."""
    try:
        out = subprocess.run(["git", "remote", "get-url", "origin"], cwd=root, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return github_slug(out.stdout) if out.returncode == 0 else None


def github_repository() -> str | None:
    """'owner/repo' from GitHub Actions' ``GITHUB_REPOSITORY``, else None."""
    value = os.environ.get("GITHUB_REPOSITORY", "").strip()
    return value if re.fullmatch(r"[\w.-]+/[\w.-]+", value) else None


def repository_slug(root: pathlib.Path) -> str | None:
    """The repository's GitHub 'owner/repo': the origin remote's, else GITHUB_REPOSITORY's, else None."""
    return remote_slug(root) or github_repository()


def on_github() -> bool:
    return bool(os.environ.get("GITHUB_ACTIONS") or os.environ.get("GITHUB_REPOSITORY"))


def binder_url(slug: str, ref: str, notebook: str) -> str:
    return (f"https://mybinder.org/v2/gh/{slug}/{ref}?labpath="
            + urllib.parse.quote(f"notebooks/{notebook}.ipynb", safe=""))


def blocks_in(text: str) -> dict[str, str]:
    return {m.group("name"): m.group("body") for m in _BLOCK_RE.finditer(text)}


def links_in(text: str) -> set[tuple[str, str]]:
    """(slug, ref) of every Binder link in ``text``."""
    return {(m.group("slug"), m.group("ref")) for m in _BINDER_RE.finditer(text)}


# ---- the blocks ---------------------------------------------------------------------------------------------

def _binder(slug: str, ref: str) -> str:
    lines = [f"[![Binder](https://mybinder.org/badge_logo.svg)]({binder_url(slug, ref, notebooks.NOTEBOOKS[0].name)})", ""]
    if slug == PLACEHOLDER:
        lines.append("**Placeholder links:** no GitHub remote was found, so the Binder links read `OWNER/REPO` "
                     "(and `make check` fails on GitHub). Once the repository is on GitHub, run `git remote add origin "
                     "https://github.com/<owner>/<repo>` and `make readme`, and commit README.md.")
    else:
        lines.append(f"Binder builds `{slug}` at `{ref}` (`make readme` takes the path from `git remote get-url "
                     "origin`; give `--ref` a release tag for reviewers).")
    return "\n".join(lines) + "\n"


def _notebooks(slug: str, ref: str) -> str:
    rows = ["| notebook | what it answers | launch |", "|---|---|---|"]
    for nb in notebooks.NOTEBOOKS:
        rows.append(f"| [{nb.name}](notebooks/{nb.name}.ipynb) | {nb.title_en} | "
                    f"[JupyterLab on Binder]({binder_url(slug, ref, nb.name)}) |")
    return "\n".join(rows) + "\n"


def _fill(template: str, fields: dict[str, str]) -> str:
    return template.format_map(fields)


def _parameters(root: pathlib.Path) -> str:
    """One row per parameter: its type, the notebooks that declare it with their defaults, the allowed values
    (the description of its field in the notebook's model, compendium.build.params) and its meaning (the help
    comment of its line). Names, types, defaults and help are read from the notebooks' own parameters cells
    (papermill's inspect_notebook), as ``papermill --help-notebook`` shows them."""
    import papermill

    from ..analysis import data
    from . import params

    fields = params.data_fields(data.load(root / "data", verify=False))
    rows: dict[tuple[str, str, str], list[tuple[str, str]]] = {}
    allowed: dict[str, str] = {}
    for nb in notebooks.NOTEBOOKS:
        model = params.model_for(nb.source_path.removesuffix(".ipynb"))
        cell = papermill.inspect_notebook(str(root / "notebooks" / nb.source_path))
        where = f"notebooks/{nb.source_path}"
        for name in [n for n in model.model_fields if n not in cell] + [n for n in cell if n not in model.model_fields]:
            raise ReadmeError(f"{where}: parameter '{name}' is {'in its cell' if name in cell else 'in its model'} "
                              f"({model.__name__} in compendium.build.params) but not in the other: declare it in both")
        for name, info in cell.items():
            if info["inferred_type_name"] in ("None", None) or not info["help"]:
                raise ReadmeError(f"{where}: parameter '{name}' needs a type and a help comment in its cell "
                                  f"(name: type = default  # help), as papermill --help-notebook shows them")
            default = f"`{info['default']}`"
            rows.setdefault((name, info["inferred_type_name"], info["help"]), []).append((nb.name, default))
            allowed.setdefault(name, params.allowed_values(model, name, fields))
    lines = ["| parameter | type | notebook: default | allowed values | meaning |", "|---|---|---|---|---|"]
    for (name, kind, meaning), uses in rows.items():
        if len(uses) == len(notebooks.NOTEBOOKS) and len({d for _, d in uses}) == 1:
            where = f"every notebook: {uses[0][1]}"
        else:
            where = "<br>".join(f"{nb}: {d}" for nb, d in uses)
        lines.append(f"| `{name}` | `{kind}` | {where} | {allowed[name]} | {meaning} |")
    return "\n".join(lines) + "\n"


def _results(root: pathlib.Path) -> dict[str, dict]:
    out = {}
    for nb in notebooks.NOTEBOOKS:
        path = root / "results" / f"{nb.name}.json"
        if path.is_file():
            out[nb.name] = json.loads(path.read_text(encoding="utf-8"))
    return out


def _verdicts() -> tuple[str, ...]:
    from ..analysis import claims

    return tuple(claims.VERDICTS) + tuple(v for v in ("not checkable",) if v not in claims.VERDICTS)


_COVERAGE_ORDER = ["printed", "derived", "missing"]


def _findings(root: pathlib.Path) -> str:
    import pandas as pd

    results = _results(root)
    verdicts = _verdicts()
    lines = []
    ledger_name = notebooks.NOTEBOOKS[0].name
    ledger = results.get(ledger_name, {}).get("claims", [])
    if ledger:
        counts = {v: sum(c["verdict"] == v for c in ledger) for v in verdicts}
        lines.append(claims.counts_sentence(counts, "en"))
        lines.append("")
    rows = ["| notebook | claims | " + " | ".join(verdicts) + " |", "|---|---|" + "---|" * len(verdicts)]
    for name, payload in results.items():
        if payload.get("claims") and "verdict" in payload["claims"][0]:
            c = [x["verdict"] for x in payload["claims"]]
            rows.append(f"| {name} | {len(c)} | " + " | ".join(str(c.count(v)) for v in verdicts) + " |")
    lines += rows + [""]
    statements = pd.read_csv(root / "data" / "claims.csv", dtype=str).set_index("claim_id")["statement_en"]
    differ = [c for c in ledger if c["verdict"] == "differs"]
    if differ:
        lines.append("Claims that differ from their source:")
        lines.append("")
        for c in differ:
            source = f" (source `{c['source_id']}`)" if c.get("source_id") else ""
            lines.append(f"- `{c['claim_id']}`: {statements.get(c['claim_id'], '')} The article: "
                         f"{_human(claims.stated_text(c))}; the source: "
                         f"{_human(claims.source_text(types.SimpleNamespace(**c)) or None)}{source}.")
        lines.append("")
    coverage = results.get("01_figure1_spot_checks", {}).get("coverage")
    if coverage:
        order = sorted(coverage, key=lambda k: (k not in _COVERAGE_ORDER, _COVERAGE_ORDER.index(k) if k in _COVERAGE_ORDER else 0, k))
        lines.append("Figure 1 cells: " + ", ".join(f"{text.number(coverage[k])} {text.t(k, 'en')}"
                                                    for k in order) + ".")
        lines.append("")
        from ..analysis import figure1

        lines.append(figure1.article_caption("en"))
        lines.append("")
    for name, payload in results.items():
        answers = payload.get("answers")
        if answers:
            lines.append(f"From [{name}](notebooks/{name}.ipynb):")
            lines.append("")
            lines += [f"- {a}" for a in answers]
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


_EXP_RE = re.compile(r"-?\d+(?:\.\d+)?e[+-]?\d+")


def _human(value) -> str:
    """A results value for people: numbers in exponent form written out (6.93e6 -> 6,930,000)."""
    if value is None:
        return "none found"
    if not isinstance(value, str):
        return text.number(value)
    return _EXP_RE.sub(lambda m: text.number(float(m.group())), value)


@dataclasses.dataclass
class FigureInfo:
    notebook: str = ""
    tables: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    recorded: bool = False


def _figure_owners(root: pathlib.Path, results: dict[str, dict]) -> dict[str, FigureInfo]:
    owners: dict[str, FigureInfo] = {}
    for name, payload in results.items():
        for rec in payload.get("figures", []):
            owners[rec["file"]] = FigureInfo(name, tuple(rec.get("tables", ())), tuple(rec.get("sources", ())), True)
    for nb in notebooks.NOTEBOOKS:   # fallback: the file name show_saved records beside each image output
        path = root / "notebooks" / f"{nb.name}.ipynb"
        if not path.is_file():
            continue
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            for out in cell.get("outputs", []):
                file = out.get("metadata", {}).get("image/png", {}).get("filename")
                if file:
                    owners.setdefault(file, FigureInfo(nb.name))
    return owners


def _figures(root: pathlib.Path) -> str:
    owners = _figure_owners(root, _results(root))
    rows = ["| figure | written by | data tables | sources |", "|---|---|---|---|"]
    for path in sorted((root / "figures").glob("*")):
        if path.suffix not in (".png", ".svg"):
            continue
        info = owners.get(path.name) or owners.get(path.with_suffix(".png").name) or FigureInfo()
        nb = f"[{info.notebook}](notebooks/{info.notebook}.ipynb)" if info.notebook else "not recorded"
        tables = ", ".join(f"`{t}`" for t in info.tables) if info.recorded else "not recorded"
        sources = ", ".join(f"`{s}`" for s in info.sources) if info.recorded else "not recorded"
        rows.append(f"| [{path.name}](figures/{path.name}) | {nb} | {tables} | {sources} |")
    return "\n".join(rows) + "\n"


# ---- generating and checking ---------------------------------------------------------------------------------

def _slug_and_ref(root: pathlib.Path, text: str, ref: str | None) -> tuple[str, str]:
    found = links_in(text)
    existing = next((s for s, _ in sorted(found) if s != PLACEHOLDER), None)
    slug = repository_slug(root) or existing or PLACEHOLDER
    if ref is None:
        ref = next((r for _, r in sorted(found)), DEFAULT_REF)
    return slug, ref


def generate(root: pathlib.Path, text: str, ref: str | None = None) -> str:
    """``text`` (a README) with every generated block rewritten."""
    present = blocks_in(text)
    missing = [b for b in BLOCKS if b not in present]
    if missing:
        raise ReadmeError("README.md lacks the generated block(s) " + ", ".join(missing) + ": add the lines "
                          + " and ".join(f"'<!-- BEGIN generated:{b} -->' / '<!-- END generated:{b} -->'" for b in missing)
                          + " where each should go, then run `make readme`")
    slug, ref = _slug_and_ref(root, text, ref)
    bodies = {"binder": _binder(slug, ref), "notebooks": _notebooks(slug, ref), "parameters": _parameters(root),
              "findings": _findings(root), "figures": _figures(root)}
    return _BLOCK_RE.sub(lambda m: m.group(1) + bodies.get(m.group("name"), m.group("body")) + m.group(4), text)


def check(root: pathlib.Path, text: str) -> list[str]:
    """What is stale in ``text``: each block that differs from a fresh one, and Binder links that do not name
    the GitHub remote (when there is one)."""
    problems = []
    remote = repository_slug(root)
    if remote:
        wrong = sorted(f"{s}/{r}" for s, r in links_in(text) if s != remote)
        if wrong:
            problems.append(f"Binder links name {', '.join(wrong)}, but the repository is github.com/{remote} "
                            "(git remote origin, or GITHUB_REPOSITORY)")
    elif on_github() and any(s == PLACEHOLDER for s, _ in links_in(text)):
        problems.append(f"Binder links read {PLACEHOLDER} on GitHub: run `make readme` in a clone whose origin is "
                        "the GitHub repository")
    fresh = blocks_in(generate(root, text))
    for name, body in blocks_in(text).items():
        if name in fresh and fresh[name] != body:
            problems.append(f"block '{name}' is stale")
    return problems


def main(root: pathlib.Path, check_only: bool = False, ref: str | None = None) -> int:
    import sys

    path = root / "README.md"
    text = path.read_text(encoding="utf-8")
    try:
        if check_only:
            problems = check(root, text)
            if problems:
                print("README.md: " + "; ".join(problems) + ". Run `make readme` and commit README.md.", file=sys.stderr)
                return 1
            print("README.md: generated blocks are current")
            return 0
        new = generate(root, text, ref)
    except ReadmeError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    if new != text:
        path.write_text(new, encoding="utf-8")
        print("README.md: generated blocks rewritten")
    else:
        print("README.md: generated blocks already current")
    return 0
