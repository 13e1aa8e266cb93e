"""R's quasi-binomial fits and Wilson intervals (glm_trend.Rout) beside statsmodels' (compendium.stats), on the same
fixture files: trend_fixture.csv and wilson_fixture.csv, whose md5 sums R prints at the top of its output.

    python tests/r/compare.py check FOLDER   # FOLDER holds the fixtures and glm_trend.Rout; prints every difference
    python tests/r/compare.py write FOLDER   # writes the fixtures of the current results/ into FOLDER

tests/test_stats.py checks the frozen fixtures of tests/r/ (so a data edit never needs R); `make r-check` writes the
current data's series to build/r/, runs Rscript on them and checks them the same way.
"""
import csv
import hashlib
import json
import pathlib
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "src"))
from compendium import stats  # noqa: E402


def r_output(folder: pathlib.Path) -> tuple[dict, list[dict], dict]:
    """(fits by series, Wilson rows, md5 by fixture file) read from folder/glm_trend.Rout."""
    text = (folder / "glm_trend.Rout").read_text(encoding="utf-8")
    fits = {m.group(1): dict(re.findall(r"(\w+)=(\S+)", m.group(0))) for m in re.finditer(r"^series=(\S+) .*$", text, re.M)}
    wilson = [dict(re.findall(r"(\w+)=(\S+)", line)) for line in re.findall(r"^wilson rate=.*$", text, re.M)]
    md5 = dict(re.findall(r"^fixture (\S+) md5=(\w+)$", text, re.M))
    return fits, wilson, md5


def series(folder: pathlib.Path) -> dict[str, tuple[list, list, list | None]]:
    out = {}
    with open(folder / "trend_fixture.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            years, rates, batches = out.setdefault(r["series"], ([], [], []))
            years.append(int(r["year"]))
            rates.append(float(r["rate"]))
            batches.append(float(r["batches"]) if r["batches"] else None)
    return {k: (y, r, None if None in b else b) for k, (y, r, b) in out.items()}


def differences(folder: pathlib.Path) -> list[str]:
    """Where statsmodels and R disagree on the fixtures of ``folder`` (relative 1e-8; Wilson to 1e-5 points), or
    where R's output was not computed from these fixture files."""
    fits, wilson, md5 = r_output(folder)
    found = [f"{name}: R read md5 {md5.get(name)}, the file has {hashlib.md5((folder / name).read_bytes()).hexdigest()}"
             for name in ("trend_fixture.csv", "wilson_fixture.csv")
             if md5.get(name) != hashlib.md5((folder / name).read_bytes()).hexdigest()]
    for name, (years, rates, batches) in series(folder).items():
        fit, r = stats.glm_trend(years, rates, batches), fits.get(name)
        if r is None:
            found.append(f"{name}: no R fit")
            continue
        if (fit.df, fit.points) != (int(r["df"]), int(r["n"])):
            found.append(f"{name}: df/points {fit.df}/{fit.points}, R {r['df']}/{r['n']}")
        for mine, key in ((fit.odds_ratio, "or"), (fit.ci_low, "or_low"), (fit.ci_high, "or_high"), (fit.p_value, "p")):
            if abs(mine - float(r[key])) > 1e-8 * abs(float(r[key])):
                found.append(f"{name} {key}: statsmodels {mine!r}, R {r[key]}")
    for w in wilson:
        low, high = stats.wilson(float(w["x"]), int(w["n"]))
        if abs(low - float(w["wilson_low"])) > 1e-5 or abs(high - float(w["wilson_high"])) > 1e-5:
            found.append(f"Wilson {w['x']} of {w['n']}: statsmodels {low:.6f}-{high:.6f}, R {w['wilson_low']}-{w['wilson_high']}")
    return found


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
    if len(sys.argv) != 3 or sys.argv[1] not in ("check", "write"):
        sys.exit("usage: python tests/r/compare.py check|write FOLDER")
    if sys.argv[1] == "write":
        write(pathlib.Path(sys.argv[2]))
    else:
        found = differences(pathlib.Path(sys.argv[2]))
        print("\n".join(found) if found else "statsmodels and R agree on every series and interval of the fixture")
        sys.exit(1 if found else 0)
