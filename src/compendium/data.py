"""Reading the data package in data/ (a Frictionless Data Package: datapackage.json, one schema per table in
schemas/) and refusing any damage before a number reaches a notebook.

:func:`load` reads the whole package, whichever tables a notebook uses: a rule can tie a table to another (a
printed fragment to its cell, a share to the other shares of its whole), so every load runs every rule `make
datapackage` runs. For each file, in this order: its path stays inside the data folder (no '..', no absolute
path, no link leading out); its size and sha256, and its schema's, are those datapackage.json records (checked
before a byte is parsed, so a damaged or swapped file, or a schema edited after validation, is never read); it is
UTF-8 without a byte-order mark. Then every table is validated: Frictionless checks the schema (header names in
order, types, required cells, ranges, enums, patterns, unique primary keys, foreign keys, rows of the header's
length), and :mod:`compendium.rules` checks what a schema cannot say, including what the data's own labels
say. The first problem stops the load with one :class:`DataError` naming the file, the line, the rule, the
culprit (invisible and compatibility characters shown as U+XXXX) and a fix that works on the folder read.

``python -m compendium.data [FOLDER]`` (`make datapackage`) validates every table of FOLDER (default: data)
and records each file's size and sha256 in its datapackage.json.
"""
from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
import pathlib
import sys

import pandas as pd

from . import paths, rules

DESCRIPTOR = "datapackage.json"
SCHEMA_HASH = "schema_hash"   # our own property of a resource (the Data Package standard allows them): its schema's sha256


class DataError(ValueError):
    """A data file breaks a rule: the message names the file, the line (1 is the header), the rule and a fix."""

    def __init__(self, file: str, rule: str, detail: str, line: int | None = None, fix: str = "",
                 folder: pathlib.Path | None = None):
        detail = rules.visible(detail)
        self.file, self.rule, self.detail, self.line, self.fix = file, rule, detail, line, fix
        where = str(folder / file) if folder else file
        where += f", line {line}" if line else ""
        super().__init__(f"{where}: rule '{rule}' broken: {detail}." + (f" To fix: {fix}" if fix else ""))

    def _render_traceback_(self) -> list[str]:   # IPython (and so papermill) shows the message alone
        return [f"DataError: {self}"]


@dataclasses.dataclass
class Package:
    folder: pathlib.Path
    tables: dict[str, pd.DataFrame]   # typed as the schemas say; an empty cell is NA
    text: dict[str, pd.DataFrame]     # the same cells as written ('' when empty): a number's printed precision
    files: list[str]                  # the files read, relative to the folder
    sha256: str                       # of datapackage.json, which records every file's hash: the package's identity

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self.tables:
            raise DataError(DESCRIPTOR, "resource-present", f"the package has no table '{name}'; it has "
                            f"{', '.join(sorted(self.tables))}", fix=_fix(self.folder, DESCRIPTOR), folder=self.folder)
        return self.tables[name]


def _fix(folder: pathlib.Path, file: str) -> str:
    """How to repair ``file``, for the folder it was read from: the repository's own data/, or a copy of it."""
    if paths.ROOT is not None and folder == paths.ROOT / "data":
        return (f"restore it with `git checkout -- data/{file}`; for a sourced correction, edit it and run "
                "`make datapackage`, which validates the tables and records their hashes")
    return (f"restore {folder / file} from an unchanged copy of the compendium's data/; for a deliberate change, "
            f"run `python -m compendium.data {folder}`, which validates that folder and records its hashes")


def _inside(folder: pathlib.Path, relative: str, what: str) -> pathlib.Path:
    path = (folder / relative).resolve()
    if pathlib.PurePath(relative).is_absolute() or ".." in pathlib.PurePath(relative).parts \
            or not path.is_relative_to(folder):
        raise DataError(DESCRIPTOR, "path-inside", f"the {what} path '{relative}' leads outside {folder}",
                        fix="name a file inside the data folder, relative to datapackage.json", folder=folder)
    if not path.is_file():
        raise DataError(relative, "file-present", f"{path} does not exist ({what})", fix=_fix(folder, relative), folder=folder)
    return path


