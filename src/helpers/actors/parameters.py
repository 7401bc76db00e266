"""The actor notebook's parameters, checked before a run."""

from __future__ import annotations

from helpers.actors.gazetteer import TYPES, load_gazetteer
from helpers.errors import InputError

# Fewest allowed value of each whole-number parameter.
LOWEST = {"top_n": 1, "timeline_actors": 0, "kwic_per_actor": 0, "suggestion_min_count": 1, "evidence_cap": 1}


def check_types(actor_types: list[str]) -> list[str]:
    """Validate a list of actor types from a parameter; raise :class:`InputError` naming a bad one."""
    if not isinstance(actor_types, list) or not actor_types:
        raise InputError(f"actor_types: expected a non-empty list such as [person, organisation], got {actor_types!r}")
    bad = [t for t in actor_types if t not in TYPES]
    if bad:
        raise InputError(f"actor_types: {', '.join(map(str, bad))} not known; choose from {', '.join(TYPES)}")
    return actor_types


def validate_parameters(parameters: dict, corpus=None) -> None:
    """Reject actor-notebook parameters that cannot work, before any notebook runs.

    Also checks the same parameters where another notebook uses them to read this stage's tables
    (the framing notebook's gazetteer, gazetteer_mode and actor_types).

    Raises:
        InputError: a gazetteer file that cannot be read or contradicts itself, an unknown
            gazetteer mode or actor type, or a number out of range.
    """
    load_gazetteer(str(parameters.get("gazetteer", "")), str(parameters.get("gazetteer_mode", "merge")))
    if "actor_types" in parameters:
        check_types(parameters["actor_types"])
    for name, lowest in LOWEST.items():
        if name in parameters and int(parameters[name]) < lowest:
            raise InputError(f"{name}: {parameters[name]} must be at least {lowest}")
