"""YAML files in data/ -> one validated :class:`KnowledgeBase`.

Every problem is collected before anything stops, and each is reported on one
line as ``data/file.yaml:LINE: path.to.item: message`` so a maintainer can fix
them all in one pass. :func:`load` raises :class:`DataError`; only the CLI turns
that into text on stderr and an exit code.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import get_close_matches
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from kb.model import FILES, KnowledgeBase

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"
OPTIONAL_FILES = {"questions.yaml", "training.yaml"}
# The real files are about 100 kB each; the benchmark's data at 100 times the real size
# reaches 9.2 MB. A larger file is refused before it is read.
MAX_DATA_FILE_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class Problem:
    """One located defect in the data."""

    file: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class DataError(Exception):
    """The data could not be loaded; ``problems`` holds every defect found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class _Parsed:
    display: str
    value: dict[str, Any]
    node: yaml.Node


def load(data_dir: Path | str | None = None) -> KnowledgeBase:
    """Read, validate and cross-check every file in ``data_dir``.

    Raises:
        DataError: with every problem found, each located by file, line and path.
    """
    base = Path(data_dir) if data_dir is not None else DEFAULT_DATA_DIR
    problems: list[Problem] = []
    parsed: dict[str, _Parsed] = {}
    for file in sorted(set(FILES.values())):
        result = _parse(base, file, problems)
        if result is not None:
            parsed[file] = result

    fields: dict[str, Any] = {}
    origin: dict[str, _Parsed] = {}
    for file, doc in parsed.items():
        wanted = [f for f, name in FILES.items() if name == file]
        for key, value in doc.value.items():
            if key not in wanted:
                problems.append(
                    Problem(
                        doc.display, _key_line(doc.node, key), str(key), _unknown_key(key, wanted)
                    )
                )
                continue
            fields[key] = value
            origin[key] = doc

    try:
        kb = KnowledgeBase.model_validate(fields)
    except ValidationError as exc:
        reported = {p.file for p in problems}
        for problem in _from_validation(exc, origin, base):
            if not (problem.message.startswith("missing section") and problem.file in reported):
                problems.append(problem)
        raise DataError(problems) from None
    if problems:
        raise DataError(problems)

    for ref in kb.check_references():
        doc = origin.get(str(ref.path[0]))
        display = doc.display if doc else ref.file
        line = _line_of(doc.node, ref.path) if doc else None
        problems.append(Problem(display, line, _dotted(ref.path), ref.message))
    if problems:
        raise DataError(problems)
    return kb


