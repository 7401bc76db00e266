"""Stories found in a hand-written corpus whose stories are known."""

import pandas as pd
import pytest

from helpers.errors import InputError
from helpers.stories.matching import StorySettings, find_stories
from helpers.stories.vectors import VectorSettings, document_vectors

# Event 1: a flood in Riverton, covered over three days. Event 2: an earthquake in Valdoria,
# then a second earthquake there eight days later (the same subject, another event). A budget
# vote in Parliament the same days (unrelated). One syndicated copy, two undated pieces.
ROWS = [
    ("flood1", "Daily Star", "2024-03-01", "Floods swamp Riverton as the Meller river bursts its banks",
     "Floodwater swept through Riverton on Friday after the Meller river burst its banks, forcing thousands of "
     "residents to evacuate. Emergency crews in Riverton pulled families from flooded homes near the levee."),
    ("flood2", "Evening Post", "2024-03-02", "Riverton evacuations grow as Meller floodwater rises",
     "Evacuations in Riverton widened on Saturday as floodwater from the Meller river kept rising. The levee "
     "protecting the old town failed overnight and rescue boats reached stranded residents."),
    ("flood3", "Morning Herald", "2024-03-03", "Riverton counts the cost after the Meller flood",
     "Residents of Riverton returned to flooded streets on Sunday as the Meller river fell. Officials said the "
     "levee breach left hundreds of homes damaged and the evacuation centres still full."),
    ("flood_copy", "Wire Reprint", "2024-03-01", "Floods swamp Riverton as the Meller river bursts its banks",
     "Floodwater swept through Riverton on Friday after the Meller river burst its banks, forcing thousands of "
     "residents to evacuate. Emergency crews in Riverton pulled families from flooded homes near the levee."),
    ("quake1", "Daily Star", "2024-03-10", "Earthquake shakes Valdoria, toppling buildings in Kessa",
     "A strong earthquake struck Valdoria on Sunday, toppling buildings in the city of Kessa. Rescuers searched "
     "the rubble for survivors as aftershocks rattled the region around Kessa."),
    ("quake2", "Evening Post", "2024-03-11", "Rescuers dig through Kessa rubble after Valdoria earthquake",
     "Rescuers in Kessa dug through rubble on Monday after the earthquake in Valdoria. Aftershocks continued "
     "and survivors sheltered in tents outside collapsed buildings."),
    ("quake3", "Daily Star", "2024-03-19", "Second earthquake hits Valdoria, new damage in Kessa",
     "A second earthquake hit Valdoria on Tuesday, damaging buildings in Kessa that survived last week's "
     "quake. Rescuers searched the rubble again as aftershocks shook the region."),
    ("quake4", "Morning Herald", "2024-03-20", "Valdoria reels from second earthquake as Kessa rubble grows",
     "Valdoria reeled on Wednesday from a second earthquake in nine days. In Kessa, rescuers dug through fresh "
     "rubble and survivors of both quakes crowded into tents."),
    ("budget", "Evening Post", "2024-03-02", "Parliament passes budget after late-night vote on taxes",
     "Parliament passed the annual budget after a late-night vote on income taxes and pension spending. The "
     "finance minister said the budget would cut the deficit next year."),
    ("undated_flood", "Weekly Review", "", "Riverton flood: the Meller river and the levee that failed",
     "Floodwater from the Meller river swamped Riverton after the levee failed. Residents of Riverton were "
     "evacuated as rescue boats reached flooded homes."),
    ("undated_other", "Weekly Review", "", "A gardener's guide to spring tulips",
     "Plant tulip bulbs in well drained soil and water them sparingly until the shoots appear."),
]  # fmt: skip


def corpus() -> pd.DataFrame:
    docs = pd.DataFrame(ROWS, columns=["doc_id", "source", "date", "title", "text"])
    docs["date"] = pd.to_datetime(docs["date"].replace("", None))
    docs["date_precision"] = docs["date"].notna().map({True: "day", False: ""})
    return docs


COPIES = pd.DataFrame({"doc_a": ["flood1"], "doc_b": ["flood_copy"], "overlap": [1.0]})


def story_of(found: dict) -> dict[str, int]:
    return found["stories"].set_index("doc_id")["story"].to_dict()


def test_the_known_stories_are_found():
    found = find_stories(corpus(), COPIES)
    story = story_of(found)
    # One event over three days, its copy and the undated piece about it: one story.
    assert len({story[d] for d in ("flood1", "flood2", "flood3", "flood_copy", "undated_flood")}) == 1
    # Two earthquakes on the same subject, eight days apart: two stories.
    assert story["quake1"] == story["quake2"] and story["quake3"] == story["quake4"]
    assert story["quake1"] != story["quake3"]
    # The budget vote the same days and the gardening piece stand alone.
    assert len({story["budget"], story["flood1"], story["quake1"], story["quake3"], story["undated_other"]}) == 5
    assert len(found["stories"]) == len(ROWS) and found["stories"]["doc_id"].is_unique  # every document once


