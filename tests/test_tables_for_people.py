"""Tables for people, in the committed notebooks themselves (what GitHub shows) and in a Chinese run: no output
of any notebook holds a missing-value marker (<NA>, NaN, nan), an exponent (e+0, e-0), a number with more than
four decimals or a Python list of dicts; every image output carries an alternative text that nbconvert writes;
and presentation.tables formats what it is given as people write it."""
from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from compendium.build import notebooks as registry
from compendium.presentation import tables
from tests import notebook_runs
from tests.conftest import ROOT

def _case(name):
    return pytest.param(name)


def machine_values_of(path) -> list[str]:
    return [f"{mime}: ...{bad}..." for mime, out in notebook_runs.outputs(path)
            for bad in tables.machine_values(re.sub(r'src="data:image/png;base64,[^"]*"', "", out))]


@pytest.mark.parametrize("name", [_case(n) for n in registry.names()])
def test_committed_outputs_hold_no_machine_values(name):
    found = machine_values_of(ROOT / "notebooks" / f"{name}.ipynb")
    assert not found, "\n".join(found[:10])


@pytest.mark.parametrize("name", registry.names())
def test_every_image_has_an_alternative_text_nbconvert_writes(name):
    """An image output carries its alternative text in the output metadata and in an HTML <img alt>, which is
    what nbconvert's HTML shows (its own image template writes none: 'Alternative text is missing')."""
    nb = json.loads((ROOT / "notebooks" / f"{name}.ipynb").read_text(encoding="utf-8"))
    images = [o for c in nb["cells"] for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    for out in images:
        alt = out.get("metadata", {}).get("image/png", {}).get("alt", "")
        assert alt.strip(), name
        assert re.search(r'<img\b[^>]*\salt="[^"]+"', "".join(out["data"].get("text/html", ""))), name


def test_the_scan_finds_what_it_looks_for():
    for bad in ("<NA>", "&lt;NA&gt;", "NaN", "nan", "6.93e+06", "1.6e-12", "3.030303", "[{'from': 2018}]"):
        assert tables.machine_values(f"a {bad} b"), bad
    for good in ("1,390,000", "10.3", "< 0.001", "2014", "±0.10", "Nanjing", "financial", "0.0015"):
        assert not tables.machine_values(f"a {good} b"), good


def test_for_people_formats_cells_as_people_write_them():
    df = pd.DataFrame({"year": [1990.0, None], "batches": [25672.0, 7.5e5], "p": [7.76e-46, 0.0123],
                       "small_to_large": [3.030303, float("nan")], "status": ["printed", "missing"]})
    table = tables.for_people(df, "en", formats={"year": "year", "batches": "count", "p": "pvalue",
                                                 "small_to_large": "dec1", "status": "key:status"})
    html = table._repr_html_()
    assert "1990" in html and "1990.0" not in html and "750,000" in html and "25,672" in html
    assert "&lt; 0.001" in html and "0.012" in html and "3.0" in html and "none found" in html
    assert not tables.machine_values(html + repr(table))
    assert "Year" in html and "Batches" in html and "<th>year</th>" not in html   # headers in words
    assert ">0<" not in html and "<tbody>" in html and "index" not in html.lower().replace("tbody", "")
    zh = tables.for_people(df, "zh", formats={"year": "year", "status": "key:status"}, columns=["year", "status"])
    assert "年份" in zh._repr_html_() and "未找到" in zh._repr_html_()


def test_a_column_without_words_is_refused():
    with pytest.raises(KeyError, match="col.no_such_column"):
        tables.for_people(pd.DataFrame({"no_such_column": [1]}), "en")


@pytest.mark.slow
@pytest.mark.parametrize("name", [_case(n) for n in registry.names()])
def test_a_chinese_run_holds_no_machine_values_and_no_english_headers(name):
    executed = notebook_runs.run(name, lang="zh")
    found = machine_values_of(executed)
    for mime, out in notebook_runs.outputs(executed):
        if mime == "text/html" and "<table" in out:
            # a gloss in full-width brackets (a foreign body's own name, a file name) is allowed; other Latin words are not
            found += [f"English header {h!r}" for h in re.findall(r"<th>([^<]*)</th>", out)
                      if re.search(r"[A-Za-z]{3,}", re.sub(r"（[^）]*）", "", h))]
    assert not found, "\n".join(found[:10])
