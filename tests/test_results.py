"""What the committed notebooks say, checked against what they computed: every relation word a sentence uses is
computed again from the numbers it was computed from; every number the sentence shows for it is those numbers;
every results file names the data files the notebook read, and make re-runs the notebook when one changes."""
import json
import re
import subprocess

import pytest

from compendium import relations
from tests.conftest import NOTEBOOKS, ROOT

FUNCTIONS = {"position": relations.position, "overlap": relations.overlap, "direction": relations.direction,
             "compare": relations.compare, "share": relations.share}


def records(results):
    return [(name, r) for name, res in results.items() for r in res.get("relations", [])]


def test_every_sentence_states_the_relation_its_numbers_give(results):
    checked = 0
    for name, r in records(results):
        assert FUNCTIONS[r["kind"]](**r["values"]).key == r["key"], (name, r["id"])
        assert r["word"] and r["word"] in r["sentence"], (name, r["id"], r["word"])
        for value_name, shown in r["shown"].items():   # a number shown beside the word is the one compared, rounded
            plain = shown.lstrip("±").replace(",", "")
            places = len(plain.partition(".")[2])
            assert float(plain) == pytest.approx(r["values"][value_name], abs=0.5 * 10 ** -places + 1e-9), \
                (name, r["id"], value_name)
        checked += 1
    assert checked > 60


def test_a_swapped_word_would_be_caught(results):
    name, r = next((n, r) for n, r in records(results) if r["kind"] == "position")
    swapped = dict(r, values=dict(r["values"], value=r["values"]["high"] + 1))
    assert FUNCTIONS[swapped["kind"]](**swapped["values"]).key != r["key"]


def test_every_sentence_is_shown_in_its_notebook(results):
    for nb in NOTEBOOKS:
        shown = "".join("".join(o.get("data", {}).get("text/markdown", "")) for c in json.loads(nb.read_text())["cells"]
                        for o in c.get("outputs", []))
        for sentence in results[nb.stem].get("sentences", []):
            assert sentence in shown, (nb.stem, sentence[:60])


def makefile_prerequisites():
    """Each results file's prerequisites, as make itself reads the Makefile (make -pn: its database, no recipe run)."""
    db = subprocess.run(["make", "-pn", "-f", "Makefile", "outputs"], cwd=ROOT, capture_output=True, text=True).stdout
    found = {}
    for line in db.splitlines():
        m = re.match(r"^(results/[\w]+\.json): (.*)$", line)
        if m:
            found.setdefault(m.group(1), set()).update(m.group(2).split())
    return found


def test_make_reruns_a_notebook_when_anything_it_read_changes(results):
    prerequisites = makefile_prerequisites()
    for name, res in results.items():
        needed = {f"data/{f}" for f in res["inputs"] if f != "datapackage.json"}   # hashes only: see CONTRIBUTING.md
        assert needed <= prerequisites[f"results/{name}.json"], (name, needed - prerequisites[f"results/{name}.json"])
        assert f"notebooks/{name}.ipynb" in prerequisites[f"results/{name}.json"]
    ledger = prerequisites["results/00_claims_ledger.json"]
    assert {f"results/{n}.json" for n in results if results[n].get("claims") and n != "00_claims_ledger"} <= ledger


def test_every_figure_is_written_by_one_notebook(results):
    written = [f["file"] for r in results.values() for f in r.get("figures", [])]
    assert sorted(written) == sorted(p.name for p in (ROOT / "figures").iterdir())
