"""Which notebooks the compendium has: the one place that says so.

Each entry is a notebook readers open on GitHub (``notebooks/<name>.ipynb``, committed executed), made by
running ``source`` (a path under ``notebooks/``) through papermill with ``parameters``. A notebook that is its
own source has no parameters here; a notebook made from a shared template (for instance one article section
of a parameterised section notebook) names the template and the parameters that select it.

The runner, the freshness check, the README's tables, the site and the tests read this registry; nothing
else lists notebook names.
"""
from __future__ import annotations

import dataclasses
import types


@dataclasses.dataclass(frozen=True)
class Notebook:
    name: str                      # notebooks/<name>.ipynb, the executed copy readers open
    title_en: str                  # what it answers, one line (README tables, site index)
    source: str = ""               # path under notebooks/ that papermill executes; "" means <name>.ipynb itself
    parameters: types.MappingProxyType = dataclasses.field(default_factory=lambda: types.MappingProxyType({}))

    @property
    def source_path(self) -> str:
        return self.source or f"{self.name}.ipynb"


def _nb(name: str, title_en: str, source: str = "", **parameters) -> Notebook:
    return Notebook(name, title_en, source, types.MappingProxyType(parameters))


# Notebooks 02-05: one template run once per article section (its parameter ``section`` is the notebook's name).
SECTION_TEMPLATE = "templates/article_section.ipynb"

NOTEBOOKS: tuple[Notebook, ...] = (
    _nb("00_claims_ledger", "the index: every claim, its source and its computed verdict"),
    _nb("01_figure1_spot_checks", "Figure 1 rebuilt, coverage of its cells, Wilson intervals, trends, the 2018 sentence"),
    _nb("02_raw_milk_cell_counts", "raw-milk somatic cell limits of the US, the EU and China, side by side",
        SECTION_TEMPLATE, section="02_raw_milk_cell_counts"),
    _nb("03_consumer_complaints", "the article's complaint counts recomputed from SAMR's next release; the reputation index",
        SECTION_TEMPLATE, section="03_consumer_complaints"),
    _nb("04_quality_management_surveys", "the blue-book and survey percentages",
        SECTION_TEMPLATE, section="04_quality_management_surveys"),
    _nb("05_international_practice", "dates and counts of programmes abroad, the steel grading, the authors' targets",
        SECTION_TEMPLATE, section="05_international_practice"),
    _nb("06_additive_manufacturing_scenarios", "the notice 工信厅通装函〔2022〕206号: the items on our pages, units by role and sector"),
    _nb("07_spot_checks_since_2018", "beyond the article: the spot-check series to the latest bulletin"),
)


def names() -> list[str]:
    return [nb.name for nb in NOTEBOOKS]


def get(name: str) -> Notebook:
    for nb in NOTEBOOKS:
        if nb.name == name:
            return nb
    raise KeyError(f"unknown notebook {name!r}; the compendium's notebooks are {names()}")
