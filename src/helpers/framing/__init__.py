"""The framing stage: how each group tells the story — distinctive words, frames, labels and tone.

Modules: :mod:`~helpers.framing.indicators` (the indicator syntax and its expressions),
:mod:`~helpers.framing.codebook` (frame codebooks, which sentences carry which frame, frame
shares), :mod:`~helpers.framing.labels` (what each group calls the same thing),
:mod:`~helpers.framing.distinctive` (log-odds of words and phrases, group against the rest),
:mod:`~helpers.exclusions` (shared base: the reporting verbs, honorifics and outlet names they leave out),
:mod:`~helpers.framing.tone` (VADER tone per group and toward actors),
:mod:`~helpers.framing.summary` (the contrasts in plain sentences), :mod:`~helpers.framing.parameters`.

Groups, the comparison contract and the bootstrap come from the shared base
(:mod:`helpers.compare`, :mod:`helpers.bootstrap`). Tone toward actors reads the actor stage's
mention table; this package never finds mentions itself.

Tables it owns: ``framing_groups``, ``term_exclusions``, ``source_terms``, ``source_terms_top``, ``term_evidence``,
``frame_codebook``, ``frames``, ``frame_evidence``, ``frame_contrasts``, ``tone_sources``,
``tone_extremes``, ``actor_tone``, ``labels``, ``label_evidence``, ``labels_distinctive``.
"""
