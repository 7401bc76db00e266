"""Load, validate and clean a corpus, from a folder of .txt files or a CSV, JSONL or Parquet file.

What the loader does with each kind of problem (an error stops with one message that says what
to fix; a warning is recorded in ``Corpus.warnings`` and shown in the corpus report):

=========================================  ========  ==========================================
problem                                    outcome   what happens
=========================================  ========  ==========================================
path missing, unknown format, no .txt      error
unreadable file, bytes not in the encoding error     names the file (and the byte offset)
text or source column missing              error     lists the columns there are
manifest names a file that is not there    error
duplicate document ids                     error     lists the first few ids
no documents left to analyse               error
empty or whitespace-only text              warning   the document is dropped
a .txt file the manifest does not list     warning   kept, with source "(unknown)"
no id column                               warning   ids are made from the row number
date that does not parse, or is impossible warning   date left empty (NaT)
text longer than ``max_chars``             warning   text cut at ``max_chars``
near-duplicate documents                   flagged   listed in ``near_duplicates``; kept unless
                                                     ``drop_near_duplicates`` is set
=========================================  ========  ==========================================
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import shutil
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from helpers import cleaning, dedup, segment
from helpers.engine import Engine, map_partitions
from helpers.errors import InputError
from helpers.paths import resolve

FIELDS = ("id", "text", "source", "date", "title", "author", "url", "kind", "country")
REQUIRED = ("text", "source")
FORMATS = ("auto", "folder", "csv", "jsonl", "parquet")
MANIFEST_NAMES = ("manifest.csv", "manifest.jsonl")
EARLIEST_DATE = pd.Timestamp("1900-01-01")
CACHE_VERSION = "1"
DOC_COLUMNS = [
    "doc_id", "source", "kind", "country", "date", "title", "author", "url", "dateline",
    "words", "raw_chars", "text",
]  # fmt: skip


@dataclass(frozen=True)
class CorpusSpec:
    """Where a corpus is and how to read it: the ``corpus`` section of a run configuration.

    Attributes:
        path: a folder of .txt files (with a manifest) or a .csv, .jsonl, .jsonl.gz or .parquet
            file; relative paths start at the project root.
        format: one of ``auto`` (from the path), ``folder``, ``csv``, ``jsonl``, ``parquet``.
        columns: maps the fields the suite uses (id, text, source, date, title, author, url,
            kind, country) to the corpus's own column names, e.g. ``{"source": "outlet"}``.
        manifest: for a folder, the manifest file (default: manifest.csv inside the folder).
        encoding: text encoding of the files.
        clean: strip page furniture (see :mod:`helpers.cleaning`).
        max_chars: longer texts are cut to this many characters, with a warning.
        near_duplicate_threshold: overlap coefficient from which two documents are flagged.
        drop_near_duplicates: keep only the first document of each flagged pair.
        limit: read only the first ``limit`` documents (0 = all); handy for a quick look.
        keep: other columns of the corpus (or manifest) to keep in ``docs``, e.g. ``["bias"]``,
            so notebooks can group by them.
        include_sources: analyse only these sources (empty: all).
        date_from, date_to: analyse only documents dated in this range (YYYY-MM-DD, inclusive);
            undated documents are left out when either is set.
        strict: treat every loading warning as an error.
    """

    path: str = "data/seed"
    format: str = "auto"
    columns: dict = field(default_factory=dict)
    manifest: str = ""
    encoding: str = "utf-8"
    clean: bool = True
    max_chars: int = 1_000_000
    near_duplicate_threshold: float = 0.5
    drop_near_duplicates: bool = False
    limit: int = 0
    keep: list = field(default_factory=list)
    include_sources: list = field(default_factory=list)
    date_from: str = ""
    date_to: str = ""
    strict: bool = False

    @classmethod
    def from_dict(cls, values: dict, where: str = "corpus") -> CorpusSpec:
        """Build a spec from a config section, rejecting unknown keys and wrong types."""
        known = {f.name: f for f in cls.__dataclass_fields__.values()}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise InputError(f"{where}: unknown key(s) {', '.join(unknown)}; known keys are {', '.join(known)}")
        defaults = cls()
        checked = {}
        for key, value in values.items():
            expected = type(getattr(defaults, key))
            if expected is float and isinstance(value, int) and not isinstance(value, bool):
                value = float(value)
            if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
                raise InputError(f"{where}.{key}: expected {expected.__name__}, got {value!r} ({type(value).__name__})")
            checked[key] = value
        spec = cls(**checked)
        spec.validate(where)
        return spec

    def validate(self, where: str = "corpus") -> None:
        """Check values that have a valid range; raise :class:`InputError` otherwise."""
        if self.format not in FORMATS:
            raise InputError(f"{where}.format: {self.format!r} is not one of {', '.join(FORMATS)}")
        unknown = sorted(set(self.columns) - set(FIELDS))
        if unknown:
            raise InputError(f"{where}.columns: unknown field(s) {', '.join(unknown)}; map any of {', '.join(FIELDS)}")
        if not 0 < self.near_duplicate_threshold <= 1:
            raise InputError(f"{where}.near_duplicate_threshold: {self.near_duplicate_threshold} is not in (0, 1]")
        if self.max_chars < 1000:
            raise InputError(f"{where}.max_chars: {self.max_chars} is too small; use at least 1000")
        if not all(isinstance(column, str) for column in self.keep):
            raise InputError(f"{where}.keep: expected a list of column names, got {self.keep!r}")
        for name in ("date_from", "date_to"):
            value = getattr(self, name)
            if value and pd.isna(pd.to_datetime(value, errors="coerce", format="%Y-%m-%d")):
                raise InputError(f"{where}.{name}: {value!r} is not a date; use YYYY-MM-DD")
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise InputError(f"{where}: date_from {self.date_from} is after date_to {self.date_to}")
        if self.limit < 0:
            raise InputError(f"{where}.limit: {self.limit} is negative; use 0 for all documents")
        try:
            "".encode(self.encoding)
        except LookupError:
            raise InputError(f"{where}.encoding: unknown encoding {self.encoding!r}; try utf-8 or cp1252") from None


_PARTS = ("docs", "paragraphs", "sentences", "cleaning_log", "warnings", "near_duplicates")


class Corpus:
    """A loaded corpus: documents, their parts, and what the loader did to them.

    Attributes:
        docs: one row per document: doc_id, source, kind, country, date (datetime64, NaT when
            unknown), title, author, url, dateline, words (after cleaning), raw_chars, text
            (cleaned), and any ``corpus.keep`` columns.
        paragraphs: see :func:`helpers.segment.segment`.
        sentences: see :func:`helpers.segment.segment`.
        cleaning_log: one row per removal: doc_id, rule, line (in the raw text), removed.
        warnings: one row per recorded problem: doc_id, field, problem, action.
        near_duplicates: see :func:`helpers.dedup.near_duplicates`.
        fingerprint: a hash of the input bytes and the loading settings.
        spec: the settings it was loaded with.

    A corpus read from the cache reads each part from disk the first time it is used, so a
    notebook that needs only ``docs`` and ``sentences`` never holds the paragraphs in memory.
    """

    def __init__(self, fingerprint: str, spec: CorpusSpec, **parts: pd.DataFrame | Path) -> None:
        missing = set(_PARTS) - set(parts)
        if missing:
            raise TypeError(f"Corpus needs {', '.join(sorted(missing))}")
        self.fingerprint = fingerprint
        self.spec = spec
        self._parts = dict(parts)

    def part(self, name: str) -> pd.DataFrame:
        """One part by name, read from the cache on first use."""
        value = self._parts[name]
        if isinstance(value, Path):
            value = self._parts[name] = pd.read_parquet(value)
        return value

    docs = property(lambda self: self.part("docs"))
    paragraphs = property(lambda self: self.part("paragraphs"))
    sentences = property(lambda self: self.part("sentences"))
    cleaning_log = property(lambda self: self.part("cleaning_log"))
    warnings = property(lambda self: self.part("warnings"))
    near_duplicates = property(lambda self: self.part("near_duplicates"))

    def summary(self) -> dict:
        """Counts a person checks first: documents, sources, words, dates, problems."""
        dates = self.docs["date"].dropna()
        return {
            "documents": len(self.docs),
            "sources": int(self.docs["source"].nunique()),
            "words": int(self.docs["words"].sum()),
            "paragraphs": self._rows("paragraphs"),
            "sentences": self._rows("sentences"),
            "first_date": dates.min().date().isoformat() if len(dates) else "",
            "last_date": dates.max().date().isoformat() if len(dates) else "",
            "undated": int(self.docs["date"].isna().sum()),
            "cleaning_removals": len(self.cleaning_log),
            "warnings": len(self.warnings),
            "near_duplicate_pairs": len(self.near_duplicates),
            "fingerprint": self.fingerprint,
        }

    def _rows(self, name: str) -> int:
        value = self._parts[name]
        if isinstance(value, Path):
            import pyarrow.parquet as pq

            return pq.ParquetFile(value).metadata.num_rows
        return len(value)


def load(
    spec: CorpusSpec | str | Path | None = None,
    cache_dir: str | Path | None = None,
    engine: Engine | None = None,
    **settings,
) -> Corpus:
    """Load, validate, clean and segment a corpus.

    Args:
        spec: a :class:`CorpusSpec`, or just the corpus path; ``None`` loads the seed corpus.
        cache_dir: if given, the parsed corpus is kept there as Parquet, keyed by the
            fingerprint, so later loads of the same input with the same settings are fast.
        engine: where cleaning and segmenting run (:class:`helpers.engine.Engine`; default: here).
        **settings: any :class:`CorpusSpec` field, overriding ``spec``.

    Returns:
        The :class:`Corpus`.

    Raises:
        InputError: the corpus cannot be used as given; the message says what to change.
    """
    if spec is None or isinstance(spec, (str, Path)):
        spec = CorpusSpec.from_dict({**({"path": str(spec)} if spec is not None else {}), **settings})
    elif settings:
        spec = CorpusSpec.from_dict({**asdict(spec), **settings})
    path = resolve(spec.path)
    fmt = _detect_format(path, spec.format)
    fingerprint = _fingerprint(path, fmt, spec)
    if cache_dir:
        cached = _read_cache(Path(cache_dir), fingerprint, spec)
        if cached is not None:
            return cached
    read = list(_read(path, fmt, spec))
    # _build takes the table out of the list, so the raw text is freed as soon as it is cleaned.
    corpus = _build(read, spec, fingerprint, str(path), engine or Engine())
    if cache_dir:
        _write_cache(Path(cache_dir), corpus)
    return corpus


def _detect_format(path: Path, fmt: str) -> str:
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


def _fingerprint(path: Path, fmt: str, spec: CorpusSpec) -> str:
    digest = hashlib.sha256()
    digest.update(json.dumps({**asdict(spec), "path": "", "v": CACHE_VERSION}, sort_keys=True).encode())

    files = sorted(p for p in path.iterdir() if p.is_file()) if fmt == "folder" else [path]
    for file in files:
        digest.update(file.name.encode())
        with open(file, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()[:16]


def _decode(data: bytes, name: str, encoding: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise InputError(
            f"{name}: byte {error.start} is not valid {encoding} ({data[error.start : error.start + 1]!r}); "
            f"re-save the file as UTF-8, or set corpus.encoding to its real encoding (e.g. cp1252)"
        ) from None
    return text.removeprefix("\ufeff")


def _read(path: Path, fmt: str, spec: CorpusSpec) -> tuple[pd.DataFrame, list[dict]]:
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
        mapped[column] = _text_column(table[column])
    frame = pd.DataFrame(mapped)
    if spec.limit:
        frame = frame.head(spec.limit)
    if "id" not in frame:
        frame["id"] = [f"row{number:06d}" for number in range(1, len(frame) + 1)]
        warnings.append(_warning("", "id", "no id column", "ids made from row numbers (row000001 …)"))
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
        warnings.append(_warning("", "source", "no manifest.csv in the folder", "every source is '(unknown)'"))
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
        warnings.append(_warning(doc_id, "source", "not listed in the manifest", "source set to '(unknown)'"))
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


def _warning(doc_id: str, column: str, problem: str, action: str) -> dict:
    return {"doc_id": doc_id, "field": column, "problem": problem, "action": action}


def _text_column(values: pd.Series) -> pd.Series:
    return values.map(lambda v: "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v))


def _parse_dates(values: pd.Series, doc_ids: pd.Series, warnings: list[dict]) -> pd.Series:
    text = _text_column(values).str.strip()
    parsed = pd.to_datetime(text, errors="coerce", format="mixed", utc=True).dt.tz_localize(None)
    # Some dates are valid strings but impossible for news (0001-11-30, far in the future).
    latest = pd.Timestamp.now().normalize() + pd.Timedelta(days=366)
    impossible = parsed.notna() & ((parsed < EARLIEST_DATE) | (parsed > latest))
    parsed = parsed.mask(impossible)
    failed = (text != "") & parsed.isna()
    if failed.sum() > max(2, (text != "").sum() // 2):
        examples = ", ".join(repr(v) for v in text[failed].head(3))
        raise InputError(
            f"{int(failed.sum()):,} of {int((text != '').sum()):,} dates cannot be read (e.g. {examples}); "
            "map the right column with corpus.columns.date, or write dates as YYYY-MM-DD"
        )
    for doc_id, value, bad in zip(doc_ids[failed], text[failed], impossible[failed]):
        problem = f"impossible date {value!r}" if bad else f"unparseable date {value!r}"
        warnings.append(_warning(doc_id, "date", problem, "date left empty; use YYYY-MM-DD"))
    return parsed.dt.normalize()


def _build(read: list, spec: CorpusSpec, fingerprint: str, source_name: str, engine: Engine) -> Corpus:
    """The corpus from ``read`` = ``[table, warnings]`` as :func:`_read` gives them; the table is
    taken out of the list and changed in place (nothing else holds it)."""
    frame, warnings = read.pop(0), read.pop(0)
    frame["id"] = _text_column(frame["id"]).str.strip()
    blank_ids = frame["id"] == ""
    if blank_ids.any():
        raise InputError(f"{source_name}: {int(blank_ids.sum())} document(s) have an empty id; give every row an id")
    duplicated = frame["id"][frame["id"].duplicated()].unique().tolist()
    if duplicated:
        raise InputError(
            f"{source_name}: {len(duplicated)} id(s) used by more than one document, e.g. "
            f"{', '.join(duplicated[:5])}; ids must be unique"
        )
    frame["text"] = _text_column(frame["text"])
    empty = frame["text"].str.strip() == ""
    for doc_id in frame.loc[empty, "id"]:
        warnings.append(_warning(doc_id, "text", "empty or whitespace-only text", "document dropped"))
    frame = frame.loc[~empty].reset_index(drop=True)
    if frame.empty:
        raise InputError(f"{source_name}: no documents with text; check the text column and corpus.limit")
    long_texts = frame["text"].str.len() > spec.max_chars
    for doc_id, length in zip(frame.loc[long_texts, "id"], frame.loc[long_texts, "text"].str.len()):
        warnings.append(
            _warning(doc_id, "text", f"{length:,} characters", f"cut to corpus.max_chars = {spec.max_chars:,}")
        )
    frame.loc[long_texts, "text"] = frame.loc[long_texts, "text"].str.slice(0, spec.max_chars)
    for name in ("source", "title", "author", "url", "kind", "country"):
        frame[name] = _text_column(frame[name]).str.strip() if name in frame else ""
    blank_source = frame["source"] == ""
    for doc_id in frame.loc[blank_source, "id"]:
        warnings.append(_warning(doc_id, "source", "empty source", "source set to '(unknown)'"))
    frame.loc[blank_source, "source"] = "(unknown)"

    frame["raw_chars"] = frame["text"].str.len()
    date_values = _text_column(frame["date"]) if "date" in frame else pd.Series([""] * len(frame), index=frame.index)
    frame["date"] = date_values
    results = map_partitions(partial(_clean_partition, clean=spec.clean), frame, engine, desc="cleaning")
    # Each partition's tables are taken out of the results as they are joined: one copy at a time.
    cleaned = pd.concat([result.pop("docs") for result in results], ignore_index=True)
    frame = frame.drop(columns=["text"]).merge(cleaned, on="id", how="left", validate="one_to_one")
    frame["author"] = frame["author"].where(frame["author"] != "", frame.pop("byline_author"))
    frame["date"] = frame["date"].where(frame["date"].str.strip() != "", frame.pop("date_stamp"))
    frame["date"] = _parse_dates(frame["date"], frame["id"], warnings)
    emptied = frame["text"].str.strip() == ""
    for doc_id in frame.loc[emptied, "id"]:
        warnings.append(_warning(doc_id, "text", "nothing left after cleaning", "document dropped"))
    frame = frame.loc[~emptied].reset_index(drop=True)
    if frame.empty:
        raise InputError(f"{source_name}: no text left after cleaning; set corpus.clean: false to keep everything")
    docs = frame.rename(columns={"id": "doc_id"})[DOC_COLUMNS + [c for c in frame.columns if c in spec.keep]]

    near = _pair_near_duplicates(results, docs["doc_id"], spec.near_duplicate_threshold)
    paragraphs = pd.concat([result.pop("paragraphs") for result in results], ignore_index=True)
    sentences = pd.concat([result.pop("sentences") for result in results], ignore_index=True)
    log = pd.concat([result.pop("log") for result in results], ignore_index=True)
    del results
    if spec.drop_near_duplicates and len(near):
        # Of each pair, the document that comes later in the corpus goes.
        order = pd.Series(range(len(docs)), index=docs["doc_id"].to_numpy())
        later = np.where(
            order.loc[near["doc_a"]].to_numpy() > order.loc[near["doc_b"]].to_numpy(), near["doc_a"], near["doc_b"]
        )
        dropped = set(later)
        for doc_id in sorted(dropped):
            warnings.append(_warning(doc_id, "text", "near-duplicate of an earlier document", "document dropped"))
        docs = docs.loc[~docs["doc_id"].isin(dropped)].reset_index(drop=True)
    kept = set(docs["doc_id"])
    paragraphs, sentences = _rows_of(paragraphs, kept), _rows_of(sentences, kept)
    if spec.strict and warnings:
        first = warnings[0]
        raise InputError(
            f"{source_name}: {first['problem']} (document {first['doc_id'] or '-'}, {first['field']}); "
            f"{len(warnings)} problem(s) in all — fix them or set corpus.strict: false to accept them as warnings"
        )
    selected = _select(docs, spec, source_name)
    if len(selected) < len(docs):
        kept = set(selected["doc_id"])
        docs = selected.reset_index(drop=True)
        paragraphs = paragraphs.loc[paragraphs["doc_id"].isin(kept)].reset_index(drop=True)
        sentences = sentences.loc[sentences["doc_id"].isin(kept)].reset_index(drop=True)
        log = log.loc[log["doc_id"].isin(kept)].reset_index(drop=True)
        near = near.loc[near["doc_a"].isin(kept) & near["doc_b"].isin(kept)].reset_index(drop=True)
    return Corpus(
        fingerprint,
        spec,
        docs=docs,
        paragraphs=paragraphs,
        sentences=sentences,
        cleaning_log=log,
        warnings=pd.DataFrame(warnings, columns=["doc_id", "field", "problem", "action"]),
        near_duplicates=near,
    )


def _rows_of(frame: pd.DataFrame, kept: set) -> pd.DataFrame:
    """The rows of the documents in ``kept``; ``frame`` itself (no copy) when that is all of them."""
    inside = frame["doc_id"].isin(kept)
    return frame if inside.all() else frame.loc[inside].reset_index(drop=True)


def _select(docs: pd.DataFrame, spec: CorpusSpec, source_name: str) -> pd.DataFrame:
    """The documents inside the spec's source and date filters; an error if none are."""
    keep = pd.Series(True, index=docs.index)
    if spec.include_sources:
        unknown = sorted(set(spec.include_sources) - set(docs["source"]))
        if unknown:
            available = ", ".join(sorted(docs["source"].unique())[:10])
            raise InputError(f"corpus.include_sources: no source named {unknown[0]!r}; sources include {available}")
        keep &= docs["source"].isin(spec.include_sources)
    if spec.date_from:
        keep &= docs["date"] >= pd.Timestamp(spec.date_from)
    if spec.date_to:
        keep &= docs["date"] <= pd.Timestamp(spec.date_to)
    if not keep.any():
        raise InputError(
            f"{source_name}: no documents left after corpus.include_sources / date_from / date_to "
            f"({len(docs):,} before); widen the filters"
        )
    return docs.loc[keep]


