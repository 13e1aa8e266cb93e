"""Loading and validating the data package in ``data/``.

``load(data_dir)`` returns every table of ``datapackage.json`` as a typed pandas DataFrame, after checking, in
this order: each file's sha256 and columns against the descriptor; the Frictionless validation of types,
constraints (e.g. a rate between 0 and 100), primary keys (no duplicate year and category) and foreign keys (every
``source_id`` names a row of ``sources.csv``); and the compendium's own rules (``RULES`` below, e.g. counts that
contradict a printed rate). The first failure raises :class:`DataError` naming the file, the line and the rule.
Raw values are never changed by code: derived values are computed elsewhere and never written back.
"""
from __future__ import annotations

import dataclasses
import decimal
import hashlib
import json
import pathlib
from typing import Callable, Iterator

import pandas as pd

DESCRIPTOR = "datapackage.json"


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
    path = folder / DESCRIPTOR
    if not path.is_file():
        raise DataError(str(path), "descriptor-present", "the data package descriptor is missing",
                        fix="point data_dir at the compendium's data/ folder, which holds datapackage.json.")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise DataError(str(path), "descriptor-json", str(err), line=err.lineno) from None


def load(data_dir: str | pathlib.Path, verify: bool = True) -> DataPackage:
    """Read and (by default) validate every resource of the data package in ``data_dir``."""
    folder = pathlib.Path(data_dir).resolve()
    descriptor = read_descriptor(folder)
    raw = {}
    for res in descriptor["resources"]:
        path = folder / res["path"]
        if not path.is_file():
            raise DataError(res["path"], "file-present", f"{path} does not exist",
                            fix="restore it from git (git checkout -- data/) or fix its path in datapackage.json.")
        if verify:
            check_file(folder, res)
        raw[res["name"]] = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    if verify:
        for err in schema_errors(descriptor, raw):
            raise err
    tables = {name: typed(frame, _schema(descriptor, name)) for name, frame in raw.items()}
    pkg = DataPackage(folder, descriptor, tables, raw)
    if verify:
        for name, rules in RULES.items():
            if name in tables:
                for rule in rules:
                    rule(pkg, name)
    return pkg


def _schema(descriptor: dict, name: str) -> dict:
    return next(r for r in descriptor["resources"] if r["name"] == name)["schema"]


def check_file(folder: pathlib.Path, res: dict) -> None:
    """Checksum and header of one resource, before anything reads its values."""
    path = folder / res["path"]
    expected = res.get("hash", "")
    if not expected.startswith("sha256:"):
        raise DataError(res["path"], "checksum-recorded", "datapackage.json gives no 'sha256:<hex>' hash for it",
                        fix="run `python -m compendium datapackage` to record it.")
    actual = sha256(path)
    if actual != expected.removeprefix("sha256:"):
        raise DataError(res["path"], "checksum", f"its sha256 is {actual} but datapackage.json records "
                        f"{expected.removeprefix('sha256:')}: the file changed without its checksum",
                        fix="if the change is a deliberate, sourced correction, run `python -m compendium "
                        "datapackage` to record the new hash; otherwise restore it with git checkout -- data/.")
    header = path.read_text(encoding="utf-8").splitlines()[0].split(",")
    fields = [f["name"] for f in res["schema"]["fields"]]
    missing = [f for f in fields if f not in header]
    extra = [h for h in header if h not in fields]
    if missing or extra:
        raise DataError(res["path"], "columns", f"missing columns {missing}, unexpected columns {extra}; "
                        f"the schema expects {fields}", line=1)


def validate_with_frictionless(folder: pathlib.Path) -> Iterator[DataError]:
    """Frictionless' own validation (types, constraints, primary and foreign keys), as DataErrors."""
    import frictionless

    report = frictionless.validate(str(folder / DESCRIPTOR))
    paths = {r["name"]: r["path"] for r in json.loads((folder / DESCRIPTOR).read_text(encoding="utf-8"))["resources"]}
    if not report.tasks and report.errors:
        for err in report.errors:
            yield DataError(DESCRIPTOR, err.type, err.message)
    for task in report.tasks:
        for err in task.errors:
            yield DataError(paths.get(task.name, task.name), err.type, err.message,
                            line=getattr(err, "row_number", None))


_TYPE_PATTERNS = {"integer": r"-?\d+", "number": r"-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?"}


