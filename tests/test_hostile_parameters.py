"""Hostile parameters, by family: each must stop the notebook with one short message naming the parameter, the
value given and what is allowed, and leave every copy of the compendium as it was (issues 13, 19, 21).

Two layers. In-process, every case goes through ``params.check`` exactly as a notebook's first cell calls it
(the defaults of its parameters cell, then papermill's injected values on top): fast, so every case runs in
``make test``. Through papermill's own command line, in a copy of the repository that is a fresh git
repository, each case asserts the exit status, the message, and that ``git status --porcelain`` of the copy is
unchanged: under ``@pytest.mark.slow``.
"""
from __future__ import annotations

import concurrent.futures
import math
import os
import pathlib
import shlex
import shutil
import subprocess
import sys
import tempfile

import pytest

from compendium.build import notebooks, params
from tests.conftest import DATA, ROOT

SOURCES = sorted({nb.source_path.removesuffix(".ipynb") for nb in notebooks.NOTEBOOKS})
BAD = {"not": "a value"}   # a YAML mapping: no parameter takes one


def _case(family, source, overrides, name, needle, **kw):
    return pytest.param(source, overrides, name, needle, id=f"{family}:{source.split('/')[-1][:9]}:{name}", **kw)


CASES = [
    # unknown name: papermill only warns, the notebook must refuse, and suggest the near name
    _case("unknown", "01_figure1_spot_checks", {"last_yaer": 2016}, "last_yaer", "Did you mean 'last_year'?"),
    *[_case("unknown", s, {"langg": "zh"}, "langg", "lang, data_dir") for s in SOURCES],
    _case("unknown", "03_consumer_complaints", {"section": "03_consumer_complaints"}, "section", "lang, data_dir"),
    _case("unknown", "01_figure1_spot_checks", {"figure1": 2}, "figure1", "first_year"),   # a module's name in the notebook
    # wrong type
    _case("type", "01_figure1_spot_checks", {"first_year": "2016"}, "first_year", "whole year"),
    _case("type", "01_figure1_spot_checks", {"last_year": 2016.0}, "last_year", "whole year"),
    _case("type", "07_spot_checks_since_2018", {"first_year": True}, "first_year", "whole year"),
    _case("type", "01_figure1_spot_checks", {"first_year": "2015-01-01"}, "first_year", "whole year"),   # papermill's -p text
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
    _case("range", "06_additive_manufacturing_scenarios", {"data_dir": "/nonexistent"}, "data_dir", "datapackage.json"),
    _case("range", "00_claims_ledger", {"results_dir": "/proc/forbidden"}, "results_dir", "create and write"),
    # categories: the allowed codes and their Chinese names are listed; a full-width separator gets a hint
    _case("category", "01_figure1_spot_checks", {"categories": ["toys"]}, "categories", "'toys' is not a category code"),
    _case("category", "01_figure1_spot_checks", {"categories": "玩具"}, "categories", "electronics, light_industry"),
    _case("category", "01_figure1_spot_checks", {"categories": "玩具"}, "categories", "日用及纺织品、电子电器、轻工产品"),
    _case("category", "01_figure1_spot_checks", {"categories": "电子电器，轻工产品"}, "categories", "full-width"),
    _case("category", "01_figure1_spot_checks", {"categories": "电子电器、轻工产品"}, "categories", "ASCII comma"),
    _case("category", "01_figure1_spot_checks", {"categories": ["电子电器，轻工产品"]}, "categories", "full-width"),
    # language: only en and zh (papermill's -p lang no gives the text 'no')
    _case("lang", "07_spot_checks_since_2018", {"lang": "fr"}, "lang", "'en' or 'zh'"),
    _case("lang", "01_figure1_spot_checks", {"lang": "no"}, "lang", "'en' or 'zh'"),
    _case("lang", "00_claims_ledger", {"lang": "EN"}, "lang", "'en' or 'zh'"),
    _case("lang", "06_additive_manufacturing_scenarios", {"lang": False}, "lang", "'en' or 'zh'"),
    # a relative data folder is named as given, read from the folder the notebook runs in (never the folder it resolved to)
    _case("data_dir", "06_additive_manufacturing_scenarios", {"data_dir": "data"}, "data_dir",
          "no data/datapackage.json, read from the folder the notebook runs in"),
    _case("data_dir", "01_figure1_spot_checks", {"data_dir": "../../data"}, "data_dir", "read from the folder the notebook runs in"),
    # output folders inside a copy of the compendium: never its data/, notebooks/ or other files
    _case("outputs", "01_figure1_spot_checks", {"figures_dir": "../data"}, "figures_dir", "the data/ folder of a copy"),
    _case("outputs", "07_spot_checks_since_2018", {"results_dir": "../data/extra"}, "results_dir", "the data/ folder of a copy"),
    _case("outputs", "00_claims_ledger", {"results_dir": "."}, "results_dir", "the notebooks/ folder of a copy"),
    _case("outputs", "06_additive_manufacturing_scenarios", {"figures_dir": ".."}, "figures_dir", "the root folder of a copy"),
    _case("outputs", "06_additive_manufacturing_scenarios", {"figures_dir": "../src"}, "figures_dir", "the src/ folder"),
    # other parameters than the defaults with the committed output folders: refused, with the scratch command
    _case("committed", "07_spot_checks_since_2018", {"lang": "zh", "figures_dir": "../figures"}, "figures_dir",
          "-m papermill 07_spot_checks_since_2018.ipynb"),
    _case("committed", "01_figure1_spot_checks", {"categories": "electronics", "results_dir": "../results"}, "results_dir",
          "these parameters differ from the defaults: categories='electronics'"),
    _case("committed", "06_additive_manufacturing_scenarios", {"top_n": 3, "figures_dir": str(ROOT / "figures")},
          "figures_dir", "-p top_n 3 -p figures_dir"),
    _case("committed", "00_claims_ledger", {"data_dir": str(DATA / ".." / "data"), "sections": "3",
                                            "results_dir": "../results"}, "results_dir", "sections='3'"),
    # empty
    _case("empty", "01_figure1_spot_checks", {"categories": []}, "categories", "non-empty"),
    _case("empty", "01_figure1_spot_checks", {"categories": ""}, "categories", "non-empty"),
    _case("empty", "00_claims_ledger", {"sections": []}, "sections", "non-empty"),
    _case("empty", "00_claims_ledger", {"sections": ""}, "sections", "non-empty"),
    _case("empty", "01_figure1_spot_checks", {"first_year": None}, "first_year", "whole year"),
    _case("empty", "06_additive_manufacturing_scenarios", {"lang": ""}, "lang", "'en' or 'zh'"),
    _case("empty", "07_spot_checks_since_2018", {"figures_dir": ""}, "figures_dir", "folder path"),
    # a list written for YAML but given with -p (papermill passes the text as it is)
    _case("yaml", "01_figure1_spot_checks", {"first_year": "[2016"}, "first_year", "whole year"),
    _case("yaml", "01_figure1_spot_checks", {"categories": "[electronics, light_industry]"}, "categories",
          "papermill's -p passes [a, b] as text"),
    _case("yaml", "00_claims_ledger", {"sections": "[3, 5"}, "sections", "'[3' matches no section"),
    # every notebook's every parameter refuses a value of the wrong kind
    *[_case("each", s, {name: BAD}, name, "allowed:") for s in SOURCES for name in params.model_for(s).model_fields],
]


