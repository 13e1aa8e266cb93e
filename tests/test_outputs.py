"""Output files: written atomically with ordinary permissions; leftovers of earlier notebook versions found."""
import os

from compendium.build import files, runner


def test_atomic_write_gives_ordinary_permissions_and_leaves_no_temporary(tmp_path):
    old = os.umask(0o022)
    try:
        path = files.atomic_write(tmp_path / "sub" / "a.txt", lambda tmp: open(tmp, "w").write("x"))
    finally:
        os.umask(old)
    assert path.read_text() == "x"
    assert oct(path.stat().st_mode & 0o777) == oct(0o644)
    assert [p.name for p in path.parent.iterdir()] == ["a.txt"]


def test_a_failed_atomic_write_keeps_the_old_file(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("old")

    def fail(tmp):
        open(tmp, "w").write("half")
        raise OSError("disk full")

    try:
        files.atomic_write(path, fail)
    except OSError:
        pass
    assert path.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_orphans_are_committed_outputs_no_run_writes(tmp_path):
    fresh, committed = tmp_path / "fresh", tmp_path / "committed"
    for root in (fresh, committed):
        for sub in ("figures", "results"):
            (root / sub).mkdir(parents=True)
    (fresh / "figures" / "figure1.png").write_text("new")
    (committed / "figures" / "figure1.png").write_text("old")
    (committed / "figures" / "figure1.svg").write_text("left over")
    (committed / "results" / ".hidden.tmp").write_text("not an output")
    assert runner.orphans(fresh, committed) == ["figures/figure1.svg"]
