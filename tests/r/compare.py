"""R's quasi-binomial fits and Wilson intervals (glm_trend.Rout) beside statsmodels', on the fixture files whose md5
sums R prints: `python tests/r/compare.py FOLDER` prints every difference. tests/test_stats.py checks the frozen
fixtures of tests/r/; `make r-check` those of the current results (tools/r_fixtures.py writes them to build/r/)."""
import csv
import hashlib
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


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python tests/r/compare.py FOLDER (its fixtures and R's glm_trend.Rout)")
    found = differences(pathlib.Path(sys.argv[1]))
    print("\n".join(found) if found else "statsmodels and R agree on every series and interval of the fixture")
    sys.exit(1 if found else 0)
