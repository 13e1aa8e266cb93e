"""The data package: valid as committed, and every kind of damage refused before a number reaches a notebook, with
one message naming the file, the line and the rule, in every table, whether or not the damaged file's hash was
recorded again. Each damage class is one test that damages every table in turn; each rule of compendium.rules,
including what the data's own labels say, has one mutation that must be refused, by every load."""
import hashlib
import json
import re
import subprocess
import sys

import pytest

from compendium import data
from tests.conftest import DATA, ROOT

DESCRIPTOR = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
TABLES = [r["name"] for r in DESCRIPTOR["resources"]]


def schema(name):
    return json.loads((DATA / "schemas" / f"{name}.json").read_text(encoding="utf-8"))


def rehash(folder, name):
    """Record the damaged file's size and sha256 (and its schema's), as a maintainer's edit would."""
    desc = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    for r in desc["resources"]:
        if r["name"] == name:
            raw = (folder / r["path"]).read_bytes()
            r["hash"], r["bytes"] = "sha256:" + hashlib.sha256(raw).hexdigest(), len(raw)
            r["schema_hash"] = "sha256:" + hashlib.sha256((folder / r["schema"]).read_bytes()).hexdigest()
    (folder / "datapackage.json").write_text(json.dumps(desc, ensure_ascii=False), encoding="utf-8")


def refused(folder, name, rules, line=True):
    """Loading ``folder`` stops with one DataError naming the damaged table's file, a line and one of ``rules``."""
    with pytest.raises(data.DataError) as caught:
        data.load(folder)
    err = caught.value
    assert err.file == f"{name}.csv" and err.rule in rules, (name, str(err))
    assert (err.line is not None) == line, (name, str(err))
    assert str(folder) in str(err), f"the fix names the folder read: {err}"
    return err


def damage_every_table(data_copy, damage, rules, line=True):
    """Every table damaged at once. Unrecorded, the first damaged table stops the load at its checksum; with the
    hashes recorded again, the load stops at the first damaged table, and the problems name each damaged table, a
    line and one of ``rules``."""
    damaged_tables = []
    for name in TABLES:
        path = data_copy / f"{name}.csv"
        damaged = damage(path.read_bytes().decode("utf-8"), schema(name))
        if damaged is not None:
            path.write_bytes(damaged if isinstance(damaged, bytes) else damaged.encode("utf-8"))
            damaged_tables.append(name)
    refused(data_copy, damaged_tables[0], {"checksum"}, line=False)
    for name in damaged_tables:
        rehash(data_copy, name)
    refused(data_copy, damaged_tables[0], rules, line)
    found = data.problems(data_copy)
    for name in damaged_tables:
        mine = [e for e in found if e.file == f"{name}.csv" and e.rule in rules]
        assert mine and all((e.line is not None) == line for e in mine), (name, [str(e) for e in found if e.file == f"{name}.csv"][:2])
    for name in [*damaged_tables, "datapackage"]:   # the copy as it was, for the next damage
        file = "datapackage.json" if name == "datapackage" else f"{name}.csv"
        (data_copy / file).write_bytes((DATA / file).read_bytes())
    return len(damaged_tables)


def _lines(text):
    return text.split("\n")


def _numeric(sch):
    return [k for k, f in enumerate(sch["fields"]) if f.get("type") in ("integer", "number")]


def test_the_committed_package_is_valid_and_every_table_is_described():
    assert data.problems(DATA) == []
    assert {p.name for p in DATA.glob("*.csv")} == {r["path"] for r in DESCRIPTOR["resources"]}
    assert {p.name for p in (DATA / "schemas").glob("*.json")} == {r["schema"].removeprefix("schemas/")
                                                                    for r in DESCRIPTOR["resources"]}


def test_non_ascii_digits(data_copy):
    """Python's int('２５６７２') and Frictionless accept full-width digits; the rule number-format refuses them."""
    def damage(text, sch):
        lines = _lines(text)
        for i, line in enumerate(lines[1:], 1):
            cells = next(__import__("csv").reader([line]))
            for k in _numeric(sch):
                if k < len(cells) and cells[k][:1].isdigit():
                    cells[k] = chr(ord(cells[k][0]) + 0xFEE0) + cells[k][1:]
                    lines[i] = ",".join(f'"{c}"' if "," in c or '"' in c else c for c in cells)
                    return "\n".join(lines)
        return None
    assert damage_every_table(data_copy, damage, {"number-format"}) >= 6


