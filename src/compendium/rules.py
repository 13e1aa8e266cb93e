"""The compendium's own data rules: what a Table Schema cannot say. :mod:`compendium.data` runs them beside
Frictionless, on every load and in `make datapackage`.

Each rule yields ``(line, rule, detail, fix)``; line 1 is the header, so the table's row ``i`` (from 0) is on
line ``i + 2``. :func:`text_rules` reads the cells as written, every table alike; :func:`table_rules` reads the
typed tables, after the schema checks have passed.
"""
from __future__ import annotations

import re
import unicodedata

import pandas as pd

from .printed import decimal_as_printed, half_unit, number

# The tables each table's rules (or foreign keys) read besides itself.
NEEDS = {"spot_checks": ("sources", "categories"), "spot_check_breakdowns": ("sources", "breakdown_levels", "spot_checks"),
         "claims": ("claim_values",), "claim_values": ("sources",), "claim_names": ("claims",),
         "am_scenarios_printed": ("sources", "terms"),
         "printed_values": ("spot_checks", "spot_check_breakdowns", "claim_values", "claims")}
CHECK_SOURCE = "check the value against the page named in source_id"
MEASURES = ("pass_rate", "nonconformity_rate")   # the two measures the notebooks convert between
PERCENT_FIELDS = ("rate", "share_enterprises", "share_batches")


def _hidden(ch: str) -> bool:
    """A character a reader cannot see or cannot tell from another: format and control characters (U+200B),
    separators other than the space, private-use and unassigned code points, and compatibility ideographs
    (料 U+F9BE, which looks like 料 U+6599 but is another character)."""
    if ch in "\n\t":
        return False
    kind = unicodedata.category(ch)
    return kind in ("Cf", "Cc", "Co", "Cn", "Zl", "Zp") or (kind == "Zs" and ch != " ") \
        or "CJK COMPATIBILITY IDEOGRAPH" in unicodedata.name(ch, "")


def visible(text: str) -> str:
    """``text`` with every hidden character written as U+XXXX, so a message shows the culprit."""
    return "".join(f"<U+{ord(ch):04X}>" if _hidden(ch) else ch for ch in str(text))
