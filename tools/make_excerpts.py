"""Write verification/excerpts.csv: for each printed fragment of data/printed_values.csv, the sentence (or table
row) of the page it was read on that holds it, with the page's URL.

The page texts are the stored copies returned by the search tool (corpus "pages"), saved one file per source as
PAGES/<source_id>.txt while reading; they are not committed (only the short excerpt of each value is kept, as
a quotation of the fact). The article's own values (table ``claims``) are excerpted from our copy of the
article's pages (shared/seed/000_c154c588ef6bfbdd.txt). A fragment read from the page's URL (not its text) is
listed in FROM_URL and its excerpt is the URL.

A value whose page text is not in PAGES keeps the excerpt already in verification/excerpts.csv (if any), so a
run with the pages of a few sources adds or refreshes their excerpts only. A value with no excerpt at all is
left out; tests/test_evidence.py lists their sources by name (NO_EXCERPT_YET), so the list can only shrink.

Usage: python tools/make_excerpts.py PAGES [SEED]
"""
import csv
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from compendium.analysis.printed import normalise  # noqa: E402

ARTICLE = "shared/seed/000_c154c588ef6bfbdd.txt"
FROM_URL = {("claim_values", "steel_grading_year", "value")}   # the date is in the URL path, not the page text
KEYS = {"spot_checks": ["year", "release", "release_no", "scope", "category"],
        "spot_check_breakdowns": ["year", "release", "release_no", "dimension", "level"],
        "claim_values": ["value_id"], "claims": ["claim_id"]}
_SPLIT = re.compile(r"(?<=[。；;!?！？])|\n")


def read(name):
    with open(ROOT / "data" / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def segments(text):
    return [s.strip() for s in _SPLIT.split(text) if s and s.strip()]


def excerpt(text, fragment):
    """The shortest run of 1-3 consecutive sentences of ``text`` holding ``fragment`` (after normalisation)."""
    segs, want = segments(text), normalise(fragment)
    for n in (1, 2, 3):
        found = [" ".join(segs[i:i + n]) for i in range(len(segs) - n + 1) if want in normalise(" ".join(segs[i:i + n]))]
        if found:
            return min(found, key=len)
    return None


def main(pages: pathlib.Path, seed: pathlib.Path):
    sources = {r["source_id"]: r for r in read("sources.csv")}
    row_source = {}
    for table, key in KEYS.items():
        for r in read(f"{table}.csv"):
            row_source[(table, "|".join(r[k] for k in key))] = r.get("source_id", "")
    out, missing, kept = [], 0, 0
    path = ROOT / "verification" / "excerpts.csv"
    before = {}
    if path.exists():
        with open(path, encoding="utf-8", newline="") as f:
            before = {(e["table"], e["row_key"], e["field"]): e for e in csv.DictReader(f)}
    for r in read("printed_values.csv"):
        k = (r["table"], r["row_key"], r["field"])
        if r["table"] == "claims":
            sid, url, text, kind = "", ARTICLE, seed.read_text(encoding="utf-8"), "page"
        else:
            sid = row_source[(r["table"], r["row_key"])]
            url = sources[sid]["url"]
            page = pages / f"{sid}.txt"
            text, kind = (page.read_text(encoding="utf-8") if page.exists() else None), "page"
            if k in FROM_URL:
                text, kind = url, "url"
        ex = excerpt(text, r["printed"]) if text else None
        if ex is None:
            if k in before:
                out.append(before[k])
                kept += 1
            else:
                missing += 1
            continue
        out.append({"table": r["table"], "row_key": r["row_key"], "field": r["field"], "source_id": sid,
                    "url": url, "excerpt": ex, "fragment_from": kind})
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, ["table", "row_key", "field", "source_id", "url", "excerpt", "fragment_from"],
                           lineterminator="\n")
        w.writeheader()
        w.writerows(out)
    print(f"{len(out)} excerpts written ({kept} kept from before); {missing} fragments without an excerpt")


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3) or any(a.startswith("-") for a in sys.argv[1:]) \
            or not pathlib.Path(sys.argv[1]).is_dir():
        sys.exit("usage: python tools/make_excerpts.py PAGES [SEED]")
    main(pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2] if len(sys.argv) == 3 else
                                                 ROOT.parent / "shared" / "seed" / "000_c154c588ef6bfbdd.txt"))
