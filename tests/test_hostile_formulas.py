"""Hostile formulas in data/claims.csv (issue 21, data family): a formula that refers to a text value, divides by
zero, cannot be parsed or uses what a ledger formula may not gives one short DataError naming the file, the row,
the rule, the claim and the formula, instead of a bare InvalidOperation, ZeroDivisionError or SyntaxError."""
import csv

import pytest

from compendium.analysis import claims, data

CLAIM = "S3-complaints-total"


def _line_of(folder, claim_id):
    with open(folder / "claims.csv", encoding="utf-8", newline="") as f:
        for line, row in enumerate(csv.DictReader(f), start=2):   # line 1 is the header
            if row["claim_id"] == claim_id:
                return line, row["formula"]
    raise AssertionError(f"{claim_id} is not in claims.csv")


def _text_value_id(folder):
    with open(folder / "claim_values.csv", encoding="utf-8", newline="") as f:
        return next(r["value_id"] for r in csv.DictReader(f) if not r["value"] and r["value_text"])


CASES = [
    ("refers to a text value", lambda f, text_id: f"{{value:complaints_2021_total}} * {{value:{text_id}}}",
     ["which holds no number", "value_text"]),
    ("divides by zero", lambda f, _: "{value:complaints_2021_total} / (1 - 1)", ["divides by zero"]),
    ("has a syntax error", lambda f, _: "{value:complaints_2021_total} / (1 +", ["is not arithmetic Python can read"]),
    ("uses a power", lambda f, _: "{value:complaints_2021_total} ** 2", ["may use only numbers", "+ - * /"]),
]


@pytest.mark.parametrize("case,formula,needles", CASES, ids=[c[0] for c in CASES])
def test_a_broken_formula_is_one_message_naming_file_row_and_rule(case, formula, needles, data_copy):
    line, old = _line_of(data_copy, CLAIM)
    new = formula(data_copy, _text_value_id(data_copy))
    path = data_copy / "claims.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    with pytest.raises(data.DataError) as err:   # at load time or when the verdicts are computed
        claims.verdicts(data.load(data_copy, verify=False))
    message = str(err.value)
    assert message.startswith(f"claims.csv, line {line}: rule 'formula' broken: claim {CLAIM}: the formula {new!r}")
    for needle in needles:
        assert needle in message, (needle, message)
    assert "How to fix" in message and "\n" not in message
    for bare in ("InvalidOperation", "ZeroDivisionError", "SyntaxError", "Traceback"):
        assert bare not in message
    assert err.value.__cause__ is None and err.value.__suppress_context__, "the arithmetic error is not chained"
