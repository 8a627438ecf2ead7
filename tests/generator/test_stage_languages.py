"""The staged trees per language: same pages and paths, texts, search, tooltips and downloads."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from support import DATA, MINIMAL, ROOT

from generator.render import ID_LABELS, MILLIONS, navigation
from generator.site_i18n import (
    hand_written_for,
    nav_labels,
    site_languages,
    untranslated_pages,
)
from generator.stage import read_config, read_content, site_trees
from kb.load import DataError, load

LANGUAGES = ("de", "fr")
TEMPLATES = ROOT / "generator" / "templates"
# A phrase a template takes through t("...") or tm("...") (Markdown, may span lines).
_PHRASE = re.compile(r"""\btm?\(\s*(?P<q>["'])(?P<text>.*?)(?P=q)\s*[,)%]""", re.S)
# English a German page must not show: headings, table headers, tab labels, fixed phrases.
ENGLISH_PHRASES = (
    "What good looks like",
    "In practice",
    "Who does what",
    '=== "AWS secures"',
    '=== "You must"',
    '=== "Shared"',
    "How the split moves",
    "Service model",
    "What changes for this measure",
    "AWS services that help",
    "| Service |",
    "How it helps",
    "[Source](",
    "Evidence from AWS certifications",
    "Questions that assess it",
    " track)",
    "Assess this measure in the app",
    "2022/2555 · part of",
    "Last reviewed",
    "## Sources",
    "Edit the data behind this page",
    "A mark means",
    "By category:",
    "One measure at a time",
    "open one measure",
    "No service is mapped",
    "security **of** the cloud",
    "The measure's page",
    "**AWS secures**",
    "**You must**",
    "Who does what, per measure",
    "| Measure |",
    "How it shifts with the service model",
    "| Infrastructure |",
    "| Abstracted |",
    "# NIS 2 × AWS knowledge base",
    "How to use this site",
    "**Category:**",
    "**Official page:**",
    "Measures it helps with",
    "See the [responsibility matrix]",
    "of Directive (EU) 2022/2555*",
    "| Point |",
    "| Article | Title |",
    "pages of their own",
    "The *service model* decides",
    "## What makes an incident significant",
    "| Report | Due |",
    "Evidence on AWS:",
    "Informing the recipients",
    "| Certification |",
    "Source: <",
    "| Term | Meaning |",
    "| File | Format |",
    "Load it into a GRC tool",
    "Command line:",
    "questions*",
    "assessment](",
    "explained here",
    "pass mark",
    "Reading:",
    'Open "My training"',
    "## Decision guide",
    "## The size cap",
    "| Size | Employees |",
    "## Fine ceilings",
    "### Annex I: sectors",
    '"Not legal advice"',
    "title: Measures × services",
    "title: Responsibility matrix",
    "title: NIS 2 articles",
    "description: Which AWS service",
    "description: For each NIS 2 measure",
)


@pytest.fixture(scope="module")
def trees() -> dict[str, str | bytes]:
    # With a repository, as deployed: every generated page carries its edit link.
    base = read_config(ROOT / "mkdocs.yml", {"NIS2_REPO_URL": "https://github.com/o/nis2"})
    return site_trees(load(DATA), base, read_content(ROOT / "content"), DATA)


def config_of(trees: dict[str, str | bytes], code: str) -> dict[str, Any]:
    prefix = "" if code == "en" else f"{code}/"
    return yaml.safe_load(trees[f"{prefix}mkdocs.yml"])


def docs_of(trees: dict[str, str | bytes], code: str) -> dict[str, str | bytes]:
    prefix = f"{code}/docs/" if code != "en" else "docs/"
    return {p.removeprefix(prefix): c for p, c in trees.items() if p.startswith(prefix)}


def text(content: str | bytes) -> str:
    return content.decode("utf-8") if isinstance(content, bytes) else content


def test_every_language_has_the_same_pages_and_files_at_the_same_paths(trees) -> None:
    english = set(docs_of(trees, "en"))
    assert "measures/21-2-b.md" in english and "downloads/nis2-aws.json" in english
    for code in LANGUAGES:
        assert set(docs_of(trees, code)) == english, code
    assert not [p for p in english if p.endswith((".de.md", ".fr.md"))]


def test_pages_are_in_their_language(trees) -> None:
    de, fr = docs_of(trees, "de"), docs_of(trees, "fr")
    assert "# (h) Konzepte und Verfahren für den Einsatz von Kryptografie" in text(
        de["measures/21-2-h.md"]
    )
    assert "chiffrement" in text(fr["measures/21-2-h.md"])
    assert "*Zuletzt geprüft: " in text(de["measures/21-2-h.md"])
    assert "## Quellen" in text(de["measures/21-2-h.md"])
    assert "# NIS 2 × AWS – Wissensbasis" in text(de["index.md"])
    assert "# NIS 2 × AWS : base de connaissances" in text(fr["index.md"])
    english = docs_of(trees, "en")
    assert text(english["index.md"]) == (ROOT / "content/index.md").read_text(encoding="utf-8")
    assert "Die gesamte geprüfte Wissensbasis." in text(de["downloads.md"])


def test_each_config_speaks_its_language_and_links_the_others(trees) -> None:
    english = config_of(trees, "en")
    assert english["theme"]["language"] == "en"
    assert english["site_url"] == "http://127.0.0.1:8000/"
    roots = {"en": "./", "de": "de/", "fr": "fr/"}
    assert {a["lang"]: a["link"] for a in english["extra"]["languages"]} == roots
    # The theme's menu is on; its own hreflang links (each language's home) are not written.
    assert english["extra"]["alternate"] is True
    sites = {"en": "", "de": "de/", "fr": "fr/"}
    assert {a["lang"]: a["url"] for a in english["extra"]["languages"]} == {
        code: f"http://127.0.0.1:8000/{folder}" for code, folder in sites.items()
    }
    german = config_of(trees, "de")
    assert german["theme"]["language"] == "de"
    assert german["theme"]["custom_dir"] == "theme"
    assert german["site_url"] == "http://127.0.0.1:8000/de/"
    assert german["site_name"] == "NIS 2 × AWS – Wissensbasis"
    assert {"search": {"lang": ["de"]}} in german["plugins"]
    assert {a["lang"]: a["link"] for a in german["extra"]["languages"]} == {
        "en": "../",
        "de": "./",
        "fr": "../fr/",
    }
    assert [a["url"] for a in german["extra"]["languages"]] == [
        a["url"] for a in english["extra"]["languages"]
    ]
    assert "theme/main.html" in trees and "fr/theme/main.html" in trees
    assert "theme/partials/alternate.html" in trees and "de/theme/partials/alternate.html" in trees


def test_without_a_site_url_the_languages_are_linked_relatively() -> None:
    base = read_config(ROOT / "mkdocs.yml", {"NIS2_SITE_URL": ""})
    trees = site_trees(load(DATA), base, read_content(ROOT / "content"), DATA)
    for code in ("en", *LANGUAGES):
        languages = config_of(trees, code)["extra"]["languages"]
        assert [a.get("url") for a in languages] == [None, None, None], code


def test_navigation_labels_are_translated_and_lead_to_the_same_files(trees) -> None:
    def files(nav: list[Any]) -> list[str]:
        found: list[str] = []
        for entry in nav:
            value = next(iter(entry.values())) if isinstance(entry, dict) else entry
            found.extend(files(value) if isinstance(value, list) else [value])
        return found

    english = config_of(trees, "en")["nav"]
    for code in LANGUAGES:
        nav = config_of(trees, code)["nav"]
        assert files(nav) == files(english), code
    labels = nav_labels(config_of(trees, "de")["nav"])
    assert {"Startseite", "Maßnahmen", "Verantwortungsmatrix", "Glossar"} <= labels
    # measures are listed by their short title (the page keeps the full legal one)
    assert any(label.startswith("(h) Kryptografie") for label in labels), sorted(labels)
    assert {"Accueil", "Mesures", "Glossaire"} <= nav_labels(config_of(trees, "fr")["nav"])


def test_every_label_the_site_writes_itself_has_a_translation() -> None:
    """Labels made from data are translated with the data; the others need site.yaml."""

    def own_labels(nav: list[Any]) -> set[str]:
        found: set[str] = set()
        for entry in nav:
            if not isinstance(entry, dict):
                continue
            (label, value), *_ = entry.items()
            if isinstance(value, list):
                found |= {label} | own_labels(value)
            elif not value.startswith(("articles/", "measures/", "services/")):
                found.add(label)
        return found

    kb = load(DATA)
    wanted = own_labels(navigation(kb)) - {c.title for c in kb.categories}
    for language in site_languages(DATA)[1:]:
        assert sorted(wanted - set(language.nav)) == [], language.code


def test_every_hand_written_page_has_a_german_and_a_french_version() -> None:
    content = read_content(ROOT / "content")
    for code in LANGUAGES:
        assert untranslated_pages(content, code) == [], code


def test_tooltips_and_downloads_come_in_each_language(trees) -> None:
    def glossary(code: str) -> dict[str, str]:
        extensions = config_of(trees, code)["markdown_extensions"]
        return next(
            e["abbr"]["glossary"] for e in extensions if isinstance(e, dict) and "abbr" in e
        )

    english, german, french = glossary("en"), glossary("de"), glossary("fr")
    assert len(german) == len(english) == len(french)
    assert "IKT" in german and "ICT" in english
    assert german["MFA"] != english["MFA"] and "Authentifizierung" in german["MFA"]
    assert "authentification" in french["MFA"].lower()
    data = json.loads(text(docs_of(trees, "de")["downloads/nis2-aws.json"]))
    title = next(m["title"] for m in data["measures"] if m["id"] == "21-2-h")
    assert title.startswith("Konzepte und Verfahren für den Einsatz von Kryptografie")


def test_a_translated_page_replaces_its_english_one_in_its_own_tree_only() -> None:
    files = {"index.md": b"en", "index.de.md": b"de", "about.md": b"a", "x.css": b"c"}
    assert hand_written_for("de", files) == {"index.md": b"de", "about.md": b"a", "x.css": b"c"}
    assert hand_written_for("en", files) == {"index.md": b"en", "about.md": b"a", "x.css": b"c"}
    assert hand_written_for("fr", files)["index.md"] == b"en"
    assert untranslated_pages(files, "de") == ["about.md"]


def test_data_without_translations_stages_english_alone(tmp_path: Path) -> None:
    base = read_config(ROOT / "mkdocs.yml", {})
    trees = site_trees(load(MINIMAL), base, {}, MINIMAL)
    assert "mkdocs.yml" in trees and not [p for p in trees if p.startswith(("de/", "fr/"))]
    extra = yaml.safe_load(trees["mkdocs.yml"]).get("extra") or {}
    assert "alternate" not in extra and "languages" not in extra


def test_an_unknown_key_in_the_site_texts_is_a_located_problem(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "i18n" / "de").mkdir(parents=True)
    (data / "i18n" / "languages.yaml").write_bytes((DATA / "i18n/languages.yaml").read_bytes())
    site = (DATA / "i18n/de/site.yaml").read_text(encoding="utf-8")
    (data / "i18n/de/site.yaml").write_text(site.replace("\nui:", "\nuis:"), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        site_languages(data)
    shown = data / "i18n/de/site.yaml"
    # The line of the first string under the misspelt key, as for every translation file.
    first = site.splitlines().index("ui:") + 2
    assert [str(p) for p in caught.value.problems] == [
        f"{shown}:3: missing field 'ui'",
        f"{shown}:{first}: unknown key 'uis'",
    ]


def template_phrases() -> set[str]:
    """Each phrase the templates translate, as site.yaml keys it (on one line)."""
    found: set[str] = set()
    for template in TEMPLATES.glob("*.j2"):
        for match in _PHRASE.finditer(template.read_text(encoding="utf-8")):
            found.add(" ".join(match["text"].split()))
    return found


def test_the_german_pages_show_none_of_the_templates_english(trees) -> None:
    de = docs_of(trees, "de")
    pages = ["measures/21-2-b.md", "measures/21-2-h.md", "matrix.md", "responsibility.md"]
    pages += ["index.md", "services/cloudtrail.md", "articles/index.md", "articles/21.md"]
    pages += ["measures/index.md", "services/index.md", "reporting.md", "certifications.md"]
    pages += ["glossary.md", "downloads.md", "assessments.md", "training.md", "scope.md"]
    assert "nis2-edit" in text(de["matrix.md"])  # the edit link is there, in German
    for page in pages:
        shown = text(de[page])
        assert [p for p in ENGLISH_PHRASES if p in shown] == [], page
    assert '=== "AWS sichert ab"' in text(de["measures/21-2-b.md"])
    assert "## Eine Maßnahme nach der anderen" in text(de["matrix.md"])
    # A translated heading keeps its English anchor, which the page's own links use.
    assert "## Die Größenschwelle { #the-size-cap }" in text(de["scope.md"])
    assert "](#the-size-cap)" in text(de["scope.md"])


def test_french_labels_take_a_narrow_no_break_space_before_the_colon(trees) -> None:
    fr = docs_of(trees, "fr")
    assert "*Dernière relecture\u202f: " in text(fr["measures/21-2-b.md"])
    assert "- **Modèle de service\u202f:** " in text(fr["services/cloudtrail.md"])


def test_a_translated_phrase_keeps_its_links_and_cleans_its_markup(trees) -> None:
    de = text(docs_of(trees, "de")["measures/21-2-b.md"])
    assert "([alle Maßnahmen nebeneinander](../responsibility.md)):" in de
    assert (
        "[Art. 21: Risikomanagementmaßnahmen im Bereich der Cybersicherheit](../articles/21.md)"
        in de
    )
    from generator.render import RenderOptions

    options = RenderOptions(texts={"See [it]({link}).": "Siehe [<b onclick=x>es</b>]({link})."})
    assert options.markdown("See [it]({link}).", link="../a.md") == "Siehe [<b>es</b>](../a.md)."


def test_every_id_a_page_shows_has_a_word_for_each_of_its_values() -> None:
    """ID_LABELS names every value the model allows for the ids the templates print."""
    from typing import get_args

    from kb.model import Article, FineCeiling, RegardlessOfSize, ReportStage, TrainingModule

    fields = {
        "classification": RegardlessOfSize.model_fields["classification"],
        "fine_class": FineCeiling.model_fields["classification"],
        "audience": Article.model_fields["audience"],
        "training_audience": TrainingModule.model_fields["audience"],
        "from_event": ReportStage.model_fields["from_event"],
    }

    def values(annotation: Any) -> set[str]:
        args = get_args(annotation)
        if all(isinstance(a, str) for a in args) and args:
            return set(args)
        return set().union(*(values(a) for a in args))

    assert {kind: set(ID_LABELS[kind]) for kind in fields} == {
        kind: values(field.annotation) for kind, field in fields.items()
    }


def test_every_phrase_the_templates_translate_has_a_german_and_a_french_wording() -> None:
    phrases = template_phrases()
    assert {"What good looks like", "One measure at a time", "Last reviewed:"} <= phrases
    # Phrases made per track: t("%s track" % q.track), t("Start the %s assessment" % ...).
    per_track = {"%s track", "Start the %s assessment"}
    assert per_track <= phrases
    tracks = {phrase % track.id for phrase in per_track for track in load(DATA).tracks}
    wanted = (phrases - per_track) | tracks | {"Edit the data behind this page"}
    # The words for the data's ids, whole millions of euros, the download formats.
    wanted |= {word for labels in ID_LABELS.values() for word in labels.values()}
    wanted |= {MILLIONS, "OSCAL catalog", "OSCAL component definition", "Medium", "Large"}
    for language in site_languages(DATA)[1:]:
        assert sorted(wanted - set(language.ui)) == [], language.code
