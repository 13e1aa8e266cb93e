"""Opening, running and saving an unchanged notebook in JupyterLab leaves `git status` clean.

JupyterLab (from the project's environment, with the server setting make and postBuild copy into it from
tools/jupyter_server_config.json, and the code under test) serves a fresh clone; headless Chromium opens each
notebook in it, waits past the autosave interval, then clears every output, runs all cells and saves. The clone's
tree must stay clean: the kernel's language_info (with the Python patch version, which the committed notebooks leave
out) is dropped on saving by compendium.ipynb.pre_save, and a run from JupyterLab writes the same figures, results
and notebook bytes as make."""
import json
import os
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from tests.cdp import Browser, find_browser, free_port
from tests.conftest import COPIES, ROOT

CONFIG = os.path.join(sys.prefix, "etc", "jupyter", "jupyter_server_config.json")


def _call(base, token, method, path, timeout=10):
    request = urllib.request.Request(base + path, method=method, headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read() or b"null")

pytestmark = [pytest.mark.slow, pytest.mark.once,
              pytest.mark.skipif(find_browser() is None, reason="no Chromium or Chrome (apt-get install chromium)"),
              pytest.mark.skipif(not (ROOT / ".git").exists(), reason="needs a git clone of the repository")]
AUTOSAVE = 2   # seconds; JupyterLab's default is 120, the behaviour is the same


def _git(repo, *args):
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    pytest.importorskip("jupyterlab", reason="jupyterlab is installed by make (extra 'lab')")
    assert json.loads(open(CONFIG).read()) == json.loads((ROOT / "tools" / "jupyter_server_config.json").read_text()), \
        f"{CONFIG} does not set JupyterLab's save hook: make copies it there"
    tmp = tmp_path_factory.mktemp("lab-browser")
    repo = tmp / "compendium"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(repo)], check=True)
    settings = tmp / "settings" / "@jupyterlab" / "docmanager-extension"
    settings.mkdir(parents=True)
    (settings / "plugin.jupyterlab-settings").write_text(json.dumps({"autosave": True, "autosaveInterval": AUTOSAVE}))
    port, token = free_port(), secrets.token_hex(16)
    env = {k: v for k, v in os.environ.items() if k != "COMPENDIUM_ROOT"} | {
        "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"), "JUPYTER_CONFIG_DIR": str(tmp / "config"),
        "JUPYTERLAB_SETTINGS_DIR": str(tmp / "settings"), "JUPYTERLAB_WORKSPACES_DIR": str(tmp / "workspaces"),
        "JUPYTER_PLATFORM_DIRS": "1",
        # the clone's own code in the server (its save hook) and the kernels, whatever the environment installed
        "PYTHONPATH": str(repo / "src")}
    proc = subprocess.Popen([sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
                             f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={repo}",
                             "--ServerApp.port_retries=0", "--LabApp.expose_app_in_browser=True",
                             "--LabApp.extension_manager=readonly",
                             "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate", "--LabApp.news_url=None"]
                            + (["--allow-root"] if os.geteuid() == 0 else []),
                            cwd=repo, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    browser = None
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
        browser = Browser(find_browser(), tmp / "profile")
        browser.call("Page.navigate", url=f"{base}/lab?token={token}")
        browser.wait_for("typeof window.jupyterapp === 'object' && !!window.jupyterapp.shell", timeout=120)
        browser.js("window.jupyterapp.started.then(() => window.jupyterapp.restored)", timeout=120)
        yield repo, browser, base, token
    finally:
        if browser:
            browser.close()
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


OPEN = """(async () => {
  const app = window.jupyterapp;
  const w = await app.commands.execute('docmanager:open', {path: %s, factory: 'Notebook'});
  await w.context.ready;
  await w.sessionContext.ready;
  app.shell.activateById(w.id);
  window.__panel = w;
  return w.sessionContext.session.kernel.name;
})()"""
INFO = "window.__panel.context.model.getMetadata('language_info')"
RUN_AND_SAVE = """(async () => {
  const app = window.jupyterapp, w = window.__panel;
  app.shell.activateById(w.id);
  await app.commands.execute('notebook:clear-all-cell-outputs');
  const cleared = w.content.widgets.filter(c => c.model.type === 'code' && c.model.outputs.length > 0).length;
  const ok = await app.commands.execute('notebook:run-all-cells');
  const counts = w.content.widgets.filter(c => c.model.type === 'code').map(c => c.model.executionCount);
  await w.context.save();
  return {cleared, ok, counts};
})()"""
# Closing disposes the panel only: its kernel is shut down through the server's REST API, which answers within a
# timeout. Awaiting the page's own sessionContext.shutdown() hung once in CI until Chromium collected the promise.
CLOSE = "window.__panel.dispose(); delete window.__panel; true"


# Every Chinese copy, and one English copy: the two copies of a notebook share every code cell.
@pytest.mark.parametrize("name", [f"{lang}/{name}" for lang, name in COPIES if lang == "zh" or name.startswith("02")])
def test_opening_running_and_saving_leaves_the_clone_clean(served, name):
    repo, browser, base, token = served
    assert _git(repo, "status", "--porcelain") == ""
    assert browser.js(OPEN % json.dumps(f"notebooks/{name}.ipynb")) == "python3"
    browser.wait_for(f"!!({INFO} || {{}}).version", timeout=60)   # the kernel's metadata reached the notebook
    time.sleep(AUTOSAVE * 3)                    # past the autosave interval: the kernel's metadata is saved
    assert _git(repo, "status", "--porcelain") == "", _git(repo, "diff")[:2000]
    run = browser.js(RUN_AND_SAVE, timeout=600)
    assert run["cleared"] == 0 and run["ok"] is True, run
    assert run["counts"] == list(range(1, len(run["counts"]) + 1)), run   # every code cell ran, in order
    time.sleep(AUTOSAVE * 2)
    assert _git(repo, "status", "--porcelain") == "", _git(repo, "diff", "--stat") + _git(repo, "diff")[:2000]
    browser.js(CLOSE)
    for session in _call(base, token, "GET", "/api/sessions"):
        _call(base, token, "DELETE", f"/api/sessions/{session['id']}", timeout=60)
    assert _call(base, token, "GET", "/api/kernels") == []
