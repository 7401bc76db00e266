"""Read a corpus's rows: a folder of .txt files and saved web pages (.html) with a manifest, one saved
page, or a CSV, JSON lines or Parquet file.

A web page gives the article's text and what the page says about it (title, date, author, and the
site's name as the source; :mod:`helpers.corpus.pages`); a manifest row for the page's file name
overrides any of them. A page is decoded in the charset it declares, else in ``corpus.encoding``.

Readers return the raw rows (one per document, with the fields of :data:`helpers.corpus.spec.FIELDS`
they found and any ``corpus.keep`` columns) and the warnings met on the way; cleaning and checks
come after (:mod:`helpers.corpus.load`).
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
from pathlib import Path

import pandas as pd

from helpers.corpus import pages
from helpers.corpus.spec import FIELDS, MANIFEST_NAMES, REQUIRED, CorpusSpec
from helpers.errors import InputError
from helpers.paths import resolve


def detect_format(path: Path, fmt: str) -> str:
    """The format of ``path``: ``fmt`` if given, else from the file name (a folder is ``folder``)."""
    if not path.exists():
        raise InputError(
            f"corpus path {path} does not exist; set corpus.path to a folder of .txt or .html files, or a data file"
        )
    if fmt != "auto":
        return "folder" if fmt == "html" and path.is_dir() else fmt
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
        (".html", "html"),
        (".htm", "html"),
    ):
        if name.endswith(suffix):
            return detected
    raise InputError(
        f"{path}: cannot tell the format from the file name; name it .csv, .jsonl(.gz), .parquet or .html, "
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
    if fmt == "html":
        return _read_page_file(path, spec)
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
                rows.append(_json_row(_decode(line, f"{path}, line {number}", spec.encoding), number, path))
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


def _json_row(line: str, number: int, path: Path) -> dict:
    """One line of a JSON-lines file as its object; an error naming the line otherwise."""
    try:
        row = json.loads(line)
    except json.JSONDecodeError as error:
        raise InputError(
            f"{path}, line {number}: not valid JSON ({error.msg}); each line must be one JSON object"
        ) from None
    if not isinstance(row, dict):
        raise InputError(f"{path}, line {number}: expected a JSON object, found {type(row).__name__}")
    return row


def _prefilter(frame: pd.DataFrame, spec: CorpusSpec, seen: set) -> pd.DataFrame:
    """The rows that pass ``include_sources`` and ``date_from``/``date_to`` as read (undated rows do not,
    unless their text opens with a date stamp); the sources met are added to ``seen``."""
    keep = pd.Series(True, index=frame.index)
    if spec.include_sources and "source" in frame:
        sources = text_column(frame["source"]).str.strip()
        seen.update(sources.unique())
        keep &= sources.isin(spec.include_sources)
    if (spec.date_from or spec.date_to) and "date" in frame:
        text = text_column(frame["date"]).str.strip()
        dates = pd.to_datetime(text, errors="coerce", format="mixed", utc=True).dt.tz_localize(None).dt.normalize()
        # An undated row stays when its text opens with a date stamp ("date 2025-06-20 …"): cleaning
        # dates it, and the loader applies the filters again after cleaning.
        stamped = pd.Series(False, index=frame.index)
        if "text" in frame:
            stamped = text_column(frame["text"]).str.lstrip().str.match(_STAMPED, na=False)
        inside = dates.notna()
        if spec.date_from:
            inside &= dates >= pd.Timestamp(spec.date_from)
        if spec.date_to:
            inside &= dates <= pd.Timestamp(spec.date_to)
        keep &= inside | (dates.isna() & stamped)
    return frame if keep.all() else frame.loc[keep]


_STAMPED = r"(?i)date\s+\d{4}-\d{2}-\d{2}\s"  # the cleaner's date stamp (helpers.corpus.cleaning)


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
        if fmt == "jsonl" and spec.encoding.replace("-", "").lower() == "utf8":
            streamed = _read_jsonl_stream(path)
            if streamed is not None:
                return streamed
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


def _read_jsonl_stream(path: Path) -> pd.DataFrame | None:
    """What :func:`_read_jsonl_fast` gives for the file's bytes, parsed as they are decompressed (the
    parser's threads work while the file is inflated, and the whole text is never held at once);
    None when the file may be one JSON array or pyarrow cannot read it, for the reader that can."""
    import pyarrow as pa
    import pyarrow.json as pa_json

    with open(path, "rb") as probe:
        compression = "gzip" if probe.read(2) == b"\x1f\x8b" else None
    try:
        with pa.input_stream(path, compression=compression) as stream:
            head = stream.read(1 << 16)
        if not head.strip() or head.lstrip()[:1] == b"[":
            return None
        table = pa_json.read_json(pa.input_stream(path, compression=compression))
    except (OSError, pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
        return None  # read again as before, which names what is wrong
    return table.to_pandas()


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
    rows = [_json_row(line, number, path) for number, line in enumerate(text.splitlines(), 1) if line.strip()]
    return pd.DataFrame(rows)


def _map_columns(table: pd.DataFrame, path: Path, spec: CorpusSpec) -> tuple[pd.DataFrame, list[dict]]:
    warnings: list[dict] = []
    available = [str(c) for c in table.columns]
    mapped = {}
    for name in FIELDS:
        column = spec.columns.get(name, name)
        if name == "id" and "id" not in spec.columns and "id" not in table.columns and "doc_id" in table.columns:
            column = "doc_id"  # the suite's own name for it, as its tables and exports write it
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


DOCUMENT_SUFFIXES = (".txt", *pages.PAGE_SUFFIXES)
# What a saved page tells about itself; a manifest's value, where it gives one, comes first.
PAGE_FIELDS = ("source", "date", "title", "author", "url")
PAGE_FIX = "if it is an article, save the page again once it has loaded in the browser, or save its text as .txt"


def _read_folder(path: Path, spec: CorpusSpec) -> tuple[pd.DataFrame, list[dict]]:
    files = sorted(f for f in path.iterdir() if f.suffix.lower() in DOCUMENT_SUFFIXES and f.is_file())
    if not files:
        raise InputError(
            f"{path}: no .txt or .html files in this folder; put one article per .txt file (or a saved page "
            "per .html file) there"
        )
    if spec.limit:
        files = files[: spec.limit]
    by_stem: dict[str, Path] = {}
    for file in files:
        if file.stem in by_stem:
            raise InputError(
                f"{by_stem[file.stem]} and {file.name} would both be document {file.stem!r}; "
                "keep one of them, or rename the other"
            )
        by_stem[file.stem] = file
    warnings: list[dict] = []
    manifest = _read_manifest(path, spec)
    rows = []
    for file in files:
        data = _read_bytes(file)
        if file.suffix.lower() == ".txt" and not pages.looks_like_page(data):
            rows.append({"id": file.stem, "text": _decode(data, str(file), spec.encoding)})
            continue
        if file.suffix.lower() == ".txt":
            warnings.append(
                warning_row(file.stem, "text", "a .txt file that holds a web page", "read as a web page; name it .html")
            )
        row = _page_row(file, data, spec, warnings)
        if row is not None:
            rows.append(row)
    if not rows:
        raise InputError(f"{path}: none of the {len(files)} page(s) holds article text; {PAGE_FIX}")
    frame = pd.DataFrame(rows)
    if manifest is None:
        return _sources_without_manifest(frame, warnings), warnings
    missing = [doc for doc in manifest["id"] if doc not in by_stem]
    if missing and not spec.limit:
        raise InputError(
            f"{path}: the manifest lists {len(missing)} document(s) with no .txt or .html file: "
            f"{', '.join(missing[:5])}; add the files or remove those rows"
        )
    merged = _with_manifest(frame, manifest)
    unknown = merged["source"] == ""
    for doc_id in merged.loc[unknown, "id"]:
        warnings.append(warning_row(doc_id, "source", "not listed in the manifest", "source set to '(unknown)'"))
    merged.loc[unknown, "source"] = "(unknown)"
    return merged, warnings


def _read_page_file(path: Path, spec: CorpusSpec) -> tuple[pd.DataFrame, list[dict]]:
    """One saved page as a corpus of one document (with the row of ``corpus.manifest`` for it, if one is set)."""
    warnings: list[dict] = []
    row = _page_row(path, _read_bytes(path), spec, warnings)
    if row is None:
        raise InputError(f"{path}: {warnings[0]['problem']}; {PAGE_FIX}")
    frame = pd.DataFrame([row])
    manifest = _read_manifest(path.parent, spec) if spec.manifest else None
    return (frame if manifest is None else _with_manifest(frame, manifest)), warnings


def _read_bytes(file: Path) -> bytes:
    try:
        return file.read_bytes()
    except OSError as error:
        raise InputError(f"{file}: cannot be read ({error.strerror})") from None


def _page_row(file: Path, data: bytes, spec: CorpusSpec, warnings: list[dict]) -> dict | None:
    """The row of a saved page; None, with a warning, when it holds no article text."""
    page = pages.read_page(_decode_page(data, str(file), spec.encoding))
    if not page.text:
        found = f"{page.blocks} text block(s), none of them an article" if page.blocks else "no text at all"
        warnings.append(
            warning_row(
                file.stem,
                "text",
                f"no article text in the page ({found})",
                f"document dropped; {PAGE_FIX}",
            )
        )
        return None
    row = {"id": file.stem, "text": page.text, pages.LOG_COLUMN: page.removed}
    row.update(zip(PAGE_FIELDS, (page.site, page.date, page.title, page.author, page.url)))
    return row


def _decode_page(data: bytes, name: str, encoding: str) -> str:
    """A page's text, in the charset it declares, else (or if its bytes are not in that charset) in ``encoding``."""
    declared = pages.declared_charset(data)
    if not declared or codecs.lookup(declared).name == codecs.lookup(encoding).name:
        return _decode(data, name, encoding)
    try:
        return data.decode(declared).removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        try:
            return _decode(data, name, encoding)
        except InputError:
            raise InputError(
                f"{name}: byte {error.start} is not valid {declared}, the charset the page declares "
                f"({data[error.start : error.start + 1]!r}), nor {encoding}; re-save the page as UTF-8, or set "
                "corpus.encoding to its real encoding (e.g. cp1252)"
            ) from None


