"""Every project path, resolved from this file's location, never from the working directory."""

import os
from pathlib import Path

PROJ_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = PROJ_ROOT / "data"
SEED_DIR = DATA_DIR / "seed"
CONFIG_DIR = PROJ_ROOT / "config"
NOTEBOOKS_DIR = PROJ_ROOT / "notebooks"
REPORTS_DIR = PROJ_ROOT / "reports"
# The parsed-corpus cache; NEWSFRAMES_CACHE_DIR moves it (e.g. to a shared or larger disk).
CACHE_DIR = Path(os.environ.get("NEWSFRAMES_CACHE_DIR") or PROJ_ROOT / ".cache").expanduser()
RESOURCES_DIR = Path(__file__).resolve().parent / "resources"


def resolve(path: str | Path, base: Path = PROJ_ROOT) -> Path:
    """Return ``path`` as an absolute path; a relative one is taken from ``base``.

    Args:
        path: a user-supplied path, absolute or relative; ``~`` is expanded.
        base: the folder relative paths start from (the project root by default).

    Returns:
        The absolute path (not required to exist).
    """
    candidate = Path(path).expanduser()
    return candidate if candidate.is_absolute() else (base / candidate).resolve()
