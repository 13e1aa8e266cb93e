"""Make the blank forms for the independent second transcription (double data entry).

Each form lists, for every value cell that ``data/`` holds, only where to read it (the page's URL and
publisher) and what to fill (the release, the row, the field); never the value. A second person fills
``value`` and ``printed`` (the figure exactly as the page prints it, with its label word) from the page alone.
The filled forms live in ``verification/second_entry/`` apart from ``data/``; ``tests/test_second_entry.py``
compares them with ``data/``.

Run once, when the forms are made: ``python tools/make_second_entry_forms.py``.
"""
import csv
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[1]
OUT = ROOT / "verification" / "second_entry"

FIELDS = {
    "kinds": "number of product kinds (种) checked",
    "enterprises": "number of enterprises (家企业) checked",
    "batches": "number of batches (批次) checked",
    "nonconforming_enterprises": "number of non-conforming enterprises",
    "nonconforming_batches": "number of non-conforming batches (不合格批次)",
    "rate": "the rate printed for this row (pass rate 合格率, or non-conformity rate 不合格率/不合格发现率), in %",
    "change_pp": "printed change of that rate, in percentage points (negative if it fell)",
    "change_vs": "the year the change is measured against",
    "share_enterprises": "share of checked enterprises in this group, %",
    "share_batches": "share of checked batches in this group, %",
}
GROUPS = {
    "aqsiq": {"ce2014", "ce2015b4", "cbda2015", "solarzoom2015", "xinhua2016", "jsqa2017", "chinanews2017",
              "aij666_2017", "pv2017", "iqilu2017", "fx2016h1", "zlb2016b1"},
    "samr": {"samr2018", "fd2018", "redearth2020", "ddcjw2021", "chinanews2022", "samr2023", "bestao2024"},
}


def read(name):
    with open(ROOT / "data" / name, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def main():
    sources = {r["source_id"]: r for r in read("sources.csv")}
    cats = {r["code"]: r["name_zh"] for r in read("categories.csv")}
    forms = {g: [] for g in (*GROUPS, "claims", "article")}

    def group_of(source_id):
        return next((g for g, ids in GROUPS.items() if source_id in ids), "claims")

    def add(table, row_key, row_label, field, description, r):
        src = sources[r["source_id"]]
        g = group_of(r["source_id"])
        forms[g].append({"entry_id": f"{table}|{row_key}|{field}", "url": src["url"], "publisher": src["publisher"],
                         "release": r.get("period", ""), "row": row_label, "field": field,
                         "what_to_fill": description, "value": "", "printed": "", "note": ""})

    for r in read("spot_checks.csv"):
        label = "national total (全国)" if r["scope"] == "national" else f"category {cats[r['category']]}"
        key = f"{r['period']}|{r['scope']}|{r['category']}"
        for field in ("kinds", "enterprises", "batches", "nonconforming_enterprises", "nonconforming_batches",
                      "rate", "change_pp", "change_vs"):
            if r[field].strip():
                add("spot_checks", key, label, field, FIELDS[field], r)
    for r in read("spot_check_breakdowns.csv"):
        label = f"{r['dimension']} = {r['level']}"
        key = f"{r['period']}|{r['dimension']}|{r['level']}"
        for field in ("share_enterprises", "share_batches", "enterprises", "batches", "nonconforming_batches",
                      "rate", "change_pp", "change_vs"):
            if r[field].strip():
                add("spot_check_breakdowns", key, label, field, FIELDS[field], r)
    for r in read("claim_values.csv"):
        if r["source_id"] in ("article",):
            continue
        add("claim_values", r["value_id"], r["quantity"], "value", f"{r['quantity']} (unit: {r['unit'] or 'text'})",
            r | {"period": ""})
    for r in read("claims.csv"):
        # the article's own numbers, read from our pages (the seed); the form names the quantity, not the sentence
        forms["article"].append({"entry_id": f"claims|{r['claim_id']}|stated_value", "url": "shared/seed/000_c154c588ef6bfbdd.txt",
                                 "publisher": "张豪 et al., 中国工程科学 2022", "release": f"section {r['section']}",
                                 "row": r["quantity"], "field": "stated_value",
                                 "what_to_fill": f"the value the article states for: {r['quantity']} (unit: {r['unit'] or 'text'}; "
                                                 "write a span such as 'the 1980s' as printed)",
                                 "value": "", "printed": "", "note": ""})
    OUT.mkdir(parents=True, exist_ok=True)
    cols = ["entry_id", "url", "publisher", "release", "row", "field", "what_to_fill", "value", "printed", "note"]
    for g, rows in forms.items():
        with open(OUT / f"blank_{g}.csv", "w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, cols, lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
        print(g, len(rows))


if __name__ == "__main__":
    main()
