"""One complete docs tree that MkDocs and Zensical both build as plain files.

Zensical reads ``mkdocs.yml`` but runs no MkDocs hooks, so nothing may be made in memory
during the build. :func:`docs_tree` is pure: given the validated knowledge base, the
hand-written files of ``content/`` and the project's ``mkdocs.yml``, it returns every file
of the staged tree::

    mkdocs.yml   the project's config without hooks, with an explicit ``nav`` and the
                 abbreviation glossary (tooltips on every page) in the abbr extension
    docs/        the hand-written pages and assets, every generated page, downloads/
    theme/       template overrides (the language switcher) when the site has translations

:func:`stage` reads those inputs from disk and writes the tree atomically: the English tree
at the top, and beside it one tree per translation (``de/mkdocs.yml``, ``de/docs/``) made
from the localised knowledge base (see :mod:`generator.site_i18n`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from kb.i18n import localise
from kb.load import DEFAULT_DATA_DIR
from kb.model import KnowledgeBase

from .export import downloads
from .render import RenderOptions, abbreviation_glossary, navigation, render
from .site_i18n import SiteLanguage, hand_written_for, site_languages, translate_nav
from .tags import tag_labels
from .write import write_tree

CONFIG = "mkdocs.yml"
DOCS = "docs"
THEME = "theme"
# The template overrides this package brings: the per-page language switcher.
OWN_THEME = Path(__file__).resolve().parent / "theme"
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


def options_from(
    config: Mapping[str, Any],
    texts: Mapping[str, str] | None = None,
    locale: str = "en",
    tags: Mapping[str, str] | None = None,
) -> RenderOptions:
    """The render settings a config holds (``extra.app_url``, ``repo_url``), with the site's
    ``texts``, the ``locale`` its numbers are written in and the words of its ``tags``
    (:func:`generator.tags.tag_labels`; None: the English of the data rendered)."""
    app_url = (config.get("extra") or {}).get("app_url")
    repo_url = str(config.get("repo_url") or "").rstrip("/")
    options = RenderOptions(app_url=str(app_url)) if app_url else RenderOptions()
    return RenderOptions(
        app_url=options.app_url,
        repo_url=repo_url,
        texts=dict(texts or {}),
        locale=locale,
        tags=None if tags is None else dict(tags),
    )


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


def language_config(
    config: Mapping[str, Any], language: SiteLanguage, languages: list[SiteLanguage]
) -> dict[str, Any]:
    """``config`` for the tree of ``language`` in a site of ``languages``.

    The theme speaks the language (``theme.language``: interface texts, ``<html lang>``,
    search stemming), the site's own texts and nav labels are translated, ``site_url`` gains
    the language's folder, and ``extra.languages`` lists each language with its root relative
    to this tree's root (``link``) and, where the site has an address, its absolute root
    (``url``). The staged ``theme/`` reads them: ``partials/alternate.html`` (the language
    menu) and ``main.html`` (the ``hreflang`` links in every page's head) lead to the same
    page in each language. ``extra.alternate`` is only ``true``: it switches the theme's menu
    on, while the theme's own ``hreflang`` links, which named each language's home, need a
    list and so are not written.
    """
    out = dict(config)
    site_url = str(config.get("site_url") or "")
    out["nav"] = translate_nav(list(config.get("nav") or []), language.nav)
    for key in ("site_name", "site_description", "copyright"):
        if isinstance(out.get(key), str):
            out[key] = language.text(out[key])
    if language.prefix and site_url:
        out["site_url"] = site_url.rstrip("/") + "/" + language.prefix
    out["theme"] = {**dict(out.get("theme") or {}), "language": language.code, "custom_dir": THEME}
    if language.prefix:
        out["plugins"] = [
            {"search": {**_options(p), "lang": [language.code]}} if _name(p) == "search" else p
            for p in out.get("plugins") or []
        ]
    out["extra"] = {
        **dict(out.get("extra") or {}),
        "alternate": True,
        "languages": [_entry(language, other, site_url) for other in languages],
    }
    return out


def _entry(here: SiteLanguage, other: SiteLanguage, site_url: str) -> dict[str, str]:
    """``other`` as the theme's templates name it on the pages of ``here``."""
    entry = {"name": other.name, "lang": other.code, "link": _root(here, other)}
    if site_url:
        entry["url"] = site_url.rstrip("/") + "/" + other.prefix
    return entry


def _root(here: SiteLanguage, other: SiteLanguage) -> str:
    """The root of ``other``'s site seen from the root of ``here``'s."""
    if other.code == here.code:
        return "./"
    return ("../" if here.prefix else "") + other.prefix


def _name(entry: Any) -> str:
    return entry if isinstance(entry, str) else next(iter(entry))


def _options(entry: Any) -> dict[str, Any]:
    return {} if isinstance(entry, str) else dict(next(iter(entry.values())) or {})


def docs_tree(
    kb: KnowledgeBase,
    base_config: Mapping[str, Any],
    hand_written: Mapping[str, str | bytes],
    site_dir: str = "site",
    language: SiteLanguage | None = None,
    languages: list[SiteLanguage] | None = None,
    theme: Mapping[str, str | bytes] | None = None,
    english: KnowledgeBase | None = None,
) -> dict[str, str | bytes]:
    """Every file of the staged tree of ``language``, keyed by its path under its folder.

    ``kb`` is the knowledge base in that language (``english`` the same in English, where
    its tags find the items they name); ``hand_written`` every file of
    ``content/`` (``index.de.md`` replaces ``index.md`` in the German tree only). With more
    than one of ``languages``, the tree carries the language switcher in ``theme/`` (over the
    project's own overrides, ``theme``).

    Raises:
        ValueError: when a hand-written file has the path of a generated one.
    """
    language = language or SiteLanguage("en", "English")
    texts = language.ui
    hand_written = hand_written_for(language.code, hand_written)
    tags = tag_labels(english or kb, kb, language.tags)
    generated = generated_files(kb, options_from(base_config, texts, language.code, tags))
    clash = sorted(set(hand_written) & set(generated))
    if clash:
        raise ValueError(f"hand-written files hide generated ones: {', '.join(clash)}")
    tree: dict[str, str | bytes] = {f"{DOCS}/{path}": c for path, c in hand_written.items()}
    tree.update({f"{DOCS}/{path}": content for path, content in generated.items()})
    config = site_config(base_config, kb, site_dir)
    if languages and len(languages) > 1:
        config = language_config(config, language, languages)
        own = {p: c for p, c in read_content(OWN_THEME).items() if not p.endswith(".pyc")}
        tree.update({f"{THEME}/{path}": c for path, c in {**(theme or {}), **own}.items()})
    tree[CONFIG] = yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=100)
    return tree


