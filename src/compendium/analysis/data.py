"""Reading and validating the data package in ``data/``; ``datapackage.json`` is the only schema.

- :func:`validate` runs Frictionless on every resource: its Table Schema (types, required, minimum/maximum, enum,
  pattern, primary and foreign keys) and, as Frictionless checks, the compendium's own rules
  (:mod:`compendium.analysis.rules`: counts that contradict a printed rate, a change without its base year, a claim
  formula that names no source value, a role label the scenario parser would not see, a printed fragment that
  does not state its number, a number not written in the digits 0-9, ...). ``make datapackage`` runs it before it
  records each file's sha256 in the descriptor, and the tests run it on ``data/`` (so does CI).
- :func:`load` reads the descriptor, checks that each file's sha256 is the recorded one and reads the typed
  tables. It does not validate again: a file whose bytes are those that were validated needs no second
  validation, and Frictionless costs over a second per process (most of it importing jsonschema), which each
  notebook would pay. A file edited since ``make datapackage`` is refused by its checksum.

Every failure is a :class:`DataError` naming the file, the line and the rule, and how to fix it. Raw values are
never changed by code.
"""
from __future__ import annotations

import csv
import dataclasses
import hashlib
import json
import pathlib

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
    """The tables of the data package in ``data_dir``, typed as its schema says. With ``verify`` (the default),
    each file's sha256 must be the one datapackage.json records: the bytes that :func:`validate` accepted."""
    folder = pathlib.Path(data_dir).resolve()
    descriptor = read_descriptor(folder)
    raw = {}
    for res in descriptor["resources"]:
        if verify:
            check_hash(folder, res)
        raw[res["name"]] = read_table(folder, res)
    tables = {res["name"]: typed(raw[res["name"]], res["schema"]) for res in descriptor["resources"]}
    return DataPackage(folder, descriptor, tables, raw)


def _present(folder: pathlib.Path, res: dict) -> pathlib.Path:
    path = folder / res["path"]
    if not path.is_file():
        present = sorted(p.name for p in folder.glob("*.csv"))
        raise DataError(res["path"], "file-present", f"{path} does not exist (resource '{res['name']}'); CSV files "
                        f"present: {present}", fix=f"{RESTORE}, or, if it was renamed deliberately, change its path in "
                        "datapackage.json and run `make datapackage`.")
    return path


def check_hash(folder: pathlib.Path, res: dict) -> None:
    """The file is there and its bytes are the ones whose sha256 `make datapackage` recorded after validating them."""
    path = _present(folder, res)
    expected = res.get("hash", "")
    if not isinstance(expected, str) or not expected.startswith("sha256:"):
        raise DataError(res["path"], "checksum-recorded", "datapackage.json gives no 'sha256:<hex>' hash for it",
                        fix="run `make datapackage` to validate it and record its hash.")
    actual = sha256(path)
    if actual != expected.removeprefix("sha256:"):
        crlf = b"\r\n" in path.read_bytes()
        raise DataError(res["path"], "checksum", "the file changed since `make datapackage` validated it (its sha256 "
                        "is not the one datapackage.json records)" + (", and it has Windows line endings (CRLF)" if crlf else ""),
                        fix=("line endings were converted on checkout (core.autocrlf): data/.gitattributes forbids it "
                             "for clones that have it; in an older clone run `git config core.autocrlf false`, then "
                             "`git rm -r -q --cached data && git checkout HEAD -- data` (it rewrites every data "
                             "file from the last commit)." if crlf else
                             "if the change is a deliberate, sourced correction, run `make datapackage` to validate it "
                             f"and record the new hash; otherwise {RESTORE}."))


def read_table(folder: pathlib.Path, res: dict) -> pd.DataFrame:
    """One CSV as text cells ('' where empty), columns named as in the schema."""
    with _present(folder, res).open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    fields = [f["name"] for f in res["schema"]["fields"]]
    return pd.DataFrame(rows[1:], columns=fields, dtype="string").astype(object)


def typed(frame: pd.DataFrame, schema: dict) -> pd.DataFrame:
    """The text table converted to the types its schema declares (missing cells become NA)."""
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


# --- validation: Frictionless, with the compendium's rules as checks ---------------------------------------------

FIXES = {
    "type-error": "write the value as the type datapackage.json declares for the field.",
    "constraint-error": "correct the value against the page named in source_id (datapackage.json says what the field "
                        "allows).",
    "primary-key": "remove the repeated row, or correct its key.",
    "foreign-key": "use a value the referenced file lists, or add that row there first.",
    "blank-row": "remove the empty line.",
    "extra-cell": "check the commas and quotes on that line.",
    "missing-cell": "check the commas and quotes on that line.",
}
HEADER_FIX = "restore the header, or change the schema in datapackage.json."
STRUCTURE = {"blank-row", "extra-cell", "missing-cell"}


