"""Load, validate and clean a corpus, from a folder of .txt files and saved web pages, one saved page,
or a CSV, JSONL or Parquet file.

What the loader does with each kind of problem (an error stops with one message that says what
to fix; a warning is recorded in ``Corpus.warnings`` and shown in the corpus report):

=========================================  ========  ==========================================
problem                                    outcome   what happens
=========================================  ========  ==========================================
path missing, unknown format, no files     error     a folder needs .txt or .html files
unreadable file, bytes not in the encoding error     names the file (and the byte offset); a page
                                                     is read in the charset it declares, else in
                                                     ``corpus.encoding``
a .txt and an .html file of the same name  error     names both files
a single page with no article text         error     names the page
text or source column missing              error     lists the columns there are
manifest names a file that is not there    error
duplicate document ids                     error     lists the first few ids
no documents left to analyse               error
empty or whitespace-only text              warning   the document is dropped
a page with no article text                warning   the document is dropped (an empty,
                                                     script-built or half-loaded page)
a .txt file that holds a web page          warning   read as a web page
a .txt file the manifest does not list     warning   kept, with source "(unknown)" (a page not
                                                     listed keeps the site name it gives)
no id column                               warning   ids are made from the row number
date that does not parse, or is impossible warning   date left empty (NaT)
text longer than ``max_chars``             warning   text cut at ``max_chars``
near-duplicate documents                   flagged   listed in ``near_duplicates``; kept unless
                                                     ``drop_near_duplicates`` is set
=========================================  ========  ==========================================

A web page's text is the article trafilatura finds in it (:mod:`helpers.corpus.pages`); what was left
out is counted in one ``html_boilerplate`` entry of the cleaning log (line 0), before the entries of
the cleaning rules, whose line numbers count lines of the extracted text.
"""

from __future__ import annotations

from dataclasses import asdict
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.corpus import cache
from helpers.corpus.pages import LOG_COLUMN, LOG_RULE
from helpers.corpus.readers import detect_format, read_corpus, text_column, warning_row
from helpers.corpus.spec import DOC_COLUMNS, PRECISIONS, Corpus, CorpusSpec
from helpers.engine import Engine, map_partitions
from helpers.errors import InputError
from helpers.paths import resolve

EARLIEST_DATE = pd.Timestamp("1900-01-01")


def load_corpus(
    spec: CorpusSpec | dict | str | Path | None = None,
    cache_dir: str | Path | None = None,
    engine: Engine | None = None,
    **settings,
) -> Corpus:
    """Load, validate, clean and segment a corpus.

    Args:
        spec: a :class:`CorpusSpec`, the ``corpus`` section of a configuration as a dict, or just
            the corpus path; ``None`` loads the seed corpus.
        cache_dir: if given (not empty), the parsed corpus is kept there as Parquet, keyed by the
            fingerprint, so later loads of the same input with the same settings are fast.
        engine: where cleaning and segmenting run (:class:`helpers.engine.Engine`; default: here).
        **settings: any :class:`CorpusSpec` field, overriding ``spec``.

    Returns:
        The :class:`Corpus`.

    Raises:
        InputError: the corpus cannot be used as given; the message says what to change.
    """
    if isinstance(spec, dict):
        spec = CorpusSpec.from_dict({**spec, **settings})
    elif spec is None or isinstance(spec, (str, Path)):
        spec = CorpusSpec.from_dict({**({"path": str(spec)} if spec is not None else {}), **settings})
    elif settings:
        spec = CorpusSpec.from_dict({**asdict(spec), **settings})
    path = resolve(spec.path)
    fmt = detect_format(path, spec.format)
    key = cache.fingerprint(path, fmt, spec)
    if cache_dir:
        cached = cache.read_cache(Path(cache_dir), key, spec)
        if cached is not None:
            return cached
    read = list(read_corpus(path, fmt, spec))
    # _build takes the table out of the list, so the raw text is freed as soon as it is cleaned.
    corpus = _build(read, spec, key, str(path), engine or Engine())
    if cache_dir:
        cache.write_cache(Path(cache_dir), corpus)
    return corpus


