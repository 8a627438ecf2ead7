"""Rendering is pure and stable: golden pages for the minimal data set."""

from __future__ import annotations

import os

import pytest
from support import GOLDEN, MINIMAL

from generator.render import (
    NAV_SERVICES_PER_CATEGORY,
    RenderOptions,
    abbreviation_glossary,
    category_page,
    linker,
    navigation,
    render,
)
from kb.load import load

GOLDEN_DIR = GOLDEN / "minimal"


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return render(load(MINIMAL))


def test_pages_have_the_stable_paths_the_app_links_to(pages) -> None:
    assert {"articles/23.md", "measures/21-2-b.md", "services/cloudtrail.md"} <= set(pages)
    assert {"scope.md", "reporting.md", "matrix.md", "responsibility.md", "glossary.md"} <= set(
        pages
    )


def test_golden_pages(pages) -> None:
    if os.environ.get("UPDATE_GOLDEN"):
        for path, text in pages.items():
            target = GOLDEN_DIR / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    expected = {
        str(p.relative_to(GOLDEN_DIR)): p.read_text(encoding="utf-8")
        for p in GOLDEN_DIR.rglob("*.md")
    }
    assert sorted(pages) == sorted(expected)
    for path, text in pages.items():
        assert text == expected[path], f"{path} differs from its golden copy (UPDATE_GOLDEN=1)"


def test_measure_page_shows_split_services_and_questions(pages) -> None:
    page = pages["measures/21-2-b.md"]
    assert '=== "AWS secures"' in page and '=== "You must"' in page and '=== "Shared"' in page
    assert "[AWS CloudTrail](../services/cloudtrail.md)" in page
    assert "Is there a practised incident-handling process?" in page
    assert "http://127.0.0.1:8501/assessment?track=management&measure=21-2-b" in page


def test_service_page_links_back_to_every_measure(pages) -> None:
    page = pages["services/cloudtrail.md"]
    assert "[Art. 21(2)(b) Incident handling](../measures/21-2-b.md)" in page
    assert "[Early warning](../reporting.md#early-warning)" in page


def test_app_url_is_configurable() -> None:
    pages = render(load(MINIMAL), RenderOptions(app_url="https://app.example.org/"))
    assert "https://app.example.org/assessment?track=management" in pages["assessments.md"]


def test_rendering_is_deterministic() -> None:
    kb = load(MINIMAL)
    assert render(kb) == render(kb)


def test_links_are_relative_to_the_page() -> None:
    assert linker("measures/21-2-b.md")("services/cloudtrail") == "../services/cloudtrail.md"
    assert linker("index.md")("measures") == "measures/index.md"
    assert (
        linker("services/index.md")("reporting", "early-warning") == "../reporting.md#early-warning"
    )


def test_abbreviations_cover_only_acronyms() -> None:
    glossary = abbreviation_glossary(load(MINIMAL))
    assert glossary["MFA"] == "Multi-factor authentication."
    assert not any("cyber hygiene" in term.lower() for term in glossary)


def test_navigation_lists_every_generated_page() -> None:
    kb = load(MINIMAL)
    listed: set[str] = set()

    def walk(items) -> None:
        for item in items:
            if isinstance(item, str):
                listed.add(item)
            else:
                for value in item.values():
                    walk(value) if isinstance(value, list) else listed.add(value)

    walk(navigation(kb))
    assert set(render(kb)) <= listed


def _with_services_in_one_category(count: int):
    """The minimal data with ``count`` services in the first service's category."""
    kb = load(MINIMAL)
    first = kb.services[0]
    extra = [
        first.model_copy(update={"id": f"{first.id}-copy-{n}", "name": f"{first.name} {n}"})
        for n in range(count - sum(s.category == first.category for s in kb.services))
    ]
    return kb.model_copy(update={"services": [*kb.services, *extra]}), first.category


def test_a_category_too_long_for_the_navigation_gets_a_page_that_lists_its_services() -> None:
    kb, category = _with_services_in_one_category(NAV_SERVICES_PER_CATEGORY + 1)
    pages = render(kb)
    page = pages[category_page(category)]
    members = [s for s in kb.services if s.category == category]
    for s in members:
        assert f"]({'../' + s.id + '.md'})" in page, s.id
    nav = str(navigation(kb))
    assert category_page(category) in nav
    assert not any(f"services/{s.id}.md" in nav for s in members)
    short, category = _with_services_in_one_category(NAV_SERVICES_PER_CATEGORY)
    assert category_page(category) not in render(short)
    assert all(f"services/{s.id}.md" in str(navigation(short)) for s in short.services)


LEGITIMATE_MARKDOWN = """Use **MFA** and *least privilege*; see [the guide](https://example.org/a_(b)?x=1).

- one
- two with `code <b>` and <https://example.org/?a=1&b=2>

| a | b |
|---|---|
| 1 | 2 |

```
fenced <script> stays code
```

> quoted
"""


def test_legitimate_markdown_in_data_renders_the_same() -> None:
    import markdown

    from generator.safe import markdown as sanitised

    assert sanitised(LEGITIMATE_MARKDOWN) == LEGITIMATE_MARKDOWN
    text = "Costs & risks: a < b, R&D, x > y."
    assert markdown.markdown(sanitised(text)) == markdown.markdown(text)
