"""The national supervision spot checks: printed statements to a year-by-category table of non-conformity rates.

Sources print two measures. 国家质检总局 (AQSIQ) printed a pass rate (抽查合格率) up to the 2017 results;
市场监管总局 (SAMR) prints a non-conformity rate (不合格发现率, later 抽查不合格率) from the 2018 results. A row of
``spot_checks.csv`` keeps the measure as printed; this module converts (non-conformity = 100 - pass rate).

A row that prints a rate and its change against an earlier year implies the earlier year's rate:
``earlier = rate - change`` (in the printed measure). Releases are annual results or part-year batches
(columns ``year``, ``release``, ``release_no``); a derivation based on annual results is preferred. Such values are *derived*: computed here, never stored,
and carried with their rounding margin (half a unit of each printed figure's last digit).
"""
from __future__ import annotations

import dataclasses

import pandas as pd

from .claims import half_unit
from .data import DataPackage

PRINTED, DERIVED, MISSING = "printed", "derived", "missing"
STATUSES = (PRINTED, DERIVED, MISSING)
NATIONAL = "national"


def release_label(year, release: str, release_no=None, lang: str = "en") -> str:
    """A release for display: '2017' (annual results), '2015 batch 4', '2016 half-year 1' (text rows
    ``release.<release>``)."""
    from ..presentation.text import t

    no = None if release_no is None or pd.isna(release_no) else int(release_no)
    return t(f"release.{release}", lang, year=int(year), no=no)


def _release(row) -> dict:
    return {"year": int(row["year"]), "release": row["release"],
            "no": None if pd.isna(row["release_no"]) else int(row["release_no"])}


# How a rate was found, typed (a cell's ``basis``), and said in either language by :func:`basis_text`:
#   {"kind": "printed", "release": R}                       the rate is printed in release R
#   {"kind": "rate", "release": R, "measure": M, "rate": "90.4"}   a printed rate a derivation starts from
#   {"kind": "back", "base": B, "measure": M, "change": "2.2"}     B less a printed change (the earlier year)
#   {"kind": "forward", "base": B, "measure": M, "change": "-1.2"} B plus a printed change (the later year)
def basis_text(basis: dict, lang: str) -> str:
    """How a cell's rate was found, in words: which measure (pass rate or non-conformity rate), which release."""
    from ..presentation.text import t

    kind = basis["kind"]
    if kind in ("printed", "rate"):
        r = basis["release"]
        release = release_label(r["year"], r["release"], r["no"], lang)
        if kind == "printed":
            return t("basis.printed", lang, release=release)
        return t("basis.rate", lang, release=release, measure=t(f"measure.{basis['measure']}", lang), rate=basis["rate"])
    return t(f"basis.{kind}", lang, base=basis_text(basis["base"], lang), change=basis["change"],
             measure=t(f"measure.{basis['measure']}", lang))


def to_nonconformity(measure: str, value: float) -> float:
    """A printed rate as a non-conformity rate (% of batches found non-conforming)."""
    if measure == "nonconformity_rate":
        return float(value)
    if measure == "pass_rate":
        return 100.0 - float(value)
    raise ValueError(f"unknown measure '{measure}': expected 'pass_rate' or 'nonconformity_rate'")


def printed_rates(pkg: DataPackage) -> pd.DataFrame:
    """Every annual rate as printed, with its non-conformity equivalent and rounding margin."""
    t, raw = pkg["spot_checks"], pkg.raw["spot_checks"]
    rows = []
    for i, r in t.iterrows():
        if pd.isna(r["rate"]) or r["release"] != "annual":
            continue
        rows.append({
            "year": int(r["year"]), "scope": r["category"] if r["scope"] != NATIONAL else NATIONAL,
            "measure": r["measure"], "printed_rate": float(r["rate"]),
            "nonconformity": round(to_nonconformity(r["measure"], r["rate"]), 6),
            "margin": half_unit(raw.loc[i, "rate"]),
            "batches": r["batches"], "nonconforming_batches": r["nonconforming_batches"],
            "status": PRINTED, "source_id": r["source_id"], "basis": {"kind": "printed", "release": _release(r)},
            "from_annual": True,
        })
    return pd.DataFrame(rows, columns=_COLUMNS)


