"""A fork server for notebook kernels: import the stack once per run, give every notebook its own fresh kernel.

Starting an ordinary ipykernel costs about a second before a notebook's first line runs, and each notebook then
imports pandas, matplotlib, scipy and statsmodels again: for eight notebooks on two cores that start-up was most
of ``make reproduce``. Here one process (the server) imports the stack once, without running any notebook code
and without starting a thread; for each notebook it then forks a child that becomes a new, ordinary ipykernel
(``ipykernel.kernelapp``) with its own connection file, working folder and environment. Each notebook still runs
in a separate process with an empty namespace and executes every one of its cells; what the children share is
only the copy-on-write memory of modules already imported. Nothing outlives the run: the server is started by
:func:`server` and killed, with any child left, when the ``with`` block ends (and dies with the process that
started it).

jupyter_client does not talk to the server: it starts ``kernel_launcher.py`` as the kernel process (see
:class:`ForkKernelManager`), which asks the server for a child and stands in for it (signals are passed on;
it exits when the kernel exits). The notebooks' recorded kernel stays ``python3``. Where ``os.fork`` is missing
or unsafe (not Linux), :func:`available` is false and the runner uses the ordinary kernel.

Run the server by hand with ``python -m compendium.forkserver SOCKET``.
"""
from __future__ import annotations

import contextlib
import importlib
import json
import os
import pathlib
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

# The kernel itself and the third-party modules the notebooks use, imported after the compendium's own
# modules (see preload). Importing here only saves time: a notebook still imports what it uses (a module
# missing from this list is imported by the notebook, as in an ordinary kernel).
PRELOAD = ("ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell", "ipykernel.debugger",
           "IPython.display", "pandas", "numpy", "scipy.stats", "statsmodels.api", "matplotlib", "seaborn")
# Every module of the compendium except the runner side (which never runs inside a kernel).
NOT_PRELOADED = {"compendium.__main__", "compendium.runner", "compendium.site", "compendium.forkserver",
                 "compendium.kernel_launcher"}
LAUNCHER = pathlib.Path(__file__).with_name("kernel_launcher.py")
ENV_SOCKET = "COMPENDIUM_FORKSERVER"  # "PID:SOCKET" of this run's server, set while server() runs
_PR_SET_PDEATHSIG = 1


def available() -> bool:
    """The fork server is used on Linux (fork after importing numpy and matplotlib is safe there)."""
    return sys.platform.startswith("linux") and hasattr(os, "fork") and hasattr(socket, "send_fds")


def _die_with_parent(signum: int) -> None:
    """Ask Linux to send ``signum`` to this process when its parent exits (best effort)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signum, 0, 0, 0)
    except (OSError, AttributeError):
        pass


class _KernelLookalike:
    """What ``get_ipython()`` answers inside a Jupyter kernel, as far as import-time checks look: pandas, for
    one, sets its display defaults (``display.max_columns`` 20, not 0) by asking whether it runs in a kernel."""

    kernel = None


def preload() -> list[str]:
    """Import the compendium's notebook-side modules, then :data:`PRELOAD`, as a kernel would import them;
    returns what failed to import. The compendium comes first so that, as in a notebook, ``plotting`` chooses
    the Agg backend before anything imports pyplot."""
    import builtins
    import pkgutil

    import compendium

    names = sorted(f"compendium.{m.name}" for m in pkgutil.iter_modules(compendium.__path__)) + list(PRELOAD)
    failed = []
    builtins.get_ipython = _KernelLookalike
    try:
        for name in names:
            if name in NOT_PRELOADED:
                continue
            try:
                importlib.import_module(name)
            except Exception:  # noqa: BLE001 - a notebook that needs it will raise the real error itself
                failed.append(name)
    finally:
        del builtins.get_ipython
    return failed


def _read_request(conn: socket.socket) -> tuple[dict, list[int]]:
    data, fds, _flags, _addr = socket.recv_fds(conn, 1 << 20, 3)
    while not data.endswith(b"\n"):
        more = conn.recv(1 << 20)
        if not more:
            raise ConnectionError("the launcher closed its socket before sending a request")
        data += more
    return json.loads(data), fds


def _watch_launcher(conn: socket.socket) -> None:
    """In the kernel: pass on the launcher's signals; exit if the launcher is gone (it was killed)."""
    buffer = b""
    while True:
        try:
            chunk = conn.recv(4096)
        except OSError:
            chunk = b""
        if not chunk:
            os._exit(1)
        buffer += chunk
        *lines, buffer = buffer.split(b"\n")
        for line in lines:
            word, _, value = line.decode().partition(" ")
            if word == "signal":
                os.kill(os.getpid(), int(value))


