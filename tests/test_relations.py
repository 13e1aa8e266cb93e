"""Sentences proven true: every relation word a generated sentence states ("rose", "in every year", "lies
inside", "overlaps", "1 of 8") is the word of a relation computed again here from the values it was computed
from, the numbers the sentence shows are those values, and the executed notebook shows that sentence.

Each notebook writes its relations to its results file (key ``relations``: ``{"id", "kind", "key", "values",
"words", "word", "shown", "lang", "sentence"}``, made by :func:`compendium.presentation.text.say`). Checked:
- every record of every committed ``results/*.json`` against the committed notebook's outputs;
- the same sentences built by the library, in English and Chinese, for the default parameters and for other
  allowed spans (fast, so a change of the code that writes them is caught by ``make test``);
- (slow) the notebooks executed with papermill in Chinese and with other spans.
Planted failures (a key swapped, a shown value that is not the value compared, another key's word in the
sentence) must each be caught, for every record."""
from __future__ import annotations

import decimal
import json
import re

import pytest

from compendium.analysis import relations
from compendium.presentation import text
from tests import notebook_runs
from tests.conftest import ROOT

RESULTS = sorted((ROOT / "results").glob("*.json"))


def _records(payload: dict) -> list[dict]:
    return list(payload.get("relations", []))


def _number(shown: str) -> decimal.Decimal:
    return decimal.Decimal(re.sub(r"[,%±+\s]", "", shown))


def shown_matches(shown: str, value) -> bool:
    """Whether a number as a sentence shows it ('10.3', '1,390,000', '±0.10') stands for ``value``: equal to it
    within half a unit of its last digit."""
    d = _number(shown)
    half = decimal.Decimal(5) * decimal.Decimal(10) ** (d.as_tuple().exponent - 1)
    return abs(d - decimal.Decimal(repr(float(value)))) <= half + decimal.Decimal("1e-9")


def _family(record: dict) -> tuple[str, bool]:
    """The text rows that name the record's keys, and whether ``word`` holds the word as said (records written by
    presentation.text.say: ``words`` names the family) or the text row's key (records of relations.Sentences:
    ``word`` is '<family>.<key>')."""
    if "words" in record:
        return record["words"], True
    word = record.get("word", "")
    if word and text.has(word) and "." in word:
        return word.rsplit(".", 1)[0], False
    return "relation", False


def problems(record: dict, seen_text: str | None = None, lang: str = "en") -> list[str]:
    """What is wrong with one relation record (empty when its sentence is proven): ``seen_text`` is what the
    executed notebook shows (None: not checked here); ``lang`` the run's language when the record does not say."""
    out = []
    rid = record.get("id", "?")
    try:
        key = relations.recompute(record)
    except (KeyError, TypeError, ValueError) as err:
        return [f"{rid}: cannot recompute ({err})"]
    if key != record["key"]:
        out.append(f"{rid}: recorded key {record['key']!r}, the values give {key!r}")
    lang = record.get("lang", lang)
    family, said = _family(record)
    if not said and record.get("word") and record["word"] != f"{family}.{key}":
        out.append(f"{rid}: the sentence uses the word {record['word']!r}, the values give {family}.{key}")
    word, pattern = None, None
    try:
        word = text.relation_word(family, key, record["values"], lang)
    except KeyError:
        # a word whose template has fields other than the relation's counts (filled by the code that wrote the
        # sentence): its fixed text, with any text in each field, must be in the sentence
        if not text.has(f"{family}.{key}"):
            return out + [f"{rid}: no word {family}.{key} in the text table"]
        # the row itself, or its form for a count of one (text.t_n), whichever the sentence was written from
        forms = [f"{family}.{key}"] + ([f"{family}.{key}.one"] if text.has(f"{family}.{key}.one") else [])
        pattern = "|".join("(?:" + ".+?".join(re.escape(p) for p in re.split(r"\{[^}]*\}", text.t(f, lang))) + ")"
                           for f in forms)
    sentence = record.get("sentence")
    if said and record["word"] != word:
        out.append(f"{rid}: the sentence says {record['word']!r}, the relation's word is {word!r}")
    if sentence is not None and word is not None and word not in sentence:
        out.append(f"{rid}: {word!r} is not in its sentence {sentence!r}")
    if sentence is not None and pattern is not None and not re.search(pattern, sentence, re.S):
        out.append(f"{rid}: the word of {family}.{key} is not in its sentence {sentence!r}")
    for name, shown in record.get("shown", {}).items():
        if name not in record["values"] or not shown_matches(shown, record["values"][name]):
            out.append(f"{rid}: the sentence shows {name} = {shown!r}, the relation compared "
                       f"{record['values'].get(name)!r}")
        if sentence is not None and shown not in sentence:
            out.append(f"{rid}: {shown!r} ({name}) is not in its sentence")
    if seen_text is not None:
        if sentence is not None and sentence not in seen_text:
            out.append(f"{rid}: the notebook does not show the sentence {sentence!r}")
        if sentence is None and word is not None and word not in seen_text:
            out.append(f"{rid}: the notebook nowhere says {word!r}")
    return out


