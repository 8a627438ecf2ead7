"""The domain errors speak the reader's language: an English ``str`` for the CLI and the log,
the same message translated for a page, with the same parameters in both."""

from __future__ import annotations

from datetime import datetime

import pytest

from quiz_app.errors import DraftConflict, InvalidInput, QuizAppError, SessionEnded, Word
from quiz_app.i18n import N_
from quiz_app.i18n.catalogue import translator

WEAK = N_("password too short: use at least {minimum} characters")


def test_str_is_the_english_template_with_its_parameters():
    exc = InvalidInput(WEAK, minimum=12)
    assert str(exc) == "password too short: use at least 12 characters"
    assert exc.template == WEAK
    assert exc.params == {"minimum": 12}
    with pytest.raises(InvalidInput, match="use at least 12 characters"):
        raise exc


def test_message_in_translates_the_template_and_keeps_the_parameters():
    exc = InvalidInput(WEAK, minimum=12)
    german = exc.message_in("de")
    french = exc.message_in("fr")
    assert german == "Passwort zu kurz: verwenden Sie mindestens 12 Zeichen"
    assert german == translator("de").gettext(WEAK).format(minimum=12)
    assert "12" in french and french not in (str(exc), german)
    assert exc.message_in("en") == exc.message_in("es") == exc.message_in(None) == str(exc)


def test_a_message_without_parameters_keeps_literal_braces_escaped():
    exc = QuizAppError(N_("a {{literal}} brace"))
    assert str(exc) == "a {literal} brace" == exc.message_in("de")


def test_conversions_and_format_specs_work_as_in_the_f_strings_they_replace():
    exc = InvalidInput(N_("unknown question {qid!r} at {share:.0%}"), qid="q1", share=0.5)
    assert str(exc) == "unknown question 'q1' at 50%"


def test_subclasses_with_their_own_arguments_keep_them():
    at = datetime(2026, 1, 2, 9, 30)
    conflict = DraftConflict(N_("changed at {changed_at:%H:%M} UTC"), at)
    assert (str(conflict), conflict.changed_at) == ("changed at 09:30 UTC", at)
    ended = SessionEnded(N_("you were logged out"), "logout")
    assert (str(ended), ended.reason) == ("you were logged out", "logout")


def test_a_word_parameter_is_translated_with_the_message():
    from quiz_app.authz import Action, Actor, Role, require
    from quiz_app.errors import PermissionDenied

    with pytest.raises(PermissionDenied) as raised:
        require(Actor(1, Role.STAFF, 1), Action.VIEW_COMPLETIONS)
    assert str(raised.value) == "the staff role may not view completions"
    german = raised.value.message_in("de")
    assert german == "die Rolle Beschäftigte darf Folgendes nicht: Schulungsabschlüsse sehen"
    assert "view completions" not in raised.value.message_in("fr")


def test_every_action_has_words_in_each_language():
    from quiz_app.authz import ACTION_PHRASES, Action

    assert set(ACTION_PHRASES) == set(Action)
    for language in ("de", "fr"):
        missing = [p for p in ACTION_PHRASES.values() if translator(language).gettext(p) == p]
        assert missing == [], language


def test_the_kind_of_an_assignment_target_is_named_in_the_readers_words():
    from quiz_app.training.assign import TARGET_WORDS

    error = InvalidInput(
        N_("name the {kind} to assign {module_id!r} to"),
        kind=Word(TARGET_WORDS["role"]),
        module_id="cyber-hygiene",
    )
    assert str(error) == "name the job role to assign 'cyber-hygiene' to"
    assert "Tätigkeit" in error.message_in("de") and "job role" not in error.message_in("de")
