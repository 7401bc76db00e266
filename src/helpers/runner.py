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
    run.json              the run manifest as data
"""

from __future__ import annotations

import datetime as dt
import functools
import html
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
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

from helpers import corpus as corpus_module
from helpers.config import check, read_yaml
from helpers.engine import Engine, shared_cluster
from helpers.errors import InputError
from helpers.paths import CACHE_DIR, NOTEBOOKS_DIR, PROJ_ROOT, REPORTS_DIR, RESOURCES_DIR

NOTEBOOK_NAME = re.compile(r"^(\d\d)-([a-z0-9_]+)\.ipynb$")
TYPES = {"int": int, "float": (int, float), "str": str, "bool": bool, "list": list, "dict": dict}
PACKAGES = ("newsframes", "pandas", "numpy", "scikit-learn", "matplotlib", "papermill", "nbconvert", "pyarrow")
DEFAULT_JOBS = 4  # measured: 4 kernels at once beat 2 on a 2-core machine (14.5 s against 16.0 s for the seeds)
RENDER_LOCK = threading.Lock()  # one exporter is shared; its Jinja state is not thread-safe
RUN_PARAMETERS = ("corpus", "cache_dir", "tables_dir", "engine", "dask")


@dataclass
class NotebookResult:
    """How one notebook went."""

    name: str
    file: str
    status: str = "pending"
    seconds: float = 0.0
    error: str = ""
    html: str = ""
    executed: str = ""
    parameters: dict = field(default_factory=dict)


def discover(folder: Path = NOTEBOOKS_DIR) -> dict[str, Path]:
    """Map each notebook's short name (``topics`` for ``01-topics.ipynb``) to its path, in order."""
    found = {}
    for path in sorted(folder.glob("*.ipynb")):
        match = NOTEBOOK_NAME.match(path.name)
        if match:
            found[match.group(2)] = path
    return found


def declared_parameters(path: Path) -> dict[str, dict]:
    """The parameters a notebook declares in its ``parameters`` cell: name → {type, default, help}."""
    return dict(_inspect(str(path), path.stat().st_mtime_ns))


@functools.lru_cache(maxsize=64)
def _inspect(path: str, modified: int) -> dict[str, dict]:
    # Planning, validating and launching each ask for a notebook's parameters; papermill parses
    # the notebook once per file version (``modified`` is part of the key).
    import papermill

    return {
        name: {"type": info["inferred_type_name"], "default": info["default"], "help": info["help"]}
        for name, info in papermill.inspect_notebook(path).items()
    }


def _check_type(value, declared: str, where: str) -> None:
    expected = TYPES.get(declared.replace("None", "").strip(" |") or "", None)
    if expected is None:
        return
    wrong = not isinstance(value, expected) or (declared in ("int", "float") and isinstance(value, bool))
    if wrong:
        raise InputError(f"{where}: expected {declared}, got {value!r} ({type(value).__name__})")


def plan(config: dict, config_name: str, only: list[str], notebooks: dict[str, Path]) -> dict[str, dict]:
    """Decide which notebooks run with which parameters; reject unknown names, keys and types."""
    selected = only or config["only"] or list(notebooks)
    unknown = [name for name in selected if name not in notebooks]
    if unknown:
        raise InputError(f"unknown notebook(s) {', '.join(unknown)}; choose from {', '.join(notebooks)}")
    unknown = [name for name in config["notebooks"] if name not in notebooks]
    if unknown:
        raise InputError(f"{config_name}: notebooks.{unknown[0]} is not a notebook; choose from {', '.join(notebooks)}")
    plans = {}
    declared_by = {name: declared_parameters(path) for name, path in notebooks.items()}
    every = set().union(*declared_by.values()) if declared_by else set()
    for key in config["parameters"]:
        if key not in every:
            raise InputError(
                f"{config_name}: parameters.{key} is not a parameter of any notebook; "
                f"known: {', '.join(sorted(every - set(RUN_PARAMETERS)))}"
            )
    for name in notebooks:
        declared = declared_by[name]
        own = config["notebooks"].get(name, {})
        for key in own:
            if key not in declared:
                known = ", ".join(k for k in declared if k not in RUN_PARAMETERS)
                raise InputError(f"{config_name}: notebooks.{name}.{key} is not a parameter of {name}; known: {known}")
        values = {key: value for key, value in config["parameters"].items() if key in declared}
        values.update(own)
        for key, value in values.items():
            _check_type(value, declared[key]["type"], f"{config_name}: {name}.{key}")
        if name in selected:
            plans[name] = values
    return plans


