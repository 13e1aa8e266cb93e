"""Loading and validating the data package in ``data/``.

``datapackage.json`` is the only schema. ``load(data_dir)`` returns every table it describes as a typed pandas
DataFrame, after checking, in this order: the descriptor itself; each file's presence and sha256; its encoding
(UTF-8), header and row widths; the Table Schema rules the descriptor declares (types, required, minimum/maximum,
enum, pattern, primary and foreign keys), read from the descriptor and checked in pandas because that takes
milliseconds where Frictionless takes a third of a second per load (tests and ``make datapackage`` run
Frictionless itself, see :func:`validate_with_frictionless`); and the compendium's own rules (``RULES`` below,
e.g. counts that contradict a printed rate). The first failure raises :class:`DataError` naming the file, the
line and the rule; no other exception escapes for damaged data. Raw values are never changed by code.
"""
from __future__ import annotations

import csv
import dataclasses
import decimal
import hashlib
import io
import json
import pathlib
from typing import Callable, Iterator

import pandas as pd

DESCRIPTOR = "datapackage.json"
RESTORE = "restore it with `git checkout -- data/`"


class DataError(ValueError):
    """A data file breaks a rule. The message names the file, the line (1 = header) and the rule."""

    def __init__(self, file: str, rule: str, detail: str, line: int | None = None, fix: str = ""):
        self.file, self.rule, self.detail, self.line = file, rule, detail, line
        where = f"{file}, line {line}" if line is not None else file
        message = f"{where}: rule '{rule}' broken: {detail}"
        if fix:
            message += f" How to fix: {fix}"
        super().__init__(message)


@dataclasses.dataclass
class DataPackage:
    folder: pathlib.Path
    descriptor: dict
    tables: dict[str, pd.DataFrame]
    raw: dict[str, pd.DataFrame]  # the same tables as printed text, for rounding rules

    def __getitem__(self, name: str) -> pd.DataFrame:
        try:
            return self.tables[name]
        except KeyError:
            raise KeyError(f"no resource '{name}' in {self.folder / DESCRIPTOR}; have: {sorted(self.tables)}") from None

    def resource(self, name: str) -> dict:
        for res in self.descriptor["resources"]:
            if res["name"] == name:
                return res
        raise KeyError(f"no resource '{name}' in {self.folder / DESCRIPTOR}")

    def source(self, source_id: str) -> dict:
        rows = self["sources"].loc[lambda d: d["source_id"] == source_id]
        if rows.empty:
            raise KeyError(f"unknown source_id '{source_id}': not a row of {self.folder / 'sources.csv'}")
        return {k: (None if pd.isna(v) else v) for k, v in rows.iloc[0].items()}


