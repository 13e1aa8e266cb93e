"""Every notebook executes through papermill; a bad parameter makes papermill exit non-zero."""
import json
import pathlib
import subprocess
import sys

import pytest

from tests.conftest import ROOT

from compendium.build import notebooks as registry

NOTEBOOKS = [ROOT / "notebooks" / f"{name}.ipynb" for name in registry.names()]


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """Re-run every committed notebook as a reader would, with plain papermill (its command line, the executed
    notebook as input, no parameter but the two output folders), in parallel; figures and results go to a
    temporary folder. The runner's own path (staging, all-or-nothing copy) is tested in test_robustness.py and
    by `make check`."""
    import concurrent.futures
    import os

    out = tmp_path_factory.mktemp("run")
    (out / "notebooks").mkdir()

    def papermill(nb):
        return subprocess.run([sys.executable, "-m", "papermill", nb.name, str(out / "notebooks" / nb.name),
                               "--no-progress-bar", "-p", "figures_dir", str(out / "figures"),
                               "-p", "results_dir", str(out / "results")],
                              cwd=ROOT / "notebooks", capture_output=True, text=True, timeout=300)

    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        runs = dict(zip(NOTEBOOKS, pool.map(papermill, NOTEBOOKS)))
    failed = {nb.name: run.stderr[-1500:] for nb, run in runs.items() if run.returncode != 0}
    assert not failed, f"plain papermill failed on a committed notebook: {failed}"
    return out


def test_every_committed_notebook_reruns_with_plain_papermill(executed):
    """Mutation: give a notebook's parameters cell a default its check refuses (lang = "fr")."""
    assert {p.name for p in (executed / "notebooks").glob("*.ipynb")} == {p.name for p in NOTEBOOKS}
    assert {p.name for p in NOTEBOOKS} == {p.name for p in (ROOT / "notebooks").glob("*.ipynb")}


def test_committed_results_match_a_fresh_run(executed):
    for fresh in (executed / "results").glob("*.json"):
        committed = ROOT / "results" / fresh.name
        assert json.loads(fresh.read_text()) == json.loads(committed.read_text()), f"{fresh.name} is stale: make reproduce"


def test_figure1_results_against_sources(executed):
    r = json.loads((executed / "results" / "01_figure1_spot_checks.json").read_text())
    # 11 printed cells: 2014 food; 2015 electrical; 2016 light, building; 2017 daily, electronics, light,
    # electrical, building, food; 2018 building. 16 derived from printed changes: 2014 daily, electronics, agri,
    # machinery, electrical, building; 2015 daily, electronics, light, agri, machinery, building, food;
    # 2016 daily, electronics, electrical. The other 13 missing.
    assert r["coverage"] == {"printed": 11, "derived": 16, "missing": 13}
    cells = {(c["scope"], c["year"]): c for c in r["cells"]}
    assert cells[("national", 2018)]["nonconformity_pct"] == 10.3        # SAMR 2019年第19号
    assert cells[("national", 2017)]["nonconformity_pct"] == pytest.approx(100 - 91.5)
    assert cells[("electronics", 2017)]["nonconformity_pct"] == pytest.approx(100 - 83.4)
    assert cells[("electronics", 2018)]["status"] == "missing"
    assert {c["claim_id"]: c["verdict"] for c in r["claims"]} == {
        "S3-spot-2018-daily": "unverified", "S3-spot-2018-electronics": "unverified", "S3-spot-2018-light": "unverified"}


@pytest.mark.slow
def test_figure1_runs_unchanged_to_the_latest_year(tmp_path):
    """Issue 7: the Figure 1 notebook with last_year at the latest bulletin shows what is known."""
    from compendium.build import runner

    runner.reproduce(["01_figure1_spot_checks"], parameters={"last_year": 2024}, out=tmp_path, root=ROOT)
    r = json.loads((tmp_path / "results" / "01_figure1_spot_checks.json").read_text())
    cells = {(c["scope"], c["year"]): c for c in r["cells"]}
    assert cells[("national", 2024)]["nonconformity_pct"] == 14.3 and cells[("national", 2019)]["status"] == "derived"
    assert cells[("electronics", 2024)]["status"] == "missing"


