"""The compendium's own data rules, written as Frictionless checks: what a Table Schema cannot say.

Each rule is a :class:`frictionless.Check` whose ``validate_row`` (every row) or ``validate_end`` (after the last
row) yields a :class:`RuleError` naming the row, the rule and how to fix it. :func:`compendium.analysis.data.validate`
runs them beside Frictionless' own schema checks, ``resource.validate(Checklist(checks=checks(name, seen)))``.
A rule that needs another table (a claim's formula and claim_values.csv, a printed fragment and the table it
belongs to) reads that table's rows from ``seen``, filled while it was validated (``on_row``), so the tables a
resource needs are validated before it (:func:`needs`).
"""
from __future__ import annotations

import re
import unicodedata
from typing import ClassVar

import attrs
from frictionless import Check, errors

from . import claims, printed, scenarios

RESTORE = "restore it with `git checkout -- data/`"
TEXT_FIX = "check the value against the page named in source_id."


@attrs.define(kw_only=True, repr=False)
class RuleError(errors.RowError):
    type = "compendium-rule"
    title = "Compendium rule"
    description = "A rule of the compendium's data that a Table Schema cannot say."
    template = 'Row at position "{rowNumber}": {note}'
    rule: str
    fix: str = ""


def cells(row) -> dict[str, str]:
    """The row as written: {field: text}, empty cells as ''."""
    return {f: ("" if c is None else str(c)) for f, c in zip(row.field_names, row.cells)}


@attrs.define(kw_only=True, repr=False)
class Rule(Check):
    """A compendium rule. ``seen``: the rows of the resources validated so far, {resource name: [Row, ...]}."""
    type = "compendium-rule"
    Errors = [RuleError]
    needs: ClassVar[tuple[str, ...]] = ()
    seen: dict = attrs.field(factory=dict)

    def fail(self, line: int, rule: str, note: str, fix: str = TEXT_FIX) -> RuleError:
        return RuleError(note=note, cells=[], row_number=line, rule=rule, fix=fix)

    def valid_rows(self, name: str):
        return [r for r in self.seen.get(name, []) if r.valid]


# --- every table ------------------------------------------------------------------------------------------------

@attrs.define(kw_only=True, repr=False)
class RowsPresent(Rule):
    """A table has a header (Frictionless takes a blank first line for an empty one) and at least one row."""
    type = "rows-present"
    rows: int = 0

    def validate_start(self):
        if not self.resource.labels:
            yield self.fail(1, "header", "the header line is blank", RESTORE + ".")

    def validate_row(self, row):
        self.rows += 1
        yield from []

    def validate_end(self):
        if not self.rows:
            yield self.fail(2, "rows-present", "the table has a header but no rows", RESTORE + ".")


NUMBER_TEXT = {"integer": re.compile(r"-?[0-9]+"),
               "number": re.compile(r"-?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?")}


@attrs.define(kw_only=True, repr=False)
class PlainNumbers(Rule):
    """A number is written with the ASCII digits 0-9: Frictionless also reads full-width digits ('１０.3'),
    'nan', 'inf' and padded text, which the loader would then read differently or not at all."""
    type = "number-format"

    def validate_row(self, row):
        typed = {e.field_name for e in row.errors if e.type == "type-error"}
        text = cells(row)
        for field in self.resource.schema.fields:
            value = text.get(field.name, "")
            if field.type in NUMBER_TEXT and value and field.name not in typed \
                    and not NUMBER_TEXT[field.type].fullmatch(value):
                plain = unicodedata.normalize("NFKC", value).strip()
                yield self.fail(row.row_number, "number-format", f"'{value}' in field '{field.name}' is not a number "
                                "in the digits 0-9", f"write it as {plain}." if NUMBER_TEXT[field.type].fullmatch(plain)
                                else "write the number as printed (e.g. 10.3), or leave the cell empty if no source "
                                     "gives it.")


# --- spot_checks.csv and spot_check_breakdowns.csv ---------------------------------------------------------------