def site_trees(
    kb: KnowledgeBase,
    base_config: Mapping[str, Any],
    hand_written: Mapping[str, str | bytes],
    data_dir: Path,
    theme: Mapping[str, str | bytes] | None = None,
) -> dict[str, str | bytes]:
    """The trees of every language of the site: English at the top, ``de/`` and so on beside.

    Raises:
        ValueError: when a hand-written file has the path of a generated one.
        DataError: the translations or the site's texts in ``data_dir`` are invalid.
    """
    languages = site_languages(data_dir)
    tree: dict[str, str | bytes] = {}
    for language in languages:
        local = localise(kb, language.code, data_dir)
        files = docs_tree(
            local, base_config, hand_written, "site", language, languages, theme, english=kb
        )
        tree.update({f"{language.prefix}{path}": content for path, content in files.items()})
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
    data_dir: Path | None = None,
) -> int:
    """Write the docs trees of ``kb`` in every language to ``out``; the number of files written.

    A builder run on ``out/mkdocs.yml`` writes the English site to ``out/site``, on
    ``out/de/mkdocs.yml`` the German one to ``out/de/site`` (Zensical takes the site folder
    from the config only, and only inside the tree).

    Raises:
        OSError: ``out`` cannot be written; it is then unchanged.
        ValueError: a hand-written file has the path of a generated one.
        DataError: the translations in ``data_dir`` are invalid.
    """
    base = read_config(config_path, environ)
    root = Path(config_path).parent
    content = root / str(base.get("docs_dir", "docs"))
    custom = (base.get("theme") or {}).get("custom_dir")
    theme = read_content(root / str(custom)) if custom else None
    data = Path(data_dir) if data_dir is not None else DEFAULT_DATA_DIR
    return write_tree(site_trees(kb, base, read_content(content), data, theme), out)
