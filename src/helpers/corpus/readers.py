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
    """The raw rows of a corpus (id, text, source … as :data:`FIELDS`, and kept columns) and warnings.

    The source and date filters are applied to the rows as read, so that filtered-out rows are never
    cleaned; with ``corpus.limit`` a table is read in chunks and reading stops once ``limit`` rows have
    passed the filters (``frame.attrs["partial"]`` then says the file was not read to its end).
    """
    if fmt == "folder":
        return _read_folder(path, spec)
    if spec.limit and fmt in ("jsonl", "csv", "parquet"):
        return _read_streaming(path, fmt, spec)
    table = _read_table(path, fmt, spec)
    table.index = range(1, len(table) + 1)  # row numbers in the file, for ids made from them
    frame, warnings = _map_columns(table, path, spec)
    del table
    seen: set = set()
    frame = _prefilter(frame, spec, seen)
    _check_sources(spec, seen, path)
    if spec.limit:
        frame = frame.head(spec.limit)
    return _with_ids(frame, warnings), warnings


CHUNK_ROWS = 2_000


def _read_streaming(path: Path, fmt: str, spec: CorpusSpec) -> tuple[pd.DataFrame, list[dict]]:
    """The first ``spec.limit`` rows that pass the filters, reading the file a chunk at a time."""
    kept, count, warnings, seen = [], 0, [], set()
    chunks = _chunks(path, fmt, spec, size=min(CHUNK_ROWS, max(spec.limit, 100)))
    partial = False
    try:
        for chunk in chunks:
            frame, warnings = _map_columns(chunk, path, spec)
            frame = _prefilter(frame, spec, seen)
            kept.append(frame.head(spec.limit - count))
            count += len(kept[-1])
            if count >= spec.limit:
                partial = True
                break
    finally:
        chunks.close()
    if not partial:
        _check_sources(spec, seen, path)
    frame = pd.concat(kept) if kept else pd.DataFrame(columns=["text", "source"])
    frame = _with_ids(frame, warnings)
    frame.attrs["partial"] = partial
    return frame, warnings


def _chunks(path: Path, fmt: str, spec: CorpusSpec, size: int):
    """The table at ``path`` as data frames of about ``size`` rows, indexed by their 1-based row
    numbers in the file."""
    first = 1
    try:
        for chunk in _raw_chunks(path, fmt, spec, size):
            chunk.index = range(first, first + len(chunk))
            first += len(chunk)
            yield chunk
    except InputError:
        raise
    except (OSError, EOFError, ValueError, UnicodeDecodeError, pd.errors.ParserError) as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise InputError(
            f"{path}: cannot be read as {fmt} ({first_line}); check the file or set corpus.format"
        ) from None


def _raw_chunks(path: Path, fmt: str, spec: CorpusSpec, size: int):
    if fmt == "parquet":
        import pyarrow.parquet as pq

        for batch in pq.ParquetFile(path).iter_batches(batch_size=size):
            yield batch.to_pandas()
        return
    with open(path, "rb") as probe:
        packed = probe.read(2) == b"\x1f\x8b"
    opener = gzip.open if packed else open
    if fmt == "csv":
        with opener(path, "rt", encoding=spec.encoding, newline="") as handle:
            yield from pd.read_csv(handle, dtype=str, keep_default_na=False, chunksize=size)
        return
    with opener(path, "rb") as handle:
        head = handle.read(1 << 16)
        if head.lstrip()[:1] == b"[":  # one JSON array: it cannot be read in parts
            yield _read_jsonl(_decode(head + handle.read(), str(path), spec.encoding), path)
            return
        rows = []
        for number, line in enumerate(_lines(head, handle), 1):
            if line.strip():
                rows.append(_json_row(line, number, path, spec))
                if len(rows) >= size:
                    yield pd.DataFrame(rows)
                    rows = []
        if rows:
            yield pd.DataFrame(rows)


def _lines(head: bytes, handle):
    """The lines of a binary file whose first bytes, ``head``, were read already."""
    rest = head
    for block in iter(lambda: handle.read(1 << 20), b""):
        rest += block
        *lines, rest = rest.split(b"\n")
        yield from lines
    yield from rest.split(b"\n")


def _json_row(line: bytes, number: int, path: Path, spec: CorpusSpec) -> dict:
    try:
        row = json.loads(_decode(line, f"{path}, line {number}", spec.encoding))
    except json.JSONDecodeError as error:
        raise InputError(
            f"{path}, line {number}: not valid JSON ({error.msg}); each line must be one JSON object"
        ) from None
    if not isinstance(row, dict):
        raise InputError(f"{path}, line {number}: expected a JSON object, found {type(row).__name__}")
    return row


def _prefilter(frame: pd.DataFrame, spec: CorpusSpec, seen: set) -> pd.DataFrame:
    """The rows that pass ``include_sources`` and ``date_from``/``date_to`` as read (undated rows do not);
    the sources met are added to ``seen``."""
    keep = pd.Series(True, index=frame.index)
    if spec.include_sources and "source" in frame:
        sources = text_column(frame["source"]).str.strip()
        seen.update(sources.unique())
        keep &= sources.isin(spec.include_sources)
    if (spec.date_from or spec.date_to) and "date" in frame:
        text = text_column(frame["date"]).str.strip()
        dates = pd.to_datetime(text, errors="coerce", format="mixed", utc=True).dt.tz_localize(None).dt.normalize()
        keep &= dates.notna()
        if spec.date_from:
            keep &= dates >= pd.Timestamp(spec.date_from)
        if spec.date_to:
            keep &= dates <= pd.Timestamp(spec.date_to)
    return frame if keep.all() else frame.loc[keep]


def _check_sources(spec: CorpusSpec, seen: set, path: Path) -> None:
    """An error naming the first source of ``include_sources`` that the whole file never names."""
    unknown = sorted(set(spec.include_sources) - seen)
    if spec.include_sources and unknown:
        available = ", ".join(sorted(seen)[:10])
        raise InputError(
            f"corpus.include_sources: {path} has no source named {unknown[0]!r}; sources include {available}"
        )


def _with_ids(frame: pd.DataFrame, warnings: list[dict]) -> pd.DataFrame:
    """``frame`` with an ``id`` column: ids made from the rows' numbers in the file when it has none."""
    if "id" not in frame:
        frame = frame.assign(id=[f"row{number:06d}" for number in frame.index])
        warnings.append(warning_row("", "id", "no id column", "ids made from row numbers (row000001 …)"))
    return frame.reset_index(drop=True)


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
    return pd.DataFrame(mapped, index=table.index), warnings


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