def _become_kernel(conn: socket.socket, request: dict, fds: list[int]) -> None:
    """In the forked child: turn into the ipykernel jupyter_client asked for; never returns."""
    code = 1
    try:
        _die_with_parent(signal.SIGKILL)
        for fd, target in zip(fds, (0, 1, 2)):
            os.dup2(fd, target)
            os.close(fd)
        for signum in (signal.SIGCHLD, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
            signal.signal(signum, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update({k: v for k, v in request["env"].items() if k != ENV_SOCKET})  # as a plain kernel sees it
        sys.argv = ["ipykernel_launcher", *request["argv"]]
        sys.path[0] = request["cwd"]  # as ``python -m ipykernel_launcher`` started there would have it
        threading.Thread(target=_watch_launcher, args=(conn,), daemon=True, name="launcher-watch").start()
        from ipykernel import kernelapp

        kernelapp.launch_new_instance()
        code = 0
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    except BaseException:  # noqa: BLE001 - report anything to the launcher's stderr, then exit
        import traceback

        traceback.print_exc()
    finally:
        with contextlib.suppress(BaseException):
            import atexit

            atexit._run_exitfuncs()
            sys.stdout.flush()
            sys.stderr.flush()
        with contextlib.suppress(OSError):
            conn.sendall(b"exit %d\n" % code)
        os._exit(code)


def serve(path: str) -> None:
    """Bind ``path`` first (launchers queue while the stack imports), preload, then fork a kernel per request."""
    _die_with_parent(signal.SIGTERM)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(64)
    # The backend ipykernel would set for a fresh kernel, before matplotlib reads it at import.
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    failed = preload()
    if failed:
        print(f"forkserver: not preloaded (the notebooks import them): {', '.join(failed)}", file=sys.stderr)
    if threading.active_count() != 1:
        raise RuntimeError("forkserver: a preloaded module started a thread; forking now would be unsafe")
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel; no zombies
    while True:
        conn, _ = listener.accept()
        try:
            request, fds = _read_request(conn)
        except (ConnectionError, ValueError, OSError):
            conn.close()
            continue
        if os.fork() == 0:
            listener.close()
            _become_kernel(conn, request, fds)
        for fd in fds:
            os.close(fd)
        conn.close()


class ForkServerError(RuntimeError):
    pass


def interpreter(kernel_argv: list[str]) -> list[str]:
    """The interpreter and its options from a kernelspec's argv (``[python, -X..., -m, ipykernel_launcher,
    -f, {connection_file}]`` -> ``[python, -X...]``), so the server runs what the kernel would have run."""
    try:
        i = kernel_argv.index("-m")
    except ValueError:
        i = -1
    if i < 1 or kernel_argv[i + 1:i + 2] != ["ipykernel_launcher"]:
        raise ValueError(f"not an ipykernel started with -m ipykernel_launcher: {kernel_argv}")
    return list(kernel_argv[:i])


@contextlib.contextmanager
def server(python: list[str] | None = None):
    """Run a fork server (with interpreter command ``python``, default this one) for the duration of the block;
    yields its socket path. ``os.environ[ENV_SOCKET]`` names the server's pid and socket inside the block, so
    worker processes forked there, and the launchers they start, find it."""
    folder = tempfile.mkdtemp(prefix="compendium-fork-")
    path = os.path.join(folder, "server.sock")
    proc = subprocess.Popen([*(python or [sys.executable]), "-m", "compendium.forkserver", path],
                            start_new_session=True, stdin=subprocess.DEVNULL)
    previous = os.environ.get(ENV_SOCKET)
    os.environ[ENV_SOCKET] = f"{proc.pid}:{path}"
    try:
        yield path
    finally:
        if previous is None:
            os.environ.pop(ENV_SOCKET, None)
        else:
            os.environ[ENV_SOCKET] = previous
        exited = proc.poll()  # None while it serves, as it should until killed here
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)  # the server and any kernel it forked that is still alive
        proc.wait()
        with contextlib.suppress(OSError):
            os.unlink(path)
        with contextlib.suppress(OSError):
            os.rmdir(folder)
        if exited is not None:
            raise ForkServerError(f"the kernel fork server ({' '.join(proc.args[:-1])}) stopped with exit code "
                                  f"{exited}; its error is printed above. Use --kernel plain to start kernels "
                                  "without it.")


def kernel_manager_class():
    """An AsyncKernelManager that starts the launcher instead of ``python -m ipykernel_launcher`` (the kernel's
    own arguments, connection file and extra arguments, pass through unchanged), with a client that does not
    wait an idle 0.2 s after the kernel is ready (see :func:`_wait_for_ready`)."""
    from jupyter_client.asynchronous import AsyncKernelClient
    from jupyter_client.manager import AsyncKernelManager

    class ForkKernelClient(AsyncKernelClient):
        wait_for_ready = _wait_for_ready

    class ForkKernelManager(AsyncKernelManager):
        client_factory = ForkKernelClient

        def format_kernel_cmd(self, extra_arguments=None):
            cmd = super().format_kernel_cmd(extra_arguments)
            where = os.environ.get(ENV_SOCKET)
            if not where:
                raise RuntimeError(f"ForkKernelManager needs a running fork server ({ENV_SOCKET} is not set)")
            pid, _, socket_path = where.partition(":")
            return [sys.executable, "-I", "-S", str(LAUNCHER), pid, socket_path, *cmd[cmd.index("-f"):]]

    return ForkKernelManager


async def _wait_for_ready(self, timeout: float | None = None) -> None:
    """jupyter_client's wait_for_ready, less its last step. Like it: send kernel_info until the reply comes
    and an IOPub message shows that channel connected; fail if the kernel dies or ``timeout`` passes. Unlike it:
    do not then drain IOPub until 0.2 s pass without a message (which costs every kernel 0.2 s); nbclient
    ignores IOPub messages that do not answer the cell it is running, so the rest of them are harmless."""
    from queue import Empty

    deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
    while True:
        self.kernel_info()
        try:
            msg = await self.shell_channel.get_msg(timeout=1)
        except Empty:
            pass
        else:
            if msg["msg_type"] == "kernel_info_reply":
                try:
                    await self.iopub_channel.get_msg(timeout=0.2)
                except Empty:
                    pass
                else:
                    self._handle_kernel_info_reply(msg)
                    return
        if not await self._async_is_alive():
            raise RuntimeError("Kernel died before replying to kernel_info")
        if time.monotonic() > deadline:
            raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m compendium.forkserver SOCKET")
    serve(sys.argv[1])
