"""One complete docs tree that MkDocs and Zensical both build as plain files.

Zensical reads ``mkdocs.yml`` but runs no MkDocs hooks, so nothing may be made in memory
during the build. :func:`docs_tree` is pure: given the validated knowledge base, the
hand-written files of ``content/`` and the project's ``mkdocs.yml``, it returns every file
of the staged tree::

    mkdocs.yml   the project's config without hooks, with an explicit ``nav`` and the
                 abbreviation glossary (tooltips on every page) in the abbr extension
    docs/        the hand-written pages and assets, every generated page, downloads/

:func:`stage` reads those inputs from disk and writes the tree atomically.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from kb.model import KnowledgeBase

from .export import downloads
from .render import RenderOptions, abbreviation_glossary, navigation, render
from .write import write_tree

CONFIG = "mkdocs.yml"
DOCS = "docs"
# Settings that only MkDocs' in-memory build uses: the staged tree needs neither.
HOOK_ONLY = ("hooks", "watch")


class _EnvLoader(yaml.SafeLoader):
    """YAML with MkDocs' ``!ENV`` tag, resolved from an environment given at load time."""

    environ: Mapping[str, str] = {}


def _env_tag(loader: _EnvLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.SequenceNode):
        values = [str(v) for v in loader.construct_sequence(node)]
        names, default = values[:-1] or values, (values[-1] if len(values) > 1 else None)
    else:
        names, default = [str(loader.construct_scalar(node))], None  # type: ignore[arg-type]
    for name in names:
        if name in loader.environ:
            return loader.environ[name]
    return default


_EnvLoader.add_constructor("!ENV", _env_tag)


def read_config(path: Path, environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The project's ``mkdocs.yml`` with each ``!ENV`` value taken from ``environ``."""
    loader = _EnvLoader(Path(path).read_text(encoding="utf-8"))
    loader.environ = os.environ if environ is None else environ
    try:
        return dict(loader.get_single_data() or {})
    finally:
        loader.dispose()


def generated_files(kb: KnowledgeBase, options: RenderOptions) -> dict[str, str | bytes]:
    """Every page and download made from data/, keyed by its path under the docs folder."""
    files: dict[str, str | bytes] = dict(render(kb, options))
    files.update({f"downloads/{name}": content for name, content in downloads(kb).items()})
    return files


def options_from(config: Mapping[str, Any]) -> RenderOptions:
    """The render settings a config holds (``extra.app_url``, ``repo_url``)."""
    app_url = (config.get("extra") or {}).get("app_url")
    repo_url = str(config.get("repo_url") or "").rstrip("/")
    if app_url:
        return RenderOptions(app_url=str(app_url), repo_url=repo_url)
    return RenderOptions(repo_url=repo_url)


def with_glossary(extensions: list[Any], glossary: Mapping[str, str]) -> list[Any]:
    """``markdown_extensions`` with ``abbr`` configured to apply ``glossary`` to every page.

    One glossary handed to the extension costs each page one pass; appending the
    definitions to every page cost time in the square of their number (bench/, section 2).
    """
    out: list[Any] = []
    for entry in extensions:
        name = entry if isinstance(entry, str) else next(iter(entry))
        if name != "abbr":
            out.append(entry)
    out.insert(0, {"abbr": {"glossary": dict(glossary)}})
    return out


def site_config(
    base: Mapping[str, Any], kb: KnowledgeBase, site_dir: str = "site"
) -> dict[str, Any]:
    """The config of the staged tree: ``base`` with an explicit nav and no hooks."""
    config = {key: value for key, value in base.items() if key not in HOOK_ONLY}
    config["docs_dir"] = DOCS
    config["site_dir"] = site_dir
    config["nav"] = navigation(kb)
    config["markdown_extensions"] = with_glossary(
        list(base.get("markdown_extensions") or []), abbreviation_glossary(kb)
    )
    return config


def docs_tree(
    kb: KnowledgeBase,
    base_config: Mapping[str, Any],
    hand_written: Mapping[str, str | bytes],
    site_dir: str = "site",
) -> dict[str, str | bytes]:
    """Every file of the staged tree, keyed by its path under the staging folder.

    Raises:
        ValueError: when a hand-written file has the path of a generated one.
    """
    generated = generated_files(kb, options_from(base_config))
    clash = sorted(set(hand_written) & set(generated))
    if clash:
        raise ValueError(f"hand-written files hide generated ones: {', '.join(clash)}")
    tree: dict[str, str | bytes] = {f"{DOCS}/{path}": c for path, c in hand_written.items()}
    tree.update({f"{DOCS}/{path}": content for path, content in generated.items()})
    config = site_config(base_config, kb, site_dir)
    tree[CONFIG] = yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=100)
    return tree


def read_content(content_dir: Path) -> dict[str, bytes]:
    """Every file under the hand-written docs folder, keyed by its relative path."""
    root = Path(content_dir)
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def stage(
    kb: KnowledgeBase,
    out: Path,
    config_path: Path = Path(CONFIG),
    environ: Mapping[str, str] | None = None,
) -> int:
    """Write the whole docs tree of ``kb`` to ``out``; the number of files written.

    A builder run on ``out/mkdocs.yml`` writes the site to ``out/site`` (Zensical takes the
    site folder from the config only, and only inside the tree).

    Raises:
        OSError: ``out`` cannot be written; it is then unchanged.
    """
    base = read_config(config_path, environ)
    content = Path(config_path).parent / str(base.get("docs_dir", "docs"))
    return write_tree(docs_tree(kb, base, read_content(content)), out)