# ---- the committed results and notebooks ---------------------------------------------------------------------
def test_every_committed_relation_is_proven():
    checked, found = 0, []
    for path in RESULTS:
        payload = json.loads(path.read_text(encoding="utf-8"))
        lang = payload.get("parameters", {}).get("lang", "en")
        seen = notebook_runs.readable(ROOT / "notebooks" / f"{path.stem}.ipynb")
        for record in _records(payload):
            found += problems(record, seen, lang)
            checked += 1
    assert not found, "\n".join(found)
    assert checked >= 40, f"only {checked} relation records in results/*.json"


@pytest.mark.parametrize("name", ["00_claims_ledger", "01_figure1_spot_checks", "07_spot_checks_since_2018"])
def test_notebooks_that_state_relations_record_them(name):
    assert _records(json.loads((ROOT / "results" / f"{name}.json").read_text(encoding="utf-8")))


# ---- the same sentences, built by the library in both languages and for other spans ----------------------------
def library_sentences(pkg, name: str, lang: str, **span) -> list:
    """The sentences notebook ``name`` writes, built as it builds them (its relation records attached)."""
    from compendium.analysis import claims, figure1, longseries

    if name == "00_claims_ledger":
        ledger = claims.verdicts(pkg, lang=lang)
        return [claims.explain(claims.verdict(c, pkg, pkg.raw["claims"].set_index("claim_id")["stated_value"]
                                              .get(c["claim_id"]) or None), lang)
                for c in pkg["claims"].to_dict("records")] + claims.conclusion(ledger, lang)
    if name == "01_figure1_spot_checks":
        first, last = span.get("first_year", 2014), span.get("last_year", 2018)
        cats = span.get("categories", list(pkg["categories"]["code"]))
        fig = figure1.build(pkg, first, last, cats, lang)
        national = figure1.national_table(pkg, first, last)
        return [*figure1.header(fig), *figure1.summary(fig, national, figure1.trends(fig))]
    if name == "07_spot_checks_since_2018":
        first, last = span.get("first_year", 2014), span.get("last_year", 2024)
        nat = longseries.national(pkg, first, last)
        return longseries.answers(nat, longseries.breakdown(pkg, "enterprise_size", first, last),
                                  longseries.breakdown(pkg, "channel", first, last), longseries.BASE_YEAR, lang,
                                  channel_names=longseries.level_names(pkg, "channel", lang),
                                  categories_after=longseries.category_rows_after(pkg, longseries.BASE_YEAR, last))
    raise KeyError(name)


CASES = [("00_claims_ledger", {}), ("01_figure1_spot_checks", {}),
         ("01_figure1_spot_checks", {"first_year": 2016}),
         ("01_figure1_spot_checks", {"first_year": 2015, "last_year": 2017, "categories": ["electronics", "light_industry"]}),
         ("01_figure1_spot_checks", {"first_year": 2017, "last_year": 2017, "categories": ["building_materials"]}),
         ("07_spot_checks_since_2018", {}), ("07_spot_checks_since_2018", {"first_year": 2019, "last_year": 2022}),
         ("07_spot_checks_since_2018", {"first_year": 2017, "last_year": 2019})]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name,span", CASES, ids=[f"{n}-{s}" for n, s in CASES])
def test_library_sentences_are_proven(pkg, name, span, lang):
    records = text.records(library_sentences(pkg, name, lang, **span))
    assert records, "no relation recorded"
    found = [p for r in records for p in problems(r)]
    assert not found, "\n".join(found)


