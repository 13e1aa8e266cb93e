"""Every relation a generated sentence of notebooks 02-05 states ("lies inside", "overlaps", "higher than",
"after", "6 of the 7 agree") is computed from the numbers the sentence shows, and the sentence uses the word for
it (issue 20: notebook 03 once said the article's 1,390,000 lay "inside" a range it lies below).

Three layers: the committed results files (each record recomputed, its word checked in its sentence); the
relations derived again here from the ledger, independently of the notebooks' modules (so a module that feeds a
relation the wrong numbers, such as a rounding interval in place of the point value, is caught); and a fresh
run of each notebook's conclusion in English and in Chinese.
"""
from __future__ import annotations

import json
import math
import string

import pandas as pd
import pytest

from compendium.analysis import claims, complaints, international, milk, relations, surveys
from compendium.presentation import text
from tests.conftest import ROOT

RESULTS = sorted((ROOT / "results").glob("0[2-5]_*.json"))
KEYS = {"position": ("inside", "below", "above"), "overlap": ("overlaps", "apart"), "compare": ("higher", "lower", "equal"),
        "share": ("all", "some", "none"), "direction": ("rose", "fell", "same")}


def _literals(template: str) -> list[str]:
    return [lit.strip() for lit, *_ in string.Formatter().parse(template) if lit.strip()]


def check_sentence(record: dict, lang: str) -> None:
    """The record's key is what its values give; its word is the text for that key, and its sentence holds that
    word and not the word for any other key of the same relation."""
    assert relations.recompute(record) == record["key"], record
    parts = record["word"].split(".")
    if parts[-1] in ("one", "other"):
        parts.pop()
    family, key = ".".join(parts[:-1]), parts[-1]
    assert key == record["key"], f"{record['id']}: the sentence's word is for '{key}', the values give '{record['key']}'"
    table, sentence = text.table(), record["sentence"]
    missing = [lit for lit in _literals(table[record["word"]][lang]) if lit not in sentence]
    assert not missing, f"{record['id']}: {missing} not in: {sentence}"
    for other in KEYS[record["kind"]]:
        for variant in (f"{family}.{other}", f"{family}.{other}.one", f"{family}.{other}.other"):
            if other != key and variant in table:
                literals = _literals(table[variant][lang])
                assert not all(lit in sentence for lit in literals), \
                    f"{record['id']}: the sentence says '{other}' where the values give '{key}': {sentence}"


def expected(pkg) -> dict[str, dict]:
    """Each relation the notebooks should state, derived here from the ledger: id -> {kind, values}."""
    out = {}
    ledger = claims.verdicts(pkg).set_index("claim_id")

    def printed(x, margin):   # a value at the article's printed precision
        return round(float(x), max(0, round(-math.log10(2 * margin))))

    def limit(claim_id):      # the value read in a source, else the article's
        r = ledger.loc[claim_id]
        return float(r["stated_value"] if pd.isna(r["source_value"]) else r["source_value"])

    limit = {rule: limit(c) for rule, c in milk.LIMIT_CLAIMS.items() if ledger.loc[c, "check"] != "qualitative"}
    for a, b in milk.PAIRS:
        out[f"{a}-vs-{b}"] = {"kind": "compare", "values": {"a": limit[a], "b": limit[b], "decimals": 0}}
    for cid, r in ledger[ledger["check"] == "derived"].iterrows():
        m, s = float(r["stated_margin"]), float(r["stated_value"])
        low, high = printed(r["source_low"], m), printed(r["source_high"], m)
        out[f"{cid}:point"] = {"kind": "position", "values": {"value": s, "low": low, "high": high}}
        out[f"{cid}:rounding"] = {"kind": "overlap", "values": {"low_a": s - m, "high_a": s + m, "low_b": low, "high_b": high}}
    facts = ledger[ledger["notebook"] == surveys.NAME]
    facts = facts[facts["kind"] == "fact"]
    out["sourced"] = {"kind": "share", "values": {"k": int(facts["verdict"].isin(["agrees", "differs"]).sum()),
                                                  "n": len(facts)}}
    dated = ledger[(ledger["notebook"] == international.NAME) & (ledger["unit"] == "year") & (ledger["kind"] == "fact")]
    dated = dated[dated["source_value"].notna()]
    for cid, r in dated.iterrows():
        year = float(r["source_value"])
        if r["check"] == "range":
            out[cid] = {"kind": "position", "values": {"value": year, "low": float(r["stated_low"]), "high": float(r["stated_high"])}}
        else:
            out[cid] = {"kind": "compare", "values": {"a": year, "b": float(r["stated_value"]), "decimals": 0}}
    out["dates-agree"] = {"kind": "share", "values": {"k": int((dated["verdict"] == "agrees").sum()), "n": len(dated)}}
    return out


