"""The README's generated blocks: Binder links from the git remote, staleness caught, placeholders explained."""
import json
import re
import shutil
import subprocess
import urllib.parse

import pytest

from tests.conftest import ROOT


@pytest.mark.parametrize("url, slug", [
    ("https://github.com/example-org/compendium.git", "example-org/compendium"),
    ("https://github.com/example-org/compendium", "example-org/compendium"),
    ("https://github.com/example-org/compendium/", "example-org/compendium"),
    ("git@github.com:example-org/compendium.git", "example-org/compendium"),
    ("ssh://git@github.com/example-org/compendium.git", "example-org/compendium"),
    ("https://token@github.com/example-org/my.repo.git", "example-org/my.repo"),
    ("https://gitlab.com/example-org/compendium.git", None),
    ("/srv/git/compendium.git", None),
    ("", None),
])
def test_github_remote_forms(url, slug):
    from compendium.build import readme

    assert readme.github_slug(url) == slug


@pytest.fixture
def clone(tmp_path, monkeypatch):
    """A copy of what the README is made from, in a fresh git repository (no remote yet), not on GitHub Actions."""
    for name in ("GITHUB_ACTIONS", "GITHUB_REPOSITORY"):
        monkeypatch.delenv(name, raising=False)
    root = tmp_path / "repo"
    root.mkdir()
    shutil.copy(ROOT / "README.md", root / "README.md")
    for folder in ("notebooks", "results", "figures", "data"):
        shutil.copytree(ROOT / folder, root / folder)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root


def _remote(root, url):
    subprocess.run(["git", "-C", str(root), "remote", "remove", "origin"], capture_output=True)
    subprocess.run(["git", "-C", str(root), "remote", "add", "origin", url], check=True)


def _binder_links(text):
    return re.findall(r"\((https://mybinder\.org/v2/[^)\s]+)\)", text)


def test_links_follow_a_github_remote(clone, capsys):
    from compendium.build import notebooks, readme

    _remote(clone, "git@github.com:example-org/quality-compendium.git")
    assert readme.main(clone) == 0
    text = (clone / "README.md").read_text()
    links = _binder_links(text)
    assert links, "no Binder link generated"
    opened = set()
    for url in links:
        parsed = urllib.parse.urlparse(url)
        assert parsed.path.startswith("/v2/gh/example-org/quality-compendium/main"), url
        labpath = urllib.parse.parse_qs(parsed.query)["labpath"][0]
        assert (clone / labpath).is_file(), f"{url} opens {labpath}, which does not exist"
        opened.add(labpath)
    assert opened == {f"notebooks/{nb.name}.ipynb" for nb in notebooks.NOTEBOOKS}
    assert "OWNER/REPO" not in text
    assert readme.main(clone, check_only=True) == 0

    _remote(clone, "https://github.com/someone-else/fork.git")   # the repository moved: the links are wrong
    assert readme.main(clone, check_only=True) == 1
    assert "someone-else/fork" in capsys.readouterr().err


def test_without_a_remote_the_placeholder_says_what_to_do(clone):
    from compendium.build import readme

    text = (clone / "README.md").read_text()
    for slug, ref in readme.links_in(text):   # start from placeholders whatever the committed README holds
        text = text.replace(f"/gh/{slug}/{ref}", "/gh/OWNER/REPO/main")
    (clone / "README.md").write_text(text)
    assert readme.main(clone) == 0
    text = (clone / "README.md").read_text()
    assert readme.links_in(text) == {("OWNER/REPO", "main")}
    assert "git remote add origin" in readme.blocks_in(text)["binder"]
    assert readme.main(clone, check_only=True) == 0


def test_a_stale_block_fails_the_check(clone):
    from compendium.build import readme

    assert readme.main(clone) == 0
    results = clone / "results" / "00_claims_ledger.json"
    payload = json.loads(results.read_text())
    payload["claims"][0]["verdict"] = "differs" if payload["claims"][0]["verdict"] != "differs" else "agrees"
    results.write_text(json.dumps(payload))
    problems = readme.check(clone, (clone / "README.md").read_text())
    assert any("'findings' is stale" in p for p in problems), problems
    assert readme.main(clone) == 0 and readme.main(clone, check_only=True) == 0


def test_a_missing_block_or_description_is_named(clone, monkeypatch):
    from compendium.build import params, readme

    text = (clone / "README.md").read_text().replace("<!-- BEGIN generated:figures -->", "")
    with pytest.raises(readme.ReadmeError, match="figures"):
        readme.generate(clone, text)
    monkeypatch.setitem(params.MODELS, "06_additive_manufacturing_scenarios", params.Common)   # a model without top_n
    with pytest.raises(readme.ReadmeError, match="top_n"):
        readme.generate(clone, (clone / "README.md").read_text())


def test_figure_table_names_the_recording_notebook(clone, pkg):
    """A notebook's results record (plotting.figure_record) fills in the figure's row."""
    from compendium.presentation import plotting
    from compendium.build import readme

    record = plotting.figure_record([clone / "figures" / "milk_limits.png"], pkg, ["claim_values"])
    assert record["sources"], "the sources of the table's rows are listed"
    results = clone / "results" / "02_raw_milk_cell_counts.json"
    payload = json.loads(results.read_text()) | {"figures": [record]}
    results.write_text(json.dumps(payload))
    row = next(line for line in readme._figures(clone).splitlines() if "milk_limits.png" in line)
    assert "02_raw_milk_cell_counts" in row and f"`{record['tables'][0]}`" in row and "not recorded" not in row


def test_findings_state_both_sides_of_each_difference():
    """A claim that differs shows the article's value and the source's. Expected values are read from the
    sources: Public Law 101-592 (the Fastener Quality Act) was signed in 1990; the article says the 1980s."""
    from compendium.build import readme

    text = readme._findings(ROOT)
    line = next(l for l in text.splitlines() if l.startswith("- `S5-us-fastener-act`"))
    assert "The article: 1980-1989; the source: 1990" in line
    differs = [l for l in text.splitlines() if l.startswith("- `S")]
    assert differs and not any("none found" in l for l in differs), differs