def _parse_dates(values: pd.Series, doc_ids: pd.Series, warnings: list[dict]) -> pd.Series:
    text = text_column(values).str.strip()
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
        warnings.append(warning_row(doc_id, "date", problem, "date left empty; use YYYY-MM-DD"))
    return parsed.dt.normalize()


_YEAR_ONLY = r"^\s*\d{4}\s*$"
_MONTH_ONLY = r"^\s*\d{4}[-/.]\d{1,2}\s*$"


def _date_precision(dates: pd.Series, given: pd.Series | None, doc_ids: pd.Series, warnings: list[dict]) -> pd.Series:
    """How much of each date is known: the ``date_precision`` column where given, else read off the
    date as written ("2025" is a year, "2025-06" a month, anything longer a day)."""
    text = dates.str.strip()
    inferred = pd.Series("day", index=dates.index)
    inferred[text.str.match(_MONTH_ONLY)] = "month"
    inferred[text.str.match(_YEAR_ONLY)] = "year"
    if given is None:
        return inferred
    given = given.str.strip().str.lower()
    unknown = (given != "") & ~given.isin(PRECISIONS)
    for doc_id, value in zip(doc_ids[unknown], given[unknown], strict=True):
        warnings.append(
            warning_row(
                doc_id, "date_precision", f"unknown precision {value!r}", "read from the date; use day, month or year"
            )
        )
    return given.where((given != "") & ~unknown, inferred)


def _build(read: list, spec: CorpusSpec, fingerprint: str, source_name: str, engine: Engine) -> Corpus:
    """The corpus from ``read`` = ``[table, warnings]`` as :func:`read_corpus` gives them; the table is
    taken out of the list and changed in place (nothing else holds it)."""
    frame, warnings = read.pop(0), read.pop(0)
    stopped_early = bool(frame.attrs.get("partial"))
    if frame.empty and (spec.include_sources or spec.date_from or spec.date_to):
        raise InputError(
            f"{source_name}: no documents inside corpus.include_sources / date_from / date_to; widen the filters"
        )
    frame["id"] = text_column(frame["id"]).str.strip()
    blank_ids = frame["id"] == ""
    if blank_ids.any():
        raise InputError(f"{source_name}: {int(blank_ids.sum())} document(s) have an empty id; give every row an id")
    duplicated = frame["id"][frame["id"].duplicated()].unique().tolist()
    if duplicated:
        raise InputError(
            f"{source_name}: {len(duplicated)} id(s) used by more than one document, e.g. "
            f"{', '.join(duplicated[:5])}; ids must be unique"
        )
    frame["text"] = text_column(frame["text"])
    empty = frame["text"].str.strip() == ""
    for doc_id in frame.loc[empty, "id"]:
        warnings.append(warning_row(doc_id, "text", "empty or whitespace-only text", "document dropped"))
    frame = frame.loc[~empty].reset_index(drop=True)
    if frame.empty:
        raise InputError(f"{source_name}: no documents with text; check the text column and corpus.limit")
    long_texts = frame["text"].str.len() > spec.max_chars
    for doc_id, length in zip(frame.loc[long_texts, "id"], frame.loc[long_texts, "text"].str.len()):
        warnings.append(
            warning_row(doc_id, "text", f"{length:,} characters", f"cut to corpus.max_chars = {spec.max_chars:,}")
        )
    frame.loc[long_texts, "text"] = frame.loc[long_texts, "text"].str.slice(0, spec.max_chars)
    for name in ("source", "title", "author", "url", "kind", "country", LOG_COLUMN):
        frame[name] = text_column(frame[name]).str.strip() if name in frame else ""
    blank_source = frame["source"] == ""
    for doc_id in frame.loc[blank_source, "id"]:
        warnings.append(warning_row(doc_id, "source", "empty source", "source set to '(unknown)'"))
    frame.loc[blank_source, "source"] = "(unknown)"

    frame["raw_chars"] = frame["text"].str.len()
    date_values = text_column(frame["date"]) if "date" in frame else pd.Series([""] * len(frame), index=frame.index)
    frame["date"] = date_values
    results = map_partitions(partial(_clean_partition, clean=spec.clean), frame, engine, desc="cleaning")
    # Each partition's tables are taken out of the results as they are joined: one copy at a time.
    cleaned = pd.concat([result.pop("docs") for result in results], ignore_index=True)
    frame = frame.drop(columns=["text"]).merge(cleaned, on="id", how="left", validate="one_to_one")
    frame["author"] = frame["author"].where(frame["author"] != "", frame.pop("byline_author"))
    frame["date"] = frame["date"].where(frame["date"].str.strip() != "", frame.pop("date_stamp"))
    given = text_column(frame["date_precision"]) if "date_precision" in frame else None
    frame["date_precision"] = _date_precision(frame["date"], given, frame["id"], warnings)
    frame["date"] = _parse_dates(frame["date"], frame["id"], warnings)
    frame.loc[frame["date"].isna(), "date_precision"] = ""
    emptied = frame["text"].str.strip() == ""
    for doc_id in frame.loc[emptied, "id"]:
        warnings.append(warning_row(doc_id, "text", "nothing left after cleaning", "document dropped"))
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
            warnings.append(warning_row(doc_id, "text", "near-duplicate of an earlier document", "document dropped"))
        docs = docs.loc[~docs["doc_id"].isin(dropped)].reset_index(drop=True)
    kept = set(docs["doc_id"])
    paragraphs, sentences = _rows_of(paragraphs, kept), _rows_of(sentences, kept)
    if spec.strict and warnings:
        first = warnings[0]
        raise InputError(
            f"{source_name}: {first['problem']} (document {first['doc_id'] or '-'}, {first['field']}); "
            f"{len(warnings)} problem(s) in all — fix them or set corpus.strict: false to accept them as warnings"
        )
    selected = _select(docs, spec, source_name, stopped_early)
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


