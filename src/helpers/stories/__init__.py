"""The stories stage: which articles cover the same event, and how each outlet told the ones it shared.

Modules: :mod:`~helpers.stories.vectors` (an article's headline and opening words as a vector),
:mod:`~helpers.stories.matching` (articles close in time and in wording grouped into stories, by
average linkage), :mod:`~helpers.stories.tables` (coverage by group, blind spots, voices, and what
the page says), :mod:`~helpers.stories.terms` (distinctive terms within a story),
:mod:`~helpers.stories.plots`, :mod:`~helpers.stories.shared` (the stories other stages read),
:mod:`~helpers.stories.parameters`.

Tables it owns: ``stories`` (every document once, with its story), ``story_summary``,
``story_near_misses``, ``story_coverage``, ``story_blindspots``, ``story_terms``,
``story_term_evidence``, ``story_voices``, ``story_frames``, ``story_tone``.
"""

from helpers.stories.parameters import STORY_PARAMETERS, story_settings
from helpers.stories.shared import shared_stories

__all__ = ["STORY_PARAMETERS", "shared_stories", "story_settings"]
