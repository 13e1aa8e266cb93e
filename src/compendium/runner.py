"""Executing the notebooks through papermill: staged, in parallel, all-or-nothing.

(nbformat and papermill are imported where they are used, so that the command line starts the fork server
before anything heavy is imported.)

Every run executes in a temporary tree (``notebooks/``, ``figures/``, ``results/``, and a link to ``data/``),
so the notebooks' relative paths (``../figures``) land there. Only when every notebook has succeeded are the
executed notebooks (with volatile metadata removed), figures and results copied into place; a failure,
an interrupt or a dead kernel leaves the repository exactly as it was.
"""
from __future__ import annotations

import concurrent.futures
import contextlib
import dataclasses
import json
import multiprocessing
import os
import pathlib
import shutil
import signal
import tempfile

from . import forkserver
from .paths import find_root

KERNEL = "python3"
# How each notebook's kernel process is started: "fork" (from a server that imported the stack once, see
# compendium.forkserver) or "plain" (jupyter_client starts ``python -m ipykernel_launcher``, as papermill does).
KERNEL_STARTS = ("fork", "plain")
VOLATILE_NOTEBOOK_KEYS = ("papermill", "widgets")
VOLATILE_CELL_KEYS = ("papermill", "execution", "collapsed", "scrolled")


class RunError(RuntimeError):
    pass


