"""The library as a newcomer meets it: small modules in three layers that import only downwards (analysis, then
presentation, then workflow), no import inside a function to get around a circle, no process supervision of its
own, every word in both languages, and the README's generated blocks current."""
import ast
import csv
import re
import string
import subprocess

from compendium import readme
from tests.conftest import ROOT

SRC = ROOT / "src" / "compendium"
LAYERS = {"paths": 0, "printed": 0, "rules": 0, "data": 0, "relations": 0, "verdicts": 0, "stats": 0,
          "text": 1, "tables": 1, "ledger": 1, "plotting": 1, "params": 2, "results": 2, "ipynb": 2, "readme": 2}


def own_imports(tree):
    """(module imported, inside a function?) for each import of a compendium module."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("compendium")):
            names = [node.module.split(".")[-1]] if node.module and node.module != "compendium" else [a.name for a in node.names]
            found += [(n, False) for n in names]
    for fn in (n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))):
        for node in ast.walk(fn):
            if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("compendium")):
                found.append((node.module, True))
    return found


def test_parts_import_only_downwards_and_never_inside_a_function():
    modules = {p.stem for p in SRC.glob("*.py")} - {"__init__"}
    assert modules == set(LAYERS), "a new module needs its layer here"
    for name in modules:
        for imported, inside in own_imports(ast.parse((SRC / f"{name}.py").read_text(encoding="utf-8"))):
            assert not inside, (name, imported)
            assert LAYERS[imported] <= LAYERS[name] and imported != name, f"{name} imports {imported}"


def test_no_process_supervision_of_our_own():
    """Interrupts are make's and papermill's; a killed make's runs end through setpriv (util-linux) in the Makefile."""
    text = {p.name: p.read_text(encoding="utf-8") for p in SRC.glob("*.py")}
    for word in ("signal.signal", "pthread_sigmask", "psutil", "forkserver", "multiprocessing", "prctl"):
        assert not [n for n, t in text.items() if word in t], word


def test_every_text_has_both_languages_with_the_same_placeholders():
    rows = list(csv.DictReader((SRC / "text.csv").open(encoding="utf-8")))
    assert len({r["key"] for r in rows}) == len(rows)
    for r in rows:
        fields = [{f for _, f, _, _ in string.Formatter().parse(r[lang]) if f} for lang in ("en", "zh")]
        assert r["en"] and r["zh"] and fields[0] == fields[1], r["key"]


def test_every_generated_block_is_current_and_the_readmes_name_only_make_and_papermill():
    for name, rewrite in readme.documents(ROOT).items():
        text = (ROOT / name).read_text(encoding="utf-8")
        assert rewrite(text) == text, f"{name} is stale: run make readme"
    targets = set(re.findall(r"^([a-z-]+):", (ROOT / "Makefile").read_text(), re.M))
    for name in readme.READMES.values():
        text = (ROOT / name).read_text(encoding="utf-8")
        commands = re.findall(r"^(?:\.venv/bin/)?(\w+)", "\n".join(re.findall(r"```sh\n(.*?)```", text, re.S)), re.M)
        assert set(commands) <= {"make", "papermill"} and set(re.findall(r"`make ([\w-]+)`", text)) <= targets, name


def test_a_count_typed_by_hand_is_replaced_by_the_count():
    assert readme.counted("| x | 7 | `a.b` |\n", {"a": {"b": 8}}) == "| x | 8 | `a.b` |\n"


def test_the_citation_names_the_repository_and_version_of_pyproject():
    import tomllib

    import yaml
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["repository-code"] == project["urls"]["Repository"] and cff["version"] == project["version"]
    assert cff["references"][0]["journal"].startswith("中国工程科学") and cff["date-released"]


def test_binder_links_name_the_repository_given_once():
    import tomllib
    repository = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["urls"]["Repository"]
    for name in readme.READMES.values():
        links = re.findall(r"https://mybinder\.org/v2/gh/([\w.-]+/[\w.-]+)/", (ROOT / name).read_text())
        assert links and set(links) == {repository.removeprefix("https://github.com/")}, name


def test_ci_runs_the_readmes_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text() and "make test" in (ROOT / "README.md").read_text()


def test_make_never_deletes_an_environment_it_did_not_make(tmp_path):
    """`make VENV=<another clone's .venv>` must not remove and rebuild that environment for this clone."""
    other = tmp_path / "venv"
    other.mkdir()
    (other / ".compendium").write_text("/somewhere/else\n")
    proc = subprocess.run(["make", "-C", str(ROOT), f"VENV={other}", "test"], capture_output=True, text=True)
    assert proc.returncode != 0 and "nothing was removed" in proc.stderr and (other / ".compendium").is_file()


def test_a_python_that_does_not_exist_is_named():
    proc = subprocess.run(["make", "-C", str(ROOT), "PYTHON=python3.99", "VENV=build/no-venv", "test"],
                          capture_output=True, text=True)
    assert proc.returncode != 0 and "python3.99" in proc.stderr
