"""Saved web pages as input: the article and its fields come out of four sites' layouts, the page's
furniture does not, and every broken page gets a message that says what to do.

The pages in ``tests/corpus/pages/`` are written by hand: a WordPress blog (<article>, og: tags), a
news site (<main>, JSON-LD), <div> soup in windows-1252 (the site's name only in <title>, the date
only in the text) and a Bootstrap page (<time datetime> only, no site name). The values below are
read off the pages, not off the loader's output.
"""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pandas as pd
import pytest

from helpers import corpus
from helpers.corpus import pages
from helpers.errors import InputError

PAGES = Path(__file__).parent / "pages"
LAYOUTS = ("blog", "news", "soup", "timeonly")

EXPECTED = {
    "blog": {
        "title": "Council approves the new bridge budget",
        "date": "2025-06-03",
        "source": "The Riverside Ledger",
        "author": "Maria Okafor",
        "url": "",
    },
    "news": {
        "title": "Drought forces farmers to sell cattle early",
        "date": "2025-07-14",
        "source": "National Herald",
        "author": "Daniel Price",
        "url": "https://www.nationalherald.example/business/2025/07/14/drought-cattle",
    },
    "soup": {
        "title": "Ferry strike ends after pay deal",
        "date": "2024-03-12",
        "source": "Harbour Gazette",  # from <title> "Harbour Gazette - Ferry strike ends after pay deal"
        "author": "",
        "url": "",
    },
    "timeonly": {
        "title": "School board delays vote on later start times",
        "date": "2024-11-19",
        "source": "(unknown)",  # the page names no site
        "author": "",
        "url": "",
    },
}

ARTICLE = {
    "blog": [
        "The city council voted seven to two on Monday night to approve a budget of 48 million dollars for the "
        "replacement of the Mill Street bridge, ending a debate that had lasted almost two years.",
        "Supporters said the old bridge, built in 1931, could no longer carry school buses safely.",
        "“We are borrowing money our children will have to repay,” said council member Tom Reyes.",
        "Work on the new bridge is expected to start in March and to take about eighteen months, during which "
        "traffic will be sent over the Elm Street crossing.",
    ],
    "news": [
        "Cattle auctions in western Kansas sold twice as many animals in June as in the same month last year",
        "“You either sell them now or you watch them go hungry,” said Linda Marsh",
        "The federal agriculture department expects the national herd to shrink for a fourth straight year.",
        "State officials have opened emergency grazing on some conservation land, but ranchers say the relief comes "
        "too late for many of them.",
    ],
    "soup": [
        "Ferry crews returned to work on Tuesday morning after their union accepted a pay offer of 6 per cent, worth "
        "about £1,200 a year, ending a strike",
        "The first sailing left the harbour at seven o’clock",
        "Shops on the island had started to run short of fresh milk and bread",
        "Union leaders said the agreement also includes a review of rest breaks",
    ],
    "timeonly": [
        "The Valley school board postponed a decision on moving high school start times to 8:45 a.m.",
        "Several parents said a later start would clash with their work hours and with after-school sports.",
        "Board chair Angela Ruiz said the board would hold two more public hearings in January",
        "a later start could cost up to 300,000 dollars a year",
    ],
}

FURNITURE = {
    "blog": [
        "We use cookies", "Accept all cookies", "Contact us", "Opinion", "Share this", "Facebook", "Twitter",
        "closed to trucks since last winter", "Advertisement", "googletag", "dataLayer", "Get the Ledger in your inbox",
        "Sign up for our free morning newsletter", "Subscribe", "Posted in", "Tagged", "Related posts",
        "Elm Street detour will add", "thoughts on", "About time", "Most read", "Library extends", "All rights reserved",
        "Privacy policy", "By Maria Okafor",
    ],
    "news": [
        "Skip to main content", "This website uses cookies", "Manage preferences", "Sign in", "Weather", "Advertisement",
        "Share on Facebook", "Copy link", "Read more", "Hay prices hit a record", "Cattle wait to be sold",
        "The Morning Herald", "delivered to your inbox", "More from Business", "Grain exports fall", "Terms of use",
        "Copyright", "pbjs", "NH_CONFIG",
    ],
    "soup": [
        "Home", "Jobs", "Our site uses cookies", "More info", "Popular stories", "Lifeboat crew", "Posted by",
        "Share:", "The morning ferry leaves the harbour", "Advertisement", "Want the Gazette in your inbox",
        "weekly newsletter", "Related stories", "Ferry timetable cut for winter", "Site by WebWorks", "_gaq",
    ],
    "timeonly": [
        "We use cookies", "Donate", "Events", "Tweet", "Pin it", "Sponsored", "Find the best mortgage rates",
        "Parents line up to speak", "Stay informed", "Subscribe to the Valley Voice newsletter", "Upcoming events",
        "Farmers market", "You might also like", "District short of bus drivers", "nonprofit newsroom",
        "tips@valleyvoice.example", "©",
    ],
}  # fmt: skip