def _sources_without_manifest(frame: pd.DataFrame, warnings: list[dict]) -> pd.DataFrame:
    """Sources when there is no manifest: a page's site name, else "(unknown)"."""
    source = text_column(frame["source"]).str.strip() if "source" in frame else pd.Series("", index=frame.index)
    unknown = source == ""
    if unknown.all():
        warnings.append(warning_row("", "source", "no manifest.csv in the folder", "every source is '(unknown)'"))
    elif unknown.any():
        warnings.append(
            warning_row(
                "",
                "source",
                "no manifest.csv in the folder",
                f"source '(unknown)' for the {int(unknown.sum())} document(s) that name no site "
                f"({', '.join(frame.loc[unknown, 'id'].head(5))}{' …' if unknown.sum() > 5 else ''}); give their "
                "sources in a manifest.csv",
            )
        )
    return frame.assign(source=source.where(~unknown, "(unknown)"))


def _with_manifest(frame: pd.DataFrame, manifest: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its manifest rows: the manifest's value of a field wherever it gives one, else the
    page's; ``source`` is "" where neither does."""
    merged = frame.merge(manifest.drop(columns=["text"], errors="ignore"), on="id", how="left", suffixes=("_page", ""))
    for name in PAGE_FIELDS:
        if f"{name}_page" in merged:
            given = text_column(merged[name]).str.strip()
            merged[name] = given.where(given != "", text_column(merged.pop(f"{name}_page")).str.strip())
    merged["source"] = text_column(merged["source"]).str.strip()
    return merged


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
    table["id"] = table["id"].astype(str).str.replace(r"\.(?:txt|html?)$", "", regex=True)
    table["source"] = table["source"].astype(str).str.strip().replace("", None)
    missing = [column for column in spec.keep if column not in table.columns]
    if missing:
        raise InputError(f"{file}: corpus.keep names {missing[0]!r}, which is not a manifest column")
    return table[[c for c in table.columns if c in FIELDS or c in spec.keep]]


def warning_row(doc_id: str, column: str, problem: str, action: str) -> dict:
    """One row of ``Corpus.warnings``."""
    return {"doc_id": doc_id, "field": column, "problem": problem, "action": action}


_TEXT = pd.StringDtype("pyarrow", na_value=float("nan"))  # what pandas reads text columns as


def text_column(values: pd.Series) -> pd.Series:
    """A column as text: missing values become "", everything else ``str``."""
    if values.dtype == _TEXT:  # text already: only the missing values to fill, without a call per value
        return values.fillna("")
    return values.map(lambda v: "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v))
