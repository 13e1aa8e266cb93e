"""Hostile uses of the runner's outputs and of `check` (issue 13, "Outputs" family).

Each case runs the command line in a clone of the repository and asserts the exit status, that the message
names what was wrong and what is allowed, that nothing was written where the case pointed, and that
`git status --porcelain` of the clone is unchanged."""
import os
import pathlib
import shutil
import subprocess
import sys
import time

import pytest

from compendium import __main__ as cli
from compendium.build import runner
from tests.conftest import ROOT
from tests.test_hostile_environment import own_code

pytestmark = pytest.mark.skipif(not (ROOT / ".git").exists(), reason="needs a git clone of the repository")
FIG1, FIG2 = "figures/figure1.png", "figures/milk_limits.png"


def _git(repo, *args):
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def clone(tmp_path_factory):
    repo = tmp_path_factory.mktemp("clone") / "compendium"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(repo)], check=True)
    return repo


@pytest.fixture(scope="module")
def other(tmp_path_factory):
    """A second clone: no run of the first may write into it."""
    repo = tmp_path_factory.mktemp("other") / "compendium"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(repo)], check=True)
    return repo


def _run(argv, cwd, monkeypatch, capsys, root=None):
    monkeypatch.chdir(cwd)
    if root:
        monkeypatch.setenv("COMPENDIUM_ROOT", str(root))
    else:
        monkeypatch.delenv("COMPENDIUM_ROOT", raising=False)
    try:
        code = cli.main(argv)
    except SystemExit as exit_:  # argparse's own errors
        code = exit_.code
    captured = capsys.readouterr()
    return code, captured.out + captured.err


# (case, argv with {out}/{file}/{clone}/{other} placeholders, exit status, words the message must hold ("!words":
# must not hold), path that must not appear)
OUTPUT_CASES = [
    ("absolute figures_dir given to the runner",
     ["reproduce", "01_figure1_spot_checks", "-p", "figures_dir", "{tmp}/elsewhere", "--out", "{out}"],
     1, ["figures_dir", "--out DIR/figures"], "{tmp}/elsewhere"),
    ("relative results_dir given to the runner",
     ["reproduce", "01_figure1_spot_checks", "-p", "results_dir", "res", "--out", "{out}"],
     1, ["results_dir", "--out DIR/results"], "{clone}/notebooks/res"),
    ("both output folders given to the runner",
     ["reproduce", "-p", "figures_dir", ".", "-p", "results_dir", ".", "--out", "{out}"],
     1, ["['figures_dir', 'results_dir']", "Use --out DIR"], None),
    ("--out in a folder nobody can write",
     ["reproduce", "02_raw_milk_cell_counts", "--out", "/proc/compendium-out"],
     1, ["/proc", "cannot be written", "Give --out a folder you can write to", "nothing was run"], None),
    ("--out is a file", ["reproduce", "02_raw_milk_cell_counts", "--out", "{file}"],
     1, ["is not a folder", "Give --out a folder"], None),
    ("--out below a file", ["reproduce", "02_raw_milk_cell_counts", "--out", "{file}/sub"],
     1, ["is not a folder", "Give --out a folder"], None),
    ("unknown notebook", ["reproduce", "99_nothing", "--out", "{out}"],
     1, ["99_nothing", "00_claims_ledger", "07_spot_checks_since_2018"], None),
    ("misspelled parameter name", ["reproduce", "01_figure1_spot_checks", "-p", "last_yaer", "2016", "--out", "{out}"],
     1, ["last_yaer", "'last_year'"], None),
    ("parameters without --out", ["reproduce", "01_figure1_spot_checks", "-p", "lang", "zh"],
     2, ["--out DIR", "committed default outputs"], None),
    ("check of an unknown notebook", ["check", "01_figure"], 1, ["01_figure", "01_figure1_spot_checks"], None),
    # issue 21: committed folders hold the default run of their own compendium only
    ("parameters with --out . (the compendium itself)",
     ["reproduce", "02_raw_milk_cell_counts", "-p", "lang", "zh", "--out", "."],
     1, ["{clone} itself", "parameters are given", "committed folders", "--out build/mine", "nothing was written"], None),
    ("parameters with --out $PWD", ["reproduce", "02_raw_milk_cell_counts", "-p", "lang", "zh", "--out", "{clone}"],
     1, ["{clone} itself", "parameters are given"], None),
    ("parameters with --out inside figures/",
     ["reproduce", "02_raw_milk_cell_counts", "-p", "lang", "zh", "--out", "figures/zh"],
     1, ["inside {clone}/figures/", "parameters are given", "--out build/mine"], "{clone}/figures/zh"),
    ("default run with --out inside data/", ["reproduce", "02_raw_milk_cell_counts", "--out", "data/run"],
     1, ["inside {clone}/data/", "only the compendium's default run", "!parameters are given"], "{clone}/data/run"),
    ("default run with --out another clone", ["reproduce", "02_raw_milk_cell_counts", "--out", "{other}"],
     1, ["--out {other} is {other} itself, another compendium", "the notebooks of {clone}", "outside both"], None),
    ("parameters with --out in another clone's results/",
     ["reproduce", "02_raw_milk_cell_counts", "-p", "lang", "zh", "--out", "{other}/results/zh"],
     1, ["inside {other}/results/, another compendium"], "{other}/results/zh"),
    ("--jobs 0", ["reproduce", "--jobs", "0"], 2, ["--jobs", "0 notebooks at once", "give 1 or more"], None),
    ("--jobs -1", ["reproduce", "-j", "-1", "--out", "{out}"], 2, ["--jobs", "-1 notebooks at once"], None),
    ("--jobs not a number", ["check", "--jobs", "two"], 2, ["--jobs", "'two' is not a whole number"], None),
]


