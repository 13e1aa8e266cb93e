"""Hostile data: every kind of damage to a copy of data/ is refused through DataError, naming the file, the line
and the rule, and `make datapackage` records no hash for a package that fails validation.

Validation (Frictionless with the compendium's rules as checks, what `make datapackage` runs) refuses damaged
values; the loader refuses a file whose bytes are not the ones validated (its checksum), a missing file and a
broken descriptor. Each case damages a copy and says where the damage is; the expected line is found in the
damaged text, not taken from the validator.
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


def descriptor_json(edit):
    """Damage: change the descriptor's structure (no meaningful line)."""
    def damage(folder):
        path = folder / "datapackage.json"
        d = json.loads(path.read_text(encoding="utf-8"))
        edit(d)
        path.write_text(json.dumps(d), encoding="utf-8")
        return ANY
    return damage


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
AM, PV, DESC = "am_scenarios_printed.csv", "printed_values.csv", "datapackage.json"
TOTAL = "{value:complaints_2021_total} / (1 + {value:complaints_2021_total_growth} / 100)"

# (id, damage, file, rule): refused by validation, whatever the recorded hashes say.
INVALID = [
    # encoding and the file's shape
    ("gbk-bytes-in-csv", raw_bytes(SC, "抽查合格率,85.6", "抽查合格率,85.6".encode("gb18030")), SC, "encoding"),
    ("latin1-in-sources", raw_bytes(SRC, "国家质检总局", "国家质检总局".encode("utf-16-le")), SRC, "encoding"),
    ("byte-order-mark", raw_bytes(CL, "claim_id", b"\xef\xbb\xbfclaim_id"), CL, "encoding"),
    ("empty-file", file_level(whole_file(SC, b"")), SC, "source-error"),
    ("blank-file", whole_file(CV, b"\n\n"), CV, "header"),
    ("header-only-sources", header_only(SRC), SRC, "rows-present"),
    ("header-only-claims", header_only(CL), CL, "rows-present"),
    ("missing-column", header(SC, lambda h: h[:-1]), SC, "missing-label"),
    ("renamed-column", header(BD, lambda h: [("lvl" if c == "level" else c) for c in h]), BD, "incorrect-label"),
    ("columns-reordered", header(CV, lambda h: [h[1], h[0], *h[2:]]), CV, "incorrect-label"),
    ("extra-cell", replace(SC, "2014,annual,,national,,,24245", "2014,annual,,national,,,,24245"), SC, "extra-cell"),
    ("blank-line", insert_blank_line(SC, "2014,annual"), SC, "blank-row"),
    # types and the schema's constraints
    ("integer-with-decimals", replace(SC, "2016,annual,,national,,176,23152", "2016,annual,,national,,176,23152.5"), SC, "type-error"),
    ("rate-with-percent-sign", replace(SC, "不合格发现率,10.3,", "不合格发现率,10.3%,"), SC, "type-error"),
    ("rate-in-full-width-digits", replace(SC, "不合格发现率,10.3,", "不合格发现率,１０.3,"), SC, "number-format"),
    ("rate-nan", replace(SC, "不合格发现率,10.3,", "不合格发现率,nan,"), SC, "number-format"),
    ("year-as-text", replace(BD, "2017,annual,,region,east", "二〇一七,annual,,region,east"), BD, "type-error"),
    ("date-not-iso", replace(SRC, "secondary,china.com.cn (traditional-character gateway),2026-11-26",
                             "secondary,china.com.cn (traditional-character gateway),26/11/2026"), SRC, "type-error"),
    ("stated-value-as-text", replace(CL, "fact,exact,7.5e5,", "fact,exact,75万,"), CL, "type-error"),
    ("rate-above-100", replace(SC, "抽查合格率,85.6,-5.1", "抽查合格率,185.6,-5.1"), SC, "constraint-error"),
    ("required-empty", replace(SC, ",samr2018,\n", ",,\n"), SC, "constraint-error"),
    ("measure-not-allowed", replace(BD, "2018,annual,,enterprise_size,large,5.2,,,,,nonconformity_rate",
                                    "2018,annual,,enterprise_size,large,5.2,,,,,failure_rate"), BD, "constraint-error"),
    ("release-unknown", replace(SC, "2016,half_year,1,", "2016,quarter,1,"), SC, "constraint-error"),
    ("notebook-unknown", replace(CL, "3.2,1,02_raw_milk_cell_counts", "3.2,1,02_milk"), CL, "constraint-error"),
    # keys
    ("duplicate-key", append_copy_of(SC, "2017,annual,,category,electronics"), SC, "primary-key"),
    ("unknown-source", replace(SC, ",samr2018,\n", ",samr2099,\n"), SC, "foreign-key"),
    ("unknown-category", replace(SC, "category,food_related,", "category,food,"), SC, "foreign-key"),
    ("level-of-another-dimension", replace(BD, "2017,annual,,region,east", "2017,annual,,region,small"), BD, "foreign-key"),
    ("unknown-value-id", replace(CL, ",mici_rank_china,", ",mici_rank_cn,"), CL, "foreign-key"),
    # the compendium's rules
    ("counts-contradict-rate", replace(SC, "28771,,2952,nonconformity_rate", "28771,,3952,nonconformity_rate"), SC, "counts-match-rate"),
    ("national-with-category", replace(SC, "2016,annual,,national,,", "2016,annual,,national,electronics,"), SC, "scope-category"),
    ("annual-with-number", replace(SC, "2017,annual,,national,", "2017,annual,2,national,"), SC, "release-number"),
    ("change-without-base-year", replace(SC, "抽查合格率,91.5,-0.1,2016", "抽查合格率,91.5,-0.1,"), SC, "change-reference"),
    ("change-against-later-year", replace(SC, "抽查合格率,91.5,-0.1,2016", "抽查合格率,91.5,-0.1,2019"), SC, "change-reference"),
    ("change-base-not-held", replace(BD, "nonconformity_rate,23.5,,", "nonconformity_rate,23.5,1.8,2023"), BD, "change-base"),
    ("bound-without-operator", replace(CL, "fact,bound,50,,,<,", "fact,bound,50,,,,"), CL, "claim-fields"),
    ("target-with-check", replace(CL, "target,,2025,", "target,exact,2025,"), CL, "claim-kind"),
    ("unverified-without-where", replace(CL, '"Looked for the SME survey; not found. Sought again on 2026-12-01 (8 searches, '
                                                  'listed in verification/claim_searches.csv): not found.",', ","), CL, "claim-looked-for"),
    ("formula-names-no-value", replace(CL, TOTAL, TOTAL.replace("2021_total}", "2021_totl}")), CL, "formula"),
    ("formula-syntax-error", replace(CL, TOTAL, TOTAL[:-1]), CL, "formula"),
    ("formula-divides-by-zero", replace(CL, TOTAL, "{value:complaints_2021_total} / 0"), CL, "formula"),
    ("formula-of-a-text-value", replace(CL, TOTAL, TOTAL.replace("complaints_2021_total}", "steel_grading_publisher}")), CL, "formula"),
    ("value-and-text", replace(CV, "6,,areas,,nekopool_qif", "6,six,areas,,nekopool_qif"), CV, "value-or-text"),
    ("printed-form-of-no-value", replace(PV, "claims,S3-milk-us,stated_value", "claims,S3-milk-xx,stated_value"), PV, "printed-target"),
    ("printed-form-states-another-number", replace(PV, "于 7.5×10^5 个/mL", "于 7.6×10^5 个/mL"), PV, "printed-fragment"),
    ("printed-form-unreadable", replace(PV, "于 7.5×10^5 个/mL", "于 7.5×10^5 个/mL 与 8 个"), PV, "printed-fragment"),
    ("space-before-role-colon", replace(AM, "股份有限公司 服务提供商：", "股份有限公司 服务提供商 ："), AM, "role-label"),
    ("role-without-colon", replace(AM, "重庆摩方精密科技有限公司 应用单位：", "重庆摩方精密科技有限公司 应用单位 "), AM, "role-label"),
]

