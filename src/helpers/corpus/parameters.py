"""The corpus notebook's parameters, checked before a run."""

from __future__ import annotations

from helpers.errors import InputError


def validate_parameters(parameters: dict, corpus) -> None:
    """Reject corpus-notebook parameters that cannot work, before any notebook runs.

    Raises:
        InputError: ``top_n`` is below 1.
    """
    top_n = parameters.get("top_n", 20)
    if top_n < 1:
        raise InputError(f"top_n: {top_n} must be at least 1 (the number of sources shown in the charts)")