@attrs.define(kw_only=True, repr=False)
class SpotCheckRows(Rule):
    """A national row has no category; annual results have no release number; a printed change names the earlier
    year it is measured against and refers to a level that year reported; counts agree with a printed rate."""
    type = "spot-check-rows"

    def validate_row(self, row):
        if not row.valid:
            return
        n, raw = row.row_number, cells(row)
        if "scope" in row and (row["scope"] == "national") == (row["category"] is not None):
            yield self.fail(n, "scope-category", f"scope is '{row['scope']}' but category is '{raw['category']}'",
                            "leave category empty in a national row; name a code of categories.csv in a category row.")
        if (row["release"] == "annual") != (row["release_no"] is None):
            yield self.fail(n, "release-number", f"release '{row['release']}' with release_no '{raw['release_no']}'",
                            "leave release_no empty for annual results; give the number of a batch or half-year.")
        change = row["change_pp"] is not None
        if change != (row["change_vs"] is not None):
            yield self.fail(n, "change-reference", "change_pp and change_vs go together",
                            "give the year the printed change is measured against, or drop the change.")
        elif change and row["change_vs"] >= row["year"]:
            yield self.fail(n, "change-reference", f"change_vs {row['change_vs']} is not earlier than year {row['year']}")
        if (change or row["rate"] is not None) and row["measure"] is None:
            yield self.fail(n, "change-reference", "a rate or change needs its measure",
                            "set measure to pass_rate or nonconformity_rate, as printed.")
        yield from self._counts(row, raw)

    def _counts(self, row, raw):
        batches, bad, rate = row["batches"], row["nonconforming_batches"], row["rate"]
        if batches is None or bad is None or rate is None:
            return
        if bad > batches:
            yield self.fail(row.row_number, "counts-match-rate", f"{bad} non-conforming batches exceed {batches} batches")
            return
        computed = 100.0 * bad / batches
        printed_nc = float(rate) if row["measure"] == "nonconformity_rate" else 100.0 - float(rate)
        margin = claims.half_unit(raw["rate"])
        if abs(computed - printed_nc) > margin + 1e-9:
            yield self.fail(row.row_number, "counts-match-rate", f"{bad} of {batches} batches is {computed:.3f}% "
                            f"non-conforming, but the printed {row['measure']} {raw['rate']} means {printed_nc:.2f}% "
                            f"(±{margin})", "check both numbers against the page named in source_id.")

    def validate_end(self):
        """A change refers to a level the data holds: where the annual breakdown of the dimension for the year
        change_vs is there, the level is one of it."""
        rows = self.valid_rows(self.resource.name)
        if not rows or "dimension" not in rows[0]:
            return
        levels: dict[tuple, set] = {}
        for r in rows:
            if r["release"] == "annual":
                levels.setdefault((r["year"], r["dimension"]), set()).add(r["level"])
        for r in rows:
            then = levels.get((r["change_vs"], r["dimension"]))
            if r["change_vs"] is not None and then and r["level"] not in then:
                yield self.fail(r.row_number, "change-base", f"the change is against {r['dimension']} = {r['level']} in "
                                f"{r['change_vs']}, but that year's breakdown holds only {sorted(then)}",
                                "drop change_pp and change_vs (keep a change only where its base is held).")


# --- claims.csv and claim_values.csv -----------------------------------------------------------------------------

# Which typed fields each kind of comparison needs; the others stay empty.
CLAIM_FIELDS = {"exact": {"stated_value"}, "derived": {"stated_value", "formula"}, "range": {"stated_low", "stated_high"},
                "bound": {"stated_value", "bound"}, "qualitative": {"stated_text"}}
_TYPED = {"stated_value", "stated_low", "stated_high", "bound", "stated_text", "formula"}


@attrs.define(kw_only=True, repr=False)
class ClaimRows(Rule):
    """A fact names its comparison and fills exactly the fields it needs; a claim that is not a fact has no
    comparison and no source value; a fact with no source value says what was looked for; a value compared
    numerically is a number, qualitatively a text; a formula is arithmetic over numbers of claim_values.csv."""
    type = "claim-rows"
    needs = ("claim_values",)

    def validate_row(self, row):
        if not row.valid:
            return
        n, kind, check = row.row_number, row["kind"], row["check"]
        fact = kind == "fact"
        if fact == (check is None):
            yield self.fail(n, "claim-kind", f"kind '{kind}' with check '{check or ''}'",
                            "a fact names its check; a target, opinion or statement about the article has none.")
            return
        if not fact:
            if row["value_id"] is not None or row["formula"] is not None:
                yield self.fail(n, "claim-kind", f"a claim of kind '{kind}' takes no value_id or formula",
                                "empty value_id and formula, or make it a fact.")
            return
        need, filled = CLAIM_FIELDS[check], {f for f in _TYPED if row[f] is not None}
        if filled != need:
            yield self.fail(n, "claim-fields", f"check '{check}' fills {sorted(need)}; filled: {sorted(filled)}",
                            f"fill exactly {', '.join(sorted(need))}.")
        elif check == "range" and row["stated_low"] > row["stated_high"]:
            yield self.fail(n, "claim-fields", "stated_low is above stated_high", "swap them.")
        if row["value_id"] is None and row["formula"] is None and row["looked_for"] is None:
            yield self.fail(n, "claim-looked-for", "a fact without a source value says nothing of the search",
                            "say in looked_for what was looked for and where.")
        values = {r["value_id"]: r for r in self.valid_rows("claim_values")}
        value = values.get(row["value_id"])
        if value is not None and (check == "qualitative") != (value["value"] is None):
            yield self.fail(n, "claim-value-type", f"check '{check}' compares with value_id '{row['value_id']}', which "
                            "holds " + ("a text" if value["value"] is None else "a number"),
                            "use check qualitative for a text, another check for a number.")
        if row["formula"] is not None:
            yield from self._formula(n, row["formula"], values)

    def _formula(self, n, formula, values):
        """The same reading as the ledger's (claims.formula_input, claims.evaluate), and the same rule name."""
        refs = claims.REFERENCE.findall(formula)
        unknown = [r for r in refs if r not in values]
        try:
            if not refs or unknown:
                raise claims.FormulaError(f"names no row of claim_values.csv: {', '.join(unknown)}" if unknown
                                          else "refers to no {value:ID}")
            claims.evaluate(formula, {"{value:%s}" % r: claims.formula_input(r, cells(values[r])["value"]) for r in refs})
        except claims.FormulaError as err:
            yield self.fail(n, "formula", f"the formula {formula!r} {err}", "write it with numbers, {value:ID} of "
                            "numeric rows of claim_values.csv, + - * / and parentheses.")


