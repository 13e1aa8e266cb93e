"""Executing the notebooks through papermill: staged, in parallel, all-or-nothing.

Every notebook of the registry (:mod:`compendium.build.notebooks`) runs as papermill runs it: nbclient starts an
ordinary ``python3`` kernel. The only options set are documented ones: jupyter_client's ``KernelManager``
gets ZeroMQ's ``ipc`` transport and a connection file of its own in a private folder, so each kernel talks
over Unix sockets named after that file and no two kernels can race for a TCP port; nbclient stops the kernel
as soon as its last cell has finished (``shutdown_kernel="immediate"``).

A run executes in a temporary tree (``notebooks/``, ``figures/``, ``results/``, and a link to ``data/``),
so the notebooks' relative paths (``../figures``) land there. Only when every notebook has succeeded are the
executed notebooks (with volatile metadata removed), figures and results copied into place, all of them to
temporary names first and then renamed; a failure, an interrupt or a dead kernel leaves the target as it was.

What a run may write: the committed folders (``notebooks/``, ``figures/``, ``results/``, ``data/``) of a
compendium hold the default run of that compendium's own code, so the runner writes into them only when it runs
without parameters, into the tree whose notebooks it runs, with the code of that same tree
(:func:`check_target`, :func:`require_own_code`). Everything else goes to ``--out`` outside them.
"""
from __future__ import annotations

import concurrent.futures
import contextlib
import dataclasses
import multiprocessing
import multiprocessing.forkserver
import os
import pathlib
import shutil
import signal
import tempfile
import threading
import time

import psutil

from . import notebooks as registry
from .files import unwritable
from ..paths import PACKAGE_DIR, find_root

KERNEL = "python3"
SUBFOLDERS = ("notebooks", "figures", "results")
COMMITTED = (*SUBFOLDERS, "data")  # a compendium's committed folders: only its own default run writes there
# Output folders belong to the run: the runner stages them and copies them to --out; a notebook parameter
# pointing elsewhere would write outside the staging tree, before anything is known to have succeeded.
RUNNER_PARAMETERS = ("figures_dir", "results_dir")
VOLATILE_NOTEBOOK_KEYS = ("papermill", "widgets")
VOLATILE_CELL_KEYS = ("papermill", "execution", "collapsed", "scrolled")
KERNEL_OPTIONS = ["--IPKernelApp.log_level=CRITICAL"]  # the kernel's own log (shutdown notice) is noise
STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}
MAX_SOCKET_PATH = 100  # a Unix socket path must stay under 108 bytes
# Notebooks run at once by default: twice the cores, because a kernel spends part of its life waiting (for its
# start, for messages), and the extra kernels fill those gaps (measured: about 1 s less for all notebooks on 2 cores).
DEFAULT_JOBS = 2 * (os.cpu_count() or 1)


class RunError(RuntimeError):
    pass


@dataclasses.dataclass(frozen=True)
class Job:
    """One notebook to execute: papermill runs ``source`` with ``parameters`` into ``notebooks/<name>.ipynb``."""
    name: str
    source: pathlib.Path
    parameters: dict


@dataclasses.dataclass
class Outcome:
    name: str
    ok: bool
    message: str = ""


def declared_parameters(path: pathlib.Path) -> dict:
    """The parameters a notebook declares in its cell tagged 'parameters' (name -> default)."""
    import papermill

    return {name: info["default"] for name, info in papermill.inspect_notebook(str(path)).items()}


def require_compendium(root: pathlib.Path) -> None:
    """Refuse a folder that is not this compendium (for instance an unrelated folder that happens to hold a
    data/datapackage.json): every notebook source of the registry must be there."""
    missing = sorted({f"notebooks/{nb.source_path}" for nb in registry.NOTEBOOKS
                      if not (root / "notebooks" / nb.source_path).is_file()})
    if missing:
        raise RunError(f"{root} is not the compendium: {len(missing)} of the registry's notebooks are missing "
                       f"({', '.join(missing[:3])}{', ...' if len(missing) > 3 else ''}). Run from inside the "
                       "compendium's folder (`make reproduce` there), with its own environment.")