@pytest.fixture(scope="module")
def loaded():
    """The data package, loaded once for the in-process cases (each notebook loads it once; here 90 cases would)."""
    from compendium.analysis import data

    return data.load(DATA)


def _namespace(source, tmp_path, overrides):
    return {**params.declared(source), "figures_dir": str(tmp_path / "f"), "results_dir": str(tmp_path / "r"), **overrides}


@pytest.mark.parametrize("source,overrides,name,needle", CASES)
def test_check_refuses(source, overrides, name, needle, tmp_path, monkeypatch, loaded):
    from compendium.analysis import data

    real_load = data.load
    monkeypatch.setattr(data, "load", lambda folder, verify=True: loaded if pathlib.Path(folder).resolve() == DATA.resolve()
                        else real_load(folder, verify))
    monkeypatch.chdir(ROOT / "notebooks")
    with pytest.raises(params.ParameterError) as err:
        params.check(source, _namespace(source, tmp_path, overrides))
    message = str(err.value)
    assert err.value.name == name, message
    assert f"parameter '{name}' got {err.value.value!r}" in message and needle in message, message
    assert "\n" not in message and len(message) < 800, "one short message"
    assert err.value._render_traceback_() == [f"ParameterError: {message}"]   # what IPython and papermill show
    assert "compendium-stage-" not in message
    assert not (tmp_path / "f").exists() and not (tmp_path / "r").exists()


