"""Compare two report folders table by table: which CSV tables are identical, and how the others differ.

Usage:
    python benchmarks/diff_reports.py reports/seed-before reports/seed-after
    python benchmarks/diff_reports.py OLD NEW --rename source_tokens=group_tokens --ignore topic_sources.csv

A table is *identical* when its bytes are. Otherwise the script says whether the difference is in
the columns (added, removed, renamed with ``--rename``), in the number of rows, or in the values;
for numeric columns it prints the largest absolute difference, so a table whose numbers moved in
the sixth decimal is told apart from one whose rows changed.

Exit code: 0 when every table common to both folders is identical (after ``--rename`` and
leaving out ``--ignore``), 1 otherwise, 2 for a folder without ``tables/``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd


def _tables(folder: Path) -> dict[str, Path]:
    tables = folder / "tables"
    if not tables.is_dir():
        print(f"error: {folder} has no tables/ folder; give a report folder such as reports/seed", file=sys.stderr)
        raise SystemExit(2)
    return {path.name: path for path in sorted(tables.glob("*.csv"))}


def compare_table(old: Path, new: Path, renames: dict[str, str]) -> dict:
    """How two CSV files differ: status, and a line of detail."""
    if old.read_bytes() == new.read_bytes():
        return {"status": "identical", "detail": ""}
    before = pd.read_csv(old, dtype=str, keep_default_na=False)
    after = pd.read_csv(new, dtype=str, keep_default_na=False)
    # A rename applies where the old name is gone and the new one has appeared.
    applicable = {a: b for a, b in renames.items() if a in before and b in after and a not in after and b not in before}
    before = before.rename(columns=applicable)
    notes = []
    if list(before.columns) != list(after.columns):
        removed = [c for c in before.columns if c not in after.columns]
        added = [c for c in after.columns if c not in before.columns]
        if removed or added:
            notes.append(f"columns removed {removed} added {added}")
        else:
            notes.append("columns reordered")
        common = [c for c in before.columns if c in after.columns]
        before, after = before[common], after[common]
    if len(before) != len(after):
        notes.append(f"rows {len(before):,} → {len(after):,}")
        return {"status": "differs", "detail": "; ".join(notes)}
    if before.equals(after):
        if applicable:
            notes.insert(0, "renamed " + ", ".join(f"{a} → {b}" for a, b in applicable.items()))
        return {"status": "renamed" if notes else "identical", "detail": "; ".join(notes) or "same values"}
    changed = []
    for column in before.columns:
        a, b = before[column].to_numpy(), after[column].to_numpy()
        differ = a != b
        if not differ.any():
            continue
        numbers_a = pd.to_numeric(pd.Series(a), errors="coerce").to_numpy()
        numbers_b = pd.to_numeric(pd.Series(b), errors="coerce").to_numpy()
        numeric = ~np.isnan(numbers_a[differ]) & ~np.isnan(numbers_b[differ])
        if numeric.all():
            gaps = np.abs(numbers_a[differ] - numbers_b[differ])
            changed.append(
                f"{column}: {int(differ.sum()):,} of {len(a):,} values, |Δ| median {np.median(gaps):.3g}, max {gaps.max():.3g}"
            )
        else:
            row = int(np.flatnonzero(differ)[0])
            changed.append(f"{column}: {int(differ.sum()):,} values (row {row + 2}: {a[row]!r} → {b[row]!r})")
    notes.append("; ".join(changed))
    return {"status": "differs", "detail": "; ".join(notes)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path, help="the report folder before")
    parser.add_argument("new", type=Path, help="the report folder after")
    parser.add_argument("--rename", action="append", default=[], metavar="OLD=NEW", help="a column renamed on purpose")
    parser.add_argument("--ignore", action="append", default=[], metavar="FILE", help="a table expected to differ")
    args = parser.parse_args(argv)
    renames = dict(item.split("=", 1) for item in args.rename)
    old, new = _tables(args.old), _tables(args.new)
    bad = 0
    for name in sorted(set(old) | set(new)):
        if name not in new:
            status, detail = "only before", ""
        elif name not in old:
            status, detail = "only after", ""
        else:
            found = compare_table(old[name], new[name], renames)
            status, detail = found["status"], found["detail"]
        expected = name in args.ignore
        if status not in ("identical", "renamed") and not expected:
            bad += 1
        flag = " (expected)" if expected and status != "identical" else ""
        print(f"{status:12} {name}{flag}{': ' + detail if detail else ''}")
    same = sum(1 for name in set(old) & set(new) if old[name].read_bytes() == new[name].read_bytes())
    print(f"\n{same} of {len(set(old) | set(new))} tables byte-identical; {bad} unexpected difference(s)")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
