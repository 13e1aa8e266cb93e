"""The stand-in process that jupyter_client starts as a notebook's kernel when the fork server is used.

Run as a script with the standard library only (``python -I -S kernel_launcher.py SERVER-PID SOCKET -f
CONNECTION_FILE``), so
it starts in a few milliseconds. It asks the fork server (``compendium.forkserver``) for a fresh kernel process,
then stands in for it: jupyter_client's signals (interrupt, terminate) are passed on to the kernel, and this
process exits when the kernel does, with its exit code. If this process is killed, its socket closes and the
kernel exits too. It imports nothing from the compendium, on purpose.
"""
import json
import os
import signal
import socket
import sys
import time

CONNECT_TIMEOUT = 60.0  # seconds to wait for the server's socket (it binds it before importing the stack)


def alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (a zombie, exited but not yet waited for, does not)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rpartition(b")")[2].split()[0] not in (b"Z", b"X")
    except (OSError, IndexError):
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def connect(pid: int, path: str) -> socket.socket:
    deadline = time.monotonic() + CONNECT_TIMEOUT
    while True:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.connect(path)
            return sock
        except (FileNotFoundError, ConnectionRefusedError):
            sock.close()
            if not alive(pid):
                sys.exit(f"kernel_launcher: the fork server (pid {pid}) has exited; its error is above")
            if time.monotonic() > deadline:
                sys.exit(f"kernel_launcher: no fork server at {path} after {CONNECT_TIMEOUT:.0f} s")
            time.sleep(0.01)


def main(argv: list[str]) -> int:
    if len(argv) < 3:
        sys.exit("usage: kernel_launcher.py SERVER-PID SOCKET KERNEL-ARGUMENTS...")
    sock = connect(int(argv[0]), argv[1])
    request = {"argv": argv[2:], "cwd": os.getcwd(), "env": dict(os.environ), "launcher": os.getpid()}
    payload = json.dumps(request).encode() + b"\n"
    # Our stdin, stdout and stderr go along, so the kernel writes where jupyter_client expects its output.
    sent = socket.send_fds(sock, [payload], [0, 1, 2])
    sock.sendall(payload[sent:])

    def forward(signum, _frame):
        try:
            sock.sendall(b"signal %d\n" % signum)
        except OSError:
            pass

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
        signal.signal(signum, forward)
    code, buffer = 1, b""
    while True:
        try:
            chunk = sock.recv(4096)
        except InterruptedError:
            continue
        if not chunk:
            return code
        buffer += chunk
        *lines, buffer = buffer.split(b"\n")
        for line in lines:
            word, _, value = line.decode().partition(" ")
            if word == "exit":
                code = int(value)
            elif word == "error":
                print(f"kernel_launcher: {value}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