def jobs_for(root: pathlib.Path, names: list[str] | None, parameters: dict) -> list[Job]:
    """The registry's notebooks named (default: all), each with its own parameters and the user's; refuses an
    unknown notebook, an output folder as parameter, and a parameter the notebook does not declare."""
    known = registry.names()
    unknown = sorted(set(names or []) - set(known))
    if unknown:
        raise RunError(f"unknown notebook(s) {unknown}; the compendium's notebooks are {known}")
    names = list(dict.fromkeys(names or []))   # a notebook named twice runs once (two runs would share its files)
    require_compendium(root)
    reserved = sorted(set(parameters) & set(RUNNER_PARAMETERS))
    if reserved:
        raise RunError(f"parameter(s) {reserved} cannot be given to the runner: it stages every output and "
                       "copies it into --out DIR/figures and --out DIR/results when all notebooks succeed. "
                       "Use --out DIR (or papermill directly, which writes where these parameters say).")
    jobs = []
    for name in names or known:
        nb = registry.get(name)
        source = root / "notebooks" / nb.source_path
        if parameters:
            declared = declared_parameters(source)
            extra = sorted(set(parameters) - set(declared))
            if extra:
                raise RunError(f"{name}: unknown parameter(s) {extra}; this notebook declares {sorted(declared)}")
        jobs.append(Job(name, source, dict(parameters)))
    return jobs


def _tree_of(path: pathlib.Path) -> pathlib.Path | None:
    """The compendium tree (a folder holding data/datapackage.json) at or above ``path``, else None."""
    for folder in (path, *path.parents):
        if (folder / "data" / "datapackage.json").is_file():
            return folder
    return None


def check_target(root: pathlib.Path, target: pathlib.Path, parameters: dict) -> None:
    """Refuse to write into a compendium's committed folders unless this is that compendium's default run: the
    target is ``root`` itself and no parameter is given. Any other run goes outside them (``--out build/x``)."""
    tree = _tree_of(target)
    if tree is None:
        return
    inside = target == tree or target.relative_to(tree).parts[0] in COMMITTED
    if not inside or (tree == root and target == root and not parameters):
        return
    folders = ", ".join(f"{f}/" for f in COMMITTED)
    part = "" if target == tree else target.relative_to(tree).parts[0]
    where = f"{tree} itself" if not part else f"inside {tree}/{part}/"
    if tree != root:
        raise RunError(f"--out {target} is {where}, another compendium, whose committed folders ({folders}) hold "
                       f"its own default run; this run executes the notebooks of {root}. Give --out a folder outside "
                       "both (it is created if missing); nothing was run and nothing was written.")
    why = "parameters are given, and " if parameters else ""
    raise RunError(f"this run would write into {where}: {why}only the compendium's default run (no parameters) "
                   f"writes into its committed folders ({folders}). Give --out a folder outside them, e.g. --out "
                   "build/mine (build/ is ignored by git); nothing was run and nothing was written.")


def _same_files(a: pathlib.Path, b: pathlib.Path) -> bool:
    def files(top: pathlib.Path) -> dict[pathlib.Path, pathlib.Path]:
        return {p.relative_to(top): p for p in top.rglob("*") if p.is_file() and "__pycache__" not in p.parts}

    fa, fb = files(a), files(b)
    return fa.keys() == fb.keys() and all(fa[k].read_bytes() == fb[k].read_bytes() for k in fa)


def require_own_code(root: pathlib.Path) -> None:
    """Refuse to run a compendium's notebooks with the code of another tree: the package imported here must be
    ``root``'s own ``src/compendium`` (an editable install or a link to it), or an installed copy identical to it
    (``pip install .``, as on Binder). Otherwise a run would write one tree's code's outputs into another."""
    own = root / "src" / "compendium"
    if own.resolve() == PACKAGE_DIR:
        return
    installed_copy = not (PACKAGE_DIR.parents[1] / "data" / "datapackage.json").is_file()   # not <tree>/src/compendium
    if installed_copy and own.is_dir() and _same_files(own, PACKAGE_DIR):
        return
    code = f"the compendium at {PACKAGE_DIR.parents[1]}" if not installed_copy else f"an installed copy in {PACKAGE_DIR}"
    chosen = " (chosen by COMPENDIUM_ROOT)" if os.environ.get("COMPENDIUM_ROOT") else ""
    raise RunError(f"this Python runs the code of {code} (package {PACKAGE_DIR}), but the notebooks to run and the "
                   f"outputs to write are those of {root}{chosen}, "
                   + ("whose code is not the same" if installed_copy and own.is_dir() else "a different tree")
                   + f". Run {root}'s own environment: `make reproduce` in {root} (it makes {root}/.venv), or "
                   f"{root}/.venv/bin/python -m compendium; nothing was run and nothing was written.")


