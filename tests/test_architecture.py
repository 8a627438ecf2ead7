"""The layers of docs/architecture.md, checked on the source: imports point down the picture."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import ROOT

PACKAGES = ("kb", "generator", "quiz_app")
MAX_MODULE_LINES = 500


def _modules(package: str) -> Iterator[tuple[str, Path]]:
    for path in sorted((ROOT / package).rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        yield ".".join(parts), path


def _imports(path: Path, module: str) -> set[str]:
    """Every module of ours that ``path`` imports, at any depth of the file."""
    found: set[str] = set()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.add(target)
            found |= {f"{target}.{alias.name}" for alias in node.names}
    return {name for name in found if name.split(".")[0] in PACKAGES}


ALL = {name: path for package in PACKAGES for name, path in _modules(package)}
IMPORTS = {name: _imports(path, name) for name, path in ALL.items()}


def _offenders(where: str, forbidden: tuple[str, ...]) -> list[str]:
    return sorted(
        f"{name} imports {target}"
        for name, targets in IMPORTS.items()
        if name == where or name.startswith(where + ".")
        for target in targets
        if any(target == f or target.startswith(f + ".") for f in forbidden)
    )


@pytest.mark.parametrize(
    ("where", "forbidden"),
    [
        ("kb", ("generator", "quiz_app")),
        ("generator", ("quiz_app",)),
        ("quiz_app", ("generator",)),
        ("quiz_app.core", ("quiz_app.store", "quiz_app.ui", "quiz_app.cli", "streamlit")),
        ("quiz_app.app_pages", ("quiz_app.store", "sqlalchemy")),
        ("quiz_app.cli", ("quiz_app.store", "quiz_app.ui", "quiz_app.app_pages")),
        ("quiz_app.store", ("quiz_app.ui", "quiz_app.cli", "quiz_app.app_pages")),
    ],
)
def test_imports_point_down_the_layers(where: str, forbidden: tuple[str, ...]) -> None:
    # third-party names (streamlit, sqlalchemy) are looked up in the raw imports too
    raw = {
        name: {
            n.name if isinstance(n, ast.alias) else n
            for node in ast.walk(ast.parse(ALL[name].read_text(encoding="utf-8")))
            if isinstance(node, ast.Import | ast.ImportFrom)
            for n in (node.names if isinstance(node, ast.Import) else [node.module or ""])
        }
        for name in ALL
        if name == where or name.startswith(where + ".")
    }
    third_party = [f for f in forbidden if f.split(".")[0] not in PACKAGES]
    offenders = _offenders(where, tuple(f for f in forbidden if f not in third_party))
    offenders += sorted(
        f"{name} imports {target}"
        for name, targets in raw.items()
        for target in targets
        if any(target == f or target.startswith(f + ".") for f in third_party)
    )
    assert offenders == []


def test_no_module_is_over_500_lines() -> None:
    long = {
        name: n
        for name, path in ALL.items()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def test_no_import_cycle_at_module_level() -> None:
    """A cycle of module-level imports makes the import order matter; there is none."""
    top_level: dict[str, set[str]] = {}
    for name, path in ALL.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        direct = ast.Module(
            body=[n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)],
            type_ignores=[],
        )
        targets = set()
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in direct.body:
            if isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")
                    parts = parts[: len(parts) - node.level + 1]
                    base = ".".join([*parts, node.module] if node.module else parts)
                for alias in node.names:
                    full = f"{base}.{alias.name}"
                    targets.add(full if full in ALL else base)
            else:
                targets |= {alias.name for alias in node.names}
        top_level[name] = {t for t in targets if t in ALL and t != name}

    cycles: list[list[str]] = []
    state: dict[str, int] = {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(top_level[node]):
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*stack, nxt])
        state[node] = 2

    for name in sorted(top_level):
        if name not in state:
            visit(name, [name])
    # a package importing its own submodules to re-export them is not a cycle to worry about
    real = [c for c in cycles if not all(c[0].startswith(p) or p.startswith(c[0]) for p in c)]
    assert real == []