def derived_rates(pkg: DataPackage) -> pd.DataFrame:
    """Every rate implied by a rate and a printed change (computed, never stored).

    ``earlier = rate - change``, in the printed measure; and forward, where a year prints only its change on an
    earlier year whose rate is known, ``later = earlier + change``. The rate is the row's own printed rate or, where the
    row prints only a change, the rate of that year and scope printed or derived elsewhere (a chain of
    derivations; each step adds its rounding margin). Repeats until nothing new can be derived."""
    t, raw = pkg["spot_checks"], pkg.raw["spot_checks"]
    known = {(r["year"], r["scope"]): r for r in printed_rates(pkg).to_dict("records")}
    rows: list[dict] = []
    done: set[int] = set()
    progress = True
    while progress:
        progress = False
        for i, r in t.iterrows():
            if i in done or pd.isna(r["change_pp"]):
                continue
            scope = NATIONAL if r["scope"] == NATIONAL else r["category"]
            if not pd.isna(r["rate"]):
                base_nc = to_nonconformity(r["measure"], r["rate"])
                base_margin = half_unit(raw.loc[i, "rate"])
                base_basis = {"kind": "rate", "release": _release(r), "measure": r["measure"], "rate": str(raw.loc[i, "rate"])}
                from_annual = r["release"] == "annual"
            elif r["release"] == "annual" and (int(r["year"]), scope) in known:
                base = known[(int(r["year"]), scope)]
                from_annual = False
                base_nc, base_margin = base["nonconformity"], base["margin"]
                base_basis = base["basis"]
            elif r["release"] == "annual" and (int(r["change_vs"]), scope) in known:
                # Forward: a year that prints only its change on a known earlier year is that year plus the change.
                base = known[(int(r["change_vs"]), scope)]
                change_nc = float(r["change_pp"]) if r["measure"] == "nonconformity_rate" else -float(r["change_pp"])
                row = {
                    "year": int(r["year"]), "scope": scope, "measure": r["measure"], "printed_rate": pd.NA,
                    "nonconformity": round(base["nonconformity"] + change_nc, 6),
                    "margin": round(base["margin"] + half_unit(raw.loc[i, "change_pp"]), 6),
                    "batches": pd.NA, "nonconforming_batches": pd.NA, "status": DERIVED, "source_id": r["source_id"],
                    "basis": {"kind": "forward", "base": base["basis"], "measure": r["measure"],
                              "change": str(raw.loc[i, "change_pp"])}, "from_annual": False,
                }
                rows.append(row)
                known.setdefault((row["year"], scope), row)
                done.add(i)
                progress = True
                continue
            else:
                continue
            # The change is printed in the row's measure; as a change of non-conformity it flips sign for a pass rate.
            change_nc = float(r["change_pp"]) if r["measure"] == "nonconformity_rate" else -float(r["change_pp"])
            row = {
                "year": int(r["change_vs"]), "scope": scope, "measure": r["measure"], "printed_rate": pd.NA,
                "nonconformity": round(base_nc - change_nc, 6),
                "margin": round(base_margin + half_unit(raw.loc[i, "change_pp"]), 6),
                "batches": pd.NA, "nonconforming_batches": pd.NA, "status": DERIVED, "source_id": r["source_id"],
                "basis": {"kind": "back", "base": base_basis, "measure": r["measure"], "change": str(raw.loc[i, "change_pp"])},
                "from_annual": from_annual,
            }
            rows.append(row)
            known.setdefault((row["year"], scope), row)
            done.add(i)
            progress = True
    return pd.DataFrame(rows, columns=_COLUMNS)


_COLUMNS = ["year", "scope", "measure", "printed_rate", "nonconformity", "margin", "batches",
            "nonconforming_batches", "status", "source_id", "basis", "from_annual"]


def rate_grid(pkg: DataPackage, first_year: int, last_year: int, scopes: list[str]) -> pd.DataFrame:
    """One row per scope and year in range: the printed rate if any, else a derived one, else missing.

    Where several derivations exist for a cell, the one from an annual release is preferred over one from a
    partial-year release, and ``alternatives`` counts the others (shown in ``spread``, max - min)."""
    printed, derived = printed_rates(pkg), derived_rates(pkg)
    out = []
    for scope in scopes:
        for year in range(first_year, last_year + 1):
            p = printed[(printed.scope == scope) & (printed.year == year)]
            d = derived[(derived.scope == scope) & (derived.year == year)]
            if not p.empty:
                row = p.iloc[0].to_dict()
            elif not d.empty:
                d = d.assign(_partial=~d.from_annual.astype(bool)).sort_values(["_partial", "source_id"])
                row = d.iloc[0].drop("_partial").to_dict()
            else:
                row = {c: pd.NA for c in _COLUMNS} | {"year": year, "scope": scope, "status": MISSING}
            row["alternatives"] = int(len(d))
            row["spread"] = float(d.nonconformity.max() - d.nonconformity.min()) if len(d) > 1 else 0.0
            out.append(row)
    grid = pd.DataFrame(out)
    grid["year"] = grid["year"].astype(int)
    return grid


def coverage(grid: pd.DataFrame) -> dict[str, int]:
    """How many cells of the grid are printed, derived and missing."""
    counts = grid["status"].value_counts()
    return {s: int(counts.get(s, 0)) for s in STATUSES}


def coverage_table(grid: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """The grid's statuses as a category-by-year table, for display."""
    table = grid.pivot(index="scope", columns="year", values="status")
    table = table.reindex([s for s in names if s in table.index])
    table.index = [names[s] for s in table.index]
    table.columns = [str(c) for c in table.columns]
    return table


@dataclasses.dataclass(frozen=True)
class Consistency:
    scope: str
    year: int
    printed: float
    derived: float
    margin: float
    basis: str

    @property
    def agrees(self) -> bool:
        return abs(self.printed - self.derived) <= self.margin + 1e-9


def cross_checks(pkg: DataPackage) -> list[Consistency]:
    """Every cell that is both printed and implied by a later change: do the two agree within rounding?"""
    printed, derived = printed_rates(pkg), derived_rates(pkg)
    out = []
    for _, d in derived.iterrows():
        p = printed[(printed.scope == d.scope) & (printed.year == d.year)]
        for _, q in p.iterrows():
            out.append(Consistency(d.scope, int(d.year), float(q.nonconformity), float(d.nonconformity),
                                   round(float(d.margin + q.margin), 6), d.basis))
    return out


def available_years(pkg: DataPackage) -> tuple[int, int]:
    """The first and last year any spot-check row (annual or implied) speaks of."""
    t = pkg["spot_checks"]
    years = [int(y) for y in t["year"]] + [int(y) for y in t["change_vs"].dropna()]
    return min(years), max(years)
