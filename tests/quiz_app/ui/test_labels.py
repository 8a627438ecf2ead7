"""Stored values a reader sees (roles, audit actions, round states) have words in every language."""

from __future__ import annotations

import ast

import pytest
from support import ROOT

from quiz_app import audit
from quiz_app.authz import Role
from quiz_app.governance import rounds
from quiz_app.i18n import translator
from quiz_app.ui import labels


def _recorded_actions() -> set[str]:
    """Every action the code writes to the audit log: the constants of :mod:`quiz_app.audit`
    and the literal or named action of every ``record()`` call (or ``record_many()`` row)."""
    constants: dict[str, str] = {}
    calls: list[ast.expr] = []
    for path in (ROOT / "quiz_app").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if (
                isinstance(node, ast.Assign)
                and isinstance(node.value, ast.Constant)
                and isinstance(node.value.value, str)
            ):
                constants.update(
                    {t.id: node.value.value for t in node.targets if isinstance(t, ast.Name)}
                )
        for node in ast.walk(tree):
            name = isinstance(node, ast.Call) and getattr(node.func, "attr", None)
            if name == "record" and len(node.args) >= 3:
                calls.append(node.args[2])
            elif name == "record_many" and len(node.args) >= 3:
                calls += [t.elts[0] for t in ast.walk(node.args[2]) if isinstance(t, ast.Tuple)]
    found = {v for k, v in vars(audit).items() if k.isupper() and isinstance(v, str)}
    for arg in calls:
        if isinstance(arg, ast.Constant):
            found.add(arg.value)
        elif isinstance(arg, ast.Attribute | ast.Name):
            name = arg.attr if isinstance(arg, ast.Attribute) else arg.id
            if name in constants:
                found.add(constants[name])
    return found


def test_every_audited_action_has_a_readable_label():
    assert {"round_open", "training_assign", "reminder_sent"} <= _recorded_actions()
    assert sorted(_recorded_actions() - set(labels.ACTION_LABELS)) == []


@pytest.mark.parametrize(
    ("language", "action", "role", "state"),
    [
        ("en", "Role changed", "trainer", "closed"),
        ("de", "Rolle geändert", "Schulungsverantwortliche", "abgeschlossen"),
        ("fr", "Rôle modifié", "formateur", "clôturée"),
    ],
)
def test_labels_are_words_in_the_readers_language(language, action, role, state):
    tr = translator(language).gettext
    assert tr(labels.ACTION_LABELS[audit.ROLE_CHANGE]) == action
    assert tr(labels.ROLE_NAMES[Role.TRAINER]) == role
    assert tr(labels.ROUND_STATES[rounds.CLOSED]) == state


def test_an_unknown_value_is_shown_as_stored():
    assert labels.action_label("something_new") == "something_new"
    assert labels.round_state_label("paused") == "paused"
    assert labels.role_label("admin") == "admin"
