"""corpus.keep: extra corpus columns survive into docs, for grouping."""

import pytest

from helpers import corpus
from helpers.errors import InputError


def test_kept_columns_reach_docs(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("id,source,bias,text\n1,X,left,Some words here.\n2,Y,,More words here.\n", encoding="utf-8")
    loaded = corpus.load_corpus(str(path), keep=["bias"])
    assert loaded.docs["bias"].tolist() == ["left", ""]
    with pytest.raises(InputError, match="corpus.keep names 'topic', which is not a column"):
        corpus.load_corpus(str(path), keep=["topic"])
    with pytest.raises(InputError, match="'source' is kept anyway"):
        corpus.load_corpus(str(path), keep=["source"])


def test_kept_manifest_columns_reach_docs_in_a_folder(tmp_path):
    (tmp_path / "a.txt").write_text("A short article about trade.", encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("doc_id,source,bias\na,X,center\n", encoding="utf-8")
    assert corpus.load_corpus(str(tmp_path), keep=["bias"]).docs["bias"].tolist() == ["center"]
