"""Hostile parameters, by family: each must stop the notebook with a message naming the parameter and what is
allowed, and leave the repository as it was (issue 13).

Two layers. In-process, every case goes through ``params.check`` exactly as a notebook's first cell calls it
(the declared defaults, then papermill's injected values on top): fast, so every case runs in ``make test``.
Through papermill's own command line, in a copy of the repository that is a fresh git repository, each case
asserts the exit status, the message, and that ``git status --porcelain`` of the copy is unchanged: a few fast
cases, and every notebook's every parameter under ``@pytest.mark.slow``.
"""
from __future__ import annotations

import concurrent.futures
import os
import pathlib
import shutil
import subprocess
import sys

import pytest

from compendium.build import params
from tests.conftest import ROOT

SOURCES = list(params.DECLARED)
BAD = {"not": "a value"}   # a YAML mapping: no parameter takes one


def _case(family, source, overrides, name, needle, **kw):
    return pytest.param(source, overrides, name, needle, id=f"{family}:{source.split('/')[-1][:9]}:{name}", **kw)


CASES = [
    # unknown name: papermill only warns, the notebook must refuse
    _case("unknown", "01_figure1_spot_checks", {"last_yaer": 2016}, "last_yaer", "first_year, last_year"),
    *[_case("unknown", s, {"langg": "zh"}, "langg", "lang, data_dir") for s in SOURCES],
    _case("unknown", "03_consumer_complaints", {"section": "03_consumer_complaints"}, "section", "lang, data_dir"),
    _case("unknown", "01_figure1_spot_checks", {"figure1": 2}, "figure1", "first_year"),   # a module's name in the notebook
    # wrong type
    _case("type", "01_figure1_spot_checks", {"first_year": "2016"}, "first_year", "whole year"),
    _case("type", "01_figure1_spot_checks", {"last_year": 2016.0}, "last_year", "whole year"),
    _case("type", "07_spot_checks_since_2018", {"first_year": True}, "first_year", "whole year"),
    _case("type", "01_figure1_spot_checks", {"categories": 5}, "categories", "a list of names"),
    _case("type", "01_figure1_spot_checks", {"categories": [1, 2]}, "categories", "a list of strings"),
    _case("type", "00_claims_ledger", {"sections": {"3": 1}}, "sections", "article section numbers"),
    _case("type", "00_claims_ledger", {"sections": True}, "sections", "article section numbers"),
    _case("type", "06_additive_manufacturing_scenarios", {"top_n": "5"}, "top_n", "whole number"),
    _case("type", "06_additive_manufacturing_scenarios", {"top_n": 2.5}, "top_n", "whole number"),
    _case("type", "00_claims_ledger", {"lang": ["en"]}, "lang", "'en' or 'zh'"),
    _case("type", "00_claims_ledger", {"figures_dir": 5}, "figures_dir", "folder path"),
    _case("type", "07_spot_checks_since_2018", {"data_dir": None}, "data_dir", "folder path"),
    # out of range
    _case("range", "01_figure1_spot_checks", {"first_year": 2009}, "first_year", "2013 to 2024"),
    _case("range", "01_figure1_spot_checks", {"last_year": 2030}, "last_year", "2013 to 2024"),
    _case("range", "01_figure1_spot_checks", {"first_year": 2019, "last_year": 2024}, "first_year",
          "known category rate for Figure 1 (2014 to 2018)"),
    _case("range", "01_figure1_spot_checks", {"categories": "electronics", "first_year": 2013, "last_year": 2013},
          "last_year", "known category rate"),
    _case("range", "01_figure1_spot_checks", {"first_year": 2018, "last_year": 2016}, "first_year", "not after"),
    _case("range", "07_spot_checks_since_2018", {"last_year": 2025}, "last_year", "2013 to 2024"),
    _case("range", "07_spot_checks_since_2018", {"first_year": 1999}, "first_year", "2013 to 2024"),
    _case("range", "07_spot_checks_since_2018", {"first_year": 2021, "last_year": 2020}, "first_year", "not after"),
    _case("range", "06_additive_manufacturing_scenarios", {"top_n": 0}, "top_n", "at least 1"),
    _case("range", "00_claims_ledger", {"sections": ["9"]}, "sections", "'9' matches no section"),
    _case("range", "00_claims_ledger", {"sections": "3.9"}, "sections", "'3.9' matches no section"),
    _case("range", "00_claims_ledger", {"sections": 7}, "sections", "'7' matches no section"),
    _case("range", "01_figure1_spot_checks", {"categories": ["toys"]}, "categories", "'toys' is not one of them"),
    _case("range", "07_spot_checks_since_2018", {"lang": "fr"}, "lang", "'en' or 'zh'"),
    _case("range", "06_additive_manufacturing_scenarios", {"data_dir": "/nonexistent"}, "data_dir", "datapackage.json"),
    _case("range", "00_claims_ledger", {"results_dir": "/proc/forbidden"}, "results_dir", "create and write"),
    # empty
    _case("empty", "01_figure1_spot_checks", {"categories": []}, "categories", "non-empty"),
    _case("empty", "01_figure1_spot_checks", {"categories": ""}, "categories", "non-empty"),
    _case("empty", "00_claims_ledger", {"sections": []}, "sections", "non-empty"),
    _case("empty", "00_claims_ledger", {"sections": ""}, "sections", "non-empty"),
    _case("empty", "01_figure1_spot_checks", {"first_year": None}, "first_year", "whole year"),
    _case("empty", "06_additive_manufacturing_scenarios", {"lang": ""}, "lang", "'en' or 'zh'"),
    _case("empty", "07_spot_checks_since_2018", {"figures_dir": ""}, "figures_dir", "folder path"),
    # malformed YAML given with -p (papermill passes the text as a string)
    _case("yaml", "01_figure1_spot_checks", {"first_year": "[2016"}, "first_year", "whole year"),
    _case("yaml", "01_figure1_spot_checks", {"categories": "[electronics"}, "categories", "'[electronics' is not one"),
    _case("yaml", "00_claims_ledger", {"sections": "[3, 5"}, "sections", "'[3' matches no section"),
    # every notebook's every parameter refuses a value of the wrong kind
    *[_case("each", s, {name: BAD}, name, "allowed:") for s in SOURCES for name in params.DECLARED[s]],
]


