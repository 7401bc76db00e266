"""Read a corpus's rows: a folder of .txt files with a manifest, or a CSV, JSON lines or Parquet file.

Readers return the raw rows (one per document, with the fields of :data:`helpers.corpus.spec.FIELDS`
they found and any ``corpus.keep`` columns) and the warnings met on the way; cleaning and checks
come after (:mod:`helpers.corpus.load`).
"""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pandas as pd

from helpers.corpus.spec import FIELDS, MANIFEST_NAMES, REQUIRED, CorpusSpec
from helpers.errors import InputError
from helpers.paths import resolve


def detect_format(path: Path, fmt: str) -> str:
    """The format of ``path``: ``fmt`` if given, else from the file name (a folder is ``folder``)."""
    if not path.exists():
        raise InputError(f"corpus path {path} does not exist; set corpus.path to a folder of .txt files or a data file")
    if fmt != "auto":
        return fmt
    if path.is_dir():
        return "folder"
    name = path.name.lower()
    for suffix, detected in (
        (".csv", "csv"),
        (".csv.gz", "csv"),
        (".jsonl", "jsonl"),
        (".jsonl.gz", "jsonl"),
        (".ndjson", "jsonl"),
        (".json", "jsonl"),
        (".parquet", "parquet"),
        (".pq", "parquet"),
    ):
        if name.endswith(suffix):
            return detected
    raise InputError(
        f"{path}: cannot tell the format from the file name; name it .csv, .jsonl(.gz) or .parquet, "
        "or set corpus.format"
    )


