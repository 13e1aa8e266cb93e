"""The fork server (compendium.forkserver) that starts the notebooks' kernels in `make reproduce`.

Fast tests check its small pieces; the slow ones (pytest -m slow) start real kernels from it and check that
each behaves like an ordinary kernel: its own process, working folder and environment; interrupts reach it;
killing it works. That forked and ordinary kernels write identical files is checked in test_robustness.py."""
import asyncio
import os
import subprocess
import sys
import time

import pytest

from compendium import forkserver, runner
from tests.conftest import ROOT


def test_interpreter_is_read_from_the_kernelspec():
    argv = ["/env/bin/python", "-Xfrozen_modules=off", "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    assert forkserver.interpreter(argv) == ["/env/bin/python", "-Xfrozen_modules=off"]
    for bad in (["/env/bin/python", "-m", "other_kernel", "-f", "{connection_file}"],
                ["/opt/julia", "kernel.jl", "{connection_file}"]):
        with pytest.raises(ValueError, match="not an ipykernel"):
            forkserver.interpreter(bad)


def test_an_unknown_kernel_start_names_the_allowed_ones():
    with pytest.raises(runner.RunError, match=r"'spawn' is not one of \['fork', 'plain'\]"):
        runner.reproduce(["04_quality_management_surveys"], kernel="spawn", root=ROOT)


def test_the_launcher_gives_up_at_once_when_the_server_is_gone(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-I", "-S", str(forkserver.LAUNCHER), str(dead.pid),
                           str(tmp_path / "no.sock"), "-f", str(tmp_path / "kernel.json")],
                          capture_output=True, text=True, timeout=30)
    assert proc.returncode != 0 and "has exited" in proc.stderr
    assert time.monotonic() - start < 5


def test_the_launcher_imports_nothing_from_the_compendium():
    source = forkserver.LAUNCHER.read_text(encoding="utf-8")
    imports = {line.split()[1] for line in source.splitlines() if line.startswith(("import ", "from "))}
    assert imports <= {"json", "os", "signal", "socket", "sys", "time"}, imports


def test_the_runner_orders_longest_notebooks_first():
    names = runner.notebook_names(ROOT)
    ordered = runner.by_size(ROOT, names)
    assert sorted(ordered) == sorted(names)
    assert set(ordered[:2]) == {"01_figure1_spot_checks", "00_claims_ledger"}


async def _forked_kernel_session(workdir, env_value):
    km = forkserver.kernel_manager_class()(kernel_name="python3")
    await km.start_kernel(cwd=str(workdir), env=os.environ | {"COMPENDIUM_TEST_VALUE": env_value})
    kc = km.client()
    kc.start_channels()
    try:
        await kc.wait_for_ready(timeout=60)

        async def run(code, timeout=30):
            msg_id = kc.execute(code)
            out = []
            while True:
                msg = await kc.get_iopub_msg(timeout=timeout)
                if msg["parent_header"].get("msg_id") != msg_id:
                    continue
                if msg["msg_type"] == "stream":
                    out.append(msg["content"]["text"])
                if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                    break
            reply = await kc.get_shell_msg(timeout=timeout)
            return "".join(out), reply["content"]

        out, _ = await run("import os; print(os.getpid(), os.getppid(), os.getcwd(), os.environ['COMPENDIUM_TEST_VALUE'], "
                           f"'{forkserver.ENV_SOCKET}' in os.environ, sorted(k for k in dir() if not k.startswith('_')))")
        pid, ppid, cwd, value, server_seen, names = out.split(" ", 5)
        assert server_seen == "False"  # the server's address does not leak into the notebook's environment
        msg_id = kc.execute("import time; time.sleep(30)")
        await asyncio.sleep(1)
        started = time.monotonic()
        await km.interrupt_kernel()
        while True:
            reply = await kc.get_shell_msg(timeout=20)
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        interrupted = (reply["content"]["status"], reply["content"].get("ename"), time.monotonic() - started)
        await km.shutdown_kernel(now=True)
        return int(pid), int(ppid), cwd, value, names.strip(), interrupted
    finally:
        kc.stop_channels()


@pytest.mark.slow
def test_a_forked_kernel_is_a_fresh_process_that_obeys_signals(tmp_path):
    from jupyter_client.kernelspec import KernelSpecManager

    python = forkserver.interpreter(KernelSpecManager().get_kernel_spec("python3").argv)
    with forkserver.server(python):
        server_pid = int(os.environ[forkserver.ENV_SOCKET].partition(":")[0])
        pid, ppid, cwd, value, names, interrupted = asyncio.run(_forked_kernel_session(tmp_path, "forty-two"))
        assert ppid == server_pid and pid not in (os.getpid(), server_pid)  # a child forked by the server
        assert cwd == str(tmp_path) and value == "forty-two"
        # an IPython namespace (In, Out, exit, quit, get_ipython, open) plus os: nothing of the server leaks in
        assert names == "['In', 'Out', 'exit', 'get_ipython', 'open', 'os', 'quit']", names
        status, ename, seconds = interrupted
        assert (status, ename) == ("error", "KeyboardInterrupt") and seconds < 5
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)
        else:
            pytest.fail(f"the forked kernel {pid} outlived shutdown_kernel(now=True)")


@pytest.mark.slow
def test_a_server_that_cannot_start_is_reported_with_the_way_out(tmp_path, monkeypatch):
    """A kernelspec whose Python lacks the compendium: the server exits at once; the run fails quickly and
    the error names --kernel plain, instead of a bare dead-kernel message."""
    broken = tmp_path / "python"
    broken.write_text("#!/bin/sh\necho 'No module named compendium' >&2\nexit 3\n")
    broken.chmod(0o755)
    monkeypatch.setattr(forkserver, "interpreter", lambda argv: [str(broken)])
    start = time.monotonic()
    with pytest.raises(runner.RunError, match=r"stopped with exit code 3.*--kernel plain"):
        runner.reproduce(["04_quality_management_surveys"], out=tmp_path / "out", root=ROOT, kernel="fork")
    assert time.monotonic() - start < 30
    assert not (tmp_path / "out").exists()
