"""The actor gazetteer: who is who, which words refer to them, and who held which office when.

The gazetteer is data (YAML). The shipped one is ``helpers/resources/gazetteer.yml``; its header
documents the format and the choices made in it. A user's own file can be merged with it or
replace it. Merged, the user's entry wins wherever it meets a shipped one: an entry with the same
canonical name or role label replaces the shipped entry, a name or alias the user's entry also
uses is taken from the shipped entry that had it, and a shipped entry whose own name the user's
entry uses is left out (its offices pass to the user's entry); :attr:`Gazetteer.overrides` lists
each change in a line for the actors page.

Everything a user can get wrong in a gazetteer file (YAML syntax, a missing name, an unknown
type, a bad or overlapping date, a role holder who is not in the gazetteer, the same alias for two
actors of one file) raises :class:`~helpers.errors.InputError` naming the file and the entry.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from helpers.errors import InputError
from helpers.paths import RESOURCES_DIR, resolve
from helpers.yamlfile import read_yaml

DEFAULT_PATH = RESOURCES_DIR / "gazetteer.yml"
TYPES = ("person", "organisation", "country", "place", "group", "event", "programme")
MODES = ("merge", "replace")
ACTOR_KEYS = {"name", "type", "aliases", "short", "known_by_short", "gender", "metonyms", "demonyms", "note"}
ROLE_KEYS = {"role", "country", "default", "phrases", "holders", "note"}
HOLDER_KEYS = {"actor", "from", "to"}
GENDERS = ("", "f", "m")


@dataclass(frozen=True)
class Actor:
    """One actor: canonical name, type and the words that refer to it (see the YAML header)."""

    name: str
    type: str
    aliases: tuple[str, ...] = ()
    short: tuple[str, ...] = ()
    known_by_short: bool = False
    gender: str = ""
    metonyms: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Holder:
    """Who held a role from ``start`` to ``end`` (both days included; ``end`` None: still in office)."""

    actor: str
    start: dt.date
    end: dt.date | None = None

    def holds(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Role:
    """An office whose holder changes over time, and the phrases that name it."""

    role: str
    country: str
    default: bool
    phrases: tuple[str, ...]
    holders: tuple[Holder, ...]

    def holder_on(self, day: dt.date | None) -> str | None:
        """The canonical name of the holder on ``day``, or None (no date, or nobody listed)."""
        if day is None:
            return None
        for holder in self.holders:
            if holder.holds(day):
                return holder.actor
        return None


@dataclass(frozen=True)
class Gazetteer:
    """Actors, titles and dated roles, with the files they came from.

    Attributes:
        actors: canonical name → :class:`Actor`.
        titles: words that may stand before a person's name.
        roles: the dated offices.
        files: the YAML files this gazetteer was built from, in order.
        overrides: one line per place a user's file overrode the shipped gazetteer (merge mode).
        not_actors: names that are never provisional actors (:mod:`helpers.actors.provisional`),
            from the files' ``not_actors`` lists.
    """

    actors: dict[str, Actor]
    titles: tuple[str, ...]
    roles: tuple[Role, ...]
    files: tuple[str, ...] = field(default=())
    overrides: tuple[str, ...] = field(default=())
    not_actors: tuple[str, ...] = field(default=())

    @cached_property
    def roles_by_phrase(self) -> dict[tuple[str, str | None], Role]:
        """(lower-case phrase, qualifying actor or None for the bare default) → role."""
        index: dict[tuple[str, str | None], Role] = {}
        for role in self.roles:
            for phrase in role.phrases:
                key = fold(phrase)
                index.setdefault((key, role.country), role)
                if role.default:
                    index.setdefault((key, None), role)
        return index

    @cached_property
    def role_holders(self) -> dict[str, list[Holder]]:
        """Canonical name → every holder period of that actor, across roles."""
        held: dict[str, list[Holder]] = {}
        for role in self.roles:
            for holder in role.holders:
                held.setdefault(holder.actor, []).append(holder)
        return held

    def holds_office(self, actor: str, day: dt.date | None) -> bool:
        """Whether ``actor`` held any listed role on ``day``."""
        return day is not None and any(h.holds(day) for h in self.role_holders.get(actor, ()))

    def table(self):
        """The actors as a tidy table: name, type, aliases, short, metonyms (joined with "; ")."""
        import pandas as pd

        rows = [
            {
                "name": a.name,
                "type": a.type,
                "aliases": "; ".join(a.aliases),
                "short": "; ".join(a.short),
                "metonyms": "; ".join(a.metonyms),
            }
            for a in self.actors.values()
        ]
        return pd.DataFrame(rows).sort_values(["type", "name"], ignore_index=True)


GIVEN_NAMES_FILE = RESOURCES_DIR / "given_names.txt"


@lru_cache(maxsize=1)
def given_names() -> dict[str, str]:
    """Common given names → "m" or "f" (``resources/given_names.txt``): a first word found there
    makes a capitalised pair a person's name ("Sarah Sanders" is not Bernie Sanders)."""
    names = {}
    for line in GIVEN_NAMES_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, gender = line.split()
            names[name] = gender
    return names