def _parse(base: Path, file: str, problems: list[Problem]) -> _Parsed | None:
    path = base / file
    display = _display(path)
    if not path.exists():
        if file not in OPTIONAL_FILES:
            problems.append(Problem(display, None, "", "file not found"))
        return None
    size = path.stat().st_size
    if size > MAX_DATA_FILE_BYTES:
        message = (
            f"file is {size} bytes, over the limit of {MAX_DATA_FILE_BYTES} bytes for a data file"
        )
        problems.append(Problem(display, None, "", message))
        return None
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.append(_not_utf8(display, raw, exc.start))
        return None
    refused = _anchor_or_alias(text, display)
    if refused is not None:
        problems.append(refused)
        return None
    try:
        node, value = _compose_and_construct(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = exc.problem or exc.context or "invalid YAML"
        problems.append(Problem(display, line, "", f"YAML syntax error: {what}"))
        return None
    if node is None or value is None:
        problems.append(Problem(display, None, "", "file is empty"))
        return None
    if not isinstance(value, dict):
        problems.append(
            Problem(
                display, node.start_mark.line + 1, "", "expected a mapping of sections at the top"
            )
        )
        return None
    return _Parsed(display, value, node)


def _without_timestamps(base: type) -> type:
    """``base`` reading dates as plain strings, which the schema then checks.

    PyYAML turns ``2026-12-01`` into a date itself and raises a bare ValueError, with no
    line, on ``2026-13-01``; as a string it reaches the model and becomes a located error.
    """
    resolvers = {
        first: [(tag, regexp) for tag, regexp in entries if tag != "tag:yaml.org,2002:timestamp"]
        for first, entries in base.yaml_implicit_resolvers.items()
    }
    return type(f"{base.__name__}NoTimestamps", (base,), {"yaml_implicit_resolvers": resolvers})


def _not_utf8(display: str, raw: bytes, start: int) -> Problem:
    """The line and column of the first byte that is not UTF-8."""
    line_start = raw.rfind(b"\n", 0, start) + 1
    column = start - line_start + 1
    message = f"not UTF-8 text (byte 0x{raw[start]:02x} at column {column}); save it as UTF-8"
    return Problem(display, raw.count(b"\n", 0, start) + 1, "", message)


def _anchor_or_alias(text: str, display: str) -> Problem | None:
    """The first alias (else the first anchor) in ``text``, refused.

    The data needs neither, and aliases let a few lines expand into billions of values
    ("billion laughs"). Only the events are read, so nothing is expanded; a text without
    ``&`` has no anchor, so an alias in it is a syntax error reported by the parser.
    """
    if "&" not in text:
        return None
    anchor: yaml.Event | None = None
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            if isinstance(event, yaml.AliasEvent):
                return _refused(display, event, f"YAML alias '*{event.anchor}'")
            if anchor is None and getattr(event, "anchor", None):
                anchor = event
    except yaml.MarkedYAMLError:
        return None  # reported, with its line, when the file is parsed
    if anchor is None:
        return None
    return _refused(display, anchor, f"YAML anchor '&{anchor.anchor}'")


def _refused(display: str, event: yaml.Event, what: str) -> Problem:
    message = f"{what}: anchors and aliases are not allowed in data files; write the value out"
    return Problem(display, event.start_mark.line + 1, "", message)


# libyaml's parser where PyYAML has it (the wheels do): the pure-Python scanner was most of
# the load time (bench/, section 1).
_LOADER = _without_timestamps(getattr(yaml, "CSafeLoader", yaml.SafeLoader))
_PURE_LOADER = _without_timestamps(yaml.SafeLoader)


def _compose_and_construct(text: str, loader_class: type = _LOADER) -> tuple[Any, Any]:
    """Parse ``text`` once: its node tree (for line numbers) and the value built from it.

    A syntax error is reported as PyYAML's own parser words it (libyaml's wording differs),
    so the messages do not depend on how PyYAML was built.
    """
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        value = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError:
        if loader_class is _PURE_LOADER:
            raise
        return _compose_and_construct(text, _PURE_LOADER)
    finally:
        loader.dispose()
    return node, value


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _unknown_key(key: object, wanted: list[str]) -> str:
    match = get_close_matches(str(key), wanted, n=1)
    hint = f" (did you mean '{match[0]}'?)" if match else ""
    return f"unknown section '{key}'{hint}; expected one of: {', '.join(wanted)}"


def _from_validation(exc: ValidationError, origin: dict[str, _Parsed], base: Path) -> list[Problem]:
    errors = exc.errors(include_url=False)
    typos = _typos(errors)
    problems = []
    for err in errors:
        loc = tuple(err["loc"])
        top = str(loc[0]) if loc else ""
        doc = origin.get(top)
        if doc is None:  # a whole required section is missing
            display = _display(base / FILES.get(top, "?"))
            problems.append(Problem(display, None, top, f"missing section '{top}'"))
            continue
        kind = err["type"]
        if kind == "missing":
            if loc in typos:
                continue  # reported once, as the misspelt key
            line = _line_of(doc.node, loc[:-1])
            message = f"missing field '{loc[-1]}'"
            path = _dotted(loc[:-1])
        elif kind == "extra_forbidden":
            line = _key_line(_node_at(doc.node, loc[:-1]), loc[-1])
            message = f"unknown key '{loc[-1]}'{_allowed_hint(loc)}"
            path = _dotted(loc[:-1])
        else:
            line = _line_of(doc.node, loc)
            message = _message(err)
            path = _dotted(loc)
        problems.append(Problem(doc.display, line, path, message))
    return problems


def _typos(errors: list[Any]) -> set[tuple[Any, ...]]:
    """Locations of 'missing' fields explained by a misspelt key beside them."""
    missing = {tuple(e["loc"]) for e in errors if e["type"] == "missing"}
    explained = set()
    for e in errors:
        if e["type"] != "extra_forbidden":
            continue
        loc = tuple(e["loc"])
        siblings = [m[-1] for m in missing if m[:-1] == loc[:-1]]
        match = get_close_matches(str(loc[-1]), [str(s) for s in siblings], n=1)
        if match:
            explained.add((*loc[:-1], match[0]))
    return explained


def _allowed_hint(loc: tuple[Any, ...]) -> str:
    """'did you mean' for a misspelt key, from the keys the model knows."""
    model = _model_at(KnowledgeBase, loc[:-1])
    if model is None:
        return ""
    match = get_close_matches(str(loc[-1]), list(model.model_fields), n=1)
    return f" (did you mean '{match[0]}'?)" if match else ""


def _model_at(model: Any, loc: tuple[Any, ...]) -> Any:
    import typing

    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if fields is None or part not in fields:
            return None
        annotation = fields[part].annotation
        while typing.get_origin(annotation) in (list, typing.Union, typing.Annotated):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0]
        current = annotation
    return current if hasattr(current, "model_fields") else None


def _message(err: dict[str, Any]) -> str:
    msg = err["msg"]
    given = err.get("input")
    if err["type"].endswith("_type") or err["type"].endswith("_parsing"):
        return f"{msg[0].lower()}{msg[1:]}, got {given!r}"
    if msg.startswith("Value error, "):
        return msg.removeprefix("Value error, ")
    return f"{msg[0].lower()}{msg[1:]}"


def _dotted(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _node_at(node: yaml.Node | None, loc: tuple[Any, ...]) -> yaml.Node | None:
    for part in loc:
        if node is None:
            return None
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == str(part)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            node = node.value[part] if part < len(node.value) else None
        else:
            return node
    return node


def _line_of(root: yaml.Node, loc: tuple[Any, ...]) -> int:
    """Line of the deepest node on ``loc`` that exists (1-based)."""
    node: yaml.Node | None = root
    best = root
    for part in loc:
        node = _node_at(node, (part,))
        if node is None:
            break
        best = node
    return best.start_mark.line + 1


def _key_line(node: yaml.Node | None, key: object) -> int | None:
    if isinstance(node, yaml.MappingNode):
        for k, _ in node.value:
            if k.value == str(key):
                return k.start_mark.line + 1
    return node.start_mark.line + 1 if node is not None else None
