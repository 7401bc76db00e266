"""Escaping for the HTML report, its links to CSVs and evidence, the page script, and formula neutralisation for CSV exports."""

from __future__ import annotations

import base64
import hashlib
import re

import nbformat
import pandas as pd
from matplotlib.figure import Figure

from helpers import report
from helpers.report import chart_html, evidence_id, neutralise_formulas, quote_html, save_table, table_html
from helpers.run.render import html_exporter, page_script, sanitize_html


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


def test_a_table_links_its_keys_to_their_evidence_and_shows_its_csv():
    table = pd.DataFrame({"actor": ["<b>Khan</b>", "Modi", None], "mentions": [3, 2, 1]})
    markup = table_html(table, max_rows=2, csv="actor_totals", links={"actor": ("kwic", ["<b>Khan</b>", "Absent"])})
    target = evidence_id("kwic", "<b>Khan</b>")
    assert f'<td><a class="nf-evidence" href="#{target}">&lt;b&gt;Khan&lt;/b&gt;</a></td>' in markup
    assert markup.count("nf-evidence") == 1
    assert 'Showing 2 of 3 rows; the full table: <a class="nf-csv" href="tables/actor_totals.csv">' in markup
    assert sanitize_html(markup).count(f'href="#{target}"') == 1


def test_evidence_rows_get_one_id_per_key():
    lines = pd.DataFrame({"actor": ["Khan", "Khan", "Modi", None], "left": ["a", "b", "c", "d"]})
    markup = table_html(lines, anchors={"actor": "kwic"})
    assert markup.count("<tr id=") == 2
    assert f'<tr id="{evidence_id("kwic", "Khan")}">' in markup and f'<tr id="{evidence_id("kwic", "Modi")}">' in markup
    assert f'id="{evidence_id("kwic", "Khan")}"' in sanitize_html(markup)
    captioned = table_html(lines, caption="Its articles", anchor=evidence_id("story", 3))
    assert f'<p class="nf-caption" id="{evidence_id("story", 3)}">Its articles</p>' in captioned
    quoted = quote_html("said", anchor=evidence_id("topic", 1))
    assert quoted.startswith(f'<blockquote class="nf-quote" id="{evidence_id("topic", 1)}">')


def test_evidence_ids_are_plain_stable_and_distinct():
    hostile = evidence_id("kwic", '"><script>alert(1)</script>')
    assert re.fullmatch(r"nf(-[a-z0-9]+)+", hostile)
    assert evidence_id("kwic", "Modi") == evidence_id("kwic", "Modi") != evidence_id("kwic", "modi")
    assert evidence_id("story", 1) != evidence_id("blindspot", 1)


def test_a_saved_table_links_its_csv_by_itself(tmp_path):
    table = pd.DataFrame({"n": [1, 2]})
    save_table(table, "counts", tmp_path)
    assert 'CSV: <a class="nf-csv" href="tables/counts.csv">tables/counts.csv</a>' in table_html(table)
    assert "nf-csv" not in table_html(table.head(1))  # another table: the notebook names its CSV
    assert 'href="tables/counts.csv"' in table_html(table.head(1), csv="counts")


def test_a_chart_is_an_image_with_its_title_and_csv():
    figure = Figure()
    figure.add_subplot().set_title('<b>"Mentions"</b>')
    markup = chart_html(figure, "actor_totals")
    assert (
        markup.startswith('<img src="data:image/png;base64,')
        and 'alt="&lt;b&gt;&quot;Mentions&quot;&lt;/b&gt;"' in markup
    )
    assert markup.endswith(
        'Drawn from <a class="nf-csv" href="tables/actor_totals.csv">tables/actor_totals.csv</a></p>'
    )


def test_pages_run_only_their_own_script_allowed_by_its_hash():
    script = page_script()
    body, _ = html_exporter(show_code=False).from_notebook_node(nbformat.v4.new_notebook())
    assert re.findall(r"<script>(.*?)</script>", body, re.S) == [script["text"]]
    digest = base64.b64encode(hashlib.sha256(script["text"].encode("utf-8")).digest()).decode("ascii")
    policy = re.search(r'content="(default-src[^"]*)"', body).group(1)
    assert policy.endswith(f"; script-src 'sha256-{digest}'") and "unsafe-inline'; font" in policy
    assert "<!-- newsframes: page header -->" in body and "<!-- newsframes: page footer -->" in body


def test_a_very_large_table_goes_to_parquet_whole_and_to_csv_as_its_head(tmp_path, capsys):
    table = pd.DataFrame({"n": range(5), "word": list("abcde")})
    path = report.save_large_table(table, "big", tmp_path, head_rows=2)
    assert path == tmp_path / "big.parquet"
    assert pd.read_parquet(path).equals(table)
    assert pd.read_csv(tmp_path / "big.csv")["word"].tolist() == ["a", "b"]
    small = report.save_large_table(table.head(2), "small", tmp_path, head_rows=2)
    assert small == tmp_path / "small.csv" and not (tmp_path / "small.parquet").exists()


def test_floats_are_written_as_pandas_writes_them_with_six_significant_digits(tmp_path):
    import numpy as np

    floats = [0.1234564, 1e-07, -0.0, 123456789.0, float("nan"), float("inf"), 1.0, 0.00012345678, -2.5]
    table = pd.DataFrame(
        {
            "id": [f"d{n}" for n in range(len(floats))],
            "share": floats,
            "small": np.array(floats, dtype=np.float32),
            "count": range(len(floats)),
            "word": ["a", None, "-1e-05", "b", "c", "d", "e", "f", "g"],
        }
    )
    path = save_table(table, "floats", tmp_path)
    expected = neutralise_formulas(table).to_csv(index=False, float_format="%.6g", lineterminator="\n")
    assert path.read_text(encoding="utf-8") == expected
    assert "d4,,,4," in expected and ",-0,-0," in expected and ",inf,inf," in expected
    assert table["share"].dtype == np.float64  # the table itself is not changed