_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=262_144)
def fold(text: str) -> str:
    """Normalise a phrase for lookup: one space between words, straight apostrophes (remembered:
    the same names are folded again and again)."""
    return _SPACES.sub(" ", text.replace("’", "'").replace("‘", "'")).strip().lower()


def normal(text: str) -> str:
    """Like :func:`fold` but keeps letter case (names are matched case-sensitively)."""
    text = re.sub(r"\s+", " ", text.replace("’", "'").replace("‘", "'")).strip()
    return "the " + text[4:] if text.startswith("The ") else text


def load_gazetteer(path: str = "", mode: str = "merge") -> Gazetteer:
    """Load the shipped gazetteer, a user's file merged into it, or a user's file alone.

    Args:
        path: a gazetteer YAML file; "" means only the shipped default.
        mode: "merge" (the user's entries replace shipped entries with the same name or role
            label, take over any name or alias they also use, and add new ones; titles are combined)
            or "replace" (the user's file alone).

    Returns:
        The validated :class:`Gazetteer`.

    Raises:
        InputError: the file is missing or malformed; the message names the file and entry.
    """
    if mode not in MODES:
        raise InputError(f"gazetteer_mode: {mode!r} is not one of {', '.join(MODES)}")
    if not path:
        return _build([_read(DEFAULT_PATH)])
    user_path = resolve(path)
    if not user_path.is_file():
        raise InputError(f"gazetteer: {user_path} does not exist; give the path of a YAML file (or leave it empty)")
    user = _read(user_path)
    return _build([user] if mode == "replace" else [_read(DEFAULT_PATH), user])


@dataclass
class _Parsed:
    file: str
    actors: list[Actor]
    titles: list[str]
    roles: list[tuple[dict, str]]  # raw role entries with their location, checked after merging
    not_actors: list[str] = field(default_factory=list)


def _read(path: Path) -> _Parsed:
    where = str(path)
    data = read_yaml(path, "gazetteer:", dates_as_text=True)
    unknown = sorted(set(data) - {"version", "titles", "roles", "actors", "not_actors"})
    if unknown:
        raise InputError(
            f"{where}: unknown top-level key(s) {', '.join(unknown)}; use actors, titles, roles, not_actors"
        )
    actors_raw = data.get("actors") or []
    if not isinstance(actors_raw, list):
        raise InputError(f"{where}: 'actors' must be a list of entries")
    actors = [_actor(entry, f"{where}: actors[{number}]") for number, entry in enumerate(actors_raw)]
    titles = _strings(data.get("titles") or [], f"{where}: titles")
    roles_raw = data.get("roles") or []
    if not isinstance(roles_raw, list):
        raise InputError(f"{where}: 'roles' must be a list of entries")
    roles = []
    for number, entry in enumerate(roles_raw):
        label = entry.get("role") if isinstance(entry, dict) else None
        roles.append((entry, f"{where}: roles[{number}]" + (f" ({label})" if label else "")))
    not_actors = _strings(data.get("not_actors") or [], f"{where}: not_actors")
    return _Parsed(file=where, actors=actors, titles=titles, roles=roles, not_actors=not_actors)