def sha256(path: pathlib.Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_descriptor(folder: pathlib.Path) -> dict:
    """The descriptor, checked enough that the rest can rely on it (every resource has a name, path and fields)."""
    path = folder / DESCRIPTOR
    if not path.is_file():
        raise DataError(str(path), "descriptor-present", "the data package descriptor is missing",
                        fix="point data_dir at the compendium's data/ folder, which holds datapackage.json.")
    try:
        descriptor = json.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError as err:
        raise DataError(DESCRIPTOR, "encoding", f"not UTF-8 ({err.reason} at byte {err.start})", fix=RESTORE + ".") from None
    except json.JSONDecodeError as err:
        raise DataError(DESCRIPTOR, "descriptor-json", str(err), line=err.lineno, fix=RESTORE + ".") from None
    resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
    if not isinstance(resources, list) or not resources:
        raise DataError(DESCRIPTOR, "descriptor-resources", "it lists no resources", fix=RESTORE + ".")
    for k, res in enumerate(resources):
        fields = res.get("schema", {}).get("fields") if isinstance(res, dict) else None
        if not isinstance(res, dict) or not res.get("name") or not res.get("path") or not isinstance(fields, list) \
                or not all(isinstance(f, dict) and f.get("name") for f in fields):
            raise DataError(DESCRIPTOR, "descriptor-resource", f"resource {k + 1} lacks a name, a path or schema fields "
                            "each with a name", fix=RESTORE + ".")
    return descriptor


def load(data_dir: str | pathlib.Path, verify: bool = True) -> DataPackage:
    """Read and (by default) validate every resource of the data package in ``data_dir``."""
    folder = pathlib.Path(data_dir).resolve()
    descriptor = read_descriptor(folder)
    raw = {}
    for res in descriptor["resources"]:
        if verify:
            check_file(folder, res)
        raw[res["name"]] = read_table(folder, res)
    if verify:
        for err in (*supported(descriptor), *schema_errors(descriptor, raw)):
            raise err
    tables = {name: typed(frame, _schema(descriptor, name)) for name, frame in raw.items()}
    pkg = DataPackage(folder, descriptor, tables, raw)
    if verify:
        check_rules(pkg)
    return pkg


def check_rules(pkg: DataPackage) -> None:
    for name, rules in RULES.items():
        if name in pkg.tables:
            for rule in rules:
                rule(pkg, name)


def _schema(descriptor: dict, name: str) -> dict:
    return next(r for r in descriptor["resources"] if r["name"] == name)["schema"]


def _present(folder: pathlib.Path, res: dict) -> pathlib.Path:
    path = folder / res["path"]
    if not path.is_file():
        present = sorted(p.name for p in folder.glob("*.csv"))
        raise DataError(res["path"], "file-present", f"{path} does not exist (resource '{res['name']}'); CSV files "
                        f"present: {present}", fix=f"{RESTORE}, or, if it was renamed deliberately, change its path in "
                        "datapackage.json and run `make datapackage`.")
    return path


def check_file(folder: pathlib.Path, res: dict) -> None:
    """Presence and checksum of one resource, before anything reads its values."""
    path = _present(folder, res)
    expected = res.get("hash", "")
    if not isinstance(expected, str) or not expected.startswith("sha256:"):
        raise DataError(res["path"], "checksum-recorded", "datapackage.json gives no 'sha256:<hex>' hash for it",
                        fix="run `make datapackage` to record it.")
    actual = sha256(path)
    if actual != expected.removeprefix("sha256:"):
        crlf = b"\r\n" in path.read_bytes()
        raise DataError(res["path"], "checksum", f"its sha256 is {actual} but datapackage.json records "
                        f"{expected.removeprefix('sha256:')}: the file changed without its checksum"
                        + (" (it has Windows line endings, CRLF)" if crlf else ""),
                        fix=("line endings were converted on checkout (core.autocrlf): data/.gitattributes forbids it "
                             "for clones that have it; in an older clone run `git config core.autocrlf false`, then "
                             "`git rm -r -q --cached data && git checkout HEAD -- data` (it rewrites every data "
                             "file from the last commit)." if crlf else
                             "if the change is a deliberate, sourced correction, run `make datapackage` to validate it "
                             f"and record the new hash; otherwise {RESTORE}."))


def read_table(folder: pathlib.Path, res: dict) -> pd.DataFrame:
    """One CSV as text cells, refusing bad encoding, an empty file, a header that is not the schema's, a table
    without rows, a blank line and a row of the wrong width, each with its line."""
    name = res["path"]
    data = _present(folder, res).read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[:err.start].count(b"\n") + 1
        raise DataError(name, "encoding", f"byte {data[err.start]:#04x} is not UTF-8 ({err.reason})", line=line,
                        fix=f"save the file as UTF-8, or {RESTORE}.") from None
    if text.startswith("\ufeff"):
        raise DataError(name, "encoding", "the file starts with a byte-order mark (BOM)", line=1,
                        fix="save it as UTF-8 without BOM.")
    fields = [f["name"] for f in res["schema"]["fields"]]
    if not text.strip():
        raise DataError(name, "header", f"the file is empty; the schema expects the header {','.join(fields)}", line=1,
                        fix=RESTORE + ".")
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as err:
        raise DataError(name, "csv-syntax", str(err), fix="check the quotes on that line.") from None
    header = rows[0]
    if header != fields:
        missing = [f for f in fields if f not in header]
        extra = [h for h in header if h not in fields]
        detail = (f"missing columns {missing}, unexpected columns {extra}" if missing or extra
                  else "the columns are in another order")
        raise DataError(name, "header", f"{detail}; the schema expects {fields}", line=1,
                        fix="restore the header, or change the schema in datapackage.json.")
    body = rows[1:]
    if not body:
        raise DataError(name, "rows-present", "the table has a header but no rows", line=2, fix=RESTORE + ".")
    for i, row in enumerate(body, start=2):
        if not row:
            raise DataError(name, "blank-row", "an empty line", line=i, fix="remove the empty line.")
        if len(row) != len(fields):
            raise DataError(name, "row-width", f"{len(row)} cells where the header has {len(fields)}", line=i,
                            fix="check the commas and quotes on that line.")
    return pd.DataFrame(body, columns=fields, dtype="string").astype(object)


def validate_with_frictionless(folder: pathlib.Path, check_hashes: bool = True) -> Iterator[DataError]:
    """Frictionless' own validation (types, constraints, primary and foreign keys; hashes unless told), as DataErrors."""
    import frictionless

    descriptor = read_descriptor(folder)
    if not check_hashes:
        descriptor = json.loads(json.dumps(descriptor))
        for res in descriptor["resources"]:
            res.pop("hash", None)
            res.pop("bytes", None)
    paths = {r["name"]: r["path"] for r in descriptor["resources"]}
    try:
        package = frictionless.Package(descriptor, basepath=str(folder))
        report = package.validate()
    except frictionless.FrictionlessException as err:
        yield DataError(DESCRIPTOR, "descriptor-frictionless", str(err))
        return
    for err in report.errors:
        yield DataError(DESCRIPTOR, err.type, err.message)
    for task in report.tasks:
        for err in task.errors:
            yield DataError(paths.get(task.name, task.name), err.type, err.message,
                            line=getattr(err, "row_number", None))


_TYPE_PATTERNS = {"integer": r"-?\d+", "number": r"-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?",
                  "date": r"\d{4}-\d{2}-\d{2}", "boolean": r"true|false"}
TYPES = {"string", *_TYPE_PATTERNS}
CONSTRAINTS = {"required", "minimum", "maximum", "enum", "pattern"}


def supported(descriptor: dict) -> Iterator[DataError]:
    """Everything the descriptor declares must be something :func:`schema_errors` checks, so the one schema cannot
    say more than the loader enforces (add the check here before using a new type or constraint)."""
    for res in descriptor["resources"]:
        for field in res["schema"]["fields"]:
            kind, cons = field.get("type", "string"), set(field.get("constraints", {}))
            if kind not in TYPES or cons - CONSTRAINTS:
                yield DataError(DESCRIPTOR, "descriptor-unsupported", f"{res['path']} field '{field['name']}' uses "
                                f"type '{kind}' and constraints {sorted(cons)}; the loader checks types {sorted(TYPES)} "
                                f"and constraints {sorted(CONSTRAINTS)}")


def schema_errors(descriptor: dict, raw: dict[str, pd.DataFrame]) -> Iterator[DataError]:
    """The Table Schema rules of datapackage.json checked on the raw text: required, type, minimum/maximum,
    enum, pattern, primary key and foreign keys. Rule names follow Frictionless ('type-error',
    'constraint-error', 'primary-key', 'foreign-key'); the tests check that Frictionless itself agrees."""
    for res in descriptor["resources"]:
        frame, schema, path = raw[res["name"]], res["schema"], res["path"]
        for field in schema["fields"]:
            col, kind, cons = frame[field["name"]], field.get("type", "string"), field.get("constraints", {})
            present = col != ""
            if cons.get("required"):
                for i in col.index[~present]:
                    yield DataError(path, "constraint-error", f"field '{field['name']}' is required but empty", line=i + 2)
            values = col[present]
            if kind in _TYPE_PATTERNS:
                bad = values[~values.str.fullmatch(_TYPE_PATTERNS[kind])]
                for i, v in bad.items():
                    yield DataError(path, "type-error", f"'{v}' in field '{field['name']}' is not of type {kind}", line=i + 2)
                if kind in ("integer", "number"):
                    numbers = pd.to_numeric(values, errors="coerce")
                    for bound, test in (("minimum", numbers.lt), ("maximum", numbers.gt)):
                        if bound in cons:
                            for i in numbers.index[test(cons[bound])]:
                                yield DataError(path, "constraint-error", f"'{values[i]}' in field '{field['name']}' is "
                                                f"outside its {bound} {cons[bound]}", line=i + 2)
            if "enum" in cons:
                for i, v in values[~values.isin([str(e) for e in cons["enum"]])].items():
                    yield DataError(path, "constraint-error", f"'{v}' in field '{field['name']}' is not one of {cons['enum']}", line=i + 2)
            if "pattern" in cons:
                for i, v in values[~values.str.fullmatch(cons["pattern"])].items():
                    yield DataError(path, "constraint-error", f"'{v}' in field '{field['name']}' does not match {cons['pattern']}", line=i + 2)
        key = schema.get("primaryKey")
        if key:
            dup = frame.duplicated(subset=key, keep="first")
            for i in frame.index[dup]:
                yield DataError(path, "primary-key", f"the same {key} as an earlier row: {tuple(frame.loc[i, key])}", line=i + 2)
        for fk in schema.get("foreignKeys", []):
            ref, cols = fk["reference"], fk["fields"]
            target = raw.get(ref["resource"])
            if target is None:
                yield DataError(DESCRIPTOR, "descriptor-resource", f"{path} refers to resource '{ref['resource']}', "
                                "which the descriptor does not list")
                continue
            allowed = set(map(tuple, target[ref["fields"]].to_numpy()))
            sub = frame[cols]
            for i, vals in zip(sub.index, map(tuple, sub.to_numpy())):
                if all(v != "" for v in vals) and vals not in allowed:
                    yield DataError(path, "foreign-key", f"{dict(zip(cols, vals))} is not a row ({', '.join(ref['fields'])}) "
                                    f"of {ref['resource']}", line=i + 2)


def typed(frame: pd.DataFrame, schema: dict) -> pd.DataFrame:
    """The raw text table converted to the types its schema declares (missing cells become NA)."""
    out = {}
    for field in schema["fields"]:
        col = frame[field["name"]].replace("", pd.NA)
        kind = field.get("type", "string")
        if kind == "integer":
            out[field["name"]] = pd.to_numeric(col).astype("Int64")
        elif kind == "number":
            out[field["name"]] = pd.to_numeric(col).astype("Float64")
        elif kind == "boolean":
            out[field["name"]] = col.map({"true": True, "false": False}, na_action="ignore").astype("boolean")
        else:
            out[field["name"]] = col.astype("string")
    return pd.DataFrame(out, index=frame.index)


def half_unit(text: str) -> float:
    """Half a unit of the last printed digit: the rounding margin of a printed number ('10.3' -> 0.05)."""
    exponent = decimal.Decimal(text.strip()).as_tuple().exponent
    return 0.5 * 10.0 ** int(exponent)


# --- the compendium's own rules, beyond what a Frictionless schema can say ---------------------------------

def _fail(pkg: DataPackage, name: str, rule: str, detail: str, i: int, fix: str = "") -> None:
    raise DataError(pkg.resource(name)["path"], rule, detail, line=i + 2, fix=fix)


def rule_scope_category(pkg: DataPackage, name: str) -> None:
    """A national row has no category; a category row names one."""
    for i, row in pkg[name].iterrows():
        if (row["scope"] == "national") == (not pd.isna(row["category"])):
            _fail(pkg, name, "scope-category", f"scope is '{row['scope']}' but category is '{row['category']}'; a national "
                  "row leaves category empty and a category row names a code of categories.csv", i)


def rule_release_no(pkg: DataPackage, name: str) -> None:
    """Annual results have no release number; a batch or half-year names its number."""
    for i, row in pkg[name].iterrows():
        if (row["release"] == "annual") != pd.isna(row["release_no"]):
            _fail(pkg, name, "release-number", f"release '{row['release']}' with release_no '{row['release_no']}': annual "
                  "results leave release_no empty, a batch or half-year gives its number", i)


def rule_change_has_reference(pkg: DataPackage, name: str) -> None:
    """A printed change names the earlier year it is measured against, and a rate or change names its measure."""
    for i, row in pkg[name].iterrows():
        has_change = not pd.isna(row["change_pp"])
        if has_change != (not pd.isna(row["change_vs"])):
            _fail(pkg, name, "change-reference", "change_pp and change_vs go together: a printed change needs the year "
                  "it is measured against", i)
        if has_change and int(row["change_vs"]) >= int(row["year"]):
            _fail(pkg, name, "change-reference", f"change_vs {row['change_vs']} is not earlier than year {row['year']}", i)
        if (has_change or not pd.isna(row["rate"])) and pd.isna(row["measure"]):
            _fail(pkg, name, "change-reference", "a rate or change needs measure (pass_rate or nonconformity_rate)", i)


def rule_change_base_held(pkg: DataPackage, name: str) -> None:
    """A change refers to a level the data holds: where the data has the annual breakdown of the dimension for the
    year change_vs, the level must be one of it (a change against a level that year did not report has no base)."""
    t = pkg[name]
    annual = t[t["release"] == "annual"]
    for i, row in t.iterrows():
        if pd.isna(row["change_vs"]):
            continue
        then = annual[(annual["year"] == row["change_vs"]) & (annual["dimension"] == row["dimension"])]
        if len(then) and row["level"] not in set(then["level"]):
            _fail(pkg, name, "change-base", f"the change is against {row['dimension']} = {row['level']} in "
                  f"{row['change_vs']}, but that year's breakdown holds only {sorted(set(then['level']))}", i,
                  fix="drop change_pp and change_vs (keep the change only where its base is held).")


def rule_counts_match_rate(pkg: DataPackage, name: str) -> None:
    """Where batches, non-conforming batches and a rate are all printed, they agree within the rate's rounding."""
    t, raw = pkg[name], pkg.raw[name]
    for i, row in t.iterrows():
        if any(pd.isna(row[c]) for c in ("batches", "nonconforming_batches", "rate")):
            continue
        if row["nonconforming_batches"] > row["batches"]:
            _fail(pkg, name, "counts-match-rate", f"{row['nonconforming_batches']} non-conforming batches exceed "
                  f"{row['batches']} batches", i)
        computed = 100.0 * row["nonconforming_batches"] / row["batches"]
        printed = float(row["rate"]) if row["measure"] == "nonconformity_rate" else 100.0 - float(row["rate"])
        margin = half_unit(raw.loc[i, "rate"])
        if abs(computed - printed) > margin + 1e-9:
            _fail(pkg, name, "counts-match-rate", f"{row['nonconforming_batches']} of {row['batches']} batches is "
                  f"{computed:.3f}% non-conforming, but the printed {row['measure']} {raw.loc[i, 'rate']} means "
                  f"{printed:.2f}% (allowed rounding ±{margin})", i, fix="check both numbers against the source named in source_id.")


# Which typed fields each kind of comparison needs (claims.csv); the others stay empty.
CLAIM_FIELDS = {"exact": {"stated_value"}, "derived": {"stated_value", "formula"}, "range": {"stated_low", "stated_high"},
                "bound": {"stated_value", "bound"}, "qualitative": {"stated_text"}}
_TYPED = {"stated_value", "stated_low", "stated_high", "bound", "stated_text", "formula"}


def rule_claim_fields(pkg: DataPackage, name: str) -> None:
    """A fact names its comparison and fills exactly the fields it needs; a claim that is not a fact (a target, an
    opinion, a statement about the article) has no comparison and no source value; a fact with no source value
    says what was looked for and where; a value compared numerically is a number, qualitatively a text."""
    values = pkg["claim_values"].set_index("value_id") if "claim_values" in pkg.tables else None
    for i, row in pkg[name].iterrows():
        fact, check = row["kind"] == "fact", row["check"]
        if fact == pd.isna(check):
            _fail(pkg, name, "claim-kind", f"kind '{row['kind']}' with check '{check}': a fact names its check, "
                  "a target, opinion or statement about the article has none", i)
        if not fact:
            if not pd.isna(row["value_id"]) or not pd.isna(row["formula"]):
                _fail(pkg, name, "claim-kind", f"a claim of kind '{row['kind']}' is not checkable and takes no source value", i)
            continue
        need = CLAIM_FIELDS[check]
        filled = {f for f in _TYPED if not pd.isna(row[f])}
        if filled != need:
            _fail(pkg, name, "claim-fields", f"check '{check}' needs exactly {sorted(need)}; filled: {sorted(filled)}", i)
        if check == "range" and row["stated_low"] > row["stated_high"]:
            _fail(pkg, name, "claim-fields", "stated_low is above stated_high", i)
        if pd.isna(row["value_id"]) and pd.isna(row["formula"]) and pd.isna(row["looked_for"]):
            _fail(pkg, name, "claim-looked-for", "a fact with no source value must say in looked_for what was looked for and where", i)
        if not pd.isna(row["value_id"]) and values is not None and row["value_id"] in values.index:
            v = values.loc[row["value_id"]]
            if (check == "qualitative") != pd.isna(v["value"]):
                _fail(pkg, name, "claim-value-type", f"check '{check}' compares with value_id '{row['value_id']}', which "
                      "holds " + ("a number" if pd.isna(v["value_text"]) else "a text"), i)


def rule_value_or_text(pkg: DataPackage, name: str) -> None:
    """A source value is a number or a summarised text, never both or neither."""
    for i, row in pkg[name].iterrows():
        if pd.isna(row["value"]) == pd.isna(row["value_text"]):
            _fail(pkg, name, "value-or-text", "fill exactly one of value (a number) and value_text (a summary)", i)


def rule_printed_refers_to_a_value(pkg: DataPackage, name: str) -> None:
    """Each printed form belongs to a filled cell of its table (row_key = the row's primary key joined by |)."""
    filled: dict[str, set[tuple[str, str]]] = {}
    t = pkg.raw[name]
    for table in t["table"].unique():
        raw, key = pkg.raw[table], pkg.resource(table)["schema"]["primaryKey"]
        keys = raw[key[0]].str.cat([raw[k] for k in key[1:]], sep="|") if len(key) > 1 else raw[key[0]]
        filled[table] = {(k, f) for f in raw.columns for k in keys[raw[f] != ""]}
    for i, (table, row_key, field) in enumerate(zip(t["table"], t["row_key"], t["field"])):
        if (row_key, field) not in filled[table]:
            _fail(pkg, name, "printed-target", f"{table} has no filled cell {row_key} / {field}", i)


RULES: dict[str, list[Callable[[DataPackage, str], None]]] = {
    "spot_checks": [rule_scope_category, rule_release_no, rule_change_has_reference, rule_counts_match_rate],
    "spot_check_breakdowns": [rule_release_no, rule_change_has_reference, rule_change_base_held, rule_counts_match_rate],
    "claims": [rule_claim_fields],
    "claim_values": [rule_value_or_text],
    "printed_values": [rule_printed_refers_to_a_value],
}


def validate(folder: str | pathlib.Path) -> None:
    """Everything but the checksums, Frictionless included: what must hold before a hash is recorded."""
    folder = pathlib.Path(folder).resolve()
    descriptor = read_descriptor(folder)
    raw = {res["name"]: read_table(folder, res) for res in descriptor["resources"]}
    for err in validate_with_frictionless(folder, check_hashes=False):
        raise err
    for err in (*supported(descriptor), *schema_errors(descriptor, raw)):
        raise err
    tables = {name: typed(frame, _schema(descriptor, name)) for name, frame in raw.items()}
    check_rules(DataPackage(folder, descriptor, tables, raw))


def update_hashes(data_dir: str | pathlib.Path, validate_first: bool = True) -> list[str]:
    """Validate the package (Frictionless and the compendium's rules), then record each resource's sha256 and size
    in datapackage.json; nothing is written if validation fails. Returns the resources whose hash changed."""
    folder = pathlib.Path(data_dir).resolve()
    if validate_first:
        validate(folder)
    descriptor = read_descriptor(folder)
    changed = []
    for res in descriptor["resources"]:
        path = _present(folder, res)
        digest = "sha256:" + sha256(path)
        if res.get("hash") != digest:
            changed.append(res["name"])
        res["hash"], res["bytes"] = digest, path.stat().st_size
    (folder / DESCRIPTOR).write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return changed