def test_an_extra_or_a_missing_column(data_copy):
    assert damage_every_table(data_copy, lambda text, sch: text.replace("\n", ",x\n", 2).replace(",x\n", "\n", 1),
                              {"extra-cell"}) == len(TABLES)
    def drop_last_cell(text, sch):
        lines = _lines(text)
        lines[1] = lines[1].rsplit(",", 1)[0]
        return "\n".join(lines)
    # a required last column left empty may be named first as a broken constraint of the same line
    assert damage_every_table(data_copy, drop_last_cell, {"missing-cell", "constraint-error"}) == len(TABLES)


def test_a_header_only_or_an_empty_file(data_copy):
    assert damage_every_table(data_copy, lambda text, sch: _lines(text)[0] + "\n", {"rows-present"}) == len(TABLES)
    for name in TABLES:   # an empty file names no line (it has none)
        (data_copy / f"{name}.csv").write_bytes(b"")
        rehash(data_copy, name)
    assert {e.file for e in data.problems(data_copy) if e.rule == "rows-present"} == {f"{n}.csv" for n in TABLES}


def test_bytes_that_are_not_utf8(data_copy):
    assert damage_every_table(data_copy, lambda text, sch: text.encode("utf-8").replace(b"\n", b"\xff\n", 2),
                              {"encoding"}) == len(TABLES)


def test_a_value_outside_its_range(data_copy):
    """A rate of 192.3 or -50 (the first field with a minimum or maximum, in every table that has one)."""
    def damage(text, sch):
        import csv
        ranged = [(k, f) for k, f in enumerate(sch["fields"]) if {"minimum", "maximum"} & set(f.get("constraints", {}))]
        if not ranged:
            return None
        k, f = ranged[0]
        bound = f["constraints"]
        bad = bound["maximum"] + 92.3 if "maximum" in bound else bound["minimum"] - 50
        rows = list(csv.reader(text.splitlines()))
        rows[1][k] = str(int(bad) if f["type"] == "integer" else bad)
        return "\n".join(",".join(f'"{c}"' if any(x in c for x in ',"\n') else c for c in r) for r in rows) + "\n"
    assert damage_every_table(data_copy, damage, {"constraint-error"}) >= 6


def test_a_duplicated_key(data_copy):
    def damage(text, sch):
        return text + _lines(text)[1] + "\n" if sch.get("primaryKey") else None
    assert damage_every_table(data_copy, damage, {"primary-key"}) == len(TABLES)


def test_columns_in_another_order(data_copy):
    """Header and cells swapped alike: read by position, every value of both columns would change silently."""
    def damage(text, sch):
        import csv
        rows = list(csv.reader(text.splitlines()))
        for r in rows:
            r[0], r[1] = r[1], r[0]
        return "\n".join(",".join(f'"{c}"' if any(x in c for x in ',"\n') else c for c in r) for r in rows) + "\n"
    assert damage_every_table(data_copy, damage, {"incorrect-label"}) == len(TABLES)


def test_no_path_or_link_leads_out_of_the_data_folder(data_copy, tmp_path):
    desc = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    desc["resources"][0]["path"] = "../../../etc/passwd"
    (data_copy / "datapackage.json").write_text(json.dumps(desc), encoding="utf-8")
    with pytest.raises(data.DataError, match="path-inside"):
        data.load(data_copy)
    (data_copy / "datapackage.json").write_bytes((DATA / "datapackage.json").read_bytes())
    (data_copy / "sources.csv").unlink()
    (data_copy / "sources.csv").symlink_to("/etc/passwd")
    with pytest.raises(data.DataError, match="path-inside"):
        data.load(data_copy)


def test_a_huge_file_is_refused_before_it_is_read(data_copy):
    """A 200 MB file in place of a table: its size differs from the recorded one, so nothing of it is parsed."""
    with open(data_copy / "spot_checks.csv", "r+b") as f:
        f.truncate(200 * 2**20)
    import time
    start = time.monotonic()
    refused(data_copy, "spot_checks", {"checksum"}, line=False)
    assert time.monotonic() - start < 5