@pytest.mark.parametrize("case,argv,status,needles,absent", OUTPUT_CASES, ids=[c[0] for c in OUTPUT_CASES])
def test_hostile_output_case(case, argv, status, needles, absent, clone, other, tmp_path, monkeypatch, capsys):
    file = tmp_path / "a-file"
    file.write_text("not a folder")
    fill = {"out": str(tmp_path / "out"), "file": str(file), "tmp": str(tmp_path), "clone": str(clone), "other": str(other)}
    before = [_git(repo, "status", "--porcelain", "--ignored") for repo in (clone, other)]
    code, message = _run([a.format(**fill) for a in argv], clone, monkeypatch, capsys, root=clone)
    assert code == status, message
    for needle in needles:
        if needle.startswith("!"):
            assert needle[1:].format(**fill) not in message, (needle, message)
        else:
            assert needle.format(**fill) in message, (needle, message)
    assert not (tmp_path / "out").exists(), "an output folder was made by a run that was refused"
    if absent:
        assert not pathlib.Path(absent.format(**fill)).exists()
    assert [_git(repo, "status", "--porcelain", "--ignored") for repo in (clone, other)] == before


@pytest.mark.parametrize("command", ["reproduce", "check"])
def test_an_unrelated_folder_with_a_data_package_is_refused(command, clone, tmp_path, monkeypatch, capsys):
    """find_root stops at the first folder holding data/datapackage.json; if that is not the compendium, the
    command must say so instead of reporting success having run nothing."""
    other = tmp_path / "other-project"
    (other / "data").mkdir(parents=True)
    (other / "data" / "datapackage.json").write_text('{"resources": []}')
    before = _git(clone, "status", "--porcelain", "--ignored")
    code, message = _run([command], other, monkeypatch, capsys)
    assert code == 1
    assert f"{other} is not the compendium" in message and "notebooks/00_claims_ledger.ipynb" in message
    assert "make reproduce` there" in message and "COMPENDIUM_ROOT" not in message   # it would run another tree
    assert sorted(p.name for p in other.rglob("*")) == ["data", "datapackage.json"]
    assert _git(clone, "status", "--porcelain", "--ignored") == before


def _tree(root, files):
    for rel, content in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(content)
    return root


def test_compare_finds_a_swapped_figure_a_missing_output_and_a_changed_byte(tmp_path):
    fresh = _tree(tmp_path / "fresh", {"notebooks/01_figure1_spot_checks.ipynb": b"{}\n", FIG1: b"png-1",
                                       FIG2: b"png-2", "results/01_figure1_spot_checks.json": b'{"a": 1}\n',
                                       "results/02_raw_milk_cell_counts.json": b"{}"})
    committed = _tree(tmp_path / "committed", {"notebooks/01_figure1_spot_checks.ipynb": b"{}\n", FIG1: b"png-2",
                                               FIG2: b"png-1", "results/01_figure1_spot_checks.json": b'{"a":1}\n'})
    assert runner.compare(fresh, committed, ["01_figure1_spot_checks"]) == [
        f"{FIG1}: differs from a fresh run (run make reproduce and commit it)",
        f"{FIG2}: differs from a fresh run (run make reproduce and commit it)",
        "results/01_figure1_spot_checks.json: differs from a fresh run (run make reproduce and commit it)",
        "results/02_raw_milk_cell_counts.json: missing (run make reproduce and commit it)",
    ]
    shutil.rmtree(committed)
    shutil.copytree(fresh, committed)
    assert runner.compare(fresh, committed, ["01_figure1_spot_checks"]) == []