def descriptor(folder: pathlib.Path) -> dict:
    path = folder / DESCRIPTOR
    if not path.is_file():
        raise DataError(str(path), "descriptor-present", "there is no data package descriptor there",
                        fix="give data_dir a folder holding datapackage.json (default: the compendium's data/)", folder=folder)
    try:
        found = json.loads(path.read_bytes().decode("utf-8"))
        names = [r["name"] for r in found["resources"]]
        assert all(isinstance(r["path"], str) and isinstance(r["schema"], str) for r in found["resources"])
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, AssertionError) as err:
        raise DataError(DESCRIPTOR, "descriptor", f"not a data package whose resources each name a path and a "
                        f"schema file ({type(err).__name__}: {err})", fix=_fix(folder, DESCRIPTOR), folder=folder) from None
    for key, what in (("name", "name"), ("path", "path"), ("schema", "schema file")):
        seen = [r[key] for r in found["resources"]]
        twice = sorted({v for v in seen if seen.count(v) > 1})
        if twice:
            raise DataError(DESCRIPTOR, "descriptor", f"two resources share the {what} '{twice[0]}'",
                            fix="give each resource its own name, path and schema file", folder=folder)
    by_name = {r["name"]: r for r in found["resources"]}
    for name, needed in rules.NEEDS.items():
        for other in needed:
            if name in by_name and other not in by_name:
                raise DataError(DESCRIPTOR, "resource-present", f"table '{name}' refers to table '{other}', which the "
                                f"package does not list (it lists {', '.join(by_name)})", fix=_fix(folder, DESCRIPTOR),
                                folder=folder)
    return found


def _read(folder: pathlib.Path, res: dict, check_hash: bool) -> tuple[str, dict]:
    """The file's text and its schema, after its path, size, hash and encoding have been checked."""
    path, file = _inside(folder, res["path"], "table"), res["path"]
    schema_file = _inside(folder, res["schema"], "schema")
    if check_hash:
        recorded = res.get("hash", "")
        if not str(recorded).startswith("sha256:") or not isinstance(res.get("bytes"), int) \
                or not str(res.get(SCHEMA_HASH, "")).startswith("sha256:"):
            raise DataError(DESCRIPTOR, "checksum-recorded", f"no size and sha256 recorded for {file} and its schema",
                            fix=_fix(folder, file), folder=folder)
        if path.stat().st_size != res["bytes"] or _sha256(path) != recorded.removeprefix("sha256:"):
            raise DataError(file, "checksum", "the file is not the one whose sha256 datapackage.json records (it "
                            "changed after it was validated)", fix=_fix(folder, file), folder=folder)
        if _sha256(schema_file) != res[SCHEMA_HASH].removeprefix("sha256:"):
            raise DataError(res["schema"], "checksum", "the schema is not the one whose sha256 datapackage.json "
                            "records (it changed after the tables were validated against it)",
                            fix=_fix(folder, res["schema"]), folder=folder)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise DataError(file, "encoding", f"byte {raw[err.start]:#04x} is not UTF-8",
                        line=raw[:err.start].count(b"\n") + 1, fix=_fix(folder, file), folder=folder) from None
    if text.startswith("\ufeff"):
        raise DataError(file, "encoding", "the file starts with a byte-order mark", line=1, fix="save it as UTF-8 "
                        "without a byte-order mark", folder=folder)
    try:
        schema = json.loads(schema_file.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError) as err:
        raise DataError(res["schema"], "schema", f"not a JSON Table Schema ({err})",
                        fix=_fix(folder, res["schema"]), folder=folder) from None
    return text, schema


