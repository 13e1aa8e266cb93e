"""Write the series the notebooks fit, read from the committed results/, as the fixture files tests/r/glm_trend.R
reads (trend_fixture.csv, wilson_fixture.csv) into FOLDER: `make r-check` then runs R on them and compares R's fits
with statsmodels' (tests/r/compare.py). Usage: python tools/r_fixtures.py FOLDER"""
import csv
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]


def write(folder: pathlib.Path) -> None:
    """The series the notebooks fit, from the committed results: each trend of 01 and 07, and 01's intervals."""
    res = {p.stem[:2]: json.loads(p.read_text(encoding="utf-8")) for p in (ROOT / "results").glob("*.json")}
    folder.mkdir(parents=True, exist_ok=True)
    rows, cells = [], [c for c in res["01"]["cells"] if c["status"] != "missing"]
    for scope in dict.fromkeys(c["scope"] for c in cells):
        sub = [c for c in cells if c["scope"] == scope]
        weighted = all(c["status"] == "printed" and c["batches"] for c in sub)
        rows += [(f"{scope}_figure1", c["year"], c["nonconformity"], c["batches"] if weighted else "") for c in sub]
    base = res["07"]["base"]["rows"][0]["base_year"]
    rows += [("national_since_base", r["year"], r["nonconformity"], "") for r in res["07"]["national"] if r["year"] >= base]
    with open(folder / "trend_fixture.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["series", "year", "rate", "batches"])
        w.writerows(r for r in rows if len([x for x in rows if x[0] == r[0]]) >= 3)
    with open(folder / "wilson_fixture.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["rate", "n", "printed_count"])
        w.writerows((r["nonconformity"], r["batches"], "") for r in res["01"]["intervals"])


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python tools/r_fixtures.py FOLDER")
    write(pathlib.Path(sys.argv[1]))