def test_every_row_says_how_it_was_matched():
    found = find_stories(corpus(), COPIES)
    matched = found["stories"].set_index("doc_id")["matched"]
    assert matched["flood_copy"] == "near-duplicate"
    assert found["stories"].set_index("doc_id").at["flood_copy", "near_duplicate_of"] == "flood1"
    assert matched["undated_flood"] == "undated, by text" and matched["undated_other"] == "undated, alone"
    assert matched["budget"] == "alone" and matched["flood2"] == "text"


def test_the_summary_names_each_story():
    found = find_stories(corpus(), COPIES)
    summary = found["summary"].set_index("story")
    flood = summary.loc[story_of(found)["flood1"]]
    assert flood["documents"] == 5 and flood["sources"] == 5  # four dated outlets and the weekly
    assert flood["first_date"] == pd.Timestamp("2024-03-01") and flood["last_date"] == pd.Timestamp("2024-03-03")
    assert flood["first_source"] == "Daily Star; Wire Reprint"  # both published on the first day
    assert "riverton" in flood["top_terms"] and "meller" in flood["top_terms"]
    assert "Riverton" in flood["label"]
    assert found["summary"]["story"].tolist() == list(range(1, len(summary) + 1))  # 1 = the largest
    assert summary["documents"].is_monotonic_decreasing


def test_the_same_corpus_gives_the_same_stories_in_any_row_order():
    first = find_stories(corpus(), COPIES)
    shuffled = find_stories(corpus().sample(frac=1, random_state=3), COPIES)
    pd.testing.assert_frame_equal(first["stories"], shuffled["stories"])
    pd.testing.assert_frame_equal(first["summary"], shuffled["summary"])


def test_a_copy_published_years_later_is_not_syndication():
    docs = corpus()
    docs.loc[docs["doc_id"] == "flood_copy", "date"] = pd.Timestamp("2026-03-01")
    story = story_of(find_stories(docs, COPIES))
    assert story["flood_copy"] != story["flood1"]  # a template match, not a copy of the story


def test_a_month_precision_date_is_compared_across_its_month():
    docs = corpus()
    docs.loc[docs["doc_id"] == "flood3", ["date", "date_precision"]] = [pd.Timestamp("2024-03-15"), "month"]
    story = story_of(find_stories(docs, COPIES))
    assert story["flood3"] == story["flood1"]  # 12 days from the placeholder day, within its month
    docs.loc[docs["doc_id"] == "flood3", "date_precision"] = "day"
    assert story_of(find_stories(docs, COPIES))["flood3"] != story["flood1"]


def test_documents_near_a_story_but_outside_its_window_are_listed():
    docs = corpus()
    docs.loc[docs["doc_id"] == "flood3", "date"] = pd.Timestamp("2024-04-20")  # seven weeks on
    found = find_stories(docs, COPIES)
    near = found["near"].set_index("doc_id")
    assert near.at["flood3", "nearest_story"] == story_of(found)["flood1"]
    assert near.at["flood3", "days_apart"] == 49  # from the story's last article now, flood2 on 2 March


def test_vectors_are_unit_length_and_similar_for_one_event():
    vectors = document_vectors(corpus())
    lengths = (vectors.multiply(vectors)).sum(axis=1)
    assert pytest.approx(lengths.A.ravel().tolist(), abs=1e-5) == [1.0] * len(ROWS)
    similarity = (vectors @ vectors.T).toarray()
    flood1, flood2, budget = 0, 1, 8
    assert similarity[flood1, flood2] > 3 * similarity[flood1, budget]


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (StorySettings(window_days=-1), "window_days"),
        (StorySettings(threshold=1.5), "threshold"),
        (StorySettings(vectors=VectorSettings(lead_words=-2)), "lead_words"),
    ],
)
def test_settings_out_of_range_are_refused(settings, message):
    with pytest.raises(InputError, match=message):
        find_stories(corpus(), None, settings)


@pytest.mark.slow
def test_pandas_and_dask_find_the_same_stories():
    pytest.importorskip("dask.distributed")
    from helpers.engine import Engine

    here = find_stories(corpus(), COPIES, engine=Engine(workers=2, partition_rows=3))
    on_dask = find_stories(corpus(), COPIES, engine=Engine(kind="dask", workers=1, partition_rows=3))
    for name in ("stories", "summary", "near"):
        pd.testing.assert_frame_equal(here[name], on_dask[name])