def fresh(pkg, name: str, lang: str) -> relations.Sentences:
    """A notebook's conclusion computed again, as its cells compute it."""
    checked = claims.verdicts(pkg, notebook=name)
    if name == milk.NAME:
        return milk.conclusion(checked, milk.limits(checked), pkg, lang)
    if name == complaints.NAME:
        return complaints.conclusion(checked, complaints.recomputed(checked), pkg, lang)
    if name == surveys.NAME:
        return surveys.conclusion(checked, pkg, lang)
    return international.conclusion(checked, international.dates(checked), pkg, lang)


def _same_values(record: dict, want: dict) -> None:
    assert record["kind"] == want["kind"], record["id"]
    for k, v in want["values"].items():
        assert record["values"][k] == pytest.approx(v, abs=1e-6), f"{record['id']}: {k} is {record['values'][k]}, the ledger gives {v}"


def test_committed_results_state_each_relation_with_its_word(pkg):
    records = [r for path in RESULTS for r in json.loads(path.read_text(encoding="utf-8"))["relations"]]
    want = expected(pkg)
    assert sorted(r["id"] for r in records) == sorted(want), "a relation is missing from, or extra in, the results"
    for record in records:
        check_sentence(record, "en")
        _same_values(record, want[record["id"]])


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", [milk.NAME, complaints.NAME, surveys.NAME, international.NAME])
def test_a_fresh_run_states_each_relation_with_its_word(pkg, name, lang):
    said = fresh(pkg, name, lang)
    want = expected(pkg)
    assert said.relations
    for record in said.relations:
        assert record["sentence"] in said.lines
        check_sentence(record, lang)
        _same_values(record, want[record["id"]])


def test_the_quality_complaints_sentence_says_below_and_overlaps(pkg):
    """The case of issue 20, pinned from the source's printed numbers (2021 count 213.9 and growth 53.6, each
    carrying its rounding): the article's 1.39 million lies below the implied range, its rounding interval
    overlaps it."""
    low, high = 213.85e4 / 1.5365, 213.95e4 / 1.5355
    said = fresh(pkg, complaints.NAME, "en")
    (sentence,) = [s for s in said.lines if s.startswith("**Quality complaints")]
    assert f"1,390,000 lies below the range the next year's release implies, {low:,.0f} to {high:,.0f}" in sentence
    assert "1,385,000 to 1,395,000, overlaps that range" in sentence


def test_a_planted_wrong_word_or_wrong_number_fails(pkg):
    said = fresh(pkg, complaints.NAME, "en")
    record = next(r for r in said.relations if r["id"] == "S3-complaints-quality:point")
    with pytest.raises(AssertionError, match="lies below"):
        check_sentence(record | {"sentence": record["sentence"].replace("lies below", "lies inside")}, "en")
    with pytest.raises(AssertionError):   # the word for another key than the values give
        check_sentence(record | {"word": "relation.interval.inside", "key": "inside"}, "en")
    swapped = record | {"values": record["values"] | {"value": record["values"]["value"] - 5000}}   # rounding's low end
    with pytest.raises(AssertionError, match="the ledger gives"):
        _same_values(swapped, expected(pkg)[record["id"]])


def test_every_claim_has_a_name_in_both_languages(pkg):
    """Tables and figures show a claim by its name (data/claim_names.csv); a claim added to claims.csv without one
    would stop its notebook, so it is caught here first."""
    names = pkg["claim_names"].set_index("claim_id")
    assert set(pkg["claims"]["claim_id"]) <= set(names.index)
    qualitative = pkg["claims"].loc[pkg["claims"]["check"] == "qualitative", "claim_id"]
    assert names.loc[qualitative, "stated_text_zh"].notna().all()
