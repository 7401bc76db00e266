"""The command line: ``run`` a configuration, ``check`` a corpus.

Exit codes: 0 success; 1 a notebook failed (the others still rendered; for ``screenshots``, a page
has a problem); 2 bad input (a config, parameter or corpus problem, or a wrong command line,
explained in one line, nothing written); 3 an unexpected error (a bug, or the machine: a full disk,
no permission), with its traceback; 130 interrupted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
import traceback
from pathlib import Path

from helpers.errors import InputError

EXIT_OK, EXIT_FAILED, EXIT_INPUT, EXIT_CRASHED, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own usage errors keep exit code 2, in one line
        self.print_usage(sys.stderr)
        print(f"error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_INPUT)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m helpers", description="newsframes: compare how news sources cover a story.")
    parser.add_argument("--debug", action="store_true", help="show the full traceback on errors")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    run = commands.add_parser("run", help="run the notebooks and render the report")
    run.add_argument("--config", required=True, help="run configuration (YAML), e.g. config/seed.yml")
    run.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override a config value, e.g. --set topics.k=6 (repeatable)",
    )
    run.add_argument(
        "--only", nargs="+", default=[], metavar="NAME", help="run only these notebooks (e.g. corpus topics)"
    )
    run.add_argument("--out", help="report folder (default reports/<config name>)")
    run.add_argument(
        "--jobs",
        type=int,
        default=0,
        help="notebooks run at once (default: 4; kernels spend much of their time waiting, so more than the cores pays)",
    )
    run.add_argument("--show-code", action="store_true", help="keep the code cells in the HTML")
    run.add_argument(
        "--quiet",
        action="store_true",
        help="print nothing when every notebook ran; otherwise only the errors, on stderr (for cron)",
    )
    run.add_argument("--notebooks", help="folder of NN-name.ipynb notebooks (default: the project's notebooks/)")
    run.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    check = commands.add_parser("check", help="load and validate a corpus and print a summary")
    check.add_argument(
        "path",
        help="a folder of .txt files and/or saved web pages, one .html page, or a .csv, .jsonl(.gz) or .parquet file",
    )
    check.add_argument("--format", default="auto", help="auto, folder, csv, jsonl, parquet or html")
    check.add_argument(
        "--column",
        dest="columns",
        action="append",
        default=[],
        metavar="FIELD=COLUMN",
        help="map a field to the file's column, e.g. --column source=outlet (repeatable)",
    )
    check.add_argument("--encoding", default="utf-8", help="text encoding (default utf-8)")
    check.add_argument(
        "--keep", action="append", default=[], metavar="COLUMN", help="another column to keep, e.g. --keep bias"
    )
    check.add_argument("--limit", type=int, default=0, help="read only the first N documents (default: all)")
    check.add_argument(
        "--export",
        metavar="FILE",
        help="write the cleaned, validated documents to FILE: .jsonl(.gz), .csv(.gz) or .parquet by its name",
    )
    check.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    shots = commands.add_parser("screenshots", help="open a report in headless Chromium: errors, images, PNGs")
    shots.add_argument("report", help="a report folder, e.g. reports/seed")
    shots.add_argument("--out", help="where the PNGs go (default: reports/screenshots/<report name>)")
    shots.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    return parser


def _screenshots(args) -> int:
    from helpers.paths import REPORTS_DIR
    from helpers.run import browser

    report = Path(args.report).expanduser().resolve()
    out = Path(args.out).expanduser().resolve() if args.out else REPORTS_DIR / "screenshots" / report.name
    checked = browser.check_reports(report, out)
    print(checked.drop(columns=["errors"]).to_string(index=False))
    bad = checked[checked[["console_errors", "requests", "failed_requests", "broken_images"]].gt(0).any(axis=1)]
    for row in bad.itertuples():
        print(
            f"{row.page}: {row.console_errors} console error(s), {row.requests} request(s) beyond the page, "
            f"{row.failed_requests} failed request(s), {row.broken_images} broken image(s) {row.errors}",
            file=sys.stderr,
        )
    print(f"screenshots: {out}")
    return EXIT_FAILED if len(bad) else EXIT_OK


def _silent(*_, **__) -> None:
    return None


def _run(args) -> int:
    from helpers.run import runner

    if args.jobs < 0:
        raise InputError(f"--jobs {args.jobs}: must be 0 (the default, 4) or more")
    say = _silent if args.quiet else print
    if args.quiet:
        os.environ["NEWSFRAMES_PROGRESS"] = "0"  # no progress bar on the terminal either
    started = time.perf_counter()
    say(f"newsframes run {args.config} started {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M:%S} UTC", flush=True)
    folder, results = runner.run(
        args.config,
        args.overrides,
        args.only,
        args.out,
        args.jobs,
        args.show_code,
        echo=say,
        notebooks_dir=Path(args.notebooks).expanduser().resolve() if args.notebooks else runner.NOTEBOOKS_DIR,
    )
    failed = [r for r in results if r.status not in runner.FINE]
    skipped = sum(r.status == "skipped" for r in results)
    say(f"report: {folder / 'index.html'}")
    say(
        f"finished in {time.perf_counter() - started:.1f} s: {len(results) - len(failed) - skipped} ok, "
        + (f"{skipped} skipped (its page says why), " if skipped else "")
        + f"{len(failed)} failed",
        flush=True,
    )
    if failed:
        if args.quiet:  # otherwise the progress lines have shown each error already
            for result in failed:
                print(f"failed {result.file}: {result.error}", file=sys.stderr)
        print(
            f"{len(failed)} notebook(s) failed: {', '.join(r.file for r in failed)}; see {folder / 'index.html'}",
            file=sys.stderr,
        )
        return EXIT_FAILED
    return EXIT_OK


def _check(args) -> int:
    from helpers.corpus import CorpusSpec, export, load_corpus
    from helpers.corpus.overview import sources_table

    columns = {}
    for item in args.columns:
        field, sep, column = item.partition("=")
        if not sep:
            raise InputError(f"--column {item!r}: expected FIELD=COLUMN, e.g. --column source=outlet")
        columns[field.strip()] = column.strip()
    if args.export:
        export.export_format(args.export)  # a bad name is an error before the corpus is read
    spec = CorpusSpec.from_dict(
        {"path": args.path, "format": args.format, "columns": columns, "encoding": args.encoding,
         "keep": args.keep, "limit": args.limit}
    )  # fmt: skip
    loaded = load_corpus(spec)
    for key, value in loaded.summary().items():
        print(f"{key:>22}: {value}")
    print()
    print(sources_table(loaded.docs).head(20).to_string(index=False))
    if len(loaded.warnings):
        print(f"\n{len(loaded.warnings)} warning(s):")
        print(loaded.warnings.head(20).to_string(index=False))
    if args.export:
        source = Path(args.path).expanduser()
        inputs = [*source.iterdir()] if source.is_dir() else [source]
        written = export.export_documents(loaded, args.export, inputs)
        print(f"\nexported {len(loaded.docs):,} document(s) to {written}")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return {"run": _run, "check": _check, "screenshots": _screenshots}[args.command](args)
    except InputError as error:
        if args.debug:
            traceback.print_exc()
        print(f"error: {error}", file=sys.stderr)
        return EXIT_INPUT
    except BrokenPipeError:  # the reader stopped reading (… | head): not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        print("interrupted; the previous report, if any, is unchanged", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception:  # not the user's input: a bug or the machine; the traceback is for the maintainer
        traceback.print_exc()
        print(f"error: python -m helpers {args.command} stopped on an unexpected error (above)", file=sys.stderr)
        return EXIT_CRASHED