@pytest.fixture(scope="module")
def loaded():
    """The data package, loaded once for the in-process cases (each notebook loads it once; here 78 cases would)."""
    from compendium.analysis import data

    return data.load(ROOT / "data")


@pytest.mark.parametrize("source,overrides,name,needle", CASES)
def test_check_refuses(source, overrides, name, needle, tmp_path, monkeypatch, loaded):
    from compendium.analysis import data

    real_load = data.load
    monkeypatch.setattr(data, "load", lambda folder: loaded if pathlib.Path(folder).resolve() == (ROOT / "data").resolve()
                        else real_load(folder))
    monkeypatch.chdir(ROOT / "notebooks")
    namespace = {**params.DECLARED[source], "figures_dir": str(tmp_path / "f"), "results_dir": str(tmp_path / "r"),
                 **overrides}
    with pytest.raises(params.ParameterError) as err:
        params.check(source, namespace)
    assert err.value.name == name, str(err.value)
    assert f"parameter '{name}'" in str(err.value) and needle in str(err.value), str(err.value)
    assert not (tmp_path / "f").exists() and not (tmp_path / "r").exists()


def test_every_declared_parameter_has_a_hostile_case():
    covered = {(s, n) for s in SOURCES for n in params.DECLARED[s]}
    tested = {(c.values[0], n) for c in CASES for n in c.values[1]}
    assert covered <= tested


def test_cli_value_that_is_not_yaml_names_the_parameter():
    with pytest.raises(params.ParameterError, match="parameter 'categories'.*does not parse"):
        params.parse_cli_value("categories", "[electronics, light")
    assert params.parse_cli_value("categories", "[electronics, light_industry]") == ["electronics", "light_industry"]


# ---------------------------------------------------------------------------------------------------------
# Through papermill's command line, in a copy of the repository
# ---------------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def repo_copy(tmp_path_factory):
    """The repository's files (no .venv, build or caches) as a fresh git repository with one commit."""
    copy = tmp_path_factory.mktemp("repo") / "compendium"
    shutil.copytree(ROOT, copy, symlinks=True, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "site", ".pytest_cache", "__pycache__", "*.egg-info", ".staging-*"))
    git = ["git", "-C", str(copy), "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "copy"], check=True)
    return copy


def _status(copy):
    return subprocess.run(["git", "-C", str(copy), "status", "--porcelain"], capture_output=True, text=True,
                          check=True).stdout


def _papermill(copy, source, args, out):
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.run([sys.executable, "-m", "papermill", f"{source}.ipynb", str(out), "-k", "python3",
                           "--no-progress-bar", *args], cwd=copy / "notebooks", capture_output=True, text=True, env=env)


def _run_all(copy, tmp_path, runs):
    """Run papermill cases concurrently; returns the completed processes in order."""
    with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 2) as pool:
        futures = [pool.submit(_papermill, copy, source, args, tmp_path / f"out{i}.ipynb")
                   for i, (source, args) in enumerate(runs)]
        return [f.result() for f in futures]


def _assert_refused(proc, name, needle):
    assert proc.returncode != 0, proc.stderr[-2000:]
    assert "ParameterError" in proc.stderr and f"parameter '{name}'" in proc.stderr and needle in proc.stderr, \
        proc.stderr[-2000:]


