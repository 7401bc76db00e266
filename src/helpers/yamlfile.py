"""The one reader for the suite's YAML files: run configurations, codebooks, label lists, gazetteers.

Every way a file can be wrong before its content is even looked at (missing, not UTF-8, not YAML,
not a mapping at the top) becomes one :class:`~helpers.errors.InputError` that names the file and,
for a syntax error, the line and column.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from helpers.errors import InputError


class _SafeLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """A safe loader (libyaml's when available)."""


class _TextDatesLoader(_SafeLoader):
    """A safe loader that leaves dates as text, so that a bad date is reported with its entry."""


_TextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_yaml(path: Path, what: str, dates_as_text: bool = False) -> dict:
    """Read a YAML file whose top level is a mapping.

    Args:
        path: the file.
        what: what the file is, for the message when it does not exist ("config file", "gazetteer:").
        dates_as_text: keep ``2024-01-05`` as the string it is written as, instead of a date.

    Returns:
        The mapping; an empty file gives ``{}``.

    Raises:
        InputError: the file does not exist, is not UTF-8 or not YAML, or is not a mapping at the top.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{what} {path} does not exist")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: byte {error.start} is not UTF-8; save the file as UTF-8") from None
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror})") from None
    try:
        loaded = yaml.load(text, Loader=_TextDatesLoader if dates_as_text else _SafeLoader)  # noqa: S506 (safe loaders)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise InputError(f"{path}: not valid YAML{where} ({problem}); fix the syntax") from None
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise InputError(f"{path}: expected a mapping of keys to values at the top, found {type(loaded).__name__}")
    return loaded
