"""The real data: complete, cross-linked and cited."""

from __future__ import annotations

import pytest
from support import DATA

from kb.load import load
from kb.model import KnowledgeBase


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load(DATA)


def test_all_ten_measures_with_services_and_a_full_split(kb: KnowledgeBase) -> None:
    assert [m.id for m in kb.measures] == [f"21-2-{letter}" for letter in "abcdefghij"]
    for m in kb.measures:
        assert m.services, m.id
        split = m.responsibility
        assert split.aws and split.customer and split.shared, m.id
        assert all(
            text.strip()
            for text in (
                split.by_model.infrastructure,
                split.by_model.container,
                split.by_model.abstracted,
            )
        ), m.id


def test_every_service_is_reached_from_a_measure(kb: KnowledgeBase) -> None:
    orphans = [s.id for s in kb.services if not kb.measures_using(s.id)]
    assert orphans == []


def test_whitepaper_services_are_all_there(kb: KnowledgeBase) -> None:
    ids = {s.id for s in kb.services}
    assert len(ids) >= 45
    assert {
        "iam",
        "cloudtrail",
        "config",
        "config-conformance-packs",
        "security-hub",
        "asff",
        "guardduty",
        "detective",
        "vpc-flow-logs",
        "aws-cirt",
        "artifact",
        "audit-manager",
        "health-dashboard",
        "kms",
        "kms-external-key-store",
        "cloudhsm",
        "secrets-manager",
        "acm",
        "private-ca",
        "cognito",
        "backup",
        "s3",
        "ebs",
        "direct-connect",
        "direct-connect-macsec",
        "nitro",
        "wickr",
        "chime",
        "well-architected",
        "cloud-adoption-framework",
    } <= ids


def test_every_mapping_cites_a_source(kb: KnowledgeBase) -> None:
    for m in kb.measures:
        assert m.sources
        for use in m.services:
            assert str(use.source).startswith("https://"), (m.id, use.service)


def test_articles_the_issue_names(kb: KnowledgeBase) -> None:
    assert {2, 3, 20, 21, 23, 24, 25, 26, 27, 32, 33, 34} <= {a.number for a in kb.articles}


def test_reporting_clock_figures(kb: KnowledgeBase) -> None:
    stages = {s.id: s for s in kb.reporting.stages}
    assert stages["early-warning"].hours == 24
    assert stages["incident-notification"].hours == 72
    assert stages["incident-notification"].trust_service_hours == 24
    assert stages["final-report"].months == 1
    assert stages["final-report"].from_event == "notification"


def test_size_cap_follows_the_directive(kb: KnowledgeBase) -> None:
    cap = kb.scope.size_cap
    assert (cap.medium.employees, cap.medium.turnover_eur, cap.medium.balance_sheet_eur) == (
        50,
        10_000_000,
        10_000_000,
    )
    assert (cap.large.employees, cap.large.turnover_eur, cap.large.balance_sheet_eur) == (
        250,
        50_000_000,
        43_000_000,
    )
    assert {s.annex for s in kb.scope.sectors} == {"I", "II"}


def test_certifications_the_whitepaper_names(kb: KnowledgeBase) -> None:
    names = " ".join(c.name for c in kb.certifications)
    for name in ("27001", "22301", "20000", "27017", "SOC 2", "C5", "ENS", "HDS", "Pinakes"):
        assert name in names, name
