"""Escaping for the HTML report and formula neutralisation for CSV exports."""

from __future__ import annotations

import pandas as pd

from helpers.report import neutralise_formulas, quote_html, save_table, table_html
from helpers.run.render import sanitize_html


def test_formulas_are_neutralised_but_numbers_are_not(tmp_path):
    table = pd.DataFrame({"text": ["=1+1", "+cmd", "-2", "@SUM(A1)", "plain", "-", None], "n": [1, 2, -3, 4, 5, 6, 7]})
    safe = neutralise_formulas(table)
    assert safe["text"].tolist()[:6] == ["'=1+1", "'+cmd", "-2", "'@SUM(A1)", "plain", "'-"]
    assert safe["text"].isna().tolist()[-1]
    assert safe["n"].tolist() == [1, 2, -3, 4, 5, 6, 7]
    path = save_table(table, "t", tmp_path)
    assert path.read_text(encoding="utf-8").splitlines()[1] == "'=1+1,1"


def test_formulas_are_neutralised_in_every_kind_of_text_column():
    arrow = pd.Series(["=A1", "ok", None, "-5", "\tx"], dtype="str")
    mixed = pd.Series([1, "=bad", 2.5, None, "+1.5"], dtype=object)
    category = pd.Series(["=HYPERLINK(x)", "Biden", "=HYPERLINK(x)"], dtype="category")
    clash = pd.Series(["=x", "'=x"], dtype="category")
    table = pd.DataFrame(
        {"arrow": arrow, "mixed": mixed, "category": category.reindex(range(5)), "clash": clash.reindex(range(5))}
    )
    safe = neutralise_formulas(table)
    assert safe["arrow"].tolist()[:2] == ["'=A1", "ok"] and safe["arrow"].tolist()[3:] == ["-5", "'\tx"]
    assert safe["mixed"].tolist()[:3] == [1, "'=bad", 2.5] and safe["mixed"].tolist()[4] == "'+1.5"
    assert safe["category"].tolist()[:3] == ["'=HYPERLINK(x)", "Biden", "'=HYPERLINK(x)"]
    assert safe["clash"].tolist()[:2] == ["'=x", "'=x"]
    assert table["arrow"].iloc[0] == "=A1" and table["category"].iloc[0] == "=HYPERLINK(x)"  # input unchanged


def test_table_and_quote_html_escape_corpus_text():
    hostile = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    markup = table_html(pd.DataFrame({"title": [hostile]}))
    assert "<script>" not in markup and "&lt;script&gt;" in markup
    quoted = quote_html(hostile, source="<b>src</b>")
    assert "<img" not in quoted and "&lt;b&gt;src&lt;/b&gt;" in quoted


def test_sanitizer_drops_scripts_handlers_and_remote_images():
    cleaned = sanitize_html(
        '<p class="nf-text" onclick="x()">hi<script>bad()</script></p>'
        '<img src="http://example.org/t.png"><img src="data:image/png;base64,AAAA">'
        '<a href="javascript:alert(1)">j</a><a href="00-corpus.html">ok</a>'
    )
    assert "<script" not in cleaned and "onclick" not in cleaned and "javascript:" not in cleaned
    assert "example.org" not in cleaned
    assert 'src="data:image/png;base64,AAAA"' in cleaned
    assert 'href="00-corpus.html"' in cleaned
    assert '<p class="nf-text">hi</p>' in cleaned
