"""Story-matched terms leave out reporting verbs and outlet names, and form no phrase across them."""

import pandas as pd

from helpers.exclusions import term_exclusions
from helpers.stories import terms
from helpers.stories.vectors import story_terms_of, terms_of

SENTENCE = "Officials said talks resumed, the minister told Al Jazeera reporters."


def test_no_phrase_across_a_left_out_word_or_name():
    found = story_terms_of(SENTENCE, term_exclusions(["Al Jazeera"]))
    assert found == ["officials", "talks", "resumed", "minister", "talks resumed"]
    # the matching vectors' terms keep the name and join across the stop words, as before
    assert {"al jazeera", "officials talks", "minister al"} <= set(terms_of(SENTENCE, bigrams=True))


DOCS = pd.DataFrame(
    {
        "doc_id": ["a", "b", "c", "d"],
        "text": [
            "Ferry fares rose, officials told Beta Post. Officials said fares rose.",
            "Ferry fares rose sharply, officials told Beta Post.",
            "The council debated the ferry budget.",
            "The council debated the ferry budget again.",
        ],
    }
)
STORIES = pd.DataFrame({"doc_id": ["a", "b", "c", "d"], "story": [1, 1, 1, 1]})
GROUPS = pd.DataFrame({"doc_id": ["a", "b", "c", "d"], "source": ["Beta Post", "Beta Post", "Gamma", "Gamma"]})


def test_story_terms_leave_out_the_outlet_name_only_when_asked():
    def beta(**extra) -> set:
        found = terms.story_terms(DOCS, STORIES, GROUPS, [1], min_count=2, prior_scale=10.0, top_n=20, **extra)
        return set(found.loc[found["source"] == "Beta Post", "term"])

    assert {"beta post", "officials", "fares rose"} <= beta()
    cleaned = beta(left_out=term_exclusions(GROUPS["source"]))
    assert "beta post" not in cleaned and "beta" not in cleaned and {"officials", "fares rose"} <= cleaned