def test_the_committed_results_are_the_library_sentences(pkg):
    """The records a committed results file holds are the ones the library writes now (same ids, keys, words)."""
    for name in ("01_figure1_spot_checks", "07_spot_checks_since_2018"):
        committed = {r["id"]: r for r in _records(json.loads((ROOT / "results" / f"{name}.json").read_text(encoding="utf-8")))}
        built = {r["id"]: r for r in text.records(library_sentences(pkg, name, "en"))}
        for rid, r in built.items():
            assert rid in committed and committed[rid]["key"] == r["key"] and committed[rid]["word"] == r["word"], rid


# ---- planted failures: each must be caught, for every committed record -----------------------------------------
def _committed_records() -> list[dict]:
    return [r for path in RESULTS for r in _records(json.loads(path.read_text(encoding="utf-8")))]


def test_a_swapped_key_is_caught():
    for record in _committed_records():
        family, _ = _family(record)
        others = [k for k in relations.KEYS if k != record["key"] and text.has(f"{family}.{k}")]
        for other in others:
            planted = {**record, "key": other}
            assert problems(planted), f"{record['id']}: key {other!r} planted, not caught"


def test_another_keys_word_in_the_sentence_is_caught():
    for record in _committed_records():
        family, said = _family(record)
        if not said:
            continue
        for other in relations.KEYS:
            if other == record["key"] or not text.has(f"{family}.{other}"):
                continue
            wrong = text.relation_word(family, other, record["values"], record["lang"])
            if wrong in record["word"] or record["word"] in wrong:
                continue
            planted = {**record, "word": wrong, "sentence": record["sentence"].replace(record["word"], wrong)}
            assert problems(planted), f"{record['id']}: word {wrong!r} planted, not caught"


def test_a_shown_value_that_was_not_compared_is_caught():
    """The rounding interval's end in place of the point value (or any other value than the one shown) is caught."""
    planted_any = 0
    for record in _committed_records():
        for name, shown in record.get("shown", {}).items():
            d = _number(shown)
            step = float(decimal.Decimal(10) ** d.as_tuple().exponent)
            planted = {**record, "values": {**record["values"], name: float(record["values"][name]) + 10 * step}}
            assert problems(planted), f"{record['id']}: {name} moved by ten units of its last digit, not caught"
            planted_any += 1
    assert planted_any


def test_the_rounding_interval_for_the_point_value_is_caught(pkg):
    """The issue's case: comparing the article's rounding interval where the sentence names its point value."""
    from compendium.analysis import claims

    ledger = claims.verdicts(pkg, lang="en")
    r = next(x for x in ledger.loc[ledger.claim_id == "S3-complaints-quality", "relations"].iloc[0])
    point = float(pkg["claims"].set_index("claim_id").loc["S3-complaints-quality", "stated_value"])
    planted = {**r, "values": {**r["values"], "low_a": point, "high_a": point}}
    assert not problems(r) and problems(planted)


def test_a_sentence_the_notebook_does_not_show_is_caught():
    record = _committed_records()[0]
    assert problems(record, seen_text="") and not problems(record, seen_text=record["sentence"])


def test_the_count_of_checked_relations():
    """How many sentences' relations the committed results prove (the closing note reports it)."""
    counts = {p.stem: len(_records(json.loads(p.read_text(encoding="utf-8")))) for p in RESULTS}
    print("relation records:", counts, "total", sum(counts.values()))
    assert sum(counts.values()) >= 40


# ---- slow: the notebooks executed in Chinese and with other spans ---------------------------------------------
SLOW_RUNS = [("00_claims_ledger", {"lang": "zh"}), ("01_figure1_spot_checks", {"lang": "zh"}),
             ("07_spot_checks_since_2018", {"lang": "zh"}), ("01_figure1_spot_checks", {"first_year": 2016}),
             ("07_spot_checks_since_2018", {"first_year": 2019, "last_year": 2022}),
             ("07_spot_checks_since_2018", {"first_year": 2019, "last_year": 2022, "lang": "zh"})]


@pytest.mark.slow
@pytest.mark.parametrize("name,parameters", SLOW_RUNS, ids=[f"{n}-{p}" for n, p in SLOW_RUNS])
def test_executed_runs_prove_their_relations(name, parameters):
    executed = notebook_runs.run(name, **parameters)
    records = _records(notebook_runs.results_of(executed))
    assert records
    seen = notebook_runs.readable(executed)
    found = [p for r in records for p in problems(r, seen, parameters.get("lang", "en"))]
    assert not found, "\n".join(found)
