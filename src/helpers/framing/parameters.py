"""The framing notebook's parameters, checked against the corpus before a run."""

from __future__ import annotations

from helpers.compare import Comparison, check_comparison, doc_groups
from helpers.errors import InputError
from helpers.exclusions import check_exclusion_parameters
from helpers.framing.codebook import load_codebook
from helpers.framing.distinctive import DistinctiveSettings
from helpers.framing.labels import load_labels

# Parameters that choose another stage's table this notebook reads (the actor mentions behind tone
# toward actors, the stories behind the story-matched comparison); the stage that owns them checks them.
CHECKED_BY = {
    "actors": ("gazetteer", "gazetteer_mode", "actor_types"),
    "stories": ("story_window_days", "story_threshold", "story_undated_threshold", "story_lead_words"),
}
# Fewest allowed value of each whole-number parameter.
LOWEST = {
    "top_n": 1, "max_groups": 1, "max_tone_sentences": 1, "n_boot": 1, "quotes": 0, "evidence_rows": 0, "evidence_cap": 1,
}  # fmt: skip


def comparison_from(parameters: dict) -> Comparison:
    """The :class:`~helpers.compare.Comparison` the notebook's group_by, focus and reference ask for."""
    return Comparison(
        group_by=str(parameters.get("group_by", "source")),
        focus=str(parameters.get("focus", "")),
        reference=str(parameters.get("reference", "")),
    )


def validate_parameters(parameters: dict, corpus) -> None:
    """Reject framing-notebook parameters that cannot work on this corpus, before any notebook runs.

    The runner calls this with the notebook's defaults updated by the configuration.

    Args:
        parameters: the framing notebook's parameters (group_by, focus, reference, min_count …).
        corpus: the loaded :class:`helpers.corpus.Corpus`.

    Raises:
        InputError: a grouping column the corpus lacks, an unknown focus or reference group, a
            codebook, label list or term-exclusion list that cannot be read, exclude_terms not
            true or false, or a number out of range.
    """
    comparison = comparison_from(parameters)
    check_comparison(doc_groups(corpus.docs, comparison.group_by), comparison)
    DistinctiveSettings(
        min_count=int(parameters.get("min_count", 3)), prior_scale=float(parameters.get("prior_scale", 500.0))
    ).validate()
    for name, lowest in LOWEST.items():
        if name in parameters and int(parameters[name]) < lowest:
            raise InputError(f"{name}: {parameters[name]} must be at least {lowest}")
    load_codebook(str(parameters.get("frames_file", "")))
    load_labels(str(parameters.get("labels_file", "")))
    check_exclusion_parameters(parameters)