# (id, damage, file, rule): refused by the loader.
UNLOADABLE = [
    ("changed-without-checksum", file_level(replace(SC, "2018,annual,,national,,269", "2018,annual,,national,,270")), SC, "checksum"),
    ("windows-line-endings", _crlf, SC, "checksum"),
    ("hash-missing", descriptor_json(lambda d: d["resources"][2].pop("hash")), SC, "checksum-recorded"),
    ("file-deleted", remove(CV), CV, "file-present"),
    ("file-renamed", rename(BD, "breakdowns.csv"), BD, "file-present"),
    ("descriptor-missing", remove(DESC), None, "descriptor-present"),
    ("descriptor-not-utf8", descriptor(_latin1_descriptor), DESC, "encoding"),
    ("descriptor-truncated", descriptor(_truncate_json), DESC, "descriptor-json"),
    ("descriptor-without-resources", descriptor_json(lambda d: d.update(resources=[])), DESC, "descriptor-resources"),
    ("resource-without-schema", descriptor_json(lambda d: d["resources"][2].pop("schema")), DESC, "descriptor-resource"),
]


def _refused(call, folder, line, file, rule):
    with pytest.raises(data.DataError) as err:
        call(folder)
    e, text = err.value, str(err.value)
    assert e.rule == rule, text
    assert len(text) < 600 and "How to fix: " in text, text
    if file is not None:
        assert e.file == file and text.startswith(file) and f"rule '{rule}'" in text, text
    if line is not ANY:
        assert e.line == line and f"line {line}:" in text, text


