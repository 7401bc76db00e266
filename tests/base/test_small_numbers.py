"""No interval from a single sentence, and a cap on the evidence boxes a page shows."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers import bootstrap, report


def test_one_sentence_has_no_interval_two_have_one():
    rows = pd.DataFrame({"source": ["One", "Two", "Two"], "doc_id": ["a", "b", "b"], "value": [1.0, 0.0, 1.0]})
    table = bootstrap.bootstrap_means(rows, ["source"], ["value"], n_boot=200, random_state=0).set_index("source")
    assert table.loc["One", "estimate"] == 1.0 and table.loc["One", "sentences"] == 1
    assert np.isnan(table.loc["One", "ci_low"]) and np.isnan(table.loc["One", "ci_high"])
    # Two sentences, 0 and 1: resamples give 0, 0.5 or 1, so the interval is not a point.
    assert table.loc["Two", "ci_low"] == 0.0 and table.loc["Two", "ci_high"] == 1.0
    assert table.loc["Two", "estimate"] == pytest.approx(0.5)


@pytest.fixture
def shown(monkeypatch) -> list[str]:
    captured: list[str] = []
    monkeypatch.setattr(report, "display", lambda item: captured.append(item.data))
    return captured


def quotes(n: int) -> pd.DataFrame:
    return pd.DataFrame({"text": [f"quote {i}" for i in range(n)], "source": "S", "sentence_id": range(n)})


def test_a_capped_evidence_list_says_how_many_there_are_and_where(shown):
    report.show_quotes(quotes(5), limit=2, csv="quotes")
    [markup] = shown
    assert markup.count('class="nf-quote"') == 2 and "quote 1" in markup and "quote 2" not in markup
    assert 'Showing 2 of 5; all of them in <a class="nf-csv" href="tables/quotes.csv">tables/quotes.csv</a>.' in markup


def test_an_evidence_list_within_its_cap_has_no_note(shown):
    report.show_quotes(quotes(3), limit=3, csv="quotes")
    report.show_quotes(quotes(4))
    assert [markup.count('class="nf-quote"') for markup in shown] == [3, 4]
    assert not any("Showing" in markup for markup in shown)