def test_committed_notebooks_have_outputs_and_no_errors_or_paths():
    for nb_path in NOTEBOOKS:
        nb = json.loads(nb_path.read_text())
        outputs = [o for c in nb["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])]
        assert outputs, f"{nb_path.name} committed without outputs"
        assert not [o for o in outputs if o["output_type"] == "error"], nb_path.name
        text = nb_path.read_text()
        assert "/work/" not in text and "/tmp/" not in text and "/home/" not in text, nb_path.name
        assert "papermill" not in nb["metadata"] and any("parameters" in c["metadata"].get("tags", []) for c in nb["cells"])


def test_every_notebook_file_is_in_the_registry():
    assert sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")) == sorted(p.name for p in NOTEBOOKS)
    assert all((ROOT / "notebooks" / nb.source_path).is_file() for nb in registry.NOTEBOOKS)




def test_runner_refuses_misspelled_parameter():
    from compendium.build import runner

    with pytest.raises(runner.RunError, match="unknown parameter"):
        runner.reproduce(["01_figure1_spot_checks"], parameters={"langg": "zh"}, out=pathlib.Path("/nonexistent"), root=ROOT)


def test_failing_run_leaves_committed_files_untouched(tmp_path):
    from compendium.build import runner

    before = {p: p.read_bytes() for p in [*NOTEBOOKS, *(ROOT / "results").glob("*.json"), *(ROOT / "figures").glob("*")]}
    with pytest.raises(runner.RunError, match="Nothing was written"):
        runner.reproduce(["01_figure1_spot_checks"], parameters={"first_year": 1900}, out=tmp_path / "out", root=ROOT)
    assert before == {p: p.read_bytes() for p in before} and not (tmp_path / "out").exists()
    assert not list(ROOT.glob(".staging-*"))


def _opening(nb_path: pathlib.Path) -> str:
    """What a reader sees first: the first markdown cell."""
    cells = json.loads(nb_path.read_text())["cells"]
    return "".join(cells[0]["source"]) if cells[0]["cell_type"] == "markdown" else ""


def test_each_notebook_opens_with_title_question_data_and_ledger_link():
    for nb_path in NOTEBOOKS:
        text = _opening(nb_path)
        assert text.startswith("# ") or "\n# " in text, nb_path.name
        assert "**Question.**" in text and "**Data.**" in text, nb_path.name
        if nb_path.stem != "00_claims_ledger":
            assert "(00_claims_ledger.ipynb)" in text, nb_path.name


def test_each_notebook_ends_with_a_generated_conclusion_saying_where_it_wrote():
    for nb_path in NOTEBOOKS:
        cells = json.loads(nb_path.read_text())["cells"]
        markdown = ["".join(o["data"]["text/markdown"]) for c in cells for o in c.get("outputs", [])
                    if "text/markdown" in o.get("data", {})]
        assert markdown and "This run wrote its figures to `figures/` and its results to `results/`." in markdown[-1], nb_path.name


def test_readme_has_a_binder_link_per_notebook_and_names_every_publisher():
    readme = (ROOT / "README.md").read_text()
    for nb_path in NOTEBOOKS:
        assert f"labpath=notebooks%2F{nb_path.name}" in readme, nb_path.name
    import csv

    with (ROOT / "data" / "sources.csv").open(encoding="utf-8") as f:
        publishers = {row["publisher"] for row in csv.DictReader(f) if row["page_kind"] != "article"}
    missing = [p for p in publishers if p.split(" (")[0].split(" /")[0].lower() not in readme.lower()]
    assert not missing, f"README does not name these data publishers: {missing}"


def test_long_series_results_hold_what_its_sentences_state(executed):
    r = json.loads((executed / "results" / "07_spot_checks_since_2018.json").read_text())
    # 2018 10.3%; later years 10.7 (2019, derived), 10.0, 12.2, 9.4, 12.3, 14.3: lower in 2 of 6
    assert {k: r["after_article"][k] for k in ("base", "below", "after", "fell")} == \
        {"base": 10.3, "below": 2, "after": 6, "fell": "some"}
    ecommerce = {c["year"]: c["nonconformity"] for c in r["channels"] if c["level"] == "ecommerce"}
    assert ecommerce[2024] == pytest.approx(23.5)                           # SAMR, 2024 results
    assert r["size_years"]["every"] and 2024 in r["size_years"]["small_higher"]
    assert any("Not lastingly" in a for a in r["answers"])


def test_milk_results_hold_the_limits_and_their_ratios(executed):
    milk = json.loads((executed / "results" / "02_raw_milk_cell_counts.json").read_text())
    draft = next(r for r in milk["limits"] if r["claim_id"] == "S3-milk-cn-draft")
    assert draft["basis"] == "article" and draft["times_us"] == pytest.approx(1e6 / 7.5e5)
    assert draft["times_eu"] == pytest.approx(1e6 / 4e5)
