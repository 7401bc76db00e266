"""Run the notebooks with papermill, render them with nbconvert, and write the report folder.

One process imports papermill and nbconvert once; notebooks run in parallel kernels (threads
here, each driving its own kernel process). Output is built in a temporary folder next to the
destination and moved into place only when the run has finished, so a failing or interrupted
run never leaves a half-written report where the last good one was.

Layout of a report folder::

    index.html            links to every notebook, with the run manifest
    NN-name.html          one self-contained page per notebook
    tables/*.csv          every table behind a chart
    executed/*.ipynb      the executed notebooks, for debugging
    logs/NN-name.txt      what a notebook wrote to standard error (warnings, tracebacks), by cell;
                          only for notebooks that wrote any (a result's ``log``)
    run.json              the run manifest as data
"""

from __future__ import annotations

import ctypes
import datetime as dt
import gc
import json
import os
import platform
import re
import shutil
import subprocess
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

from helpers.corpus import load_corpus
from helpers.engine import Engine, shared_cluster
from helpers.errors import InputError
from helpers.paths import CACHE_DIR, NOTEBOOKS_DIR, PROJ_ROOT, REPORTS_DIR
from helpers.run.config import apply_overrides, check
from helpers.run.index import index_html
from helpers.run.navigation import add_navigation
from helpers.run.notebooks import (
    declared_parameters,
    defaults,
    discover,
    notebook_parameters,
    skip_reason,
    skipped_notebook,
    validate,
)
from helpers.run.render import html_exporter, split_log
from helpers.store import cache_budget, prune_cache
from helpers.yamlfile import read_yaml


@dataclass
class NotebookResult:
    """How one notebook went: ``status`` is ``ok``, ``failed``, or ``skipped`` (its stage has nothing to
    say on this corpus; ``note`` says why, and the page says it too)."""

    name: str
    file: str
    status: str = "pending"
    seconds: float = 0.0
    error: str = ""
    note: str = ""
    html: str = ""
    executed: str = ""
    log: str = ""
    parameters: dict = field(default_factory=dict)


PACKAGES = (
    "newsframes", "pandas", "numpy", "scipy", "scikit-learn", "matplotlib", "papermill", "nbconvert", "nbformat",
    "jupyter_client", "ipykernel", "pyarrow", "PyYAML", "vaderSentiment", "regex", "nh3", "trafilatura", "tqdm",
    "ipywidgets", "dask", "distributed", "threadpoolctl",
)  # fmt: skip


DEFAULT_JOBS = 4  # measured: 4 kernels at once beat 2 on a 2-core machine (14.5 s against 16.0 s for the seeds)


FINE = ("ok", "skipped")  # statuses of a complete run: a skipped page says why it has no results

RENDER_LOCK = threading.Lock()  # one exporter is shared; its Jinja state is not thread-safe


def _versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for package in PACKAGES:
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            continue
    return found


def _git(*arguments: str) -> str | None:
    """The output of a git command in the project, or None outside git (or without git)."""
    try:
        result = subprocess.run(["git", "-C", str(PROJ_ROOT), *arguments], capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def _git_commit() -> str:
    return _git("rev-parse", "--short", "HEAD") or ""


def _git_dirty() -> bool | None:
    """Whether the project's tracked files differ from the commit (None outside git)."""
    changed = _git("status", "--porcelain", "--untracked-files=no")
    return None if changed is None else bool(changed)


def _relative(path: str | Path) -> str:
    """A path as the project sees it: relative to the project root when inside it."""
    try:
        return str(Path(path).resolve().relative_to(PROJ_ROOT))
    except ValueError:
        return str(path)


THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "VECLIB_MAXIMUM_THREADS")


