"""Hostile data: every kind of damage to a copy of data/ is refused through DataError, naming the file, the line
and the rule, and `make datapackage` records no hash for a package that fails validation.

Families: encoding, empty file, header, types, constraints (schema and the compendium's own rules), keys,
checksum, missing or renamed file, descriptor broken. Each case damages a copy and says where the damage is;
the expected line is found in the damaged text, not taken from the loader.
"""
import json
import os
import subprocess
import sys

import pytest

from compendium.analysis import data

ANY = object()  # the line is not meaningful for this damage (a whole file, the descriptor's structure)


def _text(folder, name):
    return (folder / name).read_text(encoding="utf-8")


def _write(folder, name, text):
    (folder / name).write_text(text, encoding="utf-8", newline="")


def replace(name, old, new):
    """Damage: replace the first `old` by `new` in `name`; the damaged line is where `new` now is."""
    def damage(folder):
        text = _text(folder, name)
        assert old in text, old
        _write(folder, name, text.replace(old, new, 1))
        return text[:text.index(old)].count("\n") + 1
    return damage


def file_level(damage):
    """The same damage, judged for the whole file (a checksum has no line)."""
    def whole(folder):
        damage(folder)
        return ANY
    return whole


def raw_bytes(name, old, new: bytes):
    def damage(folder):
        blob = (folder / name).read_bytes()
        k = blob.index(old.encode("utf-8"))
        (folder / name).write_bytes(blob[:k] + new + blob[k + len(old.encode("utf-8")):])
        return blob[:k].count(b"\n") + 1
    return damage


def whole_file(name, content: bytes):
    def damage(folder):
        (folder / name).write_bytes(content)
        return 1
    return damage


def header_only(name):
    def damage(folder):
        _write(folder, name, _text(folder, name).split("\n")[0] + "\n")
        return 2
    return damage


def header(name, edit):
    def damage(folder):
        lines = _text(folder, name).split("\n")
        lines[0] = ",".join(edit(lines[0].split(",")))
        _write(folder, name, "\n".join(lines))
        return 1
    return damage


def append_copy_of(name, prefix):
    def damage(folder):
        lines = _text(folder, name).rstrip("\n").split("\n")
        lines.append(next(line for line in lines if line.startswith(prefix)))
        _write(folder, name, "\n".join(lines) + "\n")
        return len(lines)
    return damage


def insert_blank_line(name, after_prefix):
    def damage(folder):
        lines = _text(folder, name).split("\n")
        k = next(i for i, line in enumerate(lines) if line.startswith(after_prefix))
        lines.insert(k + 1, "")
        _write(folder, name, "\n".join(lines))
        return k + 2
    return damage


def remove(name):
    def damage(folder):
        (folder / name).unlink()
        return ANY
    return damage


def rename(name, new):
    def damage(folder):
        (folder / name).rename(folder / new)
        return ANY
    return damage


def descriptor(edit):
    def damage(folder):
        path = folder / "datapackage.json"
        return edit(path)
    return damage


def _drop_resources(path):
    d = json.loads(path.read_text(encoding="utf-8"))
    d["resources"] = []
    path.write_text(json.dumps(d), encoding="utf-8")
    return ANY


def _drop_schema(path):
    d = json.loads(path.read_text(encoding="utf-8"))
    del d["resources"][2]["schema"]
    path.write_text(json.dumps(d), encoding="utf-8")
    return ANY


def _drop_hash(path):
    d = json.loads(path.read_text(encoding="utf-8"))
    del d["resources"][2]["hash"]
    path.write_text(json.dumps(d), encoding="utf-8")
    return ANY


def _unsupported_constraint(path):
    d = json.loads(path.read_text(encoding="utf-8"))
    d["resources"][0]["schema"]["fields"][0]["constraints"]["unique"] = True
    path.write_text(json.dumps(d), encoding="utf-8")
    return ANY


