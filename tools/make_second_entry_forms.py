"""Make the blank forms for an independent second transcription (double data entry) of every value in data/.

Each form lists, for every value cell that ``data/`` holds, only where to read it (the page's URL and publisher)
and what to fill (the release, the row, the field); never the value. A second person fills ``value`` and
``printed`` (the figure exactly as the page prints it, with its label word) from the page alone. The filled forms
live in ``verification/second_entry/`` apart from ``data/``; ``tests/test_second_entry.py`` compares them with
``data/``.

``entry_id`` is ``<table>|<row key>|<field>``, the row key being the row's primary key (datapackage.json) joined
by ``|``. The forms committed in verification/second_entry/ were made before the data model split ``period`` into
``year``, ``release`` and ``release_no``: their row keys are ``period|scope|category`` and
``period|dimension|level`` (``2015-batch4``), which tests/test_second_entry.py maps to the current keys.

Usage: ``python tools/make_second_entry_forms.py OUTDIR`` (writes OUTDIR/blank_{aqsiq,samr,claims,article}.csv).
"""
import csv
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]

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
STATED = {"stated_value": "the value the article states", "stated_low": "the first year of the span the article states",
          "stated_high": "the last year of the span the article states"}
PUBLISHER_GROUP = {"国家质检总局": "aqsiq", "市场监管总局": "samr"}
RELEASE_EN = {"annual": "annual results", "batch": "batch", "half_year": "half-year"}


def read(name):
    with open(ROOT / "data" / name, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def primary_keys():
    desc = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    return {r["name"]: r["schema"]["primaryKey"] for r in desc["resources"]}


def main(out: pathlib.Path):
    keys = primary_keys()
    sources = {r["source_id"]: r for r in read("sources.csv")}
    cats = {r["code"]: r["name_zh"] for r in read("categories.csv")}
    forms = {g: [] for g in ("aqsiq", "samr", "claims", "article")}

    def add(group, table, r, row_label, field, description, url, publisher, release=""):
        row_key = "|".join(r[k] for k in keys[table])
        forms[group].append({"entry_id": f"{table}|{row_key}|{field}", "url": url, "publisher": publisher,
                             "release": release, "row": row_label, "field": field, "what_to_fill": description,
                             "value": "", "printed": "", "note": ""})

    def release(r):
        kind = RELEASE_EN[r["release"]]
        return f"{r['year']} {kind}" + (f" {r['release_no']}" if r["release_no"] else "")

    for table, fields, label in (
            ("spot_checks", ("kinds", "enterprises", "batches", "nonconforming_enterprises", "nonconforming_batches",
                             "rate", "change_pp", "change_vs"),
             lambda r: "national total (全国)" if r["scope"] == "national" else f"category {cats[r['category']]}"),
            ("spot_check_breakdowns", ("share_enterprises", "share_batches", "enterprises", "batches",
                                       "nonconforming_batches", "rate", "change_pp", "change_vs"),
             lambda r: f"{r['dimension']} = {r['level']}")):
        for r in read(f"{table}.csv"):
            src = sources[r["source_id"]]
            group = PUBLISHER_GROUP.get(src["publisher"], "claims")
            for field in fields:
                if r[field].strip():
                    add(group, table, r, label(r), field, FIELDS[field], src["url"], src["publisher"], release(r))
    for r in read("claim_values.csv"):
        src = sources[r["source_id"]]
        field = "value" if r["value"] else "value_text"
        add("claims", "claim_values", r, r["quantity"], field, f"{r['quantity']} (unit: {r['unit'] or 'text'})",
            src["url"], src["publisher"])
    for r in read("claims.csv"):
        # the article's own numbers, read from our pages (the seed); the form names the quantity, not the sentence
        for field in ("stated_value", "stated_low", "stated_high"):
            if r[field]:
                add("article", "claims", r, r["quantity"], field,
                    f"{STATED[field]} for: {r['quantity']} (unit: {r['unit'] or 'text'}; write a span such as "
                    "'the 1980s' as printed)", "shared/seed/000_c154c588ef6bfbdd.txt", "张豪 et al., 中国工程科学 2022",
                    f"section {r['section']}, paragraph {r['paragraph']}")
    out.mkdir(parents=True, exist_ok=True)
    cols = ["entry_id", "url", "publisher", "release", "row", "field", "what_to_fill", "value", "printed", "note"]
    for g, rows in forms.items():
        with open(out / f"blank_{g}.csv", "w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, cols, lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
        print(g, len(rows))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python tools/make_second_entry_forms.py OUTDIR (the committed forms are in verification/second_entry/)")
    main(pathlib.Path(sys.argv[1]))
