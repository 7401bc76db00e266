"""The runner end to end, through papermill and nbconvert as in production."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from helpers.cli import main
from helpers.errors import InputError
from helpers.paths import CONFIG_DIR, DATA_DIR
from helpers.run import runner
from helpers.run.render import page_script

pytestmark = pytest.mark.slow


def digest(folder: Path) -> str:
    value = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            value.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return value.hexdigest()


def quiet(*_):
    return None


def write_notebook(path: Path, body: str) -> None:
    notebook = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('tables_dir: str = "."  # where tables go\nvalue: int = 1  # a number')
    params.metadata["tags"] = ["parameters"]
    notebook.cells = [params, nbformat.v4.new_code_cell(body)]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, path)


@pytest.fixture
def tiny_suite(tmp_path, folder_corpus) -> tuple[Path, Path]:
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    write_notebook(notebooks / "00-good.ipynb", "print('value is', value)")
    write_notebook(notebooks / "01-bad.ipynb", "raise ValueError('boom from the notebook')")
    config = tmp_path / "tiny.yml"
    config.write_text(f"corpus:\n  path: {folder_corpus}\n", encoding="utf-8")
    return notebooks, config


def test_seed_suite_renders_self_contained_reports_and_leaves_data_untouched(tmp_path):
    before = digest(DATA_DIR)
    out = tmp_path / "seed"
    folder, results = runner.run(CONFIG_DIR / "seed.yml", out=out, echo=quiet)
    assert folder == out
    assert [(r.name, r.status) for r in results] == [
        ("corpus", "ok"),
        ("topics", "ok"),
        ("actors", "ok"),
        ("framing", "ok"),
        ("stories", "ok"),
    ]
    table = pd.read_csv(out / "tables" / "corpus.csv")
    assert len(table) == 5
    assert {"doc_id", "source", "date", "title", "words"} <= set(table.columns)
    assert table["doc_id"].str.endswith(".txt").sum() == 0
    page = (out / "00-corpus.html").read_text(encoding="utf-8")
    own_script = f"<script>{page_script()['text']}</script>"  # the page's one script, allowed by its hash
    assert page.count(own_script) == 1 and "<script" not in page.replace(own_script, "")
    assert "http://" not in page.replace("http://www.w3.org", "")
    assert "data:image/png;base64," in page
    assert "Content-Security-Policy" in page
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="00-corpus.html"' in index
    manifest = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert manifest["corpus"]["documents"] == 5
    assert manifest["notebooks"][0]["status"] == "ok"
    assert digest(DATA_DIR) == before

    for page in ("01-topics.html", "02-actors.html", "03-framing.html", "04-stories.html"):
        html = (out / page).read_text(encoding="utf-8")
        assert "<script" not in html.replace(own_script, "") and "data:image/png;base64," in html
        assert (out / page).stat().st_size < 5 * 2**20

    # The same corpus and parameters give byte-identical tables.
    again, _ = runner.run(CONFIG_DIR / "seed.yml", out=tmp_path / "again", echo=quiet)
    assert len(list((out / "tables").glob("*.csv"))) > 20
    assert digest(again / "tables") == digest(out / "tables")


def test_a_failing_notebook_does_not_stop_the_others(tiny_suite, tmp_path):
    notebooks, config = tiny_suite
    out = tmp_path / "report"
    before = os.getcwd()
    _, results = runner.run(config, out=out, echo=quiet, notebooks_dir=notebooks)
    # Notebooks run in parallel threads: none may change the process's working directory.
    assert os.getcwd() == before
    status = {r.name: r.status for r in results}
    assert status == {"good": "ok", "bad": "failed"}
    bad = next(r for r in results if r.name == "bad")
    assert "ValueError: boom from the notebook" in bad.error
    assert (out / "00-good.html").exists() and (out / "01-bad.html").exists()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "boom from the notebook" in index and 'href="executed/01-bad.ipynb"' in index
    assert (out / "executed" / "01-bad.ipynb").exists()


def test_a_failed_run_keeps_the_last_good_report(tiny_suite, tmp_path):
    notebooks, config = tiny_suite
    out = tmp_path / "report"
    runner.run(config, only=["good"], out=out, echo=quiet, notebooks_dir=notebooks)
    good = digest(out)
    placed, _ = runner.run(config, out=out, echo=quiet, notebooks_dir=notebooks)
    assert placed == tmp_path / "report.failed"
    assert digest(out) == good
    assert "boom" in (placed / "index.html").read_text(encoding="utf-8")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".report")]


def test_parameters_are_passed_and_checked(tiny_suite, tmp_path):
    notebooks, config = tiny_suite
    out = tmp_path / "p"
    _, results = runner.run(config, ["good.value=7"], only=["good"], out=out, echo=quiet, notebooks_dir=notebooks)
    assert results[0].parameters["value"] == 7
    executed = nbformat.read(out / "executed" / "00-good.ipynb", as_version=4)
    assert "value is 7" in "".join(o.get("text", "") for c in executed.cells for o in c.get("outputs", []))
    with pytest.raises(InputError, match=r"good\.value: expected int, got 'many'"):
        runner.run(config, ["good.value=many"], out=out, echo=quiet, notebooks_dir=notebooks)
    with pytest.raises(InputError, match=r"notebooks\.good\.colour is not a parameter of good; known: value"):
        runner.run(config, ["good.colour=red"], out=out, echo=quiet, notebooks_dir=notebooks)
    with pytest.raises(InputError, match="unknown notebook.*nosuch; choose from good, bad"):
        runner.run(config, only=["nosuch"], out=out, echo=quiet, notebooks_dir=notebooks)


def test_kernel_thread_limits_share_the_cores_between_kernels():
    assert runner.kernel_threads(1, 8, {}) == {}
    two = runner.kernel_threads(2, 2, {})
    assert two["OPENBLAS_NUM_THREADS"] == "1" and two["OMP_NUM_THREADS"] == "1"
    assert runner.kernel_threads(4, 16, {})["MKL_NUM_THREADS"] == "4"
    assert runner.kernel_threads(4, 2, {})["OMP_NUM_THREADS"] == "1"  # never below one
    kept = runner.kernel_threads(2, 2, {"OMP_NUM_THREADS": "3"})
    assert "OMP_NUM_THREADS" not in kept and kept["OPENBLAS_NUM_THREADS"] == "1"


def test_parallel_kernels_start_with_thread_limits(tmp_path, folder_corpus, monkeypatch):
    for name in runner.THREAD_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    body = "import os\nprint('threads', os.environ.get('OPENBLAS_NUM_THREADS', 'unset'))"
    for name in ("00-one", "01-two"):
        write_notebook(notebooks / f"{name}.ipynb", body)
    config = tmp_path / "tiny.yml"
    config.write_text(f"corpus:\n  path: {folder_corpus}\n", encoding="utf-8")

    def printed(out: Path) -> str:
        executed = nbformat.read(out / "executed" / "00-one.ipynb", as_version=4)
        return "".join(o.get("text", "") for c in executed.cells for o in c.get("outputs", []))

    runner.run(config, out=tmp_path / "two", jobs=2, echo=quiet, notebooks_dir=notebooks)
    assert "threads 1" in printed(tmp_path / "two")
    runner.run(config, out=tmp_path / "one", jobs=1, echo=quiet, notebooks_dir=notebooks)
    assert "threads unset" in printed(tmp_path / "one")


def test_command_line_exit_codes(tiny_suite, tmp_path, capsys):
    notebooks, config = tiny_suite
    common = ["--config", str(config), "--notebooks", str(notebooks), "--out", str(tmp_path / "cli")]
    assert main(["run", *common, "--only", "good"]) == 0
    assert main(["run", *common]) == 1
    assert "1 notebook(s) failed: 01-bad.ipynb" in capsys.readouterr().err
    assert main(["run", *common, "--set", "good.value=x"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "Traceback" not in err and err.count("\n") == 1


def test_a_bad_cache_limit_stops_the_run_before_anything_is_written(tiny_suite, tmp_path, capsys, monkeypatch):
    notebooks, config = tiny_suite
    monkeypatch.setenv("NEWSFRAMES_CACHE_MAX_GB", "lots")
    out = tmp_path / "cli"
    assert (
        main(["run", "--config", str(config), "--notebooks", str(notebooks), "--out", str(out), "--only", "good"]) == 2
    )
    err = capsys.readouterr().err
    assert err.startswith("error: NEWSFRAMES_CACHE_MAX_GB='lots' is not a number") and err.count("\n") == 1
    assert not out.exists()


def test_a_bad_override_is_blamed_on_the_set_that_gave_it(tiny_suite, tmp_path, capsys):
    notebooks, config = tiny_suite
    common = ["--config", str(config), "--notebooks", str(notebooks), "--out", str(tmp_path / "cli")]
    assert main(["run", *common, "--only", "good", "--set", "good.nonsense=1"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: --set good.nonsense=1: ") and str(config) not in err
    assert main(["run", *common, "--only", "good", "--set", "corpus.colour=red"]) == 2
    assert capsys.readouterr().err.startswith("error: --set corpus.colour=red: corpus: unknown key(s) colour")


def test_a_bad_file_is_blamed_on_the_file_even_with_overrides(tiny_suite, tmp_path, capsys):
    notebooks, config = tiny_suite
    config.write_text(config.read_text(encoding="utf-8") + "colour: red\n", encoding="utf-8")
    common = ["--config", str(config), "--notebooks", str(notebooks), "--out", str(tmp_path / "cli")]
    assert main(["run", *common, "--only", "good", "--set", "good.nonsense=1"]) == 2
    assert capsys.readouterr().err.startswith(f"error: {config.resolve()}: unknown key(s) colour")


NOISY = """import sys, warnings
print('the reader sees this')
print('ran from /machine/only/path', file=sys.stderr)
warnings.warn('a library complains')"""


def test_standard_error_and_tracebacks_go_to_the_log_not_the_page(tmp_path, folder_corpus):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    write_notebook(notebooks / "00-noisy.ipynb", NOISY)
    write_notebook(notebooks / "01-bad.ipynb", "raise ValueError('boom from the notebook')")
    write_notebook(notebooks / "02-calm.ipynb", "print('nothing to log')")
    config = tmp_path / "tiny.yml"
    config.write_text(f"corpus:\n  path: {folder_corpus}\n", encoding="utf-8")
    out = tmp_path / "report"
    folder, results = runner.run(config, out=out, echo=quiet, notebooks_dir=notebooks)
    logs = {r.name: r.log for r in results}
    assert logs == {"noisy": "logs/00-noisy.txt", "bad": "logs/01-bad.txt", "calm": ""}

    page = (folder / "00-noisy.html").read_text(encoding="utf-8")
    assert "the reader sees this" in page
    for noise in ("/machine/only/path", "a library complains", "UserWarning", "output_stderr"):
        assert noise not in page
    log = (folder / "logs" / "00-noisy.txt").read_text(encoding="utf-8")
    assert "--- In [3] (cell 3 of the executed notebook): standard error\nran from /machine/only/path" in log
    assert "UserWarning: a library complains" in log

    failed = (folder / "01-bad.html").read_text(encoding="utf-8")
    assert "ValueError: boom from the notebook" in failed and "Traceback" not in failed
    bad_log = (folder / "logs" / "01-bad.txt").read_text(encoding="utf-8")
    assert (
        "--- In [3] (cell 5 of the executed notebook): error" in bad_log
        and "Traceback" in bad_log
        and "\x1b[" not in bad_log
    )

    # The executed notebook keeps everything, for debugging; the manifest and front page point to the log.
    executed = nbformat.read(folder / "executed" / "00-noisy.ipynb", as_version=4)
    assert any(o.get("name") == "stderr" for c in executed.cells for o in c.get("outputs", []))
    manifest = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    assert [item["log"] for item in manifest["notebooks"]] == ["logs/00-noisy.txt", "logs/01-bad.txt", ""]
    assert 'href="logs/00-noisy.txt"' in (folder / "index.html").read_text(encoding="utf-8")


def test_quiet_prints_nothing_on_success_and_only_errors_otherwise(tiny_suite, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("NEWSFRAMES_PROGRESS", "1")  # restored after the test (--quiet sets it to 0)
    notebooks, config = tiny_suite
    common = ["--config", str(config), "--notebooks", str(notebooks), "--out", str(tmp_path / "cli"), "--quiet"]
    assert main(["run", *common, "--only", "good"]) == 0
    assert capsys.readouterr() == ("", "")
    assert main(["run", *common]) == 1
    printed = capsys.readouterr()
    assert printed.out == ""
    assert printed.err.splitlines() == [
        "failed 01-bad.ipynb: ValueError: boom from the notebook",
        f"1 notebook(s) failed: 01-bad.ipynb; see {tmp_path / 'cli.failed' / 'index.html'}",
    ]


def test_an_unexpected_error_exits_with_3_and_its_traceback(tiny_suite, tmp_path, capsys, monkeypatch):
    notebooks, config = tiny_suite

    def broken(*_, **__):
        raise OSError("No space left on device")

    monkeypatch.setattr(runner, "run", broken)
    assert main(["run", "--config", str(config), "--notebooks", str(notebooks), "--quiet"]) == 3
    err = capsys.readouterr().err
    assert "Traceback" in err and "OSError: No space left on device" in err
    assert err.splitlines()[-1].startswith("error: python -m helpers run stopped on an unexpected error")


def test_the_process_exit_code_is_the_one_cron_sees(tiny_suite, tmp_path):
    notebooks, config = tiny_suite
    command = [sys.executable, "-m", "helpers", "run", "--config", str(config), "--notebooks", str(notebooks)]
    command += ["--out", str(tmp_path / "cron"), "--quiet"]
    failed = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert failed.returncode == 1 and failed.stdout == ""
    assert "failed 01-bad.ipynb: ValueError: boom from the notebook" in failed.stderr
    bad_input = subprocess.run([*command, "--set", "good.value=x"], capture_output=True, text=True, timeout=300)
    assert bad_input.returncode == 2 and bad_input.stdout == ""
    assert bad_input.stderr.count("\n") == 1 and bad_input.stderr.startswith("error: ")


def test_the_runner_lets_go_of_the_corpus_before_the_notebooks_run(tiny_suite, tmp_path, monkeypatch):
    import gc

    from helpers.corpus.spec import Corpus

    alive = []

    class Stop(Exception):
        pass

    def execute(*args, **kwargs):
        gc.collect()
        alive.append(sum(isinstance(thing, Corpus) for thing in gc.get_objects()))
        raise Stop

    notebooks, config = tiny_suite
    monkeypatch.setattr(runner, "execute", execute)
    with pytest.raises(Stop):
        runner.run(config, out=tmp_path / "out", echo=quiet, notebooks_dir=notebooks)
    assert alive == [0]