def _sha256(path: pathlib.Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _frictionless(folder: pathlib.Path, resources: list[dict], schemas: dict[str, dict]) -> list[DataError]:
    """What Frictionless finds wrong with the tables against their schemas (hashes are checked before)."""
    import frictionless

    content = {"resources": [{k: v for k, v in r.items() if k not in ("hash", "bytes")} | {"schema": schemas[r["name"]]}
                             for r in resources]}
    try:
        report = frictionless.Package(content, basepath=str(folder)).validate()
    except frictionless.FrictionlessException as err:
        return [DataError(DESCRIPTOR, "descriptor", err.error.message, fix=_fix(folder, DESCRIPTOR), folder=folder)]
    found, files = [], {r["name"]: r["path"] for r in resources}
    for task in report.tasks:
        for err in task.errors:
            line = getattr(err, "row_number", None) or (1 if "label" in err.type or "header" in err.type else None)
            field = getattr(err, "field_name", None)
            detail = (f"'{err.cell}' in column '{field}': {err.note or err.title}" if hasattr(err, "cell") and field
                      else err.message)
            file = files.get(task.name, task.place)
            fix = _fix(folder, file)
            if err.type == "foreign-key":   # the row may be right, and the row it points to missing
                keys = [fk for fk in schemas[task.name].get("foreignKeys", []) if field in _listed(fk["fields"])] \
                    or schemas[task.name].get("foreignKeys", [])
                pointed = " or ".join(f"{files.get(fk['reference']['resource'], fk['reference']['resource'])} (column "
                                      f"{', '.join(_listed(fk['reference']['fields']))})" for fk in keys)
                detail = f"{err.note or err.message}; the key must be a row of {pointed}"
                fix = f"add the missing row to {pointed.split(' (')[0]}, or correct this cell"
            found.append(DataError(file, err.type, detail.rstrip("."), line, fix, folder=folder))
    return found


def _listed(fields) -> list[str]:
    return fields if isinstance(fields, list) else [fields]


def typed(text: pd.DataFrame, schema: dict) -> pd.DataFrame:
    """The text table converted to the types its schema declares (an empty cell becomes NA)."""
    out = {}
    for field in schema["fields"]:
        col = text[field["name"]].replace("", pd.NA)
        kind = field.get("type", "string")
        if kind == "integer":
            out[field["name"]] = pd.to_numeric(col).astype("Int64")
        elif kind == "number":
            out[field["name"]] = pd.to_numeric(col).astype("Float64")
        elif kind == "boolean":
            out[field["name"]] = col.map({"true": True, "false": False}, na_action="ignore").astype("boolean")
        else:
            out[field["name"]] = col.astype("string")
    return pd.DataFrame(out, index=text.index)


def _check(folder: pathlib.Path, check_hash: bool):
    """(problems, resources, {name: (cells as written, typed table)} of the tables without problems)."""
    resources = descriptor(folder)["resources"]
    texts, schemas, unread = {}, {}, []
    for res in resources:
        try:
            texts[res["name"]], schemas[res["name"]] = _read(folder, res, check_hash)
        except DataError as err:   # a file that cannot be read: named, and the others still checked
            unread.append(err)
    if unread and check_hash:
        raise unread[0]
    resources = [r for r in resources if r["name"] in texts]
    found = unread + _frictionless(folder, resources, schemas)
    frames = {}
    for res in resources:
        name, file = res["name"], res["path"]
        rows = list(csv.reader(io.StringIO(texts[name], newline="")))
        header = [f["name"] for f in schemas[name]["fields"]]
        mine = [DataError(file, rule, detail, line, fix or _fix(folder, file), folder=folder)
                for line, rule, detail, fix in rules.text_rules(name, rows, schemas[name])]
        if rows and rows[0] != header and not any(e.file == file for e in found):
            mine.append(DataError(file, "header", f"the header is {rows[0]}, the schema's is {header}", 1,
                                  _fix(folder, file), folder=folder))
        found += mine
        if not mine and not any(e.file == file for e in found):
            text = pd.DataFrame(rows[1:], columns=header, dtype=object)
            frames[name] = (text, typed(text, schemas[name]))
    for res in resources:
        if res["name"] in frames:
            found += [DataError(res["path"], rule, detail, line, fix or _fix(folder, res["path"]), folder=folder)
                      for line, rule, detail, fix in rules.table_rules(res["name"], frames)]
    order = {r["path"]: k for k, r in enumerate(resources)}
    # a broken table first, then what it breaks elsewhere: a key that points at it may fail only because of it
    return sorted(found, key=lambda e: (e.rule == "foreign-key", order.get(e.file, -1), e.line or 0)), resources, frames


def problems(data_dir: str | pathlib.Path = "data") -> list[DataError]:
    """Every problem of the package's tables, hashes aside: by file in the descriptor's order, then by line."""
    return _check(paths.resolve(data_dir), check_hash=False)[0]


def load(data_dir: str | pathlib.Path = "data") -> Package:
    """Every table of the data package in ``data_dir``, checked as the module says; stops at the first problem
    with a :class:`DataError`."""
    folder = paths.resolve(data_dir)
    found, resources, frames = _check(folder, check_hash=True)
    if found:
        raise found[0]
    files = sorted([DESCRIPTOR] + [r[k] for r in resources for k in ("path", "schema")])
    return Package(folder, {n: f[1] for n, f in frames.items()}, {n: f[0] for n, f in frames.items()}, files,
                   _sha256(folder / DESCRIPTOR))


def record_hashes(data_dir: str | pathlib.Path = "data") -> list[str]:
    """Validate every table of ``data_dir``, then record each file's size and sha256 in its datapackage.json;
    returns the names of the tables whose hash changed. Nothing is written when a table is invalid."""
    folder = paths.resolve(data_dir)
    found = problems(folder)
    if found:
        raise found[0]
    content = descriptor(folder)
    changed = []
    for res in content["resources"]:
        path = _inside(folder, res["path"], "table")
        digest = "sha256:" + _sha256(path)
        schema = "sha256:" + _sha256(_inside(folder, res["schema"], "schema"))
        if res.get("hash") != digest or res.get("bytes") != path.stat().st_size or res.get(SCHEMA_HASH) != schema:
            changed.append(res["name"])
        res["hash"], res["bytes"], res[SCHEMA_HASH] = digest, path.stat().st_size, schema
    (folder / DESCRIPTOR).write_text(json.dumps(content, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return changed


if __name__ == "__main__":
    try:
        changed = record_hashes(sys.argv[1] if len(sys.argv) > 1 else "data")
    except DataError as err:
        sys.exit(f"error: {err}")
    print("valid; hashes recorded" + (f", changed: {', '.join(changed)}" if changed else ", none changed"))