def test_a_relative_data_dir_is_named_as_given(tmp_path, monkeypatch):
    """Through the runner the notebook's folder is a hidden staging tree: the message must not name it."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notebooks").mkdir()
    with pytest.raises(params.ParameterError) as err:
        params.check("06_additive_manufacturing_scenarios", _namespace("06_additive_manufacturing_scenarios", tmp_path,
                                                                        {"data_dir": "../data"}))
    assert str(tmp_path) not in str(err.value) and "../data/datapackage.json" in str(err.value)


def test_the_default_run_may_write_into_its_own_copy(monkeypatch):
    monkeypatch.chdir(ROOT / "notebooks")
    for source in ("01_figure1_spot_checks", "06_additive_manufacturing_scenarios"):
        p = params.check(source, params.declared(source))
        assert p.changed == {} and p.figures_dir == pathlib.Path("../figures")


def test_another_copys_committed_folders_are_refused(tmp_path, monkeypatch):
    """A copy of the compendium in tmp_path (pyproject.toml and data/): the notebooks of this one, with their
    defaults, must not write into its figures/ (its code may differ from the copy's)."""
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "data").symlink_to(DATA)
    monkeypatch.chdir(ROOT / "notebooks")
    source = "06_additive_manufacturing_scenarios"
    with pytest.raises(params.ParameterError, match="another copy of the compendium") as err:
        params.check(source, {**params.declared(source), "figures_dir": str(tmp_path / "figures")})
    assert err.value.name == "figures_dir"


# ---------------------------------------------------------------------------------------------------------
# The runner's -p reads text as papermill's -p does (papermill.cli: True/False/None, int(), float(), else text)
# ---------------------------------------------------------------------------------------------------------
CLI_VALUES = [
    ("010", 10), ("-3", -3), ("+7", 7), (" 12 ", 12), ("1_000", 1000), ("２０１６", 2016),
    ("2.5", 2.5), ("1e3", 1000.0), ("inf", math.inf), ("True", True), ("False", False), ("None", None),
    ("no", "no"), ("yes", "yes"), ("true", "true"), ("null", "null"), ("~", "~"), ("0x10", "0x10"), ("0o17", "0o17"),
    ("2015-01-01", "2015-01-01"), ("[a, b]", "[a, b]"), ("{a: 1}", "{a: 1}"), ("a,b", "a,b"), ("", ""),
    ("电子电器，轻工产品", "电子电器，轻工产品"), ("'zh'", "'zh'"),
]


@pytest.mark.parametrize("text,value", CLI_VALUES)
def test_cli_values_are_read_as_papermill_reads_them(text, value):
    from compendium.__main__ import _parse_value

    got = _parse_value(text)
    assert got == value and type(got) is type(value), (text, got)


def test_nan_is_read_as_a_float():
    assert math.isnan(params.parse_cli_value("nan"))


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
    """Refused, and the message is papermill's last line: the cell's traceback is that one line."""
    assert proc.returncode != 0, proc.stderr[-2000:]
    cell = proc.stderr.rsplit('Exception encountered at "In [', 1)[-1].strip().splitlines()[1:]
    assert len(cell) == 1 and cell[0].startswith(f"ParameterError: parameter '{name}'") and needle in cell[0], \
        proc.stderr[-2000:]


@pytest.mark.slow  # three kernels through papermill's CLI; the same rules are checked in-process above
def test_papermill_cli_refuses_and_the_suggested_command_runs(repo_copy, tmp_path):
    """The issue's misspelled name is refused in one line; a non-default run with the committed folders is
    refused with a command, and that command (pasted as given) runs and leaves the copy clean."""
    figures = {p.name: p.read_bytes() for p in (repo_copy / "figures").iterdir()}
    typo, committed = _run_all(repo_copy, tmp_path, [
        ("01_figure1_spot_checks", ["-p", "last_yaer", "2016"]),
        ("01_figure1_spot_checks", ["-p", "categories", "electronics,light_industry"])])
    _assert_refused(typo, "last_yaer", "Did you mean 'last_year'?")
    _assert_refused(committed, "figures_dir", "Run it into scratch folders")
    command = committed.stderr.split("Run it into scratch folders, from notebooks/: ", 1)[1].split(" (in JupyterLab")[0]
    scratch = tmp_path / "scratch"   # the command's paths, moved under tmp_path
    scratch.mkdir()
    temp = str(pathlib.Path(tempfile.gettempdir()) / "compendium")
    args = [str(scratch / pathlib.Path(a).name) if a.startswith(temp) else a for a in shlex.split(command)]
    ran = subprocess.run(args, cwd=repo_copy / "notebooks", capture_output=True, text=True)
    assert ran.returncode == 0, ran.stderr[-2000:]
    assert (scratch / "figures" / "figure1.png").is_file() and (scratch / "results" / "01_figure1_spot_checks.json").is_file()
    assert _status(repo_copy) == ""
    assert figures == {p.name: p.read_bytes() for p in (repo_copy / "figures").iterdir()}


def _yaml_args(overrides: dict) -> list[str]:
    import yaml

    return ["-y", yaml.safe_dump(overrides, default_flow_style=True, allow_unicode=True).strip()] if overrides else []


