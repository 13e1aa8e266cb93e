"""What the committed notebooks say, checked against what they computed. Every relation a results file records is
computed again from the numbers it was computed from; every sentence states, in each language, the word of that
relation and is shown in the copy of its language; a sentence's relation compares numbers of its own row; every
results file names the data package it was computed from, which is the committed one; make re-runs both copies of
a notebook when anything it reads changes."""
import hashlib
import html
import json
import re
import subprocess

import pytest

from compendium import relations
from tests.conftest import COPIES, DATA, LANGS, ROOT, SOURCES

FUNCTIONS = {"position": relations.position, "overlap": relations.overlap, "direction": relations.direction,
             "compare": relations.compare, "share": relations.share}


def relation_records(value):
    """Every relation record (kind, key, values) anywhere in a results value."""
    if isinstance(value, dict):
        if {"kind", "key", "values"} <= set(value) and value["kind"] in FUNCTIONS:
            yield value
        for v in value.values():
            yield from relation_records(v)
    elif isinstance(value, list):
        for v in value:
            yield from relation_records(v)


def saids(value, path=""):
    """(path, Said) for every set of sentences in a results value: {'rows': [...], 'text': {lang: [...]}}."""
    if isinstance(value, dict):
        if set(value) == {"rows", "text"}:
            yield path, value
        for k, v in value.items():
            yield from saids(v, f"{path}/{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from saids(v, f"{path}/{i}")


def word_problems(said):
    """Sentences whose relation word is not that of the relation in their row, in some language; rows whose relation
    compares a number the row does not hold."""
    bad = []
    for i, row in enumerate(said["rows"]):
        numbers = {round(float(v), 9) for v in row.values() if isinstance(v, (int, float)) and not isinstance(v, bool)}
        for record in relation_records(row):
            if FUNCTIONS[record["kind"]](**record["values"]).key != record["key"]:
                bad.append((i, f"{record['kind']} of {record['values']} is not '{record['key']}'"))
            if "chosen" in record and record["chosen"] != record["key"]:
                bad.append((i, f"the sentence was chosen for '{record['chosen']}', the relation is '{record['key']}'"))
            if "word" not in record and "chosen" not in record:
                continue   # computed, not said
            for lang in LANGS:
                word = (record.get("word") or {}).get(lang)
                if word is not None and word not in said["text"][lang][i]:
                    bad.append((i, f"the {lang} sentence lacks the word {word!r} of '{record['key']}'"))
            if "shown" not in record and numbers:   # a row of a notebook's table: it shows what it compares
                missing = [k for k, v in record["values"].items() if k != "decimals" and round(float(v), 9) not in numbers]
                if missing:
                    bad.append((i, f"the row does not show the compared {missing}"))
    return bad


def test_every_relation_recorded_is_computed_again_from_its_numbers(results):
    checked = 0
    for name, res in results.items():
        for record in relation_records(res):
            assert FUNCTIONS[record["kind"]](**record["values"]).key == record["key"], (name, record)
            checked += 1
    assert checked > 60


def test_every_sentence_states_the_word_of_its_rows_relation_in_both_languages(results):
    found = 0
    for name, res in results.items():
        for path, said in saids(res):
            assert all(len(said["text"][lang]) == len(said["rows"]) for lang in LANGS), (name, path)
            assert not word_problems(said), (name, path, word_problems(said)[:3])
            found += 1
    assert found >= len(SOURCES)


def test_a_swapped_word_or_a_row_that_hides_its_numbers_would_be_caught(results):
    name, path, said = next((n, p, s) for n, r in results.items() for p, s in saids(r)
                            if any("word" in r for row in s["rows"] for r in relation_records(row)))
    swapped = json.loads(json.dumps(said))
    record = next(r for r in relation_records(swapped["rows"][0]) if "word" in r)
    other = {"higher": "lower", "lower": "higher", "equal": "higher", "inside": "above", "above": "inside",
             "below": "inside", "overlaps": "apart", "apart": "overlaps", "rose": "fell", "fell": "rose",
             "same": "rose", "all": "some", "some": "none", "none": "all"}[record["key"]]
    record["key"] = other
    assert word_problems(swapped), (name, path)


def shown_text(lang):
    """Everything the copies of ``lang`` show: Markdown, HTML tables (unescaped) and plain text, without escapes."""
    parts = []
    for (copy_lang, _), path in COPIES.items():
        if copy_lang == lang:
            for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
                for out in cell.get("outputs", []):
                    for kind in ("text/markdown", "text/html", "text/plain"):
                        parts.append(html.unescape("".join(out.get("data", {}).get(kind, ""))))
    return re.sub(r"\\(.)", r"\1", "\n".join(parts))


@pytest.mark.parametrize("lang", LANGS)
def test_every_sentence_is_shown_in_the_copy_of_its_language(results, lang):
    shown = shown_text(lang)
    for name, res in results.items():
        for path, said in saids(res):
            for sentence in said["text"][lang]:
                plain = html.unescape(re.sub(r"\\(.)", r"\1", sentence)).replace("**", "")
                assert plain in shown.replace("**", ""), (name, path, lang, sentence[:80])


def test_every_results_file_was_computed_from_the_committed_data_package(results):
    committed = hashlib.sha256((DATA / "datapackage.json").read_bytes()).hexdigest()
    stale = sorted(n for n, r in results.items() if r["data_package"]["sha256"] != committed)
    assert not stale, f"results of {stale} were computed from another data package: run make reproduce"
    assert sorted(results) == sorted(s.stem for s in SOURCES)
    assert not [r for r in results.values() if re.search(r'"lang"|/(?:tmp|root|home|work)/', json.dumps(r))], \
        "a results file holds a language or a machine path"


def makefile_prerequisites():
    """Each copy's prerequisites, as make itself reads the Makefile (make -pn: its database, no recipe run)."""
    db = subprocess.run(["make", "-pn", "-f", "Makefile", "outputs"], cwd=ROOT, capture_output=True, text=True).stdout
    found = {}
    for line in db.splitlines():
        m = re.match(r"^(notebooks/(?:en|zh)/[\w]+\.ipynb): (.*)$", line)
        if m:
            found.setdefault(m.group(1), set()).update(m.group(2).split())
    return found


def test_make_reruns_both_copies_of_a_notebook_when_anything_it_reads_changes():
    prerequisites = makefile_prerequisites()
    data_files = {str(p.relative_to(ROOT)) for p in DATA.rglob("*") if p.suffix in (".csv", ".json")}
    library = {str(p.relative_to(ROOT)) for p in (ROOT / "src" / "compendium").glob("*.py")}
    for (lang, name), path in COPIES.items():
        needs = prerequisites[str(path.relative_to(ROOT))]
        assert f"notebooks/{name}.py" in needs and data_files <= needs and library <= needs, (lang, name)
    ledger = prerequisites["notebooks/en/00_claims_ledger.ipynb"]
    assert {str(p.relative_to(ROOT)) for (_, n), p in COPIES.items() if n != "00_claims_ledger"} <= ledger
