"""MkDocs hook: `mkdocs build` and `mkdocs serve` make the generated pages from data/.

Thin on purpose: loading and rendering live in load.py and render.py. The data is
loaded in ``on_config``, before MkDocs touches the output folder, so invalid data
stops the build with the located problems and leaves the previous site intact.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from generator.export import downloads
from generator.render import RenderOptions, abbreviation_glossary, navigation, render
from kb.load import DataError, load

_state: dict[str, object] = {}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    data_dir = Path(os.environ.get("NIS2_DATA_DIR", Path(config.config_file_path).parent / "data"))
    try:
        kb = load(data_dir)
    except DataError as exc:
        raise PluginError("invalid data, nothing was built:\n" + str(exc)) from None
    app_url = str(config.extra.get("app_url") or RenderOptions.app_url)
    _state["pages"] = render(kb, RenderOptions(app_url=app_url))
    # The abbr extension's glossary applies the tooltips to every page. Appending the
    # definitions to each page instead cost time in the square of their number per page
    # (bench/, section 2).
    config.mdx_configs.setdefault("abbr", {})["glossary"] = abbreviation_glossary(kb)
    _state["downloads"] = downloads(kb)
    config.nav = navigation(kb)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for path, content in _state["pages"].items():  # type: ignore[union-attr]
        files.append(File.generated(config, path, content=content))
    for name, content in _state["downloads"].items():  # type: ignore[union-attr]
        files.append(File.generated(config, f"downloads/{name}", content=content))
    return files