FAST_PAPERMILL = [
    # the case: a misspelled name through papermill's own CLI
    ("01_figure1_spot_checks", ["-p", "last_yaer", "2016"], "last_yaer", "first_year, last_year"),
    # -y with a malformed YAML value: papermill's parser fails before any kernel starts (see README)
    ("01_figure1_spot_checks", ["-y", "categories: [electronics"], None, "while parsing"),
]


@pytest.mark.slow  # three kernels through papermill's CLI (5 s); the same rules are checked in-process above
def test_papermill_cli_refuses_and_non_default_runs_leave_the_copy_clean(repo_copy, tmp_path):
    """The issue's misspelled name and a malformed -y value are refused; the README's own example (a category
    selection with papermill directly) writes under build/params/ and leaves the committed outputs as they were."""
    figures = {p.name: p.read_bytes() for p in (repo_copy / "figures").iterdir()}
    example = ("01_figure1_spot_checks", ["-y", "categories: [electronics, light_industry]"])
    *procs, ran = _run_all(repo_copy, tmp_path, [*[(s, a) for s, a, _, _ in FAST_PAPERMILL], example])
    for (source, args, name, needle), proc in zip(FAST_PAPERMILL, procs):
        if name is None:
            assert proc.returncode != 0 and needle in proc.stderr, proc.stderr[-2000:]
        else:
            _assert_refused(proc, name, needle)
    assert ran.returncode == 0, ran.stderr[-2000:]
    assert _status(repo_copy) == ""
    assert figures == {p.name: p.read_bytes() for p in (repo_copy / "figures").iterdir()}
    written = repo_copy / "build" / "params" / "01_figure1_spot_checks" / "categories=electronics,light_industry"
    assert (written / "figures" / "figure1.png").is_file() and (written / "results" / "01_figure1_spot_checks.json").is_file()
    assert "build/params/01_figure1_spot_checks/categories=electronics,light_industry" in \
        (tmp_path / f"out{len(FAST_PAPERMILL)}.ipynb").read_text()


def _yaml_args(overrides: dict) -> list[str]:
    import yaml

    return ["-y", yaml.safe_dump(overrides, default_flow_style=True).strip()] if overrides else []


# Every in-process case again through papermill's CLI (values passed as YAML with -y), and the -p string forms.
SLOW_PAPERMILL = [
    *[(c.values[0], _yaml_args(c.values[1]), c.values[2], c.values[3]) for c in CASES],
    ("00_claims_ledger", ["-p", "sections", "9"], "sections", "matches no section"),
    ("01_figure1_spot_checks", ["-p", "first_year", "2019", "-p", "last_year", "2024"], "first_year", "known category rate"),
    ("01_figure1_spot_checks", ["-p", "categories", "[electronics"], "categories", "not one of them"),
    ("07_spot_checks_since_2018", ["-p", "last_year", "2030"], "last_year", "2013 to 2024"),
    ("03_consumer_complaints", ["-p", "section", "03_consumer_complaints"], "section", "lang, data_dir"),
]


@pytest.mark.slow
def test_papermill_cli_every_parameter_of_every_notebook(repo_copy, tmp_path):
    procs = _run_all(repo_copy, tmp_path, [(s, a) for s, a, _, _ in SLOW_PAPERMILL])
    for (source, args, name, needle), proc in zip(SLOW_PAPERMILL, procs):
        _assert_refused(proc, name, needle)
    assert _status(repo_copy) == ""


ALLOWED_RUNS = [
    ("07_spot_checks_since_2018", ["-p", "first_year", "2020", "-p", "last_year", "2021"]),
    ("07_spot_checks_since_2018", ["-p", "last_year", "2016"]),
    ("07_spot_checks_since_2018", ["-p", "first_year", "2013", "-p", "last_year", "2013"]),
    ("01_figure1_spot_checks", ["-p", "first_year", "2013", "-p", "last_year", "2024"]),
    ("00_claims_ledger", ["-y", "sections: ['3.3', '5']"]),
    ("04_quality_management_surveys", ["-p", "lang", "zh"]),
]


@pytest.mark.slow
def test_allowed_values_run_and_write_under_build(repo_copy, tmp_path):
    procs = _run_all(repo_copy, tmp_path, ALLOWED_RUNS)
    for (source, args), proc in zip(ALLOWED_RUNS, procs):
        assert proc.returncode == 0, (source, args, proc.stderr[-3000:])
    assert _status(repo_copy) == ""


@pytest.mark.slow
def test_runner_cli_refuses_a_malformed_yaml_value(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "compendium", "reproduce", "01_figure1_spot_checks", "-p", "first_year",
                           "[2016", "--out", str(tmp_path / "o")], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 2 and "parameter 'first_year'" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "o").exists()