def _clean_partition(frame: pd.DataFrame, clean: bool = True) -> dict:
    """Clean and segment one partition of documents; a pure function, so any engine can run it."""
    log_rows, texts, authors, datelines, stamps = [], [], [], [], []
    for doc_id, raw, title in zip(frame["id"], frame["text"], frame["title"]):
        if clean:
            result = cleaning.clean_text(raw, title=title)
        else:
            result = cleaning.CleanResult(paragraphs=[p for p in cleaning.normalise(raw).split("\n") if p])
        log_rows.extend({"doc_id": doc_id, **entry} for entry in result.log)
        texts.append(result.text)
        authors.append(result.author)
        datelines.append(result.dateline)
        stamps.append(result.date_stamp)
    docs = pd.DataFrame(
        {
            "id": frame["id"].to_numpy(),
            "text": texts,
            "byline_author": authors,
            "dateline": datelines,
            "date_stamp": stamps,
            "words": [segment.count_words(text) for text in texts],
        }
    )
    nonempty = docs.loc[docs["text"].str.strip() != "", ["id", "text"]].rename(columns={"id": "doc_id"})
    paragraphs, sentences = segment.segment(nonempty)
    shingle_docs, shingles = dedup.shingle_sets(nonempty["text"].tolist())
    return {
        "docs": docs,
        "paragraphs": paragraphs,
        "sentences": sentences,
        "log": pd.DataFrame(log_rows, columns=["doc_id", "rule", "line", "removed"]),
        "shingles": (nonempty["doc_id"].to_numpy()[shingle_docs], shingles),
    }


