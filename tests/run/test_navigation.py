"""The runner's header and footer on every page: links to the index and the other pages, the run's date and corpus."""

from __future__ import annotations

from helpers.run.navigation import FOOTER, HEADER, add_navigation, page_title


def test_every_listed_page_gets_a_header_and_footer(tmp_path):
    for name in ("00-corpus.html", "01-topics.html"):
        (tmp_path / name).write_text(
            f"<body><main>\n{HEADER}\n<p>{HEADER}</p>\n{FOOTER}\n</main></body>", encoding="utf-8"
        )
    (tmp_path / "unlisted.html").write_text(f"<main>{HEADER}</main>", encoding="utf-8")
    manifest = {
        "name": "<b>seed</b>",
        "started": "2025-06-01T09:30:00+00:00",
        "corpus": {"fingerprint": "d4255778c3fbd16a"},
        "notebooks": [
            {"name": "corpus", "html": "00-corpus.html"},
            {"name": "topics", "html": "01-topics.html"},
            {"name": "actors", "html": ""},  # failed before it rendered: no page to link
        ],
    }
    add_navigation(tmp_path, manifest)
    corpus = (tmp_path / "00-corpus.html").read_text(encoding="utf-8")
    assert '<a class="nf-home" href="index.html">Index</a>' in corpus
    assert '<span aria-current="page">Corpus</span> · <a href="01-topics.html">Topics</a></span></nav>' in corpus
    assert "Actors" not in corpus and corpus.count(HEADER) == 1  # only the template's own marker is replaced
    assert "run 2025-06-01 09:30 UTC · corpus fingerprint <code>d4255778c3fbd16a</code>" in corpus
    assert "&lt;b&gt;seed&lt;/b&gt;" in corpus and FOOTER not in corpus
    topics = (tmp_path / "01-topics.html").read_text(encoding="utf-8")
    assert '<a href="00-corpus.html">Corpus</a> · <span aria-current="page">Topics</span>' in topics
    assert (tmp_path / "unlisted.html").read_text(encoding="utf-8") == f"<main>{HEADER}</main>"


def test_page_titles_come_from_the_short_names():
    assert [page_title(name) for name in ("corpus", "framing", "my-extra_stage")] == [
        "Corpus",
        "Framing",
        "My extra stage",
    ]
