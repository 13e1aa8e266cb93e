"""A damaged copy of data/ is refused with the file, the line and the rule."""
import json

import pytest

from compendium import data


def _rewrite(folder, name, old, new, rehash=True):
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    if rehash:
        data.update_hashes(folder)


def frictionless_refuses(folder, rule):
    """The Frictionless library itself finds the same damage (our loader checks the schema faster, in pandas)."""
    return rule in {e.rule for e in data.validate_with_frictionless(folder)}


def test_type_error(data_copy):
    _rewrite(data_copy, "spot_checks.csv", "2017,national,,164,19124", "2017,national,,164,19124.5")
    with pytest.raises(data.DataError) as err:
        data.load(data_copy)
    assert err.value.rule == "type-error" and "19124.5" in str(err.value)
    assert frictionless_refuses(data_copy, "type-error")


def test_changed_without_checksum(data_copy):
    _rewrite(data_copy, "spot_checks.csv", "2018,national,,269", "2018,national,,270", rehash=False)
    with pytest.raises(data.DataError) as err:
        data.load(data_copy)
    assert err.value.rule == "checksum" and err.value.file == "spot_checks.csv"
    assert frictionless_refuses(data_copy, "hash-count")


def test_missing_column(data_copy):
    path = data_copy / "spot_checks.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(",".join(l.split(",")[:-1]) for l in lines[:1]) + "\n" + "\n".join(lines[1:]) + "\n")
    data.update_hashes(data_copy)
    with pytest.raises(data.DataError) as err:
        data.load(data_copy)
    assert err.value.rule == "columns" and err.value.line == 1 and "note" in str(err.value)


def test_rate_above_100(data_copy):
    _rewrite(data_copy, "spot_checks.csv", "抽查合格率,85.6,-5.1", "抽查合格率,185.6,-5.1")
    with pytest.raises(data.DataError) as err:
        data.load(data_copy)
    damaged_line = next(n for n, l in enumerate((data_copy / "spot_checks.csv").read_text().splitlines(), 1) if "185.6" in l)
    assert err.value.rule == "constraint-error" and err.value.file == "spot_checks.csv" and err.value.line == damaged_line
    assert frictionless_refuses(data_copy, "constraint-error")


def test_counts_contradict_rate(data_copy):
    _rewrite(data_copy, "spot_checks.csv", "28771,,2952,nonconformity_rate,不合格发现率,10.3", "28771,,3952,nonconformity_rate,不合格发现率,10.3")
    with pytest.raises(data.DataError) as err:
        data.load(data_copy)
    assert err.value.rule == "counts-match-rate" and "3952 of 28771" in str(err.value)


def test_duplicate_year_and_category(data_copy):
    path = data_copy / "spot_checks.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    dup = next(l for l in lines if l.startswith("2017,category,electronics"))
    path.write_text("\n".join(lines + [dup]) + "\n", encoding="utf-8")
    data.update_hashes(data_copy)
    with pytest.raises(data.DataError) as err:
        data.load(data_copy)
    assert err.value.rule == "primary-key" and err.value.line == len(lines) + 1
    assert frictionless_refuses(data_copy, "primary-key")


def test_unknown_source_id(data_copy):
    _rewrite(data_copy, "spot_checks.csv", ",samr2018,\n", ",samr2099,\n")
    with pytest.raises(data.DataError) as err:
        data.load(data_copy)
    assert err.value.rule == "foreign-key" and err.value.file == "spot_checks.csv"
    assert frictionless_refuses(data_copy, "foreign-key")


def test_descriptor_missing(tmp_path):
    with pytest.raises(data.DataError) as err:
        data.load(tmp_path)
    assert err.value.rule == "descriptor-present"


def test_data_dir_untouched_by_tests():
    from tests.conftest import DATA

    desc = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    for res in desc["resources"]:
        assert res["hash"] == "sha256:" + data.sha256(DATA / res["path"])