def _decode(data: bytes, name: str, encoding: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise InputError(
            f"{name}: byte {error.start} is not valid {encoding} ({data[error.start : error.start + 1]!r}); "
            f"re-save the file as UTF-8, or set corpus.encoding to its real encoding (e.g. cp1252)"
        ) from None
    return text.removeprefix("\ufeff")


def read_corpus(path: Path, fmt: str, spec: CorpusSpec) -> tuple[pd.DataFrame, list[dict]]:
    """The raw rows of a corpus (id, text, source … as :data:`FIELDS`, and kept columns) and warnings."""
    if fmt == "folder":
        return _read_folder(path, spec)
    table = _read_table(path, fmt, spec)
    return _map_columns(table, path, spec)


def _read_table(path: Path, fmt: str, spec: CorpusSpec) -> pd.DataFrame:
    try:
        if fmt == "parquet":
            return pd.read_parquet(path)
        raw = path.read_bytes()
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
        if fmt == "jsonl" and spec.encoding.replace("-", "").lower() == "utf8" and not raw.lstrip()[:1] == b"[":
            fast = _read_jsonl_fast(raw)
            if fast is not None:
                return fast
        text = _decode(raw, str(path), spec.encoding)
        if fmt == "csv":
            return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
        return _read_jsonl(text, path)
    except InputError:
        raise
    except (OSError, EOFError, ValueError, pd.errors.ParserError) as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise InputError(
            f"{path}: cannot be read as {fmt} ({first_line}); check the file or set corpus.format"
        ) from None


def _read_jsonl_fast(raw: bytes) -> pd.DataFrame | None:
    """Parse JSON lines with pyarrow (multithreaded C++, compact strings); None if it cannot."""
    import pyarrow as pa
    import pyarrow.json as pa_json

    try:
        table = pa_json.read_json(pa.BufferReader(raw))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
        return None  # the line-by-line parser names the line that is wrong
    return table.to_pandas()


def _read_jsonl(text: str, path: Path) -> pd.DataFrame:
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            return pd.DataFrame(json.loads(stripped))
        except json.JSONDecodeError as error:
            raise InputError(f"{path}: not valid JSON ({error.msg} at line {error.lineno})") from None
    rows = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(
                f"{path}, line {number}: not valid JSON ({error.msg}); each line must be one JSON object"
            ) from None
        if not isinstance(row, dict):
            raise InputError(f"{path}, line {number}: expected a JSON object, found {type(row).__name__}")
        rows.append(row)
    return pd.DataFrame(rows)


def _map_columns(table: pd.DataFrame, path: Path, spec: CorpusSpec) -> tuple[pd.DataFrame, list[dict]]:
    warnings: list[dict] = []
    available = [str(c) for c in table.columns]
    mapped = {}
    for name in FIELDS:
        column = spec.columns.get(name, name)
        if column in table.columns:
            mapped[name] = table[column]
        elif name in spec.columns or name in REQUIRED:
            hint = f"map it with corpus.columns.{name}: <column>" if name not in spec.columns else "fix the mapping"
            raise InputError(
                f"{path}: no column {column!r} for the document {name}; columns are {', '.join(available) or 'none'}; "
                f"{hint}"
            )
    for column in spec.keep:
        if column not in table.columns:
            raise InputError(
                f"{path}: corpus.keep names {column!r}, which is not a column; columns are {', '.join(available)}"
            )
        if column in FIELDS or column == "doc_id":
            raise InputError(f"corpus.keep: {column!r} is kept anyway; list only other columns")
        mapped[column] = text_column(table[column])
    frame = pd.DataFrame(mapped)
    if spec.limit:
        frame = frame.head(spec.limit)
    if "id" not in frame:
        frame["id"] = [f"row{number:06d}" for number in range(1, len(frame) + 1)]
        warnings.append(warning_row("", "id", "no id column", "ids made from row numbers (row000001 …)"))
    return frame, warnings


def _read_folder(path: Path, spec: CorpusSpec) -> tuple[pd.DataFrame, list[dict]]:
    files = sorted(path.glob("*.txt"))
    if not files:
        raise InputError(f"{path}: no .txt files in this folder; put one article per .txt file there")
    if spec.limit:
        files = files[: spec.limit]
    warnings: list[dict] = []
    manifest = _read_manifest(path, spec)
    rows = []
    for file in files:
        try:
            data = file.read_bytes()
        except OSError as error:
            raise InputError(f"{file}: cannot be read ({error.strerror})") from None
        rows.append({"id": file.stem, "text": _decode(data, str(file), spec.encoding)})
    frame = pd.DataFrame(rows)
    if manifest is None:
        warnings.append(warning_row("", "source", "no manifest.csv in the folder", "every source is '(unknown)'"))
        return frame.assign(source="(unknown)"), warnings
    on_disk = set(frame["id"])
    missing = [doc for doc in manifest["id"] if doc not in on_disk]
    if missing and not spec.limit:
        raise InputError(
            f"{path}: the manifest lists {len(missing)} document(s) with no .txt file: {', '.join(missing[:5])}; "
            "add the files or remove those rows"
        )
    merged = frame.merge(manifest.drop(columns=["text"], errors="ignore"), on="id", how="left")
    for doc_id in merged.loc[merged["source"].isna(), "id"]:
        warnings.append(warning_row(doc_id, "source", "not listed in the manifest", "source set to '(unknown)'"))
    merged["source"] = merged["source"].fillna("(unknown)")
    return merged, warnings


def _read_manifest(folder: Path, spec: CorpusSpec) -> pd.DataFrame | None:
    candidates = [resolve(spec.manifest)] if spec.manifest else [folder / name for name in MANIFEST_NAMES]
    file = next((c for c in candidates if c.exists()), None)
    if file is None:
        if spec.manifest:
            raise InputError(f"corpus.manifest: {candidates[0]} does not exist")
        return None
    table = _read_table(file, "jsonl" if file.suffix == ".jsonl" else "csv", spec)
    renamed = {spec.columns.get(name, name): name for name in FIELDS}
    renamed.setdefault("doc_id", "id")
    table = table.rename(columns=renamed)
    for name in ("id", "source"):
        if name not in table:
            raise InputError(
                f"{file}: no {name!r} column (expected doc_id or id, and source); columns are {', '.join(table.columns)}"
            )
    duplicated = table["id"][table["id"].duplicated()].unique().tolist()
    if duplicated:
        raise InputError(f"{file}: doc_id listed more than once: {', '.join(map(str, duplicated[:5]))}")
    table["id"] = table["id"].astype(str).str.removesuffix(".txt")
    table["source"] = table["source"].astype(str).str.strip().replace("", None)
    missing = [column for column in spec.keep if column not in table.columns]
    if missing:
        raise InputError(f"{file}: corpus.keep names {missing[0]!r}, which is not a manifest column")
    return table[[c for c in table.columns if c in FIELDS or c in spec.keep]]


def warning_row(doc_id: str, column: str, problem: str, action: str) -> dict:
    """One row of ``Corpus.warnings``."""
    return {"doc_id": doc_id, "field": column, "problem": problem, "action": action}


def text_column(values: pd.Series) -> pd.Series:
    """A column as text: missing values become "", everything else ``str``."""
    return values.map(lambda v: "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v))