# Every in-process case again through papermill's CLI (values passed as YAML with -y), and the -p text forms.
# Output folders go to scratch folders unless the case is about them.
SCRATCH = ["-p", "figures_dir", "{tmp}/f", "-p", "results_dir", "{tmp}/r"]
SLOW_PAPERMILL = [
    *[(c.values[0], _yaml_args({**{"figures_dir": "{tmp}/f", "results_dir": "{tmp}/r"}, **c.values[1]}), c.values[2],
       c.values[3]) for c in CASES],
    ("00_claims_ledger", ["-p", "sections", "9", *SCRATCH], "sections", "matches no section"),
    ("01_figure1_spot_checks", ["-p", "first_year", "2019", "-p", "last_year", "2024", *SCRATCH], "first_year",
     "known category rate"),
    ("01_figure1_spot_checks", ["-p", "categories", "[electronics", *SCRATCH], "categories", "is not a category code"),
    ("01_figure1_spot_checks", ["-p", "categories", "电子电器，轻工产品", *SCRATCH], "categories", "full-width"),
    ("01_figure1_spot_checks", ["-p", "lang", "no", *SCRATCH], "lang", "'en' or 'zh'"),
    ("07_spot_checks_since_2018", ["-p", "last_year", "2030", *SCRATCH], "last_year", "2013 to 2024"),
    ("07_spot_checks_since_2018", ["-p", "first_year", "2015-01-01", *SCRATCH], "first_year", "whole year"),
    ("06_additive_manufacturing_scenarios", ["-p", "figures_dir", "../data", "-p", "results_dir", "../data"],
     "figures_dir", "the data/ folder of a copy"),
    ("07_spot_checks_since_2018", ["-p", "lang", "zh"], "figures_dir", "Run it into scratch folders"),
    ("03_consumer_complaints", ["-p", "section", "03_consumer_complaints", *SCRATCH], "section", "lang, data_dir"),
    ("04_quality_management_surveys", ["-p", "lang", "zh"], "figures_dir", "Run it into scratch folders"),
]


@pytest.mark.slow
def test_papermill_cli_every_parameter_of_every_notebook(repo_copy, tmp_path):
    runs = [(s, [a.replace("{tmp}", str(tmp_path)) for a in args]) for s, args, _, _ in SLOW_PAPERMILL]
    procs = _run_all(repo_copy, tmp_path, runs)
    for (source, args, name, needle), proc in zip(SLOW_PAPERMILL, procs):
        _assert_refused(proc, name, needle)
    assert _status(repo_copy) == "" and not (tmp_path / "f").exists()


ALLOWED_RUNS = [
    ("07_spot_checks_since_2018", ["-p", "first_year", "2020", "-p", "last_year", "2021"]),
    ("07_spot_checks_since_2018", ["-p", "last_year", "2016"]),
    ("07_spot_checks_since_2018", ["-p", "first_year", "2013", "-p", "last_year", "2013"]),
    ("01_figure1_spot_checks", ["-p", "first_year", "2013", "-p", "last_year", "2024"]),
    ("00_claims_ledger", ["-y", "sections: ['3.3', '5']"]),
    ("04_quality_management_surveys", ["-p", "lang", "zh"]),
]


@pytest.mark.slow
def test_allowed_values_run_into_scratch_folders(repo_copy, tmp_path):
    runs = [(s, [*a, "-p", "figures_dir", str(tmp_path / f"f{i}"), "-p", "results_dir", str(tmp_path / f"r{i}")])
            for i, (s, a) in enumerate(ALLOWED_RUNS)]
    procs = _run_all(repo_copy, tmp_path, runs)
    for (source, args), proc in zip(runs, procs):
        assert proc.returncode == 0, (source, args, proc.stderr[-3000:])
    assert _status(repo_copy) == ""


@pytest.mark.slow
def test_runner_cli_passes_text_as_papermill_does_and_names_no_staging_path(tmp_path):
    """-p first_year [2016 is the text '[2016' (as with papermill); a relative data_dir is named as given."""
    for args, name in ((["-p", "first_year", "[2016"], "first_year"), (["-p", "data_dir", "data"], "data_dir")):
        proc = subprocess.run([sys.executable, "-m", "compendium", "reproduce", "01_figure1_spot_checks", *args,
                               "--out", str(tmp_path / "o")], cwd=ROOT, capture_output=True, text=True)
        assert proc.returncode == 1 and f"ParameterError: parameter '{name}'" in proc.stderr, proc.stderr
        assert "Traceback" not in proc.stderr and "compendium-stage-" not in proc.stderr, proc.stderr
        assert not (tmp_path / "o").exists()
