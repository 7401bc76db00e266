"""The stories notebook's parameters: turned into settings, and checked before a run."""

from __future__ import annotations

from helpers.compare import Comparison, check_comparison, doc_groups
from helpers.errors import InputError
from helpers.exclusions import check_exclusion_parameters
from helpers.stories.matching import StorySettings
from helpers.stories.vectors import VectorSettings

# Parameters that choose other stages' tables this notebook reads (the actor mentions and quotes
# behind each story's voices, the frame codebook behind its frame shares); those stages check them.
CHECKED_BY = {"actors": ("gazetteer", "gazetteer_mode"), "framing": ("frames_file",)}
LOWEST = {
    "top_stories": 0, "timeline_stories": 1, "min_blindspot_documents": 2, "blindspots_shown": 0,
    "terms_per_group": 1, "max_groups": 1, "n_boot": 1, "evidence_per_story": 0,
}  # fmt: skip


# The parameters that shape the stories: the same names in every notebook that reads the stories
# (stories, and framing's story-matched mode), so one value under `parameters:` sets them all.
STORY_PARAMETERS = ("story_window_days", "story_threshold", "story_undated_threshold", "story_lead_words")


def story_settings(parameters: dict) -> StorySettings:
    """The :class:`StorySettings` the notebook's story_* parameters ask for (missing ones take defaults)."""
    defaults = StorySettings()
    return StorySettings(
        window_days=int(parameters.get("story_window_days", defaults.window_days)),
        threshold=float(parameters.get("story_threshold", defaults.threshold)),
        undated_threshold=float(parameters.get("story_undated_threshold", defaults.undated_threshold)),
        vectors=VectorSettings(lead_words=int(parameters.get("story_lead_words", defaults.vectors.lead_words))),
    )


def validate_parameters(parameters: dict, corpus) -> None:
    """Reject stories-notebook parameters that cannot work on this corpus, before any notebook runs.

    Raises:
        InputError: a setting out of range, or a group_by column the corpus does not have.
    """
    story_settings(parameters).validate()
    check_exclusion_parameters(parameters)
    group_by = str(parameters.get("group_by", "source"))
    check_comparison(doc_groups(corpus.docs, group_by), Comparison(group_by=group_by))
    for name, lowest in LOWEST.items():
        if name in parameters and int(parameters[name]) < lowest:
            raise InputError(f"{name}: {parameters[name]} must be at least {lowest}")