def notebook_names(root: pathlib.Path) -> list[str]:
    return sorted(p.stem for p in (root / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def declared_parameters(path: pathlib.Path) -> dict:
    """The parameters a notebook declares in its cell tagged 'parameters' (name -> default)."""
    import papermill

    return {name: info["default"] for name, info in papermill.inspect_notebook(str(path)).items()}


def check_parameter_names(root: pathlib.Path, names: list[str], parameters: dict) -> None:
    """Refuse a parameter that a selected notebook does not declare (papermill itself only warns)."""
    for name in names:
        declared = declared_parameters(root / "notebooks" / f"{name}.ipynb")
        unknown = sorted(set(parameters) - set(declared))
        if unknown:
            raise RunError(f"{name}: unknown parameter(s) {unknown}; this notebook declares {sorted(declared)}")


def clean(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Remove what changes on every run (timings, timestamps, machine paths) and keep the outputs."""
    for key in VOLATILE_NOTEBOOK_KEYS:
        nb.metadata.pop(key, None)
    for cell in nb.cells:
        for key in VOLATILE_CELL_KEYS:
            cell.metadata.pop(key, None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"   # papermill gives the cell it adds a random id on every run
    nb.metadata.get("language_info", {}).pop("version", None)
    return nb


@dataclasses.dataclass
class Outcome:
    name: str
    ok: bool
    message: str = ""


def _fork_kernel_options() -> dict:
    """nbclient options for a forked kernel. The kernel is stopped at once when the last cell has finished
    (every output has arrived by then) instead of papermill's polite request, which polls for 0.1-0.3 s."""
    return {"kernel_manager_class": forkserver.kernel_manager_class(), "shutdown_kernel": "immediate"}


def default_kernel_start() -> str:
    return "fork" if forkserver.available() else "plain"


def _kernel_start(kernel: str | None) -> str:
    kernel = kernel or default_kernel_start()
    if kernel not in KERNEL_STARTS:
        raise RunError(f"kernel start {kernel!r} is not one of {list(KERNEL_STARTS)}")
    if kernel == "fork" and not forkserver.available():
        raise RunError("kernel start 'fork' needs Linux; use 'plain'")
    return kernel


def _execute(root: str, stage: str, name: str, parameters: dict, kernel: str = "plain") -> Outcome:
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from . import notebooks as registry

    entry = registry.get(name) if name in registry.names() else None
    # A notebook made from a template runs its source with the registry's parameters (which the caller cannot override).
    src = pathlib.Path(root) / "notebooks" / (entry.source_path if entry else f"{name}.ipynb")
    parameters = {**parameters, **(entry.parameters if entry else {})}
    out = pathlib.Path(stage) / "notebooks" / f"{name}.ipynb"
    try:
        papermill.execute_notebook(str(src), str(out), parameters=parameters or None, kernel_name=KERNEL,
                                   cwd=str(out.parent), progress_bar=False, log_output=False,
                                   request_save_on_cell_execute=False, autosave_cell_every=0,
                                   # the kernel's own log (TCP notice, shutdown interrupt) is noise; failures surface as outputs
                                   extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
                                   **(_fork_kernel_options() if kernel == "fork" else {}))
    except PapermillExecutionError as err:
        return Outcome(name, False, f"cell {err.cell_index} (execution count {err.exec_count}) raised "
                                    f"{err.ename}: {err.evalue}")
    except Exception as err:  # a dead kernel, a missing kernel, a broken notebook
        return Outcome(name, False, f"{type(err).__name__}: {err}")
    import nbformat

    nb = clean(nbformat.read(out, as_version=4))
    nbformat.write(nb, out)
    return Outcome(name, True)


@contextlib.contextmanager
def staging(root: pathlib.Path):
    """A temporary tree beside the repository (notebooks/, figures/, results/, and a link to data/), removed on
    exit whatever happens: success, an exception, a dead kernel or an interrupt."""
    stage = pathlib.Path(tempfile.mkdtemp(prefix=".staging-", dir=root))
    try:
        for sub in ("notebooks", "figures", "results"):
            (stage / sub).mkdir()
        os.symlink(root / "data", stage / "data")
        yield stage
    finally:
        shutil.rmtree(stage, ignore_errors=True)


@contextlib.contextmanager
def kernels(kernel: str | None = None):
    """The fork server for the length of a run when ``kernel`` is "fork" (the default where available);
    nothing otherwise, or when an enclosing block already runs one. The server runs the interpreter of the
    ``python3`` kernelspec with its options, as an ordinary kernel would."""
    if _kernel_start(kernel) != "fork" or os.environ.get(forkserver.ENV_SOCKET):
        yield
        return
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        python = forkserver.interpreter(KernelSpecManager().get_kernel_spec(KERNEL).argv)
    except (NoSuchKernel, ValueError) as err:
        raise RunError(f"kernel start 'fork' needs the {KERNEL!r} kernelspec of an ipykernel ({err}); "
                       "install it (make does) or use --kernel plain") from err
    try:
        with forkserver.server(python):
            yield
    except forkserver.ForkServerError as err:
        raise RunError(str(err)) from err


def by_size(root: pathlib.Path, names: list[str]) -> list[str]:
    """Longest notebooks first (by the length of their code), so that two cores finish at about the same
    time instead of one running the longest notebook alone at the end."""
    import nbformat

    def code_length(name: str) -> int:
        nb = nbformat.read(root / "notebooks" / f"{name}.ipynb", as_version=4)
        return sum(len(c.source) for c in nb.cells if c.cell_type == "code")

    return sorted(names, key=lambda n: (-code_length(n), n))


def execute_in(stage: pathlib.Path, root: pathlib.Path, names: list[str], parameters: dict | None = None,
               jobs: int | None = None, kernel: str = "plain") -> list[Outcome]:
    """Run ``names`` with their outputs in ``stage``; returns each notebook's outcome. With ``kernel="fork"``
    the caller holds :func:`kernels` open."""
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(names)))
    if jobs == 1:
        return [_execute(str(root), str(stage), name, parameters or {}, kernel) for name in names]
    _warm_up()
    pool = concurrent.futures.ProcessPoolExecutor(jobs)
    try:
        futures = {name: pool.submit(_execute, str(root), str(stage), name, parameters or {}, kernel)
                   for name in by_size(root, names)}
        return [futures[name].result() for name in names]
    except BaseException:
        # Interrupted (or failed) here: the workers stop too, each closing its kernel, instead of finishing
        # the notebooks they are running (a Ctrl-C in a terminal reaches them anyway; `kill -INT` does not).
        pool.shutdown(wait=False, cancel_futures=True)
        for worker in multiprocessing.active_children():
            with contextlib.suppress(ProcessLookupError):
                os.kill(worker.pid, signal.SIGINT)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _warm_up() -> None:
    """Before the workers fork: what each of them would otherwise do once for itself (import papermill, compile
    nbformat's schema validator, find the kernel provisioners)."""
    import papermill  # noqa: F401
    from jupyter_client.provisioning import KernelProvisionerFactory
    from nbformat.validator import get_validator

    get_validator(version=4, version_minor=5)
    KernelProvisionerFactory.instance()


def reproduce(names: list[str] | None = None, parameters: dict | None = None, jobs: int | None = None,
              out: pathlib.Path | None = None, root: pathlib.Path | None = None,
              kernel: str | None = None) -> list[Outcome]:
    """Execute notebooks; only if all succeed, copy them, their figures and results into ``out``
    (default: the repository). A failure leaves ``out`` exactly as it was. ``kernel``: one of
    :data:`KERNEL_STARTS` (default: "fork" where available)."""
    root = root or find_root()
    names = names or notebook_names(root)
    unknown = sorted(set(names) - set(notebook_names(root)))
    if unknown:
        raise RunError(f"unknown notebook(s) {unknown}; available: {notebook_names(root)}")
    kernel = _kernel_start(kernel)
    parameters = parameters or {}
    target = pathlib.Path(out) if out else root
    # The server starts first: it imports the stack while the parameters are checked.
    with kernels(kernel), staging(root) as stage:
        check_parameter_names(root, names, parameters)
        outcomes = execute_in(stage, root, names, parameters, jobs, kernel)
        failed = [o for o in outcomes if not o.ok]
        if failed:
            raise RunError("; ".join(f"{o.name}: {o.message}" for o in failed)
                           + f". Nothing was written to {target}.")
        for sub in ("notebooks", "figures", "results"):
            (target / sub).mkdir(parents=True, exist_ok=True)
            for f in sorted((stage / sub).iterdir()):
                if f.is_file():
                    tmp = target / sub / f".{f.name}.tmp"
                    shutil.copyfile(f, tmp)
                    os.replace(tmp, target / sub / f.name)
    return outcomes


def _comparable(nb_path: pathlib.Path) -> list:
    """A notebook's sources and outputs, with image bytes and volatile metadata left out."""
    import nbformat

    nb = nbformat.read(nb_path, as_version=4)
    cells = []
    for c in nb.cells:
        outs = []
        for o in c.get("outputs", []):
            data = {k: v for k, v in o.get("data", {}).items() if not k.startswith("image/")}
            outs.append({"type": o.get("output_type"), "text": o.get("text"), "data": data,
                         "images": sorted(k for k in o.get("data", {}) if k.startswith("image/"))})
        cells.append({"type": c.cell_type, "source": c.source, "outputs": outs})
    return cells


def orphans(fresh: pathlib.Path, committed: pathlib.Path) -> list[str]:
    """Files in ``committed``'s figures/ and results/ that a full run did not write into ``fresh``: left over
    from an earlier version of a notebook, they would be mistaken for current outputs."""
    found = []
    for sub in ("figures", "results"):
        made = {p.name for p in (fresh / sub).iterdir()} if (fresh / sub).is_dir() else set()
        if (committed / sub).is_dir():
            found += [f"{sub}/{p.name}" for p in sorted((committed / sub).iterdir())
                      if p.is_file() and not p.name.startswith(".") and p.name not in made]
    return found


def stale(names: list[str] | None = None, jobs: int | None = None, root: pathlib.Path | None = None,
          kernel: str | None = None) -> list[str]:
    """Re-execute every notebook in a temporary tree and list what differs from the committed outputs."""
    root = root or find_root()
    names = names or notebook_names(root)
    kernel = _kernel_start(kernel)
    problems = []
    with kernels(kernel), staging(root) as stage:
        outcomes = execute_in(stage, root, names, {}, jobs, kernel)
        problems += [f"{o.name}: failed to run: {o.message}" for o in outcomes if not o.ok]
        for name in names:
            fresh, committed = stage / "notebooks" / f"{name}.ipynb", root / "notebooks" / f"{name}.ipynb"
            if fresh.exists() and _comparable(fresh) != _comparable(committed):
                problems.append(f"notebooks/{name}.ipynb: outputs differ from a fresh run (run make reproduce)")
        if sorted(names) == notebook_names(root) and all(o.ok for o in outcomes):
            problems += [f"{f}: no notebook writes it any more (delete it)" for f in orphans(stage, root)]
        problems += [f"figures/{f.name}: missing (run make reproduce)" for f in sorted((stage / "figures").iterdir())
                     if not (root / "figures" / f.name).exists()]
        for fresh in sorted((stage / "results").glob("*.json")):
            committed = root / "results" / fresh.name
            if not committed.exists():
                problems.append(f"results/{fresh.name}: missing (run make reproduce)")
            elif json.loads(fresh.read_text(encoding="utf-8")) != json.loads(committed.read_text(encoding="utf-8")):
                problems.append(f"results/{fresh.name}: differs from a fresh run (run make reproduce)")
    return problems
