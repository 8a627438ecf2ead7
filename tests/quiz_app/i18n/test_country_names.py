"""Member States named as each language names them (the EU's own code for Greece too)."""

from __future__ import annotations

from quiz_app.governance.organisation import EU_MEMBER_STATES
from quiz_app.i18n import country_name


def test_member_states_are_named_in_the_readers_language():
    assert country_name("DE", "en") == "Germany"
    assert country_name("DE", "de") == "Deutschland"
    assert country_name("NL", "fr") == "Pays-Bas"
    assert country_name("EL", "de") == "Griechenland"  # the EU writes EL, CLDR writes GR


def test_every_member_state_has_a_name_and_english_keeps_the_stores_names():
    assert {code: country_name(code, "en") for code in EU_MEMBER_STATES} == EU_MEMBER_STATES
    assert all(country_name(code, "fr") != code for code in EU_MEMBER_STATES)


def test_an_unknown_code_is_shown_as_it_is():
    assert country_name("XX", "de") == "XX"