def clean(nb):
    """Remove what changes on every run (timings, timestamps, the Python patch version) and keep the outputs."""
    for key in VOLATILE_NOTEBOOK_KEYS:
        nb.metadata.pop(key, None)
    for cell in nb.cells:
        for key in VOLATILE_CELL_KEYS:
            cell.metadata.pop(key, None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"   # papermill gives the cell it adds a random id on every run
    nb.metadata.get("language_info", {}).pop("version", None)
    return nb


def kernel_config(connection_file: pathlib.Path):
    """nbclient/jupyter_client configuration for one kernel: ipc transport, its own connection file (the
    sockets are named after it: ``<file>-ipc-<n>``)."""
    from traitlets.config import Config

    return Config({"KernelManager": {"transport": "ipc", "connection_file": str(connection_file)}})


def _describe(err: Exception) -> str:
    text = f"{type(err).__name__}: {err}"
    if "Kernel died" in str(err) or "Kernel didn't respond" in str(err) or "NoSuchKernel" in type(err).__name__:
        text += (f". The {KERNEL!r} kernel did not start: check that `jupyter kernelspec list` shows {KERNEL!r} "
                 "for this environment and that `python -m ipykernel_launcher` starts (make installs both)")
    return text


def kernel_env(stage: pathlib.Path) -> dict[str, str]:
    """What a run's kernels see in their environment, besides the caller's: the staging tree as the compendium
    (so paths are shown relative to it, whatever the caller's COMPENDIUM_ROOT), and matplotlib's folder inside
    it when the default one cannot be written. Passed to each worker with its job, never through the parent's
    environment, which a forkserver or spawn worker would not see (or would see from an earlier run)."""
    env = {"COMPENDIUM_ROOT": str(stage)}
    if (stage / ".matplotlib").is_dir():
        env["MPLCONFIGDIR"] = str(stage / ".matplotlib")
    return env


@contextlib.contextmanager
def _environment(env: dict[str, str]):
    saved = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _execute(job: Job, stage: str, sockets: str, env: dict[str, str]) -> Outcome:
    import papermill
    from papermill.exceptions import PapermillExecutionError

    out = pathlib.Path(stage) / "notebooks" / f"{job.name}.ipynb"
    try:
        with _environment(env):  # the kernel inherits it
            papermill.execute_notebook(str(job.source), str(out), parameters=job.parameters or None,
                                       kernel_name=KERNEL, cwd=str(out.parent), progress_bar=False, log_output=False,
                                       request_save_on_cell_execute=False, autosave_cell_every=0,
                                       extra_arguments=KERNEL_OPTIONS, shutdown_kernel="immediate",
                                       config=kernel_config(pathlib.Path(sockets) / f"{job.name}.json"))
    except PapermillExecutionError as err:
        return Outcome(job.name, False, f"cell {err.cell_index} (execution count {err.exec_count}) raised "
                                        f"{err.ename}: {err.evalue}")
    except Exception as err:  # a dead kernel, a missing kernel, a broken notebook
        return Outcome(job.name, False, _describe(err))
    import nbformat

    nbformat.write(clean(nbformat.read(out, as_version=4)), out)
    return Outcome(job.name, True)


def _matplotlib_dir_unwritable() -> bool:
    """True when matplotlib would fall back to a random temporary config folder (and warn about it, with the
    folder's path, inside the notebook): its default folders cannot be created or written."""
    if os.environ.get("MPLCONFIGDIR"):
        return False
    home = pathlib.Path(os.path.expanduser("~"))
    return any(unwritable(pathlib.Path(base) / "matplotlib") for base in (
        os.environ.get("XDG_CONFIG_HOME") or home / ".config", os.environ.get("XDG_CACHE_HOME") or home / ".cache"))


@contextlib.contextmanager
def staging(root: pathlib.Path):
    """A temporary tree (notebooks/, figures/, results/, and a link to data/) and a short private folder for
    the kernels' connection files and sockets; both removed on exit whatever happens."""
    stage = pathlib.Path(tempfile.mkdtemp(prefix="compendium-stage-"))
    sockets = pathlib.Path(tempfile.mkdtemp(prefix="cpk-"))
    if len(str(sockets)) > MAX_SOCKET_PATH - 40:
        shutil.rmtree(sockets)
        sockets = pathlib.Path(tempfile.mkdtemp(prefix="cpk-", dir="/tmp"))
    try:
        for sub in SUBFOLDERS:
            (stage / sub).mkdir()
        os.symlink(root / "data", stage / "data")
        if _matplotlib_dir_unwritable():
            # A stable folder for the run, so matplotlib's warning (naming a random folder) stays out of notebooks.
            (stage / ".matplotlib").mkdir()
        yield stage, sockets
    finally:
        with uninterruptible():
            shutil.rmtree(stage, ignore_errors=True)
            shutil.rmtree(sockets, ignore_errors=True)


def by_size(jobs: list[Job]) -> list[Job]:
    """Longest notebooks first (by the length of their code), so that the cores finish at about the same time
    instead of one running the longest notebook alone at the end."""
    import nbformat

    def code_length(job: Job) -> int:
        nb = nbformat.read(job.source, as_version=4)
        return sum(len(c.source) for c in nb.cells if c.cell_type == "code")

    return sorted(jobs, key=lambda j: (-code_length(j), j.name))


def execute_in(stage: pathlib.Path, sockets: pathlib.Path, jobs: list[Job], workers: int | None = None) -> list[Outcome]:
    """Run ``jobs`` with their outputs in ``stage``; returns each notebook's outcome, in the order given. Every
    notebook runs in a worker process, even alone, so an interrupt is handled one way (:func:`_stop_workers`)."""
    workers = max(1, min(workers or DEFAULT_JOBS, len(jobs)))
    env = kernel_env(stage)
    context = _worker_context()
    pool = concurrent.futures.ProcessPoolExecutor(workers, mp_context=context, initializer=_worker_start)
    futures: dict[str, concurrent.futures.Future] = {}
    try:
        # Starting the fork server and the workers is not interrupted half-way: a signal that arrives meanwhile
        # waits (blocked) and acts once every worker is started, so no worker is left reading a pool that is
        # gone. The fork server, and every worker forked from it, inherit the signals blocked; each worker
        # unblocks them in _worker_start, once its own handlers are set.
        with deferred_signals():
            if context.get_start_method() == "forkserver":
                multiprocessing.forkserver.ensure_running()
            for job in by_size(jobs):
                futures[job.name] = pool.submit(_execute_in_worker, job, str(stage), str(sockets), env)
        return [futures[job.name].result() for job in jobs]
    except BaseException:
        # Interrupted (or failed) here: the workers stop too, each closing its kernel, instead of finishing the
        # notebooks they are running; the caller removes the staging tree only once they are gone. The pool is
        # shut down after them: a worker still starting needs the pool's queues to read its first message.
        _stop_workers()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _stop_workers(grace: float = 30.0) -> None:
    """Ask every worker to stop (SIGINT: it kills the kernels it started and leaves) until all have left, asking
    again each second (a worker still starting acts on the request once its handlers are set);
    after ``grace`` seconds the rest are killed, each with every process it started."""
    deadline = time.monotonic() + grace
    with uninterruptible():
        while (alive := multiprocessing.active_children()) and time.monotonic() < deadline:
            for worker in alive:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(worker.pid, signal.SIGINT)
            for worker in alive:
                worker.join(timeout=max(0.0, min(1.0, deadline - time.monotonic())) / len(alive))
        for worker in multiprocessing.active_children():
            kill_descendants(worker.pid)
            worker.kill()
            worker.join(timeout=5)


def _stop_worker(signum, frame):
    """A worker's SIGINT/SIGTERM, whenever it comes (a Ctrl-C in a terminal reaches every worker of the process
    group; the main process asks each worker in turn): the worker kills every process it started and leaves at
    once, without a traceback and without taking the next notebook from the queue. Its kernels run in sessions
    of their own, so no signal to the process group reaches them: killing them here, while they are still the
    worker's children, is what keeps a kernel (even one still starting) from outliving its worker and the
    staging tree."""
    for sig in STOP_SIGNALS:   # a second signal does not interrupt the first one's work
        signal.signal(sig, signal.SIG_IGN)
    try:
        kill_descendants(os.getpid())
    finally:
        os._exit(128 + signum)


def kill_descendants(pid: int) -> None:
    """SIGKILL to every process below ``pid`` (kernels and whatever they started), found while the tree is intact;
    then the direct children are waited for (up to 5 s), so that none is left a zombie once ``pid`` is gone."""
    with contextlib.suppress(psutil.Error):
        parent = psutil.Process(pid)
        children, below = parent.children(), parent.children(recursive=True)
        for process in below:
            with contextlib.suppress(psutil.Error):
                process.kill()
        psutil.wait_procs(children, timeout=5)


def _worker_start():
    for sig in STOP_SIGNALS:
        signal.signal(sig, _stop_worker)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)   # blocked since the worker was forked


