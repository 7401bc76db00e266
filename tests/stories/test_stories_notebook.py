"""The stories notebook end to end, through the runner as in production: the seeds, and corpora
where stories can say little."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.paths import CONFIG_DIR
from helpers.run import runner

pytestmark = pytest.mark.slow
SEED = {
    "lunch_report": "001_f4a184ad10624b46",
    "lunch_analysis": "000_9ab219e7d82c5363",
    "lunch_oped": "004_d811fc24bf3dc0a0",
    "visit_2023": "002_534b9d5951a40729",
    "thaw_analysis": "003_64b928b14b9cf48f",
}


def quiet(*_):
    return None


def test_the_seeds_white_house_lunch_is_one_story(tmp_path):
    folder, results = runner.run(CONFIG_DIR / "seed.yml", only=["stories"], out=tmp_path / "seed", echo=quiet)
    assert [(r.name, r.status, r.error) for r in results] == [("stories", "ok", "")]
    story = pd.read_csv(folder / "tables" / "stories.csv").set_index("doc_id")["story"]
    lunch = story[SEED["lunch_report"]]
    assert story[SEED["lunch_analysis"]] == lunch and story[SEED["lunch_oped"]] == lunch
    assert story[SEED["visit_2023"]] != lunch and story[SEED["thaw_analysis"]] != lunch
    near = pd.read_csv(folder / "tables" / "story_near_misses.csv").set_index("doc_id")
    assert near.at[SEED["thaw_analysis"], "nearest_story"] == lunch  # it resembles the lunch story …
    assert near.at[SEED["thaw_analysis"], "days_apart"] == 41  # … but came 41 days after its last article
    for name in ("story_summary", "story_coverage", "story_blindspots", "story_terms", "story_voices", "story_frames"):
        assert (folder / "tables" / f"{name}.csv").exists(), name
    voices = pd.read_csv(folder / "tables" / "story_voices.csv")
    assert set(voices["story"]) == {lunch} and "Asim Munir" in set(voices["actor"])
    page = (folder / "04-stories.html").read_text(encoding="utf-8")
    assert "Only 5 documents" in page and "stands alone" in page and "41 days" in page
    assert "Traceback" not in page


CORPORA = {
    "no_dates": [("n1", "A", "", "Floods hit Riverton", "Floodwater swept through Riverton as the river rose."),
                 ("n2", "B", "", "Riverton floods", "Riverton flooded as the river rose and residents left.")],
    "one_source": [("o1", "A", "2024-01-01", "Floods hit Riverton", "Floodwater swept through Riverton."),
                   ("o2", "A", "2024-01-02", "Riverton floods", "Riverton flooded as the river rose.")],
    "one_document": [("d1", "A", "2024-01-01", "Floods hit Riverton", "Floodwater swept through Riverton.")],
    "identical": [(f"i{n}", src, "2024-01-01", "Same", "The same text in every document, word for word.")
                  for n, src in enumerate(["A", "B", "C"])],
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_degenerate_corpora_get_a_page_that_says_what_it_can_show(tmp_path, name):
    rows = CORPORA[name]
    path = tmp_path / f"{name}.csv"
    pd.DataFrame(rows, columns=["id", "source", "date", "title", "text"]).to_csv(path, index=False)
    config = tmp_path / "run.yml"
    config.write_text(f"corpus:\n  path: {path}\n", encoding="utf-8")
    folder, results = runner.run(config, only=["stories"], out=tmp_path / name, echo=quiet)
    assert [(r.status, r.error) for r in results] == [("ok", "")]
    stories = pd.read_csv(folder / "tables" / "stories.csv")
    assert sorted(stories["doc_id"]) == sorted(row[0] for row in rows)  # every document once
    page = (folder / "04-stories.html").read_text(encoding="utf-8")
    assert "Traceback" not in page
    expected = {
        "no_dates": "No document has a usable date",
        "one_source": "Every document has the same source",
        "one_document": "every document is a story of its own",
        "identical": "Stories of two documents or more: 1",
    }[name]
    assert expected in page
    if name == "identical":
        assert stories["story"].nunique() == 1  # identical texts on one day: one story