def _strings(value, where: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise InputError(f"{where}: expected a list of non-empty strings, got {value!r}")
    return [v.strip() for v in value]


def _actor(entry, where: str) -> Actor:
    if not isinstance(entry, dict):
        raise InputError(f"{where}: expected a mapping with name and type, got {entry!r}")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise InputError(f"{where}: missing canonical 'name' (every actor needs one)")
    name = name.strip()
    where = f"{where} ({name})"
    unknown = sorted(set(entry) - ACTOR_KEYS)
    if unknown:
        raise InputError(
            f"{where}: unknown key(s) {', '.join(unknown)}; known keys are {', '.join(sorted(ACTOR_KEYS))}"
        )
    kind = entry.get("type")
    if kind not in TYPES:
        raise InputError(f"{where}: type {kind!r} is not one of {', '.join(TYPES)}")
    gender = entry.get("gender") or ""
    if gender not in GENDERS:
        raise InputError(f"{where}: gender {gender!r} must be f or m (or left out)")
    known = entry.get("known_by_short", False)
    if not isinstance(known, bool):
        raise InputError(f"{where}: known_by_short must be true or false, got {known!r}")
    aliases = _strings(entry.get("aliases") or [], f"{where}: aliases")
    if "short" in entry and entry["short"] is not None:
        short = _strings(entry["short"], f"{where}: short") if entry["short"] else []
    else:
        words = name.split()
        short = [words[-1]] if kind == "person" and len(words) > 1 else []
    return Actor(
        name=name,
        type=kind,
        aliases=tuple(dict.fromkeys(a for a in aliases if a != name)),
        short=tuple(dict.fromkeys(short)),
        known_by_short=known,
        gender=gender,
        metonyms=tuple(_strings(entry.get("metonyms") or [], f"{where}: metonyms")),
        demonyms=tuple(_strings(entry.get("demonyms") or [], f"{where}: demonyms")),
    )


def _date(value, where: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InputError(f"{where}: {value!r} is not a date; write YYYY-MM-DD") from None


def _role(entry, where: str, actors: dict[str, Actor]) -> Role:
    if not isinstance(entry, dict):
        raise InputError(f"{where}: expected a mapping with role, phrases and holders")
    unknown = sorted(set(entry) - ROLE_KEYS)
    if unknown:
        raise InputError(f"{where}: unknown key(s) {', '.join(unknown)}; known keys are {', '.join(sorted(ROLE_KEYS))}")
    label = entry.get("role")
    if not isinstance(label, str) or not label.strip():
        raise InputError(f"{where}: missing 'role' (a label for the office)")
    country = entry.get("country") or ""
    if country and country not in actors:
        raise InputError(f"{where}: country {country!r} is not an actor in the gazetteer; add it or fix the name")
    default = entry.get("default", False)
    if not isinstance(default, bool):
        raise InputError(f"{where}: default must be true or false")
    phrases = _strings(entry.get("phrases") or [], f"{where}: phrases")
    if not phrases:
        raise InputError(f"{where}: no phrases; list how the office is written, e.g. [army chief]")
    holders_raw = entry.get("holders")
    if not isinstance(holders_raw, list) or not holders_raw:
        raise InputError(f"{where}: no holders; list who held the office with from/to dates")
    holders = []
    for number, raw in enumerate(holders_raw):
        spot = f"{where}: holders[{number}]"
        if not isinstance(raw, dict):
            raise InputError(f"{spot}: expected {{actor: ..., from: YYYY-MM-DD, to: YYYY-MM-DD}}")
        unknown = sorted(set(raw) - HOLDER_KEYS)
        if unknown:
            raise InputError(f"{spot}: unknown key(s) {', '.join(unknown)}; use actor, from, to")
        actor = raw.get("actor")
        if actor not in actors:
            raise InputError(f"{spot}: holder {actor!r} is not an actor in the gazetteer; add an entry for them")
        if "from" not in raw or raw["from"] in (None, ""):
            raise InputError(f"{spot} ({actor}): no 'from' date; a role holder needs the date they took office")
        start = _date(raw["from"], f"{spot} ({actor}) from")
        end = _date(raw["to"], f"{spot} ({actor}) to") if raw.get("to") not in (None, "") else None
        if end is not None and end < start:
            raise InputError(f"{spot} ({actor}): 'to' {end} is before 'from' {start}")
        holders.append(Holder(actor=actor, start=start, end=end))
    ordered = sorted(holders, key=lambda h: h.start)
    for earlier, later in zip(ordered, ordered[1:], strict=False):
        if earlier.end is None or earlier.end >= later.start:
            raise InputError(
                f"{where}: holders {earlier.actor} (from {earlier.start} to {earlier.end or 'open'}) and "
                f"{later.actor} (from {later.start}) overlap; one office has one holder at a time"
            )
    return Role(role=label.strip(), country=country, default=default, phrases=tuple(phrases), holders=tuple(ordered))


def _build(parts: list[_Parsed]) -> Gazetteer:
    actors: dict[str, Actor] = {}
    origin: dict[str, str] = {}
    titles: list[str] = []
    roles: dict[str, tuple[dict, str]] = {}
    overrides: list[str] = []
    moved: dict[str, str] = {}  # a shipped actor whose name a user entry took → that entry
    for number, part in enumerate(parts):
        seen: set[str] = set()
        for actor in part.actors:
            if actor.name in seen:
                raise InputError(f"{part.file}: actor {actor.name!r} is listed twice; keep one entry")
            seen.add(actor.name)
            if number:  # a later file (the user's) wins wherever it meets an earlier one
                overrides.extend(_give_way(actors, origin, actor, part.file, moved))
            actors[actor.name] = actor
            origin[actor.name] = part.file
        titles.extend(part.titles)
        for entry, where in part.roles:
            label = entry.get("role") if isinstance(entry, dict) else None
            roles[str(label) if label else where] = (entry, where)
    _check_unique_names(actors, origin)
    built = tuple(_role(_holders_moved(entry, moved), where, actors) for entry, where in roles.values())
    labels = [r.role for r in built]
    for label in labels:
        if labels.count(label) > 1:
            raise InputError(f"role {label!r} is defined twice; give each office one entry")
    return Gazetteer(
        actors=actors,
        titles=tuple(dict.fromkeys(titles)),
        roles=built,
        files=tuple(p.file for p in parts),
        overrides=tuple(overrides),
        not_actors=tuple(dict.fromkeys(name for part in parts for name in part.not_actors)),
    )


def _phrases(actor: Actor) -> list[str]:
    return [actor.name, *actor.aliases, *actor.metonyms]


def _give_way(
    actors: dict[str, Actor], origin: dict[str, str], new: Actor, file: str, moved: dict[str, str]
) -> list[str]:
    """Make the earlier entries give way to ``new`` (a user's entry): one replaced by name is dropped,
    a name or alias ``new`` also uses is taken from the entry that had it (an entry whose own name is
    taken goes, its offices passing to ``new``). Returns one line per change, for the actors page."""
    lines = []
    if new.name in actors:
        lines.append(f"{new.name}: your entry replaces the shipped one (its aliases and type)")
    claimed = {normal(phrase): phrase for phrase in _phrases(new)}
    for name in list(actors):
        if name == new.name or origin[name] == file:
            continue  # a clash inside the user's own file stays an error (see _check_unique_names)
        old = actors[name]
        if normal(old.name) in claimed:
            del actors[name]
            moved[name] = new.name
            lines.append(f"{old.name}: now {new.name} (your entry names it); the shipped entry is left out")
            continue
        taken = [phrase for phrase in (*old.aliases, *old.metonyms) if normal(phrase) in claimed]
        if taken:
            actors[name] = Actor(
                name=old.name, type=old.type,
                aliases=tuple(a for a in old.aliases if a not in taken), short=old.short,
                known_by_short=old.known_by_short, gender=old.gender,
                metonyms=tuple(m for m in old.metonyms if m not in taken), demonyms=old.demonyms,
            )  # fmt: skip
            listed = ", ".join(repr(phrase) for phrase in taken)
            lines.append(f"{listed}: now {new.name} (your entry), no longer {old.name}")
    return lines


def _holders_moved(entry, moved: dict[str, str]):
    """A role entry whose holders or country name a shipped actor that a user's entry took over, pointed at that entry."""
    if not moved or not isinstance(entry, dict):
        return entry
    entry = dict(entry)
    if isinstance(entry.get("country"), str):
        entry["country"] = moved.get(entry["country"], entry["country"])  # the office's country, taken over too
    if isinstance(entry.get("holders"), list):
        entry["holders"] = [
            {**holder, "actor": moved.get(holder.get("actor"), holder.get("actor"))}
            if isinstance(holder, dict)
            else holder
            for holder in entry["holders"]
        ]
    return entry


def _check_unique_names(actors: dict[str, Actor], origin: dict[str, str]) -> None:
    """A name or alias must point to one actor; otherwise the matcher could not tell them apart."""
    owner: dict[str, str] = {}
    for actor in actors.values():
        for phrase in (actor.name, *actor.aliases, *actor.metonyms):
            key = normal(phrase)
            other = owner.get(key)
            if other is not None and other != actor.name:
                raise InputError(
                    f"{origin[actor.name]}: actors ({actor.name}): {phrase!r} is also a name or alias of "
                    f"{other!r}; a full name or alias may belong to one actor only (use 'short' for shared surnames)"
                )
            owner[key] = actor.name