NUMBER_TEXT = {"integer": re.compile(r"-?[0-9]+"), "number": re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?")}


def text_rules(name: str, rows: list[list[str]], schema: dict):
    """Every table: it has rows, and each number is written in the digits 0-9 (Python's int() and Frictionless
    also read full-width digits such as '２５６７２', which a reader of the file would not see as a number)."""
    if len(rows) < 2:
        yield 2, "rows-present", "the table has a header but no rows" if rows else "the file is empty", ""
        return
    kinds = {k: f["name"] for k, f in enumerate(schema["fields"]) if f.get("type") in NUMBER_TEXT}
    types = {f["name"]: f["type"] for f in schema["fields"]}
    names = [f["name"] for f in schema["fields"]]
    for line, row in enumerate(rows, start=1):
        for k, cell in enumerate(row):
            hidden = [ch for ch in cell if _hidden(ch)]
            if hidden:
                where = f"column '{names[k]}'" if k < len(names) else f"column {k + 1}"
                yield line, "hidden-character", f"{where} holds {unicodedata.name(hidden[0], 'an unnamed character')} " \
                    f"(U+{ord(hidden[0]):04X}) in '{visible(cell)}'", "retype the cell: a reader cannot see that " \
                    "character" + (f", write {unicodedata.normalize('NFKC', hidden[0])} " \
                                   f"(U+{ord(unicodedata.normalize('NFKC', hidden[0])):04X})"
                                   if unicodedata.normalize("NFKC", hidden[0]) != hidden[0] else "")
    for line, row in enumerate(rows[1:], start=2):
        for k, field in kinds.items():
            cell = row[k] if k < len(row) else ""
            if cell and not NUMBER_TEXT[types[field]].fullmatch(cell):
                yield line, "number-format", f"'{cell}' in column '{field}' is not a number written in the digits " \
                                             "0-9", "write the number as printed (e.g. 10.3), or leave the cell empty"


def table_rules(name: str, frames: dict[str, tuple[pd.DataFrame, pd.DataFrame]]):
    """The rules of table ``name``; ``frames``: table name -> (cells as written, typed table)."""
    text, table = frames[name]
    if name in ("spot_checks", "spot_check_breakdowns"):
        yield from _spot_check_rows(text, table)
        yield from _meaning(name, text, table, frames)
    elif name == "claims" and "claim_values" in frames:
        yield from _claim_rows(table, frames["claim_values"][1])
    elif name == "claim_values":
        for i, r in table.iterrows():
            if pd.isna(r["value"]) == pd.isna(r["value_text"]):
                yield i + 2, "value-or-text", "value and value_text are both " + ("empty" if pd.isna(r["value"])
                                                                                   else "filled"), \
                    "fill exactly one: value (a number) or value_text (a summary of the wording)"
    elif name == "printed_values":
        yield from _printed_fragments(table, frames)
    elif name == "claim_names" and "claims" in frames:
        looked = dict(zip(frames["claims"][1]["claim_id"], frames["claims"][1]["looked_for"].notna()))
        for i, r in table.iterrows():
            if looked.get(r["claim_id"]) != (not pd.isna(r["looked_for_zh"])):
                yield i + 2, "looked-for-zh", f"claim {r['claim_id']}: looked_for in claims.csv is " + \
                    ("filled" if looked.get(r["claim_id"]) else "empty") + " but looked_for_zh here is not", \
                    "say in looked_for_zh, in Chinese, what looked_for says (or empty both)"
    elif name == "am_scenarios_printed" and "terms" in frames:
        roles = list(frames["terms"][1].query("kind == 'role'")["name_zh"])
        for i, r in table.iterrows():
            problem = role_label_problem(r["units_as_printed"], roles, not pd.isna(r["item_no"]))
            if problem:
                yield i + 2, "role-label", problem, f"write each role as one of {'、'.join(roles)}, followed by '：'"


def _spot_check_rows(text: pd.DataFrame, table: pd.DataFrame):
    """A national row has no category; annual results have no release number; a printed change names the earlier
    year it is measured against; a rate or change names its measure; counts agree with a printed rate; a change
    in a breakdown refers to a level that year's breakdown holds."""
    levels = {}
    if "dimension" in table:
        annual = table[table["release"] == "annual"]
        levels = annual.groupby(["year", "dimension"])["level"].agg(set).to_dict()
    for i, r in table.iterrows():
        line = i + 2
        if "scope" in table and (r["scope"] == "national") == (not pd.isna(r["category"])):
            yield line, "scope-category", f"scope is '{r['scope']}' but category is '{text.at[i, 'category']}'", \
                "leave category empty in a national row; name a code of categories.csv in a category row"
        if (r["release"] == "annual") != pd.isna(r["release_no"]):
            yield line, "release-number", f"release '{r['release']}' with release_no '{text.at[i, 'release_no']}'", \
                "leave release_no empty for annual results; give the number of a batch or half-year"
        change = not pd.isna(r["change_pp"])
        if change == pd.isna(r["change_vs"]):
            yield line, "change-reference", "change_pp and change_vs go together", \
                "give the year the printed change is measured against, or drop the change"
        elif change and r["change_vs"] >= r["year"]:
            yield line, "change-reference", f"change_vs {r['change_vs']} is not earlier than year {r['year']}", ""
        if (change or not pd.isna(r["rate"])) and pd.isna(r["measure"]):
            yield line, "change-reference", "a rate or a change needs its measure", \
                "set measure to pass_rate or nonconformity_rate, as printed"
        if change and levels and r["level"] not in levels.get((r["change_vs"], r["dimension"]), {r["level"]}):
            yield line, "change-base", f"the change is against {r['level']} in {r['change_vs']}, which that year's " \
                                       "breakdown does not hold", "keep a change only where its base year is held"
        bad, batches = r["nonconforming_batches"], r["batches"]
        if pd.isna(bad) or pd.isna(batches) or pd.isna(r["rate"]):
            continue
        counted = 100.0 * bad / batches
        printed = float(r["rate"]) if r["measure"] == "nonconformity_rate" else 100.0 - float(r["rate"])
        margin = half_unit(text.at[i, "rate"])
        if abs(counted - printed) > margin + 1e-9:
            yield line, "counts-match-rate", f"{bad} of {batches} batches is {counted:.3f}% non-conforming, but the " \
                                             f"printed {r['measure']} {text.at[i, 'rate']} means {printed:.2f}% " \
                                             f"(±{margin})", CHECK_SOURCE


def _meaning(name: str, text: pd.DataFrame, table: pd.DataFrame, frames: dict):
    """What the data's own labels say: a measure agrees with the label printed for it; a rate or share is a
    percentage of 0 to 100; counts nest (non-conforming <= checked; enterprises <= batches, since every
    enterprise checked gives at least one batch); a year lies within what its source could report (not after
    the source's date, or the day it was read); a change agrees with the printed rates it links; shares of one
    whole add up to it within their rounding."""
    sources = frames["sources"][1].set_index("source_id") if "sources" in frames else None
    for i, r in table.iterrows():
        line = i + 2
        if not pd.isna(r["measure"]) and r["measure"] not in MEASURES:
            yield line, "measure-known", f"measure '{r['measure']}' is not one of {', '.join(MEASURES)}", \
                "name the measure the page prints: pass_rate or nonconformity_rate"
        label = "" if "printed_as" not in table or pd.isna(r["printed_as"]) else str(r["printed_as"])
        if label and not pd.isna(r["measure"]):
            says = "nonconformity_rate" if "不合格" in label else "pass_rate" if "合格" in label else None
            if says and says != r["measure"]:
                yield line, "measure-label", f"measure is '{r['measure']}' but the label printed, '{label}', names a " \
                    f"{'non-conformity' if says == 'nonconformity_rate' else 'pass'} rate", \
                    f"set measure to {says}, or printed_as to the label the page prints for this rate"
        for field in PERCENT_FIELDS:
            if field in table and not pd.isna(r[field]) and not 0 <= float(r[field]) <= 100:
                yield line, "percent-range", f"{field} {text.at[i, field]} is not a percentage of 0 to 100", CHECK_SOURCE
        for part, whole in (("nonconforming_batches", "batches"), ("nonconforming_enterprises", "enterprises"),
                            ("enterprises", "batches")):
            if part in table and whole in table and not pd.isna(r[part]) and not pd.isna(r[whole]) and r[part] > r[whole]:
                yield line, "counts-nest", f"{part} ({r[part]}) is more than {whole} ({r[whole]})", CHECK_SOURCE
        if sources is not None and r["source_id"] in sources.index:
            src = sources.loc[r["source_id"]]
            latest = src["date"] if not pd.isna(src["date"]) else src["accessed"]
            if not pd.isna(latest) and int(r["year"]) > int(str(latest)[:4]):
                yield line, "year-in-source", f"year {r['year']} is after {latest}, the " \
                    f"{'date' if not pd.isna(src['date']) else 'access date'} of its source {r['source_id']}", CHECK_SOURCE
    yield from _changes_agree(text, table)
    if name == "spot_check_breakdowns" and "breakdown_levels" in frames:
        yield from _shares_add_up(text, table, frames["breakdown_levels"][1])


def _as(measure: str, rate: float, wanted: str) -> float:
    return rate if measure == wanted else 100.0 - rate


def _changes_agree(text: pd.DataFrame, table: pd.DataFrame):
    """A printed change against an earlier year agrees with the two printed rates it links, where both years'
    annual rates are printed for the same row (the same scope and category, or dimension and level), within
    the rounding of the three numbers."""
    keys = ["scope", "category"] if "scope" in table else ["dimension", "level"]
    annual = {(int(r["year"]), *[r[k] if not pd.isna(r[k]) else "" for k in keys]): i
              for i, r in table.iterrows() if r["release"] == "annual" and not pd.isna(r["rate"])}
    for i, r in table.iterrows():
        if pd.isna(r["change_pp"]) or pd.isna(r["rate"]) or pd.isna(r["change_vs"]):
            continue
        j = annual.get((int(r["change_vs"]), *[r[k] if not pd.isna(r[k]) else "" for k in keys]))
        if j is None:
            continue
        base = table.loc[j]
        moved = float(r["rate"]) - _as(base["measure"], float(base["rate"]), r["measure"])
        margin = half_unit(text.at[i, "rate"]) + half_unit(text.at[j, "rate"]) + half_unit(text.at[i, "change_pp"])
        if abs(moved - float(r["change_pp"])) > margin + 1e-9:
            yield i + 2, "change-agrees", f"the printed change {text.at[i, 'change_pp']} on {int(r['change_vs'])} " \
                f"disagrees with the printed rates it links: {text.at[i, 'rate']} now and {text.at[j, 'rate']} " \
                f"(line {j + 2}) then, a change of {moved:.2f} (±{margin:.2f}) as {r['measure']}", CHECK_SOURCE


def _shares_add_up(text: pd.DataFrame, table: pd.DataFrame, levels: pd.DataFrame):
    """The shares of one release and dimension are parts of one whole: never more than 100 (within their
    rounding), and 100 within their rounding when they cover the whole (every level without a parent, each
    either printed or split into all its printed children)."""
    parent = dict(zip(levels["level"], levels["parent"]))
    for field in ("share_enterprises", "share_batches"):
        rows = table[table[field].notna()]
        for (year, release, no, dimension), group in rows.groupby(["year", "release", "release_no", "dimension"], dropna=False):
            total = float(group[field].sum())
            margin = sum(half_unit(text.at[i, field]) for i in group.index)
            have = set(group["level"])
            tops = set(levels.loc[(levels["dimension"] == dimension) & levels["parent"].isna(), "level"])
            children = {t: set(levels.loc[levels["parent"] == t, "level"]) for t in tops}
            whole = all(t in have or (children[t] and children[t] <= have) for t in tops)
            if total > 100 + margin + 1e-9 or (whole and total < 100 - margin - 1e-9):
                yield int(group.index[0]) + 2, "shares-add-up", f"the {field} of {dimension} in {year} add up to " \
                    f"{total:g}%, not 100 (±{margin:g}), over lines {', '.join(str(i + 2) for i in group.index)}", CHECK_SOURCE


# The fields each kind of comparison fills; the others stay empty.
CLAIM_FIELDS = {"exact": {"stated_value"}, "derived": {"stated_value"}, "range": {"stated_low", "stated_high"},
                "bound": {"stated_value", "bound"}, "qualitative": {"stated_text"}}


def _claim_rows(claims: pd.DataFrame, values: pd.DataFrame):
    """A fact names its comparison and fills exactly the fields it needs; a target, opinion or statement about
    the article has no comparison and no source value; a fact with no source value (other than one derived in
    its notebook) says what was looked for; a number is compared numerically, a wording qualitatively."""
    numeric = dict(zip(values["value_id"], values["value"].notna()))
    for i, r in claims.iterrows():
        line, fact = i + 2, r["kind"] == "fact"
        if fact == pd.isna(r["check"]):
            yield line, "claim-kind", f"kind '{r['kind']}' with check '{'' if pd.isna(r['check']) else r['check']}'", \
                "a fact names its check; a target, opinion or statement about the article has none"
            continue
        if not fact:
            if not pd.isna(r["value_id"]):
                yield line, "claim-kind", f"a claim of kind '{r['kind']}' has no source value", "empty value_id"
            continue
        filled = {f for f in ("stated_value", "stated_low", "stated_high", "bound", "stated_text") if not pd.isna(r[f])}
        if filled != CLAIM_FIELDS[r["check"]]:
            yield line, "claim-fields", f"check '{r['check']}' fills {sorted(CLAIM_FIELDS[r['check']])}; filled: " \
                                        f"{sorted(filled)}", f"fill exactly {', '.join(sorted(CLAIM_FIELDS[r['check']]))}"
        elif r["check"] == "range" and r["stated_low"] > r["stated_high"]:
            yield line, "claim-fields", "stated_low is above stated_high", "swap them"
        if pd.isna(r["value_id"]) and r["check"] != "derived" and pd.isna(r["looked_for"]):
            yield line, "claim-looked-for", "a fact without a source value says nothing of the search", \
                "say in looked_for what was looked for and where"
        if not pd.isna(r["value_id"]) and (r["check"] == "qualitative") == numeric.get(r["value_id"], False):
            yield line, "claim-value-type", f"check '{r['check']}' compares with value_id '{r['value_id']}', which " \
                                            "holds " + ("a number" if numeric.get(r["value_id"]) else "a text"), \
                "use check qualitative for a text, another check for a number"


KEYS = {"spot_checks": ["year", "release", "release_no", "scope", "category"],
        "spot_check_breakdowns": ["year", "release", "release_no", "dimension", "level"],
        "claim_values": ["value_id"], "claims": ["claim_id"]}


def _printed_fragments(fragments: pd.DataFrame, frames: dict):
    """Each printed fragment belongs to a filled cell of its table (row_key: the row's primary key joined by |)
    and states that cell's number, as :func:`compendium.printed.number` reads it."""
    cells = {}
    for table, key in KEYS.items():
        if table in frames:
            text = frames[table][0]
            for _, row in text.iterrows():
                cells.update({(table, "|".join(row[k] for k in key), f): row for f in text.columns if row[f]})
    for i, r in fragments.iterrows():
        if r["table"] not in frames:   # a table with problems of its own: those are reported, not their fallout
            continue
        row = cells.get((r["table"], r["row_key"], r["field"]))
        if row is None:
            yield i + 2, "printed-target", f"{r['table']} has no filled cell {r['row_key']} / {r['field']}", \
                "name the table's primary key values joined by | and a filled column"
            continue
        try:
            said = number(r["printed"], r["field"], row.get("unit", ""), None if pd.isna(r["figure"]) else int(r["figure"]),
                          int(row["year"]) if "year" in row else None)
        except ValueError as err:
            yield i + 2, "printed-fragment", str(err), "copy the fragment as printed, with its label word"
            continue
        if abs(float(row[r["field"]]) - said) > 1e-9 * max(1.0, abs(said)):
            yield i + 2, "printed-fragment", f"the fragment states {said:g}, the cell holds {row[r['field']]}", \
                CHECK_SOURCE
            continue
        printed_as = decimal_as_printed(r["printed"], r["field"], row.get("unit", ""), None if pd.isna(r["figure"]) else int(r["figure"]))
        if printed_as is not None and _exponent(row[r["field"]]) != printed_as.as_tuple().exponent:
            yield i + 2, "precision-as-printed", f"{r['table']} {r['row_key']} / {r['field']} is written " \
                f"{row[r['field']]}, but the page prints {printed_as} ('{r['printed']}'): its rounding would change", \
                f"write the number with the digits the page prints, as {printed_as}"


def _exponent(cell: str) -> int:
    import decimal
    return decimal.Decimal(cell).as_tuple().exponent


def role_label_problem(units: str, roles: list[str], numbered: bool) -> str:
    """What keeps a printed units list ('装备制造商：A，B 应用单位：C') from reading as role-labelled lists: a
    colon after a word that is not a role, a role without its colon, or a numbered item not starting with a role."""
    text = units.strip()
    for m in re.finditer(r"(\S*?)(\s*)[：:]", text):
        if m.group(2) or not m.group(1).endswith(tuple(roles)):
            return f"'{m.group(0)}' is not a role label" + (" (a space before the colon)" if m.group(2) else "")
    alternatives = "|".join(map(re.escape, sorted(roles, key=len, reverse=True)))
    if numbered and not re.match(f"({alternatives})[：:]", text):
        return "the units list does not start with a role label"
    bare = re.search(f"({alternatives})(?![：:/])", text)
    return f"the role '{bare.group(1)}' has no colon" if bare else ""