def test_orphans_include_notebooks_outside_the_registry(tmp_path):
    fresh = _tree(tmp_path / "fresh", {FIG1: b"x", "results/00_claims_ledger.json": b"{}"})
    committed = _tree(tmp_path / "committed", {FIG1: b"x", "figures/old.svg": b"x", "results/00_claims_ledger.json": b"{}",
                                               "notebooks/00_claims_ledger.ipynb": b"{}", "notebooks/99_old.ipynb": b"{}"})
    assert runner.orphans(fresh, committed) == ["figures/old.svg", "notebooks/99_old.ipynb"]


def test_the_copy_step_is_all_or_nothing(tmp_path, monkeypatch):
    stage = _tree(tmp_path / "stage", {f"{sub}/{i}.txt": b"new" for sub in runner.SUBFOLDERS for i in range(3)})
    target = _tree(tmp_path / "target", {"figures/0.txt": b"old", "results/keep.txt": b"old"})
    before = {p: p.read_bytes() for p in target.rglob("*") if p.is_file()}
    calls = []
    copy = shutil.copyfile

    def failing_copy(src, dst, *args, **kwargs):
        calls.append(dst)
        if len(calls) == 5:
            raise OSError(28, "No space left on device")
        return copy(src, dst, *args, **kwargs)

    monkeypatch.setattr(runner.shutil, "copyfile", failing_copy)
    with pytest.raises(runner.RunError, match="No space left on device.*nothing was written there"):
        runner.install(stage, target)
    assert {p: p.read_bytes() for p in target.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in target.iterdir()) == ["figures", "results"]
    monkeypatch.setattr(runner.shutil, "copyfile", copy)
    written = runner.install(stage, target)
    assert len(written) == 9 and (target / "figures" / "0.txt").read_bytes() == b"new"
    assert (target / "results" / "keep.txt").read_bytes() == b"old"
    assert not [p for p in target.rglob("*compendium-tmp*")]


@pytest.mark.slow
def test_check_fails_on_swapped_figures_and_an_output_no_notebook_writes(clone, monkeypatch, capsys):
    work = clone.parent / "check-clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(work)], check=True)
    a, b = (work / FIG1).read_bytes(), (work / FIG2).read_bytes()
    (work / FIG1).write_bytes(b)
    (work / FIG2).write_bytes(a)
    (work / "results" / "99_gone.json").write_text("{}\n")
    before = _git(work, "status", "--porcelain", "--ignored")
    proc = subprocess.run([sys.executable, "-m", "compendium", "check", "--jobs", str(os.cpu_count())], cwd=work,
                          env=os.environ | own_code(work), capture_output=True, text=True, timeout=600)
    code, message = proc.returncode, proc.stdout + proc.stderr
    assert code == 1
    assert f"{FIG1}: differs" in message and f"{FIG2}: differs" in message
    assert "results/99_gone.json: no notebook writes it" in message
    assert _git(work, "status", "--porcelain", "--ignored") == before


def test_every_registry_notebook_has_its_source_and_declares_the_output_folders():
    from compendium.build import notebooks as registry

    runner.require_compendium(ROOT)
    for nb in registry.NOTEBOOKS:
        declared = runner.declared_parameters(ROOT / "notebooks" / nb.source_path)
        assert set(runner.RUNNER_PARAMETERS) <= set(declared), (nb.name, sorted(declared))


