"""The actor stage: who is talked about, and who gets to talk.

Modules: :mod:`~helpers.actors.gazetteer` (who is who: names, titles, dated roles),
:mod:`~helpers.actors.mentions` (finding and resolving mentions), :mod:`~helpers.actors.quotes`
(who is quoted, by whom, in which voice), :mod:`~helpers.actors.discovery` (names the gazetteer
does not know yet), :mod:`~helpers.actors.tables` (counts, co-occurrence, titles, keyword in
context), :mod:`~helpers.actors.plots` (charts), :mod:`~helpers.actors.shared` (the mention table
other stages read), :mod:`~helpers.actors.parameters` (the notebook's parameters).

Tables it owns: ``actor_mention_list`` (every mention), ``actor_mentions``, ``actor_totals``,
``actor_by_source``, ``actor_timeline``, ``actor_resolutions``, ``quotes``, ``quote_sources``,
``actor_voice``, ``actor_cooccurrence``, ``actor_titles``, ``actor_kwic``, ``actor_suggestions``.
"""

from helpers.actors.gazetteer import TYPES, Gazetteer, load_gazetteer
from helpers.actors.mentions import COLUMNS, RESOLUTIONS, find_mentions, find_mentions_detailed
from helpers.actors.parameters import check_types, validate_parameters
from helpers.actors.shared import shared_mentions, shared_quotes

__all__ = [
    "COLUMNS",
    "RESOLUTIONS",
    "TYPES",
    "Gazetteer",
    "check_types",
    "find_mentions",
    "find_mentions_detailed",
    "load_gazetteer",
    "shared_mentions",
    "shared_quotes",
    "validate_parameters",
]
