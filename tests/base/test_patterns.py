"""One prefix-tree expression for many phrases: shared beginnings tested once, the longest phrase first."""

import re

from helpers.patterns import prefix_tree


def chars(*phrases: str) -> list[list[str]]:
    return [[re.escape(c) for c in phrase] for phrase in phrases]


def test_shared_beginnings_share_a_branch_and_a_phrase_that_ends_makes_the_rest_optional():
    assert prefix_tree(chars("ab", "ac")) == "a(?:b|c)"
    assert prefix_tree(chars("war", "warn")) == "war(?:n)?"
    assert prefix_tree([]) == ""


def test_the_longest_phrase_wins_at_a_position():
    pattern = re.compile(prefix_tree(chars("Pakistan", "Pakistan Peoples Party")))
    assert [m.group() for m in pattern.finditer("Pakistan Peoples Party and Pakistan")] == [
        "Pakistan Peoples Party",
        "Pakistan",
    ]


def test_order_puts_overlapping_atoms_where_they_must_go():
    # The engine takes the first branch that leads to a match, so where a wildcard and a letter
    # both fit, the caller decides which is tried first; by default atoms are sorted.
    phrases = [["t", r"\w*"], ["t", "e", "a", "m"]]
    assert prefix_tree(phrases) == r"t(?:\w*|eam)"
    last = prefix_tree(phrases, order=lambda atom: atom == r"\w*")
    assert last == r"t(?:eam|\w*)"
    assert re.match(f"(?:{last})s", "teams").group() == "teams"
