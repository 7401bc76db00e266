"""The one YAML reader: every way a file can be wrong is one message naming the file (and line)."""

import datetime as dt

import pytest

from helpers.errors import InputError
from helpers.yamlfile import read_yaml


def test_reads_a_mapping_and_keeps_dates_as_written_when_asked(tmp_path):
    path = tmp_path / "a.yml"
    path.write_text("holders: [{from: 2024-01-05}]\n", encoding="utf-8")
    assert read_yaml(path, "file")["holders"][0]["from"] == dt.date(2024, 1, 5)
    assert read_yaml(path, "file", dates_as_text=True)["holders"][0]["from"] == "2024-01-05"
    (tmp_path / "empty.yml").write_text("", encoding="utf-8")
    assert read_yaml(tmp_path / "empty.yml", "file") == {}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"a: [1, 2\nb: 3\n", r"bad\.yml: not valid YAML at line \d+, column \d+"),
        (b"- one\n- two\n", "expected a mapping of keys to values at the top, found list"),
        (b"a: caf\xe9\n", "byte 6 is not UTF-8"),
    ],
)
def test_a_bad_file_gets_one_message_naming_it(tmp_path, content, message):
    path = tmp_path / "bad.yml"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_yaml(path, "file")


def test_a_missing_file_says_what_it_was_for(tmp_path):
    with pytest.raises(InputError, match="frame codebook .*nowhere.yml does not exist"):
        read_yaml(tmp_path / "nowhere.yml", "frame codebook")
