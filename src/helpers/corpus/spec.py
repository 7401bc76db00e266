"""What a corpus is: where it is and how to read it (:class:`CorpusSpec`), and what loading it gives (:class:`Corpus`)."""

from __future__ import annotations

import datetime
import importlib.metadata
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from helpers.errors import InputError
from helpers.store import code_digest, digest

FIELDS = ("id", "text", "source", "date", "date_precision", "title", "author", "url", "kind", "country")
PRECISIONS = ("day", "month", "year")
REQUIRED = ("text", "source")
FORMATS = ("auto", "folder", "csv", "jsonl", "parquet", "html")
MANIFEST_NAMES = ("manifest.csv", "manifest.jsonl")
DOC_COLUMNS = [
    "doc_id", "source", "kind", "country", "date", "date_precision", "title", "author", "url", "dateline",
    "words", "raw_chars", "text",
]  # fmt: skip


@dataclass(frozen=True)
class CorpusSpec:
    """Where a corpus is and how to read it: the ``corpus`` section of a run configuration.

    Attributes:
        path: a folder of .txt files and saved web pages (.html, .htm), with a manifest; one saved
            page; or a .csv, .jsonl, .jsonl.gz or .parquet file; relative paths start at the project root.
        format: one of ``auto`` (from the path), ``folder``, ``csv``, ``jsonl``, ``parquet``, ``html``.
        columns: maps the fields the suite uses (id, text, source, date, date_precision, title,
            author, url, kind, country) to the corpus's own column names, e.g. ``{"source": "outlet"}``.
        manifest: for a folder, the manifest file (default: manifest.csv inside the folder).
        encoding: text encoding of the files (a web page's own declared charset comes first).
        clean: strip page furniture (see :mod:`helpers.corpus.cleaning`).
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
            if expected is str and isinstance(value, datetime.date):  # YAML reads 2025-01-31 as a date
                value = value.isoformat()[:10]
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


PARTS = ("docs", "paragraphs", "sentences", "cleaning_log", "warnings", "near_duplicates")


class Corpus:
    """A loaded corpus: documents, their parts, and what the loader did to them.

    Attributes:
        docs: one row per document: doc_id, source, kind, country, date (datetime64, NaT when
            unknown), date_precision (day, month or year: how much of the date is known; "" when
            there is no date), title, author, url, dateline, words (after cleaning), raw_chars, text
            (cleaned), and any ``corpus.keep`` columns.
        paragraphs: see :func:`helpers.corpus.segment.segment`.
        sentences: see :func:`helpers.corpus.segment.segment`.
        cleaning_log: one row per removal: doc_id, rule, line (in the raw text), removed.
        warnings: one row per recorded problem: doc_id, field, problem, action.
        near_duplicates: see :func:`helpers.corpus.dedup.near_duplicates`.
        fingerprint: a hash of the input bytes and the loading settings.
        spec: the settings it was loaded with.

    A corpus read from the cache reads each part from disk the first time it is used, so a
    notebook that needs only ``docs`` and ``sentences`` never holds the paragraphs in memory.
    """

    def __init__(self, fingerprint: str, spec: CorpusSpec, **parts: pd.DataFrame | Path) -> None:
        missing = set(PARTS) - set(parts)
        if missing:
            raise TypeError(f"Corpus needs {', '.join(sorted(missing))}")
        self.fingerprint = fingerprint
        self.spec = spec
        self._parts = dict(parts)

    @property
    def key(self) -> str:
        """The corpus as the stages read it: its input and loading settings (the fingerprint) and the
        code that parsed it. Results kept from a corpus carry it, so a changed cleaning or segmentation
        rule (other sentence ids, other text) never reads results computed from the old parse."""
        return f"{self.fingerprint}-{code_version()}"

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


# The modules whose code decides what a parsed corpus holds.
PARSING_MODULES = ("spec.py", "readers.py", "pages.py", "cleaning.py", "segment.py", "dedup.py", "load.py", "cache.py")


def code_version() -> str:
    """A hash of the code that parses, cleans and segments, and of the version of the library that reads
    web pages: a new rule, or a new trafilatura, means a new cache entry."""
    try:
        extractor = importlib.metadata.version("trafilatura")
    except importlib.metadata.PackageNotFoundError:
        extractor = ""
    return digest(code_digest(Path(__file__).parent / name for name in PARSING_MODULES), extractor)[:8]
