"""Which notebooks the compendium has: the one place that says so.

Each entry is a notebook readers open on GitHub (``notebooks/<name>.ipynb``, committed executed). Every
notebook is its own source: papermill re-runs the committed executed copy, with its own parameters cell.

The runner, the freshness check, the README's tables, the site and the tests read this registry; nothing
else lists notebook names.
"""
from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class Notebook:
    name: str                      # notebooks/<name>.ipynb, the executed copy readers open
    title_en: str                  # what it answers, one line (README tables, site index)

    @property
    def source_path(self) -> str:
        """The file under notebooks/ that papermill executes: the committed executed notebook itself."""
        return f"{self.name}.ipynb"


NOTEBOOKS: tuple[Notebook, ...] = (
    Notebook("00_claims_ledger", "the index: every claim, its source and its computed verdict"),
    Notebook("01_figure1_spot_checks", "Figure 1 rebuilt, coverage of its cells, Wilson intervals, trends, the 2018 sentence"),
    Notebook("02_raw_milk_cell_counts", "raw-milk somatic cell limits of the US, the EU and China, side by side"),
    Notebook("03_consumer_complaints", "the article's complaint counts recomputed from SAMR's next release; the reputation index"),
    Notebook("04_quality_management_surveys", "the blue-book and survey percentages"),
    Notebook("05_international_practice", "dates and counts of programmes abroad, the steel grading, the authors' targets"),
    Notebook("06_additive_manufacturing_scenarios", "the notice 工信厅通装函〔2022〕206号: the items on our pages, units by role and sector"),
    Notebook("07_spot_checks_since_2018", "beyond the article: the spot-check series to the latest bulletin"),
)


def names() -> list[str]:
    return [nb.name for nb in NOTEBOOKS]


def get(name: str) -> Notebook:
    for nb in NOTEBOOKS:
        if nb.name == name:
            return nb
    raise KeyError(f"unknown notebook {name!r}; the compendium's notebooks are {names()}")