def _truncate_json(path):
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    return text[: len(text) // 2].count("\n") + 1


def _crlf(folder):
    path = folder / "spot_checks.csv"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    return ANY


def _latin1_descriptor(path):
    path.write_bytes(path.read_bytes().replace("中国".encode("utf-8"), "中国".encode("gb18030"), 1))
    return ANY


SC, BD, CL, CV, SRC = "spot_checks.csv", "spot_check_breakdowns.csv", "claims.csv", "claim_values.csv", "sources.csv"
DESC = "datapackage.json"

# (id, family, damage, rehash, file, rule); rehash: record the new hashes first (deliberate edits that break a rule),
# so the schema or rule is what refuses them, not the checksum.
CASES = [
    ("gbk-bytes-in-csv", "encoding", raw_bytes(SC, "抽查合格率,85.6", "抽查合格率,85.6".encode("gb18030")), True, SC, "encoding"),
    ("latin1-in-sources", "encoding", raw_bytes(SRC, "国家质检总局", "国家质检总局".encode("utf-16-le")), True, SRC, "encoding"),
    ("byte-order-mark", "encoding", raw_bytes(CL, "claim_id", b"\xef\xbb\xbfclaim_id"), True, CL, "encoding"),
    ("descriptor-not-utf8", "encoding", descriptor(_latin1_descriptor), False, DESC, "encoding"),
    ("empty-file", "empty file", whole_file(SC, b""), True, SC, "header"),
    ("blank-file", "empty file", whole_file(CV, b"\n\n"), True, CV, "header"),
    ("header-only-sources", "empty file", header_only(SRC), True, SRC, "rows-present"),
    ("header-only-claims", "empty file", header_only(CL), True, CL, "rows-present"),
    ("missing-column", "header", header(SC, lambda h: h[:-1]), True, SC, "header"),
    ("renamed-column", "header", header(BD, lambda h: [("lvl" if c == "level" else c) for c in h]), True, BD, "header"),
    ("columns-reordered", "header", header(CV, lambda h: [h[1], h[0], *h[2:]]), True, CV, "header"),
    ("integer-with-decimals", "types", replace(SC, "2016,annual,,national,,176,23152", "2016,annual,,national,,176,23152.5"), True, SC, "type-error"),
    ("rate-with-percent-sign", "types", replace(SC, "不合格发现率,10.3,", "不合格发现率,10.3%,"), True, SC, "type-error"),
    ("year-as-text", "types", replace(BD, "2017,annual,,region,east", "二〇一七,annual,,region,east"), True, BD, "type-error"),
    ("date-not-iso", "types", replace(SRC, "secondary,china.com.cn (traditional-character gateway),2026-11-26",
                                      "secondary,china.com.cn (traditional-character gateway),26/11/2026"), True, SRC, "type-error"),
    ("stated-value-as-text", "types", replace(CL, "fact,exact,7.5e5,", "fact,exact,75万,"), True, CL, "type-error"),
    ("rate-above-100", "constraints", replace(SC, "抽查合格率,85.6,-5.1", "抽查合格率,185.6,-5.1"), True, SC, "constraint-error"),
    ("required-empty", "constraints", replace(SC, ",samr2018,\n", ",,\n"), True, SC, "constraint-error"),
    ("measure-not-allowed", "constraints", replace(BD, "2018,annual,,enterprise_size,large,5.2,,,,,nonconformity_rate",
                                                   "2018,annual,,enterprise_size,large,5.2,,,,,failure_rate"), True, BD, "constraint-error"),
    ("release-unknown", "constraints", replace(SC, "2016,half_year,1,", "2016,quarter,1,"), True, SC, "constraint-error"),
    ("notebook-unknown", "constraints", replace(CL, "3.2,1,02_raw_milk_cell_counts", "3.2,1,02_milk"), True, CL, "constraint-error"),
    ("extra-cell", "constraints", replace(SC, "2014,annual,,national,,,24245", "2014,annual,,national,,,,24245"), True, SC, "row-width"),
    ("blank-line", "constraints", insert_blank_line(SC, "2014,annual"), True, SC, "blank-row"),
    ("counts-contradict-rate", "constraints", replace(SC, "28771,,2952,nonconformity_rate", "28771,,3952,nonconformity_rate"), True, SC, "counts-match-rate"),
    ("national-with-category", "constraints", replace(SC, "2016,annual,,national,,", "2016,annual,,national,electronics,"), True, SC, "scope-category"),
    ("annual-with-number", "constraints", replace(SC, "2017,annual,,national,", "2017,annual,2,national,"), True, SC, "release-number"),
    ("change-without-base-year", "constraints", replace(SC, "抽查合格率,91.5,-0.1,2016", "抽查合格率,91.5,-0.1,"), True, SC, "change-reference"),
    ("change-against-later-year", "constraints", replace(SC, "抽查合格率,91.5,-0.1,2016", "抽查合格率,91.5,-0.1,2019"), True, SC, "change-reference"),
    ("change-base-not-held", "constraints", replace(BD, "nonconformity_rate,23.5,,", "nonconformity_rate,23.5,1.8,2023"), True, BD, "change-base"),
    ("bound-without-operator", "constraints", replace(CL, "fact,bound,50,,,<,", "fact,bound,50,,,,"), True, CL, "claim-fields"),
    ("target-with-check", "constraints", replace(CL, "target,,2025,", "target,exact,2025,"), True, CL, "claim-kind"),
    ("unverified-without-where", "constraints", replace(CL, '"Looked for the SME survey; not found. Sought again on 2026-12-01 (8 searches, listed in verification/claim_searches.csv): not found.",', ","), True, CL, "claim-looked-for"),
    ("printed-form-of-no-value", "constraints", replace("printed_values.csv", "claims,S3-milk-us,stated_value", "claims,S3-milk-xx,stated_value"), True, "printed_values.csv", "printed-target"),
    ("value-and-text", "constraints", replace(CV, "6,,areas,,nekopool_qif", "6,six,areas,,nekopool_qif"), True, CV, "value-or-text"),
    ("duplicate-key", "keys", append_copy_of(SC, "2017,annual,,category,electronics"), True, SC, "primary-key"),
    ("unknown-source", "keys", replace(SC, ",samr2018,\n", ",samr2099,\n"), True, SC, "foreign-key"),
    ("unknown-category", "keys", replace(SC, "category,food_related,", "category,food,"), True, SC, "foreign-key"),
    ("level-of-another-dimension", "keys", replace(BD, "2017,annual,,region,east", "2017,annual,,region,small"), True, BD, "foreign-key"),
    ("unknown-value-id", "keys", replace(CL, ",mici_rank_china,", ",mici_rank_cn,"), True, CL, "foreign-key"),
    ("changed-without-checksum", "checksum", file_level(replace(SC, "2018,annual,,national,,269", "2018,annual,,national,,270")), False, SC, "checksum"),
    ("windows-line-endings", "checksum", _crlf, False, SC, "checksum"),
    ("hash-missing", "checksum", descriptor(_drop_hash), False, SC, "checksum-recorded"),
    ("file-deleted", "missing or renamed file", remove(CV), False, CV, "file-present"),
    ("file-renamed", "missing or renamed file", rename(BD, "breakdowns.csv"), False, BD, "file-present"),
    ("descriptor-missing", "descriptor broken", remove(DESC), False, None, "descriptor-present"),
    ("descriptor-truncated", "descriptor broken", descriptor(_truncate_json), False, DESC, "descriptor-json"),
    ("descriptor-without-resources", "descriptor broken", descriptor(_drop_resources), False, DESC, "descriptor-resources"),
    ("resource-without-schema", "descriptor broken", descriptor(_drop_schema), False, DESC, "descriptor-resource"),
    ("constraint-the-loader-does-not-check", "descriptor broken", descriptor(_unsupported_constraint), True, DESC, "descriptor-unsupported"),
]
FAMILIES = {"encoding", "empty file", "header", "types", "constraints", "keys", "checksum", "missing or renamed file",
            "descriptor broken"}


def test_every_family_has_cases():
    assert {c[1] for c in CASES} == FAMILIES


@pytest.mark.parametrize("case,family,damage,rehash,file,rule", CASES, ids=[c[0] for c in CASES])
def test_damage_is_refused_with_file_line_and_rule(data_copy, case, family, damage, rehash, file, rule):
    line = damage(data_copy)
    if rehash:
        _record_hashes_without_validation(data_copy)
    with pytest.raises(data.DataError) as err:
        data.load(data_copy)
    e = err.value
    assert e.rule == rule, str(e)
    if file is not None:
        assert e.file == file, str(e)
        assert file in str(e) and f"rule '{rule}'" in str(e)
    if line is not ANY:
        assert e.line == line, str(e)


def _record_hashes_without_validation(folder):
    d = json.loads((folder / DESC).read_text(encoding="utf-8"))
    for res in d["resources"]:
        if (folder / res["path"]).is_file():
            res["hash"] = "sha256:" + data.sha256(folder / res["path"])
    (folder / DESC).write_text(json.dumps(d, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


FRICTIONLESS_AGREES = ["integer-with-decimals", "rate-above-100", "duplicate-key", "level-of-another-dimension"]


@pytest.mark.parametrize("case", FRICTIONLESS_AGREES)
def test_frictionless_finds_the_same_damage(data_copy, case):
    """Our pandas check of the descriptor's rules and the Frictionless library refuse the same damage."""
    _, _, damage, _, file, rule = next(c for c in CASES if c[0] == case)
    damage(data_copy)
    errors = list(data.validate_with_frictionless(data_copy, check_hashes=False))
    assert any(e.file == file and e.rule == rule for e in errors), [(e.file, e.rule) for e in errors][:5]


DATAPACKAGE_CASES = ["rate-above-100", "gbk-bytes-in-csv", "counts-contradict-rate", "file-renamed"]


@pytest.mark.parametrize("case", DATAPACKAGE_CASES)
def test_datapackage_records_no_hash_for_a_damaged_package(data_copy, case):
    """`make datapackage` validates (Frictionless and our rules) before it records any hash; a renamed file is a
    DataError, not a crash; the descriptor is left byte for byte as it was."""
    _, _, damage, _, file, rule = next(c for c in CASES if c[0] == case)
    damage(data_copy)
    before = (data_copy / DESC).read_bytes()
    with pytest.raises(data.DataError) as err:
        data.update_hashes(data_copy)
    assert err.value.file == file
    assert (data_copy / DESC).read_bytes() == before


def test_datapackage_command_reports_and_exits_non_zero(tmp_path):
    """The command line (what `make datapackage` runs): exit 1, the file and rule in the message, no traceback."""
    import shutil

    from tests.conftest import DATA

    shutil.copytree(DATA, tmp_path / "data")
    replace(SC, "抽查合格率,85.6,-5.1", "抽查合格率,185.6,-5.1")(tmp_path / "data")
    before = (tmp_path / "data" / DESC).read_bytes()
    proc = subprocess.run([sys.executable, "-m", "compendium", "datapackage"], capture_output=True, text=True,
                          env={**os.environ, "COMPENDIUM_ROOT": str(tmp_path)}, cwd=tmp_path, timeout=120)
    assert proc.returncode == 1
    assert "spot_checks.csv, line" in proc.stderr and "constraint-error" in proc.stderr and "Traceback" not in proc.stderr
    assert (tmp_path / "data" / DESC).read_bytes() == before


def test_datapackage_records_a_valid_edit(data_copy):
    replace(SC, "抽查合格率,85.6,-5.1", "抽查合格率,85.7,-5.1")(data_copy)
    assert data.update_hashes(data_copy) == ["spot_checks"]
    data.load(data_copy)


def test_data_dir_untouched_by_tests():
    from tests.conftest import DATA

    desc = json.loads((DATA / DESC).read_text(encoding="utf-8"))
    for res in desc["resources"]:
        assert res["hash"] == "sha256:" + data.sha256(DATA / res["path"])
