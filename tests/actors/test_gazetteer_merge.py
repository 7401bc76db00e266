"""A user's gazetteer that overlaps the shipped one merges on the first try; the user's entry wins."""

import pytest

from helpers import actors
from helpers.errors import InputError


def write(tmp_path, text: str):
    path = tmp_path / "mine.yml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_user_entry_takes_an_alias_from_a_shipped_entry(tmp_path):
    # the shipped Democratic Party lists "Democrats" and "DNC" as aliases
    known = actors.load_gazetteer(write(tmp_path, "actors:\n  - {name: Democrats, type: group, aliases: [DNC]}\n"))
    assert known.actors["Democrats"].type == "group"
    shipped = known.actors["Democratic Party"]
    assert "Democrats" not in shipped.aliases and "DNC" not in shipped.aliases and "House Democrats" in shipped.aliases
    assert known.overrides == ("'Democrats', 'DNC': now Democrats (your entry), no longer Democratic Party",)


def test_a_user_entry_with_a_shipped_name_replaces_it_and_one_that_takes_a_name_takes_its_offices(tmp_path):
    text = (
        "actors:\n"
        "  - {name: Donald Trump, type: person, aliases: [The Donald]}\n"
        "  - {name: Marco Antonio Rubio, type: person, aliases: [Marco Rubio]}\n"
    )
    known = actors.load_gazetteer(write(tmp_path, text))
    assert known.actors["Donald Trump"].aliases == ("The Donald",)
    assert "Marco Rubio" not in known.actors and "Marco Antonio Rubio" in known.actors
    holders = {h.actor for role in known.roles for h in role.holders}
    assert "Marco Rubio" not in holders and "Marco Antonio Rubio" in holders  # the shipped offices follow the name
    assert known.overrides == (
        "Donald Trump: your entry replaces the shipped one (its aliases and type)",
        "Marco Rubio: now Marco Antonio Rubio (your entry names it); the shipped entry is left out",
    )


def test_a_user_file_that_contradicts_itself_is_still_an_error(tmp_path):
    text = "actors:\n  - {name: Zed Zedson, type: person, aliases: [ZZ]}\n  - {name: Zack Zed, type: person, aliases: [ZZ]}\n"
    with pytest.raises(
        InputError, match=r"mine.yml: actors \(Zack Zed\): 'ZZ' is also a name or alias of 'Zed Zedson'"
    ):
        actors.load_gazetteer(write(tmp_path, text))


def test_without_a_user_file_nothing_is_overridden():
    assert actors.load_gazetteer().overrides == ()


def test_a_user_entry_that_takes_a_country_takes_its_offices_too(tmp_path):
    known = actors.load_gazetteer(
        write(tmp_path, "actors:\n  - {name: USA, type: country, aliases: [United States]}\n")
    )
    assert "United States" not in known.actors and known.actors["USA"].type == "country"
    assert {role.country for role in known.roles} >= {"USA"} and "United States" not in {r.country for r in known.roles}