def kernel_threads(jobs: int, cores: int, environ: dict[str, str]) -> dict[str, str]:
    """Thread limits for the numeric libraries in each kernel when ``jobs`` kernels share ``cores``.

    OpenBLAS and OpenMP start one thread per core in every process and, waiting for work, spin
    on the CPU. With two kernels on two cores that spinning took the CPU from the other kernel:
    on AllSides the topics notebook ran in 245 s beside the actors notebook, 91 s once each
    kernel's libraries used one thread (whole suite 342 s → 257 s). So each kernel gets
    ``cores // jobs`` threads (at least one). A limit the user has set already is kept.

    Returns:
        The variables to add to the kernels' environment (none when one kernel runs at a time).
    """
    if jobs <= 1:
        return {}
    threads = str(max(1, cores // jobs))
    return {name: threads for name in THREAD_VARIABLES if name not in environ}


def _kernel_manager_class(extra_env: dict[str, str] | None = None):
    """Kernels talk to this process over local sockets (IPC), not TCP ports: nothing listens on the network.

    ``extra_env`` is added to the environment each kernel starts with.
    """
    from jupyter_client.manager import AsyncKernelManager

    added = dict(extra_env or {})

    class LocalKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.transport = "ipc"
            # A socket path of its own: kernels started at the same moment must not share one.
            self.ip = os.path.join(tempfile.gettempdir(), f"newsframes-{uuid.uuid4().hex[:12]}")

        async def _async_pre_start_kernel(self, **kw):
            if added:
                kw["env"] = {**kw.get("env", os.environ), **added}
            return await super()._async_pre_start_kernel(**kw)

    return LocalKernelManager


def _execute(
    name: str,
    source: Path,
    work: Path,
    parameters: dict,
    show_code: bool,
    exporter,
    extra_env: dict | None = None,
    skip: str = "",
) -> NotebookResult:
    import papermill
    from papermill.exceptions import PapermillExecutionError

    result = NotebookResult(name=name, file=source.name, parameters=parameters)
    executed = work / "executed" / source.name
    started = time.perf_counter()
    if skip:  # nothing to compute: the page gives the reason in place of the results
        import nbformat

        nbformat.write(skipped_notebook(source, skip), executed)
        result.status, result.note = "skipped", skip
    else:
        try:
            # No cwd: papermill would os.chdir() the whole process, which races between the threads
            # that run notebooks in parallel. Notebooks use absolute paths, so the kernel's own
            # working directory does not matter.
            papermill.execute_notebook(
                str(source),
                str(executed),
                parameters=parameters,
                progress_bar=False,
                log_output=False,
                request_save_on_cell_execute=False,
                kernel_name="python3",
                kernel_manager_class=_kernel_manager_class(extra_env),
                # The notebook has finished; ending its kernel at once saves time and log noise.
                shutdown_kernel="immediate",
            )
            result.status = "ok"
        except PapermillExecutionError as error:
            result.status = "failed"
            result.error = f"{error.ename}: {error.evalue}"
        except Exception as error:  # a kernel that died or could not start: report it, keep the others
            result.status = "failed"
            result.error = f"{type(error).__name__}: {error}"
    result.seconds = round(time.perf_counter() - started, 2)
    result.executed = f"executed/{source.name}"
    if executed.exists():
        page = source.with_suffix(".html").name
        try:
            import nbformat

            # Standard error and tracebacks are for whoever maintains the run, not for the page's reader.
            shown, log = split_log(nbformat.read(executed, as_version=4))
            if log:
                result.log = f"logs/{source.with_suffix('.txt').name}"
                (work / result.log).parent.mkdir(exist_ok=True)
                (work / result.log).write_text(f"{source.name}\n\n{log}", encoding="utf-8")
            with RENDER_LOCK:
                body, _ = exporter.from_notebook_node(
                    shown, resources={"metadata": {"name": executed.stem, "path": str(executed.parent)}}
                )
        except Exception as error:  # rendering one page must not stop the others
            result.status = "failed"
            result.error = result.error or f"rendering failed: {type(error).__name__}: {error}"
        else:
            (work / page).write_text(body, encoding="utf-8")
            result.html = page
    return result


@dataclass(frozen=True)
class RunPlan:
    """What a run will do, decided from the configuration before anything is loaded or written.

    Attributes:
        config_file: the configuration's absolute path.
        name: the report's name (the folder under ``reports/``).
        settings: the configuration as given, with ``--set`` overrides applied.
        config: the checked configuration (defaults filled in, ``corpus_spec`` parsed).
        notebooks: short name → path of every notebook that runs, in order.
        parameters: short name → the parameter values the configuration sets for it.
        destination: the report folder.
        jobs: notebooks run at the same time.
        show_code: keep code cells in the HTML.
        given: the configuration file's contents, as written.
        overrides: the ``--set`` assignments, in order.
    """

    config_file: Path
    name: str
    settings: dict
    config: dict
    notebooks: dict[str, Path]
    parameters: dict[str, dict]
    destination: Path
    jobs: int
    show_code: bool
    given: dict = field(default_factory=dict)
    overrides: tuple[str, ...] = ()


def plan_run(
    config_path: str | Path,
    overrides: list[str] | None = None,
    only: list[str] | None = None,
    out: str | Path | None = None,
    jobs: int = 0,
    show_code: bool = False,
    notebooks_dir: Path = NOTEBOOKS_DIR,
) -> RunPlan:
    """Read and check the configuration and decide what runs (see :func:`run` for the arguments).

    Raises:
        InputError: the configuration, a notebook name or a parameter is unusable.
    """
    config_file = Path(config_path).expanduser().resolve()
    found = discover(notebooks_dir)
    given = read_yaml(config_file, "config file")
    settings = apply_overrides(given, overrides or [], list(found))
    try:
        config, parameters = _checked(settings, str(config_file), list(only or []), found)
    except InputError:
        _blame_override(given, overrides or [], list(only or []), found)
        raise
    name = str(config.get("name") or config_file.stem.removesuffix(".yml"))
    if not re.fullmatch(r"[\w.\-]+", name):
        raise InputError(f"{config_file}: name {name!r} may use only letters, digits, '.', '-' and '_'")
    return RunPlan(
        config_file=config_file,
        name=name,
        settings=settings,
        config=config,
        notebooks={notebook: found[notebook] for notebook in parameters},
        parameters=parameters,
        destination=Path(out).expanduser().resolve() if out else REPORTS_DIR / name,
        jobs=jobs or config["jobs"] or DEFAULT_JOBS,
        show_code=show_code,
        given=given,
        overrides=tuple(overrides or ()),
    )


def _checked(settings: dict, where: str, only: list[str], found: dict[str, Path]) -> tuple[dict, dict]:
    config = check(settings, where)
    return config, notebook_parameters(config, where, only, found)


def _blame_override(given: dict, overrides: list[str], only: list[str], found: dict[str, Path]) -> None:
    """If the configuration file passes on its own, raise the error of the first ``--set`` that breaks it,
    named as coming from that ``--set`` (the file is not where the user should look)."""
    try:
        _checked(given, "", only, found)
    except InputError:
        return  # the file itself is wrong: its own error stands
    for count, assignment in enumerate(overrides, 1):
        try:
            _checked(apply_overrides(given, overrides[:count], list(found)), f"--set {assignment}", only, found)
        except InputError as error:
            raise InputError(str(error)) from None


def execute(
    plan: RunPlan, engine: Engine, cache_dir: str, work: Path, echo=print, skipped: dict[str, str] | None = None
) -> list[NotebookResult]:
    """Run every planned notebook into ``work`` (pages, ``executed/``, ``tables/``), ``plan.jobs`` at a time.

    A notebook named in ``skipped`` (short name → reason) is not run: its page gives the reason.
    """
    skipped = skipped or {}
    (work / "tables").mkdir()
    (work / "executed").mkdir()
    config = plan.config
    given = {
        "corpus": asdict(config["corpus_spec"]),
        "cache_dir": cache_dir,
        "tables_dir": str(work / "tables"),
        "engine": engine.kind,
        "dask": {**config["dask"], "address": engine.address} if engine.kind == "dask" else config["dask"],
    }
    exporter = html_exporter(plan.show_code)
    echo(f"running {len(plan.notebooks)} notebook(s), {plan.jobs} at a time: {', '.join(plan.notebooks)}")
    # No progress bar in the kernels: the page could not show it; the lines below are the run's progress.
    extra_env = {
        "NEWSFRAMES_PROGRESS": "0",
        **kernel_threads(min(plan.jobs, len(plan.notebooks)), os.cpu_count() or 1, dict(os.environ)),
    }
    results = []
    with ThreadPoolExecutor(max_workers=plan.jobs) as pool:
        futures = []
        for notebook, path in plan.notebooks.items():
            declared = declared_parameters(path)
            parameters = {k: v for k, v in given.items() if k in declared} | plan.parameters[notebook]
            futures.append(
                pool.submit(
                    _execute,
                    notebook,
                    path,
                    work,
                    parameters,
                    plan.show_code,
                    exporter,
                    extra_env,
                    skipped.get(notebook, ""),
                )  # fmt: skip
            )
        for future in futures:
            result = future.result()
            results.append(result)
            error = f" — {result.error or result.note}" if result.error or result.note else ""
            echo(f"  {result.status:7} {result.file} ({result.seconds:.1f} s){error}")
    return results


def publish(plan: RunPlan, manifest: dict, work: Path) -> Path:
    """Write the manifest and the front page into ``work``, give every page its header and footer (the
    links to the other pages, the run's date and corpus), and move it into place as the report folder."""
    add_navigation(work, manifest)
    (work / "run.json").write_text(json.dumps(manifest, indent=2, default=str) + "\n", encoding="utf-8")
    (work / "index.html").write_text(index_html(manifest, work), encoding="utf-8")
    failed = any(item["status"] not in FINE for item in manifest["notebooks"])
    return _place(work, plan.destination, failed)


def manifest_of(
    plan: RunPlan, summary: dict, results: list[NotebookResult], started: dt.datetime, seconds: float
) -> dict:
    """The run manifest: the configuration as given and every parameter in effect, the corpus, the code
    (commit, uncommitted changes) and the runtime (Python, packages, cores), and how each notebook went.
    Paths are relative to the project (the report's own tables to the report)."""
    spec = plan.config["corpus_spec"]
    notebooks = []
    for result in results:
        item = asdict(result)
        given = {key: value for key, value in result.parameters.items() if key not in ("cache_dir", "tables_dir")}
        path = plan.notebooks.get(result.name)
        in_effect = {**(defaults(path) if path is not None else {}), **given}
        if "cache_dir" in result.parameters:
            in_effect["cache_dir"] = _relative(result.parameters["cache_dir"]) if result.parameters["cache_dir"] else ""
        if "tables_dir" in result.parameters:
            in_effect["tables_dir"] = "tables"  # the report's own tables/ folder
        item["parameters"] = in_effect
        notebooks.append(item)
    random_states = {
        item["name"]: item["parameters"]["random_state"] for item in notebooks if "random_state" in item["parameters"]
    }
    return {
        "config": _relative(plan.config_file),
        "name": plan.name,
        "started": started.isoformat(),
        "seconds": round(seconds, 2),
        "commit": _git_commit(),
        "dirty": _git_dirty(),
        "corpus": {**summary, "path": spec.path},
        "given": plan.given,
        "overrides": list(plan.overrides),
        "settings": {k: v for k, v in plan.settings.items() if k != "corpus"} | {"corpus": asdict(spec)},
        # one seed for the whole run, or the seed of each notebook when they differ
        "random_state": next(iter(set(random_states.values())))
        if len(set(random_states.values())) == 1
        else random_states,
        "versions": _versions(),
        "runtime": {"python": platform.python_version(), "platform": platform.platform(), "cores": os.cpu_count()},
        "notebooks": notebooks,
    }


def run(
    config_path: str | Path,
    overrides: list[str] | None = None,
    only: list[str] | None = None,
    out: str | Path | None = None,
    jobs: int = 0,
    show_code: bool = False,
    echo=print,
    notebooks_dir: Path = NOTEBOOKS_DIR,
) -> tuple[Path, list[NotebookResult]]:
    """Run the suite as a configuration says and write the report folder.

    Three steps: :func:`plan_run` reads and checks the configuration; the corpus is loaded once
    (into the cache every notebook reads) and every notebook's parameters are checked against it;
    :func:`execute` runs the notebooks and :func:`publish` writes the manifest and front page and
    moves the finished folder into place.

    Args:
        config_path: the YAML run configuration.
        overrides: ``KEY=VALUE`` strings (see :func:`helpers.run.config.apply_overrides`).
        only: short names of notebooks to run (default: the config's ``only``, else all).
        out: the report folder (default ``reports/<config name>``).
        jobs: notebooks run at the same time (0: the config's ``jobs``, else 4).
        show_code: keep code cells in the HTML.
        echo: where progress lines go.
        notebooks_dir: where the ``NN-name.ipynb`` notebooks are.

    Returns:
        ``(report folder, results)``; a result's ``status`` is ``ok``, ``failed`` or ``skipped`` (the
        stage has nothing to say on this corpus, e.g. too few texts for a topic model; its page and
        ``note`` say why).

    Raises:
        InputError: the configuration, a parameter or the corpus is unusable; nothing is written.
    """
    started = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    clock = time.perf_counter()
    plan = plan_run(config_path, overrides, only, out, jobs, show_code, notebooks_dir)
    budget = cache_budget()  # a bad NEWSFRAMES_CACHE_MAX_GB stops the run here, before anything is written
    spec = plan.config["corpus_spec"]
    echo(f"corpus: {spec.path}")
    # Without the persistent cache, the run still parses the corpus and finds shared tables once:
    # in a cache of its own, removed when the run ends.
    with run_cache(plan.config["cache"]) as cache_dir:
        with shared_cluster(Engine.from_settings(plan.config["engine"], plan.config["dask"])) as engine:
            corpus = load_corpus(spec, cache_dir=cache_dir, engine=engine)
            summary = corpus.summary()
            echo(
                f"corpus: {summary['documents']:,} documents, {summary['sources']:,} sources, "
                f"{summary['words']:,} words"
            )
            skipped = {}
            for notebook, path in plan.notebooks.items():
                validate(notebook, path, plan.parameters[notebook], corpus)
                reason = skip_reason(notebook, path, plan.parameters[notebook], corpus)
                if reason:
                    skipped[notebook] = reason
            # Every notebook reads the corpus from the cache: this process no longer needs it while
            # they run (on AllSides it held about 2 GB beside two kernels).
            del corpus
            release_memory()
            plan.destination.parent.mkdir(parents=True, exist_ok=True)
            work = Path(tempfile.mkdtemp(prefix=f".{plan.destination.name}-", dir=plan.destination.parent))
            try:
                results = execute(plan, engine, cache_dir, work, echo, skipped)
                manifest = manifest_of(plan, summary, results, started, time.perf_counter() - clock)
                final = publish(plan, manifest, work)
            except BaseException:
                shutil.rmtree(work, ignore_errors=True)
                raise
        if plan.config["cache"]:
            removed, freed = prune_cache(cache_dir, budget, started.timestamp())
            if removed:
                echo(
                    f"cache: removed {removed} entries no run has used lately ({freed / 1024**3:.1f} GB), "
                    f"to keep {cache_dir} under {budget / 1024**3:.1f} GB (NEWSFRAMES_CACHE_MAX_GB)"
                )
    return final, results


def release_memory() -> None:
    """Return freed memory to the system: collect cycles, then ask Arrow's allocator and (on glibc)
    malloc to give back what they keep for reuse."""
    gc.collect()
    try:
        import pyarrow as pa

        pa.default_memory_pool().release_unused()
    except (ImportError, AttributeError):
        pass
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass  # not glibc: the memory is freed, only kept for reuse


@contextmanager
def run_cache(keep: bool):
    """The cache folder of a run: the project's cache when ``keep``, else a temporary folder removed after."""
    if keep:
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        yield str(CACHE_DIR)
        return
    folder = tempfile.mkdtemp(prefix="newsframes-run-")
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _place(work: Path, destination: Path, failed: bool) -> Path:
    """Move the finished run into place, keeping the last good report if this run failed."""
    if failed and (destination / "index.html").exists() and _was_good(destination):
        target = destination.with_name(destination.name + ".failed")
    else:
        target = destination
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        target.rename(old)
    work.rename(target)
    os.chmod(target, 0o755)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return target


def _was_good(folder: Path) -> bool:
    try:
        manifest = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return all(item.get("status") in FINE for item in manifest.get("notebooks", []))
