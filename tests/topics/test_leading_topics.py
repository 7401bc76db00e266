"""Each source's largest topics, for pages where a column per topic would not fit."""

import pandas as pd

from helpers.topics import tables


def test_leading_topics_are_each_sources_largest():
    by_source = pd.DataFrame(
        {
            "source": ["A", "A", "A", "B", "B", "B"],
            "topic": [1, 2, 3, 1, 2, 3],
            "share": [0.2, 0.5, 0.3, 0.6, 0.1, 0.3],
            "documents": [4, 4, 4, 2, 2, 2],
        }
    )
    quality = pd.DataFrame({"topic": [1, 2, 3], "label": ["one", "two", "three"]})
    top = tables.leading_topics(by_source, quality, n=2)
    assert top[["source", "rank", "topic", "label"]].values.tolist() == [
        ["A", 1, 2, "two"],
        ["A", 2, 3, "three"],
        ["B", 1, 1, "one"],
        ["B", 2, 3, "three"],
    ]
