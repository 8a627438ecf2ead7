"""Every domain error under quiz_app/ is raised with an ``N_``-marked template (so its message
reaches the catalogues and a German or French reader), and the German and French catalogues
keep each template's fields exactly (name, conversion and format), so a translated message
formats with the same parameters as the English one."""

from __future__ import annotations

import ast
import string
from collections.abc import Iterator

import pytest
from babel.messages.pofile import read_po
from support import ROOT

from quiz_app.i18n.catalogue import catalogue_path

SOURCES = sorted((ROOT / "quiz_app").rglob("*.py"))
# Files `make messages` leaves out (babel.cfg's [ignore: ...]): their messages stay English.
UNEXTRACTED = {
    ROOT / "quiz_app" / line.strip()[len("[ignore:") : -1].strip()
    for line in (ROOT / "quiz_app" / "locale" / "babel.cfg").read_text().splitlines()
    if line.startswith("[ignore:")
}
TREES = {path: ast.parse(path.read_text(encoding="utf-8")) for path in SOURCES}


def _error_classes() -> tuple[set[str], set[str]]:
    """The names of QuizAppError and its subclasses in quiz_app/, and of those whose
    constructor builds its own template (its first argument is not ``template``)."""
    bases: dict[str, set[str]] = {}
    own_template: set[str] = set()
    for tree in TREES.values():
        for node in ast.walk(tree):
            if not isinstance(node, ast.ClassDef):
                continue
            bases[node.name] = {
                b.id if isinstance(b, ast.Name) else ast.unparse(b) for b in node.bases
            }
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and item.name == "__init__":
                    params = [*item.args.posonlyargs, *item.args.args][1:]
                    if not params or params[0].arg != "template":
                        own_template.add(node.name)
    errors = {"QuizAppError"}
    while grown := {name for name, b in bases.items() if b & errors} - errors:
        errors |= grown
    return errors, own_template & errors


ERRORS, BUILDS_OWN_TEMPLATE = _error_classes()


def _marked_constants(tree: ast.Module) -> tuple[set[str], set[str]]:
    """Module-level names bound to an ``N_`` call, and dicts whose every value is one."""
    names, tables = set(), set()
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if not isinstance(target, ast.Name):
                continue
            if _is_mark(node.value):
                names.add(target.id)
            elif isinstance(node.value, ast.Dict) and all(map(_is_mark, node.value.values)):
                tables.add(target.id)
    return names, tables


def _is_mark(node: ast.expr | None) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "N_"
        and len(node.args) == 1
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    )


def _is_template(node: ast.expr, names: set[str], tables: set[str]) -> bool:
    """An ``N_`` call, a choice between two, or a module constant (or table) of them."""
    if _is_mark(node):
        return True
    if isinstance(node, ast.IfExp):
        return _is_template(node.body, names, tables) and _is_template(node.orelse, names, tables)
    if isinstance(node, ast.Name):
        return node.id in names
    if isinstance(node, ast.Subscript):
        return isinstance(node.value, ast.Name) and node.value.id in tables
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        table = node.func.value
        return (
            node.func.attr == "get"
            and isinstance(table, ast.Name)
            and table.id in tables
            and all(_is_template(a, names, tables) for a in node.args[1:])
        )
    return False


def _constructions() -> Iterator[tuple[str, ast.Call, set[str], set[str]]]:
    """Each call that builds a domain error with a template: ``InvalidInput(...)`` (not the
    classes that build their own) and ``super().__init__(...)`` in those that do."""
    for path, tree in TREES.items():
        names, tables = _marked_constants(tree)
        where = path.relative_to(ROOT)
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and node.name in BUILDS_OWN_TEMPLATE:
                for call in ast.walk(node):
                    if (
                        isinstance(call, ast.Call)
                        and isinstance(call.func, ast.Attribute)
                        and call.func.attr == "__init__"
                    ):
                        local = {
                            t.id
                            for a in ast.walk(node)
                            if isinstance(a, ast.Assign) and _is_template(a.value, names, tables)
                            for t in a.targets
                            if isinstance(t, ast.Name)
                        }
                        yield f"{where}:{call.lineno}", call, names | local, tables
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name in ERRORS - BUILDS_OWN_TEMPLATE:
                yield f"{where}:{node.lineno}", node, names, tables


def test_the_domain_errors_are_found():
    assert {"QuizAppError", "InvalidInput", "DraftConflict", "ImportFailed", "MailFailed"} <= ERRORS
    assert {"IncompleteQuiz", "ImportFailed"} <= BUILDS_OWN_TEMPLATE
    assert sum(1 for _ in _constructions()) > 150


def test_every_domain_error_is_raised_with_a_marked_template():
    offenders = [
        f"{where}: {ast.unparse(call)[:100]}"
        for where, call, names, tables in _constructions()
        if not call.args or not _is_template(call.args[0], names, tables)
    ]
    assert offenders == []


def _templates() -> set[str]:
    """The templates of the files ``make messages`` extracts from."""
    found = set()
    for where, call, _, _ in _constructions():
        if ROOT / where.split(":")[0] in UNEXTRACTED:
            continue
        for node in ast.walk(call.args[0]):
            if _is_mark(node):
                found.add(node.args[0].value)
    for path, tree in TREES.items():
        names, tables = _marked_constants(tree)
        for node in tree.body if path not in UNEXTRACTED else []:
            target = node.targets[0] if isinstance(node, ast.Assign) else None
            if isinstance(target, ast.Name) and target.id in names | tables:
                found |= {m.args[0].value for m in ast.walk(node.value) if _is_mark(m)}
    return found


def _fields(text: str) -> list[tuple[str, str | None, str | None]]:
    return sorted(
        (name, conversion, spec)
        for _, name, spec, conversion in string.Formatter().parse(text)
        if name is not None
    )


@pytest.mark.parametrize("language", ["de", "fr"])
def test_translated_templates_keep_every_field_of_the_english(language):
    with catalogue_path(language).open("rb") as po:
        catalogue = {m.id: m.string for m in read_po(po, locale=language) if m.id}
    templates = _templates()
    assert templates
    missing = sorted(t for t in templates if not catalogue.get(t))
    different = {
        t: catalogue[t]
        for t in templates
        if catalogue.get(t) and _fields(t) != _fields(catalogue[t])
    }
    assert (missing, different) == ([], {})


def test_the_templates_format_without_error():
    broken = []
    for template in _templates():
        try:
            list(string.Formatter().parse(template))
        except ValueError as exc:
            broken.append(f"{template!r}: {exc}")
    assert broken == []
