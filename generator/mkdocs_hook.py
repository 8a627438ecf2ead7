"""MkDocs hook for `mkdocs serve` on the project's own mkdocs.yml: pages from data/ in memory.

Builds of the site (``make site``, ``make site-zensical``) do not use it: they build the
staged tree of generator/stage.py, which needs no hook. ``mkdocs serve`` keeps this thin
hook so that saving a file in data/ (watched in mkdocs.yml) re-renders at once; it makes
exactly the files, navigation and glossary that the staged tree holds (stage.py's own
functions). The data is loaded in ``on_config``, before MkDocs touches the output folder,
so invalid data stops with the located problems.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from generator.render import abbreviation_glossary, navigation
from generator.site_i18n import hand_written_for
from generator.stage import generated_files, options_from
from kb.load import DataError, load

_state: dict[str, object] = {}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    data_dir = Path(os.environ.get("NIS2_DATA_DIR", Path(config.config_file_path).parent / "data"))
    try:
        kb = load(data_dir)
    except DataError as exc:
        raise PluginError("invalid data, nothing was built:\n" + str(exc)) from None
    _state["files"] = generated_files(kb, options_from({"extra": dict(config.extra)}))
    config.mdx_configs.setdefault("abbr", {})["glossary"] = abbreviation_glossary(kb)
    config.nav = navigation(kb)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    # content/index.de.md and the like belong to the German tree of a build: serve is English.
    english = hand_written_for("en", {f.src_uri: b"" for f in files})
    for file in [f for f in files if f.src_uri not in english]:
        files.remove(file)
    for path, content in _state["files"].items():  # type: ignore[union-attr]
        files.append(File.generated(config, path, content=content))
    return files