def _pair_near_duplicates(results: list[dict], doc_ids: pd.Series, threshold: float) -> pd.DataFrame:
    # Owners are looked up partition by partition: one lookup of 8.9M ids (AllSides) took 1 GB.
    index = pd.Index(doc_ids)
    positions, values = [], []
    for result in results:
        owners, shingles = result.pop("shingles")
        positions.append(index.get_indexer(owners))
        values.append(shingles)
    position, shingles = np.concatenate(positions), np.concatenate(values)
    known = position >= 0
    return dedup.pair(doc_ids.tolist(), position[known], shingles[known], threshold)


def _code_version() -> str:
    """A hash of the code that parses, cleans and segments: a new rule means a new cache entry."""
    digest = hashlib.sha256()
    for module_file in (cleaning.__file__, segment.__file__, dedup.__file__, __file__):
        digest.update(Path(module_file).read_bytes())
    return digest.hexdigest()[:8]


def _read_cache(cache_dir: Path, fingerprint: str, spec: CorpusSpec) -> Corpus | None:
    folder = cache_dir / f"corpus-{fingerprint}-{_code_version()}"
    if not all((folder / f"{part}.parquet").exists() for part in _PARTS):
        return None
    return Corpus(fingerprint, spec, **{part: folder / f"{part}.parquet" for part in _PARTS})


def _write_cache(cache_dir: Path, corpus: Corpus) -> None:
    folder = cache_dir / f"corpus-{corpus.fingerprint}-{_code_version()}"
    partial = cache_dir / f".corpus-{corpus.fingerprint}-{os.getpid()}.partial"
    partial.mkdir(parents=True, exist_ok=True)
    for part in _PARTS:
        getattr(corpus, part).to_parquet(partial / f"{part}.parquet", index=False)
    try:
        partial.rename(folder)  # atomic: readers see a complete entry or none
    except OSError:  # another run wrote the same entry first
        shutil.rmtree(partial, ignore_errors=True)


def words_per_source(docs: pd.DataFrame) -> pd.DataFrame:
    """Documents and words per source, largest first.

    Returns:
        One row per source: source, documents, words, median_words.
    """
    grouped = docs.groupby("source")["words"]
    table = pd.DataFrame(
        {"documents": grouped.size(), "words": grouped.sum(), "median_words": grouped.median().round().astype("int64")}
    ).reset_index()
    return table.sort_values(["documents", "words", "source"], ascending=[False, False, True], ignore_index=True)