def problems(data_dir: str | pathlib.Path, names: list[str] | None = None) -> list[DataError]:
    """Every problem Frictionless finds in the package (or in the resources ``names`` and those they refer to),
    schema and :mod:`rules` alike, hashes aside: file by file in the order they are validated (a file before those
    that refer to it), each file's by line."""
    folder = pathlib.Path(data_dir).resolve()
    descriptor = read_descriptor(folder)
    for res in descriptor["resources"]:
        text_error = utf8(_present(folder, res), res["path"])
        if text_error:
            return [text_error]
    import frictionless

    from . import rules

    content = json.loads(json.dumps(descriptor))
    for res in content["resources"]:
        res.pop("hash", None), res.pop("bytes", None)
    try:
        package = frictionless.Package(content, basepath=str(folder))
        order = _in_order(package, rules.needs, names)
    except frictionless.FrictionlessException as err:
        return [DataError(DESCRIPTOR, "descriptor", err.error.message, fix=RESTORE + ".")]
    seen: dict[str, list] = {}
    found: list[DataError] = []
    for res in order:
        rows = seen.setdefault(res.name, [])
        report = res.validate(frictionless.Checklist(checks=rules.checks(res.name, seen)), on_row=rows.append)
        errs = [(_data_error(package, res, e), isinstance(e, rules.RuleError))
                for e in [*report.errors, *(e for task in report.tasks for e in task.errors)]]
        found += [e for e, _ in sorted(errs, key=_order)]
    return found


def utf8(path: pathlib.Path, name: str) -> DataError | None:
    """A file that is not UTF-8, or starts with a byte-order mark: Frictionless names no line for the first and
    reads the second silently."""
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        return DataError(name, "encoding", f"byte {data[err.start]:#04x} is not UTF-8 ({err.reason})",
                         line=data[:err.start].count(b"\n") + 1, fix=f"save the file as UTF-8, or {RESTORE}.")
    if data.startswith(b"\xef\xbb\xbf"):
        return DataError(name, "encoding", "the file starts with a byte-order mark (BOM)", line=1,
                         fix="save it as UTF-8 without BOM.")
    return None


def validate(data_dir: str | pathlib.Path, names: list[str] | None = None) -> None:
    """Raise the first of :func:`problems`: what must hold before `make datapackage` records a hash."""
    for err in problems(data_dir, names):
        raise err


def _in_order(package, needs, names: list[str] | None = None) -> list:
    """The resources (or ``names``), each after those its foreign keys and rules read."""
    order: dict[str, object] = {}

    def visit(name: str, path: tuple = ()) -> None:
        res = package.get_resource(name)
        if name in order or name in path:
            return
        for dep in [fk["reference"]["resource"] for fk in res.schema.foreign_keys] + list(needs(name)):
            if dep and dep != name:
                visit(dep, (*path, name))
        order[name] = res

    for name in names or [res.name for res in package.resources]:
        visit(name)
    return list(order.values())


def _order(item: tuple[DataError, bool]) -> tuple:
    """Within a file: what concerns the whole file, then line by line (a row's broken structure before the values
    it displaces, the compendium's rule before Frictionless' reading of the same row)."""
    err, ours = item
    return err.line is not None, err.line or 0, err.rule not in STRUCTURE, not ours


def _data_error(package, res, err) -> DataError:
    """A Frictionless error (or a :class:`rules.RuleError`) as a DataError: file, line, rule, detail, fix."""
    import frictionless

    if hasattr(err, "rule"):
        return DataError(res.path, err.rule, err.note, line=err.row_number, fix=err.fix)
    line = getattr(err, "row_number", None)
    fix = FIXES.get(err.type, RESTORE + ".")
    if isinstance(err, (frictionless.errors.LabelError, frictionless.errors.HeaderError)):
        line, fix = 1, HEADER_FIX
    if isinstance(err, frictionless.errors.ForeignKeyError):
        detail = (f"{', '.join(err.field_names)} = {', '.join(err.field_cells)} is not a row "
                  f"({', '.join(err.reference_field_names)}) of {package.get_resource(err.reference_name).path}")
    elif err.type in STRUCTURE:
        detail = {"blank-row": "an empty line", "extra-cell": "more cells than the header has",
                  "missing-cell": "fewer cells than the header has"}[err.type]
    elif isinstance(err, frictionless.errors.TypeError):
        detail = f"'{err.cell}' in field '{err.field_name}' is not of type {res.schema.get_field(err.field_name).type}"
    elif isinstance(err, frictionless.errors.CellError):
        detail = f"'{err.cell}' in field '{err.field_name}' breaks the schema's {err.note}"
    elif isinstance(err, frictionless.errors.PrimaryKeyError):
        detail = f"its primary key ({', '.join(res.schema.primary_key)}) is {err.note}"
    else:
        detail = err.note or err.message
    return DataError(res.path, err.type, detail, line=line, fix=fix)


def update_hashes(data_dir: str | pathlib.Path) -> list[str]:
    """Validate the package (Frictionless and the compendium's rules), then record each resource's sha256 and size
    in datapackage.json; nothing is written if validation fails. Returns the resources whose hash changed."""
    folder = pathlib.Path(data_dir).resolve()
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
