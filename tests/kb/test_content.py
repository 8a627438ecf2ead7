"""The content review of issue 17: what the real data and its pages must say, or must not."""

from __future__ import annotations

import re

import pytest
from support import DATA, ROOT

from generator.render import render
from kb.load import load
from kb.model import KnowledgeBase

HOME = (ROOT / "content" / "index.md").read_text(encoding="utf-8")

REGULATION_2690_TYPES = (
    "DNS service providers",
    "TLD name registries",
    "cloud computing",
    "data centre",
    "content delivery network",
    "managed service providers",
    "managed security service providers",
    "online marketplaces",
    "online search engines",
    "social networking",
    "trust service providers",
)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load(DATA)


@pytest.fixture(scope="module")
def pages(kb: KnowledgeBase) -> dict[str, str]:
    return render(kb)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def test_1_home_fine_ceilings_say_whichever_is_higher() -> None:
    home = _one_line(HOME)
    assert "€10 million or 2 % of worldwide annual turnover, whichever is higher" in home
    assert "€7 million or 1.4 %, whichever is higher" in home


def test_2_dora_takes_precedence_on_the_certifications_and_articles_pages(kb, pages) -> None:
    certifications = _one_line(pages["certifications.md"])
    assert "not only NIS 2" not in certifications
    assert "instead of Art. 21 and 23 of NIS 2" in certifications
    assert "Art. 4 gives precedence to (recital 28 calls it lex specialis)" in certifications
    art4 = _one_line(pages["articles/4.md"])
    assert "# Art. 4: Sector-specific Union legal acts" in art4
    assert "follow DORA instead of Art. 21 and Art. 23" in art4
    assert "Art. 2(10)" in art4
    art2 = _one_line(kb.article(2).model_dump_json())
    assert "sector-specific Union acts with equivalent requirements, data" not in art2
    assert "is not here but in Art. 4" in art2
    assert "[Art. 4](4.md)" in pages["articles/index.md"]


def test_3_regulation_2690_is_described_by_its_eleven_types(kb) -> None:
    texts = [a.model_dump_json() for a in kb.articles]
    assert not any("digital-infrastructure and digital" in t for t in texts)
    for number, paragraph in ((21, "21(5)"), (23, "23(3)")):
        body = _one_line(next(p.body for p in kb.article(number).paragraphs if p.ref == paragraph))
        for entity_type in REGULATION_2690_TYPES:
            assert entity_type in body, (number, entity_type)
        assert "internet exchange point providers" in body, number
        assert "public electronic communications" in body, number


def test_4_measure_titles_do_not_pass_for_the_legal_wording(kb, pages) -> None:
    """The old data claimed its titles were the Directive's wording when (f), (h) and (j) were
    not; titles are now short forms, said to be, and every measure page links to the law."""
    titles = {m.letter: m.title for m in kb.measures}
    assert "cybersecurity" not in titles["f"] or "effective" in titles["f"]
    assert titles["h"].startswith("Policies and procedures on cryptography")
    assert "authentication" in titles["j"] and "communications" in titles["j"]
    header = (DATA / "measures.yaml").read_text(encoding="utf-8").split("measures:")[0]
    assert "Titles follow the Directive's wording" not in header
    assert "short forms" in header
    for m in kb.measures:
        page = pages[f"measures/{m.id}.md"]
        assert "the title above\nis a short form" in page
        assert "(https://eur-lex.europa.eu/eli/dir/2022/2555/oj)" in page


def test_5_decision_guide_covers_domain_name_registration(pages) -> None:
    guide = _one_line(pages["scope.md"].split("## Decision guide")[1].split("## The size cap")[0])
    assert "domain name registration services are covered whatever their size (Art. 2(4))" in guide


def test_6_aws_names_are_current(kb, pages) -> None:
    assert kb.service("security-hub").name == "AWS Security Hub CSPM"
    assert "AWS Security Hub CSPM" in kb.service("asff").description
    assert "unified service" in kb.service("security-hub").details
    chime = kb.service("chime")
    assert "20 February 2026" in chime.details and "announced" not in chime.details
    leo = kb.service("project-kuiper")
    assert leo.name == "Amazon Leo (formerly Project Kuiper)"
    assert "Project Kuiper" in leo.aliases
    page = pages["measures/21-2-j.md"]
    assert "[Amazon Leo (formerly Project Kuiper)](../services/project-kuiper.md)" in page


