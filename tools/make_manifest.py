"""Record the sha256 of every evidence file in verification/ (its prose, the *.md files, aside: their count tables
are rewritten by make readme) and of data/printed_values.csv in verification/manifest.json.

A form, a resolution or an excerpt edited together with the data no longer matches its recorded hash, and
tests/test_evidence.py fails. Re-run after a deliberate, sourced edit: make datapackage runs it.
"""
import hashlib
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[1]
MANIFEST = ROOT / "verification" / "manifest.json"


def covered() -> list[pathlib.Path]:
    files = [p for p in sorted((ROOT / "verification").rglob("*")) if p.is_file() and p != MANIFEST and p.suffix != ".md"]
    return files + [ROOT / "data" / "printed_values.csv"]


def digests() -> dict[str, str]:
    return {p.relative_to(ROOT).as_posix(): "sha256:" + hashlib.sha256(p.read_bytes()).hexdigest() for p in covered()}


if __name__ == "__main__":
    MANIFEST.write_text(json.dumps({"files": digests()}, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(digests())} files recorded in {MANIFEST.relative_to(ROOT)}")