@pytest.mark.parametrize("case,damage,file,rule", INVALID, ids=[c[0] for c in INVALID])
def test_invalid_data_is_refused_with_file_line_and_rule(data_copy, case, damage, file, rule):
    """Validated as `make datapackage` does, but only the damaged file and those it refers to (for speed)."""
    _refused(lambda folder: data.validate(folder, [file.removesuffix(".csv")]), data_copy, damage(data_copy), file, rule)


@pytest.mark.parametrize("case,damage,file,rule", UNLOADABLE, ids=[c[0] for c in UNLOADABLE])
def test_the_loader_refuses_what_was_not_validated(data_copy, case, damage, file, rule):
    _refused(data.load, data_copy, damage(data_copy), file, rule)


DATAPACKAGE_CASES = ["rate-above-100", "gbk-bytes-in-csv", "counts-contradict-rate", "formula-names-no-value"]


@pytest.mark.parametrize("case", DATAPACKAGE_CASES)
def test_datapackage_records_no_hash_for_a_damaged_package(data_copy, case):
    """`make datapackage` validates before it records any hash; the descriptor is left byte for byte as it was."""
    _, damage, file, rule = next(c for c in INVALID if c[0] == case)
    damage(data_copy)
    before = (data_copy / DESC).read_bytes()
    with pytest.raises(data.DataError) as err:
        data.update_hashes(data_copy)
    assert (err.value.file, err.value.rule) == (file, rule)
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
    """A sourced correction changes the value and its printed fragment; `make datapackage` records it, and the
    loader then reads the new value."""
    replace(SC, "抽查合格率,85.6,-5.1", "抽查合格率,85.7,-5.1")(data_copy)
    replace(PV, "daily_textile,rate,抽查合格率為85.6%", "daily_textile,rate,抽查合格率為85.7%")(data_copy)
    assert data.update_hashes(data_copy) == ["spot_checks", "printed_values"]
    t = data.load(data_copy)["spot_checks"]
    assert float(t[(t.year == 2017) & (t.category == "daily_textile")].rate.iloc[0]) == 85.7