def _select(docs: pd.DataFrame, spec: CorpusSpec, source_name: str, partial: bool = False) -> pd.DataFrame:
    """The documents inside the spec's source and date filters; an error if none are, or if a source
    asked for is not in the corpus (unknowable when ``partial``: reading stopped at ``corpus.limit``)."""
    keep = pd.Series(True, index=docs.index)
    if spec.include_sources:
        unknown = sorted(set(spec.include_sources) - set(docs["source"]))
        if unknown and not partial:
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
    # Imported here: a notebook that reads the parsed corpus from the cache never needs them.
    from helpers.corpus import cleaning, dedup, segment

    log_rows, texts, authors, datelines, stamps = [], [], [], [], []
    for doc_id, raw, title, furniture in zip(frame["id"], frame["text"], frame["title"], frame[LOG_COLUMN]):
        if furniture:  # what the reader left out of a web page, whether or not the text is cleaned
            log_rows.append({"doc_id": doc_id, "rule": LOG_RULE, "line": 0, "removed": furniture})
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
        # Each shingle's document as a position among this partition's documents: an owner's id per
        # shingle would be millions of strings to send back and look up.
        "shingles": (nonempty["doc_id"].to_numpy(), shingle_docs, shingles),
    }


def _pair_near_duplicates(results: list[dict], doc_ids: pd.Series, threshold: float) -> pd.DataFrame:
    from helpers.corpus import dedup

    # Each partition's documents are looked up once; its shingles point at them.
    index = pd.Index(doc_ids)
    positions, values = [], []
    for result in results:
        owners, owner_of, shingles = result.pop("shingles")
        positions.append(index.get_indexer(owners)[owner_of])
        values.append(shingles)
    position, shingles = np.concatenate(positions), np.concatenate(values)
    known = position >= 0
    return dedup.pair(doc_ids.tolist(), position[known], shingles[known], threshold)
