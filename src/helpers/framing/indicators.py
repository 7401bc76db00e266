"""The indicator syntax shared by frame codebooks and label lists, and the expressions it compiles to.

An indicator (or a label's spelling) matches whole words, ignoring case. ``*`` stands for any
letters or digits within one word (``terror*``: terror, terrorism, terrorists); a space or hyphen
matches a space or a hyphen in the text (``cease fire`` finds "cease-fire" and "cease fire");
either apostrophe matches either apostrophe.

Many indicators become one expression written as a prefix tree (:func:`helpers.patterns.prefix_tree`),
and a quick pass in C++ (pyarrow's RE2) can rule texts out before Python's engine reads them.
"""

from __future__ import annotations

import functools
import re
import string

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from helpers.patterns import prefix_tree
from helpers.wordlists import english_stop_words

INDICATOR = re.compile(r"^[\w][\w'’.&*\- ]*$")
WILDCARD = r"\w*"


def _atoms(indicator: str) -> list[str]:
    """An indicator as a list of regular-expression atoms: one per character, separator or wildcard."""
    atoms: list[str] = []
    for number, word in enumerate(re.split(r"[\s\-]+", indicator.strip().lower())):
        if number:
            atoms.append(r"[\s\-]+")
        for character in word:
            if character == "*":
                atoms.append(r"\w*")
            elif character in "'’":
                atoms.append("['’]")
            else:
                atoms.append(re.escape(character))
    return atoms


def indicator_pattern(indicator: str) -> str:
    """The regular expression for one indicator (see the module docstring for the syntax)."""
    # Look-arounds rather than \b, so indicators that end in a full stop ("u.s.") still match.
    return r"(?<!\w)" + "".join(_atoms(indicator)) + r"(?!\w)"


def alternatives(indicators: list[str] | tuple[str, ...]) -> str:
    """The indicators merged into a prefix tree, as one non-capturing group (no word boundaries).

    Literal characters come before the wildcard at every branch, so a wildcard does not cut a
    longer indicator short.
    """
    return "(?:" + prefix_tree((_atoms(i) for i in indicators), order=lambda atom: atom == WILDCARD) + ")"


def indicators_regex(indicators: list[str] | tuple[str, ...]) -> re.Pattern:
    """One regular expression that finds any of ``indicators`` in lower-cased text.

    The indicators are merged into a prefix tree ("terror*" and "terrorism" share "terror"), which
    Python's regular-expression engine runs many times faster than a flat list of alternatives.
    Where one indicator extends another ("trade", "trade deal"), the longer is tried first.
    """
    return _compiled_indicators(tuple(indicators))


@functools.lru_cache(maxsize=64)
def _compiled_indicators(indicators: tuple[str, ...]) -> re.Pattern:
    return re.compile(r"(?<!\w)" + alternatives(indicators) + r"(?!\w)")


# Joins the lower-cased sentences of a partition into one text. No indicator can match it (it is
# neither a word character, nor a space or hyphen, nor a character an indicator may contain), so a
# match never spans two sentences, and as a non-word character it bounds words as a sentence's
# start and end do.
SEPARATOR = "\x00"


def starts_regex(indicators: list[str] | tuple[str, ...]) -> re.Pattern:
    """Finds the character before every place where one of ``indicators`` starts.

    ``finditer`` over a text that begins with a non-word character (such as :data:`SEPARATOR`)
    gives one match per place an indicator starts, at ``match.end()``: the same places as
    ``(?=`` + :func:`indicators_regex` + ``)``. Starting with a character class lets Python's
    regular-expression engine skip word characters without trying the indicators there.
    """
    return re.compile(r"\W(?=" + alternatives(indicators) + r"(?!\w))")


def _literal_pattern(indicator: str) -> str:
    """An RE2 pattern for the longest run of plain characters of ``indicator`` (lower-cased).

    Text that the indicator's expression matches contains it. Where the run begins or ends the
    indicator, a character that is not an ASCII letter, digit or underscore (or the text's edge)
    must come before or after it: the indicator's own word boundary, loosened to RE2's ASCII ``\\w``.
    """
    atoms = _atoms(indicator)
    runs, run, start = [], "", 0
    for number, atom in enumerate([*atoms, None]):
        if atom is None or atom in (r"\w*", r"[\s\-]+", "['’]"):
            runs.append((len(run), run, start == 0, atom is None))
            run, start = "", number + 1
        else:
            run += atom[-1]  # the character, without re.escape's backslash
    # The longest run, a stop word only when nothing else is plain ("the ACA" is looked for as "aca").
    stop = english_stop_words()
    _, run, first, last = max(runs, key=lambda found: (found[1] not in stop, found[0]))
    escaped = "".join("\\" + c if c in string.punctuation else c for c in run)
    return ("(?:^|[^\\w])" if first else "") + escaped + ("(?:[^\\w]|$)" if last else "")


@functools.lru_cache(maxsize=64)
def _literal_patterns(indicators: tuple[str, ...]) -> str:
    return "|".join(sorted({_literal_pattern(i) for i in indicators}))


def may_contain(lowered: pd.Series | pa.Array, indicators: list[str] | tuple[str, ...]) -> np.ndarray:
    """Which lower-cased texts could contain one of ``indicators``; certainly not the others.

    A quick pass in C++ (pyarrow's RE2, which runs the alternatives as one automaton) for the
    longest plain part of each indicator (see :func:`_literal_pattern`), so that
    :func:`indicators_regex` need only read the texts that have one; on the others it cannot match.

    Returns:
        A boolean array, one value per text.
    """
    if len(lowered) == 0:
        return np.zeros(0, dtype=bool)
    pattern = _literal_patterns(tuple(indicators))
    array = lowered if isinstance(lowered, pa.Array) else pa.array(lowered, type=pa.large_string())
    found = pc.match_substring_regex(array, pattern)
    return found.to_numpy(zero_copy_only=False).astype(bool)


def joined_lower(texts: pd.Series) -> tuple[str, np.ndarray]:
    """The texts lower-cased (as ``Series.str.lower`` does) in one string, each after a :data:`SEPARATOR`.

    Returns:
        ``(joined, starts)``: the string and, per text, the offset of its first character in it
        (a text ``i`` is ``joined[starts[i] : starts[i] + its length]``); ``starts`` ascends.
    """
    lowered = texts.fillna("").astype(str).str.lower()
    lengths = lowered.str.len().to_numpy(dtype=np.int64)
    starts = np.cumsum(lengths + 1) - lengths
    return SEPARATOR + SEPARATOR.join(lowered.tolist()), starts


def indicator_problem(indicator) -> str:
    """Why ``indicator`` is not a valid indicator or spelling, or "" when it is."""
    if not isinstance(indicator, str) or not indicator.strip():
        return f"{indicator!r} is not a word or phrase"
    text = indicator.strip()
    if not INDICATOR.match(text):
        return f"{text!r} may use letters, digits, spaces, hyphens, apostrophes and * only, and must start with a letter or digit"
    if "**" in text or any(word.strip("*") == "" for word in re.split(r"[\s\-]+", text)):
        return f"{text!r}: a wildcard * must follow at least one letter or digit"
    return ""
