"""Chart labels: wrapped at words, shortened on purpose, never cut mid-word."""

from helpers.charts import tick_label


def test_a_long_name_wraps_at_words():
    assert tick_label("Pakistani news outlet (not identified)") == "Pakistani news outlet\n(not identified)"
    assert tick_label("Al Jazeera") == "Al Jazeera"


def test_a_name_longer_than_two_lines_ends_with_an_ellipsis_after_a_whole_word():
    label = tick_label("The Washington Post Editorial Board and its guest writers on foreign affairs", width=20)
    first, second = label.split("\n")
    assert first == "The Washington Post" and second.endswith(" …")
    assert all(word in "The Washington Post Editorial Board and its guest writers" for word in second[:-2].split())