def test_the_fix_given_for_a_copy_works_on_that_copy(data_copy):
    """A deliberate, valid change to a copy: the message says to run `python -m compendium.data <copy>`; run as
    given, it records the new hash and the copy loads with the new value. data/ itself is not touched."""
    path = data_copy / "spot_checks.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("category paragraph found.", "category paragraph we found."),
                    encoding="utf-8")
    err = refused(data_copy, "spot_checks", {"checksum"}, line=False)
    command = re.search(r"`(python -m compendium\.data [^`]+)`", str(err)).group(1).split()
    before = (DATA / "datapackage.json").read_bytes()
    subprocess.run([sys.executable, *command[1:]], check=True, capture_output=True)
    assert "The only 2014 category paragraph we found." in set(data.load(data_copy)["spot_checks"]["note"].dropna())
    assert (DATA / "datapackage.json").read_bytes() == before


def test_the_repository_fix_names_git_and_make(data_copy):
    err = str(data.DataError("x.csv", "checksum", "d", fix=data._fix(DATA, "x.csv")))
    assert "git checkout -- data/x.csv" in err and "make datapackage" in err


def test_recording_hashes_refuses_a_damaged_package_and_writes_nothing(data_copy):
    path = data_copy / "claims.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("S3-milk-us,3.2", "S3-milk-us,33.2", 1), encoding="utf-8")
    before = (data_copy / "datapackage.json").read_bytes()
    proc = subprocess.run([sys.executable, "-m", "compendium.data", str(data_copy)], capture_output=True, text=True)
    assert proc.returncode == 1 and "claims.csv, line 2" in proc.stderr and "Traceback" not in proc.stderr
    assert (data_copy / "datapackage.json").read_bytes() == before