def schema_errors(descriptor: dict, raw: dict[str, pd.DataFrame]) -> Iterator[DataError]:
    """The Table Schema rules of datapackage.json checked on the raw text: required, type, minimum/maximum,
    enum, pattern, primary key and foreign keys. Rule names follow Frictionless ('type-error',
    'constraint-error', 'primary-key', 'foreign-key'); the tests check that Frictionless itself agrees.
    Done here with pandas because it takes milliseconds, where Frictionless takes a third of a second per load."""
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
            ref = fk["reference"]
            allowed = set(raw[ref["resource"]][ref["fields"][0]])
            col = frame[fk["fields"][0]]
            for i, v in col[(col != "") & ~col.isin(allowed)].items():
                yield DataError(path, "foreign-key", f"'{v}' in field '{fk['fields'][0]}' is not a {ref['fields'][0]} of "
                                f"{ref['resource']}", line=i + 2)


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
    return pd.DataFrame(out)


def half_unit(text: str) -> float:
    """Half a unit of the last printed digit: the rounding margin of a printed number ('10.3' -> 0.05)."""
    exponent = decimal.Decimal(text.strip()).as_tuple().exponent
    return 0.5 * 10.0 ** int(exponent)


# --- the compendium's own rules, beyond what a Frictionless schema can say ---------------------------------

def rule_scope_category(pkg: DataPackage, name: str) -> None:
    """A national row has no category; a category row names one."""
    t = pkg[name]
    for i, row in t.iterrows():
        national = row["scope"] == "national"
        if national == (not pd.isna(row["category"])):
            raise DataError(pkg.resource(name)["path"], "scope-category",
                            f"scope is '{row['scope']}' but category is '{row['category']}'; a national row "
                            "leaves category empty and a category row names a code of categories.csv", line=i + 2)


def rule_change_has_reference(pkg: DataPackage, name: str) -> None:
    """A printed change names the year it is measured against and the measure it is a change of."""
    t = pkg[name]
    for i, row in t.iterrows():
        has_change = not pd.isna(row["change_pp"])
        if has_change != (not pd.isna(row["change_vs"])) or ((has_change or not pd.isna(row["rate"])) and pd.isna(row["measure"])):
            raise DataError(pkg.resource(name)["path"], "change-reference",
                            "a printed change needs change_vs (the year it is measured against), and a rate or "
                            "change needs measure (pass_rate or nonconformity_rate)", line=i + 2)


def rule_counts_match_rate(pkg: DataPackage, name: str) -> None:
    """Where batches, non-conforming batches and a rate are all printed, they agree within the rate's rounding."""
    t, raw = pkg[name], pkg.raw[name]
    for i, row in t.iterrows():
        if any(pd.isna(row[c]) for c in ("batches", "nonconforming_batches", "rate")):
            continue
        if row["nonconforming_batches"] > row["batches"]:
            raise DataError(pkg.resource(name)["path"], "counts-match-rate",
                            f"{row['nonconforming_batches']} non-conforming batches exceed {row['batches']} batches",
                            line=i + 2)
        computed = 100.0 * row["nonconforming_batches"] / row["batches"]
        printed = float(row["rate"]) if row["measure"] == "nonconformity_rate" else 100.0 - float(row["rate"])
        margin = half_unit(raw.loc[i, "rate"])
        if abs(computed - printed) > margin + 1e-9:
            raise DataError(pkg.resource(name)["path"], "counts-match-rate",
                            f"{row['nonconforming_batches']} of {row['batches']} batches is {computed:.3f}% "
                            f"non-conforming, but the printed {row['measure']} {raw.loc[i, 'rate']} means "
                            f"{printed:.2f}% (allowed rounding ±{margin})", line=i + 2,
                            fix="check both numbers against the source named in source_id.")


RULES: dict[str, list[Callable[[DataPackage, str], None]]] = {
    "spot_checks": [rule_scope_category, rule_change_has_reference, rule_counts_match_rate],
    "spot_check_breakdowns": [rule_change_has_reference, rule_counts_match_rate],
}


def update_hashes(data_dir: str | pathlib.Path) -> list[str]:
    """Record each resource's sha256 and size in datapackage.json; returns the resources whose hash changed."""
    folder = pathlib.Path(data_dir).resolve()
    descriptor = read_descriptor(folder)
    changed = []
    for res in descriptor["resources"]:
        path = folder / res["path"]
        digest = "sha256:" + sha256(path)
        if res.get("hash") != digest:
            changed.append(res["name"])
        res["hash"], res["bytes"] = digest, path.stat().st_size
    (folder / DESCRIPTOR).write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return changed