MODEL_SENTENCES = (
    "You run everything from the guest operating system up",
    "AWS runs the service end to end",
    "AWS runs the platform, its operating system and its patching",
    "This is guidance, training, a team or a document from AWS",
)


@pytest.mark.parametrize(
    "service_id",
    ["vpc", "direct-connect", "direct-connect-macsec", "amis", "ebs"]
    + ["signature-version-4", "asff", "arn", "nitro", "s2n", "global-infrastructure"],
)
def test_7_service_pages_print_a_sentence_that_fits_the_entry(pages, service_id) -> None:
    who = _one_line(pages[f"services/{service_id}.md"].split("## Who does what")[1])
    for sentence in MODEL_SENTENCES:
        assert sentence not in who, (service_id, sentence)


def test_7_the_sentence_comes_from_the_entry(kb, pages) -> None:
    for service in kb.services:
        assert _one_line(service.responsibility) in _one_line(pages[f"services/{service.id}.md"])
    assert "not a service" in kb.service("s2n").responsibility
    assert "you build it into your own software" in kb.service("s2n").responsibility


def test_8_measure_a_treats_the_dependency_on_aws_as_a_risk(kb) -> None:
    measure = kb.measure("21-2-a")
    text = measure.model_dump_json()
    assert "only what is really left to the customer" not in text
    use = next(u for u in measure.services if u.service == "shared-responsibility-model")
    assert "Art. 21(3) the dependency on AWS as a supplier is itself a risk" in use.how


def test_9_smaller_corrections(kb, pages) -> None:
    backup = next(u for u in kb.measure("21-2-c").services if u.service == "backup")
    assert "provide the backup management part" not in backup.how
    assert "testing restores" in backup.how
    dpa = next(u for u in kb.measure("21-2-d").services if u.service == "aws-dpa")
    assert "sub-processors" not in str(dpa.source)
    stores = kb.service("kms-custom-key-store")
    assert "external key store" in stores.details and "different feature" in stores.details
    cloudhsm = kb.service("cloudhsm")
    assert "AWS provisions, patches, backs up and scales" not in cloudhsm.details
    assert "add HSMs to the cluster" in cloudhsm.responsibility
    patching = _one_line(kb.measure("21-2-e").responsibility.by_model.container)
    assert "minor engine versions" in patching and "managed platform updates" in patching
    cirt = kb.service("aws-cirt")
    assert "AWS Support" in cirt.details and "AWS Security Incident Response" in cirt.details
    size_cap = pages["scope.md"].split("## The size cap")[1].split("## In scope")[0]
    assert re.search(
        r"\| Medium \| 50 or more, \*\*or\*\* \| over €10,000,000 \| \*\*and\*\*", size_cap
    )
    assert re.search(
        r"\| Large \| 250 or more, \*\*or\*\* \| over €50,000,000 \| \*\*and\*\*", size_cap
    )


def test_10_the_directive_dates_and_2690_are_on_the_home_page(kb) -> None:
    for day, event in (
        ("14 December 2022", "adopted"),
        ("27 December 2022", "Official Journal"),
        ("16 January 2023", "enters into force"),
        ("17 October 2024", "transposing law"),
        ("18 October 2024", "apply their national law"),
        ("17 October 2024", "2024/2690 adopted"),
        ("7 November 2024", "2024/2690 enters into force"),
    ):
        assert re.search(rf"\| {day} \|[^\n]*{re.escape(event)}", HOME), (day, event)
    art21 = _one_line(next(p.body for p in kb.article(21).paragraphs if p.ref == "21(5)"))
    assert "adopted on 17 October 2024" in art21 and "in force since 7 November 2024" in art21


def test_10_missing_articles_are_there_as_pages(kb, pages) -> None:
    for number in (4, 29, 30, 36):
        assert f"articles/{number}.md" in pages
        assert f"[Art. {number}]({number}.md)" in pages["articles/index.md"]
    art3 = _one_line(next(p.body for p in kb.article(3).paragraphs if p.ref == "3(4)"))
    assert "**two weeks** after the change" in art3
    assert "near misses" in pages["articles/30.md"]
    near_miss = next(t for t in kb.glossary if t.term == "near miss")
    assert "Art. 30" in near_miss.definition
    assert "17 January 2025" in pages["articles/36.md"]


def test_10_aws_own_position_under_nis_2() -> None:
    section = _one_line(HOME.split("## AWS under NIS 2")[1].split("\n## ")[0])
    assert "cloud computing services" in section and "Annex I" in section
    assert "Art. 26(1)(b)" in section and "2024/2690" in section
