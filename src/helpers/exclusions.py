"""Terms left out of distinctive terms: reporting verbs, honorifics and the outlets' own names.

The fixed lists and the rules that turn a source name into the names an outlet is written by are in
``helpers/resources/term_exclusions.yml`` (its comments explain each section). Words are dropped
from the token stream after lower-casing. Outlet names are found before lower-casing, by one
regular expression that both Python's ``re`` (one text at a time) and RE2 (pyarrow, a whole
group's texts at once) read the same way: ASCII word boundaries, the first letter of each name word
as written and its other letters in any case, the words separated by anything but a word
character. A found name is replaced by a NUL, which like any punctuation ends a token and blocks a
two-word phrase across it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from helpers.errors import InputError
from helpers.paths import RESOURCES_DIR, resolve
from helpers.yamlfile import read_yaml

DEFAULT_EXCLUSIONS = RESOURCES_DIR / "term_exclusions.yml"
WORD_SECTIONS = {"reporting_verbs": "reporting verb", "honorifics": "honorific", "other_words": "other word"}
SECTIONS = (*WORD_SECTIONS, "outlets", "format_words", "ordinary_words", "min_source_share")
DEFAULT_SOURCE_SHARE = 0.002
OUTLET = "outlet name"
OUTLET_WORD = "outlet name, one word"
EXCLUSION_COLUMNS = ["kind", "term", "source"]
REMOVED = "\x00"  # what a found outlet name becomes: a one-character token that is never a term

_NOTE = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_QUALIFIER = re.compile(r"\s+[-–—]\s+.*$", re.DOTALL)
_WEB_SUFFIX = re.compile(r"\.(?:com|org|net|co\.uk|co|us|uk)\b", re.IGNORECASE)
_NAME_WORD = re.compile(r"[^\W_]+")
_SEPARATOR = r"[^\w\x00]+"  # between two words of a name: spaces, hyphens, punctuation, never a NUL
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")
_TOKEN_WORD = re.compile(r"\w+(?:-\w+)*")  # one token of the distinctive-terms tokenizer
_BOUNDARY = r"\b"
_WEB_SUFFIX_ATOMS = r"(?:\.(?:[Cc][Oo]\.[Uu][Kk]|[Cc][Oo][Mm]|[Nn][Ee][Tt]|[Oo][Rr][Gg]))?"


@dataclass(frozen=True)
class TermExclusions:
    """What distinctive terms leave out; the default leaves out nothing.

    Attributes:
        words: lower-case words dropped wherever they occur.
        names: one regular expression of the outlet names ("" for none), see the module notes.
        listed: ``(kind, term, source)`` of every exclusion, for the table (:func:`exclusion_table`).
    """

    words: frozenset[str] = frozenset()
    names: str = ""
    listed: tuple[tuple[str, str, str], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.words or self.names)


def load_exclusion_lists(path: str | Path = "") -> dict:
    """Read and check a term-exclusion file.

    Args:
        path: the YAML file; empty for the list shipped with the package.

    Returns:
        Each list section of :data:`SECTIONS` → its entries (word sections lower-cased; a section
        the file lacks is empty), and min_source_share (:data:`DEFAULT_SOURCE_SHARE` if not given).

    Raises:
        InputError: the file is missing, not YAML, has an unknown section, or an entry is not text
            (or, in a word section, not one word); the message names the file and the section.
    """
    file = resolve(path) if path else DEFAULT_EXCLUSIONS
    data = read_yaml(file, "term-exclusion list (leave exclusions_file empty for the built-in one):")
    unknown = sorted(str(key) for key in data if key not in SECTIONS)
    if unknown:
        raise InputError(f"{file}: unknown section(s) {', '.join(unknown)}; known: {', '.join(SECTIONS)}")
    share = data.get("min_source_share", DEFAULT_SOURCE_SHARE)
    if isinstance(share, bool) or not isinstance(share, (int, float)) or not 0 <= share <= 1:
        raise InputError(f"{file}: min_source_share must be a number from 0 to 1 (a share of documents), not {share!r}")
    lists: dict = {"min_source_share": float(share)}
    for section in SECTIONS[:-1]:
        entries = data.get(section) or []
        if not isinstance(entries, list) or not all(isinstance(e, str) and e.strip() for e in entries):
            raise InputError(f"{file}: {section} must be a list of words or names (text), not {entries!r}")
        entries = [entry.strip() for entry in entries]
        if section != "outlets":
            # Listed words are compared with tokens (which may hold a hyphen), format and ordinary
            # words with the words of a name (letters and digits).
            shape = _TOKEN_WORD if section in WORD_SECTIONS else _NAME_WORD
            several = [entry for entry in entries if shape.fullmatch(entry) is None]
            if several:
                raise InputError(f"{file}: {section}: {several[0]!r} is not one word (put outlet names under outlets)")
            entries = [entry.lower() for entry in entries]
        lists[section] = tuple(dict.fromkeys(entries))
    return lists


def name_forms(source: str, format_words: Iterable[str], ordinary_words: Iterable[str]) -> tuple[list, list]:
    """The phrases and the one-word forms an outlet is written by, from its source name.

    The rules are those of the resource file's comments: notes in parentheses, qualifiers after
    " - " and web suffixes dropped; "/" separates names; a leading "The" optional before two words
    or more; trailing format words optional, and a one-word name (not an ordinary word) also alone.

    Returns:
        ``(phrases, words)``: each phrase a list of name words ("The" first where it is needed),
        each word a lower-case word.
    """
    formats = {word.lower() for word in format_words}
    ordinary = {word.lower() for word in ordinary_words}
    phrases, words = [], []
    for part in str(source).split("/"):
        part = _WEB_SUFFIX.sub("", _QUALIFIER.sub("", _NOTE.sub(" ", part)))
        tokens = _NAME_WORD.findall(part)
        the = len(tokens) > 1 and tokens[0].lower() == "the"
        rest = tokens[1:] if the else tokens
        core = list(rest)
        while core and core[-1].lower() in formats:
            core.pop()
        if not core:  # a name made of format words only ("News") names no one
            continue
        trailing = rest[len(core) :]
        shorten = len(core) == 1 and core[0].lower() not in ordinary
        base = core if shorten else rest
        if len(base) == 1 and base[0].lower() in ordinary and not the:
            continue  # "Vice", "Time": the word alone would take out "Vice President"
        if the:
            phrases.append(["The", *base])
            if len(base) >= 2:
                phrases.append(base)
        else:
            phrases.append(base)
        candidates = [base, *([*base, word] for word in trailing), [*base, *trailing]] if shorten else [base]
        for candidate in candidates:
            for joined in (candidate, ["the", *candidate]) if the else (candidate,):
                if len(joined) >= 2 and "".join(joined).lower() not in ordinary:
                    words.append("".join(joined).lower())
    return phrases, list(dict.fromkeys(words))


def _atoms(word: str, first_any_case: bool = False) -> list[str]:
    """A name word as regular-expression atoms: the first letter as written, the others in any case."""
    atoms = []
    for position, character in enumerate(word):
        if character.isascii() and character.isalpha() and (position or first_any_case):
            atoms.append(f"[{character.upper()}{character.lower()}]")
        else:
            atoms.append(re.escape(character))
    return atoms


def _phrase_atoms(phrase: list[str]) -> list[str]:
    if len(phrase) == 1 and len(phrase[0]) > 1 and phrase[0].isupper():
        # A name that is one acronym is matched in capitals only: "TED" is not "Ted" Cruz, "AL" not "Al" Gore.
        return [re.escape(character) for character in phrase[0]]
    atoms = []
    for number, word in enumerate(phrase):
        if number:
            atoms.append(_SEPARATOR)
        atoms.extend(_atoms(word, first_any_case=number == 0 and word == "The"))
    return atoms


def _trie_regex(sequences: list[list[str]]) -> str:
    """One regular expression matching any of ``sequences`` (lists of atoms), longest first.

    The sequences share their common beginnings (a trie), so both engines try a few first letters
    at each position rather than every name.
    """
    root: dict = {}
    for atoms in sequences:
        node = root
        for atom in atoms:
            node = node.setdefault(atom, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        branches = [atom + pattern(child) for atom, child in sorted(node.items()) if atom]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # An optional rest is greedy: the longest name wins, a shorter one where the longer fails.
        return f"(?:{body})?" if "" in node else body

    return pattern(root)


def names_regex(phrases: list[list[str]], words: Iterable[str], format_words: Iterable[str]) -> str:
    """The regular expression of :class:`TermExclusions`.names ("" for none).

    Args:
        phrases: name phrases (lists of name words), matched with the case of each word's first
            letter as written ("The" in any case).
        words: one-word forms ("aljazeera"), matched in any case.
        format_words: words that may follow any name ("News", "Online"), in any case.
    """
    forms = [(tuple(_phrase_atoms(phrase)), phrase[0][0], phrase[-1][-1]) for phrase in phrases]
    forms += [(tuple(_atoms(word, first_any_case=True)), word[0], word[-1]) for word in words]
    if not forms:
        return ""
    formats = sorted({word.lower() for word in format_words})
    suffix = ""
    if formats:
        alternatives = "|".join("".join(_atoms(word, first_any_case=True)) for word in formats)
        suffix = f"(?:{_SEPARATOR}(?:{alternatives}))*"
    # A web address's suffix goes with the name: "Breitbart.com" leaves no "com".
    suffix += _WEB_SUFFIX_ATOMS
    # \b is an ASCII word boundary in both engines: it is only asked for beside an ASCII letter or digit.
    groups: dict[tuple[bool, bool], list[list[str]]] = {}
    for atoms, first, last in dict.fromkeys(forms):
        edges = (bool(_ASCII_WORD.match(first)), bool(_ASCII_WORD.match(last)))
        groups.setdefault(edges, []).append(list(atoms))
    parts = []
    for (start, end), sequences in sorted(groups.items(), reverse=True):
        parts.append((_BOUNDARY if start else "") + _trie_regex(sequences) + suffix + (_BOUNDARY if end else ""))
    return parts[0] if len(parts) == 1 else "|".join(f"(?:{part})" for part in parts)


def check_exclusion_parameters(parameters: dict) -> None:
    """Reject a notebook's ``exclude_terms`` that is not true or false, and an ``exclusions_file`` that
    cannot be read (the framing and stories notebooks take both)."""
    exclude = parameters.get("exclude_terms", True)
    if not isinstance(exclude, bool):
        raise InputError(
            f"exclude_terms: {exclude!r} must be true or false (false keeps reporting verbs and outlet names)"
        )
    try:
        load_exclusion_lists(str(parameters.get("exclusions_file", "") or ""))
    except InputError as error:
        raise InputError(f"exclusions_file: {error}") from None


def term_exclusions(sources: Iterable[str], path: str | Path = "") -> TermExclusions:
    """The exclusions for a corpus: the file's words, its outlets and the corpus's source names.

    Only the sources that hold at least the file's min_source_share of the documents count: a
    source of a few documents cannot put its own name at the top of a group's terms, and corpora
    such as AllSides list op-eds under their authors ("Hillary Clinton", 1 document) and pages
    under a plain word ("Center", "Detroit News"), whose names the other outlets use for other things.

    Args:
        sources: the source of every document (``docs["source"]``, one per document).
        path: the exclusion file; empty for the built-in one (see :func:`load_exclusion_lists`).

    Returns:
        The :class:`TermExclusions`.
    """
    lists = load_exclusion_lists(path)
    listed = [(WORD_SECTIONS[section], word, "") for section in WORD_SECTIONS for word in lists[section]]
    words = frozenset(word for section in WORD_SECTIONS for word in lists[section])
    phrases, joined_forms = [], []
    documents = pd.Series(list(sources), dtype=object)
    shares = documents[documents.map(lambda s: isinstance(s, str) and bool(s.strip()))].value_counts(normalize=True)
    names = list(dict.fromkeys([*lists["outlets"], *shares.index[shares >= lists["min_source_share"]]]))
    for name in names:
        found, joined = name_forms(name, lists["format_words"], lists["ordinary_words"])
        phrases.extend(found)
        joined_forms.extend(joined)
        listed.extend((OUTLET, " ".join(phrase), name) for phrase in found)
        listed.extend((OUTLET_WORD, word, name) for word in joined)
    names = names_regex(phrases, joined_forms, lists["format_words"])
    return TermExclusions(words=words, names=names, listed=tuple(listed))


@functools.lru_cache(maxsize=8)
def _compiled(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.ASCII)


def remove_names(text: str, exclusions: TermExclusions) -> str:
    """``text`` with every outlet name of ``exclusions`` replaced by a NUL (one text, Python's ``re``)."""
    return _compiled(exclusions.names).sub(REMOVED, text) if exclusions.names else text


def exclusion_table(exclusions: TermExclusions) -> pd.DataFrame:
    """What is left out, one row per word or name form.

    Returns:
        kind (reporting verb, honorific, other word, outlet name: a phrase matched with the case of
        each word's first letter as written, a leading "The" and trailing format words as the
        resource file says; outlet name, one word: matched in any case), term, source (the source
        or wire-service name it comes from; empty for the fixed words).
    """
    return pd.DataFrame(list(exclusions.listed), columns=EXCLUSION_COLUMNS).drop_duplicates(ignore_index=True)


def exclusion_counts(exclusions: TermExclusions) -> tuple[int, int]:
    """How many words, and how many outlets' names, ``exclusions`` leaves out."""
    table = exclusion_table(exclusions)
    words = int((~table["kind"].isin([OUTLET, OUTLET_WORD])).sum())
    outlets = int(table.loc[table["kind"].isin([OUTLET, OUTLET_WORD]), "source"].nunique())
    return words, outlets


def exclusion_note(exclusions: TermExclusions, table: str = "tables/term_exclusions.csv") -> str:
    """One sentence for the page: what distinctive terms leave out, or that nothing is left out."""
    if not exclusions:
        return "Reporting verbs, honorifics and the outlets' own names are kept in these terms (exclude_terms: false)."
    words, outlets = exclusion_counts(exclusions)
    return (
        f"Reporting verbs, honorifics and the outlets' own names are left out ({words} words and the names "
        f"of {outlets} outlets; list in {table}); set exclude_terms: false to keep them."
    )