def test_results_replaced_by_a_file_names_the_folder_and_the_command_that_restores_it(tmp_path, monkeypatch, capsys):
    """No --out was given, so the message must not blame one; the command it gives must work."""
    repo = tmp_path / "compendium"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(repo)], check=True)
    shutil.rmtree(repo / "results")
    (repo / "results").write_text("a file where the folder was")
    code, message = _run(["reproduce", "02_raw_milk_cell_counts"], repo, monkeypatch, capsys, root=repo)
    assert code == 1
    assert f"{repo}/results is not a folder" in message and "nothing was run" in message
    assert "--out" not in message, message
    command = message.split("Restore it: `")[1].split("`")[0]
    assert command == "mv results results.moved && git checkout -- results"
    subprocess.run(["sh", "-c", command], cwd=repo, check=True)
    assert _git(repo, "status", "--porcelain") == "?? results.moved\n"


def test_check_sees_a_stale_file_in_a_subfolder(tmp_path):
    fresh = _tree(tmp_path / "fresh", {FIG2: b"x", "results/02_raw_milk_cell_counts.json": b"{}"})
    committed = _tree(tmp_path / "committed", {FIG2: b"x", "figures/old/milk_limits.png": b"x",
                                               "results/02_raw_milk_cell_counts.json": b"{}", "results/a/b/c.json": b"{}",
                                               "notebooks/templates/article_section.ipynb": b"{}",
                                               "notebooks/old/02_raw_milk_cell_counts.ipynb": b"{}",
                                               "notebooks/.ipynb_checkpoints/x.ipynb": b"{}"})
    assert runner.orphans(fresh, committed) == ["figures/old/milk_limits.png", "results/a/b/c.json",
                                                "notebooks/old/02_raw_milk_cell_counts.ipynb",
                                                "notebooks/templates/article_section.ipynb"]


def test_html_refuses_a_missing_notebook(tmp_path, monkeypatch, capsys):
    """`make html` used to skip it and report 'wrote 8 pages'."""
    root = tmp_path / "compendium"
    for folder in ("notebooks", "figures", "data"):
        shutil.copytree(ROOT / folder, root / folder)
    (root / "notebooks" / "03_consumer_complaints.ipynb").unlink()
    code, message = _run(["html", "--out", str(tmp_path / "site")], root, monkeypatch, capsys, root=root)
    assert code == 1
    assert "notebooks/03_consumer_complaints.ipynb" in message and "make reproduce" in message
    assert "wrote" not in message.replace("nothing was written", "") and not (tmp_path / "site").exists()


def test_a_notebook_named_twice_runs_once():
    """Two jobs of one notebook shared its files and connection file: one outcome was lost, the kernel blamed."""
    jobs = runner.jobs_for(ROOT, ["02_raw_milk_cell_counts", "01_figure1_spot_checks", "02_raw_milk_cell_counts"], {})
    assert [j.name for j in jobs] == ["02_raw_milk_cell_counts", "01_figure1_spot_checks"]


@pytest.mark.slow
def test_a_run_of_a_notebook_named_twice_says_where_it_wrote(tmp_path):
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "compendium", "reproduce", "02_raw_milk_cell_counts",
                           "02_raw_milk_cell_counts", "--out", str(tmp_path / "out")], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert time.monotonic() - start < 40
    assert proc.stdout.startswith("executed 1 notebook(s)")
    assert proc.stdout.strip().endswith(f"wrote notebooks/, figures/ and results/ in {tmp_path / 'out'}")
    assert sorted(p.name for p in (tmp_path / "out" / "notebooks").iterdir()) == ["02_raw_milk_cell_counts.ipynb"]


@pytest.mark.slow   # starts a kernel through the runner; the same message in-process: test_hostile_parameters.py
def test_a_list_in_yaml_given_with_p_is_text_as_papermill_reads_it(tmp_path):
    """The runner's -p reads '[a, b' as papermill's -p does (text), and the notebook's check names the parameter,
    the value and what papermill does with it. Run with this tree's own code (the runner refuses another's).
    Mutation: parse -p values with yaml.safe_load in __main__ (the value arrives as a list or a YAML error)."""
    proc = subprocess.run([sys.executable, "-m", "compendium", "reproduce", "01_figure1_spot_checks", "-p", "categories",
                           "[a, b", "--out", str(tmp_path / "out")], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, env={k: v for k, v in os.environ.items() if k != "COMPENDIUM_ROOT"})
    message = proc.stdout + proc.stderr
    assert proc.returncode == 1, message
    for needle in ("'categories'", "'[a, b'", "papermill's -p passes [a, b] as text"):
        assert needle in message, (needle, message)
    assert not (tmp_path / "out").exists()
