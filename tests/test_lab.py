"""make lab: JupyterLab from the project's environment serves the notebooks and starts the python3 kernel papermill
uses. The server runs headless on a free port with a random token, its state in a temporary folder."""
import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow   # starting a Jupyter server and a kernel takes several seconds


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _call(base, token, method, path, body=None, timeout=10):
    req = urllib.request.Request(base + path, method=method, data=None if body is None else json.dumps(body).encode(),
                                 headers={"Authorization": f"token {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        text = resp.read().decode()
        is_json = resp.headers.get_content_type() == "application/json"
        return resp.status, (json.loads(text) if is_json and text else text)


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("lab")
    pytest.importorskip("jupyterlab", reason="jupyterlab is installed by make (extra 'lab')")
    port, token = _free_port(), secrets.token_hex(16)
    env = os.environ | {"JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"), "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
                        "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces"), "JUPYTER_PLATFORM_DIRS": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
                             f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={ROOT}",
                             "--ServerApp.port_retries=0", "--LabApp.extension_manager=readonly",
                             "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate", "--LabApp.news_url=None"]
                            + (["--allow-root"] if os.geteuid() == 0 else []),
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _call(base, token, "GET", "/api/status", timeout=2)
                break
            except (urllib.error.URLError, ConnectionError, OSError):
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab did not start: {proc.stderr.read()[-2000:] if proc.poll() is not None else 'timeout'}")
                time.sleep(0.2)
        yield base, token
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_lab_opens_a_notebook_and_starts_the_papermill_kernel(lab):
    base, token = lab
    status, page = _call(base, token, "GET", "/lab")
    assert status == 200 and "JupyterLab" in page
    status, nb = _call(base, token, "GET", "/api/contents/notebooks/00_claims_ledger.ipynb")
    assert status == 200 and nb["type"] == "notebook"
    assert nb["content"]["metadata"]["kernelspec"]["name"] == "python3"
    assert any("parameters" in c["metadata"].get("tags", []) for c in nb["content"]["cells"])

    _, specs = _call(base, token, "GET", "/api/kernelspecs")
    python3 = specs["kernelspecs"]["python3"]["spec"]
    assert os.path.abspath(python3["argv"][0]).startswith(os.path.abspath(sys.prefix) + os.sep), \
        f"the python3 kernel is not the project's environment ({sys.prefix}): {python3['argv']}"

    status, session = _call(base, token, "POST", "/api/sessions", {
        "path": "notebooks/00_claims_ledger.ipynb", "type": "notebook", "name": "00_claims_ledger.ipynb",
        "kernel": {"name": "python3"}}, timeout=60)
    assert status == 201 and session["kernel"]["name"] == "python3"
    _call(base, token, "DELETE", f"/api/sessions/{session['id']}", timeout=30)


def test_a_wrong_token_is_refused(lab):
    base, _ = lab
    with pytest.raises(urllib.error.HTTPError) as err:
        _call(base, "not-the-token", "GET", "/api/contents/notebooks")
    assert err.value.code in (401, 403)
