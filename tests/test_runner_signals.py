"""Issue 21: an interrupt is one line and leaves nothing behind. The two mechanisms under the runner's interrupt
handling, each checked on its own in a few seconds (tests/test_robustness.py interrupts whole runs, slowly):
a signal held back while the workers start, and a stopped worker taking its kernels with it."""
import os
import signal
import subprocess
import sys
import threading
import time

import psutil
import pytest

from compendium.build import runner


def test_a_signal_during_a_deferred_step_acts_after_it_even_with_another_thread_running():
    # Another thread that does not block the signal (as numpy's BLAS threads do not): a signal sent to the
    # process reaches it, and Python runs the handler in the main thread whatever the main thread's mask.
    assert threading.current_thread() is threading.main_thread()
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)
    other.start()
    finished = False
    try:
        with pytest.raises(KeyboardInterrupt):
            with runner.deferred_signals():
                os.kill(os.getpid(), signal.SIGINT)
                time.sleep(0.3)
                finished = True
    finally:
        stop.set()
        other.join()
    assert finished, "the signal interrupted the step it should have waited for"
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_deferred_step_without_a_signal_restores_the_handlers():
    with runner.deferred_signals():
        pass
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    assert not signal.sigpending() & runner.STOP_SIGNALS


WORKER = """
import subprocess, sys, time
from compendium.build import runner
runner._worker_start()
kernel = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"], start_new_session=True)
print(kernel.pid, flush=True)
time.sleep(60)
"""


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_stopped_worker_kills_the_kernel_it_started(sig):
    # The kernel runs in a session of its own (as jupyter_client starts it), so no signal to the worker's
    # process group reaches it: the worker must kill it, or it outlives the run and its staging folder.
    worker = subprocess.Popen([sys.executable, "-c", WORKER], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True)
    kernel_pid = int(worker.stdout.readline())
    try:
        worker.send_signal(sig)
        _, err = worker.communicate(timeout=20)
        assert worker.returncode == 128 + sig and err == "", err
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and _alive(kernel_pid):
            time.sleep(0.1)
        assert not _alive(kernel_pid), "the worker left its kernel running"
    finally:
        if _alive(kernel_pid):
            os.kill(kernel_pid, signal.SIGKILL)


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False