def test_a_missing_or_broken_descriptor(tmp_path, data_copy):
    with pytest.raises(data.DataError, match="descriptor-present"):
        data.load(tmp_path)
    (data_copy / "datapackage.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(data.DataError, match="descriptor"):
        data.load(data_copy)


# One case per rule of compendium.rules: (rule, [(file in data/, text to replace, replacement), ...]). Where a
# schema would refuse the value first, the case edits the schema too, as a maintainer widening it would.
RULES = [
    ("counts-match-rate", [("spot_checks.csv", "2952,nonconformity_rate", "2052,nonconformity_rate")]),
    ("change-reference", [("spot_checks.csv", "3.4,2013,ce2014", "3.4,,ce2014")]),
    ("scope-category", [("spot_checks.csv", "2014,annual,,national,,", "2014,annual,,national,food_related,")]),
    ("release-number", [("spot_checks.csv", "2014,annual,,national", "2014,annual,3,national")]),
    ("change-base", [("spot_check_breakdowns.csv", "retail_store,,31.9,,8055,,nonconformity_rate,15.1,,,",
                      "retail_store,,31.9,,8055,,nonconformity_rate,15.1,1.0,2023,")]),
    ("claim-kind", [("claims.csv", ",fact,exact,7.5e5,", ",target,exact,7.5e5,")]),
    ("claim-fields", [("claims.csv", ",fact,exact,7.5e5,,,", ",fact,exact,7.5e5,1,2,")]),
    ("value-or-text", [("claim_values.csv", "(individual producer milk),750000,,", "(individual producer milk),750000,text,")]),
    ("printed-fragment", [("printed_values.csv", "于 7.5×10^5 个/mL", "于 8.5×10^5 个/mL")]),
    ("role-label", [("am_scenarios_printed.csv", "应用单位：深圳市信维通信", "应用单位 ：深圳市信维通信")]),
    # what the data's own labels say (issue 34)
    ("measure-label", [("spot_checks.csv", "24245,25672,,,pass_rate,抽查合格率", "24245,25672,,,nonconformity_rate,抽查合格率")]),
    ("measure-known", [("spot_checks.csv", "24245,25672,,,pass_rate,", "24245,25672,,,failure_rate,"),
                       ("schemas/spot_checks.json", '"nonconformity_rate"\n', '"nonconformity_rate", "failure_rate"\n')]),
    ("percent-range", [("spot_checks.csv", "pass_rate,抽查合格率,92.3,", "pass_rate,抽查合格率,923,"),
                       ("schemas/spot_checks.json", '"maximum": 100', '"maximum": 1000')]),
    ("counts-nest", [("spot_checks.csv", "24245,25672", "25673,25672")]),
    ("year-in-source", [("spot_checks.csv", "2014,annual,,category,food_related", "2099,annual,,category,food_related")]),
    ("change-agrees", [("spot_checks.csv", "91.5,-0.1,2016", "91.5,-1.1,2016")]),
    ("shares-add-up", [("spot_check_breakdowns.csv", "production,,63.8", "production,,93.8")]),
    ("precision-as-printed", [("spot_checks.csv", "抽查合格率,92.3,3.4,2013", "抽查合格率,92.30000,3.4,2013")]),
    ("hidden-character", [("categories.csv", "电子电器", "电子\u200b电器")]),
    ("looked-for-zh", [("claim_names.csv", "上限为 7.5×10^5 个/mL。,,", "上限为 7.5×10^5 个/mL。,查找过,")]),
]


@pytest.mark.parametrize("rule,edits", RULES, ids=[r[0] for r in RULES])
def test_each_rule_refuses_its_case_on_every_load(data_copy, rule, edits):
    for file, old, new in edits:
        path = data_copy / file
        text = path.read_text(encoding="utf-8")
        assert text.count(old) >= 1, f"the case no longer matches data/{file}: {old!r}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    for name in {f.removeprefix("schemas/").removesuffix(".csv").removesuffix(".json") for f, _, _ in edits}:
        rehash(data_copy, name)
    with pytest.raises(data.DataError) as caught:
        data.load(data_copy)                            # what a notebook runs, whichever tables it uses
    assert caught.value.rule == rule, str(caught.value)
    assert "Traceback" not in str(caught.value) and "\u200b" not in str(caught.value)


def test_a_schema_edited_after_validation_is_refused(data_copy):
    path = data_copy / "schemas" / "spot_checks.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"maximum": 100', '"maximum": 1000'), encoding="utf-8")
    with pytest.raises(data.DataError, match="schemas/spot_checks.json.*checksum"):
        data.load(data_copy)


def test_a_deleted_source_row_names_the_table_to_add_it_to(data_copy):
    path = data_copy / "sources.csv"
    path.write_text("\n".join(l for l in path.read_text(encoding="utf-8").split("\n") if not l.startswith("ce2014,")),
                    encoding="utf-8")
    rehash(data_copy, "sources")
    with pytest.raises(data.DataError) as caught:
        data.load(data_copy)
    assert caught.value.rule == "foreign-key" and "ce2014" in str(caught.value) and "add the missing row to sources.csv" in str(caught.value)


def test_a_missing_resource_or_two_resources_on_one_path(data_copy):
    desc = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    renamed = json.loads(json.dumps(desc))
    renamed["resources"][1]["name"] = "category_names"      # categories, which spot_checks refers to
    (data_copy / "datapackage.json").write_text(json.dumps(renamed), encoding="utf-8")
    with pytest.raises(data.DataError, match="refers to table 'categories'"):
        data.load(data_copy)
    shared = json.loads(json.dumps(desc))
    shared["resources"][1]["path"] = shared["resources"][0]["path"]
    (data_copy / "datapackage.json").write_text(json.dumps(shared), encoding="utf-8")
    with pytest.raises(data.DataError, match="two resources share the path 'sources.csv'"):
        data.load(data_copy)
    (data_copy / "datapackage.json").write_text(json.dumps(desc), encoding="utf-8")
    with pytest.raises(data.DataError, match="has no table 'spot_check'"):
        data.load(data_copy)["spot_check"]


def test_data_files_keep_their_bytes_on_every_checkout():
    """core.autocrlf would turn LF into CRLF on checkout and break every hash; .gitattributes forbids it."""
    assert "* -text" in (DATA / ".gitattributes").read_text() and "eol=lf" in (ROOT / ".gitattributes").read_text()


def test_every_load_reads_the_whole_package(pkg):
    assert set(pkg.tables) == {r["name"] for r in DESCRIPTOR["resources"]} and len(pkg.sha256) == 64