def _execute_in_worker(*args) -> Outcome:
    """Run one notebook in a thread of the worker, so that the worker's own handler (:func:`_stop_worker`) is the
    only one: nbclient sets SIGINT/SIGTERM handlers of its own only in a main thread, and those stop the kernel
    asynchronously while the worker goes on to the next notebook. The main thread waits in short steps: a
    signal that the system hands to the notebook's thread runs its handler in the main thread, between two
    steps."""
    with concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="notebook") as thread:
        future = thread.submit(_execute, *args)
        while True:
            with contextlib.suppress(concurrent.futures.TimeoutError):
                return future.result(timeout=0.1)


@contextlib.contextmanager
def uninterruptible():
    """SIGINT and SIGTERM ignored for a short step that must finish once started (renaming outputs into place,
    removing the temporary folders); only the main thread can set handlers, elsewhere nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    saved = {sig: signal.signal(sig, signal.SIG_IGN) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


@contextlib.contextmanager
def deferred_signals():
    """SIGINT and SIGTERM held back (recorded, not lost) for a step that must not stop half-way; a signal that
    arrived meanwhile acts as soon as the step ends, as it would have acted then. Two layers, because blocking
    alone does not hold: the signal mask is the calling thread's, and threads that libraries start without
    Python's knowledge (numpy's BLAS pool) still take a signal sent to the process, whose handler then runs in
    the main thread at once. So the handlers only record the signal; the mask is blocked as well, so that the
    processes started inside (the fork server, the workers) begin with the signals blocked, until their own
    handlers are set."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    saved = {sig: signal.signal(sig, lambda signum, frame: received.append(signum)) for sig in STOP_SIGNALS}
    signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)   # one still pending is recorded here
        for sig, handler in saved.items():
            signal.signal(sig, handler)
        if received:
            signal.raise_signal(received[0])


