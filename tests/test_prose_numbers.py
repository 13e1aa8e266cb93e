"""No data value is typed into prose: markdown cells of every notebook, and README.md outside its generated
blocks (``<!-- BEGIN generated:NAME -->`` ... ``<!-- END generated:NAME -->``), hold no number but names.

A sentence stating a number is an output of code (compendium.presentation.narrative); what may stay in typed prose are
names that contain digits: document numbers (〔2022〕206号, 2019年第19号), standards (GB 19301-2010, 92/46/EEC),
section and figure numbers, notebook numbers (00-07) and names, the article's year (2022), file paths and links.
"""
from __future__ import annotations

import json
import re

import pytest

from compendium.build import notebooks
from tests.conftest import ROOT

ARTICLE_YEAR = "2022"
NAMES = [
    r"〔\d{4}〕\d+号",                                            # 工信厅通装函〔2022〕206号
    r"\d{4}年第\d+号",                                            # 公告 2019年第19号
    r"\b(?:GB/T|GB|ISO|ANSI)\s?\d+(?:\.\d+)?(?:-\d{4})?",         # GB 19301-2010
    r"\b\d+/\d+/EEC\b",                                           # Directive 92/46/EEC
    r"Public Law \d+-\d+",                                        # Public Law 101-592
    r"\b0\d_[a-z0-9_]+",                                          # notebook names
    r"(?i:\bnotebooks?\s+0\d(?:\s*(?:-|–|and|,)\s*0\d)*)",         # notebook numbers
    r"(?:[Ss]ections?|Figure|Fig\.|§)\s*\d+(?:\.\d+)*(?:\s*(?:-|–|and|,)\s*\d+(?:\.\d+)*)*",  # section/figure numbers
    r"第\s*\d+(?:\.\d+)*\s*节|图\s*\d+",
    r"\]\([^)]*\)",                                               # link targets
    r"https?://\S+",
    r"`[^`\s]*[/._=][^`\s]*`",                                    # code spans that are paths or identifiers
    r"<!--.*?-->",
    r"\b[A-Za-z][A-Za-z_]*\d+(?:_\d+)?\b",                         # identifiers: python3, sha256, x86_64
]
README_NAMES = [
    r"```.*?```",                                                 # command blocks
    r"\b(?:Python|OFL|License|CC0-|CC-BY-|x86_)\s?\d+(?:\.\d+)*",   # versions and licence names
    r"%2F",
]
# README sections that still hold typed numbers and are not (yet) generated: the benchmark timings, which
# `make bench` measures and should write as a generated block. Listed here so the hole is visible.
UNGENERATED_SECTIONS = ("## How long it takes",)
GENERATED = re.compile(r"<!-- BEGIN generated:(?P<name>[\w-]+) -->.*?<!-- END generated:(?P=name) -->", re.S)
NUMBER = re.compile(r"\d+(?:[.,]\d+)*%?")


def typed_numbers(text: str, extra: list[str] = ()) -> list[str]:
    """Numbers left in ``text`` once names are removed, each with a little context."""
    for pattern in [*extra, *NAMES]:
        text = re.sub(pattern, " ", text, flags=re.S)
    return [text[max(0, m.start() - 30):m.end() + 10].replace("\n", " ")
            for m in NUMBER.finditer(text) if m.group() != ARTICLE_YEAR]


def _sources():
    paths = {nb.source_path for nb in notebooks.NOTEBOOKS} | {f"{nb.name}.ipynb" for nb in notebooks.NOTEBOOKS}
    return sorted(paths)


@pytest.mark.parametrize("path", _sources())
def test_markdown_cells_hold_no_typed_numbers(path):
    nb = json.loads((ROOT / "notebooks" / path).read_text(encoding="utf-8"))
    found = {i: typed_numbers("".join(c["source"])) for i, c in enumerate(nb["cells"]) if c["cell_type"] == "markdown"}
    found = {i: f for i, f in found.items() if f}
    assert not found, f"{path}: numbers typed into markdown cells (generate them with compendium.presentation.narrative): {found}"


def test_readme_outside_generated_blocks_holds_no_typed_numbers():
    text = GENERATED.sub(" ", (ROOT / "README.md").read_text(encoding="utf-8"))
    for heading in UNGENERATED_SECTIONS:
        text = re.sub(re.escape(heading) + r"\n.*?(?=\n## )", " ", text, flags=re.S)
    found = typed_numbers(text, README_NAMES)
    assert not found, f"README.md: numbers typed outside generated blocks: {found}"


def test_the_check_finds_a_planted_number_and_spares_names():
    assert len(typed_numbers("Nationally the rate rose to 14.3% in 2024.")) == 2
    assert typed_numbers("some 20 000-30 000 batches")
    assert typed_numbers("only items 1-9 of the list")
    assert typed_numbers("the cells (`2024`)")
    assert not typed_numbers("notice 工信厅通装函〔2022〕206号 and SAMR 2019年第19号; GB 19301-2010; Directive "
                             "92/46/EEC; section 3.2 and sections 5 and 6; Figure 1; notebooks 02-05; "
                             "[01_figure1_spot_checks](01_figure1_spot_checks.ipynb); `data/claims.csv`; 2022")
    readme = "<!-- BEGIN generated:findings -->\n11 printed\n<!-- END generated:findings -->\nSee above."
    assert not typed_numbers(GENERATED.sub(" ", readme), README_NAMES)
    assert typed_numbers(GENERATED.sub(" ", readme + " 13 missing"), README_NAMES)
