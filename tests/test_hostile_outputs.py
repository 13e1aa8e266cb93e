"""Hostile uses of the runner's outputs and of `check` (issue 13, "Outputs" family).

Each case runs the command line in a clone of the repository and asserts the exit status, that the message
names what was wrong and what is allowed, that nothing was written where the case pointed, and that
`git status --porcelain` of the clone is unchanged."""
import os
import pathlib
import shutil
import subprocess
import sys

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


# (case, argv with {out}/{file} placeholders, exit status, words the message must hold, path that must not appear)
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
    ("malformed YAML value", ["reproduce", "01_figure1_spot_checks", "-p", "categories", "[a, b", "--out", "{out}"],
     2, ["'categories'", "'[a, b'", "allowed: a YAML value", "a list written [a, b]"], None),
    ("parameters without --out", ["reproduce", "01_figure1_spot_checks", "-p", "lang", "zh"],
     2, ["--out DIR", "committed default outputs"], None),
    ("check of an unknown notebook", ["check", "01_figure"], 1, ["01_figure", "01_figure1_spot_checks"], None),
]


@pytest.mark.parametrize("case,argv,status,needles,absent", OUTPUT_CASES, ids=[c[0] for c in OUTPUT_CASES])
def test_hostile_output_case(case, argv, status, needles, absent, clone, tmp_path, monkeypatch, capsys):
    file = tmp_path / "a-file"
    file.write_text("not a folder")
    fill = {"out": str(tmp_path / "out"), "file": str(file), "tmp": str(tmp_path), "clone": str(clone)}
    before = _git(clone, "status", "--porcelain", "--ignored")
    code, message = _run([a.format(**fill) for a in argv], clone, monkeypatch, capsys, root=clone)
    assert code == status, message
    for needle in needles:
        assert needle.format(**fill) in message, (needle, message)
    assert not (tmp_path / "out").exists(), "an output folder was made by a run that was refused"
    if absent:
        assert not pathlib.Path(absent.format(**fill)).exists()
    assert _git(clone, "status", "--porcelain", "--ignored") == before


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


def test_every_registry_notebook_has_its_source_and_declares_the_registry_parameters():
    from compendium.build import notebooks as registry

    runner.require_compendium(ROOT)
    for nb in registry.NOTEBOOKS:
        declared = runner.declared_parameters(ROOT / "notebooks" / nb.source_path)
        assert set(nb.parameters) <= set(declared), (nb.name, sorted(declared))
        assert not set(nb.parameters) & set(runner.RUNNER_PARAMETERS), nb.name
