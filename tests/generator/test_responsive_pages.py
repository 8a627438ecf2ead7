"""The site reads on every screen: matrices that scroll in their own box with a sticky header
and first column, one table per category, a compact list per measure for phones, short labels
in the menu, edit links to the data behind a page, and the theme features that go with them."""

from __future__ import annotations

import re

import pytest
from support import DATA, ROOT

from generator.render import RenderOptions, navigation, render
from generator.stage import options_from, read_config
from kb.load import load


@pytest.fixture(scope="module")
def kb():
    return load(DATA)


@pytest.fixture(scope="module")
def pages(kb) -> dict[str, str]:
    return render(kb, RenderOptions(repo_url="https://example.org/team/kb"))


def _md(text: str) -> str:
    """Text as the templates write it into Markdown (``&`` as an entity, shown as ``&``)."""
    return text.replace("&", "&amp;")


def _wide_tables(page: str) -> list[str]:
    """The Markdown of each scroll container (a table that scrolls in its own box)."""
    return re.findall(
        r'<div class="nis2-matrix[^"]*" markdown>\n\n(.*?)\n\n</div>', page, flags=re.S
    )


def test_matrix_has_one_scrollable_table_per_category(kb, pages) -> None:
    matrix = pages["matrix.md"]
    tables = _wide_tables(matrix)
    used = [c for c in kb.categories if any(s.category == c.id for s in kb.services)]
    assert len(tables) == len(used)
    for category, table in zip(used, tables, strict=True):
        assert f"## {category.title} {{ #{category.id} }}" in matrix
        header = table.splitlines()[0]
        # every measure is a column of every category's table, labelled by its letter
        assert [f"({m.letter})" for m in kb.measures] == re.findall(r"\(\w\)", header)
        members = [s for s in kb.services if s.category == category.id]
        rows = [line for line in table.splitlines()[2:] if line.startswith("|")]
        assert len(rows) == len(members)
        for service, row in zip(members, rows, strict=True):
            assert f"(services/{service.id}.md)" in row


def test_matrix_per_category_view_links_every_category(kb, pages) -> None:
    matrix = pages["matrix.md"]
    for category in kb.categories:
        if any(s.category == category.id for s in kb.services):
            assert f"(#{category.id})" in matrix


def test_matrix_has_a_compact_list_per_measure_for_narrow_screens(kb, pages) -> None:
    matrix = pages["matrix.md"]
    compact = re.search(r'<div class="nis2-compact" markdown>\n(.*?)\n</div>', matrix, re.S)
    assert compact, "no compact variant"
    text = compact.group(1)
    for measure in kb.measures:
        assert f"({measure.letter}) {_md(measure.short_title)}" in text
    cloudtrail = next(s for s in kb.services if s.id == "cloudtrail")
    block_b = text.split("(b) ")[1].split("\n**(")[0]
    assert cloudtrail.name in block_b


def test_responsibility_matrix_scrolls_and_has_a_compact_variant(kb, pages) -> None:
    page = pages["responsibility.md"]
    assert len(_wide_tables(page)) == 2
    compact = re.findall(r'<div class="nis2-compact" markdown>\n(.*?)\n</div>', page, re.S)
    assert compact
    for measure in kb.measures:
        assert f"({measure.letter}) {_md(measure.short_title)}" in compact[0]
    assert "AWS secures" in compact[0] and "You must" in compact[0]


def test_stylesheet_makes_header_and_first_column_sticky() -> None:
    css = (ROOT / "content" / "stylesheets" / "responsive.css").read_text()
    assert re.search(r"\.nis2-matrix\s*\{[^}]*overflow:\s*auto", css)
    assert re.search(r"\.nis2-matrix thead th\s*\{[^}]*position:\s*sticky[^}]*top:\s*0", css)
    assert re.search(
        r"\.nis2-matrix :is\(td, th\):first-child\s*\{[^}]*position:\s*sticky[^}]*left:\s*0", css
    )
    # the compact variant shows on narrow screens only
    assert re.search(r"(?m)^\.nis2-compact\s*\{\s*display:\s*none", css)
    assert re.search(r"@media[^{]*max-width[^{]*\{\s*\.nis2-compact\s*\{\s*display:\s*block", css)


def test_menu_uses_short_labels_and_pages_keep_the_legal_title(kb, pages) -> None:
    measures = next(entry["Measures"] for entry in navigation(kb) if "Measures" in entry)
    labels = {path: label for item in measures[1:] for label, path in item.items()}
    for measure in kb.measures:
        assert labels[f"measures/{measure.id}.md"] == f"({measure.letter}) {measure.short_title}"
        assert f"# ({measure.letter}) {measure.title}\n" in pages[f"measures/{measure.id}.md"]


def test_generated_pages_link_to_their_data_file(pages) -> None:
    edit = "https://example.org/team/kb/edit/main/data/"
    assert f"({edit}measures.yaml)" in pages["measures/21-2-b.md"]
    assert f"({edit}services.yaml)" in pages["services/cloudtrail.md"]
    assert f"({edit}articles.yaml)" in pages["articles/23.md"]
    assert f"({edit}scope.yaml)" in pages["scope.md"]
    assert f"({edit}measures.yaml)" in pages["matrix.md"]


def test_options_take_the_repository_from_the_config() -> None:
    options = options_from({"repo_url": "https://example.org/team/kb/"})
    assert options.repo_url == "https://example.org/team/kb"


def test_theme_has_the_reading_features_a_logo_and_a_home_menu() -> None:
    config = read_config(ROOT / "mkdocs.yml", environ={})
    features = set(config["theme"]["features"])
    assert {
        "navigation.instant",
        "navigation.instant.progress",
        "navigation.path",
        "navigation.tracking",
        "search.share",
    } <= features
    for key in ("logo", "favicon"):
        asset = ROOT / "content" / config["theme"][key]
        assert asset.suffix == ".svg" and "<svg" in asset.read_text()
    assert "stylesheets/responsive.css" in config["extra_css"]
    assert "repo_url" in config  # NIS2_REPO_URL: unset, no edit links (tested above)
    home = (ROOT / "content" / "index.md").read_text().split("---")[1]
    assert "navigation" not in home
