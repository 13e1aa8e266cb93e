"""The committed notebooks as a reader meets them on GitHub: executed without error, nothing that changes from run to
run, every parameter annotated, the arithmetic in their cells, tables and sentences for people, every figure with an
alternative text, and no number typed into prose."""
import ast
import json
import re

import pytest
from papermill import inspect_notebook

from tests.conftest import NOTEBOOKS, ROOT

CELLS = {nb.stem: json.loads(nb.read_text(encoding="utf-8")) for nb in NOTEBOOKS}
MACHINE_VALUES = re.compile(r"<NA>|&lt;NA&gt;|\bNaN\b|\bnan\b|\d[eE][+-]\d|\[\{|\d\.\d{5,}")


def code(nb, parameters=False):
    return [c for c in nb["cells"] if c["cell_type"] == "code"
            and ("parameters" in c["metadata"].get("tags", [])) == parameters]


def outputs(nb):
    return [o for c in nb["cells"] for o in c.get("outputs", [])]


@pytest.mark.parametrize("name", CELLS)
def test_executed_as_committed_without_errors_or_volatile_metadata(name):
    nb = CELLS[name]
    assert all(c.get("execution_count") for c in code(nb)) and outputs(nb), f"{name}: run make reproduce"
    assert not [o for o in outputs(nb) if o["output_type"] == "error"]
    assert nb["metadata"]["kernelspec"]["name"] == "python3" and "version" not in nb["metadata"]["language_info"]
    assert "papermill" not in nb["metadata"] and not any({"papermill", "execution"} & set(c["metadata"]) for c in nb["cells"])


@pytest.mark.parametrize("name", CELLS)
def test_every_parameter_is_annotated_and_explained(name):
    """papermill's own inspection reads each one with its type and help (what --help-notebook prints)."""
    found = inspect_notebook(str(ROOT / "notebooks" / f"{name}.ipynb"))
    assert {"lang", "data_dir", "figures_dir", "results_dir"} <= set(found)
    for param, info in found.items():
        assert info["inferred_type_name"] != "None" and info["help"], (name, param)


@pytest.mark.parametrize("name", [n for n in CELLS if n[:2] in ("01", "02", "03", "05", "06", "07")])
def test_the_arithmetic_a_reader_checks_is_in_the_cells(name):
    ops = sum(isinstance(n, ast.BinOp) for c in code(CELLS[name]) for n in ast.walk(ast.parse("".join(c["source"]))))
    assert ops >= 2, name


def test_the_derivations_named_in_the_issue_are_visible():
    src = {n: "".join("".join(c["source"]) for c in code(nb)) for n, nb in CELLS.items()}
    assert "implied_2020 = count_2021 / (1 + growth_2021 / 100)" in src["03_consumer_complaints"]
    assert 'later["nonconformity"] - change_nc' in src["01_figure1_spot_checks"]
    assert 'limits["limit"] / us' in src["02_raw_milk_cell_counts"]
    assert 'gap["small"] / gap["large"]' in src["07_spot_checks_since_2018"]


@pytest.mark.parametrize("name", CELLS)
def test_tables_and_sentences_hold_no_machine_values(name):
    for o in outputs(CELLS[name]):
        for kind in ("text/plain", "text/html", "text/markdown"):
            shown = re.sub(r"data:image/[a-z+]+;base64,[A-Za-z0-9+/=\s]+", "", "".join(o.get("data", {}).get(kind, "")))
            assert not MACHINE_VALUES.findall(shown), (name, MACHINE_VALUES.findall(shown)[:3])


@pytest.mark.parametrize("name", CELLS)
def test_every_figure_has_an_alternative_text(name):
    for o in outputs(CELLS[name]):
        if "image/png" in o.get("data", {}):
            assert o["metadata"]["image/png"]["alt"] and 'alt="' in "".join(o["data"]["text/html"])


@pytest.mark.parametrize("name", CELLS)
def test_no_number_is_typed_into_prose(name):
    """Numbers a reader checks are outputs of code; prose cells hold words (and code, links and the 95% level)."""
    number = re.compile(r"(?<![\w.〔第-])(\d+\.\d+|\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?\s?%)(?![\w])")
    for c in CELLS[name]["cells"]:
        if c["cell_type"] == "markdown":
            prose = re.sub(r"`[^`]*`|\]\([^)]*\)", "", "".join(c["source"]))
            assert [m for m in number.findall(prose) if m.replace(" ", "") != "95%"] == [], (name, prose[:80])


def test_the_index_lists_every_notebook():
    index = "".join(CELLS["00_claims_ledger"]["cells"][0]["source"])
    assert re.findall(r"\[(\d\d_\w+)\]\(\1\.ipynb\)", index) == [n for n in CELLS if n != "00_claims_ledger"]