def _worker_context() -> multiprocessing.context.BaseContext:
    """How the workers start: from multiprocessing's fork server where the platform has one (a clean,
    single-threaded process that imports papermill once for all workers), else spawned. Never a plain fork of
    the caller, which may be multi-threaded (a pytest-xdist worker, a Jupyter kernel) and could deadlock."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["papermill", "nbformat", "compendium.build.runner"])
        return context
    return multiprocessing.get_context("spawn")


def check_writable(target: pathlib.Path, out_given: bool = True) -> None:
    """Refuse, before anything runs, an output folder that cannot be written: each of notebooks/, figures/,
    results/ must be a writable folder or creatable in one. Tested by writing (as root, permissions say little)."""
    for sub in SUBFOLDERS:
        problem = unwritable(target / sub)
        if problem and not out_given:
            raise RunError(f"{problem}, but the compendium's {sub}/ must be a folder it can write to. Restore it: "
                           f"`mv {sub} {sub}.moved && git checkout -- {sub}` in {target} (the first part only when "
                           f"something else is there); nothing was run and nothing was written.")
        if problem:
            raise RunError(f"--out {target}: {problem}. Give --out a folder you can write to (it is created "
                           "if missing); nothing was run and nothing was written.")


def install(stage: pathlib.Path, target: pathlib.Path) -> list[pathlib.Path]:
    """Copy the staged outputs into ``target`` all or nothing: every file is first copied to a temporary name
    beside its destination; only when all copies exist are they renamed into place. Returns the files written."""
    pending: list[tuple[pathlib.Path, pathlib.Path]] = []
    made: list[pathlib.Path] = []
    try:
        for sub in SUBFOLDERS:
            dest = target / sub
            for folder in reversed([dest, *dest.parents]):
                if not folder.exists():
                    folder.mkdir()
                    made.append(folder)
            for f in sorted((stage / sub).iterdir()):
                if f.is_file():
                    tmp = dest / f".{f.name}.compendium-tmp"
                    pending.append((tmp, dest / f.name))
                    shutil.copyfile(f, tmp)
    except BaseException as err:
        for tmp, _ in pending:
            with contextlib.suppress(OSError):
                tmp.unlink()
        for folder in reversed(made):
            with contextlib.suppress(OSError):
                folder.rmdir()
        if isinstance(err, OSError):
            raise RunError(f"copying the outputs into {target} failed ({err}); nothing was written there.") from err
        raise
    with uninterruptible():   # every file or none: an interrupt waits for the renames
        for tmp, dest in pending:
            os.replace(tmp, dest)
    return [dest for _, dest in pending]


def reproduce(names: list[str] | None = None, parameters: dict | None = None, jobs: int | None = None,
              out: pathlib.Path | None = None, root: pathlib.Path | None = None) -> list[Outcome]:
    """Execute the registry's notebooks (default: all); only if all succeed, copy them, their figures and
    results into ``out`` (default: the repository). A failure leaves ``out`` exactly as it was."""
    root = (root or find_root()).resolve()
    parameters = parameters or {}
    todo = jobs_for(root, names, parameters)
    target = target_of(root, out)
    check_target(root, target, parameters)
    check_writable(target, out_given=out is not None)
    require_own_code(root)
    with staging(root) as (stage, sockets):
        outcomes = execute_in(stage, sockets, todo, jobs)
        failed = [o for o in outcomes if not o.ok]
        if failed:
            raise RunError("; ".join(f"{o.name}: {o.message}" for o in failed)
                           + f". Nothing was written to {target}.")
        install(stage, target)
    return outcomes


def target_of(root: pathlib.Path, out: str | os.PathLike | None) -> pathlib.Path:
    """Where a run writes: ``--out`` (relative to the current folder), else the compendium itself."""
    return pathlib.Path(out).resolve() if out is not None else root


def orphans(fresh: pathlib.Path, committed: pathlib.Path) -> list[str]:
    """Files in ``committed``'s figures/ and results/ that a full run did not write into ``fresh``, and
    notebooks that are neither an executed notebook nor a source of the registry: left over from an earlier
    version, they would be mistaken for current outputs."""
    def files(top: pathlib.Path) -> list[str]:   # every file below, in subfolders too; hidden ones are not outputs
        return sorted(p.relative_to(top).as_posix() for p in top.rglob("*") if p.is_file()
                      and not any(part.startswith(".") for part in p.relative_to(top).parts)) if top.is_dir() else []

    found = []
    for sub in ("figures", "results"):
        made = set(files(fresh / sub))
        found += [f"{sub}/{f}" for f in files(committed / sub) if f not in made]
    expected = {f"{nb.name}.ipynb" for nb in registry.NOTEBOOKS} | {nb.source_path for nb in registry.NOTEBOOKS}
    found += [f"notebooks/{f}" for f in files(committed / "notebooks") if f not in expected]
    return found


def compare(fresh: pathlib.Path, committed: pathlib.Path, names: list[str]) -> list[str]:
    """Every output a fresh run wrote (notebooks of ``names``, figures, results) against the committed file,
    byte for byte: the environment is locked, so an unchanged analysis gives unchanged bytes."""
    problems = []
    written = [fresh / "notebooks" / f"{n}.ipynb" for n in names]
    for sub in ("figures", "results"):
        written += sorted(p for p in (fresh / sub).iterdir() if p.is_file())
    for f in written:
        rel = f.relative_to(fresh)
        mine = committed / rel
        if not f.exists():
            continue
        if not mine.exists():
            problems.append(f"{rel}: missing (run make reproduce and commit it)")
        elif mine.read_bytes() != f.read_bytes():
            problems.append(f"{rel}: differs from a fresh run (run make reproduce and commit it)")
    return problems


def stale(names: list[str] | None = None, jobs: int | None = None, root: pathlib.Path | None = None) -> list[str]:
    """Re-execute notebooks (default: all) in a temporary tree and list every committed output that differs,
    is missing, or (for a full run) that no notebook writes any more."""
    root = (root or find_root()).resolve()
    todo = jobs_for(root, names, {})
    require_own_code(root)
    with staging(root) as (stage, sockets):
        outcomes = execute_in(stage, sockets, todo, jobs)
        problems = [f"{o.name}: failed to run: {o.message}" for o in outcomes if not o.ok]
        problems += compare(stage, root, [o.name for o in outcomes if o.ok])
        if not names and all(o.ok for o in outcomes):
            problems += [f"{f}: no notebook writes it (delete it)" for f in orphans(stage, root)]
    return problems