def copy_pages(folder: Path, names=LAYOUTS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(PAGES / f"{name}.html", folder / f"{name}.html")
    return folder


@pytest.fixture(scope="module")
def loaded(tmp_path_factory) -> corpus.Corpus:
    return corpus.load_corpus(copy_pages(tmp_path_factory.mktemp("pages")))


@pytest.mark.parametrize("name", LAYOUTS)
def test_each_layout_gives_the_article_and_its_fields(loaded, name):
    doc = loaded.docs.set_index("doc_id").loc[name]
    expected = EXPECTED[name]
    assert doc["title"] == expected["title"]
    assert doc["date"] == pd.Timestamp(expected["date"])
    assert doc["date_precision"] == "day"
    assert doc["source"] == expected["source"]
    assert doc["author"] == expected["author"]
    assert doc["url"] == expected["url"]
    for sentence in ARTICLE[name]:
        assert sentence in doc["text"]
    # The article's four paragraphs, in the page's order, each a paragraph of its own.
    paragraphs = loaded.paragraphs.loc[loaded.paragraphs["doc_id"] == name, "text"].tolist()
    assert len(paragraphs) == 4
    assert [next(i for i, p in enumerate(paragraphs) if s in p) for s in ARTICLE[name]] == [0, 1, 2, 3]


@pytest.mark.parametrize("name", LAYOUTS)
def test_no_page_furniture_survives(loaded, name):
    text = loaded.docs.set_index("doc_id").loc[name, "text"]
    sentences = " ".join(loaded.sentences.loc[loaded.sentences["doc_id"] == name, "text"])
    for line in FURNITURE[name]:
        assert line not in text, line
        assert line not in sentences, line
    assert not text.startswith(EXPECTED[name]["title"])  # the headline is the title, not the first paragraph


def test_the_cleaning_log_counts_what_extraction_left_out(loaded):
    log = loaded.cleaning_log
    entries = log[log["rule"] == "html_boilerplate"]
    assert entries["doc_id"].tolist() == list(LAYOUTS)  # one per page
    assert (entries["line"] == 0).all()
    # Counted by hand from blog.html: 32 elements hold text; the article is 4 of them.
    assert entries.set_index("doc_id").loc["blog", "removed"] == (
        "page furniture outside the article: 28 of 32 text blocks (navigation 5, share bar 4, newsletter box 3, "
        "related links 3, comments 2, cookie notice 2, footer 2, headline and byline 2, sidebar 2, advertisement 1, "
        "caption 1, header 1); 5 script and style elements"
    )
    soup = entries.set_index("doc_id").loc["soup", "removed"]
    assert soup.startswith("page furniture outside the article: 14 of 18 text blocks (")
    assert soup.endswith("; 1 script and style element")
    first_of_each = log.groupby("doc_id", sort=False).head(1)
    assert set(first_of_each["rule"]) == {"html_boilerplate"}  # before the cleaning rules' entries
    assert (loaded.docs["raw_chars"] < 1200).all()  # the article's length, not the page's


def test_without_a_manifest_only_the_page_that_names_no_site_is_unknown(loaded):
    assert loaded.warnings[["doc_id", "field", "problem"]].values.tolist() == [
        ["", "source", "no manifest.csv in the folder"]
    ]
    assert "for the 1 document(s) that name no site (timeonly)" in loaded.warnings["action"].iloc[0]


def test_a_single_page(tmp_path):
    page = shutil.copy(PAGES / "news.html", tmp_path / "drought.html")
    loaded = corpus.load_corpus(page)
    assert loaded.docs["doc_id"].tolist() == ["drought"]
    assert loaded.docs["source"].tolist() == ["National Herald"]
    assert loaded.warnings.empty
    saved = shutil.copy(PAGES / "blog.html", tmp_path / "bridge.php")
    with pytest.raises(InputError, match="cannot tell the format"):
        corpus.load_corpus(saved)
    assert corpus.load_corpus(saved, format="html").docs["title"].tolist() == [EXPECTED["blog"]["title"]]


def test_a_folder_of_txt_files_and_pages(tmp_path):
    folder = copy_pages(tmp_path / "mixed", ["blog"])
    (folder / "wire.txt").write_text(
        "The port authority said on Friday that container traffic rose by a fifth in the first half of the year.",
        encoding="utf-8",
    )
    loaded = corpus.load_corpus(folder)
    docs = loaded.docs.set_index("doc_id")
    assert docs["source"].to_dict() == {"blog": "The Riverside Ledger", "wire": "(unknown)"}
    assert docs.loc["wire", "text"].startswith("The port authority said on Friday")
    assert docs.loc["wire", "title"] == ""
    assert loaded.cleaning_log.loc[loaded.cleaning_log["rule"] == "html_boilerplate", "doc_id"].tolist() == ["blog"]


def test_the_manifest_overrides_what_the_page_says(tmp_path):
    folder = copy_pages(tmp_path / "listed")
    pd.DataFrame(
        [
            {
                "doc_id": "news",
                "source": "Herald (print)",
                "date": "2025-07",
                "title": "Cattle sold early",
                "author": "",
            },
            {"doc_id": "timeonly.html", "source": "Valley Voice", "date": "", "title": "", "author": "R. Diaz"},
        ]
    ).to_csv(folder / "manifest.csv", index=False)
    loaded = corpus.load_corpus(folder)
    docs = loaded.docs.set_index("doc_id")
    assert docs.loc["news", ["source", "title", "author"]].tolist() == [
        "Herald (print)",
        "Cattle sold early",
        "Daniel Price",
    ]
    assert docs.loc["news", "date"] == pd.Timestamp("2025-07-01")
    assert docs.loc["news", "date_precision"] == "month"  # the manifest's date, read as written
    assert docs.loc["timeonly", ["source", "title", "author"]].tolist() == [
        "Valley Voice",
        EXPECTED["timeonly"]["title"],
        "R. Diaz",
    ]
    assert docs.loc["timeonly", "date"] == pd.Timestamp("2024-11-19")
    # Pages the manifest does not list keep what they say, without a warning.
    assert docs.loc["blog", "source"] == "The Riverside Ledger"
    assert docs.loc["soup", "source"] == "Harbour Gazette"
    assert loaded.warnings.empty


def test_pages_with_no_article_are_dropped_with_a_warning(tmp_path):
    folder = copy_pages(tmp_path / "broken", ["blog"])
    (folder / "app.html").write_text(
        "<!doctype html><html><head><title>News</title><script src='/app.js'></script></head>"
        "<body><noscript>You need to enable JavaScript to run this app.</noscript><div id='root'></div></body></html>",
        encoding="utf-8",
    )
    (folder / "empty.html").write_bytes(b"")
    loaded = corpus.load_corpus(folder)
    assert loaded.docs["doc_id"].tolist() == ["blog"]
    dropped = loaded.warnings.set_index("doc_id").loc[["app", "empty"]]
    assert dropped["action"].str.startswith("document dropped; if it is an article, save the page again").all()
    assert dropped.loc["empty", "problem"] == "no article text in the page (no text at all)"


def test_a_single_page_with_no_article_is_an_error(tmp_path):
    page = tmp_path / "login.html"
    page.write_text("<html><head><title>Sign in</title></head><body><form><input></form></body></html>")
    with pytest.raises(InputError, match=r"login\.html: no article text in the page.*save the page again"):
        corpus.load_corpus(page)


def test_a_folder_of_only_broken_pages_is_an_error(tmp_path):
    (tmp_path / "a.html").write_bytes(b"")
    (tmp_path / "b.html").write_text("<html><body><script>render()</script></body></html>")
    with pytest.raises(InputError, match=r"none of the 2 page\(s\) holds article text"):
        corpus.load_corpus(tmp_path)


def test_a_page_is_read_in_the_charset_it_declares(tmp_path):
    folder = copy_pages(tmp_path / "cp1252", ["soup"])
    assert b"\xa31,200" in (folder / "soup.html").read_bytes()  # "£" in windows-1252, invalid as UTF-8
    text = corpus.load_corpus(folder).docs["text"].iloc[0]
    assert "£1,200" in text and "o’clock" in text


def test_bytes_that_are_not_in_the_declared_charset(tmp_path):
    page = tmp_path / "mislabelled.html"
    # Saved in windows-1252 while it still says <meta charset="UTF-8">.
    page.write_bytes(
        (PAGES / "blog.html").read_text(encoding="utf-8").replace("two years.", "two years été.").encode("cp1252")
    )
    with pytest.raises(InputError, match=r"mislabelled\.html: byte \d+ is not valid utf-8.*corpus\.encoding"):
        corpus.load_corpus(page)
    # The configured encoding is the fallback when the declared one does not fit.
    assert "two years été." in corpus.load_corpus(page, encoding="cp1252").docs["text"].iloc[0]


def test_a_txt_file_that_holds_a_page_is_read_as_one(tmp_path):
    folder = tmp_path / "renamed"
    folder.mkdir()
    shutil.copy(PAGES / "news.html", folder / "news.txt")
    loaded = corpus.load_corpus(folder)
    doc = loaded.docs.iloc[0]
    assert doc["title"] == EXPECTED["news"]["title"] and doc["source"] == "National Herald"
    assert "We use cookies" not in doc["text"] and "<" not in doc["text"]
    assert loaded.warnings.loc[0, ["doc_id", "problem"]].tolist() == ["news", "a .txt file that holds a web page"]


def test_a_txt_and_a_page_of_the_same_name_are_an_error(tmp_path):
    copy_pages(tmp_path, ["blog"])
    (tmp_path / "blog.txt").write_text("The same story, as text.")
    with pytest.raises(InputError, match=r"blog\.html and blog\.txt would both be document 'blog'"):
        corpus.load_corpus(tmp_path)


def test_a_date_is_never_guessed_from_the_text(tmp_path):
    body = "".join(
        f"<p>{sentence}</p>"
        for sentence in (
            "The harbour committee met again to discuss the new ferry timetable and the cost of fuel this winter.",
            "The strike that began on 3 March 2019 was settled after nine days of talks between the two sides.",
            "Members said they would publish the timetable once the operator had agreed to the new crossings.",
        )
    )
    page = tmp_path / "undated.html"
    page.write_text(
        f"<html><head><title>Ferry talks</title></head><body><article><h1>Ferry talks</h1>{body}</article>"
        "<footer>© 2021 Harbour Gazette</footer></body></html>"
    )
    doc = corpus.load_corpus(page).docs.iloc[0]
    assert pd.isna(doc["date"]) and doc["date_precision"] == ""


def test_the_pages_own_metadata_fills_what_trafilatura_leaves_empty(tmp_path):
    # htmldate ignores dates before 1995; the page's article:published_time still gives the day.
    page = tmp_path / "archive.html"
    page.write_text(
        '<html><head><meta property="article:published_time" content="1994-03-10T08:00:00Z">'
        "<title>Reuters - U.S. court ruling buys time for families</title></head><body><article>"
        "<h1>U.S. court ruling buys time for families</h1><p>"
        + "A federal judge gave the government two more weeks to reunite the families, lawyers said on Tuesday. " * 3
        + "</p></article></body></html>"
    )
    doc = corpus.load_corpus(page).docs.iloc[0]
    assert doc["date"] == pd.Timestamp("1994-03-10") and doc["date_precision"] == "day"
    # trafilatura takes a <title> part with a dot in it ("U.S. …") for the site's name; the headline is not one.
    assert doc["source"] == "Reuters"


def test_reading_pages_opens_no_network_connection(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a page was read over the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    loaded = corpus.load_corpus(copy_pages(tmp_path / "offline", ["news"]))  # it has a canonical URL
    assert loaded.docs["url"].tolist() == [EXPECTED["news"]["url"]]


def test_unclean_loads_still_extract_and_log(tmp_path):
    loaded = corpus.load_corpus(copy_pages(tmp_path / "raw", ["blog"]), clean=False)
    assert loaded.cleaning_log["rule"].tolist() == ["html_boilerplate"]
    assert "We use cookies" not in loaded.docs["text"].iloc[0]


def test_the_cache_keeps_pages_and_their_log(tmp_path):
    folder = copy_pages(tmp_path / "cached", ["blog", "news"])
    first = corpus.load_corpus(folder, cache_dir=tmp_path / "cache")
    again = corpus.load_corpus(folder, cache_dir=tmp_path / "cache")
    pd.testing.assert_frame_equal(first.docs, again.docs)
    pd.testing.assert_frame_equal(first.cleaning_log, again.cleaning_log)


@pytest.mark.parametrize(
    ("data", "charset"),
    [
        (b'<html><head><meta charset="ISO-8859-1">', "cp1252"),  # as browsers read it
        (b'<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">', "shift_jis"),
        (b"\xef\xbb\xbf<html><head><meta charset=windows-1252>", "utf-8"),  # a byte-order mark wins
        (b'<meta charset="no-such-charset">', ""),
        (b"<html><body>no declaration</body></html>", ""),
    ],
)
def test_declared_charset(data, charset):
    assert pages.declared_charset(data) == charset