def validate(name: str, path: Path, values: dict, corpus) -> None:
    """Let the notebook's helper module reject parameters that cannot work on this corpus.

    A module ``helpers.<name>`` may define ``validate_parameters(parameters, corpus)``; it gets
    the notebook's defaults updated with the configured values and raises :class:`InputError`
    (for example: more topics than passages, a gazetteer with a syntax error, a group_by
    column the corpus does not have). This runs before any notebook starts, so bad input never
    leaves a half-written report.
    """
    import ast
    import importlib
    import importlib.util

    module_name = f"helpers.{name}"
    if importlib.util.find_spec(module_name) is None:
        return
    module = importlib.import_module(module_name)
    check_parameters = getattr(module, "validate_parameters", None)
    if check_parameters is None:
        return
    parameters = {}
    for key, info in declared_parameters(path).items():
        try:
            parameters[key] = ast.literal_eval(info["default"])
        except (ValueError, SyntaxError):
            parameters[key] = info["default"]
    parameters.update(values)
    check_parameters(parameters, corpus)


def _versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for package in PACKAGES:
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            continue
    return found


def _git_commit() -> str:
    try:
        result = subprocess.run(
            ["git", "-C", str(PROJ_ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=5
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return result.stdout.strip() if result.returncode == 0 else ""


def _safe_attribute(element: str, attribute: str, value: str) -> str | None:
    if element == "img" and attribute == "src" and not value.startswith("data:image/"):
        return None
    return value


def sanitize_html(markup: str) -> str:
    """Keep ordinary markup (tables, headings, quotes, links); drop scripts, handlers, remote images."""
    import nh3

    return nh3.clean(
        markup,
        attributes={"*": {"class", "id", "title"}, "a": {"href"}, "img": {"src", "alt", "width", "height"}},
        attribute_filter=_safe_attribute,
        url_schemes={"http", "https", "mailto", "data"},
    )


def _exporter(show_code: bool):
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import Preprocessor

    class SanitizeOutputs(Preprocessor):
        """Pass every HTML output through :func:`sanitize_html` before it is rendered."""

        def preprocess_cell(self, cell, resources, index):
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if "text/html" in data:
                    data["text/html"] = sanitize_html("".join(data["text/html"]))
                data.pop("application/javascript", None)
            return cell, resources

    exporter = HTMLExporter(
        template_name="newsframes",
        extra_template_basedirs=[str(RESOURCES_DIR / "templates")],
        exclude_input=not show_code,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )
    exporter.register_preprocessor(SanitizeOutputs(), enabled=True)
    return exporter


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
    name: str, source: Path, work: Path, parameters: dict, show_code: bool, exporter, extra_env: dict | None = None
) -> NotebookResult:
    import papermill
    from papermill.exceptions import PapermillExecutionError

    result = NotebookResult(name=name, file=source.name, parameters=parameters)
    executed = work / "executed" / source.name
    started = time.perf_counter()
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
            with RENDER_LOCK:
                body, _ = exporter.from_filename(str(executed))
        except Exception as error:  # rendering one page must not stop the others
            result.status = "failed"
            result.error = result.error or f"rendering failed: {type(error).__name__}: {error}"
        else:
            (work / page).write_text(body, encoding="utf-8")
            result.html = page
    return result


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

    Args:
        config_path: the YAML run configuration.
        overrides: ``KEY=VALUE`` strings (see :func:`helpers.config.apply_overrides`).
        only: short names of notebooks to run (default: the config's ``only``, else all).
        out: the report folder (default ``reports/<config name>``).
        jobs: notebooks run at the same time (0: the config's ``jobs``, else 4).
        show_code: keep code cells in the HTML.
        echo: where progress lines go.
        notebooks_dir: where the ``NN-name.ipynb`` notebooks are.

    Returns:
        ``(report folder, results)``; a result's ``status`` is ``ok`` or ``failed``.

    Raises:
        InputError: the configuration, a parameter or the corpus is unusable; nothing is written.
    """
    from helpers.config import apply_overrides

    started_at = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    clock = time.perf_counter()
    config_file = Path(config_path).expanduser().resolve()
    notebooks = discover(notebooks_dir)
    raw = apply_overrides(read_yaml(config_file, "config file"), overrides or [], list(notebooks))
    config = check(raw, str(config_file))
    name = str(config.get("name") or config_file.stem.removesuffix(".yml"))
    if not re.fullmatch(r"[\w.\-]+", name):
        raise InputError(f"{config_file}: name {name!r} may use only letters, digits, '.', '-' and '_'")
    plans = plan(config, str(config_file), list(only or []), notebooks)
    destination = Path(out).expanduser().resolve() if out else REPORTS_DIR / name
    spec = config["corpus_spec"]
    cache_dir = str(CACHE_DIR) if config["cache"] else ""
    echo(f"corpus: {spec.path}")
    with shared_cluster(Engine.from_settings(config["engine"], config["dask"])) as engine:
        corpus = corpus_module.load(spec, cache_dir=cache_dir or None, engine=engine)
        summary = corpus.summary()
        echo(f"corpus: {summary['documents']:,} documents, {summary['sources']:,} sources, {summary['words']:,} words")

        for notebook, values in plans.items():
            validate(notebook, notebooks[notebook], values, corpus)

        destination.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{destination.name}-", dir=destination.parent))
        try:
            (work / "tables").mkdir()
            (work / "executed").mkdir()
            shared = {
                "corpus": asdict(spec),
                "cache_dir": cache_dir,
                "tables_dir": str(work / "tables"),
                "engine": engine.kind,
                "dask": {**config["dask"], "address": engine.address} if engine.kind == "dask" else config["dask"],
            }
            exporter = _exporter(show_code)
            workers = jobs or config["jobs"] or DEFAULT_JOBS
            echo(f"running {len(plans)} notebook(s), {workers} at a time: {', '.join(plans)}")
            extra_env = kernel_threads(min(workers, len(plans)), os.cpu_count() or 1, dict(os.environ))
            with ThreadPoolExecutor(max_workers=workers) as pool:
                futures = []
                for notebook, values in plans.items():
                    declared = declared_parameters(notebooks[notebook])
                    parameters = {k: v for k, v in shared.items() if k in declared} | values
                    futures.append(
                        pool.submit(
                            _execute, notebook, notebooks[notebook], work, parameters, show_code, exporter, extra_env
                        )
                    )
                results = []
                for future in futures:
                    result = future.result()
                    results.append(result)
                    echo(
                        f"  {result.status:6} {result.file} ({result.seconds:.1f} s){' — ' + result.error if result.error else ''}"
                    )
            manifest = {
                "config": str(config_file),
                "name": name,
                "started": started_at.isoformat(),
                "seconds": round(time.perf_counter() - clock, 2),
                "commit": _git_commit(),
                "corpus": {**summary, "path": spec.path},
                "settings": {k: v for k, v in raw.items() if k != "corpus"} | {"corpus": asdict(spec)},
                "versions": _versions(),
                "notebooks": [asdict(result) for result in results],
            }
            (work / "run.json").write_text(json.dumps(manifest, indent=2, default=str) + "\n", encoding="utf-8")
            (work / "index.html").write_text(index_html(manifest), encoding="utf-8")
            failed = any(result.status != "ok" for result in results)
            final = _place(work, destination, failed)
        except BaseException:
            shutil.rmtree(work, ignore_errors=True)
            raise
    return final, results


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
    return all(item.get("status") == "ok" for item in manifest.get("notebooks", []))


def index_html(manifest: dict) -> str:
    """The report's front page: links to each notebook, failures with their errors, the manifest."""
    esc = html.escape
    rows = []
    for item in manifest["notebooks"]:
        link = f'<a href="{esc(item["html"])}">{esc(item["file"])}</a>' if item["html"] else esc(item["file"])
        status = "ok" if item["status"] == "ok" else "FAILED"
        error = (
            f'<div class="nf-error">{esc(item["error"])} — <a href="{esc(item["executed"])}">executed notebook</a></div>'
            if item["error"]
            else ""
        )
        rows.append(
            f'<tr class="nf-{esc(item["status"])}"><td>{link}{error}</td><td>{status}</td>'
            f'<td class="nf-num">{item["seconds"]:.1f} s</td></tr>'
        )
    corpus = manifest["corpus"]
    facts = [
        ("configuration", manifest["config"]),
        ("started (UTC)", manifest["started"]),
        ("wall time", f"{manifest['seconds']:.1f} s"),
        ("commit", manifest["commit"] or "(not in git)"),
        ("corpus", corpus["path"]),
        ("corpus fingerprint", corpus["fingerprint"]),
        ("documents / sources / words", f"{corpus['documents']:,} / {corpus['sources']:,} / {corpus['words']:,}"),
        ("dates", f"{corpus['first_date'] or '?'} to {corpus['last_date'] or '?'} ({corpus['undated']} undated)"),
    ]
    facts_html = "".join(f"<tr><th>{esc(k)}</th><td>{esc(str(v))}</td></tr>" for k, v in facts)
    versions = ", ".join(f"{esc(k)} {esc(v)}" for k, v in manifest["versions"].items())
    settings = esc(json.dumps(manifest["settings"], indent=2, default=str))
    failed = [item for item in manifest["notebooks"] if item["status"] != "ok"]
    banner = (
        f'<div class="nf-warning">{len(failed)} notebook(s) failed; their pages show where. '
        "The other reports are complete.</div>"
        if failed
        else ""
    )
    css = (RESOURCES_DIR / "templates" / "newsframes" / "report.css").read_text(encoding="utf-8")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>newsframes report: {esc(manifest["name"])}</title>
<style>{css}</style></head>
<body class="nf-index"><main>
<h1>newsframes report: {esc(manifest["name"])}</h1>
{banner}
<table class="nf-table"><thead><tr><th>notebook</th><th>status</th><th>time</th></tr></thead>
<tbody>{"".join(rows)}</tbody></table>
<p class="nf-text">Tables behind every chart are in <a href="tables/">tables/</a>; the run as data in
<a href="run.json">run.json</a>.</p>
<h2>Run manifest</h2>
<table class="nf-table nf-facts">{facts_html}</table>
<p class="nf-text">Package versions: {versions}</p>
<details><summary>Settings</summary><pre>{settings}</pre></details>
</main></body></html>
"""
