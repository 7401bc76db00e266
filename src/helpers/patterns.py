"""Many phrases as one regular expression, written as a prefix tree.

A plain alternation of a thousand phrases (``a|b|c …``) is tried phrase by phrase at every
position of the text. Written as a prefix tree, phrases that share a beginning share its test
("terror*" and "terrorism" share "terror"; "Pakistan" and "Pakistan Peoples Party" share
"Pakistan"), which Python's regular-expression engines run many times faster. Where one phrase
ends and a longer one continues, the rest is optional and greedy, so at any position the longest
phrase is tried first, as in a flat alternation sorted longest first.

The actor matcher, the name-candidate finder, the frame indicators and the label spellings all
build their expressions here; each decides what the atoms of a phrase are (a literal character,
either case of a first letter, a wildcard …).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence


def prefix_tree(phrases: Iterable[Sequence[str]], order: Callable[[str], object] | None = None) -> str:
    """The regular expression matching any of ``phrases``, each given as a sequence of atoms.

    Args:
        phrases: every phrase as its atoms, each atom a piece of regular expression matching one
            unit of the phrase (``"a"``, ``"[Aa]"``, ``r"\\s+"``, ``r"\\w*"`` …).
        order: sort key for the branches at each node; by default the atoms' own sort order.
            Branches whose atoms can match the same character must be ordered on purpose: the
            engine takes the first branch that leads to a match (a wildcard goes last, so that it
            does not cut a longer literal phrase short).

    Returns:
        The expression, with no group around it and no word boundaries ("" when there are no
        phrases).
    """
    tree: dict = {}
    for atoms in phrases:
        node = tree
        for atom in atoms:
            node = node.setdefault(atom, {})
        node[""] = {}
    return _emit(tree, order)


def _emit(node: dict, order: Callable[[str], object] | None) -> str:
    atoms = sorted((atom for atom in node if atom), key=order)
    branches = [atom + _emit(node[atom], order) for atom in atoms]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body