@attrs.define(kw_only=True, repr=False)
class ValueOrText(Rule):
    """A source value is a number or a summarised text, never both or neither."""
    type = "value-or-text"

    def validate_row(self, row):
        if row.valid and (row["value"] is None) == (row["value_text"] is None):
            yield self.fail(row.row_number, "value-or-text", "value and value_text are both " +
                            ("empty" if row["value"] is None else "filled"),
                            "fill exactly one: value (a number) or value_text (a summary).")


# --- printed_values.csv ------------------------------------------------------------------------------------------

PRINTED_TABLES = ("spot_checks", "spot_check_breakdowns", "claim_values", "claims")


@attrs.define(kw_only=True, repr=False)
class PrintedFragments(Rule):
    """Each printed fragment belongs to a filled cell of its table (row_key = the row's primary key joined by |)
    and states that cell's number, as :func:`compendium.analysis.printed.number` reads it."""
    type = "printed-fragments"
    needs = PRINTED_TABLES
    memo: dict = attrs.field(factory=dict)

    def validate_row(self, row):
        if not row.valid:
            return
        table, key, field, n = row["table"], row["row_key"], row["field"], row.row_number
        target = self._cells(table).get((key, field))
        if not target:
            yield self.fail(n, "printed-target", f"{table} has no filled cell {key} / {field}",
                            "name the table's primary key values joined by | and a filled field.")
            return
        text, units = target
        try:
            said = printed.number(row["printed"], field, units, row["figure"], int(text["year"]) if "year" in text else None)
        except ValueError as err:
            yield self.fail(n, "printed-fragment", str(err), "copy the fragment as printed, with its label word.")
            return
        stored = float(text[field])
        if abs(stored - said) > 1e-9 * max(1.0, abs(stored)):
            yield self.fail(n, "printed-fragment", f"the fragment states {said:g}, the cell holds {text[field]}",
                            "correct the cell or the fragment against the page named in source_id.")

    def _cells(self, table: str) -> dict:
        """{(row key, field): (the row's text, its unit)} of the filled cells of ``table``."""
        if table not in self.memo:
            key = self.resource.package.get_resource(table).schema.primary_key
            out = {}
            for r in self.valid_rows(table):
                text = cells(r)
                for f, v in text.items():
                    if v:
                        out[("|".join(text[k] for k in key), f)] = (text, text.get("unit", ""))
            self.memo[table] = out
        return self.memo[table]


# --- am_scenarios_printed.csv ------------------------------------------------------------------------------------

_ROLES = "(" + "|".join(map(re.escape, scenarios.ROLES)) + ")"
_LABEL = re.compile(r"(\S*?)(\s*)[：:]")           # a colon and the word before it
_FIRST_LABEL = re.compile(_ROLES + "[：:]")
_BARE_ROLE = re.compile(_ROLES + "(?![：:/])")      # a role word not followed by its colon


@attrs.define(kw_only=True, repr=False)
class RoleLabels(Rule):
    """Each units list is role-labelled as :func:`compendium.analysis.scenarios.parse_units` reads it: a numbered
    item starts with a role label, every colon closes a role written right before it and every role has its
    colon (a space before the colon, or none, would file the units under the role before)."""
    type = "role-labels"

    def validate_row(self, row):
        if not row.valid:
            return
        text = row["units_as_printed"].strip()
        bad = [m for m in _LABEL.finditer(text) if m.group(2) or not m.group(1).endswith(scenarios.ROLES)]
        if bad:
            note = f"'{bad[0].group(0)}' is not a role label" + (" (a space before the colon)" if bad[0].group(2) else "")
        elif row["item_no"] is not None and not _FIRST_LABEL.match(text):
            note = "the units list does not start with a role label"
        elif _BARE_ROLE.search(text):
            note = f"the role '{_BARE_ROLE.search(text).group(1)}' has no colon"
        else:
            return
        yield self.fail(row.row_number, "role-label", note,
                        f"write each role as one of {', '.join(scenarios.ROLES)}, directly followed by ：.")


COMMON = (RowsPresent, PlainNumbers)
RULES = {"spot_checks": (SpotCheckRows,), "spot_check_breakdowns": (SpotCheckRows,), "claims": (ClaimRows,),
         "claim_values": (ValueOrText,), "printed_values": (PrintedFragments,), "am_scenarios_printed": (RoleLabels,)}


def checks(name: str, seen: dict) -> list[Rule]:
    """The checks for resource ``name``, sharing ``seen``."""
    return [cls(seen=seen) for cls in (*COMMON, *RULES.get(name, ()))]


def needs(name: str) -> tuple[str, ...]:
    """The resources whose rows the rules of ``name`` read."""
    return tuple(t for cls in RULES.get(name, ()) for t in cls.needs)
